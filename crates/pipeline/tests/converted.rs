//! The converted samples (`samples/converted`, written by
//! `scripts/convgen` the way each tool writes its output: MinerU, PP-
//! Structure, Unstructured, Azure, Textract, Docling, Marker, Excel CSV,
//! xlsx/xls/ods, docx), the same forms converted by the real tools
//! (`samples/converted-real`) and OCR'd text from the second producer of
//! the seed's format (`samples/text-ocrstyle`), read and measured against
//! the generators' ground truth. Every form must be found; the shares
//! below are floors, set at what the code reached less a margin, and every
//! difference is printed.
//! A not-a-form file must say "no form", a malformed one must give one
//! clear error (never a panic or an internal error).

use jixiao_pipeline::{process, ErrorKind};
use std::path::{Path, PathBuf};

mod common;
use common::{differences, read_json, FIELDS_COMPARED};

/// Indicators with every level and the target right, by position (579 of
/// 581 when set).
const MIN_INDICATORS_RIGHT: f64 = 0.99;
/// Header fields, funding amounts and page ranges right.
const MIN_FIELDS_RIGHT: f64 = 0.97;

/// Each sample with its ground truth (`name.ext` → `name.expected.json`):
/// the tool conventions of `samples/converted`, the real tools' output of
/// `samples/converted-real`, and the OCR'd text of `samples/text-ocrstyle`
/// (`scripts/textgen/ocrstyle.py`, the second producer of the seed's own
/// format).
fn samples() -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    let folders = [
        ("samples/converted", 40),
        ("samples/converted-real", 30),
        ("samples/text-ocrstyle", 30),
    ];
    for (folder, at_least) in folders {
        let dir = jixiao_testdata::root().join(folder);
        let mut found: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| !p.to_string_lossy().ends_with(".expected.json"))
            .filter_map(|p| {
                let truth = p.with_extension("expected.json");
                truth.exists().then_some((p, truth))
            })
            .collect();
        assert!(
            found.len() >= at_least,
            "{}: only {} samples",
            dir.display(),
            found.len()
        );
        out.append(&mut found);
    }
    out.sort();
    out
}

fn name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

#[test]
fn converted_samples_read_as_their_ground_truth() {
    let (mut indicators, mut indicators_right) = (0usize, 0usize);
    let (mut fields, mut fields_right) = (0usize, 0usize);
    let mut failures = Vec::new();
    for (path, truth_path) in samples() {
        let truth = read_json(&truth_path);
        let forms = truth["forms"].as_array().cloned().unwrap_or_default();
        let bytes = std::fs::read(&path).expect("sample");
        let result = process(&path.display().to_string(), &bytes).result;
        let file = name(&path);
        if forms.is_empty() {
            match &result {
                Err(e) if e.kind != ErrorKind::Internal && !e.message.is_empty() => {}
                other => failures.push(format!("{file}: expected one clear error, got {other:?}")),
            }
            if truth.get("expected_result").is_some() {
                if let Err(e) = &result {
                    if e.kind != ErrorKind::NoForm {
                        failures.push(format!("{file}: expected no form, got {e}"));
                    }
                }
            }
            continue;
        }
        let records = match result {
            Ok(records) => records,
            Err(e) => {
                failures.push(format!("{file}: {e}"));
                continue;
            }
        };
        if records.len() != forms.len() {
            failures.push(format!(
                "{file}: {} forms, expected {}",
                records.len(),
                forms.len()
            ));
        }
        for (form, record) in forms.iter().zip(&records) {
            let with_pages = !form["pages"].is_null();
            let diffs = differences(record, form, with_pages);
            let want = form["indicators"].as_array().map_or(0, Vec::len);
            let wrong_indicators = diffs.iter().filter(|d| d.starts_with("indicator ")).count();
            indicators += want;
            indicators_right += want.saturating_sub(wrong_indicators);
            let compared = FIELDS_COMPARED - usize::from(!with_pages);
            fields += compared;
            fields_right += compared.saturating_sub(diffs.len() - wrong_indicators);
            for d in diffs {
                eprintln!("{file}: {d}");
            }
        }
    }
    let share = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    eprintln!(
        "indicators right {indicators_right}/{indicators}, fields right {fields_right}/{fields}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(share(indicators_right, indicators) >= MIN_INDICATORS_RIGHT);
    assert!(share(fields_right, fields) >= MIN_FIELDS_RIGHT);
}
