//! Ruling lines of a table, found from the pixels of a page image.
//!
//! A ruling is a long run of dark pixels along a row (horizontal) or a
//! column (vertical), a few pixels thick. Runs in adjacent rows that overlap
//! form one ruling; collinear rulings separated by a small gap (a crossing
//! drawn lighter, a scan dropout) are joined. Runs shorter than a glyph's
//! stroke could be are ignored, which keeps text out.

use image::GrayImage;

/// Tuning of [`find_rulings`], in pixels; [`RulingOptions::for_dpi`] scales
/// them to the page's resolution.
#[derive(Clone, Debug)]
pub struct RulingOptions {
    /// A pixel darker than this can be part of a ruling.
    pub dark_threshold: u8,
    /// Shortest run that counts. Longer than a body-text stroke (9–11 pt
    /// glyphs are ≤ 0.16 in), shorter than the smallest cell side (~0.2 in).
    pub min_length: u32,
    /// Thickest ruling; a solid area thicker than this is not a line.
    pub max_thickness: u32,
    /// Collinear pieces closer than this along the line are joined.
    pub join_gap: u32,
    /// Pieces whose centre lines are this close across the line are collinear.
    pub position_tolerance: f32,
}

/// Shortest ruling piece, inches (see [`RulingOptions::min_length`]).
const MIN_LENGTH_INCHES: f32 = 0.18;
/// Thickest ruling, inches (a 2 pt border is 0.028 in).
const MAX_THICKNESS_INCHES: f32 = 0.04;
/// Largest gap joined, inches.
const JOIN_GAP_INCHES: f32 = 0.02;

impl RulingOptions {
    /// The options scaled to a page scanned at `dpi`.
    pub fn for_dpi(dpi: f32) -> Self {
        let px = |inches: f32| (inches * dpi).round().max(1.0) as u32;
        RulingOptions {
            dark_threshold: 160,
            min_length: px(MIN_LENGTH_INCHES),
            max_thickness: px(MAX_THICKNESS_INCHES),
            join_gap: px(JOIN_GAP_INCHES),
            position_tolerance: (0.01 * dpi).max(2.0),
        }
    }
}

/// One ruling line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ruling {
    /// Centre across the line: y of a horizontal ruling, x of a vertical one.
    pub position: f32,
    /// Extent along the line, `start..end` (exclusive).
    pub start: u32,
    /// See `start`.
    pub end: u32,
    /// Rows (columns) the line covers.
    pub thickness: u32,
}

impl Ruling {
    /// Length along the line, pixels.
    pub fn length(&self) -> u32 {
        self.end - self.start
    }
}

/// The rulings of a page.
#[derive(Clone, Debug, Default)]
pub struct Rulings {
    /// Rulings across the page.
    pub horizontal: Vec<Ruling>,
    /// Rulings down the page.
    pub vertical: Vec<Ruling>,
}

/// A run of dark pixels along one row or column.
#[derive(Clone, Copy, Debug)]
struct Run {
    across: u32,
    start: u32,
    end: u32,
}

/// Finds the horizontal and vertical rulings of a grey page image.
pub fn find_rulings(page: &GrayImage, options: &RulingOptions) -> Rulings {
    let (row_runs, column_runs) = long_runs(page, options);
    Rulings {
        horizontal: join_collinear(stack_runs(row_runs, options), options),
        vertical: join_collinear(stack_runs(column_runs, options), options),
    }
}

/// Dark runs of at least `min_length` along rows and along columns, in one
/// row-major pass over the page.
fn long_runs(page: &GrayImage, options: &RulingOptions) -> (Vec<Run>, Vec<Run>) {
    let (width, height) = page.dimensions();
    let mut rows = Vec::new();
    let mut columns = Vec::new();
    let mut column_start: Vec<Option<u32>> = vec![None; width as usize];
    let close_column = |x: u32, start: u32, end: u32, columns: &mut Vec<Run>| {
        if end - start >= options.min_length {
            columns.push(Run {
                across: x,
                start,
                end,
            });
        }
    };
    for (y, row) in page.as_raw().chunks_exact(width as usize).enumerate() {
        let y = y as u32;
        let mut row_start = None;
        for (x, &v) in row.iter().enumerate() {
            let (x, dark) = (x as u32, v < options.dark_threshold);
            match (dark, row_start) {
                (true, None) => row_start = Some(x),
                (false, Some(s)) => {
                    if x - s >= options.min_length {
                        rows.push(Run {
                            across: y,
                            start: s,
                            end: x,
                        });
                    }
                    row_start = None;
                }
                _ => {}
            }
            match (dark, column_start[x as usize]) {
                (true, None) => column_start[x as usize] = Some(y),
                (false, Some(s)) => {
                    close_column(x, s, y, &mut columns);
                    column_start[x as usize] = None;
                }
                _ => {}
            }
        }
        if let Some(s) = row_start.filter(|&s| width - s >= options.min_length) {
            rows.push(Run {
                across: y,
                start: s,
                end: width,
            });
        }
    }
    for (x, start) in column_start.iter().enumerate() {
        if let Some(s) = *start {
            close_column(x as u32, s, height, &mut columns);
        }
    }
    columns.sort_by_key(|r| (r.across, r.start));
    (rows, columns)
}

/// A ruling being built from runs in consecutive rows (columns).
#[derive(Clone, Copy, Debug)]
struct Stack {
    first: u32,
    last: u32,
    start: u32,
    end: u32,
    /// Sum of `across × length` over its runs, for a length-weighted centre.
    weighted_across: f64,
    weight: f64,
}

/// Groups runs, sorted by `across`, that overlap in adjacent rows.
fn stack_runs(runs: Vec<Run>, options: &RulingOptions) -> Vec<Ruling> {
    let mut stacks: Vec<Stack> = Vec::new();
    let mut open_from = 0;
    for run in runs {
        while open_from < stacks.len() && stacks[open_from].last + 1 < run.across {
            open_from += 1;
        }
        let length = f64::from(run.end - run.start);
        let found = stacks[open_from..]
            .iter_mut()
            .find(|s| s.last + 1 == run.across && s.start < run.end && run.start < s.end);
        match found {
            Some(s) => {
                s.last = run.across;
                s.start = s.start.min(run.start);
                s.end = s.end.max(run.end);
                s.weighted_across += f64::from(run.across) * length;
                s.weight += length;
            }
            None => stacks.push(Stack {
                first: run.across,
                last: run.across,
                start: run.start,
                end: run.end,
                weighted_across: f64::from(run.across) * length,
                weight: length,
            }),
        }
        // Keep the open stacks ordered by their last row for the scan above.
        stacks[open_from..].sort_by_key(|s| s.last);
    }
    stacks
        .into_iter()
        .filter(|s| s.last - s.first < options.max_thickness)
        .map(|s| Ruling {
            position: (s.weighted_across / s.weight) as f32,
            start: s.start,
            end: s.end,
            thickness: s.last - s.first + 1,
        })
        .collect()
}

/// Joins rulings on one line whose pieces overlap or nearly touch.
fn join_collinear(mut rulings: Vec<Ruling>, options: &RulingOptions) -> Vec<Ruling> {
    rulings.sort_by(|a, b| {
        a.position
            .total_cmp(&b.position)
            .then(a.start.cmp(&b.start))
    });
    let mut joined: Vec<Ruling> = Vec::with_capacity(rulings.len());
    for r in rulings {
        let partner = joined
            .iter_mut()
            .rev()
            .take_while(|j| r.position - j.position <= options.position_tolerance)
            .find(|j| r.start <= j.end + options.join_gap && j.start <= r.end + options.join_gap);
        match partner {
            Some(j) => {
                let (lj, lr) = (j.length() as f32, r.length() as f32);
                j.position = (j.position * lj + r.position * lr) / (lj + lr);
                j.start = j.start.min(r.start);
                j.end = j.end.max(r.end);
                j.thickness = j.thickness.max(r.thickness);
            }
            None => joined.push(r),
        }
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    fn page_with_grid() -> GrayImage {
        let mut img = GrayImage::from_pixel(400, 300, Luma([255]));
        for &y in &[20u32, 150, 280] {
            for x in 10..390 {
                img.put_pixel(x, y, Luma([0]));
                img.put_pixel(x, y + 1, Luma([0]));
            }
        }
        for &x in &[10u32, 200, 389] {
            for y in 20..282 {
                img.put_pixel(x, y, Luma([0]));
            }
        }
        // A short text-like stroke that must not count.
        for y in 60..80 {
            img.put_pixel(100, y, Luma([0]));
        }
        img
    }

    #[test]
    fn finds_grid_lines_and_ignores_strokes() {
        let options = RulingOptions {
            min_length: 50,
            ..RulingOptions::for_dpi(300.0)
        };
        let rulings = find_rulings(&page_with_grid(), &options);
        let ys: Vec<f32> = rulings.horizontal.iter().map(|r| r.position).collect();
        let xs: Vec<f32> = rulings.vertical.iter().map(|r| r.position).collect();
        assert_eq!(ys, [20.5, 150.5, 280.5]);
        assert_eq!(xs, [10.0, 200.0, 389.0]);
        assert_eq!(rulings.horizontal[0].thickness, 2);
        assert_eq!(
            (rulings.vertical[1].start, rulings.vertical[1].end),
            (20, 282)
        );
    }

    #[test]
    fn collinear_pieces_are_joined() {
        let mut img = GrayImage::from_pixel(300, 20, Luma([255]));
        for x in (10..140).chain(143..290) {
            img.put_pixel(x, 10, Luma([0]));
        }
        let options = RulingOptions {
            min_length: 50,
            join_gap: 4,
            ..RulingOptions::for_dpi(300.0)
        };
        let rulings = find_rulings(&img, &options);
        assert_eq!(rulings.horizontal.len(), 1);
        assert_eq!(
            (rulings.horizontal[0].start, rulings.horizontal[0].end),
            (10, 290)
        );
    }
}
