//! Converted tables: HTML, Markdown with HTML tables, JSON cell lists, CSV,
//! spreadsheets and Word files, read into blocks by `jixiao-cells`.

use super::Read;
use crate::{DocError, ErrorKind, Options};
use jixiao_cells::{Block, CellsError};
use jixiao_extract::text::{decode, TextError};

/// The decoded text of a markup or JSON file (UTF-8, UTF-16, GB18030).
pub(super) fn text_of(bytes: &[u8], what: &str) -> Result<String, DocError> {
    decode(bytes).map(|(text, _)| text).map_err(|e| match e {
        TextError::Empty => DocError::new(ErrorKind::Empty, "the file is empty"),
        TextError::Binary => DocError::new(
            ErrorKind::NotText,
            format!("a {what} file that is not text in UTF-8, UTF-16 or GB18030; save it again as UTF-8"),
        ),
    })
}

/// The rows of the blocks a cell reader made.
pub(super) fn read_blocks(
    blocks: Result<Vec<Block>, CellsError>,
    method: &'static str,
) -> Result<Read, DocError> {
    let blocks = blocks.map_err(as_error)?;
    let mut doc = jixiao_table::from_blocks(&blocks);
    // Pages (an OCR tool's, a workbook's sheets, or the parts of a table a
    // tool cut at a page break) give the records their page ranges.
    doc.page_count = blocks.iter().map(Block::page).max();
    Ok(Read {
        pages: doc.page_count,
        doc,
        method: Some(method),
        ..Read::default()
    })
}

fn as_error(e: CellsError) -> DocError {
    let kind = match e {
        CellsError::Damaged(_) => ErrorKind::Damaged,
        CellsError::NoTable(_) => ErrorKind::NoForm,
        CellsError::UnknownShape(_) => ErrorKind::Unsupported,
        CellsError::Encrypted(_) => ErrorKind::Encrypted,
        CellsError::TooLarge(_) => ErrorKind::Refused,
    };
    DocError::new(kind, e.to_string())
}

pub(super) fn read_html(bytes: &[u8], _options: &Options) -> Result<Read, DocError> {
    let text = text_of(bytes, "HTML")?;
    read_blocks(jixiao_cells::html::read(&text), "html")
}

pub(super) fn read_json(bytes: &[u8], _options: &Options) -> Result<Read, DocError> {
    let text = text_of(bytes, "JSON")?;
    let (blocks, tool) = jixiao_cells::json::read(&text).map_err(as_error)?;
    read_blocks(Ok(blocks), tool.method())
}

pub(super) fn read_workbook(bytes: &[u8], _options: &Options) -> Result<Read, DocError> {
    read_blocks(jixiao_cells::sheet::read(bytes), "spreadsheet")
}

pub(super) fn read_docx(bytes: &[u8], _options: &Options) -> Result<Read, DocError> {
    read_blocks(jixiao_cells::docx::read(bytes), "docx")
}

pub(super) fn read_odt(bytes: &[u8], _options: &Options) -> Result<Read, DocError> {
    read_blocks(jixiao_cells::odt::read(bytes), "odt")
}

/// An OLE2 file: a legacy `.xls`, a password-protected `.xlsx`/`.docx`
/// (Office encrypts into an OLE2 container) or a legacy `.doc`.
pub(super) fn read_legacy_office(bytes: &[u8], options: &Options) -> Result<Read, DocError> {
    let has = |name: &str| {
        let wide: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.windows(wide.len()).any(|w| w == wide.as_slice())
    };
    if has("EncryptedPackage") {
        return Err(DocError::new(
            ErrorKind::Encrypted,
            "a password-protected Office file: open it, remove the password (save without encryption) and read it again",
        ));
    }
    if has("WordDocument") {
        return Err(DocError::new(
            ErrorKind::Unsupported,
            "a legacy Word document (.doc): save it as .docx (or PDF) and read that",
        ));
    }
    read_workbook(bytes, options)
}

/// CSV, told from OCR'd text by its commas (see
/// [`jixiao_cells::delimited::looks_like_csv`]).
pub(super) fn read_csv(text: &str) -> Result<Read, DocError> {
    read_blocks(jixiao_cells::delimited::read(text), "csv")
}
