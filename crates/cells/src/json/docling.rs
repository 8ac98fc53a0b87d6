//! A DoclingDocument: `body.children` lists the content in reading order
//! as references (`#/texts/3`, `#/tables/0`, `#/groups/1`; the children of
//! any of them follow it: a title's section, a group's members); a table's cells are `data.table_cells` with their row and
//! column offsets (end exclusive); `prov[].page_no` is the 1-based page.

use super::{count, grid_of, list, text, text_lines};
use crate::CellsError;
use jixiao_page::Block;
use serde_json::Value;

/// Text labels that are page furniture.
const FURNITURE: [&str; 2] = ["page_header", "page_footer"];
/// Group nesting followed at most (a reference cycle must not loop).
const MAX_DEPTH: usize = 64;

pub(super) fn read(doc: &Value) -> Result<Vec<Block>, CellsError> {
    let mut out = Vec::new();
    let body = doc.get("body").unwrap_or(&Value::Null);
    let mut paged = false;
    let mut stack: Vec<(&Value, usize)> = list(body, "children")
        .iter()
        .rev()
        .map(|c| (c, 0))
        .collect();
    while let Some((reference, depth)) = stack.pop() {
        let Some(item) = resolve(doc, text(reference, "$ref")) else {
            continue;
        };
        let page = item
            .pointer("/prov/0/page_no")
            .and_then(Value::as_u64)
            .map(|p| usize::try_from(p).unwrap_or(usize::MAX).max(1));
        paged |= page.is_some();
        let page = page.unwrap_or(1);
        let kind = text(reference, "$ref").split('/').nth(1).unwrap_or("");
        match kind {
            "tables" => {
                let cells = list(item.get("data").unwrap_or(&Value::Null), "table_cells");
                let grid = grid_of(
                    page,
                    cells.iter().map(|c| {
                        let (row, col) = (
                            count(c, "start_row_offset_idx"),
                            count(c, "start_col_offset_idx"),
                        );
                        let rows = count(c, "end_row_offset_idx").saturating_sub(row);
                        let cols = count(c, "end_col_offset_idx").saturating_sub(col);
                        (row, col, rows, cols, text(c, "text").to_owned())
                    }),
                );
                out.push(Block::Table(grid));
            }
            "texts" if !FURNITURE.contains(&text(item, "label")) => {
                text_lines(page, text(item, "text"), &mut out)
            }
            _ => {}
        }
        // Groups hold content, and so do headings: Docling nests what
        // follows a title under it.
        if depth < MAX_DEPTH {
            stack.extend(list(item, "children").iter().rev().map(|c| (c, depth + 1)));
        }
    }
    if !paged {
        crate::pages_from_tables(&mut out);
    }
    Ok(out)
}

/// The item a `#/texts/3` reference points at.
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let mut parts = reference.strip_prefix("#/")?.split('/');
    let (collection, index) = (parts.next()?, parts.next()?.parse::<usize>().ok()?);
    doc.get(collection)?.get(index)
}
