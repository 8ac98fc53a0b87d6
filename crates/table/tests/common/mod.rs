//! Helpers shared by the table crate's integration tests.

use jixiao_extract::pdf::{Glyph, Rect};
use jixiao_table::Document;

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
