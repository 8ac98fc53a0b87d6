//! Reads image files and prints what the recogniser finds (a debugging aid):
//! `cargo run --release -p jixiao-ocr --example read_scan -- PAGE.png...`

use std::time::Instant;

fn main() {
    let options = jixiao_ocr::RecognizerOptions {
        threads: Some(1),
        ..Default::default()
    };
    let recognizer = match jixiao_ocr::Recognizer::embedded(&options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("{path}: cannot read");
            continue;
        };
        let pages = match jixiao_ocr::decode_image(&bytes, &Default::default()) {
            Ok(pages) => pages,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        for (i, raster) in pages.iter().enumerate() {
            let start = Instant::now();
            match jixiao_ocr::read_page(
                raster,
                i + 1,
                &recognizer,
                &jixiao_ocr::Vocabulary::default(),
            ) {
                Ok(scan) => {
                    println!(
                        "== {path} page {}: {:.0} dpi, {} rulings, {} lines, {} glyphs, confidence {:.3}, {:.2} s",
                        i + 1,
                        scan.dpi,
                        scan.page.rulings.len(),
                        scan.lines,
                        scan.page.glyphs.len(),
                        scan.mean_confidence,
                        start.elapsed().as_secs_f64()
                    );
                    if std::env::var_os("SHOW_RULINGS").is_some() {
                        for r in &scan.page.rulings {
                            println!(
                                "  ruling {:?} {:.1} {:.1}..{:.1}",
                                r.orientation, r.pos, r.start, r.end
                            );
                        }
                    }
                    let text: String = scan.page.glyphs.iter().map(|g| g.text.as_str()).collect();
                    println!("{}", text.chars().take(400).collect::<String>());
                    for (t, c) in &scan.doubtful {
                        println!("  doubtful {c:.2}: {t}");
                    }
                }
                Err(e) => eprintln!("{path} page {}: {e}", i + 1),
            }
        }
    }
}
