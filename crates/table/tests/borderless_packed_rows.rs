//! Borderless indicator tables whose two-line rows fill their rows (Calc
//! grows a row to its text and pads it by a point or two): the gap between
//! two such rows is hardly wider than the gap between the lines of one
//! cell, and only where the text ends tells the rows apart.

use jixiao_page::Glyph;

mod common;
use common::{from_pdf, page, rows};

const SIZE: f32 = 8.5;
/// Between the lines of one cell.
const LINE_PITCH: f32 = 12.4;
/// Between the rows: two lines and a point and a half of padding.
const ROW_PITCH: f32 = 26.0;
const NAME_X: f32 = 245.0;
const TARGET_X: f32 = 470.0;

fn text(s: &str, x: f32, y: f32) -> Vec<Glyph> {
    common::text(s, x, y, SIZE)
}

/// A row at `top` whose name fills `lines` (the last may be short), its
/// target centred beside them.
fn row(top: f32, lines: &[&str], target: &str) -> Vec<Glyph> {
    let mut g = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        g.extend(text(l, NAME_X, top + k as f32 * LINE_PITCH));
    }
    let centre = top + (lines.len() - 1) as f32 * LINE_PITCH / 2.0;
    g.extend(text(target, TARGET_X, centre));
    g
}

fn table() -> Vec<Vec<String>> {
    let mut g = common::header(100.0, SIZE);
    g.extend(text("满意度指标", 100.0, 130.0 + 2.0 * ROW_PITCH));
    g.extend(text("服务对象满意度", 165.0, 130.0 + 2.0 * ROW_PITCH));
    g.extend(row(130.0, &["驻点单位满意度"], ">90%"));
    g.extend(row(130.0 + ROW_PITCH, &["工作人员满意度"], ">95%"));
    // First lines of 18 characters: the column's full width.
    g.extend(row(
        130.0 + 2.0 * ROW_PITCH,
        &[
            "游客及周边居民满意度含线上线下各类渠",
            "道按全年累计口径计算",
        ],
        "≥90%",
    ));
    g.extend(row(
        130.0 + 3.0 * ROW_PITCH,
        &[
            "区绿化管理部门对养护作业的满意度以第",
            "三方机构年度抽样调查结果为准",
        ],
        "≥85%",
    ));
    // One-line rows below, so that rows are mostly a row gap apart.
    for (k, (name, target)) in [
        ("参保对象满意度", ">95%"),
        ("投诉事件发生数", "=0件"),
        ("群众满意度", "≥90%"),
        ("社区居民满意度", "≥90%"),
        ("商户满意度", "≥85%"),
        ("学生满意度", "≥95%"),
    ]
    .into_iter()
    .enumerate()
    {
        g.extend(row(130.0 + (4 + k) as f32 * ROW_PITCH, &[name], target));
    }
    // Painted line by line, as Calc's export reads (not cell by cell).
    g.sort_by(|a, b| {
        (a.bbox.y0, a.bbox.x0)
            .partial_cmp(&(b.bbox.y0, b.bbox.x0))
            .unwrap()
    });
    let doc = from_pdf(&[page(1, g)]);
    rows(&doc)
        .into_iter()
        .map(|r| r.into_iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn a_name_whose_last_line_has_room_ends_its_row() {
    let rows = table();
    let names: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.iter().rev().nth(1).map(String::as_str))
        .collect();
    assert!(
        names.contains(&"游客及周边居民满意度含线上线下各类渠道按全年累计口径计算"),
        "{rows:?}"
    );
    assert!(
        names.contains(&"区绿化管理部门对养护作业的满意度以第三方机构年度抽样调查结果为准"),
        "{rows:?}"
    );
    assert_eq!(rows.len(), 11, "{rows:?}");
}
