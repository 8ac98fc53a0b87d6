//! Borderless indicator tables whose two-line rows fill their rows (Calc
//! grows a row to its text and pads it by a point or two): the gap between
//! two such rows is hardly wider than the gap between the lines of one
//! cell, and only where the text ends tells the rows apart.

use jixiao_page::Glyph;

mod common;
use common::{from_pdf, in_line_order, page, row_strings, rows};

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
    in_line_order(&mut g);
    let doc = from_pdf(&[page(1, g)]);
    row_strings(&doc)
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

#[test]
fn a_closing_bracket_alone_on_a_line_ends_the_name_above() {
    // Calc (copied from an export): `为准）` did not fit, and only the
    // bracket, which may not start a line, went down, alone.
    let mut g = common::placed(
        &[
            ("一级指标", 103.7, 300.0),
            ("二级指标", 177.2, 300.0),
            ("三级指标", 301.4, 300.0),
            ("指标目标值", 439.4, 300.0),
            ("=0%", 411.9, 330.2),
            ("产出指标", 103.7, 330.4),
            ("各类宣传涉密数据泄漏率", 236.9, 331.2),
            ("≥92%", 411.9, 354.3),
            ("病虫害防治有效率", 236.9, 355.2),
            ("古树名木保护复壮措施落实率（以", 236.9, 375.5),
            ("=100%", 411.9, 390.5),
            ("第三方机构年度抽样调查结果为准", 236.9, 391.5),
            ("）", 236.9, 407.6),
            ("质量指标", 177.2, 408.9),
            ("=100%", 411.9, 426.9),
            ("各类业务单据寄发到位率", 236.9, 428.0),
            ("各类业务单据印制准确率（按季度", 236.9, 449.1),
            ("=100%", 411.9, 456.1),
            ("统计并报送主管部门备案）", 236.9, 465.1),
        ],
        11.0,
    );
    in_line_order(&mut g);
    let doc = from_pdf(&[page(1, g)]);
    let got = rows(&doc);
    assert!(
        got.iter().any(|r| r.ends_with(&[
            "古树名木保护复壮措施落实率（以第三方机构年度抽样调查结果为准）",
            "=100%"
        ])),
        "{got:?}"
    );
    assert!(got.iter().all(|r| r != &vec!["）"]), "{got:?}");
}

#[test]
fn a_names_last_line_under_a_full_line_ends_that_name() {
    // Calc (copied from an export): a three-line name, its target on the
    // middle line; the last line is as near the next row's wrapped target
    // as its own row's line above, which runs to the column's edge.
    let mut g = common::placed(
        &[
            ("一级指标", 114.5, 85.3),
            ("二级指标", 182.7, 85.3),
            ("三级指标", 303.4, 85.3),
            ("指标目标值", 428.6, 85.3),
            ("印刷、寄发各类单据、表格、", 244.4, 112.5),
            ("通知单数量及相关配套服务保", 244.4, 129.9),
            ("≤2500000份", 412.4, 129.9),
            ("障工作的完成情况", 244.4, 147.3),
            (">3000000万/人", 412.4, 165.8),
            ("年度微信阅读总量", 244.4, 174.5),
            ("次", 412.4, 183.2),
            ("经办大厅改造工程/前期工作计", 244.4, 202.5),
            ("=100%", 412.4, 210.2),
            ("划完成率", 244.4, 219.9),
            ("河道水面漂浮物打捞量", 244.4, 241.6),
            ("≥12000吨", 412.4, 241.6),
        ],
        12.0,
    );
    in_line_order(&mut g);
    let doc = from_pdf(&[page(1, g)]);
    let got = rows(&doc);
    assert!(
        got.iter().any(|r| r.ends_with(&[
            "印刷、寄发各类单据、表格、通知单数量及相关配套服务保障工作的完成情况",
            "≤2500000份"
        ])),
        "{got:?}"
    );
    assert!(
        got.iter().all(|r| r != &vec!["障工作的完成情况"]),
        "{got:?}"
    );
}

#[test]
fn short_one_line_rows_close_together_stay_apart() {
    // Calc, outer frame only (op9152 calc_007, 12 pt): rows whose names
    // wrap stand 30 pt or more apart, the one-line rows at the foot 9 pt,
    // under half that and under an em; but their names end with half the
    // column to spare, so nothing wrapped there.
    let mut g = common::placed(
        &[
            ("一级指标", 80.2, 80.4),
            ("二级指标", 181.7, 80.4),
            ("三级指标", 316.4, 80.4),
            ("指标目标值", 452.1, 80.4),
            ("标准化考点设施设备使用年限", 260.9, 154.4),
            ("及相关配套服务保障工作的完", 260.9, 171.9),
            (">=5年", 421.9, 171.9),
            ("成情况", 260.9, 189.3),
            ("系统内推广率", 260.9, 224.4),
            ("=100%", 421.9, 224.4),
            ("工作人员满意度", 260.9, 253.2),
            (">95%", 421.9, 253.2),
            ("参保单位经办服务满意率（以", 260.9, 296.2),
            ("第三方机构年度抽样调查结果", 260.9, 313.6),
            (">95%", 421.9, 313.6),
            ("为准）", 260.9, 331.0),
            ("驻点单位满意度", 260.9, 366.1),
            (">90%", 421.9, 366.1),
            ("考生对考场环境满意度（按季", 260.9, 409.8),
            (">=90%", 421.9, 418.6),
            ("度统计并报送主管部门备案）", 260.9, 427.2),
            ("经办机构满意率", 260.9, 471.0),
            ("=100%", 421.9, 471.0),
            ("参保对象满意度", 260.9, 492.0),
            (">95%", 421.9, 492.0),
            ("参保人员满意度", 260.9, 513.0),
            (">90%", 421.9, 513.0),
            ("考点学校满意度（以第三方机", 260.9, 556.7),
            (">=90%", 421.9, 565.5),
            ("构年度抽样调查结果为准）", 260.9, 574.1),
        ],
        12.0,
    );
    in_line_order(&mut g);
    let doc = from_pdf(&[page(1, g)]);
    let got = rows(&doc);
    for name in ["经办机构满意率", "参保对象满意度", "参保人员满意度"] {
        assert!(
            got.iter().any(|r| r.first() == Some(&name) && r.len() == 2),
            "{name}: {got:?}"
        );
    }
}

#[test]
fn one_line_rows_further_apart_than_a_cells_lines_stay_apart() {
    // Calc, outer frame only (op9125 calc_014, 12 pt): a cell's lines are
    // 17.4 pt apart, 5.4 pt between them; the one-line rows 参与阅读… and
    // 城市绿化… 20.9 pt, 8.9 pt between, well under half the rows' gap
    // and both nearly filling their columns; but wider than the gap
    // between a cell's lines, which two lines wrapped together leave.
    let mut g = common::placed(
        &[
            ("一级指标", 102.2, 85.3),
            ("二级指标", 165.2, 85.3),
            ("三级指标", 287.7, 85.3),
            ("指标目标值", 421.6, 85.3),
            ("行道树修剪后树冠完整率及相关", 226.9, 136.9),
            ("≥90%", 398.4, 145.6),
            ("配套服务保障工作的完成情况", 226.9, 154.3),
            ("公园绿地养护质量考核达标率", 226.9, 206.0),
            ("≥95%", 398.4, 206.0),
            ("活动方案审核通过率在规定时限", 226.9, 234.0),
            ("=100%", 398.4, 242.7),
            ("内完成并通过验收的比例", 226.9, 251.4),
            ("古树名木保护复壮措施落实率及", 226.9, 285.7),
            ("相关配套服务保障工作的完成情", 226.9, 303.1),
            ("=100%", 398.4, 303.1),
            ("况", 226.9, 320.5),
            ("汛期及台风季节倒伏树木应急处", 226.9, 354.7),
            ("≤2小时", 398.4, 363.4),
            ("置响应时间", 226.9, 372.2),
            ("化学农药使用量较上年下降比例", 226.9, 572.6),
            ("≥5%", 398.4, 581.3),
            ("覆盖全区各街道镇及重点区域", 226.9, 590.0),
            ("参与阅读推广活动读者人次", 226.9, 633.8),
            (">=1000000人次", 398.4, 633.8),
            ("城市绿化景观水平", 226.9, 654.7),
            ("提升", 398.4, 654.7),
            ("绿地植物成活率（含线上线下各", 226.9, 698.5),
            ("≥98%", 398.4, 707.2),
            ("类渠道，按全年累计口径计算）", 226.9, 715.9),
        ],
        12.0,
    );
    in_line_order(&mut g);
    let doc = from_pdf(&[page(1, g)]);
    let got = rows(&doc);
    for row in [
        ["参与阅读推广活动读者人次", ">=1000000人次"],
        ["城市绿化景观水平", "提升"],
    ] {
        assert!(got.iter().any(|r| r.ends_with(&row)), "{row:?}: {got:?}");
    }
    assert_eq!(got.len(), 10, "{got:?}");
}
