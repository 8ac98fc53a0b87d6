//! A word processor's borderless field block: cells painted one after
//! another, row by row, so a wrapped project name's two lines lie above
//! and below its label's line, and a merged 项目资金 label is painted with
//! the first row of its block though centred lower.

use jixiao_page::Glyph;

mod common;
use common::{from_pdf, in_line_order, page, row_strings};

const SIZE: f32 = 10.0;

fn text(s: &str, x: f32, y: f32) -> Vec<Glyph> {
    common::text(s, x, y, SIZE)
}

/// The block as Writer paints it: cell by cell, each row left to right.
fn painted() -> Vec<Glyph> {
    let mut g = text("财政项目支出绩效目标申报表", 180.0, 60.0);
    g.extend(text("（2024年度）", 250.0, 80.0));
    // Row 1: the label centred beside a name of two lines.
    g.extend(text("项目名称", 100.0, 116.0));
    g.extend(text("公共图书馆数字资源建设及全民", 180.0, 110.0));
    g.extend(text("阅读推广活动", 180.0, 122.0));
    g.extend(text("项目类别", 340.0, 116.0));
    g.extend(text("经常性项目", 400.0, 116.0));
    // Row 2: one line each.
    g.extend(text("主管部门", 100.0, 140.0));
    g.extend(text("上海市文化和旅游局", 180.0, 140.0));
    g.extend(text("实施单位", 340.0, 140.0));
    g.extend(text("上海图书馆", 400.0, 140.0));
    // Row 3: the merged 项目资金 label (centred over rows 3 and 4, painted
    // first), then labels of two lines around their amounts.
    g.extend(text("项目资", 70.0, 180.0));
    g.extend(text("金", 80.0, 192.0));
    g.extend(text("项目资金", 120.0, 160.0));
    g.extend(text("总额", 130.0, 172.0));
    g.extend(text("12,480,000", 250.0, 166.0));
    g.extend(text("年度资金申请", 330.0, 160.0));
    g.extend(text("总额", 350.0, 172.0));
    g.extend(text("12,480,000", 450.0, 166.0));
    // Row 4.
    g.extend(text("其中：财", 120.0, 190.0));
    g.extend(text("政资金", 125.0, 202.0));
    g.extend(text("11,980,000", 250.0, 196.0));
    g.extend(text("其中：当年财", 330.0, 190.0));
    g.extend(text("政拨款", 340.0, 202.0));
    g.extend(text("11,980,000", 450.0, 196.0));
    g
}

fn read(glyphs: Vec<Glyph>) -> Vec<Vec<String>> {
    let doc = from_pdf(&[page(1, glyphs)]);
    row_strings(&doc)
}

#[test]
fn cells_painted_row_by_row_are_read_as_rows() {
    let rows = read(painted());
    let want: Vec<Vec<&str>> = vec![
        vec!["财政项目支出绩效目标申报表"],
        vec!["（2024年度）"],
        vec![
            "项目名称",
            "公共图书馆数字资源建设及全民阅读推广活动",
            "项目类别",
            "经常性项目",
        ],
        vec!["主管部门", "上海市文化和旅游局", "实施单位", "上海图书馆"],
        vec![
            "项目资金",
            "项目资金总额",
            "12,480,000",
            "年度资金申请总额",
            "12,480,000",
        ],
        vec![
            "其中：财政资金",
            "11,980,000",
            "其中：当年财政拨款",
            "11,980,000",
        ],
    ];
    assert_eq!(rows, want);
}

#[test]
fn the_same_text_painted_line_by_line_keeps_the_reading_by_position() {
    // An OCR layer or a generator writes line by line: nothing says which
    // lines make a cell, and the name's lines stay rows of their own.
    let mut g = painted();
    in_line_order(&mut g);
    let rows = read(g);
    assert!(
        rows.contains(&vec!["公共图书馆数字资源建设及全民".to_string()]),
        "{rows:?}"
    );
}
