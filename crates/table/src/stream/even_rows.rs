//! Indicator rows of a table whose rows are spaced like the lines inside
//! them (a word processor's table without padding, a frame or no borders):
//! gaps say nothing, so the lines are cut into rows by how cells wrap and
//! align.

use super::anchors::Anchors;
use super::cells::BLine;
use crate::lines;

/// At least this many data lines in a run before it is cut this way: a
/// shorter run has too few pitches to tell even spacing.
const MIN_RUN_LINES: usize = 4;
/// Name lines whose pitches all lie within this many ems of a whole
/// number of line pitches are evenly spaced: rows add no padding of their
/// own.
const EVEN_PITCH_EM: f32 = 0.3;
/// Pitches below this multiple of the smallest, and within
/// [`EVEN_PITCH_EM`] of it, are one line apart (a padded row's pitch, a
/// line plus the padding, is not).
const SINGLE_PITCH_SHARE: f32 = 1.4;
/// Name lines are at least this many ems apart (closer ones overlap)…
const MIN_PITCH_EM: f32 = 0.8;
/// …and lines of one cell at most this many (Writer sets Noto CJK lines
/// 1.66 em apart): a larger pitch is a padded row's, whose gaps tell rows
/// apart.
const MAX_PITCH_EM: f32 = 1.8;
/// A name or target line reaching within this many ems of its column's
/// furthest right edge is full, so the text may go on in the next line
/// (Chinese wraps at any character; a closing bracket that may not start
/// a line pulls one more character down).
const FULL_LINE_EM: f32 = 1.3;
/// At most this many lines in one row.
const MAX_ROW_LINES: usize = 8;
/// What a row without a target costs (ems): only the first row of a run
/// (the tail of a row the page break cut) and the last (its head) may
/// lack one, and a row that has one fits better.
const NO_TARGET_COST_EM: f32 = 2.5;

/// What a row ending costs (ems) where its last line's name and target
/// both run to their columns' edges and the next line has both: more than
/// a second complete line in one row (see
/// [`EXTRA_COMPLETE_LINE_COST_EM`]), as two cells that both end exactly
/// full are rarer than two that wrap together.
const BOTH_FULL_BREAK_COST_EM: f32 = 0.75;
/// Name lines no more than this many ems further apart than the line pitch
/// are one line pitch apart: no row padding between them.
const ONE_PITCH_EM: f32 = 0.1;

/// What each line holding both a name and a target costs (ems) beyond a
/// row's first such line: such a line is a row of its own more often than
/// a name and a target that both wrap.
const EXTRA_COMPLETE_LINE_COST_EM: f32 = 0.5;

/// How cells sit in their rows: the fit of each way is measured and the
/// better kept, per page.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Align {
    Centre,
    Top,
}

/// A data line: which of the name (三级) and target columns it has text in,
/// with their cells' vertical extents, and how each fills its column.
#[derive(Clone, Copy, Debug, Default)]
struct Parts {
    name: Option<(f32, f32)>,
    target: Option<(f32, f32)>,
    name_fill: Fill,
    target_fill: Fill,
}

/// How a line's cell fills its column, in ems.
#[derive(Clone, Copy, Debug, Default)]
struct Fill {
    /// Room left between the cell's right end and the column's.
    room: f32,
    /// Width of the text's first unit a line break cannot split: a
    /// bracketed note (`（按季度统计并报送主管部门备案）`) goes down whole
    /// where it does not fit, leaving the line above short of the edge.
    lead: f32,
}

impl Fill {
    /// The line above, with this room, may go on in a line with `next`.
    fn goes_on_in(&self, next: &Fill) -> bool {
        self.room <= FULL_LINE_EM.max(next.lead)
    }
}

/// The width in ems of `text`'s leading bracketed note, up to its closing
/// bracket (full-width characters an em, others half); 0 without one.
pub(super) fn bracket_lead(text: &str) -> f32 {
    let text = text.trim_start();
    if !text.starts_with(['（', '(']) {
        return 0.0;
    }
    let mut width = 0.0;
    for c in text.chars() {
        width += if c.is_ascii() { 0.5 } else { 1.0 };
        if matches!(c, '）' | ')') {
            return width;
        }
    }
    0.0
}

/// Sets `joins[i]` (line `i + 1` continues line `i`) inside each row of
/// the evenly spaced runs of data lines, and returns which lines it cut so
/// (the other joins leave them be). `data[i]`: line `i` holds only 三级
/// and target text (see [`super::split_rows`]).
pub(super) fn join_even_rows(
    lines: &[BLine],
    epochs: &[Anchors],
    data: &[bool],
    joins: &mut [bool],
) -> Vec<bool> {
    let mut handled = vec![false; lines.len()];
    let parts = line_parts(lines, epochs, data);
    let runs = runs(lines, data);
    let even: Vec<std::ops::Range<usize>> = runs
        .iter()
        .flat_map(|r| even_stretches(lines, &parts, r))
        .filter(|r| r.len() >= MIN_RUN_LINES && evenly_spaced(lines, &parts, r))
        .collect();
    let cut = |align: Align| -> Option<(f32, Vec<Vec<usize>>)> {
        let mut total = 0.0;
        let mut cuts = Vec::new();
        for r in &even {
            let (cost, starts) = best_rows(lines, &parts, r, align)?;
            total += cost;
            cuts.push(starts);
        }
        Some((total, cuts))
    };
    let best = match (cut(Align::Centre), cut(Align::Top)) {
        (Some(c), Some(t)) => Some(if t.0 < c.0 { t } else { c }),
        (c, t) => c.or(t),
    };
    let Some((_, cuts)) = best else {
        return handled;
    };
    for (r, starts) in even.iter().zip(cuts) {
        for h in handled.get_mut(r.clone()).into_iter().flatten() {
            *h = true;
        }
        for i in r.start..r.end.saturating_sub(1) {
            if !starts.contains(&(i + 1)) {
                if let Some(j) = joins.get_mut(i) {
                    *j = true;
                }
            }
        }
    }
    handled
}

/// Each (anchor epoch, column)'s furthest right edge over the lines `data`
/// marks: where a full line of that column ends.
pub(super) fn right_edges(lines: &[BLine], data: &[bool]) -> Vec<((usize, usize), f32)> {
    let mut reach: Vec<((usize, usize), f32)> = Vec::new();
    for (line, _) in lines.iter().zip(data).filter(|(_, d)| **d) {
        let Some(e) = line.epoch else { continue };
        for c in &line.cells {
            match reach.iter_mut().find(|(k, _)| *k == (e, c.col)) {
                Some((_, x)) => *x = x.max(c.x1),
                None => reach.push(((e, c.col), c.x1)),
            }
        }
    }
    reach
}

fn line_parts(lines: &[BLine], epochs: &[Anchors], data: &[bool]) -> Vec<Parts> {
    let reach = right_edges(lines, data);
    lines
        .iter()
        .zip(data)
        .map(|(line, &d)| {
            let roles = line.epoch.and_then(|e| epochs.get(e)).map(|a| a.roles);
            let (Some(e), Some(roles), true) = (line.epoch, roles, d) else {
                return Parts::default();
            };
            let part = |col: Option<usize>| {
                let cell = line.cells.iter().find(|c| Some(c.col) == col)?;
                let edge = reach.iter().find(|(k, _)| *k == (e, cell.col))?.1;
                let em = line.em.max(1.0);
                let fill = Fill {
                    room: (edge - cell.x1) / em,
                    lead: bracket_lead(&cell.text),
                };
                Some(((cell.y0, cell.y1), fill))
            };
            let name = part(roles.l3);
            let target = part(roles.target);
            Parts {
                name: name.map(|n| n.0),
                target: target.map(|t| t.0),
                name_fill: name.map(|n| n.1).unwrap_or_default(),
                target_fill: target.map(|t| t.1).unwrap_or_default(),
            }
        })
        .collect()
}

/// Consecutive data lines of one anchor epoch.
fn runs(lines: &[BLine], data: &[bool]) -> Vec<std::ops::Range<usize>> {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !data.get(i).copied().unwrap_or(false) {
            continue;
        }
        match runs.last_mut() {
            Some(r) if r.end == i && lines.get(i - 1).map(|l| l.epoch) == Some(line.epoch) => {
                r.end = i + 1;
            }
            _ => runs.push(i..i + 1),
        }
    }
    runs
}

/// The tops of the run's name lines.
fn name_tops(parts: &[Parts], r: &std::ops::Range<usize>) -> Vec<f32> {
    r.clone()
        .filter_map(|i| parts.get(i)?.name.map(|n| n.0))
        .collect()
}

/// The run's line pitch: the median of the name lines' pitches near the
/// smallest (lines joined before, a wrapped name, start two or more
/// pitches down).
fn line_pitch(lines: &[BLine], parts: &[Parts], r: &std::ops::Range<usize>) -> Option<f32> {
    let tops = name_tops(parts, r);
    let pitches: Vec<f32> = tops.windows(2).map(|w| w[1] - w[0]).collect();
    let em = lines.get(r.start).map_or(0.0, |l| l.em);
    let least = pitches.iter().copied().fold(f32::INFINITY, f32::min);
    let mut single: Vec<f32> = pitches
        .iter()
        .copied()
        .filter(|p| *p < SINGLE_PITCH_SHARE * least && *p <= least + EVEN_PITCH_EM * em)
        .collect();
    lines::median(&mut single).filter(|p| (MIN_PITCH_EM * em..=MAX_PITCH_EM * em).contains(p))
}

/// The run cut where its name lines are not a whole number of line
/// pitches apart: rows there are padded or kept to a minimum height (Writer
/// rows of one line at their least height between unpadded rows of
/// several), so a row ends there whatever the cells say, and the stretches
/// between are cut as evenly spaced runs.
fn even_stretches(
    lines: &[BLine],
    parts: &[Parts],
    r: &std::ops::Range<usize>,
) -> Vec<std::ops::Range<usize>> {
    let Some(pitch) = line_pitch(lines, parts, r) else {
        return vec![r.clone()];
    };
    let em = lines.get(r.start).map_or(0.0, |l| l.em);
    let mut out = Vec::new();
    let mut start = r.start;
    let mut last_top: Option<f32> = None;
    for i in r.clone() {
        let Some(top) = parts.get(i).and_then(|p| p.name).map(|n| n.0) else {
            continue;
        };
        if last_top.is_some_and(|prev| !whole_pitches(top - prev, pitch, em)) {
            out.push(start..i);
            start = i;
        }
        last_top = Some(top);
    }
    out.push(start..r.end);
    out
}

/// The name lines' tops are evenly spaced (a run holding nothing to cut,
/// every line a name and a target, is left alone).
fn evenly_spaced(lines: &[BLine], parts: &[Parts], r: &std::ops::Range<usize>) -> bool {
    let partial = r.clone().any(|i| {
        parts
            .get(i)
            .is_some_and(|p| p.name.is_none() || p.target.is_none())
    });
    let Some(pitch) = line_pitch(lines, parts, r) else {
        return false;
    };
    let tops = name_tops(parts, r);
    let em = lines.get(r.start).map_or(0.0, |l| l.em);
    partial
        && tops.len() >= MIN_RUN_LINES
        && tops
            .windows(2)
            .all(|w| whole_pitches(w[1] - w[0], pitch, em))
}

/// `gap` is one or more whole line pitches, within [`EVEN_PITCH_EM`].
fn whole_pitches(gap: f32, pitch: f32, em: f32) -> bool {
    let steps = (gap / pitch).round();
    steps >= 1.0 && (gap - steps * pitch).abs() <= EVEN_PITCH_EM * em
}

/// The cheapest cut of run `r` into rows, and where its rows start; `None`
/// when no cut keeps every row whole.
fn best_rows(
    lines: &[BLine],
    parts: &[Parts],
    r: &std::ops::Range<usize>,
    align: Align,
) -> Option<(f32, Vec<usize>)> {
    let n = r.len();
    let pitch = line_pitch(lines, parts, r);
    // best[k]: cost of cutting the first k lines of the run; from[k]: where
    // the last of those rows starts.
    let mut best = vec![f32::INFINITY; n + 1];
    let mut from = vec![0usize; n + 1];
    best[0] = 0.0;
    for end in 1..=n {
        for start in end.saturating_sub(MAX_ROW_LINES)..end {
            if !best[start].is_finite() {
                continue;
            }
            let edge = start == 0 || end == n;
            let rows = r.start + start..r.start + end;
            let Some(mut cost) = row_cost(lines, parts, rows, align, edge, pitch) else {
                continue;
            };
            // A row ending where its last line is full in both columns and
            // the next line, one line pitch down, goes on in both (a name
            // and a target that both wrap, at the same line; rows are
            // padded).
            let (last, next) = (parts.get(r.start + end - 1), parts.get(r.start + end));
            if let (Some(a), Some(b), Some(pitch)) = (last, next, pitch) {
                let em = lines.get(r.start + end - 1).map_or(1.0, |l| l.em);
                let one_pitch = match (a.name, b.name) {
                    (Some(x), Some(y)) => y.0 - x.0 <= pitch + ONE_PITCH_EM * em,
                    _ => false,
                };
                let both_go_on = one_pitch
                    && a.target.is_some()
                    && b.target.is_some()
                    && a.name_fill.goes_on_in(&b.name_fill)
                    && a.target_fill.goes_on_in(&b.target_fill);
                if both_go_on && end < n {
                    cost += BOTH_FULL_BREAK_COST_EM;
                }
            }
            // (`<=`: of equal fits, the shorter row, the later start.)
            if best[start] + cost <= best[end] {
                best[end] = best[start] + cost;
                from[end] = start;
            }
        }
    }
    if !best[n].is_finite() {
        return None;
    }
    let mut starts = Vec::new();
    let mut k = n;
    while k > 0 {
        starts.push(r.start + from[k]);
        k = from[k];
    }
    starts.reverse();
    Some((best[n], starts))
}

/// How far lines `rows` are from one row whose name and target are
/// aligned as `align` says, in ems; `None` when they cannot be one row:
/// a column's lines not one after another, more than a line `pitch`
/// apart, or one that is not full before the next. `edge`: the row may be
/// a page break's part, without target.
fn row_cost(
    lines: &[BLine],
    parts: &[Parts],
    rows: std::ops::Range<usize>,
    align: Align,
    edge: bool,
    pitch: Option<f32>,
) -> Option<f32> {
    let ps = parts.get(rows.clone())?;
    let ls = lines.get(rows)?;
    let em = ls.first()?.em.max(1.0);
    let top = ls.iter().map(|l| l.y0).fold(f32::INFINITY, f32::min);
    let bottom = ls.iter().map(|l| l.y1).fold(f32::NEG_INFINITY, f32::max);
    let name = column(ps.iter().map(|p| (p.name, p.name_fill)), pitch, em)?;
    let target = column(ps.iter().map(|p| (p.target, p.target_fill)), pitch, em)?;
    let offset = |(y0, y1): (f32, f32)| match align {
        Align::Centre => ((y0 + y1) - (top + bottom)).abs() / 2.0,
        Align::Top => (y0 - top).abs(),
    };
    let complete = ps
        .iter()
        .filter(|p| p.name.is_some() && p.target.is_some())
        .count();
    let mut cost = complete.saturating_sub(1) as f32 * EXTRA_COMPLETE_LINE_COST_EM * em;
    for extent in [name, target] {
        cost += match extent {
            Some(extent) => offset(extent),
            None if edge => NO_TARGET_COST_EM * em,
            None => return None,
        };
    }
    Some(cost / em)
}

/// The extent of one column's text over a row's lines (`Some(None)` when
/// it has none); `None` when a line of it before its last is not full for
/// the line after it (see [`Fill::goes_on_in`]), so the text ended there,
/// or when the next line starts more than a line `pitch` below the last
/// line of the one before (a cell's lines are one pitch apart: a blank
/// line between is two rows' padding, Calc's one-line rows two pitches
/// high). (Lines of the other column may lie between: a target centred
/// between two lines of its name.)
fn column(
    lines: impl Iterator<Item = (Option<(f32, f32)>, Fill)>,
    pitch: Option<f32>,
    em: f32,
) -> Option<Option<(f32, f32)>> {
    let mut extent: Option<(f32, f32)> = None;
    let mut last: Option<(f32, Fill)> = None;
    for (part, fill) in lines {
        if let Some((y0, y1)) = part {
            if let Some((last_bottom, last_fill)) = last {
                // (`last_bottom - em`: the top of the last line of a part
                // joined from several.)
                let beyond =
                    pitch.is_some_and(|p| y0 - (last_bottom - em) > p + EVEN_PITCH_EM * em);
                if beyond || !last_fill.goes_on_in(&fill) {
                    return None;
                }
            }
            extent = Some(extent.map_or((y0, y1), |(a, b)| (a.min(y0), b.max(y1))));
            last = Some((y1, fill));
        }
    }
    Some(extent)
}
