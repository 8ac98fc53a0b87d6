//! `jixiao`: declaration forms in, structured records out.
//!
//! A thin shell around `jixiao_pipeline::process`: the arguments become
//! [`batch::Options`]; the run (inputs, worker processes, ordering, the
//! out-dir, the store, progress) is in `batch/`, `inputs.rs` and
//! `worker.rs`.

mod args;
mod batch;
mod inputs;
mod worker;

/// mimalloc instead of the system allocator: the pipeline makes many small,
/// short-lived strings (one per cell), and glibc's malloc spent a third of
/// the text path's time allocating and consolidating them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use args::Shard;
use batch::{Isolation, LogFormat, Options, Reprocess};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use inputs::Limits;
use jixiao_emit::{CsvOptions, Format};
use jixiao_pipeline::{OcrMode, Options as PipelineOptions};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// `--version`: the release and the commit it was built from.
const VERSION: &str = if batch::COMMIT.is_empty() {
    env!("CARGO_PKG_VERSION")
} else {
    concat!(env!("CARGO_PKG_VERSION"), " (", env!("JIXIAO_COMMIT"), ")")
};

/// Every document was read: with forms, or without one (`no_form` is
/// reported, not failed).
const EXIT_OK: u8 = 0;
/// Some documents could not be read; the others were, and their output
/// is complete. A job should not retry the run for this.
const EXIT_SOME_FAILED: u8 = 1;
/// The run itself failed: an input path that does not exist or holds no
/// file jixiao reads, a store or output that cannot be opened or written.
/// Nothing is trustworthy; fix the cause and run again. (2, usage errors,
/// is clap's.)
const EXIT_RUN_FAILED: u8 = 3;

#[derive(Parser)]
#[command(
    name = "jixiao",
    version = VERSION,
    about = "Turns 财政项目支出绩效目标申报表 (PDF or OCR'd text) into structured records"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract one record per form from files, folders (searched
    /// recursively) and .zip archives. Records go to stdout (or -o) unless
    /// --out-dir or --db is given (see the README, "Batch runs").
    #[command(after_help = EXTRACT_HELP)]
    Extract {
        /// Output format of stdout / -o: json (one array), jsonl (one
        /// record per line), csv (one row per indicator) or xlsx (a Forms
        /// and an Indicators sheet). Default: from the -o file's ending
        /// (.json .jsonl .csv .xlsx), else json.
        #[arg(long, value_enum)]
        format: Option<OutputFormat>,
        /// Write to this file instead of standard output (written atomically).
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// In CSV output, put ' before text a spreadsheet would take for a
        /// formula (=100%, +5, -): for CSVs opened in Excel or LibreOffice.
        /// Programs (pandas, DuckDB) want the text as printed, the default.
        #[arg(long)]
        csv_formula_guard: bool,
        /// Write forms.jsonl, indicators.csv, projects.csv, errors.jsonl and
        /// summary.json into this folder (each file appears complete or not
        /// at all).
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// Keep documents, forms and indicators in this SQLite file; documents
        /// already stored (same SHA-256) are not read again.
        #[arg(long, value_name = "PATH")]
        db: Option<PathBuf>,
        /// With --db: read again the stored documents that are `errors`
        /// (e.g. after raising --timeout), `older` (read by an older jixiao
        /// build: a fix reaches last year's archive) or `all`; their new
        /// reading replaces the stored one.
        #[arg(long, value_enum, value_name = "WHICH", requires = "db")]
        reprocess: Option<Reprocess>,
        /// The same as --reprocess errors.
        #[arg(long, requires = "db", conflicts_with = "reprocess")]
        retry_errors: bool,
        /// Number of documents processed in parallel (default: all cores).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
        jobs: Option<u32>,
        /// Time limit per document (seconds, or 90s, 5m); a document that
        /// runs over is abandoned and reported. Each page recognised from
        /// its image starts the limit again (a scan takes seconds a page).
        #[arg(long, value_name = "SECS", default_value = "60", value_parser = args::parse_duration)]
        timeout: Duration,
        /// Largest document read (file or archive member), e.g. 256M, 1G.
        #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = args::parse_size)]
        max_file_size: u64,
        /// Most members in one .zip archive.
        #[arg(long, value_name = "N", default_value_t = 100_000)]
        max_zip_entries: usize,
        /// Largest total uncompressed size of one .zip archive, e.g. 16G.
        #[arg(long, value_name = "SIZE", default_value = "16G", value_parser = args::parse_size)]
        max_zip_size: u64,
        /// Process only shard K of N (0-based K, e.g. 0/4): a stable subset
        /// chosen by a hash of each document's path.
        #[arg(long, value_name = "K/N")]
        shard: Option<Shard>,
        /// No progress and, in batch mode, no error lines on stderr (they
        /// are in errors.jsonl / the store).
        #[arg(short, long)]
        quiet: bool,
        /// stderr for people (text: error lines, progress) or for log
        /// collectors (json: one JSON object per document, with path,
        /// status, kind, pages and ms, and one at the end).
        #[arg(long, value_enum, value_name = "FORMAT", default_value = "text")]
        log_format: LogFormat,
        /// Read documents in this process instead of child processes: no
        /// time limit, and a crash (abort, stack overflow) ends the run.
        #[arg(long)]
        in_process: bool,
        /// When page images are recognised: auto (scans without usable
        /// text, and image files), always (every page image, even under
        /// visible text), never (scans are reported as needing OCR).
        #[arg(long, value_name = "WHEN", default_value = "auto")]
        ocr: OcrMode,
        /// Files, .zip archives, or folders holding them; - reads one
        /// document from standard input.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish,
    /// powershell) to standard output.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output, e.g.
    /// `jixiao man > jixiao.1`.
    Man,
    /// Write an HTML review page of how one document was read: each PDF
    /// page as an image with the detected table cells outlined (cells that
    /// gave an indicator or field filled), or the text with line numbers,
    /// beside the records, their quality and warnings; for a document
    /// without a form, what was missing. One self-contained file.
    Inspect {
        /// The document (PDF, image, text or a tool's output).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Write the page here (default: standard output).
        #[arg(long, value_name = "OUT")]
        html: Option<PathBuf>,
    },
    /// Print the JSON Schema of a record (the JSON and JSON Lines output,
    /// forms.jsonl); the same as schema/record.schema.json.
    Schema,
    /// Internal: reads documents sent on stdin (used by extract).
    #[command(hide = true)]
    Worker {
        /// As for extract.
        #[arg(long, default_value = "auto")]
        ocr: OcrMode,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Json,
    Jsonl,
    Csv,
    Xlsx,
}

impl From<OutputFormat> for Format {
    fn from(f: OutputFormat) -> Format {
        match f {
            OutputFormat::Json => Format::Json,
            OutputFormat::Jsonl => Format::Jsonl,
            OutputFormat::Csv => Format::Csv,
            OutputFormat::Xlsx => Format::Xlsx,
        }
    }
}

/// `extract --help`, after the options.
const EXTRACT_HELP: &str = "\
Examples:
  jixiao extract form.pdf                      one JSON array on stdout
  jixiao extract --format jsonl scans/ > forms.jsonl
  jixiao extract -o forms.xlsx filings.zip     the format from the ending
  jixiao extract --db store.sqlite --out-dir out/2026-12-01 /archive/
  mineru-output.md | jixiao extract -           (one document on stdin)

Inputs (the kind is judged from the content, not the name):
  PDF (text layer, or scanned: recognised by the built-in OCR), PNG, JPEG,
  TIFF; OCR'd text (tab-separated or Markdown tables; UTF-8, UTF-16, GBK);
  HTML and Markdown of MinerU, PP-Structure, Docling, Marker, Azure,
  Unstructured; the JSON of MinerU, Docling, Azure Document Intelligence,
  Textract, Unstructured; CSV; .xlsx .xls .ods; .docx .odt; .zip of these.

Exit status:
  0  every document was read (documents holding no form are reported, not failed)
  1  some documents could not be read; everything else is complete
  2  usage error
  3  the run itself failed: an input that does not exist or holds nothing to
     read, a store or output that cannot be opened or written

The README (Batch runs) describes --out-dir, --db, shards and time limits.";

fn main() -> ExitCode {
    let cli = Cli::parse();
    let opts = match cli.command {
        Command::Worker { ocr } => {
            let code = worker::serve(&PipelineOptions { ocr });
            return ExitCode::from(u8::try_from(code).unwrap_or(1));
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "jixiao", &mut script);
            return print_generated(&script, "the completion script");
        }
        Command::Man => {
            let mut page = Vec::new();
            if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut page) {
                eprintln!("jixiao: cannot make the manual page: {e}");
                return ExitCode::from(EXIT_RUN_FAILED);
            }
            return print_generated(&page, "the manual page");
        }
        Command::Inspect { file, html } => return inspect(&file, html.as_deref()),
        Command::Schema => {
            let mut text =
                serde_json::to_string_pretty(&jixiao_map::record_schema()).unwrap_or_default();
            text.push('\n');
            return print_generated(text.as_bytes(), "the schema");
        }
        Command::Extract {
            format,
            output,
            csv_formula_guard,
            out_dir,
            db,
            reprocess,
            retry_errors,
            jobs,
            timeout,
            max_file_size,
            max_zip_entries,
            max_zip_size,
            shard,
            quiet,
            log_format,
            in_process,
            ocr,
            inputs,
        } => Options {
            pipeline: PipelineOptions { ocr },
            inputs,
            format: match output_format(format, output.as_deref()) {
                Ok(format) => format,
                Err(message) => usage_error(&message),
            },
            csv: CsvOptions {
                formula_guard: csv_formula_guard,
            },
            output,
            out_dir,
            db,
            jobs: jobs.map(|n| n as usize).unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(1)
            }),
            timeout,
            limits: Limits {
                max_file_size,
                max_zip_entries,
                max_zip_size,
            },
            shard,
            quiet,
            isolation: if in_process {
                Isolation::InProcess
            } else {
                Isolation::Process
            },
            log_format,
            reprocess: match (reprocess, retry_errors) {
                (Some(which), _) => Some(which),
                (None, true) => Some(Reprocess::Errors),
                (None, false) => None,
            },
        },
    };
    if opts.log_format == LogFormat::Json {
        batch::log_init_json();
    }
    match batch::run(&opts) {
        Ok(summary) if summary.errors == 0 => ExitCode::from(EXIT_OK),
        Ok(_) => ExitCode::from(EXIT_SOME_FAILED),
        // `jixiao extract … | head`: the reader has what it wanted.
        Err(e) if opts.output.is_none() && is_broken_pipe(&e) => ExitCode::from(EXIT_OK),
        Err(e) if opts.log_format == LogFormat::Json => {
            batch::log_run_failed(&format!("{e:#}"));
            ExitCode::from(EXIT_RUN_FAILED)
        }
        Err(e) => {
            eprintln!("jixiao: {e:#}");
            ExitCode::from(EXIT_RUN_FAILED)
        }
    }
}

/// `jixiao inspect FILE [--html OUT]`.
fn inspect(file: &Path, html: Option<&Path>) -> ExitCode {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!(
                "jixiao: {}: cannot read: {e}; check the path",
                file.display()
            );
            return ExitCode::from(EXIT_RUN_FAILED);
        }
    };
    let page = jixiao_inspect::inspect(&file.display().to_string(), &bytes);
    match html {
        None => print_generated(page.as_bytes(), "the review page"),
        Some(out) => match std::fs::write(out, page) {
            Ok(()) => ExitCode::from(EXIT_OK),
            Err(e) => {
                eprintln!("jixiao: cannot write {}: {e}", out.display());
                ExitCode::from(EXIT_RUN_FAILED)
            }
        },
    }
}

/// Writes a generated text to stdout; a closed pipe is not an error.
fn print_generated(bytes: &[u8], what: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(EXIT_OK),
        Err(e) => {
            eprintln!("jixiao: cannot write {what}: {e}");
            ExitCode::from(EXIT_RUN_FAILED)
        }
    }
}

/// The output format: `--format`, else the `-o` file's ending, else JSON.
fn output_format(asked: Option<OutputFormat>, output: Option<&Path>) -> Result<Format, String> {
    let format = match (asked, output) {
        (Some(f), _) => Format::from(f),
        (None, None) => Format::Json,
        (None, Some(path)) => Format::of_path(&path.to_string_lossy()).ok_or_else(|| {
            format!(
                "cannot tell the output format from {:?}; name it .json, .jsonl, .csv or .xlsx, or add --format",
                path.display().to_string()
            )
        })?,
    };
    if format == Format::Xlsx && output.is_none() && std::io::stdout().is_terminal() {
        return Err(
            "an XLSX workbook is binary: write it with -o FILE.xlsx (or redirect stdout)".into(),
        );
    }
    Ok(format)
}

/// Exits as clap does for a usage error (status 2).
fn usage_error(message: &str) -> ! {
    Cli::command()
        .error(clap::error::ErrorKind::ArgumentConflict, message)
        .exit()
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
