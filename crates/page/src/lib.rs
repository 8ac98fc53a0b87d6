//! The shared input types of jixiao's table stage, whatever the source.
//!
//! Readers come in two kinds:
//!
//! * **Positioned** sources (PDF pages, and scanned pages once recognised)
//!   produce a [`Page`]: glyphs or words with their boxes, and the ruling
//!   lines drawn on the page, in page units with a top-left origin. The
//!   table stage finds ruled tables in it (a lattice) or reads the columns
//!   from the text's positions (a stream).
//! * **Pixel** sources (image files, the images of scanned PDF pages) give
//!   a [`Raster`], which the recogniser turns into a positioned [`Page`].
//! * **Cell** sources (HTML tables, spreadsheets, the cell lists of OCR
//!   tools) produce a [`Grid`]: cells with their row and column spans.
//!
//! Nothing here knows where the numbers came from, so a new source needs
//! only to fill these types.

#![warn(missing_docs)]

mod grid;
mod raster;
mod repeats;
mod rulings;

pub use grid::{Block, Grid, GridCell};
pub use raster::{Pixels, Raster};
pub use repeats::{collapse_row_repeats, repeats_merged_labels, REPEATS_OF_A_MERGED_LABEL};
pub use rulings::{merge_collinear, Closeness};

/// An axis-aligned rectangle, top-left origin, y down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge.
    pub y1: f32,
}

impl Rect {
    /// The smallest rectangle holding both.
    ///
    /// ```
    /// use jixiao_page::Rect;
    /// let a = Rect { x0: 0.0, y0: 0.0, x1: 1.0, y1: 1.0 };
    /// let b = Rect { x0: 2.0, y0: -1.0, x1: 3.0, y1: 0.5 };
    /// assert_eq!(a.union(&b), Rect { x0: 0.0, y0: -1.0, x1: 3.0, y1: 1.0 });
    /// ```
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    /// `x1 - x0`.
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }
    /// `y1 - y0`.
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }
    /// Horizontal centre.
    pub fn center_x(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    /// Vertical centre.
    pub fn center_y(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
}

/// A piece of positioned text: one painted character from a PDF
/// (occasionally a ligature, or several characters when a ToUnicode entry
/// maps one code to many), or a character or word placed by a recogniser.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The text, as Unicode.
    pub text: String,
    /// Where it is painted, in page units.
    pub bbox: Rect,
    /// Font size in page units (the em), or the text height when the
    /// source knows no font.
    pub font_size: f32,
}

/// Whether a ruling runs across or down the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// Runs left to right: `pos` is its y.
    Horizontal,
    /// Runs top to bottom: `pos` is its x.
    Vertical,
}

/// A horizontal or vertical line segment on the page (a stroked path, a
/// thin filled rectangle, or a long run of dark pixels).
///
/// For a horizontal ruling `pos` is its y and `start..end` its x extent; for
/// a vertical one `pos` is its x and `start..end` its y extent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ruling {
    /// Horizontal or vertical.
    pub orientation: Orientation,
    /// The centre line's position across the ruling's direction.
    pub pos: f32,
    /// Where the ruling starts along its direction.
    pub start: f32,
    /// Where it ends (`start <= end`).
    pub end: f32,
}

/// Everything the table stage needs from one positioned page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// 1-based page number in its document.
    pub number: usize,
    /// Page width in page units (PDF points).
    pub width: f32,
    /// Page height in page units.
    pub height: f32,
    /// The page's text, in painting order.
    pub glyphs: Vec<Glyph>,
    /// The page's ruling lines, collinear pieces merged.
    pub rulings: Vec<Ruling>,
    /// True when the page paints at least one raster image covering a large
    /// part of the page (a scan).
    pub has_large_image: bool,
}
