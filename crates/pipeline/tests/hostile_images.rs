//! Images built to hurt a reader (`testdata/hostile`, from
//! `scripts/make-hostile-images`): each is one error naming what is wrong,
//! never a panic, and none is decoded past the limits (a bomb is refused
//! from what it declares, before its pixels are allocated).

use jixiao_pipeline::{process, ErrorKind};

fn expected_kind(name: &str) -> ErrorKind {
    match name {
        "one_pixel.png" | "declares_30000.png" | "pages_500.tif" | "flate_bomb.pdf" => {
            ErrorKind::Refused
        }
        "truncated.tif" => ErrorKind::Damaged,
        // The JPEG decoder fills a cut-off image with grey: no text is
        // recognised, a failed reading (not a document without a form).
        "truncated.jpg" => ErrorKind::NeedsOcr,
        other => panic!("{other}: add its expected error kind here"),
    }
}

#[test]
fn every_hostile_image_is_one_clear_error() {
    let files: Vec<_> = ["png", "jpg", "tif", "pdf"]
        .into_iter()
        .flat_map(|ext| jixiao_testdata::files("testdata/hostile", ext, 1))
        .collect();
    assert_eq!(files.len(), 6, "{files:?}");
    for path in files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let bytes = std::fs::read(&path).expect("hostile image");
        match process(name, &bytes).result {
            Ok(records) => panic!("{name}: expected an error, got {} records", records.len()),
            Err(e) => {
                assert_eq!(e.kind, expected_kind(name), "{name}: {e}");
                assert!(e.message.len() > 20, "{name}: say what is wrong: {e}");
            }
        }
    }
}
