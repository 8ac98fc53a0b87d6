//! Records to stdout or to `-o PATH`, written atomically.

use anyhow::Context;
use jixiao_emit::{CsvOptions, Format, RecordWriter};
use jixiao_map::Record;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Records to stdout or to `-o PATH` (atomically).
pub(super) enum RecordSink {
    Stdout(RecordWriter<BufWriter<std::io::Stdout>>),
    File {
        writer: RecordWriter<BufWriter<NamedTempFile>>,
        dest: PathBuf,
    },
}

/// A temporary file next to `dest`, renamed over it when complete.
pub(super) fn temp_beside(dest: &Path) -> anyhow::Result<NamedTempFile> {
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

pub(super) fn persist(file: NamedTempFile, dest: &Path) -> anyhow::Result<()> {
    file.as_file().sync_all().ok();
    file.persist(dest)
        .map_err(|e| anyhow::anyhow!("cannot move output into {}: {}", dest.display(), e.error))?;
    Ok(())
}

impl RecordSink {
    pub(super) fn open(
        dest: Option<&Path>,
        format: Format,
        csv: CsvOptions,
    ) -> anyhow::Result<RecordSink> {
        Ok(match dest {
            None => RecordSink::Stdout(
                RecordWriter::with_csv_options(BufWriter::new(std::io::stdout()), format, csv)
                    .context("writing output")?,
            ),
            Some(dest) => RecordSink::File {
                writer: RecordWriter::with_csv_options(
                    BufWriter::new(temp_beside(dest)?),
                    format,
                    csv,
                )
                .with_context(|| format!("writing {}", dest.display()))?,
                dest: dest.to_path_buf(),
            },
        })
    }

    pub(super) fn write(&mut self, record: &Record) -> anyhow::Result<()> {
        match self {
            RecordSink::Stdout(w) => w.write(record).context("writing output"),
            RecordSink::File { writer, dest } => writer
                .write(record)
                .with_context(|| format!("writing {} (is the disk full?)", dest.display())),
        }
    }

    pub(super) fn commit(self) -> anyhow::Result<()> {
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
