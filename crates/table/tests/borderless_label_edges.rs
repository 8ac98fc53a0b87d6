//! Borderless indicator tables whose 二级 label runs up to the 三级 column:
//! Calc right-pads a label cell by a quarter em, so a long label
//! (`可持续影响指标`) in a narrow 二级 column ends a sliver short of the
//! left-aligned name beside it.

use jixiao_page::Glyph;

mod common;
use common::{from_pdf, page, row_strings};

const SIZE: f32 = 10.0;
const PITCH: f32 = 20.0;
/// Left edge of the 三级 names (the common header's 三级 column).
const NAME_X: f32 = 245.0;

fn text(s: &str, x: f32, y: f32) -> Vec<Glyph> {
    common::text(s, x, y, SIZE)
}

/// Indicator row `k`: the name at the 三级 edge and a target.
fn data_row(k: usize, name: &str, target: &str) -> Vec<Glyph> {
    let y = 130.0 + k as f32 * PITCH;
    let mut g = text(name, NAME_X, y);
    g.extend(text(target, 470.0, y));
    g
}

/// A page whose last row's 二级 label ends `gap` points before its name.
fn page_with_label_gap(gap: f32) -> Vec<Vec<String>> {
    let mut g = common::header(100.0, SIZE);
    g.extend(text("效益指标", 100.0, 150.0));
    g.extend(text("社会效益指标", 175.0, 140.0));
    g.extend(data_row(0, "各项政策知晓度", ">95%"));
    g.extend(data_row(1, "服务对象知晓率", "=100%"));
    g.extend(data_row(2, "投诉事件发生数", "=0件"));
    let label = "可持续影响指标";
    let width = SIZE * label.chars().count() as f32;
    g.extend(text(label, NAME_X - gap - width, 130.0 + 3.0 * PITCH));
    g.extend(data_row(3, "信息化覆盖率", "=100%"));
    let doc = from_pdf(&[page(1, g)]);
    row_strings(&doc)
}

#[test]
fn a_label_a_quarter_em_short_of_the_name_is_a_cell_of_its_own() {
    let rows = page_with_label_gap(2.5);
    assert_eq!(
        rows.last().unwrap(),
        &vec!["可持续影响指标", "信息化覆盖率", "=100%"]
    );
}

#[test]
fn a_name_set_solid_at_the_edge_stays_whole() {
    // Text touching the edge is one cell: a name that starts left of the
    // column edge is not cut at it.
    let rows = page_with_label_gap(0.0);
    assert_eq!(
        rows.last().unwrap(),
        &vec!["可持续影响指标信息化覆盖率", "=100%"]
    );
}
