//! Reads PDFs with `read_pdf` and prints a summary, page text or timing.
//!
//! ```text
//! cargo run --release -p jixiao-extract --example pdf_dump -- [--text|--glyphs|--rulings] FILE...
//! cargo run --release -p jixiao-extract --example pdf_dump -- --time DIR
//! ```

use std::time::Instant;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mode = if args.first().is_some_and(|a| a.starts_with("--")) {
        args.remove(0)
    } else {
        String::new()
    };
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for a in &args {
        let p = std::path::PathBuf::from(a);
        if p.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(&p)
                .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
                .unwrap_or_default();
            entries.retain(|e| e.extension().is_some_and(|x| x == "pdf"));
            entries.sort();
            files.extend(entries);
        } else {
            files.push(p);
        }
    }
    let blobs: Vec<(std::path::PathBuf, Vec<u8>)> = files
        .into_iter()
        .filter_map(|f| std::fs::read(&f).ok().map(|b| (f, b)))
        .collect();
    let started = Instant::now();
    let (mut pages_total, mut glyphs_total, mut rulings_total) = (0, 0, 0);
    for (path, bytes) in &blobs {
        let t = Instant::now();
        match jixiao_extract::pdf::read_pdf_document(bytes) {
            Ok(doc) => {
                let g: usize = doc.pages.iter().map(|p| p.glyphs.len()).sum();
                let r: usize = doc.pages.iter().map(|p| p.rulings.len()).sum();
                let unmapped: usize = doc.diagnostics.iter().map(|d| d.unmapped_glyphs).sum();
                let dups: usize = doc.diagnostics.iter().map(|d| d.duplicate_glyphs).sum();
                let clipped: usize = doc.diagnostics.iter().map(|d| d.clipped_glyphs).sum();
                let hidden: usize = doc.diagnostics.iter().map(|d| d.hidden_glyphs).sum();
                let failed = doc
                    .diagnostics
                    .iter()
                    .filter(|d| d.failure.is_some())
                    .count();
                pages_total += doc.pages.len();
                glyphs_total += g;
                rulings_total += r;
                if mode != "--time" {
                    println!(
                        "{}: {} pages, {g} glyphs, {r} rulings, {unmapped} unmapped, {dups} duplicates, {clipped} clipped, {hidden} hidden, {failed} failed, {:.1} ms",
                        path.display(),
                        doc.pages.len(),
                        t.elapsed().as_secs_f64() * 1000.0
                    );
                }
                for page in &doc.pages {
                    match mode.as_str() {
                        "--text" => {
                            let text: String =
                                page.glyphs.iter().map(|g| g.text.as_str()).collect();
                            println!(
                                "--- page {} ({}x{}) image={}\n{text}",
                                page.number, page.width, page.height, page.has_large_image
                            );
                        }
                        "--glyphs" => {
                            println!("--- page {}", page.number);
                            for g in &page.glyphs {
                                println!(
                                    "{} {:.2} {:.2} {:.2} {:.2} size {:.2}",
                                    g.text, g.bbox.x0, g.bbox.y0, g.bbox.x1, g.bbox.y1, g.font_size
                                );
                            }
                        }
                        "--rulings" => {
                            println!("--- page {}", page.number);
                            for r in &page.rulings {
                                println!(
                                    "{:?} pos {:.2} {:.2}..{:.2}",
                                    r.orientation, r.pos, r.start, r.end
                                );
                            }
                        }
                        _ => {}
                    }
                }
            }
            Err(e) => println!("{}: error: {e}", path.display()),
        }
    }
    if mode == "--time" {
        println!(
            "{} files, {pages_total} pages, {glyphs_total} glyphs, {rulings_total} rulings in {:.3} s",
            blobs.len(),
            started.elapsed().as_secs_f64()
        );
    }
}
