//! Helpers shared by the table crate's integration tests.
#![allow(dead_code)] // not every test file uses every helper

use jixiao_page::{Glyph, Page, Rect};
use jixiao_table::Document;

/// Rows of positioned pages, read with the words of the forms jixiao knows.
pub fn from_pdf(pages: &[Page]) -> Document {
    jixiao_table::from_pages(pages, jixiao_map::vocab::layout_words())
}

/// Glyphs for `s` with its top-left at (x, y): CJK one em wide, ASCII half
/// an em; a space advances half an em and paints nothing.
pub fn text(s: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
    let mut out = Vec::new();
    let mut cx = x;
    for c in s.chars() {
        let w = if c.is_ascii() { size * 0.5 } else { size };
        if c != ' ' {
            out.push(Glyph {
                text: c.to_string(),
                bbox: Rect {
                    x0: cx,
                    y0: y,
                    x1: cx + w,
                    y1: y + size,
                },
                font_size: size,
            });
        }
        cx += w;
    }
    out
}

/// Glyphs for each `(text, x, y)` (see [`text`]): a page copied from a
/// real export.
#[allow(dead_code)] // not every test file uses every helper
pub fn placed(texts: &[(&str, f32, f32)], size: f32) -> Vec<Glyph> {
    texts
        .iter()
        .flat_map(|&(s, x, y)| text(s, x, y, size))
        .collect()
}

/// The text of each row's cells.
#[allow(dead_code)] // not every test file uses every helper
pub fn rows(doc: &Document) -> Vec<Vec<&str>> {
    doc.rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
        .collect()
}

/// The column of each cell of row `row`.
#[allow(dead_code)]
pub fn cols_of(doc: &Document, row: usize) -> Vec<usize> {
    doc.rows
        .get(row)
        .map(|r| r.cells.iter().map(|c| c.col).collect())
        .unwrap_or_default()
}

/// An A4 page without rulings holding `glyphs`.
#[allow(dead_code)]
pub fn page(number: usize, glyphs: Vec<Glyph>) -> Page {
    Page {
        number,
        width: 595.0,
        height: 842.0,
        glyphs,
        rulings: Vec::new(),
        has_large_image: false,
    }
}

/// The indicator header of the borderless tests, its top at `y`: columns
/// 一级 [80,160), 二级 [160,240), 三级 [240,440), target [440,540).
#[allow(dead_code)]
pub fn header(y: f32, size: f32) -> Vec<Glyph> {
    let mut g = text("一级指标", 100.0, y, size);
    g.extend(text("二级指标", 180.0, y, size));
    g.extend(text("三级指标", 320.0, y, size));
    g.extend(text("指标目标值", 465.0, y, size));
    g
}

/// The text of each row's cells, owned.
#[allow(dead_code)]
pub fn row_strings(doc: &Document) -> Vec<Vec<String>> {
    rows(doc)
        .into_iter()
        .map(|r| r.into_iter().map(str::to_string).collect())
        .collect()
}

/// Glyphs put in line order, top to bottom and left to right, as Calc's
/// export and OCR layers paint them (not cell by cell, as Writer does).
#[allow(dead_code)]
pub fn in_line_order(glyphs: &mut [Glyph]) {
    glyphs.sort_by(|a, b| {
        (a.bbox.y0, a.bbox.x0)
            .partial_cmp(&(b.bbox.y0, b.bbox.x0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
}
