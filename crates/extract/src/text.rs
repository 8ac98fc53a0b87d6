//! OCR'd text: decoding and splitting into lines of cells.
//!
//! OCR tools export tables as tab-separated lines (sometimes as markdown pipe
//! tables), one line per table row, with blank lines where a page ended.
//! This module only decodes and splits; cleaning cell text and deciding what
//! a blank line means is the table stage's job.
//!
//! ```
//! use jixiao_extract::text::{read_text, Encoding};
//!
//! let doc = read_text("项目名称\t社会保险服务费\n\n绩效指标\t一级指标".as_bytes()).unwrap();
//! assert_eq!(doc.encoding, Encoding::Utf8);
//! assert_eq!(doc.lines[0].cells, ["项目名称", "社会保险服务费"]);
//! assert!(doc.lines[1].is_blank());
//! ```

/// The character encoding a text file was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-16, little-endian (with or without a byte-order mark).
    Utf16Le,
    /// UTF-16, big-endian (with or without a byte-order mark).
    Utf16Be,
    /// GB18030, which covers GBK and GB2312.
    Gb18030,
}

/// One source line split into cells (tab- or pipe-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextLine {
    /// 1-based line number in the decoded text.
    pub number: usize,
    /// Raw cell texts, in column order; empty cells are kept so that column
    /// positions survive. A blank line has no cells.
    pub cells: Vec<String>,
    /// True for a Markdown pipe-table row (`| a | b |`).
    pub pipe: bool,
    /// True for a blank line that stands for a page break the file states:
    /// a form feed, or Marker's `{N}---` page marker. A file with such
    /// marks has pages; plain blank lines then only mark breaks in a table.
    pub page_mark: bool,
}

impl TextLine {
    /// True when every cell is empty or whitespace.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// A decoded text document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextDocument {
    /// The encoding the text was decoded from.
    pub encoding: Encoding,
    /// The lines, in order; blank lines kept (they mark page breaks).
    pub lines: Vec<TextLine>,
}

/// Why a buffer is not usable text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("the file is empty")]
    /// Nothing but white space.
    Empty,
    #[error("the file holds binary data, not text (expected OCR'd text in UTF-8, UTF-16 or GB18030, or a PDF)")]
    /// Binary data: not valid in any of the encodings, or control characters.
    Binary,
}

/// Decodes bytes as UTF-8 (with or without BOM), UTF-16 (BOM, or BOM-less
/// with the telltale zero bytes of ASCII/CJK text), or GB18030 (a superset of
/// GBK and GB2312) when the bytes are not valid UTF-8.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), TextError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(TextError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest).map(|s| (s, Encoding::Utf8Bom));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, encoding_rs::UTF_16LE).map(|s| (s, Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, encoding_rs::UTF_16BE).map(|s| (s, Encoding::Utf16Be));
    }
    if let Some(encoding) = bomless_utf16(bytes) {
        let (name, enc) = match encoding {
            Encoding::Utf16Le => (encoding_rs::UTF_16LE, Encoding::Utf16Le),
            _ => (encoding_rs::UTF_16BE, Encoding::Utf16Be),
        };
        return utf16(bytes, name).map(|s| (s, enc));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return checked(text.to_owned()).map(|s| (s, Encoding::Utf8));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(TextError::Binary);
    }
    checked(text.into_owned()).map(|s| (s, Encoding::Gb18030))
}

fn utf8(bytes: &[u8]) -> Result<String, TextError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => checked(text.to_owned()),
        Err(_) => Err(TextError::Binary),
    }
}

fn utf16(bytes: &[u8], encoding: &'static encoding_rs::Encoding) -> Result<String, TextError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(TextError::Binary);
    }
    checked(text.into_owned())
}

/// UTF-16 without a BOM: in text made of ASCII and CJK, the zero bytes sit
/// overwhelmingly on one parity (ASCII's high byte). Requires an even length.
fn bomless_utf16(bytes: &[u8]) -> Option<Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, b) in sample.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let pairs = sample.len() / 2;
    // Tabs and newlines alone make at least a few percent of zero bytes.
    if odd * 20 >= pairs && even * 10 <= odd {
        Some(Encoding::Utf16Le)
    } else if even * 20 >= pairs && odd * 10 <= even {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Rejects decoded text that is mostly control characters (a binary file
/// that happened to decode) and text with NUL characters.
fn checked(text: String) -> Result<String, TextError> {
    // Control characters are ASCII (C0, DEL) or U+0080..U+009F (C2 80..9F):
    // counting on bytes is exact and fast.
    let bytes = text.as_bytes();
    let mut control = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            0 => return Err(TextError::Binary),
            b'\t' | b'\n' | b'\r' | 0x0c => {}
            0x01..=0x1f | 0x7f => control += 1,
            0xC2 if bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)) => control += 1,
            _ => {}
        }
    }
    if text.trim().is_empty() {
        return Err(TextError::Empty);
    }
    let total = text.chars().count();
    if control * 100 > total {
        return Err(TextError::Binary);
    }
    Ok(text)
}

/// Decodes `bytes` and splits the text into lines of cells.
///
/// Cells are separated by tabs; a line that starts and ends with `|` is read
/// as a markdown pipe-table row instead. A form feed (`\x0c`, as written by
/// `pdftotext`) becomes a blank line, i.e. a page break.
pub fn read_text(bytes: &[u8]) -> Result<TextDocument, TextError> {
    let (text, encoding) = decode(bytes)?;
    Ok(split_text(&text, encoding))
}

/// Splits text already decoded (see [`decode`]) into lines of cells, as
/// [`read_text`] does.
pub fn split_text(text: &str, encoding: Encoding) -> TextDocument {
    let mut lines = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let number = index + 1;
        if raw.contains('\x0c') {
            // A page break inside a line: the parts before and after the
            // form feed are separate lines around a blank one.
            let mut first = true;
            for part in raw.split('\x0c') {
                if !first {
                    lines.push(TextLine {
                        number,
                        cells: Vec::new(),
                        pipe: false,
                        page_mark: true,
                    });
                }
                first = false;
                if !part.trim().is_empty() {
                    let (cells, pipe) = split_cells(part);
                    lines.push(TextLine {
                        number,
                        cells,
                        pipe,
                        page_mark: false,
                    });
                }
            }
            continue;
        }
        if is_page_marker(raw) {
            lines.push(TextLine {
                number,
                cells: Vec::new(),
                pipe: false,
                page_mark: true,
            });
            continue;
        }
        let (cells, pipe) = split_cells(raw);
        lines.push(TextLine {
            number,
            cells,
            pipe,
            page_mark: false,
        });
    }
    TextDocument { encoding, lines }
}

/// Marker's paginated output marks page N (0-based) with `{N}` and a run
/// of dashes on a line of its own: a page break, not text.
fn is_page_marker(line: &str) -> bool {
    let line = line.trim();
    let Some(rest) = line.strip_prefix('{') else {
        return false;
    };
    let Some((number, dashes)) = rest.split_once('}') else {
        return false;
    };
    !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && dashes.len() >= 3
        && dashes.bytes().all(|b| b == b'-')
}

/// What pandas writes for no value (markitdown's spreadsheets, a
/// `read_html` table written back with `to_excel`): `NaN` for an empty
/// cell, `Unnamed: 3` (or `Unnamed: 3_level_1` under a header of several
/// rows) for a header cell without a name.
///
/// ```
/// use jixiao_extract::text::is_pandas_placeholder;
/// assert!(is_pandas_placeholder("Unnamed: 3"));
/// assert!(is_pandas_placeholder("Unnamed: 1_level_2"));
/// assert!(!is_pandas_placeholder("Unnamed: x"));
/// ```
pub fn is_pandas_placeholder(cell: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    cell == "NaN"
        || cell.strip_prefix("Unnamed: ").is_some_and(|rest| {
            let (column, level) = rest.split_once("_level_").unwrap_or((rest, "0"));
            digits(column) && digits(level)
        })
}

/// True for a Markdown pipe-table row (`| a | b |`): a line without tabs
/// (the seed's cells) that starts and ends with `|`.
///
/// ```
/// use jixiao_extract::text::is_pipe_row;
/// assert!(is_pipe_row(" | 项目名称 | 甲 | "));
/// assert!(!is_pipe_row("|\t项目名称\t|"));
/// assert!(!is_pipe_row("|"));
/// ```
pub fn is_pipe_row(line: &str) -> bool {
    let trimmed = line.trim();
    !line.contains('\t') && trimmed.len() > 1 && trimmed.starts_with('|') && trimmed.ends_with('|')
}

/// The cells of a line, and whether it is a pipe-table row. Docling writes
/// a `|` inside a pipe cell as `&#124;`.
fn split_cells(line: &str) -> (Vec<String>, bool) {
    if line.trim().is_empty() {
        return (Vec::new(), false);
    }
    let trimmed = line.trim();
    if is_pipe_row(line) {
        let inner = &trimmed[1..trimmed.len() - 1];
        let cells = inner
            .split('|')
            .map(|c| {
                let c = c.trim();
                if is_pandas_placeholder(c) {
                    String::new()
                } else {
                    c.replace("&#124;", "|")
                }
            })
            .collect();
        return (cells, true);
    }
    (line.split('\t').map(str::to_owned).collect(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_page_markers_are_page_breaks() {
        let doc = read_text(
            "| a | b |\n{1}------------------------------------------------\n| c &#124; d | e |\n"
                .as_bytes(),
        )
        .unwrap();
        assert!(doc.lines[0].pipe);
        assert!(doc.lines[1].is_blank());
        assert_eq!(doc.lines[2].cells, ["c | d", "e"]);
        assert!(!is_page_marker("{1}x"));
        let pandas = read_text("| 标题 | Unnamed: 1 |\n| 项目名称 | NaN |\n".as_bytes()).unwrap();
        assert_eq!(pandas.lines[0].cells, ["标题", ""]);
        assert_eq!(pandas.lines[1].cells, ["项目名称", ""]);
        assert!(!is_page_marker("{}---"));
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let (s, e) = decode("绩效\t指标".as_bytes()).unwrap();
        assert_eq!((s.as_str(), e), ("绩效\t指标", Encoding::Utf8));
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice("绩效".as_bytes());
        assert_eq!(
            decode(&bytes).unwrap(),
            ("绩效".to_owned(), Encoding::Utf8Bom)
        );
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let text = "项目名称\t社会保险服务费\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let mut le_bom = vec![0xFF, 0xFE];
        le_bom.extend_from_slice(&le);
        let mut be_bom = vec![0xFE, 0xFF];
        be_bom.extend_from_slice(&be);
        assert_eq!(
            decode(&le_bom).unwrap(),
            (text.to_owned(), Encoding::Utf16Le)
        );
        assert_eq!(
            decode(&be_bom).unwrap(),
            (text.to_owned(), Encoding::Utf16Be)
        );
        assert_eq!(decode(&le).unwrap(), (text.to_owned(), Encoding::Utf16Le));
        assert_eq!(decode(&be).unwrap(), (text.to_owned(), Encoding::Utf16Be));
    }

    #[test]
    fn gbk_falls_back_to_gb18030() {
        let (bytes, _, _) = encoding_rs::GBK.encode("主管部门\t上海市人力资源和社会保障局");
        let (s, e) = decode(&bytes).unwrap();
        assert_eq!(s, "主管部门\t上海市人力资源和社会保障局");
        assert_eq!(e, Encoding::Gb18030);
    }

    #[test]
    fn empty_and_binary_are_errors() {
        assert_eq!(decode(b""), Err(TextError::Empty));
        assert_eq!(decode(b"  \n\t\n"), Err(TextError::Empty));
        assert_eq!(
            decode(b"\x00\x01\x02\x03\xff\xfe\x00\x10"),
            Err(TextError::Binary)
        );
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00";
        assert_eq!(decode(png), Err(TextError::Binary));
    }

    #[test]
    fn cells_keep_empty_columns_and_pipes() {
        let doc = read_text("\t产出指标\t\t=9块\r\n| a | b |\n".as_bytes()).unwrap();
        assert_eq!(doc.lines[0].cells, ["", "产出指标", "", "=9块"]);
        assert_eq!(doc.lines[1].cells, ["a", "b"]);
        assert!(doc.lines[2].is_blank());
    }

    #[test]
    fn form_feed_is_a_page_break() {
        let doc = read_text("a\tb\x0cc\td".as_bytes()).unwrap();
        assert_eq!(doc.lines.len(), 3);
        assert!(doc.lines[1].is_blank());
        assert_eq!(doc.lines[2].cells, ["c", "d"]);
    }
}
