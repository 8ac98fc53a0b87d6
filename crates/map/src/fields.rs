//! Project fields, funding and goals: the label/value part of a form.

use crate::indicators;
use crate::quality::At;
use crate::record::{GoalPeriod, Record};
use crate::target::looks_like_target;
use crate::unglue::Ungluer;
use crate::vocab::{Field, Template};
use crate::Line;
use jixiao_table::Cell;
use regex::Regex;
use std::sync::LazyLock;

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*年度").expect("static regex"));
/// The form's year in brackets at the end of a title line
/// (`…申报表（2023年度）`): the line under the title, joined to it.
static YEAR_NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[(（]\s*\d{4}\s*年度?\s*[)）]$").expect("static regex"));
/// A goal period's two years (`2022年- 2024`), captured in groups 1 and 2.
const YEAR_RANGE: &str = r"(\d{4})\s*年?\s*[-－—–~～至到]\s*(\d{4})";
static PERIOD: LazyLock<Regex> = LazyLock::new(|| Regex::new(YEAR_RANGE).expect("static regex"));
/// A bracketed goal period at the start of a cell, the goal text after it
/// (`( 2022年- 2022年)项目实施贯穿…`: a borderless layout put the period's
/// line and the goal's into one cell).
static LEADING_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^\s*[(（]\s*{YEAR_RANGE}\s*年?\s*[)）]\s*")).expect("static regex")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
        .expect("static regex")
});

/// Reads one form from its rows; `None` when the rows hold neither fields
/// nor indicators (a 项目名称 column in some unrelated table).
/// `grid_columns`: the rows' columns are grid columns (see
/// [`jixiao_table::Document::grid_columns`]); `paged`: their pages are a
/// document's pages, for `source.pages`.
pub(crate) fn read_form(
    rows: &[Line],
    t: &dyn Template,
    grid_columns: bool,
    paged: bool,
) -> Option<Record> {
    let mut reader = FieldReader::new(t, paged);
    let mut indicator_start = None;
    for index in 0..rows.len() {
        if reader.read_row(rows, index) == Flow::Indicators {
            indicator_start = Some(index);
            break;
        }
    }
    let (mut record, saw_title) = reader.finish();
    let indicator_rows = indicator_start.map_or(&[][..], |start| &rows[start..]);
    let (list, used, joined_breaks) =
        indicators::build(indicator_rows, t, grid_columns, paged, &mut record.warnings);
    record.indicators = list;
    if let Some(start) = indicator_start {
        warn_unread_indicator_rows(rows.get(start + used..).unwrap_or(&[]), &mut record);
    }
    if (!saw_title || record.project_name.is_none()) && record.indicators.is_empty() {
        return None;
    }
    if !saw_title {
        record
            .warnings
            .push("no form title found; the form starts at its 项目名称 row".into());
    }
    year_from_start_date(&mut record);
    if paged {
        let last_row = indicator_start.map_or(rows.len(), |s| s + used).max(1);
        let first = rows.first().map(|r| r.row.page);
        let last = rows
            .get(..last_row)
            .unwrap_or(rows)
            .last()
            .map(|r| r.row.page);
        if let (Some(a), Some(b)) = (first, last) {
            // A table joined over a page break runs onto the next page.
            record.source.pages = Some([a, b + joined_breaks]);
        }
    }
    Some(record)
}

/// Longest cell that can be a unit statement (`金额单位：万元`,
/// `项目资金（万元）`); a longer one is prose or a value that mentions 元.
const MAX_UNIT_CELL_CHARS: usize = 12;

/// The unit a label cell states: `单位：元`, `金额单位:万元`, `项目资金（元）`,
/// `（万元）` (any short cell with 万元 in it: no amount is printed with it).
fn stated_unit(text: &str) -> Option<&'static str> {
    if text.chars().count() > MAX_UNIT_CELL_CHARS {
        return None;
    }
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    // `（元）`, `单位：元` — not `（元/人）`, a rate's unit.
    let states = |unit: &str| {
        ["单位:", "单位：", "(", "（"].iter().any(|open| {
            let pattern = format!("{open}{unit}");
            t.match_indices(&pattern).any(|(at, m)| {
                t[at + m.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| matches!(c, ')' | '）' | ',' | '，' | ';' | '；'))
            })
        })
    };
    if t.contains("万元") {
        Some("万元")
    } else if states("元") {
        Some("元")
    } else {
        None
    }
}

/// Where a row leaves the label/value part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    /// On to the next row.
    Next,
    /// The indicator table starts at this row.
    Indicators,
}

/// What reading a form's label/value part gathers, row by row.
struct FieldReader<'t> {
    t: &'t dyn Template,
    record: Record,
    saw_title: bool,
    /// 项目性质, the category when the form has no 项目类别.
    nature: Option<String>,
    /// Columns of the 项目总目标 and 年度总目标 labels.
    goal_cols: (Option<usize>, Option<usize>),
    /// Columns of the 项目资金总额 and 年度资金申请总额 labels.
    funding_cols: (Option<usize>, Option<usize>),
    overall: String,
    annual: String,
    /// The start of a value cut by a page break (see [`Self::read_row`]).
    carried: Option<String>,
    /// The rows' pages are a document's pages (for `fields_at`).
    paged: bool,
    ungluer: Ungluer,
}

impl<'t> FieldReader<'t> {
    fn new(t: &'t dyn Template, paged: bool) -> Self {
        FieldReader {
            paged,
            t,
            record: Record::default(),
            saw_title: false,
            nature: None,
            goal_cols: (None, None),
            funding_cols: (None, None),
            overall: String::new(),
            annual: String::new(),
            carried: None,
            ungluer: Ungluer::default(),
        }
    }

    /// Reads row `index` of the form, and notes in `fields_at` the fields
    /// it gave.
    fn read_row(&mut self, rows: &[Line], index: usize) -> Flow {
        let before = self.present();
        let flow = self.read_row_fields(rows, index);
        if let Some(line) = rows.get(index) {
            let at = At::new(
                self.paged.then_some(line.row.page),
                line.row.line,
                line.row.bbox,
            );
            for key in self.present() {
                if !before.contains(&key) {
                    self.record.fields_at.entry(key.to_owned()).or_insert(at);
                }
            }
        }
        flow
    }

    /// The header fields read so far, by record key.
    fn present(&self) -> Vec<&'static str> {
        let r = &self.record;
        let f = &r.funding;
        [
            ("title", r.title.is_some()),
            ("fiscal_year", r.fiscal_year.is_some()),
            ("project_name", r.project_name.is_some()),
            (
                "project_category",
                r.project_category.is_some() || self.nature.is_some(),
            ),
            ("department", r.department.is_some()),
            ("implementing_unit", r.implementing_unit.is_some()),
            ("planned_start", r.planned_start.is_some()),
            ("planned_end", r.planned_end.is_some()),
            ("funding.total", f.total.is_some()),
            ("funding.fiscal", f.fiscal.is_some()),
            ("funding.other", f.other.is_some()),
            ("funding.annual_total", f.annual_total.is_some()),
            (
                "funding.annual_appropriation",
                f.annual_appropriation.is_some(),
            ),
            ("funding.annual_carryover", f.annual_carryover.is_some()),
            ("funding.annual_other", f.annual_other.is_some()),
            ("funding.unit", f.unit.is_some()),
            ("overall_goal", !self.overall.trim().is_empty()),
            ("annual_goal", !self.annual.trim().is_empty()),
            ("goal_period", r.goal_period.is_some()),
        ]
        .into_iter()
        .filter(|(_, there)| *there)
        .map(|(key, _)| key)
        .collect()
    }

    fn read_row_fields(&mut self, rows: &[Line], index: usize) -> Flow {
        let t = self.t;
        let Some(line) = rows.get(index) else {
            return Flow::Next;
        };
        let row = line.row;
        if line.title && !self.saw_title {
            self.record.title = title_of(&row.joined());
            self.saw_title = true;
            if let Some(year) = year_in(&row.joined()) {
                self.record.fiscal_year = Some(year);
            }
            return Flow::Next;
        }
        let split = self.ungluer.row(row, &line.keys, t);
        let (cells, keys): (&[Cell], &[String]) = match &split {
            Some((cells, keys)) => (cells, keys),
            None => (&row.cells, &line.keys),
        };
        if keys.iter().filter(|k| t.is_indicator_header(k)).count() >= 2 {
            return Flow::Indicators;
        }
        if indicators::has_level_label(line) {
            self.record.warnings.push(
                "no 一级指标/二级指标/三级指标 header row; indicators start at the first 一级/二级 label".into(),
            );
            return Flow::Indicators;
        }
        // 项目资金（万元）, 单位：元: amounts stay in the form's unit, which
        // the record names.
        if self.record.funding.unit.is_none() {
            if let Some(unit) = row.cells.iter().find_map(|c| stated_unit(&c.text)) {
                self.record.funding.unit = Some(unit.to_owned());
                if unit == "万元" {
                    self.record
                        .warnings
                        .push("the form states amounts in 万元; funding is in 万元, not 元".into());
                }
            }
        }
        if cells.len() == 1 && self.record.fiscal_year.is_none() {
            if let Some(year) = year_in(&cells[0].text) {
                self.record.fiscal_year = Some(year);
                return Flow::Next;
            }
        }
        // 单位：万元, 编制单位：… above the table are no field's value.
        if cells.len() <= 2 && keys.first().is_some_and(|k| t.is_furniture(k)) {
            return Flow::Next;
        }
        // A value with no label as the last row before a page break: its
        // label is printed with the rest of the value on the next page
        // (项目名称 wrapped over the break).
        let before_break = rows.get(index + 1).is_some_and(|n| n.row.after_break);
        if before_break
            && row.in_table
            && cells.len() == 1
            && self.goal_cols == (None, None)
            && t.field(&keys[0]).is_none()
            && !t.is_block_label(&keys[0])
            && period_in(&cells[0].text).is_none()
        {
            self.carried = Some(cells[0].text.clone());
            return Flow::Next;
        }
        self.read_cells(cells, keys, row.after_break);
        self.carried = None;
        Flow::Next
    }

    /// The labels of a row and their values (the cell after each label,
    /// when it is not a label itself), and text without a label.
    fn read_cells(&mut self, cells: &[Cell], keys: &[String], after_break: bool) {
        let t = self.t;
        if self.ragged_goal_row(cells, keys, after_break) {
            return;
        }
        let mut i = 0;
        while let (Some(cell), Some(key)) = (cells.get(i), keys.get(i)) {
            let Some(f) = t.field(key) else {
                let skip = t.is_block_label(key)
                    || t.is_unit_label(key)
                    || (i == 0 && cells.len() > 1 && t.is_cut_block_label(key));
                if !skip {
                    self.unlabelled(cell, after_break);
                }
                i += 1;
                continue;
            };
            if f == Field::Block {
                // (A label, even one without a value, ends a carried
                // value's wait.)
                self.carried = None;
                i += 1;
                continue;
            }
            let value = cells.get(i + 1).filter(|_| {
                keys.get(i + 1)
                    .is_some_and(|k| t.field(k).is_none() && !t.is_indicator_header(k))
            });
            self.field(f, cell, value, keys.get(..i).unwrap_or(&[]));
            i += if value.is_some() { 2 } else { 1 };
        }
    }

    /// Two goal texts side by side in a row that lost its first cells (a
    /// tool that drops the cells a merged label covers shifts the row
    /// left, so both texts sit nearer the 项目总目标 column): the first is
    /// the overall goal, the second the annual one. True when it was such
    /// a row.
    fn ragged_goal_row(&mut self, cells: &[Cell], keys: &[String], after_break: bool) -> bool {
        let t = self.t;
        let (Some(_), Some(annual_col)) = self.goal_cols else {
            return false;
        };
        let [first, second] = cells else {
            return false;
        };
        let plain = keys
            .iter()
            .all(|k| t.field(k).is_none() && !t.is_block_label(k) && !t.is_indicator_header(k));
        let shifted = second.col < annual_col
            && closer_to_first(first.col, self.goal_cols)
                == closer_to_first(second.col, self.goal_cols);
        if !plain || !shifted || cells.iter().any(|c| period_in(&c.text).is_some()) {
            return false;
        }
        self.unlabelled(first, after_break);
        let moved = Cell {
            col: annual_col,
            ..second.clone()
        };
        self.unlabelled(&moved, after_break);
        true
    }

    /// A cell that is not a label: a goal period, goal text, or a value
    /// whose label the OCR lost.
    fn unlabelled(&mut self, cell: &Cell, after_break: bool) {
        if let Some((start, end)) = period_in(&cell.text) {
            self.record
                .goal_period
                .get_or_insert(GoalPeriod { start, end });
            return;
        }
        if let Some(c) = LEADING_PERIOD.captures(&cell.text) {
            if let (Ok(start), Ok(end), Some(whole)) = (c[1].parse(), c[2].parse(), c.get(0)) {
                self.record
                    .goal_period
                    .get_or_insert(GoalPeriod { start, end });
                let rest = Cell {
                    text: cell.text.get(whole.end()..).unwrap_or_default().to_owned(),
                    ..cell.clone()
                };
                self.unlabelled(&rest, after_break);
                return;
            }
        }
        if self.goal_cols == (None, None) {
            return;
        }
        let goal = if closer_to_first(cell.col, self.goal_cols) {
            &mut self.overall
        } else {
            &mut self.annual
        };
        // The same text twice (a goal repeated in its row) is kept once; a
        // short continuation after a page break (`90%以上。`) may well
        // occur earlier in the goal, and so may a long one, where a goal
        // repeats itself.
        let text = cell.text.as_str();
        let repeated = goal.ends_with(text)
            || (text.chars().count() >= 20 && goal.contains(text) && !after_break);
        if !repeated {
            goal.push_str(text);
        }
    }

    /// Field `f`, labelled by `cell`, with its value; `before` are the keys
    /// left of the label on its row.
    fn field(&mut self, f: Field, cell: &Cell, value: Option<&Cell>, before: &[String]) {
        let mut text = value.map(|c| c.text.clone());
        if let (Some(t), Some(head)) = (text.as_mut(), self.carried.take()) {
            t.insert_str(0, &head);
        }
        let r = &mut self.record;
        match f {
            Field::ProjectName => set(&mut r.project_name, text),
            Field::Category => set(&mut r.project_category, text),
            Field::Nature => set(&mut self.nature, text),
            Field::Department => set(&mut r.department, text),
            Field::Unit => set(&mut r.implementing_unit, text),
            Field::Start => r.planned_start = date_field(text, "计划开始日期", &mut r.warnings),
            Field::End => r.planned_end = date_field(text, "计划完成日期", &mut r.warnings),
            Field::Total => {
                self.funding_cols.0 = Some(cell.col);
                r.funding.total = amount(text, "项目资金总额", &mut r.warnings);
            }
            Field::AnnualTotal => {
                self.funding_cols.1 = Some(cell.col);
                r.funding.annual_total = amount(text, "年度资金申请总额", &mut r.warnings);
            }
            Field::Fiscal => r.funding.fiscal = amount(text, "财政资金", &mut r.warnings),
            Field::Appropriation => {
                r.funding.annual_appropriation = amount(text, "当年财政拨款", &mut r.warnings)
            }
            Field::Carryover => {
                r.funding.annual_carryover = amount(text, "上年结转资金", &mut r.warnings)
            }
            Field::Other => {
                // Two 其他资金 labels, one per column: the column decides,
                // and when columns are unknown the first one is the left.
                let left_taken = before.iter().any(|k| k.ends_with("其他资金"));
                let left = match self.funding_cols {
                    (Some(_), Some(_)) => {
                        closer_to_first(cell.col, self.funding_cols) && !left_taken
                    }
                    _ => !left_taken,
                };
                let parsed = amount(text, "其他资金", &mut r.warnings);
                if left {
                    r.funding.other = parsed;
                } else {
                    r.funding.annual_other = parsed;
                }
            }
            Field::OverallGoal | Field::AnnualGoal => self.goal_label(f, cell, value),
            Field::Block => {}
        }
    }

    /// A goal label: its column, a period in it, and the goal printed beside
    /// it on the same row.
    fn goal_label(&mut self, f: Field, cell: &Cell, value: Option<&Cell>) {
        let overall = f == Field::OverallGoal;
        if overall {
            self.goal_cols.0 = Some(cell.col);
        } else {
            self.goal_cols.1 = Some(cell.col);
        }
        for text in [Some(&cell.text), value.map(|v| &v.text)]
            .into_iter()
            .flatten()
        {
            if let Some((start, end)) = period_in(text) {
                self.record
                    .goal_period
                    .get_or_insert(GoalPeriod { start, end });
            }
        }
        if let Some(v) = value.filter(|v| period_in(&v.text).is_none()) {
            let goal = if overall {
                &mut self.overall
            } else {
                &mut self.annual
            };
            goal.push_str(&v.text);
        }
    }

    /// The record of the label/value part (the category falls back to
    /// 项目性质, the goals are set), and whether the form had a title.
    fn finish(self) -> (Record, bool) {
        let mut record = self.record;
        if record.project_category.is_none() {
            if let Some(n) = self.nature {
                record.warnings.push(format!(
                    "no 项目类别 on the form; project_category is the 项目性质 value \"{n}\""
                ));
                record.project_category = Some(n);
            }
        }
        let (overall, annual) = undouble_goals(self.overall, self.annual, &mut record.warnings);
        record.overall_goal = non_empty(overall);
        record.annual_goal = non_empty(annual);
        // A goal split out of the other's cell was read where that one was.
        let at = &mut record.fields_at;
        for (goal, other, there) in [
            ("overall_goal", "annual_goal", record.overall_goal.is_some()),
            ("annual_goal", "overall_goal", record.annual_goal.is_some()),
        ] {
            if !there {
                at.remove(goal);
            } else if !at.contains_key(goal) {
                if let Some(place) = at.get(other).copied() {
                    at.insert(goal.to_owned(), place);
                }
            }
        }
        (record, self.saw_title)
    }
}

/// Goal text the OCR read twice in one cell (`XX`). With the other goal
/// empty, it joined the 项目总目标 and 年度总目标 columns of a form whose two
/// goals are the same text, so each gets one copy. Beside a goal of its
/// own, the cell is a goal merged over two columns whose text a tool wrote
/// in each (Docling), joined: it is read once. A whole goal that is one
/// text twice is not how anyone writes one.
fn undouble_goals(overall: String, annual: String, warnings: &mut Vec<String>) -> (String, String) {
    let (filled, empty_one) = match (overall.is_empty(), annual.is_empty()) {
        (false, true) => (&overall, "年度总目标"),
        (true, false) => (&annual, "项目总目标"),
        _ => {
            let mut once = |goal: String, name: &str| match doubled(&goal) {
                Some(once) => {
                    warnings.push(format!(
                        "the {name} holds the same text twice (a merged cell written in each column it covers): read once"
                    ));
                    once.to_owned()
                }
                None => goal,
            };
            let overall = once(overall, "项目总目标");
            return (overall, once(annual, "年度总目标"));
        }
    };
    match doubled(filled) {
        Some(once) => {
            warnings.push(format!(
                "one goal cell holds the same text twice (two goal columns joined): one copy is the {empty_one}"
            ));
            (once.to_owned(), once.to_owned())
        }
        None => (overall, annual),
    }
}

/// Goals shorter than this are not checked for a second copy: a short
/// text repeats by chance (`达标达标`).
const MIN_DOUBLED_GOAL_CHARS: usize = 10;

/// The first copy when `text` is one text twice, perhaps with white space
/// between the copies.
fn doubled(text: &str) -> Option<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    if n < 2 * MIN_DOUBLED_GOAL_CHARS {
        return None;
    }
    // Split points near the middle, to allow white space between copies.
    (n / 2 - 1..=n / 2 + 1).find_map(|mid| {
        let at = chars.get(mid)?.0;
        let (first, second) = (text[..at].trim_end(), text[at..].trim_start());
        (first == second && first.chars().count() >= MIN_DOUBLED_GOAL_CHARS).then_some(first)
    })
}

/// No 年度 line: the year of 计划开始日期, with a warning.
/// Also notes that the year was read where the start date was.
fn year_from_start_date(record: &mut Record) {
    if record.fiscal_year.is_some() {
        return;
    }
    if let Some(year) = record
        .planned_start
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse().ok())
    {
        record
            .warnings
            .push("no 年度 line; fiscal_year taken from 计划开始日期".into());
        record.fiscal_year = Some(year);
        if let Some(at) = record.fields_at.get("planned_start").copied() {
            record.fields_at.insert("fiscal_year".into(), at);
        }
    }
}

fn set(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value;
    }
}

fn non_empty(text: String) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn closer_to_first(col: usize, cols: (Option<usize>, Option<usize>)) -> bool {
    match cols {
        (Some(a), Some(b)) => col.abs_diff(a) <= col.abs_diff(b),
        (Some(_), None) => true,
        (None, Some(_)) => false,
        (None, None) => true,
    }
}

/// A title line's text without spaces, and without the year in brackets
/// that the line under it may have brought along (see [`YEAR_NOTE`]).
fn title_of(text: &str) -> Option<String> {
    let title = text.replace(' ', "");
    let title = YEAR_NOTE.replace(&title, "");
    Some(title.into_owned()).filter(|t| !t.is_empty())
}

fn year_in(text: &str) -> Option<i32> {
    YEAR.captures(text).and_then(|c| c[1].parse().ok())
}

/// `( 2022 年 - 2022年 )` → (2022, 2022).
fn period_in(text: &str) -> Option<(i32, i32)> {
    if text.chars().count() > 40 {
        return None;
    }
    let c = PERIOD.captures(text)?;
    // A period alone, or after its label: goal text that starts with its
    // years (`2026年至2028年，围绕…`) is not a period.
    let whole = c.get(0)?;
    let rest = text
        .get(..whole.start())
        .into_iter()
        .chain(text.get(whole.end()..))
        .flat_map(str::chars)
        .filter(|ch| !ch.is_whitespace() && !"()（）:：,，、。年".contains(*ch))
        .count();
    if rest > 8 {
        return None;
    }
    Some((c[1].parse().ok()?, c[2].parse().ok()?))
}

/// Rows of the form after its indicator table ended that look like
/// indicators (a target, or a 一级/二级 label, beside other text) are not
/// lost silently: the record says how many, where, and the first one.
fn warn_unread_indicator_rows(rest: &[Line], record: &mut Record) {
    let unread: Vec<&Line> = rest
        .iter()
        .filter(|l| {
            l.row.cells.len() >= 2
                && (l.row.cells.iter().any(|c| looks_like_target(&c.text))
                    || indicators::has_level_label(l))
        })
        .collect();
    let Some(first) = unread.first() else {
        return;
    };
    let text: Vec<&str> = first.row.cells.iter().map(|c| c.text.as_str()).collect();
    let place = first
        .row
        .line
        .map_or(format!("page {}", first.row.page), |l| format!("line {l}"));
    record.warnings.push(format!(
        "{} row(s) after the indicator table ended look like indicators and were not read, \
         the first at {place}: \"{}\"; check the source there",
        unread.len(),
        text.join(" | ")
    ));
}

/// Parses `2022-01-01`, `2026/1/1`, `2022年1月1日`, `2022.01.01`.
pub(crate) fn parse_date(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let c = DATE.captures(&t)?;
    let (y, m, d): (u32, u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

fn date_field(text: Option<String>, label: &str, warnings: &mut Vec<String>) -> Option<String> {
    let text = text?;
    let parsed = parse_date(&text);
    if parsed.is_none() {
        warnings.push(format!("{label} \"{text}\" is not a date; left null"));
    }
    parsed
}

/// Parses `14,979,100`, `14979100.00`, `0`, `1,234.5元`; `-`/`/` mean none.
pub(crate) fn parse_amount(text: &str) -> Option<f64> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '，' | '元' | '¥' | '￥'))
        .collect();
    let t = t.strip_suffix('万').unwrap_or(&t);
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn amount(text: Option<String>, label: &str, warnings: &mut Vec<String>) -> Option<f64> {
    let text = text?;
    let t = text.trim();
    if matches!(t, "-" | "—" | "/" | "无" | "") {
        return None;
    }
    let parsed = parse_amount(t);
    if parsed.is_none() {
        warnings.push(format!("{label} \"{text}\" is not an amount; left null"));
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2022-01-01").as_deref(), Some("2022-01-01"));
        assert_eq!(parse_date("2026/1/1").as_deref(), Some("2026-01-01"));
        assert_eq!(parse_date("2022年12月31日").as_deref(), Some("2022-12-31"));
        assert_eq!(parse_date("2022.1.5").as_deref(), Some("2022-01-05"));
        assert_eq!(parse_date("2022-13-01"), None);
        assert_eq!(parse_date("年内"), None);
    }

    #[test]
    fn titles_leave_the_year_line_out() {
        let t = |s: &str| title_of(s);
        assert_eq!(
            t("财政项目支出绩效目标申报表（2023年度）").as_deref(),
            Some("财政项目支出绩效目标申报表")
        );
        assert_eq!(
            t("财政项目支出绩效目标申报表 ( 2023 年度 )").as_deref(),
            Some("财政项目支出绩效目标申报表")
        );
        assert_eq!(
            t("2024年项目支出绩效目标表").as_deref(),
            Some("2024年项目支出绩效目标表")
        );
        assert_eq!(t(" "), None);
    }

    #[test]
    fn units_as_stated() {
        assert_eq!(stated_unit("单位：元"), Some("元"));
        assert_eq!(stated_unit("单位: 元"), Some("元"));
        assert_eq!(stated_unit("项目资金（元）"), Some("元"));
        assert_eq!(stated_unit("项目资金(万元)"), Some("万元"));
        assert_eq!(stated_unit("金额单位：万元"), Some("万元"));
        assert_eq!(stated_unit("项目资金"), None);
        assert_eq!(stated_unit("≤18.5元/平方米/年"), None);
        assert_eq!(stated_unit("人均补贴（元/人·餐）标准执行率"), None);
        assert_eq!(stated_unit("补贴（元/人）"), None);
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("14,979,100"), Some(14_979_100.0));
        assert_eq!(parse_amount("14979100.00"), Some(14_979_100.0));
        assert_eq!(parse_amount("771,325,800.00"), Some(771_325_800.0));
        assert_eq!(parse_amount("0"), Some(0.0));
        assert_eq!(parse_amount("１２"), None);
        assert_eq!(parse_amount("abc"), None);
    }

    #[test]
    fn periods() {
        assert_eq!(period_in("( 2022 年 - 2022年 )"), Some((2022, 2022)));
        assert_eq!(
            period_in("项目总体目标(2024 年-2026 年)"),
            Some((2024, 2026))
        );
        assert_eq!(period_in("（2024年至2026年）"), Some((2024, 2026)));
        assert_eq!(period_in("实施周期：2024年-2026年"), Some((2024, 2026)));
        // Goal text that opens with its years.
        assert_eq!(
            period_in("2026年至2028年，围绕“1+1+1”医疗机构组合签约和家"),
            None
        );
    }
}
