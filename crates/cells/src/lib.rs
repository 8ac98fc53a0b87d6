//! Converted tables to grids of cells and the text between them.
//!
//! Most users of jixiao hold not the form itself but what a tool made of
//! it: an OCR or document tool's HTML, Markdown or JSON, or the
//! spreadsheet or Word file a department published. Each module here reads
//! one family of them into [`Block`]s (tables as [`jixiao_page::Grid`]s,
//! lines of text outside them), which the table stage turns into rows like
//! any other source.
//!
//! | module | reads |
//! | --- | --- |
//! | [`html`] | HTML (PP-Structure, Unstructured, Docling exports), Markdown holding HTML tables (MinerU, Azure Document Intelligence) |
//! | [`markdown`] | pandoc's multiline, simple and grid tables, and pipe tables beside them |
//! | [`json`] | MinerU `content_list.json`, Docling JSON, Azure `analyzeResult`, Textract `Blocks`, Unstructured elements |
//! | [`delimited`] | CSV exported from Excel (GBK or UTF-8, merged values in the top-left cell) |
//! | [`sheet`] | `.xlsx`, `.xls`, `.ods` with their merged ranges |
//! | [`docx`] | Word tables with `gridSpan`/`vMerge` and the paragraphs between them |
//! | [`odt`] | OpenDocument text tables (LibreOffice Writer) with their spans |

#![warn(missing_docs)]

pub mod delimited;
pub mod docx;
mod error;
pub mod html;
pub mod json;
pub mod markdown;
pub mod odt;
mod office;
pub mod sheet;
mod xls_shared;

pub use error::CellsError;
pub use jixiao_page::Block;

/// A grid without spans whose cells repeat a merged cell's text (pandas'
/// `read_html` written back to a sheet; see
/// [`jixiao_page::repeats_merged_labels`]) gets those repeats along each
/// row emptied, so a goal or a target spanning columns is read once.
/// Grids that show no such repeats are left alone.
pub(crate) fn collapse_grid_repeats(grid: &mut jixiao_page::Grid) {
    if grid.cells.iter().any(|c| c.row_span > 1 || c.col_span > 1) {
        return;
    }
    let mut rows = vec![vec![String::new(); grid.cols]; grid.rows];
    for c in &grid.cells {
        if let Some(cell) = rows.get_mut(c.row).and_then(|r| r.get_mut(c.col)) {
            cell.clone_from(&c.text);
        }
    }
    if !jixiao_page::repeats_merged_labels(&rows) {
        return;
    }
    jixiao_page::collapse_row_repeats(&mut rows);
    grid.cells.retain(|c| {
        rows.get(c.row)
            .and_then(|r| r.get(c.col))
            .is_some_and(|t| !t.is_empty())
    });
}

/// For sources without page numbers: a table that directly follows a table
/// starts a new page (see [`Block`]).
pub(crate) fn pages_from_tables(blocks: &mut [Block]) {
    let mut page = 1;
    let mut after_table = false;
    for block in blocks {
        match block {
            Block::Text { page: p, .. } => {
                *p = page;
                after_table = false;
            }
            Block::Table(grid) => {
                if after_table {
                    page += 1;
                }
                grid.page = page;
                after_table = true;
            }
        }
    }
}
