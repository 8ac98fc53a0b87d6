//! Where values were read: every indicator's and header field's `at.bbox`
//! in the sample PDFs holds the text it gave, and `source.method` says
//! which reading (ruled table or text positions) gave the form.

use jixiao_map::{At, Record};
use jixiao_page::Page;
use unicode_normalization::UnicodeNormalization;

/// The text painted inside `bbox` on `page` (glyph centres, with a point
/// of slack for rounding), width-folded and without spaces.
fn text_in(page: &Page, bbox: [f64; 4]) -> String {
    const SLACK_PT: f64 = 1.0;
    page.glyphs
        .iter()
        .filter(|g| {
            let x = f64::from(g.bbox.x0 + g.bbox.x1) / 2.0;
            let y = f64::from(g.bbox.y0 + g.bbox.y1) / 2.0;
            x >= bbox[0] - SLACK_PT
                && x <= bbox[2] + SLACK_PT
                && y >= bbox[1] - SLACK_PT
                && y <= bbox[3] + SLACK_PT
        })
        .map(|g| g.text.as_str())
        .collect::<String>()
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn squeeze(text: &str) -> String {
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// The records read from the PDF's own text, and its pages. Records of
/// recognised pages are checked for lying on their page only: their text
/// is not in the PDF's.
fn records_and_pages(path: &std::path::Path) -> (Vec<Record>, Vec<Page>) {
    let bytes = std::fs::read(path).unwrap();
    let name = path.display().to_string();
    let (recognised, records): (Vec<Record>, Vec<Record>) = jixiao_pipeline::process(&name, &bytes)
        .result
        .unwrap_or_default()
        .into_iter()
        .partition(|r| r.source.ocr.is_some());
    let pages = jixiao_extract::pdf::read_pdf(&bytes).unwrap();
    for r in &recognised {
        let ats = r
            .indicators
            .iter()
            .map(|i| &i.at)
            .chain(r.fields_at.values());
        for at in ats {
            let page = page_of(&pages, at);
            let b = at.bbox.expect("a recognised value has a box");
            assert!(
                b[0] >= 0.0
                    && b[1] >= 0.0
                    && b[0] < b[2]
                    && b[1] < b[3]
                    && b[2] <= f64::from(page.width) + 1.0
                    && b[3] <= f64::from(page.height) + 1.0,
                "{name}: box {b:?} off its page"
            );
        }
    }
    (records, pages)
}

fn page_of<'a>(pages: &'a [Page], at: &At) -> &'a Page {
    let number = at.page.expect("a PDF value has a page");
    pages.iter().find(|p| p.number == number).unwrap()
}

#[test]
fn each_indicator_box_holds_its_name_and_target() {
    let (mut indicators, mut targets_inside, mut forms) = (0, 0, 0);
    for path in jixiao_testdata::sample_pdfs() {
        let (records, pages) = records_and_pages(&path);
        forms += records.len();
        for ind in records.iter().flat_map(|r| &r.indicators) {
            let bbox = ind
                .at
                .bbox
                .unwrap_or_else(|| panic!("{}: \"{}\" has no box", path.display(), ind.level3));
            let inside = text_in(page_of(&pages, &ind.at), bbox);
            // A name a page break cut starts in the box of its first part.
            let start: String = squeeze(&ind.level3).chars().take(4).collect();
            assert!(
                inside.contains(&start),
                "{}: the box {bbox:?} of \"{}\" holds \"{inside}\"",
                path.display(),
                ind.level3
            );
            indicators += 1;
            let end: String = {
                let raw: Vec<char> = squeeze(&ind.target.raw).chars().collect();
                raw[raw.len().saturating_sub(3)..].iter().collect()
            };
            if inside.contains(&end) {
                targets_inside += 1;
            }
        }
    }
    assert!(forms >= 10, "only {forms} forms in the sample PDFs");
    // Only the indicators a page break cut have their target on the next
    // page, outside the box of their first part.
    assert!(
        targets_inside * 100 >= indicators * 98,
        "{targets_inside} of {indicators} boxes hold their target"
    );
}

#[test]
fn each_field_box_holds_its_value() {
    for path in jixiao_testdata::sample_pdfs() {
        let (records, pages) = records_and_pages(&path);
        for r in &records {
            let fields = [
                ("project_name", &r.project_name),
                ("department", &r.department),
                ("implementing_unit", &r.implementing_unit),
            ];
            for (key, value) in fields {
                let (Some(value), Some(at)) = (value, r.fields_at.get(key)) else {
                    continue;
                };
                let inside = text_in(page_of(&pages, at), at.bbox.unwrap());
                let start: String = squeeze(value).chars().take(4).collect();
                assert!(
                    inside.contains(&start),
                    "{}: {key} \"{value}\" not in its box {:?}: \"{inside}\"",
                    path.display(),
                    at.bbox
                );
            }
        }
    }
}

#[test]
fn method_names_the_reading() {
    for path in jixiao_testdata::sample_pdfs() {
        let bytes = std::fs::read(&path).unwrap();
        let records = jixiao_pipeline::process("sample.pdf", &bytes)
            .result
            .unwrap_or_default();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // (A table with only its outer frame is read from positions.)
        let expected = if name.starts_with("borderless") || name == "office_calc_frame.pdf" {
            "pdf_borderless"
        } else if name.starts_with("scanned") {
            "ocr"
        } else {
            "pdf_lattice"
        };
        for r in &records {
            assert_eq!(r.source.method, expected, "{name}");
        }
    }
}
