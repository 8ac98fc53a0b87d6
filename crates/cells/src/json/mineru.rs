//! MinerU's `content_list.json`: items in reading order, each with its
//! 0-based `page_idx`; a table's cells are HTML in `table_body`.

use super::{list, text, text_lines};
use crate::{html, CellsError};
use jixiao_page::Block;
use serde_json::Value;

/// Item types that are page furniture, not content (newer MinerU versions
/// keep them as items).
const FURNITURE: [&str; 5] = [
    "header",
    "footer",
    "page_number",
    "page_footnote",
    "aside_text",
];

pub(super) fn read(value: &Value) -> Result<Vec<Block>, CellsError> {
    let mut out = Vec::new();
    for item in value.as_array().map_or(&[][..], Vec::as_slice) {
        let page = item
            .get("page_idx")
            .and_then(Value::as_u64)
            .map_or(1, |p| usize::try_from(p).unwrap_or(usize::MAX - 1) + 1);
        match text(item, "type") {
            "table" => {
                for caption in list(item, "table_caption") {
                    text_lines(page, caption.as_str().unwrap_or(""), &mut out);
                }
                if let Some(grid) = html::read_table(text(item, "table_body"), page)? {
                    out.push(Block::Table(grid));
                }
                for note in list(item, "table_footnote") {
                    text_lines(page, note.as_str().unwrap_or(""), &mut out);
                }
            }
            "list" => {
                for entry in list(item, "list_items") {
                    text_lines(page, entry.as_str().unwrap_or(""), &mut out);
                }
            }
            "image" => {}
            kind if FURNITURE.contains(&kind) => {}
            _ => text_lines(page, text(item, "text"), &mut out),
        }
    }
    Ok(out)
}
