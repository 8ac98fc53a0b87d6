//! Positioned glyphs and ruling lines from PDF pages.
//!
//! Coordinates are in PDF points with the origin at the **top-left** of the
//! page and y growing downwards, so that reading order is increasing y then x.
//!
//! The interpretation is done by `hayro-interpret` (pinned, see the
//! workspace manifest) through a custom device ([`read_pdf`]):
//! * glyphs: Unicode from `ToUnicode`, glyph names, or the predefined CJK
//!   CMaps (UCS2/UTF16 codes are Unicode, GBK-EUC codes are GBK), and for
//!   Identity-H/V fonts without `ToUnicode` the embedded TrueType/OpenType
//!   `cmap` inverted (or its `post` glyph names) or the Adobe collection's
//!   CID → Unicode CMap (`Adobe-GB1-UCS2`, …); Kangxi
//!   radicals folded to ideographs; WPS "fake bold" copies dropped; space
//!   glyphs dropped;
//! * rulings: stroked axis-aligned segments and thin filled rectangles
//!   (smaller side ≤ 3 pt), centre lines, merged when collinear; white paint,
//!   page frames and wide fills (shading, backgrounds) ignored;
//! * `has_large_image`: one image covers more than half of the page.
//!
//! Robustness: no panic escapes. Each page runs under `catch_unwind`; a
//! page the library panics on comes back empty and is reported in
//! [`PageDiagnostics::failure`]. The panic hook is left alone, so the
//! default hook may still print the panic message to stderr. Note that
//! `catch_unwind` cannot stop a stack overflow or an allocation abort; batch
//! callers should isolate documents in a child process.

mod cmaps;
mod device;
mod fonts;
mod read;
mod rulings;
mod sfnt;
mod unicode;

pub use read::{read_pdf, read_pdf_document, PageDiagnostics, PdfDocument};

/// An axis-aligned rectangle, top-left origin, y down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }
    pub fn center_x(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn center_y(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
}

/// One painted character (occasionally a ligature or several characters
/// when a ToUnicode entry maps one code to many).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub text: String,
    pub bbox: Rect,
    pub font_size: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Horizontal,
    Vertical,
}

/// A horizontal or vertical line segment on the page, from a stroked path
/// or a thin filled rectangle, already merged with its collinear neighbours.
///
/// For a horizontal ruling `pos` is its y and `start..end` its x extent; for
/// a vertical one `pos` is its x and `start..end` its y extent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ruling {
    pub orientation: Orientation,
    pub pos: f32,
    pub start: f32,
    pub end: f32,
}

/// Everything the table stage needs from one page.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfPage {
    /// 1-based page number.
    pub number: usize,
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub rulings: Vec<Ruling>,
    /// True when the page paints at least one raster image covering a large
    /// part of the page (a scan).
    pub has_large_image: bool,
}

/// Why a PDF could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("not a readable PDF: {0}")]
    Malformed(String),
    #[error("the PDF is encrypted with a password; decrypt it first (e.g. `qpdf --decrypt`)")]
    Encrypted,
    #[error("page {page}: the PDF library failed: {message}")]
    Internal { page: usize, message: String },
}
