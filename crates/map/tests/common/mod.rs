//! Helpers shared by the mapper's test files.

use jixiao_map::{map_document, Record, SourceInfo};

/// Maps a whole text form (tab-separated cells), which must hold exactly
/// one form.
pub fn map_text(text: &str) -> Record {
    let doc = jixiao_extract::text::read_text(text.as_bytes()).expect("text");
    let rows = jixiao_table::from_text(&doc);
    let source = SourceInfo {
        path: "t.txt".into(),
        sha256: String::new(),
    };
    let mut records = map_document(&rows, &source).expect("a form");
    assert_eq!(records.len(), 1);
    records.remove(0)
}
