//! Turning painted paths into horizontal and vertical rulings.
//!
//! Producers draw table borders in three ways, all handled here:
//! * stroked lines (`m … l … S`) and stroked rectangles (`re S`);
//! * thin filled rectangles (`re … f`/`f*`, Word and WPS: one per cell edge);
//! * fills of wider areas (cell shading, page backgrounds), which are *not*
//!   rulings and are ignored, because they would otherwise touch every rule
//!   and merge the whole table into one cell.
//!
//! All geometry arrives already in page space (top-left origin, y down).

use hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point};
use jixiao_page::{merge_collinear, Closeness, Orientation, Ruling};

/// A fill whose smaller side is at most this many points is a line.
pub const THIN_FILL: f64 = 3.0;
/// An edge whose two ends differ by at most this much across its direction
/// is axis-aligned.
const AXIS_TOLERANCE: f64 = 0.5;
/// Pieces of one drawn rule: positions within a point (rounding, a rule
/// drawn as a thin box), gaps of two points (hairline gaps between Word's
/// per-cell pieces); what stays shorter than a point is a dot or a joint.
const PIECES_OF_ONE_RULE: Closeness = Closeness {
    position: 1.0,
    gap: 2.0,
    min_length: 1.0,
};
/// A shape covering at least this fraction of the page in both directions is
/// a page frame or background, not part of a table.
const PAGE_COVER: f64 = 0.95;

/// Accumulates raw segments for one page.
#[derive(Debug, Default)]
pub struct RulingCollector {
    width: f64,
    height: f64,
    raw: Vec<Ruling>,
    /// Reused point buffer for the current subpath (avoids an allocation per
    /// path; Word pages hold thousands).
    points: Vec<Point>,
}

impl RulingCollector {
    pub fn new(width: f32, height: f32) -> Self {
        Self {
            width: f64::from(width),
            height: f64::from(height),
            raw: Vec::new(),
            points: Vec::new(),
        }
    }

    /// A stroked path: every straight, axis-aligned piece is a ruling at the
    /// path's centre line (the line width does not matter).
    pub fn stroke(&mut self, path: &BezPath, transform: Affine) {
        self.for_each_subpath(path, transform, |this, pts, closed, has_curves| {
            if this.covers_page(pts) {
                return;
            }
            if closed && !has_curves && this.thin_axis_box(pts) {
                // A stroked sliver is one rule, not two rules and two stubs.
                this.push_thin_box(pts);
                return;
            }
            for pair in pts.windows(2) {
                if let [a, b] = pair {
                    this.push_segment(*a, *b);
                }
            }
            if closed {
                if let (Some(first), Some(last)) = (pts.first(), pts.last()) {
                    this.push_segment(*last, *first);
                }
            }
        });
    }

    /// A filled path: every subpath that is an axis-aligned polygon whose
    /// bounding box is thin becomes one ruling along the box's centre line.
    pub fn fill(&mut self, path: &BezPath, transform: Affine) {
        self.for_each_subpath(path, transform, |this, pts, _closed, has_curves| {
            if has_curves || pts.len() < 2 {
                return;
            }
            // Every edge (including the implicit closing one) must be
            // horizontal or vertical; otherwise it is some drawing.
            let n = pts.len();
            for i in 0..n {
                let (Some(a), Some(b)) = (pts.get(i), pts.get((i + 1) % n)) else {
                    return;
                };
                if (a.x - b.x).abs() > AXIS_TOLERANCE && (a.y - b.y).abs() > AXIS_TOLERANCE {
                    return;
                }
            }
            this.push_thin_box(pts);
        });
    }

    /// A filled rectangle given by its four transformed corners.
    pub fn fill_quad(&mut self, corners: &[Point; 4]) {
        for i in 0..4 {
            let a = corners[i];
            let b = corners[(i + 1) % 4];
            if (a.x - b.x).abs() > AXIS_TOLERANCE && (a.y - b.y).abs() > AXIS_TOLERANCE {
                return;
            }
        }
        self.push_thin_box(corners);
    }

    /// A stroked rectangle given by its four transformed corners.
    pub fn stroke_quad(&mut self, corners: &[Point; 4]) {
        if self.covers_page(corners) {
            return;
        }
        if self.thin_axis_box(corners) {
            // A stroked sliver is one rule, not two rules and two stubs.
            self.push_thin_box(corners);
            return;
        }
        for i in 0..4 {
            self.push_segment(corners[i], corners[(i + 1) % 4]);
        }
    }

    /// True for an axis-aligned polygon whose bounding box is thin in one
    /// direction and long in the other.
    fn thin_axis_box(&self, pts: &[Point]) -> bool {
        let n = pts.len();
        let axis_aligned = (0..n).all(|i| match (pts.get(i), pts.get((i + 1) % n)) {
            (Some(a), Some(b)) => {
                (a.x - b.x).abs() <= AXIS_TOLERANCE || (a.y - b.y).abs() <= AXIS_TOLERANCE
            }
            _ => false,
        });
        axis_aligned
            && bounds(pts).is_some_and(|(x0, y0, x1, y1)| {
                let (w, h) = (x1 - x0, y1 - y0);
                w.min(h) <= THIN_FILL && w.max(h) > THIN_FILL
            })
    }

    fn push_thin_box(&mut self, pts: &[Point]) {
        let Some((x0, y0, x1, y1)) = bounds(pts) else {
            return;
        };
        let (w, h) = (x1 - x0, y1 - y0);
        if w <= THIN_FILL && h <= THIN_FILL {
            // A dot or a corner joint: no direction.
            return;
        }
        if h <= THIN_FILL {
            let y = (y0 + y1) / 2.0;
            self.push_raw(Orientation::Horizontal, y, x0, x1);
        } else if w <= THIN_FILL {
            let x = (x0 + x1) / 2.0;
            self.push_raw(Orientation::Vertical, x, y0, y1);
        }
        // Otherwise: shading or background, not a rule.
    }

    fn push_segment(&mut self, a: Point, b: Point) {
        let (dx, dy) = ((b.x - a.x).abs(), (b.y - a.y).abs());
        if dy <= AXIS_TOLERANCE && dx > dy {
            self.push_raw(
                Orientation::Horizontal,
                (a.y + b.y) / 2.0,
                a.x.min(b.x),
                a.x.max(b.x),
            );
        } else if dx <= AXIS_TOLERANCE && dy > dx {
            self.push_raw(
                Orientation::Vertical,
                (a.x + b.x) / 2.0,
                a.y.min(b.y),
                a.y.max(b.y),
            );
        }
        // Diagonal or zero-length: ignored.
    }

    /// Records a segment after clipping it to the page.
    fn push_raw(&mut self, orientation: Orientation, pos: f64, start: f64, end: f64) {
        let (pos_max, along_max) = match orientation {
            Orientation::Horizontal => (self.height, self.width),
            Orientation::Vertical => (self.width, self.height),
        };
        if !(pos.is_finite() && start.is_finite() && end.is_finite()) {
            return;
        }
        if pos < -1.0 || pos > pos_max + 1.0 {
            return;
        }
        let (start, end) = (start.max(0.0), end.min(along_max));
        if end - start <= 0.0 {
            return;
        }
        self.raw.push(Ruling {
            orientation,
            pos: pos as f32,
            start: start as f32,
            end: end as f32,
        });
    }

    fn covers_page(&self, pts: &[Point]) -> bool {
        bounds(pts).is_some_and(|(x0, y0, x1, y1)| {
            x1 - x0 >= PAGE_COVER * self.width && y1 - y0 >= PAGE_COVER * self.height
        })
    }

    /// Calls `f(self, points, closed, has_curves)` for each subpath, with the
    /// points transformed to page space. Curved pieces split the point list
    /// (a curve is never a ruling, but the straight pieces around it are).
    fn for_each_subpath(
        &mut self,
        path: &BezPath,
        transform: Affine,
        mut f: impl FnMut(&mut Self, &[Point], bool, bool),
    ) {
        let mut pts = std::mem::take(&mut self.points);
        pts.clear();
        let mut has_curves = false;
        for el in path.elements() {
            match *el {
                PathEl::MoveTo(p) => {
                    if pts.len() > 1 {
                        f(self, &pts, false, has_curves);
                    }
                    pts.clear();
                    has_curves = false;
                    pts.push(transform * p);
                }
                PathEl::LineTo(p) => pts.push(transform * p),
                PathEl::QuadTo(_, p) | PathEl::CurveTo(_, _, p) => {
                    // Flush the straight part before the curve, continue after it.
                    if pts.len() > 1 {
                        f(self, &pts, false, true);
                    }
                    has_curves = true;
                    pts.clear();
                    pts.push(transform * p);
                }
                PathEl::ClosePath => {
                    if pts.len() > 1 {
                        f(self, &pts, !has_curves, has_curves);
                    }
                    // After closepath the current point is the subpath start;
                    // a following lineto without moveto starts from there.
                    let start = pts.first().copied();
                    pts.clear();
                    has_curves = false;
                    if let Some(s) = start {
                        pts.push(s);
                    }
                }
            }
        }
        if pts.len() > 1 {
            f(self, &pts, false, has_curves);
        }
        self.points = pts;
    }

    /// Merges the collected pieces and returns the page's rulings, horizontal
    /// ones first, each group sorted by position then start.
    pub fn finish(self) -> Vec<Ruling> {
        merge_collinear(self.raw, PIECES_OF_ONE_RULE)
    }
}

fn bounds(pts: &[Point]) -> Option<(f64, f64, f64, f64)> {
    let first = pts.first()?;
    let mut b = (first.x, first.y, first.x, first.y);
    for p in pts {
        b = (b.0.min(p.x), b.1.min(p.y), b.2.max(p.x), b.3.max(p.y));
    }
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hayro_interpret::kurbo::{Rect, Shape};

    #[test]
    fn thin_fill_is_a_line_and_shading_is_not() {
        let mut c = RulingCollector::new(600.0, 800.0);
        // 0.5pt high rectangle → horizontal line at its centre.
        c.fill(
            &Rect::new(10.0, 100.0, 200.0, 100.5).to_path(0.1),
            Affine::IDENTITY,
        );
        // 20pt high shading → nothing.
        c.fill(
            &Rect::new(10.0, 200.0, 200.0, 220.0).to_path(0.1),
            Affine::IDENTITY,
        );
        // Page background → nothing.
        c.fill(
            &Rect::new(0.0, 0.0, 600.0, 800.0).to_path(0.1),
            Affine::IDENTITY,
        );
        let out = c.finish();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].orientation, Orientation::Horizontal);
        assert!((out[0].pos - 100.25).abs() < 1e-3);
    }

    #[test]
    fn stroked_rect_gives_four_edges_and_page_frame_none() {
        let mut c = RulingCollector::new(600.0, 800.0);
        c.stroke(
            &Rect::new(10.0, 10.0, 110.0, 60.0).to_path(0.1),
            Affine::IDENTITY,
        );
        c.stroke(
            &Rect::new(1.0, 1.0, 599.0, 799.0).to_path(0.1),
            Affine::IDENTITY,
        );
        let out = c.finish();
        assert_eq!(out.len(), 4);
    }

    #[test]
    fn diagonal_is_ignored() {
        let mut c = RulingCollector::new(600.0, 800.0);
        let mut p = BezPath::new();
        p.move_to((0.0, 0.0));
        p.line_to((100.0, 100.0));
        c.stroke(&p, Affine::IDENTITY);
        assert!(c.finish().is_empty());
    }
}
