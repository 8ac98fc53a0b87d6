//! Tables as cells on a grid, merged cells spanning several, and the text
//! between them.

/// A table as cells on a grid of rows and columns.
///
/// A merged cell (a 一级指标 label over its group, `rowspan`/`colspan` in
/// HTML, a merged range in a spreadsheet) is one [`GridCell`] with spans
/// above 1. Grid positions no cell covers are empty. The table stage turns
/// a grid into rows with one convention for every source: a merged cell is
/// reported on its first row only.
///
/// ```
/// use jixiao_page::{Grid, GridCell};
/// let mut grid = Grid::new(1, 2, 3);
/// grid.push(GridCell::new(0, 0, "产出指标").spanning(2, 1));
/// grid.push(GridCell::new(0, 1, "户外招牌更新维修数"));
/// grid.push(GridCell::new(1, 1, "验收合格率"));
/// assert_eq!(grid.cells.len(), 3);
/// assert_eq!(grid.cells[0].row_span, 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    /// 1-based page (or page-like block) the table is on.
    pub page: usize,
    /// Number of grid rows.
    pub rows: usize,
    /// Number of grid columns.
    pub cols: usize,
    /// The cells, in reading order of their top-left corner.
    pub cells: Vec<GridCell>,
}

/// One cell of a [`Grid`]: its top-left grid position, its spans and its
/// text as the source gave it (the table stage cleans it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    /// 0-based grid row of the cell's top edge.
    pub row: usize,
    /// 0-based grid column of the cell's left edge.
    pub col: usize,
    /// Grid rows the cell covers (at least 1).
    pub row_span: usize,
    /// Grid columns the cell covers (at least 1).
    pub col_span: usize,
    /// The cell's text, lines joined; may be empty.
    pub text: String,
}

impl Grid {
    /// An empty grid of `rows` × `cols` on `page`.
    pub fn new(page: usize, rows: usize, cols: usize) -> Grid {
        Grid {
            page,
            rows,
            cols,
            cells: Vec::new(),
        }
    }

    /// Adds a cell.
    pub fn push(&mut self, cell: GridCell) {
        self.cells.push(cell);
    }
}

impl GridCell {
    /// A one-by-one cell at `row`, `col`.
    pub fn new(row: usize, col: usize, text: impl Into<String>) -> GridCell {
        GridCell {
            row,
            col,
            row_span: 1,
            col_span: 1,
            text: text.into(),
        }
    }

    /// The same cell covering `rows` × `cols` grid cells (spans of 0 count
    /// as 1).
    pub fn spanning(self, rows: usize, cols: usize) -> GridCell {
        GridCell {
            row_span: rows.max(1),
            col_span: cols.max(1),
            ..self
        }
    }
}

/// One piece of a document read as cells, in reading order: a table, or a
/// line of text outside the tables (a title, `（2023年度）`, `单位：元`, a
/// paragraph).
///
/// A page break is where the page number changes from one block to the
/// next: a cell source that knows its pages (an OCR tool's page index, a
/// spreadsheet's sheets) numbers them; one that does not starts a new page
/// for each table that directly follows another table (a tool that cuts a
/// form at a page break writes its two parts as two tables).
///
/// ```
/// use jixiao_page::{Block, Grid};
/// let title = Block::Text { page: 1, text: "财政项目支出绩效目标申报表".into() };
/// let table = Block::Table(Grid::new(1, 0, 0));
/// assert_eq!(title.page(), 1);
/// assert_eq!(table.page(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A line of text outside tables.
    Text {
        /// 1-based page (or page-like block).
        page: usize,
        /// The line, as the source gave it.
        text: String,
    },
    /// A table.
    Table(Grid),
}

impl Block {
    /// The block's 1-based page.
    pub fn page(&self) -> usize {
        match self {
            Block::Text { page, .. } => *page,
            Block::Table(grid) => grid.page,
        }
    }
}
