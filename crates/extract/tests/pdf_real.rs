//! Every real published PDF in `testdata/real-pdfs` must read without a
//! panic, and (where `pdftotext` is installed) produce the same characters
//! as poppler, page by page, as multisets. pdftotext also prints text the
//! clip path hides (nobody sees it; we drop it, see `clipped_glyphs`): a
//! page's clipped glyphs count as the ones it lacks.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use jixiao_extract::pdf::{read_pdf, read_pdf_document};
use jixiao_page::{Orientation, Page};

use jixiao_testdata::real_pdfs;

fn have_pdftotext() -> bool {
    Command::new("pdftotext").arg("-v").output().is_ok()
}

/// Page texts from pdftotext (split at form feeds), or None if it failed.
fn pdftotext_pages(path: &Path) -> Option<Vec<String>> {
    let out = Command::new("pdftotext").arg(path).arg("-").output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    Some(text.split('\u{c}').map(str::to_string).collect())
}

/// Characters of a text, whitespace removed, Kangxi radicals folded the way
/// `read_pdf` folds them, as a multiset.
fn multiset(text: &str) -> HashMap<char, usize> {
    let mut m = HashMap::new();
    for c in text
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
    {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

/// |A ∩ B| / max(|A|, |B|) for two multisets, with `hidden` characters
/// of B that A dropped as clipped counted in A; 1.0 when both are empty.
fn overlap(a: &HashMap<char, usize>, b: &HashMap<char, usize>, hidden: usize) -> f64 {
    let total_a: usize = a.values().sum::<usize>() + hidden;
    let total_b: usize = b.values().sum();
    let common: usize = a
        .iter()
        .map(|(c, n)| (*n).min(*b.get(c).unwrap_or(&0)))
        .sum::<usize>()
        .saturating_add(hidden)
        .min(total_b);
    let denom = total_a.max(total_b);
    if denom == 0 {
        1.0
    } else {
        common as f64 / denom as f64
    }
}

fn page_text(page: &Page) -> String {
    page.glyphs.iter().map(|g| g.text.as_str()).collect()
}

#[test]
fn every_real_pdf_reads_and_matches_pdftotext() {
    let files = real_pdfs();
    let compare = have_pdftotext();
    if !compare {
        eprintln!("note: pdftotext not on PATH; text comparison skipped");
    }
    let mut worst = 1.0f64;
    for path in &files {
        let bytes = std::fs::read(path).expect("read real pdf");
        let doc = read_pdf_document(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let pages = &doc.pages;
        assert!(!pages.is_empty(), "{}: no pages", path.display());
        for (i, p) in pages.iter().enumerate() {
            assert_eq!(p.number, i + 1);
            assert!(p.width > 0.0 && p.height > 0.0);
        }
        if !compare {
            continue;
        }
        let Some(theirs) = pdftotext_pages(path) else {
            continue;
        };
        let ours_all: String = pages.iter().map(page_text).collect();
        let theirs_all: String = theirs.concat();
        let clipped: usize = doc.diagnostics.iter().map(|d| d.clipped_glyphs).sum();
        let doc_overlap = overlap(&multiset(&ours_all), &multiset(&theirs_all), clipped);
        let mut page_min = 1.0f64;
        for ((page, their_text), diag) in pages.iter().zip(&theirs).zip(&doc.diagnostics) {
            let o = overlap(
                &multiset(&page_text(page)),
                &multiset(their_text),
                diag.clipped_glyphs,
            );
            page_min = page_min.min(o);
            if o < 0.97 {
                eprintln!("{} page {}: overlap {o:.3}", path.display(), page.number);
            }
        }
        eprintln!(
            "{}: document overlap {doc_overlap:.4}, worst page {page_min:.4}",
            path.display()
        );
        worst = worst.min(page_min);
        assert!(
            doc_overlap >= 0.97,
            "{}: overlap {doc_overlap:.3} with pdftotext",
            path.display()
        );
        assert!(
            page_min >= 0.95,
            "{}: a page overlaps only {page_min:.3}",
            path.display()
        );
    }
    eprintln!("worst page overlap over all real PDFs: {worst:.4}");
}

/// Word 2007 paints every cell edge as a thin `re … f*` rectangle; they
/// must come out as long merged rulings in both directions.
#[test]
fn word_f_star_borders_become_rulings() {
    let path = jixiao_testdata::root().join("testdata/real-pdfs/2018年省检察院部门预算公开.pdf");
    let bytes = std::fs::read(&path).expect("read");
    let pages = read_pdf(&bytes).expect("readable");
    let count = |o: Orientation| {
        pages
            .iter()
            .flat_map(|p| &p.rulings)
            .filter(|r| r.orientation == o)
            .count()
    };
    let (h, v) = (count(Orientation::Horizontal), count(Orientation::Vertical));
    assert!(h >= 200 && v >= 50, "{h} horizontal, {v} vertical rulings");
    // Page 14 holds two tables; its rules are merged across the cells:
    // the longest horizontal rule spans the table width (about 85..511).
    let page = &pages[13];
    let longest = page
        .rulings
        .iter()
        .filter(|r| r.orientation == Orientation::Horizontal)
        .map(|r| r.end - r.start)
        .fold(0.0f32, f32::max);
    assert!(longest > 400.0, "longest horizontal rule {longest}");
    for r in &page.rulings {
        assert!(r.start < r.end && r.start >= 0.0 && r.end <= page.width.max(page.height));
    }
}

/// The one file whose font is non-embedded FangSong with GBK-EUC-H codes.
#[test]
fn gbk_euc_h_file_reads_chinese() {
    let path =
        jixiao_testdata::root().join("testdata/real-pdfs/普陀区财政局2024年度部门决算-修改稿.pdf");
    let bytes = std::fs::read(&path).expect("read");
    let pages = read_pdf(&bytes).expect("readable");
    assert_eq!(pages.len(), 26);
    let all: String = pages.iter().map(page_text).collect();
    assert!(
        all.contains("上海市普陀区财政局"),
        "decoded text lacks the department name"
    );
    // Page 24 is the one using the GBK-EUC-H font.
    let p24 = page_text(&pages[23]);
    assert!(p24.contains("国有资产占有使用情况说明"), "{p24}");
    if have_pdftotext() {
        if let Some(theirs) = pdftotext_pages(&path) {
            let theirs24: String = theirs
                .get(23)
                .map(|t| t.chars().filter(|c| !c.is_whitespace()).collect())
                .unwrap_or_default();
            let ours24: String = p24.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(ours24, theirs24);
        }
    }
}

/// Not an assertion on speed (machines differ): prints how long reading all
/// real PDFs takes, for `cargo test --release -- --nocapture`.
#[test]
fn report_reading_time() {
    let files = real_pdfs();
    let blobs: Vec<Vec<u8>> = files.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    let start = std::time::Instant::now();
    let mut pages = 0;
    for b in &blobs {
        pages += read_pdf(b).map(|p| p.len()).unwrap_or(0);
    }
    eprintln!(
        "read {} files, {pages} pages in {:.3} s",
        blobs.len(),
        start.elapsed().as_secs_f64()
    );
}
