//! Small generated PDFs (see `fixtures/make_fixtures.py`) with known text,
//! positions, rulings, encodings and encryption.

use std::path::Path;

use jixiao_extract::pdf::{read_pdf, read_pdf_document, PdfError};
use jixiao_page::{Orientation, Page, Ruling};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text(page: &Page) -> String {
    page.glyphs.iter().map(|g| g.text.as_str()).collect()
}

fn rulings(page: &Page, o: Orientation) -> Vec<Ruling> {
    page.rulings
        .iter()
        .copied()
        .filter(|r| r.orientation == o)
        .collect()
}

fn close(a: f32, b: f32, tol: f32) -> bool {
    (a - b).abs() <= tol
}

/// The documented way to call the reader.
#[test]
fn usage_example() {
    let bytes = fixture("cid_table.pdf");
    let pages = read_pdf(&bytes).expect("readable");
    for page in &pages {
        let line: String = page.glyphs.iter().map(|g| g.text.as_str()).collect();
        println!(
            "page {} ({} x {} pt): {line}",
            page.number, page.width, page.height
        );
    }
    assert_eq!(pages.len(), 2);
}

#[test]
fn cid_font_text_and_positions() {
    let pages = read_pdf(&fixture("cid_table.pdf")).expect("readable");
    let p1 = &pages[0];
    assert!(close(p1.width, 595.28, 0.1) && close(p1.height, 841.89, 0.1));
    assert_eq!(text(p1), "绩效目标申报表表单");
    // First glyph: 12pt, origin at x=72, baseline y=100 (top-left origin).
    let g = &p1.glyphs[0];
    assert_eq!(g.text, "绩");
    assert!(close(g.font_size, 12.0, 0.01), "{g:?}");
    assert!(
        close(g.bbox.x0, 72.0, 0.01) && close(g.bbox.x1, 84.0, 0.01),
        "{g:?}"
    );
    assert!(
        g.bbox.y0 < 100.0 && g.bbox.y0 > 88.0 && g.bbox.y1 > 100.0 && g.bbox.y1 < 104.0,
        "{g:?}"
    );
    // Glyphs advance left to right by the CID width (1000 units = 12pt).
    assert!(close(p1.glyphs[1].bbox.x0, 84.0, 0.01));
    // Text from the Form XObject lands where the form put it.
    let form = &p1.glyphs[7];
    assert_eq!(form.text, "表");
    assert!(close(form.bbox.x0, 100.0, 0.01) && form.bbox.y1 > 520.0 && form.bbox.y0 < 520.0);
}

#[test]
fn rotated_page_uses_display_orientation() {
    let pages = read_pdf(&fixture("cid_table.pdf")).expect("readable");
    let p2 = &pages[1];
    // Media box 841.89 x 595.28 with /Rotate 90: displayed portrait.
    assert!(close(p2.width, 595.28, 0.1) && close(p2.height, 841.89, 0.1));
    assert_eq!(text(p2), "旋转");
    // pdftotext -bbox puts 旋 at y 100..112 and 转 at 112..124 (running down).
    let (a, b) = (&p2.glyphs[0], &p2.glyphs[1]);
    assert!(
        close(a.bbox.y0, 100.0, 0.01) && close(a.bbox.y1, 112.0, 0.01),
        "{a:?}"
    );
    assert!(close(b.bbox.y0, 112.0, 0.01), "{b:?}");
    assert!(a.bbox.x0 > 390.0 && a.bbox.x1 < 415.0, "{a:?}");
}

#[test]
fn rulings_from_strokes_thin_fills_and_forms() {
    let pages = read_pdf(&fixture("cid_table.pdf")).expect("readable");
    let p1 = &pages[0];
    let h = rulings(p1, Orientation::Horizontal);
    let v = rulings(p1, Orientation::Vertical);
    // Four table rows (each stroked in two pieces, merged) + the form's line.
    // The grey shading and the white line are not rulings.
    let hpos: Vec<f32> = h.iter().map(|r| r.pos).collect();
    assert_eq!(h.len(), 5, "{h:?}");
    for (r, want) in h.iter().zip([150.0, 190.0, 230.0, 270.0]) {
        assert!(
            close(r.pos, want, 0.01) && close(r.start, 72.0, 0.01) && close(r.end, 472.0, 0.01),
            "{r:?}"
        );
    }
    assert!(
        close(hpos[4], 500.0, 0.01)
            && close(h[4].start, 100.0, 0.01)
            && close(h[4].end, 300.0, 0.01)
    );
    // Vertical borders were 0.5pt-wide f* rectangles: centre lines.
    assert_eq!(v.len(), 4, "{v:?}");
    for (r, want) in v.iter().zip([72.0, 205.0, 339.0, 472.0]) {
        assert!(
            close(r.pos, want, 0.01) && close(r.start, 150.0, 0.01) && close(r.end, 270.0, 0.01),
            "{r:?}"
        );
    }
    assert!(!p1.has_large_image);
}

#[test]
fn embedded_truetype_with_kangxi_radicals() {
    let pages = read_pdf(&fixture("ttf_kangxi.pdf")).expect("readable");
    // The font maps two glyphs to U+2F08 / U+2F1D; we fold them.
    assert_eq!(text(&pages[0]), "人口统计");
    assert!(close(pages[0].glyphs[0].font_size, 14.0, 0.01));
}

#[test]
fn predefined_cmaps_differences_fills_and_images() {
    let doc = read_pdf_document(&fixture("raw_cmaps.pdf")).expect("readable");
    let page = &doc.pages[0];
    // Fake-bold 上海市 (each glyph twice) comes out once.
    assert_eq!(text(page), "上海市财政绩效·人¥€");
    assert_eq!(doc.diagnostics[0].duplicate_glyphs, 3);
    assert_eq!(doc.diagnostics[0].unmapped_glyphs, 0);
    // A 1pt-high rectangle painted with B and a 1pt-wide one painted with b*
    // give one centre line each; the page background and frame give none.
    let h = rulings(page, Orientation::Horizontal);
    let v = rulings(page, Orientation::Vertical);
    assert_eq!(h.len(), 1, "{:?}", page.rulings);
    assert!(
        close(h[0].pos, 200.5, 0.01)
            && close(h[0].start, 72.0, 0.01)
            && close(h[0].end, 472.0, 0.01)
    );
    assert_eq!(v.len(), 1, "{:?}", page.rulings);
    assert!(
        close(v[0].pos, 300.0, 0.01)
            && close(v[0].start, 242.0, 0.01)
            && close(v[0].end, 542.0, 0.01)
    );
    // The full-page image makes this a scan.
    assert!(page.has_large_image);
}

#[test]
fn encrypted_with_empty_user_password_is_read() {
    let pages = read_pdf(&fixture("encrypted_open.pdf")).expect("empty password opens");
    assert_eq!(text(&pages[0]), "Encryptedhello");
    assert_eq!(pages[0].rulings.len(), 1);
}

#[test]
fn encrypted_with_user_password_is_refused() {
    match read_pdf(&fixture("encrypted_locked.pdf")) {
        Err(PdfError::Encrypted) => {}
        other => panic!("expected PdfError::Encrypted, got {other:?}"),
    }
}

/// Text hidden by the clip path is not on the page: an office suite paints
/// a merged cell cut by a page break on both pages, each clipped to the
/// page's part. A glyph is kept where at least half of it shows.
#[test]
fn clipped_text_is_not_read() {
    let bytes = fixture("clipped_cells.pdf");
    let pages = read_pdf(&bytes).expect("readable");
    let mut seen: Vec<&str> = pages[0].glyphs.iter().map(|g| g.text.as_str()).collect();
    seen.sort_unstable();
    let mut expected = vec!["可", "见", "上", "半", "内", "外", "面"];
    expected.sort_unstable();
    assert_eq!(seen, expected);
    let doc = read_pdf_document(&bytes).expect("readable");
    assert_eq!(
        doc.diagnostics[0].clipped_glyphs, 5,
        "{:?}",
        doc.diagnostics
    );
}

/// Invisible text (render mode 3) is a scan's OCR layer only over an image;
/// elsewhere, and fully transparent text anywhere, no one sees it.
#[test]
fn hidden_text_outside_a_scan_is_not_read() {
    let bytes = fixture("hidden_text.pdf");
    let doc = read_pdf_document(&bytes).expect("readable");
    let mut seen: Vec<&str> = doc.pages[0]
        .glyphs
        .iter()
        .map(|g| g.text.as_str())
        .collect();
    seen.sort_unstable();
    let mut expected = vec!["可", "见", "扫", "描"];
    expected.sort_unstable();
    assert_eq!(seen, expected);
    let d = &doc.diagnostics[0];
    assert_eq!((d.hidden_glyphs, d.invisible_glyphs), (6, 2), "{d:?}");
}
