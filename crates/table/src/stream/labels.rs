//! Merged-cell labels (一级, 二级) placed on the first line of their group.

use super::anchors::{Anchors, Roles};
use super::cells::{compact, BCell, BLine};
use super::fit::{Fit, Groups};
use crate::lines;
use crate::FormWords;

/// A merged-cell label (一级 or 二级 column) lifted out of its line.
pub(super) struct Label {
    pub(super) epoch: usize,
    pub(super) col: usize,
    pub(super) text: String,
    pub(super) x0: f32,
    pub(super) x1: f32,
    pub(super) y0: f32,
    pub(super) y1: f32,
    pub(super) em: f32,
    /// See [`BCell::glyphs`].
    pub(super) glyphs: Vec<usize>,
}

impl Label {
    pub(super) fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }

    /// Appends the next line of a wrapped label and grows the box.
    pub(super) fn absorb(&mut self, next: Label) {
        lines::join_wrapped(&mut self.text, &next.text);
        self.x0 = self.x0.min(next.x0);
        self.x1 = self.x1.max(next.x1);
        self.y0 = self.y0.min(next.y0);
        self.y1 = self.y1.max(next.y1);
        self.glyphs.extend(next.glyphs);
    }
}

/// Takes the cells in the 一级 and 二级 columns out of anchored lines whose
/// header named those columns and a 三级 or target column; lines left empty
/// are dropped, and lines left with cells only left of the label columns
/// (the row label) are returned apart.
pub(super) fn lift_labels(lines: &mut Vec<BLine>, epochs: &[Anchors]) -> (Vec<Label>, Vec<BLine>) {
    let mut out = Vec::new();
    let mut side_of = vec![false; lines.len()];
    for (line, side) in lines.iter_mut().zip(side_of.iter_mut()) {
        let Some((e, roles)) = line.epoch.and_then(|e| epochs.get(e).map(|a| (e, a.roles))) else {
            continue;
        };
        if roles.l3.is_none() && roles.target.is_none() {
            continue;
        }
        let is_label = |col: usize| roles.l1 == Some(col) || roles.l2 == Some(col);
        let first_label = roles.l1.into_iter().chain(roles.l2).min();
        // Judged on what the labels leave: a stacked 绩效指标 may share its
        // line with a 二级 label.
        let row_label_only = |line: &BLine| {
            first_label
                .is_some_and(|f| !line.cells.is_empty() && line.cells.iter().all(|c| c.col < f))
        };
        if !line.cells.iter().any(|c| is_label(c.col)) {
            line.refit_from(first_label.unwrap_or(0));
            *side = row_label_only(line);
            continue;
        }
        let (lifted, kept): (Vec<BCell>, Vec<BCell>) =
            line.cells.drain(..).partition(|c| is_label(c.col));
        line.cells = kept;
        line.refit_from(first_label.unwrap_or(0));
        *side = row_label_only(line);
        out.extend(lifted.into_iter().map(|c| Label {
            epoch: e,
            col: c.col,
            text: c.text,
            x0: c.x0,
            x1: c.x1,
            y0: c.y0,
            y1: c.y1,
            em: line.em,
            glyphs: c.glyphs,
        }));
    }
    let mut side = Vec::new();
    let mut kept = Vec::with_capacity(lines.len());
    for (line, is_side) in lines.drain(..).zip(side_of) {
        if is_side {
            side.push(line);
        } else if !line.cells.is_empty() {
            kept.push(line);
        }
    }
    *lines = kept;
    (out, side)
}

/// Joins a label wrapped over lines of its column: the next fragment in the
/// same column continues the text when that does not already end in 指标
/// (`可持续影` + `响指标`, `服务对象满意度指` + `标`) and it lies at most
/// [`LABEL_WRAP_EM`] ems below (centre to centre), or up to
/// [`LABEL_WRAP_FAR_EM`] where the two spell the beginning of a framework
/// label (`经济成本指` + `标`). Neighbouring one-line groups are further
/// apart (a row's padding on both sides), and their labels end in 指标
/// anyway; but Writer's unpadded rows set a label's lines as far apart as
/// Calc sets two labels of neighbouring groups, so there only the words
/// tell. The joined label spans both fragments, so its centre is theirs.
pub(super) fn join_label_wraps(mut labels: Vec<Label>, words: &dyn FormWords) -> Vec<Label> {
    labels.sort_by(|a, b| {
        (a.epoch, a.col)
            .cmp(&(b.epoch, b.col))
            .then(a.cy().total_cmp(&b.cy()))
    });
    let mut out: Vec<Label> = Vec::with_capacity(labels.len());
    // Centre of each output label's last fragment: a label wrapped over
    // three lines is measured fragment to fragment.
    let mut last_cy: Vec<f32> = Vec::with_capacity(labels.len());
    for label in labels {
        if let (Some(prev), Some(prev_cy)) = (out.last_mut(), last_cy.last_mut()) {
            let same_col = prev.epoch == label.epoch && prev.col == label.col;
            let apart = (label.cy() - *prev_cy) / prev.em.max(label.em);
            let joined = || {
                let mut text = prev.text.clone();
                lines::join_wrapped(&mut text, &label.text);
                text
            };
            let close = apart <= LABEL_WRAP_EM
                || (apart <= LABEL_WRAP_FAR_EM && words.begins_level_label(&joined()));
            if same_col && close && !compact(&prev.text).ends_with("指标") {
                *prev_cy = label.cy();
                prev.absorb(label);
                continue;
            }
        }
        last_cy.push(label.cy());
        out.push(label);
    }
    out
}

/// Two fragments of one label are at most this many ems apart…
pub(super) const LABEL_WRAP_EM: f32 = 1.6;
/// …or this many where they spell a framework label's beginning (Writer
/// sets Noto CJK lines 1.66 em apart).
pub(super) const LABEL_WRAP_FAR_EM: f32 = 1.8;

/// Puts each label on the first data line of the group it is centred on
/// (see [`Fit::groups`]), one page and anchor epoch at a time. Where both
/// columns have labels, their groups nest (see [`Fit::both_columns`]).
/// A column whose last group ends above the last data line marks
/// the next line as an open cell (a group whose label is on the next
/// page). Labels without a fit go to the data line they overlap, or stay a
/// line of their own. Returns the height of the unlabelled rows at the foot
/// of the last epoch, per column: the `lead` of the next page's fit; and
/// whether the last epoch's labels were read at their groups' tops (where
/// the table goes on, `top_before` of the next page's).
pub(super) fn place_labels(
    lines: &mut Vec<BLine>,
    labels: Vec<Label>,
    epochs: &[Anchors],
    continuing: &[usize],
    before: &PageFoot,
    goes_on: bool,
) -> PageFoot {
    let (lead_in, top_before) = (before.lead, before.top_aligned);
    let mut out = PageFoot {
        top_aligned: top_before,
        ..PageFoot::default()
    };
    let mut placing = Placing {
        pending: labels,
        placed: Vec::new(),
        opens: Vec::new(),
    };
    for (e, a) in epochs.iter().enumerate() {
        let data = data_lines(lines, e, a.roles);
        let ext: Vec<(f32, f32)> = data.iter().map(|&(_, y0, y1)| (y0, y1)).collect();
        let mut fit = Fit {
            ext: &ext,
            em: a.em,
            allow_prefix: continuing.contains(&e),
            lead: lead_in,
            allow_suffix: goes_on && e + 1 == epochs.len(),
            top_aligned: false,
            continues_top: false,
            whole_cells: false,
            claim: before.claim,
        };
        let (c1, l1) = placing.take(&fit, e, a.roles.l1, lead_in.0);
        let (c2, l2) = placing.take(&fit, e, a.roles.l2, lead_in.1);
        let centres1: Vec<f32> = l1.iter().map(Label::cy).collect();
        let centres2: Vec<f32> = l2.iter().map(Label::cy).collect();
        let centred = fit.both_columns(&centres1, &centres2);
        // Only a clearly better fit says labels are centred on whole
        // merged cells cut by the page break (a label centred on its rows
        // on this page alone, as generators print it, fits both ways).
        let on = Fit {
            whole_cells: true,
            ..fit
        };
        let whole = (fit.allow_suffix || fit.allow_prefix)
            .then(|| on.both_columns(&centres1, &centres2))
            .filter(|r| r.2 + WHOLE_CELLS_MARGIN_EM * a.em < centred.2);
        let on_page_only = centred.2;
        let (centred_fit, centred) = match whole {
            Some(r) => (on, r),
            None => (fit, centred),
        };
        // Labels printed at the top of their merged cells (Calc) fit no
        // centring; only a clearly better fit says so (a label centred on
        // a group of odd lines sits on a line too).
        // A table keeps its alignment over the page break: the page
        // before decides unless this one clearly disagrees.
        let continues = fit.allow_prefix && top_before;
        let top = Fit {
            top_aligned: true,
            continues_top: continues,
            ..fit
        };
        let at_top = top.both_columns(&centres1, &centres2);
        let margin = TOP_ALIGNED_MARGIN_EM * a.em;
        let beats_page_only = if continues {
            at_top.2 <= on_page_only + margin
        } else {
            at_top.2 + margin < on_page_only
        };
        let read_top = beats_page_only && at_top.2 <= centred.2 + WHOLE_CELLS_OVER_TOP_EM * a.em;
        if e + 1 == epochs.len() && !(l1.is_empty() && l2.is_empty()) {
            out.top_aligned = read_top;
        }
        let (g1, g2, _) = if read_top {
            fit = top;
            at_top
        } else {
            fit = centred_fit;
            centred
        };
        // A column without labels here holds the end of the previous
        // page's last group where its label's centring said it ran on this
        // far, and the start of a group whose label comes later.
        let padding = row_padding(&ext, a.em);
        let claimed = |labels: &[Label], claim: f32| {
            (fit.allow_prefix && labels.is_empty())
                .then(|| claimed_end(&ext, claim, padding))
                .flatten()
        };
        let ends = (claimed(&l1, before.claim.0), claimed(&l2, before.claim.1));
        for (col, end) in [(c1, ends.0), (c2, ends.1)] {
            if let (Some(col), Some(&(i, _, _))) = (col, end.and_then(|s| data.get(s))) {
                placing.opens.push((i, col));
            }
        }
        if e + 1 == epochs.len() {
            out.lead = (
                foot(&fit, padding, &g1, !l1.is_empty(), lead_in.0, ends.0),
                foot(&fit, padding, &g2, !l2.is_empty(), lead_in.1, ends.1),
            );
            if fit.whole_cells {
                out.claim = (
                    run_on(&ext, &centres1, &g1, fit.prefix_lead(lead_in.0)),
                    run_on(&ext, &centres2, &g2, fit.prefix_lead(lead_in.1)),
                );
            }
        }
        for (col, labels, groups) in [(c1, l1, g1), (c2, l2, g2)] {
            if let Some(col) = col {
                placing.put(&data, col, labels, groups);
            }
        }
    }
    for (i, col) in placing.opens {
        if let Some(line) = lines.get_mut(i) {
            line.open.push(col);
            line.open.sort_unstable();
            line.open.dedup();
        }
    }
    for (i, label) in placing.placed {
        if let Some(line) = lines.get_mut(i) {
            put_label(line, label);
        }
    }
    place_unfitted(lines, placing.pending);
    out
}

/// A fit centring labels on whole merged cells cut by the page break must
/// beat the one centring them on the page's rows by this many ems (a tie
/// goes to the page's rows: on evenly spaced rows both fit exactly)…
const WHOLE_CELLS_MARGIN_EM: f32 = 0.25;
/// …and the labels are read at their groups' tops only where that fit
/// does not beat the top-aligned one by more than this many ems (Calc's
/// label of a merged cell cut twice, centred on one row between two
/// breaks, sits off both that row's centre and its own top).
const WHOLE_CELLS_OVER_TOP_EM: f32 = 1.0;

/// What a page's label fit hands to the next page's.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct PageFoot {
    /// See [`Fit::lead`].
    pub(super) lead: (f32, f32),
    /// The labels were read at their groups' tops.
    pub(super) top_aligned: bool,
    /// See [`Fit::claim`].
    pub(super) claim: (f32, f32),
}

/// How far past the page a last group over the page's last line runs, by
/// its label's centring (the label centred on rows the next page holds):
/// twice the label's centre less the group's top and bottom (its top
/// `lead` higher where it began on the previous page); 0 where the group
/// ends on the page.
fn run_on(ext: &[(f32, f32)], centres: &[f32], groups: &Option<Groups>, lead: f32) -> f32 {
    let (Some(&(s, e)), Some(&cy)) = (groups.as_ref().and_then(|g| g.last()), centres.last())
    else {
        return 0.0;
    };
    let above = if s == 0 { lead } else { 0.0 };
    match (ext.get(s), ext.get(e)) {
        (Some(first), Some(last)) if e + 1 == ext.len() => {
            (2.0 * cy - (first.0 - above) - last.1).max(0.0)
        }
        _ => 0.0,
    }
}

/// Labels on their way to their lines.
struct Placing {
    /// Labels not placed yet.
    pending: Vec<Label>,
    /// (line index, label) for labels that found their group.
    placed: Vec<(usize, Label)>,
    /// (line index, column) of open cells.
    opens: Vec<(usize, usize)>,
}

impl Placing {
    /// The pending labels of epoch `e` in column `col` that a data line of
    /// the fit can reach, top to bottom. A label no data line can reach
    /// (the start of a label whose rows are on the next page) would leave
    /// its whole column without a fit; it stays pending, for the fallback.
    fn take(
        &mut self,
        fit: &Fit,
        e: usize,
        col: Option<usize>,
        lead: f32,
    ) -> (Option<usize>, Vec<Label>) {
        let Some(col) = col else {
            return (None, Vec::new());
        };
        let tol = fit.tol();
        // A label centred on a merged cell that began on the previous page
        // may lie above this page's first line (under a repeated header).
        let reach = fit
            .ext
            .first()
            .zip(fit.ext.last())
            .map(|(f, l)| (f.0 - tol - fit.prefix_lead(lead), l.1 + tol));
        let (mut mine, rest): (Vec<Label>, Vec<Label>) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|l| {
                l.epoch == e
                    && l.col == col
                    && reach.is_some_and(|(lo, hi)| (lo..=hi).contains(&l.cy()))
            });
        self.pending = rest;
        mine.sort_by(|p, q| p.cy().total_cmp(&q.cy()));
        (Some(col), mine)
    }

    /// Labels of column `col` onto the first data line of their groups;
    /// the line after the last group gets an open cell. Without a fit the
    /// labels stay pending.
    fn put(
        &mut self,
        data: &[(usize, f32, f32)],
        col: usize,
        labels: Vec<Label>,
        groups: Option<Groups>,
    ) {
        let Some(groups) = groups else {
            self.pending.extend(labels);
            return;
        };
        if let Some(&(_, last)) = groups.last() {
            if let Some(&(i, _, _)) = data.get(last + 1) {
                self.opens.push((i, col));
            }
        }
        for (label, (s, _)) in labels.into_iter().zip(groups) {
            match data.get(s) {
                Some(&(i, _, _)) => self.placed.push((i, label)),
                None => self.pending.push(label),
            }
        }
    }
}

/// Data lines of epoch `e`, top to bottom: (line index, top and bottom of
/// their 三级 and target cells).
fn data_lines(lines: &[BLine], e: usize, roles: Roles) -> Vec<(usize, f32, f32)> {
    let mut data: Vec<(usize, f32, f32)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.epoch == Some(e))
        .filter_map(|(i, l)| {
            let (y0, y1) = l
                .cells
                .iter()
                .filter(|c| roles.is_data(c.col))
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), c| {
                    (lo.min(c.y0), hi.max(c.y1))
                });
            (y0 <= y1).then_some((i, y0, y1))
        })
        .collect();
    data.sort_by(|p, q| p.1.total_cmp(&q.1));
    data
}

/// A fit with labels at their groups' tops must beat the centred one by
/// this many ems (a label centred on a one-line group sits on its top line
/// too). Less than two lines left after the last group cost (0.5 em): a
/// page whose only label heads a group that runs on to the next page
/// (Calc's unmerged labels, printed in their group's first row) is read
/// top-aligned.
const TOP_ALIGNED_MARGIN_EM: f32 = 0.4;

/// Height of the rows after a column's last group at the foot of the page,
/// with their padding: the rows' cells reach half a row gap beyond their
/// text on both sides, so the part of a merged cell on this page is its
/// rows' text plus one row gap. A column with no label on the page is all
/// the middle of a group (and carries the previous page's lead on), or,
/// where the previous page's last group ended on it (`claimed`, the line
/// after that group), the start of one.
fn foot(
    fit: &Fit,
    padding: f32,
    groups: &Option<Groups>,
    labelled: bool,
    carried: f32,
    claimed: Option<usize>,
) -> f32 {
    let ext = fit.ext;
    let (Some(first), Some(last)) = (ext.first(), ext.last()) else {
        return 0.0;
    };
    match groups.as_ref().and_then(|g| g.last()) {
        Some(&(_, end)) => ext
            .get(end + 1)
            .map_or(0.0, |open| last.1 - open.0 + padding),
        None if !labelled => match claimed.and_then(|s| ext.get(s)) {
            Some(start) => last.1 - start.0 + padding,
            None => last.1 - first.0 + padding + if fit.allow_prefix { carried } else { 0.0 },
        },
        None => 0.0,
    }
}

/// The gap between neighbouring data lines (their padding), or an em.
fn row_padding(ext: &[(f32, f32)], em: f32) -> f32 {
    let mut gaps: Vec<f32> = ext
        .windows(2)
        .map(|w| w[1].0 - w[0].1)
        .filter(|g| *g > 0.0)
        .collect();
    lines::median(&mut gaps).unwrap_or(em)
}

/// The line where the previous page's last group ends on this page, which
/// its label's centring said ran `claim` past that page's foot (see
/// [`run_on`]): the line whose top lies that far below the first line's,
/// where that is not the page's end (the group may run on through it).
fn claimed_end(ext: &[(f32, f32)], claim: f32, padding: f32) -> Option<usize> {
    let (first, last) = (ext.first()?.0, ext.last()?.1);
    if claim <= 0.0 {
        return None;
    }
    let (s, _) = ext
        .iter()
        .skip(1)
        .map(|l| l.0)
        .chain([last + padding])
        .enumerate()
        .map(|(k, top)| (k + 1, (top - first - claim).abs()))
        .min_by(|p, q| p.1.total_cmp(&q.1))?;
    (s < ext.len()).then_some(s)
}

/// Labels without a fit: onto the line of their epoch they overlap (when
/// it has nothing in their column), or a line of their own.
fn place_unfitted(lines: &mut Vec<BLine>, pending: Vec<Label>) {
    let mut added = false;
    for label in pending {
        let cy = label.cy();
        let host = lines.iter_mut().find(|l| {
            l.epoch == Some(label.epoch)
                && l.y0 <= cy
                && cy <= l.y1
                && !l.cells.iter().any(|c| c.col == label.col)
        });
        match host {
            Some(line) => put_label(line, label),
            None => {
                let mut line = BLine {
                    y0: label.y0,
                    y1: label.y1,
                    em: label.em,
                    cells: Vec::new(),
                    anchored: true,
                    epoch: Some(label.epoch),
                    open: Vec::new(),
                    goal: None,
                    stack_only: false,
                    whole_row: false,
                    full_cols: Vec::new(),
                };
                put_label(&mut line, label);
                lines.push(line);
                added = true;
            }
        }
    }
    if added {
        lines.sort_by(|p, q| p.y0.total_cmp(&q.y0));
    }
}

/// Adds a label to a line as its cell (joined to a cell already in that
/// column), keeping the line's extent.
pub(super) fn put_label(line: &mut BLine, label: Label) {
    match line.cells.iter_mut().find(|c| c.col == label.col) {
        Some(cell) => lines::join_wrapped(&mut cell.text, &label.text),
        None => {
            line.cells.push(BCell {
                col: label.col,
                x0: label.x0,
                x1: label.x1,
                y0: label.y0,
                y1: label.y1,
                text: label.text,
                glyphs: label.glyphs,
            });
            line.cells.sort_by_key(|c| c.col);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{claimed_end, run_on};

    #[test]
    fn a_group_running_over_two_breaks_claims_the_rows_above_it_too() {
        // Page 2 of three: 产出指标's cell began with 215 pt of rows on
        // page 1 and is centred (263.7) on all of it, so it runs 364 pt
        // into page 3, not the 149 the page's own rows would say.
        let ext = [(73.0, 120.0), (151.0, 163.0), (275.0, 305.0)];
        let claim = run_on(&ext, &[263.7], &Some(vec![(0, 2)]), 214.7);
        assert!((claim - 364.1).abs() < 0.5, "{claim}");
        assert!((run_on(&ext, &[263.7], &Some(vec![(0, 2)]), 0.0) - 149.4).abs() < 0.5);
    }

    #[test]
    fn a_claim_ends_the_previous_group_where_a_line_starts_that_far_down() {
        let ext = [
            (73.0, 120.0),
            (151.0, 163.0),
            (183.0, 196.0),
            (209.0, 238.0),
            (250.0, 263.0),
            (275.0, 305.0),
        ];
        // 数量指标 ran 106 pt past page 1: its last row here is line 1.
        assert_eq!(claimed_end(&ext, 105.8, 12.0), Some(2));
        // Running through the whole page, it starts nothing here.
        assert_eq!(claimed_end(&ext, 250.0, 12.0), None);
        assert_eq!(claimed_end(&ext, 0.0, 12.0), None);
    }
}
