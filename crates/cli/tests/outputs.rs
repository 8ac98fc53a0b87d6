//! The outputs analysts open, read back by other libraries: the XLSX by
//! calamine (typed cells), the CSV by the `csv` crate; standard input, a
//! closed pipe, the format taken from `-o`, completions and the man page,
//! JSON logs, zip member names in GBK.

use calamine::{open_workbook, Data, Reader, Xlsx};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
}

fn sample(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(rel)
}

const SEED: &str = "text/seed_000_a412ae7c9559c2f7.txt";

fn run(args: &[&str], path: &Path) -> Output {
    bin().args(args).arg(path).output().expect("run jixiao")
}

fn ok(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn column(header: &[Data], name: &str) -> usize {
    header
        .iter()
        .position(|c| *c == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn xlsx_has_typed_cells_in_a_forms_and_an_indicators_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("records.xlsx");
    ok(&bin()
        .arg("extract")
        .arg("-o")
        .arg(&path)
        .arg(sample(SEED))
        .output()
        .unwrap());
    let mut book: Xlsx<_> = open_workbook(&path).expect("opens as a workbook");
    assert_eq!(book.sheet_names(), ["Forms", "Indicators"]);
    let forms = book.worksheet_range("Forms").unwrap();
    assert_eq!(forms.height(), 1 + 3, "header and the seed's three forms");
    let rows: Vec<_> = forms.rows().collect();
    let total = column(rows[0], "funding_total");
    assert_eq!(rows[1][total], Data::Float(14_979_100.0));
    let name = column(rows[0], "project_name");
    assert_eq!(
        rows[1][name],
        Data::String("办公房及附属设施维修专项".into())
    );
    let warnings = column(rows[0], "warnings");
    let parsed: Vec<String> = serde_json::from_str(&rows[1][warnings].to_string()).unwrap();
    assert!(parsed.iter().all(|w| !w.is_empty()));

    let indicators = book.worksheet_range("Indicators").unwrap();
    let rows: Vec<_> = indicators.rows().collect();
    assert_eq!(
        rows.len(),
        1 + 59,
        "one row per indicator of the seed's forms"
    );
    let raw = column(rows[0], "target_raw");
    let value = column(rows[0], "target_value");
    let hundred = rows
        .iter()
        .find(|r| r[raw] == Data::String("=100%".into()))
        .expect("=100% is text, not a formula, and has no leading '");
    assert_eq!(hundred[value], Data::Float(100.0));
    assert!(rows.iter().all(|r| !r[raw].to_string().starts_with('\'')));
}

#[test]
fn csv_is_typed_for_programs_and_guarded_only_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("records.csv");
    ok(&bin()
        .arg("extract")
        .arg("-o")
        .arg(&path)
        .arg(sample(SEED))
        .output()
        .unwrap());
    let text = std::fs::read_to_string(&path).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 59);
    for row in &rows {
        assert!(!row[at("target_raw")].starts_with('\''), "{row:?}");
        for amount in ["funding_total", "funding_fiscal", "target_value"] {
            let cell = &row[at(amount)];
            assert!(cell.is_empty() || cell.contains('.'), "{amount} {cell:?}");
        }
    }
    assert!(rows.iter().any(|r| &r[at("target_raw")] == "=100%"));

    let guarded = bin()
        .args(["extract", "--format", "csv", "--csv-formula-guard"])
        .arg(sample(SEED))
        .output()
        .unwrap();
    ok(&guarded);
    assert!(String::from_utf8_lossy(&guarded.stdout).contains(",'=100%,"));
}

#[test]
fn the_format_comes_from_the_output_s_ending_or_is_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let jsonl = tmp.path().join("r.jsonl");
    ok(&run(
        &["extract", "-o", &jsonl.display().to_string()],
        &sample(SEED),
    ));
    assert_eq!(std::fs::read_to_string(&jsonl).unwrap().lines().count(), 3);
    let unknown = tmp.path().join("r.txt");
    let out = run(
        &["extract", "-o", &unknown.display().to_string()],
        &sample(SEED),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format"));
    assert!(!unknown.exists());
}

#[test]
fn a_dash_reads_standard_input() {
    let mut child = bin()
        .args(["extract", "--format", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(sample(SEED)).unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 3);
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["source"]["path"], "-");
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    // Many forms, and a reader that stops after the first line.
    let mut child = bin()
        .args(["extract", "--format", "jsonl", "--jobs", "1"])
        .arg(sample("text"))
        .arg(sample("converted"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    // Some inputs there are error samples: 1 is their status.
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{:?} {stderr}",
        out.status
    );
}

#[test]
fn completions_and_the_man_page_are_generated() {
    let bash = bin().args(["completions", "bash"]).output().unwrap();
    ok(&bash);
    assert!(String::from_utf8_lossy(&bash.stdout).contains("--out-dir"));
    let man = bin().arg("man").output().unwrap();
    ok(&man);
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH jixiao"),
        "{page}"
    );
}

#[test]
fn json_logs_are_one_event_per_document_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["extract", "--log-format", "json", "--out-dir"])
        .arg(tmp.path().join("out"))
        .arg(sample("text"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "the text samples hold two error samples"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    let events: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect();
    let documents: Vec<_> = events.iter().filter(|e| e["event"] == "document").collect();
    let files = std::fs::read_dir(sample("text"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt")
        })
        .count();
    assert_eq!(documents.len(), files);
    for d in &documents {
        assert!(d["path"].is_string() && d["ms"].is_u64(), "{d}");
        match d["status"].as_str() {
            Some("ok") => assert!(d["forms"].as_u64().unwrap_or(0) >= 1, "{d}"),
            Some("no_form" | "error") => {
                assert!(d["kind"].is_string() && d["message"].is_string(), "{d}")
            }
            other => panic!("status {other:?}"),
        }
    }
    let done = events.last().unwrap();
    assert_eq!(done["event"], "done");
    assert_eq!(done["files"], files);
    assert_eq!(done["errors"], 2);
}

#[test]
fn zip_member_names_in_gbk_are_read_as_chinese() {
    // A zip as Windows writes it on a Chinese system: the member name in
    // GBK, without the UTF-8 flag. (Written with an ASCII name of the same
    // byte length, then patched in both headers.)
    let tmp = tempfile::tempdir().unwrap();
    let placeholder = "aaaabbbb/seed.txt";
    let gbk: Vec<u8> = encoding_rs::GBK.encode("绩效目标/seed.txt").0.into_owned();
    assert_eq!(gbk.len(), placeholder.len());
    let mut bytes = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
        zip.start_file(placeholder, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(
            &mut zip,
            &std::fs::read(sample("text/seed_000_a412ae7c9559c2f7.txt")).unwrap(),
        )
        .unwrap();
        zip.finish().unwrap();
    }
    let mut patched = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(placeholder.as_bytes()) {
            patched.extend_from_slice(&gbk);
            i += placeholder.len();
        } else {
            patched.push(bytes[i]);
            i += 1;
        }
    }
    let archive = tmp.path().join("申报表.zip");
    std::fs::write(&archive, &patched).unwrap();
    let out = run(&["extract", "--format", "jsonl"], &archive);
    ok(&out);
    let first = String::from_utf8(out.stdout).unwrap();
    let record: serde_json::Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
    let path = record["source"]["path"].as_str().unwrap();
    assert!(path.ends_with("申报表.zip!/绩效目标/seed.txt"), "{path}");
}
