//! Azure Document Intelligence `analyzeResult` (layout model): `tables`
//! with `cells` (`rowIndex`, `columnIndex`, `rowSpan`, `columnSpan`,
//! `content`), `paragraphs` with their `role`; both carry `spans` into the
//! document's `content` (their reading order) and `boundingRegions` with
//! the 1-based `pageNumber`. A table over a page break is one table per
//! page.

use super::{count, grid_of, list, text, text_lines};
use crate::CellsError;
use jixiao_page::Block;
use serde_json::Value;

/// Paragraph roles that are page furniture.
const FURNITURE: [&str; 3] = ["pageHeader", "pageFooter", "pageNumber"];

pub(super) fn read(result: &Value) -> Result<Vec<Block>, CellsError> {
    // (offset in content, block)
    let mut items: Vec<(usize, Block)> = Vec::new();
    let mut table_spans: Vec<(usize, usize)> = Vec::new();
    for table in list(result, "tables") {
        let page = page_of(table);
        let grid = grid_of(
            page,
            list(table, "cells").iter().map(|c| {
                let span = |key: &str| c.get(key).map_or(1, |_| count(c, key));
                (
                    count(c, "rowIndex"),
                    count(c, "columnIndex"),
                    span("rowSpan"),
                    span("columnSpan"),
                    text(c, "content").to_owned(),
                )
            }),
        );
        let (offset, length) = span_of(table);
        table_spans.push((offset, offset + length));
        items.push((offset, Block::Table(grid)));
    }
    for paragraph in list(result, "paragraphs") {
        if FURNITURE.contains(&text(paragraph, "role")) {
            continue;
        }
        let (offset, _) = span_of(paragraph);
        if table_spans.iter().any(|&(a, b)| (a..b).contains(&offset)) {
            continue;
        }
        let mut lines = Vec::new();
        text_lines(page_of(paragraph), text(paragraph, "content"), &mut lines);
        items.extend(lines.into_iter().map(|b| (offset, b)));
    }
    items.sort_by_key(|(offset, _)| *offset);
    Ok(items.into_iter().map(|(_, b)| b).collect())
}

fn page_of(item: &Value) -> usize {
    item.pointer("/boundingRegions/0/pageNumber")
        .and_then(Value::as_u64)
        .map_or(1, |p| usize::try_from(p).unwrap_or(usize::MAX).max(1))
}

/// The first span's offset and length in `content` (0, 0 when missing).
fn span_of(item: &Value) -> (usize, usize) {
    let span = item.pointer("/spans/0").unwrap_or(&Value::Null);
    (count(span, "offset"), count(span, "length"))
}
