//! OCR'd text lines to rows.

use crate::{clean_cell, Cell, Document, Row};
use jixiao_extract::text::{TextDocument, TextLine};

/// Builds rows from OCR'd text.
///
/// Blank lines mark page breaks (OCR exports put one where a page ended;
/// several in a row count once); markdown separator rows (`--\t---`) are
/// dropped; a markdown heading's `#` marks are removed.
///
/// ```
/// use jixiao_extract::text::read_text;
/// let text = read_text("## 标题\n\n\t产出指标\t=9块\n--\t--\n".as_bytes()).unwrap();
/// let doc = jixiao_table::from_text(&text);
/// assert_eq!(doc.rows.len(), 2);
/// assert_eq!(doc.rows[0].cells[0].text, "标题");
/// assert!(doc.rows[1].after_break);
/// assert_eq!(doc.rows[1].cells[1].col, 2);
/// ```
pub fn from_text(text: &TextDocument) -> Document {
    let mut rows = Vec::new();
    let mut page = 1;
    let mut break_pending = false;
    let lines = collapse_repeated_merges(&text.lines);
    for line in lines.iter() {
        if line.is_blank() {
            break_pending = !rows.is_empty();
            continue;
        }
        if is_markdown_separator(&line.cells) {
            continue;
        }
        let mut cells = Vec::new();
        for (col, raw) in line.cells.iter().enumerate() {
            let raw = if col == 0 {
                strip_heading(raw)
            } else {
                raw.as_str()
            };
            let cleaned = clean_cell(raw);
            if !cleaned.is_empty() {
                cells.push(Cell {
                    text: cleaned,
                    col,
                    span: 1,
                });
            }
        }
        if cells.is_empty() {
            continue;
        }
        if break_pending {
            page += 1;
        }
        let heading = line
            .cells
            .first()
            .is_some_and(|c| c.trim_start().starts_with('#'));
        rows.push(Row {
            cells,
            page,
            after_break: break_pending,
            line: Some(line.number),
            in_table: !heading,
            open_cells: Vec::new(),
        });
        break_pending = false;
    }
    Document {
        rows,
        page_count: None,
        grid_columns: false,
        notes: Vec::new(),
    }
}

/// Rows of one label column repeated this often in a pipe table mark the
/// Docling convention (a merged cell's text in every cell it covers): a
/// form's 项目资金 label covers four rows, its 绩效指标 label every
/// indicator row. Other tools leave covered cells empty.
const REPEATS_OF_A_MERGED_LABEL: usize = 3;

/// In a pipe table written the Docling way (see
/// [`REPEATS_OF_A_MERGED_LABEL`]), a merged cell's text stands in each
/// column it covers: the repeats on a row are emptied, so a goal or target
/// spanning two columns is read once. Other tables are left as they are
/// (a 二级 and a 三级 name may legitimately read the same).
fn collapse_repeated_merges(lines: &[TextLine]) -> std::borrow::Cow<'_, [TextLine]> {
    // Runs of pipe rows: the tables. One tool wrote the whole file, so one
    // table written the Docling way (often the header's, with its four
    // 项目资金 rows) marks them all, a part cut off by a page break too.
    let mut tables = Vec::new();
    let mut start = 0;
    while start < lines.len() {
        let len = lines[start..].iter().take_while(|l| l.pipe).count();
        if len > 0 {
            tables.push(start..start + len);
        }
        start += len.max(1);
    }
    if !tables
        .iter()
        .any(|t| repeats_first_column(&lines[t.clone()]))
    {
        return std::borrow::Cow::Borrowed(lines);
    }
    let mut out = lines.to_vec();
    for table in tables {
        for line in &mut out[table] {
            for i in (1..line.cells.len()).rev() {
                if !line.cells[i].trim().is_empty() && line.cells[i] == line.cells[i - 1] {
                    line.cells[i].clear();
                }
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

fn repeats_first_column(rows: &[TextLine]) -> bool {
    let rows: Vec<&TextLine> = rows
        .iter()
        .filter(|l| !is_markdown_separator(&l.cells))
        .collect();
    let mut run = 1;
    for pair in rows.windows(2) {
        let (a, b) = (pair[0].cells.first(), pair[1].cells.first());
        if a.is_some_and(|a| !a.trim().is_empty()) && a == b {
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

fn strip_heading(cell: &str) -> &str {
    let trimmed = cell.trim_start();
    if trimmed.starts_with('#') {
        let rest = trimmed.trim_start_matches('#');
        if rest.starts_with(' ') || rest.is_empty() {
            return rest;
        }
    }
    cell
}

fn is_markdown_separator(cells: &[String]) -> bool {
    let mut any = false;
    for cell in cells {
        let t = cell.trim();
        if t.is_empty() {
            continue;
        }
        if !t.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ')) || !t.contains('-') {
            return false;
        }
        any = true;
    }
    any
}
