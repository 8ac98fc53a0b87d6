//! Grey to black and white: Sauvola's adaptive threshold.
//!
//! Each pixel is compared with a threshold from the mean `m` and standard
//! deviation `s` of the window around it: `t = m · (1 + k · (s / R − 1))`
//! with `R = 128` (J. Sauvola, M. Pietikäinen, 2000). In plain paper `s`
//! is small and `t` falls well below the paper, so noise stays white; near
//! print `s` is large and `t` rises towards the mean, so faint strokes are
//! kept.
//!
//! Window sums come from running column sums (a row enters the window at
//! the bottom, one leaves at the top) and one prefix sum per row: the same
//! O(1) per pixel as a full integral image without its 8 bytes per pixel,
//! and every inner loop a plain pass over slices that the compiler
//! vectorises. Sums are kept modulo 2³² (wrapping): a difference of two
//! prefix sums is exact whenever the window's own sum fits in 32 bits,
//! and [`MAX_RADIUS`] keeps it within 31, so that it converts to `f32`
//! through `i32` (which, unlike `u32`, the processor converts in bulk).

use image::GrayImage;

/// Sauvola's dynamic range of the standard deviation for 8-bit images.
const SAUVOLA_R: f32 = 128.0;

/// After background flattening paper is near 255, so anything this dark is
/// ink whatever its window says. This keeps the inside of large black
/// areas (thick bars, filled header cells) from being thresholded hollow,
/// which Sauvola alone does once the window is uniformly dark.
const CERTAINLY_INK: u8 = 96;

/// The largest window radius: the squares of a (2 · 90 + 1)² window of
/// 255s just fit in 31 bits. That is two text lines up to ~600 dpi.
const MAX_RADIUS: usize = 90;

/// Values in a binary image.
pub(crate) const INK: u8 = 0;
/// Values in a binary image.
pub(crate) const PAPER: u8 = 255;

/// The Sauvola binarisation of `grey` with a square window of
/// `window` pixels (odd or not; `window / 2` either side) and sensitivity `k`.
pub(crate) fn sauvola(grey: &GrayImage, window: u32, k: f32) -> GrayImage {
    let (width, height) = (grey.width() as usize, grey.height() as usize);
    let mut out = GrayImage::new(grey.width(), grey.height());
    if width == 0 || height == 0 {
        return out;
    }
    let radius = ((window / 2).max(1) as usize).min(MAX_RADIUS);
    let rows: Vec<&[u8]> = grey.as_raw().chunks_exact(width).collect();
    let mut columns = ColumnSums::new(width);
    for row in rows.iter().take(radius + 1) {
        columns.add(row);
    }
    let mut window = WindowSums::new(width, radius);
    let inverse_columns: Vec<f32> = (0..width)
        .map(|x| 1.0 / ((x + radius + 1).min(width) - x.saturating_sub(radius)) as f32)
        .collect();
    let mut inverse_counts = vec![0.0f32; width];
    for (y, out_row) in out.chunks_exact_mut(width).enumerate() {
        if y > 0 {
            if let Some(entering) = rows.get(y + radius) {
                columns.add(entering);
            }
            if let Some(leaving) = y.checked_sub(radius + 1).and_then(|i| rows.get(i)) {
                columns.remove(leaving);
            }
        }
        let inverse_rows = 1.0 / ((y + radius + 1).min(height) - y.saturating_sub(radius)) as f32;
        for (count, &columns) in inverse_counts.iter_mut().zip(&inverse_columns) {
            *count = columns * inverse_rows;
        }
        window.fill(&columns);
        let row = rows.get(y).copied().unwrap_or(&[]);
        threshold_row(row, &window, &inverse_counts, k, out_row);
    }
    out
}

/// Thresholds one row given its window sums and one over their pixel counts.
fn threshold_row(row: &[u8], window: &WindowSums, inverse_counts: &[f32], k: f32, out: &mut [u8]) {
    let pixels = out.iter_mut().zip(row).zip(inverse_counts);
    for (((out, &value), &inverse_count), (&sum, &squares)) in
        pixels.zip(window.sums.iter().zip(&window.squares))
    {
        let mean = sum as i32 as f32 * inverse_count;
        let variance = (squares as i32 as f32 * inverse_count - mean * mean).max(0.0);
        let threshold = mean * (1.0 + k * (variance.sqrt() / SAUVOLA_R - 1.0));
        // `|`, not `||`: no branch, so the loop runs on vectors.
        let is_ink = (value <= CERTAINLY_INK) | (f32::from(value) < threshold);
        *out = if is_ink { INK } else { PAPER };
    }
}

/// Per column, the sum and the sum of squares of the rows in the window.
struct ColumnSums {
    sums: Vec<u32>,
    squares: Vec<u32>,
}

impl ColumnSums {
    fn new(width: usize) -> ColumnSums {
        ColumnSums {
            sums: vec![0; width],
            squares: vec![0; width],
        }
    }

    fn add(&mut self, row: &[u8]) {
        for ((sum, square), &v) in self.sums.iter_mut().zip(self.squares.iter_mut()).zip(row) {
            let v = u32::from(v);
            *sum = sum.wrapping_add(v);
            *square = square.wrapping_add(v * v);
        }
    }

    fn remove(&mut self, row: &[u8]) {
        for ((sum, square), &v) in self.sums.iter_mut().zip(self.squares.iter_mut()).zip(row) {
            let v = u32::from(v);
            *sum = sum.wrapping_sub(v);
            *square = square.wrapping_sub(v * v);
        }
    }
}

/// For each pixel of a row, the sums over its whole window.
struct WindowSums {
    radius: usize,
    /// Prefix sums of the column sums, padded: entry `radius + i` holds
    /// columns `..i` with `i` clamped into `0..=width`, so that a window
    /// `x − radius ..= x + radius` is entries `x` to `x + 2 · radius + 1`
    /// at every `x`, edges included.
    prefix_sums: Vec<u32>,
    prefix_squares: Vec<u32>,
    sums: Vec<u32>,
    squares: Vec<u32>,
}

impl WindowSums {
    fn new(width: usize, radius: usize) -> WindowSums {
        let padded = width + 1 + 2 * radius;
        WindowSums {
            radius,
            prefix_sums: vec![0; padded],
            prefix_squares: vec![0; padded],
            sums: vec![0; width],
            squares: vec![0; width],
        }
    }

    fn fill(&mut self, columns: &ColumnSums) {
        prefix_into(&columns.sums, self.radius, &mut self.prefix_sums);
        prefix_into(&columns.squares, self.radius, &mut self.prefix_squares);
        let span = 2 * self.radius + 1;
        difference_into(&self.prefix_sums, span, &mut self.sums);
        difference_into(&self.prefix_squares, span, &mut self.squares);
    }
}

/// Writes the padded prefix sums of `values` into `prefix` (see
/// [`WindowSums::prefix_sums`]).
fn prefix_into(values: &[u32], radius: usize, prefix: &mut [u32]) {
    let (before, rest) = prefix.split_at_mut((radius + 1).min(prefix.len()));
    before.fill(0);
    let mut total = 0u32;
    let mut rest = rest.iter_mut();
    // `values` first: a zip stops at its first iterator's end without
    // drawing (and losing) an item from the second.
    for (&v, slot) in values.iter().zip(rest.by_ref()) {
        total = total.wrapping_add(v);
        *slot = total;
    }
    for slot in rest {
        *slot = total;
    }
}

/// `out[x] = prefix[x + span] − prefix[x]`, modulo 2³².
fn difference_into(prefix: &[u32], span: usize, out: &mut [u32]) {
    let ahead = prefix.get(span..).unwrap_or(&[]);
    for ((out, &high), &low) in out.iter_mut().zip(ahead).zip(prefix) {
        *out = high.wrapping_sub(low);
    }
}

/// True when every pixel is 0 or 255: a 1-bit scan, already binary.
pub(crate) fn is_bilevel(grey: &GrayImage) -> bool {
    grey.iter().all(|&v| v == INK || v == PAPER)
}

/// Ink where `grey` is darker than `level`.
pub(crate) fn threshold(grey: &GrayImage, level: u8) -> GrayImage {
    let mut out = grey.clone();
    for v in out.iter_mut() {
        *v = if *v < level { INK } else { PAPER };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    /// Reference: the window statistics computed directly.
    /// The reference verdict, `None` where the pixel is within a hair of
    /// its threshold (where rounding may go either way).
    fn sauvola_direct(grey: &GrayImage, radius: i64, k: f32, x: i64, y: i64) -> Option<u8> {
        let (w, h) = (grey.width() as i64, grey.height() as i64);
        let (mut n, mut sum, mut sq) = (0f64, 0f64, 0f64);
        for yy in (y - radius).max(0)..=(y + radius).min(h - 1) {
            for xx in (x - radius).max(0)..=(x + radius).min(w - 1) {
                let v = f64::from(grey.get_pixel(xx as u32, yy as u32).0[0]);
                n += 1.0;
                sum += v;
                sq += v * v;
            }
        }
        let mean = sum / n;
        let sd = (sq / n - mean * mean).max(0.0).sqrt();
        let t = mean as f32 * (1.0 + k * (sd as f32 / SAUVOLA_R - 1.0));
        let v = grey.get_pixel(x as u32, y as u32).0[0];
        if v > CERTAINLY_INK && (f32::from(v) - t).abs() < 0.01 {
            return None;
        }
        Some(if v <= CERTAINLY_INK || f32::from(v) < t {
            INK
        } else {
            PAPER
        })
    }

    #[test]
    fn running_sums_match_the_direct_window() {
        let grey = GrayImage::from_fn(37, 29, |x, y| {
            Luma([((x * 97 + y * 57 + x * y * 13) % 251) as u8])
        });
        let out = sauvola(&grey, 9, 0.3);
        for y in 0..29 {
            for x in 0..37 {
                if let Some(want) = sauvola_direct(&grey, 4, 0.3, i64::from(x), i64::from(y)) {
                    assert_eq!(out.get_pixel(x, y).0[0], want, "at ({x}, {y})");
                }
            }
        }
    }

    #[test]
    fn faint_text_is_kept_and_noisy_paper_stays_white() {
        // Paper 250 ± 10 in a fixed pattern; a faint stroke of 170 across it.
        let grey = GrayImage::from_fn(120, 120, |x, y| {
            let noise = ((x * 31 + y * 17) % 21) as i32 - 10;
            let v = if (50..54).contains(&y) {
                170
            } else {
                250 + noise
            };
            Luma([v.clamp(0, 255) as u8])
        });
        let out = sauvola(&grey, 58, 0.3);
        for x in 0..120 {
            assert_eq!(out.get_pixel(x, 52).0[0], INK, "stroke broken at x={x}");
            assert_eq!(out.get_pixel(x, 10).0[0], PAPER, "noise kept at x={x}");
        }
    }

    #[test]
    fn a_large_black_area_is_not_hollow() {
        let grey = GrayImage::from_fn(200, 200, |x, y| {
            Luma([if (40..160).contains(&x) && (40..160).contains(&y) {
                20
            } else {
                255
            }])
        });
        let out = sauvola(&grey, 30, 0.3);
        assert_eq!(out.get_pixel(100, 100).0[0], INK);
        assert_eq!(out.get_pixel(10, 10).0[0], PAPER);
    }

    #[test]
    fn padded_prefix_sums_cover_the_edges() {
        let values: Vec<u32> = (1..=10).collect();
        let mut prefix = vec![0; 10 + 1 + 4];
        prefix_into(&values, 2, &mut prefix);
        assert_eq!(
            prefix,
            vec![0, 0, 0, 1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 55, 55]
        );
        let mut windows = vec![0; 10];
        difference_into(&prefix, 5, &mut windows);
        assert_eq!(windows, vec![6, 10, 15, 20, 25, 30, 35, 40, 34, 27]);
    }

    #[test]
    fn bilevel_is_recognised() {
        let mut bw = GrayImage::from_pixel(4, 4, Luma([PAPER]));
        bw.put_pixel(1, 1, Luma([INK]));
        assert!(is_bilevel(&bw));
        bw.put_pixel(2, 2, Luma([128]));
        assert!(!is_bilevel(&bw));
    }
}
