//! Image files (PNG, JPEG, TIFF of one page or many): every page
//! recognised.

use super::{OcrPage, Read};
use crate::{ocr, DocError, ErrorKind, OcrMode, Options};
use jixiao_ocr::{decode_pages, DecodeLimits, OcrError};

pub(super) fn read(bytes: &[u8], options: &Options) -> Result<Read, DocError> {
    if options.ocr == OcrMode::Never {
        return Err(DocError::new(
            ErrorKind::NeedsOcr,
            "an image: with --ocr never, images are not recognised",
        ));
    }
    let as_error = |e: OcrError| {
        let kind = match e {
            OcrError::Refused(_) => ErrorKind::Refused,
            _ => ErrorKind::Damaged,
        };
        DocError::new(kind, e.to_string())
    };
    let rasters = decode_pages(bytes, &DecodeLimits::default()).map_err(as_error)?;
    let mut pages = Vec::new();
    let mut ocr_pages = Vec::new();
    let mut notes = Vec::new();
    let mut failures: Vec<DocError> = Vec::new();
    for (i, raster) in rasters.enumerate() {
        // A page that cannot be decoded ends the file (a TIFF's later
        // pages hang off the damaged one); the pages before it are kept.
        let raster = match raster {
            Ok(raster) => raster,
            Err(e) if pages.is_empty() && failures.is_empty() => {
                return Err(as_error(e).on_page(Some(i + 1)))
            }
            Err(e) => {
                notes.push(jixiao_table::Note {
                    page: Some(i + 1),
                    message: format!("{e}; this page and any after it are not read"),
                });
                break;
            }
        };
        // A page that fails to be recognised is a note, as in a PDF: the
        // pages read before it, and those after, are not lost.
        let scanned = match ocr::recognise(&raster, i + 1) {
            Ok(scanned) => scanned,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        ocr_pages.push(OcrPage {
            number: i + 1,
            dpi: scanned.dpi,
            mean_confidence: scanned.mean_confidence,
        });
        notes.extend(ocr::page_notes(&scanned));
        pages.push(scanned.page);
    }
    let mut failures = failures.into_iter();
    if pages.is_empty() {
        if let Some(first) = failures.next() {
            return Err(first);
        }
    }
    notes.extend(failures.map(|e| jixiao_table::Note {
        page: e.page,
        message: format!("not read from its image: {}", e.message),
    }));
    let mut doc = jixiao_table::from_pages(&pages, jixiao_map::vocab::layout_words());
    doc.notes.extend(notes);
    Ok(Read {
        doc,
        pages: Some(pages.len()),
        scanned_pages: Vec::new(),
        ocr_pages,
        method: None,
    })
}
