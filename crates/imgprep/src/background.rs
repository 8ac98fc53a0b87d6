//! Flattening an uneven background.
//!
//! A photographed or badly lit page has paper that is 255 in one corner
//! and 120 in a shadow band. The paper's brightness is estimated on a grid
//! of blocks half a text line across (a bright percentile of each block,
//! i.e. its paper), text-sized dark spots are closed over (a grey-level
//! closing: max then min, so shadows keep their edges where they are), the
//! estimate is smoothed, and each pixel is divided by it. Paper becomes
//! about 255 everywhere and text keeps its contrast to the paper around it.

use image::GrayImage;

use crate::grid::{Grid, WindowReduce};
use crate::scale::PageScale;

/// Side of the estimation blocks, in text heights: small enough to follow
/// a shadow's edge, large enough that a block holds a few hundred pixels.
const BLOCK_TEXT_HEIGHTS: f32 = 0.5;

/// The brightness taken as a block's paper: this fraction of its pixels
/// are darker. High enough to ignore the text in the block, low enough
/// that noise specks do not set it.
const PAPER_PERCENTILE: f32 = 0.8;

/// Half the width of the closing window, in text heights: the window
/// (2.5 text heights) spans any character, so a block full of a bold
/// character's strokes still takes its paper from its neighbours.
const CLOSING_RADIUS_TEXT_HEIGHTS: f32 = 1.25;

/// Half the width of the smoothing window, in text heights.
const SMOOTHING_RADIUS_TEXT_HEIGHTS: f32 = 1.0;

/// Backgrounds darker than this are not divided by (a black scanner lid
/// or photograph would otherwise be blown up into noise).
const DARKEST_BACKGROUND: f32 = 24.0;

/// The flattened page and how uneven its paper was.
#[derive(Debug, Clone)]
pub(crate) struct Flattened {
    /// The page with its paper at about 255.
    pub image: GrayImage,
    /// The darkest and brightest paper estimated before flattening.
    pub paper_range: (u8, u8),
}

/// Flattens the background of `grey`.
pub(crate) fn flatten_background(grey: &GrayImage, scale: &PageScale) -> Flattened {
    let block = scale.pixels(BLOCK_TEXT_HEIGHTS).max(2);
    let radius_in_blocks =
        |text_heights: f32| (scale.text_height * text_heights / block as f32).ceil() as usize;
    let paper = block_percentiles(grey, block, PAPER_PERCENTILE)
        .filtered(
            radius_in_blocks(CLOSING_RADIUS_TEXT_HEIGHTS),
            WindowReduce::Max,
        )
        .filtered(
            radius_in_blocks(CLOSING_RADIUS_TEXT_HEIGHTS),
            WindowReduce::Min,
        )
        .filtered(
            radius_in_blocks(SMOOTHING_RADIUS_TEXT_HEIGHTS),
            WindowReduce::Mean,
        );
    let (lo, hi) = paper.range().unwrap_or((255.0, 255.0));
    Flattened {
        image: divide_by_background(grey, &paper, block),
        paper_range: (lo as u8, hi as u8),
    }
}

/// One value per `block` × `block` square: the `percentile` of its pixels.
fn block_percentiles(grey: &GrayImage, block: u32, percentile: f32) -> Grid {
    let width = grey.width() as usize;
    let block = block as usize;
    let columns = width.div_ceil(block);
    let rows = (grey.height() as usize).div_ceil(block);
    let mut grid = Grid::filled(columns, rows, 255.0);
    let mut histograms = vec![[0u32; 256]; columns];
    let image_rows: Vec<&[u8]> = grey.as_raw().chunks_exact(width.max(1)).collect();
    for (band, grid_row) in image_rows.chunks(block).zip(grid.rows_mut()) {
        for histogram in histograms.iter_mut() {
            *histogram = [0; 256];
        }
        for row in band {
            for (pixels, histogram) in row.chunks(block).zip(histograms.iter_mut()) {
                for &v in pixels {
                    histogram[usize::from(v)] += 1;
                }
            }
        }
        for (cell, histogram) in grid_row.iter_mut().zip(&histograms) {
            *cell = histogram_percentile(histogram, percentile);
        }
    }
    grid
}

/// The smallest value with at least `percentile` of the counts at or below it.
fn histogram_percentile(histogram: &[u32; 256], percentile: f32) -> f32 {
    let total: u32 = histogram.iter().sum();
    let wanted = (total as f32 * percentile).ceil().max(1.0) as u32;
    let mut seen = 0;
    for (value, &count) in histogram.iter().enumerate() {
        seen += count;
        if seen >= wanted {
            return value as f32;
        }
    }
    255.0
}

/// Each pixel scaled so that the background under it becomes 255. The
/// gain (255 over the paper) is interpolated bilinearly between block
/// centres: along each grid row once for the whole page, then between the
/// two grid rows around each image row. (Interpolating the gain rather
/// than the paper saves a division per pixel; the paper varies slowly
/// enough for the two to agree.)
fn divide_by_background(grey: &GrayImage, paper: &Grid, block: u32) -> GrayImage {
    let width = grey.width() as usize;
    let block = block as f32;
    let gain_rows = gains_along_grid_rows(paper, width, block);
    let mut gains = vec![1.0f32; width];
    let mut out = GrayImage::new(grey.width(), grey.height());
    let rows = grey.as_raw().chunks_exact(width.max(1));
    let out_rows = out.chunks_exact_mut(width.max(1));
    for (y, (row, out_row)) in rows.zip(out_rows).enumerate() {
        let (above, below, fy) = neighbours(y, block, paper.height());
        let (Some(above), Some(below)) = (gain_rows.get(above), gain_rows.get(below)) else {
            out_row.copy_from_slice(row);
            continue;
        };
        for ((gain, &a), &b) in gains.iter_mut().zip(above).zip(below) {
            *gain = lerp(a, b, fy);
        }
        for ((out, &v), &gain) in out_row.iter_mut().zip(row).zip(&gains) {
            *out = (f32::from(v) * gain + 0.5).min(255.0) as u8;
        }
    }
    out
}

/// For each grid row, the gain at every pixel column, interpolated
/// between block centres.
fn gains_along_grid_rows(paper: &Grid, width: usize, block: f32) -> Vec<Vec<f32>> {
    let columns: Vec<(usize, usize, f32)> = (0..width)
        .map(|x| neighbours(x, block, paper.width()))
        .collect();
    (0..paper.height())
        .map(|gy| {
            let cell_gains: Vec<f32> = paper
                .row(gy)
                .iter()
                .map(|&p| 255.0 / p.max(DARKEST_BACKGROUND))
                .collect();
            let at = |i: usize| cell_gains.get(i).copied().unwrap_or(1.0);
            columns
                .iter()
                .map(|&(left, right, fx)| lerp(at(left), at(right), fx))
                .collect()
        })
        .collect()
}

/// The two grid cells whose centres bracket pixel `i` (clamped to a grid
/// of `cells`), and how far from the first to the second it lies.
fn neighbours(i: usize, block: f32, cells: usize) -> (usize, usize, f32) {
    let (cell, fraction) = grid_position(i, block);
    let last = cells.saturating_sub(1) as isize;
    let clamp = |c: isize| c.clamp(0, last.max(0)) as usize;
    (clamp(cell), clamp(cell + 1), fraction)
}

/// The grid cell before pixel `i` (by block centres) and how far past it.
fn grid_position(i: usize, block: f32) -> (isize, f32) {
    let at = (i as f32 + 0.5) / block - 0.5;
    let cell = at.floor();
    (cell as isize, at - cell)
}

fn lerp(a: f32, b: f32, t: f32) -> f32 {
    a + (b - a) * t
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    fn scale_200() -> PageScale {
        PageScale::for_page(200.0, 800, 800).0
    }

    /// A page whose paper darkens from 250 on the left to 110 on the right,
    /// with dark "text" squares (60 % of the local paper) every 60 pixels.
    fn shaded_page() -> GrayImage {
        GrayImage::from_fn(800, 400, |x, y| {
            let paper = 250.0 - 140.0 * x as f32 / 799.0;
            let in_text = x % 60 < 20 && y % 60 < 20;
            Luma([if in_text {
                (paper * 0.4) as u8
            } else {
                paper as u8
            }])
        })
    }

    #[test]
    fn shadowed_paper_becomes_white_and_text_stays_dark() {
        let flat = flatten_background(&shaded_page(), &scale_200());
        for x in (30..800).step_by(60) {
            let paper = flat.image.get_pixel(x, 40).0[0];
            assert!(paper >= 245, "paper at x={x} is {paper}");
        }
        for x in (5..800).step_by(60) {
            let text = flat.image.get_pixel(x, 5).0[0];
            assert!((90..=115).contains(&text), "text at x={x} is {text}");
        }
        assert!(
            flat.paper_range.0 <= 120 && flat.paper_range.1 >= 245,
            "{:?}",
            flat.paper_range
        );
    }

    #[test]
    fn a_white_page_is_left_white() {
        let white = GrayImage::from_pixel(300, 300, Luma([255]));
        let flat = flatten_background(&white, &scale_200());
        assert!(flat.image.pixels().all(|p| p.0[0] == 255));
    }

    #[test]
    fn percentile_ignores_the_dark_fifth() {
        let mut histogram = [0u32; 256];
        histogram[10] = 20;
        histogram[240] = 80;
        assert_eq!(histogram_percentile(&histogram, 0.8), 240.0);
        assert_eq!(histogram_percentile(&histogram, 0.1), 10.0);
    }
}
