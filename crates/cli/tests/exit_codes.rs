//! Every row of the README's exit-status table, run as a user would.
//!
//! | status | when |
//! |---|---|
//! | 0 | every document was read (with forms, or holding none) |
//! | 1 | some documents could not be read; the rest are complete |
//! | 2 | usage error |
//! | 3 | the run itself failed: a missing input, an input with nothing to read, a store or output that cannot be opened |

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    cmd.env_remove("JIXIAO_TEST_HANG")
        .env_remove("JIXIAO_TEST_CRASH");
    cmd
}

fn sample(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(rel)
}

fn run(args: &[&str], extra: &[&Path]) -> Output {
    bin().args(args).args(extra).output().expect("run jixiao")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn summary(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("summary.json")).expect("summary.json");
    serde_json::from_str(&text).expect("summary is JSON")
}

#[test]
fn forms_only_exit_0() {
    let out = run(
        &["extract", "--format", "jsonl"],
        &[&sample("text/seed_000_a412ae7c9559c2f7.txt")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn documents_without_a_form_are_reported_not_failed() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let out = bin()
        .args(["extract", "--out-dir"])
        .arg(&out_dir)
        .arg(sample("pdf/not_a_form.pdf"))
        .arg(sample("text/gb18030_not_a_form.txt"))
        .arg(sample("text/seed_000_a412ae7c9559c2f7.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = summary(&out_dir);
    assert_eq!(
        (&s["ok"], &s["no_form"], &s["errors"]),
        (&1.into(), &2.into(), &0.into())
    );
    // Batch mode lists them in errors.jsonl, not on stderr.
    assert!(!stderr(&out).contains("not_a_form"), "{}", stderr(&out));
    let errors = std::fs::read_to_string(out_dir.join("errors.jsonl")).unwrap();
    assert_eq!(
        errors.matches("\"status\":\"no_form\"").count(),
        2,
        "{errors}"
    );
    // Without a folder or store, stderr is the only place they can go.
    let plain = run(&["extract"], &[&sample("pdf/not_a_form.pdf")]);
    assert_eq!(plain.status.code(), Some(0));
    assert!(stderr(&plain).contains("no declaration form found"));
}

#[test]
fn a_failed_document_exits_1_and_the_others_are_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let broken = tmp.path().join("broken.pdf");
    std::fs::write(&broken, b"%PDF-1.7\n\x00\x01 not a PDF").unwrap();
    let out = run(
        &["extract", "--format", "jsonl"],
        &[&broken, &sample("text/seed_000_a412ae7c9559c2f7.txt")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);
    assert!(stderr(&out).contains("broken.pdf"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["extract"], &[]).status.code(), Some(2));
    assert_eq!(
        run(&["extract", "--jobs", "0", "x.txt"], &[]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["extract", "--shard", "4/4", "x.txt"], &[])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_missing_input_fails_the_run_with_3_before_anything_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let out = bin()
        .args(["extract", "--out-dir"])
        .arg(&out_dir)
        .arg(sample("text/seed_000_a412ae7c9559c2f7.txt"))
        .arg(tmp.path().join("archive-2026-12-01"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("archive-2026-12-01"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("check the path"), "{}", stderr(&out));
    assert!(!out_dir.join("summary.json").exists());
}

#[test]
fn an_input_with_nothing_to_read_fails_the_run_with_3() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let out = run(&["extract"], &[&empty]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("holds no file jixiao reads"));
    // Only files of other kinds: says how many were skipped.
    std::fs::write(empty.join("notes.rtf"), b"{\\rtf1}").unwrap();
    let out = run(&["extract"], &[&empty]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("other files skipped: 1"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_store_that_cannot_be_opened_fails_the_run_with_3() {
    let tmp = tempfile::tempdir().unwrap();
    let junk = tmp.path().join("junk.sqlite");
    std::fs::write(&junk, vec![b'x'; 4096]).unwrap();
    let out = bin()
        .args(["extract", "--db"])
        .arg(&junk)
        .arg(sample("text/seed_000_a412ae7c9559c2f7.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("junk.sqlite"));
}

#[test]
fn an_output_that_cannot_be_written_fails_the_run_with_3() {
    let tmp = tempfile::tempdir().unwrap();
    // A file where the output's folder should be.
    let blocker = tmp.path().join("blocker");
    std::fs::write(&blocker, b"").unwrap();
    let out = bin()
        .args(["extract", "-o"])
        .arg(blocker.join("records.json"))
        .arg(sample("text/seed_000_a412ae7c9559c2f7.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("records.json"), "{}", stderr(&out));
}

#[test]
fn db_in_a_folder_not_made_yet_is_created() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("out/shard-0.sqlite");
    let out = bin()
        .args(["extract", "-q", "--db"])
        .arg(&db)
        .arg(sample("text/seed_000_a412ae7c9559c2f7.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(db.exists());
}
