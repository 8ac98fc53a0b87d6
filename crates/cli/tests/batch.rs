//! Batch runs over a corpus built on the fly: folders, zips (nested
//! folders, a zip bomb, `../` member names), bad PDFs; isolation (crash,
//! time limit), the out-dir files, the SQLite store (kill -9 and resume),
//! and shards. None of these tests depends on timing: the time-limit and
//! crash paths use the worker's test hooks (`JIXIAO_TEST_HANG`,
//! `JIXIAO_TEST_CRASH`).

use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    cmd.env_remove("JIXIAO_TEST_HANG")
        .env_remove("JIXIAO_TEST_CRASH");
    cmd
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sample(rel: &str) -> Vec<u8> {
    std::fs::read(root().join("samples").join(rel)).expect("sample")
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, bytes).expect("write");
}

fn zip_file(path: &Path, members: &[(&str, &[u8])]) {
    let file = std::fs::File::create(path).expect("create zip");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        if let Some(dir) = name.strip_suffix('/') {
            zip.add_directory(dir, options).expect("zip dir");
        } else {
            zip.start_file(*name, options).expect("zip member");
            zip.write_all(bytes).expect("zip write");
        }
    }
    zip.finish().expect("zip finish");
}

/// The corpus: the good documents (path as the run shows it → bytes) and
/// the bad ones (path → a word the error must contain).
struct Corpus {
    dir: PathBuf,
    good: BTreeMap<String, Vec<u8>>,
    bad: BTreeMap<String, &'static str>,
    /// Documents read fine that hold no form: reported, not failed.
    no_form: BTreeSet<String>,
}

const GOOD_PDFS: [&str; 6] = [
    "stsong_stroked.pdf",
    "ttf_filled.pdf",
    "two_forms.pdf",
    "split_row.pdf",
    "html_print.pdf",
    "in_longer_document.pdf",
];

const GOOD_TEXTS: [&str; 5] = [
    "seed_000_a412ae7c9559c2f7.txt",
    "utf16le_bom_two_forms_latex.txt",
    "markdown_pipes_word_operators.txt",
    "gbk_labels_in_wrong_columns.txt",
    "crlf_no_header_inferred_level1.txt",
];

/// Builds the corpus under `base/corpus`. Every document has distinct
/// bytes (so the store holds one document per path).
fn corpus(base: &Path) -> Corpus {
    let dir = base.join("corpus");
    let shown = |rel: &str| dir.join(rel).display().to_string();
    let mut good = BTreeMap::new();
    let mut bad = BTreeMap::new();
    // Good PDFs in a folder (four) and inside the zip (two).
    for name in GOOD_PDFS.iter().take(4) {
        let bytes = sample(&format!("pdf/{name}"));
        write(&dir.join("pdf").join(name), &bytes);
        good.insert(shown(&format!("pdf/{name}")), bytes);
    }
    // Good texts in nested folders.
    for (i, name) in GOOD_TEXTS.iter().take(3).enumerate() {
        let bytes = sample(&format!("text/{name}"));
        let rel = format!("text/level{i}/{name}");
        write(&dir.join(&rel), &bytes);
        good.insert(shown(&rel), bytes);
    }
    // A zip with nested folders.
    let zip_members: Vec<(String, Vec<u8>)> = vec![
        ("2024/".into(), Vec::new()),
        (
            format!("2024/上海/{}", GOOD_PDFS[4]),
            sample(&format!("pdf/{}", GOOD_PDFS[4])),
        ),
        (
            format!("2024/上海/deep/{}", GOOD_PDFS[5]),
            sample(&format!("pdf/{}", GOOD_PDFS[5])),
        ),
        (
            format!("texts/{}", GOOD_TEXTS[3]),
            sample(&format!("text/{}", GOOD_TEXTS[3])),
        ),
        (
            "notes/readme.rtf".into(),
            b"not a candidate, ignored".to_vec(),
        ),
    ];
    let refs: Vec<(&str, &[u8])> = zip_members
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    zip_file(&dir.join("bundle.zip"), &refs);
    for (name, bytes) in &zip_members {
        if name.ends_with(".pdf") || name.ends_with(".txt") {
            good.insert(format!("{}!/{name}", shown("bundle.zip")), bytes.clone());
        }
    }
    // A zip with `../` and absolute member names, and one good member.
    let evil_ok = sample(&format!("text/{}", GOOD_TEXTS[4]));
    zip_file(
        &dir.join("evil.zip"),
        &[
            ("../../escaped.pdf", &sample("pdf/two_forms.pdf")),
            ("/etc/absolute.txt", b"x"),
            ("fine/ok.txt", &evil_ok),
        ],
    );
    good.insert(format!("{}!/fine/ok.txt", shown("evil.zip")), evil_ok);
    bad.insert(
        format!("{}!/../../escaped.pdf", shown("evil.zip")),
        "unsafe member name",
    );
    bad.insert(
        format!("{}!//etc/absolute.txt", shown("evil.zip")),
        "unsafe member name",
    );
    // A zip bomb: 8 MiB of zeros in a few KiB.
    zip_file(&dir.join("bomb.zip"), &[("bomb.pdf", &vec![0u8; 8 << 20])]);
    bad.insert(format!("{}!/bomb.pdf", shown("bomb.zip")), "zip bomb");
    // Bad files.
    let whole = sample("pdf/ttf_filled.pdf");
    write(
        &dir.join("bad/truncated.pdf"),
        whole.get(..whole.len() / 2).unwrap_or(&whole),
    );
    bad.insert(shown("bad/truncated.pdf"), "");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR not really a pdf \0\x01\x02\xff";
    write(&dir.join("bad/photo.pdf"), png);
    bad.insert(shown("bad/photo.pdf"), "");
    write(&dir.join("bad/empty.pdf"), b"");
    bad.insert(shown("bad/empty.pdf"), "empty");
    let encrypted =
        std::fs::read(root().join("crates/extract/tests/fixtures/encrypted_locked.pdf"))
            .expect("encrypted fixture");
    write(&dir.join("bad/encrypted.pdf"), &encrypted);
    bad.insert(shown("bad/encrypted.pdf"), "encrypted");
    write(
        &dir.join("bad/not_a_form.pdf"),
        &sample("pdf/not_a_form.pdf"),
    );
    let no_form = BTreeSet::from([shown("bad/not_a_form.pdf")]);
    Corpus {
        dir,
        good,
        bad,
        no_form,
    }
}

/// The records each good document must give, as JSON, by path.
fn expected(corpus: &Corpus) -> Vec<Value> {
    let mut out = Vec::new();
    for (path, bytes) in &corpus.good {
        let records = jixiao_pipeline::process(path, bytes)
            .result
            .unwrap_or_else(|e| panic!("{path} should be good: {e}"));
        assert!(!records.is_empty());
        for r in records {
            out.push(serde_json::to_value(&r).expect("json"));
        }
    }
    out
}

fn jsonl(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

fn key(v: &Value) -> (String, u64) {
    (
        v["source"]["path"].as_str().unwrap_or_default().to_owned(),
        v["source"]["form_index"].as_u64().unwrap_or(u64::MAX),
    )
}

/// Every file under `dir`, relative.
fn tree(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p.clone());
            }
            out.insert(p.strip_prefix(dir).unwrap_or(&p).to_path_buf());
        }
    }
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn corpus_run_every_good_form_once_every_bad_input_one_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = corpus(tmp.path());
    let expected = expected(&corpus);
    let out_dir = tmp.path().join("out");
    let db = tmp.path().join("state").join("store.sqlite");
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    let cwd = tmp.path().join("cwd");
    std::fs::create_dir_all(&cwd).unwrap();
    let before = tree(tmp.path());

    let out = bin()
        .current_dir(&cwd)
        .args(["extract", "--jobs", "2"])
        .arg("--out-dir")
        .arg(&out_dir)
        .arg("--db")
        .arg(&db)
        .arg(&corpus.dir)
        .output()
        .expect("run jixiao");
    assert_eq!(
        out.status.code(),
        Some(1),
        "some inputs fail: {}",
        stderr(&out)
    );

    // Every good form exactly once, in order, equal to what process() gives.
    let forms = jsonl(&out_dir.join("forms.jsonl"));
    let keys: Vec<_> = forms.iter().map(key).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        keys, sorted,
        "ordered by path then form index, no duplicate"
    );
    assert_eq!(
        forms, expected,
        "the forms are exactly the good documents' records"
    );

    // Every bad input: one error record naming it.
    let errors = jsonl(&out_dir.join("errors.jsonl"));
    let mut seen = BTreeMap::new();
    for e in &errors {
        *seen
            .entry(e["path"].as_str().unwrap_or_default().to_owned())
            .or_insert(0) += 1;
    }
    for (path, word) in &corpus.bad {
        assert_eq!(
            seen.get(path),
            Some(&1),
            "one error for {path}: {errors:#?}"
        );
        let line = errors.iter().find(|e| e["path"] == path.as_str()).unwrap();
        let message = line["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(word),
            "{path}: {message:?} should say {word:?}"
        );
        assert_eq!(line["status"], "error", "{line}");
        // And the same line on stderr.
        assert!(
            stderr(&out).contains(&format!("jixiao: {path}: ")),
            "{path} on stderr"
        );
    }
    // A document without a form is listed, not failed, and in batch mode
    // not printed (a night of budget reports must not drown the failures).
    for path in &corpus.no_form {
        let line = errors.iter().find(|e| e["path"] == path.as_str());
        let line = line.unwrap_or_else(|| panic!("{path} listed: {errors:#?}"));
        assert_eq!(
            (&line["status"], &line["kind"]),
            (&json!("no_form"), &json!("no_form"))
        );
        assert!(line["message"]
            .as_str()
            .unwrap_or_default()
            .contains("no declaration form"));
        assert!(
            !stderr(&out).contains(path.as_str()),
            "{path} not on stderr"
        );
    }
    assert_eq!(
        errors.len(),
        corpus.bad.len() + corpus.no_form.len(),
        "no other error: {errors:#?}"
    );

    // The CSVs and the summary agree.
    let indicators: usize = expected
        .iter()
        .map(|r| r["indicators"].as_array().map_or(0, |a| a.len()))
        .sum();
    let csv = std::fs::read_to_string(out_dir.join("indicators.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}source_path,"));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.records().count(), indicators);
    let projects = std::fs::read_to_string(out_dir.join("projects.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(projects.as_bytes());
    assert_eq!(reader.records().count(), expected.len());
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("summary.json")).unwrap())
            .unwrap();
    let (good, bad, no_form) = (corpus.good.len(), corpus.bad.len(), corpus.no_form.len());
    assert_eq!(summary["files"], good + bad + no_form);
    assert_eq!(summary["ok"], good);
    assert_eq!(summary["errors"], bad);
    assert_eq!(summary["no_form"], no_form);
    // notes/readme.rtf in the zip
    assert_eq!(summary["skipped"], 1);
    assert_eq!(summary["forms"], expected.len());
    assert_eq!(summary["indicators"], indicators);
    assert!(summary["pages"].as_u64().unwrap_or(0) > 0);

    // Nothing written outside the output folder and the store's folder.
    let after = tree(tmp.path());
    let added: Vec<_> = after.difference(&before).collect();
    for path in &added {
        assert!(
            path.starts_with("out") || path.starts_with("state"),
            "written outside the output folder: {}",
            path.display()
        );
    }
    assert!(tree(&cwd).is_empty(), "nothing in the working directory");
    let out_files: BTreeSet<_> = tree(&out_dir).into_iter().collect();
    let names: BTreeSet<PathBuf> = [
        "errors.jsonl",
        "forms.jsonl",
        "indicators.csv",
        "projects.csv",
        "summary.json",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    assert_eq!(out_files, names, "no temporary file left behind");

    // The store holds the same forms; a second run reads nothing again and
    // writes the same files.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM forms", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n as usize, expected.len());
    let n: i64 = conn
        .query_row("SELECT count(*) FROM indicators", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n as usize, indicators);
    drop(conn);
    let again = tmp.path().join("out2");
    let out = bin()
        .current_dir(&cwd)
        .args(["extract", "--quiet"])
        .arg("--out-dir")
        .arg(&again)
        .arg("--db")
        .arg(&db)
        .arg(&corpus.dir)
        .output()
        .expect("run jixiao");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "--quiet: {}", stderr(&out));
    assert_eq!(jsonl(&again.join("forms.jsonl")), expected);
    assert_eq!(jsonl(&again.join("errors.jsonl")), errors);
    let summary2: Value =
        serde_json::from_str(&std::fs::read_to_string(again.join("summary.json")).unwrap())
            .unwrap();
    // Everything that was read (all but the refused) comes from the store.
    let refused = errors.iter().filter(|e| e["sha256"].is_null()).count();
    assert_eq!(
        summary2["from_store"],
        corpus.good.len() + corpus.bad.len() + corpus.no_form.len() - refused
    );
    assert_eq!(summary2["forms"], summary["forms"]);
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = corpus(tmp.path());
    let run = |jobs: &str| {
        let out = bin()
            .args(["extract", "--format", "jsonl", "--jobs", jobs])
            .arg(&corpus.dir)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1));
        (out.stdout, out.stderr)
    };
    let (one, err_one) = run("1");
    let (four, err_four) = run("4");
    assert_eq!(one, four);
    assert_eq!(err_one, err_four);
    let lines: Vec<Value> = String::from_utf8(one)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines, expected(&corpus));
}

#[test]
#[cfg_attr(
    not(feature = "test-hooks"),
    ignore = "uses the worker's test hooks: run with --features test-hooks, as scripts/test does"
)]
fn crash_and_hang_become_error_records_and_the_rest_go_on() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("in");
    let text = sample(&format!("text/{}", GOOD_TEXTS[0]));
    let mut other = text.clone();
    other.extend_from_slice(b"\n");
    write(&dir.join("a_good.txt"), &text);
    write(&dir.join("b_hang_me.txt"), &other);
    let mut third = other.clone();
    third.extend_from_slice(b"\n");
    write(&dir.join("c_crash_me.txt"), &third);
    let mut fourth = third.clone();
    fourth.extend_from_slice(b"\n");
    write(&dir.join("d_good.txt"), &fourth);
    write(&dir.join("e_big.txt"), &vec![b' '; 64 << 10]);
    let out_dir = tmp.path().join("out");
    let out = bin()
        .env("JIXIAO_TEST_HANG", "hang_me")
        .env("JIXIAO_TEST_CRASH", "crash_me")
        .args([
            "extract",
            "--jobs",
            "2",
            "--timeout",
            "3",
            "--max-file-size",
            "32K",
        ])
        .arg("--out-dir")
        .arg(&out_dir)
        .arg(&dir)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let errors = jsonl(&out_dir.join("errors.jsonl"));
    let message = |name: &str| {
        errors
            .iter()
            .find(|e| e["path"].as_str().is_some_and(|p| p.ends_with(name)))
            .and_then(|e| e["message"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        message("b_hang_me.txt").contains("longer than 3 s"),
        "{errors:#?}"
    );
    assert!(message("c_crash_me.txt").contains("crashed"), "{errors:#?}");
    assert!(
        message("e_big.txt").contains("--max-file-size"),
        "{errors:#?}"
    );
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let forms = jsonl(&out_dir.join("forms.jsonl"));
    let paths: BTreeSet<String> = forms.iter().map(|f| key(f).0).collect();
    assert_eq!(paths.len(), 2, "both good files: {paths:?}");
    assert_eq!(forms.len(), 6, "three forms each");
}

#[test]
fn archive_limits_refuse_the_whole_archive() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let many = tmp.path().join("many.zip");
    let text = sample(&format!("text/{}", GOOD_TEXTS[0]));
    let members: Vec<(String, Vec<u8>)> = (0..6)
        .map(|i| (format!("f{i}.txt"), text.clone()))
        .collect();
    let refs: Vec<(&str, &[u8])> = members
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    zip_file(&many, &refs);
    let out = bin()
        .args(["extract", "--format", "jsonl", "--max-zip-entries", "5"])
        .arg(&many)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("many.zip: ") && err.contains("--max-zip-entries"),
        "{err}"
    );

    let out = bin()
        .args(["extract", "--format", "jsonl", "--max-zip-size", "10K"])
        .arg(&many)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--max-zip-size"), "{}", stderr(&out));

    let broken = tmp.path().join("broken.zip");
    write(&broken, b"PK\x03\x04 this is not really a zip");
    let out = bin().args(["extract"]).arg(&broken).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not a readable zip archive"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["extract", "--shard", "4/4", "x.txt"],
        vec!["extract", "--shard", "nonsense", "x.txt"],
        vec!["extract", "--jobs", "0", "x.txt"],
        vec!["extract", "--timeout", "0", "x.txt"],
        vec!["extract", "--max-file-size", "lots", "x.txt"],
        vec!["extract", "--retry-errors", "x.txt"],
    ] {
        let out = bin().args(&args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

/// Every table of the store, rows sorted, without the time of processing.
fn dump(db: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    let conn = rusqlite::Connection::open(db).expect("open store");
    let mut out = BTreeMap::new();
    for table in ["meta", "documents", "document_paths", "forms", "indicators"] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        let mut rows: Vec<Vec<String>> = stmt
            .query_map([], |row| {
                let mut cells = Vec::new();
                for (i, name) in names.iter().enumerate() {
                    if name == "processed_at" {
                        continue;
                    }
                    let v: rusqlite::types::Value = row.get(i)?;
                    cells.push(format!("{name}={v:?}"));
                }
                Ok(cells)
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.insert(table.to_owned(), rows);
    }
    out
}

fn documents_in(db: &Path) -> i64 {
    let Ok(conn) =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return 0;
    };
    conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .unwrap_or(0)
}

#[test]
#[cfg_attr(
    not(feature = "test-hooks"),
    ignore = "uses the worker's test hooks: run with --features test-hooks, as scripts/test does"
)]
fn killed_run_resumes_to_the_same_store() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = corpus(tmp.path());
    // A document in the middle (by path) hangs in the first attempt.
    let hang_rel = "m_hang/stalls.txt";
    let mut stall = sample(&format!("text/{}", GOOD_TEXTS[1]));
    stall.extend_from_slice(b"\n\n");
    write(&corpus.dir.join(hang_rel), &stall);
    let hang_path = corpus.dir.join(hang_rel).display().to_string();
    let all: Vec<&String> = corpus
        .good
        .keys()
        .chain(corpus.bad.keys())
        .chain(&corpus.no_form)
        .collect();
    // Documents read and stored before it (refused ones have no content to store).
    let stored_before = all
        .iter()
        .filter(|p| p.as_str() < hang_path.as_str())
        .filter(|p| {
            !corpus
                .bad
                .get(p.as_str())
                .is_some_and(|w| *w == "unsafe member name" || *w == "zip bomb")
        })
        .count() as i64;
    assert!(
        stored_before >= 5,
        "the hang is in the middle: {stored_before}"
    );

    // The reference: one uninterrupted run.
    let ref_db = tmp.path().join("ref.sqlite");
    let ref_out = tmp.path().join("ref-out");
    let out = bin()
        .args(["extract", "--quiet", "--jobs", "2"])
        .arg("--db")
        .arg(&ref_db)
        .arg("--out-dir")
        .arg(&ref_out)
        .arg(&corpus.dir)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    // The killed run: wait until everything before the hang is committed,
    // then kill -9.
    let db = tmp.path().join("run.sqlite");
    let out_dir = tmp.path().join("run-out");
    let mut child = bin()
        .env("JIXIAO_TEST_HANG", "m_hang")
        .args(["extract", "--quiet", "--jobs", "2", "--timeout", "3600"])
        .arg("--db")
        .arg(&db)
        .arg("--out-dir")
        .arg(&out_dir)
        .arg(&corpus.dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(600);
    while documents_in(&db) < stored_before {
        assert!(Instant::now() < deadline, "the run did not get to the hang");
        assert!(child.try_wait().unwrap().is_none(), "the run ended early");
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().expect("kill -9");
    child.wait().expect("wait");
    assert_eq!(
        documents_in(&db),
        stored_before,
        "commits stop at the hanging document"
    );
    assert!(
        !out_dir.join("forms.jsonl").exists(),
        "no half-written output under its name"
    );
    assert!(!out_dir.join("summary.json").exists());

    let leftovers = tree(&out_dir).len();
    assert!(leftovers > 0, "the killed run had its temporary files open");

    // Started again, it finishes the work.
    let out = bin()
        .args(["extract", "--quiet", "--jobs", "2"])
        .arg("--db")
        .arg(&db)
        .arg("--out-dir")
        .arg(&out_dir)
        .arg(&corpus.dir)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        dump(&db),
        dump(&ref_db),
        "the store equals the uninterrupted run's"
    );
    for name in [
        "forms.jsonl",
        "errors.jsonl",
        "indicators.csv",
        "projects.csv",
    ] {
        assert_eq!(
            std::fs::read(out_dir.join(name)).unwrap(),
            std::fs::read(ref_out.join(name)).unwrap(),
            "{name}"
        );
    }
}

/// The merge recipe of docs/batch.md, run with rusqlite.
const MERGE_SQL: &str = "
ATTACH DATABASE ?1 AS shard;
INSERT OR IGNORE INTO documents      SELECT * FROM shard.documents;
INSERT OR IGNORE INTO document_paths SELECT * FROM shard.document_paths;
INSERT OR IGNORE INTO forms          SELECT * FROM shard.forms;
INSERT OR IGNORE INTO indicators     SELECT * FROM shard.indicators;
DETACH DATABASE shard;
";

#[test]
fn shards_together_equal_the_single_run() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = corpus(tmp.path());
    let run = |shard: Option<&str>, name: &str| -> (PathBuf, PathBuf) {
        let out_dir = tmp.path().join(format!("{name}-out"));
        let db = tmp.path().join(format!("{name}.sqlite"));
        let mut cmd = bin();
        cmd.args(["extract", "--quiet"])
            .arg("--out-dir")
            .arg(&out_dir)
            .arg("--db")
            .arg(&db);
        if let Some(shard) = shard {
            cmd.args(["--shard", shard]);
        }
        let out = cmd.arg(&corpus.dir).output().expect("run");
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
        (out_dir, db)
    };
    let (single_out, single_db) = run(None, "single");
    let n = 3;
    let shards: Vec<_> = (0..n)
        .map(|k| run(Some(&format!("{k}/{n}")), &format!("shard{k}")))
        .collect();

    for file in ["forms.jsonl", "errors.jsonl"] {
        let mut union: Vec<Value> = shards
            .iter()
            .flat_map(|(out, _)| jsonl(&out.join(file)))
            .collect();
        union.sort_by_key(|v| (v["path"].to_string(), key(v)));
        let mut single = jsonl(&single_out.join(file));
        single.sort_by_key(|v| (v["path"].to_string(), key(v)));
        assert_eq!(union, single, "{file}");
    }
    let nonempty = shards
        .iter()
        .filter(|(out, _)| !jsonl(&out.join("forms.jsonl")).is_empty())
        .count();
    assert!(nonempty >= 2, "the work is spread");

    // Merge the shard stores as docs/batch.md says: copy the first, attach
    // and insert the others.
    let merged = tmp.path().join("merged.sqlite");
    std::fs::copy(&shards[0].1, &merged).unwrap();
    let conn = rusqlite::Connection::open(&merged).unwrap();
    for (_, db) in shards.iter().skip(1) {
        let sql = MERGE_SQL.replace("?1", &format!("'{}'", db.display()));
        conn.execute_batch(&sql).unwrap();
    }
    drop(conn);
    assert_eq!(dump(&merged), dump(&single_db));
}
