//! Reruns on a store: documents an older build read are read again with
//! `--reprocess older`, and stored errors are not printed again.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sample(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(rel)
}

fn run(db: &Path, extra: &[&str], inputs: &[PathBuf]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["extract", "--db"])
        .arg(db)
        .arg("--out-dir")
        .arg(db.with_extension("out"))
        .args(extra)
        .args(inputs)
        .output()
        .expect("run jixiao")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn summary(db: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(db.with_extension("out").join("summary.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn builds(db: &Path) -> Vec<(String, Option<String>)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT tool_version, tool_commit FROM documents ORDER BY path")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn an_upgrade_reads_again_what_older_builds_read() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("store.sqlite");
    let inputs = vec![
        sample("text/seed_000_a412ae7c9559c2f7.txt"),
        sample("pdf/two_forms.pdf"),
    ];
    assert_eq!(run(&db, &[], &inputs).status.code(), Some(0));
    let now = builds(&db);
    assert!(
        now.iter().all(|b| b.0 == env!("CARGO_PKG_VERSION")),
        "{now:?}"
    );
    // Pretend the seed was read by last year's release.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE documents SET tool_version = '0.0.1', tool_commit = NULL WHERE path LIKE '%seed_000%'",
            [],
        )
        .unwrap();

    let plain = run(&db, &[], &inputs);
    assert_eq!(plain.status.code(), Some(0));
    assert_eq!(
        summary(&db)["from_store"],
        2,
        "without --reprocess: {}",
        stderr(&plain)
    );

    let again = run(&db, &["--reprocess", "older"], &inputs);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(
        summary(&db)["from_store"],
        1,
        "only the old reading is read again"
    );
    assert_eq!(builds(&db), now, "and is now this build's");
    assert_eq!(summary(&db)["forms"], 3 + 2);

    let all = run(&db, &["--reprocess", "all"], &inputs);
    assert_eq!(all.status.code(), Some(0));
    assert_eq!(summary(&db)["from_store"], 0);
}

#[test]
fn a_rerun_does_not_print_stored_errors_again() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("store.sqlite");
    let broken = tmp.path().join("broken.pdf");
    std::fs::write(&broken, b"%PDF-1.7\n\x00\x01 cut off").unwrap();
    let inputs = vec![broken.clone(), sample("text/seed_000_a412ae7c9559c2f7.txt")];
    let first = run(&db, &[], &inputs);
    assert_eq!(first.status.code(), Some(1));
    assert!(stderr(&first).contains("broken.pdf"));

    let second = run(&db, &[], &inputs);
    assert_eq!(second.status.code(), Some(1), "still failed");
    let text = stderr(&second);
    assert!(!text.contains("broken.pdf:"), "not printed again: {text}");
    assert!(
        text.contains("0 are new") && text.contains("1 were already stored"),
        "{text}"
    );
    let s = summary(&db);
    assert_eq!(
        (&s["errors"], &s["errors_new"], &s["errors_stored"]),
        (&1.into(), &0.into(), &1.into())
    );
    // Still listed in errors.jsonl.
    let errors = std::fs::read_to_string(db.with_extension("out").join("errors.jsonl")).unwrap();
    assert!(errors.contains("broken.pdf"));
}
