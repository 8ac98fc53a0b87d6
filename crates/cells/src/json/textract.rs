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
            for part in &parts {
                covered.insert(text(part, "Id"));
            }
            out.push(cell(m, words(&parts, &by_id, &mut in_tables)));
        }
        for c in cells.iter().filter(|c| !covered.contains(text(c, "Id"))) {
            let t = words(&[*c], &by_id, &mut in_tables);
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

/// A word whose top is within this share of the line's height from the
/// line's top is on that line; a wrapped cell's next line starts a full
/// line height lower.
const SAME_LINE_HEIGHTS: f64 = 0.5;

/// The words of a cell (of all the cells a `MERGED_CELL` covers), in
/// reading order, each marked as inside a table. Textract gives a merged
/// cell's words cell by cell, and a wrapped line lands in the covered cell
/// under its middle: a short last line comes before the long ones. So the
/// words are placed by their boxes: lines top to bottom, words left to
/// right, a space between words (the table stage removes those between CJK
/// characters) and a line break between lines.
fn words<'a>(
    cells: &[&'a Value],
    by_id: &HashMap<&'a str, &'a Value>,
    in_tables: &mut HashSet<&'a str>,
) -> String {
    let mut placed: Vec<(f64, f64, f64, &str)> = Vec::new();
    for cell in cells {
        for id in child_ids(cell, "CHILD") {
            in_tables.insert(id);
            let Some(word) = by_id.get(id) else { continue };
            if text(word, "BlockType") != "WORD" {
                continue;
            }
            let at = |key: &str| {
                word.pointer(&format!("/Geometry/BoundingBox/{key}"))
                    .and_then(Value::as_f64)
                    .unwrap_or(0.0)
            };
            placed.push((at("Top"), at("Left"), at("Height"), text(word, "Text")));
        }
    }
    if placed.iter().all(|w| w.0 == 0.0 && w.1 == 0.0) {
        // No geometry: the order given is all there is.
        return placed.iter().map(|w| w.3).collect::<Vec<_>>().join(" ");
    }
    placed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut lines: Vec<Vec<(f64, &str)>> = Vec::new();
    let mut line_top = f64::NEG_INFINITY;
    let mut line_height = 0.0;
    for (top, left, height, word) in placed {
        match lines.last_mut() {
            Some(line) if top - line_top <= line_height * SAME_LINE_HEIGHTS => {
                line.push((left, word));
            }
            _ => {
                lines.push(vec![(left, word)]);
                line_top = top;
                line_height = height;
            }
        }
    }
    let mut out = String::new();
    for mut line in lines {
        line.sort_by(|a, b| a.0.total_cmp(&b.0));
        if !out.is_empty() {
            out.push('\n');
        }
        let words: Vec<&str> = line.into_iter().map(|(_, w)| w).collect();
        out.push_str(&words.join(" "));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn word(id: &str, text: &str, left: f64, top: f64) -> Value {
        serde_json::json!({"BlockType": "WORD", "Id": id, "Text": text, "Page": 1,
            "Geometry": {"BoundingBox": {"Left": left, "Top": top, "Width": 0.1, "Height": 0.01}}})
    }

    #[test]
    fn a_merged_cells_words_are_read_in_reading_order() {
        // A goal wrapped over two lines in a cell merged over two columns:
        // the long first line's word lies in the right covered cell, the
        // short last line's in the left one, so cell order reads the tail
        // first.
        let cell = |id: &str, col: u64, words: &[&str]| {
            serde_json::json!({"BlockType": "CELL", "Id": id, "RowIndex": 1, "ColumnIndex": col,
                "Page": 1, "Relationships": [{"Type": "CHILD", "Ids": words}]})
        };
        let value = serde_json::json!({"Blocks": [
            {"BlockType": "TABLE", "Id": "t", "Page": 1, "Relationships": [
                {"Type": "CHILD", "Ids": ["c1", "c2"]}, {"Type": "MERGED_CELL", "Ids": ["m"]}]},
            cell("c1", 1, &["w2"]),
            cell("c2", 2, &["w1"]),
            {"BlockType": "MERGED_CELL", "Id": "m", "RowIndex": 1, "ColumnIndex": 1, "ColumnSpan": 2,
             "Page": 1, "Relationships": [{"Type": "CHILD", "Ids": ["c1", "c2"]}]},
            word("w1", "全年完成养护", 0.3, 0.100),
            word("w2", "任务。", 0.1, 0.112),
        ]});
        let blocks = read(&value).unwrap();
        let Block::Table(grid) = &blocks[0] else {
            panic!("no table")
        };
        assert_eq!(grid.cells[0].text, "全年完成养护\n任务。");
        assert_eq!(grid.cells[0].col_span, 2);
    }
}
