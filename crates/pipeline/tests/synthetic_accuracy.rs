//! Indicator-level accuracy on synthetic OCR'd forms (samples/text-synth):
//! level1, level2, level3 and target all right, against the generator's
//! ground truth. The issue asks for at least 99% on unseen text forms of the
//! seed's kind; this corpus is the nearest stand-in we can check in CI.

use jixiao_map::{Indicator, Target};
use serde_json::Value;
use std::path::Path;

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A target is right when it parses the same and, for qualitative targets,
/// reads the same.
fn same_target(ours: &Target, expected: &str) -> bool {
    let theirs = Target::parse(expected);
    ours.op == theirs.op
        && ours.value == theirs.value
        && ours.unit == theirs.unit
        && (ours.op.is_some() || squash(&ours.raw) == squash(&theirs.raw))
}

/// Indicator `got` is expected indicator `e` (all four levels right).
fn same_indicator(got: &Indicator, e: &Value) -> bool {
    let text = |key: &str| e[key].as_str().unwrap_or("");
    let level = |v: &Option<String>, key: &str| v.as_deref().unwrap_or("") == text(key);
    level(&got.level1, "level1")
        && level(&got.level2, "level2")
        && squash(&got.level3) == squash(text("level3"))
        && same_target(&got.target, text("target"))
}

/// Positional accuracy: indicator i against expected indicator i of the
/// same form. An indicator too many, or one missing, counts as a miss
/// (the total is the longer of the two lists), and so does every
/// indicator of a form not found or found twice.
#[test]
fn synthetic_text_forms_are_read_at_least_99_percent_right() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/text-synth");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("samples/text-synth")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 20,
        "expected the synthetic corpus, found {} files",
        files.len()
    );
    let (mut total, mut right) = (0usize, 0usize);
    let mut misses = Vec::new();
    for path in &files {
        let truth: Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("truth.json")).expect("truth file"),
        )
        .expect("truth JSON");
        let bytes = std::fs::read(path).expect("sample");
        let records = jixiao_pipeline::process(&path.display().to_string(), &bytes)
            .result
            .unwrap_or_default();
        let forms = truth.as_array().cloned().unwrap_or_default();
        for k in 0..forms.len().max(records.len()) {
            let expected = forms
                .get(k)
                .and_then(|f| f["indicators"].as_array().cloned())
                .unwrap_or_default();
            let got = records.get(k).map_or(&[][..], |r| r.indicators.as_slice());
            for i in 0..expected.len().max(got.len()) {
                total += 1;
                match (got.get(i), expected.get(i)) {
                    (Some(g), Some(e)) if same_indicator(g, e) => right += 1,
                    (g, e) => misses.push(format!(
                        "{}: form {k} indicator {i}: got {:?}, expected {}",
                        path.display(),
                        g.map(|g| (&g.level1, &g.level2, &g.level3, &g.target.raw)),
                        e.map_or("nothing".to_owned(), |e| e.to_string())
                    )),
                }
            }
        }
    }
    let accuracy = right as f64 / total.max(1) as f64;
    println!("synthetic text accuracy: {right}/{total} = {accuracy:.4}");
    assert!(
        accuracy >= 0.99,
        "accuracy {accuracy:.4} < 0.99; misses:\n{}",
        misses.join("\n")
    );
}
