//! Borderless forms above the indicator table: label/value lines of the
//! funding block (a right-aligned value close to the next centred label)
//! and the two goal columns (项目总目标 | 年度总目标) with wrapped text.

use jixiao_page::{Glyph, Page};

const SIZE: f32 = 10.0;

mod common;
use common::{cols_of, from_pdf, rows};

/// Glyphs for `s` at the tests' font size.
fn text(s: &str, x: f32, y: f32) -> Vec<Glyph> {
    common::text(s, x, y, SIZE)
}

fn width(c: char) -> f32 {
    if c.is_ascii() {
        SIZE * 0.5
    } else {
        SIZE
    }
}

/// `s` right-aligned at `x1`.
fn right(s: &str, x1: f32, y: f32) -> Vec<Glyph> {
    let w: f32 = s.chars().map(width).sum();
    text(s, x1 - w, y)
}

/// `s` centred on `cx`.
fn centred(s: &str, cx: f32, y: f32) -> Vec<Glyph> {
    let w: f32 = s.chars().map(width).sum();
    text(s, cx - w / 2.0, y)
}

fn page(glyphs: Vec<Glyph>) -> Page {
    common::page(1, glyphs)
}

/// The indicator header, which ends a goal block.
fn header(y: f32) -> Vec<Glyph> {
    common::header(y, SIZE)
}

/// Splits `s` into lines of at most `n` characters.
fn wrap(s: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    chars.chunks(n).map(|c| c.iter().collect()).collect()
}

#[test]
fn value_close_to_next_label_is_its_own_cell() {
    let mut g = Vec::new();
    // Labels centred in their columns, values right-aligned at 295 and 540:
    // the value ends 0.7 em before the next label starts.
    g.extend(centred("项目资金总额", 100.0, 100.0));
    g.extend(right("86,921,500.00", 295.0, 100.0));
    g.extend(text("年度资金申请总额", 310.0, 100.0));
    g.extend(right("28,640,500.00", 540.0, 100.0));
    g.extend(centred("其中：财政资金", 100.0, 120.0));
    g.extend(right("84,421,500.00", 295.0, 120.0));
    g.extend(text("其中：当年财政拨款", 302.0, 120.0));
    g.extend(right("26,140,500.00", 540.0, 120.0));
    // A label running to within 0.6 em of its value (no thousands
    // separator, but too long for a year).
    g.extend(text("上年结转资金", 420.0, 140.0));
    g.extend(text("2500000", 486.0, 140.0));
    // A year before its 年, letter-spaced: one cell (the cleaner drops the
    // space between a digit and CJK).
    g.extend(text("( 2024 年- 2026 年)", 150.0, 160.0));
    let doc = from_pdf(&[page(g)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec![
                "项目资金总额",
                "86,921,500.00",
                "年度资金申请总额",
                "28,640,500.00"
            ],
            vec![
                "其中：财政资金",
                "84,421,500.00",
                "其中：当年财政拨款",
                "26,140,500.00"
            ],
            vec!["上年结转资金", "2500000"],
            vec!["( 2024年- 2026年)"],
        ]
    );
    assert_eq!(cols_of(&doc, 1), vec![0, 1, 2, 3]);
}

const OVERALL: &str = "二〇二四年至二〇二六年，按照养护技术等级标准完成市管公园绿地约一千公顷的日常养护管理和主要道路行道树的修剪、病虫害防治、补植补种工作，持续改善市民游园环境，游客满意度不低于九成。";
const ANNUAL: &str =
    "本年完成市管公园绿地日常养护，行道树修剪及病虫害防治十八万株，补植补种绿化面积不少于三万平方米。";

/// A goal block: labels at `y`, the period below, then the two goal texts
/// wrapped in columns [60, 290] and [300, 540] on a 12 pt pitch (closer
/// than the rows above), then the indicator header. With `stacked`, the
/// row label 项目绩效目标 is printed one character a line left of the text,
/// half a line lower.
fn goal_block(y: f32, stacked: bool) -> (Vec<Glyph>, f32) {
    goal_block_of(y, stacked, OVERALL, ANNUAL)
}

/// [`goal_block`] with other goal texts.
fn goal_block_of(y: f32, stacked: bool, overall: &str, annual: &str) -> (Vec<Glyph>, f32) {
    let mut g = Vec::new();
    g.extend(centred("项目总目标", 175.0, y));
    g.extend(centred("年度总目标", 420.0, y));
    g.extend(centred("( 2024年- 2026年)", 175.0, y + 18.0));
    let top = y + 36.0;
    let left = wrap(overall, 23);
    let right_lines = wrap(annual, 24);
    for (k, line) in left.iter().enumerate() {
        g.extend(text(line, 60.0, top + 12.0 * k as f32));
    }
    for (k, line) in right_lines.iter().enumerate() {
        g.extend(text(line, 300.0, top + 12.0 * k as f32));
    }
    if stacked {
        for (k, c) in "项目绩效目标".chars().enumerate() {
            g.extend(text(&c.to_string(), 35.0, top + 6.0 + 12.0 * k as f32));
        }
    }
    let end = top + 12.0 * left.len().max(right_lines.len()) as f32 + 8.0;
    g.extend(header(end));
    (g, end)
}

#[test]
fn two_goal_columns_become_one_row_of_two_cells() {
    let mut g = Vec::new();
    g.extend(text("其他资金", 60.0, 80.0));
    g.extend(right("2,500,000.00", 295.0, 80.0));
    let (block, _) = goal_block(100.0, true);
    g.extend(block);
    let doc = from_pdf(&[page(g)]);
    let got = rows(&doc);
    assert_eq!(got.first(), Some(&vec!["其他资金", "2,500,000.00"]));
    // The stacked row label is reported on the label line, as a ruled
    // table reports a merged cell on its first row.
    assert_eq!(
        got.get(1),
        Some(&vec!["项目绩效目标", "项目总目标", "年度总目标"])
    );
    assert_eq!(cols_of(&doc, 1), vec![0, 1, 2]);
    assert_eq!(got.get(2), Some(&vec!["( 2024年- 2026年)"]));
    assert_eq!(got.get(3), Some(&vec![OVERALL, ANNUAL]));
    assert_eq!(cols_of(&doc, 3), vec![1, 2]);
    assert!(doc.rows.get(3).is_some_and(|r| r.in_table));
    assert_eq!(
        got.get(4),
        Some(&vec!["一级指标", "二级指标", "三级指标", "指标目标值"])
    );
    assert_eq!(got.len(), 5);
}

#[test]
fn goal_columns_without_row_label() {
    let (g, _) = goal_block(100.0, false);
    let doc = from_pdf(&[page(g)]);
    let got = rows(&doc);
    assert_eq!(got.first(), Some(&vec!["项目总目标", "年度总目标"]));
    assert_eq!(got.get(2), Some(&vec![OVERALL, ANNUAL]));
    assert_eq!(cols_of(&doc, 2), vec![0, 1]);
}

#[test]
fn goal_block_cut_by_the_page_break_continues_on_the_next_page() {
    // Page 1 ends inside the goal block (no indicator header below it);
    // page 2 carries on with both columns, then the header.
    let annual = ANNUAL.repeat(2);
    let (g, end) = goal_block_of(100.0, false, OVERALL, &annual);
    let cut = 100.0 + 36.0 + 12.0 * 2.0;
    let first: Vec<Glyph> = g.iter().filter(|gl| gl.bbox.y0 < cut).cloned().collect();
    let mut second: Vec<Glyph> = g
        .iter()
        .filter(|gl| gl.bbox.y0 >= cut && gl.bbox.y0 < end)
        .cloned()
        .map(|mut gl| {
            gl.bbox.y0 -= cut - 60.0;
            gl.bbox.y1 -= cut - 60.0;
            gl
        })
        .collect();
    second.extend(header(end - cut + 60.0));
    let mut p2 = page(second);
    p2.number = 2;
    let doc = from_pdf(&[page(first.clone()), p2]);
    let got = rows(&doc);
    let left = wrap(OVERALL, 23);
    let right = wrap(&annual, 24);
    let (top, bottom) = (
        [left[..2].concat(), right[..2].concat()],
        [left[2..].concat(), right[2..].concat()],
    );
    assert_eq!(
        got.get(2),
        Some(&vec![top[0].as_str(), top[1].as_str()]),
        "{got:?}"
    );
    assert_eq!(cols_of(&doc, 2), vec![0, 1]);
    assert_eq!(
        got.get(3),
        Some(&vec![bottom[0].as_str(), bottom[1].as_str()]),
        "{got:?}"
    );
    assert_eq!(cols_of(&doc, 3), vec![0, 1]);
    assert!(doc
        .rows
        .get(3)
        .is_some_and(|r| r.after_break && r.page == 2));

    // Without a header on the next page its lines are left alone.
    let mut p2 = page(
        g.iter()
            .filter(|gl| gl.bbox.y0 >= cut && gl.bbox.y0 < end)
            .cloned()
            .collect(),
    );
    p2.number = 2;
    let doc = from_pdf(&[page(first), p2]);
    assert!(rows(&doc)
        .iter()
        .skip(3)
        .all(|r| !r.contains(&right[2..].concat().as_str())));
}

#[test]
fn wrapped_name_and_tight_funding_rows_above_a_goal_block() {
    // Rows on an 18 pt pitch; the project name wraps over three 12 pt
    // lines with its label centred on the middle one; funding rows have a
    // stacked 项目/资金/（元） label between them. The goal block below has
    // many tight lines, which must not set the measure for wraps here.
    let mut g = text("财政项目支出绩效目标申报表", 150.0, 20.0);
    g.extend(text("社区卫生服务中心家", 150.0, 48.0));
    g.extend(text("项目名称", 60.0, 60.0));
    g.extend(text("庭医生签约服务能力", 150.0, 60.0));
    g.extend(text("项目类别", 330.0, 60.0));
    g.extend(text("特定目标类", 420.0, 60.0));
    g.extend(text("提升", 150.0, 72.0));
    g.extend(text("主管部门", 60.0, 90.0));
    g.extend(text("上海市卫生健康委员会", 150.0, 90.0));
    g.extend(text("项目资金总额", 60.0, 108.0));
    g.extend(right("21,600,000", 295.0, 108.0));
    g.extend(text("年度资金申请总额", 310.0, 108.0));
    g.extend(right("7,980,000", 540.0, 108.0));
    g.extend(text("其中：财政资金", 60.0, 126.0));
    g.extend(right("21,600,000", 295.0, 126.0));
    g.extend(text("其中：当年财政拨款", 302.0, 126.0));
    g.extend(right("7,980,000", 540.0, 126.0));
    g.extend(text("上年结转资金", 330.0, 144.0));
    g.extend(right("0", 540.0, 144.0));
    g.extend(text("其他资金", 60.0, 162.0));
    g.extend(right("0", 295.0, 162.0));
    g.extend(text("其他资金", 330.0, 162.0));
    g.extend(right("0", 540.0, 162.0));
    // The stack starts 4.5 pt above the second funding row, on its text
    // line, 3.5 pt below the first row: as close as a wrapped line.
    for (k, part) in ["项目", "资金", "（元）"].iter().enumerate() {
        g.extend(centred(part, 30.0, 121.5 + 14.0 * k as f32));
    }
    let overall = OVERALL.repeat(3);
    let (block, _) = goal_block_of(200.0, false, &overall, ANNUAL);
    g.extend(block);
    let doc = from_pdf(&[page(g)]);
    let got = rows(&doc);
    assert_eq!(
        got.get(1),
        Some(&vec![
            "项目名称",
            "社区卫生服务中心家庭医生签约服务能力提升",
            "项目类别",
            "特定目标类"
        ]),
        "{got:?}"
    );
    let funding: Vec<&Vec<&str>> = got
        .iter()
        .filter(|r| r.iter().any(|c| c.contains("资金")))
        .collect();
    assert_eq!(
        funding,
        vec![
            &vec![
                "项目资金总额",
                "21,600,000",
                "年度资金申请总额",
                "7,980,000"
            ],
            &vec![
                "项目资金（元）",
                "其中：财政资金",
                "21,600,000",
                "其中：当年财政拨款",
                "7,980,000"
            ],
            &vec!["上年结转资金", "0"],
            &vec!["其他资金", "0", "其他资金", "0"],
        ],
        "{got:?}"
    );
}

#[test]
fn closing_punctuation_hanging_into_the_gutter_stays_left() {
    // The left column's lines end at 290, one with a full-width comma
    // whose box reaches the right column's edge at 300; the labels'
    // midpoint (330) lies inside the right column.
    let mut g = Vec::new();
    g.extend(centred("项目总目标", 200.0, 100.0));
    g.extend(centred("年度总目标", 460.0, 100.0));
    g.extend(text(
        "完成市管公园绿地约一千公顷的日常养护管理和",
        80.0,
        120.0,
    ));
    g.extend(text(
        "主要道路行道树的修剪、病虫害防治、补植补种，",
        80.0,
        132.0,
    ));
    g.extend(text("持续改善市民游园环境。", 80.0, 144.0));
    g.extend(text(
        "本年完成市管公园绿地日常养护，行道树修剪",
        300.0,
        120.0,
    ));
    g.extend(text(
        "及病虫害防治十八万株，补植补种绿化面积不",
        300.0,
        132.0,
    ));
    g.extend(text("少于三万平方米。", 300.0, 144.0));
    g.extend(header(170.0));
    let doc = from_pdf(&[page(g)]);
    assert_eq!(
        rows(&doc).get(1),
        Some(&vec![
            "完成市管公园绿地约一千公顷的日常养护管理和主要道路行道树的修剪、病虫害防治、补植补种，持续改善市民游园环境。",
            "本年完成市管公园绿地日常养护，行道树修剪及病虫害防治十八万株，补植补种绿化面积不少于三万平方米。"
        ])
    );
}

/// Asserts that two pieces of the row label 项目绩效目标, printed at `x`
/// on the second and third lines of the goal block (`dy` lower), are not
/// goal text.
fn row_label_pieces_left_out(pieces: [&str; 2], x: f32, dy: f32) {
    let (mut g, _) = goal_block(100.0, false);
    let top = 100.0 + 36.0 + dy;
    g.extend(text(pieces[0], x, top + 12.0));
    g.extend(text(pieces[1], x, top + 24.0));
    let doc = from_pdf(&[page(g)]);
    let got = rows(&doc);
    assert_eq!(got.get(2), Some(&vec![OVERALL, ANNUAL]), "{got:?}");
}

#[test]
fn row_label_pieces_beside_goal_text_are_not_goal_text() {
    // 项目/绩效 (the rest of 项目绩效目标 went to the next page) stand 7 pt
    // left of the left goal column's text, on its lines: too few to stack,
    // close enough to share the text's segment. They are not goal text.
    row_label_pieces_left_out(["项目", "绩效"], 33.0, 0.0);
}

#[test]
fn row_label_pieces_close_to_goal_text_are_not_goal_text() {
    // 项目绩/效目标 end 4 pt (0.4 em) before the left goal column's text.
    row_label_pieces_left_out(["项目绩", "效目标"], 26.0, 0.0);
}

#[test]
fn row_label_pieces_touching_goal_text_are_not_goal_text() {
    // Calc's narrow label column: 项目/绩效 end 2.5 pt (a quarter em)
    // before the text, inside the margin's slack, 3 pt higher.
    row_label_pieces_left_out(["项目", "绩效"], 37.5, -3.0);
}

#[test]
fn row_label_pieces_between_goal_lines_are_not_goal_text() {
    // Writer centres the label's lines on the block: half a line below
    // the text's, each a line of its own.
    row_label_pieces_left_out(["项目绩", "效目标"], 26.0, 6.0);
}

#[test]
fn goal_columns_meeting_without_a_gutter_split_at_the_right_columns_edge() {
    // The left column's lines end 5 pt before the right column's
    // left-aligned lines (x = 300), but one ends in a full-width comma
    // hanging 5 pt past that edge, so no gutter runs through the block.
    let mut g = Vec::new();
    g.extend(centred("项目总目标", 200.0, 100.0));
    g.extend(centred("年度总目标", 460.0, 100.0));
    let left = [
        "年内完成对办公用房及附属设施的更新维修工",
        "作，保障中心办公房的稳定运行，办公房及附属设施，",
        "维修计划完成率均达到百分之百；通过对九块户",
    ];
    let right = [
        "年内完成对办公用房及附属设施的更新维修工作，保",
        "障中心办公房的稳定运行，办公房及附属设施维修计",
        "划完成率均达到百分之百。",
    ];
    // Every line ends at 295 but the second, whose comma ends at 305.
    g.extend(left_goal_lines(&left, 295.0, 120.0));
    for (k, line) in right.iter().enumerate() {
        g.extend(text(line, 300.0, 120.0 + 12.0 * k as f32));
    }
    g.extend(header(170.0));
    let doc = from_pdf(&[page(g)]);
    assert_eq!(
        rows(&doc).get(1),
        Some(&vec![left.concat().as_str(), right.concat().as_str()])
    );
}

/// Goal lines as (text, x0, y): the left column's lines end at `end`
/// unless they end in a full-width comma, which hangs 5 pt past it.
fn left_goal_lines(lines: &[&str], end: f32, top: f32) -> Vec<Glyph> {
    let mut g = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        let n = line.chars().count() as f32;
        let x1 = if line.ends_with('，') {
            end + 10.0
        } else {
            end
        };
        g.extend(text(line, x1 - 10.0 * n, top + 12.0 * k as f32));
    }
    g
}

#[test]
fn short_right_goal_lines_do_not_move_the_split_past_them() {
    // Two short lines in the right column (x = 300): the stretch after
    // them, up to the right label's centre, is wider than the gutter.
    let mut g = Vec::new();
    g.extend(centred("项目总目标", 170.0, 100.0));
    g.extend(centred("年度总目标", 470.0, 100.0));
    let left = [
        "通过政府扶持、社会化运营的方式，带动社会",
        "资本投入养老助餐服务，实现街镇老年助餐服",
        "务全覆盖，全市老年助餐服务能力显著提升。",
    ];
    g.extend(left_goal_lines(&left, 280.0, 120.0));
    g.extend(text("用餐老年人满意度", 300.0, 120.0));
    g.extend(text("达到九成以上。", 300.0, 132.0));
    g.extend(header(170.0));
    let doc = from_pdf(&[page(g)]);
    assert_eq!(
        rows(&doc).get(1),
        Some(&vec![
            left.concat().as_str(),
            "用餐老年人满意度达到九成以上。"
        ])
    );
}

#[test]
fn goal_block_continued_on_the_next_page_keeps_its_columns_edge() {
    // Page 1 finds the right column's edge (x = 300) from its three
    // lines. On page 2 the right column has one short line and a hanging
    // comma bridges the gap before it: the edge still divides.
    let mut g1 = Vec::new();
    g1.extend(centred("项目总目标", 170.0, 100.0));
    g1.extend(centred("年度总目标", 470.0, 100.0));
    let left1 = [
        "贯彻落实养老服务条例和本市社区老年助餐服",
        "务提升行动要求，全年新增社区长者食堂四十",
        "家、老年助餐服务点不少于一百个，对低保、",
    ];
    let right1 = [
        "全年新增社区长者食堂四十家、老年助餐服务点",
        "不少于一百个，补贴资金拨付及时、发放准确，",
        "街镇老年助餐服务全覆盖，用餐老年人满意度",
    ];
    g1.extend(left_goal_lines(&left1, 295.0, 120.0));
    for (k, line) in right1.iter().enumerate() {
        g1.extend(text(line, 300.0, 120.0 + 12.0 * k as f32));
    }
    let left2 = [
        "低收入及失能老年人就餐给予补贴，",
        "全年享受助餐补贴不少于一百二十万人次。",
    ];
    let mut g2 = left_goal_lines(&left2, 295.0, 60.0);
    g2.extend(text("达到九成以上。", 300.0, 60.0));
    g2.extend(header(100.0));
    let mut p2 = page(g2);
    p2.number = 2;
    let doc = from_pdf(&[page(g1), p2]);
    let got = rows(&doc);
    assert_eq!(
        got.get(2),
        Some(&vec![left2.concat().as_str(), "达到九成以上。"]),
        "{got:?}"
    );
}

#[test]
fn goal_labels_at_the_foot_of_a_page_take_the_text_on_the_next() {
    // Page 1 ends with the goal labels and the period; both goal texts
    // are on page 2, above the indicator header.
    let (g, end) = goal_block(100.0, false);
    let cut = 100.0 + 36.0;
    let first: Vec<Glyph> = g.iter().filter(|gl| gl.bbox.y0 < cut).cloned().collect();
    let second: Vec<Glyph> = g
        .iter()
        .filter(|gl| gl.bbox.y0 >= cut)
        .cloned()
        .map(|mut gl| {
            gl.bbox.y0 -= cut - 60.0;
            gl.bbox.y1 -= cut - 60.0;
            gl
        })
        .collect();
    assert!(second.len() > 100 && end > cut);
    let mut p2 = page(second);
    p2.number = 2;
    let doc = from_pdf(&[page(first), p2]);
    let got = rows(&doc);
    assert_eq!(got.get(2), Some(&vec![OVERALL, ANNUAL]), "{got:?}");
    assert_eq!(cols_of(&doc, 2), vec![0, 1]);
}

#[test]
fn a_short_left_goal_line_beside_a_long_right_one_is_goal_text() {
    // The block goes on to page 2 for one line: the left column's last
    // six characters beside a full line of the right column. Only the
    // right column has a long run on that page, starting left of the
    // midpoint between the labels' centres; it does not set the left
    // column's margin, so the short run is not taken for a row label.
    let mut g1 = Vec::new();
    g1.extend(centred("项目总目标", 170.0, 100.0));
    g1.extend(centred("年度总目标", 440.0, 100.0));
    let left1 = [
        "完成不少于四十五个中外文数据库的采购续订和",
        "三十万页古籍数字化扫描，持续提升全民阅读品",
        "牌影响力，读者满意度达到",
    ];
    let right1 = [
        "完成不少于四十五个中外文数据库的采购续订和三",
        "十万页古籍数字化扫描，持续提升全",
    ];
    for (k, line) in left1.iter().enumerate() {
        g1.extend(text(line, 60.0, 120.0 + 12.0 * k as f32));
    }
    for (k, line) in right1.iter().enumerate() {
        g1.extend(text(line, 300.0, 120.0 + 12.0 * k as f32));
    }
    let mut g2 = text("九成以上。", 60.0, 60.0);
    g2.extend(text(
        "民阅读品牌影响力，读者满意度达到九成以上。",
        300.0,
        60.0,
    ));
    g2.extend(header(90.0));
    let mut p2 = page(g2);
    p2.number = 2;
    let doc = from_pdf(&[page(g1), p2]);
    let got = rows(&doc);
    assert_eq!(
        got.get(2),
        Some(&vec![
            "九成以上。",
            "民阅读品牌影响力，读者满意度达到九成以上。"
        ]),
        "{got:?}"
    );
}

#[test]
fn a_stacked_label_ends_at_its_bracketed_unit() {
    // Writer's narrow row-label column: 项/目/资/金/（元） and, right under
    // it on the same pitch, 项/目/绩/效/目/标. Two labels, not one.
    let mut g = text("财政项目支出绩效目标申报表", 150.0, 20.0);
    let pitch = 16.6;
    let parts = [
        "项",
        "目",
        "资",
        "金",
        "（元）",
        "项",
        "目",
        "绩",
        "效",
        "目",
        "标",
    ];
    for (k, part) in parts.iter().enumerate() {
        g.extend(centred(part, 30.0, 60.0 + pitch * k as f32));
    }
    g.extend(text("项目资金总额", 60.0, 60.0));
    g.extend(right("21,600,000", 295.0, 60.0));
    g.extend(text("项目总目标", 100.0, 60.0 + pitch * 5.0));
    g.extend(text("年度总目标", 330.0, 60.0 + pitch * 5.0));
    let doc = from_pdf(&[page(g)]);
    let got = rows(&doc);
    let cells: Vec<&str> = got.iter().flatten().copied().collect();
    assert!(cells.contains(&"项目资金（元）"), "{got:?}");
    assert!(cells.contains(&"项目绩效目标"), "{got:?}");
}

#[test]
fn a_field_label_close_to_its_neighbours_is_its_own_cell() {
    // Calc, outer frame only (op9152 calc_005, here at 10 pt): the label
    // cell and the value cell meet with under a character between them.
    let mut g = Vec::new();
    g.extend(text("项目名称", 95.0, 100.0));
    g.extend(text("社会保险服务费", 167.0, 100.0));
    g.extend(text("项目类别", 336.0, 100.0));
    g.extend(text("经常性项目", 384.6, 100.0)); // 0.86 em after 项目类别
    g.extend(text("主管部门", 95.0, 120.0));
    g.extend(text("上海市人力资源和社会保障局", 167.0, 120.0));
    g.extend(text("实施单位", 308.0, 120.0)); // 1.1 em after …保障局
    g.extend(text("上海市社会保险事业管理中心", 356.0, 120.0));
    // Words set apart inside a value are not cut.
    g.extend(text("项目名称", 95.0, 140.0));
    g.extend(text("社区", 167.0, 140.0));
    g.extend(text("养老服务", 193.0, 140.0));
    let doc = from_pdf(&[page(g)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["项目名称", "社会保险服务费", "项目类别", "经常性项目"],
            vec![
                "主管部门",
                "上海市人力资源和社会保障局",
                "实施单位",
                "上海市社会保险事业管理中心"
            ],
            vec!["项目名称", "社区养老服务"],
        ]
    );
}

#[test]
fn wrapped_field_labels_beside_centred_values_join_their_rows() {
    // Calc, a few inner rules (op9132 calc_009, 12 pt): labels and values
    // wrap in narrow columns, their cells centred, so most lines overlap
    // the ones beside them; only the gaps between rows are positive.
    let g = common::placed(
        &[
            ("财政项目支出绩效目标申报表", 172.7, 42.6),
            ("（2023年度）", 250.5, 64.7),
            ("项目名称", 64.5, 84.9),
            ("老年助餐服务补贴及社区长者食堂运营扶持", 142.0, 84.9),
            ("项目性质", 64.5, 105.8),
            ("经常性项目", 142.0, 105.8),
            ("项目类别", 346.2, 105.8),
            ("经常性项目", 400.9, 105.8),
            ("上海市老龄事业发展促进", 400.9, 126.0),
            ("主管部门", 64.5, 134.7),
            ("上海市民政局", 142.0, 134.7),
            ("实施单位", 346.2, 134.7),
            ("中心", 400.9, 143.4),
            ("计划完成", 346.2, 162.7),
            ("2023-01-01", 142.0, 170.4),
            ("2023-12-31", 400.9, 170.4),
            ("计划开始日期", 52.5, 171.4),
            ("日期", 358.2, 180.1),
            ("项目资金总", 75.9, 199.5),
            ("年度资金", 346.2, 199.5),
            ("55,300,000", 271.0, 207.1),
            ("55,300,000", 474.0, 207.1),
            ("额", 99.9, 216.9),
            ("申请总额", 346.2, 216.9),
            ("其中：当", 346.2, 251.1),
            ("项目", 41.5, 252.9),
            ("其中：财政", 75.9, 259.8),
            ("52,300,000", 271.0, 267.5),
            ("50,800,000", 474.0, 267.5),
            ("年财政拨", 346.2, 268.5),
            ("资金", 41.5, 270.3),
            ("资金", 93.9, 277.2),
            ("款", 364.2, 285.9),
            ("（元", 41.5, 287.7),
            ("）", 47.5, 305.1),
            ("上年结转", 346.2, 320.2),
            ("1,500,000", 481.6, 327.8),
            ("资金", 358.2, 337.6),
            ("3,000,000", 278.6, 356.7),
            ("3,000,000", 481.6, 356.7),
        ],
        12.0,
    );
    let doc = from_pdf(&[page(g)]);
    let got = rows(&doc);
    for row in [
        vec![
            "主管部门",
            "上海市民政局",
            "实施单位",
            "上海市老龄事业发展促进中心",
        ],
        vec!["计划开始日期", "2023-01-01", "计划完成日期", "2023-12-31"],
        vec![
            "项目资金总额",
            "55,300,000",
            "年度资金申请总额",
            "55,300,000",
        ],
    ] {
        assert!(got.contains(&row), "{row:?} in {got:?}");
    }
}
