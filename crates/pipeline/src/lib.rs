//! One document to records: the pipeline every front end shares.
//!
//! [`process`] sniffs the input kind from the bytes ([`sniff`]), reads it
//! with that kind's reader ([`readers::READERS`]: bytes to the table
//! stage's rows), maps the rows to records with the form templates
//! (`jixiao_map`), and hands the notes the readers and the table stage made
//! to the records' warnings. Errors are [`DocError`]s with a stable
//! [`ErrorKind`]; a panic anywhere becomes the document's error.
//!
//! ```
//! let text = "## 财政项目支出绩效目标申报表\n项目名称\t测试项目\n一级指标\t二级指标\t三级指标\t指标目标值\n产出指标\t数量指标\t培训场次\t=6场\n";
//! let done = jixiao_pipeline::process("form.txt", text.as_bytes());
//! let records = done.result.unwrap();
//! assert_eq!(records[0].indicators[0].level3, "培训场次");
//! ```

#![warn(missing_docs)]

mod error;
mod kind;
mod ocr;
mod options;
pub mod readers;

pub use error::{DocError, ErrorKind, ALL_KINDS as ALL_ERROR_KINDS};
pub use kind::{sniff, InputKind, ALL_KINDS as ALL_INPUT_KINDS};
pub use ocr::on_page_recognised;
pub use options::{OcrMode, Options};
pub use readers::{is_readable_name, readable_endings};

use jixiao_map::{map_document, Record, SourceInfo};
use jixiao_table::Note;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What became of one document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Processed {
    /// Pages of a paged document (PDF), when it could be opened.
    pub pages: Option<usize>,
    /// Its records, one per form, or why there are none.
    pub result: Result<Vec<Record>, DocError>,
}

/// Hex SHA-256 of the bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// Turns one document into its records, with the default [`Options`].
///
/// `path` is only used for the records' `source.path`. A panic anywhere in
/// the pipeline is caught and reported as this document's error.
pub fn process(path: &str, bytes: &[u8]) -> Processed {
    process_with(path, bytes, &Options::default())
}

/// The rows a document's reader gives the mapper, without mapping them
/// (for `jixiao inspect`: what was there when no form was found).
pub fn read_document(bytes: &[u8], options: &Options) -> Result<jixiao_table::Document, DocError> {
    catch_unwind(AssertUnwindSafe(|| {
        readers::reader(sniff(bytes))?(bytes, options).map(|read| read.doc)
    }))
    .unwrap_or_else(|_| {
        Err(DocError::new(
            ErrorKind::Internal,
            "internal error while reading this file; please report it with the file",
        ))
    })
}

/// [`process`] with options (when to recognise page images).
pub fn process_with(path: &str, bytes: &[u8], options: &Options) -> Processed {
    let mut pages = None;
    let result = catch_unwind(AssertUnwindSafe(|| {
        read_and_map(path, bytes, options, &mut pages)
    }))
    .unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        Err(DocError::new(
            ErrorKind::Internal,
            format!(
                "internal error while reading this file ({what}); please report it with the file"
            ),
        ))
    });
    Processed { pages, result }
}

fn read_and_map(
    path: &str,
    bytes: &[u8],
    options: &Options,
    pages: &mut Option<usize>,
) -> Result<Vec<Record>, DocError> {
    if bytes.is_empty() {
        return Err(DocError::new(ErrorKind::Empty, "the file is empty"));
    }
    let kind = sniff(bytes);
    let read = readers::reader(kind)?(bytes, options)?;
    *pages = read.pages;
    let scans = &read.scanned_pages;
    let first_scan = scans.first().copied();
    if read.doc.rows.is_empty() && !scans.is_empty() {
        return Err(DocError::new(
            ErrorKind::NeedsOcr,
            format!(
                "{} scanned page(s) without a text layer; run OCR first (e.g. `ocrmypdf -l chi_sim in.pdf out.pdf`)",
                scans.len()
            ),
        )
        .on_page(first_scan));
    }
    let source = SourceInfo {
        path: path.to_owned(),
        sha256: sha256_hex(bytes),
    };
    let image_input = matches!(kind, InputKind::Png | InputKind::Jpeg | InputKind::Tiff);
    let mut records = map_document(&read.doc, &source).map_err(|e| {
        if read.doc.rows.is_empty() && (image_input || !read.ocr_pages.is_empty()) {
            // Recognised, and nothing came out: a failed reading, not a
            // document known to hold no form.
            let dpi = read.ocr_pages.first().map_or(String::new(), |p| format!(" ({:.0} dpi)", p.dpi));
            DocError::new(
                ErrorKind::NeedsOcr,
                format!(
                    "no text was recognised in the page image{dpi}; scan it again at 200–300 dpi, or read it with another OCR and pass its output"
                ),
            )
        } else if scans.is_empty() {
            DocError::new(ErrorKind::NoForm, e.to_string())
        } else {
            DocError::new(
                ErrorKind::NeedsOcr,
                format!(
                    "{e}; {} page(s) are scans without a text layer and need OCR",
                    scans.len()
                ),
            )
            .on_page(first_scan)
        }
    })?;
    for record in &mut records {
        add_notes(record, &read.doc.notes);
        describe_method(record, kind, &read.ocr_pages, &read.doc.ruled_pages);
        if let Some(method) = read.method {
            record.source.method = method.to_owned();
        }
        // Again: the notes and the recognition confidence count too.
        record.quality = jixiao_map::assess(record);
    }
    Ok(records)
}

/// `source.method` and `source.ocr`: how the form's pages were read.
fn describe_method(
    record: &mut Record,
    kind: InputKind,
    ocr_pages: &[readers::OcrPage],
    ruled_pages: &[usize],
) {
    let in_form: Vec<&readers::OcrPage> = ocr_pages
        .iter()
        .filter(|p| match record.source.pages {
            Some([first, last]) => (first..=last).contains(&p.number),
            None => true,
        })
        .collect();
    let form_pages = record.source.pages.map_or(1, |[a, b]| b + 1 - a.min(b));
    let ruled = ruled_pages.iter().any(|p| match record.source.pages {
        Some([first, last]) => (first..=last).contains(p),
        None => true,
    });
    record.source.method = match (kind, in_form.len()) {
        (InputKind::Text, _) => "text",
        (_, 0) if ruled => "pdf_lattice",
        (_, 0) => "pdf_borderless",
        (_, n) if n >= form_pages => "ocr",
        _ => "pdf+ocr",
    }
    .to_owned();
    if !in_form.is_empty() {
        let chars: f32 = in_form.iter().map(|p| p.mean_confidence).sum();
        record.source.ocr = Some(jixiao_map::OcrInfo {
            engine: jixiao_ocr::models::ENGINE.to_owned(),
            model: jixiao_ocr::models::RECOGNIZER_NAME.to_owned(),
            pages: in_form.iter().map(|p| p.number).collect(),
            dpi: in_form.iter().map(|p| p.dpi).collect(),
            mean_confidence: chars / in_form.len() as f32,
        });
    }
}

/// The notes about the record's pages (all notes when the record has no
/// pages), as warnings after the mapper's.
fn add_notes(record: &mut Record, notes: &[Note]) {
    for note in notes {
        let concerns = match (note.page, record.source.pages) {
            (Some(page), Some([first, last])) => (first..=last).contains(&page),
            _ => true,
        };
        if !concerns {
            continue;
        }
        let warning = note.to_string();
        if !record.warnings.contains(&warning) {
            record.warnings.push(warning);
        }
    }
}
