//! `clean_page` never panics and stays bounded in time, whatever it is given.

use std::time::{Duration, Instant};

use image::{DynamicImage, GrayImage, ImageBuffer, Luma, Rgb, RgbImage, Rgba, RgbaImage};
use jixiao_imgprep::{clean_page, CleanOptions, Cleaned};

/// Generous: a page takes a fraction of a second in a release build; a
/// debug build or a busy machine is many times slower.
const PAGE_TIME_LIMIT: Duration = Duration::from_secs(60);

/// The invariants every result keeps: grey and binary the same size, the
/// input's size or (after a quarter turn) its transpose, binary only 0 and 255.
fn check(image: &DynamicImage, cleaned: &Cleaned) {
    let (w, h) = (image.width(), image.height());
    let size = cleaned.grey.dimensions();
    assert_eq!(size, cleaned.binary.dimensions());
    let want = if cleaned.rotation.is_sideways() {
        (h, w)
    } else {
        (w, h)
    };
    assert_eq!(size, want, "{:?}", cleaned.notes);
    assert!(cleaned.binary.iter().all(|&v| v == 0 || v == 255));
    assert!(cleaned.skew_degrees.is_finite());
}

fn clean_and_check(image: &DynamicImage, dpi: f32, options: &CleanOptions) -> Cleaned {
    let started = Instant::now();
    let cleaned = clean_page(image, dpi, options);
    let took = started.elapsed();
    assert!(
        took < PAGE_TIME_LIMIT,
        "{}×{} took {took:?}",
        image.width(),
        image.height()
    );
    check(image, &cleaned);
    cleaned
}

/// A fixed pseudo-random sequence.
fn noise(seed: u32) -> impl FnMut() -> u8 {
    let mut state = seed;
    move || {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (state >> 24) as u8
    }
}

#[test]
fn degenerate_sizes_in_every_pixel_format() {
    let sizes = [
        (0, 0),
        (0, 5),
        (5, 0),
        (1, 1),
        (2, 2),
        (1, 10_000),
        (10_000, 1),
        (3, 2000),
        (2000, 3),
        (7, 5),
    ];
    for (w, h) in sizes {
        let mut next = noise(w * 31 + h);
        let grey = GrayImage::from_fn(w, h, |_, _| Luma([next()]));
        let rgb = RgbImage::from_fn(w, h, |_, _| Rgb([next(), next(), next()]));
        let rgba = RgbaImage::from_fn(w, h, |_, _| Rgba([next(), next(), next(), next()]));
        let deep: ImageBuffer<Luma<u16>, Vec<u16>> =
            ImageBuffer::from_fn(w, h, |x, y| Luma([(x * 977 + y * 131) as u16]));
        let images = [
            DynamicImage::ImageLuma8(grey),
            DynamicImage::ImageRgb8(rgb),
            DynamicImage::ImageRgba8(rgba),
            DynamicImage::ImageLuma16(deep),
        ];
        for image in &images {
            for dpi in [0.0, 200.0, 1200.0] {
                clean_and_check(image, dpi, &CleanOptions::default());
            }
        }
    }
}

#[test]
fn implausible_resolutions_and_options_are_survived() {
    let page = DynamicImage::ImageLuma8(GrayImage::from_fn(400, 560, |x, y| {
        Luma([if y % 20 < 4 && x % 9 < 6 { 0 } else { 240 }])
    }));
    for dpi in [
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        -200.0,
        0.001,
        1e12,
    ] {
        let cleaned = clean_and_check(&page, dpi, &CleanOptions::default());
        assert!(
            cleaned.notes.iter().any(|n| n.contains("not plausible")),
            "{dpi}: {:?}",
            cleaned.notes
        );
    }
    let odd_options = [
        CleanOptions {
            sauvola_k: f32::NAN,
            max_skew_degrees: f32::NAN,
            ..CleanOptions::default()
        },
        CleanOptions {
            sauvola_k: -3.0,
            max_skew_degrees: -1.0,
            ..CleanOptions::default()
        },
        CleanOptions {
            sauvola_k: 50.0,
            max_skew_degrees: 1e9,
            ..CleanOptions::default()
        },
        CleanOptions {
            max_skew_degrees: f32::INFINITY,
            ..CleanOptions::default()
        },
    ];
    for options in &odd_options {
        clean_and_check(&page, 200.0, options);
    }
}

#[test]
fn all_black_and_all_white_pages() {
    for (value, ink) in [(0u8, true), (255, false)] {
        for image in [
            DynamicImage::ImageLuma8(GrayImage::from_pixel(1654, 2339, Luma([value]))),
            DynamicImage::ImageRgb8(RgbImage::from_pixel(1654, 2339, Rgb([value; 3]))),
        ] {
            let cleaned = clean_and_check(&image, 200.0, &CleanOptions::default());
            assert_eq!(cleaned.skew_degrees, 0.0);
            assert!(
                cleaned.binary.iter().all(|&v| (v == 0) == ink),
                "value {value}"
            );
        }
    }
    // Nearly black (a closed scanner lid) and mid-grey: no structure, no turn.
    for value in [12u8, 128] {
        let image = DynamicImage::ImageLuma8(GrayImage::from_pixel(1654, 2339, Luma([value])));
        let cleaned = clean_and_check(&image, 200.0, &CleanOptions::default());
        assert_eq!(cleaned.skew_degrees, 0.0);
        assert_eq!(cleaned.rotation, jixiao_imgprep::QuarterTurn::None);
    }
}

#[test]
fn noise_and_checkerboards_at_300_dpi_are_bounded() {
    let (w, h) = (2481, 3508);
    let mut next = noise(7);
    let images = [
        DynamicImage::ImageLuma8(GrayImage::from_fn(w, h, |_, _| Luma([next()]))),
        DynamicImage::ImageLuma8(GrayImage::from_fn(w, h, |x, y| {
            Luma([if (x + y) % 2 == 0 { 0 } else { 255 }])
        })),
        DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
            Rgb([
                ((x * 7) % 256) as u8,
                ((y * 3) % 256) as u8,
                ((x ^ y) % 256) as u8,
            ])
        })),
    ];
    for image in &images {
        let started = Instant::now();
        let cleaned = clean_and_check(image, 300.0, &CleanOptions::default());
        eprintln!(
            "{:?} in {:?}: {:?}",
            image.color(),
            started.elapsed(),
            cleaned.notes
        );
    }
}
