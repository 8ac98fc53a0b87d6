//! Scanned pages to positioned text and ruling lines.
//!
//! A page image ([`jixiao_page::Raster`]: an image file's page, or the
//! image a scanned PDF page paints) becomes the same [`jixiao_page::Page`]
//! the PDF reader makes, so the table stage, page joining and the mapper
//! serve scans unchanged:
//!
//! 1. the page is cleaned ([`clean`]);
//! 2. ruling lines are found in its pixels ([`rulings`]) and the ruled tables
//!    with their spanning cells by `jixiao_lattice`, as for a PDF;
//! 3. each cell is cut into text lines ([`lines`]); text outside the tables
//!    is found by its connected ink ([`layout`]);
//! 4. each line is read by PP-OCRv4's recogniser ([`recognize`], pure Rust
//!    on `rten`), and its characters become glyphs whose boxes come from
//!    the positions the recogniser emitted them at ([`assemble`]); a line
//!    one character off a form word the caller names is corrected to it
//!    ([`correct`]), and the correction kept for the record's warnings.

#![warn(missing_docs)]

pub mod assemble;
pub mod clean;
pub mod correct;
pub mod ctc;
pub mod decode;
pub mod dictionary;
pub mod error;
pub mod layout;
pub mod line_input;
pub mod lines;
pub mod models;
pub mod recognize;
pub mod resize;
pub mod rulings;

pub use assemble::{read_page, Scanned};
pub use correct::{Correction, Vocabulary};
pub use decode::{decode_image, decode_pages, DecodeLimits};
pub use error::OcrError;
pub use line_input::LineImage;
pub use recognize::{RecognizedChar, RecognizedLine, Recognizer, RecognizerOptions};
