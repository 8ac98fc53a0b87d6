//! Fuzzes the readers of converted files: any bytes through every reader
//! of `jixiao_cells` (HTML, pandoc Markdown, the tools' JSON, CSV, workbooks, Word), and
//! what each reads through the table stage's `from_blocks`.
//!
//! Errors are fine; a panic, an abort, a hang or memory out of bounds is a
//! bug. Seed it with `samples/converted`.

#![no_main]

use jixiao_cells::{delimited, docx, html, json, markdown, odt, sheet, Block};
use libfuzzer_sys::fuzz_target;

fn rows(blocks: Result<Vec<Block>, jixiao_cells::CellsError>) {
    if let Ok(blocks) = blocks {
        let doc = jixiao_table::from_blocks(&blocks);
        for row in &doc.rows {
            assert!(row.cells.iter().all(|c| !c.text.is_empty()), "an empty cell stored");
        }
    }
}

/// calamine's OLE2 reader panics on some damaged `.xls` files (an
/// out-of-range sector chain); `sheet::read` catches that and reports a
/// damaged file, but libFuzzer's panic hook aborts first. Panics raised in
/// calamine are let through to that catch; any other still aborts.
fn tolerate_calamine_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info.location().is_some_and(|l| l.file().contains("/calamine-"));
            if !in_calamine {
                fuzzer_hook(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    tolerate_calamine_panics();
    let text = String::from_utf8_lossy(data);
    rows(html::read(&text));
    rows(markdown::read(&text));
    rows(json::read(&text).map(|(blocks, _)| blocks));
    if delimited::looks_like_csv(&text) {
        rows(delimited::read(&text));
    }
    if data.starts_with(b"PK") || data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        rows(sheet::read(data));
        rows(docx::read(data));
        rows(odt::read(data));
    }
});
