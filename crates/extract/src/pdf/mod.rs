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
mod render;
mod rulings;
mod sfnt;
mod unicode;

pub use read::{read_pdf, read_pdf_document, PageDiagnostics, PdfDocument};
pub use render::{render_pages, MAX_RENDER_PIXELS, MIN_RENDER_DPI};

/// Why a PDF could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("not a readable PDF: {0}")]
    /// Not a readable PDF: no header, truncated, no page tree.
    Malformed(String),
    #[error("the PDF is encrypted with a password; decrypt it first (e.g. `qpdf --decrypt`)")]
    /// Encrypted with a password.
    Encrypted,
    #[error("{}the PDF library failed: {message}", page.map(|p| format!("page {p}: ")).unwrap_or_default())]
    /// The PDF library failed (panicked).
    Internal {
        /// 1-based page it failed on, when known.
        page: Option<usize>,
        /// What the library said.
        message: String,
    },
}
