//! Cutting a table cell into text lines by its horizontal ink profile.
//!
//! Inside a ruled cell the text lines are separated by rows without ink, so
//! a projection profile (ink pixels per row) finds them without a detector
//! model. A vertical label printed one character per line comes out as one
//! "line" per character, which the recogniser reads fine.

use image::GrayImage;

/// A rectangle in pixels: `x, y` inclusive, `width × height`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// Tuning of [`split_lines`]. The defaults suit pages rendered at 200–300 dpi.
#[derive(Clone, Debug)]
pub struct LineSplitOptions {
    /// A pixel darker than this is ink. Anti-aliased glyph edges are mid-grey;
    /// 160 keeps them while leaving paper noise out.
    pub ink_threshold: u8,
    /// A cell with fewer ink pixels is empty. A lone `-` at 200 dpi has ~20.
    pub min_cell_ink: usize,
    /// Padding added around each line's ink, as a share of the line's height
    /// (the recogniser was trained on crops with a margin).
    pub padding_ratio: f32,
    /// Bands lower than this share of the tallest band in the cell are
    /// pieces of a line (the strokes of `二`, `三`, `=`), merged into a
    /// neighbour when the result is no taller than `max_merged_ratio`.
    pub fragment_ratio: f32,
    /// See `fragment_ratio`.
    pub max_merged_ratio: f32,
    /// Rows and columns within this many pixels of the crop's edge that are
    /// mostly ink are left-overs of the cell's ruling, not text.
    pub edge_band: u32,
}

impl Default for LineSplitOptions {
    fn default() -> Self {
        LineSplitOptions {
            ink_threshold: 160,
            min_cell_ink: 16,
            padding_ratio: 0.15,
            fragment_ratio: 0.45,
            max_merged_ratio: 1.3,
            edge_band: 6,
        }
    }
}

/// Share of a row (column) that must be ink for an edge row to count as a
/// ruling remnant; text rarely covers more than half of its line's width.
const REMNANT_COVERAGE: f32 = 0.6;

/// Rows `start..end` that hold one text line.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Band {
    start: u32,
    end: u32,
}

impl Band {
    fn height(&self) -> u32 {
        self.end - self.start
    }
}

/// The text lines of a cell crop, top to bottom, each trimmed to its ink
/// plus padding, in the crop's coordinates. An empty cell gives no lines.
pub fn split_lines(cell: &GrayImage, options: &LineSplitOptions) -> Vec<Rect> {
    let ink = InkMap::new(cell, options);
    if ink.total() < options.min_cell_ink {
        return Vec::new();
    }
    let bands = merge_fragments(ink_bands(&ink.row_counts()), options);
    bands
        .iter()
        .enumerate()
        .filter_map(|(i, band)| {
            let above = i.checked_sub(1).map(|j| bands[j].end);
            let below = bands.get(i + 1).map(|b| b.start);
            ink.line_rect(*band, above, below, options.padding_ratio)
        })
        .collect()
}

/// Which pixels of the crop are ink, with ruling remnants at the edges
/// masked out.
struct InkMap {
    width: u32,
    height: u32,
    ink: Vec<bool>,
}

impl InkMap {
    fn new(cell: &GrayImage, options: &LineSplitOptions) -> Self {
        let (width, height) = cell.dimensions();
        let ink = cell
            .as_raw()
            .iter()
            .map(|&v| v < options.ink_threshold)
            .collect();
        let mut map = InkMap { width, height, ink };
        map.clear_edge_remnants(options.edge_band);
        map
    }

    fn at(&self, x: u32, y: u32) -> bool {
        self.ink[(y * self.width + x) as usize]
    }

    fn clear_edge_remnants(&mut self, band: u32) {
        let (w, h) = (self.width, self.height);
        let edge = |i: u32, len: u32| i < band || i + band >= len;
        let rows: Vec<u32> = (0..h)
            .filter(|&y| {
                edge(y, h)
                    && (0..w).filter(|&x| self.at(x, y)).count() as f32
                        > REMNANT_COVERAGE * w as f32
            })
            .collect();
        let cols: Vec<u32> = (0..w)
            .filter(|&x| {
                edge(x, w)
                    && (0..h).filter(|&y| self.at(x, y)).count() as f32
                        > REMNANT_COVERAGE * h as f32
            })
            .collect();
        for y in rows {
            self.ink[(y * w) as usize..((y + 1) * w) as usize].fill(false);
        }
        for x in cols {
            (0..h).for_each(|y| self.ink[(y * w + x) as usize] = false);
        }
    }

    fn total(&self) -> usize {
        self.ink.iter().filter(|&&i| i).count()
    }

    fn row_counts(&self) -> Vec<usize> {
        self.ink
            .chunks_exact(self.width as usize)
            .map(|row| row.iter().filter(|&&i| i).count())
            .collect()
    }

    /// Ink columns `first..=last` within the band's rows.
    fn column_extent(&self, band: Band) -> Option<(u32, u32)> {
        let has_ink = |x: u32| (band.start..band.end).any(|y| self.at(x, y));
        let first = (0..self.width).find(|&x| has_ink(x))?;
        let last = (first..self.width).rev().find(|&x| has_ink(x))?;
        Some((first, last))
    }

    /// The band's ink box plus padding, kept off the neighbouring lines:
    /// vertical padding stops halfway to the next band.
    fn line_rect(
        &self,
        band: Band,
        above: Option<u32>,
        below: Option<u32>,
        padding_ratio: f32,
    ) -> Option<Rect> {
        let (first, last) = self.column_extent(band)?;
        let pad = ((band.height() as f32 * padding_ratio).round() as u32).max(1);
        let top_limit = above.map_or(0, |end| (end + band.start).div_ceil(2));
        let bottom_limit = below.map_or(self.height, |start| (band.end + start) / 2);
        let y0 = band.start.saturating_sub(pad).max(top_limit);
        let y1 = (band.end + pad).min(bottom_limit).max(band.end);
        let x0 = first.saturating_sub(pad);
        let x1 = (last + 1 + pad).min(self.width);
        Some(Rect {
            x: x0,
            y: y0,
            width: x1 - x0,
            height: y1 - y0,
        })
    }
}

/// Maximal runs of rows that hold ink.
fn ink_bands(row_counts: &[usize]) -> Vec<Band> {
    let mut bands = Vec::new();
    let mut start = None;
    for (y, &count) in row_counts.iter().enumerate() {
        match (count > 0, start) {
            (true, None) => start = Some(y as u32),
            (false, Some(s)) => {
                bands.push(Band {
                    start: s,
                    end: y as u32,
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        bands.push(Band {
            start: s,
            end: row_counts.len() as u32,
        });
    }
    bands
}

/// Joins a band much lower than the tallest one to its nearer neighbour
/// while the joined band stays no taller than a normal line.
fn merge_fragments(mut bands: Vec<Band>, options: &LineSplitOptions) -> Vec<Band> {
    loop {
        let Some(tallest) = bands.iter().map(Band::height).max() else {
            return bands;
        };
        let small = tallest as f32 * options.fragment_ratio;
        let limit = tallest as f32 * options.max_merged_ratio;
        let candidate = (0..bands.len()).find_map(|i| {
            if bands[i].height() as f32 >= small {
                return None;
            }
            best_partner(&bands, i)
                .filter(|&j| {
                    let (a, b) = (i.min(j), i.max(j));
                    ((bands[b].end - bands[a].start) as f32) <= limit
                })
                .map(|j| (i.min(j), i.max(j)))
        });
        let Some((a, b)) = candidate else {
            return bands;
        };
        bands[a].end = bands[b].end;
        bands.remove(b);
    }
}

/// The neighbour of band `i` across the smaller gap.
fn best_partner(bands: &[Band], i: usize) -> Option<usize> {
    let gap_above = i.checked_sub(1).map(|j| (bands[i].start - bands[j].end, j));
    let gap_below = bands.get(i + 1).map(|b| (b.start - bands[i].end, i + 1));
    match (gap_above, gap_below) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.1 } else { b.1 }),
        (Some(a), None) => Some(a.1),
        (None, Some(b)) => Some(b.1),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    fn draw(img: &mut GrayImage, x0: u32, y0: u32, x1: u32, y1: u32) {
        for y in y0..y1 {
            for x in x0..x1 {
                img.put_pixel(x, y, Luma([0]));
            }
        }
    }

    #[test]
    fn empty_cell_has_no_lines() {
        let img = GrayImage::from_pixel(100, 50, Luma([255]));
        assert!(split_lines(&img, &LineSplitOptions::default()).is_empty());
    }

    #[test]
    fn two_lines_are_split_and_padded() {
        let mut img = GrayImage::from_pixel(200, 100, Luma([255]));
        draw(&mut img, 20, 10, 150, 30);
        draw(&mut img, 20, 60, 90, 80);
        let lines = split_lines(&img, &LineSplitOptions::default());
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0],
            Rect {
                x: 17,
                y: 7,
                width: 136,
                height: 26
            }
        );
        assert_eq!(lines[1].y, 57);
    }

    #[test]
    fn strokes_of_one_character_stay_one_line() {
        let mut img = GrayImage::from_pixel(200, 100, Luma([255]));
        // "三" beside nothing: three thin bars.
        draw(&mut img, 20, 20, 50, 23);
        draw(&mut img, 22, 30, 48, 33);
        draw(&mut img, 18, 40, 52, 43);
        // A full-height line below, so "tallest" is a real line height.
        draw(&mut img, 20, 60, 120, 84);
        let lines = split_lines(&img, &LineSplitOptions::default());
        assert_eq!(lines.len(), 2, "{lines:?}");
    }

    #[test]
    fn ruling_remnant_at_the_edge_is_ignored() {
        let mut img = GrayImage::from_pixel(200, 100, Luma([255]));
        draw(&mut img, 0, 0, 2, 100);
        draw(&mut img, 20, 10, 150, 30);
        draw(&mut img, 20, 60, 90, 80);
        assert_eq!(split_lines(&img, &LineSplitOptions::default()).len(), 2);
    }
}
