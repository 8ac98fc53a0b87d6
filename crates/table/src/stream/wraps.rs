//! Wrapped lines joined to the line they continue.

use super::cells::{merge_by_column, BLine};
use super::even_rows::right_edges;
use crate::lines;
use crate::FormWords;

/// A line closer to the one above than this share of the median gap
/// between lines continues it.
const WRAP_SHARE: f32 = 0.5;

/// Appends clearly wrapped lines to the line above (see the module docs).
pub(super) fn merge_wraps(out: &mut Vec<BLine>, words: &dyn FormWords) {
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
        // Field labels wrapped beside centred values overlap the lines
        // around them (Calc, labels wrapped in narrow columns): where most
        // gaps outside the indicator table are such overlaps, the gaps
        // between rows are the positive ones. (Indicator lines that
        // overlap are joined later, see `join_split_rows`.)
        let median = lines::median(&mut gaps).filter(|m| *m > 0.0);
        if median.is_some() || anchored {
            return median;
        }
        gaps.retain(|g| *g > 0.0);
        lines::median(&mut gaps)
    };
    let medians = [median_gap(false), median_gap(true)];
    // (Anchored lines are the ones with an epoch.)
    let anchored: Vec<bool> = out.iter().map(|l| l.anchored && l.goal.is_none()).collect();
    let reach = right_edges(out, &anchored);
    let mut merged: Vec<BLine> = Vec::with_capacity(out.len());
    // Per merged line: each column's last piece's (column, right edge).
    let mut tails: Vec<Vec<(usize, f32)>> = Vec::with_capacity(out.len());
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
                None => {
                    merged.push(line);
                    tails.push(Vec::new());
                }
            }
            continue;
        }
        // Two lines that each hold a field label are two rows.
        let two_rows = |p: &BLine| has_field_label(p, words) && has_field_label(&line, words);
        if let Some(prev) = merged.last_mut().filter(|p| {
            p.goal.is_none() && !line.stack_only && !p.whole_row && !line.whole_row && !two_rows(p)
        }) {
            let gap = line.y0 - prev.y1;
            let median = medians.get(usize::from(line.anchored)).copied().flatten();
            let wraps = median.is_some_and(|m| gap < WRAP_SHARE * m && gap < prev.em.max(line.em));
            let tail = tails.last_mut();
            let room_left = line.anchored
                && tail.as_ref().is_some_and(|tail| {
                    line.cells.iter().any(|c| {
                        let key = line.epoch.map(|e| (e, c.col));
                        let edge = reach.iter().find(|(k, _)| Some(*k) == key);
                        let end = tail.iter().find(|(col, _)| *col == c.col);
                        matches!((edge, end), (Some(&(_, edge)), Some(&(_, end)))
                            if end < edge - UNFILLED_LINE_EM * line.em)
                    })
                });
            if prev.anchored == line.anchored && wraps && !room_left && !cells_apart(prev, &line) {
                if let Some(tail) = tail {
                    for c in &line.cells {
                        tail.retain(|(col, _)| *col != c.col);
                        tail.push((c.col, c.x1));
                    }
                }
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
        tails.push(line.cells.iter().map(|c| (c.col, c.x1)).collect());
        merged.push(line);
    }
    *out = merged;
}

/// A cell's next line starts at most this many ems below the bottom of
/// its line above (Writer's 1.66 em line pitch leaves 0.66 em); a line
/// further below in the same column is another cell's. Calc centres a
/// one-line name beside a two-line target: the next row's wrapped name
/// comes closer to that target than rows' gap, but 1.4 em below the name.
const CELL_LINE_GAP_EM: f32 = 1.0;

/// Whether `line` holds, in a column where `prev` has text, a cell that
/// starts too far below that text to be its next line (see
/// [`CELL_LINE_GAP_EM`]).
fn cells_apart(prev: &BLine, line: &BLine) -> bool {
    line.anchored
        && line.cells.iter().any(|c| {
            prev.cells
                .iter()
                .any(|p| p.col == c.col && c.y0 - p.y1 > CELL_LINE_GAP_EM * line.em)
        })
}

/// An anchored cell's line ending this many ems short of the furthest any
/// line of its column reaches had room for more: the cell's text ended
/// there, and a line below with text in that column is the next row's
/// (Chinese wraps at any character; a closing bracket that may not start a
/// line pulls one more character down, and a Latin word a few more).
pub(super) const UNFILLED_LINE_EM: f32 = 2.5;

/// A cell of the line is a field label (`其中：财政资金` counts).
pub(super) fn has_field_label(line: &BLine, words: &dyn FormWords) -> bool {
    line.cells.iter().any(|c| words.is_field_label(&c.text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::cells::BCell;

    const EM: f32 = 10.5;

    fn line(cells: &[(usize, f32, f32)]) -> BLine {
        let cells: Vec<BCell> = cells
            .iter()
            .map(|&(col, y0, y1)| BCell {
                col,
                x0: 0.0,
                x1: 10.0,
                y0,
                y1,
                text: String::new(),
                glyphs: Vec::new(),
            })
            .collect();
        let y0 = cells.iter().map(|c| c.y0).fold(f32::INFINITY, f32::min);
        let y1 = cells.iter().map(|c| c.y1).fold(f32::NEG_INFINITY, f32::max);
        BLine {
            y0,
            y1,
            em: EM,
            cells,
            anchored: true,
            epoch: Some(0),
            open: Vec::new(),
            goal: None,
            stack_only: false,
            whole_row: false,
            full_cols: Vec::new(),
        }
    }

    #[test]
    fn a_line_far_below_its_columns_text_is_another_cell() {
        // Calc (op9153 calc_013): a one-line name centred beside a
        // two-line target; the next row's name starts 7 pt below the
        // target but 15 pt below the name.
        let prev = line(&[(3, 374.4, 384.9), (4, 366.8, 392.4)]);
        let next = line(&[(3, 399.8, 410.3)]);
        assert!(cells_apart(&prev, &next));
        // A wrapped name's next line, one line pitch down.
        let wrapped = line(&[(3, 389.5, 400.0)]);
        assert!(!cells_apart(&prev, &wrapped));
        // Nothing above it in its column: nothing to tell.
        let other_column = line(&[(2, 399.8, 410.3)]);
        assert!(!cells_apart(&prev, &other_column));
    }
}
