//! OCR'd text: tab-separated or markdown tables; CSV; pandoc's ruled Markdown tables.

use super::Read;
use crate::{DocError, ErrorKind, Options};
use jixiao_extract::text::{decode, split_text, TextError};

pub(super) fn read(bytes: &[u8], _options: &Options) -> Result<Read, DocError> {
    let (decoded, encoding) = decode(bytes).map_err(|e| {
        let kind = match e {
            TextError::Empty => ErrorKind::Empty,
            TextError::Binary => ErrorKind::NotText,
        };
        DocError::new(kind, e.to_string())
    })?;
    if jixiao_cells::delimited::looks_like_csv(&decoded) {
        return super::cells::read_csv(&decoded);
    }
    // pandoc's own Markdown tables, laid out in columns of text.
    if jixiao_cells::markdown::holds_ruled_table(&decoded) {
        return super::cells::read_blocks(jixiao_cells::markdown::read(&decoded), "markdown");
    }
    Ok(Read {
        doc: jixiao_table::from_text(&split_text(&decoded, encoding)),
        ..Read::default()
    })
}
