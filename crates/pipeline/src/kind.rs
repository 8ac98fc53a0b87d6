//! What kind of document a file holds, judged from its bytes.

/// The kinds of document jixiao knows of, read or not (yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputKind {
    /// A PDF (`%PDF-` within the first KiB).
    Pdf,
    /// OCR'd text: tab-separated or markdown tables (anything that decodes
    /// as text and is none of the kinds below).
    Text,
    /// A PNG image.
    Png,
    /// A JPEG image.
    Jpeg,
    /// A TIFF image (one page or many).
    Tiff,
    /// An HTML document or fragment (`<html>`, `<table>` first), or
    /// Markdown holding HTML tables (a `<table` tag anywhere).
    Html,
    /// JSON (an OCR or document tool's cell list).
    Json,
    /// CSV (named `.csv`; content that reads as OCR'd text is told from
    /// CSV by its commas).
    Csv,
    /// An Excel workbook (`.xlsx`, `.xlsm`, `.xlsb`).
    Xlsx,
    /// An OpenDocument spreadsheet (`.ods`).
    Ods,
    /// A Word document (`.docx`).
    Docx,
    /// An OpenDocument text (`.odt`, LibreOffice Writer).
    Odt,
    /// A legacy Office file (`.xls`, `.doc`: OLE2).
    LegacyOffice,
    /// A zip archive of documents.
    Zip,
}

impl InputKind {
    /// A short name for messages (`PDF`, `PNG image`, …).
    pub fn name(self) -> &'static str {
        match self {
            InputKind::Pdf => "PDF",
            InputKind::Text => "text",
            InputKind::Png => "PNG image",
            InputKind::Jpeg => "JPEG image",
            InputKind::Tiff => "TIFF image",
            InputKind::Html => "HTML",
            InputKind::Json => "JSON",
            InputKind::Csv => "CSV file",
            InputKind::Xlsx => "Excel workbook (.xlsx)",
            InputKind::Ods => "OpenDocument spreadsheet (.ods)",
            InputKind::Docx => "Word document (.docx)",
            InputKind::Odt => "OpenDocument text (.odt)",
            InputKind::LegacyOffice => "legacy Office file (.xls/.doc)",
            InputKind::Zip => "zip archive",
        }
    }

    /// The file name endings (lower case, without the dot) of this kind.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            InputKind::Pdf => &["pdf"],
            InputKind::Text => &["txt", "md", "markdown", "text", "tsv"],
            InputKind::Png => &["png"],
            InputKind::Jpeg => &["jpg", "jpeg"],
            InputKind::Tiff => &["tif", "tiff"],
            InputKind::Html => &["html", "htm"],
            InputKind::Json => &["json"],
            InputKind::Csv => &["csv"],
            InputKind::Xlsx => &["xlsx", "xlsm", "xlsb"],
            InputKind::Ods => &["ods"],
            InputKind::Docx => &["docx"],
            InputKind::Odt => &["odt"],
            InputKind::LegacyOffice => &["xls", "doc"],
            InputKind::Zip => &["zip"],
        }
    }

    /// The kind a file name's ending says, if any (case-insensitive).
    pub fn of_name(name: &str) -> Option<InputKind> {
        let (_, ext) = name.rsplit_once('.')?;
        let ext = ext.to_ascii_lowercase();
        ALL_KINDS
            .iter()
            .copied()
            .find(|k| k.extensions().contains(&ext.as_str()))
    }
}

/// Every kind.
pub const ALL_KINDS: [InputKind; 14] = [
    InputKind::Pdf,
    InputKind::Text,
    InputKind::Png,
    InputKind::Jpeg,
    InputKind::Tiff,
    InputKind::Html,
    InputKind::Json,
    InputKind::Csv,
    InputKind::Xlsx,
    InputKind::Ods,
    InputKind::Docx,
    InputKind::Odt,
    InputKind::LegacyOffice,
    InputKind::Zip,
];

/// How far into a file the PDF header may start (some producers put junk
/// before it).
const PDF_HEADER_WINDOW: usize = 1024;

/// Sniffs the kind from the content, whatever the file is called (a `.txt`
/// may hold HTML, a `.pdf` may be a renamed image).
///
/// ```
/// use jixiao_pipeline::{sniff, InputKind};
/// assert_eq!(sniff(b"%PDF-1.7\n..."), InputKind::Pdf);
/// assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), InputKind::Png);
/// assert_eq!(sniff("  <table><tr><td>项目名称</td></tr></table>".as_bytes()), InputKind::Html);
/// assert_eq!(sniff("项目名称\t社会保险服务费".as_bytes()), InputKind::Text);
/// ```
pub fn sniff(bytes: &[u8]) -> InputKind {
    let head = bytes
        .get(..bytes.len().min(PDF_HEADER_WINDOW))
        .unwrap_or(bytes);
    if head.windows(5).any(|w| w == b"%PDF-") {
        return InputKind::Pdf;
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return InputKind::Png;
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return InputKind::Jpeg;
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return InputKind::Tiff;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return InputKind::LegacyOffice;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return office_or_zip(bytes);
    }
    markup_or_text(bytes)
}

/// An Office Open XML file is a zip whose member names say what it is.
fn office_or_zip(bytes: &[u8]) -> InputKind {
    let has = |name: &[u8]| bytes.windows(name.len()).any(|w| w == name);
    if has(b"word/document.xml") {
        InputKind::Docx
    } else if has(b"xl/workbook.xml") || has(b"xl/workbook.bin") {
        InputKind::Xlsx
    } else if has(b"application/vnd.oasis.opendocument.spreadsheet") {
        InputKind::Ods
    } else if has(b"application/vnd.oasis.opendocument.text") {
        InputKind::Odt
    } else {
        InputKind::Zip
    }
}

/// HTML or JSON by the first thing in the text (after a byte-order mark and
/// white space); anything else is text.
fn markup_or_text(bytes: &[u8]) -> InputKind {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let rest = text.get(start..).unwrap_or(&[]);
    let lower: Vec<u8> = rest.iter().take(16).map(u8::to_ascii_lowercase).collect();
    const HTML_STARTS: [&[u8]; 5] = [b"<!doctype html", b"<html", b"<table", b"<body", b"<thead"];
    if HTML_STARTS.iter().any(|s| lower.starts_with(s)) {
        return InputKind::Html;
    }
    let next_after_first = || {
        rest.get(1..)
            .unwrap_or(&[])
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .copied()
    };
    match rest.first() {
        // `{"key"` or `{}`: Marker's `{0}----` page marker is text.
        Some(b'{') if matches!(next_after_first(), Some(b'"' | b'}') | None) => InputKind::Json,
        Some(b'[') if matches!(next_after_first(), Some(b'{' | b'[' | b'"' | b']')) => {
            InputKind::Json
        }
        // Markdown with HTML tables (MinerU, Azure Document Intelligence).
        _ if jixiao_cells::html::holds_table(rest) => InputKind::Html,
        _ => InputKind::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_content() {
        assert_eq!(sniff(b"junk\n%PDF-1.4"), InputKind::Pdf);
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), InputKind::Jpeg);
        assert_eq!(sniff(b"II*\0\x08\0\0\0"), InputKind::Tiff);
        assert_eq!(sniff(b"PK\x03\x04....word/document.xml"), InputKind::Docx);
        assert_eq!(sniff(b"PK\x03\x04....xl/workbook.xml"), InputKind::Xlsx);
        assert_eq!(sniff(b"PK\x03\x04....a.pdf"), InputKind::Zip);
        assert_eq!(sniff(b"\xEF\xBB\xBF<!DOCTYPE html><html>"), InputKind::Html);
        assert_eq!(sniff(b"  {\"pdf_info\": []}"), InputKind::Json);
        assert_eq!(sniff(b"[{\"type\": \"text\"}]"), InputKind::Json);
        assert_eq!(sniff("{0}------\n\n# 标题".as_bytes()), InputKind::Text);
        // Markdown with HTML tables inside, a bracket starting OCR'd text.
        assert_eq!(sniff("# 标题\n<table></table>".as_bytes()), InputKind::Html);
        assert_eq!(sniff("[财政项目]\t".as_bytes()), InputKind::Text);
        assert_eq!(sniff(b""), InputKind::Text);
    }

    #[test]
    fn kinds_from_names() {
        assert_eq!(InputKind::of_name("a/B.PDF"), Some(InputKind::Pdf));
        assert_eq!(InputKind::of_name("x.tsv"), Some(InputKind::Text));
        assert_eq!(InputKind::of_name("scan.TIFF"), Some(InputKind::Tiff));
        assert_eq!(InputKind::of_name("noext"), None);
    }
}
