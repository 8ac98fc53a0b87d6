//! The 29 real published budget PDFs in `testdata/real-pdfs` hold no
//! declaration form: each must come out as a clear "no form found" (kind
//! `no_form`), never a crash, a hang or a garbage record.

use jixiao_pipeline::ErrorKind;

#[test]
fn real_budget_pdfs_are_reported_as_holding_no_form() {
    let files = jixiao_testdata::real_pdfs();
    let mut unexpected = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).expect("read PDF");
        match jixiao_pipeline::process(&path.display().to_string(), &bytes).result {
            Err(e)
                if e.kind == ErrorKind::NoForm
                    && e.message.contains("no declaration form found") => {}
            Err(e) => unexpected.push(format!("{}: unexpected error: {e}", path.display())),
            Ok(records) => unexpected.push(format!(
                "{}: {} record(s), e.g. project {:?} with {} indicators",
                path.display(),
                records.len(),
                records.first().and_then(|r| r.project_name.clone()),
                records.first().map_or(0, |r| r.indicators.len())
            )),
        }
    }
    assert!(
        files.len() >= 29,
        "expected 29 real PDFs, found {}",
        files.len()
    );
    assert!(unexpected.is_empty(), "\n{}", unexpected.join("\n"));
}
