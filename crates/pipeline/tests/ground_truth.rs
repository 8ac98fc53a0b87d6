//! The records of the sample PDFs and of the seed against ground truth made
//! independently of the code: the PDF generator's `<name>.expected.json`
//! (what it printed), and the hand transcription of the seed
//! (`scripts/pdfgen/specs/seed_2022_sibao.json`). Every field and every
//! indicator, by position: an indicator lost or gained is a miss, and so is
//! each one after it.

use jixiao_pipeline::{process, process_with, ErrorKind, OcrMode, Options};

mod common;
use common::{differences, read_json};

#[test]
fn sample_pdfs_match_the_generator_s_ground_truth() {
    let mut problems = Vec::new();
    let mut indicators = 0;
    for pdf in jixiao_testdata::sample_pdfs() {
        let truth = read_json(&pdf.with_extension("expected.json"));
        let name = pdf.display().to_string();
        let bytes = std::fs::read(&pdf).expect("sample PDF");
        let forms = truth["forms"].as_array().cloned().unwrap_or_default();
        if truth["text_layer"] == "none" {
            // A scan without text is measured by `tests/scans.rs`; told not
            // to recognise images, the right answer is an error asking for OCR.
            let never = Options {
                ocr: OcrMode::Never,
            };
            match &process_with(&name, &bytes, &never).result {
                Err(e) if e.kind == ErrorKind::NeedsOcr => {}
                other => problems.push(format!("{name}: expected an OCR error, got {other:?}")),
            }
            continue;
        }
        let result = process(&name, &bytes).result;
        let records = match result {
            Ok(records) => records,
            Err(e) if forms.is_empty() && e.kind == ErrorKind::NoForm => continue,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        if records.len() != forms.len() {
            problems.push(format!(
                "{name}: {} forms, expected {}",
                records.len(),
                forms.len()
            ));
        }
        for (i, (r, f)) in records.iter().zip(&forms).enumerate() {
            indicators += f["indicators"].as_array().map_or(0, Vec::len);
            for d in differences(r, f, true) {
                problems.push(format!("{name} form {i}: {d}"));
            }
        }
    }
    assert!(indicators >= 227, "only {indicators} indicators compared");
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_seed_matches_its_hand_transcription() {
    let root = jixiao_testdata::root();
    let truth = read_json(&root.join("scripts/pdfgen/specs/seed_2022_sibao.json"));
    let forms = truth["forms"]
        .as_array()
        .cloned()
        .expect("the transcription's forms");
    let seed = root.join("samples/text/seed_000_a412ae7c9559c2f7.txt");
    let bytes = std::fs::read(&seed).expect("the seed sample");
    let records = process("seed.txt", &bytes)
        .result
        .expect("the seed's forms");
    assert_eq!(records.len(), 3);
    assert_eq!(forms.len(), 3);
    let problems: Vec<String> = records
        .iter()
        .zip(&forms)
        .enumerate()
        .flat_map(|(i, (r, f))| {
            differences(r, f, false)
                .into_iter()
                .map(move |d| format!("form {i}: {d}"))
        })
        .collect();
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
