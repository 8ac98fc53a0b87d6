//! The first stage of jixiao: bytes in, raw layout out.
//!
//! * [`text`] decodes OCR'd text (UTF-8, UTF-16, GB18030) and splits it into
//!   lines of tab-separated cells.
//! * [`pdf`] interprets PDF pages into positioned glyphs and ruling lines.
//!
//! Nothing here knows what a declaration form is; that is the job of the
//! `jixiao-table` and `jixiao-map` crates.

pub mod pdf;
pub mod text;

/// What kind of document a byte buffer holds, judged from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Pdf,
    Text,
}

/// Sniffs the input kind: `%PDF-` within the first 1 KiB means PDF (some
/// producers put junk before the header), anything else is treated as text.
pub fn sniff(bytes: &[u8]) -> InputKind {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        InputKind::Pdf
    } else {
        InputKind::Text
    }
}
