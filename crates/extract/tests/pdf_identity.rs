//! Composite fonts with `Identity-H` / `Identity-V` (and the rarer GBK
//! CMaps) and no `ToUnicode`: fixtures from `fixtures/make_identity_fixtures.py`.

use std::path::Path;

use jixiao_extract::pdf::{read_pdf_document, PdfDocument};
use jixiao_page::Page;

fn read(name: &str) -> PdfDocument {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    read_pdf_document(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The text of the glyphs whose box lies in a band of y (top-left origin),
/// in painting order.
fn text_in(page: &Page, y0: f32, y1: f32) -> String {
    page.glyphs
        .iter()
        .filter(|g| g.bbox.center_y() >= y0 && g.bbox.center_y() < y1)
        .map(|g| g.text.as_str())
        .collect()
}

const LINE1: &str = "财政项目支出绩效目标申报表一级指标=100%";

#[test]
fn embedded_truetype_identity_without_to_unicode() {
    let doc = read("identity_ttf.pdf");
    let page = &doc.pages[0];
    let diag = &doc.diagnostics[0];
    // F1: inverted (3,1) cmap, CIDToGIDMap /Identity.
    assert_eq!(text_in(page, 85.0, 105.0), LINE1, "{:?}", page.glyphs);
    // F2: no cmap at all; post glyph names, CIDToGIDMap stream.
    assert_eq!(text_in(page, 115.0, 135.0), "一级指标=100%");
    // F4: GBKp-EUC-H codes decoded as GBK.
    assert_eq!(text_in(page, 145.0, 165.0), "目标");
    // F3: Identity-V, written downwards from y=200.
    assert_eq!(text_in(page, 185.0, 240.0), "绩效");
    assert_eq!(diag.unmapped_glyphs, 0, "{diag:?}");
    assert_eq!(diag.font_failures, 0, "{diag:?}");
    // Positions are unaffected: the first glyph starts at x=72, baseline 100.
    let g = &page.glyphs[0];
    assert!(
        (g.bbox.x0 - 72.0).abs() < 0.01 && g.bbox.y0 < 100.0 && g.bbox.y1 > 100.0,
        "{g:?}"
    );
    assert!((g.font_size - 12.0).abs() < 0.01, "{g:?}");
}

#[test]
fn embedded_cid_keyed_cff_gb1_identity_without_to_unicode() {
    let doc = read("identity_cff.pdf");
    assert_eq!(text_in(&doc.pages[0], 85.0, 105.0), LINE1);
    assert_eq!(doc.diagnostics[0].unmapped_glyphs, 0);
}

#[test]
fn non_embedded_gb1_identity_and_gbk_cmaps() {
    let doc = read("identity_cid.pdf");
    let page = &doc.pages[0];
    assert_eq!(text_in(page, 85.0, 105.0), LINE1, "{:?}", page.glyphs);
    assert_eq!(text_in(page, 145.0, 165.0), "申报表");
    assert_eq!(text_in(page, 175.0, 195.0), "指标\u{3400}");
    assert_eq!(text_in(page, 195.0, 240.0), "绩效");
    assert_eq!(doc.diagnostics[0].unmapped_glyphs, 0);
}
