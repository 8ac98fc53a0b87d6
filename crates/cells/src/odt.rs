//! OpenDocument text files (`.odt`, as LibreOffice Writer saves them):
//! `content.xml` read from the zip. Paragraphs and headings outside tables
//! are text lines; a table's cells carry their spans
//! (`table:number-columns-spanned`, `table:number-rows-spanned`), and the
//! positions they cover are written as `table:covered-table-cell`s, which
//! take a column and hold no text.
//!
//! ```
//! // A damaged file is named as one, not read as an empty document.
//! let err = jixiao_cells::odt::read(b"PK\x03\x04content.xml").unwrap_err();
//! assert!(err.to_string().contains("OpenDocument text"));
//! ```

use crate::office::{self, end_paragraph, end_table, Table};
use crate::CellsError;
use jixiao_page::{Block, GridCell};
use quick_xml::events::{BytesStart, Event};

/// The widest span or repeat count honoured: a forged count cannot make a
/// row of millions of columns.
const MAX_SPAN: usize = 1_000;

/// What the errors call the file.
const WHAT: &str = "an OpenDocument text";

/// Reads an `.odt` file's paragraphs and tables.
pub fn read(bytes: &[u8]) -> Result<Vec<Block>, CellsError> {
    let xml = office::part_text(bytes, "content.xml", WHAT)?;
    office::with_tables(parse(&xml)?, WHAT)
}

struct CellDraft {
    col: usize,
    rows: usize,
    cols: usize,
    /// `table:number-columns-repeated`: the same (empty) cell n times.
    repeated: usize,
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
    // Depth of `text:p`/`text:h` elements: text counts only inside one.
    let mut in_paragraph = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| {
            CellsError::Damaged(format!(
                "the OpenDocument text's XML is damaged ({e}); save it again"
            ))
        })?;
        match event {
            Event::Start(e) => match e.local_name().into_inner() {
                "p" | "h" => in_paragraph += 1,
                _ => start(&e, &mut tables, &mut paragraph, in_paragraph > 0),
            },
            Event::Empty(e) => {
                start(&e, &mut tables, &mut paragraph, in_paragraph > 0);
                // An empty cell element has no end of its own.
                if e.local_name().into_inner() == "table-cell" {
                    end_cell(&mut tables);
                }
            }
            Event::Text(t) if in_paragraph > 0 => paragraph.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_paragraph > 0 => office::push_reference(&r, &mut paragraph),
            Event::End(e) => match e.local_name().into_inner() {
                "p" | "h" => {
                    in_paragraph = in_paragraph.saturating_sub(1);
                    if in_paragraph == 0 {
                        end_paragraph(&mut paragraph, &mut tables, &mut blocks);
                    }
                }
                "table-cell" => end_cell(&mut tables),
                "table-row" => office::end_row(&mut tables),
                "table" => end_table(&mut tables, &mut blocks),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(blocks)
}

/// The value of a numeric table attribute (`table:number-columns-spanned`),
/// 1 when absent or unreadable.
fn count(e: &BytesStart, name: &str) -> usize {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_SPAN)
}

/// Handles a start (or empty) element other than a paragraph.
fn start(
    e: &BytesStart,
    tables: &mut Vec<Table<CellDraft>>,
    paragraph: &mut String,
    in_text: bool,
) {
    match e.local_name().into_inner() {
        "s" if in_text => {
            paragraph.extend(std::iter::repeat_n(' ', count(e, "text:c")));
        }
        "tab" if in_text => paragraph.push(' '),
        "line-break" if in_text => paragraph.push('\n'),
        "table" => tables.push(Table::new()),
        "table-row" => {
            if let Some(t) = tables.last_mut() {
                t.col = 0;
            }
        }
        "table-cell" => {
            if let Some(t) = tables.last_mut() {
                t.cell = Some(CellDraft {
                    col: t.col,
                    rows: count(e, "table:number-rows-spanned"),
                    cols: count(e, "table:number-columns-spanned"),
                    repeated: count(e, "table:number-columns-repeated"),
                    text: String::new(),
                });
            }
        }
        "covered-table-cell" => {
            if let Some(t) = tables.last_mut() {
                t.col += count(e, "table:number-columns-repeated");
                t.grid.cols = t.grid.cols.max(t.col);
            }
        }
        _ => {}
    }
}

fn end_cell(tables: &mut [Table<CellDraft>]) {
    let Some(t) = tables.last_mut() else { return };
    let Some(cell) = t.cell.take() else { return };
    // The columns a spanned cell covers are written as covered cells,
    // which move the column on themselves.
    t.col = cell.col + cell.repeated;
    t.grid.cols = t.grid.cols.max(cell.col + cell.cols.max(cell.repeated));
    if cell.text.trim().is_empty() && cell.repeated > 1 {
        return;
    }
    t.grid.push(
        GridCell::new(t.row, cell.col, cell.text.trim().to_owned()).spanning(cell.rows, cell.cols),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    // As LibreOffice writes a merged 一级 label and a goal over two columns.
    const TABLE: &str = r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:text>
        <text:h text:outline-level="1">财政项目支出绩效目标申报表</text:h>
        <table:table table:name="Table1">
          <table:table-column table:number-columns-repeated="3"/>
          <table:table-row>
            <table:table-cell table:number-rows-spanned="2"><text:p>产出<text:line-break/>指标</text:p></table:table-cell>
            <table:table-cell table:number-columns-spanned="2"><text:p>a &amp; b<text:s text:c="2"/>c</text:p></table:table-cell>
            <table:covered-table-cell/>
          </table:table-row>
          <table:table-row>
            <table:covered-table-cell/>
            <table:table-cell><text:p>验收</text:p><text:p>合格率</text:p></table:table-cell>
            <table:table-cell><text:p>≥95%</text:p></table:table-cell>
          </table:table-row>
          <table:table-row>
            <table:table-cell table:number-columns-repeated="2"/>
            <table:table-cell><text:p>末</text:p></table:table-cell>
          </table:table-row>
        </table:table></office:text></office:body></office:document-content>"#;

    #[test]
    fn spans_covered_cells_and_paragraphs() {
        let (title, dims, cells) = crate::office::title_and_table(&parse(TABLE).unwrap());
        assert_eq!(title, "财政项目支出绩效目标申报表");
        assert_eq!(dims, (3, 3));
        let cells: Vec<(usize, usize, usize, usize, &str)> = cells
            .iter()
            .map(|(r, c, rs, cs, t)| (*r, *c, *rs, *cs, t.as_str()))
            .collect();
        assert_eq!(
            cells,
            [
                (0, 0, 2, 1, "产出\n指标"),
                (0, 1, 1, 2, "a & b  c"),
                (1, 1, 1, 1, "验收\n合格率"),
                (1, 2, 1, 1, "≥95%"),
                (2, 2, 1, 1, "末"),
            ]
        );
    }

    #[test]
    fn a_document_without_tables_has_no_form() {
        let xml = r#"<office:document-content xmlns:text="x"><text:p>说明</text:p></office:document-content>"#;
        assert!(parse(xml)
            .unwrap()
            .iter()
            .all(|b| !matches!(b, Block::Table(_))));
    }
}
