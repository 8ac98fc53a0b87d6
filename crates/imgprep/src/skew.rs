//! Measuring a page's skew from the sharpness of its row profile.
//!
//! A coarse sweep over the whole range, on the page reduced to about
//! 100 dpi, finds the neighbourhood of the sharpest angle; a fine sweep
//! around it on the page itself, refined by a parabola through the best
//! three angles, gives the estimate. (The reduced page cannot do the fine
//! sweep: its cells are a hundredth of an inch, and a line skewed by less
//! than a cell across the page looks sharper unsheared, as a staircase of
//! whole cells, than sheared by its true angle.) The estimate is trusted only
//! when the best angle stands out clearly from the typical one: a page
//! with little ink, only vertical lines, or a picture has a flat sweep and
//! is left as it is.

use crate::ink::InkRuns;
use crate::profile::{sheared_sharpness, ProfileBuffer};

/// Step of the coarse sweep. A text row of a 100-dpi page 800 cells wide
/// smears over its own height (~14 cells) at about 1°, so a quarter degree
/// never misses the peak.
const COARSE_STEP_DEGREES: f64 = 0.25;

/// Step of the fine sweep around the coarse peak. The parabola through
/// the best three samples places the peak well inside a step: on the test
/// pages 0.05 and 0.025 give the same estimates to 0.003°, at half the cost.
const FINE_STEP_DEGREES: f64 = 0.05;

/// The fine sweep spans this far either side of the coarse peak: more than
/// one coarse step, as the reduced page may pick the neighbouring step
/// (a whole number of fine steps, so the coarse peak itself is sampled).
const FINE_REACH_DEGREES: f64 = 0.3;

/// The coarse sweep looks this far past the caller's limit (two coarse
/// steps), so that a page skewed by exactly the limit has its peak inside
/// the sweep rather than on its edge, where it would be refused.
const SEARCH_MARGIN_DEGREES: f64 = 2.0 * COARSE_STEP_DEGREES;

/// Sharpness values this close (relative) are a tie; a run of tied best
/// angles (a page too narrow to tell them apart) is read at its middle.
const TIE: f64 = 1e-9;

/// The sweep must find its best angle at least this much sharper than the
/// median angle (as a ratio) to be believed. Straight text pages measure
/// 2–10; a page of noise or of a single block about 1.0–1.1.
const MIN_PEAK_RATIO: f64 = 2.0;

/// Fewer ink cells than this (on the reduced page) cannot show a skew.
const MIN_INK_CELLS: u64 = 200;

/// What the sweep found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SkewEstimate {
    /// The skew of the content, degrees counter-clockwise.
    pub degrees: f64,
    /// Sharpness at the best angle over that of the median angle.
    pub peak_ratio: f64,
    /// Sharpness at the best angle (to compare directions of one page).
    pub sharpness: f64,
}

/// Why no skew was measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum NoSkew {
    /// Too little ink (cells of the reduced page).
    TooLittleInk(u64),
    /// No angle stood out (the best over the median).
    NoClearPeak(f64),
    /// The sharpest angle was at the edge of the searched range.
    AtSearchLimit(f64),
}

/// The coarse sweep of one direction of a page: every quarter degree
/// within the search range, on the reduced page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CoarseSweep {
    /// (angle, sharpness) pairs.
    samples: Vec<(f64, f64)>,
    /// Ink cells of the reduced page.
    ink_cells: u64,
    /// How far the sweep reached either way, its margin included.
    max_degrees: f64,
}

impl CoarseSweep {
    /// Sweeps the rows of `reduced` within `±max_degrees` (and a margin
    /// of [`SEARCH_MARGIN_DEGREES`] past it).
    pub fn of(reduced: &InkRuns, max_degrees: f64) -> CoarseSweep {
        let max_degrees = if max_degrees.is_finite() {
            max_degrees.max(0.0)
        } else {
            0.0
        } + SEARCH_MARGIN_DEGREES;
        let samples = sweep(
            reduced,
            (-max_degrees, max_degrees),
            COARSE_STEP_DEGREES,
            1,
            &mut ProfileBuffer::default(),
        );
        CoarseSweep {
            samples,
            ink_cells: reduced.ink_pixels(),
            max_degrees,
        }
    }

    /// The best sharpness found (to compare the directions of one page).
    pub fn best_sharpness(&self) -> f64 {
        best_of(&self.samples).1
    }

    /// Whether the sweep shows structure at all: enough ink, and a best
    /// angle that stands out (what [`measure_skew`] requires too).
    pub fn has_clear_peak(&self) -> bool {
        self.ink_cells >= MIN_INK_CELLS && self.peak_ratio() >= MIN_PEAK_RATIO
    }

    fn peak_ratio(&self) -> f64 {
        let median = median_sharpness(&self.samples);
        if median > 0.0 {
            self.best_sharpness() / median
        } else {
            0.0
        }
    }
}

/// The sharpest angle for the rows of a page, near the best of its
/// `coarse` sweep, measured on its ink at `full` resolution comparing rows
/// `fine_span` apart (see [`sheared_sharpness`]).
pub(crate) fn measure_skew(
    coarse: &CoarseSweep,
    full: &InkRuns,
    fine_span: usize,
) -> Result<SkewEstimate, NoSkew> {
    if coarse.ink_cells < MIN_INK_CELLS {
        return Err(NoSkew::TooLittleInk(coarse.ink_cells));
    }
    let coarse_best = best_of(&coarse.samples).0;
    let peak_ratio = coarse.peak_ratio();
    if peak_ratio < MIN_PEAK_RATIO {
        return Err(NoSkew::NoClearPeak(peak_ratio));
    }
    let max_degrees = coarse.max_degrees;
    if coarse_best.abs() > max_degrees - COARSE_STEP_DEGREES / 2.0 {
        return Err(NoSkew::AtSearchLimit(coarse_best));
    }
    let mut buffer = ProfileBuffer::default();
    let range = (
        (coarse_best - FINE_REACH_DEGREES).max(-max_degrees),
        (coarse_best + FINE_REACH_DEGREES).min(max_degrees),
    );
    let fine = sweep(full, range, FINE_STEP_DEGREES, fine_span, &mut buffer);
    let degrees = parabola_peak(&fine);
    let sharpness = best_of(&fine).1;
    Ok(SkewEstimate {
        degrees,
        peak_ratio,
        sharpness,
    })
}

/// (angle, sharpness) over the `range` of degrees in steps of `step`.
fn sweep(
    ink: &InkRuns,
    (from, to): (f64, f64),
    step: f64,
    span: usize,
    buffer: &mut ProfileBuffer,
) -> Vec<(f64, f64)> {
    let steps = ((to - from) / step).round().max(0.0) as usize;
    (0..=steps)
        .map(|i| {
            let degrees = from + i as f64 * step;
            (
                degrees,
                sheared_sharpness(ink, degrees.to_radians().tan(), span, buffer),
            )
        })
        .collect()
}

fn best_of(sweep: &[(f64, f64)]) -> (f64, f64) {
    sweep.iter().copied().fold(
        (0.0, f64::MIN),
        |best, at| if at.1 > best.1 { at } else { best },
    )
}

fn median_sharpness(sweep: &[(f64, f64)]) -> f64 {
    let mut values: Vec<f64> = sweep.iter().map(|&(_, s)| s).collect();
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

/// The best angle of a sweep: the middle of a run of tied best samples,
/// or else the vertex of the parabola through the best sample and its two
/// neighbours (the best sample itself at the ends of the sweep).
fn parabola_peak(sweep: &[(f64, f64)]) -> f64 {
    let best = best_of(sweep).1;
    let tied: Vec<usize> = (0..sweep.len())
        .filter(|&i| sweep.get(i).is_some_and(|s| s.1 >= best - best.abs() * TIE))
        .collect();
    if let (Some(&first), Some(&last)) = (tied.first(), tied.last()) {
        if last > first {
            let angle = |i: usize| sweep.get(i).map_or(0.0, |s| s.0);
            return (angle(first) + angle(last)) / 2.0;
        }
    }
    let at = tied.first().copied().unwrap_or(0);
    let around = (
        at.checked_sub(1).and_then(|i| sweep.get(i)),
        sweep.get(at),
        sweep.get(at + 1),
    );
    match around {
        (Some(&(_, left)), Some(&(angle, mid)), Some(&(right_angle, right))) => {
            let curvature = left - 2.0 * mid + right;
            if curvature >= 0.0 {
                return angle;
            }
            let offset = 0.5 * (left - right) / curvature;
            angle + offset.clamp(-0.5, 0.5) * (right_angle - angle)
        }
        (_, Some(&(angle, _)), _) => angle,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ink::reduce_ink;
    use crate::turn::QuarterTurn;
    use image::{GrayImage, Luma};

    /// A 200-dpi page of 60 rows of "characters" (dashes 22 px tall) and a
    /// ruling line, turned counter-clockwise by `degrees`, drawn with
    /// sub-pixel accuracy; returned reduced by 2 and at full size.
    fn text_page(degrees: f64) -> (InkRuns, InkRuns) {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let page = GrayImage::from_fn(1600, 2200, |x, y| {
            // Where this pixel was before the page was turned.
            let (u, v) = (f64::from(x) + 0.5 - 800.0, f64::from(y) + 0.5 - 1100.0);
            let (px, py) = (u * cos - v * sin + 800.0, u * sin + v * cos + 1100.0);
            let in_text = (120.0..1480.0).contains(&px)
                && px % 30.0 < 24.0
                && (py - 120.0).rem_euclid(32.0) < 22.0;
            let on_rule = (100.0..1500.0).contains(&px) && (py - 2100.0).abs() < 1.5;
            let in_rows = (120.0..2040.0).contains(&py);
            Luma([if (in_text && in_rows) || on_rule {
                0
            } else {
                255
            }])
        });
        let reduced = InkRuns::of(&reduce_ink(&page, 2, 128), 128, QuarterTurn::None);
        (reduced, InkRuns::of(&page, 128, QuarterTurn::None))
    }

    fn measured(degrees: f64) -> SkewEstimate {
        let (reduced, full) = text_page(degrees);
        measure_skew(&CoarseSweep::of(&reduced, 5.0), &full, 3).expect("a clear peak")
    }

    #[test]
    fn measures_skews_within_a_tenth_of_a_degree() {
        for truth in [
            -5.0, -3.0, -1.5, -0.7, -0.2, -0.08, 0.13, 0.3, 1.1, 1.5, 3.2, 5.0,
        ] {
            let found = measured(truth);
            assert!(
                (found.degrees - truth).abs() < 0.05,
                "truth {truth}, found {}",
                found.degrees
            );
            assert!(found.peak_ratio > 2.0);
        }
    }

    #[test]
    fn a_straight_page_measures_nearly_zero() {
        let found = measured(0.0);
        assert!(found.degrees.abs() < 0.02, "{}", found.degrees);
    }

    #[test]
    fn too_little_ink_or_no_structure_is_refused() {
        let blank = InkRuns::of(
            &GrayImage::from_pixel(100, 100, Luma([255])),
            128,
            QuarterTurn::None,
        );
        assert!(matches!(
            measure_skew(&CoarseSweep::of(&blank, 5.0), &blank, 3),
            Err(NoSkew::TooLittleInk(0))
        ));
        // Speckles scattered at random: no angle is better than another.
        let mut state = 12345u32;
        let speckles = GrayImage::from_fn(400, 400, |_, _| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            Luma([if state >> 24 < 20 { 0 } else { 255 }])
        });
        let speckles = InkRuns::of(&speckles, 128, QuarterTurn::None);
        let measured = measure_skew(&CoarseSweep::of(&speckles, 5.0), &speckles, 3);
        assert!(
            matches!(measured, Err(NoSkew::NoClearPeak(_))),
            "{measured:?}"
        );
    }

    #[test]
    fn the_parabola_finds_the_vertex_between_samples() {
        let sweep: Vec<(f64, f64)> = (0..5)
            .map(|i| (i as f64, -(i as f64 - 2.3).powi(2)))
            .collect();
        assert!((parabola_peak(&sweep) - 2.3).abs() < 1e-9);
        let plateau = [
            (0.0, 1.0),
            (1.0, 5.0),
            (2.0, 5.0),
            (3.0, 5.0),
            (4.0, 5.0),
            (5.0, 2.0),
        ];
        assert_eq!(parabola_peak(&plateau), 2.5);
    }
}
