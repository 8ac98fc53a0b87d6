//! Errors of the recogniser.

use thiserror::Error;

/// Everything that can go wrong while decoding a page image or running the
/// recogniser. The messages say what to do where the user can do something.
#[derive(Debug, Error)]
pub enum OcrError {
    /// The image file cannot be used (damaged, an unsupported colour type
    /// or compression).
    #[error("{0}")]
    Image(String),
    /// The image asks for more than the limits allow (pixels, pages), or is
    /// too small to hold a form.
    #[error("{0}")]
    Refused(String),
    /// The embedded model cannot be loaded (a build problem).
    #[error("cannot load the recognition model: {0}")]
    ModelLoad(#[from] rten::LoadError),
    /// A model run failed.
    #[error("the recognition model failed: {0}")]
    ModelRun(#[from] rten::RunError),
    /// The model lacks its character list.
    #[error("the model has no `{0}` metadata entry (the character dictionary)")]
    MissingDictionary(&'static str),
    /// The model's tensors are not shaped as expected.
    #[error("the model's input or output layout is not the expected one: {0}")]
    UnexpectedModel(String),
    /// The model's classes and its dictionary disagree.
    #[error("the model output has {classes} classes but the dictionary has {expected}")]
    DictionaryMismatch {
        /// Classes of the output.
        classes: usize,
        /// Entries of the dictionary, blank and space included.
        expected: usize,
    },
    /// A line image without pixels was given.
    #[error("a line image is empty ({width}×{height})")]
    EmptyImage {
        /// Its width.
        width: u32,
        /// Its height.
        height: u32,
    },
}
