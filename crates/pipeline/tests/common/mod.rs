//! Comparing records with the generators' ground truth, shared by the
//! tests that measure against it.

#![allow(dead_code)] // each test file uses a part

use jixiao_map::Record;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

/// Text as the ground truth is compared: NFKC, no white space, `＝` as `=`,
/// `≥`/`≤` as `>=`/`<=` (a tool may render the one as the other: LaTeX
/// `\geq`).
pub fn norm(text: Option<&str>) -> String {
    let folded: String = text
        .unwrap_or("")
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '＝' => '=',
            // A tool may straighten curly quotes (pandoc's Markdown,
            // Docling's HTML backend): the text the file holds.
            '“' | '”' => '"',
            '‘' | '’' => '\'',
            c => c,
        })
        .collect();
    folded.replace('≥', ">=").replace('≤', "<=")
}

/// A printed amount (`14,979,100`); empty is none.
pub fn amount(text: Option<&str>) -> Option<f64> {
    let t: String = text?.chars().filter(|c| *c != ',').collect();
    let t = t.trim();
    (!t.is_empty()).then(|| t.parse().expect("ground-truth amount"))
}

/// A printed date (`2022-01-01`, `2026/1/1`) as `YYYY-MM-DD`.
pub fn date(text: Option<&str>) -> Option<String> {
    let parts: Vec<u32> = text?
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().expect("ground-truth date"))
        .collect();
    match parts[..] {
        [y, m, d] => Some(format!("{y:04}-{m:02}-{d:02}")),
        _ => None,
    }
}

/// The ground truth's funding keys and the record's.
pub const FUNDING: [(&str, &str); 7] = [
    ("project_total", "total"),
    ("project_fiscal", "fiscal"),
    ("project_other", "other"),
    ("annual_total", "annual_total"),
    ("annual_current_fiscal", "annual_appropriation"),
    ("annual_carryover", "annual_carryover"),
    ("annual_other", "annual_other"),
];

/// How many header checks [`differences`] makes per form: title, year,
/// six text fields, two dates, seven amounts and the page range.
pub const FIELDS_COMPARED: usize = 17;

/// Every difference between a record and its ground-truth form.
pub fn differences(r: &Record, f: &Value, with_pages: bool) -> Vec<String> {
    let s = |key: &str| f[key].as_str();
    let mut out = Vec::new();
    let mut check = |what: &str, got: String, want: String| {
        if got != want {
            out.push(format!("{what}: got {got:?}, expected {want:?}"));
        }
    };
    check("title", norm(r.title.as_deref()), norm(s("title")));
    check(
        "fiscal_year",
        format!("{:?}", r.fiscal_year),
        format!("{:?}", s("fiscal_year").and_then(|y| y.parse::<i32>().ok())),
    );
    for (key, got) in [
        ("project_name", &r.project_name),
        ("project_category", &r.project_category),
        ("department", &r.department),
        ("implementing_unit", &r.implementing_unit),
        ("overall_goal", &r.overall_goal),
        ("annual_goal", &r.annual_goal),
    ] {
        check(key, norm(got.as_deref()), norm(s(key)));
    }
    check(
        "planned_start",
        format!("{:?}", r.planned_start),
        format!("{:?}", date(s("planned_start"))),
    );
    check(
        "planned_end",
        format!("{:?}", r.planned_end),
        format!("{:?}", date(s("planned_end"))),
    );
    let funding = serde_json::to_value(&r.funding).expect("funding as JSON");
    for (theirs, ours) in FUNDING {
        check(
            &format!("funding.{ours}"),
            format!("{:?}", funding[ours].as_f64()),
            format!("{:?}", amount(f["funding"][theirs].as_str())),
        );
    }
    if with_pages {
        let want: Option<[usize; 2]> = serde_json::from_value(f["pages"].clone()).ok();
        check(
            "pages",
            format!("{:?}", r.source.pages),
            format!("{want:?}"),
        );
    }
    let expected = f["indicators"].as_array().cloned().unwrap_or_default();
    for k in 0..expected.len().max(r.indicators.len()) {
        let got = r.indicators.get(k).map(|i| {
            (
                i.level1.clone().unwrap_or_default(),
                i.level2.clone().unwrap_or_default(),
                norm(Some(&i.level3)),
                norm(Some(&i.target.raw)),
            )
        });
        let want = expected.get(k).map(|e| {
            let t = |key: &str| e[key].as_str().unwrap_or("").to_owned();
            (
                t("level1"),
                t("level2"),
                norm(e["level3"].as_str()),
                norm(e["target"].as_str()),
            )
        });
        if got != want {
            out.push(format!("indicator {k}: got {got:?}, expected {want:?}"));
        }
    }
    out
}

pub fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
