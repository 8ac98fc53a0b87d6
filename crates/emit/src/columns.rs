//! The spreadsheet layouts, one row per indicator and one row per form,
//! as typed cells: the CSV and the XLSX writers render the same columns.

use jixiao_map::Record;

/// One cell of a layout.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, as read (a target such as `=100%` is text, not a formula).
    Text(String),
    /// An amount or a target value.
    Number(f64),
    /// A count, an index, a year, a page.
    Integer(i64),
    /// Nothing there (`null` in the record).
    Empty,
}

impl Cell {
    fn text(value: &str) -> Cell {
        Cell::Text(value.to_owned())
    }

    fn opt_text(value: &Option<String>) -> Cell {
        value.as_deref().map_or(Cell::Empty, Cell::text)
    }

    fn number(value: Option<f64>) -> Cell {
        value.map_or(Cell::Empty, Cell::Number)
    }

    fn integer(value: Option<i64>) -> Cell {
        value.map_or(Cell::Empty, Cell::Integer)
    }
}

/// Column names of the indicator layout, in order.
pub const CSV_HEADER: [&str; 33] = [
    "source_path",
    "source_sha256",
    "form_index",
    "page_first",
    "page_last",
    "title",
    "fiscal_year",
    "project_name",
    "project_category",
    "department",
    "implementing_unit",
    "planned_start",
    "planned_end",
    "funding_total",
    "funding_fiscal",
    "funding_other",
    "funding_annual_total",
    "funding_annual_appropriation",
    "funding_annual_carryover",
    "funding_annual_other",
    "funding_unit",
    "goal_period",
    "quality",
    "indicator_index",
    "level1",
    "level2",
    "level3",
    "target_raw",
    "target_op",
    "target_value",
    "target_unit",
    "indicator_page",
    "indicator_line",
];

/// How many leading columns of [`CSV_HEADER`] describe the project.
const PROJECT_COLUMNS: usize = 23;

/// Column names of the form layout (`projects.csv`): the project columns
/// of [`CSV_HEADER`], then the goals, the number of indicators and the
/// warnings (a JSON array of strings).
pub const PROJECT_HEADER: [&str; 27] = project_header();

/// The columns after the project columns in [`PROJECT_HEADER`].
const PROJECT_EXTRA: [&str; 4] = ["overall_goal", "annual_goal", "indicator_count", "warnings"];

const fn project_header() -> [&'static str; PROJECT_COLUMNS + PROJECT_EXTRA.len()] {
    let mut out = [""; PROJECT_COLUMNS + PROJECT_EXTRA.len()];
    let mut i = 0;
    while i < PROJECT_COLUMNS {
        out[i] = CSV_HEADER[i];
        i += 1;
    }
    while i < out.len() {
        out[i] = PROJECT_EXTRA[i - PROJECT_COLUMNS];
        i += 1;
    }
    out
}

/// The project columns of a record (the first [`PROJECT_COLUMNS`] of
/// [`CSV_HEADER`]).
fn project_columns(record: &Record) -> Vec<Cell> {
    let f = &record.funding;
    let page = |i: usize| Cell::integer(record.source.pages.map(|p| to_i64(p[i])));
    let columns = vec![
        Cell::text(&record.source.path),
        Cell::text(&record.source.sha256),
        Cell::Integer(to_i64(record.source.form_index)),
        page(0),
        page(1),
        Cell::opt_text(&record.title),
        Cell::integer(record.fiscal_year.map(i64::from)),
        Cell::opt_text(&record.project_name),
        Cell::opt_text(&record.project_category),
        Cell::opt_text(&record.department),
        Cell::opt_text(&record.implementing_unit),
        Cell::opt_text(&record.planned_start),
        Cell::opt_text(&record.planned_end),
        Cell::number(f.total),
        Cell::number(f.fiscal),
        Cell::number(f.other),
        Cell::number(f.annual_total),
        Cell::number(f.annual_appropriation),
        Cell::number(f.annual_carryover),
        Cell::number(f.annual_other),
        Cell::opt_text(&f.unit),
        record.goal_period.map_or(Cell::Empty, |p| {
            Cell::Text(format!("{}-{}", p.start, p.end))
        }),
        Cell::text(record.quality.level.as_str()),
    ];
    debug_assert_eq!(columns.len(), PROJECT_COLUMNS);
    columns
}

/// The indicator-layout rows of one record ([`CSV_HEADER`]): one per
/// indicator, or one with empty indicator columns when the form has none.
pub fn indicator_rows(record: &Record) -> Vec<Vec<Cell>> {
    let project = project_columns(record);
    if record.indicators.is_empty() {
        let mut row = project;
        row.resize(CSV_HEADER.len(), Cell::Empty);
        return vec![row];
    }
    record
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let mut row = project.clone();
            row.extend([
                Cell::Integer(to_i64(i)),
                Cell::opt_text(&ind.level1),
                Cell::opt_text(&ind.level2),
                Cell::text(&ind.level3),
                Cell::text(&ind.target.raw),
                ind.target
                    .op
                    .map_or(Cell::Empty, |op| Cell::text(op.as_str())),
                Cell::number(ind.target.value),
                Cell::opt_text(&ind.target.unit),
                Cell::integer(ind.at.page.map(to_i64)),
                Cell::integer(ind.at.line.map(to_i64)),
            ]);
            row
        })
        .collect()
}

/// The form-layout row of one record ([`PROJECT_HEADER`]).
pub fn project_row(record: &Record) -> Vec<Cell> {
    let mut row = project_columns(record);
    row.push(Cell::opt_text(&record.overall_goal));
    row.push(Cell::opt_text(&record.annual_goal));
    row.push(Cell::Integer(to_i64(record.indicators.len())));
    // JSON, so that a warning holding the separator splits back exactly.
    row.push(Cell::Text(
        serde_json::to_string(&record.warnings).unwrap_or_else(|_| "[]".to_owned()),
    ));
    row
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_header_is_the_indicator_header_s_project_part() {
        assert_eq!(
            PROJECT_HEADER[..PROJECT_COLUMNS],
            CSV_HEADER[..PROJECT_COLUMNS]
        );
    }

    #[test]
    fn rows_are_as_wide_as_their_headers() {
        let r = crate::tests::sample();
        assert!(indicator_rows(&r)
            .iter()
            .all(|row| row.len() == CSV_HEADER.len()));
        assert_eq!(
            indicator_rows(&Record::default())[0].len(),
            CSV_HEADER.len()
        );
        assert_eq!(project_row(&r).len(), PROJECT_HEADER.len());
    }

    #[test]
    fn warnings_are_a_json_array() {
        let r = Record {
            warnings: vec!["a; b".into(), "c".into()],
            ..Record::default()
        };
        let row = project_row(&r);
        assert_eq!(row.last(), Some(&Cell::Text(r#"["a; b","c"]"#.into())));
    }
}
