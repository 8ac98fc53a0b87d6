//! The lines of one indicator that wrapping split apart, joined.

use super::anchors::Anchors;
use super::cells::{merge_by_column, BCell, BLine};
use super::even_rows::{join_even_rows, right_edges};
use super::wraps::UNFILLED_LINE_EM;
use crate::lines;

/// An (anchor epoch, column) and the furthest right edge its data lines
/// reach (see [`SplitRows::right_edges`]).
type Edge = ((usize, usize), f32);

/// Joins the lines of one indicator that wrapping split apart, under a
/// header naming the 三级 and target columns: a line with a 三级 name and a
/// target is an indicator; a line holding only one of them (a wrapped name
/// beside a vertically centred target, the target between two name lines,
/// a name's last line) belongs to the nearer of its neighbours (edge to
/// edge), when that is an indicator or such a line of the same anchor
/// epoch, at most [`SPLIT_ROW_EM`] ems away centre to centre. Each line
/// links to one neighbour only, so a run of linked lines holds at most one
/// indicator. Two indicator lines are one when they are much closer than
/// rows are, or when the first runs to the right edge of each column the
/// second has text in and the gap is clearly below the rows'.
pub(super) fn join_split_rows(lines: &mut Vec<BLine>, epochs: &[Anchors]) {
    let joins = {
        let mut split = SplitRows::new(lines, epochs);
        let mut joins = vec![false; lines.len()];
        let data: Vec<bool> = split.state.iter().map(Option::is_some).collect();
        let cut = join_even_rows(lines, epochs, &data, &mut joins);
        for (state, _) in split.state.iter_mut().zip(cut).filter(|(_, c)| *c) {
            *state = None;
        }
        let wrap_gap = split.join_partials_between(&mut joins);
        split.join_overlapping(&mut joins);
        split.join_partials_at_edges(&mut joins, wrap_gap);
        split.join_closing_marks(&mut joins);
        // (The data lines are known from here on.)
        let right_edge = split.right_edges();
        split.join_partials_under_full_lines(&mut joins, &right_edge);
        let row_gap = split.row_gap(&joins);
        if let Some(row_gap) = row_gap {
            let cell_line_gap = split.joined_gap(&joins);
            split.join_close_complete(&mut joins, row_gap, cell_line_gap, &right_edge);
            split.join_filled_wraps(&mut joins, row_gap, &right_edge);
        }
        joins
    };
    apply_joins(lines, joins);
}

/// The data lines of a page with what [`join_split_rows`] asks of them.
/// `joins[i]` (in the methods) means that line `i + 1` continues line `i`.
struct SplitRows<'a> {
    lines: &'a [BLine],
    /// Per line: `None` (not joinable), `Some(true)` complete (a name and
    /// a target), `Some(false)` partial (one of them).
    state: Vec<Option<bool>>,
}

impl<'a> SplitRows<'a> {
    fn new(lines: &'a [BLine], epochs: &[Anchors]) -> Self {
        let state = lines
            .iter()
            .map(|l| {
                if l.whole_row {
                    return None;
                }
                let roles = l.epoch.and_then(|e| epochs.get(e)).map(|a| a.roles)?;
                let (l3, tgt) = (roles.l3?, roles.target?);
                // The row-label column (a stacked 绩效指标) does not count.
                let first = roles.l1.into_iter().chain(roles.l2).chain([l3]).min()?;
                let data = |c: &BCell| c.col == l3 || c.col == tgt;
                if !l.cells.iter().any(data) || !l.cells.iter().all(|c| data(c) || c.col < first) {
                    return None;
                }
                let name = l.cells.iter().any(|c| c.col == l3);
                let target = l.cells.iter().any(|c| c.col == tgt);
                Some(name && target)
            })
            .collect();
        SplitRows { lines, state }
    }

    fn partial(&self, i: usize) -> bool {
        self.state.get(i).copied().flatten() == Some(false)
    }

    fn complete(&self, i: usize) -> bool {
        self.state.get(i).copied().flatten() == Some(true)
    }

    /// Lines `a` and `b` (below it) that may hold one indicator, and the
    /// gap between them: at most [`SPLIT_ROW_EM`] ems apart centre to
    /// centre, or `by_edges` from the text line of each nearest the other
    /// (a line joined from several, a wrapped name beside a centred target,
    /// is tall, its centre far from its neighbours').
    fn link(&self, a: usize, b: usize, by_edges: bool) -> Option<f32> {
        let (la, lb) = (self.lines.get(a)?, self.lines.get(b)?);
        self.state.get(a).copied().flatten()?;
        self.state.get(b).copied().flatten()?;
        if la.epoch != lb.epoch {
            return None;
        }
        let em = la.em.max(lb.em);
        let gap = lb.y0 - la.y1;
        let apart = if by_edges {
            gap + em
        } else {
            (lb.y0 + lb.y1) / 2.0 - (la.y0 + la.y1) / 2.0
        };
        (apart <= SPLIT_ROW_EM * em).then_some(gap)
    }

    fn linkable(&self, a: usize, b: usize) -> Option<f32> {
        self.link(a, b, false)
    }

    fn reachable(&self, a: usize, b: usize) -> Option<f32> {
        self.link(a, b, true)
    }

    fn em(&self, i: usize) -> f32 {
        self.lines.get(i).map_or(0.0, |l| l.em)
    }

    /// Partial lines with a neighbour on both sides join the nearer one;
    /// the gaps they pick are the table's wrap gaps, whose median this
    /// returns.
    fn join_partials_between(&self, joins: &mut [bool]) -> Option<f32> {
        let mut picked: Vec<f32> = Vec::new();
        for i in 0..self.lines.len() {
            if !self.partial(i) {
                continue;
            }
            let above = i.checked_sub(1).and_then(|p| self.linkable(p, i));
            let below = self.linkable(i, i + 1);
            if let (Some(a), Some(b)) = (above, below) {
                // (Overlapping lines, a target beside a name, say nothing
                // about the gap between wrapped lines.)
                if a.min(b) >= 0.0 {
                    picked.push(a.min(b));
                }
                if b < a {
                    set(joins, i);
                } else {
                    set(joins, i - 1);
                }
            }
        }
        lines::median(&mut picked)
    }

    /// Rows never overlap: lines that do (a name and a target wrapping
    /// over interleaved lines) are one indicator, whatever each picked.
    fn join_overlapping(&self, joins: &mut [bool]) {
        for i in 0..self.lines.len().saturating_sub(1) {
            let overlaps = self.linkable(i, i + 1).is_some_and(|gap| gap < -OVERLAP_PT);
            if overlaps && (self.partial(i) || self.partial(i + 1)) {
                set(joins, i);
            }
        }
    }

    /// A partial line with one neighbour (at a page edge: maybe a row the
    /// page break split) joins it only when the gap is no wider than the
    /// wrap gaps. A side with no neighbour near enough centre to centre may
    /// have a tall one (joined from several lines) a wrap gap away; with a
    /// neighbour on both sides then, the clearly nearer one counts.
    fn join_partials_at_edges(&self, joins: &mut [bool], wrap_gap: Option<f32>) {
        for i in 0..self.lines.len() {
            if !self.partial(i) {
                continue;
            }
            let above = i.checked_sub(1).and_then(|p| self.linkable(p, i));
            let below = self.linkable(i, i + 1);
            let em = self.em(i);
            let close = |gap: f32| {
                gap <= wrap_gap.map_or(WRAP_GAP_DEFAULT_EM * em, |w| w + WRAP_GAP_SLACK_EM * em)
            };
            let (above, below) = match (above, below) {
                (Some(_), Some(_)) => (above, below),
                _ => {
                    let a = above.or_else(|| i.checked_sub(1).and_then(|p| self.reachable(p, i)));
                    let b = below.or_else(|| self.reachable(i, i + 1));
                    match (a, b) {
                        (Some(a), Some(b)) if b < a - CLEARLY_NEARER_EM * em => (None, Some(b)),
                        (Some(a), Some(b)) if a < b - CLEARLY_NEARER_EM * em => (Some(a), None),
                        (Some(_), Some(_)) => (None, None),
                        one => one,
                    }
                }
            };
            match (above, below) {
                (Some(a), None) if close(a) => set(joins, i - 1),
                (None, Some(b)) if close(b) => set(joins, i),
                _ => {}
            }
        }
    }

    /// The joined runs of joinable lines so far, top to bottom.
    fn runs(&self, joins: &[bool]) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        let mut open_run = false;
        for (i, line) in self.lines.iter().enumerate() {
            if self.state.get(i).copied().flatten().is_none() {
                open_run = false;
                continue;
            }
            match runs.last_mut().filter(|_| open_run) {
                Some(r) => {
                    r.last = i;
                    r.top = r.top.min(line.y0);
                    r.bottom = r.bottom.max(line.y1);
                }
                None => runs.push(Run {
                    first: i,
                    last: i,
                    top: line.y0,
                    bottom: line.y1,
                }),
            }
            open_run = joins.get(i).copied().unwrap_or(false);
        }
        runs
    }

    fn same_epoch(&self, a: usize, b: usize) -> bool {
        self.lines.get(a).map(|l| l.epoch) == self.lines.get(b).map(|l| l.epoch)
    }

    fn adjacent(&self, p: &Run, q: &Run) -> bool {
        q.first == p.last + 1 && self.same_epoch(p.last, q.first)
    }

    /// The median gap between the lines joined so far (not overlapping):
    /// the page's gap between two lines of one cell.
    fn joined_gap(&self, joins: &[bool]) -> Option<f32> {
        let mut gaps: Vec<f32> = (0..self.lines.len().saturating_sub(1))
            .filter(|&i| joins.get(i).copied().unwrap_or(false) && self.same_epoch(i, i + 1))
            .filter_map(|i| Some(self.lines.get(i + 1)?.y0 - self.lines.get(i)?.y1))
            .filter(|gap| *gap >= 0.0)
            .collect();
        lines::median(&mut gaps)
    }

    /// The median gap between the indicators found so far.
    fn row_gap(&self, joins: &[bool]) -> Option<f32> {
        let runs = self.runs(joins);
        let mut gaps: Vec<f32> = runs
            .windows(2)
            .filter(|w| self.adjacent(&w[0], &w[1]))
            .map(|w| w[1].top - w[0].bottom)
            .collect();
        lines::median(&mut gaps)
    }

    /// A name and a target that both wrap give two complete lines a wrap
    /// gap apart. Indicators are further apart (their padding on both
    /// sides): two lone complete lines closer than half the median gap
    /// between the indicators, and no further apart than two lines of one
    /// cell (`cell_line_gap`, where lines were joined), are one indicator.
    fn join_close_complete(
        &self,
        joins: &mut [bool],
        row_gap: f32,
        cell_line_gap: Option<f32>,
        right_edge: &[Edge],
    ) {
        let runs = self.runs(joins);
        for w in runs.windows(2) {
            let (p, q) = (&w[0], &w[1]);
            let lone = p.first == p.last
                && q.first == q.last
                && self.complete(p.first)
                && self.complete(q.first);
            let gap = q.top - p.bottom;
            let em = self.em(p.first);
            let taken = |k: usize| joins.get(k).copied().unwrap_or(false);
            // Both cells of the first line wrapped: neither ended with room
            // to spare (Calc sets one-line rows 0.75 em apart, closer
            // than half the gap around its rows' wrapped names).
            let wrapped = self.lines.get(p.first).is_some_and(|line| {
                line.cells
                    .iter()
                    .all(|c| fills_column_within(right_edge, line, c.col, UNFILLED_LINE_EM))
            });
            if lone
                && wrapped
                && self.linkable(p.last, q.first).is_some()
                && gap >= 0.0
                && gap < CLOSE_COMPLETE_SHARE * row_gap
                && gap < em
                && cell_line_gap.is_none_or(|w| gap <= w + WRAPPED_TOGETHER_SLACK_EM * em)
                && !taken(q.first)
                && p.first.checked_sub(1).is_none_or(|k| !taken(k))
            {
                set(joins, p.last);
            }
        }
    }

    /// Each (anchor epoch, column)'s furthest right edge over the data
    /// lines.
    fn right_edges(&self) -> Vec<Edge> {
        let data: Vec<bool> = self.state.iter().map(Option::is_some).collect();
        right_edges(self.lines, &data)
    }

    /// A name and a target that both wrap, in a table whose wrapped lines
    /// are not much closer than its rows: the first line's cells run to
    /// their columns' right edges (the furthest any line of the page
    /// reaches) and the next line is clearly nearer than rows usually are.
    fn join_filled_wraps(&self, joins: &mut [bool], row_gap: f32, right_edge: &[Edge]) {
        let fills = |line: &BLine, col: usize| fills_column(right_edge, line, col);
        for i in 0..self.lines.len().saturating_sub(1) {
            let (Some(a), Some(b)) = (self.lines.get(i), self.lines.get(i + 1)) else {
                continue;
            };
            let taken = |k: usize| joins.get(k).copied().unwrap_or(false);
            let free = !taken(i) && i.checked_sub(1).is_none_or(|k| !taken(k)) && !taken(i + 1);
            let wrapped = b.cells.len() >= 2 && b.cells.iter().all(|c| fills(a, c.col));
            let gap = b.y0 - a.y1;
            if free
                && self.complete(i)
                && self.complete(i + 1)
                && wrapped
                && self.linkable(i, i + 1).is_some()
                && gap >= 0.0
                && gap < FILLED_WRAP_SHARE * row_gap
            {
                set(joins, i);
            }
        }
    }

    /// A partial line left alone, with no clearly nearer neighbour, goes on
    /// the line above where that line's text runs to the right edge of
    /// every column the partial line has text in: the text wrapped there
    /// (a three-line name's last line, halfway between its row's centred
    /// target and the next row's).
    fn join_partials_under_full_lines(&self, joins: &mut [bool], right_edge: &[Edge]) {
        for i in 1..self.lines.len() {
            let (Some(above), Some(line)) = (self.lines.get(i - 1), self.lines.get(i)) else {
                continue;
            };
            let taken = |k: usize| joins.get(k).copied().unwrap_or(false);
            let fills = |col: usize| fills_column(right_edge, above, col);
            if self.partial(i)
                && !taken(i - 1)
                && !taken(i)
                && !line.cells.is_empty()
                && line.cells.iter().all(|c| fills(c.col))
                && self.reachable(i - 1, i).is_some_and(|gap| gap >= 0.0)
            {
                set(joins, i - 1);
            }
        }
    }

    /// A partial line holding only closing punctuation (`）`, which a line
    /// may not start with, pulled down alone where Calc wraps) ends the
    /// line above: it is never a row of its own.
    fn join_closing_marks(&self, joins: &mut [bool]) {
        for i in 1..self.lines.len() {
            let Some(line) = self.lines.get(i) else {
                continue;
            };
            let marks_only = !line.cells.is_empty()
                && line.cells.iter().all(|c| {
                    let t = super::cells::compact(&c.text);
                    !t.is_empty() && t.chars().all(|ch| lines::is_closing_punct(&ch.to_string()))
                });
            if self.partial(i) && marks_only && self.reachable(i - 1, i).is_some() {
                set(joins, i - 1);
            }
        }
    }
}

/// The line's text in column `col` runs to the column's right edge (the
/// furthest any data line of its epoch reaches, see
/// [`SplitRows::right_edges`]), within [`FILLS_COLUMN_EM`].
fn fills_column(right_edge: &[Edge], line: &BLine, col: usize) -> bool {
    fills_column_within(right_edge, line, col, FILLS_COLUMN_EM)
}

/// The line's text in column `col` ends within `margin_em` ems of the
/// column's right edge.
fn fills_column_within(right_edge: &[Edge], line: &BLine, col: usize, margin_em: f32) -> bool {
    let reach = right_edge
        .iter()
        .find(|(k, _)| Some(*k) == line.epoch.map(|e| (e, col)))
        .map(|&(_, x)| x);
    line.cells
        .iter()
        .any(|c| c.col == col && reach.is_some_and(|x| c.x1 >= x - margin_em * line.em))
}

fn set(joins: &mut [bool], i: usize) {
    if let Some(j) = joins.get_mut(i) {
        *j = true;
    }
}

/// Merges each line into the one above where `joins` says it continues it.
fn apply_joins(lines: &mut Vec<BLine>, joins: Vec<bool>) {
    let mut merged: Vec<BLine> = Vec::with_capacity(lines.len());
    let mut prev_joins = false;
    for (line, joins_next) in lines.drain(..).zip(joins) {
        match merged.last_mut().filter(|_| prev_joins) {
            Some(host) => {
                merge_by_column(&mut host.cells, line.cells);
                host.open.extend(line.open);
                host.open.sort_unstable();
                host.open.dedup();
                host.y0 = host.y0.min(line.y0);
                host.y1 = host.y1.max(line.y1);
            }
            None => merged.push(line),
        }
        prev_joins = joins_next;
    }
    *lines = merged;
}

/// Lines overlapping by more than this (pt) are one indicator: rows never
/// overlap.
const OVERLAP_PT: f32 = 1.0;
/// Without wrap gaps measured, a lone partial line joins a neighbour this
/// close (ems)…
const WRAP_GAP_DEFAULT_EM: f32 = 0.5;
/// …with them, one at most this much (ems) wider than they are.
const WRAP_GAP_SLACK_EM: f32 = 0.3;
/// A neighbour is clearly the nearer when this much (ems) nearer.
const CLEARLY_NEARER_EM: f32 = 0.3;
/// Two complete lines closer than this share of the rows' median gap are
/// one indicator (a name and a target that both wrap)…
const CLOSE_COMPLETE_SHARE: f32 = 0.5;
/// …and no more than this much (ems) wider than the gap between the lines
/// joined so far (see `SplitRows::joined_gap`): the two lines of a cell
/// are a line pitch apart, exactly (op9125 calc_014's one-line rows are
/// 1.2 pitches apart).
const WRAPPED_TOGETHER_SLACK_EM: f32 = 0.15;
/// …and, where the first fills its columns, closer than this share.
const FILLED_WRAP_SHARE: f32 = 0.8;
/// A cell reaching within this many ems of its column's furthest right
/// edge fills the column.
const FILLS_COLUMN_EM: f32 = 0.5;

/// Lines of one indicator are at most this many ems apart, centre to centre.
pub(super) const SPLIT_ROW_EM: f32 = 1.8;

/// Consecutive data lines joined so far: their first and last line, and
/// the extent they cover.
struct Run {
    first: usize,
    last: usize,
    top: f32,
    bottom: f32,
}
