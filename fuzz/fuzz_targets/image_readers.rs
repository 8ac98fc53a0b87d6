//! Fuzzes the image readers: any bytes through `jixiao_ocr::decode_pages`
//! (PNG, JPEG, TIFF of one page or many; the kind told by the content),
//! then every decoded page through `jixiao_imgprep::clean_page`.
//!
//! Errors are fine; a panic, an abort, a leak of the limits or a cleaned
//! page of the wrong size is a bug. The limits are small so that each run
//! stays fast; pages over `CLEAN_MAX_PIXELS` are decimated (every n-th
//! pixel) before they are cleaned, as the clean-up is linear in the pixel
//! count and the decoders are what is under test for those.

#![no_main]

use image::{DynamicImage, GrayImage, RgbImage};
use jixiao_imgprep::{clean_page, CleanOptions};
use jixiao_ocr::{decode_pages, DecodeLimits};
use jixiao_page::{Pixels, Raster};
use libfuzzer_sys::fuzz_target;

const LIMITS: DecodeLimits = DecodeLimits {
    max_pixels: 4_000_000,
    max_pages: 4,
    min_side: 8,
};

/// Largest page given to `clean_page` as it is decoded.
const CLEAN_MAX_PIXELS: u64 = 1_000_000;

/// A decimated page is brought under this many pixels.
const DECIMATED_PIXELS: u64 = 250_000;

fuzz_target!(|data: &[u8]| {
    let pages = match decode_pages(data, &LIMITS) {
        Ok(pages) => pages,
        Err(_) => return,
    };
    // `decode_pages` promises at most `max_pages` pages; a few more are
    // taken so that an iterator ignoring its limit is caught.
    let mut count = 0usize;
    for page in pages.take(LIMITS.max_pages + 2) {
        count += 1;
        assert!(
            count <= LIMITS.max_pages,
            "decode_pages gave more than {} pages",
            LIMITS.max_pages
        );
        let Ok(raster) = page else { continue };
        check_raster(&raster);
        clean(&raster);
    }
});

/// What the decoder promises of every page it gives.
fn check_raster(raster: &Raster) {
    let (w, h) = (raster.width, raster.height);
    let pixels = u64::from(w) * u64::from(h);
    assert!(pixels <= LIMITS.max_pixels, "page of {w} × {h} passed the pixel limit");
    assert!(
        w >= LIMITS.min_side && h >= LIMITS.min_side,
        "page of {w} × {h} passed the min_side limit"
    );
    let (len, per_pixel) = match &raster.pixels {
        Pixels::Gray(d) => (d.len(), 1),
        Pixels::Rgb(d) => (d.len(), 3),
    };
    assert_eq!(len as u64, pixels * per_pixel, "pixel data of the wrong length");
    let dpi = raster.dpi();
    assert!(dpi.is_finite() && dpi > 0.0, "page dpi {dpi}");
}

/// The page as `clean_page` gets it in the product (`jixiao_ocr::clean`),
/// decimated first when it is large.
fn clean(raster: &Raster) {
    let (w, h) = (raster.width, raster.height);
    let pixels = u64::from(w) * u64::from(h);
    let (image, dpi) = if pixels <= CLEAN_MAX_PIXELS {
        (to_image(w, h, &raster.pixels), raster.dpi())
    } else {
        let step = (pixels as f64 / DECIMATED_PIXELS as f64).sqrt().ceil() as u32;
        decimate(raster, step.max(2))
    };
    let cleaned = clean_page(&image, dpi, &CleanOptions::default());
    let expected = if cleaned.rotation.is_sideways() {
        (image.height(), image.width())
    } else {
        (image.width(), image.height())
    };
    assert_eq!(cleaned.grey.dimensions(), expected, "cleaned grey of the wrong size");
    assert_eq!(cleaned.binary.dimensions(), expected, "cleaned binary of the wrong size");
    assert!(cleaned.skew_degrees.is_finite(), "skew {}", cleaned.skew_degrees);
}

fn to_image(w: u32, h: u32, pixels: &Pixels) -> DynamicImage {
    match pixels {
        Pixels::Gray(d) => DynamicImage::ImageLuma8(
            GrayImage::from_raw(w, h, d.clone()).expect("raster sized as declared"),
        ),
        Pixels::Rgb(d) => DynamicImage::ImageRgb8(
            RgbImage::from_raw(w, h, d.clone()).expect("raster sized as declared"),
        ),
    }
}

/// Every `step`-th pixel across and down, and the resolution that leaves.
fn decimate(raster: &Raster, step: u32) -> (DynamicImage, f32) {
    let (w, h) = (raster.width, raster.height);
    let (nw, nh) = (w.div_ceil(step), h.div_ceil(step));
    let (src, channels) = match &raster.pixels {
        Pixels::Gray(d) => (d, 1usize),
        Pixels::Rgb(d) => (d, 3usize),
    };
    let mut out = Vec::with_capacity(nw as usize * nh as usize * channels);
    for y in (0..h).step_by(step as usize) {
        for x in (0..w).step_by(step as usize) {
            let i = (y as usize * w as usize + x as usize) * channels;
            out.extend_from_slice(&src[i..i + channels]);
        }
    }
    let pixels = if channels == 1 {
        Pixels::Gray(out)
    } else {
        Pixels::Rgb(out)
    };
    (to_image(nw, nh, &pixels), raster.dpi() / step as f32)
}
