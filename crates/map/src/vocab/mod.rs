//! The words of the forms, in one place: the indicator framework every
//! form shares ([`framework`]), and per form template (the Shanghai
//! 申报表 first: [`shanghai`]) its titles, field labels, indicator header,
//! goal labels and row labels.
//!
//! A template implements [`Template`], which includes what the table stage
//! needs ([`jixiao_table::FormWords`]): the pipeline hands the table stage
//! [`layout_words`] and the mapper [`templates`].
//!
//! A new template is one module implementing [`Template`], added to
//! [`TEMPLATES`].

pub mod framework;
pub mod shanghai;

pub use framework::{
    is_cost_level2, is_label_tail, label_by_prefix, level1, level2, name_suggests, Level1,
    Level2Info, Level2Kind,
};
pub use shanghai::Shanghai;

use jixiao_table::FormWords;

/// Normalises a label for matching: whitespace, weights such as `(50分)` and
/// trailing punctuation removed, full-width colon folded.
pub fn label_key(text: &str) -> String {
    // Most cells need no change beyond a copy.
    if !text.chars().any(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '*' | '＊' | '：' | '（' | '）' | ':' | '(' | ')' | '。' | '，' | ',' | '、'
            )
    }) {
        return text.to_owned();
    }
    let mut key = fold_width(text).replace(['*', '＊'], "");
    // Weights and notes in brackets: 产出指标(50分), 项目资金(元).
    while let (Some(open), true) = (key.rfind('('), key.ends_with(')')) {
        key.truncate(open);
    }
    while key.ends_with([':', '。', '，', ',', '、']) {
        key.pop();
    }
    key
}

/// Whitespace removed and full-width colons and brackets folded to ASCII,
/// bracketed words kept: the first step of [`label_key`], and what a cell
/// is matched as where its bracketed words matter (a row label's `（元）`
/// threaded through a label).
pub(crate) fn fold_width(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '：' => ':',
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// A field of the form's label/value part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// 项目名称
    ProjectName,
    /// 项目类别
    Category,
    /// 项目性质 (阶段性项目, 一次性项目, 经常性项目)
    Nature,
    /// 主管部门
    Department,
    /// 实施单位
    Unit,
    /// 计划开始日期
    Start,
    /// 计划完成日期
    End,
    /// 项目资金总额
    Total,
    /// 其中：财政资金
    Fiscal,
    /// 其他资金 (either column: the mapper tells them apart by position)
    Other,
    /// 年度资金申请总额
    AnnualTotal,
    /// 其中：当年财政拨款
    Appropriation,
    /// 上年结转资金
    Carryover,
    /// 项目总目标
    OverallGoal,
    /// 年度总目标
    AnnualGoal,
    /// A label that has no value of its own (项目资金, 项目绩效目标,
    /// 一级项目名称…).
    Block,
}

impl Field {
    /// True for the amounts of the funding block.
    pub fn is_amount(self) -> bool {
        use Field::*;
        matches!(
            self,
            Total | Fiscal | Other | AnnualTotal | Appropriation | Carryover
        )
    }

    /// True for fields whose label sits beside a value of its own (not the
    /// goals, whose text is below, nor block labels).
    pub fn has_value(self) -> bool {
        !matches!(self, Field::OverallGoal | Field::AnnualGoal | Field::Block)
    }
}

/// The words of one form template, as the mapper asks them. Keys are cell
/// texts after [`label_key`].
pub trait Template: FormWords {
    /// A short name (`shanghai`), for warnings.
    fn name(&self) -> &'static str;

    /// The words this template prints whole in a cell (field labels, column
    /// headers, row labels, titles) as keys ([`label_key`]), which a
    /// misread cell may be corrected to.
    fn words(&self) -> Vec<&'static str>;

    /// True when `text` (a short row's keys joined) is the form's title.
    fn is_title(&self, text: &str) -> bool;

    /// True for the label of the field that starts a form (项目名称).
    fn is_project_name(&self, key: &str) -> bool;

    /// The field a label names.
    fn field(&self, key: &str) -> Option<Field>;

    /// True for a column header of the indicator table.
    fn is_indicator_header(&self, key: &str) -> bool;

    /// True for the indicator-header key of the target column (…指标值,
    /// …目标值), which may be a header this template does not list.
    fn is_target_header(&self, key: &str) -> bool;

    /// A piece of the indicator block's vertical row label (绩效指标,
    /// printed one character per line, so split by OCR and page breaks).
    fn is_block_label(&self, key: &str) -> bool;

    /// A piece of another vertical row label cut by a page break (`项`
    /// above the break, `目绩效目标` below it).
    fn is_cut_block_label(&self, key: &str) -> bool;

    /// The field labels this template prints (keys, see [`label_key`]) and
    /// their fields, for taking apart cells that hold several of them.
    fn field_labels(&self) -> &'static [(&'static str, Field)];

    /// Keys of row labels printed one character per line in a narrow column
    /// beside field labels (`项目资金（元）`), whose characters a borderless
    /// layout may interleave with the label beside them.
    fn row_labels(&self) -> &'static [&'static str];

    /// A cell holding only the unit of the funding block (`（元）`).
    fn is_unit_label(&self, key: &str) -> bool;

    /// A line repeated on continuation pages that is not data (单位：元,
    /// 编制单位：…), judged by its first key.
    fn is_furniture(&self, key: &str) -> bool;

    /// A single-cell line that ends the indicator table (a 注 note, 填报说明).
    fn ends_table(&self, text: &str) -> bool;
}

/// The templates jixiao knows, in the order they are tried.
pub static TEMPLATES: [&(dyn Template + 'static); 1] = [&shanghai::SHANGHAI];

/// The templates jixiao knows (see [`TEMPLATES`]).
pub fn templates() -> &'static [&'static dyn Template] {
    &TEMPLATES
}

/// Every word a form prints whole in a cell: each template's
/// ([`Template::words`]) and the framework's level names, as keys
/// ([`label_key`]: ASCII colons and brackets).
pub fn form_words() -> Vec<&'static str> {
    let mut words: Vec<&'static str> = templates().iter().flat_map(|t| t.words()).collect();
    words.extend(framework::FULL_LABELS);
    words.sort_unstable();
    words.dedup();
    words
}

/// The words the table stage reads layouts by: those of every template
/// (today the Shanghai form's).
pub fn layout_words() -> &'static dyn FormWords {
    &shanghai::SHANGHAI
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_drop_weights_spaces_and_colons() {
        assert_eq!(label_key("产出指标(50分)"), "产出指标");
        assert_eq!(label_key("产出指标（50分）"), "产出指标");
        assert_eq!(label_key(" 其中：财政资金 "), "其中:财政资金");
        assert_eq!(label_key("项目资金（元）"), "项目资金");
        assert_eq!(label_key("可持续 影响指标"), "可持续影响指标");
    }
}
