//! What the caller may choose about cleaning a page.

/// Which ink colours are official seals, to be made to vanish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealColours {
    /// Red and vermilion seals (the usual 公章).
    pub red: bool,
    /// Blue seals (some 受理章 and copies).
    pub blue: bool,
}

impl Default for SealColours {
    fn default() -> Self {
        SealColours {
            red: true,
            blue: true,
        }
    }
}

/// The choices of [`crate::clean_page`]. `CleanOptions::default()` suits
/// scanned or photographed A4 forms.
#[derive(Debug, Clone, PartialEq)]
pub struct CleanOptions {
    /// Seal colours to suppress before binarising.
    pub seal_colours: SealColours,
    /// Flatten an uneven background (shadows, vignetting).
    pub flatten_background: bool,
    /// Measure and correct a small skew.
    pub deskew: bool,
    /// The largest skew looked for, in degrees either way (held within
    /// 0–20°; the search reaches half a degree past it).
    pub max_skew_degrees: f32,
    /// Detect pages scanned sideways or upside down and turn them upright.
    pub fix_orientation: bool,
    /// Sauvola's sensitivity `k` (held within 0–1): higher keeps fewer
    /// faint pixels as ink.
    pub sauvola_k: f32,
}

/// The usual skew of a fed or hand-placed scan stays within a few degrees.
const DEFAULT_MAX_SKEW_DEGREES: f32 = 5.0;

/// Sauvola's `k` for printed text on a background already flattened to
/// white: the range 0.2–0.5 of the literature; at 0.2 the grey fringe of
/// JPEG text thickens strokes, at 0.5 thin 宋体 strokes start to break.
const DEFAULT_SAUVOLA_K: f32 = 0.3;

/// Sauvola's `k` is held within this range: beyond it every pixel is
/// paper (large `k`) or the threshold no longer falls in clean paper.
const SAUVOLA_K_RANGE: std::ops::RangeInclusive<f32> = 0.0..=1.0;

impl CleanOptions {
    /// `sauvola_k` held to a usable range (the default when not a number).
    pub(crate) fn sane_sauvola_k(&self) -> f32 {
        if self.sauvola_k.is_finite() {
            self.sauvola_k
                .clamp(*SAUVOLA_K_RANGE.start(), *SAUVOLA_K_RANGE.end())
        } else {
            DEFAULT_SAUVOLA_K
        }
    }
}

impl Default for CleanOptions {
    fn default() -> Self {
        CleanOptions {
            seal_colours: SealColours::default(),
            flatten_background: true,
            deskew: true,
            max_skew_degrees: DEFAULT_MAX_SKEW_DEGREES,
            fix_orientation: true,
            sauvola_k: DEFAULT_SAUVOLA_K,
        }
    }
}
