//! Word files (`.docx`): `word/document.xml` read from the zip. Paragraphs
//! outside tables are text lines; a table's cells are placed on its grid
//! by `gridBefore` and `gridSpan`, and a `vMerge` continuation lengthens
//! the cell above it instead of starting one.

use crate::office::{self, end_paragraph, end_table, Table};
use crate::CellsError;
use jixiao_page::{Block, GridCell};
use quick_xml::events::{BytesStart, Event};

/// The widest `gridSpan`/`gridBefore` honoured.
const MAX_GRID_SPAN: usize = 1_000;

/// What the errors call the file.
const WHAT: &str = "a Word document";

/// Reads a `.docx` file's paragraphs and tables.
pub fn read(bytes: &[u8]) -> Result<Vec<Block>, CellsError> {
    let xml = office::part_text(bytes, "word/document.xml", WHAT)?;
    office::with_tables(parse(&xml)?, WHAT)
}

struct CellDraft {
    col: usize,
    span: usize,
    /// `Some(true)` for `vMerge="restart"`, `Some(false)` for a continuation.
    merge: Option<bool>,
    text: String,
}

impl office::CellDraft for CellDraft {
    fn text(&mut self) -> &mut String {
        &mut self.text
    }
}

fn parse(xml: &str) -> Result<Vec<Block>, CellsError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut blocks = Vec::new();
    let mut tables: Vec<Table<CellDraft>> = Vec::new();
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
            Event::GeneralRef(r) if in_text => office::push_reference(&r, &mut paragraph),
            Event::End(e) => match e.local_name().into_inner() {
                "t" => in_text = false,
                "p" => end_paragraph(&mut paragraph, &mut tables, &mut blocks),
                "tc" => end_cell(&mut tables),
                "tr" => office::end_row(&mut tables),
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
fn start(e: &BytesStart, tables: &mut Vec<Table<CellDraft>>, paragraph: &mut String) -> bool {
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
        "tbl" => tables.push(Table::new()),
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

fn end_cell(tables: &mut [Table<CellDraft>]) {
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
        let (title, dims, cells) = crate::office::title_and_table(&parse(TABLE).unwrap());
        assert_eq!(title, "财政项目支出绩效目标申报表");
        assert_eq!(dims, (2, 3));
        let cells: Vec<(usize, usize, usize, usize, &str)> = cells
            .iter()
            .map(|(r, c, rs, cs, t)| (*r, *c, *rs, *cs, t.as_str()))
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
