//! Spreadsheets as departments publish them: `.xlsx`, `.xls` (and `.xlsb`)
//! with their merged ranges, `.ods` (whose merged ranges `calamine` does
//! not report: there, as in a CSV, a merged value stands in its top-left
//! cell alone). Each sheet is read like a page.

use crate::CellsError;
use calamine::{open_workbook_auto_from_rs, Data, Dimensions, Reader, Sheets};
use jixiao_page::{Block, Grid, GridCell};
use std::collections::HashMap;
use std::io::Cursor;

/// Cells a sheet may hold before it is refused: a form has a few hundred;
/// a sheet of millions is a data dump, not a declaration form.
const MAX_SHEET_CELLS: usize = 2_000_000;

/// The most rows and columns a sheet has (Excel's limits; ODS and xls
/// have fewer).
const SHEET_MAX_ROWS: u32 = 1_048_576;
const SHEET_MAX_COLS: u32 = 16_384;

/// Reads every sheet of a workbook into a grid of its own page.
///
/// The spreadsheet library panics on some damaged files (an out-of-range
/// sector chain in an OLE2 `.xls`, found by fuzzing): that is caught here
/// and reported as a damaged file, like any other it cannot open.
pub fn read(bytes: &[u8]) -> Result<Vec<Block>, CellsError> {
    std::panic::catch_unwind(|| read_workbook(bytes)).unwrap_or_else(|_| {
        Err(CellsError::Damaged(
            "a spreadsheet the spreadsheet library fails on (a damaged workbook); open it and save it again".to_owned(),
        ))
    })
}

fn read_workbook(bytes: &[u8]) -> Result<Vec<Block>, CellsError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(open_error)?;
    let shared = if matches!(book, Sheets::Xls(_)) {
        crate::xls_shared::shared_formulas(bytes)
    } else {
        HashMap::new()
    };
    let mut blocks = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| {
            CellsError::Damaged(format!(
                "sheet `{name}` cannot be read ({e}); save the workbook again"
            ))
        })?;
        if range.get_size().0.saturating_mul(range.get_size().1) > MAX_SHEET_CELLS {
            return Err(CellsError::TooLarge(format!(
                "sheet `{name}` has more than {MAX_SHEET_CELLS} cells; this is not a form"
            )));
        }
        let merges = merged_ranges(&mut book, &name);
        let formulas = book.worksheet_formula(&name).ok();
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut spans: HashMap<(u32, u32), (u32, u32)> = HashMap::new();
        for m in &merges {
            // (A forged range cannot span more than a sheet holds.)
            let rows = (m.end.0 - m.start.0).saturating_add(1).min(SHEET_MAX_ROWS);
            let cols = (m.end.1 - m.start.1).saturating_add(1).min(SHEET_MAX_COLS);
            spans.insert(m.start, (rows, cols));
        }
        let mut grid = Grid::new(blocks.len() + 1, 0, 0);
        // A formula without a cached value is no used cell of the value
        // range: both ranges are walked.
        let mut texts: std::collections::BTreeMap<(usize, usize), String> = range
            .used_cells()
            .map(|(r, c, v)| ((top as usize + r, left as usize + c), cell_text(v)))
            .collect();
        if let Some(f) = &formulas {
            let (ftop, fleft) = f.start().unwrap_or((0, 0));
            for (r, c, formula) in f.used_cells() {
                if let Some(constant) = typed_constant(formula) {
                    texts.insert((ftop as usize + r, fleft as usize + c), constant);
                }
            }
        }
        // (A `.xls` formula shared by neighbouring cells, which calamine
        // leaves empty.)
        for (row, col, formula) in shared.get(&name).map_or(&[][..], Vec::as_slice) {
            if let Some(constant) = typed_constant(formula) {
                texts.insert((*row as usize, *col as usize), constant);
            }
        }
        for ((row, col), text) in texts {
            if text.trim().is_empty() || jixiao_extract::text::is_pandas_placeholder(text.trim()) {
                continue;
            }
            let (rows, cols) = u32::try_from(row)
                .ok()
                .zip(u32::try_from(col).ok())
                .and_then(|at| spans.get(&at).copied())
                .unwrap_or((1, 1));
            let cell = GridCell::new(row, col, text).spanning(rows as usize, cols as usize);
            grid.rows = grid.rows.max(row + cell.row_span);
            grid.cols = grid.cols.max(col + cell.col_span);
            grid.push(cell);
        }
        if merges.is_empty() {
            crate::collapse_grid_repeats(&mut grid);
        }
        if !grid.cells.is_empty() {
            blocks.push(Block::Table(grid));
        }
    }
    if blocks.is_empty() {
        return Err(CellsError::NoTable(
            "a workbook whose sheets are all empty: there is no form to read".to_owned(),
        ));
    }
    Ok(blocks)
}

fn open_error(e: calamine::Error) -> CellsError {
    let message = e.to_string();
    if message.contains("password") {
        CellsError::Encrypted(
            "a password-protected workbook: open it, remove the password (save without encryption) and read it again".to_owned(),
        )
    } else {
        CellsError::Damaged(format!(
            "a spreadsheet that cannot be opened ({message}); it may be damaged or truncated: save it again"
        ))
    }
}

fn merged_ranges(book: &mut Sheets<Cursor<&[u8]>>, name: &str) -> Vec<Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|m| m.end.0 >= m.start.0 && m.end.1 >= m.start.1)
    .collect()
}

/// A "formula" that is a target typed into the cell (`=100%`, `=249家`:
/// the sheet took the `=` as the start of a formula, and shows `1`, an
/// error or nothing), as typed; `None` for a real formula (a cell
/// reference, a function call). Quoted literals (`="186000株"`,
/// `="4次"/"每月"`, as a converter writes the text back) are unquoted, the
/// operators between them kept.
fn typed_constant(formula: &str) -> Option<String> {
    let f = formula.trim().trim_start_matches("of:=").trim();
    let (mut typed, mut outside) = (String::new(), String::new());
    let mut chars = f.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                typed.push('"');
            }
            ('"', _) => quoted = !quoted,
            (c, true) => typed.push(c),
            (c, false) => {
                typed.push(c);
                outside.push(c);
            }
        }
    }
    let reference = outside
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_alphabetic() && w[1].is_ascii_digit());
    let call = outside.contains('(') || outside.contains('[');
    (!typed.is_empty() && !quoted && !reference && !call).then(|| format!("={typed}"))
}

/// A cell's value as the sheet shows it, near enough: whole numbers without
/// a decimal point, dates as `YYYY-MM-DD`.
fn cell_text(value: &Data) -> String {
    match value {
        Data::String(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if !d.is_duration() => {
            excel_date(d.as_f64()).unwrap_or_else(|| number(d.as_f64()))
        }
        Data::DateTime(d) => number(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// Floats that are whole print as integers (`14979100`, not `14979100.0`).
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// An Excel date serial (days since 1899-12-30, the 1900 system) as
/// `YYYY-MM-DD`; `None` outside years 1900–9999.
fn excel_date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Days from 1970-01-01, then the civil-from-days algorithm.
    let days = serial.floor() as i64 - 25_569;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_numbers_read_as_shown() {
        assert_eq!(excel_date(44562.0).as_deref(), Some("2022-01-01"));
        assert_eq!(excel_date(44926.0).as_deref(), Some("2022-12-31"));
        assert_eq!(number(14_979_100.0), "14979100");
        assert_eq!(number(0.95), "0.95");
        assert_eq!(typed_constant("100%").as_deref(), Some("=100%"));
        assert_eq!(typed_constant("of:=249家").as_deref(), Some("=249家"));
        assert_eq!(typed_constant("\"186000株\"").as_deref(), Some("=186000株"));
        assert_eq!(typed_constant("SUM(B2:B5)"), None);
        assert_eq!(typed_constant("B2+C2"), None);
        // LibreOffice writes `=4次/每月` back as a division of two strings.
        assert_eq!(
            typed_constant("\"4次\"/\"每月\"").as_deref(),
            Some("=4次/每月")
        );
        assert_eq!(typed_constant("\"a\"\"b\"").as_deref(), Some("=a\"b"));
        assert_eq!(typed_constant("\"A1\"").as_deref(), Some("=A1"));
        assert_eq!(typed_constant("\"unclosed"), None);
    }

    #[test]
    fn not_a_workbook_is_damaged() {
        assert!(matches!(
            read(b"PK\x03\x04 not really"),
            Err(CellsError::Damaged(_))
        ));
    }
}
