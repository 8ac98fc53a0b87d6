//! Turning line images into the recogniser's input tensor, as RapidOCR
//! 1.4.4 (`TextRecognizer.resize_norm_img`) does.

use image::{GrayImage, RgbImage};

use crate::resize::{resize_gray_as_bgr, resize_linear, Plane};

/// Input height the PP-OCRv4 recogniser was trained at; not to be changed.
pub const MODEL_HEIGHT: usize = 48;
/// Colour channels of the model input (BGR, as OpenCV loads images).
pub const MODEL_CHANNELS: usize = 3;
/// RapidOCR's `rec_img_shape` width: no batch is narrower than 320 columns,
/// i.e. a width/height ratio below 320/48 is padded up to it. The model does
/// not need it (it is fully convolutional along x); it is the default so that
/// results match RapidOCR's.
pub const RAPIDOCR_MIN_WIDTH_RATIO: f64 = 320.0 / MODEL_HEIGHT as f64;

/// A text-line image to recognise. Grey is the usual case here; RGB is
/// accepted and fed to the model in BGR order like RapidOCR's loader does.
#[derive(Clone, Copy, Debug)]
pub enum LineImage<'a> {
    /// A grey line image.
    Gray(&'a GrayImage),
    /// A colour line image.
    Rgb(&'a RgbImage),
}

impl<'a> From<&'a GrayImage> for LineImage<'a> {
    fn from(image: &'a GrayImage) -> Self {
        LineImage::Gray(image)
    }
}

impl<'a> From<&'a RgbImage> for LineImage<'a> {
    fn from(image: &'a RgbImage) -> Self {
        LineImage::Rgb(image)
    }
}

impl LineImage<'_> {
    /// Width in pixels.
    pub fn width(&self) -> u32 {
        match self {
            LineImage::Gray(i) => i.width(),
            LineImage::Rgb(i) => i.width(),
        }
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        match self {
            LineImage::Gray(i) => i.height(),
            LineImage::Rgb(i) => i.height(),
        }
    }

    /// Width over height, the quantity RapidOCR sorts and sizes by.
    pub fn aspect_ratio(&self) -> f64 {
        f64::from(self.width()) / f64::from(self.height())
    }

    /// Resized to `width × MODEL_HEIGHT`, interleaved BGR.
    fn resized_bgr(&self, width: usize) -> Vec<u8> {
        match self {
            LineImage::Gray(i) => resize_gray_as_bgr(
                plane(i.as_raw(), i.width(), i.height(), 1),
                width,
                MODEL_HEIGHT,
            ),
            LineImage::Rgb(i) => {
                let mut out = resize_linear(
                    plane(i.as_raw(), i.width(), i.height(), 3),
                    width,
                    MODEL_HEIGHT,
                );
                out.chunks_exact_mut(3).for_each(|px| px.swap(0, 2));
                out
            }
        }
    }
}

fn plane(data: &[u8], width: u32, height: u32, channels: usize) -> Plane<'_> {
    Plane {
        data,
        width: width as usize,
        height: height as usize,
        channels,
    }
}

/// Padded input width of a batch whose widest line has `max_ratio`:
/// `int(48 · max(min_ratio, max_ratio))` (RapidOCR: `min_ratio` = 320/48).
pub fn batch_width(max_ratio: f64, min_ratio: f64) -> usize {
    ((MODEL_HEIGHT as f64 * min_ratio.max(max_ratio)) as usize).max(1)
}

/// Width a line is resized to inside a batch of `batch_width` columns:
/// `min(batch_width, ceil(48 · ratio))`, at least one column.
pub fn resized_width(ratio: f64, batch_width: usize) -> usize {
    let natural = (MODEL_HEIGHT as f64 * ratio).ceil() as usize;
    natural.min(batch_width).max(1)
}

/// The model input for a batch of lines, plus what decoding needs to map
/// output steps back to each line's own pixels.
#[derive(Debug, Default)]
pub struct Batch {
    /// `[lines, 3, 48, width]`, row-major.
    pub data: Vec<f32>,
    /// Lines in the batch.
    pub lines: usize,
    /// Padded width of every line, model columns.
    pub width: usize,
    /// Columns of the padded input that hold each line (the rest is padding).
    pub resized_widths: Vec<usize>,
}

impl Batch {
    /// Fills the batch in place (reusing its buffer) from `images`, padded
    /// to at least `min_ratio × 48` columns.
    pub fn fill(&mut self, images: &[LineImage<'_>], min_ratio: f64) {
        let max_ratio = images
            .iter()
            .map(LineImage::aspect_ratio)
            .fold(0.0, f64::max);
        self.width = batch_width(max_ratio, min_ratio);
        self.lines = images.len();
        let image_len = MODEL_CHANNELS * MODEL_HEIGHT * self.width;
        self.data.clear();
        // Padding is 0.0, i.e. mid-grey after normalisation, as in RapidOCR.
        self.data.resize(image_len * images.len(), 0.0);
        self.resized_widths.clear();
        for (image, slot) in images.iter().zip(self.data.chunks_exact_mut(image_len)) {
            let width = resized_width(image.aspect_ratio(), self.width);
            write_normalised(&image.resized_bgr(width), width, self.width, slot);
            self.resized_widths.push(width);
        }
    }

    /// The input tensor's shape, `[lines, 3, 48, width]`.
    pub fn shape(&self) -> [usize; 4] {
        [self.lines, MODEL_CHANNELS, MODEL_HEIGHT, self.width]
    }
}

/// `(v / 255 − 0.5) / 0.5` in f32, in that order (bit-identical to numpy),
/// from interleaved BGR into planar channels of a `padded_width`-wide slot.
fn write_normalised(bgr: &[u8], width: usize, padded_width: usize, slot: &mut [f32]) {
    let plane_len = MODEL_HEIGHT * padded_width;
    for (y, row) in bgr.chunks_exact(width * MODEL_CHANNELS).enumerate() {
        for (x, px) in row.chunks_exact(MODEL_CHANNELS).enumerate() {
            for (c, &v) in px.iter().enumerate() {
                slot[c * plane_len + y * padded_width + x] = (f32::from(v) / 255.0 - 0.5) / 0.5;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_rule_matches_rapidocr() {
        let min = RAPIDOCR_MIN_WIDTH_RATIO;
        assert_eq!(batch_width(2.0, min), 320);
        assert_eq!(batch_width(10.0, min), 480);
        assert_eq!(batch_width(10.01, min), 480);
        assert_eq!(batch_width(2.0, 0.0), 96);
        assert_eq!(resized_width(2.0, 320), 96);
        assert_eq!(resized_width(10.01, 480), 480);
        assert_eq!(resized_width(10.01, 640), 481);
    }

    #[test]
    fn batch_pads_to_widest() {
        let narrow = GrayImage::from_pixel(40, 20, image::Luma([255]));
        let wide = GrayImage::from_pixel(300, 20, image::Luma([0]));
        let mut batch = Batch::default();
        batch.fill(
            &[(&narrow).into(), (&wide).into()],
            RAPIDOCR_MIN_WIDTH_RATIO,
        );
        assert_eq!(batch.shape(), [2, 3, 48, 720]);
        assert_eq!(batch.resized_widths, [96, 720]);
        assert_eq!(batch.data[0], 1.0);
        assert_eq!(batch.data[200], 0.0);
    }
}
