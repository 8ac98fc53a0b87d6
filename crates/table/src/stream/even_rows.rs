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
/// Pitches below this multiple of the smallest are one line apart.
const SINGLE_PITCH_SHARE: f32 = 1.4;
/// Name lines are at least this many ems apart (closer ones overlap).
const MIN_PITCH_EM: f32 = 0.8;
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
/// with their cells' vertical extents, and whether each fills its column.
#[derive(Clone, Copy, Debug, Default)]
struct Parts {
    name: Option<(f32, f32)>,
    target: Option<(f32, f32)>,
    name_full: bool,
    target_full: bool,
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
    let even: Vec<&std::ops::Range<usize>> = runs
        .iter()
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
        for h in handled.get_mut((*r).clone()).into_iter().flatten() {
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
                Some(((cell.y0, cell.y1), cell.x1 >= edge - FULL_LINE_EM * line.em))
            };
            let name = part(roles.l3);
            let target = part(roles.target);
            Parts {
                name: name.map(|n| n.0),
                target: target.map(|t| t.0),
                name_full: name.is_some_and(|n| n.1),
                target_full: target.is_some_and(|t| t.1),
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
        .filter(|p| *p < SINGLE_PITCH_SHARE * least)
        .collect();
    lines::median(&mut single).filter(|p| *p >= MIN_PITCH_EM * em)
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
        && tops.windows(2).all(|w| {
            let p = w[1] - w[0];
            let steps = (p / pitch).round();
            steps >= 1.0 && (p - steps * pitch).abs() <= EVEN_PITCH_EM * em
        })
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
            let Some(cost) = row_cost(lines, parts, r.start + start..r.start + end, align, edge)
            else {
                continue;
            };
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
/// a column's lines not one after another, or one that is not full before
/// the next. `edge`: the row may be a page break's part, without target.
fn row_cost(
    lines: &[BLine],
    parts: &[Parts],
    rows: std::ops::Range<usize>,
    align: Align,
    edge: bool,
) -> Option<f32> {
    let ps = parts.get(rows.clone())?;
    let ls = lines.get(rows)?;
    let em = ls.first()?.em.max(1.0);
    let top = ls.iter().map(|l| l.y0).fold(f32::INFINITY, f32::min);
    let bottom = ls.iter().map(|l| l.y1).fold(f32::NEG_INFINITY, f32::max);
    let name = column(ps.iter().map(|p| (p.name, p.name_full)))?;
    let target = column(ps.iter().map(|p| (p.target, p.target_full)))?;
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
/// it has none); `None` when a line of it before its last is not full, so
/// the text ended there. (Lines of the other column may lie between: a
/// target centred between two lines of its name.)
fn column(lines: impl Iterator<Item = (Option<(f32, f32)>, bool)>) -> Option<Option<(f32, f32)>> {
    let mut extent: Option<(f32, f32)> = None;
    let mut last_full = true;
    for (part, full) in lines {
        if let Some((y0, y1)) = part {
            if !last_full {
                return None;
            }
            extent = Some(extent.map_or((y0, y1), |(a, b)| (a.min(y0), b.max(y1))));
            last_full = full;
        }
    }
    Some(extent)
}
