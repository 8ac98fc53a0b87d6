//! Goal blocks: the 项目总目标 and 年度总目标 texts printed side by side.

use super::cells::{compact, BCell, BLine};
use super::segments::with_stacks;
use super::Kind;
use crate::lines::{self, Segment, G};
use crate::{FormWords, GoalColumn};

/// A glyph starting this far (pt) left of a left-aligned column's edge is
/// the column before's (rounding puts the column's own a little left).
const EDGE_SLACK_PT: f32 = 0.5;
/// The left goal column starts this many ems left of where most lines'
/// first long segment starts.
const MARGIN_SLACK_EM: f32 = 0.3;
/// A run set off by a gap this wide (ems) left of the margin is a piece of
/// the row label.
const ROW_LABEL_GAP_EM: f32 = 0.2;
/// A glyph is set off from the one before by a gap this wide (ems)…
const SET_OFF_GAP_EM: f32 = 0.15;
/// …or by reaching back over it this far (ems: a hanging full-width mark).
const SET_OFF_OVERLAP_EM: f32 = 0.1;
/// A glyph at least this many ems wide is full-width.
const FULL_WIDTH_EM: f32 = 0.8;

/// Goal texts printed in two columns under a 项目总目标 | 年度总目标 line.
pub(super) struct GoalBlock {
    /// Columns of the 项目总目标 and 年度总目标 labels on the label line.
    pub(super) cols: (usize, usize),
    /// Where the two columns divide.
    pub(super) split: Split,
    /// Lines of the block (indices into the page's lines) with the glyphs
    /// of goal text they hold (none on a line holding only a row label).
    pub(super) lines: Vec<(usize, Vec<usize>)>,
}

/// A goal block cut by the page break: the label line's column numbers
/// and label centres, and the split used there.
#[derive(Debug, Clone, Copy)]
pub(super) struct GoalCarry {
    pub(super) cols: (usize, usize),
    pub(super) centres: (f32, f32),
    pub(super) split: Split,
}

/// Where two goal columns divide.
#[derive(Debug, Clone, Copy)]
pub(super) enum Split {
    /// The right column's lines start here, left-aligned: a glyph
    /// starting left of it is the left column's (a full-width mark ending
    /// a left line may hang past it).
    Edge(f32),
    /// Between the columns: a glyph centred left of it is the left
    /// column's.
    Middle(f32),
}

impl Split {
    pub(super) fn is_left(self, g: &G) -> bool {
        match self {
            Split::Edge(x) => g.x0 < x - EDGE_SLACK_PT,
            Split::Middle(x) => g.cx() < x,
        }
    }
}

/// The segments of the 项目总目标 and 年度总目标 labels, when a line holds
/// both, in that order.
fn goal_labels(segs: &[Segment], words: &dyn FormWords) -> Option<(usize, usize)> {
    let find = |column: GoalColumn| {
        segs.iter()
            .position(|s| words.goal_column(&s.text) == Some(column))
    };
    match (find(GoalColumn::Overall), find(GoalColumn::Annual)) {
        (Some(a), Some(b)) if a < b => Some((a, b)),
        _ => None,
    }
}

/// Where goal text from line `first` on ends: at the indicator header
/// (`Ok`), or at the page's end (`Err`); `None` when something else comes
/// first (another form, another goal label line, an anchored line).
fn block_end(
    segmented: &[(lines::Line, Vec<Segment>)],
    kinds: &[Kind],
    first: usize,
    words: &dyn FormWords,
) -> Option<Result<usize, usize>> {
    for (j, kind) in kinds.iter().enumerate().skip(first) {
        match kind {
            Kind::Header(_) => return Some(Ok(j)),
            Kind::Plain => {
                let stop = segmented.get(j).is_some_and(|(_, segs)| {
                    segs.iter().any(|s| words.starts_form(&s.text))
                        || goal_labels(segs, words).is_some()
                });
                if stop {
                    return None;
                }
            }
            Kind::Anchored(_) => return None,
        }
    }
    Some(Err(kinds.len()))
}

/// Finds goal blocks: a plain line with a 项目总目标 cell left of a
/// 年度总目标 cell, followed by goal text up to the indicator header on the
/// same page, or to the bottom of the page (the block then continues at the
/// top of the next page, up to its indicator header, with the same
/// columns: see [`GoalCarry`]). Lines holding only a goal period
/// (`( 2024年- 2026年)`) stay lines of their own. Row labels in the block
/// (a stacked 项目绩效目标) move to the label line, as a ruled table
/// reports a merged cell on its first row. The columns split at the
/// widest gap between the two labels' centres that no glyph of goal text
/// covers (the gutter), or halfway between the labels when there is none.
pub(super) fn goal_blocks(
    glyphs: &[G],
    segmented: &mut [(lines::Line, Vec<Segment>)],
    stacks: &[Vec<Segment>],
    kinds: &[Kind],
    carried: Option<GoalCarry>,
    words: &dyn FormWords,
) -> (Vec<GoalBlock>, Option<GoalCarry>) {
    let mut out = Vec::new();
    let mut carry = None;
    let is_goal_labels = |segs: &[Segment]| goal_labels(segs, words);
    let block_end = |segmented: &[(lines::Line, Vec<Segment>)], first: usize| {
        block_end(segmented, kinds, first, words)
    };
    // The top of the page continues a block cut by the page break, when
    // the indicator header follows on this page.
    if let Some(c) = carried {
        if let Some(Ok(end)) = block_end(segmented, 0) {
            let (members, _, _) =
                goal_members(glyphs, segmented, stacks, 0..end, c.centres.0, words);
            if !members.iter().all(|(_, ids)| ids.is_empty()) {
                // The columns are the previous page's: its split holds
                // unless this page's lines show the edge themselves.
                let split = left_edge(glyphs, &members, c.centres.0, c.centres.1)
                    .map(Split::Edge)
                    .unwrap_or(c.split);
                out.push(GoalBlock {
                    cols: c.cols,
                    split,
                    lines: members,
                });
            }
        }
    }
    for li in 0..segmented.len() {
        if kinds.get(li) != Some(&Kind::Plain) {
            continue;
        }
        let Some((_, segs)) = segmented.get(li) else {
            continue;
        };
        let Some((a, b)) = is_goal_labels(segs) else {
            continue;
        };
        let (Some(sa), Some(sb)) = (segs.get(a), segs.get(b)) else {
            continue;
        };
        let (ca, cb) = ((sa.x0 + sa.x1) / 2.0, (sb.x0 + sb.x1) / 2.0);
        let fallback = Split::Middle((sa.x1 + sb.x0) / 2.0);
        let Some(end) = block_end(segmented, li + 1) else {
            continue;
        };
        let runs_off = end.is_err();
        let end = end.unwrap_or_else(|e| e);
        let (members, moved, kept_segs) =
            goal_members(glyphs, segmented, stacks, li + 1..end, ca, words);
        if members.iter().all(|(_, ids)| ids.is_empty()) {
            // Labels at the foot of the page: the goal text is all on the
            // next page.
            if runs_off {
                carry = Some(GoalCarry {
                    cols: (a, b),
                    centres: (ca, cb),
                    split: fallback,
                });
            }
            continue;
        }
        let split = column_split(glyphs, &members, ca, cb).unwrap_or(fallback);
        for (j, rest) in kept_segs {
            if let Some((_, segs)) = segmented.get_mut(j) {
                *segs = rest;
            }
        }
        let Some((_, label_segs)) = segmented.get_mut(li) else {
            continue;
        };
        if !moved.is_empty() {
            *label_segs = with_stacks(std::mem::take(label_segs), &moved);
        }
        let Some(cols) = is_goal_labels(label_segs) else {
            continue;
        };
        if runs_off {
            carry = Some(GoalCarry {
                cols,
                centres: (ca, cb),
                split,
            });
        }
        out.push(GoalBlock {
            cols,
            split,
            lines: members,
        });
    }
    (out, carry)
}

/// The goal text of lines `range` (`left` is the centre of the left goal
/// column's label): per line, the glyphs that are not row labels; the row labels
/// found (stacked segments, 项目绩效目标); and the
/// segments to keep on lines holding only a goal period (with their row
/// label taken out). Period lines are not members.
#[allow(clippy::type_complexity)]
pub(super) fn goal_members(
    glyphs: &[G],
    segmented: &[(lines::Line, Vec<Segment>)],
    stacks: &[Vec<Segment>],
    range: std::ops::Range<usize>,
    left: f32,
    words: &dyn FormWords,
) -> (
    Vec<(usize, Vec<usize>)>,
    Vec<Segment>,
    Vec<(usize, Vec<Segment>)>,
) {
    let mut moved: Vec<Segment> = Vec::new();
    let mut kept_segs: Vec<(usize, Vec<Segment>)> = Vec::new();
    let mut members: Vec<(usize, Vec<usize>)> = Vec::new();
    // The left goal column's text starts about where most lines' first
    // long segment starts; a short run of glyphs wholly left of that, set
    // off by a gap or alone on its line, is the row label (pieces of 项目绩效目标 too short or
    // too split to stack, maybe close enough to share the text's segment).
    let mut starts: Vec<f32> = range
        .clone()
        .filter_map(|j| segmented.get(j))
        .filter_map(|(line, segs)| {
            segs.iter()
                .find(|s| compact(&s.text).chars().count() >= 8)
                // (Of the left column: the right column's text, when the
                // left column has none long enough on the line, is not.)
                .filter(|s| s.x0 < left)
                .map(|s| s.x0 - MARGIN_SLACK_EM * line.em)
        })
        .collect();
    let margin = lines::median(&mut starts);
    for j in range {
        let Some((line, segs)) = segmented.get(j) else {
            continue;
        };
        let extra = stacks.get(j).map_or(&[][..], Vec::as_slice);
        let (labels, rest): (Vec<Segment>, Vec<Segment>) = segs.iter().cloned().partition(|s| {
            extra.iter().any(|e| e.x0 == s.x0 && e.text == s.text)
                || words.is_goal_row_label(&s.text)
        });
        let whole: String = rest.iter().map(|s| compact(&s.text)).collect();
        if !whole.is_empty() && is_period(&whole) {
            if !labels.is_empty() {
                kept_segs.push((j, rest));
                moved.extend(labels);
            }
            continue;
        }
        // A short run before a gap, wholly left of the margin, is a label.
        let mut lead: Vec<usize> = Vec::new();
        if let Some(m) = margin {
            let mut prev_x1: Option<f32> = None;
            let mut set_off = false;
            for &i in &line.glyphs {
                let Some(g) = glyphs.get(i) else { continue };
                if prev_x1.is_some_and(|p| g.x0 - p > ROW_LABEL_GAP_EM * line.em) {
                    set_off = true;
                    break;
                }
                lead.push(i);
                prev_x1 = Some(prev_x1.map_or(g.x1, |p| p.max(g.x1)));
            }
            // (A line of its own too: Writer centres the label's lines
            // between the text's, no goal text ends left of the margin.
            // Set off by a gap, it may end in the margin's slack: Calc's
            // narrow label column touches the text's.)
            let reach = if set_off {
                m + MARGIN_SLACK_EM * line.em
            } else {
                m
            };
            let short = lead.len() <= 6;
            if !(short && prev_x1.is_some_and(|p| p < reach)) {
                lead.clear();
            }
        }
        let ids: Vec<usize> = line
            .glyphs
            .iter()
            .copied()
            .filter(|&i| {
                !lead.contains(&i)
                    && glyphs
                        .get(i)
                        .is_some_and(|g| !labels.iter().any(|l| l.x0 <= g.cx() && g.cx() <= l.x1))
            })
            .collect();
        moved.extend(labels);
        members.push((j, ids));
    }
    (members, moved, kept_segs)
}

/// Where the block's two goal columns divide, between `lo` and `hi`: at the
/// right column's left edge where its lines are left-aligned, else in the
/// gutter (see [`gutter`]).
pub(super) fn column_split(
    glyphs: &[G],
    members: &[(usize, Vec<usize>)],
    lo: f32,
    hi: f32,
) -> Option<Split> {
    left_edge(glyphs, members, lo, hi)
        .map(Split::Edge)
        .or_else(|| gutter(glyphs, members, lo, hi).map(Split::Middle))
}

/// The left edge of a left-aligned column starting
/// between `lo` and `hi`: the x at which most lines reaching it have a
/// glyph start set off from the glyph before it (by a gap, or by an
/// overlap: a full-width mark ending the left column's line hangs past
/// the edge) or starting the line. Inside a column's text glyphs abut,
/// and the left column's lines may reach the edge, so no gutter need be
/// left on any line.
pub(super) fn left_edge(
    glyphs: &[G],
    members: &[(usize, Vec<usize>)],
    lo: f32,
    hi: f32,
) -> Option<f32> {
    let lines: Vec<Vec<&G>> = members
        .iter()
        .map(|(_, ids)| ids.iter().filter_map(|&i| glyphs.get(i)).collect())
        .collect();
    let mut starts: Vec<f32> = Vec::new();
    for gs in &lines {
        for (k, g) in gs.iter().enumerate() {
            if g.x0 <= lo || g.x0 >= hi {
                continue;
            }
            let set_off = k.checked_sub(1).and_then(|p| gs.get(p)).is_none_or(|prev| {
                let gap = g.x0 - prev.x1;
                gap > SET_OFF_GAP_EM * g.em || gap < -SET_OFF_OVERLAP_EM * g.em
            });
            if set_off {
                starts.push(g.x0);
            }
        }
    }
    // The largest group (the first of equals).
    let mut best: Option<(f32, usize)> = None;
    for (x, run) in lines::shared_edges(&mut starts) {
        if best.is_none_or(|(_, n)| run > n) {
            best = Some((x, run));
        }
    }
    let (x, n) = best?;
    // Lines with text right of the edge (a hanging mark starts before it).
    let reaching = lines
        .iter()
        .filter(|gs| gs.iter().any(|g| g.x0 >= x - lines::SAME_EDGE_PT))
        .count();
    (n >= 3 && 2 * n >= reaching).then_some(x)
}

/// The midpoint of the widest stretch of `lo..hi` that no glyph of the
/// block's lines covers.
pub(super) fn gutter(
    glyphs: &[G],
    members: &[(usize, Vec<usize>)],
    lo: f32,
    hi: f32,
) -> Option<f32> {
    let mut spans: Vec<(f32, f32)> = members
        .iter()
        .flat_map(|(_, ids)| ids.iter().filter_map(|&i| glyphs.get(i)))
        .map(|g| {
            // Full-width closing punctuation inks only its left half and
            // may hang past the column's edge (`，` or `”` at a line end).
            let wide = g.x1 - g.x0 >= FULL_WIDTH_EM * g.em;
            if wide && lines::is_closing_punct(g.text) {
                (g.x0, (g.x0 + g.x1) / 2.0)
            } else {
                (g.x0, g.x1)
            }
        })
        .collect();
    spans.sort_by(|p, q| p.0.total_cmp(&q.0));
    let mut best: Option<(f32, f32)> = None;
    let consider = |best: &mut Option<(f32, f32)>, from: f32, to: f32| {
        let (from, to) = (from.max(lo), to.min(hi));
        if to > from && best.is_none_or(|(b0, b1)| to - from > b1 - b0) {
            *best = Some((from, to));
        }
    };
    let mut reach = lo;
    for (x0, x1) in spans {
        if x0 > reach {
            consider(&mut best, reach, x0);
        }
        reach = reach.max(x1);
    }
    // The stretch after the last glyph (the right column's lines may all
    // be short) counts only when no gap of an em runs between glyphs.
    let mut ems: Vec<f32> = members
        .iter()
        .flat_map(|(_, ids)| ids.iter().filter_map(|&i| glyphs.get(i)))
        .map(|g| g.em)
        .collect();
    let em = lines::median(&mut ems).unwrap_or(0.0);
    if best.is_none_or(|(b0, b1)| b1 - b0 < em) {
        consider(&mut best, reach, hi);
    }
    best.map(|(from, to)| (from + to) / 2.0)
}

/// One line of a goal block: its goal text split into the block's two
/// columns at the gutter.
pub(super) fn goal_line(
    glyphs: &[G],
    line: &lines::Line,
    block: &GoalBlock,
    b: usize,
    ids: &[usize],
) -> BLine {
    let mut cells = Vec::new();
    for (col, left) in [(block.cols.0, true), (block.cols.1, false)] {
        let part: Vec<usize> = ids
            .iter()
            .copied()
            .filter(|&i| {
                glyphs
                    .get(i)
                    .is_some_and(|g| block.split.is_left(g) == left)
            })
            .collect();
        let (mut x0, mut x1, mut y0, mut y1) = (
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::INFINITY,
            f32::NEG_INFINITY,
        );
        for g in part.iter().filter_map(|&i| glyphs.get(i)) {
            x0 = x0.min(g.x0);
            x1 = x1.max(g.x1);
            y0 = y0.min(g.y0);
            y1 = y1.max(g.y1);
        }
        let text = lines::line_text(glyphs, &part).trim().to_owned();
        if !text.is_empty() {
            cells.push(BCell {
                col,
                x0,
                x1,
                y0,
                y1,
                text,
                glyphs: part,
            });
        }
    }
    BLine {
        y0: line.y0,
        y1: line.y1,
        em: line.em,
        cells,
        anchored: false,
        epoch: None,
        open: Vec::new(),
        goal: Some(b),
        stack_only: false,
        whole_row: false,
        full_cols: Vec::new(),
    }
}

/// A goal period alone: `(2024年-2026年)`, `2023年至2025年`.
pub(super) fn is_period(text: &str) -> bool {
    let t: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace() && !"()（）".contains(*c))
        .collect();
    let year = |at: usize| -> Option<usize> {
        let digits = t.get(at..at + 4)?;
        digits
            .iter()
            .all(char::is_ascii_digit)
            .then(|| at + 4 + usize::from(t.get(at + 4) == Some(&'年')))
    };
    let Some(mid) = year(0) else {
        return false;
    };
    if !t.get(mid).is_some_and(|c| "-－—–~～至到".contains(*c)) {
        return false;
    }
    year(mid + 1) == Some(t.len())
}
