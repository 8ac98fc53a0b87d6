//! What the Word (`.docx`) and OpenDocument text (`.odt`) readers share:
//! the XML part read from the zip, and tables being built from nested
//! elements whose paragraphs become cell lines or text lines.

use crate::CellsError;
use jixiao_page::{Block, Grid};
use std::io::Read;

/// The largest XML part inflated: a long report is a few MB; a zip bomb is
/// stopped here.
const MAX_PART_XML: u64 = 256 * 1024 * 1024;

/// The text of `part` in the zip `bytes`; `what` names the kind of file in
/// errors (`a Word document`).
pub(crate) fn part_text(bytes: &[u8], part: &str, what: &str) -> Result<String, CellsError> {
    let damaged = |e: &dyn std::fmt::Display| {
        CellsError::Damaged(format!(
            "{what} that cannot be opened ({e}); it may be truncated: save it again"
        ))
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    let entry = zip.by_name(part).map_err(|e| damaged(&e))?;
    let mut xml = String::new();
    entry
        .take(MAX_PART_XML + 1)
        .read_to_string(&mut xml)
        .map_err(|e| damaged(&e))?;
    if xml.len() as u64 > MAX_PART_XML {
        return Err(CellsError::TooLarge(format!(
            "the text of {what} is over {} MB inflated; this is not a form",
            MAX_PART_XML >> 20
        )));
    }
    Ok(xml)
}

/// Numbers the pages by the tables (these files keep no page numbers) and
/// refuses a document without a table; `what` as in [`part_text`].
pub(crate) fn with_tables(mut blocks: Vec<Block>, what: &str) -> Result<Vec<Block>, CellsError> {
    crate::pages_from_tables(&mut blocks);
    if !blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        return Err(CellsError::NoTable(format!(
            "{what} without any table: there is no form to read"
        )));
    }
    Ok(blocks)
}

/// A cell being read; its text gathers the cell's paragraphs.
pub(crate) trait CellDraft {
    /// The text read so far.
    fn text(&mut self) -> &mut String;
}

/// A table being read: its grid, the row reached, the next column, and the
/// cell being read.
pub(crate) struct Table<C> {
    pub(crate) grid: Grid,
    pub(crate) row: usize,
    pub(crate) col: usize,
    pub(crate) cell: Option<C>,
}

impl<C> Table<C> {
    pub(crate) fn new() -> Table<C> {
        Table {
            grid: Grid::new(1, 0, 0),
            row: 0,
            col: 0,
            cell: None,
        }
    }
}

/// A paragraph ends: a text line outside tables, a line of the cell inside
/// one (the innermost table's cell; a nested table's text joins its cell).
pub(crate) fn end_paragraph<C: CellDraft>(
    paragraph: &mut String,
    tables: &mut [Table<C>],
    blocks: &mut Vec<Block>,
) {
    let text = std::mem::take(paragraph);
    let outside = tables.is_empty();
    match tables.last_mut().and_then(|t| t.cell.as_mut()) {
        Some(cell) => {
            let cell = cell.text();
            if !cell.is_empty() {
                cell.push('\n');
            }
            cell.push_str(&text);
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

/// A character or entity reference in text (`&#x2265;`, `&amp;`): its
/// character, or nothing for an entity XML does not define.
pub(crate) fn push_reference(r: &quick_xml::events::BytesRef, text: &mut String) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        text.push(c);
    } else {
        let name: &str = r;
        if let Some(s) = quick_xml::escape::resolve_predefined_entity(name) {
            text.push_str(s);
        }
    }
}

/// A table row ends.
pub(crate) fn end_row<C>(tables: &mut [Table<C>]) {
    if let Some(t) = tables.last_mut() {
        t.row += 1;
        t.grid.rows = t.row;
    }
}

/// A table ends: a block of its own, or, when nested, text of the cell
/// that holds it.
pub(crate) fn end_table<C: CellDraft>(tables: &mut Vec<Table<C>>, blocks: &mut Vec<Block>) {
    let Some(table) = tables.pop() else { return };
    match tables.last_mut().and_then(|t| t.cell.as_mut()) {
        Some(cell) => {
            let cell = cell.text();
            for c in &table.grid.cells {
                if !cell.is_empty() {
                    cell.push('\n');
                }
                cell.push_str(&c.text);
            }
        }
        None => blocks.push(Block::Table(table.grid)),
    }
}

/// For the readers' tests: a grid cell as (row, col, rows, cols, text).
#[cfg(test)]
pub(crate) type CellAt = (usize, usize, usize, usize, String);

/// For the readers' tests: the first block's text, and the grid of the
/// second as (rows, cols) and its cells.
#[cfg(test)]
pub(crate) fn title_and_table(blocks: &[Block]) -> (String, (usize, usize), Vec<CellAt>) {
    let Some(Block::Text { text, .. }) = blocks.first() else {
        panic!("no text first: {blocks:?}")
    };
    let Some(Block::Table(grid)) = blocks.get(1) else {
        panic!("no table second: {blocks:?}")
    };
    let cells = grid
        .cells
        .iter()
        .map(|c| (c.row, c.col, c.row_span, c.col_span, c.text.clone()))
        .collect();
    (text.clone(), (grid.rows, grid.cols), cells)
}
