//! `--log-format json`: one JSON event per document on stderr (path,
//! status, kind, page, pages, forms, ms, message), and one at the end of the
//! run, through `tracing`. The plain format keeps the error lines and the
//! progress for people.

use super::Summary;
use jixiao_pipeline::DocError;

/// How the run reports on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    /// For people: one line per failed document, progress, a last line.
    #[default]
    Text,
    /// For log collectors: one JSON object per line, per document and at
    /// the end; nothing else on stderr.
    Json,
}

/// Sends the `tracing` events to stderr as JSON lines.
pub fn init_json() {
    let subscriber = tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_target(false)
        .with_writer(std::io::stderr)
        .finish();
    // Only fails when a subscriber is already set (never, in the binary).
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// One document's event.
pub(super) struct DocumentEvent<'a> {
    pub(super) path: &'a str,
    pub(super) result: Result<usize, &'a DocError>,
    pub(super) pages: Option<usize>,
    pub(super) millis: u128,
    pub(super) from_store: bool,
}

pub(super) fn document(e: &DocumentEvent<'_>) {
    let pages = e.pages.map(|p| p as u64);
    match e.result {
        Ok(forms) => tracing::info!(
            event = "document",
            path = e.path,
            status = "ok",
            forms = forms as u64,
            pages,
            ms = e.millis as u64,
            from_store = e.from_store,
        ),
        Err(err) if err.kind == jixiao_pipeline::ErrorKind::NoForm => tracing::info!(
            event = "document",
            path = e.path,
            status = "no_form",
            kind = err.kind.as_str(),
            pages,
            ms = e.millis as u64,
            from_store = e.from_store,
            message = err.message.as_str(),
        ),
        Err(err) => tracing::warn!(
            event = "document",
            path = e.path,
            status = "error",
            kind = err.kind.as_str(),
            page = err.page.map(|p| p as u64),
            pages,
            ms = e.millis as u64,
            from_store = e.from_store,
            message = err.message.as_str(),
        ),
    }
}

/// The run's last event: the counts of `summary.json`.
pub(super) fn done(s: &Summary) {
    tracing::info!(
        event = "done",
        files = s.files as u64,
        ok = s.ok as u64,
        no_form = s.no_form as u64,
        errors = s.errors as u64,
        errors_new = s.errors_new as u64,
        errors_stored = s.errors_stored as u64,
        skipped = s.skipped as u64,
        forms = s.forms as u64,
        indicators = s.indicators as u64,
        pages = s.pages as u64,
        seconds = s.seconds,
        from_store = s.from_store as u64,
    );
}

/// The run itself failed (exit 3).
pub fn run_failed(message: &str) {
    tracing::error!(event = "run_failed", message);
}
