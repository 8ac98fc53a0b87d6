//! A borderless indicator table whose rows are no further apart than the
//! lines inside them (a word processor's table without cell padding):
//! rows are told by how names wrap (full lines go on) and where targets
//! sit (centred in their rows).

use jixiao_page::Glyph;

const SIZE: f32 = 10.0;
/// Line pitch, inside rows and between them alike.
const PITCH: f32 = 12.0;
const TOP: f32 = 130.0;
const NAME_X: f32 = 245.0;
const TARGET_X: f32 = 450.0;

mod common;
use common::{from_pdf, page, rows};

fn line_top(k: usize) -> f32 {
    TOP + k as f32 * PITCH
}

/// A name over lines `first..`, its target centred on them.
fn indicator(first: usize, name_lines: &[&str], target: &str) -> Vec<Glyph> {
    indicator_at(line_top(first), name_lines, target)
}

#[test]
fn rows_without_padding_are_cut_where_names_end() {
    let mut g = common::header(100.0, SIZE);
    g.extend(indicator(0, &["户外招牌更新维修数"], "=9块"));
    g.extend(indicator(
        1,
        &[
            "办公房及附属设施维修工程计划完成率在规定",
            "时限内完成并通过验收的比例（以第三方机构",
            "年度抽样调查结果为准）",
        ],
        "=100%",
    ));
    g.extend(indicator(
        4,
        &["宣传工作计划完成率及相关配套服务保障工作", "的完成情况"],
        "≥95%",
    ));
    g.extend(indicator(6, &["验收合格率"], "=100%"));
    g.extend(indicator(7, &["公厕改造数"], "=3座"));
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec!["户外招牌更新维修数", "=9块"],
            vec![
                "办公房及附属设施维修工程计划完成率在规定时限内完成并通过验收的比例（以第三方机构年度抽样调查结果为准）",
                "=100%"
            ],
            vec!["宣传工作计划完成率及相关配套服务保障工作的完成情况", "≥95%"],
            vec!["验收合格率", "=100%"],
            vec!["公厕改造数", "=3座"],
        ]
    );
}

/// A name over lines starting at `top`, one pitch apart, its target
/// centred on them.
fn indicator_at(top: f32, name_lines: &[&str], target: &str) -> Vec<Glyph> {
    let mut g = Vec::new();
    for (k, line) in name_lines.iter().enumerate() {
        g.extend(common::text(line, NAME_X, top + k as f32 * PITCH, SIZE));
    }
    let middle = top + (name_lines.len() - 1) as f32 * PITCH / 2.0;
    g.extend(common::text(target, TARGET_X, middle, SIZE));
    g
}

#[test]
fn unpadded_rows_after_rows_kept_to_a_least_height() {
    // Writer: one-line rows held to a least height (2.3 pitches apart)
    // above rows of several lines that set no padding of their own. The
    // uneven pitches end rows; the stretch after them is cut by how its
    // names wrap, a three-line name keeping its centred target, and a
    // bracketed note that went down whole leaving its line short.
    const ROW_CLOSER: f32 = 0.3;
    let least = 2.3 * PITCH;
    let mut g = common::header(100.0, SIZE);
    g.extend(indicator_at(TOP, &["户外招牌更新维修数"], "=9块"));
    g.extend(indicator_at(TOP + least, &["公厕改造数"], "=3座"));
    let mut y = TOP + 2.0 * least;
    for (name, target) in [
        (
            &[
                "办公房及附属设施维修工程计划完成率在规定",
                "时限内完成并通过验收的比例（以第三方机构",
                "年度抽样调查结果为准）",
            ][..],
            "=100%",
        ),
        (
            &[
                "基层首诊和双向转诊制度落实情况",
                "（按季度统计并报送主管部门备案）",
            ][..],
            "有效推进",
        ),
        (&["验收合格率"][..], "=100%"),
        (
            &["宣传工作计划完成率及相关配套服务保障工作", "的完成情况"][..],
            "≥95%",
        ),
    ] {
        g.extend(indicator_at(y, name, target));
        // Writer sets the next row a little closer than the next line.
        y += name.len() as f32 * PITCH - ROW_CLOSER;
    }
    let doc = from_pdf(&[page(1, g)]);
    assert_eq!(
        rows(&doc),
        vec![
            vec!["一级指标", "二级指标", "三级指标", "指标目标值"],
            vec!["户外招牌更新维修数", "=9块"],
            vec!["公厕改造数", "=3座"],
            vec![
                "办公房及附属设施维修工程计划完成率在规定时限内完成并通过验收的比例（以第三方机构年度抽样调查结果为准）",
                "=100%"
            ],
            vec![
                "基层首诊和双向转诊制度落实情况（按季度统计并报送主管部门备案）",
                "有效推进"
            ],
            vec!["验收合格率", "=100%"],
            vec![
                "宣传工作计划完成率及相关配套服务保障工作的完成情况",
                "≥95%"
            ],
        ]
    );
}

#[test]
fn a_name_and_a_target_wrapping_at_the_same_line_stay_one_row() {
    // Calc (a page copied from an export, shrunk to fit): rows padded by
    // two points, a row's lines 12.2 pt apart. 突发公共事件…'s name and
    // target both fill their first line and go on in the second, one
    // pitch down: one row, though each of its lines holds both.
    let g = common::placed(
        &[
            ("一级指标", 122.3, 40.0),
            ("二级指标", 218.0, 40.0),
            ("三级指标", 345.7, 40.0),
            ("年度指标值", 469.2, 40.0),
            ("=100%", 443.1, 61.1),
            ("监督检查工作及时率", 283.5, 61.8),
            ("时效指标", 218.0, 63.5),
            ("突发公共事件应急处置响应时间（按季度", 283.5, 80.2),
            ("中心城区一个半小时内；", 443.1, 80.2),
            ("统计并报送主管部门备案）", 283.5, 92.4),
            ("郊区三个小时内", 443.1, 92.4),
            ("绩效指标", 55.8, 95.5),
            ("志愿服务完成时间（按季度统计并报送主", 283.5, 106.5),
            ("年底前完成", 443.1, 112.6),
            ("管部门备案）", 283.5, 118.6),
            ("数据库续订完成时间在规定时限内完成并", 283.5, 132.7),
            ("3月31日前", 443.1, 138.8),
            ("通过验收的比例", 283.5, 144.9),
            ("河道保洁养护单价（含线上线下各类渠道", 283.5, 158.9),
            ("经济成本指标", 209.6, 165.0),
            ("≤2.1元/平方米/年", 443.1, 165.0),
            ("，按全年累计口径计算）", 283.5, 171.1),
        ],
        8.4,
    );
    let doc = from_pdf(&[page(1, g)]);
    let got = rows(&doc);
    assert!(
        got.iter().any(|r| r.ends_with(&[
            "突发公共事件应急处置响应时间（按季度统计并报送主管部门备案）",
            "中心城区一个半小时内；郊区三个小时内"
        ])),
        "{got:?}"
    );
    assert_eq!(got.len(), 6, "{got:?}");
}

#[test]
fn rows_padded_by_a_whole_line_pitch_stay_apart() {
    // Calc (a few rules, none between the rows): a one-line row is two
    // line pitches high, a two-line row three, so every name line lies a
    // whole number of pitches from the next and the run looks unpadded
    // (and the lines of the wrapped names and the targets centred on them
    // overlap, so no gap tells wraps from rows).
    // 培训人次's name and target both nearly fill their columns, and read
    // as aligned at the top, 配置…'s lines would go on them; but a blank
    // pitch lies between, which no cell's lines leave.
    let g = common::placed(
        &[
            ("一级指标", 111.5, 512.0),
            ("二级指标", 186.7, 512.0),
            ("三级指标", 303.9, 512.0),
            ("指标目标值", 426.6, 512.0),
            ("家庭医生签约服务能力培训人次", 251.4, 539.3),
            ("≥3000人次", 398.4, 539.3),
            ("配置智能健康随访设备的社区卫", 251.4, 568.1),
            ("=249家", 398.4, 575.3),
            ("生服务中心数", 251.4, 582.6),
            ("数量指标", 186.7, 593.3),
            ("重点人群家庭医生签约人数", 251.4, 611.3),
            ("≥5000000人", 398.4, 611.3),
            ("新增社区长者食堂数量", 251.4, 647.3),
            ("＝40家", 398.4, 647.3),
            ("社区长者食堂食品安全量化等级", 251.4, 676.1),
            ("≥95%", 398.4, 683.3),
            ("达到B级及以上的比例", 251.4, 690.6),
            ("助餐服务点信息在“随申办”平", 251.4, 712.1),
            ("＝100%", 398.4, 719.3),
            ("台公开率", 251.4, 726.6),
        ],
        10.0,
    );
    let doc = from_pdf(&[page(1, g)]);
    let got = rows(&doc);
    for row in [
        ["家庭医生签约服务能力培训人次", "≥3000人次"],
        ["配置智能健康随访设备的社区卫生服务中心数", "=249家"],
        ["重点人群家庭医生签约人数", "≥5000000人"],
        ["社区长者食堂食品安全量化等级达到B级及以上的比例", "≥95%"],
    ] {
        assert!(got.iter().any(|r| r.ends_with(&row)), "{row:?} in {got:?}");
    }
    assert_eq!(got.len(), 7, "{got:?}");
}
