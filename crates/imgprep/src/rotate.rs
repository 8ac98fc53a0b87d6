//! Rotation by a small angle, bilinear, about the page centre.
//!
//! Deskewing turns the page by a degree or two (after any lossless quarter
//! turn). The output keeps the page's size: the corners that the rotation
//! moves out are page margin, and the corners it moves in are filled with
//! white paper.
//!
//! Along an output row the source position moves by (cos θ, sin θ) per
//! pixel, so for a small θ it stays on one pair of source rows and one
//! column offset for dozens of pixels at a time. Each such stretch is
//! interpolated as a pass over four source slices, which the compiler
//! vectorises; only pixels whose 2 × 2 square leaves the image are sampled
//! one by one.

use image::GrayImage;

/// Sample positions are fixed-point with this many fraction bits…
const FRACTION_BITS: u32 = 16;
/// …of which the top 8 are the bilinear weight (in 1/256ths).
const WEIGHT_SHIFT: u32 = FRACTION_BITS - 8;
const WEIGHT_ONE: u32 = 256;
const ONE: i64 = 1 << FRACTION_BITS;

/// `image` turned counter-clockwise by `ccw_degrees` about its centre, on
/// a canvas of the same size, with `fill` where it falls outside the image.
pub(crate) fn rotate_about_centre(image: &GrayImage, ccw_degrees: f32, fill: u8) -> GrayImage {
    let (width, height) = image.dimensions();
    let mut out = GrayImage::from_pixel(width, height, image::Luma([fill]));
    let source = Source {
        pixels: image.as_raw(),
        width: width as usize,
        height: height as usize,
        fill,
    };
    let (sin, cos) = f64::from(ccw_degrees).to_radians().sin_cos();
    let (cx, cy) = (f64::from(width) / 2.0, f64::from(height) / 2.0);
    let fixed = |v: f64| (v * ONE as f64).round() as i64;
    let step = Step {
        x: fixed(cos),
        y: fixed(sin),
    };
    for (y, row) in out.chunks_exact_mut(width.max(1) as usize).enumerate() {
        // Source of the centre of the row's first pixel: the inverse of the
        // counter-clockwise turn (y grows downwards), in pixel-index units.
        let (u, v) = (0.5 - cx, y as f64 + 0.5 - cy);
        let start = (
            fixed(cx + u * cos - v * sin - 0.5),
            fixed(cy + u * sin + v * cos - 0.5),
        );
        source.resample_row(start, step, row);
    }
    out
}

/// How far the source position moves per output pixel (fixed-point).
#[derive(Debug, Clone, Copy)]
struct Step {
    x: i64,
    y: i64,
}

/// The image being sampled.
struct Source<'a> {
    pixels: &'a [u8],
    width: usize,
    height: usize,
    fill: u8,
}

impl Source<'_> {
    /// Fills `row` from source positions `start`, `start + step`, …
    fn resample_row(&self, start: (i64, i64), step: Step, row: &mut [u8]) {
        let mut x = 0;
        while x < row.len() {
            let (sx, sy) = (start.0 + x as i64 * step.x, start.1 + x as i64 * step.y);
            let stretch = self.stretch(sx, sy, step, row.len() - x);
            let filled = match row.get_mut(x..x + stretch) {
                Some(out) if stretch > 0 => self.interpolate_stretch(sx, sy, step, out),
                _ => false,
            };
            if !filled {
                if let Some(pixel) = row.get_mut(x) {
                    *pixel = self.bilinear(sx, sy);
                }
            }
            x += stretch.max(1);
        }
    }

    /// How many pixels from source position (`sx`, `sy`) on keep the same
    /// source rows and column offset with their 2 × 2 square inside the
    /// image (0 when the first one's is not), at most `limit`.
    fn stretch(&self, sx: i64, sy: i64, step: Step, limit: usize) -> usize {
        let (column, row) = (sx >> FRACTION_BITS, sy >> FRACTION_BITS);
        let inside = column >= 0
            && row >= 0
            && column + 1 < self.width as i64
            && row + 1 < self.height as i64;
        if !inside {
            return 0;
        }
        let same_row = steps_within_unit(sy, step.y);
        // The column offset from the output column: sx − x advances by
        // step.x − 1 per pixel.
        let same_offset = steps_within_unit(sx, step.x - ONE);
        let columns_left = (self.width as i64 - 1 - column) as usize;
        same_row.min(same_offset).min(columns_left).min(limit)
    }

    /// Interpolates `out` (a stretch found by [`Source::stretch`]) from
    /// four source slices; false if they are not all there.
    fn interpolate_stretch(&self, sx: i64, sy: i64, step: Step, out: &mut [u8]) -> bool {
        let n = out.len();
        let at = (sy >> FRACTION_BITS) as usize * self.width + (sx >> FRACTION_BITS) as usize;
        let slice = |from: usize| self.pixels.get(from..from + n);
        let (Some(a), Some(b), Some(c), Some(d)) = (
            slice(at),
            slice(at + 1),
            slice(at + self.width),
            slice(at + self.width + 1),
        ) else {
            return false;
        };
        let step_fx = step.x - ONE;
        let pixels = out.iter_mut().zip(a).zip(b).zip(c).zip(d).enumerate();
        for (j, ((((out, &a), &b), &c), &d)) in pixels {
            let fx = (((sx + j as i64 * step_fx) >> WEIGHT_SHIFT) & 0xFF) as u32;
            let fy = (((sy + j as i64 * step.y) >> WEIGHT_SHIFT) & 0xFF) as u32;
            *out = blend([a, b, c, d], fx, fy);
        }
        true
    }

    /// The value at fixed-point (`x`, `y`) in pixel-index coordinates,
    /// interpolated, `fill` outside the image.
    fn bilinear(&self, x: i64, y: i64) -> u8 {
        let fx = ((x >> WEIGHT_SHIFT) & 0xFF) as u32;
        let fy = ((y >> WEIGHT_SHIFT) & 0xFF) as u32;
        blend(self.square(x >> FRACTION_BITS, y >> FRACTION_BITS), fx, fy)
    }

    /// The 2 × 2 pixels from (`x`, `y`) right and down, `fill` outside.
    fn square(&self, x: i64, y: i64) -> [u8; 4] {
        let inside =
            x >= 0 && y >= 0 && (x as usize) + 1 < self.width && (y as usize) + 1 < self.height;
        if inside {
            let at = y as usize * self.width + x as usize;
            let top = self.pixels.get(at..at + 2);
            let bottom = self.pixels.get(at + self.width..at + self.width + 2);
            if let (Some(&[a, b]), Some(&[c, d])) = (top, bottom) {
                return [a, b, c, d];
            }
        }
        [
            self.pixel(x, y),
            self.pixel(x + 1, y),
            self.pixel(x, y + 1),
            self.pixel(x + 1, y + 1),
        ]
    }

    fn pixel(&self, x: i64, y: i64) -> u8 {
        if x < 0 || y < 0 || x as usize >= self.width || y as usize >= self.height {
            return self.fill;
        }
        self.pixels
            .get(y as usize * self.width + x as usize)
            .copied()
            .unwrap_or(self.fill)
    }
}

/// Bilinear blend of a 2 × 2 square (top-left, top-right, bottom-left,
/// bottom-right) with weights `fx`, `fy` in 1/256ths.
fn blend([top_left, top_right, bottom_left, bottom_right]: [u8; 4], fx: u32, fy: u32) -> u8 {
    let top = u32::from(top_left) * (WEIGHT_ONE - fx) + u32::from(top_right) * fx;
    let bottom = u32::from(bottom_left) * (WEIGHT_ONE - fx) + u32::from(bottom_right) * fx;
    let value = (top * (WEIGHT_ONE - fy) + bottom * fy + WEIGHT_ONE * WEIGHT_ONE / 2) >> 16;
    value.min(255) as u8
}

/// How many of the positions `value`, `value + step`, … (fixed-point)
/// share the integer part of the first.
fn steps_within_unit(value: i64, step: i64) -> usize {
    let floor = value & !(ONE - 1);
    let steps = match step {
        0 => return usize::MAX,
        s if s > 0 => (floor + ONE - value + s - 1) / s,
        s => (value - floor) / -s + 1,
    };
    usize::try_from(steps).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    #[test]
    fn no_rotation_is_the_identity() {
        let image = GrayImage::from_fn(31, 17, |x, y| Luma([(x * 7 + y * 3) as u8]));
        assert_eq!(rotate_about_centre(&image, 0.0, 255), image);
    }

    /// Reference: every pixel sampled on its own.
    fn rotate_pixel_by_pixel(image: &GrayImage, ccw_degrees: f32) -> GrayImage {
        let (w, h) = image.dimensions();
        let source = Source {
            pixels: image.as_raw(),
            width: w as usize,
            height: h as usize,
            fill: 255,
        };
        let (sin, cos) = f64::from(ccw_degrees).to_radians().sin_cos();
        let (cx, cy) = (f64::from(w) / 2.0, f64::from(h) / 2.0);
        let fixed = |v: f64| (v * ONE as f64).round() as i64;
        GrayImage::from_fn(w, h, |x, y| {
            let (u, v) = (0.5 - cx, f64::from(y) + 0.5 - cy);
            let sx = fixed(cx + u * cos - v * sin - 0.5) + i64::from(x) * fixed(cos);
            let sy = fixed(cy + u * sin + v * cos - 0.5) + i64::from(x) * fixed(sin);
            Luma([source.bilinear(sx, sy)])
        })
    }

    #[test]
    fn stretches_give_what_single_pixels_give() {
        let image = GrayImage::from_fn(301, 203, |x, y| {
            Luma([((x * 37 + y * 91 + x * y) % 253) as u8])
        });
        for degrees in [-4.0, -1.5, -0.3, 0.07, 0.9, 2.5, 30.0] {
            let fast = rotate_about_centre(&image, degrees, 255);
            let slow = rotate_pixel_by_pixel(&image, degrees);
            let first_difference = fast
                .enumerate_pixels()
                .find(|(x, y, p)| slow.get_pixel(*x, *y) != *p)
                .map(|(x, y, p)| (x, y, p.0[0], slow.get_pixel(x, y).0[0]));
            assert_eq!(first_difference, None, "{degrees}°: (x, y, fast, slow)");
        }
    }

    #[test]
    fn steps_within_unit_count_to_the_next_integer() {
        assert_eq!(steps_within_unit(ONE / 2, ONE / 4), 2); // 0.5, 0.75
        assert_eq!(steps_within_unit(ONE / 2, -ONE / 4), 3); // 0.5, 0.25, 0.0
        assert_eq!(steps_within_unit(-ONE / 2, ONE / 4), 2); // −0.5, −0.25
        assert_eq!(steps_within_unit(3 * ONE, 0), usize::MAX);
    }

    #[test]
    fn a_small_rotation_tilts_a_line_and_fills_corners_white() {
        // A horizontal line through the centre; turned 2° counter-clockwise
        // its right end rises by tan 2° · 100 ≈ 3.5 pixels.
        let image = GrayImage::from_fn(201, 101, |_, y| Luma([if y == 50 { 0 } else { 128 }]));
        let out = rotate_about_centre(&image, 2.0, 255);
        let darkest_row = |x: u32| {
            (0..101)
                .min_by_key(|&y| out.get_pixel(x, y).0[0])
                .unwrap_or(0)
        };
        assert_eq!(darkest_row(100), 50);
        assert!(
            (46..=47).contains(&darkest_row(200)),
            "right end at {}",
            darkest_row(200)
        );
        assert!(
            (53..=54).contains(&darkest_row(0)),
            "left end at {}",
            darkest_row(0)
        );
        assert_eq!(
            out.get_pixel(0, 0).0[0],
            255,
            "the uncovered corner is paper"
        );
    }
}
