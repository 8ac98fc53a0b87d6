//! Text-path throughput: OCR'd text to records on one core.
//!
//! The corpus is the shipped text samples repeated to a few megabytes, as one
//! document holding hundreds of forms (the same work per byte as many small
//! files, without file-system noise). Criterion reports MiB/s; the target is
//! at least 20 MB/s.

/// The allocator the jixiao binary uses, so that the numbers are the
/// binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

fn corpus() -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/text");
    let mut one = String::new();
    for name in [
        "seed_000_a412ae7c9559c2f7.txt",
        "markdown_pipes_word_operators.txt",
        "utf8bom_split_row_labels_after_break.txt",
        "crlf_no_header_inferred_level1.txt",
    ] {
        let bytes = std::fs::read(root.join(name)).expect("sample");
        let text = String::from_utf8_lossy(&bytes)
            .trim_start_matches('\u{feff}')
            .replace("\r\n", "\n");
        one.push_str(&text);
        one.push_str("\n\n");
    }
    let mut big = String::with_capacity(8 << 20);
    while big.len() < 8 << 20 {
        big.push_str(&one);
    }
    big.into_bytes()
}

fn bench(c: &mut Criterion) {
    let data = corpus();
    let forms = jixiao_pipeline::process("corpus.txt", &data)
        .result
        .map(|r| r.len())
        .unwrap_or(0);
    eprintln!("corpus: {} bytes, {} forms", data.len(), forms);
    let mut group = c.benchmark_group("text");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.sample_size(10);
    group.bench_function("ocr_text_to_records", |b| {
        b.iter(|| jixiao_pipeline::process("corpus.txt", &data))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
