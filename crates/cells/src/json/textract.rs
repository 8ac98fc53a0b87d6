//! AWS Textract `Blocks` (AnalyzeDocument with TABLES; a multi-page job's
//! responses may come as an array). A `TABLE`'s `CHILD` relationships
//! list its `CELL`s (1-based `RowIndex`, `ColumnIndex`, with `RowSpan`,
//! `ColumnSpan`), each cell's `CHILD`ren its `WORD`s; a `MERGED_CELL`
//! lists the cells it covers, and its text is theirs. `LINE`s whose words
//! are in no table are the text outside tables, placed by their page and
//! top edge.

use super::{count, grid_of, list, text, text_lines};
use crate::CellsError;
use jixiao_page::Block;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

pub(super) fn read(value: &Value) -> Result<Vec<Block>, CellsError> {
    let responses: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let blocks: Vec<&Value> = responses.iter().flat_map(|r| list(r, "Blocks")).collect();
    let by_id: HashMap<&str, &Value> = blocks.iter().map(|b| (text(b, "Id"), *b)).collect();
    let mut in_tables: HashSet<&str> = HashSet::new();
    // (page, top, block)
    let mut items: Vec<(usize, f64, Block)> = Vec::new();
    for table in blocks.iter().filter(|b| text(b, "BlockType") == "TABLE") {
        let page = page_of(table);
        let cells = related(table, "CHILD", &by_id);
        let merged = related(table, "MERGED_CELL", &by_id);
        let mut covered: HashSet<&str> = HashSet::new();
        let mut out = Vec::new();
        for m in &merged {
            let parts = related(m, "CHILD", &by_id);
            let mut parts_text = Vec::new();
            for part in &parts {
                covered.insert(text(part, "Id"));
                let t = words(part, &by_id, &mut in_tables);
                if !t.is_empty() {
                    parts_text.push(t);
                }
            }
            out.push(cell(m, parts_text.join("\n")));
        }
        for c in cells.iter().filter(|c| !covered.contains(text(c, "Id"))) {
            let t = words(c, &by_id, &mut in_tables);
            out.push(cell(c, t));
        }
        items.push((page, top_of(table), Block::Table(grid_of(page, out))));
    }
    for line in blocks.iter().filter(|b| text(b, "BlockType") == "LINE") {
        let ids = child_ids(line, "CHILD");
        if !ids.is_empty() && ids.iter().all(|id| in_tables.contains(id)) {
            continue;
        }
        let mut lines = Vec::new();
        text_lines(page_of(line), text(line, "Text"), &mut lines);
        items.extend(lines.into_iter().map(|b| (page_of(line), top_of(line), b)));
    }
    items.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    Ok(items.into_iter().map(|(_, _, b)| b).collect())
}

/// A cell's grid position (0-based) and spans, with its text.
fn cell(block: &Value, text: String) -> (usize, usize, usize, usize, String) {
    let span = |key: &str| block.get(key).map_or(1, |_| count(block, key));
    (
        count(block, "RowIndex").saturating_sub(1),
        count(block, "ColumnIndex").saturating_sub(1),
        span("RowSpan"),
        span("ColumnSpan"),
        text,
    )
}

/// A cell's words, in order, joined by spaces (the table stage removes
/// those between CJK characters); each word is marked as inside a table.
fn words<'a>(
    cell: &'a Value,
    by_id: &HashMap<&'a str, &'a Value>,
    in_tables: &mut HashSet<&'a str>,
) -> String {
    let mut out = String::new();
    for id in child_ids(cell, "CHILD") {
        in_tables.insert(id);
        let Some(word) = by_id.get(id) else { continue };
        if text(word, "BlockType") != "WORD" {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(text(word, "Text"));
    }
    out
}

fn child_ids<'a>(block: &'a Value, kind: &str) -> Vec<&'a str> {
    list(block, "Relationships")
        .iter()
        .filter(|r| text(r, "Type") == kind)
        .flat_map(|r| list(r, "Ids").iter().filter_map(Value::as_str))
        .collect()
}

fn related<'a>(
    block: &'a Value,
    kind: &str,
    by_id: &HashMap<&'a str, &'a Value>,
) -> Vec<&'a Value> {
    child_ids(block, kind)
        .into_iter()
        .filter_map(|id| by_id.get(id).copied())
        .collect()
}

fn page_of(block: &Value) -> usize {
    block
        .get("Page")
        .and_then(Value::as_u64)
        .map_or(1, |p| usize::try_from(p).unwrap_or(usize::MAX).max(1))
}

fn top_of(block: &Value) -> f64 {
    block
        .pointer("/Geometry/BoundingBox/Top")
        .and_then(Value::as_f64)
        .unwrap_or(0.0)
}
