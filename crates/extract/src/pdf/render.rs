//! PDF pages as page images, for the recogniser of scans (hayro's
//! renderer: it decodes DCT, JPX, JBIG2 and CCITT images as the
//! interpreter reads them).

use std::panic::{catch_unwind, AssertUnwindSafe};

use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{render, PixmapSettings, RenderCache, RenderSettings};
use hayro_interpret::InterpreterSettings;
use hayro_syntax::Pdf;
use jixiao_page::{Pixels, Raster, Rect};

use super::read::panic_message;
use super::PdfError;

/// Most pixels of one rendered page (a 300-dpi A3 page has 17 million). A
/// page that would be larger at the asked resolution is rendered coarser.
pub const MAX_RENDER_PIXELS: f64 = 40_000_000.0;
/// No page is rendered coarser than this (dpi): text becomes unreadable.
pub const MIN_RENDER_DPI: f32 = 100.0;

/// A channel differing from another by more than this is colour (a seal),
/// not grey: a page without any is kept as grey, a third of the memory.
const COLOUR_TOLERANCE: u8 = 12;

/// Renders pages (1-based numbers) at the resolutions asked, each under
/// its own panic guard: a page the renderer fails on is that page's error.
pub fn render_pages(bytes: &[u8], requests: &[(usize, f32)]) -> Vec<Result<Raster, PdfError>> {
    let pdf = match Pdf::new(bytes.to_vec()) {
        Ok(pdf) => pdf,
        Err(_) => {
            return requests
                .iter()
                .map(|_| {
                    Err(PdfError::Malformed(
                        "cannot open the PDF again to render it".into(),
                    ))
                })
                .collect()
        }
    };
    let pages = pdf.pages();
    let cache = RenderCache::new();
    let settings = InterpreterSettings::default();
    requests
        .iter()
        .map(|&(number, dpi)| {
            let page =
                number
                    .checked_sub(1)
                    .and_then(|i| pages.get(i))
                    .ok_or(PdfError::Internal {
                        page: Some(number),
                        message: "no such page".into(),
                    })?;
            catch_unwind(AssertUnwindSafe(|| {
                render_one(page, &cache, &settings, dpi)
            }))
            .unwrap_or_else(|panic| {
                Err(PdfError::Internal {
                    page: Some(number),
                    message: format!("the renderer failed: {}", panic_message(&*panic)),
                })
            })
            .map_err(|e| match e {
                PdfError::Internal { message, .. } => PdfError::Internal {
                    page: Some(number),
                    message,
                },
                other => other,
            })
        })
        .collect()
}

fn render_one<'a>(
    page: &'a hayro_syntax::page::Page<'a>,
    cache: &RenderCache<'a>,
    settings: &InterpreterSettings,
    dpi: f32,
) -> Result<Raster, PdfError> {
    let (width, height) = page.render_dimensions();
    let fits = (MAX_RENDER_PIXELS / (f64::from(width) * f64::from(height)).max(1.0)).sqrt() * 72.0;
    let dpi = dpi.min(fits as f32);
    if dpi < MIN_RENDER_DPI || !dpi.is_finite() {
        return Err(PdfError::Internal {
            page: None,
            message: format!(
                "the page is {width:.0} × {height:.0} points, too large to render at a readable resolution"
            ),
        });
    }
    let scale = dpi / 72.0;
    let pixmap = render(
        page,
        cache,
        settings,
        &RenderSettings::default(),
        &PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: WHITE,
        },
    );
    let (w, h) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
    let rgba = pixmap.data_as_u8_slice();
    let colour = rgba.chunks_exact(4).any(|px| {
        let (r, g, b) = (px[0], px[1], px[2]);
        r.abs_diff(g) > COLOUR_TOLERANCE || g.abs_diff(b) > COLOUR_TOLERANCE
    });
    let pixels = if colour {
        Pixels::Rgb(
            rgba.chunks_exact(4)
                .flat_map(|px| [px[0], px[1], px[2]])
                .collect(),
        )
    } else {
        Pixels::Gray(rgba.chunks_exact(4).map(|px| px[1]).collect())
    };
    let placed = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: width,
        y1: height,
    };
    Raster::new(w, h, pixels, placed).ok_or(PdfError::Internal {
        page: None,
        message: "the rendered page is empty".into(),
    })
}
