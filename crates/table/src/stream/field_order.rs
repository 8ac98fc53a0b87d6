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
//! text below it (else the lines, read by position, say the same).
//!
//! Calc paints a page's one-line cells first, then each wrapped cell line
//! by line, which breaks the top-to-bottom check. Its cells are still
//! painted at once, and a table's rows do not overlap: there the cells are
//! cut into rows by where they lie (see [`rows_by_overlap`]), where no row
//! would hold two cells one above the other.

use super::cells::{compact, painted_at_once, painted_parts, BCell, BLine};
use crate::lines::{self, G};
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
/// Lines of one cell lie this close (ems) to the page's line pitch inside
/// cells.
const CELL_PITCH_TOLERANCE_EM: f32 = 0.15;
/// A line of a cell is at most this many ems shorter than the line
/// below it (line-breaking rules pull a character or two down).
const WRAP_SHORTFALL_EM: f32 = 1.5;
/// Cells of one row overlap down the page by more than this many ems, and
/// two cells overlapping across by more are one above the other (glyph
/// boxes of neighbouring rows may touch).
const OVERLAP_TOLERANCE_EM: f32 = 0.1;

/// One cell's text on one line, in painting order.
struct Piece {
    line: usize,
    /// The cell, or the part of it painted at once (see
    /// [`painted_parts`]).
    cell: BCell,
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
    let cells = cells_of(lines, &pieces, words);
    let joined: Vec<BCell> = cells
        .iter()
        .filter_map(|members| {
            let mut parts = members
                .iter()
                .filter_map(|&k| pieces.get(k))
                .map(|p| &p.cell);
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
    let em = lines::median(&mut field_ems).unwrap_or(1.0).max(1.0);
    let is_row_label = |c: &BCell| {
        let key = compact(&c.text);
        let bare = key
            .trim_end_matches(['）', ')'])
            .trim_end_matches(|ch: char| ch != '（' && ch != '(')
            .trim_end_matches(['（', '(']);
        words.is_goal_row_label(&key)
            || words.is_stacked_row_label(&key)
            || (bare.len() < key.len() && words.is_stacked_row_label(bare))
    };
    let Some(rows) = rows_of(&joined, em).or_else(|| rows_by_overlap(&joined, em, is_row_label))
    else {
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
    }
    let top = rows
        .last()?
        .iter()
        .filter_map(|&j| cells.get(j))
        .fold(f32::INFINITY, |m, c| m.min(c.y0));
    if top < lowest_top - ROW_ORDER_TOLERANCE_EM * em || !painted_out_of_line(cells, em) {
        return None;
    }
    Some(rows)
}

/// True when some cell (in painting order) was painted after text below
/// it: not a stream in line order, whose lines say it all.
fn painted_out_of_line(cells: &[BCell], em: f32) -> bool {
    cells.iter().enumerate().any(|(k, c)| {
        cells
            .iter()
            .take(k)
            .any(|b| b.y0 > c.y0 + ROW_ORDER_TOLERANCE_EM * em)
    })
}

/// True when `text` starts with a field's label (`项目性质经常性项目`, a
/// label and its value in one segment): the next row, not a wrapped line.
fn starts_with_field_label(text: &str, words: &dyn FormWords) -> bool {
    /// Field labels are at most this long (其中：当年财政拨款).
    const LABEL_MAX_CHARS: usize = 12;
    text.char_indices()
        .skip(1)
        .take(LABEL_MAX_CHARS)
        .any(|(i, _)| text.get(..i).is_some_and(|head| words.is_field_label(head)))
}

/// Cells cut into rows by where they lie, whatever order they were
/// painted in: a table's rows do not overlap, so cells whose extents
/// overlap down the page are one row (a label of two lines and the amount
/// centred beside it). Calc paints a page's one-line cells first, then each
/// wrapped cell line by line. A row label merged down several rows
/// (`项目资金（元）`, `项目绩效目标`: `is_row_label`) goes with the row its
/// middle lies in. `None` where nothing was painted after text below it
/// (the lines said it all), or where a row would hold two cells one above
/// the other (a wrap the painting order did not join).
fn rows_by_overlap(
    cells: &[BCell],
    em: f32,
    is_row_label: impl Fn(&BCell) -> bool,
) -> Option<Vec<Vec<usize>>> {
    let tol = OVERLAP_TOLERANCE_EM * em;
    if !painted_out_of_line(cells, em) {
        return None;
    }
    let (labels, mut order): (Vec<usize>, Vec<usize>) =
        (0..cells.len()).partition(|&k| cells.get(k).is_some_and(&is_row_label));
    order.sort_by(|&a, &b| {
        let y = |k: usize| cells.get(k).map_or(0.0, |c| c.y0);
        y(a).total_cmp(&y(b))
    });
    // (top, bottom, members) per row, top to bottom.
    let mut rows: Vec<(f32, f32, Vec<usize>)> = Vec::new();
    for k in order {
        let Some(c) = cells.get(k) else { continue };
        match rows.last_mut() {
            Some((_, bottom, members)) if c.y0 < *bottom - tol => {
                *bottom = bottom.max(c.y1);
                members.push(k);
            }
            _ => rows.push((c.y0, c.y1, vec![k])),
        }
    }
    for k in labels {
        let Some(c) = cells.get(k) else { continue };
        let middle = (c.y0 + c.y1) / 2.0;
        match rows
            .iter_mut()
            .find(|(top, bottom, _)| (*top..=*bottom).contains(&middle))
        {
            Some((_, _, members)) => members.push(k),
            None => rows.push((c.y0, c.y1, vec![k])),
        }
    }
    let stacked = |a: usize, b: usize| match (cells.get(a), cells.get(b)) {
        (Some(p), Some(q)) => p.x0 < q.x1 - tol && q.x0 < p.x1 - tol,
        _ => true,
    };
    for (_, _, members) in &rows {
        for (i, &a) in members.iter().enumerate() {
            if members.iter().skip(i + 1).any(|&b| stacked(a, b)) {
                return None;
            }
        }
    }
    rows.sort_by(|p, q| p.0.total_cmp(&q.0));
    Some(rows.into_iter().map(|(_, _, members)| members).collect())
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
        for cell in &line.cells {
            for part in painted_parts(cell, glyphs)? {
                let (first, last) = painted_at_once(&part.glyphs, glyphs.len())?;
                pieces.push(Piece {
                    line: i,
                    cell: part,
                    first,
                    last,
                });
            }
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
/// line pitch below, overlapping it across, is not clearly longer, and
/// does not start with a field label.
fn cells_of(lines: &[BLine], pieces: &[Piece], words: &dyn FormWords) -> Vec<Vec<usize>> {
    let em_of = |p: &Piece| lines.get(p.line).map_or(1.0, |l| l.em.max(1.0));
    // Per piece, the pitch (ems) down from the piece painted before it,
    // where it may be that piece's next line.
    let pitches: Vec<Option<f32>> = pieces
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let q = pieces.get(k.checked_sub(1)?)?;
            let (a, b) = (&q.cell, &p.cell);
            let pitch = (b.y0 - a.y0) / em_of(p);
            // (A wrapped cell's line is about as long as the cell: a
            // short line above a long one is another cell, a centred
            // year over a project name.)
            let wraps = (b.x1 - b.x0) - (a.x1 - a.x0) <= WRAP_SHORTFALL_EM * em_of(p);
            (p.first == q.last + 1
                && a.x0 < b.x1
                && b.x0 < a.x1
                && wraps
                && !starts_with_field_label(&b.text, words)
                && (MIN_LINE_PITCH_EM..=MAX_LINE_PITCH_EM).contains(&pitch))
            .then_some(pitch)
        })
        .collect();
    // Lines of one cell are one line pitch apart: the last line of a
    // wrapped label and the first of the next row's, painted one after
    // the other, are further.
    let mut all: Vec<f32> = pitches.iter().flatten().copied().collect();
    let pitch = lines::median(&mut all);
    let mut cells: Vec<Vec<usize>> = Vec::new();
    for (k, step) in pitches.iter().enumerate() {
        let continues =
            step.is_some_and(|s| pitch.is_none_or(|m| (s - m).abs() <= CELL_PITCH_TOLERANCE_EM));
        match cells.last_mut().filter(|_| continues) {
            Some(cell) => cell.push(k),
            None => cells.push(vec![k]),
        }
    }
    cells
}
