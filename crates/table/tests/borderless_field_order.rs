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
    // lines make a cell. By position the wrapped name still joins its row
    // (its lines overlap the centred labels beside them), but the stacked
    // 项目资金 goes with the row its glyphs sit beside, not with the row
    // its cell was painted before.
    let mut g = painted();
    in_line_order(&mut g);
    let rows = read(g);
    let has = |row: &[&str]| rows.iter().any(|r| r == row);
    assert!(
        has(&[
            "项目名称",
            "公共图书馆数字资源建设及全民阅读推广活动",
            "项目类别",
            "经常性项目"
        ]),
        "{rows:?}"
    );
    assert!(
        has(&[
            "项目资金",
            "其中：财政资金",
            "11,980,000",
            "其中：当年财政拨款",
            "11,980,000"
        ]),
        "{rows:?}"
    );
}

/// A Writer field block in a frame without inner rules (its positions as
/// exported): the merged 项目资金（元） label wrapped three characters a
/// line in its narrow cell and painted with its first row, its top line
/// beside the second row's `其中：财`;
/// wrapped labels and values a half line off their neighbours, less than
/// half the title's em.
fn framed_funding(stack: &[(&str, f32, f32)]) -> Vec<Glyph> {
    let mut g = common::text("财政项目支出绩效目标申报表", 184.0, 86.2, 16.0);
    let cells: [(&str, f32, f32); 29] = [
        ("项目名称", 113.8, 123.8),
        ("中小河道轮疏及河道保洁养护", 189.7, 123.8),
        ("项目性质", 113.8, 137.8),
        ("一次性项目", 189.7, 137.8),
        ("项目类别", 336.9, 137.8),
        ("经常性项目", 392.2, 137.8),
        ("主管部门", 113.8, 158.9),
        ("上海市水务局", 189.7, 158.9),
        ("实施单位", 336.9, 158.9),
        ("上海市河道管理事务中", 392.2, 151.9),
        ("心", 392.2, 165.9),
        ("计划开始日期", 103.3, 187.0),
        ("2025-01-01", 189.7, 187.0),
        ("计划完成", 336.9, 180.0),
        ("日期", 347.4, 194.0),
        ("2025-12-31", 392.2, 187.0),
        ("项目资金", 136.4, 208.1),
        ("总额", 146.9, 222.1),
        ("43,270,800", 263.5, 215.1),
        ("年度资金", 336.9, 208.1),
        ("申请总额", 336.9, 222.1),
        ("43,270,800", 444.9, 215.1),
        ("其中：财", 136.4, 243.2),
        ("政资金", 141.7, 257.2),
        ("43,270,800", 263.5, 250.2),
        ("其中：当", 336.9, 236.2),
        ("年财政拨", 336.9, 250.2),
        ("款", 352.7, 264.3),
        ("43,270,800", 444.9, 250.2),
    ];
    // The merged label is painted first in its row.
    let funding_row = cells.iter().position(|c| c.0 == "项目资金").unwrap_or(0);
    for (k, (s, x, y)) in cells.iter().enumerate() {
        if k == funding_row {
            for &(s, x, y) in stack {
                g.extend(common::text(s, x, y, 10.5));
            }
        }
        g.extend(common::text(s, *x, *y, 10.5));
    }
    g
}

/// The funding rows as read: the label with its first row.
fn funding_rows() -> Vec<Vec<String>> {
    let want: Vec<Vec<&str>> = vec![
        vec![
            "主管部门",
            "上海市水务局",
            "实施单位",
            "上海市河道管理事务中心",
        ],
        vec!["计划开始日期", "2025-01-01", "计划完成日期", "2025-12-31"],
        vec![
            "项目资金（元）",
            "项目资金总额",
            "43,270,800",
            "年度资金申请总额",
            "43,270,800",
        ],
        vec![
            "其中：财政资金",
            "43,270,800",
            "其中：当年财政拨款",
            "43,270,800",
        ],
    ];
    want.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn a_label_wrapped_three_characters_a_line_stays_beside_the_funding_rows() {
    let stack = [
        ("项目资", 92.1, 243.2),
        ("金", 102.6, 257.2),
        ("（元）", 92.1, 271.3),
    ];
    let rows = read(framed_funding(&stack));
    assert_eq!(rows.get(3..), Some(&funding_rows()[..]));
}

#[test]
fn a_label_one_character_a_line_ends_at_its_closing_bracket() {
    // `项`…`）` one a line, and 项目绩效目标 below it in the same column at
    // the same pitch: two labels.
    let mut stack: Vec<(&str, f32, f32)> = Vec::new();
    for (k, c) in ["项", "目", "资", "金", "（", "元", "）"]
        .iter()
        .enumerate()
    {
        stack.push((c, 92.1, 208.1 + 14.0 * k as f32));
    }
    let mut g = framed_funding(&stack);
    for (k, c) in ["项", "目", "绩", "效", "目", "标"].iter().enumerate() {
        g.extend(common::text(c, 92.1, 306.1 + 14.0 * k as f32, 10.5));
    }
    let rows = read(g);
    assert_eq!(rows.get(3..7), Some(&funding_rows()[..]));
}

/// A Calc funding block without rules (positions as exported): the
/// one-line cells painted first, then the stacked 项目资金（元） label, then
/// each wrapped label line by line; each label's two lines lie above and
/// below its amount's.
fn calc_funding() -> Vec<Glyph> {
    let mut g = common::text("财政项目支出绩效目标申报表", 181.7, 78.1, 16.0);
    let cells: [(&str, f32, f32); 27] = [
        ("主管部门", 92.9, 158.3),
        ("上海市绿化和市容管理局", 157.0, 158.3),
        ("实施单位", 355.4, 158.3),
        ("上海市公园管理事务中心", 420.0, 158.3),
        ("86,921,500.00", 280.7, 224.3),
        ("28,640,500.00", 438.2, 224.3),
        ("84,421,500.00", 280.7, 264.1),
        ("26,140,500.00", 438.2, 264.1),
        ("2,500,000.00", 444.0, 303.8),
        ("其他资金", 107.0, 330.0),
        ("2,500,000.00", 286.5, 330.0),
        ("其他资金", 355.4, 330.0),
        ("0", 499.1, 330.0),
        ("项目", 75.5, 251.0),
        ("资金", 75.5, 266.2),
        ("（元", 75.5, 281.4),
        ("）", 80.7, 296.6),
        ("项目资金总", 101.7, 216.7),
        ("额", 122.7, 231.9),
        ("年度资金申", 350.2, 216.7),
        ("请总额", 360.7, 231.9),
        ("其中：财政", 101.7, 256.5),
        ("资金", 117.4, 271.7),
        ("其中：当年", 350.2, 256.5),
        ("财政拨款", 355.4, 271.7),
        ("上年结转资", 350.2, 296.2),
        ("金", 371.2, 311.4),
    ];
    for (s, x, y) in cells {
        g.extend(common::text(s, x, y, 10.5));
    }
    g
}

#[test]
fn wrapped_labels_painted_after_their_amounts_join_the_amounts_rows() {
    let rows = read(calc_funding());
    let want: Vec<Vec<&str>> = vec![
        vec![
            "主管部门",
            "上海市绿化和市容管理局",
            "实施单位",
            "上海市公园管理事务中心",
        ],
        vec![
            "项目资金总额",
            "86,921,500.00",
            "年度资金申请总额",
            "28,640,500.00",
        ],
        vec!["项目资金（元）"],
        vec![
            "其中：财政资金",
            "84,421,500.00",
            "其中：当年财政拨款",
            "26,140,500.00",
        ],
        vec!["上年结转资金", "2,500,000.00"],
        vec!["其他资金", "2,500,000.00", "其他资金", "0"],
    ];
    let want: Vec<Vec<String>> = want
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.get(1..), Some(&want[..]), "{rows:?}");
}

#[test]
fn a_centred_year_painted_before_a_wrapped_name_is_not_its_first_line() {
    // Calc paints the one-line cells, the year last, then the wrapped
    // project name: the year lies one line above the name's first line
    // and overlaps it across, but it is far shorter.
    let mut g = common::text("财政项目支出绩效目标申报表", 181.7, 78.1, 16.0);
    let cells: [(&str, f32, f32); 7] = [
        ("项目名称", 92.9, 123.5),
        ("项目类别", 355.4, 123.5),
        ("经常性项目", 420.0, 123.5),
        ("（2024年度）", 240.0, 102.0),
        ("城市公园绿地及行道树日常养护管理（含古", 150.0, 116.0),
        ("树名木保护）", 200.0, 131.0),
        ("主管部门", 92.9, 158.3),
    ];
    for (s, x, y) in cells {
        g.extend(common::text(s, x, y, 10.5));
    }
    let rows = read(g);
    assert_eq!(
        rows.get(1..3),
        Some(
            &[
                vec!["（2024年度）".to_string()],
                vec![
                    "项目名称".to_string(),
                    "城市公园绿地及行道树日常养护管理（含古树名木保护）".to_string(),
                    "项目类别".to_string(),
                    "经常性项目".to_string(),
                ],
            ][..]
        ),
        "{rows:?}"
    );
}

/// Glyphs of `cells` at 9 pt, painted in the order given.
fn painted_cells(cells: &[(&str, f32, f32)], size: f32) -> Vec<Glyph> {
    let mut g = common::text("财政项目支出绩效目标申报表", 192.6, 56.0, 15.0);
    for &(s, x, y) in cells {
        g.extend(common::text(s, x, y, size));
    }
    g
}

/// `rows` as strings, for comparing.
fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn a_label_painted_apart_from_the_text_beside_it_is_a_cell_of_its_own() {
    // Calc (positions as exported): the narrow column's 项目资金（/元）
    // ends 3.6 pt before 其中：财政资金 and shares its segment, though it
    // was painted later; two wrapped labels of one column (其中：当年/财政
    // 拨款, 上年结转资/金) are painted one after the other, a row's padding
    // further apart than a cell's lines.
    let cells = [
        ("项目资金总额", 105.6, 175.8),
        ("55,300,000", 329.8, 175.8),
        ("55,300,000", 483.8, 175.8),
        ("其中：财政资金", 101.1, 205.1),
        ("52,300,000", 329.8, 205.1),
        ("50,800,000", 483.8, 205.1),
        ("1,500,000", 488.8, 233.0),
        ("其他资金", 114.6, 257.5),
        ("3,000,000", 334.8, 257.5),
        ("其他资金", 385.8, 257.5),
        ("3,000,000", 488.8, 257.5),
        ("项目资金（", 52.4, 207.1),
        ("元）", 65.9, 220.2),
        ("年度资金申", 381.3, 169.4),
        ("请总额", 390.3, 182.3),
        ("其中：当年", 381.3, 198.6),
        ("财政拨款", 385.8, 211.5),
        ("上年结转资", 381.3, 226.5),
        ("金", 399.3, 239.5),
    ];
    let rows = read(painted_cells(&cells, 9.0));
    let want = strings(&[
        &[
            "项目资金总额",
            "55,300,000",
            "年度资金申请总额",
            "55,300,000",
        ],
        &[
            "项目资金（元）",
            "其中：财政资金",
            "52,300,000",
            "其中：当年财政拨款",
            "50,800,000",
        ],
        &["上年结转资金", "1,500,000"],
        &["其他资金", "3,000,000", "其他资金", "3,000,000"],
    ]);
    assert_eq!(rows.get(1..), Some(&want[..]), "{rows:?}");
}

#[test]
fn a_label_starting_with_nian_after_an_amount_is_the_next_cell() {
    // `37,857,285` and the centred middle line `年财政拨` of 其中：当/年财
    // 政拨/款, 0.56 em apart: 年 after a number grouped by thousands is
    // not a date's.
    let cells = [
        ("项目资金总额", 105.0, 224.4),
        ("37,857,285", 290.0, 224.4),
        ("年度资金申请总额", 345.9, 224.4),
        ("37,857,285", 454.5, 224.4),
        ("其中：财政资金", 105.0, 262.7),
        ("37,857,285", 290.0, 262.7),
        ("37,857,285", 454.5, 262.7),
        ("其中：当", 345.9, 248.2),
        ("年财政拨", 345.9, 262.7),
        ("款", 355.9, 277.2),
    ];
    let rows = read(painted_cells(&cells, 10.0));
    let want = strings(&[
        &[
            "项目资金总额",
            "37,857,285",
            "年度资金申请总额",
            "37,857,285",
        ],
        &[
            "其中：财政资金",
            "37,857,285",
            "其中：当年财政拨款",
            "37,857,285",
        ],
    ]);
    assert_eq!(rows.get(1..), Some(&want[..]), "{rows:?}");
}
