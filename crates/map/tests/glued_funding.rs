//! Funding cells that a borderless or frame-only office-suite layout glued
//! together (see `unglue.rs`): each amount still reaches its field.

mod common;

use common::map_text;
use jixiao_map::Record;

/// Maps a text form (tab-separated cells) whose funding block is `funding`.
fn map(funding: &str) -> Record {
    let text = format!(
        "## 财政项目支出绩效目标申报表\n\n( 2023年度 )\n\n项目名称\t测试项目\n{funding}\n\
         绩效指标\t一级指标\t二级指标\t三级指标\t指标目标值\n\
         \t产出指标\t数量指标\t巡检次数\t>=6次\n"
    );
    map_text(&text)
}

/// (total, fiscal, annual_total, annual_appropriation, annual_carryover)
fn amounts(r: &Record) -> [Option<f64>; 5] {
    let f = &r.funding;
    [
        f.total,
        f.fiscal,
        f.annual_total,
        f.annual_appropriation,
        f.annual_carryover,
    ]
}

#[test]
fn two_rows_glued_into_one_pair_their_labels_and_amounts_in_order() {
    let r = map(
        "项目资金（元）\t项目资金总额其中：财政资金\t12,480,000 11,980,000\t\
         年度资金申请总额其中：当年财政拨款上年结转资金\t12,480,000 11,980,000\n\
         其他资金\t500,000\t其他资金\t500,000",
    );
    assert_eq!(
        amounts(&r),
        [
            Some(12_480_000.0),
            Some(11_980_000.0),
            Some(12_480_000.0),
            Some(11_980_000.0),
            None
        ]
    );
    assert_eq!(
        (r.funding.other, r.funding.annual_other),
        (Some(500_000.0), Some(500_000.0))
    );
}

#[test]
fn a_label_cut_by_its_wrap_is_finished_by_the_next_row() {
    // 其中：当年财政拨款 wrapped as 其中：当年财 / 政拨款, its last line read
    // with the row below, and the 项目资金（元） row label threaded through.
    let r = map(
        "项目资\t项目资金总额\t14,979,100\t年度资金申请总额其中：当年财政\t14,979,100\n\
         金（元其中：财政资金）\t14,979,100\t拨款上年结转资金\t14,979,100\n\
         其他资金\t\t其他资金\t",
    );
    assert_eq!(
        amounts(&r),
        [
            Some(14_979_100.0),
            Some(14_979_100.0),
            Some(14_979_100.0),
            Some(14_979_100.0),
            None
        ]
    );
}

#[test]
fn a_label_with_the_row_label_threaded_through_it_is_read() {
    let r = map("项目资金总额\t37,857,285\t年度资金申请总额\t37,857,285\n\
         项目资金（其中：财政元）资金\t37,857,285\t其中：当年财政拨款\t37,857,285");
    assert_eq!(r.funding.fiscal, Some(37_857_285.0));
    assert_eq!(r.funding.annual_appropriation, Some(37_857_285.0));
}

#[test]
fn the_middle_line_of_a_wrapped_label_names_its_amount() {
    // 其中：/财政资/金 and 其中：当/年财政拨/款: only the middle lines sit
    // beside the amounts.
    let r = map(
        "项目资金（元）\t项目资金总额\t16,647,680\t年度资金申请总额\t16,647,680\n\
         财政资\t16,647,680\t年财政拨\t16,647,680",
    );
    assert_eq!(r.funding.fiscal, Some(16_647_680.0));
    assert_eq!(r.funding.annual_appropriation, Some(16_647_680.0));
}

#[test]
fn a_label_piece_without_an_amount_beside_it_is_not_a_label() {
    // 财政资 names nothing when no amount follows: no amount is invented.
    let r = map("项目资金（元）\t项目资金总额\t16,647,680\n财政资\t待定");
    assert_eq!(r.funding.fiscal, None);
}

#[test]
fn a_category_glued_to_its_label_is_read() {
    let r = map("项目性质\t一次性项目\t项目类别经常性项目");
    assert_eq!(r.project_category.as_deref(), Some("经常性项目"));
}
