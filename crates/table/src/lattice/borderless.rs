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
//! * **Stacked labels**: runs of one or two CJK characters standing alone
//!   on their line (more than 0.3 em from any neighbour), stacked in one
//!   column on consecutive lines (centres within 0.3 em horizontally, at
//!   most 1.6 em apart vertically), are read top to bottom as one cell on
//!   the first line (`绩`/`效`/`指`/`标` → `绩效指标`, `项`…`元）` →
//!   `项目资金（元）`), before lines are split into cells.
//! * **Columns**: a line with at least three header labels (一级指标,
//!   二级指标, 三级指标, 指标目标值, …指标值) is the indicator header; its
//!   cells' x ranges become column anchors for the lines below. A cell goes
//!   to the anchor column it overlaps most, columns meeting halfway between
//!   neighbouring header labels; cells wholly left of the first anchor (by
//!   more than an em) go to column 0, the 绩效指标 label column, when the
//!   header has no such label of its own. Cells landing in the same column
//!   are joined. Anchors carry over to following borderless pages (tables
//!   whose header is not repeated) and are dropped at the next form's
//!   title or 项目名称 line. Lines without anchors number their cells 0, 1, …
//!   Lines under a header are split more finely (gaps over 0.5 em) and
//!   neighbouring pieces in one column joined again, so a long 二级 label
//!   that nearly touches the 三级 name is still two cells.
//! * **Wrapped cells**: a line closer to the one above than half the median
//!   gap between such lines (anchored and plain lines measured separately,
//!   at least four gaps) continues it: vertically centred cells interleave
//!   with the wrapped lines of their neighbours this way. Under a header
//!   its cells are appended column by column; elsewhere to the cell above
//!   that overlaps it in x (a wrapped 项目名称 value), or inserted by x.
//!   This only catches clear cases; ambiguous wraps are left to the mapper.

use super::lines::{self, Segment, G};
use super::{furniture, y_frac, PRow, CELL_GAP_EM};
use crate::{clean_cell, Cell};
use jixiao_extract::pdf::PdfPage;

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
}

impl Anchors {
    /// True for a cell wholly left of the first anchor when column 0 is the
    /// row-label column.
    fn in_label_column(&self, x1: f32) -> bool {
        self.offset > 0
            && self
                .cols
                .first()
                .is_some_and(|&(first, _)| x1 < first - self.em)
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
    text: String,
}

/// One line with its cells placed in columns.
struct BLine {
    y0: f32,
    y1: f32,
    em: f32,
    /// Cells sorted by column.
    cells: Vec<BCell>,
    anchored: bool,
}

/// Gap (in ems) that splits lines under an indicator header.
const FINE_GAP_EM: f32 = 0.5;

pub(super) fn page_rows(glyphs: &[G], page: &PdfPage, anchors: &mut Option<Anchors>) -> Vec<PRow> {
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
        let mut segs = with_stacks(lines::segments(glyphs, &line, CELL_GAP_EM), &extra);
        let texts: Vec<&str> = segs.iter().map(|s| s.text.as_str()).collect();
        let whole = texts.join(" ");
        if segs.is_empty() || furniture::is_page_number(&whole, y_frac(line.cy(), page)) {
            continue;
        }
        // A header whose labels sit closer than the cell gap: split finer.
        if header_hits(&segs) < 3 && header_words_in(&whole) >= 3 {
            segs = with_stacks(lines::segments(glyphs, &line, FINE_GAP_EM), &extra);
        }
        segmented.push((line, segs));
        stacks_kept.push(extra);
    }

    // Pass 1: find headers and which anchors govern each line.
    let mut epochs: Vec<Anchors> = Vec::new();
    let mut current: Option<usize> = None;
    if let Some(a) = anchors.take() {
        epochs.push(a);
        current = Some(0);
    }
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
            });
            current = Some(epochs.len() - 1);
            kinds.push(Kind::Header(offset));
        } else if segs.iter().any(|s| starts_form(&s.text)) {
            current = None;
            kinds.push(Kind::Plain);
        } else if let Some(e) = current {
            *segs = with_stacks(lines::segments(glyphs, line, FINE_GAP_EM), extra);
            kinds.push(Kind::Anchored(e));
        } else {
            kinds.push(Kind::Plain);
        }
    }
    *anchors = current.and_then(|e| epochs.get(e).cloned());

    // Pass 2: columns of anchored cells. Cells whose left edges align
    // (within 2 pt) in one anchor epoch vote together, so a short
    // left-aligned name goes where the long ones in its column go.
    let mut cols_of: Vec<Vec<usize>> = segmented
        .iter()
        .map(|(_, segs)| vec![0; segs.len()])
        .collect();
    for (e, a) in epochs.iter().enumerate() {
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
            let col = argmax(&votes) + a.offset;
            for &(_, li, si) in group {
                set(&mut cols_of, li, si, col);
            }
            i = j.max(i + 1);
        }
    }

    let mut out_lines: Vec<BLine> = Vec::with_capacity(segmented.len());
    for (((line, segs), kind), seg_cols) in segmented.iter().zip(&kinds).zip(&cols_of) {
        if segs.is_empty() {
            continue;
        }
        let numbered = |offset: usize| -> Vec<BCell> {
            segs.iter()
                .enumerate()
                .map(|(k, s)| BCell {
                    col: k + offset,
                    x0: s.x0,
                    x1: s.x1,
                    text: s.text.clone(),
                })
                .collect()
        };
        let cells: Vec<BCell> = match kind {
            Kind::Header(offset) => numbered(*offset),
            Kind::Plain => numbered(0),
            Kind::Anchored(_) => {
                let mut cells: Vec<BCell> = Vec::with_capacity(segs.len());
                for (s, &col) in segs.iter().zip(seg_cols) {
                    match cells.iter_mut().find(|c| c.col == col) {
                        Some(cell) => {
                            cell.text.push(' ');
                            cell.text.push_str(&s.text);
                            cell.x0 = cell.x0.min(s.x0);
                            cell.x1 = cell.x1.max(s.x1);
                        }
                        None => cells.push(BCell {
                            col,
                            x0: s.x0,
                            x1: s.x1,
                            text: s.text.clone(),
                        }),
                    }
                }
                cells.sort_by_key(|c| c.col);
                cells
            }
        };
        let anchored = matches!(kind, Kind::Anchored(_));
        out_lines.push(BLine {
            y0: line.y0,
            y1: line.y1,
            em: line.em,
            cells,
            anchored,
        });
    }

    merge_wraps(&mut out_lines);

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
            let in_table = l.anchored || cells.len() >= 2;
            (!cells.is_empty()).then_some(PRow {
                y: l.y0,
                cells,
                open: Vec::new(),
                in_table,
            })
        })
        .collect()
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

/// A run of one or two CJK glyphs standing alone on its line.
struct Lone {
    line: usize,
    glyphs: Vec<usize>,
    cx: f32,
    cy: f32,
    em: f32,
    used: bool,
}

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
            if run.len() > 2 || !cjk || last.x1 - first.x0 > 2.2 * em {
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
        if chain.len() >= 3 || (chain.len() == 2 && singles) {
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
                [a, b] if a.anchored == anchored && b.anchored == anchored => Some(b.y0 - a.y1),
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
        if let Some(prev) = merged.last_mut() {
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
                        Some(t) => {
                            lines::join_wrapped(&mut t.text, &cell.text);
                            t.x0 = t.x0.min(cell.x0);
                            t.x1 = t.x1.max(cell.x1);
                        }
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
