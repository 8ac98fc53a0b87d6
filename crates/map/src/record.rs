//! The record: one per form. Its JSON keys are a contract (see README).

use crate::quality::{At, Quality};
use crate::target::Target;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of the record's shape, in every record as
/// `schema_version`. Bumped when a key changes meaning or is removed (new
/// keys may be added without a bump); `schema/record.schema.json` is its
/// JSON Schema.
pub const RECORD_SCHEMA_VERSION: u32 = 1;

/// One declaration form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Record {
    /// The version of this shape ([`RECORD_SCHEMA_VERSION`]); 0 in records
    /// stored by jixiao versions that did not write it.
    #[serde(default)]
    pub schema_version: u32,
    /// Where the record came from.
    pub source: Source,
    /// The form's title as printed, e.g. 财政项目支出绩效目标申报表;
    /// `None` when the form has none (a table without its title).
    #[schemars(length(min = 1))]
    pub title: Option<String>,
    /// From `( 2022年度 )`.
    pub fiscal_year: Option<i32>,
    /// 项目名称
    #[schemars(length(min = 1))]
    pub project_name: Option<String>,
    /// 项目类别
    #[schemars(length(min = 1))]
    pub project_category: Option<String>,
    /// 主管部门
    #[schemars(length(min = 1))]
    pub department: Option<String>,
    /// 实施单位
    #[schemars(length(min = 1))]
    pub implementing_unit: Option<String>,
    /// 计划开始日期, as `YYYY-MM-DD`.
    #[schemars(length(min = 1))]
    pub planned_start: Option<String>,
    /// 计划完成日期, as `YYYY-MM-DD`.
    #[schemars(length(min = 1))]
    pub planned_end: Option<String>,
    /// 项目资金, in the form's unit.
    pub funding: Funding,
    /// 项目总目标 (项目总体目标)
    #[schemars(length(min = 1))]
    pub overall_goal: Option<String>,
    /// 年度总目标 (年度总体目标)
    #[schemars(length(min = 1))]
    pub annual_goal: Option<String>,
    /// The period under 项目总目标, e.g. `( 2022 年 - 2022年 )`.
    pub goal_period: Option<GoalPeriod>,
    /// The indicator table, row by row.
    pub indicators: Vec<Indicator>,
    /// Every repair and every doubt, in plain words.
    pub warnings: Vec<String>,
    /// How far the record can be trusted: `good`, `check` or `poor`, why,
    /// and the counts it rests on (see [`crate::assess`]).
    #[serde(default)]
    pub quality: Quality,
    /// Where each header field was read, by record key (`project_name`,
    /// `funding.total`, …): page and line. Fields the form does not give
    /// are absent. (Empty in records stored by earlier versions.)
    #[serde(default)]
    pub fields_at: BTreeMap<String, At>,
}

impl Default for Record {
    /// An empty record of the current [`RECORD_SCHEMA_VERSION`].
    fn default() -> Record {
        Record {
            schema_version: RECORD_SCHEMA_VERSION,
            source: Source::default(),
            title: None,
            fiscal_year: None,
            project_name: None,
            project_category: None,
            department: None,
            implementing_unit: None,
            planned_start: None,
            planned_end: None,
            funding: Funding::default(),
            overall_goal: None,
            annual_goal: None,
            goal_period: None,
            indicators: Vec::new(),
            warnings: Vec::new(),
            quality: Quality::default(),
            fields_at: BTreeMap::new(),
        }
    }
}

/// Where a record came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Source {
    /// The document's path as the user gave it.
    pub path: String,
    /// Hex SHA-256 of the document's bytes.
    pub sha256: String,
    /// 0-based position of the form in its document.
    pub form_index: usize,
    /// First and last 1-based PDF page of the form; `null` for text input.
    pub pages: Option<[usize; 2]>,
    /// How the form's text was read: `text` (OCR'd text), `html`,
    /// `markdown`, `csv`, `spreadsheet`, `docx`, `odt`, `json-<tool>` (a
    /// tool's output), `pdf_lattice` (the PDF's own text in ruled tables),
    /// `pdf_borderless` (the PDF's own text, columns from its positions),
    /// `ocr` (recognised by jixiao from page images), `pdf+ocr` (some pages
    /// each way). (Missing in records stored
    /// by earlier versions: read back as empty.)
    #[serde(default)]
    pub method: String,
    /// For text recognised by jixiao: the engine, the model, the pages'
    /// resolutions and the confidence; `null` otherwise.
    #[serde(default)]
    pub ocr: Option<OcrInfo>,
}

/// How the pages of a form were recognised.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct OcrInfo {
    /// The inference engine (`rten 0.27.0`).
    pub engine: String,
    /// The recognition model.
    pub model: String,
    /// The form's pages that were recognised, 1-based.
    pub pages: Vec<usize>,
    /// Their resolutions, pixels per inch, in the same order.
    pub dpi: Vec<f32>,
    /// Mean confidence of the recognised characters, 0 to 1.
    pub mean_confidence: f32,
}

/// 项目资金, in the unit the form states (元 on the Shanghai form).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Funding {
    /// 项目资金总额
    pub total: Option<f64>,
    /// 其中：财政资金
    pub fiscal: Option<f64>,
    /// 其他资金 (left column)
    pub other: Option<f64>,
    /// 年度资金申请总额
    pub annual_total: Option<f64>,
    /// 其中：当年财政拨款
    pub annual_appropriation: Option<f64>,
    /// 上年结转资金
    pub annual_carryover: Option<f64>,
    /// 其他资金 (right column)
    pub annual_other: Option<f64>,
    /// The unit the amounts are in, as the form states it: `"元"` or
    /// `"万元"` (from `单位：元`, `项目资金（元）`, `（万元）`); `None` when the
    /// form does not say.
    #[schemars(length(min = 1))]
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
/// The years a form's goals cover (`( 2024 年 - 2026年 )`).
#[schemars(deny_unknown_fields)]
pub struct GoalPeriod {
    /// First year.
    pub start: i32,
    /// Last year.
    pub end: i32,
}

/// One row of the indicator table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Indicator {
    /// 一级指标 (inferred from the 二级 when the form does not print it);
    /// `None` when neither says.
    #[schemars(length(min = 1))]
    pub level1: Option<String>,
    /// 二级指标; `None` when the form gives none.
    #[schemars(length(min = 1))]
    pub level2: Option<String>,
    /// 三级指标
    pub level3: String,
    /// 指标目标值
    pub target: Target,
    /// Where the indicator's row was read (its first row, when a page break
    /// cut it); `page` and `line` both `null` in records stored by earlier
    /// versions.
    #[serde(default)]
    pub at: At,
}
