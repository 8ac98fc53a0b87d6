//! The README's batch recipes, run exactly as printed (only the example
//! paths `/archive` and `/data` are pointed at a temporary folder): GNU
//! parallel over 4 shards, merging the shards' files and stores, the
//! example queries, and the Kubernetes wrapper's exit-status logic.
//!
//! They need `sh`, GNU `parallel` and the `sqlite3` shell, which
//! scripts/test installs when missing; without them a recipe is reported
//! as not run (on stderr) rather than failed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).expect("README.md")
}

/// The first fenced block of `lang` after the line containing `marker`.
fn block_after(text: &str, marker: &str, lang: &str) -> String {
    let start = text
        .find(marker)
        .unwrap_or_else(|| panic!("README: no {marker:?}"));
    let fence = format!("```{lang}\n");
    let open = start
        + text[start..]
            .find(&fence)
            .unwrap_or_else(|| panic!("README: no {lang} block after {marker:?}"))
        + fence.len();
    let close = open + text[open..].find("\n```").expect("closing fence");
    text[open..close].to_owned()
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `sh -c script` in `cwd`, with this build's jixiao first on PATH.
fn shell(script: &str, cwd: &Path, env: &[(&str, String)]) -> Output {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_jixiao"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(script).current_dir(cwd).env("PATH", path);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run sh")
}

fn says(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// An archive folder: forms, a document without a form, a damaged file.
fn archive(dir: &Path) {
    let samples = root().join("samples");
    let files = [
        "text/seed_000_a412ae7c9559c2f7.txt",
        "text/utf16le_bom_two_forms_latex.txt",
        "text/markdown_pipes_word_operators.txt",
        "text/gbk_labels_in_wrong_columns.txt",
        "pdf/two_forms.pdf",
        "pdf/split_row.pdf",
        "pdf/not_a_form.pdf",
        "converted/mineru_two_forms.md",
    ];
    for (i, rel) in files.iter().enumerate() {
        let src = samples.join(rel);
        let name = src.file_name().unwrap().to_string_lossy().into_owned();
        let dest = dir.join(format!("d{}", i % 3)).join(name);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&src, &dest).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
    }
    std::fs::write(dir.join("d0/broken.pdf"), b"%PDF-1.7\n\x00\x01 cut off").unwrap();
}

/// Row counts and keys of a store, for comparing stores.
fn contents(db: &Path) -> BTreeMap<String, Vec<String>> {
    let conn = rusqlite::Connection::open(db).expect("open store");
    let mut out = BTreeMap::new();
    for (table, key) in [
        ("documents", "sha256 || ' ' || status"),
        ("document_paths", "sha256 || ' ' || path"),
        (
            "forms",
            "sha256 || ' ' || form_index || ' ' || project_name",
        ),
        (
            "indicators",
            "sha256 || ' ' || form_index || ' ' || indicator_index || ' ' || target_raw",
        ),
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT {key} FROM {table} ORDER BY 1"))
            .unwrap();
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out.insert(table.to_owned(), rows);
    }
    out
}

#[test]
fn parallel_shards_merge_into_the_single_run_and_the_queries_run() {
    let missing: Vec<_> = ["parallel", "sqlite3"]
        .into_iter()
        .filter(|t| !have(t))
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "NOT RUN: the README's shard recipes need {missing:?} (scripts/test installs them)"
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path();
    archive(&work.join("archive"));
    let text = readme();
    let at_archive =
        |s: String| s.replace("/archive/", &format!("{}/", work.join("archive").display()));

    // GNU parallel, in a fresh folder (out/ does not exist yet).
    let parallel = at_archive(block_after(&text, "GNU parallel, 4 shards", "sh"));
    let out = shell(&parallel, work, &[]);
    for k in 0..4 {
        let summary = work.join(format!("out/shard-{k}/summary.json"));
        assert!(summary.exists(), "shard {k} finished: {}", says(&out));
        assert!(work.join(format!("out/shard-{k}.sqlite")).exists());
    }
    // parallel's status is the number of shards that failed: only the
    // shard holding broken.pdf.
    assert_eq!(out.status.code(), Some(1), "{}", says(&out));

    // Merging: the JSON Lines, the CSVs and the stores, as printed.
    let merge_lines = block_after(&text, "Concatenating JSON Lines", "sh");
    let merge_csv = block_after(&text, "The CSVs: keep the first file's header", "sh");
    let merge_db = block_after(&text, "The stores, with one `ATTACH`", "sh");
    for script in [&merge_lines, &merge_csv, &merge_db] {
        let out = shell(script, work, &[]);
        assert!(out.status.success(), "{script}\n{}", says(&out));
    }

    // The reference: one run over everything.
    let single = shell(
        &at_archive("jixiao extract -q --db single.sqlite --out-dir single /archive/".into()),
        work,
        &[],
    );
    assert_eq!(single.status.code(), Some(1), "{}", says(&single));
    assert_eq!(
        contents(&work.join("merged.sqlite")),
        contents(&work.join("single.sqlite"))
    );
    let lines = |p: &str| {
        std::fs::read_to_string(work.join(p))
            .unwrap()
            .lines()
            .count()
    };
    assert_eq!(lines("forms.jsonl"), lines("single/forms.jsonl"));
    assert_eq!(lines("errors.jsonl"), lines("single/errors.jsonl"));
    assert_eq!(lines("indicators.csv"), lines("single/indicators.csv"));

    // Every example query runs on the merged store.
    let queries = block_after(&text, "#### Example queries", "sql");
    let conn = rusqlite::Connection::open(work.join("merged.sqlite")).unwrap();
    let mut ran = 0;
    for statement in queries
        .split(";\n")
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let sql: String = statement
            .lines()
            .filter(|l| !l.trim_start().starts_with("--"))
            .collect::<Vec<_>>()
            .join("\n");
        let mut stmt = conn.prepare(&sql).unwrap_or_else(|e| panic!("{sql}\n{e}"));
        let columns = stmt.column_count();
        let rows: Vec<Vec<String>> = stmt
            .query_map([], |r| {
                (0..columns)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect()
            })
            .unwrap_or_else(|e| panic!("{sql}\n{e}"))
            .map(|r| r.unwrap_or_else(|e| panic!("{sql}\n{e}")))
            .collect();
        if sql.contains("status = 'error'") {
            assert!(
                rows.iter()
                    .any(|r| r.iter().any(|c| c.contains("broken.pdf"))),
                "what failed: {rows:?}"
            );
        }
        ran += 1;
    }
    assert!(ran >= 5, "{ran} queries");
}

/// The `args` of the Kubernetes Job: a YAML folded scalar (`>-`), its lines
/// joined by spaces.
fn kubernetes_script(text: &str) -> String {
    let yaml = block_after(text, "Kubernetes Indexed Job", "yaml");
    let mut lines = yaml.lines().skip_while(|l| !l.trim_end().ends_with("- >-"));
    lines.next().expect("the args scalar");
    let body: Vec<&str> = lines
        .take_while(|l| l.starts_with("              "))
        .map(str::trim)
        .collect();
    assert!(!body.is_empty(), "README: no Kubernetes args script");
    body.join(" ")
}

#[test]
fn the_kubernetes_wrapper_retries_only_what_a_retry_can_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path();
    archive(&work.join("archive"));
    let script = kubernetes_script(&readme())
        .replace("/archive", &work.join("archive").display().to_string())
        .replace("/data", &work.join("data").display().to_string());
    for k in 0..8 {
        let out = shell(&script, work, &[("JOB_COMPLETION_INDEX", k.to_string())]);
        // Documents that fail are reported, not retried: the pod succeeds.
        assert_eq!(out.status.code(), Some(0), "pod {k}: {}", says(&out));
        assert!(work
            .join(format!("data/shards/out-{k}/summary.json"))
            .exists());
    }
    // The archive volume not mounted: the run fails (3) and the pod is
    // restarted.
    std::fs::rename(work.join("archive"), work.join("elsewhere")).unwrap();
    let out = shell(&script, work, &[("JOB_COMPLETION_INDEX", "0".into())]);
    assert_eq!(out.status.code(), Some(3), "{}", says(&out));
}

#[test]
fn the_dockerfile_builds_an_image_that_reads_the_samples() {
    let daemon = Command::new("docker")
        .arg("info")
        .output()
        .is_ok_and(|o| o.status.success());
    if !daemon {
        eprintln!("NOT RUN: the Dockerfile test needs a running Docker daemon");
        return;
    }
    let tag = format!("jixiao-test-{}", std::process::id());
    let build = Command::new("docker")
        .args(["build", "-q", "-t", &tag, "."])
        .current_dir(root())
        .output()
        .expect("docker build");
    assert!(build.status.success(), "docker build: {}", says(&build));
    let run = Command::new("docker")
        .args(["run", "--rm", "-v"])
        .arg(format!(
            "{}:/archive:ro",
            root().join("samples/text").display()
        ))
        .args([&tag, "extract", "--format", "jsonl", "/archive"])
        .output()
        .expect("docker run");
    // The text samples include two error samples: exit 1, records for the rest.
    assert_eq!(run.status.code(), Some(1), "{}", says(&run));
    assert!(String::from_utf8_lossy(&run.stdout).lines().count() >= 10);
    let user = Command::new("docker")
        .args(["run", "--rm", "--entrypoint", "id", &tag, "-u"])
        .output()
        .expect("docker run id");
    assert_eq!(
        String::from_utf8_lossy(&user.stdout).trim(),
        "10001",
        "not root"
    );
    let _ = Command::new("docker").args(["rmi", "-f", &tag]).output();
}
