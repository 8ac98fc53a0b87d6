//! Opening a PDF with hayro and interpreting each page into a [`Page`].

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use hayro_interpret::kurbo::{Affine, Rect as KRect};
use hayro_interpret::{interpret_page, Context, InterpreterCache, InterpreterSettings};
use hayro_syntax::{DecryptionError, LoadPdfError, Pdf};

use super::device::Collector;
use super::fonts::FontTable;
use super::PdfError;
use jixiao_page::Page;

/// A whole document with per-page diagnostics.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfDocument {
    /// One entry per page, in page order (pages whose interpretation failed
    /// are present but empty; see [`PageDiagnostics::failure`]).
    pub pages: Vec<Page>,
    /// Same length and order as `pages`.
    pub diagnostics: Vec<PageDiagnostics>,
}

/// What went imperfectly on one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageDiagnostics {
    /// 1-based page number.
    pub number: usize,
    /// Painted glyphs skipped because their font gives no Unicode.
    pub unmapped_glyphs: usize,
    /// Glyphs dropped as "fake bold" duplicates.
    pub duplicate_glyphs: usize,
    /// Glyphs dropped because they lie outside the page.
    pub off_page_glyphs: usize,
    /// Glyphs dropped because the clip path hides them (an office suite's
    /// copy of a merged cell cut by a page break, painted on both pages).
    pub clipped_glyphs: usize,
    /// Glyphs dropped because they are invisible (render mode 3) over no
    /// image, or fully transparent.
    pub hidden_glyphs: usize,
    /// Fonts hayro could not load while interpreting this page (their text
    /// is missing).
    pub font_failures: usize,
    /// Glyphs painted invisibly (text rendering mode 3): all of a page's
    /// glyphs are when it is a searchable scan's OCR layer.
    pub invisible_glyphs: usize,
    /// Pixels per inch of the largest image on the page, when it has one.
    pub image_dpi: Option<f32>,
    /// Pixels of the page's largest image, as declared: rendering the page
    /// decodes it whole.
    pub image_pixels: u64,
    /// Set when the PDF library panicked on this page; the page's glyphs,
    /// rulings and image flag are then left empty.
    pub failure: Option<String>,
}

/// Reads every page of a PDF into positioned glyphs and rulings.
///
/// Coordinates are points with a top-left origin (y down), after the page's
/// crop box and `/Rotate` are applied, matching `pdftotext -bbox`.
///
/// A panic inside the PDF library on one page does not fail the document:
/// that page comes back empty (use [`read_pdf_document`] to see which pages
/// failed and why). Only if *every* page fails is
/// [`PdfError::Internal`] returned.
///
/// ```no_run
/// let bytes = std::fs::read("form.pdf").unwrap();
/// let pages = jixiao_extract::pdf::read_pdf(&bytes).unwrap();
/// for page in &pages {
///     let text: String = page.glyphs.iter().map(|g| g.text.as_str()).collect();
///     println!("page {}: {} rulings, text {text}", page.number, page.rulings.len());
/// }
/// ```
pub fn read_pdf(bytes: &[u8]) -> Result<Vec<Page>, PdfError> {
    read_pdf_document(bytes).map(|doc| doc.pages)
}

/// Like [`read_pdf`], and also reports per-page diagnostics.
pub fn read_pdf_document(bytes: &[u8]) -> Result<PdfDocument, PdfError> {
    check_envelope(bytes)?;
    // hayro needs owned, 'static data.
    let data = bytes.to_vec();
    match catch_unwind(AssertUnwindSafe(|| read_owned(data))) {
        Ok(result) => result,
        Err(payload) => Err(PdfError::Internal {
            page: None,
            message: panic_message(&*payload),
        }),
    }
}

/// Cheap checks before handing the bytes to hayro, whose recovery is
/// deliberately forgiving: it rebuilds a cross-reference table from a
/// truncated file and returns the pages it finds. A half-downloaded form
/// would then yield half a form, so a file without an end marker is refused.
fn check_envelope(bytes: &[u8]) -> Result<(), PdfError> {
    if bytes.is_empty() {
        return Err(PdfError::Malformed("empty input".into()));
    }
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
    if !contains(head, b"%PDF-") {
        return Err(PdfError::Malformed("no %PDF- header".into()));
    }
    let tail = bytes
        .get(bytes.len().saturating_sub(4096)..)
        .unwrap_or_default();
    if !contains(tail, b"%%EOF") && !contains(tail, b"startxref") {
        return Err(PdfError::Malformed(
            "truncated file (no %%EOF or startxref at the end)".into(),
        ));
    }
    Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn read_owned(data: Vec<u8>) -> Result<PdfDocument, PdfError> {
    let pdf = Pdf::new(data).map_err(|e| match e {
        LoadPdfError::Decryption(DecryptionError::PasswordProtected)
        | LoadPdfError::Decryption(DecryptionError::UnsupportedAlgorithm) => PdfError::Encrypted,
        LoadPdfError::Decryption(other) => {
            PdfError::Malformed(format!("broken encryption dictionary ({other:?})"))
        }
        LoadPdfError::Invalid => {
            PdfError::Malformed("no readable cross-reference table or page tree".into())
        }
    })?;
    let pages = pdf.pages();
    if pages.is_empty() {
        return Err(PdfError::Malformed("the document has no pages".into()));
    }

    let font_failures = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&font_failures);
    let settings = InterpreterSettings {
        cmap_resolver: super::cmaps::resolver(),
        warning_sink: Arc::new(move |w| {
            if matches!(w, hayro_interpret::InterpreterWarning::UnsupportedFont) {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        }),
        ..InterpreterSettings::default()
    };
    // One cache for the whole document so fonts and CMaps are parsed once.
    let cache = InterpreterCache::new();
    let fonts = FontTable::new(&pdf);

    let mut out = PdfDocument {
        pages: Vec::with_capacity(pages.len()),
        diagnostics: Vec::new(),
    };
    let mut first_failure: Option<(usize, String)> = None;
    for (index, page) in pages.iter().enumerate() {
        let number = index + 1;
        let (width, height) = page.render_dimensions();
        let mut collector = Collector::new(width, height, &fonts);
        let failures_before = font_failures.load(Ordering::Relaxed);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            // Maps user space to top-left, y-down page space, including
            // the crop box offset and /Rotate.
            let initial = Affine::new(page.initial_transform(true).as_coeffs());
            let bbox = KRect::new(0.0, 0.0, f64::from(width), f64::from(height));
            let mut context = Context::new(initial, bbox, &cache, pdf.xref(), settings.clone());
            interpret_page(page, &mut context, &mut collector);
        }));
        let mut diag = PageDiagnostics {
            number,
            font_failures: font_failures
                .load(Ordering::Relaxed)
                .saturating_sub(failures_before),
            ..PageDiagnostics::default()
        };
        let page_out = match outcome {
            Ok(()) => {
                let glyphs = collector.take_glyphs();
                diag.unmapped_glyphs = collector.counters.unmapped;
                diag.duplicate_glyphs = collector.counters.duplicates;
                diag.off_page_glyphs = collector.counters.off_page;
                diag.clipped_glyphs = collector.counters.clipped;
                diag.hidden_glyphs = collector.counters.hidden;
                diag.invisible_glyphs = collector.counters.invisible;
                diag.image_dpi = collector.image_dpi;
                diag.image_pixels = collector.image_pixels;
                Page {
                    number,
                    width,
                    height,
                    glyphs,
                    rulings: collector.rulings.finish(),
                    has_large_image: collector.has_large_image,
                }
            }
            Err(payload) => {
                // Partial content of a page is worse than none: half a
                // table reads as a complete, wrong one.
                let message = panic_message(&*payload);
                first_failure.get_or_insert((number, message.clone()));
                diag.failure = Some(message);
                Page {
                    number,
                    width,
                    height,
                    glyphs: Vec::new(),
                    rulings: Vec::new(),
                    has_large_image: false,
                }
            }
        };
        out.pages.push(page_out);
        out.diagnostics.push(diag);
    }
    if out.diagnostics.iter().all(|d| d.failure.is_some()) {
        if let Some((page, message)) = first_failure {
            return Err(PdfError::Internal {
                page: Some(page),
                message,
            });
        }
    }
    Ok(out)
}

pub(super) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-text payload".to_string()
    }
}
