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
//! The user documentation is the README's *Batch runs* section.

mod log;
mod out_dir;
mod progress;
mod schedule;
mod sink;
mod writer;

pub use log::{init_json as log_init_json, run_failed as log_run_failed, LogFormat};

use crate::args::Shard;
use crate::inputs::{self, Limits};
use anyhow::Context;
use jixiao_emit::Format;
use jixiao_store::Store;
use out_dir::OutDir;
use progress::Progress;
use schedule::{worker_loop, Outcome, Shared};
use serde::Serialize;
use sink::RecordSink;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};
use writer::Writer;

/// The git commit of this build (empty when built outside a checkout).
pub const COMMIT: &str = env!("JIXIAO_COMMIT");

/// This build, as the store records it.
pub fn this_build() -> jixiao_store::Build {
    jixiao_store::Build::new(
        env!("CARGO_PKG_VERSION"),
        Some(COMMIT).filter(|c| !c.is_empty()),
    )
}

/// Which stored documents a run reads again (`--reprocess`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Reprocess {
    /// Those stored with status `error`.
    Errors,
    /// Those read by an older build (a lower version, or the same version
    /// from another commit).
    Older,
    /// Every stored document.
    All,
}

impl Reprocess {
    /// True when a document stored as `known` is read again.
    pub fn wants(self, known: &jixiao_store::Known, now: &jixiao_store::Build) -> bool {
        match self {
            Reprocess::Errors => known.status == jixiao_store::Status::Error,
            Reprocess::Older => known.build.is_older_than(now),
            Reprocess::All => true,
        }
    }

    /// What the store replaces with the new reading.
    pub fn replace(self) -> jixiao_store::Replace {
        match self {
            Reprocess::Errors => jixiao_store::Replace::Errors,
            Reprocess::Older | Reprocess::All => jixiao_store::Replace::Everything,
        }
    }
}

/// How documents are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// In child processes, with a time limit (the default).
    Process,
    /// In the run's own threads: panics are caught, but there is no time
    /// limit and an abort or stack overflow ends the run.
    InProcess,
}

/// Everything a run needs.
#[derive(Debug, Clone)]
pub struct Options {
    pub inputs: Vec<PathBuf>,
    /// Format of the stdout / `-o` output.
    pub format: Format,
    /// How CSVs (stdout / `-o`, and the out-dir's) write text.
    pub csv: jixiao_emit::CsvOptions,
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
    /// Which stored documents to read again.
    pub reprocess: Option<Reprocess>,
    /// How the run reports on stderr.
    pub log_format: LogFormat,
    /// How each document is read (when to recognise page images).
    pub pipeline: jixiao_pipeline::Options,
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
    /// Documents (files and archive members): `ok + no_form + errors`.
    pub files: usize,
    /// Documents with at least one form.
    pub ok: usize,
    /// Documents read fine that hold no declaration form (not failures).
    pub no_form: usize,
    /// Documents that could not be read: the run's failures.
    pub errors: usize,
    /// Files in the input folders and archives that are no kind jixiao
    /// reads (not counted in `files`).
    pub skipped: usize,
    pub forms: usize,
    pub indicators: usize,
    /// PDF pages read.
    pub pages: usize,
    pub seconds: f64,
    /// Documents taken from the store instead of being read again.
    pub from_store: usize,
    pub jobs: usize,
    pub shard: Option<String>,
    pub jixiao_version: String,
    /// The git commit of the build, when known.
    pub jixiao_commit: Option<String>,
    /// Of the `errors`: those read in this run, and those read back from the
    /// store (reported before; not printed again).
    pub errors_new: usize,
    pub errors_stored: usize,
}

/// Runs the batch; returns the summary (`errors == 0` means success). An
/// `Err` is the run itself failing (an input that cannot be used, the store
/// or an output that cannot be opened or written).
pub fn run(opts: &Options) -> anyhow::Result<Summary> {
    let start = Instant::now();
    let listing = inputs::collect(&opts.inputs, &opts.limits);
    if !listing.unusable.is_empty() {
        anyhow::bail!("nothing was read:\n  {}", listing.unusable.join("\n  "));
    }
    let mut items = listing.items;
    if let Some(shard) = opts.shard {
        items.retain(|item| inputs::in_shard(&item.path, shard.index, shard.count));
    }

    let mut store = match &opts.db {
        Some(path) => Some(Store::open(path, &this_build())?),
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
        Some(RecordSink::open(
            opts.output.as_deref(),
            opts.format,
            opts.csv,
        )?)
    } else {
        None
    };
    let out_dir = match &opts.out_dir {
        Some(dir) => Some(OutDir::open(dir, opts.csv)?),
        None => None,
    };
    let json_log = opts.log_format == LogFormat::Json;
    let progress = Progress::new(
        items.len(),
        !opts.quiet && !json_log && (opts.batch_mode() || opts.output.is_some()),
        !opts.quiet && !json_log && opts.batch_mode(),
    );
    let mut writer = Writer {
        store: store.as_mut(),
        replace: opts
            .reprocess
            .map_or(jixiao_store::Replace::Nothing, Reprocess::replace),
        stdout_sink,
        out_dir,
        progress,
        // In batch mode the errors are in errors.jsonl; --quiet silences
        // the stderr copy. Without a folder or store, stderr is the only
        // place they go.
        errors_to_stderr: !(opts.quiet && opts.batch_mode()),
        batch_mode: opts.batch_mode(),
        json_log,
        summary: Summary {
            jobs: opts.jobs,
            shard: opts.shard.map(|s| s.to_string()),
            skipped: listing.skipped,
            jixiao_version: env!("CARGO_PKG_VERSION").to_owned(),
            jixiao_commit: Some(COMMIT.to_owned()).filter(|c| !c.is_empty()),
            ..Summary::default()
        },
    };

    let jobs = opts.jobs.max(1);
    let shared = Shared {
        items: &items,
        known: &known,
        limits: opts.limits,
        reprocess: opts.reprocess,
        build: this_build(),
        exe,
        timeout: opts.timeout,
        pipeline: opts.pipeline,
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
    if json_log {
        log::done(&writer.summary);
    } else if !opts.quiet && opts.batch_mode() {
        let s = &writer.summary;
        eprintln!(
            "jixiao: done: {} files ({} with forms, {} without a form, {} failed, {} other files skipped), {} forms, {} indicators, {} pages in {:.1} s ({} taken from the store)",
            s.files, s.ok, s.no_form, s.errors, s.skipped, s.forms, s.indicators, s.pages, s.seconds, s.from_store
        );
        if s.errors_stored > 0 {
            eprintln!(
                "jixiao: of the {} failed, {} are new (printed above) and {} were already stored (not printed again; see errors.jsonl or the store, and --reprocess errors)",
                s.errors, s.errors_new, s.errors_stored
            );
        }
    }
    Ok(writer.summary)
}
