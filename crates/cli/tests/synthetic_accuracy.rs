//! Indicator-level accuracy on synthetic OCR'd forms (samples/text-synth):
//! level1, level2, level3 and target all right, against the generator's
//! ground truth. The issue asks for at least 99% on unseen text forms of the
//! seed's kind; this corpus is the nearest stand-in we can check in CI.

use jixiao_map::Target;
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
        let records = jixiao::process(&path.display().to_string(), &bytes).unwrap_or_default();
        let forms = truth.as_array().cloned().unwrap_or_default();
        for (k, form) in forms.iter().enumerate() {
            let expected = form["indicators"].as_array().cloned().unwrap_or_default();
            let got = records
                .get(k)
                .map(|r| r.indicators.as_slice())
                .unwrap_or(&[]);
            for e in &expected {
                total += 1;
                let (l1, l2, l3, t) = (
                    e["level1"].as_str().unwrap_or(""),
                    e["level2"].as_str().unwrap_or(""),
                    squash(e["level3"].as_str().unwrap_or("")),
                    e["target"].as_str().unwrap_or(""),
                );
                let hit = got.iter().any(|g| {
                    g.level1 == l1
                        && g.level2 == l2
                        && squash(&g.level3) == l3
                        && same_target(&g.target, t)
                });
                if hit {
                    right += 1;
                } else {
                    misses.push(format!("{}: form {k}: {l1}/{l2}/{l3} {t}", path.display()));
                }
            }
        }
    }
    let accuracy = right as f64 / total.max(1) as f64;
    println!("synthetic text accuracy: {right}/{total} = {:.4}", accuracy);
    assert!(
        accuracy >= 0.99,
        "accuracy {accuracy:.4} < 0.99; misses:\n{}",
        misses.join("\n")
    );
}
