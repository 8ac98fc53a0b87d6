//! Real files through `read_pdf` + `from_pdf`: the generated samples (every
//! expected 三级指标 name must come out as a cell, or as two cells joined
//! across a break) and the real published PDFs (no panic, reasonable time).

use jixiao_extract::pdf::read_pdf;
use jixiao_table::{clean_cell, Document};

mod common;
use common::from_pdf;
use std::time::Instant;

/// Values of every `"key": "..."` string field in a JSON text (enough for
/// the generator's ground truth; avoids a JSON dependency).
fn string_fields(json: &str, key: &str) -> Vec<String> {
    let needle = format!("\"{key}\":");
    let mut out = Vec::new();
    let mut rest = json;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        let trimmed = rest.trim_start();
        let Some(body) = trimmed.strip_prefix('"') else {
            continue;
        };
        let mut value = String::new();
        let mut chars = body.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => value.push('\n'),
                    Some('t') => value.push('\t'),
                    Some('u') => {
                        let hex: String = chars.by_ref().take(4).collect();
                        if let Some(ch) =
                            u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                        {
                            value.push(ch);
                        }
                    }
                    Some(other) => value.push(other),
                    None => break,
                },
                c => value.push(c),
            }
        }
        out.push(value);
    }
    out
}

fn cell_texts(doc: &Document) -> Vec<String> {
    doc.rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.text.clone()))
        .collect()
}

/// The name is a cell, or a cell's text followed by a later cell's text (a
/// row split by a page break or a wrap the mapper joins).
fn found(name: &str, cells: &[String]) -> bool {
    if cells.iter().any(|c| c == name) {
        return true;
    }
    cells.iter().enumerate().any(|(i, a)| {
        !a.is_empty()
            && name.starts_with(a.as_str())
            && cells
                .iter()
                .skip(i + 1)
                .any(|b| b.len() + a.len() == name.len() && name.ends_with(b.as_str()))
    })
}

#[test]
fn sample_pdfs_yield_every_level3_name() {
    let mut missing = Vec::new();
    let mut checked = 0;
    for path in jixiao_testdata::sample_pdfs() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let json = std::fs::read_to_string(path.with_extension("expected.json"))
            .unwrap_or_else(|e| panic!("{name}: no ground truth beside it: {e}"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let pages = read_pdf(&bytes).unwrap_or_else(|e| panic!("{name}: not read: {e}"));
        let doc = from_pdf(&pages);
        assert_eq!(doc.page_count, Some(pages.len()));
        // The OCR layer of a scan is noisy text, not the spec's.
        if name.starts_with("scanned") {
            continue;
        }
        let cells = cell_texts(&doc);
        for level3 in string_fields(&json, "level3") {
            let want = clean_cell(&level3);
            checked += 1;
            if !found(&want, &cells) {
                missing.push(format!("{name}: {want}"));
            }
        }
    }
    // The sample specs hold 227 indicators outside the scans.
    assert!(checked >= 227, "only {checked} names checked");
    assert!(
        missing.is_empty(),
        "{} of {checked} names missing:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn real_pdfs_do_not_panic() {
    let files = jixiao_testdata::real_pdfs();
    let (mut pages_total, mut table_time, mut worst) = (0usize, 0.0f64, 0.0f64);
    for path in files {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok(pages) = read_pdf(&bytes) else {
            continue;
        };
        let start = Instant::now();
        let doc = from_pdf(&pages);
        table_time += start.elapsed().as_secs_f64();
        // The slowest single page, timed alone.
        for page in &pages {
            let t = Instant::now();
            let _ = from_pdf(std::slice::from_ref(page));
            let took = t.elapsed().as_secs_f64();
            if took > 0.002 {
                eprintln!(
                    "slow: {} page {} ({} glyphs, {} rulings): {:.2} ms",
                    path.display(),
                    page.number,
                    page.glyphs.len(),
                    page.rulings.len(),
                    took * 1000.0
                );
            }
            worst = worst.max(took);
        }
        pages_total += pages.len();
        assert_eq!(doc.page_count, Some(pages.len()));
        assert!(doc
            .rows
            .iter()
            .all(|r| !r.cells.is_empty()
                && r.cells.iter().all(|c| !c.text.is_empty() && c.span >= 1)));
    }
    eprintln!(
        "{pages_total} real pages through from_pdf in {:.1} ms; slowest page {:.2} ms",
        table_time * 1000.0,
        worst * 1000.0
    );
}

/// Prints the glyphs of page 1 of `JIXIAO_DUMP` between y `JIXIAO_Y0` and
/// `JIXIAO_Y1` (a debugging aid).
#[test]
#[ignore]
fn dump_glyphs() {
    let Ok(path) = std::env::var("JIXIAO_DUMP") else {
        return;
    };
    let y0: f32 = std::env::var("JIXIAO_Y0")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let y1: f32 = std::env::var("JIXIAO_Y1")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1e9);
    let Ok(bytes) = std::fs::read(&path) else {
        return;
    };
    let Ok(pages) = read_pdf(&bytes) else { return };
    let Some(page) = pages.first() else { return };
    for g in page
        .glyphs
        .iter()
        .filter(|g| g.bbox.y0 >= y0 && g.bbox.y0 <= y1)
    {
        println!(
            "{:?} x {:.1}-{:.1} y {:.1}-{:.1} size {:.1}",
            g.text, g.bbox.x0, g.bbox.x1, g.bbox.y0, g.bbox.y1, g.font_size
        );
    }
}

/// Times page `JIXIAO_PAGE` of `JIXIAO_DUMP` over 200 runs (a debugging aid).
#[test]
#[ignore]
fn time_page() {
    let Ok(path) = std::env::var("JIXIAO_DUMP") else {
        return;
    };
    let n: usize = std::env::var("JIXIAO_PAGE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let Ok(bytes) = std::fs::read(&path) else {
        return;
    };
    let Ok(pages) = read_pdf(&bytes) else { return };
    let Some(page) = pages.get(n.saturating_sub(1)) else {
        return;
    };
    let start = Instant::now();
    for _ in 0..200 {
        let _ = from_pdf(std::slice::from_ref(page));
    }
    println!(
        "page {n}: {:.3} ms per run",
        start.elapsed().as_secs_f64() * 1000.0 / 200.0
    );
}
