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
pub(super) fn read_blocks(blocks: Result<Vec<Block>, CellsError>) -> Result<Read, DocError> {
    let blocks = blocks.map_err(as_error)?;
    Ok(Read {
        doc: jixiao_table::from_blocks(&blocks),
        ..Read::default()
    })
}

fn as_error(e: CellsError) -> DocError {
    let kind = match e {
        CellsError::Damaged(_) => ErrorKind::Damaged,
        CellsError::NoTable(_) => ErrorKind::NoForm,
        CellsError::Encrypted(_) => ErrorKind::Encrypted,
        CellsError::TooLarge(_) => ErrorKind::Refused,
    };
    DocError::new(kind, e.to_string())
}

pub(super) fn read_html(bytes: &[u8], _options: &Options) -> Result<Read, DocError> {
    let text = text_of(bytes, "HTML")?;
    read_blocks(jixiao_cells::html::read(&text))
}
