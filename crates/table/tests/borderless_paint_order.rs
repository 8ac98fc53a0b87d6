//! A word processor paints a borderless table cell by cell, row by row, and
//! a merged label just before the first row of its group, wherever its
//! centring puts it. Where the page shows that order it cuts rows and
//! places labels; a stream painted another way is read by geometry.

use jixiao_page::Glyph;

const SIZE: f32 = 10.0;
/// Line pitch of unpadded rows: inside rows and between them alike.
const PITCH: f32 = 12.0;
const TOP: f32 = 130.0;
const L1: f32 = 100.0;
const L2: f32 = 175.0;
const NAME_X: f32 = 245.0;
const TARGET_X: f32 = 450.0;

mod common;
use common::{from_pdf, page, rows};

fn line_top(k: f32) -> f32 {
    TOP + k * PITCH
}

/// A row's glyphs in painting order: its name over lines `first..`, then
/// its target centred on them.
fn row(first: usize, name_lines: &[&str], target: &str) -> Vec<Glyph> {
    let mut g = Vec::new();
    for (k, line) in name_lines.iter().enumerate() {
        g.extend(common::text(
            line,
            NAME_X,
            line_top((first + k) as f32),
            SIZE,
        ));
    }
    let middle = first as f32 + (name_lines.len() - 1) as f32 / 2.0;
    g.extend(common::text(target, TARGET_X, line_top(middle), SIZE));
    g
}

/// A label centred on lines `first..=last`, painted where it is called.
fn label(text: &str, x: f32, first: usize, last: usize) -> Vec<Glyph> {
    common::text(text, x, line_top((first + last) as f32 / 2.0), SIZE)
}

#[test]
fn rows_and_label_groups_follow_the_painting_order() {
    let mut g = common::header(100.0, SIZE);
    // 数量指标 over lines 0-3 (three rows) printed at its top, 质量指标
    // over lines 4-7 (two rows) printed low (Writer prints the part of a
    // merged cell cut by a page break where it likes): each painted just
    // before its group's first row.
    g.extend(label("产出指标", L1, 0, 7));
    g.extend(label("数量指标", L2, 0, 0));
    g.extend(row(
        0,
        &["办公房及附属设施维修工程计划完成率在规定", "时限内完成"],
        "=100%",
    ));
    g.extend(row(2, &["户外招牌更新维修数"], "=9块"));
    g.extend(row(3, &["公厕改造数"], "=3座"));
    g.extend(label("质量指标", L2, 6, 7));
    g.extend(row(4, &["验收合格率"], "=100%"));
    g.extend(row(
        5,
        &[
            "宣传工作计划完成率及相关配套服务保障工作",
            "的完成情况（以第三方机构年度抽样调查结果",
            "为准）",
        ],
        "≥95%",
    ));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec![
                "产出指标",
                "数量指标",
                "办公房及附属设施维修工程计划完成率在规定时限内完成",
                "=100%"
            ],
            vec!["户外招牌更新维修数", "=9块"],
            vec!["公厕改造数", "=3座"],
            vec!["质量指标", "验收合格率", "=100%"],
            vec![
                "宣传工作计划完成率及相关配套服务保障工作的完成情况（以第三方机构年度抽样调查结果为准）",
                "≥95%"
            ],
        ]
    );
}

#[test]
fn a_short_line_ends_its_cell_though_the_next_name_is_painted_after_it() {
    // The tail of a row the page break cut (`的完成情况`), then the next
    // row's name: painted one after the other in one column, a line
    // apart, but the tail had room for the name's first character.
    let mut p1 = common::header(100.0, SIZE);
    p1.extend(label("产出指标", L1, 0, 2));
    p1.extend(label("数量指标", L2, 0, 2));
    p1.extend(row(0, &["户外招牌更新维修数"], "=9块"));
    p1.extend(row(
        1,
        &[
            "宣传工作计划完成率及相关配套服务保障工作",
            "的完成情况（以第三方机构年度抽样调查结果",
        ],
        "≥95%",
    ));
    let mut p2 = common::text("为准）", NAME_X, line_top(0.0), SIZE);
    p2.extend(row(
        1,
        &["办公房及附属设施维修工程计划完成率在规定", "时限内完成"],
        "=100%",
    ));
    p2.extend(row(3, &["公厕改造数"], "=3座"));
    let doc = from_pdf(&[page(1, p1), page(2, p2)]);
    assert_eq!(
        rows(&doc)[3..],
        vec![
            vec!["为准）"],
            vec![
                "办公房及附属设施维修工程计划完成率在规定时限内完成",
                "=100%"
            ],
            vec!["公厕改造数", "=3座"],
        ]
    );
    // The cut row's name fills its cell to the foot of page 1: the
    // mapper may join the tail to it.
    let cut = &doc.rows[2];
    assert!(cut.cells.iter().any(|c| c.text.starts_with("宣传工作")));
    assert!(cut.full_cells.contains(&3), "{:?}", cut.full_cells);
}

#[test]
fn names_painted_one_after_another_are_rows_of_their_own() {
    // Calc paints one-line cells column by column: every name, then every
    // target. Neighbouring names are a line and a half apart and short:
    // not the lines of one cell.
    let pitch = 1.5 * SIZE;
    let names = ["户外招牌更新维修数", "公厕改造数", "验收合格率"];
    let targets = ["=9块", "=3座", "=100%"];
    let mut g = common::header(100.0, SIZE);
    g.extend(common::text("产出指标", L1, TOP, SIZE));
    g.extend(common::text("数量指标", L2, TOP, SIZE));
    for (k, n) in names.iter().enumerate() {
        g.extend(common::text(n, NAME_X, TOP + k as f32 * pitch, SIZE));
    }
    for (k, t) in targets.iter().enumerate() {
        g.extend(common::text(t, TARGET_X, TOP + k as f32 * pitch, SIZE));
    }
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc)[1..],
        vec![
            vec!["产出指标", "数量指标", "户外招牌更新维修数", "=9块"],
            vec!["公厕改造数", "=3座"],
            vec!["验收合格率", "=100%"],
        ]
    );
}

#[test]
fn a_full_tail_and_the_next_name_part_where_the_target_sits() {
    // The tail of a row the page break cut fills its line (`计算）`), and
    // the next row's name, painted right after it one line down, looks
    // like the cell's second line; but the row's target sits on that
    // line alone, and the page centres its targets.
    let mut p1 = common::header(100.0, SIZE);
    p1.extend(label("产出指标", L1, 0, 1));
    p1.extend(label("时效指标", L2, 0, 1));
    p1.extend(row(0, &["户外招牌更新维修及时率"], "=100%"));
    p1.extend(row(1, &["补贴资金拨付及时性（含线上线下"], "及时"));
    let mut p2 = common::text(
        "各类渠道，按全年累计口径计算）",
        NAME_X,
        line_top(0.0),
        SIZE,
    );
    p2.extend(row(1, &["新增长者食堂建成投用时间"], "11月30日前"));
    p2.extend(row(2, &["养老金发放及资格认证工作开展及", "时率"], "=100%"));
    p2.extend(row(4, &["培训及时率"], "=100%"));
    let doc = from_pdf(&[page(1, p1), page(2, p2)]);
    assert_eq!(
        rows(&doc)[3..],
        vec![
            vec!["各类渠道，按全年累计口径计算）"],
            vec!["新增长者食堂建成投用时间", "11月30日前"],
            vec!["养老金发放及资格认证工作开展及时率", "=100%"],
            vec!["培训及时率", "=100%"],
        ]
    );
}

#[test]
fn the_same_short_target_down_unpadded_rows_is_not_a_stacked_label() {
    // Three rows' `健全` one line apart at one x: like a label written
    // down its cell two characters a line, but a label never repeats a
    // word.
    let mut g = common::header(100.0, SIZE);
    g.extend(label("效益指标", L1, 0, 3));
    g.extend(label("可持续影响指标", L2, 0, 3));
    g.extend(row(0, &["城市绿化景观水平"], "提升"));
    g.extend(row(1, &["河长制长效管护机制"], "健全"));
    g.extend(row(2, &["古树名木保护长效管理机制"], "健全"));
    g.extend(row(3, &["家庭医生签约服务长效机制"], "健全"));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc)[1..],
        vec![
            vec!["效益指标", "可持续影响指标", "城市绿化景观水平", "提升"],
            vec!["河长制长效管护机制", "健全"],
            vec!["古树名木保护长效管理机制", "健全"],
            vec!["家庭医生签约服务长效机制", "健全"],
        ]
    );
}

#[test]
fn a_line_with_room_for_exactly_the_next_lines_start_still_wrapped() {
    // `…在“随申` ends two characters short of the column's furthest edge,
    // and the next line starts with `办”平`: no line breaks before or after
    // a quotation mark, so those three go together.
    let mut g = common::header(100.0, SIZE);
    g.extend(label("产出指标", L1, 0, 4));
    g.extend(label("质量指标", L2, 0, 4));
    // (Its last line all but fills the column: read by position, the
    // next row's first line would continue it.)
    g.extend(row(
        0,
        &["重点人群家庭医生签约人数覆", "盖全区各街道镇及重点区域"],
        "≥500人",
    ));
    g.extend(row(2, &["助餐服务点信息在“随申", "办”平台公开率"], "=100%"));
    g.extend(row(4, &["培训考核合格率"], "≥95%"));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc)[1..],
        vec![
            vec![
                "产出指标",
                "质量指标",
                "重点人群家庭医生签约人数覆盖全区各街道镇及重点区域",
                "≥500人"
            ],
            vec!["助餐服务点信息在“随申办”平台公开率", "=100%"],
            vec!["培训考核合格率", "≥95%"],
        ]
    );
}

/// A page whose second row's name is `…在“随申` / `办”平台公开率` (its
/// glyphs as `paint` orders each line's), under a row whose furthest line
/// (`…工程/前期工作计`) reaches half a character past the others: the
/// first line has room for two characters and a half. (The row above ends
/// in a line half a character short: read by position, the next row would
/// continue it.) Returns the page's rows after the header.
fn quote_page(paint: impl Fn(Vec<Glyph>) -> Vec<Glyph>) -> Vec<Vec<String>> {
    let mut g = common::header(100.0, SIZE);
    g.extend(label("产出指标", L1, 0, 5));
    g.extend(label("数量指标", L2, 0, 5));
    g.extend(row(
        0,
        &["经办大厅改造工程/前期工作计", "划完成率覆盖全区各街道镇及"],
        "=100%",
    ));
    for (k, line) in ["助餐服务点信息在“随申", "办”平台公开率"]
        .iter()
        .enumerate()
    {
        let top = line_top((2 + k) as f32);
        g.extend(paint(common::text(line, NAME_X, top, SIZE)));
    }
    g.extend(common::text("=100%", TARGET_X, line_top(2.5), SIZE));
    g.extend(row(4, &["新增社区长者食堂数量"], "=40家"));
    g.extend(row(5, &["培训考核合格率"], "≥95%"));
    let doc = from_pdf(&[page(1, g)]);
    rows(&doc)[1..]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn no_line_breaks_after_a_closing_quote() {
    // `办”` would fit, but the break may not come after `”` either
    // (Writer, 12 pt Noto Serif CJK).
    assert_eq!(
        quote_page(|g| g),
        vec![
            vec![
                "产出指标",
                "数量指标",
                "经办大厅改造工程/前期工作计划完成率覆盖全区各街道镇及",
                "=100%"
            ],
            vec!["助餐服务点信息在“随申办”平台公开率", "=100%"],
            vec!["新增社区长者食堂数量", "=40家"],
            vec!["培训考核合格率", "≥95%"],
        ]
    );
}

#[test]
fn a_quotation_mark_painted_apart_still_binds_its_neighbours() {
    // Writer sets a curly quote in another font and paints it before the
    // characters around it: `“` before `助餐服务点信息在`, `”` before `办`.
    // In painting order the next line would start `”办`, two characters
    // that fit the room left; left to right it starts `办”平`, which does
    // not.
    let quote_first = |glyphs: Vec<Glyph>| {
        let (quotes, rest): (Vec<Glyph>, Vec<Glyph>) = glyphs
            .into_iter()
            .partition(|g| g.text == "“" || g.text == "”");
        quotes.into_iter().chain(rest).collect::<Vec<Glyph>>()
    };
    assert_eq!(
        quote_page(quote_first)[1..],
        vec![
            vec!["助餐服务点信息在“随申办”平台公开率", "=100%"],
            vec!["新增社区长者食堂数量", "=40家"],
            vec!["培训考核合格率", "≥95%"],
        ]
    );
}

#[test]
fn a_tail_one_character_short_of_the_edge_ends_its_cell() {
    // Writer (op9153 writer_007): the tail of a row the page break cut,
    // `完成并通过验收的比例`, ends one character short of the column's
    // furthest edge, and the next row's name, painted right after it one
    // line down, starts with one character: that would have fitted, so
    // the tail's cell ended there. No row on the page tells whether
    // targets are centred.
    let mut p1 = common::header(100.0, SIZE);
    p1.extend(label("满意度指标", L1, 0, 2));
    p1.extend(label("服务对象满意度", L2, 0, 2));
    p1.extend(row(0, &["工作人员满意度"], ">95%"));
    p1.extend(row(
        1,
        &["家庭医生对培训和设备配", "置的满意度在规定时限内"],
        "≥85%",
    ));
    let mut p2 = common::text("完成并通过验收的比例", NAME_X, line_top(0.0), SIZE);
    p2.extend(row(
        1,
        &["参保对象满意度覆盖全区", "各街道镇及重点区域"],
        ">95%",
    ));
    p2.extend(row(3, &["驻点单位满意度"], ">90%"));
    p2.extend(row(4, &["签约居民满意度"], "≥90%"));
    let doc = from_pdf(&[page(1, p1), page(2, p2)]);
    let got = rows(&doc);
    assert!(
        got.iter().any(|r| r == &vec!["完成并通过验收的比例"]),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|r| r == &vec!["参保对象满意度覆盖全区各街道镇及重点区域", ">95%"]),
        "{got:?}"
    );
}

#[test]
fn no_line_breaks_around_a_slash() {
    // Writer (op9145 writer_009): `≤18.5元/平方` ends a em and a half short
    // of the column's furthest edge, room for `米` but not for `米/年`,
    // which went down whole: the target's two lines are one cell.
    let cell = |lines: &[&str], x: f32, first: usize| {
        let mut g = Vec::new();
        for (k, l) in lines.iter().enumerate() {
            g.extend(common::text(l, x, line_top((first + k) as f32), SIZE));
        }
        g
    };
    let mut g = common::header(100.0, SIZE);
    g.extend(label("产出指标", L1, 0, 1));
    g.extend(label("质量指标", L2, 0, 1));
    g.extend(cell(&["国家教育考试安全平稳实施"], NAME_X, 0));
    g.extend(cell(&["无重大考试安全事", "故"], TARGET_X, 0));
    g.extend(label("成本指标", L1, 2, 4));
    g.extend(label("经济成本指标", L2, 2, 4));
    g.extend(cell(
        &["公园绿地养护单价（以第三方机构", "年度抽样调查结果为准）"],
        NAME_X,
        2,
    ));
    g.extend(cell(&["≤18.5元/平方", "米/年"], TARGET_X, 2));
    g.extend(row(4, &["行道树养护单价"], "≤96元/株/年"));
    let doc = from_pdf(&[page(1, g)]);
    let got = rows(&doc);
    assert!(
        got.iter().any(|r| r.ends_with(&[
            "公园绿地养护单价（以第三方机构年度抽样调查结果为准）",
            "≤18.5元/平方米/年"
        ])),
        "{got:?}"
    );
}
