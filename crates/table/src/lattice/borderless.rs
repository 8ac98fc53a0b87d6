//! Rows from glyph positions alone, for pages without a ruled table
//! (borderless exports, scans with an invisible OCR text layer).
//!
//! Heuristics, in order:
//!
//! * **Lines**: glyphs grouped by vertical centre (half an em).
//! * **Cells**: a line splits wherever two glyphs are more than 1.5 em apart.
//!   OCR layers write every 1–3 CJK characters as a separate word, but the
//!   gaps between those words stay well under that, so the words of one cell
//!   stay together (and `clean_cell` drops the spaces between them).
//!   Lines outside the indicator table also split where an amount (digits
//!   with a thousands separator or decimal point, or five digits or more)
//!   meets CJK text across a gap over 0.4 em: a right-aligned value and the
//!   next column's centred label (`84,421,500.00` `其中：当年财政拨款`). A
//!   year before 年 is not an amount, and units (年, 元, 万…) never split.
//! * **Stacked labels**: runs of one or two CJK characters standing alone
//!   on their line (more than 0.3 em from any neighbour), stacked in one
//!   column on consecutive lines (centres within 0.3 em horizontally, at
//!   most 1.6 em apart vertically), are read top to bottom as one cell on
//!   the first line (`绩`/`效`/`指`/`标` → `绩效指标`, `项`…`元）` →
//!   `项目资金（元）`), before lines are split into cells. A bracketed unit
//!   of three or four glyphs (`（元）`) counts as such a run. Two runs of
//!   two stack only when they spell a row label (`绩效`/`指标`); data lines
//!   may lie between them.
//! * **Goal columns**: a line with a 项目总目标 cell left of a 年度总目标
//!   cell, followed on its page by the indicator header, starts a goal
//!   block: the lines up to the header hold the two goal texts side by
//!   side, wrapped. Each line's glyphs are split at the right column's
//!   left edge where most of its lines start at one x, set off from the
//!   text before them (left-aligned goals; the left column may reach the
//!   edge on every line), else at the widest gap between the two labels'
//!   centres that no glyph of the block covers (the gutter; full-width
//!   closing punctuation counts by its inked left half, as it may hang
//!   past the column); the block becomes one row of two
//!   cells, numbered as the two labels, each its column's lines joined. A
//!   block that runs to the bottom of the page continues at the top of the
//!   next page when the indicator header follows there: those lines become
//!   a second such row, with the same column numbers. A short run of
//!   glyphs set off by a gap left of where the left column's lines start
//!   is a piece of the row label, not goal text. A line holding only the
//!   goal period stays a row of its own; a row label in the block (a
//!   stacked 项目绩效目标) moves to the label line, where a ruled table
//!   reports its merged cell.
//! * **Columns**: a line with at least three header labels (一级指标,
//!   二级指标, 三级指标, 指标目标值, …指标值) is the indicator header (a
//!   label wrapped in a narrow column, `一级指` above the line and `标`
//!   below, is joined into it first; see `join_wrapped_header_labels`); its
//!   cells' x ranges become column anchors for the lines below. A cell goes
//!   to the anchor column it overlaps most, columns meeting halfway between
//!   neighbouring header labels, but never to a column whose label's
//!   centre lies more than an em left of the cells' left edge (a short
//!   left-aligned name in a wide 三级 column next to a narrow 二级 one);
//!   cells wholly left of the first anchor (by
//!   more than an em) go to column 0, the 绩效指标 label column, when the
//!   header has no such label of its own. Cells landing in the same column
//!   are joined. Anchors carry over to following borderless pages (tables
//!   whose header is not repeated) and are dropped at the next form's
//!   title or 项目名称 line. Lines without anchors number their cells 0, 1, …
//!   Lines under a header are split more finely (gaps over 0.45 em), and
//!   also at gaps over 0.3 em (or an overlap: a hanging `）`) where a glyph
//!   starts at a left edge that at least three cells share (a left-aligned
//!   column), with no gap at all where that edge lies between the 三级 and
//!   target header labels (a long name running into left-aligned targets);
//!   then neighbouring pieces in one column are joined again, so a long
//!   二级 label that nearly touches the 三级 name is still two cells. Cells sharing a left
//!   edge keep the column a larger such group chose on an earlier page.
//! * **Wrapped cells**: a line closer to the one above than half the median
//!   gap between such lines (anchored and plain lines measured separately,
//!   goal text left out, at least four gaps) continues it: vertically
//!   centred cells interleave with the wrapped lines of their neighbours
//!   this way. Two lines that each hold a field label (项目名称,
//!   其中：财政资金, …) are two rows, and a line holding only a stacked
//!   label continues nothing. Under a header
//!   its cells are appended column by column; elsewhere to the cell above
//!   that overlaps it in x (a wrapped 项目名称 value), or inserted by x.
//!   This only catches clear cases; ambiguous wraps are left to the mapper.
//!   Then, under a header naming the 三级 and target columns, a line
//!   holding only a name or only a target joins the nearer neighbour (a
//!   name wrapped beside a vertically centred target; see
//!   `join_split_rows`), and two lines each holding a name and a target
//!   join when they are closer than half the median gap between the
//!   indicators (a name and a target that both wrap).
//!   Merged-cell labels (below) and lines holding only the row label (a
//!   stacked 绩效指标) are taken out first: they are not wraps.
//! * **Merged-cell labels**: under a header that names the 一级 and/or 二级
//!   column, text in those columns is the label of a merged cell, printed
//!   vertically centred in its group. Labels wrapped over lines of their
//!   column are joined first (see `join_label_wraps`; fragments measured
//!   one to the next). A label no data line can reach (below the last
//!   one: its rows are on the next page) is left out of the fit. Data lines are the
//!   lines with text in the 三级 or target column; per page and header, the
//!   data lines are cut into consecutive groups, one per label top to
//!   bottom, so that each label sits as close as possible to its group's
//!   centre (halfway between the first line's top and the last line's
//!   bottom; see `Fit::groups`). The first group starts at the first line
//!   under the header; on a page the table continues onto (below a repeated header or none),
//!   lines before the first group may belong to a group labelled on the
//!   previous page, and lines after the last group to one labelled on the
//!   next page (the first of those lines gets an open cell, see
//!   [`crate::Row::open_cells`]). The two columns' groups nest: either
//!   二级 groups are fitted first, 一级 groups then start and end where
//!   二级 groups do, and 二级 groups are refitted inside them, or 一级
//!   groups are fitted first and 二级 inside them; the cheaper fit wins. Each label is reported on the first line of its group,
//!   as a ruled table would (the lattice convention); label-only lines go.
//!   On a page the table continues onto, the first group may also be
//!   centred with the rows the previous page left unlabelled at its foot
//!   counted in (a label Word centres on the whole merged cell, across the
//!   break). A label nothing can be centred on stays where it was printed.

use super::lines::{self, Segment, G};
use super::{furniture, y_frac, PRow, CELL_GAP_EM};
use crate::{clean_cell, Cell};
use jixiao_page::Page;

/// Header labels that make a line the indicator header.
const HEADER_WORDS: [&str; 5] = ["一级指标", "二级指标", "三级指标", "指标目标值", "指标值"];

/// Column anchors taken from an indicator header line.
#[derive(Debug, Clone)]
pub(super) struct Anchors {
    /// x range of each header cell, left to right.
    cols: Vec<(f32, f32)>,
    /// Column number of the first anchor (1 when the header has no 绩效指标
    /// cell, so that column 0 stays the row-label column).
    offset: usize,
    /// Em of the header line.
    em: f32,
    /// Columns of the header's 一级/二级/三级/target labels.
    roles: Roles,
    /// Columns chosen for groups of left-aligned cells (left edge, column,
    /// cells that voted), so a page the table continues onto, whose names
    /// may all be short, puts them where the longer ones went.
    aligned: Vec<(f32, usize, usize)>,
}

/// Column numbers of the header labels that matter for merged labels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Roles {
    l1: Option<usize>,
    l2: Option<usize>,
    l3: Option<usize>,
    target: Option<usize>,
}

impl Roles {
    /// From the header's segments, numbered from `offset`. A segment holding
    /// two header labels (printed too close to split) gives no role.
    fn of(segs: &[Segment], offset: usize) -> Roles {
        let mut r = Roles::default();
        for (k, s) in segs.iter().enumerate() {
            if header_words_in(&s.text) != 1 {
                continue;
            }
            let c = compact(&s.text);
            let slot = if c.contains("一级指标") {
                &mut r.l1
            } else if c.contains("二级指标") {
                &mut r.l2
            } else if c.contains("三级指标") {
                &mut r.l3
            } else {
                &mut r.target
            };
            slot.get_or_insert(k + offset);
        }
        r
    }

    /// A column that makes a line a data line (三级 name or target).
    fn is_data(&self, col: usize) -> bool {
        self.l3 == Some(col) || self.target == Some(col)
    }
}

impl Anchors {
    /// True for a cell ending left of the first anchor's label when column
    /// 0 is the row-label column. Labels of the first anchor column are
    /// centred or left-aligned on its header label, so they reach past
    /// its start; a stacked 绩效指标 may end only an em short of it.
    fn in_label_column(&self, x1: f32) -> bool {
        self.offset > 0
            && self
                .cols
                .first()
                .is_some_and(|&(first, _)| x1 < first - 0.25 * self.em)
    }

    /// How much `x0..x1` overlaps each anchor column's region; neighbouring
    /// regions meet halfway between their header labels. Negative values (a
    /// zero-width cell, or no overlap) still rank the nearest region first.
    fn overlaps(&self, x0: f32, x1: f32) -> Vec<f32> {
        (0..self.cols.len())
            .map(|k| {
                let lo = match (
                    k.checked_sub(1).and_then(|p| self.cols.get(p)),
                    self.cols.get(k),
                ) {
                    (Some(&(_, prev_x1)), Some(&(cur_x0, _))) => (prev_x1 + cur_x0) / 2.0,
                    _ => f32::NEG_INFINITY,
                };
                let hi = match (self.cols.get(k), self.cols.get(k + 1)) {
                    (Some(&(_, cur_x1)), Some(&(next_x0, _))) => (cur_x1 + next_x0) / 2.0,
                    _ => f32::INFINITY,
                };
                x1.min(hi) - x0.max(lo)
            })
            .collect()
    }
}

/// Index of the largest value (the first of equals).
fn argmax(values: &[f32]) -> usize {
    let mut best = (0usize, f32::NEG_INFINITY);
    for (k, &v) in values.iter().enumerate() {
        if v > best.1 {
            best = (k, v);
        }
    }
    best.0
}

/// What a line is to the column logic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The indicator header; its first cell's column.
    Header(usize),
    /// Cells placed by the anchors of this epoch.
    Anchored(usize),
    /// Cells numbered left to right.
    Plain,
}

fn set(cols: &mut [Vec<usize>], line: usize, seg: usize, col: usize) {
    if let Some(c) = cols.get_mut(line).and_then(|l| l.get_mut(seg)) {
        *c = col;
    }
}

/// One cell of a [`BLine`].
struct BCell {
    col: usize,
    x0: f32,
    x1: f32,
    /// Vertical extent of the cell's own glyphs (a line may hold glyphs a
    /// little above or below each other: a centred label next to a wrapped
    /// name).
    y0: f32,
    y1: f32,
    text: String,
}

impl BCell {
    /// Appends a wrapped continuation of this cell and grows its box.
    fn absorb(&mut self, other: &BCell) {
        lines::join_wrapped(&mut self.text, &other.text);
        self.x0 = self.x0.min(other.x0);
        self.x1 = self.x1.max(other.x1);
        self.y0 = self.y0.min(other.y0);
        self.y1 = self.y1.max(other.y1);
    }
}

/// Merges a continuation line's cells into `host` column by column; cells
/// in columns `host` lacks are added. Keeps `host` sorted by column.
fn merge_by_column(host: &mut Vec<BCell>, cells: Vec<BCell>) {
    for cell in cells {
        match host.iter_mut().find(|c| c.col == cell.col) {
            Some(t) => t.absorb(&cell),
            None => host.push(cell),
        }
    }
    host.sort_by_key(|c| c.col);
}

/// One line with its cells placed in columns.
struct BLine {
    y0: f32,
    y1: f32,
    em: f32,
    /// Cells sorted by column.
    cells: Vec<BCell>,
    anchored: bool,
    /// Anchor epoch of an anchored line.
    epoch: Option<usize>,
    /// See [`crate::Row::open_cells`].
    open: Vec<usize>,
    /// Goal block (index into the page's blocks) of a line of goal text.
    goal: Option<usize>,
    /// The line holds only stacked labels (their first glyphs' line): a
    /// label spanning rows, not a wrap of the line above.
    stack_only: bool,
}

impl BLine {
    /// Sets the line's extent to its cells' (kept when it has none).
    fn refit(&mut self) {
        self.refit_from(0);
    }

    /// Sets the line's extent to that of its cells in columns `first` and
    /// right of it, or of all its cells when it has none there: a stacked
    /// row label (绩效指标) spans rows, and its height on one line would
    /// make that line touch the next row.
    fn refit_from(&mut self, first: usize) {
        let from = if self.cells.iter().any(|c| c.col >= first) {
            first
        } else {
            0
        };
        let cells = || self.cells.iter().filter(|c| c.col >= from);
        if cells().next().is_none() {
            return;
        }
        let y0 = cells().fold(f32::INFINITY, |m, c| m.min(c.y0));
        let y1 = cells().fold(f32::NEG_INFINITY, |m, c| m.max(c.y1));
        (self.y0, self.y1) = (y0, y1);
    }
}

/// Gap (in ems) that splits lines under an indicator header.
const FINE_GAP_EM: f32 = 0.45;

/// What a borderless page hands to the next.
#[derive(Debug, Default)]
pub(super) struct Continued {
    /// Column anchors of an indicator table that may continue.
    anchors: Option<Anchors>,
    /// A goal block that ran to the bottom of the page.
    goal: Option<GoalCarry>,
    /// See [`Fit::lead`].
    lead: (f32, f32),
}

pub(super) fn page_rows(glyphs: &[G], page: &Page, carry: &mut Continued) -> Vec<PRow> {
    let mut all_lines = lines::group_lines(glyphs, (0..glyphs.len()).collect());
    // Stacked labels first: their glyphs leave their lines and come back as
    // one segment on the first line of the stack.
    let mut stack_segs: Vec<Vec<Segment>> = vec![Vec::new(); all_lines.len()];
    let mut in_stack = vec![false; glyphs.len()];
    for (li, chain) in stacks(glyphs, &all_lines) {
        let mut text = String::new();
        let (mut x0, mut x1) = (f32::INFINITY, f32::NEG_INFINITY);
        for &i in &chain {
            if let Some(g) = glyphs.get(i) {
                text.push_str(g.text);
                x0 = x0.min(g.x0);
                x1 = x1.max(g.x1);
            }
            if let Some(flag) = in_stack.get_mut(i) {
                *flag = true;
            }
        }
        if let Some(list) = stack_segs.get_mut(li) {
            list.push(Segment { x0, x1, text });
        }
    }
    for line in &mut all_lines {
        line.glyphs
            .retain(|&i| !in_stack.get(i).copied().unwrap_or(false));
    }

    let mut segmented: Vec<(lines::Line, Vec<Segment>)> = Vec::with_capacity(all_lines.len());
    let mut stacks_kept: Vec<Vec<Segment>> = Vec::with_capacity(all_lines.len());
    for (line, extra) in all_lines.into_iter().zip(stack_segs) {
        let mut segs = with_stacks(plain_segments(glyphs, &line), &extra);
        let texts: Vec<&str> = segs.iter().map(|s| s.text.as_str()).collect();
        let whole = texts.join(" ");
        if segs.is_empty() || furniture::is_page_number(&whole, y_frac(line.cy(), page)) {
            continue;
        }
        // A header whose labels sit closer than the cell gap (too few
        // segments, or two labels in one): split finer.
        let crowded = segs.iter().any(|s| header_words_in(&s.text) > 1);
        if header_words_in(&whole) >= 3 && (header_hits(&segs) < 3 || crowded) {
            segs = with_stacks(lines::segments(glyphs, &line, FINE_GAP_EM), &extra);
        }
        segmented.push((line, segs));
        stacks_kept.push(extra);
    }

    // Pass 1: find headers and which anchors govern each line.
    let mut epochs: Vec<Anchors> = Vec::new();
    let mut current: Option<usize> = None;
    // Epochs that continue a table from the previous page: epoch 0 (the
    // carried anchors) and a header repeated at the top of the page.
    let mut continuing: Vec<usize> = Vec::new();
    let mut form_started = false;
    if let Some(a) = carry.anchors.take() {
        continuing.push(0);
        epochs.push(a);
        current = Some(0);
    }
    join_wrapped_header_labels(glyphs, &mut segmented);
    // Per line: Some(epoch) for anchored lines, and header lines' offsets.
    let mut kinds: Vec<Kind> = Vec::with_capacity(segmented.len());
    for ((line, segs), extra) in segmented.iter_mut().zip(&stacks_kept) {
        if header_hits(segs) >= 3 {
            let offset = usize::from(
                segs.first()
                    .is_some_and(|s| compact(&s.text).contains("一级指标")),
            );
            epochs.push(Anchors {
                cols: segs.iter().map(|s| (s.x0, s.x1)).collect(),
                offset,
                em: line.em,
                roles: Roles::of(segs, offset),
                aligned: Vec::new(),
            });
            current = Some(epochs.len() - 1);
            if continuing == [0] && epochs.len() == 2 && !form_started {
                continuing.push(1);
            }
            kinds.push(Kind::Header(offset));
        } else if segs.iter().any(|s| starts_form(&s.text)) {
            current = None;
            form_started = true;
            kinds.push(Kind::Plain);
        } else if let Some(e) = current {
            *segs = with_stacks(lines::segments(glyphs, line, FINE_GAP_EM), extra);
            kinds.push(Kind::Anchored(e));
        } else {
            kinds.push(Kind::Plain);
        }
    }
    resegment_at_edges(glyphs, &mut segmented, &stacks_kept, &kinds, &epochs);
    let (blocks, goal_carry) = goal_blocks(
        glyphs,
        &mut segmented,
        &stacks_kept,
        &kinds,
        carry.goal.take(),
    );
    carry.goal = goal_carry;
    let mut goal_of: Vec<Option<(usize, &[usize])>> = vec![None; segmented.len()];
    for (b, block) in blocks.iter().enumerate() {
        for (li, ids) in &block.lines {
            if let Some(slot) = goal_of.get_mut(*li) {
                *slot = Some((b, ids.as_slice()));
            }
        }
    }

    // Pass 2: columns of anchored cells. Cells whose left edges align
    // (within 2 pt) in one anchor epoch vote together, so a short
    // left-aligned name goes where the long ones in its column go.
    let mut cols_of: Vec<Vec<usize>> = segmented
        .iter()
        .map(|(_, segs)| vec![0; segs.len()])
        .collect();
    for (e, a) in epochs.iter_mut().enumerate() {
        let mut members: Vec<(f32, usize, usize)> = Vec::new();
        for (li, ((_, segs), kind)) in segmented.iter().zip(&kinds).enumerate() {
            if *kind != Kind::Anchored(e) {
                continue;
            }
            for (si, s) in segs.iter().enumerate() {
                if a.in_label_column(s.x1) {
                    set(&mut cols_of, li, si, 0);
                } else {
                    members.push((s.x0, li, si));
                }
            }
        }
        members.sort_by(|p, q| p.0.total_cmp(&q.0));
        let mut i = 0;
        while i < members.len() {
            let x_start = members.get(i).map_or(0.0, |m| m.0);
            let mut j = i;
            while members.get(j).is_some_and(|m| m.0 - x_start <= 2.0) {
                j += 1;
            }
            let group = members.get(i..j).unwrap_or(&[]);
            let mut votes = vec![0.0f32; a.cols.len()];
            for &(_, li, si) in group {
                if let Some(s) = segmented.get(li).and_then(|(_, segs)| segs.get(si)) {
                    for (v, o) in votes.iter_mut().zip(a.overlaps(s.x0, s.x1)) {
                        *v += o;
                    }
                }
            }
            // Cells starting well right of a header label's centre are
            // neither left-aligned nor centred in its column: a wide,
            // left-aligned 三级 column next to a narrow 二级 one would
            // otherwise lose its short names to the 二级 column.
            let reachable: Vec<f32> = votes
                .iter()
                .zip(&a.cols)
                .map(|(&v, &(h0, h1))| {
                    if (h0 + h1) / 2.0 < x_start - a.em {
                        f32::NEG_INFINITY
                    } else {
                        v
                    }
                })
                .collect();
            let voted = if reachable.iter().any(|v| v.is_finite()) {
                argmax(&reachable)
            } else {
                argmax(&votes)
            } + a.offset;
            // A larger group with the same left edge, earlier in the table,
            // knows better.
            let earlier = a
                .aligned
                .iter()
                .filter(|&&(x, _, n)| (x - x_start).abs() <= 2.0 && n > group.len())
                .max_by_key(|&&(_, _, n)| n)
                .map(|&(_, c, _)| c);
            let col = earlier.unwrap_or(voted);
            if group.len() >= 2 && earlier.is_none() {
                a.aligned.push((x_start, col, group.len()));
            }
            for &(_, li, si) in group {
                set(&mut cols_of, li, si, col);
            }
            i = j.max(i + 1);
        }
    }

    carry.anchors = current.and_then(|e| epochs.get(e).cloned());

    let mut out_lines: Vec<BLine> = Vec::with_capacity(segmented.len());
    for (((((line, segs), kind), seg_cols), goal), extra) in segmented
        .iter()
        .zip(&kinds)
        .zip(&cols_of)
        .zip(&goal_of)
        .zip(&stacks_kept)
    {
        if let Some((b, ids)) = *goal {
            if let Some(block) = blocks.get(b) {
                out_lines.push(goal_line(glyphs, line, block, b, ids));
            }
            continue;
        }
        if segs.is_empty() {
            continue;
        }
        let ys: Vec<(f32, f32)> = segs.iter().map(|s| seg_extent(glyphs, line, s)).collect();
        let numbered = |offset: usize| -> Vec<BCell> {
            segs.iter()
                .zip(&ys)
                .enumerate()
                .map(|(k, (s, &(y0, y1)))| BCell {
                    col: k + offset,
                    x0: s.x0,
                    x1: s.x1,
                    y0,
                    y1,
                    text: s.text.clone(),
                })
                .collect()
        };
        let cells: Vec<BCell> = match kind {
            Kind::Header(offset) => numbered(*offset),
            Kind::Plain => numbered(0),
            Kind::Anchored(_) => {
                let mut cells: Vec<BCell> = Vec::with_capacity(segs.len());
                for ((s, &col), &(y0, y1)) in segs.iter().zip(seg_cols).zip(&ys) {
                    match cells.iter_mut().find(|c| c.col == col) {
                        Some(cell) => {
                            cell.text.push(' ');
                            cell.text.push_str(&s.text);
                            cell.x0 = cell.x0.min(s.x0);
                            cell.x1 = cell.x1.max(s.x1);
                            cell.y0 = cell.y0.min(y0);
                            cell.y1 = cell.y1.max(y1);
                        }
                        None => cells.push(BCell {
                            col,
                            x0: s.x0,
                            x1: s.x1,
                            y0,
                            y1,
                            text: s.text.clone(),
                        }),
                    }
                }
                cells.sort_by_key(|c| c.col);
                cells
            }
        };
        let epoch = match kind {
            Kind::Anchored(e) => Some(*e),
            _ => None,
        };
        let mut out = BLine {
            y0: line.y0,
            y1: line.y1,
            em: line.em,
            cells,
            anchored: epoch.is_some(),
            epoch,
            open: Vec::new(),
            goal: None,
            stack_only: !extra.is_empty()
                && segs
                    .iter()
                    .all(|s| extra.iter().any(|e| e.x0 == s.x0 && e.text == s.text)),
        };
        // Under a header the line's extent is its cells' (a line that lost
        // glyphs to a stacked label keeps its old extent otherwise, which
        // the wrap test of text outside the table has come to rely on).
        if out.anchored {
            out.refit();
        }
        out_lines.push(out);
    }

    // Merged-cell labels leave their lines before wraps are merged (a
    // label line between two rows would otherwise look like a wrap) and go
    // back onto the first line of the group they centre on.
    // Lines holding only the row label (a stacked 绩效指标) stay out of
    // this too: they are not wraps of their neighbours.
    let (labels, side) = lift_labels(&mut out_lines, &epochs);
    merge_wraps(&mut out_lines);
    join_split_rows(&mut out_lines, &epochs);
    let lead = place_labels(
        &mut out_lines,
        join_label_wraps(labels),
        &epochs,
        &continuing,
        carry.lead,
        carry.anchors.is_some(),
    );
    // Only a table that goes on to the next page hands its foot on.
    carry.lead = if carry.anchors.is_some() {
        lead
    } else {
        (0.0, 0.0)
    };
    if !side.is_empty() {
        out_lines.extend(side);
        out_lines.sort_by(|p, q| p.y0.total_cmp(&q.y0));
    }

    out_lines
        .into_iter()
        .filter_map(|l| {
            let cells: Vec<Cell> = l
                .cells
                .into_iter()
                .map(|c| (c.col, clean_cell(&c.text)))
                .filter(|(_, t)| !t.is_empty())
                .map(|(col, text)| Cell { text, col, span: 1 })
                .collect();
            // Prose lines are one cell wide; table lines are anchored to
            // the header's columns or hold label/value pairs.
            let in_table = l.anchored || l.goal.is_some() || cells.len() >= 2;
            (!cells.is_empty()).then_some(PRow {
                y: l.y0,
                cells,
                open: l.open,
                in_table,
            })
        })
        .collect()
}

/// Splits anchored lines again at their epoch's column edges: left edges
/// shared by at least three cells under the header, or by a group that
/// chose its column on an earlier page. A wrapped 二级 label's line whose
/// last glyph nearly touches a left-aligned 三级 name (both lines then fall
/// on one text line) comes apart there.
fn resegment_at_edges(
    glyphs: &[G],
    segmented: &mut [(lines::Line, Vec<Segment>)],
    extras: &[Vec<Segment>],
    kinds: &[Kind],
    epochs: &[Anchors],
) {
    for (e, a) in epochs.iter().enumerate() {
        let mut starts: Vec<f32> = segmented
            .iter()
            .zip(kinds)
            .filter(|(_, k)| **k == Kind::Anchored(e))
            .flat_map(|((_, segs), _)| segs.iter().map(|s| s.x0))
            .collect();
        let mut xs: Vec<f32> = a
            .aligned
            .iter()
            .filter(|&&(_, _, n)| n >= 3)
            .map(|&(x, _, _)| x)
            .collect();
        xs.extend(
            lines::shared_edges(&mut starts)
                .into_iter()
                .filter(|&(_, n)| n >= 3)
                .map(|(x, _)| x),
        );
        if xs.is_empty() {
            continue;
        }
        // Left-aligned targets start between the 三级 header label and the
        // target's: a name reaching that edge has run into the target.
        let header = |col: Option<usize>| {
            col.and_then(|c| c.checked_sub(a.offset))
                .and_then(|k| a.cols.get(k))
        };
        let target_lead = match (header(a.roles.l3), header(a.roles.target)) {
            (Some(&(_, name_x1)), Some(&(target_x0, _))) => {
                Some(((name_x1 + target_x0) / 2.0, target_x0))
            }
            _ => None,
        };
        let edges: Vec<lines::Edge> = xs
            .into_iter()
            .map(|x| lines::Edge {
                x,
                touching: target_lead.is_some_and(|(lo, hi)| x > lo && x <= hi + 1.0),
            })
            .collect();
        for (((line, segs), extra), _) in segmented
            .iter_mut()
            .zip(extras)
            .zip(kinds)
            .filter(|(_, k)| **k == Kind::Anchored(e))
        {
            *segs = with_stacks(lines::segments_at(glyphs, line, FINE_GAP_EM, &edges), extra);
        }
    }
}

/// Header labels wrapped in a narrow column (`一级指` / `标`): the header
/// row's other labels sit on the line between the two fragments, centred.
/// A fragment on the line above (or on the header line) and one below, at
/// most an em and a half apart horizontally, that together spell a header
/// label become one cell of the header line. The header line is a line
/// with at least two header labels of its own.
fn join_wrapped_header_labels(glyphs: &[G], segmented: &mut [(lines::Line, Vec<Segment>)]) {
    for i in 0..segmented.len() {
        let Some((line, segs)) = segmented.get(i) else {
            continue;
        };
        if header_hits(segs) < 2 {
            continue;
        }
        let (em, cy) = (line.em, line.cy());
        let near = |j: usize| {
            segmented
                .get(j)
                .is_some_and(|(l, _)| (l.cy() - cy).abs() <= 1.6 * em)
        };
        let fragment =
            |s: &Segment| header_words_in(&s.text) == 0 && compact(&s.text).chars().count() <= 4;
        let mut found: Vec<(usize, usize, usize, usize)> = Vec::new();
        for up in [i.checked_sub(1), Some(i)].into_iter().flatten() {
            for down in [i, i + 1] {
                if up >= down || !near(up) || !near(down) {
                    continue;
                }
                let (Some((_, a)), Some((_, b))) = (segmented.get(up), segmented.get(down)) else {
                    continue;
                };
                for (ai, sa) in a.iter().enumerate().filter(|(_, s)| fragment(s)) {
                    for (bi, sb) in b.iter().enumerate().filter(|(_, s)| fragment(s)) {
                        let dx = (sa.x0 + sa.x1 - sb.x0 - sb.x1).abs() / 2.0;
                        let joined = format!("{}{}", compact(&sa.text), compact(&sb.text));
                        if dx <= 1.5 * em && HEADER_WORDS.contains(&joined.as_str()) {
                            found.push((up, ai, down, bi));
                        }
                    }
                }
            }
        }
        let mut joined: Vec<Segment> = Vec::new();
        let mut taken: Vec<(usize, usize)> = Vec::new();
        for (up, ai, down, bi) in found {
            if taken.contains(&(up, ai)) || taken.contains(&(down, bi)) {
                continue;
            }
            taken.push((up, ai));
            taken.push((down, bi));
            let (Some(sa), Some(sb)) = (
                segmented.get(up).and_then(|(_, s)| s.get(ai)).cloned(),
                segmented.get(down).and_then(|(_, s)| s.get(bi)).cloned(),
            ) else {
                continue;
            };
            joined.push(Segment {
                x0: sa.x0.min(sb.x0),
                x1: sa.x1.max(sb.x1),
                text: format!("{}{}", sa.text, sb.text),
            });
        }
        // Back to front, so the indices stay valid.
        taken.sort_by_key(|&t| std::cmp::Reverse(t));
        for (j, k) in taken {
            if let Some((line, segs)) = segmented.get_mut(j) {
                if k < segs.len() {
                    let s = segs.remove(k);
                    // The glyphs go too: lines under a header are split
                    // into cells again from their glyphs.
                    if j != i {
                        line.glyphs.retain(|&g| {
                            glyphs.get(g).is_none_or(|g| g.cx() < s.x0 || g.cx() > s.x1)
                        });
                    }
                }
            }
        }
        if let Some((_, segs)) = segmented.get_mut(i) {
            segs.extend(joined);
            segs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        }
    }
}

/// Whitespace removed.
fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn header_hits(segs: &[Segment]) -> usize {
    segs.iter().filter(|s| header_words_in(&s.text) > 0).count()
}

fn header_words_in(text: &str) -> usize {
    let c = compact(text);
    // 指标目标值 also contains 指标值: count it once.
    let c = c.replace("指标目标值", "\u{1}");
    HEADER_WORDS.iter().filter(|w| c.contains(*w)).count() + usize::from(c.contains('\u{1}'))
}

/// The start of another form (its title or first field): anchors end here.
fn starts_form(text: &str) -> bool {
    let c = compact(text);
    c.contains("项目名称")
        || c.ends_with("申报表")
        || c.ends_with("目标表")
        || c.ends_with("自评表")
}

/// Adds stack segments to a line's segments, in x order.
fn with_stacks(mut segs: Vec<Segment>, extra: &[Segment]) -> Vec<Segment> {
    if !extra.is_empty() {
        segs.extend(extra.iter().cloned());
        segs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    segs
}

/// Labels of the two goal columns.
const OVERALL_GOAL: [&str; 4] = ["项目总目标", "项目总体目标", "总体目标", "中长期目标"];
const ANNUAL_GOAL: [&str; 4] = ["年度总目标", "年度总体目标", "年度绩效目标", "年度目标"];
/// The goal block's row label, printed beside the goal texts.
const GOAL_ROW_LABEL: [&str; 2] = ["项目绩效目标", "绩效目标"];

/// Goal texts printed in two columns under a 项目总目标 | 年度总目标 line.
struct GoalBlock {
    /// Columns of the 项目总目标 and 年度总目标 labels on the label line.
    cols: (usize, usize),
    /// Where the two columns divide.
    split: Split,
    /// Lines of the block (indices into the page's lines) with the glyphs
    /// of goal text they hold (none on a line holding only a row label).
    lines: Vec<(usize, Vec<usize>)>,
}

/// A goal block cut by the page break: the label line's column numbers
/// and label centres, and the split used there.
#[derive(Debug, Clone, Copy)]
struct GoalCarry {
    cols: (usize, usize),
    centres: (f32, f32),
    split: Split,
}

/// Where two goal columns divide.
#[derive(Debug, Clone, Copy)]
enum Split {
    /// The right column's lines start here, left-aligned: a glyph
    /// starting left of it is the left column's (a full-width mark ending
    /// a left line may hang past it).
    Edge(f32),
    /// Between the columns: a glyph centred left of it is the left
    /// column's.
    Middle(f32),
}

impl Split {
    fn is_left(self, g: &G) -> bool {
        match self {
            Split::Edge(x) => g.x0 < x - 0.5,
            Split::Middle(x) => g.cx() < x,
        }
    }
}

/// Cell text as a label: whitespace and a trailing colon removed.
fn label_text(text: &str) -> String {
    compact(text).trim_end_matches([':', '：']).to_owned()
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
fn goal_blocks(
    glyphs: &[G],
    segmented: &mut [(lines::Line, Vec<Segment>)],
    stacks: &[Vec<Segment>],
    kinds: &[Kind],
    carried: Option<GoalCarry>,
) -> (Vec<GoalBlock>, Option<GoalCarry>) {
    let mut out = Vec::new();
    let mut carry = None;
    let is_goal_labels = |segs: &[Segment]| -> Option<(usize, usize)> {
        let find = |names: &[&str]| {
            segs.iter()
                .position(|s| names.contains(&label_text(&s.text).as_str()))
        };
        match (find(&OVERALL_GOAL), find(&ANNUAL_GOAL)) {
            (Some(a), Some(b)) if a < b => Some((a, b)),
            _ => None,
        }
    };
    // Where goal text after line `li` ends: the indicator header (Ok), or
    // the page's end (Err); None when something else comes first.
    let block_end = |segmented: &[(lines::Line, Vec<Segment>)], first: usize| {
        for (j, kind) in kinds.iter().enumerate().skip(first) {
            match kind {
                Kind::Header(_) => return Some(Ok(j)),
                Kind::Plain => {
                    let stop = segmented.get(j).is_some_and(|(_, segs)| {
                        segs.iter().any(|s| starts_form(&s.text)) || is_goal_labels(segs).is_some()
                    });
                    if stop {
                        return None;
                    }
                }
                Kind::Anchored(_) => return None,
            }
        }
        Some(Err(kinds.len()))
    };
    // The top of the page continues a block cut by the page break, when
    // the indicator header follows on this page.
    if let Some(c) = carried {
        if let Some(Ok(end)) = block_end(segmented, 0) {
            let (members, _, _) = goal_members(glyphs, segmented, stacks, 0..end, c.centres.0);
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
        let (members, moved, kept_segs) = goal_members(glyphs, segmented, stacks, li + 1..end, ca);
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
fn goal_members(
    glyphs: &[G],
    segmented: &[(lines::Line, Vec<Segment>)],
    stacks: &[Vec<Segment>],
    range: std::ops::Range<usize>,
    left: f32,
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
    // off by a gap, is the row label (pieces of 项目绩效目标 too short or
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
                .map(|s| s.x0 - 0.3 * line.em)
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
                || GOAL_ROW_LABEL.contains(&label_text(&s.text).as_str())
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
            for &i in &line.glyphs {
                let Some(g) = glyphs.get(i) else { continue };
                if prev_x1.is_some_and(|p| g.x0 - p > 0.2 * line.em) {
                    break;
                }
                lead.push(i);
                prev_x1 = Some(prev_x1.map_or(g.x1, |p| p.max(g.x1)));
            }
            let short = lead.len() <= 6 && lead.len() < line.glyphs.len();
            if !(short && prev_x1.is_some_and(|p| p < m)) {
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
fn column_split(glyphs: &[G], members: &[(usize, Vec<usize>)], lo: f32, hi: f32) -> Option<Split> {
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
fn left_edge(glyphs: &[G], members: &[(usize, Vec<usize>)], lo: f32, hi: f32) -> Option<f32> {
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
                gap > 0.15 * g.em || gap < -0.1 * g.em
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
        .filter(|gs| gs.iter().any(|g| g.x0 >= x - 1.0))
        .count();
    (n >= 3 && 2 * n >= reaching).then_some(x)
}

/// The midpoint of the widest stretch of `lo..hi` that no glyph of the
/// block's lines covers.
fn gutter(glyphs: &[G], members: &[(usize, Vec<usize>)], lo: f32, hi: f32) -> Option<f32> {
    let mut spans: Vec<(f32, f32)> = members
        .iter()
        .flat_map(|(_, ids)| ids.iter().filter_map(|&i| glyphs.get(i)))
        .map(|g| {
            // Full-width closing punctuation inks only its left half and
            // may hang past the column's edge (`，` or `”` at a line end).
            let wide = g.x1 - g.x0 >= 0.8 * g.em;
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
fn goal_line(
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
    }
}

/// A goal period alone: `(2024年-2026年)`, `2023年至2025年`.
fn is_period(text: &str) -> bool {
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

/// Splits a line outside the indicator table into cells: at gaps over
/// [`CELL_GAP_EM`], and where an amount meets CJK text across a gap over
/// [`AMOUNT_GAP_EM`]. In a borderless funding block a right-aligned value
/// sits close to the centred label of the next column
/// (`84,421,500.00` `其中：当年财政拨款`), closer than the cell gap.
fn plain_segments(glyphs: &[G], line: &lines::Line) -> Vec<Segment> {
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
    runs.into_iter()
        .filter(|run| !run.is_empty())
        .flat_map(|run| {
            let part = lines::Line {
                glyphs: run,
                y0: line.y0,
                y1: line.y1,
                em: line.em,
            };
            lines::segments(glyphs, &part, CELL_GAP_EM)
        })
        .collect()
}

/// Between an amount and CJK text a gap this wide (ems) separates cells.
const AMOUNT_GAP_EM: f32 = 0.4;

/// Characters that follow a number as its unit, not as the next label.
const UNITS: &str = "年月日元万亿个次人家株件项台套所岁天%％";

/// True when glyph `k` of a line starts CJK text right after an amount, or
/// an amount right after CJK text. Amounts are digits with a thousands
/// separator or a decimal point, or at least five digits: a year before its
/// 年 is not one.
fn amount_meets_cjk(texts: &[&str], k: usize) -> bool {
    let before = texts.get(..k).unwrap_or(&[]).concat();
    let after = texts.get(k..).unwrap_or(&[]).concat();
    let (Some(b), Some(a)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    let numeric = |c: &char| c.is_ascii_digit() || matches!(c, ',' | '.');
    let token: String = if b.is_ascii_digit() && lines::is_cjk(a) && !UNITS.contains(a) {
        before.chars().rev().take_while(numeric).collect()
    } else if lines::is_cjk(b) && a.is_ascii_digit() {
        after.chars().take_while(numeric).collect()
    } else {
        return false;
    };
    let digits = token.chars().filter(char::is_ascii_digit).count();
    token.contains([',', '.']) || digits >= 5
}

/// A run of one or two CJK glyphs standing alone on its line.
struct Lone {
    line: usize,
    glyphs: Vec<usize>,
    cx: f32,
    cy: f32,
    em: f32,
    used: bool,
}

/// Row labels printed as two lines of two characters.
const STACKED_ROW_LABELS: [&str; 3] = ["绩效指标", "绩效目标", "项目资金"];

/// Finds stacked labels: chains of lone runs one above the other. Returns
/// (line of the first run, glyphs top to bottom) per chain.
fn stacks(glyphs: &[G], page_lines: &[lines::Line]) -> Vec<(usize, Vec<usize>)> {
    let mut lone: Vec<Lone> = Vec::new();
    for (li, line) in page_lines.iter().enumerate() {
        // Runs of touching glyphs (gaps up to 0.15 em).
        let mut runs: Vec<Vec<usize>> = Vec::new();
        let mut prev: Option<&G> = None;
        for &i in &line.glyphs {
            let Some(g) = glyphs.get(i) else { continue };
            let touching = prev.is_some_and(|p| g.x0 - p.x1 <= 0.15 * g.em);
            match runs.last_mut() {
                Some(run) if touching => run.push(i),
                _ => runs.push(vec![i]),
            }
            prev = Some(g);
        }
        for (k, run) in runs.iter().enumerate() {
            let first = run.first().and_then(|&i| glyphs.get(i));
            let last = run.last().and_then(|&i| glyphs.get(i));
            let (Some(first), Some(last)) = (first, last) else {
                continue;
            };
            let em = first.em;
            let cjk = run
                .iter()
                .filter_map(|&i| glyphs.get(i))
                .all(|g| g.text.chars().all(lines::is_cjk));
            // A unit in brackets (`（元）`, `（万元）`) may end a stack.
            let unit = (3..=4).contains(&run.len())
                && first.text.starts_with(['（', '('])
                && last.text.ends_with(['）', ')'])
                && last.x1 - first.x0 <= 4.2 * em
                && run
                    .iter()
                    .filter_map(|&i| glyphs.get(i))
                    .all(|g| g.text.chars().all(|c| lines::is_cjk(c) || "()".contains(c)));
            let short = cjk && run.len() <= 2 && last.x1 - first.x0 <= 2.2 * em;
            if !(short || unit) {
                continue;
            }
            let left_gap = k
                .checked_sub(1)
                .and_then(|p| runs.get(p))
                .and_then(|r| r.last())
                .and_then(|&i| glyphs.get(i))
                .map(|p| first.x0 - p.x1);
            let right_gap = runs
                .get(k + 1)
                .and_then(|r| r.first())
                .and_then(|&i| glyphs.get(i))
                .map(|n| n.x0 - last.x1);
            if left_gap.is_some_and(|g| g <= 0.3 * em) || right_gap.is_some_and(|g| g <= 0.3 * em) {
                continue;
            }
            // The run's own centre: a stacked character often shares a line
            // with a taller neighbour cell's text, which skews the line's.
            let cy = (first.cy() + last.cy()) / 2.0;
            lone.push(Lone {
                line: li,
                glyphs: run.clone(),
                cx: (first.x0 + last.x1) / 2.0,
                cy,
                em,
                used: false,
            });
        }
    }
    let mut out = Vec::new();
    for start in 0..lone.len() {
        if lone.get(start).is_none_or(|l| l.used) {
            continue;
        }
        let mut chain = vec![start];
        let mut cur = start;
        let mut next = start + 1;
        while let (Some(c), Some(_)) = (lone.get(cur), lone.get(next)) {
            let (cx, cy, em, line) = (c.cx, c.cy, c.em, c.line);
            let found = (next..lone.len())
                .take_while(|&k| lone.get(k).is_some_and(|l| l.cy - cy <= 1.6 * em))
                .find(|&k| {
                    lone.get(k)
                        .is_some_and(|l| !l.used && l.line > line && (l.cx - cx).abs() < 0.3 * em)
                });
            match found {
                Some(k) => {
                    chain.push(k);
                    cur = k;
                    next = k + 1;
                }
                None => break,
            }
        }
        let singles = chain
            .iter()
            .all(|&k| lone.get(k).is_some_and(|l| l.glyphs.len() == 1));
        // Two runs of two (`绩效`/`指标`) could as well be two short cells
        // of one column; only a row label's words make them one.
        let text: String = chain
            .iter()
            .filter_map(|&k| lone.get(k))
            .flat_map(|l| l.glyphs.iter().filter_map(|&i| glyphs.get(i)))
            .map(|g| g.text)
            .collect();
        let row_label = STACKED_ROW_LABELS.contains(&text.as_str());
        if chain.len() >= 3 || (chain.len() == 2 && (singles || row_label)) {
            let mut glyph_ids = Vec::new();
            for &k in &chain {
                if let Some(l) = lone.get_mut(k) {
                    l.used = true;
                    glyph_ids.extend(l.glyphs.iter().copied());
                }
            }
            if let Some(l) = lone.get(start) {
                out.push((l.line, glyph_ids));
            }
        }
    }
    out
}

/// Appends clearly wrapped lines to the line above (see the module docs).
fn merge_wraps(out: &mut Vec<BLine>) {
    let median_gap = |anchored: bool| -> Option<f32> {
        let mut gaps: Vec<f32> = out
            .windows(2)
            .filter_map(|w| match w {
                // Goal blocks, one wrapped text after another, are joined
                // on their own and would make every gap look wide.
                [a, b]
                    if a.anchored == anchored
                        && b.anchored == anchored
                        && a.goal.is_none()
                        && b.goal.is_none() =>
                {
                    Some(b.y0 - a.y1)
                }
                _ => None,
            })
            .collect();
        if gaps.len() < 4 {
            return None;
        }
        lines::median(&mut gaps).filter(|m| *m > 0.0)
    };
    let medians = [median_gap(false), median_gap(true)];
    let mut merged: Vec<BLine> = Vec::with_capacity(out.len());
    for line in out.drain(..) {
        // Goal text joins the block's first line with text, column by
        // column; nothing else joins it.
        if let Some(id) = line.goal {
            let host = merged
                .iter_mut()
                .rev()
                .find(|l| l.goal == Some(id) && !l.cells.is_empty());
            match host {
                Some(host) => {
                    merge_by_column(&mut host.cells, line.cells);
                    host.y1 = host.y1.max(line.y1);
                }
                None => merged.push(line),
            }
            continue;
        }
        // Two lines that each hold a field label are two rows.
        let two_rows = |p: &BLine| has_field_label(p) && has_field_label(&line);
        if let Some(prev) = merged
            .last_mut()
            .filter(|p| p.goal.is_none() && !line.stack_only && !two_rows(p))
        {
            let gap = line.y0 - prev.y1;
            let median = medians.get(usize::from(line.anchored)).copied().flatten();
            let wraps = median.is_some_and(|m| gap < 0.5 * m && gap < prev.em.max(line.em));
            if prev.anchored == line.anchored && wraps {
                for cell in line.cells {
                    let target = if line.anchored {
                        prev.cells.iter_mut().find(|c| c.col == cell.col)
                    } else {
                        prev.cells
                            .iter_mut()
                            .find(|c| c.x0 < cell.x1 && cell.x0 < c.x1)
                    };
                    match target {
                        Some(t) => t.absorb(&cell),
                        None => prev.cells.push(cell),
                    }
                }
                if prev.anchored {
                    prev.cells.sort_by_key(|c| c.col);
                } else {
                    prev.cells.sort_by(|a, b| a.x0.total_cmp(&b.x0));
                    for (k, c) in prev.cells.iter_mut().enumerate() {
                        c.col = k;
                    }
                }
                prev.y1 = prev.y1.max(line.y1);
                continue;
            }
        }
        merged.push(line);
    }
    *out = merged;
}

/// Labels of the fields above the goals, as printed in their own cells.
const FIELD_LABELS: [&str; 12] = [
    "项目名称",
    "项目类别",
    "主管部门",
    "实施单位",
    "计划开始日期",
    "计划完成日期",
    "项目资金总额",
    "年度资金申请总额",
    "财政资金",
    "当年财政拨款",
    "上年结转资金",
    "其他资金",
];

/// A cell of the line is a field label (`其中：财政资金` counts).
fn has_field_label(line: &BLine) -> bool {
    line.cells.iter().any(|c| {
        let text = compact(&c.text);
        FIELD_LABELS.iter().any(|l| text.ends_with(l)) && text.chars().count() <= 12
    })
}

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
fn join_split_rows(lines: &mut Vec<BLine>, epochs: &[Anchors]) {
    // Per line: None (not joinable), Some(true) complete, Some(false) partial.
    let state: Vec<Option<bool>> = lines
        .iter()
        .map(|l| {
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
    let n = lines.len();
    // joins[i]: line i+1 continues line i.
    let mut joins = vec![false; n];
    // Lines `a` and `b` (below it) that may hold one indicator, and the gap
    // between them: at most [`SPLIT_ROW_EM`] ems apart centre to centre,
    // or `by_edges` from the text line of each nearest the other (a line
    // joined from several, a wrapped name beside a centred target, is
    // tall, its centre far from its neighbours').
    let link = |a: usize, b: usize, by_edges: bool| -> Option<f32> {
        let (la, lb) = (lines.get(a)?, lines.get(b)?);
        state.get(a).copied().flatten()?;
        state.get(b).copied().flatten()?;
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
    };
    let linkable = |a: usize, b: usize| link(a, b, false);
    let reachable = |a: usize, b: usize| link(a, b, true);
    let partial = |i: usize| state.get(i).copied().flatten() == Some(false);
    // Lines with a neighbour on both sides pick the nearer one; the gaps
    // they pick are the table's wrap gaps. A line with one neighbour (at a
    // page edge: maybe a row the page break split) joins it only when the
    // gap is no wider than those.
    let mut picked: Vec<f32> = Vec::new();
    for i in 0..n {
        if !partial(i) {
            continue;
        }
        let above = i.checked_sub(1).and_then(|p| linkable(p, i));
        let below = linkable(i, i + 1);
        if let (Some(a), Some(b)) = (above, below) {
            // (Overlapping lines, a target beside a name, say nothing
            // about the gap between wrapped lines.)
            if a.min(b) >= 0.0 {
                picked.push(a.min(b));
            }
            if b < a {
                joins[i] = true;
            } else if let Some(j) = joins.get_mut(i - 1) {
                *j = true;
            }
        }
    }
    // Rows never overlap: lines that do (a name and a target wrapping
    // over interleaved lines) are one indicator, whatever each picked.
    for i in 0..n.saturating_sub(1) {
        let overlaps = linkable(i, i + 1).is_some_and(|gap| gap < -1.0);
        if overlaps && (partial(i) || partial(i + 1)) {
            if let Some(j) = joins.get_mut(i) {
                *j = true;
            }
        }
    }
    let wrap_gap = lines::median(&mut picked);
    for i in 0..n {
        if !partial(i) {
            continue;
        }
        let above = i.checked_sub(1).and_then(|p| linkable(p, i));
        let below = linkable(i, i + 1);
        let em = lines.get(i).map_or(0.0, |l| l.em);
        let close = |gap: f32| gap <= wrap_gap.map_or(0.5 * em, |w| w + 0.3 * em);
        // A side with no neighbour near enough centre to centre may have a
        // tall one (joined from several lines) a wrap gap away; with a
        // neighbour on both sides then, the clearly nearer one counts.
        let (above, below) = match (above, below) {
            (Some(_), Some(_)) => (above, below),
            _ => {
                let a = above.or_else(|| i.checked_sub(1).and_then(|p| reachable(p, i)));
                let b = below.or_else(|| reachable(i, i + 1));
                match (a, b) {
                    (Some(a), Some(b)) if b < a - 0.3 * em => (None, Some(b)),
                    (Some(a), Some(b)) if a < b - 0.3 * em => (Some(a), None),
                    (Some(_), Some(_)) => (None, None),
                    one => one,
                }
            }
        };
        match (above, below) {
            (Some(a), None) if close(a) => {
                if let Some(j) = joins.get_mut(i - 1) {
                    *j = true;
                }
            }
            (None, Some(b)) if close(b) => joins[i] = true,
            _ => {}
        }
    }
    // A name and a target that both wrap give two complete lines a wrap
    // gap apart. Indicators are further apart (their padding on both
    // sides): two lone complete lines closer than half the median gap
    // between the indicators found so far are one indicator.
    let complete = |i: usize| state.get(i).copied().flatten() == Some(true);
    let mut runs: Vec<Run> = Vec::new();
    let mut open_run = false;
    for i in 0..n {
        let Some(line) = lines.get(i) else { continue };
        if state.get(i).copied().flatten().is_none() {
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
    let same_epoch =
        |a: usize, b: usize| lines.get(a).map(|l| l.epoch) == lines.get(b).map(|l| l.epoch);
    let adjacent = |p: &Run, q: &Run| q.first == p.last + 1 && same_epoch(p.last, q.first);
    let mut gaps: Vec<f32> = runs
        .windows(2)
        .filter(|w| adjacent(&w[0], &w[1]))
        .map(|w| w[1].top - w[0].bottom)
        .collect();
    let row_gap = lines::median(&mut gaps);
    if let Some(row_gap) = row_gap {
        for w in runs.windows(2) {
            let (p, q) = (&w[0], &w[1]);
            let lone =
                p.first == p.last && q.first == q.last && complete(p.first) && complete(q.first);
            let gap = q.top - p.bottom;
            let em = lines.get(p.first).map_or(0.0, |l| l.em);
            let taken = |k: usize| joins.get(k).copied().unwrap_or(false);
            if lone
                && linkable(p.last, q.first).is_some()
                && gap >= 0.0
                && gap < 0.5 * row_gap
                && gap < em
                && !taken(q.first)
                && p.first.checked_sub(1).is_none_or(|k| !taken(k))
            {
                if let Some(j) = joins.get_mut(p.last) {
                    *j = true;
                }
            }
        }
    }
    // A name and a target that both wrap, in a table whose wrapped lines
    // are not much closer than its rows: the first line's cells run to
    // their columns' right edges (the furthest any line of the page
    // reaches) and the next line is clearly nearer than rows usually are.
    let mut right_edge: Vec<((usize, usize), f32)> = Vec::new();
    for (line, st) in lines.iter().zip(&state) {
        let (Some(e), Some(_)) = (line.epoch, st) else {
            continue;
        };
        for c in &line.cells {
            match right_edge.iter_mut().find(|(k, _)| *k == (e, c.col)) {
                Some((_, x)) => *x = x.max(c.x1),
                None => right_edge.push(((e, c.col), c.x1)),
            }
        }
    }
    let fills = |line: &BLine, col: usize| -> bool {
        let reach = right_edge
            .iter()
            .find(|(k, _)| Some(*k) == line.epoch.map(|e| (e, col)))
            .map(|&(_, x)| x);
        line.cells
            .iter()
            .any(|c| c.col == col && reach.is_some_and(|x| c.x1 >= x - 0.5 * line.em))
    };
    if let Some(row_gap) = row_gap {
        for i in 0..n.saturating_sub(1) {
            let (Some(a), Some(b)) = (lines.get(i), lines.get(i + 1)) else {
                continue;
            };
            let taken = |k: usize| joins.get(k).copied().unwrap_or(false);
            let free = !taken(i) && i.checked_sub(1).is_none_or(|k| !taken(k)) && !taken(i + 1);
            let wrapped = b.cells.len() >= 2 && b.cells.iter().all(|c| fills(a, c.col));
            let gap = b.y0 - a.y1;
            if free
                && complete(i)
                && complete(i + 1)
                && wrapped
                && linkable(i, i + 1).is_some()
                && gap >= 0.0
                && gap < 0.8 * row_gap
            {
                if let Some(j) = joins.get_mut(i) {
                    *j = true;
                }
            }
        }
    }
    let mut merged: Vec<BLine> = Vec::with_capacity(n);
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

/// Lines of one indicator are at most this many ems apart, centre to centre.
const SPLIT_ROW_EM: f32 = 1.8;

/// Consecutive data lines joined so far: their first and last line, and
/// the extent they cover.
struct Run {
    first: usize,
    last: usize,
    top: f32,
    bottom: f32,
}

/// Vertical extent of a segment's glyphs on `line`: glyphs whose centre lies
/// in the segment's x range. A stacked label's segment (its glyphs left the
/// line) gets the line's extent, as before stacks were lifted.
fn seg_extent(glyphs: &[G], line: &lines::Line, seg: &Segment) -> (f32, f32) {
    let (mut y0, mut y1) = (f32::INFINITY, f32::NEG_INFINITY);
    for g in line.glyphs.iter().filter_map(|&i| glyphs.get(i)) {
        let cx = g.cx();
        if cx >= seg.x0 && cx <= seg.x1 {
            y0 = y0.min(g.y0);
            y1 = y1.max(g.y1);
        }
    }
    if y0 <= y1 {
        (y0, y1)
    } else {
        (line.y0, line.y1)
    }
}

/// A merged-cell label (一级 or 二级 column) lifted out of its line.
struct Label {
    epoch: usize,
    col: usize,
    text: String,
    x0: f32,
    x1: f32,
    y0: f32,
    y1: f32,
    em: f32,
}

impl Label {
    fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
}

/// Takes the cells in the 一级 and 二级 columns out of anchored lines whose
/// header named those columns and a 三级 or target column; lines left empty
/// are dropped, and lines left with cells only left of the label columns
/// (the row label) are returned apart.
fn lift_labels(lines: &mut Vec<BLine>, epochs: &[Anchors]) -> (Vec<Label>, Vec<BLine>) {
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
/// same column, at most [`LABEL_WRAP_EM`] ems below (centre to centre),
/// continues the text when that does not already end in 指标 (`可持续影` +
/// `响指标`, `服务对象满意度指` + `标`). Neighbouring one-line groups are
/// further apart (a row's padding on both sides), and their labels end in
/// 指标 anyway. The joined label spans both fragments, so its centre is
/// theirs.
fn join_label_wraps(mut labels: Vec<Label>) -> Vec<Label> {
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
            let close = label.cy() - *prev_cy <= LABEL_WRAP_EM * prev.em.max(label.em);
            if same_col && close && !compact(&prev.text).ends_with("指标") {
                lines::join_wrapped(&mut prev.text, &label.text);
                prev.x0 = prev.x0.min(label.x0);
                prev.x1 = prev.x1.max(label.x1);
                prev.y0 = prev.y0.min(label.y0);
                prev.y1 = prev.y1.max(label.y1);
                *prev_cy = label.cy();
                continue;
            }
        }
        last_cy.push(label.cy());
        out.push(label);
    }
    out
}

/// Two fragments of one label are at most this many ems apart.
const LABEL_WRAP_EM: f32 = 1.6;

/// Puts each label on the first data line of the group it is centred on
/// (see [`Fit::groups`]), one page and anchor epoch at a time. Where both
/// columns have labels, their groups nest (see [`Fit::both_columns`]).
/// A column whose last group ends above the last data line marks
/// the next line as an open cell (a group whose label is on the next
/// page). Labels without a fit go to the data line they overlap, or stay a
/// line of their own.
fn place_labels(
    lines: &mut Vec<BLine>,
    labels: Vec<Label>,
    epochs: &[Anchors],
    continuing: &[usize],
    lead_in: (f32, f32),
    goes_on: bool,
) -> (f32, f32) {
    // Height of the unlabelled rows at the foot of the last epoch, per
    // column: the `lead` of the next page's fit.
    let mut lead_out = (0.0, 0.0);
    let mut pending = labels;
    // (line index, label) for labels that found their group.
    let mut placed: Vec<(usize, Label)> = Vec::new();
    // (line index, column) of open cells.
    let mut opens: Vec<(usize, usize)> = Vec::new();
    for (e, a) in epochs.iter().enumerate() {
        let roles = a.roles;
        // Data lines of this epoch, top to bottom, with the extent of their
        // 三级 and target cells.
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
        let ext: Vec<(f32, f32)> = data.iter().map(|&(_, y0, y1)| (y0, y1)).collect();
        let fit = Fit {
            ext: &ext,
            em: a.em,
            allow_prefix: continuing.contains(&e),
            lead: lead_in,
            allow_suffix: goes_on && e + 1 == epochs.len(),
        };
        let mut take = |col: Option<usize>| -> (Option<usize>, Vec<Label>) {
            let Some(col) = col else {
                return (None, Vec::new());
            };
            // A label no data line can reach (the start of a label whose
            // rows are on the next page) would leave its whole column
            // without a fit; it goes to the fallback at once.
            let tol = fit.tol();
            let reach = ext
                .first()
                .zip(ext.last())
                .map(|(f, l)| (f.0 - tol, l.1 + tol));
            let (mut mine, rest): (Vec<Label>, Vec<Label>) =
                std::mem::take(&mut pending).into_iter().partition(|l| {
                    l.epoch == e
                        && l.col == col
                        && reach.is_some_and(|(lo, hi)| (lo..=hi).contains(&l.cy()))
                });
            pending = rest;
            mine.sort_by(|p, q| p.cy().total_cmp(&q.cy()));
            (Some(col), mine)
        };
        let (c1, l1) = take(roles.l1);
        let (c2, l2) = take(roles.l2);
        let centres1: Vec<f32> = l1.iter().map(Label::cy).collect();
        let centres2: Vec<f32> = l2.iter().map(Label::cy).collect();
        let (g1, g2) = fit.both_columns(&centres1, &centres2);
        if e + 1 == epochs.len() {
            // The rows' cells reach half a row gap beyond their text on
            // both sides: the part of a merged cell on this page is its
            // rows' text plus one row gap.
            let mut gaps: Vec<f32> = ext
                .windows(2)
                .map(|w| w[1].0 - w[0].1)
                .filter(|g| *g > 0.0)
                .collect();
            let padding = lines::median(&mut gaps).unwrap_or(a.em);
            let foot = |groups: &Option<Groups>, labelled: bool, carried: f32| -> f32 {
                let (Some(first), Some(last)) = (ext.first(), ext.last()) else {
                    return 0.0;
                };
                match groups.as_ref().and_then(|g| g.last()) {
                    Some(&(_, end)) => ext
                        .get(end + 1)
                        .map_or(0.0, |open| last.1 - open.0 + padding),
                    // No label of this column on the page: all of it is the
                    // middle of a group.
                    None if !labelled => {
                        last.1 - first.0 + padding + if fit.allow_prefix { carried } else { 0.0 }
                    }
                    None => 0.0,
                }
            };
            lead_out = (
                foot(&g1, !l1.is_empty(), lead_in.0),
                foot(&g2, !l2.is_empty(), lead_in.1),
            );
        }
        for (col, labels, groups) in [(c1, l1, g1), (c2, l2, g2)] {
            let Some(col) = col else { continue };
            let Some(groups) = groups else {
                pending.extend(labels);
                continue;
            };
            if let Some(&(_, last)) = groups.last() {
                if let Some(&(i, _, _)) = data.get(last + 1) {
                    opens.push((i, col));
                }
            }
            for (label, (s, _)) in labels.into_iter().zip(groups) {
                match data.get(s) {
                    Some(&(i, _, _)) => placed.push((i, label)),
                    None => pending.push(label),
                }
            }
        }
    }
    for (i, col) in opens {
        if let Some(line) = lines.get_mut(i) {
            line.open.push(col);
            line.open.sort_unstable();
            line.open.dedup();
        }
    }
    for (i, label) in placed {
        if let Some(line) = lines.get_mut(i) {
            put_label(line, label);
        }
    }
    // No fit: the line the label overlaps, or a line of its own.
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
    lead_out
}

/// Group boundaries of a fit over `n` lines: 0, `n`, and where each group
/// starts and ends (the line after its last).
fn edges(groups: &[(usize, usize)], n: usize) -> Vec<usize> {
    let mut out = vec![0, n];
    for &(s, e) in groups {
        out.push(s);
        out.push(e + 1);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Adds a label to a line as its cell (joined to a cell already in that
/// column), keeping the line's extent.
fn put_label(line: &mut BLine, label: Label) {
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
            });
            line.cells.sort_by_key(|c| c.col);
        }
    }
}

/// Data lines of one page and anchor epoch, for fitting label groups.
struct Fit<'a> {
    /// Extent (top, bottom) of each data line, top to bottom.
    ext: &'a [(f32, f32)],
    em: f32,
    /// Lines before the first group may belong to a group whose label is
    /// on the previous page.
    allow_prefix: bool,
    /// With `allow_prefix`: the height of the rows at the foot of the
    /// previous page that no label there covered, with their padding (one
    /// row gap), per column (一级, 二级).
    /// A label centred on its whole merged cell (Word lets it flow over
    /// the break) sits that much above its visible rows' centre.
    lead: (f32, f32),
    /// Lines after the last group may belong to a group whose label is on
    /// the next page (the table goes on there).
    allow_suffix: bool,
}

/// Each label's (first, last) data line.
type Groups = Vec<(usize, usize)>;

/// Fits beyond this many line × line × label steps are not attempted.
const FIT_BUDGET: usize = 1_000_000;

impl Fit<'_> {
    /// How far (half an em) a label's centre may lie outside its group.
    fn tol(&self) -> f32 {
        0.5 * self.em
    }

    /// Groups for the 一级 (`centres1`) and 二级 (`centres2`) labels that
    /// nest: 一级 groups start and end where 二级 groups do. Two ways are
    /// tried, and the cheaper kept (on evenly spaced lines a label is
    /// centred on several runs, and the free fit of one column may pick a
    /// run the other column cannot follow):
    ///
    /// * 二级 first, 一级 on its edges, then 二级 again inside 一级;
    /// * 一级 first, then 二级 inside it.
    ///
    /// Each step falls back to the fit without the other column when that
    /// leaves no fit.
    fn both_columns(&self, centres1: &[f32], centres2: &[f32]) -> (Option<Groups>, Option<Groups>) {
        type Costed = Option<(Groups, f32)>;
        let n = self.ext.len();
        // 二级 inside `outer`, and whether it nests there.
        let inside = |outer: &Costed, free: &Costed| -> (Costed, bool) {
            match outer
                .as_ref()
                .and_then(|(g, _)| self.groups(centres2, &edges(g, n), None, self.lead.1))
            {
                Some(fit) => (Some(fit), true),
                None => (free.clone(), outer.is_none()),
            }
        };
        let free2 = self.groups(centres2, &[], None, self.lead.1);
        let free1 = self.groups(centres1, &[], None, self.lead.0);
        let on_free2 = free2
            .as_ref()
            .and_then(|(g, _)| self.groups(centres1, &[], Some(&edges(g, n)), self.lead.0))
            .or_else(|| free1.clone());
        let (g2, nests) = inside(&on_free2, &free2);
        let second_first = (on_free2, g2, nests);
        let (g2, nests) = inside(&free1, &free2);
        let first_first = (free1, g2, nests);
        let total = |(a, b, _): &(Costed, Costed, bool)| {
            a.as_ref().map_or(0.0, |x| x.1) + b.as_ref().map_or(0.0, |x| x.1)
        };
        // A fit that nests beats one that does not; ties go to the
        // 二级-first fit (the finer column leads).
        let best = match (second_first.2, first_first.2) {
            (false, true) => first_first,
            // (Sums of equal costs in another order differ in the last
            // bits: a tie is a tie.)
            (true, true) if total(&first_first) < total(&second_first) - 0.01 * self.em => {
                first_first
            }
            _ => second_first,
        };
        (best.0.map(|x| x.0), best.1.map(|x| x.0))
    }

    /// Splits the data lines into consecutive groups, one per label centre
    /// (top to bottom), so that each label sits at its group's vertical
    /// centre: the sum of |group centre − label centre| is minimised, where
    /// a group's centre is halfway between its first line's top and its last
    /// line's bottom and must lie within half an em of the group. The first
    /// group starts at the first line unless `allow_prefix`; lines left
    /// before the first group or after the last (a group continuing across
    /// the page break, its label on the other page) cost a quarter em each,
    /// so a label centred on a run of evenly spaced lines takes them all;
    /// lines after the last group cost an em each where the table ends on
    /// this page (see `allow_suffix`).
    /// A group may not contain a line in `bounds` except as its first;
    /// with `edges`, a group must start at one of them and end just before
    /// one. Returns each label's (first, last) line and the fit's cost, or
    /// `None` when nothing fits (or there are no labels).
    fn groups(
        &self,
        centres: &[f32],
        bounds: &[usize],
        edges: Option<&[usize]>,
        lead: f32,
    ) -> Option<(Groups, f32)> {
        let (n, m) = (self.ext.len(), centres.len());
        let lead = if self.allow_prefix { lead } else { 0.0 };
        if m == 0 || n < m || n.saturating_mul(n).saturating_mul(m) > FIT_BUDGET {
            return None;
        }
        let tol = self.tol();
        let pen = 0.25 * self.em;
        let cost = |cy: f32, s: usize, e: usize| -> f32 {
            let (Some(&(top, _)), Some(&(_, bottom))) = (self.ext.get(s), self.ext.get(e)) else {
                return f32::INFINITY;
            };
            let crosses = bounds.iter().any(|&b| s < b && b <= e);
            let off_edge = edges.is_some_and(|ed| !ed.contains(&s) || !ed.contains(&(e + 1)));
            if cy < top - tol || cy > bottom + tol || crosses || off_edge {
                return f32::INFINITY;
            }
            let visible = ((top + bottom) / 2.0 - cy).abs();
            if s == 0 && lead > 0.0 {
                visible.min(((top - lead + bottom) / 2.0 - cy).abs())
            } else {
                visible
            }
        };
        // best[j][e]: least cost with labels 0..=j placed and group j ending
        // at line e; from[j][e]: where that group starts.
        let mut best = vec![vec![f32::INFINITY; n]; m];
        let mut from = vec![vec![0usize; n]; m];
        for (j, &cy) in centres.iter().enumerate() {
            for e in j..n {
                for s in j..=e {
                    // Lines further down start below the label.
                    if self.ext.get(s).is_none_or(|&(top, _)| cy < top - tol) {
                        break;
                    }
                    let before = if j == 0 {
                        match s {
                            0 => 0.0,
                            _ if self.allow_prefix => pen * s as f32,
                            _ => f32::INFINITY,
                        }
                    } else {
                        best.get(j - 1)
                            .and_then(|row| row.get(s - 1))
                            .copied()
                            .unwrap_or(f32::INFINITY)
                    };
                    if !before.is_finite() {
                        continue;
                    }
                    let total = before + cost(cy, s, e);
                    if let (Some(b), Some(f)) = (
                        best.get_mut(j).and_then(|r| r.get_mut(e)),
                        from.get_mut(j).and_then(|r| r.get_mut(e)),
                    ) {
                        if total < *b {
                            *b = total;
                            *f = s;
                        }
                    }
                }
            }
        }
        let last = best.get(m - 1)?;
        let mut end = None;
        let mut least = f32::INFINITY;
        // Where the table ends on this page, lines after the last group
        // are most likely the group's own.
        let tail = if self.allow_suffix { pen } else { 4.0 * pen };
        for (e, &c) in last.iter().enumerate() {
            let total = c + tail * (n - 1 - e) as f32;
            if total < least {
                least = total;
                end = Some(e);
            }
        }
        let mut e = end?;
        let mut out = vec![(0, 0); m];
        for j in (0..m).rev() {
            let s = *from.get(j)?.get(e)?;
            *out.get_mut(j)? = (s, e);
            if j > 0 {
                e = s.checked_sub(1)?;
            }
        }
        Some((out, least))
    }
}

#[cfg(test)]
mod tests {
    use super::Fit;

    impl Fit<'_> {
        fn groups_only(
            &self,
            centres: &[f32],
            bounds: &[usize],
            edges: Option<&[usize]>,
        ) -> Option<Vec<(usize, usize)>> {
            self.groups(centres, bounds, edges, 0.0).map(|(g, _)| g)
        }
    }

    /// Ten-point lines twenty points apart from y = 100.
    fn lines(n: usize) -> Vec<(f32, f32)> {
        (0..n)
            .map(|k| {
                let top = 100.0 + 20.0 * k as f32;
                (top, top + 10.0)
            })
            .collect()
    }

    /// Centre of lines `a..=b`.
    fn mid(a: usize, b: usize) -> f32 {
        (100.0 + 20.0 * a as f32 + 110.0 + 20.0 * b as f32) / 2.0
    }

    #[test]
    fn groups_from_centres() {
        let ext = lines(6);
        let fit = Fit {
            ext: &ext,
            em: 10.0,
            allow_prefix: false,
            lead: (0.0, 0.0),
            allow_suffix: true,
        };
        // Even (between lines 1 and 2), odd (line 4), a one-line group.
        let centres = [mid(0, 3), mid(4, 4), mid(5, 5)];
        assert_eq!(
            fit.groups_only(&centres, &[], None),
            Some(vec![(0, 3), (4, 4), (5, 5)])
        );
        // The last group may end early: the rest belongs to a group whose
        // label is on the next page.
        assert_eq!(
            fit.groups_only(&[mid(0, 1), mid(2, 3)], &[], None),
            Some(vec![(0, 1), (2, 3)])
        );
        // A label centred on all lines takes all of them.
        assert_eq!(fit.groups_only(&[mid(0, 5)], &[], None), Some(vec![(0, 5)]));
        // Nothing is centred below the last line; more labels than lines.
        assert_eq!(fit.groups_only(&[mid(0, 0), 400.0], &[], None), None);
        assert_eq!(fit.groups_only(&[mid(0, 0); 7], &[], None), None);
        assert_eq!(fit.groups_only(&[], &[], None), None);
    }

    #[test]
    fn groups_with_prefix_bounds_and_edges() {
        let ext = lines(4);
        let fixed = Fit {
            ext: &ext,
            em: 10.0,
            allow_prefix: false,
            lead: (0.0, 0.0),
            allow_suffix: true,
        };
        let continued = Fit {
            ext: &ext,
            em: 10.0,
            allow_prefix: true,
            lead: (0.0, 0.0),
            allow_suffix: true,
        };
        // Without a header on the page the first lines may continue a
        // group from the previous page.
        assert_eq!(
            continued.groups_only(&[mid(2, 3)], &[], None),
            Some(vec![(2, 3)])
        );
        // Under the header the first group starts at the first line.
        assert_eq!(
            fixed.groups_only(&[mid(2, 3)], &[], None),
            Some(vec![(0, 3)])
        );
        // A group may not cross a bound; with edges it must start and end on
        // them (lines 0..=2 centre on line 1, as does line 1 alone).
        assert_eq!(
            fixed.groups_only(&[mid(0, 2)], &[1], None),
            None,
            "crosses the bound at line 1"
        );
        assert_eq!(
            continued.groups_only(&[mid(1, 1)], &[], Some(&[0, 1, 2, 4])),
            Some(vec![(1, 1)])
        );
        assert_eq!(
            continued.groups_only(&[mid(1, 1)], &[], Some(&[0, 3, 4])),
            Some(vec![(0, 2)])
        );
    }

    #[test]
    fn nested_columns_take_the_cheaper_order() {
        // A continued page of eight evenly spaced lines: lines 0–1 finish a
        // 二级 group from the previous page. 一级 labels centre on 0–3 and
        // 4–7, 二级 labels on 2–3 and 4–7. The free 二级 fit may as well
        // take 1–4 and 5–6 (same centres, one line left on each side), which
        // no 一级 fit can follow; fitting 一级 first costs nothing.
        let ext = lines(8);
        let fit = Fit {
            ext: &ext,
            em: 10.0,
            allow_prefix: true,
            lead: (0.0, 0.0),
            allow_suffix: true,
        };
        let (g1, g2) = fit.both_columns(&[mid(0, 3), mid(4, 7)], &[mid(2, 3), mid(4, 7)]);
        assert_eq!(g1, Some(vec![(0, 3), (4, 7)]));
        assert_eq!(g2, Some(vec![(2, 3), (4, 7)]));
    }

    #[test]
    fn a_near_tie_between_the_two_orders_goes_to_the_finer_column() {
        // A continued page (9 pt, rows 19.5 pt apart): 时效 goes on from
        // the previous page over lines 0–1, then 数量 2–10, 质量 11–19 and
        // 可持续影响 20–22 (going on to the next page); 产出指标 is centred
        // on lines 0–19, and the previous page's rows count as its lead.
        // The two orders' costs differ only in rounding.
        // (Positions as read from the page, rounding and all.)
        let ext: Vec<(f32, f32)> = (0..23)
            .map(|k| {
                let top = 92.74998 + 19.5 * k as f32;
                (top, top + 9.0)
            })
            .collect();
        let fit = Fit {
            ext: &ext,
            em: 9.0,
            allow_prefix: true,
            lead: (39.00003, 0.0),
            allow_suffix: true,
        };
        let (g1, g2) = fit.both_columns(&[282.49997], &[214.24997, 389.74997, 506.74997]);
        assert_eq!(g1, Some(vec![(0, 19)]));
        assert_eq!(g2, Some(vec![(2, 10), (11, 19), (20, 22)]));
    }

    #[test]
    fn lines_after_the_last_group_cost_more_where_the_table_ends() {
        // The last label sits 3 pt below line 2's centre, 7 pt above the
        // centre of lines 2–3. If the table goes on, line 3 may start a
        // group labelled on the next page; if it ends here, line 3 is most
        // likely the last group's own.
        let ext = lines(4);
        let centres = [mid(0, 1), mid(2, 2) + 3.0];
        let fit = |allow_suffix: bool| Fit {
            ext: &ext,
            em: 10.0,
            allow_prefix: false,
            lead: (0.0, 0.0),
            allow_suffix,
        };
        let groups = |f: Fit| f.groups(&centres, &[], None, 0.0).map(|g| g.0);
        assert_eq!(groups(fit(true)), Some(vec![(0, 1), (2, 2)]));
        assert_eq!(groups(fit(false)), Some(vec![(0, 1), (2, 3)]));
    }

    #[test]
    fn a_label_flowing_over_the_break_counts_the_rows_above_it() {
        // Lines 0–2 finish a group whose first 40 pt of rows were at the
        // foot of the previous page; Word centred its label on the whole
        // cell (y 105), above the visible rows' centre (125).
        let ext = lines(6);
        let fit = Fit {
            ext: &ext,
            em: 10.0,
            allow_prefix: true,
            lead: (0.0, 40.0),
            allow_suffix: true,
        };
        let centres = [105.0, mid(3, 5)];
        assert_eq!(
            fit.groups(&centres, &[], None, 40.0).map(|g| g.0),
            Some(vec![(0, 2), (3, 5)])
        );
        // Without the lead the label could as well take line 0 alone.
        let (g, cost) = fit.groups(&centres, &[], None, 0.0).unwrap();
        assert!(cost >= 20.0 - 1e-3, "{g:?} {cost}");
    }

    #[test]
    fn nested_columns_beat_a_cheaper_fit_that_does_not_nest() {
        // Page 2 of a stress form (merged labels flowing across the page
        // break): its 一级 labels alone fit best one line short of each true
        // group, but then no 二级 fit nests inside; the fit that follows
        // the 二级 groups wins although it costs more.
        let ext = [
            (101.5, 112.5),
            (130.35, 141.35),
            (159.2, 170.2),
            (183.2, 194.2),
            (212.05, 223.05),
            (245.75, 256.75),
            (279.45, 290.45),
            (308.3, 319.3),
            (332.3, 343.3),
            (356.3, 367.3),
            (380.3, 391.3),
        ];
        let fit = Fit {
            ext: &ext,
            em: 11.0,
            allow_prefix: true,
            lead: (0.0, 0.0),
            allow_suffix: true,
        };
        let l1 = [135.85, 251.25, 349.8];
        let l2 = [102.42, 135.85, 176.7, 217.55, 251.25, 284.95, 349.8];
        let (g1, g2) = fit.both_columns(&l1, &l2);
        assert_eq!(
            g2,
            Some(vec![
                (0, 0),
                (1, 1),
                (2, 3),
                (4, 4),
                (5, 5),
                (6, 6),
                (7, 10)
            ])
        );
        assert_eq!(g1, Some(vec![(0, 3), (4, 6), (7, 10)]));
    }
}
