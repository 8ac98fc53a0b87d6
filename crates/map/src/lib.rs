//! The map stage: table rows to declaration records.
//!
//! [`map_document`] finds every 财政项目支出绩效目标申报表 (and its
//! relatives) in a [`jixiao_table::Document`], reads the project fields,
//! funding and goals, and rebuilds the indicator table: merged 一级/二级 labels
//! filled over their groups, labels recognised wherever the OCR put them,
//! cells split by a page break joined, and each target parsed. Every repair is
//! recorded in the record's `warnings`.

#![warn(missing_docs)]

mod fields;
mod indicators;
mod quality;
mod record;
pub mod target;
mod unglue;
pub mod vocab;

pub use quality::{assess, At, Level, Quality};
pub use record::{Funding, GoalPeriod, Indicator, OcrInfo, Record, Source, RECORD_SCHEMA_VERSION};
pub use target::{Op, Target};

/// The JSON Schema (draft 2020-12) of a [`Record`] as jixiao writes it:
/// what `jixiao schema` prints and `schema/record.schema.json` holds.
///
/// ```
/// let schema = jixiao_map::record_schema();
/// assert!(schema.get("properties").is_some_and(|p| p.get("indicators").is_some()));
/// ```
pub fn record_schema() -> schemars::Schema {
    let mut schema = schemars::schema_for!(Record);
    schema.insert(
        "$id".into(),
        format!("https://jixiao.invalid/record.schema.v{RECORD_SCHEMA_VERSION}.json").into(),
    );
    // jixiao writes every key, `null` when the form does not say: a record
    // without one is not jixiao's.
    if let Some(map) = schema.as_object_mut() {
        require_every_property(map);
    }
    schema
}

fn require_every_property(map: &mut serde_json::Map<String, serde_json::Value>) {
    if let Some(serde_json::Value::Object(properties)) = map.get("properties") {
        let names = properties
            .keys()
            .cloned()
            .map(serde_json::Value::from)
            .collect();
        map.insert("required".into(), serde_json::Value::Array(names));
    }
    for value in map.values_mut() {
        match value {
            serde_json::Value::Object(inner) => require_every_property(inner),
            serde_json::Value::Array(items) => items
                .iter_mut()
                .filter_map(serde_json::Value::as_object_mut)
                .for_each(require_every_property),
            _ => {}
        }
    }
}

use jixiao_table::{Document, Row};

/// Where a document came from, for the records' `source`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    /// The path as the user gave it (`bundle.zip!/a.pdf` for archive members).
    pub path: String,
    /// Hex SHA-256 of the document's bytes.
    pub sha256: String,
}

/// Why no record could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MapError {
    #[error("no declaration form found (looked for a 绩效目标申报表 title, 项目名称 and the 一级指标/二级指标/三级指标 header){0}")]
    /// No form in the document; the text adds what was seen.
    NoForm(String),
}

/// Maps a document's rows to one record per form, in document order.
pub fn map_document(doc: &Document, source: &SourceInfo) -> Result<Vec<Record>, MapError> {
    // (One template today; issue-12 templates will be chosen per form.)
    let t = vocab::templates()[0];
    let lines: Vec<Line> = doc.rows.iter().map(|row| Line::new(row, t)).collect();
    let spans = form_spans(&lines);
    let mut records = Vec::new();
    for span in spans {
        let rows = &lines[span];
        if let Some(mut record) =
            fields::read_form(rows, t, doc.grid_columns, doc.page_count.is_some())
        {
            record.source = Source {
                path: source.path.clone(),
                sha256: source.sha256.clone(),
                form_index: records.len(),
                pages: record.source.pages,
                ..Source::default()
            };
            record.quality = assess(&record);
            records.push(record);
        }
    }
    if records.is_empty() {
        let hint = if doc.rows.is_empty() {
            " in a document with no text"
        } else {
            ""
        };
        return Err(MapError::NoForm(hint.to_owned()));
    }
    Ok(records)
}

/// What the mapper looks for to find a form, and whether the document has
/// it: `("a 绩效目标申报表 title", true)`, `("a 项目名称 row", false)`,
/// `("the 一级指标/二级指标/三级指标 header", false)`. For telling a user why a
/// document gave no form (`jixiao inspect`).
pub fn form_signs(doc: &Document) -> Vec<(&'static str, bool)> {
    let t = vocab::templates()[0];
    let lines: Vec<Line> = doc.rows.iter().map(|row| Line::new(row, t)).collect();
    let header = lines
        .iter()
        .any(|l| l.keys.iter().filter(|k| t.is_indicator_header(k)).count() >= 2);
    vec![
        ("a 绩效目标申报表 title", lines.iter().any(|l| l.title)),
        ("a 项目名称 row", lines.iter().any(|l| l.project_name)),
        ("the 一级指标/二级指标/三级指标 header", header),
    ]
}

/// A row with what every stage of the mapper asks of it, computed once:
/// its cells' label keys (see [`vocab::label_key`]), and whether it is a
/// form title or a 项目名称 row.
pub(crate) struct Line<'a> {
    pub row: &'a Row,
    pub keys: Vec<String>,
    pub title: bool,
    pub project_name: bool,
    /// A cell is a project field label other than 项目名称 (主管部门,
    /// 实施单位, 项目类别, 项目性质): a form's first rows.
    pub project_field: bool,
}

impl<'a> Line<'a> {
    fn new(row: &'a Row, t: &dyn vocab::Template) -> Self {
        let keys: Vec<String> = row
            .cells
            .iter()
            .map(|c| vocab::label_key(&c.text))
            .collect();
        let project_name = keys.iter().take(2).any(|k| t.is_project_name(k));
        let title = row.cells.len() <= 2 && t.is_title(&keys.concat());
        let project_field = keys.iter().any(|k| {
            use vocab::Field::{Category, Department, Nature, Unit};
            matches!(t.field(k), Some(Department | Unit | Category | Nature))
        });
        Line {
            row,
            keys,
            title,
            project_name,
            project_field,
        }
    }
}

/// Splits the rows into candidate forms: each starts at a title, or at a
/// 项目名称 row that has no title just before it, and runs to the next start.
fn form_spans(rows: &[Line]) -> Vec<std::ops::Range<usize>> {
    let mut starts: Vec<usize> = Vec::new();
    let mut last_title: Option<usize> = None;
    for (i, row) in rows.iter().enumerate() {
        if row.title {
            // A title repeated on a continuation page has no 项目名称 after
            // it, nor any other project field (a 项目名称 label run into its
            // value is not found, but 主管部门 beside it is).
            let opens_form = rows
                .iter()
                .skip(i + 1)
                .take(8)
                .any(|r| r.project_name || r.project_field);
            if opens_form {
                starts.push(i);
                last_title = Some(i);
            }
        } else if row.project_name {
            // A title within the previous eight rows (the window in which a
            // title looks for its 项目名称) already opened this form.
            let opened = last_title.is_some_and(|t| i - t <= 8 && starts.last() == Some(&t));
            if !opened {
                starts.push(i);
            }
            last_title = None;
        }
    }
    let mut spans = Vec::with_capacity(starts.len());
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(rows.len());
        spans.push(start..end);
    }
    spans
}
