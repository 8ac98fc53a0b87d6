//! Where the ink of a page is, as vertical runs: the input of the
//! projection profiles that measure skew and direction.
//!
//! Profiles only need to know where ink lies, not what it looks like. A
//! page is reduced to a small map (about 100 dpi) for the coarse sweeps,
//! where a cell is ink when any pixel of its block is dark, which keeps
//! one-pixel ruling lines; the fine sweep reads the page itself. Both are
//! kept as runs of ink down each column, seen in a quarter-turned frame
//! when asked, so a sideways page is measured as if already turned.

use image::GrayImage;

use crate::binarize::{INK, PAPER};
use crate::turn::QuarterTurn;

/// `grey` reduced by `factor` in each direction to a binary map: a cell
/// is ink when any pixel of its block is darker than `ink_below`.
pub(crate) fn reduce_ink(grey: &GrayImage, factor: u32, ink_below: u8) -> GrayImage {
    let factor = factor.max(1) as usize;
    let image_width = grey.width() as usize;
    let width = image_width.div_ceil(factor);
    let height = (grey.height() as usize).div_ceil(factor);
    let mut map = GrayImage::from_pixel(width as u32, height as u32, image::Luma([PAPER]));
    let image_rows: Vec<&[u8]> = grey.as_raw().chunks_exact(image_width.max(1)).collect();
    for (band, map_row) in image_rows
        .chunks(factor)
        .zip(map.chunks_exact_mut(width.max(1)))
    {
        for row in band {
            for (block, cell) in row.chunks(factor).zip(map_row.iter_mut()) {
                if block.iter().any(|&v| v < ink_below) {
                    *cell = INK;
                }
            }
        }
    }
    map
}

/// A run of ink down one column: rows `start..end` of column `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    pub x: u32,
    pub start: u32,
    pub end: u32,
}

/// The runs of ink down the columns of a page, in a given frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InkRuns {
    width: u32,
    height: u32,
    runs: Vec<Run>,
}

impl InkRuns {
    /// The runs of pixels darker than `ink_below` down the columns of
    /// `image` as it would be after turning it by `turn`.
    pub fn of(image: &GrayImage, ink_below: u8, turn: QuarterTurn) -> InkRuns {
        let (w, h) = image.dimensions();
        let mut runs = Vec::new();
        if turn.is_sideways() {
            // Turned columns are image rows; turned rows run along them.
            for_each_row_run(image, ink_below, |y, x0, x1| {
                runs.push(match turn {
                    QuarterTurn::Ccw90 => Run {
                        x: y,
                        start: w - x1,
                        end: w - x0,
                    },
                    _ => Run {
                        x: h - 1 - y,
                        start: x0,
                        end: x1,
                    },
                });
            });
            InkRuns {
                width: h,
                height: w,
                runs,
            }
        } else {
            for_each_column_run(image, ink_below, |x, y0, y1| {
                runs.push(match turn {
                    QuarterTurn::Half => Run {
                        x: w - 1 - x,
                        start: h - y1,
                        end: h - y0,
                    },
                    _ => Run {
                        x,
                        start: y0,
                        end: y1,
                    },
                });
            });
            InkRuns {
                width: w,
                height: h,
                runs,
            }
        }
    }

    /// Width of the frame.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height of the frame.
    pub fn height(&self) -> u32 {
        self.height
    }

    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// Ink pixels in all runs.
    pub fn ink_pixels(&self) -> u64 {
        self.runs.iter().map(|r| u64::from(r.end - r.start)).sum()
    }
}

/// Calls `found(y, x0, x1)` for each horizontal run of ink `x0..x1`.
fn for_each_row_run(image: &GrayImage, ink_below: u8, mut found: impl FnMut(u32, u32, u32)) {
    let width = image.width() as usize;
    for (y, row) in image.as_raw().chunks_exact(width.max(1)).enumerate() {
        let mut start = None;
        for (x, &v) in row.iter().enumerate() {
            match (v < ink_below, start) {
                (true, None) => start = Some(x as u32),
                (false, Some(s)) => {
                    found(y as u32, s, x as u32);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            found(y as u32, s, width as u32);
        }
    }
}

/// Calls `found(x, y0, y1)` for each vertical run of ink `y0..y1`,
/// reading the image row by row (the cache-friendly order). Per pixel it
/// only asks whether the column changed between ink and paper, which is
/// rare and so cheap to branch on.
fn for_each_column_run(image: &GrayImage, ink_below: u8, mut found: impl FnMut(u32, u32, u32)) {
    let width = image.width() as usize;
    let mut in_ink = vec![false; width];
    let mut started = vec![0u32; width];
    let mut height = 0;
    for (y, row) in image.as_raw().chunks_exact(width.max(1)).enumerate() {
        height = y as u32 + 1;
        let columns = row
            .iter()
            .zip(in_ink.iter_mut())
            .zip(started.iter_mut())
            .enumerate();
        for (x, ((&v, was_ink), start)) in columns {
            let is_ink = v < ink_below;
            if is_ink != *was_ink {
                if is_ink {
                    *start = y as u32;
                } else {
                    found(x as u32, *start, y as u32);
                }
                *was_ink = is_ink;
            }
        }
    }
    for (x, (&open, &start)) in in_ink.iter().zip(&started).enumerate() {
        if open {
            found(x as u32, start, height);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::turn::turn_image;
    use image::Luma;

    #[test]
    fn reduction_keeps_a_one_pixel_line() {
        let grey = GrayImage::from_fn(10, 10, |_, y| Luma([if y == 5 { 0 } else { 255 }]));
        let map = reduce_ink(&grey, 3, 128);
        assert_eq!(map.dimensions(), (4, 4));
        let ink: Vec<(u32, u32)> = map
            .enumerate_pixels()
            .filter(|p| p.2 .0[0] == INK)
            .map(|p| (p.0, p.1))
            .collect();
        assert_eq!(ink, vec![(0, 1), (1, 1), (2, 1), (3, 1)]);
    }

    #[test]
    fn runs_in_a_turned_frame_are_the_runs_of_the_turned_image() {
        let image = GrayImage::from_fn(7, 5, |x, y| {
            Luma([if (x * 3 + y * 5) % 7 < 3 || x == 6 {
                0
            } else {
                255
            }])
        });
        for turn in [
            QuarterTurn::None,
            QuarterTurn::Ccw90,
            QuarterTurn::Half,
            QuarterTurn::Ccw270,
        ] {
            let mut seen = InkRuns::of(&image, 128, turn);
            let mut want = InkRuns::of(&turn_image(&image, turn), 128, QuarterTurn::None);
            seen.runs.sort_by_key(|r| (r.x, r.start));
            want.runs.sort_by_key(|r| (r.x, r.start));
            assert_eq!(seen, want, "{turn:?}");
        }
    }

    #[test]
    fn column_runs_end_at_the_bottom_edge() {
        let image = GrayImage::from_fn(2, 4, |x, y| {
            Luma([if x == 1 && y >= 2 || x == 0 && y == 0 {
                0
            } else {
                255
            }])
        });
        let runs = InkRuns::of(&image, 128, QuarterTurn::None);
        assert_eq!(
            runs.runs(),
            &[
                Run {
                    x: 0,
                    start: 0,
                    end: 1
                },
                Run {
                    x: 1,
                    start: 2,
                    end: 4
                }
            ]
        );
        assert_eq!(runs.ink_pixels(), 3);
    }
}
