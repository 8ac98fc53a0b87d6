//! Glyphs to text lines and cell text.
//!
//! Everything here works on [`G`], a glyph with its geometry checked and its
//! em size estimated once, so the callers never touch raw, possibly
//! non-finite input numbers.

pub(crate) use jixiao_chars::is_cjk;
use jixiao_page::Glyph;

/// A usable glyph: finite box, non-empty text, and an em size.
#[derive(Debug, Clone, Copy)]
pub(crate) struct G<'a> {
    pub text: &'a str,
    pub x0: f32,
    pub x1: f32,
    pub y0: f32,
    pub y1: f32,
    /// Estimated em (font size in page units).
    pub em: f32,
}

impl G<'_> {
    pub fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
}

/// Converts page glyphs, dropping those with empty or whitespace text or a
/// non-finite box. Space glyphs are not needed: word breaks are found from
/// gaps, and a space glyph's box is often degenerate.
pub(crate) fn usable_glyphs(glyphs: &[Glyph]) -> Vec<G<'_>> {
    glyphs
        .iter()
        .filter_map(|g| {
            let b = g.bbox;
            if g.text.trim().is_empty() || ![b.x0, b.x1, b.y0, b.y1].iter().all(|v| v.is_finite()) {
                return None;
            }
            let (x0, x1) = (b.x0.min(b.x1), b.x0.max(b.x1));
            let (y0, y1) = (b.y0.min(b.y1), b.y0.max(b.y1));
            Some(G {
                text: &g.text,
                x0,
                x1,
                y0,
                y1,
                em: em_of(g.font_size, y1 - y0),
            })
        })
        .collect()
}

/// The em of a glyph: its font size, unless that disagrees wildly with the
/// box height (a font size of 1 scaled by the text matrix, Type 3 fonts), in
/// which case the height is the better guess.
fn em_of(font_size: f32, height: f32) -> f32 {
    // A font size this many times off the box height is not the em.
    const TRUSTED_RATIO: f32 = 3.0;
    let fs = if font_size.is_finite() {
        font_size.abs()
    } else {
        0.0
    };
    let em = if height > 1.0 && (fs < height / TRUSTED_RATIO || fs > height * TRUSTED_RATIO) {
        height
    } else {
        fs.max(height)
    };
    em.clamp(1.0, 500.0)
}

/// One text line: indices into the glyph slice, sorted by x.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub glyphs: Vec<usize>,
    pub y0: f32,
    pub y1: f32,
    /// Median em of the line's glyphs.
    pub em: f32,
}

impl Line {
    pub fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
}

/// Glyphs whose centres lie within this many ems of a line's running
/// centre are on that line: half an em keeps stacked vertical text (one
/// character per line, an em apart) apart and tolerates mixed fonts on one
/// baseline.
const SAME_LINE_EM: f32 = 0.5;

/// Left edges within this distance (pt) are one edge (cells of one
/// left-aligned column, rounding in the producer).
pub(crate) const SAME_EDGE_PT: f32 = 1.0;

/// A glyph reaching back over the one before it by more than this (pt) is
/// set off from it: a full-width mark ending a cell hangs past the next
/// column's edge.
const HANGING_OVERLAP_PT: f32 = 0.5;

/// Groups glyphs into lines by vertical centre.
///
/// Glyphs are swept in order of centre y; a glyph joins the current line
/// when its centre lies within half an em of the line's running centre.
/// Half an em keeps stacked vertical text (one character per line, an em
/// apart) on separate lines and tolerates mixed fonts on one baseline.
/// Within a line glyphs are sorted by x.
pub(crate) fn group_lines(all: &[G], mut idx: Vec<usize>) -> Vec<Line> {
    idx.retain(|&i| all.get(i).is_some());
    idx.sort_by(|&a, &b| cy(all, a).total_cmp(&cy(all, b)));
    let mut lines: Vec<Line> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let (mut sum_cy, mut max_em) = (0.0f32, 0.0f32);
    for i in idx {
        let Some(g) = all.get(i) else { continue };
        if !current.is_empty() {
            let mean = sum_cy / current.len() as f32;
            if (g.cy() - mean).abs() > SAME_LINE_EM * max_em.max(g.em) {
                lines.push(finish_line(all, std::mem::take(&mut current)));
                sum_cy = 0.0;
                max_em = 0.0;
            }
        }
        sum_cy += g.cy();
        max_em = max_em.max(g.em);
        current.push(i);
    }
    if !current.is_empty() {
        lines.push(finish_line(all, current));
    }
    lines.retain(|l| !l.glyphs.is_empty());
    lines
}

fn cy(all: &[G], i: usize) -> f32 {
    all.get(i).map_or(0.0, G::cy)
}

fn finish_line(all: &[G], mut glyphs: Vec<usize>) -> Line {
    glyphs.sort_by(|&a, &b| {
        let (ga, gb) = (all.get(a), all.get(b));
        ga.map_or(0.0, |g| g.x0)
            .total_cmp(&gb.map_or(0.0, |g| g.x0))
    });
    // (WPS "fake bold" copies are dropped by the PDF reader, where they
    // are painted.)
    let kept = glyphs;
    let mut y0 = f32::INFINITY;
    let mut y1 = f32::NEG_INFINITY;
    let mut ems: Vec<f32> = Vec::with_capacity(kept.len());
    for g in kept.iter().filter_map(|&i| all.get(i)) {
        y0 = y0.min(g.y0);
        y1 = y1.max(g.y1);
        ems.push(g.em);
    }
    if ems.is_empty() {
        (y0, y1) = (0.0, 0.0);
    }
    Line {
        glyphs: kept,
        y0,
        y1,
        em: median(&mut ems).unwrap_or(1.0),
    }
}

/// Median of a slice (sorted in place); `None` when empty.
pub(crate) fn median(values: &mut [f32]) -> Option<f32> {
    values.sort_by(f32::total_cmp);
    values.get(values.len() / 2).copied()
}

/// Positions grouped where they lie within a point of a group's first
/// (sorted in place): each group's first position and its size. Left
/// edges shared by several cells or lines come out as one group.
pub(crate) fn shared_edges(xs: &mut [f32]) -> Vec<(f32, usize)> {
    xs.sort_by(f32::total_cmp);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&x) = xs.get(i) {
        let run = xs[i..]
            .iter()
            .take_while(|&&y| y - x <= SAME_EDGE_PT)
            .count();
        out.push((x, run));
        i += run.max(1);
    }
    out
}

/// A horizontal run of a line between wide gaps.
#[derive(Debug, Clone)]
pub(crate) struct Segment {
    pub x0: f32,
    pub x1: f32,
    pub text: String,
    /// The glyphs of a stacked label lifted onto this line (no longer
    /// among the line's glyphs), top to bottom; empty for any other
    /// segment, whose glyphs are the line's within its extent.
    pub lifted: Vec<usize>,
}

/// Splits a line into segments wherever the gap between two glyphs exceeds
/// `gap_em` ems (of the line), or [`NUMBER_GAP_EM`] between a number and CJK
/// text (an amount followed by the next label), and renders each segment.
pub(crate) fn segments(all: &[G], line: &Line, gap_em: f32) -> Vec<Segment> {
    segments_at(all, line, gap_em, &[], &|_| false)
}

/// The left edge of a left-aligned column, which text of the column before
/// it can reach.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Edge {
    pub x: f32,
    /// Text may split here even where the glyph before touches it: no text
    /// of the column before can cross this edge (the target column's edge,
    /// left of its header label), so a glyph starting on it starts a cell.
    pub touching: bool,
}

/// Like [`segments`], and also splits where a glyph starts at one of
/// `edges` (within a point) after a gap over [`EDGE_GAP_EM`], or touching
/// the glyph before where the edge allows it, or after a gap over
/// [`LABEL_EDGE_GAP_EM`] where the text before is a label (`is_label`): a
/// 二级 label whose last glyph nearly touches the 三级 name beside it.
pub(crate) fn segments_at(
    all: &[G],
    line: &Line,
    gap_em: f32,
    edges: &[Edge],
    is_label: &dyn Fn(&str) -> bool,
) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    // The right edge so far, and the text and index of the glyph before.
    let mut last: Option<(f32, &str, usize)> = None;
    for &i in &line.glyphs {
        let Some(g) = all.get(i) else { continue };
        if let Some((x1, prev_text, prev_id)) = last {
            let gap = g.x0 - x1;
            // Text painted at another time than the glyph before it, set
            // off by a gap, is another cell's (Calc paints a one-line
            // target before the wrapped name it nearly touches).
            let repainted = prev_id + 1 != i && gap > PAINT_JUMP_GAP_EM * line.em;
            let limit = if number_meets_cjk(prev_text, g.text) {
                gap_em.min(NUMBER_GAP_EM)
            } else {
                gap_em
            };
            // (Or overlapping it: a full-width mark ending the cell before
            // hangs past its edge.)
            let parted = gap > EDGE_GAP_EM * line.em || gap < -HANGING_OVERLAP_PT;
            let on_edge = edges.iter().filter(|e| (g.x0 - e.x).abs() <= SAME_EDGE_PT);
            let at_edge = on_edge.clone().any(|e| parted || e.touching)
                || (on_edge.count() > 0
                    && gap > LABEL_EDGE_GAP_EM * line.em
                    && is_label(&line_text(all, &run)));
            if gap > limit * line.em || at_edge || repainted {
                push_segment(all, &mut out, std::mem::take(&mut run));
            }
        }
        run.push(i);
        last = Some((last.map_or(g.x1, |(x, _, _)| x.max(g.x1)), g.text, i));
    }
    push_segment(all, &mut out, run);
    out
}

/// At a column's left edge a gap this wide (ems) separates cells.
const EDGE_GAP_EM: f32 = 0.3;

/// Between glyphs painted at different times a gap this wide (ems)
/// separates cells: one cell's line is painted at once.
const PAINT_JUMP_GAP_EM: f32 = 0.15;

/// At a column's left edge, after a label, a gap this wide (ems) separates
/// cells: CJK text is set solid, so even a sliver of a gap there is the
/// padding between two cells (Calc leaves 0.25 em).
const LABEL_EDGE_GAP_EM: f32 = 0.1;

/// Between a number and CJK text a gap this wide (ems) separates cells.
const NUMBER_GAP_EM: f32 = 0.8;

/// One side ends or starts with a digit and the other is CJK.
fn number_meets_cjk(before: &str, after: &str) -> bool {
    let (Some(b), Some(a)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    (b.is_ascii_digit() && is_cjk(a)) || (is_cjk(b) && a.is_ascii_digit())
}

fn push_segment(all: &[G], out: &mut Vec<Segment>, run: Vec<usize>) {
    let inked: Vec<&G> = run.iter().filter_map(|&i| all.get(i)).collect();
    let (Some(first), Some(_)) = (inked.first(), inked.last()) else {
        return;
    };
    let x0 = inked.iter().fold(first.x0, |m, g| m.min(g.x0));
    let x1 = inked.iter().fold(first.x1, |m, g| m.max(g.x1));
    let text = line_text(all, &run);
    if !text.trim().is_empty() {
        out.push(Segment {
            x0,
            x1,
            text,
            lifted: Vec::new(),
        });
    }
}

/// Renders glyphs of one line (sorted by x) as text, with a space where the
/// gap exceeds [`WORD_GAP_EM`]. Spaces between CJK characters are left in;
/// `clean_cell` removes them (this is what undoes the OCR layers' habit of
/// writing every 1–3 characters as a word).
pub(crate) fn line_text(all: &[G], glyphs: &[usize]) -> String {
    let mut out = String::new();
    let mut prev: Option<&G> = None;
    for g in glyphs.iter().filter_map(|&i| all.get(i)) {
        if let Some(p) = prev {
            if g.x0 - p.x1 > WORD_GAP_EM * p.em.max(g.em) {
                out.push(' ');
            }
        }
        out.push_str(g.text);
        prev = Some(g);
    }
    out
}

/// A gap wider than this many ems between two glyphs is a word break. Glyph
/// boxes are advance boxes, so letters touch and a space glyph's advance
/// (0.25–0.28 em in common Latin fonts) leaves a gap of about that width.
pub(crate) const WORD_GAP_EM: f32 = 0.15;

/// Text of a cell from its glyphs grouped into `lines` (see
/// [`group_lines`]): the lines rendered and joined. Wrapped lines join
/// without a space when either side of the join is CJK (or the first ends
/// with a hyphen), with one space otherwise.
pub(crate) fn lines_text(all: &[G], lines: &[Line]) -> String {
    let mut out = String::new();
    for line in lines {
        let text = line_text(all, &line.glyphs);
        join_wrapped(&mut out, text.trim());
    }
    out
}

/// Appends `next` to `out` as the continuation of a wrapped line.
pub(crate) fn join_wrapped(out: &mut String, next: &str) {
    if next.is_empty() {
        return;
    }
    let before = out.chars().next_back();
    let after = next.chars().next();
    let glue = match (before, after) {
        (None, _) => false,
        (Some(b), Some(a)) => !(is_cjk(b) || is_cjk(a) || b == '-' || b == '/'),
        (Some(_), None) => false,
    };
    if glue {
        out.push(' ');
    }
    out.push_str(next);
}

/// Punctuation that closes a phrase and may hang past a line's end.
pub(crate) fn is_closing_punct(text: &str) -> bool {
    is_one_of(text, "、，。；：！？）」』》〉】’”,.;:!?)")
}

/// `text` is one character, one of `chars`.
pub(crate) fn is_one_of(text: &str, chars: &str) -> bool {
    let mut it = text.chars();
    matches!((it.next(), it.next()), (Some(c), None) if chars.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(text: &str, x0: f32, y0: f32, size: f32) -> G<'_> {
        G {
            text,
            x0,
            x1: x0 + size,
            y0,
            y1: y0 + size,
            em: size,
        }
    }

    #[test]
    fn stacked_label_joins() {
        let all = vec![
            g("绩", 10.0, 10.0, 10.0),
            g("效", 10.0, 22.0, 10.0),
            g("指", 10.0, 34.0, 10.0),
            g("标", 10.0, 46.0, 10.0),
        ];
        assert_eq!(
            lines_text(&all, &group_lines(&all, vec![3, 1, 0, 2])),
            "绩效指标"
        );
    }

    #[test]
    fn latin_gap_makes_space_and_wide_gap_splits() {
        let all = vec![
            G {
                text: "a",
                x0: 0.0,
                x1: 5.0,
                y0: 0.0,
                y1: 10.0,
                em: 10.0,
            },
            G {
                text: "b",
                x0: 5.0,
                x1: 10.0,
                y0: 0.0,
                y1: 10.0,
                em: 10.0,
            },
            G {
                text: "c",
                x0: 14.0,
                x1: 19.0,
                y0: 0.0,
                y1: 10.0,
                em: 10.0,
            },
            G {
                text: "d",
                x0: 60.0,
                x1: 65.0,
                y0: 0.0,
                y1: 10.0,
                em: 10.0,
            },
        ];
        let lines = group_lines(&all, vec![0, 1, 2, 3]);
        assert_eq!(lines.len(), 1);
        let segs = segments(&all, &lines[0], 1.5);
        let texts: Vec<&str> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["ab c", "d"]);
    }

    #[test]
    fn text_painted_at_another_time_starts_a_cell() {
        // Calc paints the one-line target (`≥5人`, glyphs 0–2) before the
        // wrapped name whose line it nearly touches (glyphs 3–4), 4 pt on.
        let all = vec![
            g("≥", 34.0, 0.0, 10.0),
            g("5", 44.0, 0.0, 10.0),
            g("人", 54.0, 0.0, 10.0),
            g("部", 10.0, 0.0, 10.0),
            g("备", 20.0, 0.0, 10.0),
        ];
        let line = |glyphs: Vec<usize>| Line {
            glyphs,
            y0: 0.0,
            y1: 10.0,
            em: 10.0,
        };
        let texts = |l: &Line| -> Vec<String> {
            segments(&all, l, FINE_GAP_TEST_EM)
                .into_iter()
                .map(|s| s.text)
                .collect()
        };
        assert_eq!(texts(&line(vec![3, 4, 0, 1, 2])), ["部备", "≥5人"]);
        // Painted in one go, the same gap is inside the cell.
        let in_order = vec![
            g("部", 10.0, 0.0, 10.0),
            g("备", 20.0, 0.0, 10.0),
            g("≥", 34.0, 0.0, 10.0),
        ];
        let one = segments(&in_order, &line(vec![0, 1, 2]), FINE_GAP_TEST_EM);
        assert_eq!(one.len(), 1);
    }

    /// A gap limit wider than the 4 pt gaps above.
    const FINE_GAP_TEST_EM: f32 = 0.8;

    #[test]
    fn wrap_join_rules() {
        let mut s = String::from("可持续影");
        join_wrapped(&mut s, "响指标");
        assert_eq!(s, "可持续影响指标");
        let mut s = String::from("system");
        join_wrapped(&mut s, "upgrade");
        assert_eq!(s, "system upgrade");
    }
}
