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

/// In a file whose pipe tables are written the Docling way (a merged
/// cell's text in each cell it covers; see
/// [`jixiao_page::repeats_merged_labels`]), the repeats along each row are
/// emptied ([`jixiao_page::collapse_row_repeats`]). One tool wrote the whole
/// file, so one table written that way (often the header's, with its four
/// 项目资金 rows) marks them all, a part cut off by a page break too. Other
/// files are left as they are (a 二级 and a 三级 name may read the same).
fn collapse_repeated_merges(lines: &[TextLine]) -> std::borrow::Cow<'_, [TextLine]> {
    let mut tables = Vec::new();
    let mut start = 0;
    while start < lines.len() {
        let len = lines[start..].iter().take_while(|l| l.pipe).count();
        if len > 0 {
            let rows: Vec<usize> = (start..start + len)
                .filter(|&i| !is_markdown_separator(&lines[i].cells))
                .collect();
            tables.push(rows);
        }
        start += len.max(1);
    }
    let written_so = tables.iter().any(|rows| {
        let cells: Vec<&[String]> = rows.iter().map(|&i| lines[i].cells.as_slice()).collect();
        jixiao_page::repeats_merged_labels(&cells)
    });
    if !written_so {
        return std::borrow::Cow::Borrowed(lines);
    }
    let mut out = lines.to_vec();
    for rows in tables {
        let mut table: Vec<Vec<String>> = rows.iter().map(|&i| lines[i].cells.clone()).collect();
        jixiao_page::collapse_row_repeats(&mut table);
        for (i, collapsed) in rows.into_iter().zip(table) {
            out[i].cells = collapsed;
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A markdown heading's text without its `#` marks (OCR'd text's first
/// cells, a cell source's text lines).
pub(crate) fn strip_heading(cell: &str) -> &str {
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
