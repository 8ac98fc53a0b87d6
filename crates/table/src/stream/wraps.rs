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
        lines::median(&mut gaps).filter(|m| *m > 0.0)
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
            if prev.anchored == line.anchored && wraps && !room_left {
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

/// An anchored cell's line ending this many ems short of the furthest any
/// line of its column reaches had room for more: the cell's text ended
/// there, and a line below with text in that column is the next row's
/// (Chinese wraps at any character; a closing bracket that may not start a
/// line pulls one more character down, and a Latin word a few more).
const UNFILLED_LINE_EM: f32 = 2.5;

/// A cell of the line is a field label (`其中：财政资金` counts).
pub(super) fn has_field_label(line: &BLine, words: &dyn FormWords) -> bool {
    line.cells.iter().any(|c| words.is_field_label(&c.text))
}
