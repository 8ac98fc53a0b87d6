//! Word files (`.docx`): `word/document.xml` read from the zip. Paragraphs
//! outside tables are text lines; a table's cells are placed on its grid
//! by `gridBefore` and `gridSpan`, and a `vMerge` continuation lengthens
//! the cell above it instead of starting one.

use crate::CellsError;
use jixiao_page::{Block, Grid, GridCell};
use quick_xml::events::{BytesStart, Event};
use std::io::Read;

/// The largest `word/document.xml` inflated: a long report is a few MB; a
/// zip bomb is stopped here.
const MAX_DOCUMENT_XML: u64 = 256 * 1024 * 1024;
/// The widest `gridSpan`/`gridBefore` honoured.
const MAX_GRID_SPAN: usize = 1_000;

/// Reads a `.docx` file's paragraphs and tables.
pub fn read(bytes: &[u8]) -> Result<Vec<Block>, CellsError> {
    let xml = document_xml(bytes)?;
    let mut blocks = parse(&xml)?;
    crate::pages_from_tables(&mut blocks);
    if !blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        return Err(CellsError::NoTable(
            "a Word document without any table: there is no form to read".to_owned(),
        ));
    }
    Ok(blocks)
}

fn document_xml(bytes: &[u8]) -> Result<String, CellsError> {
    let damaged = |e: &dyn std::fmt::Display| {
        CellsError::Damaged(format!(
            "a Word document that cannot be opened ({e}); it may be truncated: save it again"
        ))
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    let entry = zip.by_name("word/document.xml").map_err(|e| damaged(&e))?;
    let mut xml = String::new();
    entry
        .take(MAX_DOCUMENT_XML + 1)
        .read_to_string(&mut xml)
        .map_err(|e| damaged(&e))?;
    if xml.len() as u64 > MAX_DOCUMENT_XML {
        return Err(CellsError::TooLarge(format!(
            "the Word document's text is over {} MB inflated; this is not a form",
            MAX_DOCUMENT_XML >> 20
        )));
    }
    Ok(xml)
}

/// A table being read: its grid, the row and column reached, and where the
/// cell being read starts.
struct Table {
    grid: Grid,
    row: usize,
    col: usize,
    cell: Option<CellDraft>,
}

struct CellDraft {
    col: usize,
    span: usize,
    /// `Some(true)` for `vMerge="restart"`, `Some(false)` for a continuation.
    merge: Option<bool>,
    text: String,
}

fn parse(xml: &str) -> Result<Vec<Block>, CellsError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut blocks = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut paragraph = String::new();
    let mut in_text = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            CellsError::Damaged(format!(
                "the Word document's XML is damaged ({e}); save it again"
            ))
        })?;
        match event {
            Event::Start(e) => {
                in_text = start(&e, &mut tables, &mut paragraph) || in_text;
            }
            Event::Empty(e) => {
                start(&e, &mut tables, &mut paragraph);
            }
            Event::Text(t) if in_text => paragraph.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    paragraph.push(c);
                } else {
                    let name: &str = &r;
                    if let Some(s) = quick_xml::escape::resolve_predefined_entity(name) {
                        paragraph.push_str(s);
                    }
                }
            }
            Event::End(e) => match e.local_name().into_inner() {
                "t" => in_text = false,
                "p" => end_paragraph(&mut paragraph, &mut tables, &mut blocks),
                "tc" => end_cell(&mut tables),
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.row += 1;
                        t.grid.rows = t.row;
                    }
                }
                "tbl" => end_table(&mut tables, &mut blocks),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(blocks)
}

/// Handles a start (or empty) element; true when text follows (`w:t`).
fn start(e: &BytesStart, tables: &mut Vec<Table>, paragraph: &mut String) -> bool {
    let val = || {
        e.try_get_attribute("w:val")
            .ok()
            .flatten()
            .map(|a| a.value.to_string())
    };
    let count = || {
        val()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, MAX_GRID_SPAN)
    };
    match e.local_name().into_inner() {
        "t" => return true,
        "tab" => paragraph.push(' '),
        "br" | "cr" => paragraph.push('\n'),
        "tbl" => tables.push(Table {
            grid: Grid::new(1, 0, 0),
            row: 0,
            col: 0,
            cell: None,
        }),
        "tr" => {
            if let Some(t) = tables.last_mut() {
                t.col = 0;
            }
        }
        "gridBefore" => {
            if let Some(t) = tables.last_mut() {
                t.col += count();
            }
        }
        "tc" => {
            if let Some(t) = tables.last_mut() {
                t.cell = Some(CellDraft {
                    col: t.col,
                    span: 1,
                    merge: None,
                    text: String::new(),
                });
            }
        }
        "gridSpan" => {
            if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                cell.span = count();
            }
        }
        "vMerge" => {
            if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                cell.merge = Some(val().as_deref() == Some("restart"));
            }
        }
        _ => {}
    }
    false
}

/// A paragraph ends: a text line outside tables, a line of the cell inside
/// one (the innermost table's cell; a nested table's text joins its cell).
fn end_paragraph(paragraph: &mut String, tables: &mut [Table], blocks: &mut Vec<Block>) {
    let text = std::mem::take(paragraph);
    let outside = tables.is_empty();
    match tables.last_mut().and_then(|t| t.cell.as_mut()) {
        Some(cell) => {
            if !cell.text.is_empty() {
                cell.text.push('\n');
            }
            cell.text.push_str(&text);
        }
        None if outside => {
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                blocks.push(Block::Text {
                    page: 1,
                    text: line.to_owned(),
                });
            }
        }
        None => {}
    }
}

fn end_cell(tables: &mut [Table]) {
    let Some(t) = tables.last_mut() else { return };
    let Some(cell) = t.cell.take() else { return };
    t.col = cell.col + cell.span;
    t.grid.cols = t.grid.cols.max(t.col);
    if cell.merge == Some(false) {
        // A continuation: the cell above that starts in this column grows.
        let row = t.row;
        let above = t
            .grid
            .cells
            .iter_mut()
            .rev()
            .find(|c| c.col == cell.col && c.row + c.row_span == row);
        if let Some(above) = above {
            above.row_span += 1;
            return;
        }
    }
    t.grid
        .push(GridCell::new(t.row, cell.col, cell.text.trim().to_owned()).spanning(1, cell.span));
}

/// A table ends: a block of its own, or, when nested, text of the cell
/// that holds it.
fn end_table(tables: &mut Vec<Table>, blocks: &mut Vec<Block>) {
    let Some(table) = tables.pop() else { return };
    match tables.last_mut().and_then(|t| t.cell.as_mut()) {
        Some(cell) => {
            for c in &table.grid.cells {
                if !cell.text.is_empty() {
                    cell.text.push('\n');
                }
                cell.text.push_str(&c.text);
            }
        }
        None => blocks.push(Block::Table(table.grid)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = r#"<w:document xmlns:w="w"><w:body>
        <w:p><w:r><w:t>财政项目支出绩效目标申报表</w:t></w:r></w:p>
        <w:tbl>
          <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>产出指标</w:t></w:r></w:p></w:tc>
                <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>a &amp; b</w:t></w:r></w:p></w:tc></w:tr>
          <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
                <w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p><w:p><w:r><w:t>d</w:t></w:r></w:p></w:tc>
                <w:tc><w:p><w:r><w:t>≥95%</w:t></w:r></w:p></w:tc></w:tr>
        </w:tbl></w:body></w:document>"#;

    #[test]
    fn spans_merges_and_paragraphs() {
        let blocks = parse(TABLE).unwrap();
        assert!(
            matches!(&blocks[0], Block::Text { text, .. } if text == "财政项目支出绩效目标申报表")
        );
        let Block::Table(grid) = &blocks[1] else {
            panic!("no table")
        };
        assert_eq!((grid.rows, grid.cols), (2, 3));
        let cells: Vec<(usize, usize, usize, usize, &str)> = grid
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.row_span, c.col_span, c.text.as_str()))
            .collect();
        assert_eq!(
            cells,
            [
                (0, 0, 2, 1, "产出指标"),
                (0, 1, 1, 2, "a & b"),
                (1, 1, 1, 1, "c\nd"),
                (1, 2, 1, 1, "≥95%")
            ]
        );
    }

    #[test]
    fn a_truncated_file_is_damaged() {
        assert!(matches!(
            read(b"PK\x03\x04word/document.xml"),
            Err(CellsError::Damaged(_))
        ));
    }
}
