//! The reader of each input kind: bytes to the table stage's rows.
//!
//! A new input kind is one module here and one line in [`READERS`]; its
//! file name endings then count in folders and archives too.

mod cells;
mod image;
mod pdf;
mod text;

use crate::{DocError, ErrorKind, InputKind, Options};
use jixiao_table::Document;

/// What a reader makes of a document.
#[derive(Debug, Default)]
pub struct Read {
    /// The rows for the mapper, with the reader's and the table stage's
    /// notes.
    pub doc: Document,
    /// Pages of a paged document (PDF), for the run's counts.
    pub pages: Option<usize>,
    /// Pages that are scans without text, left unread (OCR was off).
    pub scanned_pages: Vec<usize>,
    /// Pages recognised from their images.
    pub ocr_pages: Vec<OcrPage>,
    /// How the cells were read, for `source.method` (`html`, `csv`,
    /// `xlsx`, `docx`, `json-mineru`, …); `None` for text, PDF and images,
    /// which the run names itself.
    pub method: Option<&'static str>,
}

/// A page recognised from its image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OcrPage {
    /// 1-based page number.
    pub number: usize,
    /// Its resolution, pixels per inch.
    pub dpi: f32,
    /// Mean confidence of its characters, 0 to 1.
    pub mean_confidence: f32,
}

/// A reader: the document's bytes to its rows.
pub type ReadFn = fn(&[u8], &Options) -> Result<Read, DocError>;

/// The kinds jixiao reads, and their readers.
pub const READERS: [(InputKind, ReadFn); 13] = [
    (InputKind::Pdf, pdf::read),
    (InputKind::Html, cells::read_html),
    (InputKind::Json, cells::read_json),
    (InputKind::Csv, text::read),
    (InputKind::Xlsx, cells::read_workbook),
    (InputKind::Ods, cells::read_workbook),
    (InputKind::Docx, cells::read_docx),
    (InputKind::Odt, cells::read_odt),
    (InputKind::LegacyOffice, cells::read_legacy_office),
    (InputKind::Text, text::read),
    (InputKind::Png, image::read),
    (InputKind::Jpeg, image::read),
    (InputKind::Tiff, image::read),
];

/// The reader of `kind`, or the error that says jixiao does not read it
/// (yet), and what to do instead.
pub fn reader(kind: InputKind) -> Result<ReadFn, DocError> {
    READERS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|&(_, read)| read)
        .ok_or_else(|| DocError::new(ErrorKind::Unsupported, unsupported(kind)))
}

fn unsupported(kind: InputKind) -> String {
    let what = kind.name();
    match kind {
        InputKind::Zip => {
            "an archive inside an archive is not read; unpack the outer archive first".to_owned()
        }
        _ => format!(
            "a {what}: this kind of file is not read; save or export it as PDF, HTML, a spreadsheet or tab-separated text"
        ),
    }
}

/// True when `name`'s ending is that of a kind jixiao reads: the files
/// taken from folders and archives (a file named on the command line is
/// always read).
pub fn is_readable_name(name: &str) -> bool {
    InputKind::of_name(name).is_some_and(|k| READERS.iter().any(|(r, _)| *r == k))
}

/// The file name endings jixiao reads, for messages and help:
/// `.pdf .html .htm …`.
pub fn readable_endings() -> String {
    READERS
        .iter()
        .flat_map(|(kind, _)| kind.extensions())
        .map(|ext| format!(".{ext}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_names_are_those_with_a_reader() {
        assert!(is_readable_name("a/b.pdf"));
        assert!(is_readable_name("seed.TXT"));
        assert!(is_readable_name("scan.png"));
        assert!(is_readable_name("table.html"));
        assert!(!is_readable_name("bundle.zip"));
        let e = reader(InputKind::Zip).err().map(|e| e.kind);
        assert_eq!(e, Some(ErrorKind::Unsupported));
    }
}
