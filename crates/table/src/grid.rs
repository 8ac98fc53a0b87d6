//! Grids of cells to rows, with one convention for merged cells whatever
//! the source (a ruled PDF table, an HTML table, a spreadsheet).
//!
//! A merged cell is reported on its first grid row only, with `col` its
//! first grid column and `span` the columns it covers. An empty cell is not
//! reported, but where one starts its column is listed in the row's
//! [`Row::open_cells`](crate::Row::open_cells): in a column of merged
//! labels that means "a new group starts here, its label printed
//! elsewhere" (on the other side of a page break).

use crate::{clean_cell, Cell, Document, Row};
use jixiao_page::{Block, Grid};

/// One grid row that holds the start of a non-empty cell.
pub(crate) struct GridRow {
    /// 0-based grid row.
    pub(crate) index: usize,
    /// The cells starting on it, cleaned, by column.
    pub(crate) cells: Vec<Cell>,
    /// Columns where an empty cell starts on it, increasing.
    pub(crate) open: Vec<usize>,
}

/// The rows of a grid (see the module docs). `column` renumbers a grid
/// column boundary (a table continued from the previous page numbers its
/// columns as there); a cell covers `column(col)..column(col + col_span)`.
pub(crate) fn grid_rows(grid: &Grid, column: impl Fn(usize) -> usize) -> Vec<GridRow> {
    let mut by_row: Vec<Vec<Cell>> = vec![Vec::new(); grid.rows];
    let mut open: Vec<Vec<usize>> = vec![Vec::new(); grid.rows];
    for cell in &grid.cells {
        let text = clean_cell(&cell.text);
        let (col, end) = (column(cell.col), column(cell.col + cell.col_span));
        if text.is_empty() {
            if let Some(row) = open.get_mut(cell.row) {
                row.push(col);
            }
            continue;
        }
        if let Some(row) = by_row.get_mut(cell.row) {
            row.push(Cell {
                text,
                col,
                span: end.saturating_sub(col).max(1),
            });
        }
    }
    by_row
        .into_iter()
        .zip(open)
        .enumerate()
        .filter(|(_, (cells, _))| !cells.is_empty())
        .map(|(index, (mut cells, mut open))| {
            cells.sort_by_key(|c| c.col);
            open.sort_unstable();
            GridRow { index, cells, open }
        })
        .collect()
}

/// Builds a document from grids of cells (HTML tables, spreadsheets, the
/// cell lists of OCR tools), in order; each grid's rows are on its page,
/// the first row of a grid on a later page follows a page break.
///
/// ```
/// use jixiao_page::{Grid, GridCell};
/// let mut grid = Grid::new(1, 2, 2);
/// grid.push(GridCell::new(0, 0, "产出指标").spanning(2, 1));
/// grid.push(GridCell::new(0, 1, "户外招牌更新维修数"));
/// grid.push(GridCell::new(1, 1, "验收合格率"));
/// let doc = jixiao_table::from_grids(&[grid]);
/// assert_eq!(doc.rows.len(), 2);
/// assert_eq!(doc.rows[0].joined(), "产出指标 户外招牌更新维修数");
/// assert_eq!(doc.rows[1].cells[0].col, 1);
/// ```
pub fn from_grids(grids: &[Grid]) -> Document {
    let blocks: Vec<Block> = grids.iter().cloned().map(Block::Table).collect();
    from_blocks(&blocks)
}

/// Builds a document from tables and the lines of text between them (see
/// [`Block`]): a table's rows are table rows, a text line one row of one
/// cell outside tables (a markdown heading's `#` marks removed); the first
/// row on a new page follows a page break.
///
/// ```
/// use jixiao_page::{Block, Grid, GridCell};
/// let mut grid = Grid::new(1, 1, 2);
/// grid.push(GridCell::new(0, 0, "项目名称"));
/// grid.push(GridCell::new(0, 1, "社会保险服务费"));
/// let blocks = [
///     Block::Text { page: 1, text: "# 财政项目支出绩效目标申报表".into() },
///     Block::Table(grid),
/// ];
/// let doc = jixiao_table::from_blocks(&blocks);
/// assert_eq!(doc.rows[0].joined(), "财政项目支出绩效目标申报表");
/// assert!(!doc.rows[0].in_table);
/// assert!(doc.rows[1].in_table);
/// ```
pub fn from_blocks(blocks: &[Block]) -> Document {
    let mut doc = Document {
        grid_columns: true,
        ..Document::default()
    };
    let mut last_page = None;
    let mut push = |doc: &mut Document, row: Row| {
        let after_break = last_page.is_some_and(|p| p != row.page);
        last_page = Some(row.page);
        doc.rows.push(Row { after_break, ..row });
    };
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Text { page, text } => {
                let text = clean_cell(crate::text::strip_heading(text));
                // Page numbers (`第 1 页`, `- 3 -`) a tool kept as text; a
                // bare number only as its page's first or last line.
                let page_changes = |j: Option<usize>| {
                    j.and_then(|j| blocks.get(j))
                        .is_none_or(|b| b.page() != *page)
                };
                let at_edge = page_changes(i.checked_sub(1)) || page_changes(Some(i + 1));
                let y_frac = if at_edge { 1.0 } else { 0.5 };
                if text.is_empty() || crate::furniture::is_page_number(&text, y_frac) {
                    continue;
                }
                let row = Row {
                    cells: vec![Cell {
                        text,
                        col: 0,
                        span: 1,
                    }],
                    page: *page,
                    after_break: false,
                    line: None,
                    in_table: false,
                    open_cells: Vec::new(),
                    closed_above: Vec::new(),
                    full_cells: Vec::new(),
                    bbox: None,
                };
                push(&mut doc, row);
            }
            Block::Table(grid) => {
                for r in grid_rows(grid, |c| c) {
                    let row = Row {
                        cells: r.cells,
                        page: grid.page,
                        after_break: false,
                        line: None,
                        in_table: true,
                        open_cells: r.open,
                        closed_above: Vec::new(),
                        full_cells: Vec::new(),
                        bbox: None,
                    };
                    push(&mut doc, row);
                }
            }
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use jixiao_page::GridCell;

    #[test]
    fn merged_cells_on_their_first_row_and_empty_ones_open() {
        let mut grid = Grid::new(1, 3, 3);
        grid.push(GridCell::new(0, 0, "产出指标").spanning(3, 1));
        grid.push(GridCell::new(0, 1, "数量指标").spanning(2, 1));
        grid.push(GridCell::new(0, 2, "a"));
        grid.push(GridCell::new(1, 2, "b"));
        grid.push(GridCell::new(2, 1, ""));
        grid.push(GridCell::new(2, 2, "c"));
        let rows = grid_rows(&grid, |c| c);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].cells.len(), 3);
        assert_eq!(rows[1].cells.len(), 1);
        assert_eq!(rows[2].open, vec![1]);
        // Renumbered columns: the span follows the boundaries.
        let wide = grid_rows(&grid, |c| 2 * c);
        assert_eq!((wide[0].cells[1].col, wide[0].cells[1].span), (2, 2));
    }

    #[test]
    fn a_grid_on_a_later_page_follows_a_break() {
        let mut a = Grid::new(1, 1, 1);
        a.push(GridCell::new(0, 0, "x"));
        let mut b = Grid::new(2, 1, 1);
        b.push(GridCell::new(0, 0, "y"));
        let doc = from_grids(&[a, b]);
        assert!(!doc.rows[0].after_break);
        assert!(doc.rows[1].after_break);
        assert_eq!(doc.rows[1].page, 2);
    }
}
