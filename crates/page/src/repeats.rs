//! Merged cells written as repeats: some tools write a merged cell's text
//! into every cell it covers (Docling's Markdown, pandas' `read_html`), so
//! a label repeats down its rows and a goal or target across its columns.

/// Rows of one label column repeated this often mark the convention: a
/// form's 项目资金 label covers four rows, its 绩效指标 label every
/// indicator row. Tools that keep merges leave covered cells empty.
pub const REPEATS_OF_A_MERGED_LABEL: usize = 3;

/// True when the first column of `rows` repeats one label on
/// [`REPEATS_OF_A_MERGED_LABEL`] rows in a row.
///
/// ```
/// use jixiao_page::repeats_merged_labels;
/// let rows = [["项目资金", "a"], ["项目资金", "b"], ["项目资金", "c"]];
/// assert!(repeats_merged_labels(&rows));
/// assert!(!repeats_merged_labels(&rows[..2]));
/// ```
pub fn repeats_merged_labels<R: AsRef<[S]>, S: AsRef<str>>(rows: &[R]) -> bool {
    let mut run = 1;
    for pair in rows.windows(2) {
        let first = |r: &R| r.as_ref().first().map(|c| c.as_ref().trim().to_owned());
        let (a, b) = (first(&pair[0]), first(&pair[1]));
        if a.as_deref().is_some_and(|a| !a.is_empty()) && a == b {
            run += 1;
            if run >= REPEATS_OF_A_MERGED_LABEL {
                return true;
            }
        } else {
            run = 1;
        }
    }
    false
}

/// Empties the repeats along each row of a table written that way, so a
/// cell spanning columns is read once. A run stops where the row above
/// changes: 项目总目标 over three columns and 年度总目标 over two may hold
/// the same goal text, and it is still two goals.
///
/// ```
/// use jixiao_page::collapse_row_repeats;
/// let mut rows = vec![
///     vec!["项目总目标".to_owned(), "项目总目标".into(), "年度总目标".into()],
///     vec!["同一目标".to_owned(), "同一目标".into(), "同一目标".into()],
/// ];
/// collapse_row_repeats(&mut rows);
/// assert_eq!(rows[1], ["同一目标", "", "同一目标"]);
/// ```
pub fn collapse_row_repeats(rows: &mut [Vec<String>]) {
    let mut above: Option<Vec<String>> = None;
    for row in rows.iter_mut() {
        let original = row.clone();
        for i in (1..row.len()).rev() {
            let boundary_above = above.as_ref().is_some_and(|a| a.get(i) != a.get(i - 1));
            if !boundary_above && !row[i].trim().is_empty() && row[i] == row[i - 1] {
                row[i].clear();
            }
        }
        above = Some(original);
    }
}
