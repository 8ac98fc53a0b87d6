//! The hayro [`Device`] that records glyphs, rulings and large images of one
//! page instead of rendering it.

use hayro_interpret::font::{Glyph as HGlyph, GlyphRun};
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::kurbo::{Affine, BezPath, Point, Rect as KRect, Shape};
use hayro_interpret::{
    BlendMode, ClipPath, Device, DrawMode, DrawProps, Image, ImageDrawProps, Paint, SoftMask,
};

use super::fonts::FontTable;
use super::rulings::RulingCollector;
use super::sfnt::is_sfnt;
use super::unicode::{clean_into, push_clean};
use jixiao_page::{Glyph, Rect};

/// Ascent and descent (in em) used for glyph boxes. PDF font descriptors
/// are not reachable through hayro's glyph API, so we use values typical of
/// CJK fonts; they only set the box's vertical extent, never its baseline.
const ASCENT: f64 = 0.86;
const DESCENT: f64 = -0.14;

/// Paint with at most this alpha is not seen.
const MAX_TRANSPARENT_ALPHA: f32 = 0.01;

/// Fraction of the page area a single image must cover to count as a scan.
const LARGE_IMAGE_FRACTION: f64 = 0.5;

/// How many previous glyphs are checked for a "fake bold" duplicate.
const DEDUP_LOOKBACK: usize = 8;

/// Share of a glyph's box that must lie inside the clip for the glyph to be
/// text. An office suite paints a merged cell cut by a page break on both
/// pages, each clipped to its page's part of the cell: a label whose middle
/// lies on the other page is painted wholly clipped away, one cut through
/// has its top half on one page and its bottom half on the next. Keeping a
/// glyph where at least half of it shows keeps each such glyph once.
const MIN_VISIBLE_SHARE: f64 = 0.5;

/// Counters reported alongside each page.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counters {
    /// Painted glyphs that had no Unicode mapping (skipped).
    pub unmapped: usize,
    /// Glyphs dropped as duplicates of a glyph at (almost) the same place.
    pub duplicates: usize,
    /// Glyphs dropped because their origin lies outside the page (poppler
    /// drops them too; nobody can see them).
    pub off_page: usize,
    /// Glyphs kept that are painted invisibly (text rendering mode 3: the
    /// OCR layer of a searchable scan).
    pub invisible: usize,
    /// Glyphs dropped because the clip path hides (most of) them.
    pub clipped: usize,
    /// Glyphs dropped because they are painted invisibly (text rendering
    /// mode 3) over no image, or fully transparent: no one sees them, and
    /// no scan lies under them for them to be the text of.
    pub hidden: usize,
}

/// Identity of the last filled glyph run, to skip the stroke pass of text
/// rendering mode 2 (fill then stroke the same run).
#[derive(Debug, Clone, Copy, PartialEq)]
struct RunKey {
    ptr: usize,
    len: usize,
    first: [f64; 6],
}

/// Records everything the extraction needs from one page.
pub struct Collector<'t, 'p> {
    width: f32,
    height: f32,
    fonts: &'t FontTable<'p>,
    pub glyphs: Vec<Glyph>,
    pub rulings: RulingCollector,
    pub has_large_image: bool,
    /// Pixels per inch of the largest image the page paints (a scan's).
    pub image_dpi: Option<f32>,
    /// Pixels of the page's largest image by pixel count, as its
    /// dictionary declares them (what decoding it would allocate).
    pub image_pixels: u64,
    pub counters: Counters,
    last_fill_run: Option<RunKey>,
    /// Area (page units²) of the largest image so far.
    largest_image: f64,
    /// The bounding boxes of the clip paths in force, each intersected
    /// with the one below it (the last is the visible area).
    clips: Vec<KRect>,
    /// Per glyph in `glyphs`: painted invisibly (render mode 3).
    invisible: Vec<bool>,
    /// Where the page's images are painted (page space).
    image_rects: Vec<KRect>,
}

impl<'t, 'p> Collector<'t, 'p> {
    pub fn new(width: f32, height: f32, fonts: &'t FontTable<'p>) -> Self {
        Self {
            width,
            height,
            fonts,
            glyphs: Vec::new(),
            rulings: RulingCollector::new(width, height),
            has_large_image: false,
            image_dpi: None,
            image_pixels: 0,
            counters: Counters::default(),
            last_fill_run: None,
            largest_image: 0.0,
            clips: Vec::new(),
            invisible: Vec::new(),
            image_rects: Vec::new(),
        }
    }

    /// The page's glyphs, without the invisible ones (render mode 3) that
    /// lie over no image: a searchable scan's OCR layer is kept, text
    /// hidden on a born-digital page is not. Sets the `invisible` and
    /// `hidden` counters.
    pub fn take_glyphs(&mut self) -> Vec<Glyph> {
        let glyphs = std::mem::take(&mut self.glyphs);
        let flags = std::mem::take(&mut self.invisible);
        let mut kept = Vec::with_capacity(glyphs.len());
        for (glyph, invisible) in glyphs.into_iter().zip(flags) {
            if invisible {
                let centre = to_krect(&glyph.bbox).center();
                if !self.image_rects.iter().any(|r| r.contains(centre)) {
                    self.counters.hidden += 1;
                    continue;
                }
                self.counters.invisible += 1;
            }
            kept.push(glyph);
        }
        kept
    }

    /// Whether at least [`MIN_VISIBLE_SHARE`] of `bbox` lies inside the
    /// clip in force (the bounding box of its path: a glyph outside that
    /// box is hidden whatever the path's shape).
    fn shows_through_clip(&self, bbox: &Rect) -> bool {
        let Some(clip) = self.clips.last() else {
            return true;
        };
        let glyph = to_krect(bbox);
        let area = glyph.area();
        if area <= 0.0 {
            return clip.contains(glyph.center());
        }
        // (`intersect` is empty, not negative, where they do not meet.)
        clip.intersect(glyph).area() >= MIN_VISIBLE_SHARE * area
    }

    /// The glyph's text, cleaned; `None` when the font gives no Unicode.
    fn glyph_text(&self, glyph: &HGlyph<'_>) -> Option<String> {
        let mut text = String::new();
        match glyph.as_unicode() {
            // CID 0 (.notdef) maps to U+FFFD; the code itself may still say
            // what it was (see `cmaps`).
            Some(BfString::Char('\u{FFFD}')) => {
                let decoded = self.fallback_text(glyph);
                clean_into(&mut text, decoded.as_deref().unwrap_or("\u{FFFD}"));
            }
            Some(BfString::Char(c)) => push_clean(&mut text, c),
            Some(BfString::String(s)) => clean_into(&mut text, &s),
            None => clean_into(&mut text, &self.fallback_text(glyph)?),
        }
        Some(text)
    }

    /// Unicode for a glyph of a composite font without `ToUnicode` that
    /// hayro could not map (see [`FontTable`]).
    fn fallback_text(&self, glyph: &HGlyph<'_>) -> Option<String> {
        let HGlyph::Outline(outline) = glyph else {
            return None;
        };
        let data = outline.font_data()?;
        let name = data.postscript_name.as_deref()?;
        // A predefined CMap whose codes encode Unicode or GBK/Big5/….
        if let Some(enc) = self.fonts.fallback_encoding(name) {
            return enc.decode(glyph.char_code());
        }
        // Identity-H/V: the code is a CID.
        let font = self.fonts.identity_font(name)?;
        let program: &[u8] = (*data.data).as_ref();
        if font.embedded && is_sfnt(program) {
            // hayro already applied the CIDToGIDMap: ask the font itself.
            let text = u16::try_from(outline.glyph_id().to_u32())
                .ok()
                .and_then(|gid| self.fonts.sfnt_glyph_text(data.cache_key, program, gid));
            if text.is_some() {
                return text;
            }
        }
        self.fonts.cid_text(font.ucs2?, glyph.char_code())
    }

    /// True when the glyph's outline is a substitute stretched by hayro, so
    /// the glyph transform's x axis does not reflect the PDF advance.
    fn is_substituted(&self, glyph: &HGlyph<'_>) -> bool {
        let HGlyph::Outline(outline) = glyph else {
            return false;
        };
        outline
            .font_data()
            .and_then(|d| d.postscript_name)
            .is_some_and(|name| self.fonts.is_substituted(&name))
    }

    fn push_glyph(&mut self, text: String, glyph: &HGlyph<'_>, t: Affine, invisible: bool) {
        let [a, b, c, d, e, f] = t.as_coeffs();
        // Glyph space is 1000 units per em.
        let y_axis = (c * 1000.0, d * 1000.0);
        let mut x_axis = (a * 1000.0, b * 1000.0);
        let font_size = y_axis.0.hypot(y_axis.1);
        let x_len = x_axis.0.hypot(x_axis.1);
        if !(font_size.is_finite() && x_len.is_finite()) || font_size <= 0.0 {
            return;
        }
        // hayro scales substitute outlines horizontally to the PDF widths,
        // which also scales the x axis; rebuild it from the y axis then
        // (this assumes no horizontal text scaling `Tz`, rare in such files).
        if (x_len / font_size - 1.0).abs() > 0.02 && self.is_substituted(glyph) {
            let perp = (-y_axis.1, y_axis.0);
            let sign = if perp.0 * x_axis.0 + perp.1 * x_axis.1 >= 0.0 {
                1.0
            } else {
                -1.0
            };
            x_axis = (perp.0 * sign, perp.1 * sign);
        }
        let advance = match glyph {
            HGlyph::Outline(o) => o.advance_width(),
            HGlyph::Type3(t3) => t3.advance_width(),
        }
        .filter(|w| w.is_finite() && *w >= 0.0)
        .map_or(0.5, |w| f64::from(w) / 1000.0);

        let corner = |u: f64, v: f64| {
            Point::new(
                e + x_axis.0 * u + y_axis.0 * v,
                f + x_axis.1 * u + y_axis.1 * v,
            )
        };
        let pts = [
            corner(0.0, DESCENT),
            corner(advance, DESCENT),
            corner(0.0, ASCENT),
            corner(advance, ASCENT),
        ];
        let mut bbox = Rect {
            x0: f32::MAX,
            y0: f32::MAX,
            x1: f32::MIN,
            y1: f32::MIN,
        };
        for p in pts {
            bbox.x0 = bbox.x0.min(p.x as f32);
            bbox.y0 = bbox.y0.min(p.y as f32);
            bbox.x1 = bbox.x1.max(p.x as f32);
            bbox.y1 = bbox.y1.max(p.y as f32);
        }
        if !(bbox.x0.is_finite()
            && bbox.y0.is_finite()
            && bbox.x1.is_finite()
            && bbox.y1.is_finite())
        {
            return;
        }
        let font_size = font_size as f32;
        // Same rule as poppler: the glyph origin (baseline start) must lie
        // on the page, allowing the advance to reach back in from the left.
        let (ox, oy) = (e as f32, f as f32);
        let adv_len = (advance * x_axis.0.hypot(x_axis.1)) as f32;
        if ox + adv_len < 0.0 || ox > self.width || oy < 0.0 || oy > self.height {
            self.counters.off_page += 1;
            return;
        }
        if !self.shows_through_clip(&bbox) {
            self.counters.clipped += 1;
            return;
        }

        // WPS "fake bold" paints every glyph twice, offset by a fraction of
        // a point; pdftotext drops the copy and so do we.
        let tol = 0.3 * bbox.width().max(0.5 * font_size);
        let start = self.glyphs.len().saturating_sub(DEDUP_LOOKBACK);
        let is_dup = self.glyphs.get(start..).is_some_and(|recent| {
            recent.iter().any(|g| {
                g.text == text
                    && (g.bbox.x0 - bbox.x0).abs() <= tol
                    && (g.bbox.y0 - bbox.y0).abs() <= tol
                    && (g.font_size - font_size).abs() <= 0.2 * font_size
            })
        });
        if is_dup {
            self.counters.duplicates += 1;
            return;
        }
        self.glyphs.push(Glyph {
            text,
            bbox,
            font_size,
        });
        self.invisible.push(invisible);
    }
}

/// Whether a paint is (nearly) white or fully transparent, i.e. invisible on
/// a white page. Patterns count as visible.
fn is_invisible(paint: &Paint<'_>) -> bool {
    match paint {
        Paint::Color(c) => {
            let [r, g, b, _] = c.to_rgba().components();
            is_transparent(paint) || (r >= 0.97 && g >= 0.97 && b >= 0.97)
        }
        Paint::Pattern(_) => false,
    }
}

/// Whether a paint is fully transparent (seen on no background).
fn is_transparent(paint: &Paint<'_>) -> bool {
    match paint {
        Paint::Color(c) => c.to_rgba().components()[3] <= MAX_TRANSPARENT_ALPHA,
        Paint::Pattern(_) => false,
    }
}

/// A glyph box in kurbo's terms.
fn to_krect(b: &Rect) -> KRect {
    KRect::new(
        f64::from(b.x0),
        f64::from(b.y0),
        f64::from(b.x1),
        f64::from(b.y1),
    )
}

fn quad(rect: &KRect, t: Affine) -> [Point; 4] {
    [
        t * Point::new(rect.x0, rect.y0),
        t * Point::new(rect.x1, rect.y0),
        t * Point::new(rect.x1, rect.y1),
        t * Point::new(rect.x0, rect.y1),
    ]
}

impl<'a> Device<'a> for Collector<'_, '_> {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, draw_mode: &DrawMode) {
        if is_invisible(&props.paint) {
            return;
        }
        match draw_mode {
            DrawMode::Fill(_) => self.rulings.fill(path, props.transform),
            DrawMode::Stroke(_) => self.rulings.stroke(path, props.transform),
            DrawMode::FillAndStroke(_, _) => {
                self.rulings.fill(path, props.transform);
                self.rulings.stroke(path, props.transform);
            }
            DrawMode::Invisible => {}
        }
    }

    fn draw_rect(&mut self, rect: &KRect, props: DrawProps<'a>, draw_mode: &DrawMode) {
        if is_invisible(&props.paint) {
            return;
        }
        let corners = quad(rect, props.transform);
        match draw_mode {
            DrawMode::Fill(_) => self.rulings.fill_quad(&corners),
            DrawMode::Stroke(_) => self.rulings.stroke_quad(&corners),
            DrawMode::FillAndStroke(_, _) => {
                self.rulings.fill_quad(&corners);
                self.rulings.stroke_quad(&corners);
            }
            DrawMode::Invisible => {}
        }
    }

    fn push_clip_path(&mut self, clip: &ClipPath) {
        let bounds = clip.path.bounding_box();
        let visible = match self.clips.last() {
            Some(outer) => outer.intersect(bounds),
            None => bounds,
        };
        self.clips.push(visible);
    }

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph_run(
        &mut self,
        glyph_run: &GlyphRun<'_, 'a>,
        props: DrawProps<'a>,
        draw_mode: &DrawMode,
    ) {
        let glyphs = glyph_run.glyphs();
        let key = glyphs.first().map(|g| RunKey {
            ptr: glyphs.as_ptr() as usize,
            len: glyphs.len(),
            first: g.transform().as_coeffs(),
        });
        match draw_mode {
            DrawMode::Stroke(_) => {
                // Second pass of fill+stroke text: already recorded.
                if key.is_some() && key == self.last_fill_run {
                    self.last_fill_run = None;
                    return;
                }
            }
            _ => self.last_fill_run = key,
        }
        // Invisible text (render mode 3) is kept for now: over a scan it is
        // the OCR layer (see `take_glyphs`). Fully transparent text is
        // seen by no one.
        let invisible = matches!(draw_mode, DrawMode::Invisible);
        let transparent = is_transparent(&props.paint);
        for glyph in glyphs {
            if transparent && !invisible {
                self.counters.hidden += 1;
                continue;
            }
            let Some(text) = self.glyph_text(glyph) else {
                self.counters.unmapped += 1;
                continue;
            };
            // Spaces paint nothing; word gaps come from positions.
            if text.chars().all(char::is_whitespace) {
                continue;
            }
            self.push_glyph(text, glyph, props.transform * glyph.transform(), invisible);
        }
    }

    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        // hayro hands over a transform from *pixel* space (0..w, 0..h) to the
        // page, so the pixel size is needed. `Image::width/height` are
        // doc-hidden but public; they read the dictionary without decoding.
        let (pw, ph) = (f64::from(image.width()), f64::from(image.height()));
        let pixels = u64::from(image.width()) * u64::from(image.height());
        self.image_pixels = self.image_pixels.max(pixels);
        let corners = quad(&KRect::new(0.0, 0.0, pw, ph), props.transform);
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in corners {
            x0 = x0.min(p.x);
            y0 = y0.min(p.y);
            x1 = x1.max(p.x);
            y1 = y1.max(p.y);
        }
        self.image_rects.push(KRect::new(x0, y0, x1, y1));
        let (w, h) = (f64::from(self.width), f64::from(self.height));
        let cw = (x1.min(w) - x0.max(0.0)).max(0.0);
        let ch = (y1.min(h) - y0.max(0.0)).max(0.0);
        if cw * ch > LARGE_IMAGE_FRACTION * w * h {
            self.has_large_image = true;
        }
        let placed_width = (x1 - x0).max(y1 - y0);
        if (x1 - x0) * (y1 - y0) > self.largest_image && placed_width > 0.0 {
            self.largest_image = (x1 - x0) * (y1 - y0);
            // The image's longer pixel side lies along its longer placed
            // side (a scan is drawn upright or turned by quarter turns).
            self.image_dpi = Some((pw.max(ph) / (placed_width / 72.0)) as f32);
        }
    }

    fn pop_clip(&mut self) {
        self.clips.pop();
    }

    fn pop_transparency_group(&mut self) {}
}
