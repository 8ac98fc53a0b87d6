//! `jixiao inspect`: one self-contained HTML page that shows how a document
//! was read, so that a user can check a record before trusting it.
//!
//! * A PDF's pages are rendered (by hayro, the renderer of the PDF layer)
//!   with every table cell the lattice stage found outlined, and the cells
//!   that gave an indicator or a header field filled; on a page without a
//!   ruled table (a borderless form), the rows that gave them.
//! * A text input is shown with its line numbers, the lines that gave a
//!   value marked.
//! * Beside it, each record as tables (fields, indicators with where they
//!   were read, each warning next to the indicator it names) and its
//!   quality; for a document without a form, which of the things a form
//!   has were missing.

mod html;

use html::Page;
use jixiao_map::Record;
use jixiao_pipeline::{sniff, InputKind, Options};

/// Resolution of the page images: the renderer's floor (below it text is
/// unreadable), enough to read the cell text on a screen, small enough that
/// a 10-page form stays a few MB.
const PAGE_DPI: f32 = jixiao_extract::pdf::MIN_RENDER_DPI;
/// Pages rendered at most; a longer document shows its first ones.
const MAX_PAGES: usize = 40;
/// Lines of a text input shown at most.
const MAX_LINES: usize = 5000;

/// The review page of the document `bytes` (shown as `path`).
///
/// ```
/// let html = jixiao_inspect::inspect("empty.txt", b"");
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains("empty"));
/// ```
pub fn inspect(path: &str, bytes: &[u8]) -> String {
    let options = Options::default();
    let processed = jixiao_pipeline::process_with(path, bytes, &options);
    let records: &[Record] = processed.result.as_deref().unwrap_or(&[]);
    let mut out = html::Doc::new(path);
    match &processed.result {
        Ok(records) => out.summary(&format!(
            "{} form(s) read: {}",
            records.len(),
            records
                .iter()
                .map(|r| format!(
                    "{} ({})",
                    r.project_name.as_deref().unwrap_or("no project name"),
                    r.quality.level.as_str()
                ))
                .collect::<Vec<_>>()
                .join("; ")
        )),
        Err(e) => {
            out.summary(&format!("no record: {e}"));
            if e.kind == jixiao_pipeline::ErrorKind::NoForm {
                if let Ok(doc) = jixiao_pipeline::read_document(bytes, &options) {
                    out.signs(&jixiao_map::form_signs(&doc));
                }
            }
        }
    }
    out.open_columns();
    match sniff(bytes) {
        InputKind::Pdf => out.pages(&pdf_pages(bytes, records)),
        InputKind::Png | InputKind::Jpeg => out.image(bytes, sniff(bytes) == InputKind::Png),
        InputKind::Text | InputKind::Csv => out.text(&text_lines(bytes), &marked_lines(records)),
        _ => out.note("(this kind of input is shown as its record only)"),
    }
    out.records(records);
    out.finish()
}

/// The PDF's pages, rendered, with their table cells.
fn pdf_pages(bytes: &[u8], records: &[Record]) -> Vec<Page> {
    let Ok(pages) = jixiao_extract::pdf::read_pdf(bytes) else {
        return Vec::new();
    };
    let requests: Vec<(usize, f32)> = pages
        .iter()
        .take(MAX_PAGES)
        .map(|p| (p.number, PAGE_DPI))
        .collect();
    let rasters = jixiao_extract::pdf::render_pages(bytes, &requests);
    pages
        .iter()
        .zip(rasters)
        .map(|(page, raster)| {
            let (tables, _) = jixiao_lattice::find_tables(page);
            let mut cells: Vec<html::CellBox> = tables
                .iter()
                .flat_map(|t| {
                    t.cells.iter().map(move |c| {
                        let rect = jixiao_page::Rect {
                            x0: t.xs[c.c0],
                            y0: t.ys[c.r0],
                            x1: t.xs[c.c1],
                            y1: t.ys[c.r1],
                        };
                        let text = text_in(page, &rect);
                        let role = role_of(&text, page.number, records);
                        html::CellBox { rect, text, role }
                    })
                })
                .collect();
            if cells.is_empty() {
                // No ruled table (a borderless form): the rows the values
                // were read from.
                cells = row_boxes(page.number, records);
            }
            let png = raster
                .map_err(|e| e.to_string())
                .and_then(|r| html::png_of(&r).ok_or_else(|| "cannot encode the image".to_owned()));
            Page {
                number: page.number,
                width: page.width,
                height: page.height,
                png,
                cells,
            }
        })
        .collect()
}

/// The boxes of the rows on `page` that gave the records' indicators and
/// header fields (`at.bbox`).
fn row_boxes(page: usize, records: &[Record]) -> Vec<html::CellBox> {
    let rect = |b: [f64; 4]| jixiao_page::Rect {
        x0: b[0] as f32,
        y0: b[1] as f32,
        x1: b[2] as f32,
        y1: b[3] as f32,
    };
    let mut out = Vec::new();
    for r in records {
        for ind in &r.indicators {
            if let (Some(p), Some(b)) = (ind.at.page, ind.at.bbox) {
                if p == page {
                    out.push(html::CellBox {
                        rect: rect(b),
                        text: ind.level3.clone(),
                        role: html::Role::Indicator,
                    });
                }
            }
        }
        for (key, at) in &r.fields_at {
            if let (Some(p), Some(b)) = (at.page, at.bbox) {
                if p == page {
                    out.push(html::CellBox {
                        rect: rect(b),
                        text: key.clone(),
                        role: html::Role::Field,
                    });
                }
            }
        }
    }
    out
}

/// The text painted inside `rect` (glyph centres), without spaces.
fn text_in(page: &jixiao_page::Page, rect: &jixiao_page::Rect) -> String {
    page.glyphs
        .iter()
        .filter(|g| {
            let (x, y) = ((g.bbox.x0 + g.bbox.x1) / 2.0, (g.bbox.y0 + g.bbox.y1) / 2.0);
            x >= rect.x0 && x <= rect.x1 && y >= rect.y0 && y <= rect.y1
        })
        .map(|g| g.text.as_str())
        .collect::<String>()
        .split_whitespace()
        .collect()
}

/// What a cell gave: an indicator's name or target on this page, a header
/// field's value, or nothing jixiao used.
fn role_of(text: &str, page: usize, records: &[Record]) -> html::Role {
    if text.is_empty() {
        return html::Role::Other;
    }
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    for r in records {
        for ind in &r.indicators {
            let here = ind.at.page.is_none_or(|p| p == page || p + 1 == page);
            let name = squeeze(&ind.level3);
            if here && (name.starts_with(text) || text.starts_with(&name) && !name.is_empty()) {
                return html::Role::Indicator;
            }
            if here && !ind.target.raw.is_empty() && squeeze(&ind.target.raw) == text {
                return html::Role::Indicator;
            }
        }
        let fields = [
            &r.project_name,
            &r.project_category,
            &r.department,
            &r.implementing_unit,
        ];
        if fields
            .iter()
            .any(|f| f.as_deref().is_some_and(|v| squeeze(v) == text))
        {
            return html::Role::Field;
        }
    }
    html::Role::Other
}

/// The lines of a text input, decoded as the text reader does.
fn text_lines(bytes: &[u8]) -> Vec<String> {
    let text = jixiao_extract::text::decode(bytes)
        .map(|(text, _)| text)
        .unwrap_or_default();
    text.lines().take(MAX_LINES).map(str::to_owned).collect()
}

/// Lines that gave a value: `(line, what)`.
fn marked_lines(records: &[Record]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for r in records {
        for (key, at) in &r.fields_at {
            if let Some(line) = at.line {
                out.push((line, key.clone()));
            }
        }
        for ind in &r.indicators {
            if let Some(line) = ind.at.line {
                out.push((line, format!("indicator {}", ind.level3)));
            }
        }
    }
    out
}
