//! A page as pixels: a scan, a photograph, or the image a PDF page paints.

use crate::Rect;

/// The pixels of a raster, row by row from the top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pixels {
    /// One byte per pixel, 0 black to 255 white.
    Gray(Vec<u8>),
    /// Three bytes per pixel, red, green, blue.
    Rgb(Vec<u8>),
}

/// A page image and where it lies on its page.
///
/// Pixel `(0, 0)` is the top-left corner of `placed`, pixel
/// `(width, height)` its bottom-right corner: a raster is drawn upright and
/// unskewed (a recogniser straightens a skewed scan itself).
///
/// ```
/// use jixiao_page::{Pixels, Raster, Rect};
/// let page = Rect { x0: 0.0, y0: 0.0, x1: 595.0, y1: 842.0 };
/// let raster = Raster::new(1654, 2339, Pixels::Gray(vec![255; 1654 * 2339]), page).unwrap();
/// assert!((raster.dpi() - 200.0).abs() < 0.5);
/// assert_eq!(raster.to_page(827.0, 0.0), (297.5, 0.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Raster {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The pixels, `width × height` of them.
    pub pixels: Pixels,
    /// Where the raster lies on its page, in page units (points).
    pub placed: Rect,
}

impl Raster {
    /// A raster of `width × height` pixels placed at `placed`; `None` when
    /// the pixel data does not hold exactly that many pixels, or the size or
    /// placement is empty.
    pub fn new(width: u32, height: u32, pixels: Pixels, placed: Rect) -> Option<Raster> {
        let count = (width as usize).checked_mul(height as usize)?;
        let expected = match &pixels {
            Pixels::Gray(_) => count,
            Pixels::Rgb(_) => count.checked_mul(3)?,
        };
        let len = match &pixels {
            Pixels::Gray(data) | Pixels::Rgb(data) => data.len(),
        };
        let sized = len == expected && count > 0;
        let placed_ok = placed.width() > 0.0 && placed.height() > 0.0;
        (sized && placed_ok).then_some(Raster {
            width,
            height,
            pixels,
            placed,
        })
    }

    /// Pixels per inch across the page (points are 1/72 inch).
    pub fn dpi(&self) -> f32 {
        self.width as f32 / (self.placed.width() / 72.0)
    }

    /// Page units per pixel, across and down.
    pub fn scale(&self) -> (f32, f32) {
        (
            self.placed.width() / self.width as f32,
            self.placed.height() / self.height as f32,
        )
    }

    /// The page point of pixel coordinates `(x, y)`.
    pub fn to_page(&self, x: f32, y: f32) -> (f32, f32) {
        let (sx, sy) = self.scale();
        (self.placed.x0 + x * sx, self.placed.y0 + y * sy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_must_match() {
        let page = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 72.0,
            y1: 72.0,
        };
        assert!(Raster::new(2, 2, Pixels::Gray(vec![0; 4]), page).is_some());
        assert!(Raster::new(2, 2, Pixels::Gray(vec![0; 3]), page).is_none());
        assert!(Raster::new(2, 2, Pixels::Rgb(vec![0; 4]), page).is_none());
        assert!(Raster::new(0, 2, Pixels::Gray(vec![]), page).is_none());
        let r = Raster::new(144, 144, Pixels::Gray(vec![0; 144 * 144]), page).unwrap();
        assert_eq!(r.dpi(), 144.0);
    }
}
