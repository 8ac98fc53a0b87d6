//! One run over many documents: parallel, isolated, ordered, resumable.
//!
//! * The inputs are listed first ([`crate::inputs::collect`]) and sorted by
//!   path; `--shard K/N` keeps a stable subset.
//! * `jobs` rayon threads each take the next document, read its bytes
//!   (from disk or from inside a zip), skip it if the store already holds
//!   that SHA-256, and otherwise have it read by their own child process
//!   ([`crate::worker`]), which may crash or be killed at the time limit
//!   without harming the run.
//! * One writer (the calling thread) receives the results, puts them back
//!   in path order and streams them out: to stdout or `-o`, to the
//!   `--out-dir` files, and to the `--db` store (one transaction per
//!   document). Threads only run ahead of the writer by a small window, so
//!   memory stays flat however many documents there are.
//!
//! The user documentation is `docs/batch.md`.

use crate::inputs::{self, Item, Limits, Reader};
use crate::worker::{self, Reply, ReplyError, Worker};
use crate::DocError;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jixiao_emit::{csv_rows, Format, RecordWriter, CSV_HEADER};
use jixiao_map::Record;
use jixiao_store::{Document, Status, Store};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};
use tempfile::NamedTempFile;

/// How documents are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// In child processes, with a time limit (the default).
    Process,
    /// In the run's own threads: panics are caught, but there is no time
    /// limit and an abort or stack overflow ends the run.
    InProcess,
}

/// `--shard K/N`: the K-th (0-based) of N stable subsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!("expected K/N with 0 <= K < N, e.g. 0/4 (K is 0-based, like JOB_COMPLETION_INDEX), got {s:?}")
        };
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Everything a run needs.
#[derive(Debug, Clone)]
pub struct Options {
    pub inputs: Vec<PathBuf>,
    /// Format of the stdout / `-o` output.
    pub format: Format,
    /// `-o`: write the records to this file instead of stdout.
    pub output: Option<PathBuf>,
    pub out_dir: Option<PathBuf>,
    pub db: Option<PathBuf>,
    pub jobs: usize,
    pub timeout: Duration,
    pub limits: Limits,
    pub shard: Option<Shard>,
    pub quiet: bool,
    pub isolation: Isolation,
    /// Read again documents stored with status `error`.
    pub retry_errors: bool,
}

impl Options {
    /// Batch mode: results go to a folder or a store rather than stdout.
    fn batch_mode(&self) -> bool {
        self.out_dir.is_some() || self.db.is_some()
    }
}

/// The counts of a run (`summary.json`).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Summary {
    /// Documents (files and archive members), including failed ones.
    pub files: usize,
    pub forms: usize,
    pub indicators: usize,
    /// Documents that gave no record.
    pub failures: usize,
    /// PDF pages read.
    pub pages: usize,
    pub seconds: f64,
    /// Documents taken from the store instead of being read again.
    pub from_store: usize,
    pub jobs: usize,
    pub shard: Option<String>,
    pub jixiao_version: String,
}

/// One line of `errors.jsonl`.
#[derive(Debug, Serialize)]
struct ErrorLine<'a> {
    path: &'a str,
    page: Option<usize>,
    message: &'a str,
    sha256: Option<&'a str>,
}

/// A document's result, as the writer receives it.
struct Outcome {
    path: String,
    sha256: Option<String>,
    bytes: u64,
    kind: Kind,
}

enum Kind {
    /// Read now.
    Read(Reply),
    /// Already in the store: its records (or error) come from there.
    Stored,
    /// Not read: refused or unreadable.
    Refused(String),
}

/// Runs the batch; returns the summary (`failures == 0` means success).
pub fn run(opts: &Options) -> anyhow::Result<Summary> {
    let start = Instant::now();
    let mut items = inputs::collect(&opts.inputs, &opts.limits);
    if let Some(shard) = opts.shard {
        items.retain(|item| inputs::in_shard(&item.path, shard.index, shard.count));
    }

    let mut store = match &opts.db {
        Some(path) => Some(Store::open(path, env!("CARGO_PKG_VERSION"))?),
        None => None,
    };
    let known = match &store {
        Some(store) => store.known()?,
        None => HashMap::new(),
    };
    let exe = match opts.isolation {
        Isolation::Process => Some(std::env::current_exe().context(
            "cannot find the jixiao binary to start reader processes; run with --in-process",
        )?),
        Isolation::InProcess => None,
    };

    let stdout_sink = if !opts.batch_mode() || opts.output.is_some() {
        Some(RecordSink::open(opts.output.as_deref(), opts.format)?)
    } else {
        None
    };
    let out_dir = match &opts.out_dir {
        Some(dir) => Some(OutDir::open(dir)?),
        None => None,
    };
    let progress = Progress::new(
        items.len(),
        !opts.quiet && (opts.batch_mode() || opts.output.is_some()),
        !opts.quiet && opts.batch_mode(),
    );
    let mut writer = Writer {
        store: store.as_mut(),
        retry_errors: opts.retry_errors,
        stdout_sink,
        out_dir,
        progress,
        // In batch mode the errors are in errors.jsonl; --quiet silences
        // the stderr copy. Without a folder or store, stderr is the only
        // place they go.
        errors_to_stderr: !(opts.quiet && opts.batch_mode()),
        summary: Summary {
            jobs: opts.jobs,
            shard: opts.shard.map(|s| s.to_string()),
            jixiao_version: env!("CARGO_PKG_VERSION").to_owned(),
            ..Summary::default()
        },
    };

    let jobs = opts.jobs.max(1);
    let shared = Shared {
        items: &items,
        known: &known,
        limits: opts.limits,
        retry_errors: opts.retry_errors,
        exe,
        timeout: opts.timeout,
        next: AtomicUsize::new(0),
        written: Mutex::new(0),
        advanced: Condvar::new(),
        window: jobs * 4 + 8,
        abort: AtomicBool::new(false),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("jixiao-{i}"))
        .build()
        .context("cannot start the worker threads")?;
    let (tx, rx) = mpsc::channel::<(usize, Outcome)>();
    let result = std::thread::scope(|scope| {
        let shared = &shared;
        scope.spawn(move || {
            let tx = tx;
            pool.broadcast(|_| worker_loop(shared, &tx));
        });
        let result = writer.receive(rx, shared);
        if result.is_err() {
            shared.stop();
        }
        result
    });
    result?;

    writer.summary.seconds = (start.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    writer.progress.finish();
    if let Some(sink) = writer.stdout_sink.take() {
        sink.commit()?;
    }
    if let Some(out_dir) = writer.out_dir.take() {
        out_dir.commit(&writer.summary)?;
    }
    if !opts.quiet && opts.batch_mode() {
        let s = &writer.summary;
        eprintln!(
            "jixiao: done: {} files, {} forms, {} indicators, {} failed, {} pages in {:.1} s ({} taken from the store)",
            s.files, s.forms, s.indicators, s.failures, s.pages, s.seconds, s.from_store
        );
    }
    Ok(writer.summary)
}

/// What the worker threads share.
struct Shared<'a> {
    items: &'a [Item],
    known: &'a HashMap<String, Status>,
    limits: Limits,
    retry_errors: bool,
    exe: Option<PathBuf>,
    timeout: Duration,
    /// Index of the next document to take.
    next: AtomicUsize,
    /// Documents written so far (all before this index).
    written: Mutex<usize>,
    advanced: Condvar,
    /// How far past the writer a thread may run.
    window: usize,
    abort: AtomicBool,
}

impl Shared<'_> {
    fn stop(&self) {
        self.abort.store(true, Ordering::SeqCst);
        self.advanced.notify_all();
    }

    fn set_written(&self, n: usize) {
        if let Ok(mut written) = self.written.lock() {
            *written = n;
        }
        self.advanced.notify_all();
    }

    /// Waits until document `i` is within the window of the writer.
    fn wait_for_turn(&self, i: usize) {
        let Ok(mut written) = self.written.lock() else {
            return;
        };
        while i >= *written + self.window && !self.abort.load(Ordering::SeqCst) {
            written = match self.advanced.wait(written) {
                Ok(w) => w,
                Err(_) => return,
            };
        }
    }
}

fn worker_loop(shared: &Shared<'_>, tx: &Sender<(usize, Outcome)>) {
    let mut reader = Reader::new(shared.limits);
    let mut child = shared
        .exe
        .as_ref()
        .map(|exe| Worker::new(exe.clone(), shared.timeout));
    loop {
        if shared.abort.load(Ordering::SeqCst) {
            return;
        }
        let i = shared.next.fetch_add(1, Ordering::SeqCst);
        let Some(item) = shared.items.get(i) else {
            return;
        };
        shared.wait_for_turn(i);
        if shared.abort.load(Ordering::SeqCst) {
            return;
        }
        let outcome = read_item(shared, item, &mut reader, child.as_mut());
        if tx.send((i, outcome)).is_err() {
            return;
        }
    }
}

fn read_item(
    shared: &Shared<'_>,
    item: &Item,
    reader: &mut Reader,
    child: Option<&mut Worker>,
) -> Outcome {
    let bytes = match reader.read(item) {
        Ok(bytes) => bytes,
        Err(message) => {
            return Outcome {
                path: item.path.clone(),
                sha256: None,
                bytes: 0,
                kind: Kind::Refused(message),
            }
        }
    };
    let sha256 = crate::sha256_hex(&bytes);
    let len = bytes.len() as u64;
    let stored = shared
        .known
        .get(&sha256)
        .is_some_and(|status| !(shared.retry_errors && *status == Status::Error));
    let kind = if stored {
        Kind::Stored
    } else {
        Kind::Read(match child {
            Some(child) => child.run(&item.path, &bytes),
            None => worker::in_process(&item.path, &bytes),
        })
    };
    Outcome {
        path: item.path.clone(),
        sha256: Some(sha256),
        bytes: len,
        kind,
    }
}

/// The single writer: puts results in order and sends them everywhere.
struct Writer<'s> {
    store: Option<&'s mut Store>,
    retry_errors: bool,
    stdout_sink: Option<RecordSink>,
    out_dir: Option<OutDir>,
    progress: Progress,
    errors_to_stderr: bool,
    summary: Summary,
}

impl Writer<'_> {
    fn receive(
        &mut self,
        rx: Receiver<(usize, Outcome)>,
        shared: &Shared<'_>,
    ) -> anyhow::Result<()> {
        let mut pending = BTreeMap::new();
        let mut next = 0usize;
        for (i, outcome) in rx {
            pending.insert(i, outcome);
            while let Some(outcome) = pending.remove(&next) {
                self.write(outcome)?;
                next += 1;
                shared.set_written(next);
            }
        }
        if next != shared.items.len() {
            anyhow::bail!(
                "internal error: {} of {} documents were processed; please report it",
                next,
                shared.items.len()
            );
        }
        Ok(())
    }

    fn write(&mut self, o: Outcome) -> anyhow::Result<()> {
        let (pages, result) = match o.kind {
            Kind::Refused(message) => (
                None,
                Err(ReplyError {
                    page: None,
                    message,
                }),
            ),
            Kind::Read(reply) => {
                if let (Some(store), Some(sha256)) = (self.store.as_deref_mut(), &o.sha256) {
                    let outcome = match &reply.result {
                        Ok(records) => Ok(records.as_slice()),
                        Err(e) => Err((e.message.as_str(), e.page)),
                    };
                    store.put(
                        &Document {
                            sha256,
                            path: &o.path,
                            bytes: o.bytes,
                            pages: reply.pages,
                            outcome,
                        },
                        self.retry_errors,
                    )?;
                }
                (reply.pages, reply.result)
            }
            Kind::Stored => {
                self.summary.from_store += 1;
                let (Some(store), Some(sha256)) = (self.store.as_deref_mut(), &o.sha256) else {
                    anyhow::bail!("internal error: a stored document without a store");
                };
                store.add_path(sha256, &o.path)?;
                match store.load(sha256)? {
                    Some(stored) => {
                        let result = match stored.status {
                            Status::Ok => Ok(stored
                                .records
                                .into_iter()
                                .map(|mut r| {
                                    r.source.path.clone_from(&o.path);
                                    r
                                })
                                .collect()),
                            Status::Error => Err(ReplyError {
                                page: stored.error_page,
                                message: stored.error.unwrap_or_default(),
                            }),
                        };
                        (stored.pages, result)
                    }
                    None => (
                        None,
                        Err(ReplyError {
                            page: None,
                            message:
                                "the store listed this document but no longer holds it; run again"
                                    .to_owned(),
                        }),
                    ),
                }
            }
        };
        self.summary.files += 1;
        self.summary.pages += pages.unwrap_or(0);
        match result {
            Ok(records) => {
                for record in &records {
                    self.summary.forms += 1;
                    self.summary.indicators += record.indicators.len();
                    if let Some(sink) = &mut self.stdout_sink {
                        sink.write(record)?;
                    }
                    if let Some(out_dir) = &mut self.out_dir {
                        out_dir.write(record)?;
                    }
                }
            }
            Err(e) => {
                self.summary.failures += 1;
                if let Some(out_dir) = &mut self.out_dir {
                    out_dir.error(&ErrorLine {
                        path: &o.path,
                        page: e.page,
                        message: &e.message,
                        sha256: o.sha256.as_deref(),
                    })?;
                }
                if self.errors_to_stderr {
                    let shown = DocError {
                        page: e.page,
                        message: e.message,
                    };
                    self.progress
                        .println(&format!("jixiao: {}: {shown}", o.path));
                }
            }
        }
        self.progress.update(&self.summary);
        Ok(())
    }
}

/// Records to stdout or to `-o PATH` (atomically).
enum RecordSink {
    Stdout(RecordWriter<BufWriter<std::io::Stdout>>),
    File {
        writer: RecordWriter<BufWriter<NamedTempFile>>,
        dest: PathBuf,
    },
}

/// A temporary file next to `dest`, renamed over it when complete.
fn temp_beside(dest: &Path) -> anyhow::Result<NamedTempFile> {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // The finished file gets ordinary permissions (tempfile's default is
    // owner-only); the umask still applies.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(&dir).with_context(|| {
        format!(
            "cannot create a file in {} (is the folder there and writable?)",
            dir.display()
        )
    })
}

fn persist(file: NamedTempFile, dest: &Path) -> anyhow::Result<()> {
    file.as_file().sync_all().ok();
    file.persist(dest)
        .map_err(|e| anyhow::anyhow!("cannot move output into {}: {}", dest.display(), e.error))?;
    Ok(())
}

impl RecordSink {
    fn open(dest: Option<&Path>, format: Format) -> anyhow::Result<RecordSink> {
        Ok(match dest {
            None => RecordSink::Stdout(
                RecordWriter::new(BufWriter::new(std::io::stdout()), format)
                    .context("writing output")?,
            ),
            Some(dest) => RecordSink::File {
                writer: RecordWriter::new(BufWriter::new(temp_beside(dest)?), format)
                    .context("writing output")?,
                dest: dest.to_path_buf(),
            },
        })
    }

    fn write(&mut self, record: &Record) -> anyhow::Result<()> {
        match self {
            RecordSink::Stdout(w) => w.write(record).context("writing output"),
            RecordSink::File { writer, dest } => writer
                .write(record)
                .with_context(|| format!("writing {} (is the disk full?)", dest.display())),
        }
    }

    fn commit(self) -> anyhow::Result<()> {
        match self {
            RecordSink::Stdout(w) => {
                w.finish().context("writing output")?;
                Ok(())
            }
            RecordSink::File { writer, dest } => {
                let file = writer
                    .finish()
                    .with_context(|| format!("writing {} (is the disk full?)", dest.display()))?
                    .into_inner()
                    .map_err(|e| anyhow::anyhow!("writing {}: {}", dest.display(), e.error()))?;
                persist(file, &dest)
            }
        }
    }
}

/// Columns of `projects.csv`: the project columns of the indicator CSV and
/// the goals, the number of indicators and the warnings.
pub const PROJECT_EXTRA: [&str; 4] = ["overall_goal", "annual_goal", "indicator_count", "warnings"];
/// How many leading columns of [`CSV_HEADER`] describe the project.
pub const PROJECT_COLUMNS: usize = 20;

/// The `--out-dir` files, written under temporary names and renamed into
/// place when the run ends (`summary.json` last).
struct OutDir {
    dir: PathBuf,
    forms: RecordWriter<BufWriter<NamedTempFile>>,
    indicators: csv::Writer<NamedTempFile>,
    projects: csv::Writer<NamedTempFile>,
    errors: BufWriter<NamedTempFile>,
}

fn spreadsheet_csv(
    mut file: NamedTempFile,
    header: &[&str],
) -> anyhow::Result<csv::Writer<NamedTempFile>> {
    file.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(file);
    w.write_record(header)?;
    Ok(w)
}

/// Protects text that a spreadsheet would evaluate as a formula (as the
/// indicator CSV does).
fn guard(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    }
}

impl OutDir {
    fn open(dir: &Path) -> anyhow::Result<OutDir> {
        std::fs::create_dir_all(dir).with_context(|| {
            format!(
                "cannot create the output folder {} (check the path and permissions)",
                dir.display()
            )
        })?;
        remove_stale_temporaries(dir);
        let forms = RecordWriter::new(
            BufWriter::new(temp_beside(&dir.join("forms.jsonl"))?),
            Format::Jsonl,
        )?;
        let indicators = spreadsheet_csv(temp_beside(&dir.join("indicators.csv"))?, &CSV_HEADER)?;
        let mut project_header: Vec<&str> =
            CSV_HEADER.iter().take(PROJECT_COLUMNS).copied().collect();
        project_header.extend(PROJECT_EXTRA);
        let projects = spreadsheet_csv(temp_beside(&dir.join("projects.csv"))?, &project_header)?;
        let errors = BufWriter::new(temp_beside(&dir.join("errors.jsonl"))?);
        Ok(OutDir {
            dir: dir.to_path_buf(),
            forms,
            indicators,
            projects,
            errors,
        })
    }

    fn write(&mut self, record: &Record) -> anyhow::Result<()> {
        let dir = &self.dir;
        let ctx = || format!("writing into {} (is the disk full?)", dir.display());
        self.forms.write(record).with_context(ctx)?;
        let rows = csv_rows(record);
        if !record.indicators.is_empty() {
            for row in &rows {
                self.indicators.write_record(row).with_context(ctx)?;
            }
        }
        let mut project: Vec<String> = rows
            .into_iter()
            .next()
            .unwrap_or_default()
            .into_iter()
            .take(PROJECT_COLUMNS)
            .collect();
        project.resize(PROJECT_COLUMNS, String::new());
        project.push(guard(record.overall_goal.as_deref().unwrap_or("")));
        project.push(guard(record.annual_goal.as_deref().unwrap_or("")));
        project.push(record.indicators.len().to_string());
        project.push(guard(&record.warnings.join("; ")));
        self.projects.write_record(&project).with_context(ctx)?;
        Ok(())
    }

    fn error(&mut self, line: &ErrorLine<'_>) -> anyhow::Result<()> {
        let dir = &self.dir;
        let ctx = || format!("writing into {} (is the disk full?)", dir.display());
        serde_json::to_writer(&mut self.errors, line).with_context(ctx)?;
        self.errors.write_all(b"\n").with_context(ctx)?;
        Ok(())
    }

    fn commit(self, summary: &Summary) -> anyhow::Result<()> {
        let ctx = format!("writing into {} (is the disk full?)", self.dir.display());
        let forms = self
            .forms
            .finish()
            .context(ctx.clone())?
            .into_inner()
            .map_err(|e| anyhow::anyhow!("{ctx}: {}", e.error()))?;
        let indicators = self
            .indicators
            .into_inner()
            .map_err(|e| anyhow::anyhow!("{ctx}: {}", e.error()))?;
        let projects = self
            .projects
            .into_inner()
            .map_err(|e| anyhow::anyhow!("{ctx}: {}", e.error()))?;
        let errors = self
            .errors
            .into_inner()
            .map_err(|e| anyhow::anyhow!("{ctx}: {}", e.error()))?;
        let mut summary_file = temp_beside(&self.dir.join("summary.json"))?;
        serde_json::to_writer_pretty(&mut summary_file, summary).context(ctx.clone())?;
        summary_file.write_all(b"\n").context(ctx)?;
        let files = [forms, indicators, projects, errors, summary_file];
        for (file, name) in files.into_iter().zip(OUT_FILES) {
            persist(file, &self.dir.join(name))?;
        }
        Ok(())
    }
}

/// The files of the out-dir, in the order they are renamed into place.
const OUT_FILES: [&str; 5] = [
    "forms.jsonl",
    "indicators.csv",
    "projects.csv",
    "errors.jsonl",
    "summary.json",
];

/// Removes the temporary files a killed run left in the out-dir
/// (`.forms.jsonl.XXXXXX.tmp`, ...). One run per out-dir at a time.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = OUT_FILES.iter().any(|f| {
            name.strip_prefix('.')
                .and_then(|n| n.strip_prefix(f))
                .is_some_and(|rest| rest.starts_with('.') && rest.ends_with(".tmp"))
        });
        if ours {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Progress on stderr: a bar on a terminal, a line every
/// [`PLAIN_EVERY`] otherwise (batch mode only).
struct Progress {
    bar: Option<ProgressBar>,
    plain: bool,
    total: usize,
    start: Instant,
    last_line: Instant,
}

const PLAIN_EVERY: Duration = Duration::from_secs(10);

impl Progress {
    fn new(total: usize, bar_wanted: bool, plain_wanted: bool) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let bar = (bar_wanted && terminal).then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "{elapsed_precise} [{bar:30}] {pos}/{len} files, {msg}, ETA {eta}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message("0 forms, 0 failed");
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            plain: plain_wanted && !terminal,
            total,
            start: now,
            last_line: now,
        }
    }

    fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn update(&mut self, s: &Summary) {
        if let Some(bar) = &self.bar {
            let rate = s.files as f64 / self.start.elapsed().as_secs_f64().max(1e-9);
            bar.set_message(format!(
                "{} forms, {} failed, {rate:.1} files/s",
                s.forms, s.failures
            ));
            bar.set_position(s.files as u64);
        } else if self.plain && self.last_line.elapsed() >= PLAIN_EVERY {
            self.last_line = Instant::now();
            let elapsed = self.start.elapsed().as_secs_f64();
            let rate = s.files as f64 / elapsed.max(1e-9);
            let left = self.total.saturating_sub(s.files) as f64;
            let eta = if rate > 0.0 { left / rate } else { 0.0 };
            eprintln!(
                "jixiao: {}/{} files ({:.0}%), {} forms, {} failed, {:.1} files/s, ETA {}",
                s.files,
                self.total,
                100.0 * s.files as f64 / (self.total.max(1)) as f64,
                s.forms,
                s.failures,
                rate,
                clock(eta)
            );
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn clock(seconds: f64) -> String {
    let s = seconds.round() as u64;
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    } else {
        format!("{}m{:02}s", s / 60, s % 60)
    }
}

/// Parses a size: bytes, or with a binary suffix `K`, `M`, `G`, `T`
/// (`256M`, `1.5G`, `64KiB`).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let upper = t.to_ascii_uppercase();
    let body = upper
        .strip_suffix("IB")
        .or_else(|| upper.strip_suffix('B'))
        .unwrap_or(&upper);
    let (number, unit) = match body.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (body.get(..i).unwrap_or(""), Some(c)),
        _ => (body, None),
    };
    let shift = match unit {
        None => 0,
        Some('K') => 10,
        Some('M') => 20,
        Some('G') => 30,
        Some('T') => 40,
        Some(_) => return Err(format!("unknown unit in {s:?}; use e.g. 512K, 256M, 2G")),
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("not a size: {s:?}; use e.g. 512K, 256M, 2G"))?;
    if !value.is_finite() || value < 1.0 {
        return Err(format!("the size must be at least 1 byte, got {s:?}"));
    }
    Ok((value * (1u64 << shift) as f64) as u64)
}

/// Parses a duration: seconds, or with a suffix `s`, `m`, `h` (`60`,
/// `2.5`, `90s`, `5m`).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let (number, factor) = if let Some(n) = t.strip_suffix('h') {
        (n, 3600.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else {
        (t, 1.0)
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("not a duration: {s:?}; use seconds (60) or 90s, 5m, 1h"))?;
    let secs = value * factor;
    if !secs.is_finite() || secs <= 0.0 || secs > 1e9 {
        return Err(format!("the time limit must be positive, got {s:?}"));
    }
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("256M"), Ok(256 << 20));
        assert_eq!(parse_size("64KiB"), Ok(64 << 10));
        assert_eq!(parse_size("1.5G"), Ok(3 << 29));
        assert!(parse_size("12X").is_err());
        assert!(parse_size("0").is_err());
        assert!(parse_size("").is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("60"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("0.5s"), Ok(Duration::from_millis(500)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("soon").is_err());
    }

    #[test]
    fn shards() {
        assert_eq!("1/4".parse::<Shard>(), Ok(Shard { index: 1, count: 4 }));
        assert!("4/4".parse::<Shard>().is_err());
        assert!("1/0".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
    }
}
