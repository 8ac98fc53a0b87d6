//! The `--out-dir` files, each appearing complete or not at all.

use super::sink::{persist, temp_beside};
use super::writer::ErrorLine;
use super::Summary;
use anyhow::Context;
use jixiao_emit::{CsvLayout, CsvOptions, CsvTable, Format, RecordWriter};
use jixiao_map::Record;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// The `--out-dir` files, written under temporary names and renamed into
/// place when the run ends (`summary.json` last).
pub(super) struct OutDir {
    dir: PathBuf,
    forms: RecordWriter<BufWriter<NamedTempFile>>,
    indicators: CsvTable<NamedTempFile>,
    projects: CsvTable<NamedTempFile>,
    errors: BufWriter<NamedTempFile>,
}

impl OutDir {
    /// Creates the folder if needed and starts its files.
    pub(super) fn open(dir: &Path, csv: CsvOptions) -> anyhow::Result<OutDir> {
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
        let indicators = CsvTable::new(
            temp_beside(&dir.join("indicators.csv"))?,
            CsvLayout::IndicatorsOnly,
            csv,
        )?;
        let projects = CsvTable::new(
            temp_beside(&dir.join("projects.csv"))?,
            CsvLayout::Projects,
            csv,
        )?;
        let errors = BufWriter::new(temp_beside(&dir.join("errors.jsonl"))?);
        Ok(OutDir {
            dir: dir.to_path_buf(),
            forms,
            indicators,
            projects,
            errors,
        })
    }

    fn context(&self) -> String {
        format!("writing into {} (is the disk full?)", self.dir.display())
    }

    /// Adds a record to `forms.jsonl`, `indicators.csv` and `projects.csv`.
    pub(super) fn write(&mut self, record: &Record) -> anyhow::Result<()> {
        let ctx = self.context();
        self.forms.write(record).context(ctx.clone())?;
        self.indicators.write(record).context(ctx.clone())?;
        self.projects.write(record).context(ctx)?;
        Ok(())
    }

    /// Adds a line to `errors.jsonl`.
    pub(super) fn error(&mut self, line: &ErrorLine<'_>) -> anyhow::Result<()> {
        let ctx = self.context();
        serde_json::to_writer(&mut self.errors, line).context(ctx.clone())?;
        self.errors.write_all(b"\n").context(ctx)?;
        Ok(())
    }

    /// Finishes every file and renames them into place, `summary.json` last.
    pub(super) fn commit(self, summary: &Summary) -> anyhow::Result<()> {
        let ctx = self.context();
        let forms = self
            .forms
            .finish()
            .context(ctx.clone())?
            .into_inner()
            .map_err(|e| anyhow::anyhow!("{ctx}: {}", e.error()))?;
        let indicators = self.indicators.finish().context(ctx.clone())?;
        let projects = self.projects.finish().context(ctx.clone())?;
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
