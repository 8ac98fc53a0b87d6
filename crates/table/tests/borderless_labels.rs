//! Borderless indicator tables: 一级/二级 labels of merged cells are
//! printed vertically centred in their group and must come out on the
//! group's first row (the lattice convention), with no label-only rows.

use jixiao_page::Glyph;

const SIZE: f32 = 10.0;
/// Row pitch of one-line indicator rows.
const PITCH: f32 = 20.0;
/// Top of the first indicator row.
const TOP: f32 = 130.0;

mod common;
use common::{cols_of, from_pdf, page, rows};

/// Glyphs for `s` at the tests' font size.
fn text(s: &str, x: f32, y: f32) -> Vec<Glyph> {
    common::text(s, x, y, SIZE)
}

/// The indicator header (see [`common::header`]).
fn header(y: f32) -> Vec<Glyph> {
    common::header(y, SIZE)
}

/// Top of indicator row `k` (0-based).
fn row_top(k: usize) -> f32 {
    TOP + k as f32 * PITCH
}

/// One indicator row: a left-aligned name and a target.
fn data_row(k: usize, name: &str, target: &str) -> Vec<Glyph> {
    let mut g = text(name, 245.0, row_top(k));
    g.extend(text(target, 470.0, row_top(k)));
    g
}

/// A label centred on rows `first..=last` in the column starting at `x`.
fn centred(label: &str, x: f32, first: usize, last: usize) -> Vec<Glyph> {
    text(label, x, (row_top(first) + row_top(last)) / 2.0)
}

const L1: f32 = 100.0;
const L2: f32 = 175.0;

#[test]
fn even_group_label_between_two_lines() {
    let mut g = header(100.0);
    g.extend(data_row(0, "户外招牌更新维修数", "=9块"));
    g.extend(data_row(1, "公厕改造数", "=3座"));
    g.extend(data_row(2, "验收合格率", "=100%"));
    g.extend(data_row(3, "质保期内返修率", "<5%"));
    // 一级 over all four rows: between rows 1 and 2; each 二级 over two.
    g.extend(centred("产出指标", L1, 0, 3));
    g.extend(centred("数量指标", L2, 0, 1));
    g.extend(centred("质量指标", L2, 2, 3));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec!["产出指标", "数量指标", "户外招牌更新维修数", "=9块"],
            vec!["公厕改造数", "=3座"],
            vec!["质量指标", "验收合格率", "=100%"],
            vec!["质保期内返修率", "<5%"],
        ]
    );
    assert_eq!(cols_of(&doc, 1), vec![1, 2, 3, 4]);
    assert_eq!(cols_of(&doc, 3), vec![2, 3, 4]);
    assert!(doc.rows.iter().all(|r| r.in_table || r.cells.len() == 1));
}

#[test]
fn odd_group_label_on_middle_line() {
    let mut g = header(100.0);
    g.extend(data_row(0, "户外招牌更新维修数", "=9块"));
    g.extend(data_row(1, "公厕改造数", "=3座"));
    g.extend(data_row(2, "绿化补植面积", "≥500平方米"));
    g.extend(data_row(3, "验收合格率", "=100%"));
    g.extend(data_row(4, "质保期内返修率", "<5%"));
    g.extend(data_row(5, "群众满意度", "≥90%"));
    // 产出指标 over rows 0–4 (middle: row 2), 数量指标 over 0–2 (row 1),
    // 质量指标 over 3–4 (between), then a one-row 满意度 group.
    g.extend(centred("产出指标", L1, 0, 4));
    g.extend(centred("数量指标", L2, 0, 2));
    g.extend(centred("质量指标", L2, 3, 4));
    g.extend(centred("满意度指标", L1 - 5.0, 5, 5));
    g.extend(centred("服务满意度指标", L2 - 10.0, 5, 5));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec!["产出指标", "数量指标", "户外招牌更新维修数", "=9块"],
            vec!["公厕改造数", "=3座"],
            vec!["绿化补植面积", "≥500平方米"],
            vec!["质量指标", "验收合格率", "=100%"],
            vec!["质保期内返修率", "<5%"],
            vec!["满意度指标", "服务满意度指标", "群众满意度", "≥90%"],
        ]
    );
}

#[test]
fn adjacent_single_line_groups() {
    let mut g = header(100.0);
    g.extend(data_row(0, "公园绿地养护单价", "≤18.5元"));
    g.extend(data_row(1, "有责投诉数", "≤5件"));
    g.extend(data_row(2, "化学农药使用量下降比例", "≥5%"));
    // 一级 over the three rows sits on the middle line, next to a 二级
    // label of its own one-row group.
    g.extend(centred("成本指标", L1, 0, 2));
    g.extend(centred("经济成本指标", L2 - 5.0, 0, 0));
    g.extend(centred("社会成本指标", L2 - 5.0, 1, 1));
    g.extend(centred("生态成本指标", L2 - 5.0, 2, 2));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec!["成本指标", "经济成本指标", "公园绿地养护单价", "≤18.5元"],
            vec!["社会成本指标", "有责投诉数", "≤5件"],
            vec!["生态成本指标", "化学农药使用量下降比例", "≥5%"],
        ]
    );
}

#[test]
fn wrapped_labels_joined_and_centred() {
    let mut g = header(100.0);
    g.extend(data_row(0, "古树名木保护长效管理机制", "健全"));
    g.extend(data_row(1, "游客满意度", "≥90%"));
    g.extend(data_row(2, "管理部门满意度", "≥90%"));
    // 可持续影/响指标 wrapped over two lines 12 pt apart, centred on row 0.
    let wrap = 12.0;
    let mid0 = row_top(0);
    g.extend(text("可持续影", L2, mid0 - wrap / 2.0));
    g.extend(text("响指标", L2, mid0 + wrap / 2.0));
    g.extend(text("效益指标", L1, mid0));
    // 服务对象满意度指/标 centred on rows 1–2, and the 一级 label there.
    let mid12 = (row_top(1) + row_top(2)) / 2.0;
    g.extend(text("服务对象满", L2, mid12 - wrap / 2.0));
    g.extend(text("意度指标", L2, mid12 + wrap / 2.0));
    g.extend(text("满意度指标", L1 - 5.0, mid12));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec![
                "效益指标",
                "可持续影响指标",
                "古树名木保护长效管理机制",
                "健全"
            ],
            vec!["满意度指标", "服务对象满意度指标", "游客满意度", "≥90%"],
            vec!["管理部门满意度", "≥90%"],
        ]
    );
}

#[test]
fn continuation_page_keeps_groups_apart() {
    // Page 1: a group running off the bottom, its label printed here.
    let mut g1 = header(100.0);
    g1.extend(data_row(0, "市民游园环境", "有效改善"));
    g1.extend(data_row(1, "城市绿化景观水平", "提升"));
    g1.extend(centred("效益指标", L1, 0, 1));
    g1.extend(centred("社会效益指标", L2 - 5.0, 0, 1));
    // Page 2, no header: the first row still belongs to 效益指标 (its own
    // 二级 label), then a 一级 label centred on the two rows after it.
    let mut g2 = data_row(0, "古树名木保护长效管理机制", "健全");
    g2.extend(centred("可持续影响指标", L2 - 10.0, 0, 0));
    g2.extend(data_row(1, "游客满意度", "≥90%"));
    g2.extend(data_row(2, "管理部门满意度", "≥90%"));
    g2.extend(centred("满意度指标", L1 - 5.0, 1, 2));
    g2.extend(centred("服务满意度指标", L2 - 10.0, 1, 2));
    let doc = from_pdf(&[page(1, g1), page(2, g2)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec!["效益指标", "社会效益指标", "市民游园环境", "有效改善"],
            vec!["城市绿化景观水平", "提升"],
            vec!["可持续影响指标", "古树名木保护长效管理机制", "健全"],
            vec!["满意度指标", "服务满意度指标", "游客满意度", "≥90%"],
            vec!["管理部门满意度", "≥90%"],
        ]
    );
    assert_eq!(cols_of(&doc, 3), vec![2, 3, 4]);
    assert_eq!(cols_of(&doc, 4), vec![1, 2, 3, 4]);
    assert!(doc
        .rows
        .get(3)
        .is_some_and(|r| r.after_break && r.page == 2));
}

#[test]
fn label_below_the_last_row_stays_a_row() {
    // A label no group can be centred on is kept where it was printed.
    let mut g = header(100.0);
    g.extend(data_row(0, "户外招牌更新维修数", "=9块"));
    g.extend(text("数量指标", L2, row_top(0)));
    g.extend(text("质量指标", L2, row_top(3)));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec!["数量指标", "户外招牌更新维修数", "=9块"],
            vec!["质量指标"],
        ]
    );
}

#[test]
fn group_running_onto_next_page_opens_a_cell() {
    // Page 1: 时效指标 centred on rows 0–1; row 2 starts a 成本指标 group
    // whose label is printed on page 2 (the larger part).
    let mut g1 = header(100.0);
    g1.extend(data_row(0, "补贴资金拨付及时性", "及时"));
    g1.extend(data_row(1, "食堂建成投用时间", "11月30日前"));
    g1.extend(data_row(2, "一次性建设补贴标准", "≤30万元/家"));
    g1.extend(centred("产出指标", L1, 0, 2));
    g1.extend(centred("时效指标", L2, 0, 1));
    let mut g2 = data_row(0, "运营补贴标准", "≤5万元/个");
    g2.extend(data_row(1, "每餐补贴标准", "≤5元/人"));
    g2.extend(centred("成本指标", L2, 0, 1));
    let doc = from_pdf(&[page(1, g1), page(2, g2)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec!["产出指标", "时效指标", "补贴资金拨付及时性", "及时"],
            vec!["食堂建成投用时间", "11月30日前"],
            vec!["一次性建设补贴标准", "≤30万元/家"],
            vec!["成本指标", "运营补贴标准", "≤5万元/个"],
            vec!["每餐补贴标准", "≤5元/人"],
        ]
    );
    let open: Vec<&[usize]> = doc.rows.iter().map(|r| r.open_cells.as_slice()).collect();
    assert_eq!(open, vec![&[][..], &[], &[], &[2], &[], &[]]);
}

#[test]
fn wrapped_name_beside_centred_target_is_one_row() {
    // Tight rows (gap 6 pt) and wrapped names (gap 3.5 pt): the wrap gaps
    // are too many for the median test, so each indicator's lines are
    // joined by what they hold: a name line without a target belongs to
    // the nearer neighbour.
    let mut g = header(100.0);
    g.extend(text("公厕改造数", 245.0, 124.0));
    g.extend(text("=3座", 470.0, 124.0));
    // Three lines, target on the middle one.
    g.extend(text("分中心开展社保特色项目或爱心志愿项", 245.0, 140.0));
    g.extend(text("目情况（以第三方机构年度抽样调查结", 245.0, 153.5));
    g.extend(text("果为准）", 245.0, 167.0));
    g.extend(text("完成", 470.0, 153.5));
    g.extend(text("验收合格率", 245.0, 183.0));
    g.extend(text("=100%", 470.0, 183.0));
    // Two lines, target between them.
    g.extend(text("中小河道轮疏长度覆盖全区各街道镇及", 245.0, 199.0));
    g.extend(text("重点区域", 245.0, 212.5));
    g.extend(text("≥85公里", 470.0, 205.75));
    g.extend(text("群众满意度", 245.0, 228.5));
    g.extend(text("≥90%", 470.0, 228.5));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec!["公厕改造数", "=3座"],
            vec![
                "分中心开展社保特色项目或爱心志愿项目情况（以第三方机构年度抽样调查结果为准）",
                "完成"
            ],
            vec!["验收合格率", "=100%"],
            vec!["中小河道轮疏长度覆盖全区各街道镇及重点区域", "≥85公里"],
            vec!["群众满意度", "≥90%"],
        ]
    );
}

#[test]
fn short_names_in_wide_column_stay_out_of_narrow_label_column() {
    // 二级 column [160,240) with its label centred; a wide 三级 column
    // whose centred label starts far right: halfway between the labels
    // (x = 300) lies inside the 三级 column, right of the short names.
    let mut g = text("一级指标", 100.0, 100.0);
    g.extend(text("二级指标", 180.0, 100.0));
    g.extend(text("三级指标", 380.0, 100.0));
    g.extend(text("指标目标值", 520.0, 100.0));
    g.extend(text("公厕改造数", 245.0, row_top(0)));
    g.extend(text("=3座", 530.0, row_top(0)));
    g.extend(text("验收合格率", 245.0, row_top(1)));
    g.extend(text("=100%", 530.0, row_top(1)));
    g.extend(text("产出指标", L1, (row_top(0) + row_top(1)) / 2.0));
    g.extend(text("数量指标", L2, (row_top(0) + row_top(1)) / 2.0));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec!["产出指标", "数量指标", "公厕改造数", "=3座"],
            vec!["验收合格率", "=100%"],
        ]
    );
    assert_eq!(cols_of(&doc, 1), vec![1, 2, 3, 4]);
    assert_eq!(cols_of(&doc, 2), vec![3, 4]);
}

#[test]
fn two_line_row_label_straddling_a_row_is_not_a_wrap() {
    // 绩效/指标 printed as two lines of two, centred on the table: they
    // fall between rows, one of them on a text line with the 二级 label
    // centred on rows 1–2. Rows 1 and 2 must stay two indicators.
    let mut g = header(100.0);
    g.extend(data_row(0, "户外招牌更新维修数", "=9块"));
    g.extend(data_row(1, "数据库续订完成时间", "3月31日前"));
    g.extend(data_row(2, "工程完工时间", "年内完成"));
    g.extend(text("绩效", 50.0, row_top(1) - 7.0));
    g.extend(text("指标", 50.0, row_top(1) + 7.0));
    g.extend(centred("产出指标", L1, 0, 2));
    g.extend(centred("数量指标", L2, 0, 0));
    g.extend(centred("时效指标", L2, 1, 2));
    let doc = from_pdf(&[page(1, g)]);
    let data: Vec<Vec<&str>> = rows(&doc)
        .into_iter()
        .filter(|r| r.iter().any(|c| c.contains("完成") || c.contains("数")))
        .collect();
    assert_eq!(
        data,
        vec![
            vec!["产出指标", "数量指标", "户外招牌更新维修数", "=9块"],
            vec!["时效指标", "数据库续订完成时间", "3月31日前"],
            vec!["工程完工时间", "年内完成"],
        ],
        "{:?}",
        rows(&doc)
    );
    // The row label is one cell, not two.
    let labels: Vec<&str> = rows(&doc)
        .into_iter()
        .flatten()
        .filter(|c| c.contains("绩效") || *c == "指标")
        .collect();
    assert_eq!(labels, vec!["绩效指标"]);
}

#[test]
fn wrapped_label_touching_a_left_aligned_name_is_split_off() {
    // A narrow 二级 column whose label wraps (社会效益指/标) ends 4 pt
    // (0.4 em) before the left-aligned 三级 names; its first line shares a
    // text line with a name. The names' common left edge splits them.
    // The label's two lines are centred on rows 0–1.
    let mut g = header(100.0);
    let names = [
        "养老金应付尽付率",
        "社保政策宣传",
        "信息化覆盖率",
        "系统内推广率",
    ];
    for (k, name) in names.iter().enumerate() {
        g.extend(text(name, 249.0, row_top(k)));
        g.extend(text("=100%", 470.0, row_top(k)));
    }
    g.extend(text("社会效益指", 195.0, row_top(0) + 3.0));
    g.extend(text("标", 195.0, row_top(0) + 16.0));
    g.extend(centred("效益指标", L1, 0, 3));
    g.extend(centred("可持续指标", L2 - 5.0, 2, 3));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec!["效益指标", "社会效益指标", "养老金应付尽付率", "=100%"],
            vec!["社保政策宣传", "=100%"],
            vec!["可持续指标", "信息化覆盖率", "=100%"],
            vec!["系统内推广率", "=100%"],
        ]
    );
}

#[test]
fn stacked_row_label_sharing_a_line_with_a_label_is_not_a_wrap() {
    // 绩/效/指/标 one character per line, 15 pt apart; 绩 falls on the line
    // of the 二级 label centred between rows 1 and 2. Once the label is
    // lifted, that line holds only the row label: not a wrap of rows 1, 2.
    let mut g = header(100.0);
    g.extend(data_row(0, "户外招牌更新维修数", "=9块"));
    g.extend(data_row(1, "数据库续订完成时间", "3月31日前"));
    g.extend(data_row(2, "工程完工时间", "年内完成"));
    g.extend(data_row(3, "阅读推广活动场均成本", "<=15000元/场"));
    g.extend(data_row(4, "验收合格率", "=100%"));
    for (k, ch) in ["绩", "效", "指", "标"].iter().enumerate() {
        g.extend(text(ch, 50.0, row_top(1) + 10.0 + 15.0 * k as f32));
    }
    g.extend(centred("产出指标", L1, 0, 4));
    g.extend(centred("数量指标", L2, 0, 0));
    g.extend(centred("时效指标", L2, 1, 2));
    g.extend(centred("成本指标", L2, 3, 4));
    let doc = from_pdf(&[page(1, g)]);
    let data: Vec<Vec<&str>> = rows(&doc)
        .into_iter()
        .filter(|r| r.len() > 1 && !r.contains(&"一级指标"))
        .collect();
    assert_eq!(
        data,
        vec![
            vec!["产出指标", "数量指标", "户外招牌更新维修数", "=9块"],
            vec!["时效指标", "数据库续订完成时间", "3月31日前"],
            vec!["工程完工时间", "年内完成"],
            vec!["成本指标", "阅读推广活动场均成本", "<=15000元/场"],
            vec!["验收合格率", "=100%"],
        ],
        "{:?}",
        rows(&doc)
    );
}

#[test]
fn repeated_header_page_keeps_rows_of_the_previous_group() {
    // Page 1: 数量指标 centred on its two rows there. Page 2 repeats the
    // header; its first two rows still belong to 数量指标, then 质量指标
    // is centred on the two rows after them, and 产出指标 on all four.
    let mut g1 = header(100.0);
    g1.extend(data_row(0, "公园绿地养护面积", "≥1268公顷"));
    g1.extend(data_row(1, "绿化补植补种面积", "≥35000平方米"));
    g1.extend(centred("数量指标", L2, 0, 1));
    let mut g2 = header(100.0);
    g2.extend(data_row(0, "新增老年助餐服务点数量", "≥100个"));
    g2.extend(data_row(1, "新增社区长者食堂数量", "=40家"));
    g2.extend(data_row(2, "养护质量考核达标率", "≥95%"));
    g2.extend(data_row(3, "行道树修剪后树冠完整率", "≥90%"));
    g2.extend(centred("产出指标", L1, 0, 3));
    g2.extend(centred("质量指标", L2, 2, 3));
    let doc = from_pdf(&[page(1, g1), page(2, g2)]);
    let data: Vec<Vec<&str>> = rows(&doc)
        .into_iter()
        .filter(|r| !r.contains(&"一级指标"))
        .collect();
    assert_eq!(
        data,
        vec![
            vec!["数量指标", "公园绿地养护面积", "≥1268公顷"],
            vec!["绿化补植补种面积", "≥35000平方米"],
            vec!["产出指标", "新增老年助餐服务点数量", "≥100个"],
            vec!["新增社区长者食堂数量", "=40家"],
            vec!["质量指标", "养护质量考核达标率", "≥95%"],
            vec!["行道树修剪后树冠完整率", "≥90%"],
        ]
    );
}

#[test]
fn header_labels_closer_than_the_cell_gap_are_separate_columns() {
    // 一级指标 ends 10 pt (1 em) before 二级指标: one segment at the normal
    // cell gap, yet two columns.
    let mut g = text("一级指标", 100.0, 100.0);
    g.extend(text("二级指标", 150.0, 100.0));
    g.extend(text("三级指标", 320.0, 100.0));
    g.extend(text("指标目标值", 465.0, 100.0));
    g.extend(data_row(0, "公厕改造数", "=3座"));
    g.extend(data_row(1, "验收合格率", "=100%"));
    g.extend(text("产出指标", 100.0, (row_top(0) + row_top(1)) / 2.0));
    g.extend(text("数量指标", 150.0, row_top(0)));
    g.extend(text("质量指标", 150.0, row_top(1)));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec!["产出指标", "数量指标", "公厕改造数", "=3座"],
            vec!["质量指标", "验收合格率", "=100%"],
        ]
    );
    assert_eq!(cols_of(&doc, 1), vec![1, 2, 3, 4]);
}

#[test]
fn name_and_target_wrapping_together_are_one_row() {
    // Rows 10 pt apart (their padding); most indicators wrap their name
    // beside a target centred on it, so most line gaps are overlaps and say
    // nothing. One wraps both its name and its target over two lines 3 pt
    // apart: two complete lines, a wrap gap apart.
    let mut g = header(100.0);
    let mut y = 124.0;
    let mut expected = vec![vec![
        "一级指标".to_string(),
        "二级指标".to_string(),
        "三级指标".to_string(),
        "指标目标值".to_string(),
    ]];
    for k in 0..5 {
        let (a, b) = (
            format!("补贴资金拨付及时性第{k}项（含线上线下各类"),
            "渠道，按全年累计口径计算）",
        );
        g.extend(text(&a, 245.0, y));
        g.extend(text("及时", 470.0, y + 6.5));
        g.extend(text(b, 245.0, y + 13.0));
        expected.push(vec![format!("{a}{b}"), "及时".to_string()]);
        y += 33.0;
        if k == 2 {
            g.extend(text("新增长者食堂建成投用时间及相关配套服务", 245.0, y));
            g.extend(text("2023年11月30日", 450.0, y));
            g.extend(text("保障工作的完成情况", 245.0, y + 13.0));
            g.extend(text("前", 480.0, y + 13.0));
            expected.push(vec![
                "新增长者食堂建成投用时间及相关配套服务保障工作的完成情况".to_string(),
                "2023年11月30日前".to_string(),
            ]);
            y += 33.0;
        }
    }
    g.extend(text("群众满意度", 245.0, y));
    g.extend(text("≥90%", 470.0, y));
    expected.push(vec!["群众满意度".to_string(), "≥90%".to_string()]);
    let doc = from_pdf(&[page(1, g)]);
    let got: Vec<Vec<String>> = rows(&doc)
        .into_iter()
        .map(|r| r.into_iter().map(str::to_string).collect())
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn header_label_wrapped_in_a_narrow_column_is_one_label() {
    // 一级指标 wraps (一级指 / 标) around the line of the other labels.
    let mut g = text("一级指", 105.0, 93.5);
    g.extend(text("标", 115.0, 106.5));
    g.extend(text("二级指标", 180.0, 100.0));
    g.extend(text("三级指标", 320.0, 100.0));
    g.extend(text("指标目标值", 465.0, 100.0));
    g.extend(data_row(0, "户外招牌更新维修数", "=9块"));
    g.extend(data_row(1, "公厕改造数", "=3座"));
    g.extend(centred("产出指标", L1, 0, 1));
    g.extend(centred("数量指标", L2, 0, 1));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec!["产出指标", "数量指标", "户外招牌更新维修数", "=9块"],
            vec!["公厕改造数", "=3座"],
        ]
    );
    assert_eq!(cols_of(&doc, 1), vec![1, 2, 3, 4]);
}

#[test]
fn label_wrapped_over_three_lines_is_one_label() {
    // 服务对象 / 满意度指 / 标 on a 13 pt pitch, centred on rows 0–2.
    let mut g = header(100.0);
    g.extend(data_row(0, "读者满意度", "≥92%"));
    g.extend(data_row(1, "合作区级图书馆满意度", "≥90%"));
    g.extend(data_row(2, "考点学校满意度", "≥90%"));
    let cy = (row_top(0) + row_top(2) + SIZE) / 2.0;
    g.extend(text("服务对象", L2, cy - 13.0 - SIZE / 2.0));
    g.extend(text("满意度指", L2, cy - SIZE / 2.0));
    g.extend(text("标", L2 + 15.0, cy + 13.0 - SIZE / 2.0));
    g.extend(centred("满意度指标", L1 - 5.0, 0, 2));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc).get(1),
        Some(&vec![
            "满意度指标",
            "服务对象满意度指标",
            "读者满意度",
            "≥92%"
        ]),
        "{:?}",
        rows(&doc)
    );
}

#[test]
fn name_ending_in_a_hanging_mark_splits_from_the_target_at_its_edge() {
    // Targets left-aligned at 440; a name's closing bracket (box 433–443)
    // overlaps the target's first glyph, so there is no gap to split at.
    let mut g = text("一级指标", 100.0, 100.0);
    g.extend(text("二级指标", 180.0, 100.0));
    g.extend(text("三级指标", 320.0, 100.0));
    g.extend(text("指标目标值", 440.0, 100.0));
    let names = ["甲类设施完成率", "乙类设施完成率", "丙类设施完成率"];
    for (k, name) in names.iter().enumerate() {
        g.extend(text(name, 245.0, row_top(k)));
        g.extend(text("=100%", 440.0, row_top(k)));
    }
    g.extend(text(
        "养护作业计划完成时间（按全年累计口径计算）",
        233.0,
        row_top(3),
    ));
    g.extend(text("在计划时间内完成", 440.0, row_top(3)));
    g.extend(centred("产出指标", L1, 0, 3));
    g.extend(centred("时效指标", L2, 0, 3));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc).get(4),
        Some(&vec![
            "养护作业计划完成时间（按全年累计口径计算）",
            "在计划时间内完成"
        ]),
        "{:?}",
        rows(&doc)
    );
}

#[test]
fn a_label_below_every_row_does_not_sink_its_column() {
    // 生态效益指 starts below the last row (its rows and 标 are on the next
    // page); the other 二级 labels still find their groups.
    let mut g = header(100.0);
    g.extend(data_row(0, "汛前疏浚工程完工时间", "5月31日前"));
    g.extend(data_row(1, "各类通知书告知书印发及时性", "及时"));
    g.extend(data_row(2, "河道保洁养护单价", "≤2.1元/平方米/年"));
    g.extend(data_row(3, "河道疏浚综合单价", "≤68元/立方米"));
    g.extend(centred("时效指标", L2, 0, 1));
    g.extend(centred("成本指标", L2, 2, 3));
    g.extend(text("生态效益指", L2 - 5.0, row_top(3) + 24.0));
    let doc = from_pdf(&[page(1, g)]);
    let got = rows(&doc);
    assert_eq!(
        got.get(1).and_then(|r| r.first()),
        Some(&"时效指标"),
        "{got:?}"
    );
    assert_eq!(
        got.get(3).and_then(|r| r.first()),
        Some(&"成本指标"),
        "{got:?}"
    );
}

#[test]
fn stacked_row_label_beside_a_wrapped_name_does_not_reach_the_next_row() {
    // Positions from a Word export (11 pt): names wrap 14.85 pt apart
    // beside centred targets, rows are 19.85 pt apart. The stacked 绩效/指标
    // and the wrapped 一级 label 产出指/标 start on the last line of the
    // second row; the stack's full height on that line would bring it
    // within a wrap gap of the third row (the one-line rows below make the
    // row gap the median).
    let placed = [
        ("一级指标", 95.0, 411.1),
        ("二级指标", 160.0, 411.1),
        ("三级指标", 305.5, 411.1),
        ("指标目标值", 456.5, 411.1),
        ("数字资源采购续订数据库数量", 231.5, 438.45),
        (">=45个", 467.5, 438.45),
        ("全民阅读推广活动场次（以第三方机构", 231.5, 458.37),
        ("年度抽样调查结果为准）", 231.5, 473.22),
        (">=800场", 465.0, 465.8),
        ("古籍数字化扫描页数（以第三方机构年", 231.5, 493.07),
        ("度抽样调查结果为准）", 231.5, 507.92),
        (">=300000页", 456.5, 500.5),
        ("数字资源服务平台年度可用率覆盖全区", 231.5, 527.77),
        ("各街道镇及重点区域", 231.5, 542.62),
        (">=99.9%", 465.0, 535.2),
        ("活动方案审核通过率", 231.5, 562.55),
        ("=100%", 470.5, 562.55),
        ("数据库续订完成时间", 231.5, 582.55),
        ("3月31日前", 459.0, 582.55),
        ("阅读推广活动场均成本", 231.5, 602.55),
        ("<=15000元/场", 451.0, 602.55),
        ("全民阅读品牌影响力", 231.5, 622.55),
        ("提升", 473.0, 622.55),
        ("数字资源年访问量", 231.5, 642.55),
        (">=25000000次", 451.0, 642.55),
        ("读者满意度", 231.5, 662.55),
        (">=92%", 470.5, 662.55),
        ("效益指标", 95.0, 632.55),
        ("可持续影响指标", 144.0, 632.55),
        ("产出指", 95.0, 513.07),
        ("标", 106.0, 527.92),
        ("数量指标", 160.0, 473.15),
        ("质量指标", 160.0, 545.2),
        ("时效指标", 160.0, 582.55),
        ("成本指标", 160.0, 602.55),
        ("绩效", 59.5, 514.4),
        ("指标", 59.5, 529.25),
    ];
    let g = common::placed(&placed, 11.0);
    // The table goes on to the next page, as in the export.
    let next = common::placed(
        &[("社会公众满意度", 231.5, 80.0), (">=90%", 470.5, 80.0)],
        11.0,
    );
    let doc = from_pdf(&[page(1, g), page(2, next)]);
    let data: Vec<Vec<&str>> = doc
        .rows
        .iter()
        .filter(|r| r.page == 1)
        .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>())
        .filter(|r| r.len() > 1 && !r.contains(&"一级指标"))
        .map(|r| r.into_iter().filter(|c| *c != "绩效指标").collect())
        .collect();
    assert_eq!(
        data,
        vec![
            vec![
                "产出指标",
                "数量指标",
                "数字资源采购续订数据库数量",
                ">=45个"
            ],
            vec![
                "全民阅读推广活动场次（以第三方机构年度抽样调查结果为准）",
                ">=800场"
            ],
            vec![
                "古籍数字化扫描页数（以第三方机构年度抽样调查结果为准）",
                ">=300000页"
            ],
            vec![
                "质量指标",
                "数字资源服务平台年度可用率覆盖全区各街道镇及重点区域",
                ">=99.9%"
            ],
            vec!["活动方案审核通过率", "=100%"],
            vec!["时效指标", "数据库续订完成时间", "3月31日前"],
            vec!["成本指标", "阅读推广活动场均成本", "<=15000元/场"],
            vec!["效益指标", "可持续影响指标", "全民阅读品牌影响力", "提升"],
            vec!["数字资源年访问量", ">=25000000次"],
            vec!["读者满意度", ">=92%"],
        ],
        "{:?}",
        rows(&doc)
    );
}

#[test]
fn stacked_row_label_an_em_left_of_the_first_label_column_is_the_row_label() {
    // 绩/效/指/标 end exactly an em before the 一级 header label: they are
    // the row label, not a third 一级 label between the two groups.
    let mut g = header(100.0);
    g.extend(data_row(0, "户外招牌更新维修数", "=9块"));
    g.extend(data_row(1, "验收合格率", "=100%"));
    g.extend(data_row(2, "工程完工时间", "年内完成"));
    g.extend(data_row(3, "办公环境改善情况", "有效改善"));
    g.extend(data_row(4, "有责安全事故发生数", "=0件"));
    g.extend(data_row(5, "办公用房使用安全性", "安全"));
    for (k, ch) in ["绩", "效", "指", "标"].iter().enumerate() {
        g.extend(text(ch, 80.0, row_top(2) + 4.0 + 13.0 * k as f32));
    }
    g.extend(centred("产出指标", L1, 0, 2));
    g.extend(centred("效益指标", L1, 3, 5));
    g.extend(centred("数量指标", L2, 0, 0));
    g.extend(centred("质量指标", L2, 1, 1));
    g.extend(centred("时效指标", L2, 2, 2));
    g.extend(centred("社会效益指标", L2 - 5.0, 3, 5));
    let doc = from_pdf(&[page(1, g)]);
    let row_label = doc
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .find(|c| c.text == "绩效指标")
        .map(|c| c.col);
    assert_eq!(row_label, Some(0), "{:?}", rows(&doc));
    let data: Vec<Vec<&str>> = rows(&doc)
        .into_iter()
        .filter(|r| r.len() > 1 && !r.contains(&"一级指标"))
        .map(|r| r.into_iter().filter(|c| *c != "绩效指标").collect())
        .collect();
    assert_eq!(
        data,
        vec![
            vec!["产出指标", "数量指标", "户外招牌更新维修数", "=9块"],
            vec!["质量指标", "验收合格率", "=100%"],
            vec!["时效指标", "工程完工时间", "年内完成"],
            vec!["效益指标", "社会效益指标", "办公环境改善情况", "有效改善"],
            vec!["有责安全事故发生数", "=0件"],
            vec!["办公用房使用安全性", "安全"],
        ],
        "{:?}",
        rows(&doc)
    );
}

#[test]
fn name_touching_left_aligned_targets_is_split_at_their_edge() {
    // Targets are left-aligned at x = 425, left of their header label;
    // one name is long enough to end exactly where its target starts.
    let mut g = header(100.0);
    let rows_in = [
        ("家庭医生签约服务能力培训人次", "≥3000人次"),
        ("人均培训成本（以第三方机构抽样为准）", "≤1200元/人次"),
        ("培训考核合格率", "≥95%"),
        ("签约居民满意度", "≥90%"),
    ];
    for (k, (name, target)) in rows_in.iter().enumerate() {
        g.extend(text(name, 245.0, row_top(k)));
        g.extend(text(target, 425.0, row_top(k)));
    }
    g.extend(centred("产出指标", L1, 0, 3));
    g.extend(centred("数量指标", L2, 0, 3));
    let doc = from_pdf(&[page(1, g)]);
    let data: Vec<Vec<&str>> = rows(&doc)
        .into_iter()
        .filter(|r| !r.contains(&"一级指标"))
        .map(|r| r.into_iter().rev().take(2).rev().collect())
        .collect();
    let expected: Vec<Vec<&str>> = rows_in.iter().map(|&(n, t)| vec![n, t]).collect();
    assert_eq!(data, expected, "{:?}", rows(&doc));
}

#[test]
fn label_flowing_over_the_break_counts_the_foot_rows_with_their_padding() {
    // Page 1 ends with a row whose 一级 and 二级 cells continue onto page
    // 2, where the header is repeated. Word centres the labels on the
    // whole merged cell: 20 pt on page 1 (the row's 10 pt of text and a
    // 10 pt row gap) and 40 pt on page 2 (two rows), so they print level
    // with page 2's first row, not between its two rows.
    let mut g1 = header(100.0);
    g1.extend(data_row(0, "补贴资金拨付及时性", "及时"));
    g1.extend(data_row(1, "食堂建成投用时间", "11月30日前"));
    g1.extend(data_row(2, "参保人员满意度", ">90%"));
    g1.extend(centred("产出指标", L1, 0, 1));
    g1.extend(centred("时效指标", L2, 0, 1));
    let mut g2 = header(40.0);
    g2.extend(text("参保单位经办服务满意率", 245.0, 70.0));
    g2.extend(text(">95%", 470.0, 70.0));
    g2.extend(text("经办机构满意率", 245.0, 90.0));
    g2.extend(text("=100%", 470.0, 90.0));
    g2.extend(text("满意度指标", L1 - 5.0, 70.0));
    g2.extend(text("服务对象满意", L2 - 10.0, 62.5));
    g2.extend(text("度指标", L2 + 5.0, 77.5));
    let doc = from_pdf(&[page(1, g1), page(2, g2)]);
    let data: Vec<Vec<&str>> = rows(&doc)
        .into_iter()
        .filter(|r| !r.contains(&"一级指标"))
        .collect();
    assert_eq!(
        data,
        vec![
            vec!["产出指标", "时效指标", "补贴资金拨付及时性", "及时"],
            vec!["食堂建成投用时间", "11月30日前"],
            vec!["参保人员满意度", ">90%"],
            vec![
                "满意度指标",
                "服务对象满意度指标",
                "参保单位经办服务满意率",
                ">95%"
            ],
            vec!["经办机构满意率", "=100%"],
        ]
    );
    // Only page 1's foot row waits for labels from the next page.
    let open: Vec<(&str, &[usize])> = doc
        .rows
        .iter()
        .filter(|r| !r.open_cells.is_empty())
        .map(|r| {
            (
                r.cells.first().map_or("", |c| c.text.as_str()),
                r.open_cells.as_slice(),
            )
        })
        .collect();
    assert_eq!(open, vec![("参保人员满意度", &[1, 2][..])]);
}

/// Rows 20 pt apart (10 pt gaps) but the second, whose name and target
/// run to the right edges of their columns; the line below them is
/// `second_line` pt lower.
fn table_with_full_second_row(second_line: f32) -> jixiao_table::Document {
    let mut g = header(100.0);
    g.extend(data_row(0, "设备故障报修响应时间", "<=4小时"));
    g.extend(text("考前设备调试完成时间在规定时限内完成", 245.0, 150.0));
    g.extend(text("每次考试前3个", 470.0, 150.0));
    g.extend(text("并通过验收的比例", 245.0, 150.0 + second_line));
    g.extend(text("工作日", 470.0, 150.0 + second_line));
    let below = 150.0 + second_line + 20.0 - row_top(2);
    for (k, (name, target)) in [
        ("工程完工时间", "年内完成"),
        ("办公环境改善情况", "有效改善"),
        ("有责安全事故发生数", "=0件"),
    ]
    .iter()
    .enumerate()
    {
        g.extend(text(name, 245.0, row_top(k + 2) + below));
        g.extend(text(target, 470.0, row_top(k + 2) + below));
    }
    from_pdf(&[page(1, g)])
}

#[test]
fn name_and_target_both_filling_their_columns_continue_on_the_next_line() {
    // Both wrap, 15.5 pt apart: nearer than rows are, so one indicator.
    let doc = table_with_full_second_row(15.5);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec!["设备故障报修响应时间", "<=4小时"],
            vec![
                "考前设备调试完成时间在规定时限内完成并通过验收的比例",
                "每次考试前3个工作日"
            ],
            vec!["工程完工时间", "年内完成"],
            vec!["办公环境改善情况", "有效改善"],
            vec!["有责安全事故发生数", "=0件"],
        ]
    );
    // As far apart as rows are: two indicators that happen to be long.
    let doc = table_with_full_second_row(20.0);
    assert_eq!(rows(&doc).len(), 7, "{:?}", rows(&doc));
}

#[test]
fn name_and_target_wrapping_over_interleaved_lines_are_one_row() {
    // Positions from a Word export (9 pt): a two-line name beside a
    // three-line target, both centred, their lines alternating 5.85 pt
    // apart and overlapping; the stacked 绩/效/指/标 ends just above.
    let placed = [
        ("一级指标", 97.0, 560.0),
        ("二级指标", 173.5, 560.0),
        ("三级指标", 320.0, 560.0),
        ("指标目标值", 469.0, 560.0),
        ("疏浚河道断面达标率", 301.0, 585.5),
        ("≥95%", 479.0, 585.5),
        ("河道保洁考核合格率", 301.0, 603.5),
        ("≥90%", 479.0, 603.5),
        (
            "助餐服务补贴资金发放准确率（按季度统计并报送主",
            238.0,
            650.75,
        ),
        ("＝100%", 477.0, 656.6),
        ("管部门备案）", 314.5, 662.45),
        (
            "新建长者食堂验收合格率（按季度统计并报送主管部",
            238.0,
            680.15,
        ),
        ("＝100%", 477.0, 686.0),
        ("门备案）", 323.5, 691.85),
        ("绩", 67.0, 698.0),
        (
            "助餐服务点信息在“随申办”平台公开率及相关配套",
            238.0,
            709.55,
        ),
        ("效", 67.0, 709.7),
        ("＝100%", 477.0, 715.4),
        ("服务保障工作的完成情况", 292.0, 721.25),
        ("指", 67.0, 721.4),
        ("标", 67.0, 733.1),
        ("中心城区一个半小", 455.0, 738.95),
        (
            "突发公共事件应急处置响应时间覆盖全区各街道镇及",
            238.0,
            744.8,
        ),
        ("时内；郊区三个小", 455.0, 750.65),
        ("重点区域", 323.5, 756.5),
        ("时内", 482.0, 762.35),
        ("志愿服务完成时间", 306.0, 780.0),
        ("年底前完成", 469.0, 780.0),
    ];
    let g = common::placed(&placed, 9.0);
    let doc = from_pdf(&[page(1, g)]);
    let data: Vec<Vec<&str>> = rows(&doc)
        .into_iter()
        .filter(|r| !r.contains(&"一级指标"))
        .map(|r| {
            r.into_iter()
                .filter(|c| *c != "绩效指标")
                .collect::<Vec<_>>()
        })
        .filter(|r| !r.is_empty())
        .collect();
    assert_eq!(
        data,
        vec![
            vec!["疏浚河道断面达标率", "≥95%"],
            vec!["河道保洁考核合格率", "≥90%"],
            vec![
                "助餐服务补贴资金发放准确率（按季度统计并报送主管部门备案）",
                "=100%"
            ],
            vec![
                "新建长者食堂验收合格率（按季度统计并报送主管部门备案）",
                "=100%"
            ],
            vec![
                "助餐服务点信息在“随申办”平台公开率及相关配套服务保障工作的完成情况",
                "=100%"
            ],
            vec![
                "突发公共事件应急处置响应时间覆盖全区各街道镇及重点区域",
                "中心城区一个半小时内；郊区三个小时内"
            ],
            vec!["志愿服务完成时间", "年底前完成"],
        ]
    );
}

#[test]
fn first_and_last_lines_of_a_four_line_name_join_its_middle() {
    // Positions from a Word export (11.5 pt, rows 20.5 pt apart): a name
    // wrapped over four lines beside a centred target. The middle three
    // lines overlap the target and join first; that line is tall, and
    // the name's first and last lines, a wrap gap away, join it too.
    let placed = [
        ("一级指标", 100.4, 93.82),
        ("二级指标", 161.6, 93.82),
        ("三级指标", 282.6, 93.82),
        ("指标目标值", 431.9, 93.82),
        ("河道保洁养护面积", 229.6, 122.11),
        ("=1560万平方米", 423.3, 122.11),
        ("助餐服务场所食品安全抽检次", 229.6, 142.64),
        ("不低于4次/年", 426.1, 150.4),
        ("数", 229.6, 158.16),
        ("享受助餐补贴的低保、低收入", 229.6, 178.69),
        ("及失能老年人人次（含线上线", 229.6, 194.21),
        ("≥1200000人次", 423.3, 201.97),
        ("下各类渠道，按全年累计口径", 229.6, 209.74),
        ("数量指标", 161.6, 214.74),
        ("计算）", 229.6, 225.26),
        ("新增老年助餐服务点数量", 229.6, 245.79),
        ("≥100个", 440.5, 245.79),
        ("河道水面漂浮物打捞量", 229.6, 266.31),
        ("≥12000吨", 434.8, 266.31),
        ("新增社区长者食堂数量", 229.6, 286.84),
        ("＝40家", 443.4, 286.84),
    ];
    let doc = from_pdf(&[page(1, common::placed(&placed, 11.5))]);
    let data: Vec<Vec<&str>> = rows(&doc)
        .into_iter()
        .filter(|r| !r.contains(&"一级指标"))
        .map(|r| r.into_iter().filter(|c| *c != "数量指标").collect())
        .collect();
    assert_eq!(
        data,
        vec![
            vec!["河道保洁养护面积", "=1560万平方米"],
            vec!["助餐服务场所食品安全抽检次数", "不低于4次/年"],
            vec![
                "享受助餐补贴的低保、低收入及失能老年人人次（含线上线下各类渠道，按全年累计口径计算）",
                "≥1200000人次"
            ],
            vec!["新增老年助餐服务点数量", "≥100个"],
            vec!["河道水面漂浮物打捞量", "≥12000吨"],
            vec!["新增社区长者食堂数量", "=40家"],
        ],
        "{:?}",
        rows(&doc)
    );
}

#[test]
fn labels_printed_at_the_top_of_their_groups() {
    // Calc prints a merged cell's text at its top: 数量指标 over rows 0–5,
    // 质量指标 over rows 6–8, each on its group's first row. Centred, the
    // first would cover rows 0–0 and leave the rest to no label.
    let names = [
        "户外招牌更新维修数",
        "公厕改造数",
        "绿化补植面积",
        "古树名木体检数",
        "行道树修剪株数",
        "河道保洁面积",
        "验收合格率",
        "质保期内返修率",
        "养护质量达标率",
    ];
    let mut g = header(100.0);
    for (k, name) in names.iter().enumerate() {
        g.extend(data_row(k, name, "=1个"));
    }
    g.extend(text("产出指标", L1, row_top(0)));
    g.extend(text("数量指标", L2, row_top(0)));
    g.extend(text("质量指标", L2, row_top(6)));
    let doc = from_pdf(&[page(1, g)]);
    let got = rows(&doc);
    assert_eq!(
        got[1],
        vec!["产出指标", "数量指标", "户外招牌更新维修数", "=1个"]
    );
    assert_eq!(got[7], vec!["质量指标", "验收合格率", "=1个"], "{got:?}");
    assert_eq!(got.len(), 10, "{got:?}");
}

#[test]
fn label_wrapped_over_unpadded_rows_is_one_label() {
    // Writer's tables without padding set a wrapped label's lines 1.66 em
    // apart, as far as Calc sets two labels of neighbouring groups:
    // 经济成本指 / 标 is one label over rows 1–2, on their lines.
    const UNPADDED: f32 = 1.66 * SIZE;
    let top = |k: usize| TOP + k as f32 * UNPADDED;
    let mut g = header(100.0);
    for (k, (name, target)) in [
        ("疏浚河道断面达标率", "≥95%"),
        ("河道保洁养护单价", "≤2.1元"),
        ("河道疏浚综合单价", "≤68元"),
    ]
    .iter()
    .enumerate()
    {
        g.extend(text(name, 245.0, top(k)));
        g.extend(text(target, 470.0, top(k)));
    }
    g.extend(text("产出指标", L1, top(0)));
    g.extend(text("质量指标", L2, top(0)));
    g.extend(text("成本指标", L1, (top(1) + top(2)) / 2.0));
    g.extend(text("经济成本指", L2 - 5.0, top(1)));
    g.extend(text("标", L2 + 15.0, top(2)));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec!["产出指标", "质量指标", "疏浚河道断面达标率", "≥95%"],
            vec!["成本指标", "经济成本指标", "河道保洁养护单价", "≤2.1元"],
            vec!["河道疏浚综合单价", "≤68元"],
        ]
    );
}

#[test]
fn a_row_label_wrapped_close_to_the_header_keeps_its_own_column() {
    // Writer: the 绩效指标 row label wrapped in its narrow column, `绩效指`
    // on the header line 1.4 em short of 一级指标 (closer than cells are
    // set apart) and `标` on the first row's line.
    let mut g = header(100.0);
    g.extend(text("绩效指", 56.0, 100.0));
    g.extend(text("标", 66.0, row_top(0)));
    g.extend(data_row(0, "户外招牌更新维修数", "=9块"));
    g.extend(data_row(1, "公厕改造数", "=3座"));
    g.extend(text("产出指标", L1, row_top(0)));
    g.extend(text("数量指标", L2, row_top(0)));
    let doc = from_pdf(&[page(1, g)]);
    let level1 = doc.rows[0]
        .cells
        .iter()
        .find(|c| c.text == "一级指标")
        .map(|c| c.col);
    let label = doc.rows[1]
        .cells
        .iter()
        .find(|c| c.text == "产出指标")
        .map(|c| c.col);
    assert!(level1.is_some() && level1 == label, "{:?}", rows(&doc));
    assert_eq!(rows(&doc)[2], vec!["公厕改造数", "=3座"]);
}
