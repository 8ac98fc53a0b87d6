//! The layouts as an Excel workbook: a `Forms` sheet (one row per form,
//! [`PROJECT_HEADER`]) and an `Indicators` sheet (one row per indicator,
//! [`CSV_HEADER`]).
//!
//! Cells are typed, which is what the CSV cannot do: text stays text
//! (`=100%` is not a formula and needs no `'`), amounts are numbers, so
//! Excel and LibreOffice sum them and show the Chinese text without an
//! import dialog. The header row is frozen and the columns have widths.

use crate::columns::{indicator_rows, project_row, Cell, CSV_HEADER, PROJECT_HEADER};
use jixiao_map::Record;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::io::{self, Write};

/// Rows of one sheet in the file format; a run with more indicators than
/// this must use CSV or JSON Lines.
const MAX_ROWS: u32 = 1_048_576;

/// Column width (in characters) for long text: names, goals, warnings.
const WIDE: f64 = 40.0;
/// Column width for short text and numbers.
const NARROW: f64 = 14.0;
/// Columns that hold long text.
const WIDE_COLUMNS: [&str; 8] = [
    "source_path",
    "project_name",
    "department",
    "implementing_unit",
    "level3",
    "overall_goal",
    "annual_goal",
    "warnings",
];

const FORMS: usize = 0;
const INDICATORS: usize = 1;

/// Builds the workbook record by record and writes it out at the end.
///
/// The sheets are kept in constant-memory mode (each row goes to a
/// temporary file as it is written), so a large run does not hold every
/// cell in memory.
///
/// ```
/// let mut book = jixiao_emit::XlsxBook::new().unwrap();
/// book.write(&jixiao_map::Record::default()).unwrap();
/// let bytes = book.finish(Vec::new()).unwrap();
/// assert!(bytes.starts_with(b"PK"));
/// ```
pub struct XlsxBook {
    workbook: Workbook,
    next_row: [u32; 2],
}

impl XlsxBook {
    /// A workbook with the two sheets and their headers.
    pub fn new() -> io::Result<XlsxBook> {
        let mut workbook = Workbook::new();
        let bold = Format::new().set_bold();
        for (name, header) in [
            ("Forms", &PROJECT_HEADER[..]),
            ("Indicators", &CSV_HEADER[..]),
        ] {
            let sheet = workbook.add_worksheet_with_constant_memory();
            sheet.set_name(name).map_err(xlsx_error)?;
            start_sheet(sheet, header, &bold).map_err(xlsx_error)?;
        }
        Ok(XlsxBook {
            workbook,
            next_row: [1, 1],
        })
    }

    /// Adds the record's row to `Forms` and its indicators to `Indicators`.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        self.append(FORMS, &project_row(record))?;
        if !record.indicators.is_empty() {
            for row in indicator_rows(record) {
                self.append(INDICATORS, &row)?;
            }
        }
        Ok(())
    }

    /// Writes the finished workbook to `out` and returns it.
    pub fn finish<W: Write>(mut self, mut out: W) -> io::Result<W> {
        let bytes = self.workbook.save_to_buffer().map_err(xlsx_error)?;
        out.write_all(&bytes)?;
        out.flush()?;
        Ok(out)
    }

    fn append(&mut self, sheet: usize, cells: &[Cell]) -> io::Result<()> {
        let row = self.next_row[sheet];
        if row >= MAX_ROWS {
            return Err(io::Error::other(format!(
                "more than {MAX_ROWS} rows for one XLSX sheet, the most Excel opens; use --format csv or jsonl for a run this large"
            )));
        }
        let ws = self
            .workbook
            .worksheet_from_index(sheet)
            .map_err(xlsx_error)?;
        for (col, cell) in cells.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            match cell {
                Cell::Text(s) => ws.write_string(row, col, s).map(|_| ()),
                Cell::Number(v) => ws.write_number(row, col, *v).map(|_| ()),
                // Pages, years and counts are far below 2^53.
                Cell::Integer(n) => ws.write_number(row, col, *n as f64).map(|_| ()),
                Cell::Empty => Ok(()),
            }
            .map_err(xlsx_error)?;
        }
        self.next_row[sheet] = row + 1;
        Ok(())
    }
}

fn start_sheet(sheet: &mut Worksheet, header: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (col, name) in header.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, col, *name, bold)?;
        let width = if WIDE_COLUMNS.contains(name) {
            WIDE
        } else {
            NARROW
        };
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn xlsx_error(e: XlsxError) -> io::Error {
    io::Error::other(format!("cannot write the XLSX workbook: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_is_a_zip_with_both_sheets() {
        let mut book = XlsxBook::new().unwrap();
        book.write(&crate::tests::sample()).unwrap();
        let bytes = book.finish(Vec::new()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(bytes.starts_with(b"PK"));
        assert!(text.contains("xl/worksheets/sheet2.xml"));
    }
}
