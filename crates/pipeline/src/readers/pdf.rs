//! PDFs: positioned glyphs and rulings, then lattice or stream tables; pages
//! that are scans recognised from their images.

use super::{OcrPage, Read};
use crate::{ocr, DocError, ErrorKind, OcrMode, Options};
use jixiao_extract::pdf::{
    read_pdf_document, render_pages, PageDiagnostics, PdfDocument, PdfError,
};
use jixiao_page::Page;
use jixiao_table::Note;

/// Scans are recognised at their own resolution, but not finer than this
/// (more pixels read no better and cost more)…
const MAX_OCR_DPI: f32 = 300.0;
/// …and a page image of unknown resolution at this.
const DEFAULT_OCR_DPI: f32 = 200.0;
/// Rendering a page decodes its image whole: one declaring more pixels
/// than this (a 600-dpi A3 scan has 70 million; a decompression bomb
/// declares billions) is refused before it takes the memory.
const MAX_IMAGE_PIXELS: u64 = 100_000_000;

pub(super) fn read(bytes: &[u8], options: &Options) -> Result<Read, DocError> {
    let mut pdf = read_pdf_document(bytes).map_err(|e| match e {
        PdfError::Internal { page, message } => DocError::new(
            ErrorKind::Damaged,
            format!("the PDF library failed ({message}); the file may be damaged"),
        )
        .on_page(page),
        PdfError::Encrypted => DocError::new(ErrorKind::Encrypted, e.to_string()),
        PdfError::Malformed(_) => DocError::new(ErrorKind::Damaged, e.to_string()),
    })?;
    let to_read: Vec<(usize, f32)> = pdf
        .pages
        .iter()
        .zip(&pdf.diagnostics)
        .filter(|(page, diag)| needs_ocr(page, diag, options.ocr))
        .map(|(page, diag)| {
            let dpi = diag.image_dpi.unwrap_or(DEFAULT_OCR_DPI).min(MAX_OCR_DPI);
            (page.number, dpi)
        })
        .collect();
    let mut notes: Vec<Note> = pdf.diagnostics.iter().flat_map(diagnostic_notes).collect();
    let (ocr_pages, failures) = recognise_pages(bytes, &mut pdf, &to_read, &mut notes);
    let has_text = pdf.pages.iter().any(|p| !p.glyphs.is_empty());
    if let (Some(first), false) = (failures.into_iter().next(), has_text) {
        // Nothing else to read: the page's own error says most.
        return Err(first);
    }
    let recognised: Vec<usize> = ocr_pages.iter().map(|p: &OcrPage| p.number).collect();
    let scanned_pages = pdf
        .pages
        .iter()
        .filter(|p| p.glyphs.is_empty() && p.has_large_image && !recognised.contains(&p.number))
        .map(|p| p.number)
        .collect();
    let mut doc = jixiao_table::from_pages(&pdf.pages, jixiao_map::vocab::layout_words());
    doc.notes.extend(notes);
    Ok(Read {
        doc,
        pages: Some(pdf.pages.len()),
        scanned_pages,
        ocr_pages,
        method: None,
    })
}

/// Renders and recognises the pages `to_read` (page number, dpi), putting
/// each recognised page in place of the PDF's. A page that cannot be
/// rendered or recognised stays as it was, with a note; its error is
/// returned too, for a document that has nothing else.
fn recognise_pages(
    bytes: &[u8],
    pdf: &mut PdfDocument,
    to_read: &[(usize, f32)],
    notes: &mut Vec<Note>,
) -> (Vec<OcrPage>, Vec<DocError>) {
    let mut failures = Vec::new();
    let mut renderable = Vec::new();
    for &(number, dpi) in to_read {
        let pixels = number
            .checked_sub(1)
            .and_then(|i| pdf.diagnostics.get(i))
            .map_or(0, |d| d.image_pixels);
        if pixels > MAX_IMAGE_PIXELS {
            failures.push(
                DocError::new(
                    ErrorKind::Refused,
                    format!(
                        "its image declares {} million pixels, more than the limit of {} million; \
                         re-scan the page at 300 dpi or less",
                        pixels / 1_000_000,
                        MAX_IMAGE_PIXELS / 1_000_000
                    ),
                )
                .on_page(Some(number)),
            );
        } else {
            renderable.push((number, dpi));
        }
    }
    let mut ocr_pages = Vec::new();
    for (&(number, _), rendered) in renderable.iter().zip(render_pages(bytes, &renderable)) {
        let scanned = rendered
            .map_err(|e| {
                DocError::new(
                    ErrorKind::Damaged,
                    format!("the scanned page cannot be rendered: {e}"),
                )
                .on_page(Some(number))
            })
            .and_then(|raster| ocr::recognise(&raster, number));
        let scanned = match scanned {
            Ok(scanned) => scanned,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        ocr_pages.push(OcrPage {
            number,
            dpi: scanned.dpi,
            mean_confidence: scanned.mean_confidence,
        });
        notes.extend(ocr::page_notes(&scanned));
        if let Some(page) = number.checked_sub(1).and_then(|i| pdf.pages.get_mut(i)) {
            *page = scanned.page;
        }
    }
    notes.extend(failures.iter().map(|e| Note {
        page: e.page,
        message: format!("not read from its image: {}", e.message),
    }));
    (ocr_pages, failures)
}

/// Whether a page is read from its image: in `auto`, a page image without
/// text, or under only invisible text (a searchable scan's OCR layer is
/// read again rather than trusted); in `always`, any page image.
fn needs_ocr(page: &Page, diag: &PageDiagnostics, mode: OcrMode) -> bool {
    if !page.has_large_image {
        return false;
    }
    match mode {
        OcrMode::Never => false,
        OcrMode::Always => true,
        OcrMode::Auto => page.glyphs.len() == diag.invisible_glyphs,
    }
}

/// What the PDF reader lost on a page, for the records' warnings. (Fake-bold
/// copies and glyphs outside the page are dropped as a viewer does: no
/// text is lost.)
fn diagnostic_notes(d: &PageDiagnostics) -> Vec<Note> {
    let note = |message: String| Note {
        page: Some(d.number),
        message,
    };
    let mut out = Vec::new();
    if let Some(failure) = &d.failure {
        out.push(note(format!(
            "the PDF library failed on this page ({failure}); its text is missing"
        )));
    }
    if d.font_failures > 0 {
        out.push(note(format!(
            "{} font(s) could not be loaded; their text is missing",
            d.font_failures
        )));
    }
    if d.unmapped_glyphs > 0 {
        out.push(note(format!(
            "{} character(s) have no Unicode mapping in their font and were left out",
            d.unmapped_glyphs
        )));
    }
    out
}
