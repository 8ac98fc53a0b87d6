//! The worker threads: each takes the next document, reads its bytes,
//! skips it when stored, and has its reader process read it.

use super::Reprocess;
use crate::inputs::{Item, Limits, Reader};
use crate::worker::{Reply, Worker};
use jixiao_pipeline::DocError;
use jixiao_store::{Build, Known};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// A document's result, as the writer receives it.
pub(super) struct Outcome {
    pub(super) path: String,
    pub(super) sha256: Option<String>,
    pub(super) bytes: u64,
    pub(super) kind: Kind,
    /// Time from taking the document to having its result.
    pub(super) elapsed: Duration,
}

pub(super) enum Kind {
    /// Read now.
    Read(Reply),
    /// Already in the store: its records (or error) come from there.
    Stored,
    /// Not read: refused or unreadable.
    Refused(DocError),
}

/// What the worker threads share.
pub(super) struct Shared<'a> {
    pub(super) items: &'a [Item],
    pub(super) known: &'a HashMap<String, Known>,
    pub(super) limits: Limits,
    pub(super) reprocess: Option<Reprocess>,
    /// This build, to tell older readings (`--reprocess older`).
    pub(super) build: Build,
    pub(super) exe: Option<PathBuf>,
    pub(super) timeout: Duration,
    /// How each document is read.
    pub(super) pipeline: jixiao_pipeline::Options,
    /// Index of the next document to take.
    pub(super) next: AtomicUsize,
    /// Documents written so far (all before this index).
    pub(super) written: Mutex<usize>,
    pub(super) advanced: Condvar,
    /// How far past the writer a thread may run.
    pub(super) window: usize,
    pub(super) abort: AtomicBool,
}

impl Shared<'_> {
    pub(super) fn stop(&self) {
        self.abort.store(true, Ordering::SeqCst);
        self.advanced.notify_all();
    }

    pub(super) fn set_written(&self, n: usize) {
        if let Ok(mut written) = self.written.lock() {
            *written = n;
        }
        self.advanced.notify_all();
    }

    /// Waits until document `i` is within the window of the writer.
    pub(super) fn wait_for_turn(&self, i: usize) {
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

pub(super) fn worker_loop(shared: &Shared<'_>, tx: &Sender<(usize, Outcome)>) {
    let mut reader = Reader::new(shared.limits);
    let mut child = shared
        .exe
        .as_ref()
        .map(|exe| Worker::new(exe.clone(), shared.timeout, shared.pipeline));
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

pub(super) fn read_item(
    shared: &Shared<'_>,
    item: &Item,
    reader: &mut Reader,
    child: Option<&mut Worker>,
) -> Outcome {
    let start = std::time::Instant::now();
    let bytes = match reader.read(item) {
        Ok(bytes) => bytes,
        Err(error) => {
            return Outcome {
                path: item.path.clone(),
                sha256: None,
                bytes: 0,
                kind: Kind::Refused(error),
                elapsed: start.elapsed(),
            }
        }
    };
    let sha256 = jixiao_pipeline::sha256_hex(&bytes);
    let len = bytes.len() as u64;
    let stored = shared.known.get(&sha256).is_some_and(|known| {
        !shared
            .reprocess
            .is_some_and(|which| which.wants(known, &shared.build))
    });
    let kind = if stored {
        Kind::Stored
    } else {
        Kind::Read(match child {
            Some(child) => child.run(&item.path, &bytes),
            None => jixiao_pipeline::process_with(&item.path, &bytes, &shared.pipeline),
        })
    };
    Outcome {
        path: item.path.clone(),
        sha256: Some(sha256),
        bytes: len,
        kind,
        elapsed: start.elapsed(),
    }
}
