//! CSV as spreadsheets export it: Excel's "CSV (逗号分隔)" is GBK on
//! Chinese Windows, "CSV UTF-8" has a byte-order mark; a merged range's
//! value stands in its top-left cell only, the covered cells are empty;
//! quoted cells may hold line breaks; one sheet may hold several forms.

use crate::CellsError;
use jixiao_page::{Block, Grid, GridCell};

/// Lines looked at to tell CSV from other text.
const SNIFF_LINES: usize = 50;

/// True when `text` reads as comma-separated rather than OCR'd text: no
/// tabs, no Markdown pipe rows, and at least half of the first lines hold
/// two or more commas (an amount's thousands separators give one line a
/// comma or two, a CSV row of a six-column form five).
///
/// ```
/// use jixiao_cells::delimited::looks_like_csv;
/// assert!(looks_like_csv("财政项目支出绩效目标申报表,,,,,\r\n项目名称,社会保险服务费,,项目类别,经常性项目,\r\n"));
/// assert!(!looks_like_csv("项目名称\t社会保险服务费\n项目资金总额\t14,979,100\n"));
/// assert!(!looks_like_csv("| 项目资金总额 | 3,120,500 |\n"));
/// ```
pub fn looks_like_csv(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(SNIFF_LINES)
        .collect();
    if lines.is_empty() || lines.iter().any(|l| l.contains('\t') || l.starts_with('|')) {
        return false;
    }
    let comma_rows = lines.iter().filter(|l| l.matches(',').count() >= 2).count();
    comma_rows * 2 >= lines.len()
}

/// Reads decoded CSV text into one grid (page 1): a row per record, the
/// empty cells left out (in a CSV they are a merged range's covered cells
/// as often as empty ones, so they say nothing).
///
/// ```
/// let blocks = jixiao_cells::delimited::read("项目名称,\"社会保险\n服务费\",,项目类别\r\n").unwrap();
/// let jixiao_cells::Block::Table(grid) = &blocks[0] else { panic!() };
/// assert_eq!(grid.cells.len(), 3);
/// assert_eq!(grid.cells[2].col, 3);
/// ```
pub fn read(text: &str) -> Result<Vec<Block>, CellsError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Grid::new(1, 0, 0);
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            CellsError::Damaged(format!(
                "a CSV file that does not parse ({e}); export it again"
            ))
        })?;
        grid.rows = row + 1;
        grid.cols = grid.cols.max(record.len());
        for (col, field) in record.iter().enumerate() {
            if !field.trim().is_empty()
                && !jixiao_extract::text::is_pandas_placeholder(field.trim())
            {
                grid.push(GridCell::new(row, col, field));
            }
        }
    }
    crate::collapse_grid_repeats(&mut grid);
    if grid.cells.is_empty() {
        return Err(CellsError::NoTable(
            "a CSV file without any value".to_owned(),
        ));
    }
    Ok(vec![Block::Table(grid)])
}
