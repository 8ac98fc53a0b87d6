//! A small grid of real numbers (a page seen at block resolution) and the
//! separable window filters run on it.

/// A `width` × `height` grid of `f32`, row by row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Grid {
    width: usize,
    height: usize,
    cells: Vec<f32>,
}

/// How a window of values is reduced to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WindowReduce {
    Max,
    Min,
    Mean,
}

impl Grid {
    /// A grid filled with `value`.
    pub fn filled(width: usize, height: usize, value: f32) -> Grid {
        Grid {
            width,
            height,
            cells: vec![value; width * height],
        }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn height(&self) -> usize {
        self.height
    }

    /// The cell at (`x`, `y`), with coordinates clamped into the grid
    /// (0 for an empty grid).
    pub fn at_clamped(&self, x: isize, y: isize) -> f32 {
        let x = x.clamp(0, self.width as isize - 1).max(0) as usize;
        let y = y.clamp(0, self.height as isize - 1).max(0) as usize;
        self.cells.get(y * self.width + x).copied().unwrap_or(0.0)
    }

    /// Row `y`, empty when out of range.
    pub fn row(&self, y: usize) -> &[f32] {
        self.cells
            .chunks_exact(self.width.max(1))
            .nth(y)
            .unwrap_or(&[])
    }

    /// Rows to fill, top to bottom.
    pub fn rows_mut(&mut self) -> impl Iterator<Item = &mut [f32]> {
        self.cells.chunks_exact_mut(self.width.max(1))
    }

    /// The smallest and largest cell (`None` for an empty grid).
    pub fn range(&self) -> Option<(f32, f32)> {
        let mut cells = self.cells.iter().copied();
        let first = cells.next()?;
        Some(cells.fold((first, first), |(lo, hi), v| (lo.min(v), hi.max(v))))
    }

    /// The grid filtered by a square window of `2 * radius + 1` cells,
    /// clipped at the borders, reduced by `reduce`. Run as two 1-D passes.
    pub fn filtered(&self, radius: usize, reduce: WindowReduce) -> Grid {
        let across = self.filter_rows(radius, reduce);
        across.transposed().filter_rows(radius, reduce).transposed()
    }

    fn filter_rows(&self, radius: usize, reduce: WindowReduce) -> Grid {
        let mut out = Grid::filled(self.width, self.height, 0.0);
        for (y, out_row) in out.rows_mut().enumerate() {
            filter_line(self.row(y), radius, reduce, out_row);
        }
        out
    }

    fn transposed(&self) -> Grid {
        let mut out = Grid::filled(self.height, self.width, 0.0);
        for (x, out_row) in out.rows_mut().enumerate() {
            for (y, cell) in out_row.iter_mut().enumerate() {
                *cell = self.at_clamped(x as isize, y as isize);
            }
        }
        out
    }
}

/// One line filtered by a clipped window. The grids here are a few hundred
/// cells wide and windows a few cells, so the direct loop is the clearest.
fn filter_line(line: &[f32], radius: usize, reduce: WindowReduce, out: &mut [f32]) {
    for (i, cell) in out.iter_mut().enumerate() {
        let window = line
            .get(i.saturating_sub(radius)..(i + radius + 1).min(line.len()))
            .unwrap_or(&[]);
        *cell = match reduce {
            WindowReduce::Max => window.iter().copied().fold(f32::MIN, f32::max),
            WindowReduce::Min => window.iter().copied().fold(f32::MAX, f32::min),
            WindowReduce::Mean => window.iter().sum::<f32>() / window.len().max(1) as f32,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid_from(width: usize, cells: &[f32]) -> Grid {
        Grid {
            width,
            height: cells.len() / width,
            cells: cells.to_vec(),
        }
    }

    #[test]
    fn max_then_min_closes_a_dark_dip_narrower_than_the_window() {
        let g = grid_from(7, &[9.0, 9.0, 9.0, 1.0, 9.0, 9.0, 9.0]);
        let closed = g
            .filtered(1, WindowReduce::Max)
            .filtered(1, WindowReduce::Min);
        assert_eq!(closed.row(0), &[9.0; 7]);
    }

    #[test]
    fn closing_keeps_a_wide_step_in_place() {
        let g = grid_from(8, &[2.0, 2.0, 2.0, 2.0, 8.0, 8.0, 8.0, 8.0]);
        let closed = g
            .filtered(1, WindowReduce::Max)
            .filtered(1, WindowReduce::Min);
        assert_eq!(closed.row(0), g.row(0));
    }

    #[test]
    fn filters_run_in_both_directions() {
        let mut cells = vec![0.0; 25];
        cells[12] = 5.0;
        let g = grid_from(5, &cells);
        let spread = g.filtered(1, WindowReduce::Max);
        assert_eq!(spread.at_clamped(1, 1), 5.0);
        assert_eq!(spread.at_clamped(3, 3), 5.0);
        assert_eq!(spread.at_clamped(0, 0), 0.0);
        let mean = g.filtered(1, WindowReduce::Mean);
        assert!((mean.at_clamped(2, 2) - 5.0 / 9.0).abs() < 1e-6);
        assert_eq!(g.range(), Some((0.0, 5.0)));
    }
}
