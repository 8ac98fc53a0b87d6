//! The emit stage: records out as JSON, JSON Lines or CSV.
//!
//! The CSV has one row per indicator with the project columns repeated: the
//! table an analyst opens in a spreadsheet. It starts with a UTF-8 byte-order
//! mark so that Excel reads the Chinese text as UTF-8, and text cells that
//! Excel would take for a formula (`=100%`, `+5`, `-`, `@`) get a leading
//! apostrophe; the parsed `target_op`/`target_value`/`target_unit` columns
//! carry the same information unaltered.

use jixiao_map::Record;
use std::io::{self, Write};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON array of records.
    Json,
    /// One record per line.
    Jsonl,
    /// One row per indicator.
    Csv,
}

/// Writes records one at a time, so that nothing is held back.
///
/// ```
/// use jixiao_emit::{Format, RecordWriter};
/// let mut out = Vec::new();
/// let mut writer = RecordWriter::new(&mut out, Format::Jsonl).unwrap();
/// writer.write(&jixiao_map::Record::default()).unwrap();
/// writer.finish().unwrap();
/// assert!(String::from_utf8(out).unwrap().starts_with("{\"source\":"));
/// ```
pub struct RecordWriter<W: Write> {
    format: Format,
    inner: Inner<W>,
    count: usize,
}

enum Inner<W: Write> {
    Plain(W),
    Csv(Box<csv::Writer<W>>),
}

/// Column names of the CSV, in order.
pub const CSV_HEADER: [&str; 28] = [
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

impl<W: Write> RecordWriter<W> {
    /// Starts the output (the `[` of a JSON array, the CSV header).
    pub fn new(mut out: W, format: Format) -> io::Result<Self> {
        let inner = match format {
            Format::Json => {
                out.write_all(b"[")?;
                Inner::Plain(out)
            }
            Format::Jsonl => Inner::Plain(out),
            Format::Csv => {
                out.write_all("\u{feff}".as_bytes())?;
                let mut w = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(out);
                w.write_record(CSV_HEADER).map_err(io::Error::other)?;
                Inner::Csv(Box::new(w))
            }
        };
        Ok(RecordWriter {
            format,
            inner,
            count: 0,
        })
    }

    /// Writes one record.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        match &mut self.inner {
            Inner::Plain(out) => {
                if self.format == Format::Json {
                    out.write_all(if self.count == 0 { b"\n" } else { b",\n" })?;
                    serde_json::to_writer_pretty(&mut *out, record)?;
                } else {
                    serde_json::to_writer(&mut *out, record)?;
                    out.write_all(b"\n")?;
                }
            }
            Inner::Csv(w) => {
                for row in csv_rows(record) {
                    w.write_record(&row).map_err(io::Error::other)?;
                }
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Ends the output (the `]` of a JSON array) and flushes.
    pub fn finish(self) -> io::Result<W> {
        match self.inner {
            Inner::Plain(mut out) => {
                if self.format == Format::Json {
                    out.write_all(if self.count == 0 { b"]\n" } else { b"\n]\n" })?;
                }
                out.flush()?;
                Ok(out)
            }
            Inner::Csv(w) => w.into_inner().map_err(|e| io::Error::other(e.to_string())),
        }
    }
}

/// The CSV rows of one record: one per indicator, or one with empty
/// indicator columns when the form has none (so the project is not lost).
pub fn csv_rows(record: &Record) -> Vec<Vec<String>> {
    let f = &record.funding;
    let project: Vec<String> = vec![
        text(&record.source.path),
        record.source.sha256.clone(),
        record.source.form_index.to_string(),
        record
            .source
            .pages
            .map(|[a, b]| format!("{a}-{b}"))
            .unwrap_or_default(),
        text(&record.title),
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
        record
            .goal_period
            .map(|p| format!("{}-{}", p.start, p.end))
            .unwrap_or_default(),
    ];
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
                text(&ind.level1),
                text(&ind.level2),
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
    use jixiao_map::{Indicator, Target};

    fn sample() -> Record {
        let mut r = Record {
            title: "财政项目支出绩效目标申报表".into(),
            ..Record::default()
        };
        r.funding.total = Some(14_979_100.0);
        r.indicators.push(Indicator {
            level1: "产出指标".into(),
            level2: "数量指标".into(),
            level3: "户外招牌更新维修数".into(),
            target: Target::parse("=9块"),
        });
        r
    }

    #[test]
    fn csv_has_bom_header_and_formula_guard() {
        let mut w = RecordWriter::new(Vec::new(), Format::Csv).unwrap();
        w.write(&sample()).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(out.starts_with("\u{feff}source_path,"));
        let line = out.lines().nth(1).unwrap();
        assert!(line.contains(",14979100,"), "{line}");
        assert!(line.contains(",'=9块,=,9,块"), "{line}");
    }

    #[test]
    fn json_array_is_valid_even_when_empty() {
        let w = RecordWriter::new(Vec::new(), Format::Json).unwrap();
        let out = w.finish().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v, serde_json::json!([]));
        let mut w = RecordWriter::new(Vec::new(), Format::Json).unwrap();
        w.write(&sample()).unwrap();
        w.write(&sample()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&w.finish().unwrap()).unwrap();
        assert_eq!(v.as_array().map(|a| a.len()), Some(2));
    }
}
