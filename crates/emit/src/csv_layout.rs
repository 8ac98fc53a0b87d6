//! The spreadsheet layouts: one row per indicator, and one row per form.

use jixiao_map::Record;
use std::io::{self, Write};

/// Column names of the indicator layout, in order.
pub const CSV_HEADER: [&str; 29] = [
    "source_path",
    "source_sha256",
    "form_index",
    "pages",
    "title",
    "fiscal_year",
    "project_name",
    "project_category",
    "department",
    "implementing_unit",
    "planned_start",
    "planned_end",
    "funding_total",
    "funding_fiscal",
    "funding_other",
    "funding_annual_total",
    "funding_annual_appropriation",
    "funding_annual_carryover",
    "funding_annual_other",
    "funding_unit",
    "goal_period",
    "indicator_index",
    "level1",
    "level2",
    "level3",
    "target_raw",
    "target_op",
    "target_value",
    "target_unit",
];

/// How many leading columns of [`CSV_HEADER`] describe the project.
const PROJECT_COLUMNS: usize = 21;

/// Column names of the form layout (`projects.csv`): the project columns
/// of [`CSV_HEADER`], then the goals, the number of indicators and the
/// warnings (joined with `; `).
pub const PROJECT_HEADER: [&str; 25] = project_header();

/// The columns after the project columns in [`PROJECT_HEADER`].
const PROJECT_EXTRA: [&str; 4] = ["overall_goal", "annual_goal", "indicator_count", "warnings"];

const fn project_header() -> [&'static str; PROJECT_COLUMNS + PROJECT_EXTRA.len()] {
    let mut out = [""; PROJECT_COLUMNS + PROJECT_EXTRA.len()];
    let mut i = 0;
    while i < PROJECT_COLUMNS {
        out[i] = CSV_HEADER[i];
        i += 1;
    }
    while i < out.len() {
        out[i] = PROJECT_EXTRA[i - PROJECT_COLUMNS];
        i += 1;
    }
    out
}

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

/// A spreadsheet-ready CSV of one layout: byte-order mark, CRLF, header.
///
/// ```
/// use jixiao_emit::{CsvLayout, CsvTable};
/// let mut table = CsvTable::new(Vec::new(), CsvLayout::Projects).unwrap();
/// table.write(&jixiao_map::Record::default()).unwrap();
/// let out = String::from_utf8(table.finish().unwrap()).unwrap();
/// assert!(out.starts_with("\u{feff}source_path,"));
/// assert_eq!(out.lines().count(), 2);
/// ```
pub struct CsvTable<W: Write> {
    layout: CsvLayout,
    writer: csv::Writer<W>,
}

impl<W: Write> CsvTable<W> {
    /// Writes the byte-order mark and the layout's header.
    pub fn new(mut out: W, layout: CsvLayout) -> io::Result<Self> {
        out.write_all("\u{feff}".as_bytes())?;
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        let header: &[&str] = match layout {
            CsvLayout::Indicators | CsvLayout::IndicatorsOnly => &CSV_HEADER,
            CsvLayout::Projects => &PROJECT_HEADER,
        };
        writer.write_record(header).map_err(io::Error::other)?;
        Ok(CsvTable { layout, writer })
    }

    /// Writes the record's rows.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        let rows = match self.layout {
            CsvLayout::Indicators => csv_rows(record),
            CsvLayout::IndicatorsOnly if record.indicators.is_empty() => Vec::new(),
            CsvLayout::IndicatorsOnly => csv_rows(record),
            CsvLayout::Projects => vec![project_row(record)],
        };
        for row in rows {
            self.writer.write_record(&row).map_err(io::Error::other)?;
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

/// The project columns of a record (the first [`PROJECT_COLUMNS`] of
/// [`CSV_HEADER`]).
fn project_columns(record: &Record) -> Vec<String> {
    let f = &record.funding;
    let columns = vec![
        text(&record.source.path),
        record.source.sha256.clone(),
        record.source.form_index.to_string(),
        record
            .source
            .pages
            .map(|[a, b]| format!("{a}-{b}"))
            .unwrap_or_default(),
        opt_text(&record.title),
        record
            .fiscal_year
            .map(|y| y.to_string())
            .unwrap_or_default(),
        opt_text(&record.project_name),
        opt_text(&record.project_category),
        opt_text(&record.department),
        opt_text(&record.implementing_unit),
        record.planned_start.clone().unwrap_or_default(),
        record.planned_end.clone().unwrap_or_default(),
        number(f.total),
        number(f.fiscal),
        number(f.other),
        number(f.annual_total),
        number(f.annual_appropriation),
        number(f.annual_carryover),
        number(f.annual_other),
        opt_text(&f.unit),
        record
            .goal_period
            .map(|p| format!("{}-{}", p.start, p.end))
            .unwrap_or_default(),
    ];
    debug_assert_eq!(columns.len(), PROJECT_COLUMNS);
    columns
}

/// The indicator-layout rows of one record: one per indicator, or one with
/// empty indicator columns when the form has none.
pub fn csv_rows(record: &Record) -> Vec<Vec<String>> {
    let project = project_columns(record);
    if record.indicators.is_empty() {
        let mut row = project;
        row.resize(CSV_HEADER.len(), String::new());
        return vec![row];
    }
    record
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let mut row = project.clone();
            row.extend([
                i.to_string(),
                opt_text(&ind.level1),
                opt_text(&ind.level2),
                text(&ind.level3),
                text(&ind.target.raw),
                ind.target
                    .op
                    .map(|op| op.as_str().to_owned())
                    .unwrap_or_default(),
                number(ind.target.value),
                ind.target.unit.as_deref().map(text).unwrap_or_default(),
            ]);
            row
        })
        .collect()
}

/// The form-layout row of one record ([`PROJECT_HEADER`]).
pub fn project_row(record: &Record) -> Vec<String> {
    let mut row = project_columns(record);
    row.push(opt_text(&record.overall_goal));
    row.push(opt_text(&record.annual_goal));
    row.push(record.indicators.len().to_string());
    row.push(text(&record.warnings.join("; ")));
    row
}

/// A number as a spreadsheet expects it: integers without `.0`.
fn number(value: Option<f64>) -> String {
    match value {
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", v as i64),
        Some(v) => format!("{v}"),
        None => String::new(),
    }
}

fn opt_text(value: &Option<String>) -> String {
    value.as_deref().map(text).unwrap_or_default()
}

/// Protects text that a spreadsheet would evaluate as a formula.
fn text(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_header_is_the_indicator_header_s_project_part() {
        assert_eq!(
            PROJECT_HEADER[..PROJECT_COLUMNS],
            CSV_HEADER[..PROJECT_COLUMNS]
        );
    }

    #[test]
    fn indicators_only_leaves_out_forms_without_indicators() {
        let mut table = CsvTable::new(Vec::new(), CsvLayout::IndicatorsOnly).unwrap();
        table.write(&Record::default()).unwrap();
        table.write(&crate::tests::sample()).unwrap();
        let out = String::from_utf8(table.finish().unwrap()).unwrap();
        assert_eq!(out.lines().count(), 2);
        let mut table = CsvTable::new(Vec::new(), CsvLayout::Projects).unwrap();
        table.write(&crate::tests::sample()).unwrap();
        let out = String::from_utf8(table.finish().unwrap()).unwrap();
        let row = out.lines().nth(1).unwrap();
        assert!(row.ends_with(",1,"), "{row}");
    }
}
