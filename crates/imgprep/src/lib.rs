//! Cleaning a scanned form page before its ruling lines and text are read.
//!
//! [`clean_page`] takes a page image as scanned or photographed and gives
//! back a grey page and a black-and-white page that are upright, straight,
//! evenly lit and free of official seals:
//!
//! 1. **Seals** (`seal`): red (and blue) seal ink is turned light while
//!    black print under it stays dark, so the characters under a seal are
//!    read and the seal's own strokes vanish. The colour is judged after a
//!    white balance on the page's own paper and relative to each pixel's
//!    brightness, so tinted paper and shadows do not hide a seal.
//! 2. **Background** (`background`): the paper's brightness is estimated
//!    at a scale larger than text and divided out, so a shadow band or
//!    vignetting leaves paper at about 255 everywhere.
//! 3. **Direction** (`direction`): a page whose text runs down its
//!    columns lies sideways and is given a quarter turn.
//! 4. **Skew** (`skew`): the angle at which the row profile of the ink is
//!    sharpest, within ±[`CleanOptions::max_skew_degrees`] (5° by default),
//!    is turned back in one bilinear resampling.
//! 5. **Binarisation** (`binarize`): Sauvola's adaptive threshold with a
//!    window of two text lines. A 1-bit scan is kept as it is.
//! 6. **Up or down** (`updown`): punctuation sitting low in its line, or
//!    ink gathered at the top of the page, says the page is upright; a
//!    page found upside down is given a half turn.
//!
//! All sizes follow from the resolution: windows are multiples of the
//! height of a line of body text (10.5 pt), so 150, 200 and 300 dpi scans
//! are cleaned alike. The work is single-threaded, linear in the pixel
//! count, and never panics, whatever the size or content of the image.
//!
//! # Coordinates of the result
//!
//! [`Cleaned::grey`] and [`Cleaned::binary`] are what recognition should
//! read, and page coordinates are meant to be taken from them directly: at
//! the input's resolution, origin top-left, x to the right, y down. Both
//! have the input's size `width × height`, or `height × width` when
//! [`Cleaned::rotation`] is a quarter turn ([`QuarterTurn::is_sideways`]).
//! The deskew keeps that canvas: the page is turned about the canvas
//! centre, the corners it uncovers are filled with white paper and the
//! ink it moves past the edge (page margin, at a few degrees) is cut.
//!
//! No inverse mapping is needed for recognition. Should a caller want one,
//! an output point is found in the input by turning it by
//! `+skew_degrees` (counter-clockwise) about the output's centre, then
//! undoing `rotation` (a counter-clockwise quarter turn of the input).
//!
//! ```
//! use image::{DynamicImage, GrayImage, Luma};
//! use jixiao_imgprep::{clean_page, CleanOptions, QuarterTurn};
//!
//! let scan = DynamicImage::ImageLuma8(GrayImage::from_pixel(827, 1170, Luma([240])));
//! let cleaned = clean_page(&scan, 100.0, &CleanOptions::default());
//! assert_eq!(cleaned.binary.dimensions(), (827, 1170));
//! assert_eq!(cleaned.rotation, QuarterTurn::None);
//! assert!(cleaned.binary.pixels().all(|p| p.0[0] == 255)); // blank paper
//! ```

#![warn(missing_docs)]

mod background;
mod binarize;
mod components;
mod direction;
mod geometry;
mod grid;
mod ink;
mod options;
mod profile;
mod rotate;
mod scale;
mod seal;
mod skew;
mod spatial;
mod turn;
mod updown;

use std::time::{Duration, Instant};

use image::{DynamicImage, GrayImage};

pub use options::{CleanOptions, SealColours};
pub use turn::QuarterTurn;

use geometry::Geometry;
use scale::PageScale;
use updown::UpDown;

/// Sauvola's window, in text heights: two lines of text give a window
/// that always holds both ink and paper around a character.
const SAUVOLA_WINDOW_TEXT_HEIGHTS: f32 = 2.0;

/// A page that spread its paper over a wider range than this (darkest to
/// brightest estimate) is noted as flattened.
const NOTED_PAPER_RANGE: u8 = 40;

/// A cleaned page.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// The page in grey: seals suppressed, background flattened, turned
    /// upright and deskewed. Its size is the input's (width and height
    /// swapped when [`Cleaned::rotation`] is a quarter turn).
    pub grey: GrayImage,
    /// The same page in black and white, the same size: 0 is ink, 255 paper.
    pub binary: GrayImage,
    /// The skew that was corrected, degrees counter-clockwise as the
    /// upright page is seen (its right side was raised): the content was
    /// turned back by as much. 0 when none was measured or it was under
    /// 0.05°.
    pub skew_degrees: f32,
    /// The quarter turn (counter-clockwise) applied to the input to bring
    /// the page upright, before the deskew.
    pub rotation: QuarterTurn,
    /// Pixels whose colour was clearly seal ink.
    pub seal_pixels: usize,
    /// What was done and what could not be, in plain words.
    pub notes: Vec<String>,
    /// Time spent in each stage.
    pub timings: StageTimes,
}

/// Time spent in each stage of [`clean_page`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTimes {
    /// Colour to grey, seals suppressed.
    pub seals: Duration,
    /// Background flattening.
    pub background: Duration,
    /// Measuring direction and skew.
    pub analysis: Duration,
    /// Turning and deskewing the page.
    pub resampling: Duration,
    /// Sauvola binarisation.
    pub binarisation: Duration,
    /// Telling up from down (and the half turn).
    pub up_down: Duration,
}

impl StageTimes {
    /// All stages together.
    pub fn total(&self) -> Duration {
        self.seals
            + self.background
            + self.analysis
            + self.resampling
            + self.binarisation
            + self.up_down
    }
}

/// Cleans one page `image` scanned at `dpi` dots per inch (0 or any
/// implausible value when not known: the page is then taken to be A4).
///
/// Any pixel format is accepted: grey pages pass straight on, colour
/// pages (8 or 16 bits, with or without alpha, which is ignored) are
/// searched for seals. Never panics; a page with nothing to measure (blank,
/// noise, tiny) comes back untouched but binarised, with notes saying why.
pub fn clean_page(image: &DynamicImage, dpi: f32, options: &CleanOptions) -> Cleaned {
    let mut notes = Vec::new();
    let mut timings = StageTimes::default();
    let mut clock = Instant::now();
    let mut lap = |slot: &mut Duration| {
        *slot = clock.elapsed();
        clock = Instant::now();
    };
    let (scale, guessed) = PageScale::for_page(dpi, image.width(), image.height());
    notes.extend(guessed);

    let sealed = seal::suppress_seals(image, options.seal_colours);
    if sealed.seal_pixels > 0 {
        notes.push(format!(
            "seal colour suppressed in {} pixels",
            sealed.seal_pixels
        ));
    }
    lap(&mut timings.seals);

    let bilevel = binarize::is_bilevel(&sealed.grey);
    let flat = if bilevel || !options.flatten_background {
        sealed.grey
    } else {
        flattened(&sealed.grey, &scale, &mut notes)
    };
    lap(&mut timings.background);

    let geometry = geometry::find_geometry(&flat, &scale, options, &mut notes);
    lap(&mut timings.analysis);
    let grey = geometry::apply_geometry(flat, geometry, bilevel);
    lap(&mut timings.resampling);

    let binary = if bilevel {
        notes.push("1-bit page: taken as binary as it is".to_owned());
        grey.clone()
    } else {
        binarize::sauvola(
            &grey,
            scale.pixels(SAUVOLA_WINDOW_TEXT_HEIGHTS),
            options.sane_sauvola_k(),
        )
    };
    lap(&mut timings.binarisation);

    let (grey, binary, rotation) = if options.fix_orientation {
        settle_up_down(grey, binary, geometry, &scale, &mut notes)
    } else {
        (grey, binary, geometry.turn)
    };
    lap(&mut timings.up_down);

    Cleaned {
        grey,
        binary,
        skew_degrees: geometry.skew_degrees as f32,
        rotation,
        seal_pixels: sealed.seal_pixels,
        notes,
        timings,
    }
}

/// The flattened page, with a note when its paper was uneven.
fn flattened(grey: &GrayImage, scale: &PageScale, notes: &mut Vec<String>) -> GrayImage {
    let flat = background::flatten_background(grey, scale);
    let (darkest, brightest) = flat.paper_range;
    if brightest.saturating_sub(darkest) > NOTED_PAPER_RANGE {
        notes.push(format!(
            "uneven background flattened (paper from {darkest} to {brightest})"
        ));
    }
    flat.image
}

/// Gives the page a half turn when it is found upside down; returns the
/// page and the whole turn applied.
fn settle_up_down(
    grey: GrayImage,
    binary: GrayImage,
    geometry: Geometry,
    scale: &PageScale,
    notes: &mut Vec<String>,
) -> (GrayImage, GrayImage, QuarterTurn) {
    let evidence = updown::judge_up_down(&binary, scale.text_height);
    let centre = evidence
        .ink_centre
        .map_or_else(|| "none".to_owned(), |c| format!("{c:.2}"));
    let cues = format!(
        "{} marks low, {} high in their lines; ink centre {centre}",
        evidence.low_marks, evidence.high_marks
    );
    match evidence.verdict {
        UpDown::Upright => (grey, binary, geometry.turn),
        UpDown::UpsideDown => {
            notes.push(format!("page was upside down ({cues}): turned half"));
            let half = QuarterTurn::Half;
            (
                turn::turn_image(&grey, half),
                turn::turn_image(&binary, half),
                geometry.turn.then(half),
            )
        }
        UpDown::Unsure => {
            notes.push(format!(
                "could not tell up from down ({cues}); left as it is"
            ));
            (grey, binary, geometry.turn)
        }
    }
}
