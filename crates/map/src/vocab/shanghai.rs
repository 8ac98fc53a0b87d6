//! The Shanghai 财政项目支出绩效目标申报表 (the seed's form, and the 2026
//! forms with 项目性质 and 年度(/项目)指标值), and the labels its relatives
//! share: 项目支出绩效目标表 titles, 项目类型, 预算部门, 项目总投资, ….

use super::{framework, label_key, Field, Template};
use jixiao_table::{FormWords, GoalColumn, HeaderRole};

/// The Shanghai form's template (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct Shanghai;

/// The one instance, for [`super::TEMPLATES`].
pub static SHANGHAI: Shanghai = Shanghai;

/// A title holds one of these (财政项目支出绩效目标申报表, 项目支出绩效目标表,
/// 项目支出绩效自评表).
const TITLE_MARKS: [&str; 3] = ["绩效目标申报表", "绩效目标表", "绩效自评表"];

/// A title is a short line; prose that mentions the form is longer.
const TITLE_MAX_CHARS: usize = 60;

/// Row labels of the goal block, printed beside the goal texts.
const GOAL_ROW_LABELS: [&str; 2] = ["项目绩效目标", "绩效目标"];

/// Vertical row labels printed as two lines of two characters.
const STACKED_ROW_LABELS: [&str; 3] = ["绩效指标", "绩效目标", "项目资金"];

/// Vertical row labels a page break can cut in two.
const CUT_ROW_LABELS: [&str; 2] = ["项目绩效目标", "项目资金"];

/// Column headers of the indicator table (keys: brackets folded to ASCII),
/// longest first where one contains another, with the column each names.
const HEADER_LABELS: [(&str, HeaderRole); 18] = [
    ("年度(/项目)指标值", HeaderRole::Target),
    ("年度/项目指标值", HeaderRole::Target),
    ("指标目标值", HeaderRole::Target),
    ("年度指标值", HeaderRole::Target),
    ("项目指标值", HeaderRole::Target),
    ("绩效指标值", HeaderRole::Target),
    ("年度目标值", HeaderRole::Target),
    ("中期指标值", HeaderRole::Target),
    ("一级指标", HeaderRole::Level1),
    ("二级指标", HeaderRole::Level2),
    ("三级指标", HeaderRole::Level3),
    ("指标内容", HeaderRole::Level3),
    ("指标名称", HeaderRole::Level3),
    ("指标性质", HeaderRole::Other),
    ("度量单位", HeaderRole::Other),
    ("计量单位", HeaderRole::Other),
    ("指标值", HeaderRole::Target),
    ("目标值", HeaderRole::Target),
];

/// Pieces of the indicator block's vertical row label.
const BLOCK_LABELS: [&str; 12] = [
    "绩效指标",
    "绩效",
    "效指",
    "指标",
    "绩",
    "效",
    "指",
    "标",
    "绩效指",
    "效指标",
    "年度绩效指标",
    "项目绩效指标",
];

/// First keys of lines repeated on continuation pages.
const FURNITURE_PREFIXES: [&str; 7] = [
    "单位:",
    "编制单位",
    "填报单位",
    "编制部门",
    "金额单位",
    "单位(",
    "单位（",
];

/// Notes that end the indicator table.
const TABLE_END_PREFIXES: [&str; 4] = ["注：", "注:", "填报说明", "备注"];

/// The start of the 项目资金（元） row label that a narrow first column
/// wraps (`项目资` over `金（元）`) and that may sit close to the label
/// beside it (`项目资其中：财政资金`). (Keys: brackets folded.)
const FUNDING_ROW_LABEL_STARTS: [&str; 4] = ["项目资金(元)", "项目资金", "项目资", "项目"];

/// The funding block's vertical row label, in the units forms state.
const FUNDING_ROW_LABELS: [&str; 2] = ["项目资金(元)", "项目资金(万元)"];

/// The field labels (keys: brackets and colons folded) and their fields.
/// `项目资金`, `项目绩效目标`, … have no value of their own; `目标`,
/// `项目绩效` and `绩效` are pieces of the vertical 项目绩效目标 label cut by
/// a page break.
const FIELD_LABELS: [(&str, Field); 46] = {
    use Field::*;
    [
        ("项目名称", ProjectName),
        ("二级项目名称", ProjectName),
        ("项目类别", Category),
        ("项目类型", Category),
        ("项目性质", Nature),
        ("主管部门", Department),
        ("主管部门及代码", Department),
        ("预算部门", Department),
        ("实施单位", Unit),
        ("项目实施单位", Unit),
        ("预算单位", Unit),
        ("计划开始日期", Start),
        ("项目开始日期", Start),
        ("开始日期", Start),
        ("计划开始时间", Start),
        ("计划完成日期", End),
        ("项目完成日期", End),
        ("完成日期", End),
        ("计划结束日期", End),
        ("计划完成时间", End),
        ("项目资金总额", Total),
        ("资金总额", Total),
        ("项目总投资", Total),
        ("其中:财政资金", Fiscal),
        ("财政资金", Fiscal),
        ("其他资金", Other),
        ("其中:其他资金", Other),
        ("年度资金申请总额", AnnualTotal),
        ("年度资金总额", AnnualTotal),
        ("年度申请资金总额", AnnualTotal),
        ("其中:当年财政拨款", Appropriation),
        ("当年财政拨款", Appropriation),
        ("上年结转资金", Carryover),
        ("其中:上年结转资金", Carryover),
        ("项目总目标", OverallGoal),
        ("项目总体目标", OverallGoal),
        ("总体目标", OverallGoal),
        ("中长期目标", OverallGoal),
        ("年度总目标", AnnualGoal),
        ("年度总体目标", AnnualGoal),
        ("年度绩效目标", AnnualGoal),
        ("年度目标", AnnualGoal),
        ("项目资金", Block),
        ("项目绩效目标", Block),
        ("一级项目名称", Block),
        ("资金情况", Block),
    ]
};

/// Cut pieces of 项目绩效目标 (see [`FIELD_LABELS`]), too short to be
/// corrected to.
const CUT_GOAL_LABELS: [&str; 4] = ["绩效目标", "目标", "项目绩效", "绩效"];

fn field(key: &str) -> Option<Field> {
    if CUT_GOAL_LABELS.contains(&key) {
        return Some(Field::Block);
    }
    FIELD_LABELS
        .iter()
        .find(|(label, _)| *label == key)
        .map(|&(_, field)| field)
        .or_else(|| funding_after_row_label(key))
}

/// A funding label with the start of the 项目资金（元） row label glued
/// before it (see [`FUNDING_ROW_LABEL_STARTS`]).
fn funding_after_row_label(key: &str) -> Option<Field> {
    let rest = FUNDING_ROW_LABEL_STARTS
        .iter()
        .find_map(|p| key.strip_prefix(p))
        .filter(|rest| !rest.is_empty())?;
    field(rest).filter(|f| f.is_amount())
}

/// Text as matched against header labels: whitespace removed, brackets
/// folded to ASCII (as in keys).
fn header_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// Whitespace removed.
fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

impl FormWords for Shanghai {
    fn header_labels_in(&self, text: &str) -> usize {
        let mut rest = header_text(text);
        let mut found = 0;
        for (label, _) in HEADER_LABELS {
            if rest.contains(label) {
                found += 1;
                // A label inside a longer one (目标值 in 指标目标值) is
                // that label, not another.
                rest = rest.replace(label, "\u{1}");
            }
        }
        found
    }

    fn header_role(&self, text: &str) -> Option<HeaderRole> {
        let text = header_text(text);
        HEADER_LABELS
            .iter()
            .find(|(label, _)| text.contains(label))
            .map(|&(_, role)| role)
    }

    fn is_header_label(&self, text: &str) -> bool {
        let text = header_text(text);
        HEADER_LABELS.iter().any(|(label, _)| *label == text)
    }

    fn starts_form(&self, text: &str) -> bool {
        let text = compact(text);
        text.contains("项目名称") || self.is_title(&text)
    }

    fn goal_column(&self, text: &str) -> Option<GoalColumn> {
        match field(&label_key(text))? {
            Field::OverallGoal => Some(GoalColumn::Overall),
            Field::AnnualGoal => Some(GoalColumn::Annual),
            _ => None,
        }
    }

    fn is_goal_row_label(&self, text: &str) -> bool {
        GOAL_ROW_LABELS.contains(&label_key(text).as_str())
    }

    fn is_stacked_row_label(&self, text: &str) -> bool {
        STACKED_ROW_LABELS.contains(&compact(text).as_str())
    }

    fn is_field_label(&self, text: &str) -> bool {
        // A label is short; it may end a cell that holds the start of a
        // row label too (`项目资其中：财政资金`).
        const FIELD_LABEL_MAX_CHARS: usize = 12;
        let key = label_key(text);
        if compact(text).chars().count() > FIELD_LABEL_MAX_CHARS {
            return false;
        }
        key.char_indices()
            .any(|(i, _)| field(&key[i..]).is_some_and(Field::has_value))
    }

    fn begins_level_label(&self, text: &str) -> bool {
        let key = compact(text);
        !key.is_empty() && framework::FULL_LABELS.iter().any(|l| l.starts_with(&key))
    }
}

/// Whether `key` is one piece of the stacked 绩效指标 or several in a row.
/// Writer paints a merged label cut by a page break on both pages: the
/// continuation page shows the cut label's tail above the whole label, and
/// the two read as one cell (`标绩效指标`).
fn is_run_of_block_labels(key: &str) -> bool {
    // ends[i]: key[..i] is a run of pieces (one pass, no backtracking).
    let mut ends = vec![false; key.len() + 1];
    ends[0] = true;
    for start in 0..key.len() {
        if !ends[start] {
            continue;
        }
        for piece in BLOCK_LABELS {
            if key[start..].starts_with(piece) {
                ends[start + piece.len()] = true;
            }
        }
    }
    !key.is_empty() && ends[key.len()]
}

impl Template for Shanghai {
    fn name(&self) -> &'static str {
        "shanghai"
    }

    fn words(&self) -> Vec<&'static str> {
        let labels = FIELD_LABELS.iter().map(|(label, _)| *label);
        let headers = HEADER_LABELS.iter().map(|(label, _)| *label);
        labels
            .chain(headers)
            .chain(GOAL_ROW_LABELS)
            .chain(BLOCK_LABELS)
            .chain(TITLE_MARKS)
            .chain(["财政项目支出绩效目标申报表", "项目支出绩效目标表"])
            .collect()
    }

    fn is_title(&self, text: &str) -> bool {
        text.chars().count() <= TITLE_MAX_CHARS && TITLE_MARKS.iter().any(|m| text.contains(m))
    }

    fn is_project_name(&self, key: &str) -> bool {
        matches!(key, "项目名称" | "二级项目名称")
    }

    fn field(&self, key: &str) -> Option<Field> {
        field(key)
    }

    fn is_indicator_header(&self, key: &str) -> bool {
        HEADER_LABELS.iter().any(|(label, _)| *label == key)
            || key.starts_with("年度(") && key.ends_with("指标值")
    }

    fn is_target_header(&self, key: &str) -> bool {
        key.ends_with("指标值") || key.ends_with("目标值")
    }

    fn is_block_label(&self, key: &str) -> bool {
        is_run_of_block_labels(key)
    }

    fn is_cut_block_label(&self, key: &str) -> bool {
        !key.is_empty()
            && CUT_ROW_LABELS
                .iter()
                .any(|l| l.len() > key.len() && (l.starts_with(key) || l.ends_with(key)))
    }

    fn field_labels(&self) -> &'static [(&'static str, Field)] {
        &FIELD_LABELS
    }

    fn row_labels(&self) -> &'static [&'static str] {
        &FUNDING_ROW_LABELS
    }

    fn is_unit_label(&self, key: &str) -> bool {
        matches!(key, "(元)" | "元")
    }

    fn is_furniture(&self, key: &str) -> bool {
        key == "单位" || FURNITURE_PREFIXES.iter().any(|p| key.starts_with(p))
    }

    fn ends_table(&self, text: &str) -> bool {
        TABLE_END_PREFIXES.iter().any(|p| text.starts_with(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_labels_count_once_inside_longer_ones() {
        let w = &SHANGHAI;
        assert_eq!(
            w.header_labels_in("一级指标 二级指标 三级指标 指标目标值"),
            4
        );
        assert_eq!(w.header_labels_in("指标目标值"), 1);
        assert_eq!(w.header_labels_in("年度（/项目）指标值"), 1);
        assert_eq!(w.header_labels_in("项目名称"), 0);
        assert_eq!(w.header_role("一级指标"), Some(HeaderRole::Level1));
        assert_eq!(w.header_role("年度指标值"), Some(HeaderRole::Target));
        assert_eq!(w.header_role("度量单位"), Some(HeaderRole::Other));
        assert!(w.is_header_label("三级指标"));
        assert!(!w.is_header_label("三级"));
    }

    #[test]
    fn field_labels_by_their_ending() {
        let w = &SHANGHAI;
        assert!(w.is_field_label("其中：财政资金"));
        assert!(w.is_field_label("项目资其中：财政资金"));
        assert!(w.is_field_label("项目名称"));
        assert!(!w.is_field_label("项目总目标"));
        assert!(!w.is_field_label("项目资金"));
        assert!(!w.is_field_label("保障中心办公房的稳定运行其他资金"));
    }

    #[test]
    fn titles_goals_and_form_starts() {
        let w = &SHANGHAI;
        assert!(w.is_title("财政项目支出绩效目标申报表"));
        assert!(w.is_title("2024年项目支出绩效目标表"));
        assert!(!w.is_title("绩效目标"));
        assert!(w.starts_form("项 目 名 称"));
        assert_eq!(w.goal_column("项目总目标："), Some(GoalColumn::Overall));
        assert_eq!(w.goal_column("年度总体目标"), Some(GoalColumn::Annual));
        assert!(w.is_goal_row_label("项目绩效目标"));
        assert!(w.is_stacked_row_label("绩效指标"));
    }

    #[test]
    fn every_piece_of_the_stacked_block_label_is_one() {
        // Writer repeats the header row with the top of the merged 绩效指标
        // cell: 绩 in the header, 效指 beside the next row, 标 further down.
        let w = &SHANGHAI;
        let label: Vec<char> = "绩效指标".chars().collect();
        for start in 0..label.len() {
            for end in start + 1..=label.len() {
                let piece: String = label[start..end].iter().collect();
                assert!(w.is_block_label(&piece), "{piece}");
            }
        }
        assert!(!w.is_block_label("效益指标"));
    }

    #[test]
    fn a_cut_label_beside_the_whole_one_is_a_block_label() {
        let w = &SHANGHAI;
        assert!(w.is_block_label("标绩效指标"));
        assert!(w.is_block_label("效指标绩效指标"));
        assert!(!w.is_block_label("标绩效指标率"));
        assert!(!w.is_block_label(""));
    }
}
