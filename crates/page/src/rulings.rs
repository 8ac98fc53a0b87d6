//! Collinear ruling pieces joined into rules.

use crate::{Orientation, Ruling};

/// How close two pieces must be to count as one rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Closeness {
    /// Pieces whose positions differ by at most this much (page units) lie
    /// on one line.
    pub position: f32,
    /// Pieces on one line separated by at most this gap are one rule.
    pub gap: f32,
    /// Joined rules shorter than this are dropped (dots, joints).
    pub min_length: f32,
}

/// Joins collinear pieces: Word draws one piece per cell edge, scans break
/// a rule wherever noise or a seal interrupts it.
///
/// Pieces of each orientation are grouped into position bands (a band grows
/// while the next piece lies within `close.position` of the band's first
/// piece, so a slow drift cannot chain far-apart lines). Within a band,
/// pieces are sorted along the line and joined while they overlap or leave
/// a gap of at most `close.gap`; each joined rule's position is the
/// length-weighted mean of its pieces'. The result holds the horizontal
/// rules, then the vertical ones, each sorted by position, then start.
///
/// ```
/// use jixiao_page::{merge_collinear, Closeness, Orientation, Ruling};
/// let h = |pos, start, end| Ruling { orientation: Orientation::Horizontal, pos, start, end };
/// let close = Closeness { position: 1.0, gap: 2.0, min_length: 1.0 };
/// let rules = merge_collinear(vec![h(100.0, 0.0, 50.0), h(100.4, 51.5, 120.0)], close);
/// assert_eq!(rules.len(), 1);
/// assert_eq!((rules[0].start, rules[0].end), (0.0, 120.0));
/// ```
pub fn merge_collinear(pieces: Vec<Ruling>, close: Closeness) -> Vec<Ruling> {
    let (horizontal, vertical): (Vec<Ruling>, Vec<Ruling>) = pieces
        .into_iter()
        .partition(|r| r.orientation == Orientation::Horizontal);
    let mut out = merge_one_orientation(horizontal, close);
    out.extend(merge_one_orientation(vertical, close));
    out
}

fn merge_one_orientation(mut pieces: Vec<Ruling>, close: Closeness) -> Vec<Ruling> {
    pieces.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let mut out = Vec::new();
    let mut band: Vec<Ruling> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        band.clear();
        let Some(first) = pieces.get(i) else { break };
        let band_pos = first.pos;
        while let Some(p) = pieces.get(i) {
            if p.pos - band_pos > close.position {
                break;
            }
            band.push(*p);
            i += 1;
        }
        band.sort_by(|a, b| a.start.total_cmp(&b.start));
        // (rule so far, Σ pos·len, Σ len)
        let mut cur: Option<(Ruling, f32, f32)> = None;
        for p in &band {
            let len = (p.end - p.start).max(0.01);
            cur = match cur {
                Some((mut r, sum, total)) if p.start <= r.end + close.gap => {
                    r.end = r.end.max(p.end);
                    Some((r, sum + p.pos * len, total + len))
                }
                other => {
                    if let Some(done) = other {
                        push_joined(&mut out, done, close);
                    }
                    Some((*p, p.pos * len, len))
                }
            };
        }
        if let Some(done) = cur {
            push_joined(&mut out, done, close);
        }
    }
    out.sort_by(|a, b| a.pos.total_cmp(&b.pos).then(a.start.total_cmp(&b.start)));
    out
}

fn push_joined(out: &mut Vec<Ruling>, (mut r, sum, total): (Ruling, f32, f32), close: Closeness) {
    if r.end - r.start < close.min_length {
        return;
    }
    if total > 0.0 {
        r.pos = sum / total;
    }
    out.push(r);
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLOSE: Closeness = Closeness {
        position: 1.0,
        gap: 2.0,
        min_length: 1.0,
    };

    fn h(pos: f32, start: f32, end: f32) -> Ruling {
        Ruling {
            orientation: Orientation::Horizontal,
            pos,
            start,
            end,
        }
    }

    #[test]
    fn joins_touching_pieces_only() {
        let mut out = merge_collinear(
            vec![
                h(100.0, 0.0, 50.0),
                h(100.4, 51.5, 120.0),
                h(100.0, 200.0, 300.0),
            ],
            CLOSE,
        );
        assert_eq!(out.len(), 2);
        out.sort_by(|a, b| a.start.total_cmp(&b.start));
        assert_eq!((out[0].start, out[0].end), (0.0, 120.0));
        assert!((out[0].pos - 100.0).abs() < 0.5);
        assert_eq!(out[1].start, 200.0);
    }

    #[test]
    fn keeps_separate_positions_and_drops_dots() {
        let out = merge_collinear(
            vec![h(100.0, 0.0, 50.0), h(110.0, 0.0, 50.0), h(120.0, 5.0, 5.5)],
            CLOSE,
        );
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn a_slow_drift_does_not_chain() {
        let out = merge_collinear(
            vec![
                h(100.0, 0.0, 10.0),
                h(100.8, 10.0, 20.0),
                h(101.6, 20.0, 30.0),
            ],
            CLOSE,
        );
        assert_eq!(out.len(), 2);
    }
}
