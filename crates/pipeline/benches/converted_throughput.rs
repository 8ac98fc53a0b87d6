//! Converted-file throughput on one core: HTML (MinerU Markdown with HTML
//! tables) and JSON (a MinerU `content_list.json`) to records.
//!
//! Each corpus is a shipped sample repeated to a few megabytes as one
//! document of hundreds of forms (the same work per byte as many small
//! files, without file-system noise). Criterion reports MiB/s; the target is
//! at least 20 MB/s for each.

/// The allocator the jixiao binary uses, so that the numbers are the
/// binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

/// Bytes each corpus grows to.
const CORPUS_BYTES: usize = 8 << 20;

fn sample(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/converted")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// MinerU Markdown, one copy after another (the titles start each form).
fn html_corpus() -> Vec<u8> {
    let one = sample("mineru_two_forms.md");
    let mut big = String::with_capacity(CORPUS_BYTES + one.len());
    while big.len() < CORPUS_BYTES {
        big.push_str(&one);
        big.push_str("\n\n");
    }
    big.into_bytes()
}

/// A content list whose items are the sample's, repeated on later pages.
fn json_corpus() -> Vec<u8> {
    let one: Vec<serde_json::Value> =
        serde_json::from_str(&sample("mineru_content_list_content_list.json")).expect("JSON");
    let pages = one
        .iter()
        .filter_map(|i| i["page_idx"].as_u64())
        .max()
        .unwrap_or(0)
        + 1;
    let one_len = serde_json::to_vec(&one).expect("JSON").len();
    let mut items = Vec::new();
    for copy in 0..(CORPUS_BYTES / one_len + 1) as u64 {
        for item in &one {
            let mut item = item.clone();
            if let Some(p) = item["page_idx"].as_u64() {
                item["page_idx"] = (p + copy * pages).into();
            }
            items.push(item);
        }
    }
    serde_json::to_vec(&items).expect("JSON")
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("converted");
    group.sample_size(10);
    for (name, data) in [
        ("mineru_markdown_html_to_records", html_corpus()),
        ("mineru_content_list_json_to_records", json_corpus()),
    ] {
        let forms = jixiao_pipeline::process(name, &data)
            .result
            .map(|r| r.len())
            .unwrap_or(0);
        eprintln!("{name}: {} bytes, {forms} forms", data.len());
        group.throughput(Throughput::Bytes(data.len() as u64));
        group.bench_function(name, |b| b.iter(|| jixiao_pipeline::process(name, &data)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
