//! `jixiao`: declaration forms in, structured records out.

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use jixiao_emit::{Format, RecordWriter};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "jixiao",
    version,
    about = "Turns 财政项目支出绩效目标申报表 (PDF or OCR'd text) into structured records"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract one record per form from files and folders (searched recursively).
    Extract {
        /// Output format: json (one array), jsonl (one record per line) or
        /// csv (one row per indicator, opens in Excel).
        #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
        format: OutputFormat,
        /// Write to this file instead of standard output (written atomically).
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Number of files processed in parallel (default: all cores).
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// PDF or text files, or folders holding them.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Json,
    Jsonl,
    Csv,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("jixiao: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Returns whether every input succeeded.
fn run(cli: Cli) -> anyhow::Result<bool> {
    let Command::Extract {
        format,
        output,
        jobs,
        inputs,
    } = cli.command;
    let format = match format {
        OutputFormat::Json => Format::Json,
        OutputFormat::Jsonl => Format::Jsonl,
        OutputFormat::Csv => Format::Csv,
    };
    if let Some(n) = jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .ok();
    }
    let mut ok = true;
    let mut files = Vec::new();
    for input in &inputs {
        match collect_files(input, &mut files) {
            Ok(()) => {}
            Err(e) => {
                eprintln!("jixiao: {}: {e}", input.display());
                ok = false;
            }
        }
    }
    files.sort();
    files.dedup();

    let results: Vec<_> = files
        .par_iter()
        .map(|path| {
            let shown = path.display().to_string();
            let result = match std::fs::read(path) {
                Ok(bytes) => jixiao::process(&shown, &bytes).map_err(|e| e.to_string()),
                Err(e) => Err(format!("cannot read: {e}")),
            };
            (shown, result)
        })
        .collect();

    let mut sink = Sink::open(output.as_deref())?;
    let mut writer = RecordWriter::new(&mut sink, format).context("writing output")?;
    for (path, result) in results {
        match result {
            Ok(records) => {
                for record in &records {
                    writer.write(record).context("writing output")?;
                }
            }
            Err(message) => {
                eprintln!("jixiao: {path}: {message}");
                ok = false;
            }
        }
    }
    writer.finish().context("writing output")?;
    sink.commit()?;
    Ok(ok)
}

/// Adds `input` (a file) or every file below it (a folder) to `files`.
fn collect_files(input: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let meta = std::fs::metadata(input)?;
    if meta.is_file() {
        files.push(input.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(input)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect_files(&path, files)?;
        } else if kind.is_file() && is_candidate(&path) {
            files.push(path);
        }
    }
    Ok(())
}

/// Inside folders, only files that can hold forms (explicit file arguments
/// are always read).
fn is_candidate(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    matches!(ext.as_deref(), Some("pdf" | "txt" | "md" | "text" | "tsv"))
}

/// Standard output, or a temporary file renamed over the target on success
/// so that a failed run never leaves a half-written file under its name.
enum Sink {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File {
        tmp: PathBuf,
        dest: PathBuf,
        file: std::io::BufWriter<std::fs::File>,
    },
}

impl Sink {
    fn open(dest: Option<&Path>) -> anyhow::Result<Sink> {
        Ok(match dest {
            None => Sink::Stdout(std::io::BufWriter::new(std::io::stdout())),
            Some(dest) => {
                let name = dest
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let tmp = dest.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
                let file = std::fs::File::create(&tmp).with_context(|| {
                    format!(
                        "cannot create {} (is the folder there and writable?)",
                        tmp.display()
                    )
                })?;
                Sink::File {
                    tmp,
                    dest: dest.to_path_buf(),
                    file: std::io::BufWriter::new(file),
                }
            }
        })
    }

    fn commit(self) -> anyhow::Result<()> {
        match self {
            Sink::Stdout(mut out) => {
                out.flush().ok();
                Ok(())
            }
            Sink::File { tmp, dest, file } => {
                let file = file
                    .into_inner()
                    .map_err(|e| anyhow::anyhow!("writing {}: {}", tmp.display(), e.error()))?;
                file.sync_all().ok();
                std::fs::rename(&tmp, &dest)
                    .with_context(|| format!("cannot move output into {}", dest.display()))
            }
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(buf),
            Sink::File { file, .. } => file.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File { file, .. } => file.flush(),
        }
    }
}
