//! Telling an upright page from one upside down.
//!
//! A half turn leaves rows horizontal, so profiles cannot see it, and the
//! ink of Chinese characters is spread evenly enough between their top and
//! bottom halves that no simple glyph statistic tells them apart (measured
//! on five fonts: the balance goes either way). Two cues do:
//!
//! 1. **Punctuation marks.** In horizontal Chinese text ，。、 and the
//!    decimal points and thousands separators of amounts sit at the
//!    *bottom* of the line, in a character cell of their own; only quotes
//!    sit at the top. So small marks that share no column with any other
//!    ink of their line vote: low in the line for upright, high for upside
//!    down. (The dots that belong to characters, 主 市 讠 氵, share columns
//!    with their character's other strokes and do not vote.)
//! 2. **Where the ink is.** A form fills its pages from the top; its last
//!    page leaves the bottom empty. When the punctuation has too few votes
//!    (a table page of names and numbers), ink centred well into the top
//!    of the page says upright, into the bottom says upside down.
//!
//! When neither cue is clear the page is left as it is and a note says so.

use image::GrayImage;

use crate::binarize::INK;
use crate::components::{connected_components, Component};
use crate::spatial::CentreIndex;

/// Characters (and the larger pieces of characters) are this tall, in
/// measured text heights.
const CHARACTER_HEIGHTS: std::ops::RangeInclusive<f32> = 0.5..=1.6;
/// Pieces larger than this (tables, rules, pictures) are not text.
const TEXT_MAX_HEIGHT: f32 = 2.0;
const TEXT_MAX_WIDTH: f32 = 3.0;
/// A punctuation mark fits in this fraction of a text height either way.
const MARK_MAX_SIZE: f32 = 0.35;
/// A mark is at least this fraction of a text height either way: a full
/// stop at 200 dpi is 4–5 pixels across, a speck of noise or the remnant
/// of a seal stroke one to three.
const MARK_MIN_SIZE: f32 = 0.12;
/// A mark's line is made of the characters whose centres lie within this
/// many text heights to either side of it…
const LINE_REACH: f32 = 3.0;
/// …and whose extents cover the mark's centre give or take this much.
const LINE_SLACK: f32 = 0.3;
/// Centres below this fraction of the line's height are low, above one
/// minus it high.
const LOW_FROM: f32 = 0.62;
/// A line must hold at least this many characters to place a mark in it.
const MIN_LINE_CHARACTERS: usize = 2;

/// The punctuation decides once it has this many votes…
const MIN_MARK_VOTES: usize = 6;
/// …of which this share agree.
const MIN_MARK_AGREEMENT: f32 = 0.75;
/// Ink centred above this fraction of the page height says upright (and
/// below one minus it, upside down).
const INK_CENTRE_UPRIGHT_ABOVE: f32 = 0.4;
/// Beyond this many runs the page is noise and the marks mean nothing.
const MAX_RUNS: usize = 2_000_000;

/// The verdict on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UpDown {
    Upright,
    UpsideDown,
    Unsure,
}

/// The verdict and what it rests on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct UpDownEvidence {
    pub verdict: UpDown,
    /// Marks low in their line (upright votes).
    pub low_marks: usize,
    /// Marks high in their line (upside-down votes).
    pub high_marks: usize,
    /// The centre of the ink as a fraction of the page height from the top.
    pub ink_centre: Option<f32>,
}

/// Judges whether the (horizontal-text) `binary` page is upright, given
/// the expected height of its text.
pub(crate) fn judge_up_down(binary: &GrayImage, text_height: f32) -> UpDownEvidence {
    let (low_marks, high_marks) = match connected_components(binary, MAX_RUNS) {
        Some(components) => mark_votes(&components, text_height),
        None => (0, 0),
    };
    let ink_centre = ink_centre(binary);
    let votes = low_marks + high_marks;
    let share = |n: usize| n as f32 / votes.max(1) as f32;
    let verdict = if votes >= MIN_MARK_VOTES && share(low_marks) >= MIN_MARK_AGREEMENT {
        UpDown::Upright
    } else if votes >= MIN_MARK_VOTES && share(high_marks) >= MIN_MARK_AGREEMENT {
        UpDown::UpsideDown
    } else {
        match ink_centre {
            Some(c) if c < INK_CENTRE_UPRIGHT_ABOVE => UpDown::Upright,
            Some(c) if c > 1.0 - INK_CENTRE_UPRIGHT_ABOVE => UpDown::UpsideDown,
            _ => UpDown::Unsure,
        }
    };
    UpDownEvidence {
        verdict,
        low_marks,
        high_marks,
        ink_centre,
    }
}

/// (low, high) votes of the punctuation marks among `components`.
/// The text height comes from the resolution, not from the page: measured
/// from the pieces of ink it comes out smaller (many characters are made of
/// several pieces), and commas then no longer fit the size of a mark.
fn mark_votes(components: &[Component], em: f32) -> (usize, usize) {
    let text: Vec<Component> = components
        .iter()
        .copied()
        .filter(|c| {
            (c.height() as f32) <= TEXT_MAX_HEIGHT * em && (c.width() as f32) <= TEXT_MAX_WIDTH * em
        })
        .collect();
    let index = CentreIndex::new(&text, em);
    let (mut low, mut high) = (0, 0);
    for (i, mark) in text.iter().enumerate() {
        if !is_mark_sized(mark, em) {
            continue;
        }
        let Some((top, bottom)) = line_around(mark, &text, &index, em) else {
            continue;
        };
        if shares_a_column(i, mark, top, bottom, &text, &index, em) {
            continue;
        }
        let position = (mark.centre_y() - top) / (bottom - top);
        if position > LOW_FROM {
            low += 1;
        } else if position < 1.0 - LOW_FROM {
            high += 1;
        }
    }
    (low, high)
}

fn is_mark_sized(c: &Component, em: f32) -> bool {
    let sizes = MARK_MIN_SIZE * em..=MARK_MAX_SIZE * em;
    sizes.contains(&(c.width() as f32)) && sizes.contains(&(c.height() as f32))
}

fn is_character(c: &Component, em: f32) -> bool {
    CHARACTER_HEIGHTS.contains(&(c.height() as f32 / em))
        && (c.width() as f32) <= CHARACTER_HEIGHTS.end() * em
}

/// The top and bottom of the text line `mark` sits in: the medians of the
/// tops and bottoms of the characters beside it.
fn line_around(
    mark: &Component,
    text: &[Component],
    index: &CentreIndex,
    em: f32,
) -> Option<(f32, f32)> {
    let (cx, cy) = (mark.centre_x(), mark.centre_y());
    let reach = LINE_REACH * em;
    let slack = LINE_SLACK * em;
    let mut tops = Vec::new();
    let mut bottoms = Vec::new();
    for c in index.near(text, cx - reach, cy - 2.0 * em, cx + reach, cy + 2.0 * em) {
        let beside = (c.top as f32) < cy + slack && (c.bottom as f32) > cy - slack;
        if is_character(c, em) && beside && (c.centre_x() - cx).abs() <= reach {
            tops.push(c.top);
            bottoms.push(c.bottom);
        }
    }
    if tops.len() < MIN_LINE_CHARACTERS {
        return None;
    }
    tops.sort_unstable();
    bottoms.sort_unstable();
    let top = *tops.get(tops.len() / 2)? as f32;
    let bottom = *bottoms.get(bottoms.len() / 2)? as f32;
    (bottom - top >= CHARACTER_HEIGHTS.start() * em).then_some((top, bottom))
}

/// Whether any other piece of text within the line's rows overlaps the
/// columns of `text[own]`.
fn shares_a_column(
    own: usize,
    mark: &Component,
    top: f32,
    bottom: f32,
    text: &[Component],
    index: &CentreIndex,
    em: f32,
) -> bool {
    let reach = TEXT_MAX_WIDTH * em / 2.0;
    let (left, right) = (mark.left as f32 - reach, mark.right as f32 + reach);
    index
        .near_indices(left, top - em, right, bottom + em)
        .any(|i| {
            text.get(i).is_some_and(|c| {
                i != own
                    && c.left < mark.right
                    && c.right > mark.left
                    && (c.top as f32) < bottom
                    && (c.bottom as f32) > top
            })
        })
}

/// The mean row of the ink, as a fraction of the page height.
fn ink_centre(binary: &GrayImage) -> Option<f32> {
    let width = binary.width() as usize;
    let (mut ink, mut weighted) = (0u64, 0f64);
    for (y, row) in binary.as_raw().chunks_exact(width.max(1)).enumerate() {
        let count = row.iter().filter(|&&v| v == INK).count() as u64;
        ink += count;
        weighted += count as f64 * (y as f64 + 0.5);
    }
    (ink > 0).then(|| (weighted / ink as f64 / f64::from(binary.height())) as f32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::turn::{turn_image, QuarterTurn};
    use image::Luma;

    const EM: u32 = 30;

    /// Lines of square "characters" (hollow, as strokes) with a comma-like
    /// mark at the bottom of its own cell after every fourth character, and
    /// a dot on top of every third character (as in 主, 市), which must not
    /// vote. `lines` lines start at the top of a 1000 × 1400 page.
    fn page(lines: u32) -> GrayImage {
        let mut page = GrayImage::from_pixel(1000, 1400, Luma([255]));
        let mut ink = |x0: u32, y0: u32, w: u32, h: u32| {
            for y in y0..y0 + h {
                for x in x0..x0 + w {
                    page.put_pixel(x, y, Luma([0]));
                }
            }
        };
        for line in 0..lines {
            let top = 100 + line * 2 * EM;
            let mut x = 80;
            for i in 0..24 {
                if i % 4 == 3 {
                    ink(x + 3, top + EM - 8, 6, 7); // the mark, low in its cell
                } else {
                    ink(x, top + 6, EM - 4, 3);
                    ink(x, top + EM - 3, EM - 4, 3);
                    ink(x, top + 6, 3, EM - 6);
                    ink(x + EM - 7, top + 6, 3, EM - 6);
                    if i % 3 == 0 {
                        ink(x + EM / 2 - 3, top, 5, 4); // a dot above
                    }
                }
                x += EM + 4;
            }
        }
        page
    }

    #[test]
    fn marks_low_in_their_lines_vote_upright() {
        let upright = judge_up_down(&page(12), EM as f32);
        assert_eq!(upright.verdict, UpDown::Upright, "{upright:?}");
        assert_eq!(upright.high_marks, 0, "dots on characters must not vote");
        assert_eq!(upright.low_marks, 12 * 6, "{upright:?}");

        let flipped = judge_up_down(&turn_image(&page(12), QuarterTurn::Half), EM as f32);
        assert_eq!(flipped.verdict, UpDown::UpsideDown, "{flipped:?}");
        assert_eq!(
            (flipped.low_marks, flipped.high_marks),
            (upright.high_marks, upright.low_marks)
        );
    }

    #[test]
    fn without_marks_the_ink_position_decides_or_nothing_does() {
        let mut top_heavy = GrayImage::from_pixel(400, 1000, Luma([255]));
        for y in 100..160 {
            for x in 50..350 {
                top_heavy.put_pixel(x, y, Luma([0]));
            }
        }
        assert_eq!(
            judge_up_down(&top_heavy, EM as f32).verdict,
            UpDown::Upright
        );
        let bottom_heavy = turn_image(&top_heavy, QuarterTurn::Half);
        assert_eq!(
            judge_up_down(&bottom_heavy, EM as f32).verdict,
            UpDown::UpsideDown
        );
        let centred = GrayImage::from_fn(400, 1000, |_, y| {
            Luma([if (480..520).contains(&y) { 0 } else { 255 }])
        });
        assert_eq!(judge_up_down(&centred, EM as f32).verdict, UpDown::Unsure);
        let blank = GrayImage::from_pixel(50, 50, Luma([255]));
        assert_eq!(judge_up_down(&blank, EM as f32).verdict, UpDown::Unsure);
    }
}
