//! The review page as a browser shows it: headless Chromium takes a
//! screenshot of `inspect`'s HTML for a sample PDF, a text sample and a PDF
//! without a form, and the pixels must show the page image with its cells
//! outlined (or the text with its marked lines). Needs Debian's
//! `chromium`, which scripts/test installs when missing; without it the
//! test says NOT RUN.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// Screenshot of `html` (1400 × 1800), decoded.
fn screenshot(browser: &str, html: &str, dir: &Path, name: &str) -> image::RgbImage {
    let page = dir.join(format!("{name}.html"));
    let shot = dir.join(format!("{name}.png"));
    std::fs::write(&page, html).unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1400,1800",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        shot.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    image::open(&shot).expect("a PNG").to_rgb8()
}

/// Pixels close to `rgb`.
fn count(img: &image::RgbImage, rgb: [u8; 3], tolerance: i32) -> usize {
    img.pixels()
        .filter(|p| (0..3).all(|i| (i32::from(p[i]) - i32::from(rgb[i])).abs() <= tolerance))
        .count()
}

/// Dark pixels: text, rulings, the rendered page.
fn dark(img: &image::RgbImage) -> usize {
    img.pixels().filter(|p| p.0.iter().all(|&c| c < 90)).count()
}

const OUTLINE: [u8; 3] = [0xe6, 0x00, 0x7e];
const INDICATOR_FILL: [u8; 3] = [183, 232, 255];

#[test]
fn the_review_page_shows_pages_with_their_cells_outlined() {
    let Some(browser) = chromium() else {
        eprintln!("NOT RUN: the screenshot test needs chromium (scripts/test installs it)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let read = |rel: &str| std::fs::read(root().join(rel)).unwrap();

    let form = "samples/pdf/ttf_filled.pdf";
    let img = screenshot(
        browser,
        &jixiao_inspect::inspect(form, &read(form)),
        tmp.path(),
        "form",
    );
    assert!(
        count(&img, OUTLINE, 40) > 5_000,
        "cell outlines: {}",
        count(&img, OUTLINE, 40)
    );
    assert!(
        count(&img, INDICATOR_FILL, 25) > 5_000,
        "indicator cells filled"
    );
    assert!(dark(&img) > 5_000, "the page image and the record's text");

    let none = "testdata/real-pdfs/江苏省人大常委会办公厅2019年部门预算公开表.pdf";
    let html = jixiao_inspect::inspect(none, &read(none));
    assert!(html.contains("Why no form was found"));
    let img = screenshot(browser, &html, tmp.path(), "no_form");
    assert!(
        count(&img, OUTLINE, 40) > 5_000,
        "the budget tables' cells outlined"
    );
    assert!(dark(&img) > 5_000, "the page image");

    let text = "samples/text/seed_000_a412ae7c9559c2f7.txt";
    let img = screenshot(
        browser,
        &jixiao_inspect::inspect(text, &read(text)),
        tmp.path(),
        "text",
    );
    assert!(
        count(&img, INDICATOR_FILL, 25) > 5_000,
        "the lines that gave values marked"
    );
    assert!(dark(&img) > 5_000, "the text");
}
