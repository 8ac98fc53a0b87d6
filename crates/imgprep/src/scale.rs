//! Pixel sizes derived from the scan resolution.
//!
//! Every window in this crate (background, binarisation, analysis) is a
//! multiple of the height of one line of body text, so the same page
//! scanned at 150, 200 or 300 dpi is cleaned the same way.

use std::ops::RangeInclusive;

/// Body text on these forms is 五号 (10.5 pt); its characters are about one
/// em tall, i.e. 10.5/72 inch.
const BODY_TEXT_HEIGHT_INCHES: f32 = 10.5 / 72.0;

/// The short side of A4 in inches, used to guess the resolution of a page
/// whose caller does not know it: the forms are printed on A4.
const A4_SHORT_SIDE_INCHES: f32 = 8.27;

/// Resolutions outside this range are taken as "not known".
const PLAUSIBLE_DPI: RangeInclusive<f32> = 50.0..=1200.0;

/// Page analysis (skew, orientation) runs at about this resolution: enough
/// for text rows and ruling lines to stand out, small enough to be fast.
const ANALYSIS_DPI: f32 = 100.0;

/// The resolution of one page and the pixel sizes that follow from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PageScale {
    /// Dots per inch, as given or as guessed.
    pub dpi: f32,
    /// Height of one character of body text, in pixels.
    pub text_height: f32,
}

impl PageScale {
    /// The scale of a `width` × `height` page scanned at `dpi`. When `dpi`
    /// is not plausible the page is taken to be A4 and a note says so.
    pub fn for_page(dpi: f32, width: u32, height: u32) -> (PageScale, Option<String>) {
        let (dpi, note) = if PLAUSIBLE_DPI.contains(&dpi) {
            (dpi, None)
        } else {
            let short_side = width.min(height).max(1) as f32;
            let guessed = (short_side / A4_SHORT_SIDE_INCHES)
                .clamp(*PLAUSIBLE_DPI.start(), *PLAUSIBLE_DPI.end());
            let note = format!(
                "resolution {dpi} dpi not plausible; assumed an A4 page at {guessed:.0} dpi"
            );
            (guessed, Some(note))
        };
        (
            PageScale {
                dpi,
                text_height: dpi * BODY_TEXT_HEIGHT_INCHES,
            },
            note,
        )
    }

    /// `text_heights` lines of body text in pixels, rounded, at least 1.
    pub fn pixels(&self, text_heights: f32) -> u32 {
        (self.text_height * text_heights).round().max(1.0) as u32
    }

    /// The integer reduction factor that brings the page near the analysis
    /// resolution (1 for scans at or below it).
    pub fn analysis_factor(&self) -> u32 {
        (self.dpi / ANALYSIS_DPI).round().max(1.0) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_height_follows_the_resolution() {
        let (at_200, note) = PageScale::for_page(200.0, 1654, 2339);
        assert!(note.is_none());
        assert!(
            (at_200.text_height - 29.17).abs() < 0.1,
            "{}",
            at_200.text_height
        );
        let (at_300, _) = PageScale::for_page(300.0, 2481, 3508);
        assert_eq!(at_300.pixels(2.0), 88);
        assert_eq!(at_200.analysis_factor(), 2);
        assert_eq!(at_300.analysis_factor(), 3);
    }

    #[test]
    fn unknown_resolution_is_guessed_from_an_a4_page() {
        let (scale, note) = PageScale::for_page(0.0, 2339, 1654);
        assert!((scale.dpi - 200.0).abs() < 0.5, "{}", scale.dpi);
        assert!(note.is_some_and(|n| n.contains("A4")));
        let (nan, _) = PageScale::for_page(f32::NAN, 1654, 2339);
        assert!((nan.dpi - 200.0).abs() < 0.5);
    }
}
