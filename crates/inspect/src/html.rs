//! The review page's HTML: inline CSS, images as data: URLs, no script, so
//! the file can be mailed or archived and opens anywhere.

use base64::Engine;
use jixiao_map::Record;
use jixiao_page::{Pixels, Raster, Rect};
use std::fmt::Write;

/// What a table cell gave the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// An indicator's name or target.
    Indicator,
    /// A header field's value.
    Field,
    /// A label, or text jixiao did not use.
    Other,
}

/// A detected table cell on a page, in PDF points.
pub(crate) struct CellBox {
    pub(crate) rect: Rect,
    pub(crate) text: String,
    pub(crate) role: Role,
}

/// A rendered page and its cells.
pub(crate) struct Page {
    pub(crate) number: usize,
    pub(crate) width: f32,
    pub(crate) height: f32,
    /// The page image as PNG, or why it could not be rendered.
    pub(crate) png: Result<Vec<u8>, String>,
    pub(crate) cells: Vec<CellBox>,
}

/// Pixels of the page image per PDF point.
const SCALE: f32 = super::PAGE_DPI / 72.0;

const STYLE: &str = "
body { font: 14px/1.4 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif; margin: 16px; color: #222; }
h1 { font-size: 18px; } h2 { font-size: 16px; margin-top: 24px; }
.columns { display: flex; gap: 24px; align-items: flex-start; }
.source { flex: 0 0 auto; }
.record { flex: 1 1 auto; min-width: 420px; }
.page { position: relative; border: 1px solid #999; margin-bottom: 16px; background: #fff; }
.page img { display: block; }
.cell { position: absolute; box-sizing: border-box; border: 2px solid #e6007e; }
.cell.indicator { background: rgba(0, 170, 255, 0.28); }
.cell.field { background: rgba(255, 200, 0, 0.30); }
table { border-collapse: collapse; margin-bottom: 12px; }
td, th { border: 1px solid #bbb; padding: 2px 6px; vertical-align: top; text-align: left; }
th { background: #eee; }
.warn { color: #a40; font-size: 12px; }
.good { color: #070; } .check { color: #a60; } .poor { color: #c00; font-weight: bold; }
pre.text { font: 13px/1.5 monospace; border: 1px solid #ccc; padding: 4px; max-width: 760px; overflow-x: auto; }
pre.text .mark { background: rgba(0, 170, 255, 0.28); }
.missing { color: #c00; } .present { color: #070; }
";

/// The page being written.
pub(crate) struct Doc {
    out: String,
}

impl Doc {
    pub(crate) fn new(path: &str) -> Doc {
        let mut out = String::new();
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>jixiao inspect: {p}</title><style>{STYLE}</style></head><body>\n<h1>jixiao inspect: {p}</h1>\n",
            p = esc(path)
        );
        Doc { out }
    }

    pub(crate) fn summary(&mut self, text: &str) {
        let _ = writeln!(self.out, "<p>{}</p>", esc(text));
    }

    pub(crate) fn note(&mut self, text: &str) {
        let _ = writeln!(self.out, "<p>{}</p>", esc(text));
    }

    /// Why no form was found: what a form has, and whether this has it.
    pub(crate) fn signs(&mut self, signs: &[(&str, bool)]) {
        self.out.push_str("<h2>Why no form was found</h2><ul>\n");
        for (what, seen) in signs {
            let (class, word) = if *seen {
                ("present", "found")
            } else {
                ("missing", "missing")
            };
            let _ = writeln!(self.out, "<li class=\"{class}\">{}: {word}</li>", esc(what));
        }
        self.out.push_str("</ul>\n");
    }

    pub(crate) fn open_columns(&mut self) {
        self.out
            .push_str("<div class=\"columns\"><div class=\"source\">\n");
    }

    pub(crate) fn pages(&mut self, pages: &[Page]) {
        for p in pages {
            let (w, h) = (p.width * SCALE, p.height * SCALE);
            let _ = writeln!(
                self.out,
                "<h2>Page {}: {} cells</h2><div class=\"page\" style=\"width:{w:.0}px;height:{h:.0}px\">",
                p.number,
                p.cells.len()
            );
            match &p.png {
                Ok(png) => {
                    let _ = writeln!(
                        self.out,
                        "<img alt=\"page {}\" width=\"{w:.0}\" height=\"{h:.0}\" src=\"data:image/png;base64,{}\">",
                        p.number,
                        base64::engine::general_purpose::STANDARD.encode(png)
                    );
                }
                Err(why) => {
                    let _ = writeln!(
                        self.out,
                        "<p class=\"warn\">page image not rendered: {}</p>",
                        esc(why)
                    );
                }
            }
            for c in &p.cells {
                let class = match c.role {
                    Role::Indicator => "cell indicator",
                    Role::Field => "cell field",
                    Role::Other => "cell",
                };
                let _ = writeln!(
                    self.out,
                    "<div class=\"{class}\" title=\"{}\" style=\"left:{:.1}px;top:{:.1}px;width:{:.1}px;height:{:.1}px\"></div>",
                    esc(&c.text),
                    c.rect.x0 * SCALE,
                    c.rect.y0 * SCALE,
                    (c.rect.x1 - c.rect.x0) * SCALE,
                    (c.rect.y1 - c.rect.y0) * SCALE
                );
            }
            self.out.push_str("</div>\n");
        }
    }

    pub(crate) fn image(&mut self, bytes: &[u8], png: bool) {
        let mime = if png { "image/png" } else { "image/jpeg" };
        let _ = writeln!(
            self.out,
            "<h2>The image</h2><img alt=\"the input\" style=\"max-width:900px\" src=\"data:{mime};base64,{}\">",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        );
    }

    /// A text input with line numbers; `marks` are the lines that gave a
    /// value, with what they gave.
    pub(crate) fn text(&mut self, lines: &[String], marks: &[(usize, String)]) {
        self.out.push_str("<h2>The text</h2><pre class=\"text\">");
        for (i, line) in lines.iter().enumerate() {
            let n = i + 1;
            let what: Vec<&str> = marks
                .iter()
                .filter(|(l, _)| *l == n)
                .map(|(_, w)| w.as_str())
                .collect();
            let text = esc(&line.replace('\t', " → "));
            if what.is_empty() {
                let _ = writeln!(self.out, "{n:>5}  {text}");
            } else {
                let _ = writeln!(
                    self.out,
                    "<span class=\"mark\" title=\"{}\">{n:>5}  {text}</span>",
                    esc(&what.join(", "))
                );
            }
        }
        self.out.push_str("</pre>\n");
    }

    pub(crate) fn records(&mut self, records: &[Record]) {
        self.out.push_str("</div><div class=\"record\">\n");
        for r in records {
            record(&mut self.out, r);
        }
        self.out.push_str("</div></div>\n");
    }

    pub(crate) fn finish(mut self) -> String {
        self.out.push_str("</body></html>\n");
        self.out
    }
}

/// `page 2 (56, 100)`, `line 14`: where a value was read, the row's
/// top-left corner in points when it has a box.
fn place(at: &jixiao_map::At) -> String {
    let mut parts = Vec::new();
    if let Some(p) = at.page {
        parts.push(match at.bbox {
            Some([x, y, ..]) => format!("page {p} ({x:.0}, {y:.0})"),
            None => format!("page {p}"),
        });
    }
    if let Some(l) = at.line {
        parts.push(format!("line {l}"));
    }
    parts.join(", ")
}

fn record(out: &mut String, r: &Record) {
    let q = &r.quality;
    let _ = writeln!(
        out,
        "<h2>Form {}: {}</h2><p>quality: <span class=\"{lvl}\">{lvl}</span> {}</p>",
        r.source.form_index,
        esc(r.project_name.as_deref().unwrap_or("(no project name)")),
        esc(&q.reasons.join("; ")),
        lvl = q.level.as_str()
    );
    out.push_str("<table><tr><th>field</th><th>value</th><th>read at</th></tr>\n");
    let f = &r.funding;
    let number = |v: Option<f64>| v.map(|v| v.to_string());
    let fields: [(&str, Option<String>); 12] = [
        ("title", r.title.clone()),
        ("fiscal_year", r.fiscal_year.map(|y| y.to_string())),
        ("project_name", r.project_name.clone()),
        ("project_category", r.project_category.clone()),
        ("department", r.department.clone()),
        ("implementing_unit", r.implementing_unit.clone()),
        ("planned_start", r.planned_start.clone()),
        ("planned_end", r.planned_end.clone()),
        ("funding.total", number(f.total)),
        ("funding.unit", f.unit.clone()),
        ("overall_goal", r.overall_goal.clone()),
        ("annual_goal", r.annual_goal.clone()),
    ];
    for (key, value) in fields {
        let at = r.fields_at.get(key).map(place).unwrap_or_default();
        let shown = value.map_or("<span class=\"missing\">null</span>".to_owned(), |v| {
            esc(&v)
        });
        let _ = writeln!(out, "<tr><td>{key}</td><td>{shown}</td><td>{at}</td></tr>");
    }
    out.push_str("</table>\n<table><tr><th>#</th><th>一级</th><th>二级</th><th>三级</th><th>目标值</th><th>op</th><th>value</th><th>unit</th><th>read at</th></tr>\n");
    let mut used = vec![false; r.warnings.len()];
    for (i, ind) in r.indicators.iter().enumerate() {
        let quoted = format!("\"{}\"", ind.level3);
        let notes: Vec<String> = r
            .warnings
            .iter()
            .enumerate()
            .filter(|(_, w)| w.contains(&quoted))
            .map(|(k, w)| {
                used[k] = true;
                format!("<div class=\"warn\">{}</div>", esc(w))
            })
            .collect();
        let t = &ind.target;
        let _ = writeln!(
            out,
            "<tr><td>{i}</td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(ind.level1.as_deref().unwrap_or("")),
            esc(ind.level2.as_deref().unwrap_or("")),
            esc(&ind.level3),
            notes.concat(),
            esc(&t.raw),
            t.op.map_or("", |o| o.as_str()),
            t.value.map(|v| v.to_string()).unwrap_or_default(),
            esc(t.unit.as_deref().unwrap_or("")),
            place(&ind.at)
        );
    }
    out.push_str("</table>\n");
    let rest: Vec<&String> = r
        .warnings
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(w, _)| w)
        .collect();
    if !rest.is_empty() {
        out.push_str("<p>Other warnings:</p><ul>\n");
        for w in rest {
            let _ = writeln!(out, "<li class=\"warn\">{}</li>", esc(w));
        }
        out.push_str("</ul>\n");
    }
}

/// A raster as PNG bytes.
pub(crate) fn png_of(raster: &Raster) -> Option<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    let (w, h) = (raster.width, raster.height);
    let written =
        match &raster.pixels {
            Pixels::Gray(p) => image::GrayImage::from_raw(w, h, p.clone())?
                .write_to(&mut out, image::ImageFormat::Png),
            Pixels::Rgb(p) => image::RgbImage::from_raw(w, h, p.clone())?
                .write_to(&mut out, image::ImageFormat::Png),
        };
    written.ok()?;
    Some(out.into_inner())
}

/// Text for HTML content and attribute values.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
