//! Bilinear resize of 8-bit planes that reproduces OpenCV's
//! `cv::resize(src, dsize, interpolation = INTER_LINEAR)`.
//!
//! The recogniser was trained, and RapidOCR runs it, on images resized by
//! OpenCV. OpenCV's `INTER_LINEAR` on 8-bit data is a fixed-point two-pass
//! filter: a horizontal pass with 11-bit weights into `i32` rows, then a
//! vertical pass that blends two such rows. Its vertical pass has two
//! arithmetics: a SIMD one for the bulk of each row and a scalar one for the
//! tail, which can differ by one grey level. Both are reproduced here, as is
//! the element index (over the *interleaved* row, `x * channels + c`) at which
//! the SIMD part stops, so the result matches OpenCV byte for byte on the
//! x86-64 builds measured (see the crate README for the check).

/// Fractional bits of OpenCV's resize weights (`INTER_RESIZE_COEF_BITS`).
const COEF_BITS: u32 = 11;
/// Weight that stands for 1.0 (`INTER_RESIZE_COEF_SCALE`).
const COEF_ONE: i32 = 1 << COEF_BITS;

/// A borrowed 8-bit image plane, possibly interleaved with several channels.
#[derive(Clone, Copy, Debug)]
pub struct Plane<'a> {
    /// Row-major samples, `width * channels` per row, no row padding.
    pub data: &'a [u8],
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Interleaved channels per pixel.
    pub channels: usize,
}

/// Source index and the two fixed-point weights for one output coordinate.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Tap {
    first: usize,
    second: usize,
    w_first: i32,
    w_second: i32,
}

/// OpenCV's `saturate_cast<short>(float)`: round half to even, clamp.
fn weight_from_f32(value: f32) -> i32 {
    let scaled = (value * COEF_ONE as f32).round_ties_even();
    scaled.clamp(i16::MIN as f32, i16::MAX as f32) as i32
}

/// Taps along one axis. `clamp_edges` is OpenCV's x-axis rule (a source
/// coordinate outside the image gets weight 0 on its missing neighbour); on
/// the y-axis OpenCV keeps the weights and only clips the row indices.
fn axis_taps(src_len: usize, dst_len: usize, clamp_edges: bool) -> Vec<Tap> {
    // OpenCV: inv_scale = dst/src in double, scale = 1/inv_scale.
    let scale = 1.0 / (dst_len as f64 / src_len as f64);
    let last = src_len as i64 - 1;
    (0..dst_len)
        .map(|d| {
            let mut f = ((d as f64 + 0.5) * scale - 0.5) as f32;
            let mut s = f.floor() as i64;
            f -= s as f32;
            if clamp_edges && s < 0 {
                f = 0.0;
                s = 0;
            }
            if clamp_edges && s >= last {
                f = 0.0;
                s = last;
            }
            Tap {
                first: s.clamp(0, last) as usize,
                second: (s + 1).clamp(0, last) as usize,
                w_first: weight_from_f32(1.0 - f),
                w_second: weight_from_f32(f),
            }
        })
        .collect()
}

/// Horizontal pass of one source row into `out` (`dst_width * channels`).
fn horizontal_pass(row: &[u8], channels: usize, taps: &[Tap], out: &mut [i32]) {
    for (dx, tap) in taps.iter().enumerate() {
        for c in 0..channels {
            let a = i32::from(row[tap.first * channels + c]);
            let b = i32::from(row[tap.second * channels + c]);
            out[dx * channels + c] = a * tap.w_first + b * tap.w_second;
        }
    }
}

/// First interleaved element that OpenCV's vertical pass computes with its
/// scalar arithmetic rather than the SIMD one, for a row of `len` elements.
/// OpenCV 4.x stopped its vector loops at the last whole register
/// (`x <= len - lanes`) and finished the row with scalar code; the measured
/// OpenCV (opencv-python 5.0.0) uses the SIMD arithmetic for the whole row,
/// however short. Kept as a function so the 4.x rule can be restored.
fn simd_end(len: usize) -> usize {
    len
}

/// The SIMD blend: rows pre-shifted by 4 to fit `i16`, high half of the
/// 16×16-bit products, then a rounding shift by 2.
fn blend_simd(a: i32, b: i32, wa: i32, wb: i32) -> u8 {
    let high = |v: i32, w: i32| ((v >> 4) as i16 as i32 * w) >> 16;
    ((high(a, wa) + high(b, wb) + 2) >> 2).clamp(0, 255) as u8
}

/// The scalar blend: exact product, rounding shift by 22 bits.
fn blend_scalar(a: i32, b: i32, wa: i32, wb: i32) -> u8 {
    const SHIFT: u32 = 2 * COEF_BITS;
    ((a * wa + b * wb + (1 << (SHIFT - 1))) >> SHIFT).clamp(0, 255) as u8
}

/// Resize `src` to `dst_width × dst_height` as OpenCV's `INTER_LINEAR` does.
/// Returns the interleaved output (`dst_width * channels` per row).
///
/// Two of OpenCV's shortcuts are reproduced too: an unchanged size is a copy,
/// and an exact 2× reduction on both axes is an area average.
pub fn resize_linear(src: Plane<'_>, dst_width: usize, dst_height: usize) -> Vec<u8> {
    resize_replicated(src, dst_width, dst_height, 1)
}

/// Resize a one-channel plane as OpenCV resizes the same image after
/// `cvtColor(GRAY2BGR)`: three equal channels, interleaved. The channels can
/// still differ by one grey level, because OpenCV's SIMD/scalar split falls
/// on an interleaved element index.
pub fn resize_gray_as_bgr(src: Plane<'_>, dst_width: usize, dst_height: usize) -> Vec<u8> {
    debug_assert_eq!(src.channels, 1);
    resize_replicated(src, dst_width, dst_height, 3)
}

/// Resize with every source channel repeated `copies` times in the output.
fn resize_replicated(
    src: Plane<'_>,
    dst_width: usize,
    dst_height: usize,
    copies: usize,
) -> Vec<u8> {
    let out_cn = src.channels * copies;
    if src.width == 0 || src.height == 0 || dst_width == 0 || dst_height == 0 {
        return vec![0; dst_width * dst_height * out_cn];
    }
    if src.width == dst_width && src.height == dst_height {
        return replicate(src.data.to_vec(), copies);
    }
    if src.width == 2 * dst_width && src.height == 2 * dst_height {
        return replicate(halve_by_area(src), copies);
    }
    let x_taps = axis_taps(src.width, dst_width, true);
    let y_taps = axis_taps(src.height, dst_height, false);
    let row_len = dst_width * out_cn;
    let split = simd_end(row_len);
    let mut rows = RowCache::new(dst_width * src.channels);
    let mut out = vec![0u8; row_len * dst_height];
    for (dy, tap) in y_taps.iter().enumerate() {
        let (upper, lower) = rows.pair(src, &x_taps, tap.first, tap.second);
        let dst_row = &mut out[dy * row_len..(dy + 1) * row_len];
        for (x, px) in dst_row.iter_mut().enumerate() {
            let blend = if x < split { blend_simd } else { blend_scalar };
            let i = x / copies;
            *px = blend(upper[i], lower[i], tap.w_first, tap.w_second);
        }
    }
    out
}

/// Repeats every sample `copies` times (`[a, b]` → `[a, a, a, b, b, b]`).
fn replicate(samples: Vec<u8>, copies: usize) -> Vec<u8> {
    if copies == 1 {
        return samples;
    }
    samples
        .iter()
        .flat_map(|&v| std::iter::repeat_n(v, copies))
        .collect()
}

/// Keeps the horizontally resized copies of the two most recent source rows,
/// since consecutive output rows mostly read the same pair.
struct RowCache {
    rows: [Vec<i32>; 2],
    source_row: [Option<usize>; 2],
}

impl RowCache {
    fn new(row_len: usize) -> Self {
        RowCache {
            rows: [vec![0; row_len], vec![0; row_len]],
            source_row: [None, None],
        }
    }

    fn slot_for(&mut self, src: Plane<'_>, taps: &[Tap], y: usize, keep: Option<usize>) -> usize {
        if let Some(slot) = self.source_row.iter().position(|&r| r == Some(y)) {
            return slot;
        }
        let slot = if keep == Some(0) { 1 } else { 0 };
        let stride = src.width * src.channels;
        let row = &src.data[y * stride..(y + 1) * stride];
        horizontal_pass(row, src.channels, taps, &mut self.rows[slot]);
        self.source_row[slot] = Some(y);
        slot
    }

    fn pair(
        &mut self,
        src: Plane<'_>,
        taps: &[Tap],
        first: usize,
        second: usize,
    ) -> (&[i32], &[i32]) {
        let a = self.slot_for(src, taps, first, None);
        let b = self.slot_for(src, taps, second, Some(a));
        (&self.rows[a], &self.rows[b])
    }
}

/// OpenCV switches `INTER_LINEAR` to `INTER_AREA` for an exact 2× reduction:
/// each output sample is the rounded mean of a 2×2 block.
fn halve_by_area(src: Plane<'_>) -> Vec<u8> {
    let (w, h, cn) = (src.width / 2, src.height / 2, src.channels);
    let stride = src.width * cn;
    let mut out = Vec::with_capacity(w * h * cn);
    for y in 0..h {
        let top = &src.data[2 * y * stride..];
        let bottom = &src.data[(2 * y + 1) * stride..];
        for x in 0..w {
            for c in 0..cn {
                let i = 2 * x * cn + c;
                let sum = u32::from(top[i])
                    + u32::from(top[i + cn])
                    + u32::from(bottom[i])
                    + u32::from(bottom[i + cn]);
                out.push(((sum + 2) >> 2) as u8);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_is_a_copy() {
        let data: Vec<u8> = (0..12).collect();
        let plane = Plane {
            data: &data,
            width: 4,
            height: 3,
            channels: 1,
        };
        assert_eq!(resize_linear(plane, 4, 3), data);
    }

    #[test]
    fn flat_image_stays_flat() {
        let data = vec![137u8; 50 * 30];
        let plane = Plane {
            data: &data,
            width: 50,
            height: 30,
            channels: 1,
        };
        let out = resize_linear(plane, 77, 48);
        assert!(out.iter().all(|&v| v == 137));
    }

    #[test]
    fn x_taps_clamp_at_both_edges() {
        let taps = axis_taps(10, 20, true);
        assert_eq!(
            (taps[0].first, taps[0].w_first, taps[0].w_second),
            (0, COEF_ONE, 0)
        );
        let last = taps[19];
        assert_eq!((last.first, last.w_first, last.w_second), (9, COEF_ONE, 0));
    }
}
