//! The single writer: results back in path order, out to every sink.

use super::log;
use super::out_dir::OutDir;
use super::progress::Progress;
use super::schedule::{Kind, Outcome, Shared};
use super::sink::RecordSink;
use super::Summary;
use jixiao_map::Record;
use jixiao_pipeline::{DocError, ErrorKind, Processed};
use jixiao_store::{Document, Status, Store, StoredError};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::mpsc::Receiver;

/// One line of `errors.jsonl`: a document that gave no record.
#[derive(Debug, Serialize)]
pub(super) struct ErrorLine<'a> {
    pub(super) path: &'a str,
    /// `no_form` (read fine, no form inside: not a failure) or `error`.
    pub(super) status: &'static str,
    pub(super) kind: ErrorKind,
    pub(super) page: Option<usize>,
    pub(super) message: &'a str,
    pub(super) sha256: Option<&'a str>,
}

/// The single writer: puts results in order and sends them everywhere.
pub(super) struct Writer<'s> {
    pub(super) store: Option<&'s mut Store>,
    /// What the store replaces with a new reading (`--reprocess`).
    pub(super) replace: jixiao_store::Replace,
    pub(super) stdout_sink: Option<RecordSink>,
    pub(super) out_dir: Option<OutDir>,
    pub(super) progress: Progress,
    pub(super) errors_to_stderr: bool,
    /// Results go to `--out-dir` or `--db`.
    pub(super) batch_mode: bool,
    /// `--log-format json`: an event per document instead of error lines.
    pub(super) json_log: bool,
    pub(super) summary: Summary,
}

impl Writer<'_> {
    /// Writes the outcomes as they arrive, in document order.
    pub(super) fn receive(
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
        let from_store = matches!(o.kind, Kind::Stored);
        let millis = o.elapsed.as_millis();
        let done = match o.kind {
            Kind::Refused(error) => Processed {
                pages: None,
                result: Err(error),
            },
            Kind::Read(reply) => {
                self.store(&o.path, o.sha256.as_deref(), o.bytes, &reply)?;
                reply
            }
            Kind::Stored => self.read_back(&o.path, o.sha256.as_deref())?,
        };
        self.summary.files += 1;
        self.summary.pages += done.pages.unwrap_or(0);
        if self.json_log {
            log::document(&log::DocumentEvent {
                path: &o.path,
                result: done.result.as_ref().map(Vec::len),
                pages: done.pages,
                millis,
                from_store,
            });
        }
        match done.result {
            Ok(records) => {
                self.summary.ok += 1;
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
                let no_form = e.kind == ErrorKind::NoForm;
                if no_form {
                    self.summary.no_form += 1;
                } else {
                    self.summary.errors += 1;
                    if from_store {
                        self.summary.errors_stored += 1;
                    } else {
                        self.summary.errors_new += 1;
                    }
                }
                if let Some(out_dir) = &mut self.out_dir {
                    out_dir.error(&ErrorLine {
                        path: &o.path,
                        status: if no_form { "no_form" } else { "error" },
                        kind: e.kind,
                        page: e.page,
                        message: &e.message,
                        sha256: o.sha256.as_deref(),
                    })?;
                }
                // A night's budget reports without forms must not drown its
                // real failures: in batch mode they are counted, and listed
                // in errors.jsonl, not printed. Nor are the errors read back
                // from the store: they were printed when they happened.
                if self.errors_to_stderr
                    && !self.json_log
                    && !(self.batch_mode && (no_form || from_store))
                {
                    self.progress.println(&format!("jixiao: {}: {e}", o.path));
                }
            }
        }
        self.progress.update(&self.summary);
        Ok(())
    }

    /// Keeps a document just read in the store (when there is one).
    fn store(
        &mut self,
        path: &str,
        sha256: Option<&str>,
        bytes: u64,
        reply: &Processed,
    ) -> anyhow::Result<()> {
        let (Some(store), Some(sha256)) = (self.store.as_deref_mut(), sha256) else {
            return Ok(());
        };
        let outcome = match &reply.result {
            Ok(records) => Ok(records.as_slice()),
            Err(e) => Err(StoredError {
                kind: e.kind.as_str(),
                message: &e.message,
                page: e.page,
            }),
        };
        store.put(
            &Document {
                sha256,
                path,
                bytes,
                pages: reply.pages,
                outcome,
            },
            self.replace,
        )?;
        Ok(())
    }

    /// A document the store already holds: its records, under this path,
    /// or its error.
    fn read_back(&mut self, path: &str, sha256: Option<&str>) -> anyhow::Result<Processed> {
        let (Some(store), Some(sha256)) = (self.store.as_deref_mut(), sha256) else {
            anyhow::bail!("internal error: a stored document without a store");
        };
        self.summary.from_store += 1;
        store.add_path(sha256, path)?;
        let Some(stored) = store.load(sha256)? else {
            return Ok(Processed {
                pages: None,
                result: Err(DocError::new(
                    ErrorKind::Internal,
                    "the store listed this document but no longer holds it; run again",
                )),
            });
        };
        let result = match stored.status {
            Status::Ok => Ok(stored
                .records
                .into_iter()
                .map(|mut r: Record| {
                    r.source.path = path.to_owned();
                    r
                })
                .collect()),
            Status::NoForm | Status::Error => Err(DocError {
                // Stores written before error kinds were kept have none.
                kind: stored
                    .error_kind
                    .as_deref()
                    .and_then(ErrorKind::parse)
                    .unwrap_or(ErrorKind::Internal),
                page: stored.error_page,
                message: stored.error.unwrap_or_default(),
            }),
        };
        Ok(Processed {
            pages: stored.pages,
            result,
        })
    }
}
