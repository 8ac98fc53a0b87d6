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
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/real-pdfs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("note: {} is missing; skipped", dir.display());
        return;
    };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.retain(|p| p.extension().is_some_and(|x| x == "pdf"));
    files.sort();
    for path in files {
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
    // trailer): the reader may succeed or fail, but must return.
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
            let _ = read_pdf(&bytes);
        }
    }
}
