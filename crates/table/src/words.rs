//! What the table stage asks about a form's words.
//!
//! Reading a borderless table from positions needs a few words: the
//! indicator header's labels set the columns, a form's title ends them, the
//! goal labels name the two goal columns. The words belong to the form's
//! template (the mapping stage's vocabulary); the table stage is handed
//! them through [`FormWords`] and keeps no list of its own.

/// The column a header label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderRole {
    /// 一级指标
    Level1,
    /// 二级指标
    Level2,
    /// 三级指标 (指标名称)
    Level3,
    /// 指标目标值, 年度指标值, …
    Target,
    /// Another column of the indicator table (指标性质, 度量单位, …).
    Other,
}

/// One of the two goal columns printed side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalColumn {
    /// 项目总目标 (项目总体目标)
    Overall,
    /// 年度总目标 (年度总体目标)
    Annual,
}

/// The words of a form, as the table stage needs them. Every method takes
/// text as printed (spaces, full-width colons and all).
///
/// A template of the mapping stage implements this (`jixiao_map::vocab`);
/// the table stage is given one and asks it.
pub trait FormWords: Sync {
    /// How many distinct indicator-header labels (一级指标, 二级指标, …) the
    /// text holds: a line with three is the indicator header. A label that
    /// contains another (指标目标值 holds 目标值) counts once.
    fn header_labels_in(&self, text: &str) -> usize;

    /// The role of the header label the text holds (the longest, when it
    /// holds several); `None` when it holds none.
    fn header_role(&self, text: &str) -> Option<HeaderRole>;

    /// True when the text is exactly a header label (a label wrapped in a
    /// narrow column, its two pieces joined).
    fn is_header_label(&self, text: &str) -> bool;

    /// True for the start of another form: its title, or its first field
    /// (项目名称). Column anchors end there.
    fn starts_form(&self, text: &str) -> bool;

    /// Which goal column a cell's label names, if any.
    fn goal_column(&self, text: &str) -> Option<GoalColumn>;

    /// True for the row label printed beside the goal texts (项目绩效目标).
    fn is_goal_row_label(&self, text: &str) -> bool;

    /// True for a row label printed as two lines of two characters
    /// (`绩效`/`指标`), which two short cells of one column could otherwise
    /// be.
    fn is_stacked_row_label(&self, text: &str) -> bool;

    /// True for a cell that is a field's label (项目名称, 其中：财政资金, …):
    /// two lines that each hold one are two rows, never one wrapped row.
    fn is_field_label(&self, text: &str) -> bool;

    /// True when the text is a 一级 or 二级 label of the indicator
    /// framework, or its beginning (`经济成本指`): fragments of a label
    /// wrapped in its narrow column that may be joined even where the
    /// lines are as far apart as two cells' labels.
    fn begins_level_label(&self, text: &str) -> bool;
}
