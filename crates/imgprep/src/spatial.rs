//! Finding the pieces of ink near a point without looking at all of them.

use crate::components::Component;

/// Components bucketed by the square cell their centre falls in.
#[derive(Debug)]
pub(crate) struct CentreIndex {
    cell: f32,
    columns: usize,
    rows: usize,
    /// Bucket `row * columns + column` lists indices into the components.
    buckets: Vec<Vec<usize>>,
}

impl CentreIndex {
    /// An index of `components` with square cells of `cell` pixels.
    pub fn new(components: &[Component], cell: f32) -> CentreIndex {
        let cell = cell.max(1.0);
        let extent = |f: fn(&Component) -> u32| components.iter().map(f).max().unwrap_or(0);
        let columns = (extent(|c| c.right) as f32 / cell) as usize + 1;
        let rows = (extent(|c| c.bottom) as f32 / cell) as usize + 1;
        let mut index = CentreIndex {
            cell,
            columns,
            rows,
            buckets: vec![Vec::new(); columns * rows],
        };
        for (i, c) in components.iter().enumerate() {
            let (column, row) = (index.column_of(c.centre_x()), index.row_of(c.centre_y()));
            if let Some(bucket) = index.buckets.get_mut(row * columns + column) {
                bucket.push(i);
            }
        }
        index
    }

    /// Indices of the components whose centres may lie in the rectangle
    /// (`left`, `top`)–(`right`, `bottom`): all of those, and some near it.
    pub fn near_indices(
        &self,
        left: f32,
        top: f32,
        right: f32,
        bottom: f32,
    ) -> impl Iterator<Item = usize> + '_ {
        let (first_column, last_column) = (self.column_of(left), self.column_of(right));
        let (first_row, last_row) = (self.row_of(top), self.row_of(bottom));
        (first_row..=last_row).flat_map(move |row| {
            (first_column..=last_column)
                .filter_map(move |column| self.buckets.get(row * self.columns + column))
                .flatten()
                .copied()
        })
    }

    /// The components themselves, as [`CentreIndex::near_indices`].
    pub fn near<'a>(
        &'a self,
        components: &'a [Component],
        left: f32,
        top: f32,
        right: f32,
        bottom: f32,
    ) -> impl Iterator<Item = &'a Component> + 'a {
        self.near_indices(left, top, right, bottom)
            .filter_map(|i| components.get(i))
    }

    fn column_of(&self, x: f32) -> usize {
        ((x / self.cell).max(0.0) as usize).min(self.columns - 1)
    }

    fn row_of(&self, y: f32) -> usize {
        ((y / self.cell).max(0.0) as usize).min(self.rows - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(x: u32, y: u32) -> Component {
        Component {
            left: x,
            top: y,
            right: x + 2,
            bottom: y + 2,
            pixels: 4,
        }
    }

    #[test]
    fn finds_what_is_near_and_not_what_is_far() {
        let components = [at(5, 5), at(50, 5), at(5, 95), at(200, 200)];
        let index = CentreIndex::new(&components, 10.0);
        let mut near: Vec<usize> = index.near_indices(0.0, 0.0, 60.0, 20.0).collect();
        near.sort_unstable();
        assert_eq!(near, vec![0, 1]);
        assert_eq!(index.near(&components, 190.0, 190.0, 1e9, 1e9).count(), 1);
        assert_eq!(
            index
                .near_indices(-50.0, -50.0, -10.0, -10.0)
                .collect::<Vec<_>>(),
            vec![0]
        );
    }
}
