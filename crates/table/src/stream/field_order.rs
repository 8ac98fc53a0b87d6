//! Rows of a word processor's borderless field block (项目名称 … 项目资金),
//! read from the order its text is painted in.
//!
//! Writer and Word paint a table cell by cell, row by row (see
//! [`super::cell_order`], which reads the indicator rows that way). Above
//! the indicators, a wrapped value (a project name of two lines, a funding
//! label `项目资金` / `总额` around its amount) puts its lines above and below
//! the line of its one-line neighbours, and the lines interleave: read by
//! position, a label and its value land in different rows. Where the
//! field lines of a page show table order, each cell's lines are joined
//! and each row's cells put on one line.
//!
//! The order is taken only where it is plainly a table's: every cell's
//! glyphs are painted one after another; a cell continues on the next line
//! down only straight after its previous line; within a row cells go left
//! to right; rows go top to bottom; and somewhere a cell is painted after
//! text below it (else the lines, read by position, say the same). Calc
//! paints wrapped cells after the one-line cells of later rows, which
//! breaks the top-to-bottom check; such pages keep the geometric reading.

use super::cells::{painted_at_once, BCell, BLine};
use crate::lines::G;
use crate::FormWords;

/// Lines of one cell are more than this many ems apart, top to top…
const MIN_LINE_PITCH_EM: f32 = 0.5;
/// …and at most this many (Writer sets Noto CJK lines 1.66 em apart).
const MAX_LINE_PITCH_EM: f32 = 1.8;
/// A row starting this many ems above the one before it is not in table
/// order (the rows of one band of a table start at one height; centring
/// moves a short cell down, not a later row up).
const ROW_ORDER_TOLERANCE_EM: f32 = 0.5;
/// A cell starting no more than this many ems right of the one before it
/// starts the next row.
const SAME_START_EM: f32 = 0.3;

/// One cell's text on one line, in painting order.
struct Piece {
    line: usize,
    cell: usize,
    first: usize,
    last: usize,
}

/// Joins the field lines of the page into rows where they were painted in
/// table order (see the module docs). The joined rows are marked
/// [`BLine::whole_row`].
pub(super) fn regroup(lines: &mut Vec<BLine>, glyphs: &[G], words: &dyn FormWords) {
    let Some(pieces) = field_pieces(lines, glyphs, words) else {
        return;
    };
    let cell_of = |p: &Piece| lines.get(p.line).and_then(|l| l.cells.get(p.cell));
    let cells = cells_of(lines, &pieces);
    let joined: Vec<BCell> = cells
        .iter()
        .filter_map(|members| {
            let mut parts = members
                .iter()
                .filter_map(|&k| pieces.get(k))
                .filter_map(cell_of);
            let mut cell = parts.next()?.clone();
            for part in parts {
                cell.absorb(part);
            }
            Some(cell)
        })
        .collect();
    if joined.len() != cells.len() {
        return;
    }
    // (The field lines' em, not the title's: a wrapped cell's neighbours
    // sit half a line lower.)
    let mut field_ems: Vec<f32> = pieces
        .iter()
        .filter_map(|p| lines.get(p.line))
        .map(|l| l.em)
        .collect();
    let em = crate::lines::median(&mut field_ems).unwrap_or(1.0).max(1.0);
    let Some(rows) = rows_of(&joined, em) else {
        return;
    };
    // Some row holds cells of several lines (else the positions said it
    // all).
    let mut row_of_line: Vec<Option<usize>> = vec![None; lines.len()];
    let mut spans_lines = false;
    for (r, row) in rows.iter().enumerate() {
        let mut row_lines: Vec<usize> = Vec::new();
        for &c in row {
            for &k in cells.get(c).into_iter().flatten() {
                let Some(p) = pieces.get(k) else { return };
                // (A merged label painted with its first row shares its
                // line with a later row's cells.)
                match row_of_line.get_mut(p.line) {
                    Some(slot) => *slot = Some(slot.unwrap_or(r)),
                    None => return,
                }
                if !row_lines.contains(&p.line) {
                    row_lines.push(p.line);
                }
            }
        }
        spans_lines |= row_lines.len() > 1;
    }
    if !spans_lines {
        return;
    }
    let mut out: Vec<BLine> = Vec::with_capacity(lines.len());
    let mut ems: Vec<f32> = Vec::with_capacity(lines.len());
    for (i, line) in lines.drain(..).enumerate() {
        ems.push(line.em);
        if row_of_line.get(i).copied().flatten().is_none() {
            out.push(line);
        }
    }
    let mut joined: Vec<Option<BCell>> = joined.into_iter().map(Some).collect();
    for row in rows {
        let em = row
            .first()
            .and_then(|&c| cells.get(c))
            .and_then(|m| m.first())
            .and_then(|&k| pieces.get(k))
            .and_then(|p| ems.get(p.line))
            .copied()
            .unwrap_or(1.0);
        let mut row_cells: Vec<BCell> = row
            .iter()
            .filter_map(|&c| joined.get_mut(c).and_then(Option::take))
            .collect();
        row_cells.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        for (k, c) in row_cells.iter_mut().enumerate() {
            c.col = k;
        }
        out.push(BLine {
            y0: row_cells.iter().fold(f32::INFINITY, |m, c| m.min(c.y0)),
            y1: row_cells.iter().fold(f32::NEG_INFINITY, |m, c| m.max(c.y1)),
            em,
            cells: row_cells,
            anchored: false,
            epoch: None,
            open: Vec::new(),
            goal: None,
            stack_only: false,
            whole_row: true,
            full_cols: Vec::new(),
        });
    }
    out.sort_by(|p, q| p.y0.total_cmp(&q.y0));
    *lines = out;
}

/// Cells (in painting order) cut into rows: a cell that starts left of the
/// one before it, or below all of the row so far, starts a row. `None`
/// where rows do not run top to bottom, or no cell was painted after text
/// below it.
fn rows_of(cells: &[BCell], em: f32) -> Option<Vec<Vec<usize>>> {
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut band = (f32::INFINITY, f32::NEG_INFINITY);
    let mut out_of_line = false;
    let mut lowest_top = f32::NEG_INFINITY;
    for (k, c) in cells.iter().enumerate() {
        let prev = k.checked_sub(1).and_then(|j| cells.get(j));
        let new_row = prev.is_none_or(|p| c.x0 <= p.x0 + SAME_START_EM * em || c.y0 > band.1);
        if new_row {
            if let Some(row) = rows.last() {
                let top = row
                    .iter()
                    .filter_map(|&j| cells.get(j))
                    .fold(f32::INFINITY, |m, c| m.min(c.y0));
                if top < lowest_top - ROW_ORDER_TOLERANCE_EM * em {
                    return None;
                }
                lowest_top = lowest_top.max(top);
            }
            rows.push(vec![k]);
            band = (c.y0, c.y1);
        } else {
            rows.last_mut()?.push(k);
            band = (band.0.min(c.y0), band.1.max(c.y1));
        }
        out_of_line |= cells
            .get(..k)?
            .iter()
            .any(|b| b.y0 > c.y0 + ROW_ORDER_TOLERANCE_EM * em);
    }
    let top = rows
        .last()?
        .iter()
        .filter_map(|&j| cells.get(j))
        .fold(f32::INFINITY, |m, c| m.min(c.y0));
    if top < lowest_top - ROW_ORDER_TOLERANCE_EM * em || !out_of_line {
        return None;
    }
    Some(rows)
}

/// The cells of the page's field lines, in painting order; `None` where a
/// cell's glyphs were not painted one after another.
fn field_pieces(lines: &[BLine], glyphs: &[G], words: &dyn FormWords) -> Option<Vec<Piece>> {
    // (The indicator header keeps its line: its cells name the columns.)
    let is_header = |l: &BLine| {
        l.cells
            .iter()
            .filter(|c| words.header_role(&c.text).is_some())
            .count()
            >= 2
    };
    // (A stacked label's cell holds the glyphs lifted onto its line: it
    // is painted at once like any cell, its merged cell with its first
    // row.)
    let is_field = |l: &BLine| {
        !l.anchored
            && l.goal.is_none()
            && !l.whole_row
            && !is_header(l)
            && l.cells.iter().any(|c| !c.glyphs.is_empty())
    };
    let mut pieces = Vec::new();
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| is_field(l)) {
        for (c, cell) in line.cells.iter().enumerate() {
            let (first, last) = painted_at_once(&cell.glyphs, glyphs.len())?;
            pieces.push(Piece {
                line: i,
                cell: c,
                first,
                last,
            });
        }
    }
    pieces.sort_by_key(|p| p.first);
    if pieces.len() < 2 || pieces.windows(2).any(|w| w[1].first <= w[0].last) {
        return None;
    }
    Some(pieces)
}

/// Pieces (in painting order) gathered into cells: a piece continues the
/// one painted just before it when it lies on the next line down, one
/// line pitch below, overlapping it across.
fn cells_of(lines: &[BLine], pieces: &[Piece]) -> Vec<Vec<usize>> {
    let cell_of = |p: &Piece| lines.get(p.line).and_then(|l| l.cells.get(p.cell));
    let em_of = |p: &Piece| lines.get(p.line).map_or(1.0, |l| l.em.max(1.0));
    // Cells: pieces painted straight after the line above them.
    let mut cells: Vec<Vec<usize>> = Vec::new();
    for (k, p) in pieces.iter().enumerate() {
        let continues = k
            .checked_sub(1)
            .and_then(|j| pieces.get(j))
            .is_some_and(|q| {
                let (Some(a), Some(b)) = (cell_of(q), cell_of(p)) else {
                    return false;
                };
                let pitch = (b.y0 - a.y0) / em_of(p);
                p.first == q.last + 1
                    && a.x0 < b.x1
                    && b.x0 < a.x1
                    && (MIN_LINE_PITCH_EM..=MAX_LINE_PITCH_EM).contains(&pitch)
            });
        match cells.last_mut().filter(|_| continues) {
            Some(cell) => cell.push(k),
            None => cells.push(vec![k]),
        }
    }
    cells
}
