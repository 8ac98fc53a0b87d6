//! Lines cut into segments: at wide gaps, and where an amount meets a label.

use super::anchors::header_hits;
use crate::furniture;
use crate::lines::{self, Segment, G};
use crate::pages::{y_frac, CELL_GAP_EM};
use crate::FormWords;
use jixiao_page::Page;

/// Gap (in ems) that splits lines under an indicator header.
pub(super) const FINE_GAP_EM: f32 = 0.45;

/// Adds stack segments to a line's segments, in x order.
pub(super) fn with_stacks(mut segs: Vec<Segment>, extra: &[Segment]) -> Vec<Segment> {
    if !extra.is_empty() {
        segs.extend(extra.iter().cloned());
        segs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    segs
}

/// The page's lines cut into segments (see [`plain_segments`]), each with
/// the stacks lifted onto it; page numbers are dropped, and a header line
/// whose labels sit closer than the cell gap (too few segments, or two
/// labels in one) is split finer. Returns the lines with their segments and,
/// per line, its stacks.
#[allow(clippy::type_complexity)]
pub(super) fn segment_lines(
    glyphs: &[G],
    all_lines: Vec<lines::Line>,
    stack_segs: Vec<Vec<Segment>>,
    page: &Page,
    words: &dyn FormWords,
) -> (Vec<(lines::Line, Vec<Segment>)>, Vec<Vec<Segment>>) {
    let mut segmented: Vec<(lines::Line, Vec<Segment>)> = Vec::with_capacity(all_lines.len());
    let mut stacks_kept: Vec<Vec<Segment>> = Vec::with_capacity(all_lines.len());
    for (line, extra) in all_lines.into_iter().zip(stack_segs) {
        let mut segs = with_stacks(plain_segments(glyphs, &line, words), &extra);
        let texts: Vec<&str> = segs.iter().map(|s| s.text.as_str()).collect();
        let whole = texts.join(" ");
        if segs.is_empty() || furniture::is_page_number(&whole, y_frac(line.cy(), page)) {
            continue;
        }
        let crowded = segs.iter().any(|s| words.header_labels_in(&s.text) > 1);
        if words.header_labels_in(&whole) >= 3 && (header_hits(&segs, words) < 3 || crowded) {
            segs = with_stacks(lines::segments(glyphs, &line, FINE_GAP_EM), &extra);
        }
        segmented.push((line, segs));
        stacks_kept.push(extra);
    }
    (segmented, stacks_kept)
}

/// Splits a line outside the indicator table into cells: at gaps over
/// [`CELL_GAP_EM`], where an amount meets CJK text across a gap over
/// [`AMOUNT_GAP_EM`], and around a field label set off by a gap over
/// [`FIELD_LABEL_GAP_EM`]. In a borderless funding block a right-aligned
/// value sits close to the centred label of the next column
/// (`84,421,500.00` `其中：当年财政拨款`), closer than the cell gap.
pub(super) fn plain_segments(
    glyphs: &[G],
    line: &lines::Line,
    words: &dyn FormWords,
) -> Vec<Segment> {
    let texts: Vec<&str> = line
        .glyphs
        .iter()
        .map(|&i| glyphs.get(i).map_or("", |g| g.text))
        .collect();
    let mut runs: Vec<Vec<usize>> = vec![Vec::new()];
    let mut reach = f32::NEG_INFINITY;
    for (k, &i) in line.glyphs.iter().enumerate() {
        let Some(g) = glyphs.get(i) else { continue };
        if g.x0 - reach > AMOUNT_GAP_EM * line.em && amount_meets_cjk(&texts, k) {
            runs.push(Vec::new());
        }
        if let Some(run) = runs.last_mut() {
            run.push(i);
        }
        reach = reach.max(g.x1);
    }
    let part = |glyphs: Vec<usize>| lines::Line {
        glyphs,
        y0: line.y0,
        y1: line.y1,
        em: line.em,
    };
    runs.into_iter()
        .filter(|run| !run.is_empty())
        .flat_map(|run| around_field_labels(glyphs, part(run), words))
        .flat_map(|run| lines::segments(glyphs, &part(run), CELL_GAP_EM))
        .collect()
}

/// A field label this many ems from the text beside it is a cell of its
/// own, though closer than [`CELL_GAP_EM`]: in a frame-only sheet the
/// label's cell and the value's meet with a few points between
/// (`项目类别` `经常性项目`, 0.86 em; `…保障局` `实施单位`, 1.1 em).
const FIELD_LABEL_GAP_EM: f32 = 0.5;

/// `line`'s glyphs in runs, cut before and after each part of it that is
/// a field label set off by gaps over [`FIELD_LABEL_GAP_EM`].
fn around_field_labels(glyphs: &[G], line: lines::Line, words: &dyn FormWords) -> Vec<Vec<usize>> {
    let fine = lines::segments(glyphs, &line, FIELD_LABEL_GAP_EM);
    if fine.len() < 2 {
        return vec![line.glyphs];
    }
    let cuts: Vec<f32> = fine
        .iter()
        .enumerate()
        .filter(|(_, s)| words.is_field_label(&s.text))
        .flat_map(|(k, s)| {
            let after = fine.get(k + 1).map(|next| next.x0);
            [Some(s.x0), after].into_iter().flatten()
        })
        .collect();
    let mut runs: Vec<Vec<usize>> = vec![Vec::new()];
    for &i in &line.glyphs {
        let starts_part = glyphs.get(i).is_some_and(|g| cuts.contains(&g.x0));
        if starts_part && runs.last().is_some_and(|r| !r.is_empty()) {
            runs.push(Vec::new());
        }
        if let Some(run) = runs.last_mut() {
            run.push(i);
        }
    }
    runs
}

/// Between an amount and CJK text a gap this wide (ems) separates cells.
pub(super) const AMOUNT_GAP_EM: f32 = 0.4;

/// Characters that follow a number as its unit, not as the next label.
pub(super) const UNITS: &str = "年月日元万亿个次人家株件项台套所岁天%％";

/// True when glyph `k` of a line starts CJK text right after an amount, or
/// an amount right after CJK text. Amounts are digits with a thousands
/// separator or a decimal point, or at least five digits: a year before its
/// 年 is not one.
pub(super) fn amount_meets_cjk(texts: &[&str], k: usize) -> bool {
    let before = texts.get(..k).unwrap_or(&[]).concat();
    let after = texts.get(k..).unwrap_or(&[]).concat();
    let (Some(b), Some(a)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    let numeric = |c: &char| c.is_ascii_digit() || matches!(c, ',' | '.');
    let grouped = || before.chars().rev().take_while(numeric).any(|c| c == ',');
    // (A date's 年/月/日 never follows a number grouped by thousands: there
    // it starts the next cell's label, `37,857,285` `年财政拨款`.)
    let unit = UNITS.contains(a) && !("年月日".contains(a) && grouped());
    let token: String = if b.is_ascii_digit() && lines::is_cjk(a) && !unit {
        before.chars().rev().take_while(numeric).collect()
    } else if lines::is_cjk(b) && a.is_ascii_digit() {
        after.chars().take_while(numeric).collect()
    } else {
        return false;
    };
    let digits = token.chars().filter(char::is_ascii_digit).count();
    token.contains([',', '.']) || digits >= 5
}
