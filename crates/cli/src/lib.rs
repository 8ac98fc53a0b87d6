//! The pipeline for one document: sniff, extract, build rows, map.
//!
//! The `jixiao` binary is a thin shell around [`process`]; tests and
//! benchmarks call it directly.

/// mimalloc instead of the system allocator: the pipeline makes many small,
/// short-lived strings (one per cell), and glibc's malloc spent a third of
/// the text path's time allocating and consolidating them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use jixiao_extract::{pdf, sniff, text, InputKind};
use jixiao_map::{map_document, Record, SourceInfo};
use sha2::{Digest, Sha256};
use std::fmt;

pub mod batch;
pub mod inputs;
pub mod worker;

/// Why a document produced no record. Its `Display` is one line for the
/// user: what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocError {
    /// 1-based page the problem is on, when known.
    pub page: Option<usize>,
    pub message: String,
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.page {
            Some(page) => write!(f, "page {page}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl DocError {
    /// An error not tied to a page.
    pub fn new(message: impl Into<String>) -> Self {
        DocError {
            page: None,
            message: message.into(),
        }
    }
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

/// Turns one document into its records.
///
/// `path` is only used for the records' `source.path`. A panic anywhere in
/// the pipeline is caught and reported as this document's error.
pub fn process(path: &str, bytes: &[u8]) -> Result<Vec<Record>, DocError> {
    process_counted(path, bytes).1
}

/// [`process`], also returning the document's number of PDF pages (`None`
/// for text, or when the PDF could not be opened).
pub fn process_counted(path: &str, bytes: &[u8]) -> (Option<usize>, Result<Vec<Record>, DocError>) {
    let mut pages = None;
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        process_inner(path, bytes, &mut pages)
    }));
    let result = match result {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(DocError::new(format!(
                "internal error while reading this file ({what}); please report it with the file"
            )))
        }
    };
    (pages, result)
}

fn process_inner(
    path: &str,
    bytes: &[u8],
    page_count: &mut Option<usize>,
) -> Result<Vec<Record>, DocError> {
    if bytes.is_empty() {
        return Err(DocError::new("the file is empty"));
    }
    let source = SourceInfo {
        path: path.to_owned(),
        sha256: sha256_hex(bytes),
    };
    let doc = match sniff(bytes) {
        InputKind::Text => {
            let text = text::read_text(bytes).map_err(|e| DocError::new(e.to_string()))?;
            jixiao_table::from_text(&text)
        }
        InputKind::Pdf => {
            let pages = pdf::read_pdf(bytes).map_err(|e| match e {
                pdf::PdfError::Internal { page, message } => DocError {
                    page,
                    message: format!("the PDF library failed ({message}); the file may be damaged"),
                },
                other => DocError::new(other.to_string()),
            })?;
            *page_count = Some(pages.len());
            let scans: Vec<usize> = pages
                .iter()
                .filter(|p| p.glyphs.is_empty() && p.has_large_image)
                .map(|p| p.number)
                .collect();
            let doc = jixiao_table::from_pages(&pages, jixiao_map::vocab::layout_words());
            if doc.rows.is_empty() && !scans.is_empty() {
                return Err(DocError {
                    page: scans.first().copied(),
                    message: format!(
                        "{} scanned page(s) without a text layer; run OCR first (e.g. `ocrmypdf -l chi_sim in.pdf out.pdf`)",
                        scans.len()
                    ),
                });
            }
            if !scans.is_empty() {
                return map_document(&doc, &source).map_err(|e| DocError {
                    page: scans.first().copied(),
                    message: format!(
                        "{e}; {} page(s) are scans without a text layer and need OCR",
                        scans.len()
                    ),
                });
            }
            doc
        }
    };
    map_document(&doc, &source).map_err(|e| DocError::new(e.to_string()))
}
