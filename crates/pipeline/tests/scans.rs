//! The scan samples (`samples/scan`, and the scans among the sample PDFs)
//! read by OCR and measured against their generator's ground truth: the
//! forms drawn into the source PDF, which rendering and degrading the page
//! does not change. A recogniser misreads, so this is a floor, not an exact
//! match: the shares below are what the code reached when they were set,
//! less a margin for the recogniser's arithmetic on other CPUs. Every
//! difference is printed, so a fall shows what went wrong.

use jixiao_map::Record;
use jixiao_pipeline::{process, DocError, ErrorKind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

mod common;
use common::{differences, read_json, FIELDS_COMPARED};

/// Forms that must be found, of those drawn (15 of 15 when set).
const MIN_FORMS_FOUND: f64 = 1.0;
/// Indicators with every level and the target right, by position (189 of
/// 277 when set).
const MIN_INDICATORS_RIGHT: f64 = 0.65;
/// Header fields, funding amounts and page ranges right (227 of 255 when
/// set).
const MIN_FIELDS_RIGHT: f64 = 0.85;

fn scan_samples() -> Vec<PathBuf> {
    let root = jixiao_testdata::root();
    let mut out: Vec<PathBuf> = ["pdf", "png", "jpg", "tif"]
        .into_iter()
        .flat_map(|ext| jixiao_testdata::files("samples/scan", ext, 1))
        .collect();
    out.push(root.join("samples/pdf/scanned_no_text.pdf"));
    out.push(root.join("samples/pdf-ocr/scanned_ocr.pdf"));
    out.sort();
    out
}

/// What reading one sample gave.
type Outcome = Result<Vec<Record>, DocError>;

/// Every sample's records, read on as many threads as there are cores
/// (recognition is the slow part of the test suite).
fn read_in_parallel(samples: &[PathBuf]) -> Vec<Outcome> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<Outcome>>> = samples.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = samples.get(i) else { break };
                let bytes = std::fs::read(path).expect("scan sample");
                let read = process(&path.display().to_string(), &bytes).result;
                *results[i].lock().expect("result slot") = Some(read);
            });
        }
    });
    results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .expect("result slot")
                .expect("every sample read")
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    forms: (usize, usize),
    indicators: (usize, usize),
    fields: (usize, usize),
}

fn share((right, all): (usize, usize)) -> f64 {
    if all == 0 {
        1.0
    } else {
        right as f64 / all as f64
    }
}

#[test]
fn scans_are_read_close_to_their_ground_truth() {
    let samples = scan_samples();
    assert!(samples.len() >= 12, "only {} scan samples", samples.len());
    let mut tally = Tally::default();
    let mut report = Vec::new();
    for (path, records) in samples.iter().zip(read_in_parallel(&samples)) {
        let truth = read_json(&path.with_extension("expected.json"));
        let forms = truth["forms"].as_array().cloned().unwrap_or_default();
        let name = path.display().to_string();
        let records = match records {
            Ok(records) => records,
            Err(e) => {
                assert_ne!(e.kind, ErrorKind::Internal, "{name}: {e}");
                report.push(format!("{name}: {e}"));
                Vec::new()
            }
        };
        tally.forms.0 += records.len().min(forms.len());
        tally.forms.1 += forms.len();
        for (i, form) in forms.iter().enumerate() {
            let drawn = form["indicators"].as_array().map_or(0, Vec::len);
            let Some(record) = records.get(i) else {
                tally.indicators.1 += drawn;
                tally.fields.1 += FIELDS_COMPARED;
                report.push(format!("{name} form {i}: not found"));
                continue;
            };
            let problems = differences(record, form, true);
            let wrong_indicators = problems
                .iter()
                .filter(|p| p.starts_with("indicator "))
                .count();
            let compared = drawn.max(record.indicators.len());
            tally.indicators.0 += compared - wrong_indicators;
            tally.indicators.1 += compared;
            tally.fields.0 += FIELDS_COMPARED - (problems.len() - wrong_indicators);
            tally.fields.1 += FIELDS_COMPARED;
            report.extend(problems.iter().map(|p| format!("{name} form {i}: {p}")));
        }
    }
    let summary = format!(
        "forms {}/{}, indicators {}/{}, fields {}/{}",
        tally.forms.0,
        tally.forms.1,
        tally.indicators.0,
        tally.indicators.1,
        tally.fields.0,
        tally.fields.1
    );
    println!("{summary}\n{}", report.join("\n"));
    let low = share(tally.forms) < MIN_FORMS_FOUND
        || share(tally.indicators) < MIN_INDICATORS_RIGHT
        || share(tally.fields) < MIN_FIELDS_RIGHT;
    assert!(!low, "below the floor: {summary}\n{}", report.join("\n"));
}
