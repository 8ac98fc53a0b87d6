//! Why a document gave no record.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of problem stopped a document, as a stable name for
/// programs (`errors.jsonl`, the store, `--retry-errors`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The file or archive member could not be read (missing, no
    /// permission, a damaged archive).
    Unreadable,
    /// Refused before reading: over a size limit, a zip bomb, an unsafe or
    /// encrypted archive member, an archive inside an archive.
    Refused,
    /// The file is empty.
    Empty,
    /// The bytes are no kind of document jixiao knows (binary data).
    NotText,
    /// A kind of document jixiao recognises but does not read (a legacy
    /// Word `.doc`, an archive inside an archive).
    Unsupported,
    /// A damaged file: a PDF (truncated, no readable structure, or the PDF
    /// library failed on it), an image, truncated JSON, HTML that ends
    /// inside a table, a workbook or Word file that does not open.
    Damaged,
    /// A PDF or Office file encrypted with a password.
    Encrypted,
    /// Scanned pages without text: OCR is needed.
    NeedsOcr,
    /// The document was read but holds no declaration form.
    NoForm,
    /// Reading took longer than the time limit.
    Timeout,
    /// The reader process crashed on the document.
    Crashed,
    /// A bug in jixiao (a panic, an inconsistent state).
    Internal,
}

impl ErrorKind {
    /// The stable name (`no_form`, `timeout`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Unreadable => "unreadable",
            ErrorKind::Refused => "refused",
            ErrorKind::Empty => "empty",
            ErrorKind::NotText => "not_text",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Damaged => "damaged",
            ErrorKind::Encrypted => "encrypted",
            ErrorKind::NeedsOcr => "needs_ocr",
            ErrorKind::NoForm => "no_form",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Crashed => "crashed",
            ErrorKind::Internal => "internal",
        }
    }

    /// The kind with this stable name.
    pub fn parse(name: &str) -> Option<ErrorKind> {
        ALL_KINDS.iter().copied().find(|k| k.as_str() == name)
    }
}

/// Every kind, for parsing and documentation.
pub const ALL_KINDS: [ErrorKind; 12] = [
    ErrorKind::Unreadable,
    ErrorKind::Refused,
    ErrorKind::Empty,
    ErrorKind::NotText,
    ErrorKind::Unsupported,
    ErrorKind::Damaged,
    ErrorKind::Encrypted,
    ErrorKind::NeedsOcr,
    ErrorKind::NoForm,
    ErrorKind::Timeout,
    ErrorKind::Crashed,
    ErrorKind::Internal,
];

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a document produced no record. Its `Display` is one line for the
/// user: the page when known, what is wrong and what to do.
///
/// ```
/// use jixiao_pipeline::{DocError, ErrorKind};
/// let e = DocError::new(ErrorKind::NeedsOcr, "a scanned page without text").on_page(Some(2));
/// assert_eq!(e.to_string(), "page 2: a scanned page without text");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocError {
    /// What kind of problem it is.
    pub kind: ErrorKind,
    /// 1-based page the problem is on, when known.
    pub page: Option<usize>,
    /// What is wrong and what to do, in plain words.
    pub message: String,
}

impl DocError {
    /// An error not tied to a page.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        DocError {
            kind,
            page: None,
            message: message.into(),
        }
    }

    /// The same error, on `page`.
    pub fn on_page(self, page: Option<usize>) -> Self {
        DocError { page, ..self }
    }
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.page {
            Some(page) => write!(f, "page {page}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for DocError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_by_name() {
        for kind in ALL_KINDS {
            assert_eq!(ErrorKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(ErrorKind::parse("nope"), None);
    }
}
