//! Broken input must come back as an error, never as a panic or a hang.

use std::path::Path;

use jixiao_extract::pdf::{read_pdf, PdfError};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A tiny deterministic generator, so the test needs no dependency.
fn pseudo_random(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn empty_input_is_malformed() {
    assert!(matches!(read_pdf(&[]), Err(PdfError::Malformed(_))));
}

#[test]
fn text_is_not_a_pdf() {
    assert!(matches!(
        read_pdf("绩效目标申报表".as_bytes()),
        Err(PdfError::Malformed(_))
    ));
}

#[test]
fn random_bytes_after_a_header_are_malformed() {
    for seed in 0..20 {
        let mut bytes = b"%PDF-1.7\n".to_vec();
        bytes.extend(pseudo_random(seed, 4096));
        assert!(read_pdf(&bytes).is_err(), "seed {seed}");
        // Even with a plausible trailer glued on.
        bytes.extend_from_slice(b"\nstartxref\n9\n%%EOF\n");
        assert!(read_pdf(&bytes).is_err(), "seed {seed} with trailer");
    }
}

#[test]
fn truncated_fixtures_are_errors() {
    for name in [
        "cid_table.pdf",
        "raw_cmaps.pdf",
        "ttf_kangxi.pdf",
        "encrypted_open.pdf",
    ] {
        let bytes = fixture(name);
        for cut in [bytes.len() / 2, bytes.len() / 3, 20] {
            let result = read_pdf(bytes.get(..cut).unwrap_or_default());
            assert!(
                matches!(result, Err(PdfError::Malformed(_))),
                "{name} cut at {cut}: {result:?}"
            );
        }
    }
}

#[test]
fn truncated_real_pdfs_are_errors() {
    for path in jixiao_testdata::real_pdfs() {
        let bytes = std::fs::read(&path).expect("read real pdf");
        let half = bytes.get(..bytes.len() / 2).unwrap_or_default();
        let result = read_pdf(half);
        assert!(
            result.is_err(),
            "{}: first half was accepted",
            path.display()
        );
    }
}

#[test]
fn corrupted_bodies_never_panic() {
    // Overwrite stretches of a valid file with noise (keeping header and
    // trailer): the reader may succeed or fail, but must return, with pages
    // whose geometry is usable or with an error that says something.
    let (mut read, mut refused) = (0, 0);
    for name in ["cid_table.pdf", "raw_cmaps.pdf", "ttf_kangxi.pdf"] {
        let original = fixture(name);
        for seed in 0..30u64 {
            let mut bytes = original.clone();
            let noise = pseudo_random(seed, 64);
            let len = bytes.len();
            let at = 20 + (seed as usize * 97) % len.saturating_sub(200).max(1);
            for (i, b) in noise.iter().enumerate() {
                if let Some(slot) = bytes.get_mut(at + i) {
                    *slot = *b;
                }
            }
            assert_ne!(bytes, original, "{name} seed {seed}: nothing was corrupted");
            match read_pdf(&bytes) {
                Ok(pages) => {
                    read += 1;
                    assert!(!pages.is_empty(), "{name} seed {seed}: Ok without pages");
                    for g in pages.iter().flat_map(|p| &p.glyphs) {
                        let b = g.bbox;
                        assert!(
                            [b.x0, b.y0, b.x1, b.y1].iter().all(|v| v.is_finite()),
                            "{name} seed {seed}: a glyph with a non-finite box"
                        );
                    }
                }
                Err(e) => {
                    refused += 1;
                    assert!(
                        !e.to_string().is_empty(),
                        "{name} seed {seed}: an empty error"
                    );
                }
            }
        }
    }
    eprintln!("corrupted copies: {read} read, {refused} refused");
}
