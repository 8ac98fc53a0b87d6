//! Image files to page rasters: PNG, JPEG, and TIFF with one page or many
//! (LZW, Deflate, PackBits, CCITT Group 4, 1-bit to 16-bit grey, RGB).
//!
//! Every limit is checked before pixels are allocated: the size an image
//! declares in its header, the pixel count, the number of pages. A file
//! that says it is 30,000 × 30,000 pixels is refused in microseconds, not
//! after it has taken the machine's memory.

use std::io::Cursor;

use image::{ImageDecoder, ImageReader};
use jixiao_page::{Pixels, Raster, Rect};
use tiff::decoder::{Decoder as TiffDecoder, DecodingResult, Limits as TiffLimits};
use tiff::ColorType;

use crate::error::OcrError;

/// Limits on what an image file may ask for.
#[derive(Debug, Clone, Copy)]
pub struct DecodeLimits {
    /// Most pixels in one page (a 600-dpi A4 page has 35 million).
    pub max_pixels: u64,
    /// Most pages in one file.
    pub max_pages: usize,
    /// Fewest pixels along each side: anything smaller holds no form.
    pub min_side: u32,
}

impl Default for DecodeLimits {
    fn default() -> Self {
        DecodeLimits {
            max_pixels: 80_000_000,
            max_pages: 100,
            min_side: 200,
        }
    }
}

/// Long side of an A4 page, inches: an image file rarely says its
/// resolution truthfully, and the forms are printed on A4.
const A4_LONG_SIDE_INCHES: f32 = 11.69;

/// The pages of an image file (the kind is told by its content).
pub fn decode_image(bytes: &[u8], limits: &DecodeLimits) -> Result<Vec<Raster>, OcrError> {
    if is_tiff(bytes) {
        return decode_tiff(bytes, limits);
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| OcrError::Image(format!("cannot read the image: {e}")))?;
    let mut decoder_limits = image::Limits::default();
    decoder_limits.max_alloc = Some(limits.max_pixels.saturating_mul(4));
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| OcrError::Image(format!("not a readable image: {e}")))?;
    decoder
        .set_limits(decoder_limits)
        .map_err(|e| OcrError::Refused(format!("the image is too large: {e}")))?;
    let (width, height) = decoder.dimensions();
    check_size(width, height, limits)?;
    let image = image::DynamicImage::from_decoder(decoder)
        .map_err(|e| OcrError::Image(format!("the image data is damaged: {e}")))?;
    let pixels = if image.color().has_color() {
        Pixels::Rgb(image.into_rgb8().into_raw())
    } else {
        Pixels::Gray(image.into_luma8().into_raw())
    };
    raster(width, height, pixels, None).map(|r| vec![r])
}

fn check_size(width: u32, height: u32, limits: &DecodeLimits) -> Result<(), OcrError> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_pixels {
        return Err(OcrError::Refused(format!(
            "the image is {width} × {height} pixels, more than the limit of {} million; scan at 300 dpi or less",
            limits.max_pixels / 1_000_000
        )));
    }
    if width < limits.min_side || height < limits.min_side {
        return Err(OcrError::Refused(format!(
            "the image is {width} × {height} pixels, too small to hold a form"
        )));
    }
    Ok(())
}

/// A raster placed on a page of its own, sized by its resolution (`dpi`
/// when the file states a plausible one, else as an A4 page).
fn raster(width: u32, height: u32, pixels: Pixels, dpi: Option<f32>) -> Result<Raster, OcrError> {
    let dpi = dpi
        .filter(|d| (72.0..=1200.0).contains(d))
        .unwrap_or(width.max(height) as f32 / A4_LONG_SIDE_INCHES);
    let placed = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: width as f32 * 72.0 / dpi,
        y1: height as f32 * 72.0 / dpi,
    };
    Raster::new(width, height, pixels, placed)
        .ok_or_else(|| OcrError::Image("the image holds fewer pixels than it declares".into()))
}

/// The pages of a TIFF, decoded one at a time as they are asked for, so
/// that a long file never holds more than one page's pixels.
pub struct TiffPages<'a> {
    decoder: TiffDecoder<Cursor<&'a [u8]>>,
    limits: DecodeLimits,
    /// Set once the last page is out, or after an error.
    done: bool,
}

fn tiff_damaged(e: tiff::TiffError) -> OcrError {
    OcrError::Image(format!("the TIFF is damaged or not supported: {e}"))
}

fn tiff_decoder<'a>(
    bytes: &'a [u8],
    limits: &DecodeLimits,
) -> Result<TiffDecoder<Cursor<&'a [u8]>>, OcrError> {
    let mut tiff_limits = TiffLimits::default();
    tiff_limits.decoding_buffer_size =
        usize::try_from(limits.max_pixels.saturating_mul(3)).unwrap_or(usize::MAX);
    Ok(TiffDecoder::new(Cursor::new(bytes))
        .map_err(tiff_damaged)?
        .with_limits(tiff_limits))
}

/// A TIFF's pages. The page directories are counted first (without
/// decoding any pixels), so a file of too many pages is refused at once.
pub fn tiff_pages<'a>(bytes: &'a [u8], limits: &DecodeLimits) -> Result<TiffPages<'a>, OcrError> {
    let mut counter = tiff_decoder(bytes, limits)?;
    let mut pages = 1;
    while counter.more_images() {
        if pages >= limits.max_pages {
            return Err(OcrError::Refused(format!(
                "the TIFF has more than {} pages; split it into documents of fewer pages",
                limits.max_pages
            )));
        }
        counter.next_image().map_err(tiff_damaged)?;
        pages += 1;
    }
    Ok(TiffPages {
        decoder: tiff_decoder(bytes, limits)?,
        limits: *limits,
        done: false,
    })
}

impl TiffPages<'_> {
    fn current(&mut self) -> Result<Raster, OcrError> {
        let decoder = &mut self.decoder;
        let (width, height) = decoder.dimensions().map_err(tiff_damaged)?;
        check_size(width, height, &self.limits)?;
        let color = decoder.colortype().map_err(tiff_damaged)?;
        let dpi = tiff_dpi(decoder);
        let data = decoder.read_image().map_err(tiff_damaged)?;
        let pixels = tiff_pixels(data, color, width, height)?;
        raster(width, height, pixels, dpi)
    }
}

impl Iterator for TiffPages<'_> {
    type Item = Result<Raster, OcrError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let page = self.current();
        self.done = page.is_err() || !self.decoder.more_images();
        if !self.done {
            if let Err(e) = self.decoder.next_image() {
                self.done = true;
                return Some(page.and(Err(tiff_damaged(e))));
            }
        }
        Some(page)
    }
}

fn decode_tiff(bytes: &[u8], limits: &DecodeLimits) -> Result<Vec<Raster>, OcrError> {
    tiff_pages(bytes, limits)?.collect()
}

/// An image file's pages one at a time: a TIFF's decoded as they are
/// asked for, any other image's one page at once.
pub fn decode_pages<'a>(
    bytes: &'a [u8],
    limits: &DecodeLimits,
) -> Result<Box<dyn Iterator<Item = Result<Raster, OcrError>> + 'a>, OcrError> {
    if is_tiff(bytes) {
        return Ok(Box::new(tiff_pages(bytes, limits)?));
    }
    Ok(Box::new(decode_image(bytes, limits)?.into_iter().map(Ok)))
}

fn is_tiff(bytes: &[u8]) -> bool {
    bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*")
}

/// The page's horizontal resolution in dots per inch, when stated.
fn tiff_dpi(decoder: &mut TiffDecoder<Cursor<&[u8]>>) -> Option<f32> {
    use tiff::tags::Tag;
    let resolution = decoder.get_tag_f32(Tag::XResolution).ok()?;
    // ResolutionUnit 3 is centimetres; 2 (inches) is the default.
    let unit = decoder.get_tag_u32(Tag::ResolutionUnit).unwrap_or(2);
    Some(if unit == 3 {
        resolution * 2.54
    } else {
        resolution
    })
}

/// Decoded TIFF samples as grey or RGB bytes.
fn tiff_pixels(
    data: DecodingResult,
    color: ColorType,
    width: u32,
    height: u32,
) -> Result<Pixels, OcrError> {
    let unsupported = || {
        OcrError::Image(format!(
            "TIFF colour type {color:?} is not supported; save the scan as grey or RGB"
        ))
    };
    let (w, h) = (width as usize, height as usize);
    match (data, color) {
        (DecodingResult::U8(bytes), ColorType::Gray(1)) => {
            Ok(Pixels::Gray(unpack_bits(&bytes, w, h)))
        }
        (DecodingResult::U8(bytes), ColorType::Gray(8)) => Ok(Pixels::Gray(bytes)),
        (DecodingResult::U16(words), ColorType::Gray(16)) => Ok(Pixels::Gray(
            words.iter().map(|&v| (v >> 8) as u8).collect(),
        )),
        (DecodingResult::U8(bytes), ColorType::RGB(8)) => Ok(Pixels::Rgb(bytes)),
        (DecodingResult::U8(bytes), ColorType::RGBA(8)) => Ok(Pixels::Rgb(
            bytes
                .chunks_exact(4)
                .flat_map(|px| [px[0], px[1], px[2]])
                .collect(),
        )),
        _ => Err(unsupported()),
    }
}

/// 1-bit rows (each padded to a whole byte, most significant bit first, 1
/// white after the decoder's photometric fix) as one byte per pixel.
fn unpack_bits(packed: &[u8], width: usize, height: usize) -> Vec<u8> {
    let row_bytes = width.div_ceil(8);
    let mut out = Vec::with_capacity(width * height);
    for row in packed.chunks(row_bytes).take(height) {
        for x in 0..width {
            let bit = row.get(x / 8).map_or(1, |b| (b >> (7 - x % 8)) & 1);
            out.push(if bit == 1 { 255 } else { 0 });
        }
    }
    out.resize(width * height, 255);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::GrayImage::from_pixel(width, height, image::Luma([200]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .expect("encode");
        out
    }

    #[test]
    fn a_png_is_one_a4_page() {
        let pages = decode_image(&png(827, 1169), &DecodeLimits::default()).expect("decoded");
        assert_eq!(pages.len(), 1);
        assert!((pages[0].dpi() - 100.0).abs() < 0.5);
        assert!((pages[0].placed.y1 - 842.0).abs() < 1.0);
    }

    #[test]
    fn tiny_huge_and_broken_images_are_errors() {
        let limits = DecodeLimits::default();
        assert!(decode_image(&png(1, 1), &limits).is_err());
        let big = DecodeLimits {
            max_pixels: 1000,
            ..limits
        };
        assert!(decode_image(&png(827, 1169), &big).is_err());
        let mut truncated = png(827, 1169);
        truncated.truncate(truncated.len() / 2);
        assert!(decode_image(&truncated, &limits).is_err());
        assert!(decode_image(b"II*\0garbage", &limits).is_err());
    }

    #[test]
    fn packed_bits_unpack_msb_first() {
        assert_eq!(unpack_bits(&[0b1010_0000], 3, 1), [255, 0, 255]);
    }
}
