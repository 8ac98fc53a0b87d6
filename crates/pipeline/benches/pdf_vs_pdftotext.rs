//! PDF pages per second, single-threaded: jixiao's structured extraction
//! (glyphs, rulings, tables, records) next to `pdftotext -layout` on the same
//! files. Run with `cargo bench -p jixiao-pipeline --bench pdf_vs_pdftotext`.
//!
//! The corpus is `samples/pdf/*.pdf` and `testdata/real-pdfs/*.pdf` (29 real
//! budget PDFs, about 600 pages). pdftotext (poppler-utils)
//! is optional: without it only jixiao's rate is printed.
//!
//! Both read the text layer only: jixiao runs with `--ocr never`, as
//! pdftotext does not recognise page images (one scanned sample page takes
//! jixiao's recogniser about 4 s; `scripts/bench-ocr` measures that).

/// The allocator the jixiao binary uses, so that the numbers are the
/// binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn page_count(bytes: &[u8]) -> usize {
    jixiao_extract::pdf::read_pdf(bytes)
        .map(|p| p.len())
        .unwrap_or(0)
}

/// Repeats `run` over the corpus until at least `min` has passed; returns
/// pages per second.
fn rate(pages: usize, min: Duration, mut run: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut rounds = 0usize;
    while rounds == 0 || start.elapsed() < min {
        run();
        rounds += 1;
    }
    (pages * rounds) as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut sets = vec![("samples/pdf", pdfs(&root.join("samples/pdf")))];
    sets.push(("testdata/real-pdfs", pdfs(&root.join("testdata/real-pdfs"))));
    let pdftotext = Command::new("pdftotext")
        .arg("-v")
        .stderr(Stdio::null())
        .status()
        .is_ok();
    let min = Duration::from_secs(3);
    for (name, files) in sets {
        let docs: Vec<(PathBuf, Vec<u8>)> = files
            .iter()
            .filter_map(|p| std::fs::read(p).ok().map(|b| (p.clone(), b)))
            .collect();
        let pages: usize = docs.iter().map(|(_, b)| page_count(b)).sum();
        let text_layer_only = jixiao_pipeline::Options {
            ocr: jixiao_pipeline::OcrMode::Never,
        };
        let ours = rate(pages, min, || {
            for (path, bytes) in &docs {
                let _ = std::hint::black_box(jixiao_pipeline::process_with(
                    &path.to_string_lossy(),
                    bytes,
                    &text_layer_only,
                ));
            }
        });
        print!(
            "{name}: {} files, {pages} pages; jixiao {ours:.0} pages/s",
            docs.len()
        );
        if pdftotext {
            let theirs = rate(pages, min, || {
                for (path, _) in &docs {
                    let _ = Command::new("pdftotext")
                        .args(["-layout", "-q"])
                        .arg(path)
                        .arg("-")
                        .stdout(Stdio::null())
                        .status();
                }
            });
            println!(
                "; pdftotext -layout {theirs:.0} pages/s; ratio {:.2}",
                ours / theirs
            );
        } else {
            println!("; pdftotext not installed (apt-get install poppler-utils) — no comparison");
        }
    }
}
