//! OCR'd text lines to rows.

use crate::{clean_cell, Cell, Document, Row};
use jixiao_extract::text::{TextDocument, TextLine};

/// Builds rows from OCR'd text.
///
/// Blank lines mark page breaks (OCR exports put one where a page ended;
/// several in a row count once). When the file states its pages (form
/// feeds, Marker's `{N}---` markers), only those start a page, and the
/// document has pages (`page_count`, hence `source.pages`). Markdown
/// separator rows (`--\t---`) are dropped; a markdown heading's `#` marks
/// are removed.
///
/// ```
/// use jixiao_extract::text::read_text;
/// let text = read_text("## 标题\n\n\t产出指标\t=9块\n--\t--\n".as_bytes()).unwrap();
/// let doc = jixiao_table::from_text(&text);
/// assert_eq!(doc.rows.len(), 2);
/// assert_eq!(doc.rows[0].cells[0].text, "标题");
/// assert!(doc.rows[1].after_break);
/// assert_eq!(doc.rows[1].cells[1].col, 2);
/// assert_eq!(doc.page_count, None);
///
/// // Marker's page markers: the file has pages, and a blank line between
/// // tables on one page is not a new one.
/// let marked = "{0}------\n\n| 项目名称 | 甲 |\n\n| 产出指标 | =1个 |\n\n{1}------\n\n| 乙率 | =100% |\n";
/// let doc = jixiao_table::from_text(&read_text(marked.as_bytes()).unwrap());
/// let pages: Vec<usize> = doc.rows.iter().map(|r| r.page).collect();
/// assert_eq!(pages, [1, 1, 2]);
/// assert_eq!(doc.page_count, Some(2));
/// ```
pub fn from_text(text: &TextDocument) -> Document {
    let mut rows = Vec::new();
    let mut page = 1;
    let mut break_pending = false;
    let mut page_pending = false;
    let paginated = text.lines.iter().any(|l| l.page_mark);
    let (lines, opens) = collapse_repeated_merges(&text.lines);
    for (index, line) in lines.iter().enumerate() {
        if line.is_blank() {
            break_pending = !rows.is_empty();
            page_pending |= line.page_mark && !rows.is_empty();
            continue;
        }
        if is_markdown_separator(&line.cells) {
            continue;
        }
        let split = split_joined_paragraphs(&line.cells);
        let raw_cells = split.as_deref().unwrap_or(&line.cells);
        let mut cells = Vec::new();
        for (col, raw) in raw_cells.iter().enumerate() {
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
        if (paginated && page_pending) || (!paginated && break_pending) {
            page += 1;
        }
        page_pending = false;
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
            open_cells: opens.get(index).cloned().unwrap_or_default(),
            closed_above: Vec::new(),
            full_cells: Vec::new(),
            bbox: None,
        });
        break_pending = false;
    }
    Document {
        rows,
        page_count: paginated.then_some(page),
        grid_columns: false,
        notes: Vec::new(),
        ruled_pages: Vec::new(),
    }
}

/// In a file whose pipe tables are written the Docling way (a merged
/// cell's text in each cell it covers; see
/// [`jixiao_page::repeats_merged_labels`]), the repeats along each row are
/// emptied ([`jixiao_page::collapse_row_repeats`]). One tool wrote the whole
/// file, so one table written that way (often the header's, with its four
/// 项目资金 rows) marks them all, a part cut off by a page break too. Other
/// files are left as they are (a 二级 and a 三级 name may read the same).
///
/// In such a file a merged cell covers every row its text is on, so an
/// empty cell under a filled one starts a merged cell whose text is
/// elsewhere (below it, or over a page break): its columns are returned
/// for each line, as [`Row::open_cells`].
fn collapse_repeated_merges(
    lines: &[TextLine],
) -> (std::borrow::Cow<'_, [TextLine]>, Vec<Vec<usize>>) {
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
        return (std::borrow::Cow::Borrowed(lines), Vec::new());
    }
    let mut out = lines.to_vec();
    let mut opens = vec![Vec::new(); lines.len()];
    for rows in tables {
        for pair in rows.windows(2) {
            let (above, here) = (&lines[pair[0]].cells, &lines[pair[1]].cells);
            opens[pair[1]] = (0..here.len())
                .filter(|&c| {
                    here[c].trim().is_empty() && above.get(c).is_some_and(|a| !a.trim().is_empty())
                })
                .collect();
        }
        let mut table: Vec<Vec<String>> = rows.iter().map(|&i| lines[i].cells.clone()).collect();
        jixiao_page::collapse_row_repeats(&mut table);
        for (i, collapsed) in rows.into_iter().zip(table) {
            out[i].cells = collapsed;
        }
    }
    (std::borrow::Cow::Owned(out), opens)
}

/// Each of the two paragraphs is at least this long: prose, as a goal is,
/// not a short name wrapped in markup.
const MIN_JOINED_PARAGRAPH_CHARS: usize = 10;

/// A row's last text cell that holds exactly two paragraphs
/// (`<p>…</p><p>…</p>`), with empty cells after it, is two cells an OCR
/// tool joined when it lost the tab between them (the seed prints the two
/// goals as `<p>…</p>\t\t<p>…</p>`): the second paragraph goes to the
/// row's last cell, on the right as the second one was. `None` for any
/// other row.
fn split_joined_paragraphs(cells: &[String]) -> Option<Vec<String>> {
    let last_text = cells.iter().rposition(|c| !c.trim().is_empty())?;
    if last_text + 1 >= cells.len() {
        return None;
    }
    let inner = cells[last_text]
        .trim()
        .strip_prefix("<p>")?
        .strip_suffix("</p>")?;
    let (first, second) = inner.split_once("</p>")?;
    let second = second.trim_start().strip_prefix("<p>")?;
    let prose = |t: &str| t.trim().chars().count() >= MIN_JOINED_PARAGRAPH_CHARS;
    if second.contains("<p>") || !prose(first) || !prose(second) {
        return None;
    }
    let mut out = cells.to_vec();
    out[last_text] = format!("<p>{first}</p>");
    if let Some(end) = out.last_mut() {
        *end = format!("<p>{second}</p>");
    }
    Some(out)
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
