//! OCR'd text: tab-separated or markdown tables; CSV.

use super::Read;
use crate::{DocError, ErrorKind, Options};
use jixiao_extract::text::{read_text, TextError};

pub(super) fn read(bytes: &[u8], _options: &Options) -> Result<Read, DocError> {
    if let Ok((decoded, _)) = jixiao_extract::text::decode(bytes) {
        if jixiao_cells::delimited::looks_like_csv(&decoded) {
            return super::cells::read_csv(&decoded);
        }
    }
    let text = read_text(bytes).map_err(|e| {
        let kind = match e {
            TextError::Empty => ErrorKind::Empty,
            TextError::Binary => ErrorKind::NotText,
        };
        DocError::new(kind, e.to_string())
    })?;
    Ok(Read {
        doc: jixiao_table::from_text(&text),
        ..Read::default()
    })
}
