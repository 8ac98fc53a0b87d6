//! A synthetic form page drawn from geometry, so that every test knows
//! exactly where the ink, the seal and the paper are.
//!
//! The page is 900 × 1270 pixels (A4 at about 110 dpi): a ruled table with
//! rows of "characters" (hollow squares, some with a dot on top as 主 or
//! 市 have), a comma-like mark low in its own cell after every fifth
//! character, and optionally a red seal ring over the text. It can be
//! drawn turned by any angle (sampled with 4 × 4 supersampling, as a
//! scanner would grey the edges) and shaded.

#![allow(dead_code)]

use image::{Rgb, RgbImage};

pub const DPI: f32 = 110.0;
pub const WIDTH: u32 = 900;
pub const HEIGHT: u32 = 1270;

/// Body text height at 110 dpi (10.5 pt).
const EM: f64 = 16.0;
const ROW_PITCH: f64 = 2.5 * EM;
const TABLE_TOP: f64 = 150.0;
const TABLE_ROWS: usize = 24;
const TABLE_LEFT: f64 = 80.0;
const TABLE_RIGHT: f64 = 820.0;
const COLUMN_LINES: [f64; 3] = [TABLE_LEFT, 260.0, TABLE_RIGHT];
const LINE_HALF_WIDTH: f64 = 1.0;
const STROKE: f64 = 2.0;
const CELL: f64 = EM + 3.0;

pub const SEAL_CENTRE: (f64, f64) = (560.0, 420.0);
pub const SEAL_RADIUS: f64 = 90.0;
pub const SEAL_HALF_WIDTH: f64 = 4.0;
const SEAL_RED: [f64; 3] = [212.0, 38.0, 48.0];
const PRINT: f64 = 25.0;

/// How the page is drawn.
#[derive(Debug, Clone, Copy, Default)]
pub struct Drawing {
    /// Counter-clockwise turn of the content about the page centre.
    pub skew_degrees: f64,
    /// Stamp the red seal.
    pub seal: bool,
    /// Darken the left half as a shadow would (paper down to 45 %).
    pub shadow: bool,
}

/// Whether page point (`x`, `y`) is printed ink (table or text).
pub fn is_print(x: f64, y: f64) -> bool {
    is_rule(x, y) || is_text(x, y)
}

fn is_rule(x: f64, y: f64) -> bool {
    let table_bottom = TABLE_TOP + TABLE_ROWS as f64 * ROW_PITCH;
    let in_table_x = (TABLE_LEFT - LINE_HALF_WIDTH..=TABLE_RIGHT + LINE_HALF_WIDTH).contains(&x);
    let in_table_y = (TABLE_TOP - LINE_HALF_WIDTH..=table_bottom + LINE_HALF_WIDTH).contains(&y);
    let on_row_line = ((y - TABLE_TOP) / ROW_PITCH).round() * ROW_PITCH + TABLE_TOP;
    let horizontal = in_table_x && in_table_y && (y - on_row_line).abs() <= LINE_HALF_WIDTH;
    let vertical = in_table_y
        && COLUMN_LINES
            .iter()
            .any(|&c| (x - c).abs() <= LINE_HALF_WIDTH);
    horizontal || vertical
}

fn is_text(x: f64, y: f64) -> bool {
    if !(TABLE_TOP..TABLE_TOP + TABLE_ROWS as f64 * ROW_PITCH).contains(&y) {
        return false;
    }
    let row = ((y - TABLE_TOP) / ROW_PITCH).floor();
    let top = TABLE_TOP + row * ROW_PITCH + (ROW_PITCH - EM) / 2.0;
    let (dy, start) = (
        y - top,
        if x < COLUMN_LINES[1] {
            100.0
        } else {
            290.0 + (row % 3.0) * 7.0
        },
    );
    if x < start || !(-4.0..=EM).contains(&dy) {
        return false;
    }
    let index = ((x - start) / CELL).floor();
    let dx = x - start - index * CELL;
    let last = if x < COLUMN_LINES[1] { 6.0 } else { 22.0 };
    if index > last {
        return false;
    }
    if index % 6.0 == 5.0 {
        // A comma: low in its own cell.
        return (2.0..6.0).contains(&dx) && (EM - 5.0..EM).contains(&dy);
    }
    let in_box = (0.0..EM).contains(&dx) && (2.0..EM).contains(&dy);
    let on_stroke =
        !(STROKE..EM - STROKE).contains(&dx) || !(2.0 + STROKE..EM - STROKE).contains(&dy);
    let dot_on_top = index % 4.0 == 1.0
        && (EM / 2.0 - 2.0..EM / 2.0 + 1.0).contains(&dx)
        && (-4.0..-1.0).contains(&dy);
    (in_box && on_stroke) || dot_on_top
}

/// Whether page point (`x`, `y`) is on the seal's ring.
pub fn is_seal(x: f64, y: f64) -> bool {
    let r = ((x - SEAL_CENTRE.0).powi(2) + (y - SEAL_CENTRE.1).powi(2)).sqrt();
    (r - SEAL_RADIUS).abs() <= SEAL_HALF_WIDTH
}

/// The colour of page point (`x`, `y`): seal ink multiplies the paper and
/// the print beneath it, as a stamp does.
fn colour_at(x: f64, y: f64, drawing: &Drawing) -> [f64; 3] {
    let base = if is_print(x, y) { PRINT } else { 255.0 };
    let mut colour = [base; 3];
    if drawing.seal && is_seal(x, y) {
        for (c, s) in colour.iter_mut().zip(SEAL_RED) {
            *c *= s / 255.0;
        }
    }
    colour
}

/// The page as drawn.
pub fn draw(drawing: Drawing) -> RgbImage {
    const SUB: u32 = 4;
    let (sin, cos) = drawing.skew_degrees.to_radians().sin_cos();
    let (cx, cy) = (f64::from(WIDTH) / 2.0, f64::from(HEIGHT) / 2.0);
    RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        let mut sum = [0.0; 3];
        for sy in 0..SUB {
            for sx in 0..SUB {
                let u = f64::from(x) + (f64::from(sx) + 0.5) / f64::from(SUB) - cx;
                let v = f64::from(y) + (f64::from(sy) + 0.5) / f64::from(SUB) - cy;
                // Undo the counter-clockwise turn to find the page point.
                let (px, py) = (u * cos - v * sin + cx, u * sin + v * cos + cy);
                for (s, c) in sum.iter_mut().zip(colour_at(px, py, &drawing)) {
                    *s += c;
                }
            }
        }
        let shade = if drawing.shadow {
            0.45 + 0.55 * (f64::from(x) / f64::from(WIDTH) * 2.0).min(1.0)
        } else {
            1.0
        };
        let n = f64::from(SUB * SUB);
        Rgb(sum.map(|s| (s / n * shade).round().clamp(0.0, 255.0) as u8))
    })
}
