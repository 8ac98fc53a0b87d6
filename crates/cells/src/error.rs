//! Why a converted file gives no cells.

/// Why a converted file cannot be read; each says what the file seems to
/// be and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CellsError {
    /// The file is of the kind, but damaged (truncated JSON, a zip that
    /// does not open).
    #[error("{0}")]
    Damaged(String),
    /// The file is well formed but holds no table (HTML without a table,
    /// a tool's JSON with no table block): there is no form in it.
    #[error("{0}")]
    NoTable(String),
    /// Well-formed JSON of no tool's shape jixiao knows: it was not read,
    /// so whether it holds a form is not known.
    #[error("{0}")]
    UnknownShape(String),
    /// The file is encrypted (a password-protected workbook).
    #[error("{0}")]
    Encrypted(String),
    /// The file is larger than the reader's limits allow.
    #[error("{0}")]
    TooLarge(String),
}
