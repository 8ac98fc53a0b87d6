//! Connected pieces of ink (8-connected) and their bounding boxes.
//!
//! Found from runs: each row's horizontal runs of ink are joined with the
//! runs of the row above that touch them (diagonals included) in a
//! union-find over runs. A page has tens of thousands of runs against
//! millions of pixels, so this is fast and small.

use image::GrayImage;

use crate::binarize::INK;

/// One connected piece of ink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Component {
    /// First column.
    pub left: u32,
    /// First row.
    pub top: u32,
    /// One past the last column.
    pub right: u32,
    /// One past the last row.
    pub bottom: u32,
    /// Ink pixels.
    pub pixels: u32,
}

impl Component {
    pub fn width(&self) -> u32 {
        self.right - self.left
    }

    pub fn height(&self) -> u32 {
        self.bottom - self.top
    }

    pub fn centre_x(&self) -> f32 {
        (self.left + self.right) as f32 / 2.0
    }

    pub fn centre_y(&self) -> f32 {
        (self.top + self.bottom) as f32 / 2.0
    }

    fn absorb(&mut self, other: &Component) {
        self.left = self.left.min(other.left);
        self.top = self.top.min(other.top);
        self.right = self.right.max(other.right);
        self.bottom = self.bottom.max(other.bottom);
        self.pixels += other.pixels;
    }
}

/// A run of ink in one row: columns `start..end`.
#[derive(Debug, Clone, Copy)]
struct Run {
    row: u32,
    start: u32,
    end: u32,
}

/// The connected components of the ink (value 0) in `binary`, in no
/// particular order; `None` when the page has more than `max_runs` runs
/// (noise, a photograph), where the pieces would mean nothing anyway.
pub(crate) fn connected_components(binary: &GrayImage, max_runs: usize) -> Option<Vec<Component>> {
    let width = binary.width() as usize;
    let mut runs: Vec<Run> = Vec::new();
    let mut links = UnionFind::default();
    let mut previous = 0..0;
    for (y, row) in binary.as_raw().chunks_exact(width.max(1)).enumerate() {
        let first = runs.len();
        push_runs(row, y as u32, &mut runs);
        if runs.len() > max_runs {
            return None;
        }
        links.grow_to(runs.len());
        join_touching(&runs, previous.clone(), first..runs.len(), &mut links);
        previous = first..runs.len();
    }
    Some(boxes_of(&runs, &mut links))
}

/// Appends the runs of ink in `row`.
fn push_runs(row: &[u8], y: u32, runs: &mut Vec<Run>) {
    let mut start = None;
    for (x, &v) in row.iter().enumerate() {
        match (v == INK, start) {
            (true, None) => start = Some(x as u32),
            (false, Some(s)) => {
                runs.push(Run {
                    row: y,
                    start: s,
                    end: x as u32,
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push(Run {
            row: y,
            start: s,
            end: row.len() as u32,
        });
    }
}

/// Links each run of the current row with the runs of the row above that
/// touch it, diagonally included. Both rows' runs are in column order.
fn join_touching(
    runs: &[Run],
    above: std::ops::Range<usize>,
    current: std::ops::Range<usize>,
    links: &mut UnionFind,
) {
    let (Some(above_runs), Some(current_runs)) =
        (runs.get(above.clone()), runs.get(current.clone()))
    else {
        return;
    };
    let mut first_candidate = 0;
    for (i, run) in current_runs.iter().enumerate() {
        // Runs ending left of this one's diagonal neighbour cannot touch it
        // nor any run further right.
        while above_runs
            .get(first_candidate)
            .is_some_and(|a| a.end < run.start)
        {
            first_candidate += 1;
        }
        let touching = above_runs
            .iter()
            .enumerate()
            .skip(first_candidate)
            .take_while(|(_, a)| a.start <= run.end);
        for (j, _) in touching {
            links.union(current.start + i, above.start + j);
        }
    }
}

/// One bounding box per set of linked runs.
fn boxes_of(runs: &[Run], links: &mut UnionFind) -> Vec<Component> {
    let mut slot_of_root = vec![usize::MAX; runs.len()];
    let mut components: Vec<Component> = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let piece = Component {
            left: run.start,
            top: run.row,
            right: run.end,
            bottom: run.row + 1,
            pixels: run.end - run.start,
        };
        let root = links.root(i);
        match slot_of_root.get(root).copied() {
            Some(slot) if slot != usize::MAX => {
                if let Some(component) = components.get_mut(slot) {
                    component.absorb(&piece);
                }
            }
            _ => {
                if let Some(slot) = slot_of_root.get_mut(root) {
                    *slot = components.len();
                }
                components.push(piece);
            }
        }
    }
    components
}

/// Disjoint sets of run indices, with path halving.
#[derive(Debug, Default)]
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn grow_to(&mut self, len: usize) {
        let from = self.parent.len();
        self.parent.extend(from..len.max(from));
    }

    fn root(&mut self, mut i: usize) -> usize {
        while let Some(&parent) = self.parent.get(i) {
            if parent == i {
                break;
            }
            let grandparent = self.parent.get(parent).copied().unwrap_or(parent);
            if let Some(slot) = self.parent.get_mut(i) {
                *slot = grandparent;
            }
            i = grandparent;
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        let (low, high) = (ra.min(rb), ra.max(rb));
        if let Some(slot) = self.parent.get_mut(high) {
            *slot = low;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    fn image_from(rows: &[&str]) -> GrayImage {
        let width = rows.first().map_or(0, |r| r.len()) as u32;
        GrayImage::from_fn(width, rows.len() as u32, |x, y| {
            let ink = rows[y as usize].as_bytes()[x as usize] == b'#';
            Luma([if ink { 0 } else { 255 }])
        })
    }

    fn sorted(mut components: Vec<Component>) -> Vec<(u32, u32, u32, u32, u32)> {
        components.sort_by_key(|c| (c.top, c.left));
        components
            .iter()
            .map(|c| (c.left, c.top, c.right, c.bottom, c.pixels))
            .collect()
    }

    #[test]
    fn diagonal_touches_join_and_gaps_separate() {
        let image = image_from(&[
            "#....##", //
            ".#...##", //
            "..#....", //
            ".....#.", //
        ]);
        let found = sorted(connected_components(&image, 100).expect("few runs"));
        assert_eq!(
            found,
            vec![(0, 0, 3, 3, 3), (5, 0, 7, 2, 4), (5, 3, 6, 4, 1)]
        );
    }

    #[test]
    fn a_u_shape_is_one_component() {
        let image = image_from(&[
            "#...#", //
            "#...#", //
            "#####", //
        ]);
        let found = sorted(connected_components(&image, 100).expect("few runs"));
        assert_eq!(found, vec![(0, 0, 5, 3, 9)]);
    }

    #[test]
    fn too_many_runs_give_up() {
        let image = image_from(&["#.#.#.#", ".#.#.#."]);
        assert!(connected_components(&image, 5).is_none());
        assert_eq!(connected_components(&image, 7).map(|c| c.len()), Some(1));
    }
}
