//! How far a record can be trusted, and where its values were read.
//!
//! A garbage record from a noisy scan must not look like a good one:
//! [`assess`] grades every record `good`, `check` or `poor` from what it
//! holds (indicators without targets or levels, missing header fields, the
//! recogniser's confidence), and says why, so that users can filter.

use crate::record::Record;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a value was read: the 1-based page of a paged document (PDF,
/// image, a tool's output with page numbers), the 1-based line of a text
/// input, and the box of the table row on the page. Each is `null` when
/// the input has none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct At {
    /// 1-based page.
    pub page: Option<usize>,
    /// 1-based line of the text input.
    pub line: Option<usize>,
    /// `[x0, y0, x1, y1]`: the box of the table row the value was read
    /// from, in points (1/72 inch) from the page's top-left corner, y
    /// growing downwards, to a tenth; for an image, its pixels × 72 / its
    /// resolution (a 200-dpi scan's pixel x is `x0 × 200 / 72`). Only for
    /// PDFs and images. An indicator cut by a page break has the box of
    /// the part before the break. (Missing in records stored by earlier
    /// versions: read back as `null`.)
    #[serde(default)]
    pub bbox: Option<[f64; 4]>,
}

/// Positions are given to a tenth of a point: finer says nothing more
/// about where a row is and only lengthens the records.
const BBOX_DECIMALS: f64 = 10.0;

impl At {
    /// Where a row was read: its page, line and box (rounded to a tenth;
    /// dropped when not finite).
    ///
    /// ```
    /// use jixiao_map::At;
    /// use jixiao_table::Rect;
    /// let at = At::new(Some(2), None, Some(Rect { x0: 56.04, y0: 100.0, x1: 540.96, y1: 118.55 }));
    /// assert_eq!(at.bbox, Some([56.0, 100.0, 541.0, 118.6]));
    /// ```
    pub fn new(page: Option<usize>, line: Option<usize>, bbox: Option<jixiao_table::Rect>) -> At {
        let round = |v: f32| (f64::from(v) * BBOX_DECIMALS).round() / BBOX_DECIMALS;
        let bbox = bbox
            .map(|r| [r.x0, r.y0, r.x1, r.y1].map(round))
            .filter(|b| b.iter().all(|v| v.is_finite()));
        At { page, line, bbox }
    }
}

/// The grade of a record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Complete: every indicator has its levels and a target, every header
    /// field is there, the text (if recognised) was read with confidence.
    #[default]
    Good,
    /// Usable, with gaps to look at (see `reasons`).
    Check,
    /// Probably not a faithful reading: most targets missing, no
    /// indicators, no project name, or a poorly recognised scan.
    Poor,
}

impl Level {
    /// The name in records, CSVs and the store: `good`, `check`, `poor`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Good => "good",
            Level::Check => "check",
            Level::Poor => "poor",
        }
    }
}

/// A record's grade and the counts it rests on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Quality {
    /// `good`, `check` or `poor`.
    pub level: Level,
    /// Why the level is not `good`, in plain words; empty when it is.
    pub reasons: Vec<String>,
    /// Indicators without a target value.
    pub indicators_without_target: usize,
    /// Indicators without a 一级 or 二级 label.
    pub indicators_without_levels: usize,
    /// The header fields the form did not give (record keys: `title`,
    /// `funding.total`, …).
    pub missing_fields: Vec<String>,
    /// Number of warnings (repairs made and doubts).
    pub warnings: usize,
    /// Mean confidence of the recognised characters, 0 to 1, when jixiao
    /// recognised the text from page images; `null` otherwise.
    pub ocr_confidence: Option<f32>,
}

/// Below this share of indicators with a target the reading is `poor`: a
/// table whose target column was lost (a converter dropped it, the
/// recogniser could not read it) gives names only.
const POOR_TARGET_SHARE: f64 = 0.5;
/// Recognition confidence below which a record is `check`, and `poor`.
/// The shipped scans (200–300 dpi, seals, skew, noise, photos) read at
/// 0.986–0.996; a page far below that is misread in places.
const CHECK_OCR_CONFIDENCE: f32 = 0.95;
const POOR_OCR_CONFIDENCE: f32 = 0.85;

/// Grades `record` (see [`Quality`]).
///
/// ```
/// use jixiao_map::{assess, Level, Record};
/// let empty = Record::default();
/// let q = assess(&empty);
/// assert_eq!(q.level, Level::Poor);
/// assert!(q.missing_fields.contains(&"project_name".to_owned()));
/// ```
pub fn assess(record: &Record) -> Quality {
    let without_target = record
        .indicators
        .iter()
        .filter(|i| i.target.raw.is_empty())
        .count();
    let without_levels = record
        .indicators
        .iter()
        .filter(|i| i.level1.is_none() || i.level2.is_none())
        .count();
    let missing_fields = missing_fields(record);
    let ocr_confidence = record.source.ocr.as_ref().map(|o| o.mean_confidence);
    let mut poor = Vec::new();
    let mut check = Vec::new();
    let n = record.indicators.len();
    if n == 0 {
        poor.push("no indicators".to_owned());
    } else if (n - without_target) as f64 / (n as f64) < POOR_TARGET_SHARE {
        poor.push(format!("{without_target} of {n} indicators have no target"));
    } else if without_target > 0 {
        check.push(format!("{without_target} of {n} indicators have no target"));
    }
    if without_levels > 0 {
        check.push(format!(
            "{without_levels} of {n} indicators lack a 一级 or 二级 label"
        ));
    }
    if record.project_name.is_none() {
        poor.push("no project name".to_owned());
    }
    let other_missing: Vec<&str> = missing_fields
        .iter()
        .map(String::as_str)
        .filter(|f| *f != "project_name")
        .collect();
    if !other_missing.is_empty() {
        check.push(format!("missing {}", other_missing.join(", ")));
    }
    match ocr_confidence {
        Some(c) if c < POOR_OCR_CONFIDENCE => {
            poor.push(format!("recognised with confidence {c:.2}"))
        }
        Some(c) if c < CHECK_OCR_CONFIDENCE => {
            check.push(format!("recognised with confidence {c:.2}"))
        }
        _ => {}
    }
    let level = if !poor.is_empty() {
        Level::Poor
    } else if !check.is_empty() {
        Level::Check
    } else {
        Level::Good
    };
    poor.extend(check);
    Quality {
        level,
        reasons: poor,
        indicators_without_target: without_target,
        indicators_without_levels: without_levels,
        missing_fields,
        warnings: record.warnings.len(),
        ocr_confidence,
    }
}

/// The header fields a declaration form always has, by record key, that
/// this record lacks.
fn missing_fields(r: &Record) -> Vec<String> {
    let f = &r.funding;
    let present = [
        ("title", r.title.is_some()),
        ("fiscal_year", r.fiscal_year.is_some()),
        ("project_name", r.project_name.is_some()),
        ("project_category", r.project_category.is_some()),
        ("department", r.department.is_some()),
        ("implementing_unit", r.implementing_unit.is_some()),
        ("planned_start", r.planned_start.is_some()),
        ("planned_end", r.planned_end.is_some()),
        ("funding.total", f.total.is_some()),
        ("overall_goal", r.overall_goal.is_some()),
        ("annual_goal", r.annual_goal.is_some()),
    ];
    present
        .iter()
        .filter(|(_, there)| !there)
        .map(|(name, _)| (*name).to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Indicator, OcrInfo, Target};

    fn complete() -> Record {
        let mut r = Record {
            title: Some("财政项目支出绩效目标申报表".into()),
            fiscal_year: Some(2024),
            project_name: Some("p".into()),
            project_category: Some("经常性项目".into()),
            department: Some("d".into()),
            implementing_unit: Some("u".into()),
            planned_start: Some("2024-01-01".into()),
            planned_end: Some("2024-12-31".into()),
            overall_goal: Some("g".into()),
            annual_goal: Some("g".into()),
            ..Record::default()
        };
        r.funding.total = Some(1.0);
        for target in ["=100%", ">=95%", "完成"] {
            r.indicators.push(Indicator {
                level1: Some("产出指标".into()),
                level2: Some("数量指标".into()),
                level3: "x".into(),
                target: Target::parse(target),
                at: At::default(),
            });
        }
        r
    }

    #[test]
    fn a_complete_record_is_good() {
        let q = assess(&complete());
        assert_eq!((q.level, q.reasons.len()), (Level::Good, 0), "{q:?}");
    }

    #[test]
    fn gaps_ask_for_a_check_and_lost_targets_are_poor() {
        let mut r = complete();
        r.indicators[0].target = Target::parse("");
        r.department = None;
        let q = assess(&r);
        assert_eq!(q.level, Level::Check);
        assert_eq!(q.indicators_without_target, 1);
        assert_eq!(q.missing_fields, ["department"]);
        r.indicators[1].target = Target::parse("");
        let q = assess(&r);
        assert_eq!(q.level, Level::Poor, "{q:?}");
        assert!(q.reasons[0].contains("2 of 3"), "{q:?}");
    }

    #[test]
    fn a_poorly_recognised_scan_is_poor() {
        let mut r = complete();
        r.source.ocr = Some(OcrInfo {
            mean_confidence: 0.7,
            ..OcrInfo::default()
        });
        assert_eq!(assess(&r).level, Level::Poor);
        r.source.ocr.as_mut().unwrap().mean_confidence = 0.9;
        assert_eq!(assess(&r).level, Level::Check);
        r.source.ocr.as_mut().unwrap().mean_confidence = 0.99;
        assert_eq!(assess(&r).level, Level::Good);
    }
}
