//! Lines with their cells placed in columns, as the stream builds them.

use super::goals::{goal_line, GoalBlock};
use super::Kind;
use crate::lines::{self, Segment, G};

/// One cell of a [`BLine`].
#[derive(Clone)]
pub(super) struct BCell {
    pub(super) col: usize,
    pub(super) x0: f32,
    pub(super) x1: f32,
    /// Vertical extent of the cell's own glyphs (a line may hold glyphs a
    /// little above or below each other: a centred label next to a wrapped
    /// name).
    pub(super) y0: f32,
    pub(super) y1: f32,
    pub(super) text: String,
    /// The cell's glyphs (indices into the page's glyphs, which keep their
    /// painting order), ascending; empty where they are not known.
    pub(super) glyphs: Vec<usize>,
}

impl BCell {
    /// Appends a wrapped continuation of this cell and grows its box.
    pub(super) fn absorb(&mut self, other: &BCell) {
        lines::join_wrapped(&mut self.text, &other.text);
        self.x0 = self.x0.min(other.x0);
        self.x1 = self.x1.max(other.x1);
        self.y0 = self.y0.min(other.y0);
        self.y1 = self.y1.max(other.y1);
        self.glyphs.extend_from_slice(&other.glyphs);
        self.glyphs.sort_unstable();
    }
}

/// Merges a continuation line's cells into `host` column by column; cells
/// in columns `host` lacks are added. Keeps `host` sorted by column.
pub(super) fn merge_by_column(host: &mut Vec<BCell>, cells: Vec<BCell>) {
    for cell in cells {
        match host.iter_mut().find(|c| c.col == cell.col) {
            Some(t) => t.absorb(&cell),
            None => host.push(cell),
        }
    }
    host.sort_by_key(|c| c.col);
}

/// One line with its cells placed in columns.
pub(super) struct BLine {
    pub(super) y0: f32,
    pub(super) y1: f32,
    pub(super) em: f32,
    /// Cells sorted by column.
    pub(super) cells: Vec<BCell>,
    pub(super) anchored: bool,
    /// Anchor epoch of an anchored line.
    pub(super) epoch: Option<usize>,
    /// See [`crate::Row::open_cells`].
    pub(super) open: Vec<usize>,
    /// Goal block (index into the page's blocks) of a line of goal text.
    pub(super) goal: Option<usize>,
    /// The line holds only stacked labels (their first glyphs' line): a
    /// label spanning rows, not a wrap of the line above.
    pub(super) stack_only: bool,
    /// The line is a whole row already (its lines joined by the order
    /// they were painted in, see [`super::cell_order`]): no wrap or split
    /// row joins it.
    pub(super) whole_row: bool,
    /// See [`crate::Row::full_cells`]: known only for whole rows.
    pub(super) full_cols: Vec<usize>,
}

impl BLine {
    /// Sets the line's extent to its cells' (kept when it has none).
    pub(super) fn refit(&mut self) {
        self.refit_from(0);
    }

    /// Sets the line's extent to that of its cells in columns `first` and
    /// right of it, or of all its cells when it has none there: a stacked
    /// row label (绩效指标) spans rows, and its height on one line would
    /// make that line touch the next row.
    pub(super) fn refit_from(&mut self, first: usize) {
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

/// The first and last of glyphs `ids` (ascending painting-order indices
/// into the page's `count` glyphs) where they were painted one after
/// another, nothing else between; `None` where they were not (or there
/// are none).
pub(super) fn painted_at_once(ids: &[usize], count: usize) -> Option<(usize, usize)> {
    let (&first, &last) = (ids.first()?, ids.last()?);
    let span = last.checked_sub(first)?.checked_add(1)?;
    (span == ids.len() && last < count).then_some((first, last))
}

/// Glyph boxes of neighbouring parts may overlap by this much (rounding).
const PART_OVERLAP_PT: f32 = 0.5;

/// The parts of `cell` painted one after another, left to right: a cell
/// the line's segmenting put together from text painted at different
/// times (a narrow column's label against its neighbour's, an amount
/// against the next cell's centred label), cut where the painting
/// jumps. `None` where the parts interleave across, or glyphs are not
/// known.
pub(super) fn painted_parts(cell: &BCell, glyphs: &[G]) -> Option<Vec<BCell>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    for &i in &cell.glyphs {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|&p| p + 1 == i) => run.push(i),
            _ => runs.push(vec![i]),
        }
    }
    if runs.len() <= 1 {
        painted_at_once(&cell.glyphs, glyphs.len())?;
        return Some(vec![cell.clone()]);
    }
    let mut parts: Vec<BCell> = Vec::with_capacity(runs.len());
    for run in runs {
        let mut part = BCell {
            col: cell.col,
            x0: f32::INFINITY,
            x1: f32::NEG_INFINITY,
            y0: f32::INFINITY,
            y1: f32::NEG_INFINITY,
            text: String::new(),
            glyphs: run,
        };
        let mut placed: Vec<&G> = Vec::with_capacity(part.glyphs.len());
        for &i in &part.glyphs {
            let g = glyphs.get(i)?;
            part.x0 = part.x0.min(g.x0);
            part.x1 = part.x1.max(g.x1);
            part.y0 = part.y0.min(g.y0);
            part.y1 = part.y1.max(g.y1);
            placed.push(g);
        }
        placed.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        part.text = placed.iter().map(|g| g.text).collect();
        parts.push(part);
    }
    parts.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    if parts
        .windows(2)
        .any(|w| w[1].x0 < w[0].x1 - PART_OVERLAP_PT)
    {
        return None;
    }
    Some(parts)
}

/// Whitespace removed.
pub(super) fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Vertical extent of a segment's glyphs `ids` (see [`seg_glyphs`]). A
/// stacked label's segment (its glyphs left the line) gets the line's
/// extent, as before stacks were lifted.
fn seg_extent(glyphs: &[G], line: &lines::Line, ids: &[usize]) -> (f32, f32) {
    let (mut y0, mut y1) = (f32::INFINITY, f32::NEG_INFINITY);
    for g in ids.iter().filter_map(|&i| glyphs.get(i)) {
        y0 = y0.min(g.y0);
        y1 = y1.max(g.y1);
    }
    if y0 <= y1 {
        (y0, y1)
    } else {
        (line.y0, line.y1)
    }
}

/// The glyphs of a segment on `line` (those whose centre lies in its x
/// range), ascending; none for a stacked label's segment (its glyphs left
/// the line).
fn seg_glyphs(glyphs: &[G], line: &lines::Line, seg: &Segment) -> Vec<usize> {
    let mut ids: Vec<usize> = line
        .glyphs
        .iter()
        .copied()
        .filter(|&i| {
            glyphs
                .get(i)
                .is_some_and(|g| (seg.x0..=seg.x1).contains(&g.cx()))
        })
        .collect();
    ids.sort_unstable();
    ids
}

/// The page's lines with their cells in columns: goal lines split into
/// their block's two columns, header and plain lines numbered left to
/// right, anchored lines by `cols_of` (segments landing in one column
/// joined).
pub(super) fn build_lines(
    glyphs: &[G],
    segmented: &[(lines::Line, Vec<Segment>)],
    kinds: &[Kind],
    cols_of: &[Vec<usize>],
    blocks: &[GoalBlock],
    stacks_kept: &[Vec<Segment>],
) -> Vec<BLine> {
    let mut goal_of: Vec<Option<(usize, &[usize])>> = vec![None; segmented.len()];
    for (b, block) in blocks.iter().enumerate() {
        for (li, ids) in &block.lines {
            if let Some(slot) = goal_of.get_mut(*li) {
                *slot = Some((b, ids.as_slice()));
            }
        }
    }
    let mut out_lines: Vec<BLine> = Vec::with_capacity(segmented.len());
    for (((((line, segs), kind), seg_cols), goal), extra) in segmented
        .iter()
        .zip(kinds)
        .zip(cols_of)
        .zip(&goal_of)
        .zip(stacks_kept)
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
        let own: Vec<Vec<usize>> = segs.iter().map(|s| seg_glyphs(glyphs, line, s)).collect();
        let ys: Vec<(f32, f32)> = own
            .iter()
            .map(|ids| seg_extent(glyphs, line, ids))
            .collect();
        // A stacked label's cell holds its lifted glyphs (its painting
        // order), though it keeps the line's extent.
        let ids: Vec<Vec<usize>> = own
            .into_iter()
            .zip(segs)
            .map(|(mut ids, s)| {
                ids.extend_from_slice(&s.lifted);
                ids.sort_unstable();
                ids
            })
            .collect();
        let numbered = |offset: usize| -> Vec<BCell> {
            segs.iter()
                .zip(&ys)
                .zip(&ids)
                .enumerate()
                .map(|(k, ((s, &(y0, y1)), ids))| BCell {
                    col: k + offset,
                    x0: s.x0,
                    x1: s.x1,
                    y0,
                    y1,
                    text: s.text.clone(),
                    glyphs: ids.clone(),
                })
                .collect()
        };
        let cells: Vec<BCell> = match kind {
            Kind::Header(offset) => numbered(*offset),
            Kind::Plain => numbered(0),
            Kind::Anchored(_) => {
                let mut cells: Vec<BCell> = Vec::with_capacity(segs.len());
                for (((s, &col), &(y0, y1)), ids) in segs.iter().zip(seg_cols).zip(&ys).zip(&ids) {
                    match cells.iter_mut().find(|c| c.col == col) {
                        Some(cell) => {
                            cell.text.push(' ');
                            cell.text.push_str(&s.text);
                            cell.x0 = cell.x0.min(s.x0);
                            cell.x1 = cell.x1.max(s.x1);
                            cell.y0 = cell.y0.min(y0);
                            cell.y1 = cell.y1.max(y1);
                            cell.glyphs.extend_from_slice(ids);
                            cell.glyphs.sort_unstable();
                        }
                        None => cells.push(BCell {
                            col,
                            x0: s.x0,
                            x1: s.x1,
                            y0,
                            y1,
                            text: s.text.clone(),
                            glyphs: ids.clone(),
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
            whole_row: false,
            full_cols: Vec::new(),
        };
        // Under a header the line's extent is its cells' (a line that lost
        // glyphs to a stacked label keeps its old extent otherwise, which
        // the wrap test of text outside the table has come to rely on).
        if out.anchored {
            out.refit();
        }
        out_lines.push(out);
    }
    out_lines
}
