//! The mapper's repairs, one at a time, on small OCR'd-text tables.

mod common;

use common::map_text;
use jixiao_map::{map_document, Record, SourceInfo};

/// Maps a text form whose indicator table is `table` (tab-separated lines).
fn map(table: &str) -> Record {
    map_text(&format!(
        "## 财政项目支出绩效目标申报表\n\n( 2023年度 )\n\n项目名称\t测试项目\t项目类别\t经常性项目\n\
         绩效指标\t一级指标\t二级指标\t三级指标\t指标目标值\n{table}"
    ))
}

fn levels(r: &Record) -> Vec<(String, String, String, String)> {
    r.indicators
        .iter()
        .map(|i| {
            (
                i.level1.clone().unwrap_or_default(),
                i.level2.clone().unwrap_or_default(),
                i.level3.clone(),
                i.target.raw.clone(),
            )
        })
        .collect()
}

fn row(l1: &str, l2: &str, l3: &str, t: &str) -> (String, String, String, String) {
    (l1.into(), l2.into(), l3.into(), t.into())
}

#[test]
fn merged_labels_fill_their_group() {
    let r = map("\t产出指标\t数量指标\t甲数\t=1个\n\t\t\t乙数\t=2个\n\t\t质量指标\t丙率\t=100%\n");
    assert_eq!(
        levels(&r),
        [
            row("产出指标", "数量指标", "甲数", "=1个"),
            row("产出指标", "数量指标", "乙数", "=2个"),
            row("产出指标", "质量指标", "丙率", "=100%"),
        ]
    );
}

#[test]
fn a_level2_label_in_the_level1_column_is_still_level2() {
    let r = map("\t效益指标\t社会效益指标\t甲情况\t有效改善\n\t生态效益指标\t能耗降低情况\t较上年度降低\t\n");
    assert_eq!(
        levels(&r)[1],
        row("效益指标", "生态效益指标", "能耗降低情况", "较上年度降低")
    );
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("生态效益指标") && w.contains("column")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn a_cell_split_by_a_page_break_is_joined_with_the_labels_of_the_continuation_row() {
    let r = map(
        "\t产出指标\t质量指标\t安保人员装备配备率\t=100%\n\t\t\t日常安全巡逻和技防监控到\t\n\n绩效指标\t\t位率\t=100%\n\t\t\t后续率\t=90%\n",
    );
    assert_eq!(
        levels(&r)[1],
        row(
            "产出指标",
            "质量指标",
            "日常安全巡逻和技防监控到位率",
            "=100%"
        )
    );
    assert_eq!(r.indicators.len(), 3);
    assert!(r.warnings.iter().any(|w| w.contains("joined")));
}

#[test]
fn a_name_cut_by_a_page_break_joins_its_tail_under_the_labels_printed_after_it() {
    // The head looks whole and has no target; the row after the break
    // brings the tail, the target and the labels of the group the cut row
    // starts.
    let r = map(
        "\t成本指标\t生态环境成本指标\t化学农药使用量下降比例\t>=5%\n\t\t\t古树名木保护长效\t\n\n\
         \t效益指标\t可持续影响指标\t管理机制覆盖全区各街道镇\t健全\n\t\t\t绿化长效养护\t持续\n",
    );
    assert_eq!(
        levels(&r),
        [
            row(
                "成本指标",
                "生态环境成本指标",
                "化学农药使用量下降比例",
                ">=5%"
            ),
            row(
                "效益指标",
                "可持续影响指标",
                "古树名木保护长效管理机制覆盖全区各街道镇",
                "健全"
            ),
            row("效益指标", "可持续影响指标", "绿化长效养护", "持续"),
        ]
    );
}

#[test]
fn a_group_label_printed_after_the_break_covers_its_rows_above_it() {
    let r = map(
        "\t产出指标\t质量指标\t泄漏率\t=0%\n\t\t\t通知书印发及时性\t及时\t\n\t告知单印制等各项宣传的及\t\t\t\n\n指标\t\t时效指标\t时性\t及时\n\t\t\t微信发布频次\t=4次/每月\n",
    );
    assert_eq!(
        levels(&r),
        [
            row("产出指标", "质量指标", "泄漏率", "=0%"),
            row("产出指标", "时效指标", "通知书印发及时性", "及时"),
            row(
                "产出指标",
                "时效指标",
                "告知单印制等各项宣传的及时性",
                "及时"
            ),
            row("产出指标", "时效指标", "微信发布频次", "=4次/每月"),
        ]
    );
}

#[test]
fn a_label_printed_below_the_first_row_of_its_group_covers_it() {
    let r = map("\t\t\t甲数\t=1个\n\t产出指标\t数量指标\t乙数\t=2个\n");
    assert_eq!(levels(&r)[0], row("产出指标", "数量指标", "甲数", "=1个"));
}

#[test]
fn a_missing_level1_is_inferred_from_level2() {
    let r = map("\t产出指标\t数量指标\t甲数\t=1个\n\t生态环境成本指标\t\t农药减量\t较上年减少5%\n");
    assert_eq!(
        levels(&r)[1],
        row("成本指标", "生态环境成本指标", "农药减量", "较上年减少5%")
    );
}

#[test]
fn cost_is_level2_in_the_2015_framework_and_level1_in_2021() {
    let old = map("\t产出指标\t数量指标\t甲数\t=1个\n\t\t成本指标\t单价\t≤5元\n");
    assert_eq!(levels(&old)[1], row("产出指标", "成本指标", "单价", "≤5元"));
    let new = map("\t产出指标\t数量指标\t甲数\t=1个\n\t成本指标\t经济成本指标\t单价\t≤5元\n");
    assert_eq!(
        levels(&new)[1],
        row("成本指标", "经济成本指标", "单价", "≤5元")
    );
}

#[test]
fn a_target_on_its_own_row_belongs_to_the_name_above() {
    let r = map("\t产出指标\t数量指标\t甲数\t\n\t\t\t\t=1个\n");
    assert_eq!(levels(&r), [row("产出指标", "数量指标", "甲数", "=1个")]);
}

#[test]
fn a_repeated_header_row_after_a_page_break_is_not_data() {
    let r = map("\t产出指标\t数量指标\t甲数\t=1个\n\n\t一级指标\t二级指标\t三级指标\t指标目标值\n\t\t\t乙数\t=2个\n");
    assert_eq!(r.indicators.len(), 2);
    assert_eq!(levels(&r)[1], row("产出指标", "数量指标", "乙数", "=2个"));
}

#[test]
fn weights_in_labels_are_dropped() {
    let r = map("\t产出指标(50分)\t数量指标\t甲数\t=1个\n\t满意度指标（10分）\t服务对象满意度指标\t满意度\t≥90%\n");
    assert_eq!(levels(&r)[0].0, "产出指标");
    assert_eq!(levels(&r)[1].0, "满意度指标");
}

#[test]
fn latex_and_full_width_targets_parse() {
    let r = map(
        "\t满意度指标\t服务对象满意度指标\t甲满意度\t$\\geq 95\\%$\n\t\t\t乙满意度\t＞＝９０％\n",
    );
    let t = &r.indicators[0].target;
    assert_eq!(
        (
            t.raw.as_str(),
            t.op.map(|o| o.as_str()),
            t.value,
            t.unit.as_deref()
        ),
        ("≥95%", Some(">="), Some(95.0), Some("%"))
    );
    let t = &r.indicators[1].target;
    assert_eq!(
        (t.op.map(|o| o.as_str()), t.value),
        (Some(">="), Some(90.0))
    );
}

#[test]
fn a_bracketed_qualifier_after_a_page_break_continues_the_name() {
    // The name's first line ends a page without a target; the next page
    // repeats the header, then the qualifier in brackets and the target.
    let r = map(
        "\t产出指标\t数量指标\t考场视频监控设备更新数量\t\n\u{c}\t一级指标\t二级指标\t三级指标\t指标目标值\n\t\t\t（按季度统计并报送主管部门备案）\t=1850套\n\t\t\t标准化考点运维覆盖数\t=362个\n",
    );
    assert_eq!(
        levels(&r),
        [
            row(
                "产出指标",
                "数量指标",
                "考场视频监控设备更新数量（按季度统计并报送主管部门备案）",
                "=1850套"
            ),
            row("产出指标", "数量指标", "标准化考点运维覆盖数", "=362个"),
        ]
    );
}

#[test]
fn a_short_goal_continuation_is_kept_though_it_occurs_earlier() {
    // The overall goal's cell is cut by the page break; its tail "90%以上。"
    // also ends an earlier sentence of the same goal.
    let text = "## 财政项目支出绩效目标申报表\n\n项目名称\t测试项目\t项目类别\t经常性项目\n\
                项目绩效目标\t项目总目标\t年度总目标\n\
                \t读者满意度达到90%以上。考生满意度达到\t完成年度任务。\n\u{c}\
                \t90%以上。\n\
                绩效指标\t一级指标\t二级指标\t三级指标\t指标目标值\n\
                \t产出指标\t数量指标\t甲数\t=1个\n";
    let r = map_text(text);
    assert_eq!(
        r.overall_goal.as_deref(),
        Some("读者满意度达到90%以上。考生满意度达到90%以上。")
    );
    assert_eq!(r.annual_goal.as_deref(), Some("完成年度任务。"));
}

#[test]
fn a_project_name_cut_by_a_page_break_is_joined() {
    // The form starts at the foot of a page: title, year, 单位, the name's
    // first line; its label and the rest follow on the next page.
    let r = map_text(
        "财政项目支出绩效目标申报表\n（2023年度）\n单位：元\n\t国家教育考试标准化考点设施设\n\u{c}\
         项目名称\t备运行维护及更新\t项目类别\t经常性项目\n\
         绩效指标\t一级指标\t二级指标\t三级指标\t指标目标值\n\
         \t产出指标\t数量指标\t甲数\t=1个\n",
    );
    assert_eq!(r.title.as_deref(), Some("财政项目支出绩效目标申报表"));
    assert_eq!(
        r.project_name.as_deref(),
        Some("国家教育考试标准化考点设施设备运行维护及更新")
    );
}

#[test]
fn a_block_label_cut_by_a_page_break_is_not_goal_text() {
    let r = map_text(
        "财政项目支出绩效目标申报表\n项目名称\t测试项目\t项目类别\t经常性项目\n\
         项\t项目总目标\t年度总目标\n\
         \t完成甲项工作不\t完成乙项\n\u{c}\
         目绩效目标\t少于十项。\t工作。\n\
         绩效指标\t一级指标\t二级指标\t三级指标\t指标目标值\n\
         \t产出指标\t数量指标\t甲数\t=1个\n",
    );
    assert_eq!(r.overall_goal.as_deref(), Some("完成甲项工作不少于十项。"));
    assert_eq!(r.annual_goal.as_deref(), Some("完成乙项工作。"));
}

#[test]
fn a_name_and_target_both_cut_by_a_page_break_are_one_indicator() {
    let r = map(
        "\t产出指标\t时效指标\t应急处置响应时间（含线\t中心城区一个半小时\n\u{c}\
         \t\t\t上线下各类渠道）\t内；郊区三个小时内\n\t\t\t培训及时率\t=100%\n",
    );
    assert_eq!(
        levels(&r),
        [
            row(
                "产出指标",
                "时效指标",
                "应急处置响应时间（含线上线下各类渠道）",
                "中心城区一个半小时内；郊区三个小时内"
            ),
            row("产出指标", "时效指标", "培训及时率", "=100%"),
        ]
    );
}

#[test]
fn a_pdf_name_tail_before_the_target_column_is_not_a_label() {
    // A PDF table (columns known): `数量` ends a name cut by the page
    // break, in the 三级 column right before the target; 数量 is also a
    // short 二级 label, but not there.
    let doc = pdf_form(
        1,
        vec![
            labelled("产出指标", "数量指标", "运维覆盖数", "=362个"),
            pdf_row(1, false, &[(3, "考场视频监控及身份验证设备更新")]),
            pdf_row(2, true, &[(3, "数量"), (4, "=1850套")]),
            pdf_row(2, false, &[(3, "巡检次数"), (4, ">=6次")]),
        ],
    );
    let records = map_pdf(&doc);
    assert_eq!(
        levels(&records[0]),
        [
            row("产出指标", "数量指标", "运维覆盖数", "=362个"),
            row(
                "产出指标",
                "数量指标",
                "考场视频监控及身份验证设备更新数量",
                "=1850套"
            ),
            row("产出指标", "数量指标", "巡检次数", ">=6次"),
        ]
    );
}

#[test]
fn a_cut_indicator_joins_across_its_group_label_printed_again() {
    // After the break the merged 二级 label is printed again on the
    // continuation row.
    let r = map(
        "\t产出指标\t时效指标\t应急处置响应时间（含线\t中心城区一个半小时\n\u{c}\
         \t\t时效指标\t上线下各类渠道）\t内；郊区三个小时内\n\t\t\t培训及时率\t=100%\n",
    );
    assert_eq!(
        levels(&r)[0],
        row(
            "产出指标",
            "时效指标",
            "应急处置响应时间（含线上线下各类渠道）",
            "中心城区一个半小时内；郊区三个小时内"
        )
    );
    assert_eq!(r.indicators.len(), 2);
}

#[test]
fn a_name_without_target_before_a_break_joins_the_named_row_after_it() {
    let r = map("\t产出指标\t数量指标\t考场视频监控设备更新数量\t\n\u{c}\
         \t\t\t覆盖全区各街道镇及重点区域\t=1850套\n\t\t\t巡检次数\t>=6次\n");
    assert_eq!(
        levels(&r),
        [
            row(
                "产出指标",
                "数量指标",
                "考场视频监控设备更新数量覆盖全区各街道镇及重点区域",
                "=1850套"
            ),
            row("产出指标", "数量指标", "巡检次数", ">=6次"),
        ]
    );
}

/// A row of a PDF table: cells in known columns.
fn pdf_row(page: usize, after_break: bool, cells: &[(usize, &str)]) -> jixiao_table::Row {
    jixiao_table::Row {
        cells: cells
            .iter()
            .map(|&(col, text)| jixiao_table::Cell {
                text: text.into(),
                col,
                span: 1,
            })
            .collect(),
        page,
        after_break,
        line: None,
        in_table: true,
        open_cells: Vec::new(),
        closed_above: Vec::new(),
        full_cells: Vec::new(),
        bbox: None,
    }
}

/// A page-1 row of a PDF table with both labels, a name and a target.
fn labelled(l1: &str, l2: &str, name: &str, target: &str) -> jixiao_table::Row {
    pdf_row(1, false, &[(1, l1), (2, l2), (3, name), (4, target)])
}

fn pdf_document(rows: Vec<jixiao_table::Row>) -> jixiao_table::Document {
    let page_count = rows.iter().map(|r| r.page).max();
    jixiao_table::Document {
        rows,
        page_count,
        grid_columns: true,
        notes: Vec::new(),
        ruled_pages: Vec::new(),
    }
}

/// A PDF form on `page`: title, 项目名称 and the indicator header, then
/// `rows`.
fn pdf_form(page: usize, rows: Vec<jixiao_table::Row>) -> jixiao_table::Document {
    let mut all = vec![
        pdf_row(page, false, &[(0, "财政项目支出绩效目标申报表")]),
        pdf_row(page, false, &[(0, "项目名称"), (1, "测试项目")]),
        pdf_header(page),
    ];
    all.extend(rows);
    pdf_document(all)
}

fn map_pdf(doc: &jixiao_table::Document) -> Vec<Record> {
    let source = SourceInfo {
        path: "t.pdf".into(),
        sha256: String::new(),
    };
    map_document(doc, &source).expect("a form")
}

#[test]
fn rows_of_an_open_cell_no_label_reaches_stay_in_the_group_above() {
    // The table marked 培训及时率 as starting a new 二级 cell whose label
    // is on the next page, but the next page brings no 二级 label before
    // the next 一级 group: the rows stay under 时效指标.
    let mut open = pdf_row(2, false, &[(3, "培训及时率"), (4, "=100%")]);
    open.open_cells = vec![2];
    let doc = pdf_document(vec![
        pdf_row(1, false, &[(0, "财政项目支出绩效目标申报表")]),
        pdf_row(1, false, &[(0, "项目名称"), (1, "测试项目")]),
        pdf_header(2),
        pdf_row(
            2,
            false,
            &[
                (1, "产出指标"),
                (2, "时效指标"),
                (3, "微信发布频次"),
                (4, "=4次/每月"),
            ],
        ),
        open,
        pdf_row(3, true, &[(3, "志愿服务完成时间"), (4, "年底前完成")]),
        pdf_row(3, false, &[(3, "监督检查工作及时率"), (4, "=100%")]),
        pdf_row(
            3,
            false,
            &[
                (1, "成本指标"),
                (2, "经济成本指标"),
                (3, "人均培训成本"),
                (4, "≤1200元/人次"),
            ],
        ),
    ]);
    let records = map_pdf(&doc);
    assert_eq!(
        levels(&records[0]),
        [
            row("产出指标", "时效指标", "微信发布频次", "=4次/每月"),
            row("产出指标", "时效指标", "培训及时率", "=100%"),
            row("产出指标", "时效指标", "志愿服务完成时间", "年底前完成"),
            row("产出指标", "时效指标", "监督检查工作及时率", "=100%"),
            row("成本指标", "经济成本指标", "人均培训成本", "≤1200元/人次"),
        ]
    );
    assert!(records[0]
        .warnings
        .iter()
        .any(|w| w.contains("kept in the group above")));
}

/// The PDF header row of the tests: 一级 … target in columns 1–4.
fn pdf_header(page: usize) -> jixiao_table::Row {
    pdf_row(
        page,
        false,
        &[
            (1, "一级指标"),
            (2, "二级指标"),
            (3, "三级指标"),
            (4, "指标目标值"),
        ],
    )
}

#[test]
fn a_name_tail_after_the_break_may_bring_the_labels_its_row_waited_for() {
    // A ruled table: the break cut 疏浚底泥…处置率's row; its 一级/二级
    // cells start there, their text printed on the next page beside the
    // tail of the name.
    let mut cut = pdf_row(
        5,
        false,
        &[
            (
                3,
                "疏浚底泥无害化处置率（含线上线下各类渠道，按全年累计口径",
            ),
            (4, "=100%"),
        ],
    );
    cut.open_cells = vec![1, 2];
    let doc = pdf_form(
        5,
        vec![
            pdf_row(
                5,
                false,
                &[
                    (1, "产出指标"),
                    (2, "质量指标"),
                    (3, "培训考核合格率"),
                    (4, "≥95%"),
                ],
            ),
            cut,
            pdf_row(
                6,
                true,
                &[(1, "成本指标"), (2, "生态环境成本指标"), (3, "计算）")],
            ),
            pdf_row(
                6,
                false,
                &[(3, "施工期间水体扰动造成的生态影响"), (4, "可控")],
            ),
            pdf_row(
                6,
                false,
                &[
                    (2, "经济成本指标"),
                    (3, "人均培训成本"),
                    (4, "≤1200元/人次"),
                ],
            ),
        ],
    );
    assert_eq!(
        levels(&map_pdf(&doc)[0]),
        [
            row("产出指标", "质量指标", "培训考核合格率", "≥95%"),
            row(
                "成本指标",
                "生态环境成本指标",
                "疏浚底泥无害化处置率（含线上线下各类渠道，按全年累计口径计算）",
                "=100%"
            ),
            row(
                "成本指标",
                "生态环境成本指标",
                "施工期间水体扰动造成的生态影响",
                "可控"
            ),
            row("成本指标", "经济成本指标", "人均培训成本", "≤1200元/人次"),
        ]
    );
}

#[test]
fn a_target_ending_in_a_separator_goes_on_after_the_break() {
    // Name and target both cut: the target's `；` shows it goes on.
    let doc = pdf_form(
        2,
        vec![
            pdf_row(
                2,
                false,
                &[
                    (1, "产出指标"),
                    (2, "时效指标"),
                    (3, "监督检查工作及时率"),
                    (4, "=100%"),
                ],
            ),
            pdf_row(
                2,
                false,
                &[
                    (3, "突发公共事件应急处置响应时间覆盖全区各街道镇"),
                    (4, "中心城区一个半小时内；"),
                ],
            ),
            pdf_row(3, true, &[(3, "及重点区域"), (4, "郊区三个小时内")]),
            pdf_row(3, false, &[(3, "志愿服务完成时间"), (4, "年底前完成")]),
        ],
    );
    assert_eq!(
        levels(&map_pdf(&doc)[0]),
        [
            row("产出指标", "时效指标", "监督检查工作及时率", "=100%"),
            row(
                "产出指标",
                "时效指标",
                "突发公共事件应急处置响应时间覆盖全区各街道镇及重点区域",
                "中心城区一个半小时内；郊区三个小时内"
            ),
            row("产出指标", "时效指标", "志愿服务完成时间", "年底前完成"),
        ]
    );
}

#[test]
fn both_labels_cut_by_the_break_are_completed() {
    // Word flowed both merged labels over the break: 满意度指 | 标 and
    // 服务对象满意度 | 指标.
    let doc = pdf_form(
        5,
        vec![
            pdf_row(
                5,
                false,
                &[
                    (1, "满意度指"),
                    (2, "服务对象满意度"),
                    (3, "街镇养老服务管理部门满意度"),
                    (4, "≥90%"),
                ],
            ),
            pdf_row(5, false, &[(3, "用餐老年人满意度"), (4, "≥90%")]),
            pdf_row(
                6,
                true,
                &[
                    (1, "标"),
                    (2, "指标"),
                    (3, "老年人家属满意度"),
                    (4, "不低于85%"),
                ],
            ),
        ],
    );
    assert_eq!(
        levels(&map_pdf(&doc)[0]),
        [
            row(
                "满意度指标",
                "服务对象满意度指标",
                "街镇养老服务管理部门满意度",
                "≥90%"
            ),
            row(
                "满意度指标",
                "服务对象满意度指标",
                "用餐老年人满意度",
                "≥90%"
            ),
            row(
                "满意度指标",
                "服务对象满意度指标",
                "老年人家属满意度",
                "不低于85%"
            ),
        ]
    );
}

#[test]
fn a_funding_label_with_the_row_labels_first_line_glued_on_is_read() {
    // 项目资金（元） wrapped in a narrow first column; its first line ran
    // into the label beside it.
    let r = map_text(
        "财政项目支出绩效目标申报表\n项目名称\t测试项目\n\
         项目资金总额\t55,300,000\t年度资金申请总额\t55,300,000\n\
         项目资其中：财政资金\t52,300,000\t其中：当年财政拨款\t50,800,000\n\
         金（元）\t上年结转资金\t1,500,000\n\
         其他资金\t3,000,000\t其他资金\t3,000,000\n\
         一级指标\t二级指标\t三级指标\t指标目标值\n\
         产出指标\t数量指标\t甲数\t=1个\n",
    );
    assert_eq!(r.funding.fiscal, Some(52_300_000.0));
    assert_eq!(r.funding.annual_appropriation, Some(50_800_000.0));
    assert_eq!(r.funding.annual_carryover, Some(1_500_000.0));
}

#[test]
fn a_goal_continued_after_the_break_is_kept_when_it_repeats_earlier_text() {
    // The goal says the same sentence twice; the break cut the second
    // time, so the text after it also stands earlier in the goal.
    let sentence =
        "全年新增社区长者食堂四十家、老年助餐服务点不少于一百个，享受助餐补贴不少于一百二十万人次。";
    let between = "补贴资金按季度拨付。";
    let (head, tail) = sentence.split_at(sentence.char_indices().nth(10).map_or(0, |(i, _)| i));
    let before = format!("{sentence}{between}{head}");
    let doc = pdf_document(vec![
        pdf_row(1, false, &[(0, "财政项目支出绩效目标申报表")]),
        pdf_row(1, false, &[(0, "项目名称"), (1, "测试项目")]),
        pdf_row(
            1,
            false,
            &[(0, "项目绩效目标"), (1, "项目总目标"), (3, "年度总目标")],
        ),
        pdf_row(1, false, &[(1, &before), (3, "完成年度任务。")]),
        pdf_row(2, true, &[(1, tail)]),
        pdf_header(2),
        pdf_row(
            2,
            false,
            &[(1, "产出指标"), (2, "数量指标"), (3, "甲数"), (4, "=1个")],
        ),
    ]);
    let records = map_pdf(&doc);
    assert_eq!(
        records[0].overall_goal.as_deref(),
        Some(format!("{sentence}{between}{sentence}").as_str())
    );
}

#[test]
fn a_level2_variant_alone_before_a_target_is_the_indicator_name() {
    // 服务对象满意度 in the 二级 column, its target beside it; 社会效益 in
    // the 三级 column with a target that reads like no target.
    let r = map(
        "\t效益指标\t社会效益指标\t甲情况\t有效改善\n\t\t\t社会效益\t不影响日常工作\n\
         \t满意度指标\t服务对象满意度指标\t乙满意度\t>=95%\n\t\t服务对象满意度\t>=90%\n",
    );
    assert_eq!(
        levels(&r),
        [
            row("效益指标", "社会效益指标", "甲情况", "有效改善"),
            row("效益指标", "社会效益指标", "社会效益", "不影响日常工作"),
            row("满意度指标", "服务对象满意度指标", "乙满意度", ">=95%"),
            row(
                "满意度指标",
                "服务对象满意度指标",
                "服务对象满意度",
                ">=90%"
            ),
        ]
    );
}

#[test]
fn a_level2_label_before_its_name_is_still_a_label() {
    let r = map("\t满意度指标\t服务对象满意度\t乙满意度\t>=95%\n");
    assert_eq!(
        levels(&r),
        [row("满意度指标", "服务对象满意度", "乙满意度", ">=95%")]
    );
}

#[test]
fn a_goal_read_twice_in_one_cell_is_both_goals() {
    let goal = "年内完成办公用房维修工作，保障办公房稳定运行。";
    let r = map_text(&format!(
        "## 财政项目支出绩效目标申报表\n\n( 2023年度 )\n\n项目名称\t测试项目\t项目类别\t经常性项目\n\
         项目绩效目标\t项目总目标\t\t年度总目标\t\n\t{goal}{goal}\t\t\t\n\
         绩效指标\t一级指标\t二级指标\t三级指标\t指标目标值\n\t产出指标\t数量指标\t甲数\t=1个\n"
    ));
    assert_eq!(r.overall_goal.as_deref(), Some(goal));
    assert_eq!(r.annual_goal.as_deref(), Some(goal));
    assert!(
        r.warnings.iter().any(|w| w.contains("twice")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn a_goal_doubled_beside_the_other_goal_is_read_once() {
    let overall = "三年内完成全区办公用房维修，保障办公房稳定运行。";
    let annual = "年内完成办公用房维修工作，保障办公房稳定运行。";
    let r = map_text(&format!(
        "## 财政项目支出绩效目标申报表\n\n( 2023年度 )\n\n项目名称\t测试项目\t项目类别\t经常性项目\n\
         项目绩效目标\t项目总目标\t\t年度总目标\t\n\t{overall}\t\t{annual}{annual}\t\n\
         绩效指标\t一级指标\t二级指标\t三级指标\t指标目标值\n\t产出指标\t数量指标\t甲数\t=1个\n"
    ));
    assert_eq!(r.overall_goal.as_deref(), Some(overall));
    assert_eq!(r.annual_goal.as_deref(), Some(annual));
}

#[test]
fn two_goal_paragraphs_run_into_one_cell_are_the_two_goals() {
    // The tab between `<p>…</p>` and `<p>…</p>` was lost.
    let overall = "三年内完成全区办公用房维修，保障办公房稳定运行。";
    let annual = "年内完成办公用房维修工作，保障办公房稳定运行。";
    let r = map_text(&format!(
        "## 财政项目支出绩效目标申报表\n\n( 2023年度 )\n\n项目名称\t测试项目\t项目类别\t经常性项目\n\
         项目绩效目标\t项目总目标\t\t年度总目标\t\n\t<p>{overall}</p><p>{annual}</p>\t\t\t\n\
         绩效指标\t一级指标\t二级指标\t三级指标\t指标目标值\n\t产出指标\t数量指标\t甲数\t=1个\n"
    ));
    assert_eq!(r.overall_goal.as_deref(), Some(overall));
    assert_eq!(r.annual_goal.as_deref(), Some(annual));
}

#[test]
fn a_row_split_inside_a_table_joined_over_the_break_is_one_indicator() {
    // MinerU joins the two parts of a table the page break cut, but keeps
    // the two parts of the cut row as two rows: no break is left to see.
    let doc = pdf_form(
        1,
        vec![
            labelled(
                "效益指标",
                "社会效益指标",
                "国家教育考试安全平稳实施",
                "无重大考试安全事故",
            ),
            pdf_row(1, false, &[(3, "考试违纪作弊行为发现及时处置")]),
            pdf_row(1, false, &[(3, "率"), (4, "=100%")]),
            pdf_row(1, false, &[(3, "投诉办结数"), (4, "=2件")]),
        ],
    );
    let records = map_pdf(&doc);
    assert_eq!(
        levels(&records[0]),
        [
            row(
                "效益指标",
                "社会效益指标",
                "国家教育考试安全平稳实施",
                "无重大考试安全事故"
            ),
            row(
                "效益指标",
                "社会效益指标",
                "考试违纪作弊行为发现及时处置率",
                "=100%"
            ),
            row("效益指标", "社会效益指标", "投诉办结数", "=2件"),
        ]
    );
}

#[test]
fn rows_of_an_open_level1_cell_no_label_reaches_stay_in_the_group_above() {
    // A joined table's second part starts empty merged cells in both label
    // columns; no label comes for them, so the group goes on.
    let mut open = pdf_row(1, false, &[(3, "街镇养老服务管理部门满意度"), (4, ">=90%")]);
    open.open_cells = vec![1, 2];
    let doc = pdf_form(
        1,
        vec![
            labelled(
                "满意度指标",
                "服务对象满意度指标",
                "用餐老年人满意度",
                ">=90%",
            ),
            pdf_row(1, false, &[(3, "老年人家属满意度"), (4, "不低于85%")]),
            open,
            pdf_row(1, false, &[(3, "考生对考场环境满意度"), (4, ">=90%")]),
        ],
    );
    let records = map_pdf(&doc);
    let r = &records[0];
    let l = levels(r);
    assert_eq!(
        l[2],
        row(
            "满意度指标",
            "服务对象满意度指标",
            "街镇养老服务管理部门满意度",
            ">=90%"
        )
    );
    assert_eq!(
        l[3],
        row(
            "满意度指标",
            "服务对象满意度指标",
            "考生对考场环境满意度",
            ">=90%"
        )
    );
    assert!(
        r.warnings.iter().any(|w| w.contains("no 一级 label")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn an_empty_cell_in_a_docling_table_starts_a_group_labelled_below() {
    // Docling repeats a merged cell's text in every cell it covers, so the
    // empty label cells of 社保中心…满意度 are a merged cell's top whose
    // text is on the rows below: 满意度指标, not the 效益指标 above.
    let r = map_text(
        "## 财政项目支出绩效目标申报表\n\n\
         | 项目名称 | 项目名称 | 测试项目 | 测试项目 |\n\
         |---|---|---|---|\n\
         | 绩效 指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 |\n\
         |---|---|---|---|---|\n\
         | 绩效 指标 | 效益指标 | 社会效益指标 | 办公用房使用安全性 | 安全 |\n\
         | 绩效 指标 | 效益指标 | 生态效益指标 | 办公用房能耗降低情况 | 较上年度降低 |\n\
         | 绩效 指标 | | | 社保中心对项目验收结果满意度 | >=95% |\n\
         | | 满意度指标 | 服务对象满意度指标 | 相关职能部门满意度 | >=95% |\n",
    );
    assert_eq!(
        levels(&r)[2],
        row(
            "满意度指标",
            "服务对象满意度指标",
            "社保中心对项目验收结果满意度",
            ">=95%"
        )
    );
}

#[test]
fn a_bare_level1_word_beside_only_a_target_is_the_name() {
    // `满意度` in the names' column, and in a row shifted left into the
    // 二级 column: both are the indicator 满意度, not a label.
    let r = map(
        "\t满意度指标\t服务对象满意度指标\t参保对象满意度\t>=95%\n\t\t\t满意度\t>=85%\n\t\t满意度\t>=80%\t\n",
    );
    assert_eq!(
        levels(&r),
        [
            row(
                "满意度指标",
                "服务对象满意度指标",
                "参保对象满意度",
                ">=95%"
            ),
            row("满意度指标", "服务对象满意度指标", "满意度", ">=85%"),
            row("满意度指标", "服务对象满意度指标", "满意度", ">=80%"),
        ]
    );
}

#[test]
fn a_row_of_an_open_cell_is_not_put_in_the_satisfaction_group_below_it_by_a_name_without_manyi() {
    // A joined table's continuation row (empty merged label cells), then
    // the 满意度 group: the row says nothing of 满意, so it goes on the
    // 可持续影响 group above rather than opening the 满意度 one.
    let mut open = pdf_row(1, false, &[(3, "全民阅读品牌影响力"), (4, "提升")]);
    open.open_cells = vec![1, 2];
    let doc = pdf_form(
        1,
        vec![
            labelled(
                "效益指标",
                "可持续影响指标",
                "古树名木保护长效管理机制",
                "健全",
            ),
            open,
            labelled("满意度指标", "服务对象满意度指标", "游客满意度", ">=90%"),
        ],
    );
    let l = levels(&map_pdf(&doc)[0]);
    assert_eq!(
        l[1],
        row("效益指标", "可持续影响指标", "全民阅读品牌影响力", "提升")
    );
    assert_eq!(
        l[2],
        row("满意度指标", "服务对象满意度指标", "游客满意度", ">=90%")
    );
}

#[test]
fn the_block_label_restarting_beside_an_empty_merged_cell_marks_a_joined_page_break() {
    // MinerU joined the two pages' tables into one: the second part starts
    // its own 绩效指标 cell and an empty merged 一级 cell, on the row that
    // holds the rest of the name the break cut.
    let mut tail = pdf_row(
        1,
        false,
        &[(0, "绩效指标"), (3, "达到B级及以上的比例"), (4, ">=95%")],
    );
    tail.open_cells = vec![1];
    let doc = pdf_form(
        1,
        vec![
            labelled("产出指标", "数量指标", "新增社区长者食堂数量", "=40家"),
            pdf_row(
                1,
                false,
                &[(2, "质量指标"), (3, "社区长者食堂食品安全量化等级")],
            ),
            tail,
            pdf_row(
                1,
                false,
                &[(2, "时效指标"), (3, "补贴资金拨付及时性"), (4, "及时")],
            ),
        ],
    );
    let records = map_pdf(&doc);
    // The rows do not say the second part is on the next page; the form
    // still runs onto it.
    assert_eq!(records[0].source.pages, Some([1, 2]));
    let l = levels(&records[0]);
    assert_eq!(l.len(), 3);
    assert_eq!(
        l[1],
        row(
            "产出指标",
            "质量指标",
            "社区长者食堂食品安全量化等级达到B级及以上的比例",
            ">=95%"
        )
    );
}

#[test]
fn a_pdf_block_label_beside_an_open_cell_is_no_joined_page_break() {
    // Read by geometry, a PDF's stacked 绩效指标 sits beside whichever row
    // its glyphs reach, an open 一级 cell on it (op9152 calc_013): the
    // rows carry their own pages, and the form ends on its last page.
    let at = |mut row: jixiao_table::Row| {
        row.bbox = Some(jixiao_table::Rect {
            x0: 60.0,
            y0: 300.0,
            x1: 540.0,
            y1: 312.0,
        });
        row
    };
    let mut beside = at(pdf_row(
        1,
        false,
        &[
            (0, "绩效指标"),
            (2, "经济效益指标"),
            (3, "带动社会资本投入"),
            (4, "≥5000000元"),
        ],
    ));
    beside.open_cells = vec![1];
    let doc = pdf_form(
        1,
        vec![
            at(labelled(
                "产出指标",
                "数量指标",
                "新增社区长者食堂数量",
                "=40家",
            )),
            beside,
            at(pdf_row(2, true, &[(3, "信息化覆盖率"), (4, "=100%")])),
        ],
    );
    let records = map_pdf(&doc);
    assert_eq!(records[0].source.pages, Some([1, 2]));
    assert_eq!(levels(&records[0]).len(), 3);
}

#[test]
fn a_row_a_word_processor_broke_over_pages_goes_on_under_the_repeated_header() {
    // Writer lets a table row break: the head keeps the target, the rest
    // of the name (or of the target) goes on below the repeated header,
    // whose 绩效指标 cell is printed again. Neither is a new indicator,
    // and the page break is the document's own (source.pages stays 1–3).
    let doc = pdf_form(
        1,
        vec![
            labelled("产出指标", "质量指标", "助餐服务点信息公开率", "=100%"),
            pdf_row(
                1,
                false,
                &[(3, "社区长者食堂食品安全量化等级"), (4, "≥95%")],
            ),
            pdf_header(2),
            pdf_row(2, true, &[(0, "绩效指标"), (3, "达到B级及以上的比例")]),
            pdf_row(2, false, &[(3, "施工影响情况"), (4, "不影响日常业务")]),
            pdf_header(3),
            pdf_row(3, true, &[(4, "工作开展")]),
            pdf_row(3, false, &[(3, "补贴资金拨付及时性"), (4, "及时")]),
            pdf_row(
                3,
                false,
                &[
                    (3, "突发公共事件应急处置响应时"),
                    (4, "中心城区一个半小时内；郊区"),
                ],
            ),
            pdf_header(4),
            pdf_row(4, true, &[(3, "间"), (4, "三个小时内")]),
        ],
    );
    let records = map_pdf(&doc);
    assert_eq!(
        levels(&records[0]),
        [
            row("产出指标", "质量指标", "助餐服务点信息公开率", "=100%"),
            row(
                "产出指标",
                "质量指标",
                "社区长者食堂食品安全量化等级达到B级及以上的比例",
                "≥95%"
            ),
            row(
                "产出指标",
                "质量指标",
                "施工影响情况",
                "不影响日常业务工作开展"
            ),
            row("产出指标", "质量指标", "补贴资金拨付及时性", "及时"),
            row(
                "产出指标",
                "质量指标",
                "突发公共事件应急处置响应时间",
                "中心城区一个半小时内；郊区三个小时内"
            ),
        ]
    );
    assert_eq!(records[0].source.pages, Some([1, 4]));
}

#[test]
fn a_label_run_into_its_date_is_split() {
    // A right-aligned label beside a left-aligned value, too close for a
    // borderless layout to split: 计划完成日期2025/12/31.
    let r = map_text(
        "## 财政项目支出绩效目标申报表\n\n( 2025年度 )\n\n项目名称\t测试项目\n\
         计划开始日期\t2025/1/1\t计划完成日期2025/12/31\n\
         绩效指标\t一级指标\t二级指标\t三级指标\t指标目标值\n\t产出指标\t数量指标\t甲数\t=1个\n",
    );
    assert_eq!(r.planned_start.as_deref(), Some("2025-01-01"));
    assert_eq!(r.planned_end.as_deref(), Some("2025-12-31"));
}

#[test]
fn a_goal_period_run_into_the_goal_text_is_split_off() {
    // A borderless layout put the period's line and the goal's first line
    // into one cell.
    let text = "## 财政项目支出绩效目标申报表\n\n项目名称\t测试项目\t项目类别\t经常性项目\n\
                项目绩效目标\t项目总目标\t年度总目标\n\
                \t( 2022年- 2022年)项目实施贯穿整个年度。\t完成年度任务。\n\
                绩效指标\t一级指标\t二级指标\t三级指标\t指标目标值\n\
                \t产出指标\t数量指标\t甲数\t=1个\n";
    let r = map_text(text);
    assert_eq!(r.overall_goal.as_deref(), Some("项目实施贯穿整个年度。"));
    assert_eq!(r.annual_goal.as_deref(), Some("完成年度任务。"));
    let period = r.goal_period.expect("a goal period");
    assert_eq!((period.start, period.end), (2022, 2022));
}

#[test]
fn rows_after_the_end_of_the_indicator_table_are_not_lost_silently() {
    // Text outside the table (here a stray label) ends the indicator block;
    // indicator-like rows after it are reported, not dropped unseen.
    let mut stray = pdf_row(2, true, &[(0, "数量指标")]);
    stray.in_table = false;
    let doc = pdf_form(
        1,
        vec![
            labelled("产出指标", "数量指标", "甲数", "=1个"),
            stray,
            pdf_row(2, false, &[(3, "乙数"), (4, "=2个")]),
            pdf_row(2, false, &[(3, "丙率"), (4, "=100%")]),
        ],
    );
    let records = map_pdf(&doc);
    assert_eq!(records[0].indicators.len(), 1);
    assert!(
        records[0].warnings.iter().any(|w| w
            .starts_with("2 row(s) after the indicator table ended")
            && w.contains("乙数")),
        "{:?}",
        records[0].warnings
    );
}

#[test]
fn a_form_whose_project_name_label_ran_into_its_value_is_still_a_form() {
    // A frame-only layout left no gap after 项目名称: the row is no 项目名称
    // row, but 主管部门 below the title shows a form starts there, and the
    // label is split from its value.
    let doc = pdf_document(vec![
        pdf_row(1, false, &[(0, "财政项目支出绩效目标申报表")]),
        pdf_row(1, false, &[(0, "（2024年度）")]),
        pdf_row(
            1,
            false,
            &[
                (0, "项目名称城市公园绿地养护管理"),
                (1, "项目类别"),
                (2, "经常性项目"),
            ],
        ),
        pdf_row(
            1,
            false,
            &[
                (0, "主管部门上海市绿化和市容管理局"),
                (1, "实施单位"),
                (2, "上海市公园管理事务中心"),
            ],
        ),
        pdf_header(1),
        labelled("产出指标", "数量指标", "公园绿地养护面积", "≥1268公顷"),
    ]);
    let records = map_pdf(&doc);
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r.project_name.as_deref(), Some("城市公园绿地养护管理"));
    assert_eq!(r.department.as_deref(), Some("上海市绿化和市容管理局"));
    assert_eq!(
        r.implementing_unit.as_deref(),
        Some("上海市公园管理事务中心")
    );
    assert_eq!(r.indicators.len(), 1);
}

#[test]
fn a_bracket_opened_above_and_closed_below_joins_a_row_a_tool_split() {
    // A table a tool joined over a page break keeps the two parts of the
    // cut row as two rows; the bracket the first opens closes in the second.
    let r = map("\t效益指标\t可持续影响指标\t长效管理机制\t健全\n\
         \t\t\t粉丝数年上涨率（以第三方机构\t\n\
         \t\t\t年度抽样调查结果为准）\t>10%\n\
         \t\t\t信息化覆盖率\t=100%\n");
    assert_eq!(
        levels(&r),
        [
            row("效益指标", "可持续影响指标", "长效管理机制", "健全"),
            row(
                "效益指标",
                "可持续影响指标",
                "粉丝数年上涨率（以第三方机构年度抽样调查结果为准）",
                ">10%"
            ),
            row("效益指标", "可持续影响指标", "信息化覆盖率", "=100%"),
        ]
    );
}

#[test]
fn a_name_filling_its_cell_at_the_foot_of_a_page_goes_on_after_the_break() {
    // `…食品安全量` ends like a whole name (量), but its cell is full: the
    // row Writer broke goes on under the repeated header.
    let mut cut = pdf_row(1, false, &[(3, "社区长者食堂食品安全量"), (4, "≥95%")]);
    cut.full_cells = vec![3];
    let doc = pdf_form(
        1,
        vec![
            labelled("产出指标", "质量指标", "助餐服务点信息公开率", "=100%"),
            cut,
            pdf_header(2),
            pdf_row(2, true, &[(3, "化等级达到B级及以上的比例")]),
            pdf_row(2, false, &[(3, "补贴资金拨付及时性"), (4, "及时")]),
        ],
    );
    let names: Vec<String> = map_pdf(&doc)[0]
        .indicators
        .iter()
        .map(|i| i.level3.clone())
        .collect();
    assert_eq!(
        names,
        [
            "助餐服务点信息公开率",
            "社区长者食堂食品安全量化等级达到B级及以上的比例",
            "补贴资金拨付及时性"
        ]
    );
}

#[test]
fn a_label_end_on_the_blocks_last_line_completes_the_label() {
    // Writer lets a merged label flow over the page break: its `指标`
    // comes alone on the last line of the block.
    let r = map(
        "\t满意度指标\t服务对象满意度\t游客满意度\t≥90%\n\t\t\t居民满意度\t≥85%\n\t\t指标\t\t\n",
    );
    assert_eq!(
        levels(&r),
        [
            row("满意度指标", "服务对象满意度指标", "游客满意度", "≥90%"),
            row("满意度指标", "服务对象满意度指标", "居民满意度", "≥85%"),
        ]
    );
}

#[test]
fn an_empty_cell_at_a_page_top_the_page_before_closed_starts_a_new_group() {
    // Calc ruled the 二级 column at page 1's foot, not the 一级 one: the
    // 时效指标 group ended there, and page 2's empty 二级 cell belongs to
    // the group whose label (质量指标) is printed on page 3.
    let mut top = pdf_row(2, true, &[(3, "各类业务单据印制准确率"), (4, "=100%")]);
    top.open_cells = vec![1, 2];
    top.closed_above = vec![2, 3, 4];
    let doc = pdf_form(
        1,
        vec![
            labelled("产出指标", "时效指标", "微信发布频次", "=4次/每月"),
            pdf_row(1, false, &[(3, "培训及时率"), (4, "=100%")]),
            pdf_header(2),
            top,
            pdf_row(2, false, &[(3, "培训考核合格率"), (4, "≥95%")]),
            pdf_header(3),
            pdf_row(3, true, &[(2, "质量指标"), (3, "验收合格率"), (4, "=100%")]),
        ],
    );
    let records = map_pdf(&doc);
    assert_eq!(
        levels(&records[0]),
        [
            row("产出指标", "时效指标", "微信发布频次", "=4次/每月"),
            row("产出指标", "时效指标", "培训及时率", "=100%"),
            row("产出指标", "质量指标", "各类业务单据印制准确率", "=100%"),
            row("产出指标", "质量指标", "培训考核合格率", "≥95%"),
            row("产出指标", "质量指标", "验收合格率", "=100%"),
        ]
    );
}

#[test]
fn a_row_broken_over_pages_with_both_cells_cut_is_one_indicator() {
    // Writer broke the row: `…处置响` / `应时间`, `…一个半小时` / `内；…`.
    let doc = pdf_document(vec![
        pdf_row(1, false, &[(0, "财政项目支出绩效目标申报表")]),
        pdf_row(1, false, &[(0, "项目名称"), (1, "测试项目")]),
        pdf_header(1),
        labelled("产出指标", "时效指标", "培训及时率", "=100%"),
        pdf_row(
            1,
            false,
            &[(3, "突发公共事件应急处置响"), (4, "中心城区一个半小时")],
        ),
        {
            let mut h = pdf_header(2);
            h.after_break = true;
            h
        },
        pdf_row(2, false, &[(3, "应时间"), (4, "内；郊区三个小时内")]),
        pdf_row(2, false, &[(3, "志愿服务完成时间"), (4, "年底前完成")]),
    ]);
    let records = map_pdf(&doc);
    assert_eq!(
        levels(&records[0]),
        [
            row("产出指标", "时效指标", "培训及时率", "=100%"),
            row(
                "产出指标",
                "时效指标",
                "突发公共事件应急处置响应时间",
                "中心城区一个半小时内；郊区三个小时内"
            ),
            row("产出指标", "时效指标", "志愿服务完成时间", "年底前完成"),
        ]
    );
}
