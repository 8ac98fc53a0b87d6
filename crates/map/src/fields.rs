//! Project fields, funding and goals: the label/value part of a form.

use crate::indicators;
use crate::record::{GoalPeriod, Record};
use crate::vocab::{label_key, Field, Template};
use crate::Line;
use jixiao_table::{Cell, Row};
use regex::Regex;
use std::sync::LazyLock;

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*年度").expect("static regex"));
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*年?\s*[-－—–~～至到]\s*(\d{4})").expect("static regex")
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
    let mut record = Record::default();
    let mut saw_title = false;
    let mut nature: Option<String> = None;
    let mut goal_cols: (Option<usize>, Option<usize>) = (None, None);
    let mut funding_cols: (Option<usize>, Option<usize>) = (None, None);
    let mut overall = String::new();
    let mut annual = String::new();
    let mut indicator_start = None;
    let mut in_wan = false;
    // The start of a value cut by a page break (see below).
    let mut carried: Option<String> = None;

    for (index, line) in rows.iter().enumerate() {
        let row = line.row;
        if line.title && !saw_title {
            record.title = Some(row.joined().replace(' ', "")).filter(|t| !t.is_empty());
            saw_title = true;
            if let Some(year) = year_in(&row.joined()) {
                record.fiscal_year = Some(year);
            }
            continue;
        }
        let split = split_value_label_cells(row, &line.keys, t);
        let (cells, keys): (&[Cell], &[String]) = match &split {
            Some((cells, keys)) => (cells, keys),
            None => (&row.cells, &line.keys),
        };
        if keys.iter().filter(|k| t.is_indicator_header(k)).count() >= 2 {
            indicator_start = Some(index);
            break;
        }
        if indicators::has_level_label(line) {
            record.warnings.push(
                "no 一级指标/二级指标/三级指标 header row; indicators start at the first 一级/二级 label".into(),
            );
            indicator_start = Some(index);
            break;
        }
        // 项目资金（万元） or 单位：万元: amounts stay in the form's unit.
        if !in_wan
            && row
                .cells
                .iter()
                .any(|c| c.text.contains("万元") && c.text.chars().count() <= 12)
        {
            in_wan = true;
            record
                .warnings
                .push("the form states amounts in 万元; funding is in 万元, not 元".into());
        }
        if cells.len() == 1 && record.fiscal_year.is_none() {
            if let Some(year) = year_in(&cells[0].text) {
                record.fiscal_year = Some(year);
                continue;
            }
        }
        // A value with no label as the last row before a page break: its
        // label is printed with the rest of the value on the next page
        // (项目名称 wrapped over the break).
        let before_break = rows.get(index + 1).is_some_and(|n| n.row.after_break);
        if before_break
            && row.in_table
            && cells.len() == 1
            && goal_cols == (None, None)
            && t.field(&keys[0]).is_none()
            && !t.is_block_label(&keys[0])
            && period_in(&cells[0].text).is_none()
        {
            carried = Some(cells[0].text.clone());
            continue;
        }
        let mut i = 0;
        while i < cells.len() {
            let cell = &cells[i];
            let Some(f) = t.field(&keys[i]) else {
                // Not a label: a goal text, a period, or a value whose label
                // the OCR lost.
                if t.is_block_label(&keys[i])
                    || t.is_unit_label(&keys[i])
                    || (i == 0 && cells.len() > 1 && t.is_cut_block_label(&keys[i]))
                {
                    i += 1;
                    continue;
                }
                if let Some((start, end)) = period_in(&cell.text) {
                    record.goal_period.get_or_insert(GoalPeriod { start, end });
                } else if goal_cols.0.is_some() || goal_cols.1.is_some() {
                    let to_overall = closer_to_first(cell.col, goal_cols);
                    let goal = if to_overall {
                        &mut overall
                    } else {
                        &mut annual
                    };
                    // The same text twice (a goal repeated in its row) is
                    // kept once; a short continuation after a page break
                    // (`90%以上。`) may well occur earlier in the goal, and
                    // so may a long one, where a goal repeats itself.
                    let text = cell.text.as_str();
                    let repeated = goal.ends_with(text)
                        || (text.chars().count() >= 20 && goal.contains(text) && !row.after_break);
                    if !repeated {
                        goal.push_str(text);
                    }
                }
                i += 1;
                continue;
            };
            // The value is the next cell when that cell is not a label itself.
            let value = cells.get(i + 1).filter(|_| {
                keys.get(i + 1)
                    .is_some_and(|k| t.field(k).is_none() && !t.is_indicator_header(k))
            });
            let consumed = if value.is_some() { 2 } else { 1 };
            let mut text = value.map(|c| c.text.clone());
            if let (Some(t), Some(head)) = (text.as_mut(), carried.take()) {
                t.insert_str(0, &head);
            }
            match f {
                Field::ProjectName => set(&mut record.project_name, text),
                Field::Category => set(&mut record.project_category, text),
                Field::Nature => set(&mut nature, text),
                Field::Department => set(&mut record.department, text),
                Field::Unit => set(&mut record.implementing_unit, text),
                Field::Start => {
                    record.planned_start = date_field(text, "计划开始日期", &mut record.warnings)
                }
                Field::End => {
                    record.planned_end = date_field(text, "计划完成日期", &mut record.warnings)
                }
                Field::Total => {
                    funding_cols.0 = Some(cell.col);
                    record.funding.total = amount(text, "项目资金总额", &mut record.warnings);
                }
                Field::AnnualTotal => {
                    funding_cols.1 = Some(cell.col);
                    record.funding.annual_total =
                        amount(text, "年度资金申请总额", &mut record.warnings);
                }
                Field::Fiscal => {
                    record.funding.fiscal = amount(text, "财政资金", &mut record.warnings)
                }
                Field::Appropriation => {
                    record.funding.annual_appropriation =
                        amount(text, "当年财政拨款", &mut record.warnings)
                }
                Field::Carryover => {
                    record.funding.annual_carryover =
                        amount(text, "上年结转资金", &mut record.warnings)
                }
                Field::Other => {
                    // Two 其他资金 labels, one per column: the column decides,
                    // and when columns are unknown the first one is the left.
                    let left_taken = keys[..i].iter().any(|k| k.ends_with("其他资金"));
                    let left = match funding_cols {
                        (Some(_), Some(_)) => {
                            closer_to_first(cell.col, funding_cols) && !left_taken
                        }
                        _ => !left_taken,
                    };
                    let parsed = amount(text, "其他资金", &mut record.warnings);
                    if left {
                        record.funding.other = parsed;
                    } else {
                        record.funding.annual_other = parsed;
                    }
                }
                Field::OverallGoal | Field::AnnualGoal => {
                    if f == Field::OverallGoal {
                        goal_cols.0 = Some(cell.col);
                    } else {
                        goal_cols.1 = Some(cell.col);
                    }
                    if let Some((start, end)) = period_in(&cell.text) {
                        record.goal_period.get_or_insert(GoalPeriod { start, end });
                    }
                    // A goal printed beside its label on the same row.
                    let goal = if f == Field::OverallGoal {
                        &mut overall
                    } else {
                        &mut annual
                    };
                    match value {
                        Some(v) if period_in(&v.text).is_none() => goal.push_str(&v.text),
                        Some(v) => {
                            if let Some((start, end)) = period_in(&v.text) {
                                record.goal_period.get_or_insert(GoalPeriod { start, end });
                            }
                        }
                        None => {}
                    }
                }
                Field::Block => {
                    i += 1;
                    continue;
                }
            }
            i += consumed;
        }
        carried = None;
    }

    if record.project_category.is_none() {
        if let Some(n) = nature {
            record.warnings.push(format!(
                "no 项目类别 on the form; project_category is the 项目性质 value \"{n}\""
            ));
            record.project_category = Some(n);
        }
    }
    record.overall_goal = non_empty(overall);
    record.annual_goal = non_empty(annual);

    let indicator_rows = indicator_start.map_or(&[][..], |start| &rows[start..]);
    let (list, used) = indicators::build(indicator_rows, t, grid_columns, &mut record.warnings);
    record.indicators = list;

    if !saw_title && record.indicators.is_empty() {
        return None;
    }
    if record.project_name.is_none() && record.indicators.is_empty() {
        return None;
    }
    if !saw_title {
        record
            .warnings
            .push("no form title found; the form starts at its 项目名称 row".into());
    }
    if record.fiscal_year.is_none() {
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
        }
    }
    if paged {
        let last_row = indicator_start.map_or(rows.len(), |s| s + used).max(1);
        let first = rows.first().map(|r| r.row.page);
        let last = rows
            .get(..last_row)
            .unwrap_or(rows)
            .last()
            .map(|r| r.row.page);
        if let (Some(a), Some(b)) = (first, last) {
            record.source.pages = Some([a, b]);
        }
    }
    Some(record)
}

/// Splits cells where a value ran into the next label
/// (`84,421,500.00其中：当年财政拨款`, from a borderless layout or OCR that
/// lost the gap); `None` when no cell needs it.
fn split_value_label_cells(
    row: &Row,
    keys: &[String],
    t: &dyn Template,
) -> Option<(Vec<Cell>, Vec<String>)> {
    let split_at = |text: &str| {
        let end = text.find(|c: char| !(c.is_ascii_digit() || matches!(c, ',' | '.' | '-')))?;
        let (value, rest) = text.split_at(end);
        let has_digit = value.chars().any(|c| c.is_ascii_digit());
        (has_digit && t.field(&label_key(rest)).is_some()).then_some(end)
    };
    if !row.cells.iter().any(|c| split_at(&c.text).is_some()) {
        return None;
    }
    let mut cells = Vec::with_capacity(row.cells.len() + 2);
    let mut out_keys = Vec::with_capacity(row.cells.len() + 2);
    for (cell, key) in row.cells.iter().zip(keys) {
        match split_at(&cell.text) {
            Some(end) => {
                let (value, label) = cell.text.split_at(end);
                cells.push(Cell {
                    text: value.to_owned(),
                    ..cell.clone()
                });
                out_keys.push(value.to_owned());
                cells.push(Cell {
                    text: label.to_owned(),
                    ..cell.clone()
                });
                out_keys.push(label_key(label));
            }
            None => {
                cells.push(cell.clone());
                out_keys.push(key.clone());
            }
        }
    }
    Some((cells, out_keys))
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
