//! HTML tables, and Markdown that holds them (MinerU, Azure Document
//! Intelligence), read with a tolerant HTML parser (html5ever, through
//! `scraper`): what a browser would make of the file, whatever its errors.
//!
//! Text outside the tables becomes one [`Block::Text`] per line (a
//! Markdown file's `#` titles and paragraphs are text nodes with their
//! line breaks); each `<table>` becomes a [`Grid`] with its `rowspan` and
//! `colspan` expanded, so a merged label cell covers exactly its rows.
//! Azure's `<!-- PageBreak -->` comments number the pages; without them, a
//! table that directly follows another starts a new page (tools cut a form
//! at a page break into two tables).

use crate::CellsError;
use jixiao_page::{Block, Grid, GridCell};
use scraper::node::Node;
use scraper::{ElementRef, Html};

/// The largest `rowspan` honoured (HTML's own limit).
const MAX_ROW_SPAN: usize = 65_534;
/// The largest `colspan` honoured (HTML's own limit).
const MAX_COL_SPAN: usize = 1_000;
/// Grid positions a table may cover: far beyond any form (a few hundred),
/// small enough that a hostile `colspan` cannot exhaust memory.
const MAX_GRID_POSITIONS: usize = 4_000_000;

/// Elements whose start and end break a line of text outside tables.
const LINE_BREAKING: [&str; 22] = [
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "figure",
    "figcaption",
    "caption",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
];

/// Reads an HTML document or fragment, or Markdown with HTML tables.
///
/// ```
/// use jixiao_page::Block;
/// let md = "# 财政项目支出绩效目标申报表\n\n<table><tr><td rowspan=2>产出指标</td><td>a</td></tr><tr><td><=2小时</td></tr></table>";
/// let blocks = jixiao_cells::html::read(md).unwrap();
/// assert!(matches!(&blocks[0], Block::Text { text, .. } if text == "# 财政项目支出绩效目标申报表"));
/// let Block::Table(grid) = &blocks[1] else { panic!() };
/// assert_eq!((grid.rows, grid.cols), (2, 2));
/// assert_eq!(grid.cells[0].row_span, 2);
/// assert_eq!(grid.cells[2].text, "<=2小时");
/// ```
pub fn read(text: &str) -> Result<Vec<Block>, CellsError> {
    // A parser closes what a cut-off file left open, and would hand on a
    // form with its end missing as if whole.
    let (opened, closed) =
        table_tags(text.as_bytes()).fold(
            (0, 0),
            |(o, c), close| {
                if close {
                    (o, c + 1)
                } else {
                    (o + 1, c)
                }
            },
        );
    if opened > closed {
        return Err(CellsError::Damaged(
            "the file ends inside a table (a <table> is never closed): it looks truncated; convert or download it again".to_owned(),
        ));
    }
    let html = Html::parse_document(text);
    let pages_marked = text.contains("PageBreak");
    let mut reader = Reader {
        blocks: Vec::new(),
        line: String::new(),
        page: 1,
    };
    reader.walk(html.root_element())?;
    reader.flush_line();
    // pandoc's gfm keeps a table it cannot write as pipes as raw HTML,
    // beside pipe tables.
    let mut blocks = crate::markdown::pipe_rows_as_grids(reader.blocks);
    if !blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        return Err(CellsError::NoTable(
            "an HTML file (or Markdown with HTML) without any <table>: there is no form to read; convert the document with its tables kept".to_owned(),
        ));
    }
    if !pages_marked {
        crate::pages_from_tables(&mut blocks);
    }
    Ok(blocks)
}

/// True when the text holds a `<table` tag, in any case (Markdown with
/// HTML tables, as MinerU and Azure write it).
///
/// ```
/// assert!(jixiao_cells::html::holds_table("# 标题\n<TABLE><tr>".as_bytes()));
/// assert!(!jixiao_cells::html::holds_table("| a | b |".as_bytes()));
/// ```
pub fn holds_table(text: &[u8]) -> bool {
    table_tags(text).any(|close| !close)
}

/// The `<table` and `</table` tags of the text, in any case, in order:
/// `true` for a closing one (one pass over the `<`s).
fn table_tags(bytes: &[u8]) -> impl Iterator<Item = bool> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(at) = bytes.get(from..)?.iter().position(|&b| b == b'<') {
            let rest = &bytes[from + at + 1..];
            from += at + 1;
            let (close, name) = match rest.strip_prefix(b"/") {
                Some(name) => (true, name),
                None => (false, rest),
            };
            if name
                .get(..5)
                .is_some_and(|n| n.eq_ignore_ascii_case(b"table"))
            {
                return Some(close);
            }
        }
        None
    })
}

/// Reads one `<table>`'s HTML (a cell list's `table_body`) into a grid on
/// `page`; `None` when it holds no table.
pub fn read_table(text: &str, page: usize) -> Result<Option<Grid>, CellsError> {
    let html = Html::parse_fragment(text);
    let table = html
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "table");
    table.map(|t| table_grid(t, page)).transpose()
}

/// The blocks read so far, the text line being gathered, and the page
/// (counted by Azure's `PageBreak` comments; other files' pages are
/// numbered from their tables afterwards).
struct Reader {
    blocks: Vec<Block>,
    line: String,
    page: usize,
}

impl Reader {
    /// Walks the tree in document order with an explicit stack (a deeply
    /// nested file must not exhaust the call stack).
    fn walk(&mut self, root: ElementRef) -> Result<(), CellsError> {
        enum Step<'a> {
            Enter(ego_tree::NodeRef<'a, Node>),
            Leave(bool),
        }
        let mut stack = vec![Step::Enter(*root)];
        while let Some(step) = stack.pop() {
            let node = match step {
                Step::Enter(node) => node,
                Step::Leave(breaks) => {
                    if breaks {
                        self.flush_line();
                    }
                    continue;
                }
            };
            match node.value() {
                Node::Text(text) => self.push_text(text),
                Node::Comment(comment) => self.comment(&comment.comment),
                Node::Element(element) => {
                    let name = element.name();
                    if matches!(name, "head" | "script" | "style" | "template" | "title") {
                        continue;
                    }
                    if name == "table" {
                        self.flush_line();
                        if let Some(table) = ElementRef::wrap(node) {
                            self.table(table)?;
                        }
                        continue;
                    }
                    let breaks = LINE_BREAKING.contains(&name);
                    if breaks {
                        self.flush_line();
                    }
                    stack.push(Step::Leave(breaks));
                    let children: Vec<_> = node.children().collect();
                    stack.extend(children.into_iter().rev().map(Step::Enter));
                }
                _ => {
                    let children: Vec<_> = node.children().collect();
                    stack.extend(children.into_iter().rev().map(Step::Enter));
                }
            }
        }
        Ok(())
    }

    fn push_text(&mut self, text: &str) {
        let mut parts = text.split('\n');
        if let Some(first) = parts.next() {
            self.line.push_str(first);
        }
        for part in parts {
            self.flush_line();
            self.line.push_str(part);
        }
    }

    /// Azure's `<!-- PageBreak -->` ends a page; its other comments
    /// (`PageNumber`, `PageHeader`, `PageFooter`) are page furniture.
    fn comment(&mut self, comment: &str) {
        if comment.trim() == "PageBreak" {
            self.flush_line();
            self.page += 1;
        }
    }

    fn flush_line(&mut self) {
        let line = self.line.trim();
        if !line.is_empty() {
            self.blocks.push(Block::Text {
                page: self.page,
                text: line.to_owned(),
            });
        }
        self.line.clear();
    }

    fn table(&mut self, table: ElementRef) -> Result<(), CellsError> {
        let grid = table_grid(table, self.page)?;
        self.blocks.push(Block::Table(grid));
        Ok(())
    }
}

/// The rows of `table` (through `thead`/`tbody`/`tfoot`, not those of a
/// table nested in a cell) placed on a grid: each cell goes to the first
/// position of its row not covered by a cell above it.
fn table_grid(table: ElementRef, page: usize) -> Result<Grid, CellsError> {
    let rows = own_rows(table);
    let mut covered: Vec<Vec<bool>> = vec![Vec::new(); rows.len()];
    let mut grid = Grid::new(page, rows.len(), 0);
    for (r, row) in rows.iter().enumerate() {
        let mut col = 0;
        for cell in row.children().filter_map(ElementRef::wrap) {
            if !matches!(cell.value().name(), "td" | "th") {
                continue;
            }
            while covered[r].get(col).copied().unwrap_or(false) {
                col += 1;
            }
            let row_span = span(cell, "rowspan", MAX_ROW_SPAN).min(rows.len() - r);
            let col_span = span(cell, "colspan", MAX_COL_SPAN);
            let end = col + col_span;
            if end.saturating_mul(rows.len()) > MAX_GRID_POSITIONS {
                return Err(CellsError::TooLarge(format!(
                    "a table of {} rows reaches {end} columns (over the limit of {MAX_GRID_POSITIONS} cells); this is not a form",
                    rows.len()
                )));
            }
            for line in covered.iter_mut().skip(r).take(row_span) {
                if line.len() < end {
                    line.resize(end, false);
                }
                line[col..end].fill(true);
            }
            grid.push(GridCell::new(r, col, cell_text(cell)).spanning(row_span, col_span));
            grid.cols = grid.cols.max(end);
            col = end;
        }
    }
    Ok(grid)
}

/// The `tr`s that belong to `table` itself, in order.
fn own_rows(table: ElementRef) -> Vec<ElementRef> {
    let mut rows = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => rows.push(child),
            "thead" | "tbody" | "tfoot" => rows.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|e| e.value().name() == "tr"),
            ),
            _ => {}
        }
    }
    rows
}

/// A `rowspan`/`colspan` as browsers read it: leading digits, quoted or
/// not; missing, zero or junk is 1.
fn span(cell: ElementRef, name: &str, max: usize) -> usize {
    let Some(value) = cell.value().attr(name) else {
        return 1;
    };
    let digits: String = value
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .take(6)
        .collect();
    digits.parse::<usize>().unwrap_or(1).clamp(1, max)
}

/// A cell's text: its text nodes in order, a line break for `<br>` and
/// between block elements (the table stage joins the lines).
fn cell_text(cell: ElementRef) -> String {
    let mut out = String::new();
    for node in cell.descendants() {
        match node.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(e)
                if matches!(e.name(), "br" | "p" | "div" | "li")
                    && !out.is_empty()
                    && !out.ends_with('\n') =>
            {
                out.push('\n');
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(blocks: &[Block]) -> Vec<&Grid> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(g) => Some(g),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn spans_cover_exactly_their_rows_and_columns() {
        let html = r#"<table><thead><tr><th colspan="2">a</th><th>b</th></tr></thead>
            <tbody><tr><td rowspan=2>c</td><td>d</td><td>e</td></tr>
            <tr><td>f</td><td/></tr></tbody></table>"#;
        let blocks = read(html).unwrap();
        let grid = tables(&blocks)[0];
        assert_eq!((grid.rows, grid.cols), (3, 3));
        let at: Vec<(usize, usize, &str)> = grid
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.text.as_str()))
            .collect();
        assert_eq!(
            at,
            [
                (0, 0, "a"),
                (0, 2, "b"),
                (1, 0, "c"),
                (1, 1, "d"),
                (1, 2, "e"),
                (2, 1, "f"),
                (2, 2, "")
            ]
        );
    }

    #[test]
    fn a_table_right_after_a_table_is_a_new_page_unless_pages_are_marked() {
        let two = "<table><tr><td>a</td></tr></table>\n<table><tr><td>b</td></tr></table>";
        let pages: Vec<usize> = read(two).unwrap().iter().map(Block::page).collect();
        assert_eq!(pages, [1, 2]);
        let azure = "<table><tr><td>a</td></tr></table>\n<!-- PageFooter=\"1\" -->\n<!-- PageBreak -->\n<table><tr><td>b</td></tr></table>\n<table><tr><td>c</td></tr></table>";
        let pages: Vec<usize> = read(azure).unwrap().iter().map(Block::page).collect();
        assert_eq!(pages, [1, 2, 2]);
    }

    #[test]
    fn entities_and_unescaped_operators_are_text() {
        let blocks =
            read("<table><tr><td>&gt;=95%</td><td><=2小时</td><td>≥1<br>次</td></tr></table>")
                .unwrap();
        let texts: Vec<&str> = tables(&blocks)[0]
            .cells
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(texts, [">=95%", "<=2小时", "≥1\n次"]);
    }

    #[test]
    fn no_table_is_an_error_and_hostile_spans_are_bounded() {
        assert!(matches!(
            read("<p>预算说明</p>"),
            Err(CellsError::NoTable(_))
        ));
        let wide =
            "<table><tr><td colspan=999999>x</td></tr><tr><td rowspan=99999>y</td></tr></table>";
        let blocks = read(wide).unwrap();
        let grid = tables(&blocks)[0];
        assert_eq!(grid.cols, MAX_COL_SPAN);
        assert_eq!(grid.cells[1].row_span, 1);
    }
}
