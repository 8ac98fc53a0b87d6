//! `clean_page` on synthetic form pages whose truth is known pixel by pixel.

mod page;

use image::{imageops, DynamicImage, GrayImage, Luma};
use jixiao_imgprep::{clean_page, CleanOptions, Cleaned, QuarterTurn};
use page::Drawing;

fn clean(image: image::RgbImage) -> Cleaned {
    clean_page(
        &DynamicImage::ImageRgb8(image),
        page::DPI,
        &CleanOptions::default(),
    )
}

fn is_ink(binary: &GrayImage, x: u32, y: u32) -> bool {
    binary.get_pixel(x, y).0[0] == 0
}

/// Share of the page's pixels on which two binary pages agree.
fn agreement(a: &GrayImage, b: &GrayImage) -> f64 {
    let same = a.pixels().zip(b.pixels()).filter(|(p, q)| p == q).count();
    same as f64 / a.pixels().len() as f64
}

#[test]
fn skewed_pages_are_measured_within_a_tenth_of_a_degree_and_straightened() {
    let straight = clean(page::draw(Drawing::default()));
    for truth in [-1.5, -0.6, 0.25, 1.2] {
        let cleaned = clean(page::draw(Drawing {
            skew_degrees: truth,
            ..Drawing::default()
        }));
        let error = f64::from(cleaned.skew_degrees) - truth;
        assert!(
            error.abs() < 0.1,
            "truth {truth}°, measured {}°",
            cleaned.skew_degrees
        );
        assert_eq!(cleaned.rotation, QuarterTurn::None);
        // Straightened, the page is the straight page again but for the
        // blur of one resampling at stroke edges.
        let agree = agreement(&cleaned.binary, &straight.binary);
        assert!(agree > 0.985, "{truth}°: only {agree:.4} of pixels agree");
    }
}

#[test]
fn a_straight_page_is_not_resampled() {
    let image = page::draw(Drawing::default());
    let cleaned = clean(image.clone());
    assert_eq!(cleaned.skew_degrees, 0.0);
    assert_eq!(cleaned.rotation, QuarterTurn::None);
    assert_eq!(
        cleaned.grey,
        DynamicImage::ImageRgb8(image).to_luma8(),
        "grey must be the page untouched"
    );
    assert!(
        cleaned.notes.iter().all(|n| !n.contains("corrected")),
        "{:?}",
        cleaned.notes
    );
}

#[test]
fn the_seal_vanishes_and_the_print_under_it_stays() {
    let cleaned = clean(page::draw(Drawing {
        seal: true,
        ..Drawing::default()
    }));
    assert!(
        cleaned.seal_pixels > 3000,
        "{} seal pixels",
        cleaned.seal_pixels
    );
    let (mut seal_only, mut seal_kept, mut print_under, mut print_kept) = (0, 0, 0, 0);
    for y in 0..page::HEIGHT {
        for x in 0..page::WIDTH {
            let (px, py) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
            // Well inside the ring, clear of print by two pixels.
            let inner =
                page::is_seal(px, py) && page::is_seal(px + 1.5, py) && page::is_seal(px - 1.5, py);
            let clear = (-2..=2).all(|d| {
                !page::is_print(px + f64::from(d), py) && !page::is_print(px, py + f64::from(d))
            });
            if inner && clear {
                seal_only += 1;
                seal_kept += usize::from(is_ink(&cleaned.binary, x, y));
            }
            let solid_print = (-1..=1).all(|d| page::is_print(px + f64::from(d), py));
            if page::is_seal(px, py) && solid_print {
                print_under += 1;
                print_kept += usize::from(is_ink(&cleaned.binary, x, y));
            }
        }
    }
    assert!(
        seal_only > 1000 && print_under > 100,
        "test page has too little overlap: {seal_only}, {print_under}"
    );
    assert_eq!(
        seal_kept, 0,
        "seal pixels left as ink: {seal_kept} of {seal_only}"
    );
    assert_eq!(print_kept, print_under, "print under the seal lost");
}

#[test]
fn a_shadow_is_flattened_away() {
    let plain = clean(page::draw(Drawing::default()));
    let shaded = clean(page::draw(Drawing {
        shadow: true,
        ..Drawing::default()
    }));
    let agree = agreement(&plain.binary, &shaded.binary);
    assert!(agree > 0.998, "only {agree:.4} of pixels agree");
    // Paper in the darkest part of the shadow is white again.
    let paper = shaded.grey.get_pixel(40, 60).0[0];
    assert!(paper >= 245, "shadowed paper is {paper}");
    assert!(
        shaded.notes.iter().any(|n| n.contains("background")),
        "{:?}",
        shaded.notes
    );
}

#[test]
fn turned_pages_are_turned_upright() {
    let upright = page::draw(Drawing {
        skew_degrees: 0.7,
        ..Drawing::default()
    });
    let turned = [
        (imageops::rotate270(&upright), QuarterTurn::Ccw270), // scanned turned a quarter counter-clockwise
        (imageops::rotate180(&upright), QuarterTurn::Half),
        (imageops::rotate90(&upright), QuarterTurn::Ccw90),
    ];
    for (image, undo) in turned {
        let cleaned = clean(image);
        assert_eq!(cleaned.rotation, undo, "{:?}", cleaned.notes);
        assert_eq!(cleaned.binary.dimensions(), (page::WIDTH, page::HEIGHT));
        assert!(
            (cleaned.skew_degrees - 0.7).abs() < 0.1,
            "skew {}",
            cleaned.skew_degrees
        );
    }
}

#[test]
fn a_one_bit_page_is_kept_as_it_is() {
    let grey = DynamicImage::ImageRgb8(page::draw(Drawing::default())).to_luma8();
    let bits = GrayImage::from_fn(grey.width(), grey.height(), |x, y| {
        Luma([if grey.get_pixel(x, y).0[0] < 128 {
            0
        } else {
            255
        }])
    });
    let cleaned = clean_page(
        &DynamicImage::ImageLuma8(bits.clone()),
        page::DPI,
        &CleanOptions::default(),
    );
    assert_eq!(cleaned.binary, bits);
    assert!(cleaned.notes.iter().any(|n| n.contains("1-bit")));
}

#[test]
fn blank_tiny_and_odd_pages_do_not_fail() {
    let blank = GrayImage::from_pixel(600, 800, Luma([250]));
    let cleaned = clean_page(
        &DynamicImage::ImageLuma8(blank),
        100.0,
        &CleanOptions::default(),
    );
    assert_eq!(cleaned.skew_degrees, 0.0);
    assert_eq!(cleaned.rotation, QuarterTurn::None);
    assert!(cleaned.binary.pixels().all(|p| p.0[0] == 255));
    assert!(
        cleaned.notes.iter().any(|n| n.contains("too little ink")),
        "{:?}",
        cleaned.notes
    );
    for (w, h) in [(0, 0), (1, 1), (3, 2000), (2000, 3)] {
        let odd = GrayImage::from_fn(w, h, |x, y| Luma([((x * 7 + y * 13) % 256) as u8]));
        let cleaned = clean_page(
            &DynamicImage::ImageLuma8(odd),
            0.0,
            &CleanOptions::default(),
        );
        let size = cleaned.binary.dimensions();
        assert!(size == (w, h) || size == (h, w), "{size:?}");
    }
}

#[test]
fn options_switch_stages_off() {
    let image = page::draw(Drawing {
        skew_degrees: 1.0,
        ..Drawing::default()
    });
    let options = CleanOptions {
        deskew: false,
        fix_orientation: false,
        ..CleanOptions::default()
    };
    let cleaned = clean_page(
        &DynamicImage::ImageRgb8(imageops::rotate180(&image)),
        page::DPI,
        &options,
    );
    assert_eq!(cleaned.skew_degrees, 0.0);
    assert_eq!(cleaned.rotation, QuarterTurn::None);
}
