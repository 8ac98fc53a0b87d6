//! Page clean-up before anything is read ([`jixiao_imgprep`]: seals made
//! light, background flattened, turned upright, deskewed), and where the
//! cleaned image lies on the page.

use image::{DynamicImage, GrayImage, RgbImage};
use jixiao_imgprep::{clean_page, CleanOptions};
use jixiao_page::{Pixels, Raster, Rect};

/// A cleaned page image and what cleaning it did.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// The page in grey, 0 black to 255 white, upright and straight.
    pub grey: GrayImage,
    /// Where [`Cleaned::grey`] lies on the page as it is read.
    pub frame: Frame,
    /// Pixels taken for seal ink and lightened.
    pub seal_pixels: usize,
    /// The skew corrected, degrees counter-clockwise.
    pub skew_degrees: f32,
    /// The turn applied to bring the page upright: 0, 90, 180 or 270
    /// degrees counter-clockwise.
    pub turned_degrees: u16,
}

/// An image's size and its place on the page, in page units (points).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The rectangle the image covers.
    pub placed: Rect,
}

impl Frame {
    /// Page units per pixel, across and down.
    pub fn scale(&self) -> (f32, f32) {
        (
            self.placed.width() / self.width.max(1) as f32,
            self.placed.height() / self.height.max(1) as f32,
        )
    }
}

/// The raster cleaned. A page turned a quarter is read as the upright page
/// it is: its frame's width and height swap, from the same top-left corner.
pub fn clean(raster: &Raster) -> Cleaned {
    let (w, h) = (raster.width, raster.height);
    let image = match &raster.pixels {
        Pixels::Gray(data) => GrayImage::from_raw(w, h, data.clone()).map(DynamicImage::ImageLuma8),
        Pixels::Rgb(data) => RgbImage::from_raw(w, h, data.clone()).map(DynamicImage::ImageRgb8),
    }
    .unwrap_or_else(|| DynamicImage::ImageLuma8(GrayImage::new(w, h)));
    let cleaned = clean_page(&image, raster.dpi(), &CleanOptions::default());
    let p = raster.placed;
    let placed = if cleaned.rotation.is_sideways() {
        Rect {
            x0: p.x0,
            y0: p.y0,
            x1: p.x0 + p.height(),
            y1: p.y0 + p.width(),
        }
    } else {
        p
    };
    Cleaned {
        frame: Frame {
            width: cleaned.grey.width(),
            height: cleaned.grey.height(),
            placed,
        },
        grey: cleaned.grey,
        seal_pixels: cleaned.seal_pixels,
        skew_degrees: cleaned.skew_degrees,
        turned_degrees: cleaned.rotation.degrees(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sideways_page_is_framed_upright() {
        // A landscape raster of a portrait page: text rows run down.
        let (w, h) = (400u32, 300u32);
        let mut data = vec![255u8; (w * h) as usize];
        for x in (40..360).step_by(12) {
            for y in 20..280 {
                if y % 9 < 6 {
                    data[(y * w + x) as usize] = 0;
                    data[(y * w + x + 1) as usize] = 0;
                }
            }
        }
        let placed = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 400.0,
            y1: 300.0,
        };
        let raster = Raster::new(w, h, Pixels::Gray(data), placed).expect("raster");
        let cleaned = clean(&raster);
        assert_eq!(
            (cleaned.frame.width, cleaned.frame.height),
            (cleaned.grey.width(), cleaned.grey.height())
        );
        if cleaned.turned_degrees % 180 == 90 {
            assert_eq!(cleaned.frame.placed.width(), 300.0);
            assert_eq!(cleaned.frame.height, 400);
        } else {
            assert_eq!(cleaned.frame.placed.width(), 400.0);
        }
    }

    #[test]
    fn red_seal_is_lightened_black_text_kept() {
        let placed = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 300.0,
            y1: 100.0,
        };
        // Black text, a red seal, black text under the seal.
        let (w, h) = (300u32, 100u32);
        let mut data = vec![250u8; (w * h * 3) as usize];
        for y in 40..60 {
            for x in 0..300 {
                let px = match x {
                    20..=60 => [10, 10, 10],
                    120..=180 => [220, 40, 50],
                    220..=260 => [30, 5, 8],
                    _ => continue,
                };
                let i = ((y * w + x) * 3) as usize;
                data[i..i + 3].copy_from_slice(&px);
            }
        }
        let raster = Raster::new(w, h, Pixels::Rgb(data), placed).expect("raster");
        let cleaned = clean(&raster);
        assert!(cleaned.seal_pixels > 0);
        let g = &cleaned.grey;
        assert!(g.get_pixel(40, 50)[0] < 60, "black text kept");
        assert!(g.get_pixel(150, 50)[0] > 180, "seal lightened");
        assert!(g.get_pixel(240, 50)[0] < 80, "text under the seal kept");
    }
}
