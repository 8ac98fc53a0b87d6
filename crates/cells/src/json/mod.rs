//! The JSON that OCR and document tools write, recognised by its shape
//! (not by the file name: a `.json` may be any of them).
//!
//! | shape | tool |
//! | --- | --- |
//! | an array of items with `type` and `page_idx` | MinerU `content_list.json` |
//! | an object with `schema_name: "DoclingDocument"` (or `texts`, `tables`, `body`) | Docling |
//! | `analyzeResult` (or `tables` + `pages` + `content`) | Azure Document Intelligence |
//! | `Blocks` (or an array of such responses) | AWS Textract |
//! | an array of elements with `type` and `metadata` | Unstructured |

mod azure;
mod docling;
mod mineru;
mod textract;
mod unstructured;

use crate::CellsError;
use jixiao_page::{Block, Grid, GridCell};
use serde_json::Value;

/// Reads a tool's JSON into blocks.
///
/// ```
/// let json = r#"[{"type": "text", "text": "财政项目支出绩效目标申报表", "text_level": 1, "page_idx": 0},
///   {"type": "table", "table_body": "<table><tr><td>项目名称</td><td>社会保险服务费</td></tr></table>", "page_idx": 0}]"#;
/// let (blocks, tool) = jixiao_cells::json::read(json).unwrap();
/// assert_eq!(tool, jixiao_cells::json::Tool::MinerU);
/// assert_eq!(blocks.len(), 2);
/// ```
pub fn read(text: &str) -> Result<(Vec<Block>, Tool), CellsError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        CellsError::Damaged(format!(
            "a JSON file that does not parse ({e}); it may be truncated: export it again"
        ))
    })?;
    let tool = Tool::of(&value).ok_or_else(|| {
        CellsError::UnknownShape(
            "a JSON file of a shape jixiao does not know; it reads MinerU content_list.json, Docling JSON, Azure Document Intelligence analyzeResult, AWS Textract Blocks and Unstructured elements".to_owned(),
        )
    })?;
    let blocks = match tool {
        Tool::MinerU => mineru::read(&value)?,
        Tool::Docling => docling::read(&value)?,
        Tool::Azure => azure::read(value.get("analyzeResult").unwrap_or(&value))?,
        Tool::Textract => textract::read(&value)?,
        Tool::Unstructured => unstructured::read(&value)?,
    };
    if !blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        return Err(CellsError::NoTable(format!(
            "a {} JSON file without any table: there is no form to read",
            tool.name()
        )));
    }
    Ok((blocks, tool))
}

/// The tool a JSON file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// MinerU's `content_list.json`.
    MinerU,
    /// A DoclingDocument.
    Docling,
    /// Azure Document Intelligence `analyzeResult`.
    Azure,
    /// AWS Textract `AnalyzeDocument` / `GetDocumentAnalysis` responses.
    Textract,
    /// Unstructured's element list.
    Unstructured,
}

impl Tool {
    /// The tool's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Tool::MinerU => "MinerU",
            Tool::Docling => "Docling",
            Tool::Azure => "Azure Document Intelligence",
            Tool::Textract => "Textract",
            Tool::Unstructured => "Unstructured",
        }
    }

    /// The record's `source.method` for this tool's JSON.
    pub fn method(self) -> &'static str {
        match self {
            Tool::MinerU => "json-mineru",
            Tool::Docling => "json-docling",
            Tool::Azure => "json-azure",
            Tool::Textract => "json-textract",
            Tool::Unstructured => "json-unstructured",
        }
    }

    fn of(value: &Value) -> Option<Tool> {
        let has = |v: &Value, key: &str| v.get(key).is_some();
        match value {
            Value::Array(items) => {
                let first = items.iter().find(|v| v.is_object())?;
                if has(first, "Blocks") {
                    Some(Tool::Textract)
                } else if has(first, "type") && has(first, "page_idx") {
                    Some(Tool::MinerU)
                } else if has(first, "type") && (has(first, "metadata") || has(first, "element_id"))
                {
                    Some(Tool::Unstructured)
                } else {
                    None
                }
            }
            Value::Object(_) => {
                if has(value, "Blocks") {
                    Some(Tool::Textract)
                } else if has(value, "analyzeResult")
                    || (has(value, "tables") && has(value, "pages") && has(value, "content"))
                {
                    Some(Tool::Azure)
                } else if value.get("schema_name").and_then(Value::as_str)
                    == Some("DoclingDocument")
                    || (has(value, "texts") && has(value, "tables") && has(value, "body"))
                {
                    Some(Tool::Docling)
                } else {
                    None
                }
            }
            _ => None,
        }
    }
}

/// A field as a count (`0` when missing or not a number).
fn count(value: &Value, key: &str) -> usize {
    value
        .get(key)
        .and_then(Value::as_u64)
        .map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX))
}

/// A field as text (`""` when missing).
fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A field as a list (empty when missing).
fn list<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The largest grid a cell list may declare: far beyond any form, small
/// enough that a hostile span cannot exhaust memory downstream.
const MAX_GRID_SIDE: usize = 10_000;

/// A grid from cells given as (row, col, row span, col span, text), spans
/// clamped to the grid's bounds.
fn grid_of(
    page: usize,
    cells: impl IntoIterator<Item = (usize, usize, usize, usize, String)>,
) -> Grid {
    let mut grid = Grid::new(page, 0, 0);
    for (row, col, rows, cols, text) in cells {
        if row >= MAX_GRID_SIDE || col >= MAX_GRID_SIDE {
            continue;
        }
        let rows = rows.clamp(1, MAX_GRID_SIDE - row);
        let cols = cols.clamp(1, MAX_GRID_SIDE - col);
        grid.rows = grid.rows.max(row + rows);
        grid.cols = grid.cols.max(col + cols);
        grid.push(GridCell::new(row, col, text).spanning(rows, cols));
    }
    grid.cells.sort_by_key(|c| (c.row, c.col));
    grid
}

/// Text lines of a multi-line item, each its own block.
fn text_lines(page: usize, text: &str, out: &mut Vec<Block>) {
    for line in text.lines() {
        let line = line.trim();
        if !line.is_empty() {
            out.push(Block::Text {
                page,
                text: line.to_owned(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_told_apart_and_wrong_ones_named() {
        let wrong = read(r#"{"pdf_info": []}"#).unwrap_err();
        assert!(
            matches!(wrong, CellsError::UnknownShape(m) if m.contains("MinerU content_list.json"))
        );
        let cut = read(r#"[{"type": "text", "text": "项目"#).unwrap_err();
        assert!(matches!(cut, CellsError::Damaged(m) if m.contains("truncated")));
        let no_table = read(r#"[{"type": "text", "text": "说明", "page_idx": 0}]"#).unwrap_err();
        assert!(matches!(no_table, CellsError::NoTable(m) if m.contains("MinerU")));
    }

    #[test]
    fn hostile_spans_are_clamped() {
        let grid = grid_of(
            1,
            [
                (0, 0, usize::MAX, 3, "a".to_owned()),
                (usize::MAX, 0, 1, 1, "b".to_owned()),
            ],
        );
        assert_eq!(
            (grid.rows, grid.cols, grid.cells.len()),
            (MAX_GRID_SIDE, 3, 1)
        );
    }
}
