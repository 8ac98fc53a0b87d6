//! The command line's contract for bad input: one line on stderr naming the
//! file, the other inputs still processed, exit status 1; usage errors 2.
//! (Every exit status of the README's table: `exit_codes.rs`.)

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
}

fn sample(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(rel)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jixiao-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn bad_inputs_are_reported_and_the_rest_still_processed() {
    let dir = scratch("bad");
    let empty = dir.join("empty.txt");
    let binary = dir.join("photo.pdf");
    let text_binary = dir.join("noise.txt");
    std::fs::write(&empty, b"").unwrap();
    std::fs::write(&binary, b"%PDF-1.7\n\x00\x01garbage that is not a PDF").unwrap();
    std::fs::write(
        &text_binary,
        (0u8..=255).cycle().take(4096).collect::<Vec<u8>>(),
    )
    .unwrap();
    let good = sample("text/seed_000_a412ae7c9559c2f7.txt");
    let not_form = sample("text/gb18030_not_a_form.txt");

    let out = bin()
        .args(["extract", "--format", "jsonl"])
        .args([&empty, &binary, &good, &text_binary, &not_form])
        .output()
        .expect("run jixiao");
    assert_eq!(out.status.code(), Some(1), "exit status");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stdout.lines().count(),
        3,
        "the seed's three forms still come out:\n{stdout}"
    );
    let lines: Vec<&str> = stderr.lines().collect();
    for (path, what) in [
        (&empty, "empty"),
        (&binary, "PDF"),
        (&text_binary, "binary"),
        (&not_form, "no declaration form found"),
    ] {
        let shown = path.display().to_string();
        let hits: Vec<_> = lines.iter().filter(|l| l.contains(&shown)).collect();
        assert_eq!(hits.len(), 1, "one error line for {shown}:\n{stderr}");
        assert!(
            hits[0].contains(what),
            "{shown}: expected {what:?} in {:?}",
            hits[0]
        );
        assert!(hits[0].starts_with("jixiao: "), "{:?}", hits[0]);
    }
    assert_eq!(lines.len(), 4, "nothing else on stderr:\n{stderr}");
}

#[test]
fn usage_errors_exit_2() {
    let no_inputs = bin().arg("extract").output().expect("run");
    assert_eq!(no_inputs.status.code(), Some(2));
    let bad_format = bin()
        .args(["extract", "--format", "xml", "x.txt"])
        .output()
        .expect("run");
    assert_eq!(bad_format.status.code(), Some(2));
    let unknown = bin().arg("frobnicate").output().expect("run");
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn all_good_exits_0_and_output_file_is_complete() {
    let dir = scratch("good");
    let out_path = dir.join("records.csv");
    let out = bin()
        .args(["extract", "--format", "csv", "-o"])
        .arg(&out_path)
        .arg(sample("text/seed_000_a412ae7c9559c2f7.txt"))
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(&out_path).expect("output written");
    assert!(csv.starts_with('\u{feff}'), "BOM for Excel");
    // Header plus one row per indicator: 59 for the seed.
    assert_eq!(csv.lines().count(), 60);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path() != out_path)
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file left behind: {leftovers:?}"
    );
}

#[test]
fn json_output_is_one_array_in_input_order() {
    let out = bin()
        .args(["extract", "--jobs", "2"])
        .arg(sample("text/utf16le_bom_two_forms_latex.txt"))
        .arg(sample("text/seed_000_a412ae7c9559c2f7.txt"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let records = v.as_array().expect("array");
    assert_eq!(records.len(), 5);
    // Sorted by path: the seed file sorts before utf16le….
    assert!(records[0]["source"]["path"]
        .as_str()
        .unwrap()
        .ends_with("seed_000_a412ae7c9559c2f7.txt"));
    assert_eq!(records[3]["source"]["form_index"], 0);
    assert_eq!(records[4]["source"]["form_index"], 1);
}
