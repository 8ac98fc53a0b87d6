//! Unstructured's element list: `Table` elements carry their cells as HTML
//! in `metadata.text_as_html`; others are text; `metadata.page_number`.

use super::{text, text_lines};
use crate::{html, CellsError};
use jixiao_page::Block;
use serde_json::Value;

/// Element types that are page furniture.
const FURNITURE: [&str; 4] = ["Header", "Footer", "PageNumber", "PageBreak"];

pub(super) fn read(value: &Value) -> Result<Vec<Block>, CellsError> {
    let mut out = Vec::new();
    for element in value.as_array().map_or(&[][..], Vec::as_slice) {
        let metadata = element.get("metadata").unwrap_or(&Value::Null);
        let page = metadata
            .get("page_number")
            .and_then(Value::as_u64)
            .map_or(1, |p| usize::try_from(p).unwrap_or(usize::MAX).max(1));
        match text(element, "type") {
            "Table" => {
                let grid = html::read_table(text(metadata, "text_as_html"), page)?;
                match grid {
                    Some(grid) => out.push(Block::Table(grid)),
                    None => text_lines(page, text(element, "text"), &mut out),
                }
            }
            kind if FURNITURE.contains(&kind) => {}
            _ => text_lines(page, text(element, "text"), &mut out),
        }
    }
    if value.as_array().is_some_and(|a| {
        a.iter()
            .all(|e| e.pointer("/metadata/page_number").is_none())
    }) {
        crate::pages_from_tables(&mut out);
    }
    Ok(out)
}
