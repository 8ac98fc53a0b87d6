//! How the page lies (sideways or not, skewed by how much) and putting it
//! straight in one resampling.

use image::GrayImage;

use crate::direction::{text_direction, TextDirection};
use crate::ink::{reduce_ink, InkRuns};
use crate::options::CleanOptions;
use crate::rotate::rotate_about_centre;
use crate::scale::PageScale;
use crate::skew::{measure_skew, CoarseSweep, NoSkew};
use crate::turn::{turn_image, QuarterTurn};

/// On the flattened page (paper at 255) anything darker than this is ink
/// for analysis; seal strokes, once suppressed, are lighter.
const ANALYSIS_INK_BELOW: u8 = 160;

/// Skews smaller than this are not corrected: a resampling blurs more
/// than a twentieth of a degree distorts (1.4 pixels across an A4 page at
/// 200 dpi).
const MIN_CORRECTED_SKEW_DEGREES: f64 = 0.05;

/// The fine skew sweep, on the page itself, compares rows this many text
/// heights apart (3 rows at 200 dpi): the edges of strokes and rules, not
/// of single pixel rows (see `profile::sheared_sharpness`).
const FINE_SPAN_TEXT_HEIGHTS: f32 = 0.1;

/// Below this peak ratio the page has few rows to go on (a title and a
/// footer; the sample forms measure 6–55): the skew is still corrected,
/// but a note says it may be off by a few tenths of a degree.
const CONFIDENT_PEAK_RATIO: f64 = 4.0;

/// The caller's skew limit is held to this: beyond it a page is no skewed
/// scan, and the sweeps of rows and of columns would begin to overlap.
const LARGEST_SKEW_LIMIT_DEGREES: f32 = 20.0;

/// Paper, for the corners a rotation uncovers.
const PAPER: u8 = 255;

/// A rotated 1-bit page is ink where its interpolated grey is below this.
const MID_GREY: u8 = 128;

/// What is done to put a page straight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Geometry {
    /// The quarter turn applied first (counter-clockwise).
    pub turn: QuarterTurn,
    /// The skew of the content after that turn, degrees counter-clockwise;
    /// corrected by turning the page back by as much. 0 when not measured
    /// or too small.
    pub skew_degrees: f64,
}

/// Finds whether `flat` lies sideways and how skewed it is, noting what
/// was found and what could not be.
pub(crate) fn find_geometry(
    flat: &GrayImage,
    scale: &PageScale,
    options: &CleanOptions,
    notes: &mut Vec<String>,
) -> Geometry {
    let limit = options.max_skew_degrees;
    let max_skew = if limit.is_finite() {
        f64::from(limit.clamp(0.0, LARGEST_SKEW_LIMIT_DEGREES))
    } else {
        0.0
    };
    let map = reduce_ink(flat, scale.analysis_factor(), ANALYSIS_INK_BELOW);
    let sweep_of = |turn| CoarseSweep::of(&InkRuns::of(&map, ANALYSIS_INK_BELOW, turn), max_skew);
    let mut turn = QuarterTurn::None;
    let mut sweep = sweep_of(turn);
    if options.fix_orientation {
        let columns = sweep_of(QuarterTurn::Ccw90);
        match text_direction(&sweep, &columns) {
            (TextDirection::Columns, ratio) => {
                turn = QuarterTurn::Ccw90;
                sweep = columns;
                notes.push(format!("text ran down the columns (rows/columns sharpness {ratio:.2}): page turned a quarter"));
            }
            (TextDirection::Unclear, ratio) => {
                notes.push(format!("could not tell whether the text runs across or down (rows/columns sharpness {ratio:.2}); not turned"));
            }
            (TextDirection::Rows, _) => {}
        }
    }
    let skew_degrees = if options.deskew {
        let full = InkRuns::of(flat, ANALYSIS_INK_BELOW, turn);
        corrected_skew(
            &sweep,
            &full,
            scale.pixels(FINE_SPAN_TEXT_HEIGHTS) as usize,
            notes,
        )
    } else {
        0.0
    };
    Geometry { turn, skew_degrees }
}

/// The skew to correct, or 0 with a note saying why none is.
fn corrected_skew(
    coarse: &CoarseSweep,
    full: &InkRuns,
    fine_span: usize,
    notes: &mut Vec<String>,
) -> f64 {
    match measure_skew(coarse, full, fine_span) {
        Ok(estimate) if estimate.degrees.abs() >= MIN_CORRECTED_SKEW_DEGREES => {
            let doubt = if estimate.peak_ratio < CONFIDENT_PEAK_RATIO {
                "; few rows to go on, may be off by tenths of a degree"
            } else {
                ""
            };
            notes.push(format!(
                "skew {:+.2}° corrected (peak {:.1}× the median angle{doubt})",
                estimate.degrees, estimate.peak_ratio
            ));
            estimate.degrees
        }
        Ok(_) => 0.0,
        Err(NoSkew::TooLittleInk(cells)) => {
            notes.push(format!(
                "too little ink to measure skew ({cells} analysis cells); not deskewed"
            ));
            0.0
        }
        Err(NoSkew::NoClearPeak(ratio)) => {
            notes.push(format!(
                "no angle stood out (peak {ratio:.2}× the median); not deskewed"
            ));
            0.0
        }
        Err(NoSkew::AtSearchLimit(degrees)) => {
            notes.push(format!(
                "sharpest angle {degrees:+.2}° at the limit of the search; not deskewed"
            ));
            0.0
        }
    }
}

/// `image` turned and deskewed as `geometry` says: the quarter turn
/// losslessly, the skew by one bilinear pass. For a 1-bit page the
/// interpolated grey is cut back to black and white at mid-grey.
pub(crate) fn apply_geometry(image: GrayImage, geometry: Geometry, bilevel: bool) -> GrayImage {
    let turned = match geometry.turn {
        QuarterTurn::None => image,
        turn => turn_image(&image, turn),
    };
    if geometry.skew_degrees == 0.0 {
        return turned;
    }
    let rotated = rotate_about_centre(&turned, -geometry.skew_degrees as f32, PAPER);
    if bilevel {
        crate::binarize::threshold(&rotated, MID_GREY)
    } else {
        rotated
    }
}
