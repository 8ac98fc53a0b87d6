//! Colour to grey, with official seals made to vanish.
//!
//! Seals are stamped in red (sometimes blue) ink over black print. In a
//! plain grey conversion a red stroke is as dark as text (its luma is about
//! 90), so it would be binarised as ink and hide the characters under it.
//! Here a pixel whose colour is clearly red (or blue) is given the
//! brightness of its *brightest* channel instead: red ink on white paper
//! is bright in the red channel, so it turns light, while black print
//! under the seal is dark in every channel and stays dark. The change is
//! blended in as the colour grows stronger, so the pink fringe of a seal
//! stroke does not leave a grey halo.
//!
//! Two things keep photographed pages working too. The colour is judged
//! after a white balance that makes the page's own paper grey (a warm
//! tinted paper would otherwise hide a blue seal and half-redden the
//! page), and the colour excess is taken relative to the pixel's
//! brightness, so a seal in a shadow counts as much as one in the light.

use image::{DynamicImage, GrayImage, RgbImage};

use crate::options::SealColours;

/// How far the seal channel must exceed both others (in 1/255ths of the
/// pixel's brightness, after white balance) before the pixel is treated
/// as seal ink at all. JPEG chroma noise around black print and the rest
/// of a paper tint stay below this.
const SEAL_EXCESS_START: i32 = 16;

/// From this excess on, the pixel takes its brightest channel fully.
const SEAL_EXCESS_FULL: i32 = 44;

/// The excess is scaled to the pixel's brightness, but never by more than
/// for this brightness: below it (print, dark print under a seal) colour
/// noise would be blown up, and those pixels stay dark either way.
const RELATIVE_BRIGHTNESS_FLOOR: i32 = 128;

/// Seal inks reflect about 85 % of the light in their own channel (a seal
/// red of (215, 35, 45) on white paper), so the brightest channel alone
/// leaves a stroke a little darker than paper, and noise then pushes parts
/// of it below the binarisation threshold. Scaling by this much brings it
/// to paper; print under the seal is dark in every channel and stays dark.
const SEAL_CHANNEL_GAIN: i32 = 300; // in 1/256ths: × 1.17

/// A pixel counts as "seal" in [`SealSuppressed::seal_pixels`] from this
/// excess on: clearly coloured, not a fringe.
const SEAL_EXCESS_COUNTED: i32 = 48;

/// The white balance samples every this many pixels: a page has millions,
/// and the paper colour is the same everywhere.
const BALANCE_SAMPLE_STEP: usize = 7;

/// The paper is taken to be the brightest this share of the sampled
/// pixels: paper covers most of a form, and shadowed paper is darker.
const BALANCE_PAPER_SHARE: f32 = 0.1;

/// A channel is boosted at most this much (in 1/256ths: × 1.5) to make the
/// paper grey: more is no paper tint but a coloured sheet or a picture.
const MAX_BALANCE_GAIN: u32 = 384;

/// Fixed-point one for the white-balance gains.
const GAIN_ONE: u32 = 256;

/// A page in grey, with how many pixels were seal-coloured.
#[derive(Debug, Clone)]
pub(crate) struct SealSuppressed {
    /// The page in grey, seal ink turned light.
    pub grey: GrayImage,
    /// Pixels whose colour was clearly seal ink.
    pub seal_pixels: usize,
}

/// Converts `image` to grey, making seal-coloured ink light. Grey images
/// are converted as they are (no pixel can be a seal).
pub(crate) fn suppress_seals(image: &DynamicImage, colours: SealColours) -> SealSuppressed {
    match image {
        DynamicImage::ImageLuma8(grey) => SealSuppressed {
            grey: grey.clone(),
            seal_pixels: 0,
        },
        DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageLuma16(_)
        | DynamicImage::ImageLumaA16(_) => SealSuppressed {
            grey: image.to_luma8(),
            seal_pixels: 0,
        },
        DynamicImage::ImageRgb8(rgb) => suppress_in_rgb(rgb, colours),
        other => suppress_in_rgb(&other.to_rgb8(), colours),
    }
}

/// [`suppress_seals`] for a colour page.
fn suppress_in_rgb(rgb: &RgbImage, colours: SealColours) -> SealSuppressed {
    let mut grey = GrayImage::new(rgb.width(), rgb.height());
    let test = SealTest {
        colours,
        gains: paper_gains(rgb.as_raw()),
    };
    let mut seal_pixels = 0;
    for (out, pixel) in grey.iter_mut().zip(rgb.as_raw().chunks_exact(3)) {
        if let [r, g, b] = *pixel {
            let (value, is_seal) = test.seal_free_brightness(r, g, b);
            *out = value;
            seal_pixels += usize::from(is_seal);
        }
    }
    SealSuppressed { grey, seal_pixels }
}

/// The per-channel gains (in 1/256ths) that make the paper of a page of
/// packed RGB `pixels` grey: the brightest channel of the paper is kept,
/// the others are raised to it.
fn paper_gains(pixels: &[u8]) -> [u32; 3] {
    let samples: Vec<[u8; 3]> = pixels
        .chunks_exact(3)
        .step_by(BALANCE_SAMPLE_STEP)
        .filter_map(|p| p.try_into().ok())
        .collect();
    let mut histogram = [0usize; 256];
    for &[r, g, b] in &samples {
        histogram[usize::from(luma(r, g, b))] += 1;
    }
    let wanted = (samples.len() as f32 * BALANCE_PAPER_SHARE).ceil() as usize;
    let (mut seen, mut paper_from) = (0, 0u8);
    for (value, &count) in histogram.iter().enumerate().rev() {
        seen += count;
        if seen >= wanted {
            paper_from = value as u8;
            break;
        }
    }
    let mut sums = [0u64; 3];
    for &[r, g, b] in samples
        .iter()
        .filter(|&&[r, g, b]| luma(r, g, b) >= paper_from)
    {
        for (sum, v) in sums.iter_mut().zip([r, g, b]) {
            *sum += u64::from(v);
        }
    }
    let brightest = sums.iter().copied().max().unwrap_or(0);
    sums.map(|sum| {
        let gain = (brightest * u64::from(GAIN_ONE))
            .checked_div(sum)
            .unwrap_or(u64::from(GAIN_ONE));
        (gain as u32).clamp(GAIN_ONE, MAX_BALANCE_GAIN)
    })
}

/// What counts as seal ink on one page.
#[derive(Debug, Clone, Copy)]
struct SealTest {
    colours: SealColours,
    /// White-balance gains of the page's paper, in 1/256ths.
    gains: [u32; 3],
}

impl SealTest {
    /// The grey value of one pixel, and whether it counts as seal ink.
    /// Most pixels of a page are grey and leave at the first test, a
    /// branch the processor predicts well.
    fn seal_free_brightness(&self, r: u8, g: u8, b: u8) -> (u8, bool) {
        let luma = luma(r, g, b);
        let [r, g, b] = [r, g, b].map(i32::from);
        let [r, g, b] = [(r, self.gains[0]), (g, self.gains[1]), (b, self.gains[2])]
            .map(|(v, gain)| (v * gain as i32 / GAIN_ONE as i32).min(255));
        let red_excess = if self.colours.red { r - g.max(b) } else { 0 };
        let blue_excess = if self.colours.blue { b - r.max(g) } else { 0 };
        let brightest = r.max(g).max(b);
        let reference = brightest.max(RELATIVE_BRIGHTNESS_FLOOR);
        let excess = red_excess.max(blue_excess);
        if excess * 255 < SEAL_EXCESS_START * reference {
            return (luma, false);
        }
        let excess = excess * 255 / reference;
        let luma = i32::from(luma);
        let lifted = ((brightest * SEAL_CHANNEL_GAIN) >> 8).min(255);
        let weight =
            ((excess - SEAL_EXCESS_START) * 256 / (SEAL_EXCESS_FULL - SEAL_EXCESS_START)).min(256);
        let value = luma + (((lifted - luma) * weight) >> 8);
        (value.clamp(0, 255) as u8, excess >= SEAL_EXCESS_COUNTED)
    }
}

/// ITU-R BT.601 luma in integer arithmetic (weights sum to 256).
fn luma(r: u8, g: u8, b: u8) -> u8 {
    let sum = 77 * u32::from(r) + 150 * u32::from(g) + 29 * u32::from(b);
    ((sum + 128) >> 8).min(255) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    const BOTH: SealColours = SealColours {
        red: true,
        blue: true,
    };

    /// The test on white paper (no white balance).
    fn seal_free_brightness(r: u8, g: u8, b: u8, colours: SealColours) -> (u8, bool) {
        SealTest {
            colours,
            gains: [GAIN_ONE; 3],
        }
        .seal_free_brightness(r, g, b)
    }

    #[test]
    fn seal_red_turns_light_and_black_stays_black() {
        let (seal, counted) = seal_free_brightness(215, 35, 45, BOTH);
        assert!(seal >= 250, "red seal ink became {seal}");
        assert!(counted);
        let (text, counted) = seal_free_brightness(20, 18, 22, BOTH);
        assert!(text <= 25 && !counted);
        // Black print under translucent red ink: dark red, still dark.
        let (under, _) = seal_free_brightness(40, 5, 8, BOTH);
        assert!(under <= 50, "{under}");
    }

    #[test]
    fn blue_seals_are_suppressed_only_when_asked() {
        let (blue, _) = seal_free_brightness(40, 60, 185, BOTH);
        assert!(blue >= 180);
        let red_only = SealColours {
            red: true,
            blue: false,
        };
        let (kept, counted) = seal_free_brightness(40, 60, 185, red_only);
        assert_eq!(kept, luma(40, 60, 185));
        assert!(!counted);
    }

    #[test]
    fn near_grey_pixels_keep_their_luma() {
        for (r, g, b) in [(250, 245, 255), (128, 120, 118), (200, 190, 180)] {
            assert_eq!(seal_free_brightness(r, g, b, BOTH), (luma(r, g, b), false));
        }
        assert_eq!(luma(255, 255, 255), 255);
        assert_eq!(luma(0, 0, 0), 0);
    }

    #[test]
    fn the_fringe_of_a_seal_stroke_stays_light() {
        // From paper (230, 230, 230) to full seal red (230, 110, 110): every
        // step of the fringe stays far lighter than plain grey makes it.
        for excess in 0..=120 {
            let (value, _) = seal_free_brightness(230, 230 - excess, 230 - excess, BOTH);
            assert!(value >= 205, "excess {excess}: {value}");
        }
        assert!(
            luma(230, 110, 110) < 150,
            "plain grey would keep the stroke dark"
        );
    }

    #[test]
    fn seal_pixels_are_counted_and_grey_input_passes_through() {
        let mut rgb = RgbImage::from_pixel(10, 10, Rgb([255, 255, 255]));
        for x in 0..4 {
            rgb.put_pixel(x, 0, Rgb([210, 40, 50]));
        }
        let out = suppress_seals(&DynamicImage::ImageRgb8(rgb), BOTH);
        assert_eq!(out.seal_pixels, 4);
        assert!(out.grey.pixels().all(|p| p.0[0] >= 205));

        let grey = GrayImage::from_fn(5, 5, |x, y| image::Luma([(x * 40 + y) as u8]));
        let out = suppress_seals(&DynamicImage::ImageLuma8(grey.clone()), BOTH);
        assert_eq!(out.grey, grey);
        assert_eq!(out.seal_pixels, 0);
    }

    #[test]
    fn tinted_paper_is_balanced_and_a_shadowed_blue_seal_still_goes() {
        // Warm paper (238, 224, 195), in its shadowed half at 55 %, with a
        // blue seal stroke in the light and one in the shadow, and print.
        let paper = [238.0f32, 224.0, 195.0];
        let seal = [82.0f32, 96.0, 141.0];
        let rgb = RgbImage::from_fn(200, 100, |x, y| {
            let shade = if x < 100 { 1.0 } else { 0.55 };
            let colour = if y < 10 {
                seal
            } else if y < 15 {
                [30.0; 3]
            } else {
                paper
            };
            Rgb(colour.map(|c| (c * shade) as u8))
        });
        let gains = paper_gains(rgb.as_raw());
        assert!(gains[0] == GAIN_ONE && gains[2] > 300, "{gains:?}");
        let out = suppress_seals(&DynamicImage::ImageRgb8(rgb), BOTH);
        let at = |x, y| i32::from(out.grey.get_pixel(x, y).0[0]);
        for x in [50, 150] {
            let paper = at(x, 50);
            assert!(
                at(x, 5) >= paper - 40,
                "seal at x={x}: {} on paper {paper}",
                at(x, 5)
            );
            assert!(at(x, 12) <= 40, "print at x={x}: {}", at(x, 12));
        }
        // Paper tint alone is no seal.
        assert_eq!(out.seal_pixels, 200 * 10);
    }
}
