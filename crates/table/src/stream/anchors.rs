//! Column anchors: the indicator header found on a page, the columns its
//! labels set, and the cells of the lines below it placed in them.

use super::cells::compact;
use super::segments::{with_stacks, FINE_GAP_EM};
use super::Kind;
use crate::lines::{self, Segment, G};
use crate::{FormWords, HeaderRole};

/// A cell ending this many ems short of the first anchor's label is in the
/// row-label column: labels of the first column are centred or
/// left-aligned on its header label and reach past its start, while a
/// stacked 绩效指标 may end only an em short of it.
const LABEL_COLUMN_MARGIN_EM: f32 = 0.25;

/// Cells whose left edges lie within this distance (pt) are left-aligned
/// in one column and vote together.
const ALIGNED_PT: f32 = 2.0;

/// Pieces of a header label wrapped in a narrow column: on lines at most
/// this many ems above or below the header line…
const HEADER_WRAP_DOWN_EM: f32 = 1.6;
/// …and centred at most this many ems apart.
const HEADER_WRAP_ACROSS_EM: f32 = 1.5;

/// Column anchors taken from an indicator header line.
#[derive(Debug, Clone)]
pub(super) struct Anchors {
    /// x range of each header cell, left to right.
    pub(super) cols: Vec<(f32, f32)>,
    /// Column number of the first anchor (1 when the header has no 绩效指标
    /// cell, so that column 0 stays the row-label column).
    pub(super) offset: usize,
    /// Em of the header line.
    pub(super) em: f32,
    /// Columns of the header's 一级/二级/三级/target labels.
    pub(super) roles: Roles,
    /// Columns chosen for groups of left-aligned cells (left edge, column,
    /// cells that voted), so a page the table continues onto, whose names
    /// may all be short, puts them where the longer ones went.
    pub(super) aligned: Vec<(f32, usize, usize)>,
}

/// Column numbers of the header labels that matter for merged labels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Roles {
    pub(super) l1: Option<usize>,
    pub(super) l2: Option<usize>,
    pub(super) l3: Option<usize>,
    pub(super) target: Option<usize>,
}

impl Roles {
    /// From the header's segments, numbered from `offset`. A segment holding
    /// two header labels (printed too close to split) gives no role.
    pub(super) fn of(segs: &[Segment], offset: usize, words: &dyn FormWords) -> Roles {
        let mut r = Roles::default();
        for (k, s) in segs.iter().enumerate() {
            if words.header_labels_in(&s.text) != 1 {
                continue;
            }
            let slot = match words.header_role(&s.text) {
                Some(HeaderRole::Level1) => &mut r.l1,
                Some(HeaderRole::Level2) => &mut r.l2,
                Some(HeaderRole::Level3) => &mut r.l3,
                Some(HeaderRole::Target) => &mut r.target,
                Some(HeaderRole::Other) | None => continue,
            };
            slot.get_or_insert(k + offset);
        }
        r
    }

    /// A column that makes a line a data line (三级 name or target).
    pub(super) fn is_data(&self, col: usize) -> bool {
        self.l3 == Some(col) || self.target == Some(col)
    }
}

impl Anchors {
    /// True for a cell ending left of the first anchor's label when column
    /// 0 is the row-label column. Labels of the first anchor column are
    /// centred or left-aligned on its header label, so they reach past
    /// its start; a stacked 绩效指标 may end only an em short of it.
    pub(super) fn in_label_column(&self, x1: f32) -> bool {
        self.offset > 0
            && self
                .cols
                .first()
                .is_some_and(|&(first, _)| x1 < first - LABEL_COLUMN_MARGIN_EM * self.em)
    }

    /// How much `x0..x1` overlaps each anchor column's region; neighbouring
    /// regions meet halfway between their header labels. Negative values (a
    /// zero-width cell, or no overlap) still rank the nearest region first.
    pub(super) fn overlaps(&self, x0: f32, x1: f32) -> Vec<f32> {
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
pub(super) fn argmax(values: &[f32]) -> usize {
    let mut best = (0usize, f32::NEG_INFINITY);
    for (k, &v) in values.iter().enumerate() {
        if v > best.1 {
            best = (k, v);
        }
    }
    best.0
}

pub(super) fn set(cols: &mut [Vec<usize>], line: usize, seg: usize, col: usize) {
    if let Some(c) = cols.get_mut(line).and_then(|l| l.get_mut(seg)) {
        *c = col;
    }
}

/// The indicator headers of a page and what governs each of its lines.
pub(super) struct Headers {
    /// One anchor epoch per header, after the carried one (epoch 0) when a
    /// table continues from the previous page.
    pub(super) epochs: Vec<Anchors>,
    /// Per line: a header, a line placed by an epoch's anchors, or plain.
    pub(super) kinds: Vec<Kind>,
    /// The epoch that governs the page's last line (its table may go on).
    pub(super) current: Option<usize>,
    /// Epochs that continue a table from the previous page: epoch 0 (the
    /// carried anchors) and a header repeated at the top of the page.
    pub(super) continuing: Vec<usize>,
}

/// Finds the indicator headers (lines with three header labels, wrapped
/// labels joined first) and which anchors govern each line: those of the
/// header above it, or the carried ones, until the next form's title or
/// 项目名称. Lines under a header are split into finer segments.
pub(super) fn find_headers(
    glyphs: &[G],
    segmented: &mut [(lines::Line, Vec<Segment>)],
    stacks_kept: &[Vec<Segment>],
    carried: Option<Anchors>,
    words: &dyn FormWords,
) -> Headers {
    let mut epochs: Vec<Anchors> = Vec::new();
    let mut current: Option<usize> = None;
    // Epochs that continue a table from the previous page: epoch 0 (the
    // carried anchors) and a header repeated at the top of the page.
    let mut continuing: Vec<usize> = Vec::new();
    let mut form_started = false;
    if let Some(a) = carried {
        continuing.push(0);
        epochs.push(a);
        current = Some(0);
    }
    join_wrapped_header_labels(glyphs, segmented, words);
    // Per line: Some(epoch) for anchored lines, and header lines' offsets.
    let mut kinds: Vec<Kind> = Vec::with_capacity(segmented.len());
    for ((line, segs), extra) in segmented.iter_mut().zip(stacks_kept) {
        if header_hits(segs, words) >= 3 {
            split_header_finely(glyphs, line, segs, extra, words);
            // The header's first cell is 一级指标: the row label (绩效指标)
            // is not on this line, and column 0 stays its column.
            let offset = usize::from(
                segs.first()
                    .is_some_and(|s| words.header_role(&s.text) == Some(HeaderRole::Level1)),
            );
            epochs.push(Anchors {
                cols: segs.iter().map(|s| (s.x0, s.x1)).collect(),
                offset,
                em: line.em,
                roles: Roles::of(segs, offset, words),
                aligned: Vec::new(),
            });
            current = Some(epochs.len() - 1);
            if continuing == [0] && epochs.len() == 2 && !form_started {
                continuing.push(1);
            }
            kinds.push(Kind::Header(offset));
        } else if segs.iter().any(|s| words.starts_form(&s.text)) {
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
    Headers {
        epochs,
        kinds,
        current,
        continuing,
    }
}

/// The column of every segment of the anchored lines (other lines' entries
/// are 0). Cells whose left edges align (within 2 pt) in one anchor epoch
/// vote together, so a short left-aligned name goes where the long ones in
/// its column go; a group's choice is remembered in its epoch
/// ([`Anchors::aligned`]) for the pages the table continues onto.
pub(super) fn assign_columns(
    segmented: &[(lines::Line, Vec<Segment>)],
    kinds: &[Kind],
    epochs: &mut [Anchors],
) -> Vec<Vec<usize>> {
    let mut cols_of: Vec<Vec<usize>> = segmented
        .iter()
        .map(|(_, segs)| vec![0; segs.len()])
        .collect();
    for (e, a) in epochs.iter_mut().enumerate() {
        let mut members: Vec<(f32, usize, usize)> = Vec::new();
        for (li, ((_, segs), kind)) in segmented.iter().zip(kinds).enumerate() {
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
            while members.get(j).is_some_and(|m| m.0 - x_start <= ALIGNED_PT) {
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
                .filter(|&&(x, _, n)| (x - x_start).abs() <= ALIGNED_PT && n > group.len())
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
    cols_of
}

/// Splits anchored lines again at their epoch's column edges: left edges
/// shared by at least three cells under the header, or by a group that
/// chose its column on an earlier page. A wrapped 二级 label's line whose
/// last glyph nearly touches a left-aligned 三级 name (both lines then fall
/// on one text line) comes apart there.
pub(super) fn resegment_at_edges(
    glyphs: &[G],
    segmented: &mut [(lines::Line, Vec<Segment>)],
    extras: &[Vec<Segment>],
    kinds: &[Kind],
    epochs: &[Anchors],
    words: &dyn FormWords,
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
                touching: target_lead
                    .is_some_and(|(lo, hi)| x > lo && x <= hi + lines::SAME_EDGE_PT),
            })
            .collect();
        for (((line, segs), extra), _) in segmented
            .iter_mut()
            .zip(extras)
            .zip(kinds)
            .filter(|(_, k)| **k == Kind::Anchored(e))
        {
            // (Two characters at least: one is the start of many names.)
            let is_label = |t: &str| compact(t).chars().count() >= 2 && words.begins_level_label(t);
            *segs = with_stacks(
                lines::segments_at(glyphs, line, FINE_GAP_EM, &edges, &is_label),
                extra,
            );
        }
    }
}

/// The header line split at gaps over [`FINE_GAP_EM`], as the lines under
/// it are, where that keeps every header label whole: the first line of a
/// row label wrapped in its narrow column (`绩效指`) may sit closer to
/// 一级指标 than cells are apart, and would take its column.
fn split_header_finely(
    glyphs: &[G],
    line: &lines::Line,
    segs: &mut Vec<Segment>,
    extra: &[Segment],
    words: &dyn FormWords,
) {
    let fine = with_stacks(lines::segments(glyphs, line, FINE_GAP_EM), extra);
    if fine.len() > segs.len() && header_hits(&fine, words) == header_hits(segs, words) {
        *segs = fine;
    }
}

/// Header labels wrapped in a narrow column (`一级指` / `标`): the header
/// row's other labels sit on the line between the two fragments, centred.
/// A fragment on the line above (or on the header line) and one below, at
/// most an em and a half apart horizontally, that together spell a header
/// label become one cell of the header line. The header line is a line
/// with at least two header labels of its own.
pub(super) fn join_wrapped_header_labels(
    glyphs: &[G],
    segmented: &mut [(lines::Line, Vec<Segment>)],
    words: &dyn FormWords,
) {
    for i in 0..segmented.len() {
        let Some((line, segs)) = segmented.get(i) else {
            continue;
        };
        if header_hits(segs, words) < 2 {
            continue;
        }
        let (em, cy) = (line.em, line.cy());
        let near = |j: usize| {
            segmented
                .get(j)
                .is_some_and(|(l, _)| (l.cy() - cy).abs() <= HEADER_WRAP_DOWN_EM * em)
        };
        let fragment = |s: &Segment| {
            words.header_labels_in(&s.text) == 0 && compact(&s.text).chars().count() <= 4
        };
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
                        if dx <= HEADER_WRAP_ACROSS_EM * em && words.is_header_label(&joined) {
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
                lifted: [sa.lifted, sb.lifted].concat(),
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

/// Segments holding at least one header label.
pub(super) fn header_hits(segs: &[Segment], words: &dyn FormWords) -> usize {
    segs.iter()
        .filter(|s| words.header_labels_in(&s.text) > 0)
        .count()
}
