//! Ruled tables from ruling lines: grid lines, connected regions and
//! spanning cells.
//!
//! The table stage asks it where a PDF page's tables are, and the
//! recogniser of scans asks it where the cells to read are: both hand it a
//! [`Page`]'s rulings, in page units.
//!
//! ```
//! use jixiao_page::{Orientation, Page, Ruling};
//! let rule = |orientation, pos, start, end| Ruling { orientation, pos, start, end };
//! let page = Page {
//!     number: 1, width: 600.0, height: 800.0, glyphs: Vec::new(), has_large_image: false,
//!     rulings: vec![
//!         rule(Orientation::Horizontal, 100.0, 50.0, 250.0),
//!         rule(Orientation::Horizontal, 120.0, 50.0, 250.0),
//!         rule(Orientation::Vertical, 50.0, 100.0, 120.0),
//!         rule(Orientation::Vertical, 150.0, 100.0, 120.0),
//!         rule(Orientation::Vertical, 250.0, 100.0, 120.0),
//!     ],
//! };
//! let (tables, _notes) = jixiao_lattice::find_tables(&page);
//! assert_eq!(tables[0].cells.len(), 2);
//! assert_eq!(tables[0].locate(200.0, 110.0), Some(1));
//! ```

#![warn(missing_docs)]

use jixiao_page::{merge_collinear, Closeness, Orientation, Page, Ruling};

/// Rulings whose positions differ by at most this much (pt) are one grid
/// line (double rules, a thick rule reported as two strokes, rounding).
const POS_TOL: f32 = 2.0;
/// Collinear pieces separated by at most this gap (pt) are one rule (Word
/// draws one piece per cell edge; some producers leave hairline gaps).
const GAP_TOL: f32 = 3.0;
/// A rule that stops this short (pt) of another still meets it.
const TOUCH_TOL: f32 = 3.0;
/// Rules that are one grid line: positions within [`POS_TOL`], pieces
/// [`GAP_TOL`] apart; shorter than a point is a dot or a glyph part.
const ONE_GRID_LINE: Closeness = Closeness {
    position: POS_TOL,
    gap: GAP_TOL,
    min_length: 1.0,
};
/// Rules reaching this far (pt) beyond the outermost perpendicular rule give
/// the table an undrawn outer edge there (a table without side borders, or
/// with no bottom rule before a page break).
const OVERHANG: f32 = 6.0;
/// An edge between two grid cells is drawn when rules cover this share of it.
const COVER: f32 = 0.5;
/// A rule spanning this share of the page, within [`FRAME_EDGE_SHARE`] of
/// its edge, is a page frame; a one-cell rectangle this share of the page
/// is one too.
const FRAME_SPAN_SHARE: f32 = 0.85;
/// How near the page's edges (shares of the page) a frame's rules lie.
const FRAME_EDGE_SHARE: f32 = 0.04;
const FRAME_FAR_EDGE_SHARE: f32 = 0.96;
/// Grids larger than this are hatching or charts, not forms.
const MAX_GRID_CELLS: usize = 250_000;

#[derive(Debug, Clone, Copy)]
struct Seg {
    pos: f32,
    start: f32,
    end: f32,
}

/// A cell of a table: grid rows `r0..r1` and columns `c0..c1` (ends
/// exclusive); more than one of either where edges are not drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TCell {
    /// First grid row.
    pub r0: usize,
    /// One past the last grid row.
    pub r1: usize,
    /// First grid column.
    pub c0: usize,
    /// One past the last grid column.
    pub c1: usize,
}

/// One ruled table on a page.
#[derive(Debug, Clone)]
pub struct Table {
    /// Column boundaries, increasing.
    pub xs: Vec<f32>,
    /// Row boundaries, increasing (downwards).
    pub ys: Vec<f32>,
    /// Grid cell (row-major) → index into `cells`.
    owner: Vec<usize>,
    /// The cells, in reading order of their top-left grid cell.
    pub cells: Vec<TCell>,
    /// The bottom boundary is not (fully) drawn: a row may continue on the
    /// next page.
    pub open_bottom: bool,
    /// Per grid column, whether the bottom boundary is drawn under it. An
    /// office suite draws no rule where a page break cuts a merged cell: a
    /// column drawn here at a page's foot ends its cell there.
    pub drawn_bottom: Vec<bool>,
}

impl Table {
    /// Number of grid columns.
    pub fn ncols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }

    /// The table's top edge.
    pub fn top(&self) -> f32 {
        self.ys.first().copied().unwrap_or(0.0)
    }

    /// The table's bottom edge.
    pub fn bottom(&self) -> f32 {
        self.ys.last().copied().unwrap_or(0.0)
    }

    fn left(&self) -> f32 {
        self.xs.first().copied().unwrap_or(0.0)
    }

    fn right(&self) -> f32 {
        self.xs.last().copied().unwrap_or(0.0)
    }

    /// The cell containing a point, by binary search on both axes.
    pub fn locate(&self, x: f32, y: f32) -> Option<usize> {
        let c = interval(&self.xs, x)?;
        let r = interval(&self.ys, y)?;
        self.owner.get(r * self.ncols() + c).copied()
    }

    fn contains(&self, other: &Table) -> bool {
        self.left() <= other.left() + POS_TOL
            && self.right() >= other.right() - POS_TOL
            && self.top() <= other.top() + POS_TOL
            && self.bottom() >= other.bottom() - POS_TOL
    }
}

/// Index `i` with `bounds[i] <= v <= bounds[i + 1]`, or `None` outside.
fn interval(bounds: &[f32], v: f32) -> Option<usize> {
    let (first, last) = (*bounds.first()?, *bounds.last()?);
    if bounds.len() < 2 || !(v >= first && v <= last) {
        return None;
    }
    let i = bounds.partition_point(|&b| b <= v);
    Some(i.saturating_sub(1).min(bounds.len() - 2))
}

/// Finds the ruled tables of a page, top to bottom, with notes on what was
/// ignored.
pub fn find_tables(page: &Page) -> (Vec<Table>, Vec<String>) {
    let mut notes = Vec::new();
    let usable: Vec<Ruling> = page
        .rulings
        .iter()
        .filter(|r| [r.pos, r.start, r.end].iter().all(|x| x.is_finite()))
        .map(|r| Ruling {
            start: r.start.min(r.end),
            end: r.start.max(r.end),
            ..*r
        })
        .collect();
    let mut h = Vec::new();
    let mut v = Vec::new();
    for r in merge_collinear(usable, ONE_GRID_LINE) {
        let seg = Seg {
            pos: r.pos,
            start: r.start,
            end: r.end,
        };
        match r.orientation {
            Orientation::Horizontal => h.push(seg),
            Orientation::Vertical => v.push(seg),
        }
    }
    // A frame drawn around the whole page (at its edges) touches nothing
    // useful and, where the table reaches the margin, would swallow it.
    let (w, ht) = (page.width, page.height);
    let before = h.len() + v.len();
    if w.is_finite() && ht.is_finite() && w > 0.0 && ht > 0.0 {
        let frame = |s: &Seg, along: f32, across: f32| {
            s.end - s.start >= FRAME_SPAN_SHARE * along
                && (s.pos <= FRAME_EDGE_SHARE * across || s.pos >= FRAME_FAR_EDGE_SHARE * across)
        };
        h.retain(|s| !frame(s, w, ht));
        v.retain(|s| !frame(s, ht, w));
    }
    if h.len() + v.len() < before {
        notes.push("ignored a frame drawn around the page".to_string());
    }
    let mut tables = Vec::new();
    for (hs, vs) in components(&h, &v) {
        match build(&hs, &vs) {
            Some(t) => tables.push(t),
            None if hs.len() >= 2 && vs.len() >= 2 => {
                notes.push("a ruled region too large to be a form was ignored".to_string());
            }
            None => {}
        }
    }
    // A bare rectangle is a frame, not a one-cell table: around another
    // table, around most of the page, or around text (an office suite's
    // "outer border only", a form drawn without inner rules). So is a
    // stack of them (one column: frames one under another, sharing an
    // edge). Their text is read from its positions, which one cell per
    // frame would lose.
    let page_area = (w * ht).max(1.0);
    let mut keep = vec![true; tables.len()];
    for (i, t) in tables.iter().enumerate() {
        if t.ncols() != 1 {
            continue;
        }
        let area = (t.right() - t.left()) * (t.bottom() - t.top());
        let encloses = tables
            .iter()
            .enumerate()
            .any(|(j, o)| j != i && o.cells.len() > 1 && t.contains(o));
        if let Some(k) = keep.get_mut(i) {
            *k = false;
        }
        notes.push(
            if encloses || area >= FRAME_SPAN_SHARE * page_area {
                "ignored a rectangle enclosing the table or page"
            } else {
                "a rectangle without inner rules: its text read from its positions"
            }
            .to_string(),
        );
    }
    let mut kept: Vec<Table> = tables
        .into_iter()
        .zip(keep)
        .filter_map(|(t, k)| k.then_some(t))
        .collect();
    kept.sort_by(|a, b| {
        a.top()
            .total_cmp(&b.top())
            .then(a.left().total_cmp(&b.left()))
    });
    notes.dedup();
    (kept, notes)
}

/// Verticals at least this long (pt) with the same extent belong together…
const SAME_EXTENT_MIN_LEN: f32 = 100.0;
/// …and verticals at least this long (about one row), where at least
/// [`SAME_EXTENT_SHORT_COUNT`] share the extent.
const SAME_EXTENT_SHORT_LEN: f32 = 30.0;
const SAME_EXTENT_SHORT_COUNT: usize = 4;

/// Connected sets of rulings (horizontal and vertical rules that meet).
fn components(h: &[Seg], v: &[Seg]) -> Vec<(Vec<Seg>, Vec<Seg>)> {
    let mut uf = UnionFind::new(h.len() + v.len());
    // `v` is sorted by position: binary-search the verticals whose x lies
    // within each horizontal's extent.
    for (i, hs) in h.iter().enumerate() {
        let lo = v.partition_point(|s| s.pos < hs.start - TOUCH_TOL);
        let hi = v.partition_point(|s| s.pos <= hs.end + TOUCH_TOL);
        for (k, vs) in v.iter().enumerate().take(hi).skip(lo) {
            if hs.pos >= vs.start - TOUCH_TOL && hs.pos <= vs.end + TOUCH_TOL {
                uf.union(i, h.len() + k);
            }
        }
    }
    // Long verticals with the same extent are rules of one table even where
    // no horizontal ties them: the label columns of a table continued from
    // the previous page and onto the next have no top or bottom rule there.
    // (Shorter ones only where several share the extent, as the rules of
    // one or two rows do: a page an office suite's manual break left with
    // little of the table.)
    let same = |a: &Seg, b: &Seg| {
        (a.start - b.start).abs() <= TOUCH_TOL && (a.end - b.end).abs() <= TOUCH_TOL
    };
    for (k, a) in v.iter().enumerate() {
        let len = a.end - a.start;
        if len < SAME_EXTENT_SHORT_LEN {
            continue;
        }
        if len < SAME_EXTENT_MIN_LEN
            && v.iter().filter(|b| same(a, b)).count() < SAME_EXTENT_SHORT_COUNT
        {
            continue;
        }
        for (j, b) in v.iter().enumerate().skip(k + 1) {
            if same(a, b) {
                uf.union(h.len() + k, h.len() + j);
            }
        }
    }
    let mut groups: Vec<(Vec<Seg>, Vec<Seg>)> = Vec::new();
    let mut slot: Vec<Option<usize>> = vec![None; h.len() + v.len()];
    for (i, s) in h.iter().chain(v.iter()).enumerate() {
        let root = uf.find(i);
        let g = match slot.get(root).copied().flatten() {
            Some(g) => g,
            None => {
                groups.push((Vec::new(), Vec::new()));
                let g = groups.len() - 1;
                if let Some(x) = slot.get_mut(root) {
                    *x = Some(g);
                }
                g
            }
        };
        if let Some(group) = groups.get_mut(g) {
            if i < h.len() {
                group.0.push(*s);
            } else {
                group.1.push(*s);
            }
        }
    }
    groups
}

/// Distinct positions of a sorted segment list, within POS_TOL.
fn positions(segs: &[Seg]) -> Vec<f32> {
    let mut ps: Vec<f32> = segs.iter().map(|s| s.pos).collect();
    ps.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::with_capacity(ps.len());
    for p in ps {
        match out.last() {
            Some(&last) if p - last <= POS_TOL => {}
            _ => out.push(p),
        }
    }
    out
}

/// For each boundary, the extents of the rules lying on it.
fn rules_on(bounds: &[f32], segs: &[Seg]) -> Vec<Vec<(f32, f32)>> {
    let mut out = vec![Vec::new(); bounds.len()];
    for s in segs {
        let i = bounds.partition_point(|&b| b < s.pos);
        // Nearest of the two neighbouring boundaries.
        let best = [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter_map(|k| bounds.get(k).map(|b| (k, (b - s.pos).abs())))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((k, d)) = best {
            if d <= POS_TOL {
                if let Some(list) = out.get_mut(k) {
                    list.push((s.start, s.end));
                }
            }
        }
    }
    out
}

/// Length of `a..b` covered by the given extents.
fn covered(extents: &[(f32, f32)], a: f32, b: f32) -> f32 {
    let total: f32 = extents
        .iter()
        .map(|&(s, e)| (e.min(b) - s.max(a)).max(0.0))
        .sum();
    total.min(b - a)
}

fn drawn(extents: Option<&Vec<(f32, f32)>>, a: f32, b: f32) -> bool {
    let len = b - a;
    len <= 0.0 || extents.is_some_and(|x| covered(x, a, b) >= COVER * len)
}

/// Builds the grid and spanning cells of one connected set of rulings.
fn build(h: &[Seg], v: &[Seg]) -> Option<Table> {
    let mut ys = positions(h);
    let mut xs = positions(v);
    if ys.len() < 2 || xs.len() < 2 {
        return None;
    }
    // Undrawn outer edges: rules that run on past the outermost perpendicular.
    let x_min = h.iter().map(|s| s.start).fold(f32::INFINITY, f32::min);
    let x_max = h.iter().map(|s| s.end).fold(f32::NEG_INFINITY, f32::max);
    let y_min = v.iter().map(|s| s.start).fold(f32::INFINITY, f32::min);
    let y_max = v.iter().map(|s| s.end).fold(f32::NEG_INFINITY, f32::max);
    if xs.first().is_some_and(|&x| x_min < x - OVERHANG) {
        xs.insert(0, x_min);
    }
    if xs.last().is_some_and(|&x| x_max > x + OVERHANG) {
        xs.push(x_max);
    }
    if ys.first().is_some_and(|&y| y_min < y - OVERHANG) {
        ys.insert(0, y_min);
    }
    let mut open_bottom = false;
    let mut overhang_bottom = false;
    if ys.last().is_some_and(|&y| y_max > y + OVERHANG) {
        ys.push(y_max);
        open_bottom = true;
        overhang_bottom = true;
    }
    let (nr, nc) = (ys.len() - 1, xs.len() - 1);
    if nr.saturating_mul(nc) > MAX_GRID_CELLS {
        return None;
    }
    let v_on = rules_on(&xs, v);
    let h_on = rules_on(&ys, h);
    let (left, right) = (
        xs.first().copied().unwrap_or(0.0),
        xs.last().copied().unwrap_or(0.0),
    );
    if !open_bottom && !drawn(h_on.last(), left, right) {
        open_bottom = true;
    }
    let drawn_bottom: Vec<bool> = xs
        .windows(2)
        .map(|w| !overhang_bottom && drawn(h_on.last(), w[0], w[1]))
        .collect();
    let mut uf = UnionFind::new(nr * nc);
    for r in 0..nr {
        let (ya, yb) = (
            ys.get(r).copied().unwrap_or(0.0),
            ys.get(r + 1).copied().unwrap_or(0.0),
        );
        for c in 0..nc {
            let (xa, xb) = (
                xs.get(c).copied().unwrap_or(0.0),
                xs.get(c + 1).copied().unwrap_or(0.0),
            );
            // Right neighbour: is the vertical boundary at xs[c + 1] drawn?
            if c + 1 < nc && !drawn(v_on.get(c + 1), ya, yb) {
                uf.union(r * nc + c, r * nc + c + 1);
            }
            // Lower neighbour: is the horizontal boundary at ys[r + 1] drawn?
            if r + 1 < nr && !drawn(h_on.get(r + 1), xa, xb) {
                uf.union(r * nc + c, (r + 1) * nc + c);
            }
        }
    }
    // Cells numbered in reading order of their top-left grid cell.
    let mut id_of_root: Vec<Option<usize>> = vec![None; nr * nc];
    let mut owner = vec![0usize; nr * nc];
    let mut cells: Vec<TCell> = Vec::new();
    for r in 0..nr {
        for c in 0..nc {
            let k = r * nc + c;
            let root = uf.find(k);
            let id = match id_of_root.get(root).copied().flatten() {
                Some(id) => id,
                None => {
                    cells.push(TCell {
                        r0: r,
                        r1: r + 1,
                        c0: c,
                        c1: c + 1,
                    });
                    let id = cells.len() - 1;
                    if let Some(slot) = id_of_root.get_mut(root) {
                        *slot = Some(id);
                    }
                    id
                }
            };
            if let Some(cell) = cells.get_mut(id) {
                cell.r1 = cell.r1.max(r + 1);
                cell.c0 = cell.c0.min(c);
                cell.c1 = cell.c1.max(c + 1);
            }
            if let Some(o) = owner.get_mut(k) {
                *o = id;
            }
        }
    }
    Some(Table {
        xs,
        ys,
        owner,
        cells,
        open_bottom,
        drawn_bottom,
    })
}

/// Disjoint sets with path halving.
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while let Some(&p) = self.parent.get(i) {
            if p == i {
                break;
            }
            let grand = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(i) {
                *slot = grand;
            }
            i = grand;
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // Keep the smaller index as root so roots are stable.
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            if let Some(slot) = self.parent.get_mut(hi) {
                *slot = lo;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jixiao_page::Ruling;

    fn page(rulings: Vec<Ruling>) -> Page {
        Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs: Vec::new(),
            rulings,
            has_large_image: false,
        }
    }

    fn hr(y: f32, x0: f32, x1: f32) -> Ruling {
        Ruling {
            orientation: Orientation::Horizontal,
            pos: y,
            start: x0,
            end: x1,
        }
    }

    fn vr(x: f32, y0: f32, y1: f32) -> Ruling {
        Ruling {
            orientation: Orientation::Vertical,
            pos: x,
            start: y0,
            end: y1,
        }
    }

    #[test]
    fn pieces_merge_and_spans_found() {
        // 2 rows × 3 columns; the first row's two right cells are merged
        // (no vertical between them at row 0). The top rule is drawn in
        // short pieces with hairline gaps.
        let rulings = vec![
            hr(100.0, 50.0, 150.0),
            hr(100.4, 151.0, 250.0),
            hr(100.0, 251.5, 350.0),
            hr(130.0, 50.0, 350.0),
            hr(160.0, 50.0, 350.0),
            vr(50.0, 100.0, 160.0),
            vr(150.0, 100.0, 160.0),
            vr(250.0, 130.0, 160.0),
            vr(350.0, 100.0, 160.0),
        ];
        let (tables, _) = find_tables(&page(rulings));
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.xs.len(), 4);
        assert_eq!(t.ys.len(), 3);
        assert_eq!(t.cells.len(), 5);
        assert_eq!(
            t.cells[1],
            TCell {
                r0: 0,
                r1: 1,
                c0: 1,
                c1: 3
            }
        );
        assert_eq!(t.locate(300.0, 110.0), Some(1));
        assert_eq!(t.locate(200.0, 110.0), Some(1));
        assert_eq!(t.locate(10.0, 110.0), None);
        assert!(!t.open_bottom);
    }

    #[test]
    fn missing_bottom_rule_is_open() {
        let rulings = vec![
            hr(100.0, 50.0, 350.0),
            hr(130.0, 50.0, 350.0),
            vr(50.0, 100.0, 170.0),
            vr(200.0, 100.0, 170.0),
            vr(350.0, 100.0, 170.0),
        ];
        let (tables, _) = find_tables(&page(rulings));
        assert_eq!(tables.len(), 1);
        assert!(tables[0].open_bottom);
        assert_eq!(tables[0].ys.len(), 3);
    }

    #[test]
    fn frames_without_inner_verticals_are_not_tables() {
        // Calc's "outer border only" around a form, and a stack of such
        // frames sharing edges: one column, so their text is read from its
        // positions.
        let rulings = vec![
            hr(100.0, 50.0, 350.0),
            hr(300.0, 50.0, 350.0),
            hr(500.0, 50.0, 350.0),
            vr(50.0, 100.0, 500.0),
            vr(350.0, 100.0, 500.0),
        ];
        let (tables, notes) = find_tables(&page(rulings));
        assert!(tables.is_empty());
        assert!(notes.iter().any(|n| n.contains("without inner rules")));
    }

    #[test]
    fn label_columns_without_top_or_bottom_rule_stay_in_the_table() {
        // A page in the middle of a table: the rows' rules span only the
        // columns right of x = 150; the two label columns (50–100–150) are
        // one merged cell each, with no rule touching their verticals.
        let mut rulings = vec![
            vr(50.0, 60.0, 760.0),
            vr(100.0, 60.0, 760.0),
            vr(150.0, 60.0, 760.0),
            vr(450.0, 60.0, 760.0),
        ];
        for y in [100.0, 200.0, 300.0, 400.0] {
            rulings.push(hr(y, 150.0, 450.0));
        }
        let (tables, _) = find_tables(&page(rulings));
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].xs, vec![50.0, 100.0, 150.0, 450.0]);
        // The label column is one cell from top to bottom.
        let t = &tables[0];
        assert_eq!(t.locate(75.0, 80.0), t.locate(75.0, 700.0));
        assert!(t.locate(75.0, 80.0).is_some());
    }
}
