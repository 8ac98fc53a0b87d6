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
use jixiao_page::Grid;

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
    let mut doc = Document {
        grid_columns: true,
        ..Document::default()
    };
    let mut last_page = None;
    for grid in grids {
        let new_page = last_page.is_some_and(|p| p != grid.page);
        for (k, r) in grid_rows(grid, |c| c).into_iter().enumerate() {
            doc.rows.push(Row {
                cells: r.cells,
                page: grid.page,
                after_break: k == 0 && new_page,
                line: None,
                in_table: true,
                open_cells: r.open,
            });
        }
        last_page = Some(grid.page);
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
