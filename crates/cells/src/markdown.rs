//! Markdown tables pandoc writes when a table does not fit a pipe table:
//! multiline, simple and grid tables, laid out in columns of text (and,
//! around them, pipe tables and lines of text).
//!
//! A multiline table is framed by rules of dashes; the rule under its
//! header row, cut into one run of dashes per column, gives the columns,
//! and body rows of several lines are separated by blank lines:
//!
//! ```text
//!   -------------------------------------------
//!   项目名称           社区长者食堂   项目类别
//!   ---------------- -------------- ----------
//!   主管部门           上海市民政局   实施单位
//!
//!                      产出指标       数量指标
//!   -------------------------------------------
//! ```
//!
//! A simple table has no top rule and one line per row, and ends at a blank
//! line; a grid table draws `+---+` borders and `|` between cells. Pandoc
//! pads cells to the column width counting a CJK character as two columns,
//! so positions here are display columns. Its backslash escapes (`\>=95%`)
//! are undone.

use crate::CellsError;
use jixiao_extract::text::is_pipe_row;
use jixiao_page::{Block, Grid, GridCell};
use unicode_width::UnicodeWidthChar;

/// Fewest dashes in a run that make a rule (pandoc writes at least three).
const MIN_RULE_DASHES: usize = 3;

/// True when the text holds a table of pandoc's own Markdown layouts: a
/// rule of dashes cut into columns, or a grid table's border.
///
/// ```
/// assert!(jixiao_cells::markdown::holds_ruled_table("  ------ ------\n  a      b\n"));
/// assert!(jixiao_cells::markdown::holds_ruled_table("+----+----+\n| a  | b  |\n+----+----+\n"));
/// // The seed's own separator row (tabs) and a Markdown rule are not tables.
/// assert!(!jixiao_cells::markdown::holds_ruled_table("--\t--\t---\n"));
/// assert!(!jixiao_cells::markdown::holds_ruled_table("text\n\n---\n"));
/// ```
pub fn holds_ruled_table(text: &str) -> bool {
    text.lines()
        .any(|l| column_rule(l).is_some_and(|c| c.len() >= 2) || grid_border(l).is_some())
}

/// Reads a Markdown file with pandoc's tables into blocks: each table a
/// [`Grid`], each other non-blank line a [`Block::Text`].
///
/// ```
/// use jixiao_page::Block;
/// let md = "标题\n\n  ---------- ----------\n  项目名称   测试\n  主管部门   \\>=95%\n  ---------- ----------\n";
/// let blocks = jixiao_cells::markdown::read(md).unwrap();
/// assert!(matches!(&blocks[0], Block::Text { text, .. } if text == "标题"));
/// let Block::Table(grid) = &blocks[1] else { panic!() };
/// assert_eq!((grid.rows, grid.cols), (2, 2));
/// assert_eq!(grid.cells[3].text, ">=95%");
/// ```
pub fn read(text: &str) -> Result<Vec<Block>, CellsError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(columns) = grid_border(line) {
            let (grid, next) = grid_table(&lines, i, &columns);
            blocks.push(Block::Table(grid));
            i = next;
        } else if let Some((grid, next, header_lines)) = ruled_table(&lines, i) {
            // The header lines above the rule were pushed as text: take them back.
            blocks.truncate(blocks.len().saturating_sub(header_lines));
            blocks.push(Block::Table(grid));
            i = next;
        } else if is_pipe_row(line) {
            let start = i;
            while i < lines.len() && is_pipe_row(lines[i]) {
                i += 1;
            }
            blocks.push(Block::Table(pipe_grid(&lines[start..i])));
        } else {
            let text = unescape(line.trim());
            if !text.is_empty() && column_rule(line).is_none() {
                blocks.push(Block::Text { page: 1, text });
            }
            i += 1;
        }
    }
    if !blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        return Err(CellsError::NoTable(
            "a Markdown file without any table: there is no form to read; convert the document with its tables kept".to_owned(),
        ));
    }
    crate::pages_from_tables(&mut blocks);
    Ok(blocks)
}

/// Pipe-table rows among text lines (pandoc's gfm beside a raw HTML
/// table) become grids, as [`read`] makes them.
pub(crate) fn pipe_rows_as_grids(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut run: Vec<String> = Vec::new();
    let mut run_page = 1;
    let flush = |run: &mut Vec<String>, out: &mut Vec<Block>, page: usize| {
        if !run.is_empty() {
            let lines: Vec<&str> = run.iter().map(String::as_str).collect();
            let mut grid = pipe_grid(&lines);
            grid.page = page;
            out.push(Block::Table(grid));
            run.clear();
        }
    };
    for block in blocks {
        match block {
            Block::Text { page, text } if is_pipe_row(&text) => {
                if run.is_empty() {
                    run_page = page;
                }
                run.push(text);
            }
            other => {
                flush(&mut run, &mut out, run_page);
                out.push(other);
            }
        }
    }
    flush(&mut run, &mut out, run_page);
    out
}

/// A column of a ruled table, in display columns: `start` inclusive.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Column {
    start: usize,
    end: usize,
}

/// The runs of dashes of a rule line (only dashes and spaces, each run at
/// least [`MIN_RULE_DASHES`] long), as columns.
fn column_rule(line: &str) -> Option<Vec<Column>> {
    let trimmed = line.trim_end();
    if trimmed.trim_start().is_empty() || !trimmed.bytes().all(|b| b == b'-' || b == b' ') {
        return None;
    }
    let mut columns = Vec::new();
    let mut start = None;
    for (x, b) in trimmed.bytes().enumerate().chain([(trimmed.len(), b' ')]) {
        match (b, start) {
            (b'-', None) => start = Some(x),
            (b' ', Some(s)) => {
                columns.push(Column { start: s, end: x });
                start = None;
            }
            _ => {}
        }
    }
    columns
        .iter()
        .all(|c| c.end - c.start >= MIN_RULE_DASHES)
        .then_some(columns)
}

/// A grid table's border (`+----+----+` or `+====+`): the display columns
/// of its `+` corners.
fn grid_border(line: &str) -> Option<Vec<usize>> {
    let t = line.trim();
    if t.len() < 3 || !t.starts_with('+') || !t.ends_with('+') {
        return None;
    }
    if !t.bytes().all(|b| matches!(b, b'+' | b'-' | b'=' | b':')) {
        return None;
    }
    let indent = line.len() - line.trim_start().len();
    let corners: Vec<usize> = t
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'+')
        .map(|(x, _)| indent + x)
        .collect();
    (corners.len() >= 2).then_some(corners)
}

/// A grid table from its first border at `start`: its rows (the lines
/// between borders, each cell's lines joined) and the line after it.
fn grid_table(lines: &[&str], start: usize, corners: &[usize]) -> (Grid, usize) {
    let cols = corners.len() - 1;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = vec![String::new(); cols];
    let mut has_text = false;
    let mut i = start + 1;
    while i < lines.len() {
        let line = lines[i];
        if grid_border(line).is_some() {
            if has_text {
                rows.push(std::mem::replace(&mut current, vec![String::new(); cols]));
                has_text = false;
            }
        } else if line.trim_start().starts_with('|') {
            for (k, part) in split_unescaped_pipes(line.trim()).into_iter().enumerate() {
                if let Some(cell) = current.get_mut(k) {
                    let part = unescape(part.trim());
                    has_text |= !part.is_empty();
                    join_line(cell, &part);
                }
            }
        } else {
            break;
        }
        i += 1;
    }
    if has_text {
        rows.push(current);
    }
    (grid_of(rows, cols), i)
}

/// The header lines of the ruled table whose column rule follows them:
/// how many lines above line `rule` were text lines of the header.
fn grid_header_lines(lines: &[&str], rule: usize) -> usize {
    let mut k = rule;
    while k > 0 && !lines[k - 1].trim().is_empty() && column_rule(lines[k - 1]).is_none() {
        k -= 1;
    }
    rule - k
}

/// A multiline or simple table whose column rule (two columns or more) is
/// line `at`: its grid, the line after it and how many header lines above
/// the rule it took; `None` when line `at` is no such rule. A multiline
/// table has a rule of one run above its header (or, without a header,
/// blank lines between its rows).
fn ruled_table(lines: &[&str], at: usize) -> Option<(Grid, usize, usize)> {
    let columns = column_rule(lines[at]).filter(|c| c.len() >= 2)?;
    let header_lines = grid_header_lines(lines, at);
    let header_start = at - header_lines;
    let top_rule = header_start
        .checked_sub(1)
        .is_some_and(|k| column_rule(lines[k]).is_some_and(|c| c.len() == 1));
    let headerless = header_start == at;
    // The body runs to the closing rule; a simple table with a header ends
    // at its first blank line instead.
    let mut end = at + 1;
    while end < lines.len() && column_rule(lines[end]).is_none() {
        if !top_rule && !headerless && lines[end].trim().is_empty() {
            break;
        }
        end += 1;
    }
    let body = &lines[at + 1..end];
    let multiline = top_rule || (headerless && body.iter().any(|l| l.trim().is_empty()));
    let mut rows: Vec<Vec<&str>> = Vec::new();
    if !headerless {
        rows.push(lines[header_start..at].to_vec());
    }
    if multiline {
        for chunk in body.split(|l| l.trim().is_empty()) {
            if !chunk.is_empty() {
                rows.push(chunk.to_vec());
            }
        }
    } else {
        rows.extend(
            body.iter()
                .filter(|l| !l.trim().is_empty())
                .map(|l| vec![*l]),
        );
    }
    let texts = rows.iter().map(|row| row_cells(row, &columns)).collect();
    let next = if end < lines.len() { end + 1 } else { end };
    Some((grid_of(texts, columns.len()), next, header_lines))
}

/// The cells of one row of a ruled table: each run of text (words with
/// single spaces between them) goes to the column it starts in, the lines
/// of a cell joined.
fn row_cells(lines: &[&str], columns: &[Column]) -> Vec<String> {
    let mut cells = vec![String::new(); columns.len()];
    for line in lines {
        for (x, run) in text_runs(line) {
            let k = columns.iter().rposition(|c| c.start <= x).unwrap_or(0);
            join_line(&mut cells[k], &unescape(&run));
        }
    }
    cells
}

/// The runs of text of a line with their display column: words separated
/// by one space belong to one run, two spaces or more end it.
fn text_runs(line: &str) -> Vec<(usize, String)> {
    let mut runs: Vec<(usize, String)> = Vec::new();
    let (mut x, mut spaces) = (0, 0);
    let mut current: Option<(usize, String)> = None;
    for c in line.chars() {
        if c == ' ' {
            spaces += 1;
        } else {
            match current.as_mut() {
                Some((_, run)) if spaces <= 1 => {
                    run.extend(std::iter::repeat_n(' ', spaces));
                    run.push(c);
                }
                _ => {
                    runs.extend(current.take());
                    current = Some((x, c.to_string()));
                }
            }
            spaces = 0;
        }
        x += c.width().unwrap_or(0);
    }
    runs.extend(current);
    runs
}

/// Adds a cell's next line: with a space between Latin words, without one
/// where a CJK line was wrapped.
fn join_line(cell: &mut String, line: &str) {
    if line.is_empty() {
        return;
    }
    let latin_end = cell
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let latin_start = line
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    if latin_end && latin_start {
        cell.push(' ');
    }
    cell.push_str(line);
}

fn is_separator_row(line: &str) -> bool {
    line.trim()
        .bytes()
        .all(|b| matches!(b, b'|' | b'-' | b':' | b' '))
}

fn pipe_grid(lines: &[&str]) -> Grid {
    let rows: Vec<Vec<String>> = lines
        .iter()
        .filter(|l| !is_separator_row(l))
        .map(|l| {
            let t = l.trim();
            let inner = &t[1..t.len() - 1];
            split_unescaped_pipes(inner)
                .into_iter()
                .map(|c| unescape(c.trim()).replace("&#124;", "|"))
                .collect()
        })
        .collect();
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    grid_of(rows, cols)
}

/// The parts of a line between `|`s that are not escaped (`\|`). For a
/// grid table's `| a | b |` the first and last parts are empty and dropped.
fn split_unescaped_pipes(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => {
                parts.push(&line[start..i]);
                start = i + 1;
            }
            _ => escaped = false,
        }
    }
    parts.push(&line[start..]);
    if line.starts_with('|') {
        parts.remove(0);
        if line.ends_with('|') && line.len() > 1 {
            parts.pop();
        }
    }
    parts
}

/// Pandoc's backslash escapes of ASCII punctuation undone (`\>=` → `>=`,
/// `\*` → `*`).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out
}

/// Rows of cell texts as a grid without spans (empty cells left out).
fn grid_of(rows: Vec<Vec<String>>, cols: usize) -> Grid {
    let mut grid = Grid::new(1, rows.len(), cols);
    for (r, row) in rows.into_iter().enumerate() {
        for (c, text) in row.into_iter().enumerate() {
            if !text.is_empty() {
                grid.push(GridCell::new(r, c, text));
            }
        }
    }
    crate::collapse_grid_repeats(&mut grid);
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(grid: &Grid) -> Vec<(usize, usize, &str)> {
        grid.cells
            .iter()
            .map(|c| (c.row, c.col, c.text.as_str()))
            .collect()
    }

    /// The blocks of `md`, whose first block must be a table, and that table.
    fn read_table_first(md: &str) -> (Vec<Block>, Grid) {
        let blocks = read(md).unwrap();
        let Block::Table(grid) = blocks[0].clone() else {
            panic!("{blocks:?}")
        };
        (blocks, grid)
    }

    #[test]
    fn multiline_rows_are_joined_and_placed_by_display_column() {
        // 项目名称 is 8 display columns wide, not 4.
        let md = "  ------------------------------\n  项目名称   甲项目\n  --------- ---------- ---------\n  主管部门   上海市民\n             政局       \\>=95%\n\n             产出指标   =1个\n  ------------------------------\n\n后记\n";
        let (blocks, grid) = read_table_first(md);
        assert_eq!(
            texts(&grid),
            [
                (0, 0, "项目名称"),
                (0, 1, "甲项目"),
                (1, 0, "主管部门"),
                (1, 1, "上海市民政局"),
                (1, 2, ">=95%"),
                (2, 1, "产出指标"),
                (2, 2, "=1个"),
            ]
        );
        assert!(matches!(&blocks[1], Block::Text { text, .. } if text == "后记"));
    }

    #[test]
    fn simple_tables_end_at_a_blank_line() {
        let md = "  名称   值\n  ------ ------\n  甲     1\n  乙     2\n\n正文\n";
        let (blocks, grid) = read_table_first(md);
        assert_eq!(grid.rows, 3);
        assert_eq!(texts(&grid)[5], (2, 1, "2"));
        assert!(matches!(&blocks[1], Block::Text { text, .. } if text == "正文"));
    }

    #[test]
    fn grid_tables_join_the_lines_of_a_cell() {
        let md = "+------+------+\n| 项目 | 社区 |\n| 名称 | 食堂 |\n+======+======+\n| a\\|b | x    |\n+------+------+\n";
        let (_, grid) = read_table_first(md);
        assert_eq!(
            texts(&grid),
            [
                (0, 0, "项目名称"),
                (0, 1, "社区食堂"),
                (1, 0, "a|b"),
                (1, 1, "x")
            ]
        );
    }

    #[test]
    fn pipe_rows_beside_html_become_a_grid() {
        let blocks = vec![
            Block::Text {
                page: 1,
                text: "# 标题".into(),
            },
            Block::Text {
                page: 1,
                text: "| 项目名称 | 甲 |".into(),
            },
            Block::Text {
                page: 1,
                text: "|---|---|".into(),
            },
            Block::Text {
                page: 1,
                text: "| 主管部门 | 乙 |".into(),
            },
        ];
        let out = pipe_rows_as_grids(blocks);
        assert_eq!(out.len(), 2);
        let Block::Table(grid) = &out[1] else {
            panic!("{out:?}")
        };
        assert_eq!(grid.rows, 2);
    }

    #[test]
    fn no_table_is_an_error() {
        assert!(matches!(read("只有文字\n"), Err(CellsError::NoTable(_))));
    }
}
