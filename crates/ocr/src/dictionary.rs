//! The recogniser's output classes: CTC blank, the character list, a space.

use crate::error::OcrError;

/// Metadata key under which PaddleOCR's exported ONNX models carry the
/// character list, one entry per line.
pub const DICTIONARY_METADATA_KEY: &str = "character";

/// Class index of the CTC blank. PaddleOCR puts it first.
pub const BLANK_CLASS: usize = 0;

/// Maps a class index of the recogniser's output to its text.
///
/// Layout (PaddleOCR's `CTCLabelDecode` with `use_space_char`): class 0 is the
/// CTC blank, classes `1..=n` are the `n` dictionary entries in file order,
/// class `n + 1` is a space.
#[derive(Clone, Debug)]
pub struct Dictionary {
    /// Index 0 is a placeholder for the blank; never emitted.
    classes: Vec<String>,
}

impl Dictionary {
    /// Builds the dictionary from the newline-separated character list.
    pub fn from_lines(list: &str) -> Self {
        let mut classes = Vec::with_capacity(list.len() / 3 + 2);
        classes.push(String::new());
        classes.extend(
            list.split('\n')
                .map(|line| line.strip_suffix('\r').unwrap_or(line))
                .map(str::to_owned),
        );
        // Python's `splitlines` drops the empty piece after a final newline.
        if list.ends_with('\n') {
            classes.pop();
        }
        classes.push(" ".to_owned());
        Dictionary { classes }
    }

    /// Reads the list from a loaded model's metadata.
    pub fn from_model(model: &rten::Model) -> Result<Self, OcrError> {
        let list = model
            .metadata()
            .get(DICTIONARY_METADATA_KEY)
            .ok_or(OcrError::MissingDictionary(DICTIONARY_METADATA_KEY))?;
        Ok(Self::from_lines(list))
    }

    /// Number of output classes, blank and space included.
    pub fn class_count(&self) -> usize {
        self.classes.len()
    }

    /// Text of a class; `None` for the blank or an index out of range.
    pub fn text(&self, class: usize) -> Option<&str> {
        if class == BLANK_CLASS {
            return None;
        }
        self.classes.get(class).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_first_space_last() {
        let dict = Dictionary::from_lines("a\nb\r\nc\n");
        assert_eq!(dict.class_count(), 5);
        assert_eq!(dict.text(0), None);
        assert_eq!(dict.text(1), Some("a"));
        assert_eq!(dict.text(2), Some("b"));
        assert_eq!(dict.text(4), Some(" "));
        assert_eq!(dict.text(5), None);
    }
}
