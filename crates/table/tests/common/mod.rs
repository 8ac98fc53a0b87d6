//! Helpers shared by the table crate's integration tests.

use jixiao_extract::pdf::{Glyph, Rect};

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
