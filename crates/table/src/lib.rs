//! The table stage: rows of cells, whatever the source.
//!
//! Three kinds of input become one [`Document`], an ordered list of
//! [`Row`]s, each with the page it came from:
//!
//! * lines of OCR'd text ([`from_text`]);
//! * positioned pages, PDF or recognised scans ([`from_pages`]): per page
//!   the ruled tables (`lattice`: cells from ruling lines) or, without any,
//!   the columns read from the text's positions (`stream`); pages joined.
//!   Reading a borderless layout needs a few of the form's words, which the
//!   caller hands in ([`FormWords`]);
//! * grids of cells from sources that already hold them, with the lines of
//!   text between them ([`from_blocks`], [`from_grids`]).
//!
//! Merged cells follow one convention whatever the source: a merged cell
//! is reported on its first row ([`Row::open_cells`] marks where an empty
//! one starts). Cell text is cleaned here once ([`clean_cell`]: HTML tags,
//! LaTeX operators, stray spaces between CJK characters, full-width ASCII),
//! so the mapper sees the same text whatever produced it.

#![warn(missing_docs)]

mod clean;
mod furniture;
mod grid;

mod lines;
mod pages;
mod stream;
mod text;
mod words;

pub use clean::clean_cell;
pub use grid::{from_blocks, from_grids};
pub use jixiao_page::Rect;
pub use pages::from_pages;
pub use text::from_text;
pub use words::{FormWords, GoalColumn, HeaderRole};

/// One cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Cleaned text; never empty (empty cells are not stored).
    pub text: String,
    /// 0-based column where the cell starts. For OCR'd text this is the tab
    /// position and is unreliable; for PDF lattices it is the grid column.
    pub col: usize,
    /// Number of grid columns the cell covers (1 for OCR'd text).
    pub span: usize,
}

/// One table row (or one line of text outside a table, as a single cell).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The non-empty cells, by column.
    pub cells: Vec<Cell>,
    /// 1-based page (PDF) or page-like block (text, where blank lines mark
    /// page breaks) the row was found on.
    pub page: usize,
    /// True for the first row after a page break.
    pub after_break: bool,
    /// 1-based line number in the source text, when there is one.
    pub line: Option<usize>,
    /// True for rows of a table (every tab-separated text line; PDF rows
    /// from a ruled grid or a borderless table), false for prose, titles and
    /// other text outside tables.
    pub in_table: bool,
    /// Columns where an empty cell starts on this row (PDF lattices). In a
    /// column of merged label cells this means "a new group begins here,
    /// its label printed on the other side of a page break"; the mapper
    /// decides whether the column is merged that way.
    pub open_cells: Vec<usize>,
    /// Columns whose cell ended with a drawn rule at the foot of the
    /// previous page, where other columns had none there (PDF lattices:
    /// set on the rows of a table that goes on from there). Calc draws no
    /// rule where the break cuts a merged cell, so an empty cell at the top
    /// of this page in such a column starts a new group, its label printed
    /// further on. (Writer rules every cut cell: a foot ruled right across
    /// says nothing.)
    pub closed_above: Vec<usize>,
    /// Where the row is on its page, in the page's units (points; a
    /// recognised image's pixels scaled to points; y grows downwards from
    /// the top edge):
    /// a ruled row from its top rule to its bottom rule, from the left edge
    /// of its first cell to the right edge of its last; other rows the box
    /// of their glyphs. `None` for inputs without positions (text, HTML,
    /// spreadsheets).
    pub bbox: Option<Rect>,
    /// Columns whose cell's last line of text runs to the cell's right
    /// edge (PDF lattices): the text may go on below, in a row a word
    /// processor broke over a page. Empty for other inputs.
    pub full_cells: Vec<usize>,
}

impl Row {
    /// Text of all cells joined by a single space (for headings and
    /// free-text lines).
    pub fn joined(&self) -> String {
        let mut out = String::new();
        for cell in &self.cells {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&cell.text);
        }
        out
    }
}

/// A document as rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The rows, in reading order, page after page.
    pub rows: Vec<Row>,
    /// Number of PDF pages, or `None` for text input.
    pub page_count: Option<usize>,
    /// True when every cell's `col` is a grid column (ruled or borderless
    /// PDF tables, HTML, spreadsheets); false for OCR'd text, where it is
    /// the cell's tab position and unreliable.
    pub grid_columns: bool,
    /// What the table stage noticed and worked around, or doubts, for the
    /// records' warnings.
    pub notes: Vec<Note>,
    /// Pages (1-based) whose rows came from ruled tables rather than from
    /// the text's positions, for `source.method`.
    pub ruled_pages: Vec<usize>,
}

/// Something the stage that read a document noticed: a repair it made or
/// a doubt, in plain words, and the page it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// 1-based page, when the note concerns one.
    pub page: Option<usize>,
    /// What happened, in plain words.
    pub message: String,
}

impl std::fmt::Display for Note {
    /// `page 3: message`, or the message alone.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.page {
            Some(page) => write!(f, "page {page}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}
