//! Projection profiles of ink, sheared by a candidate skew.
//!
//! Counting the ink in each row of a straight page gives a profile with
//! sharp peaks (ruling lines, text rows) and empty gaps; the same count on
//! a skewed page smears the peaks. Shearing the ink by the slope of a
//! candidate angle before counting undoes the skew when the candidate is
//! right, and the profile is then at its sharpest. Sharpness is the sum of
//! squared differences between neighbouring rows (as in Leptonica's skew
//! sweep): it grows with every sharp edge and does not care how much ink
//! there is in between.
//!
//! The differences are built directly, without the profile: a run of ink
//! down a column adds one to the difference where it starts and takes one
//! where it ends. The cost is two steps per run, whatever its length.

use crate::ink::InkRuns;

/// Reusable buffers, so that a sweep over many angles allocates once.
#[derive(Debug, Default)]
pub(crate) struct ProfileBuffer {
    steps: Vec<i32>,
    shifts: Vec<i64>,
}

/// How sharp the row profile of `ink` is when the ink of column `x` is
/// moved down by `slope · (x − centre)` rows, rounded: the sum of squared
/// differences between rows `span` apart.
///
/// A page whose content is turned counter-clockwise by θ (its right side
/// raised) is sharpest at `slope = tan θ`. A `span` of a few rows measures
/// edges a few rows wide: at full resolution single-row differences swing
/// with how each rounded shift happens to meet the rows of a stroke, which
/// on a page of a few short lines is enough to move the peak.
pub(crate) fn sheared_sharpness(
    ink: &InkRuns,
    slope: f64,
    span: usize,
    buffer: &mut ProfileBuffer,
) -> f64 {
    let centre = f64::from(ink.width()) / 2.0;
    let max_shift = (slope.abs() * centre).ceil() as i64 + 1;
    let rows = i64::from(ink.height()) + 2 * max_shift + 1;
    buffer.steps.clear();
    buffer.steps.resize(usize::try_from(rows).unwrap_or(0), 0);
    buffer.shifts.clear();
    buffer.shifts.extend(
        (0..ink.width())
            .map(|x| (slope * (f64::from(x) + 0.5 - centre)).round() as i64 + max_shift),
    );
    // Where a run meets the top or bottom of the image, that is the edge
    // of the picture, not of ink: a page dark all over, or with a black
    // scanner margin, would otherwise show the frame's own edges, which
    // are sharpest along the page's longer side whatever its content.
    let bottom = ink.height();
    for run in ink.runs() {
        let shift = buffer
            .shifts
            .get(run.x as usize)
            .copied()
            .unwrap_or(max_shift);
        if run.start > 0 {
            add_step(&mut buffer.steps, i64::from(run.start) + shift, 1);
        }
        if run.end < bottom {
            add_step(&mut buffer.steps, i64::from(run.end) + shift, -1);
        }
    }
    spanned_squares(&buffer.steps, span.max(1))
}

/// Σ (p[i + span] − p[i])² for the profile `p` whose steps are `steps`:
/// each difference is a running sum of `span` steps.
fn spanned_squares(steps: &[i32], span: usize) -> f64 {
    let mut window = 0i64;
    let mut total = 0.0;
    for (i, &step) in steps.iter().enumerate() {
        window += i64::from(step);
        if let Some(&leaving) = i.checked_sub(span).and_then(|j| steps.get(j)) {
            window -= i64::from(leaving);
        }
        total += (window * window) as f64;
    }
    total
}

fn add_step(steps: &mut [i32], at: i64, by: i32) {
    if let Some(step) = usize::try_from(at).ok().and_then(|i| steps.get_mut(i)) {
        *step += by;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::turn::QuarterTurn;
    use image::{GrayImage, Luma};

    /// A 3-pixel line rising to the right by `rise` pixels per 100, drawn
    /// with sub-pixel accuracy (as a scanner would grey its edges).
    fn tilted_line(rise: f64) -> InkRuns {
        let image = GrayImage::from_fn(400, 100, |x, y| {
            let centre = 50.0 - rise / 100.0 * (f64::from(x) + 0.5 - 200.0);
            let distance = (f64::from(y) + 0.5 - centre).abs();
            Luma([if distance < 1.5 { 0 } else { 255 }])
        });
        InkRuns::of(&image, 128, QuarterTurn::None)
    }

    #[test]
    fn the_sharpest_slope_is_the_lines_own() {
        let ink = tilted_line(3.0);
        let mut buffer = ProfileBuffer::default();
        let mut at = |slope: f64| sheared_sharpness(&ink, slope, 1, &mut buffer);
        let right = at(0.03);
        assert!(right > at(0.0) * 5.0);
        assert!(right > at(-0.03) * 5.0);
        assert!(right > at(0.035) && right > at(0.025));
    }

    #[test]
    fn spanned_differences_are_those_of_the_profile() {
        // Profile 0, 2, 2, 5, 1, 1 (and 0 after): steps 0, 2, 0, 3, −4, 0, −1.
        let steps = [0, 2, 0, 3, -4, 0, -1];
        let profile = [0i64, 2, 2, 5, 1, 1, 0];
        for span in 1..4 {
            let want: i64 = (0..profile.len())
                .map(|i| {
                    let before = i.checked_sub(span).map_or(0, |j| profile[j]);
                    (profile[i] - before).pow(2)
                })
                .sum();
            assert_eq!(spanned_squares(&steps, span), want as f64, "span {span}");
        }
    }

    #[test]
    fn a_straight_line_gives_two_full_steps() {
        let ink = tilted_line(0.0);
        let sharpness = sheared_sharpness(&ink, 0.0, 1, &mut ProfileBuffer::default());
        assert_eq!(sharpness, 2.0 * 400.0 * 400.0);
    }

    #[test]
    fn the_frame_of_the_image_is_no_edge() {
        let dark = InkRuns::of(
            &GrayImage::from_pixel(50, 30, Luma([0])),
            128,
            QuarterTurn::None,
        );
        assert_eq!(
            sheared_sharpness(&dark, 0.0, 1, &mut ProfileBuffer::default()),
            0.0
        );
    }
}
