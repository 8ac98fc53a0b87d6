//! The emit stage: records out as JSON, JSON Lines, CSV or an Excel
//! workbook.
//!
//! [`RecordWriter`] writes the `--format` output, one record at a time.
//! The spreadsheet layouts are one row per indicator with the project
//! columns repeated (what an analyst filters, [`CSV_HEADER`]) and one row
//! per form ([`PROJECT_HEADER`]), as typed [`Cell`]s; [`CsvTable`] writes
//! them as CSV (UTF-8 with a byte-order mark, CRLF, amounts always with a
//! decimal point, an optional formula guard) and [`XlsxBook`] as a
//! workbook with a `Forms` and an `Indicators` sheet.

#![warn(missing_docs)]

mod columns;
mod csv_table;
mod xlsx;

pub use columns::{indicator_rows, project_row, Cell, CSV_HEADER, PROJECT_HEADER};
pub use csv_table::{CsvLayout, CsvOptions, CsvTable};
pub use xlsx::XlsxBook;

use jixiao_map::Record;
use std::io::{self, Write};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON array of records.
    Json,
    /// One record per line.
    Jsonl,
    /// One row per indicator ([`CsvLayout::Indicators`]).
    Csv,
    /// An Excel workbook ([`XlsxBook`]), written when the run ends.
    Xlsx,
}

impl Format {
    /// The format a file name's ending asks for (`-o x.csv`): `.json`,
    /// `.jsonl`/`.ndjson`, `.csv`, `.xlsx`.
    ///
    /// ```
    /// use jixiao_emit::Format;
    /// assert_eq!(Format::of_path("out/records.XLSX"), Some(Format::Xlsx));
    /// assert_eq!(Format::of_path("records.txt"), None);
    /// ```
    pub fn of_path(path: &str) -> Option<Format> {
        let (_, ext) = path.rsplit_once('.')?;
        match ext.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// Writes records one at a time, so that nothing is held back.
///
/// ```
/// use jixiao_emit::{Format, RecordWriter};
/// let mut out = Vec::new();
/// let mut writer = RecordWriter::new(&mut out, Format::Jsonl).unwrap();
/// writer.write(&jixiao_map::Record::default()).unwrap();
/// writer.finish().unwrap();
/// assert!(String::from_utf8(out).unwrap().starts_with("{\"schema_version\":1,\"source\":"));
/// ```
pub struct RecordWriter<W: Write> {
    format: Format,
    inner: Inner<W>,
    count: usize,
}

enum Inner<W: Write> {
    Plain(W),
    Csv(Box<CsvTable<W>>),
    Xlsx(Box<XlsxBook>, W),
}

impl<W: Write> RecordWriter<W> {
    /// Starts the output (the `[` of a JSON array, the CSV header), with
    /// the CSV written as [`CsvOptions::default`] says.
    pub fn new(out: W, format: Format) -> io::Result<Self> {
        Self::with_csv_options(out, format, CsvOptions::default())
    }

    /// As [`RecordWriter::new`], with a CSV written as `csv` says.
    pub fn with_csv_options(mut out: W, format: Format, csv: CsvOptions) -> io::Result<Self> {
        let inner = match format {
            Format::Json => {
                out.write_all(b"[")?;
                Inner::Plain(out)
            }
            Format::Jsonl => Inner::Plain(out),
            Format::Csv => Inner::Csv(Box::new(CsvTable::new(out, CsvLayout::Indicators, csv)?)),
            Format::Xlsx => Inner::Xlsx(Box::new(XlsxBook::new()?), out),
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
            Inner::Csv(table) => table.write(record)?,
            Inner::Xlsx(book, _) => book.write(record)?,
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
            Inner::Csv(table) => table.finish(),
            Inner::Xlsx(book, out) => book.finish(out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jixiao_map::{Indicator, Target};

    pub(crate) fn sample() -> Record {
        let mut r = Record {
            title: Some("财政项目支出绩效目标申报表".into()),
            ..Record::default()
        };
        r.funding.total = Some(14_979_100.0);
        r.indicators.push(Indicator {
            level1: Some("产出指标".into()),
            level2: Some("数量指标".into()),
            level3: "户外招牌更新维修数".into(),
            target: Target::parse("=9块"),
            at: jixiao_map::At::new(Some(1), None, None),
        });
        r
    }

    #[test]
    fn csv_has_bom_header_and_text_as_printed() {
        let mut w = RecordWriter::new(Vec::new(), Format::Csv).unwrap();
        w.write(&sample()).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(out.starts_with("\u{feff}source_path,"));
        let line = out.lines().nth(1).unwrap();
        assert!(line.contains(",14979100.0,"), "{line}");
        assert!(line.contains(",=9块,=,9.0,块"), "{line}");
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
