//! Positioned pages (PDF pages, recognised scans) to rows: lattice tables
//! from ruling lines, the stream (a borderless layout) from text positions,
//! and pages joined.
//!
//! # How a page becomes rows
//!
//! 1. **Lattice** (`jixiao_lattice`): rulings are merged by position (2 pt),
//!    collinear pieces merged across gaps up to 3 pt, and rules that meet
//!    (3 pt tolerance) form connected regions, as do verticals over 100 pt
//!    long with the same extent (the label columns of a table running
//!    through the page have no rule across them). A region with at least two
//!    distinct horizontal and two vertical positions is a table; its grid is
//!    those positions, plus an undrawn outer edge where rules run on more
//!    than 6 pt past the last perpendicular (no side borders, no bottom rule
//!    before a page break). An edge between two neighbouring grid cells is
//!    drawn when rules cover at least half of it; undrawn edges merge grid
//!    cells into spanning cells. Frames at the page edge, and one-cell
//!    rectangles enclosing another table or most of the page, are ignored.
//! 2. **Text in cells** ([`crate::lines`]): glyphs go to the cell holding their
//!    centre (binary search on both axes); closing punctuation, which may
//!    hang past a cell's right edge, by a point near its left edge. A cell's glyphs are grouped into
//!    lines (centres within half an em), a space goes where the gap exceeds
//!    0.15 em, and wrapped lines join without a space when either side of the
//!    join is CJK — so a stacked vertical label reads `绩效指标`. Text is then
//!    cleaned with [`crate::clean_cell`].
//! 3. **Rows** ([`crate::grid`], the one convention for merged cells): one
//!    row per grid row; a cell spanning several grid rows is reported on
//!    the first. `col` is the grid column where the cell starts,
//!    `span` the number of grid columns it covers. Text outside the tables
//!    becomes rows of its own (split into cells at gaps wider than 1.5 em),
//!    interleaved with table rows by y. Page numbers are dropped.
//! 4. **Streams** ([`crate::stream`]): with no ruled table on the page,
//!    rows come from glyph positions (see that module).
//! 5. **Pages joined**: the first row of every page after rows were already
//!    emitted has `after_break`. When the first table on a page has the same
//!    column boundaries (within 3 pt) as the last table on the previous page,
//!    or a subset of them, its columns are numbered as there.

use crate::grid::grid_rows;
use crate::lines::{self, G};
use crate::{clean_cell, furniture, stream, Cell, Document, FormWords, Note, Row};
use jixiao_lattice::{self as lattice, Table};
use jixiao_page::{Grid, GridCell, Page, Rect};

/// Outside tables, a gap wider than this many ems separates two cells.
pub(crate) const CELL_GAP_EM: f32 = 1.5;
/// Closing punctuation is placed where it starts: this share into its box,
/// at most this many points (it may hang past the cell by most of its box).
const HANG_POINT_SHARE: f32 = 0.2;
const HANG_POINT_MAX_PT: f32 = 0.5;
/// Column boundaries within this distance (pt) on consecutive pages are the
/// same column boundary.
const COL_TOL: f32 = 3.0;

/// A row before page bookkeeping: its top y and its cells.
#[derive(Debug, Clone)]
pub(crate) struct PRow {
    pub(crate) y: f32,
    pub(crate) cells: Vec<Cell>,
    /// See [`Row::open_cells`].
    pub(crate) open: Vec<usize>,
    /// See [`Row::closed_above`].
    pub(crate) closed_above: Vec<usize>,
    pub(crate) in_table: bool,
    /// See [`Row::bbox`].
    pub(crate) bbox: Option<Rect>,
    /// See [`Row::full_cells`].
    pub(crate) full_cols: Vec<usize>,
}

/// What one page hands to the next.
#[derive(Debug, Default)]
struct Carry {
    /// Column boundaries of the last table on the previous page, indexed by
    /// the column numbers used there.
    cols: Option<Vec<f32>>,
    /// That table had no closing bottom rule and nothing followed it.
    open: bool,
    /// Its columns (numbered as in `cols`) whose bottom rule was drawn.
    closed: Vec<usize>,
    /// A borderless table or goal block running onto the next page.
    borderless: stream::Continued,
}

/// The rows of one page, and whether they came from ruled tables.
type PageRows = (Vec<PRow>, bool);

/// Builds rows from positioned pages (PDF pages, recognised scans): per
/// page the ruled tables, or the stream of a page without any, read with
/// the form's `words`; pages joined.
///
/// ```
/// use jixiao_page::{Glyph, Orientation, Page, Rect, Ruling};
/// let glyph = |t: &str, x: f32| Glyph { text: t.into(), bbox: Rect { x0: x, y0: 105.0, x1: x + 10.0, y1: 115.0 }, font_size: 10.0 };
/// let rule = |orientation, pos, start, end| Ruling { orientation, pos, start, end };
/// let page = Page {
///     number: 1, width: 600.0, height: 800.0, has_large_image: false,
///     glyphs: vec![glyph("质", 60.0), glyph("量", 70.0), glyph("好", 160.0)],
///     rulings: vec![
///         rule(Orientation::Horizontal, 100.0, 50.0, 250.0),
///         rule(Orientation::Horizontal, 120.0, 50.0, 250.0),
///         rule(Orientation::Vertical, 50.0, 100.0, 120.0),
///         rule(Orientation::Vertical, 150.0, 100.0, 120.0),
///         rule(Orientation::Vertical, 250.0, 100.0, 120.0),
///     ],
/// };
/// let doc = jixiao_table::from_pages(&[page], jixiao_map::vocab::layout_words());
/// assert_eq!(doc.rows.len(), 1);
/// assert_eq!(doc.rows[0].joined(), "质量 好");
/// assert_eq!(doc.rows[0].cells[1].col, 1);
/// ```
pub fn from_pages(pages: &[Page], words: &dyn FormWords) -> Document {
    let mut doc = Document {
        rows: Vec::new(),
        page_count: Some(pages.len()),
        grid_columns: true,
        notes: Vec::new(),
        ruled_pages: Vec::new(),
    };
    let mut carry = Carry::default();
    for (k, page) in pages.iter().enumerate() {
        let mut notes = Vec::new();
        carry.borderless.set_next_page(
            pages
                .get(k + 1)
                .is_some_and(|next| !starts_with_form(next, words)),
        );
        let (rows, ruled) = page_rows(page, &mut carry, &mut notes, words);
        if ruled {
            doc.ruled_pages.push(page.number);
        }
        doc.notes.extend(notes.into_iter().map(|message| Note {
            page: Some(page.number),
            message,
        }));
        for (i, r) in rows.into_iter().enumerate() {
            let after_break = i == 0 && !doc.rows.is_empty();
            doc.rows.push(Row {
                cells: r.cells,
                page: page.number,
                after_break,
                line: None,
                in_table: r.in_table,
                open_cells: r.open,
                closed_above: r.closed_above,
                bbox: r.bbox,
                full_cells: r.full_cols,
            });
        }
    }
    doc
}

/// Lines (in ems of their glyphs) read from the top of a page to see
/// whether a form starts there: its title is the first line, its 项目名称
/// row within the first few; a table's tail above it is more than that.
const PAGE_TOP_EMS: f32 = 6.0;

/// The page begins with a form (its title or 项目名称 near its top): a
/// table on the page before does not go on there.
fn starts_with_form(page: &Page, words: &dyn FormWords) -> bool {
    let inked = || page.glyphs.iter().filter(|g| !g.text.trim().is_empty());
    let reading = |a: &&jixiao_page::Glyph, b: &&jixiao_page::Glyph| {
        (a.bbox.y0, a.bbox.x0)
            .partial_cmp(&(b.bbox.y0, b.bbox.x0))
            .unwrap_or(std::cmp::Ordering::Equal)
    };
    let Some(first) = inked().min_by(reading) else {
        return false;
    };
    let reach = first.bbox.y0 + PAGE_TOP_EMS * first.font_size.max(1.0);
    // (Only the top band is put in reading order.)
    let mut top: Vec<&jixiao_page::Glyph> = inked().filter(|g| g.bbox.y0 <= reach).collect();
    top.sort_by(reading);
    let text: String = top.iter().map(|g| g.text.as_str()).collect();
    words.starts_form(&text)
}

fn page_rows(
    page: &Page,
    carry: &mut Carry,
    notes: &mut Vec<String>,
    words: &dyn FormWords,
) -> PageRows {
    let glyphs = lines::usable_glyphs(&page.glyphs);
    if glyphs.len()
        < page
            .glyphs
            .iter()
            .filter(|g| !g.text.trim().is_empty())
            .count()
    {
        notes.push("glyphs with an unusable position were dropped".to_string());
    }
    let (tables, table_notes) = lattice::find_tables(page);
    notes.extend(table_notes);
    if tables.is_empty() {
        carry.cols = None;
        carry.open = false;
        carry.closed.clear();
        if glyphs.is_empty() {
            if page.has_large_image {
                notes.push("scanned page without a text layer".to_string());
            }
            return (Vec::new(), false);
        }
        let rows = stream::page_rows(&glyphs, page, &mut carry.borderless, words);
        if rows.iter().any(|r| r.cells.len() > 1) {
            notes.push(if page.has_large_image {
                "scanned page: rows built from the text layer's glyph positions".to_string()
            } else {
                "no ruled table: rows built from glyph positions".to_string()
            });
        }
        return (rows, false);
    }
    carry.borderless = stream::Continued::default();

    // Glyphs to cells; the rest is text outside the tables.
    let mut per_cell: Vec<Vec<Vec<usize>>> = tables
        .iter()
        .map(|t| vec![Vec::new(); t.cells.len()])
        .collect();
    let mut outside = Vec::new();
    for (i, g) in glyphs.iter().enumerate() {
        // Closing punctuation may hang past the cell's right edge at the end
        // of a wrapped line, by most of its box: it belongs with the text
        // before it, where it starts.
        let x = if lines::is_closing_punct(g.text) {
            g.x0 + (HANG_POINT_SHARE * (g.x1 - g.x0)).min(HANG_POINT_MAX_PT)
        } else {
            g.cx()
        };
        let hit = tables
            .iter()
            .enumerate()
            .find_map(|(ti, t)| t.locate(x, g.cy()).map(|c| (ti, c)));
        match hit.and_then(|(ti, c)| per_cell.get_mut(ti).and_then(|cells| cells.get_mut(c))) {
            Some(cell) => cell.push(i),
            None => outside.push(i),
        }
    }

    let mut rows = outside_rows(&glyphs, outside, page);
    let first_top = tables.first().map_or(0.0, Table::top);
    let text_above_first = rows.iter().any(|r| r.y < first_top);
    let mut last_cols: Option<Vec<f32>> = None;
    let mut last_closed: Vec<usize> = Vec::new();
    for (ti, (table, cells)) in tables.iter().zip(per_cell).enumerate() {
        // Only the first table can continue the previous page's.
        let map = if ti == 0 {
            carry.cols.as_deref().and_then(|c| column_map(c, &table.xs))
        } else {
            None
        };
        if ti == 0 && map.is_some() && carry.open && !text_above_first {
            notes.push(
                "the table continues from the previous page, which had no closing rule: \
                 its first row may continue the last row there"
                    .to_string(),
            );
        }
        let mut t_rows = table_rows(&glyphs, table, cells, map.as_deref());
        if ti == 0 && map.is_some() {
            for r in &mut t_rows {
                r.closed_above.clone_from(&carry.closed);
            }
        }
        rows.extend(t_rows);
        last_cols = Some(match (&map, &carry.cols) {
            (Some(_), Some(prev)) => prev.clone(),
            _ => table.xs.clone(),
        });
        // (A foot ruled right across says nothing: Writer closes every
        // cell the break cuts. Calc leaves the cut ones open.)
        let drawn = |c: usize| table.drawn_bottom.get(c).copied().unwrap_or(false);
        last_closed = if (0..table.ncols()).all(drawn) {
            Vec::new()
        } else {
            (0..table.ncols())
                .filter(|&c| drawn(c))
                .map(|c| renumbered(map.as_deref(), c))
                .collect()
        };
    }
    rows.sort_by(|a, b| a.y.total_cmp(&b.y));
    let last_bottom = tables.last().map_or(0.0, Table::bottom);
    carry.open =
        tables.last().is_some_and(|t| t.open_bottom) && !rows.iter().any(|r| r.y > last_bottom);
    carry.cols = last_cols;
    carry.closed = last_closed;
    (rows, true)
}

/// Rows of one table: one per grid row holding the start of a non-empty
/// cell (see [`crate::grid`]); `map` renumbers its column boundaries.
fn table_rows(
    glyphs: &[G],
    table: &Table,
    cell_glyphs: Vec<Vec<usize>>,
    map: Option<&[usize]>,
) -> Vec<PRow> {
    let mut grid = Grid::new(0, table.ys.len().saturating_sub(1), table.ncols());
    // Per grid row, the left and right edges of the non-empty cells
    // starting on it.
    let mut extent: Vec<Option<(f32, f32)>> = vec![None; grid.rows];
    // Per grid row, the cells (their first column) whose text fills them.
    let mut full: Vec<Vec<usize>> = vec![Vec::new(); grid.rows];
    for (cell, idx) in table.cells.iter().zip(cell_glyphs) {
        let cell_lines = if idx.is_empty() {
            Vec::new()
        } else {
            lines::group_lines(glyphs, idx)
        };
        if let (Some(&right), Some(list)) = (table.xs.get(cell.c1), full.get_mut(cell.r0)) {
            if last_line_fills(glyphs, cell_lines.last(), right) {
                list.push(cell.c0);
            }
        }
        let text = lines::lines_text(glyphs, &cell_lines);
        if let (false, Some(x0), Some(x1), Some(e)) = (
            text.trim().is_empty(),
            table.xs.get(cell.c0),
            table.xs.get(cell.c1),
            extent.get_mut(cell.r0),
        ) {
            *e = Some(e.map_or((*x0, *x1), |(a, b)| (a.min(*x0), b.max(*x1))));
        }
        grid.push(
            GridCell::new(cell.r0, cell.c0, text).spanning(cell.r1 - cell.r0, cell.c1 - cell.c0),
        );
    }
    let column = |c: usize| renumbered(map, c);
    grid_rows(&grid, column)
        .into_iter()
        .map(|r| {
            let full_cols = full
                .get(r.index)
                .map(|cols| cols.iter().map(|&c| column(c)).collect())
                .unwrap_or_default();
            let top = table.ys.get(r.index).copied().unwrap_or(0.0);
            let bottom = table.ys.get(r.index + 1).copied().unwrap_or(top);
            let bbox = extent.get(r.index).copied().flatten().map(|(x0, x1)| Rect {
                x0,
                y0: top,
                x1,
                y1: bottom,
            });
            PRow {
                y: top,
                cells: r.cells,
                open: r.open,
                closed_above: Vec::new(),
                in_table: true,
                bbox,
                full_cols,
            }
        })
        .collect()
}

/// Column `c` of a table numbered as the table it continues (`map`, see
/// [`column_map`]), or as it is.
fn renumbered(map: Option<&[usize]>, c: usize) -> usize {
    map.and_then(|m| m.get(c).copied()).unwrap_or(c)
}

/// A cell's last line of text reaches this many ems of its right edge:
/// it is full (Chinese wraps at any character; a character that may not
/// end a line can leave one em free).
const FULL_CELL_EM: f32 = 1.6;

/// Whether a cell's last line of text runs to `right`.
fn last_line_fills(glyphs: &[G], last: Option<&lines::Line>, right: f32) -> bool {
    let Some(last) = last else {
        return false;
    };
    let ends = last.glyphs.iter().filter_map(|&i| glyphs.get(i));
    let (x1, em) = ends.fold((f32::NEG_INFINITY, 0.0f32), |(x, e), g| {
        (x.max(g.x1), e.max(g.em))
    });
    em > 0.0 && right - x1 <= FULL_CELL_EM * em
}

/// Rows for text outside any table: one per text line, split into cells at
/// wide gaps; page numbers dropped.
fn outside_rows(glyphs: &[G], idx: Vec<usize>, page: &Page) -> Vec<PRow> {
    let mut rows = Vec::new();
    for line in lines::group_lines(glyphs, idx) {
        let segs = lines::segments(glyphs, &line, CELL_GAP_EM);
        let whole: Vec<&str> = segs.iter().map(|s| s.text.as_str()).collect();
        if furniture::is_page_number(&whole.join(" "), y_frac(line.cy(), page)) {
            continue;
        }
        let cells: Vec<Cell> = segs
            .iter()
            .map(|s| clean_cell(&s.text))
            .filter(|t| !t.is_empty())
            .enumerate()
            .map(|(col, text)| Cell { text, col, span: 1 })
            .collect();
        if !cells.is_empty() {
            let x0 = segs.iter().map(|s| s.x0).fold(f32::INFINITY, f32::min);
            let x1 = segs.iter().map(|s| s.x1).fold(f32::NEG_INFINITY, f32::max);
            rows.push(PRow {
                y: line.y0,
                cells,
                open: Vec::new(),
                closed_above: Vec::new(),
                in_table: false,
                full_cols: Vec::new(),
                bbox: (x0 <= x1).then_some(Rect {
                    x0,
                    y0: line.y0,
                    x1,
                    y1: line.y1,
                }),
            });
        }
    }
    rows
}

/// Vertical position as a share of the page height (0.5 when unknown).
pub(crate) fn y_frac(y: f32, page: &Page) -> f32 {
    if page.height.is_finite() && page.height > 0.0 {
        y / page.height
    } else {
        0.5
    }
}

/// Maps each of `xs` to the index of the matching boundary in `canon`, when
/// every boundary of `xs` has one (same columns, or a subset of them).
fn column_map(canon: &[f32], xs: &[f32]) -> Option<Vec<usize>> {
    if xs.len() < 3 {
        return None;
    }
    let mut out = Vec::with_capacity(xs.len());
    for &x in xs {
        let i = canon.partition_point(|&c| c < x);
        let j = [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter(|&k| canon.get(k).is_some_and(|&c| (c - x).abs() <= COL_TOL))
            .min_by(|&a, &b| {
                let da = canon.get(a).map_or(f32::INFINITY, |c| (c - x).abs());
                let db = canon.get(b).map_or(f32::INFINITY, |c| (c - x).abs());
                da.total_cmp(&db)
            })?;
        if out.last().is_some_and(|&prev| prev >= j) {
            return None;
        }
        out.push(j);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::column_map;

    #[test]
    fn column_maps() {
        let canon = [10.0, 50.0, 90.0, 130.0, 170.0];
        assert_eq!(
            column_map(&canon, &[10.5, 90.0, 171.0]),
            Some(vec![0, 2, 4])
        );
        assert_eq!(column_map(&canon, &[10.0, 60.0, 170.0]), None);
        assert_eq!(column_map(&canon, &[10.0, 170.0]), None);
    }
}
