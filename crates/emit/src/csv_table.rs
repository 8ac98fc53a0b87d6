//! The layouts as CSV.

use crate::columns::{indicator_rows, project_row, Cell, CSV_HEADER, PROJECT_HEADER};
use jixiao_map::Record;
use std::io::{self, Write};

/// The rows a [`CsvTable`] writes for each record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvLayout {
    /// One row per indicator ([`CSV_HEADER`]); a form without indicators
    /// gets one row with empty indicator columns, so that it is not lost.
    Indicators,
    /// One row per indicator; forms without indicators have none (the
    /// out-dir's `indicators.csv`, beside `projects.csv`, which lists them).
    IndicatorsOnly,
    /// One row per form ([`PROJECT_HEADER`]).
    Projects,
}

/// How text cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CsvOptions {
    /// Put `'` before text a spreadsheet would evaluate as a formula
    /// (`=100%`, `+5`, `-`, `@…`). Off by default: programs (pandas,
    /// DuckDB, R) then read the text exactly as printed; turn it on only
    /// for CSVs that people open in Excel or LibreOffice (the XLSX output
    /// needs no guard: its cells are typed).
    pub formula_guard: bool,
}

/// A CSV of one layout: UTF-8 byte-order mark (so that Excel reads the
/// Chinese text as UTF-8), CRLF, header. Amounts and target values always
/// have a decimal point (`14979100.0`), so that every reader types the
/// column as a decimal one, not as integers that a later `1234.5` breaks;
/// counts, years and pages are integers; warnings are a JSON array.
///
/// ```
/// use jixiao_emit::{CsvLayout, CsvOptions, CsvTable};
/// let mut table = CsvTable::new(Vec::new(), CsvLayout::Projects, CsvOptions::default()).unwrap();
/// table.write(&jixiao_map::Record::default()).unwrap();
/// let out = String::from_utf8(table.finish().unwrap()).unwrap();
/// assert!(out.starts_with("\u{feff}source_path,"));
/// assert_eq!(out.lines().count(), 2);
/// ```
pub struct CsvTable<W: Write> {
    layout: CsvLayout,
    options: CsvOptions,
    writer: csv::Writer<W>,
}

impl<W: Write> CsvTable<W> {
    /// Writes the byte-order mark and the layout's header.
    pub fn new(mut out: W, layout: CsvLayout, options: CsvOptions) -> io::Result<Self> {
        out.write_all("\u{feff}".as_bytes())?;
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        let header: &[&str] = match layout {
            CsvLayout::Indicators | CsvLayout::IndicatorsOnly => &CSV_HEADER,
            CsvLayout::Projects => &PROJECT_HEADER,
        };
        writer.write_record(header).map_err(io::Error::other)?;
        Ok(CsvTable {
            layout,
            options,
            writer,
        })
    }

    /// Writes the record's rows.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        let rows = match self.layout {
            CsvLayout::Indicators => indicator_rows(record),
            CsvLayout::IndicatorsOnly if record.indicators.is_empty() => Vec::new(),
            CsvLayout::IndicatorsOnly => indicator_rows(record),
            CsvLayout::Projects => vec![project_row(record)],
        };
        for row in rows {
            let options = self.options;
            let fields = row.iter().map(|cell| render(cell, options));
            self.writer.write_record(fields).map_err(io::Error::other)?;
        }
        Ok(())
    }

    /// Flushes and returns the output.
    pub fn finish(self) -> io::Result<W> {
        self.writer
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

fn render(cell: &Cell, options: CsvOptions) -> String {
    match cell {
        Cell::Text(s) if options.formula_guard && looks_like_formula(s) => format!("'{s}"),
        Cell::Text(s) => s.clone(),
        Cell::Number(v) => decimal(*v),
        Cell::Integer(n) => n.to_string(),
        Cell::Empty => String::new(),
    }
}

/// A number with a decimal point, never an exponent: `95.0`, `1234.5`,
/// `0.0000001`.
fn decimal(v: f64) -> String {
    // Display never uses an exponent and prints the shortest exact form.
    let mut s = format!("{v}");
    if v.is_finite() && !s.contains('.') {
        s.push_str(".0");
    }
    s
}

/// Text a spreadsheet would take for a formula.
fn looks_like_formula(s: &str) -> bool {
    matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_of(layout: CsvLayout, options: CsvOptions, record: &Record) -> String {
        let mut table = CsvTable::new(Vec::new(), layout, options).unwrap();
        table.write(record).unwrap();
        String::from_utf8(table.finish().unwrap()).unwrap()
    }

    #[test]
    fn numbers_always_have_a_decimal_point() {
        assert_eq!(decimal(14_979_100.0), "14979100.0");
        assert_eq!(decimal(1234.5), "1234.5");
        assert_eq!(decimal(1e-7), "0.0000001");
        assert_eq!(decimal(1e20), "100000000000000000000.0");
    }

    #[test]
    fn text_is_as_printed_unless_the_guard_is_asked_for() {
        let r = crate::tests::sample();
        let plain = csv_of(CsvLayout::Indicators, CsvOptions::default(), &r);
        let row = plain.lines().nth(1).unwrap();
        assert!(row.contains(",14979100.0,"), "{row}");
        assert!(row.contains(",=9块,=,9.0,块"), "{row}");
        let guarded = CsvOptions {
            formula_guard: true,
        };
        let row = csv_of(CsvLayout::Indicators, guarded, &r);
        assert!(row.contains(",'=9块,'=,9.0,块"), "{row}");
    }

    #[test]
    fn indicators_only_leaves_out_forms_without_indicators() {
        let mut table =
            CsvTable::new(Vec::new(), CsvLayout::IndicatorsOnly, CsvOptions::default()).unwrap();
        table.write(&Record::default()).unwrap();
        table.write(&crate::tests::sample()).unwrap();
        let out = String::from_utf8(table.finish().unwrap()).unwrap();
        assert_eq!(out.lines().count(), 2);
        let out = csv_of(
            CsvLayout::Projects,
            CsvOptions::default(),
            &crate::tests::sample(),
        );
        let row = out.lines().nth(1).unwrap();
        assert!(row.ends_with(",1,[]"), "{row}");
    }
}
