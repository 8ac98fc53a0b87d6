//! How a document is to be read.

use std::fmt;
use std::str::FromStr;

/// When page images are recognised.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OcrMode {
    /// Pages without usable text: scans without a text layer, and
    /// searchable scans (an image under an invisible OCR layer, which is
    /// read again, not trusted); image files.
    #[default]
    Auto,
    /// Every page that paints a page image, even under visible text.
    Always,
    /// Never: scans without text are reported as needing OCR, searchable
    /// scans are read from their text layer, image files are refused.
    Never,
}

impl OcrMode {
    /// The option's spelling (`auto`, `always`, `never`).
    pub fn as_str(self) -> &'static str {
        match self {
            OcrMode::Auto => "auto",
            OcrMode::Always => "always",
            OcrMode::Never => "never",
        }
    }
}

impl FromStr for OcrMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(OcrMode::Auto),
            "always" => Ok(OcrMode::Always),
            "never" => Ok(OcrMode::Never),
            _ => Err(format!("expected auto, always or never, got {s:?}")),
        }
    }
}

impl fmt::Display for OcrMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How [`crate::process_with`] reads a document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// When page images are recognised.
    pub ocr: OcrMode,
}
