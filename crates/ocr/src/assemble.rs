//! A page image to a positioned page: rulings, cells, text lines,
//! recognition, glyphs.

use image::GrayImage;
use jixiao_page::{Glyph, Orientation, Page, Raster, Rect, Ruling};

use crate::clean::{clean, Frame};
use crate::correct::{Correction, Vocabulary};
use crate::error::OcrError;
use crate::layout::{text_segments, PixelBox, TextScale};
use crate::lines::{split_lines, LineSplitOptions};
use crate::recognize::{RecognizedLine, Recognizer};
use crate::rulings::{find_rulings, RulingOptions, Rulings};

/// A recognised page and what reading it found.
#[derive(Debug, Clone)]
pub struct Scanned {
    /// The page as positioned glyphs and rulings, in page units.
    pub page: Page,
    /// The page's resolution, pixels per inch.
    pub dpi: f32,
    /// Text lines recognised.
    pub lines: usize,
    /// Mean confidence of the recognised characters (0 to 1).
    pub mean_confidence: f32,
    /// Lines read with a confidence below [`LOW_CONFIDENCE`]: their text
    /// and confidence.
    pub doubtful: Vec<(String, f32)>,
    /// Lines corrected to the form words they nearly were.
    pub corrections: Vec<Correction>,
    /// Specks and ruling strokes the recogniser read as a character or two
    /// with little confidence, dropped.
    pub noise_lines: usize,
    /// Pixels taken for seal ink and lightened.
    pub seal_pixels: usize,
    /// The skew corrected before reading, degrees counter-clockwise.
    pub skew_degrees: f32,
    /// The turn that brought the page upright: 0, 90, 180 or 270 degrees
    /// counter-clockwise. The glyphs and rulings are the upright page's.
    pub turned_degrees: u16,
}

/// A line read with less confidence than this is reported as doubtful.
pub const LOW_CONFIDENCE: f32 = 0.8;

/// A line of at most this many characters read with less confidence than
/// [`NOISE_LINE_CONFIDENCE`] is a speck or a stroke of a ruling (read as
/// 一, I, L, E, 口, +), not text; it is dropped and counted.
const NOISE_MAX_CHARS: usize = 2;
/// See [`NOISE_MAX_CHARS`]; real short cells (万元, 个) read above 0.8.
const NOISE_LINE_CONFIDENCE: f32 = 0.5;

/// A ruled region smaller than this (inches, either way) is the strokes of
/// a large glyph (a title's 目, 田), not a table.
const MIN_TABLE_INCHES: f32 = 0.5;

/// A cell's crop stays this many pixels (plus half its rulings'
/// thickness) inside the cell, off the rulings' anti-aliased edges.
const CELL_INSET_PX: u32 = 1;

/// Reads page `number` of a document from its image.
pub fn read_page(
    raster: &Raster,
    number: usize,
    recognizer: &Recognizer,
    words: &Vocabulary,
) -> Result<Scanned, OcrError> {
    let cleaned = clean(raster);
    let grey = cleaned.grey;
    let frame = cleaned.frame;
    let dpi = raster.dpi();
    let found = find_rulings(&grey, &RulingOptions::for_dpi(dpi));
    let mut page = Page {
        number,
        width: frame.placed.x1,
        height: frame.placed.y1,
        glyphs: Vec::new(),
        rulings: page_rulings(&found, &frame),
        has_large_image: true,
    };
    let tables = keep_tables(&mut page, dpi);
    let mut reader = PageReader {
        grey: &grey,
        frame,
        recognizer,
        words,
        corrections: Vec::new(),
        noise: 0,
        glyphs: Vec::new(),
        lines: 0,
        confidence_sum: 0.0,
        chars: 0,
        doubtful: Vec::new(),
    };
    let thickness = found
        .horizontal
        .iter()
        .chain(&found.vertical)
        .map(|r| r.thickness)
        .max()
        .unwrap_or(1);
    let mut table_areas = Vec::new();
    for table in &tables {
        for cell in &table.cells {
            let (x0, x1) = (table.xs.get(cell.c0), table.xs.get(cell.c1));
            let (y0, y1) = (table.ys.get(cell.r0), table.ys.get(cell.r1));
            if let (Some(&x0), Some(&x1), Some(&y0), Some(&y1)) = (x0, x1, y0, y1) {
                let area = reader.pixel_box(Rect { x0, y0, x1, y1 }, thickness / 2 + CELL_INSET_PX);
                reader.read_cell(area)?;
            }
        }
        let bounds = Rect {
            x0: table.xs.first().copied().unwrap_or(0.0),
            x1: table.xs.last().copied().unwrap_or(0.0),
            y0: table.top(),
            y1: table.bottom(),
        };
        table_areas.push(reader.pixel_box(bounds, 0).grown(thickness));
    }
    let whole = PixelBox {
        x0: 0,
        y0: 0,
        x1: grey.width(),
        y1: grey.height(),
    };
    for segment in text_segments(&grey, whole, &table_areas, &TextScale::for_dpi(dpi)) {
        reader.read_line(segment)?;
    }
    page.glyphs = reader.glyphs;
    Ok(Scanned {
        page,
        dpi,
        lines: reader.lines,
        mean_confidence: if reader.chars == 0 {
            0.0
        } else {
            reader.confidence_sum / reader.chars as f32
        },
        doubtful: reader.doubtful,
        corrections: reader.corrections,
        noise_lines: reader.noise,
        seal_pixels: cleaned.seal_pixels,
        skew_degrees: cleaned.skew_degrees,
        turned_degrees: cleaned.turned_degrees,
    })
}

/// The page's ruled tables; rulings outside them (glyph strokes) are
/// dropped from the page.
fn keep_tables(page: &mut Page, dpi: f32) -> Vec<jixiao_lattice::Table> {
    let min = MIN_TABLE_INCHES * 72.0;
    let (tables, _) = jixiao_lattice::find_tables(page);
    let tables: Vec<_> = tables
        .into_iter()
        .filter(|t| {
            let width = t.xs.last().copied().unwrap_or(0.0) - t.xs.first().copied().unwrap_or(0.0);
            width >= min && t.bottom() - t.top() >= min
        })
        .collect();
    // A ruling belongs to a table when it lies on or inside its bounds.
    let slack = 0.02 * dpi.max(1.0);
    page.rulings.retain(|r| {
        tables.iter().any(|t| {
            let (x0, x1) = (
                t.xs.first().copied().unwrap_or(0.0),
                t.xs.last().copied().unwrap_or(0.0),
            );
            let (y0, y1) = (t.top(), t.bottom());
            let (sx, ex, sy, ey) = match r.orientation {
                Orientation::Horizontal => (r.start, r.end, r.pos, r.pos),
                Orientation::Vertical => (r.pos, r.pos, r.start, r.end),
            };
            sx >= x0 - slack && ex <= x1 + slack && sy >= y0 - slack && ey <= y1 + slack
        })
    });
    tables
}

/// The found rulings in page units.
fn page_rulings(found: &Rulings, frame: &Frame) -> Vec<Ruling> {
    let (sx, sy) = frame.scale();
    let (ox, oy) = (frame.placed.x0, frame.placed.y0);
    let horizontal = found.horizontal.iter().map(|r| Ruling {
        orientation: Orientation::Horizontal,
        pos: oy + r.position * sy,
        start: ox + r.start as f32 * sx,
        end: ox + r.end as f32 * sx,
    });
    let vertical = found.vertical.iter().map(|r| Ruling {
        orientation: Orientation::Vertical,
        pos: ox + r.position * sx,
        start: oy + r.start as f32 * sy,
        end: oy + r.end as f32 * sy,
    });
    horizontal.chain(vertical).collect()
}

impl PixelBox {
    /// The box grown by `by` pixels on every side (not past 0).
    pub fn grown(self, by: u32) -> PixelBox {
        PixelBox {
            x0: self.x0.saturating_sub(by),
            y0: self.y0.saturating_sub(by),
            x1: self.x1 + by,
            y1: self.y1 + by,
        }
    }
}

/// Reading one page: its image, and the glyphs found so far.
struct PageReader<'a> {
    grey: &'a GrayImage,
    frame: Frame,
    recognizer: &'a Recognizer,
    words: &'a Vocabulary,
    corrections: Vec<Correction>,
    noise: usize,
    glyphs: Vec<Glyph>,
    lines: usize,
    confidence_sum: f32,
    chars: usize,
    doubtful: Vec<(String, f32)>,
}

impl PageReader<'_> {
    /// A page rectangle in pixels, `inset` pixels inside it, within the image.
    fn pixel_box(&self, r: Rect, inset: u32) -> PixelBox {
        let (sx, sy) = self.frame.scale();
        let (ox, oy) = (self.frame.placed.x0, self.frame.placed.y0);
        let to_px = |v: f32, o: f32, s: f32, max: u32| -> u32 {
            (((v - o) / s).round().max(0.0) as u32).min(max)
        };
        let (w, h) = self.grey.dimensions();
        let x0 = to_px(r.x0, ox, sx, w) + inset;
        let y0 = to_px(r.y0, oy, sy, h) + inset;
        let x1 = to_px(r.x1, ox, sx, w).saturating_sub(inset).max(x0);
        let y1 = to_px(r.y1, oy, sy, h).saturating_sub(inset).max(y0);
        PixelBox { x0, y0, x1, y1 }
    }

    /// The text lines of a ruled cell.
    fn read_cell(&mut self, area: PixelBox) -> Result<(), OcrError> {
        if area.width() < 2 || area.height() < 2 {
            return Ok(());
        }
        let crop = crop(self.grey, area);
        for line in split_lines(&crop, &LineSplitOptions::default()) {
            self.read_line(PixelBox {
                x0: area.x0 + line.x,
                y0: area.y0 + line.y,
                x1: area.x0 + line.x + line.width,
                y1: area.y0 + line.y + line.height,
            })?;
        }
        Ok(())
    }

    /// Recognises one text line and adds its characters as glyphs.
    fn read_line(&mut self, line: PixelBox) -> Result<(), OcrError> {
        if line.width() == 0 || line.height() == 0 {
            return Ok(());
        }
        let crop = crop(self.grey, line);
        let mut read = self.recognizer.recognize((&crop).into())?;
        self.lines += 1;
        let trimmed = read.trim_noise();
        // An empty line has confidence 0, so it is caught here too; it is
        // noise only when something was read and trimmed away.
        if read.chars.len() <= NOISE_MAX_CHARS && read.confidence < NOISE_LINE_CONFIDENCE {
            if !read.chars.is_empty() || trimmed > 0 {
                self.noise += 1;
            }
            return Ok(());
        }
        self.correct(&mut read);
        if read.confidence < LOW_CONFIDENCE {
            self.doubtful.push((read.text.clone(), read.confidence));
        }
        self.add_glyphs(&read, line);
        Ok(())
    }

    /// Corrects a line to the form word it nearly is, character for
    /// character (so each keeps its box), and keeps the correction.
    fn correct(&mut self, read: &mut RecognizedLine) {
        let Some(correction) = self.words.correct(&read.text) else {
            return;
        };
        let after: Vec<char> = correction.after.chars().collect();
        if after.len() != read.chars.len() {
            return;
        }
        for (ch, to) in read.chars.iter_mut().zip(after) {
            ch.text = to.to_string();
        }
        read.text = correction.after.clone();
        self.corrections.push(correction);
    }

    /// One glyph per recognised character: its x-range from where the
    /// recogniser emitted it (neighbours meet halfway), its y-range the
    /// line's; spaces leave their range as a gap.
    fn add_glyphs(&mut self, read: &RecognizedLine, line: PixelBox) {
        let (sx, sy) = self.frame.scale();
        let (ox, oy) = (self.frame.placed.x0, self.frame.placed.y0);
        let y0 = oy + line.y0 as f32 * sy;
        let y1 = oy + line.y1 as f32 * sy;
        // The line box carries the recogniser's padding: the em is its ink.
        let em = (y1 - y0) / (1.0 + 2.0 * LineSplitOptions::default().padding_ratio);
        for (ch, (a, b)) in read.chars.iter().zip(read.glyph_ranges()) {
            self.confidence_sum += ch.confidence;
            self.chars += 1;
            if ch.text.trim().is_empty() {
                continue;
            }
            self.glyphs.push(Glyph {
                text: ch.text.clone(),
                bbox: Rect {
                    x0: ox + (line.x0 as f32 + a) * sx,
                    x1: ox + (line.x0 as f32 + b) * sx,
                    y0,
                    y1,
                },
                font_size: em,
            });
        }
    }
}

/// A copy of `area` of the image.
fn crop(grey: &GrayImage, area: PixelBox) -> GrayImage {
    image::imageops::crop_imm(grey, area.x0, area.y0, area.width(), area.height()).to_image()
}
