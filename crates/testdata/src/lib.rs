//! Where the committed test corpora are, for the tests of every crate.
//!
//! Each function panics, naming the folder, when its corpus is missing or
//! short: a test that silently skips its files passes without checking
//! anything.

#![warn(missing_docs)]

use std::path::{Path, PathBuf};

/// The real published budget PDFs (`testdata/real-pdfs`), none of which
/// holds a declaration form.
pub const REAL_PDF_COUNT: usize = 29;

/// The workspace root (the folder holding `samples/` and `testdata/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The files in `dir` (relative to the workspace root) ending in `.ext`,
/// sorted; panics when there are fewer than `at_least`.
pub fn files(dir: &str, ext: &str, at_least: usize) -> Vec<PathBuf> {
    let path = root().join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; the test corpus is missing", path.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    out.sort();
    assert!(
        out.len() >= at_least,
        "{}: {} .{ext} files, expected at least {at_least}; the test corpus is incomplete",
        path.display(),
        out.len()
    );
    out
}

/// The 29 real budget PDFs, sorted by name.
pub fn real_pdfs() -> Vec<PathBuf> {
    files("testdata/real-pdfs", "pdf", REAL_PDF_COUNT)
}

/// The sample PDFs (`samples/pdf`), sorted by name.
pub fn sample_pdfs() -> Vec<PathBuf> {
    files("samples/pdf", "pdf", 10)
}
