//! Rows from glyph positions alone, for pages without a ruled table
//! (borderless exports, scans with an invisible OCR text layer).
//!
//! Heuristics, in order:
//!
//! * **Lines**: glyphs grouped by vertical centre (half an em).
//! * **Cells**: a line splits wherever two glyphs are more than 1.5 em apart.
//!   OCR layers write every 1–3 CJK characters as a separate word, but the
//!   gaps between those words stay well under that, so the words of one cell
//!   stay together (and `clean_cell` drops the spaces between them).
//!   Lines outside the indicator table also split where an amount (digits
//!   with a thousands separator or decimal point, or five digits or more)
//!   meets CJK text across a gap over 0.4 em: a right-aligned value and the
//!   next column's centred label (`84,421,500.00` `其中：当年财政拨款`). A
//!   year before 年 is not an amount, and units (年, 元, 万…) never split.
//! * **Stacked labels**: runs of one or two CJK characters standing alone
//!   on their line (more than 0.3 em from any neighbour), stacked in one
//!   column on consecutive lines (centres within 0.3 em horizontally, at
//!   most 1.8 em apart vertically: Writer sets Noto CJK lines 1.66 em
//!   apart), are read top to bottom as one cell on the first line
//!   (`绩`/`效`/`指`/`标` → `绩效指标`, `项`…`元）` → `项目资金（元）`),
//!   before lines are split into cells. A bracketed unit
//!   of three or four glyphs (`（元）`) counts as such a run, and ends the
//!   stack, as does a lone closing bracket. Two runs of
//!   two stack only when they spell a row label (`绩效`/`指标`); data lines
//!   may lie between them. A run of three (`项目资`/`金`/`（元）`, Writer's
//!   wrap in a narrow cell) counts only where the stack spells a row label,
//!   and a stack never repeats a two-character run (`健全` down three
//!   unpadded rows is a target column). The stack's cell keeps its glyphs,
//!   so the painting order places it like any cell.
//! * **Goal columns**: a line with a 项目总目标 cell left of a 年度总目标
//!   cell, followed on its page by the indicator header, starts a goal
//!   block: the lines up to the header hold the two goal texts side by
//!   side, wrapped. Each line's glyphs are split at the right column's
//!   left edge where most of its lines start at one x, set off from the
//!   text before them (left-aligned goals; the left column may reach the
//!   edge on every line), else at the widest gap between the two labels'
//!   centres that no glyph of the block covers (the gutter; full-width
//!   closing punctuation counts by its inked left half, as it may hang
//!   past the column); the block becomes one row of two
//!   cells, numbered as the two labels, each its column's lines joined. A
//!   block that runs to the bottom of the page continues at the top of the
//!   next page when the indicator header follows there: those lines become
//!   a second such row, with the same column numbers. A short run of
//!   glyphs set off by a gap left of where the left column's lines start
//!   is a piece of the row label, not goal text. A line holding only the
//!   goal period stays a row of its own; a row label in the block (a
//!   stacked 项目绩效目标) moves to the label line, where a ruled table
//!   reports its merged cell.
//! * **Columns**: a line with at least three header labels (一级指标,
//!   二级指标, 三级指标, 指标目标值, …指标值) is the indicator header (a
//!   label wrapped in a narrow column, `一级指` above the line and `标`
//!   below, is joined into it first; see `join_wrapped_header_labels`); its
//!   cells' x ranges become column anchors for the lines below. A cell goes
//!   to the anchor column it overlaps most, columns meeting halfway between
//!   neighbouring header labels, but never to a column whose label's
//!   centre lies more than an em left of the cells' left edge (a short
//!   left-aligned name in a wide 三级 column next to a narrow 二级 one);
//!   cells wholly left of the first anchor (by
//!   more than an em) go to column 0, the 绩效指标 label column, when the
//!   header has no such label of its own. Cells landing in the same column
//!   are joined. Anchors carry over to following borderless pages (tables
//!   whose header is not repeated) and are dropped at the next form's
//!   title or 项目名称 line. Lines without anchors number their cells 0, 1, …
//!   Lines under a header are split more finely (gaps over 0.45 em), and
//!   also at gaps over 0.3 em (or an overlap: a hanging `）`) where a glyph
//!   starts at a left edge that at least three cells share (a left-aligned
//!   column), with no gap at all where that edge lies between the 三级 and
//!   target header labels (a long name running into left-aligned targets);
//!   then neighbouring pieces in one column are joined again, so a long
//!   二级 label that nearly touches the 三级 name is still two cells. Cells sharing a left
//!   edge keep the column a larger such group chose on an earlier page.
//! * **Wrapped cells**: a line closer to the one above than half the median
//!   gap between such lines (anchored and plain lines measured separately,
//!   goal text left out, at least four gaps) continues it: vertically
//!   centred cells interleave with the wrapped lines of their neighbours
//!   this way. Two lines that each hold a field label (项目名称,
//!   其中：财政资金, …) are two rows, and a line holding only a stacked
//!   label continues nothing. Under a header
//!   its cells are appended column by column; elsewhere to the cell above
//!   that overlaps it in x (a wrapped 项目名称 value), or inserted by x.
//!   This only catches clear cases; ambiguous wraps are left to the mapper.
//!   Then, under a header naming the 三级 and target columns, a line
//!   holding only a name or only a target joins the nearer neighbour (a
//!   name wrapped beside a vertically centred target; see
//!   `join_split_rows`), and two lines each holding a name and a target
//!   join when they are closer than half the median gap between the
//!   indicators (a name and a target that both wrap).
//!   Merged-cell labels (below) and lines holding only the row label (a
//!   stacked 绩效指标) are taken out first: they are not wraps. Before
//!   that, a run of such lines whose names start a whole number of line
//!   pitches apart (a word processor's table without padding: rows no
//!   further apart than the lines inside them, so gaps say nothing) is cut
//!   into rows by how its cells wrap and align instead: a row's name and
//!   target lines are each full to their column's right edge but the last,
//!   and the cut whose names and targets sit best in their rows (centred,
//!   or at the top: the better fit on the page) wins (see `even_rows`).
//!   Only evenly spaced stretches: a run is first cut where two name lines
//!   are not a whole number of line pitches apart (rows padded or held to
//!   a least height end there), and the line pitch is at most 1.8 em (a
//!   larger one is a padded row's); where rows are padded, their gaps tell
//!   rows apart better (on the reportlab stress sets, cutting every run
//!   this way lost 4 points). A line short of its column's edge still goes
//!   on where the next line begins with a bracketed note wider than the
//!   room left (the note went down whole).
//! * **Painting order**: before wraps are joined, a page whose indicator
//!   lines were painted as a word processor paints a table (cell by cell,
//!   row by row; a merged label just before its group's first row) is cut
//!   into rows, and its labels placed, by that order (see `cell_order`):
//!   the lines of one cell are painted one after another, a line pitch
//!   apart, each full up to the next one's first character. The joined
//!   rows skip the wrap and split-row joins and the label fit below.
//!   Streams in line order or none (OCR layers, Calc) fail its checks.
//!   The field block above (项目名称 … 项目资金) is read the same way where
//!   its cells were painted so (see `field_order`): a wrapped value's lines
//!   join it, and each row's cells go on one line.
//! * **Merged-cell labels**: under a header that names the 一级 and/or 二级
//!   column, text in those columns is the label of a merged cell, printed
//!   vertically centred in its group. Labels wrapped over lines of their
//!   column are joined first (see `join_label_wraps`; fragments measured
//!   one to the next, and further apart where they spell a framework
//!   label's beginning: Writer's unpadded rows). A label no data line can reach (below the last
//!   one: its rows are on the next page) is left out of the fit. Data lines are the
//!   lines with text in the 三级 or target column; per page and header, the
//!   data lines are cut into consecutive groups, one per label top to
//!   bottom, so that each label sits as close as possible to its group's
//!   centre (halfway between the first line's top and the last line's
//!   bottom; see `Fit::groups`). The first group starts at the first line
//!   under the header; on a page the table continues onto (below a repeated header or none),
//!   lines before the first group may belong to a group labelled on the
//!   previous page, and lines after the last group to one labelled on the
//!   next page (the first of those lines gets an open cell, see
//!   [`crate::Row::open_cells`]). The two columns' groups nest: either
//!   二级 groups are fitted first, 一级 groups then start and end where
//!   二级 groups do, and 二级 groups are refitted inside them, or 一级
//!   groups are fitted first and 二级 inside them; the cheaper fit wins. Each label is reported on the first line of its group,
//!   as a ruled table would (the lattice convention); label-only lines go.
//!   On a page the table continues onto, the first group may also be
//!   centred with the rows the previous page left unlabelled at its foot
//!   counted in (a label Word centres on the whole merged cell, across the
//!   break). A label nothing can be centred on stays where it was printed.
//!   Labels printed at the top of their merged cells (Calc) are fitted too:
//!   each on its group's first line; that fit is taken where it beats the
//!   centred one by an em (a label centred on an odd group sits on a line
//!   as well).

mod anchors;
mod cell_order;
mod cells;
mod even_rows;
mod field_order;
mod fit;
mod goals;
mod labels;
mod segments;
mod split_rows;
mod stacks;
mod wraps;

use anchors::{assign_columns, find_headers, resegment_at_edges, Anchors};
use cells::{build_lines, BLine};
use goals::{goal_blocks, GoalCarry};
use labels::{join_label_wraps, lift_labels, place_labels};
use segments::segment_lines;
use split_rows::join_split_rows;
use stacks::lift_stacks;
use wraps::merge_wraps;

use crate::lines::{self, G};
use crate::pages::PRow;
use crate::{clean_cell, Cell, FormWords};
use jixiao_page::{Page, Rect};

/// What a line is to the column logic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The indicator header; its first cell's column.
    Header(usize),
    /// Cells placed by the anchors of this epoch.
    Anchored(usize),
    /// Cells numbered left to right.
    Plain,
}

/// What a borderless page hands to the next.
#[derive(Debug, Default)]
pub(super) struct Continued {
    /// Column anchors of an indicator table that may continue.
    anchors: Option<Anchors>,
    /// A goal block that ran to the bottom of the page.
    goal: Option<GoalCarry>,
    /// What the label fit of this page hands to the next.
    foot: labels::PageFoot,
    /// There is a next page and it does not start a form: a table at this
    /// page's foot may go on there.
    next_page_continues: bool,
}

impl Continued {
    /// Says whether the page after the one read next may continue its
    /// table (see `next_page_continues`).
    pub(super) fn set_next_page(&mut self, continues: bool) {
        self.next_page_continues = continues;
    }
}

/// Rows of a page without a ruled table (see the module docs); `carry`
/// takes what a table or goal block running onto the next page needs there.
pub(super) fn page_rows(
    glyphs: &[G],
    page: &Page,
    carry: &mut Continued,
    words: &dyn FormWords,
) -> Vec<PRow> {
    let mut all_lines = lines::group_lines(glyphs, (0..glyphs.len()).collect());
    let stack_segs = lift_stacks(glyphs, &mut all_lines, words);
    let (mut segmented, stacks_kept) = segment_lines(glyphs, all_lines, stack_segs, page, words);
    let mut found = find_headers(
        glyphs,
        &mut segmented,
        &stacks_kept,
        carry.anchors.take(),
        words,
    );
    resegment_at_edges(
        glyphs,
        &mut segmented,
        &stacks_kept,
        &found.kinds,
        &found.epochs,
        words,
    );
    let (blocks, goal_carry) = goal_blocks(
        glyphs,
        &mut segmented,
        &stacks_kept,
        &found.kinds,
        carry.goal.take(),
        words,
    );
    carry.goal = goal_carry;
    let cols_of = assign_columns(&segmented, &found.kinds, &mut found.epochs);
    carry.anchors = found.current.and_then(|e| found.epochs.get(e).cloned());
    let mut out_lines = build_lines(
        glyphs,
        &segmented,
        &found.kinds,
        &cols_of,
        &blocks,
        &stacks_kept,
    );

    // Merged-cell labels leave their lines before wraps are merged (a
    // label line between two rows would otherwise look like a wrap) and go
    // back onto the first line of the group they centre on.
    // Lines holding only the row label (a stacked 绩效指标) stay out of
    // this too: they are not wraps of their neighbours.
    let (mut labels, side) = lift_labels(&mut out_lines, &found.epochs);
    cell_order::regroup(glyphs, &mut out_lines, &mut labels, &found.epochs);
    field_order::regroup(&mut out_lines, glyphs, words);
    merge_wraps(&mut out_lines, words);
    join_split_rows(&mut out_lines, &found.epochs);
    let foot = place_labels(
        &mut out_lines,
        join_label_wraps(labels, words),
        &found.epochs,
        &found.continuing,
        &carry.foot,
        carry.anchors.is_some() && carry.next_page_continues,
    );
    // Only a table that goes on to the next page hands its foot on.
    carry.foot = if carry.anchors.is_some() {
        foot
    } else {
        labels::PageFoot::default()
    };
    if !side.is_empty() {
        out_lines.extend(side);
        out_lines.sort_by(|p, q| p.y0.total_cmp(&q.y0));
    }
    mark_full_foot(&mut out_lines, &found.epochs);

    into_rows(out_lines)
}

/// Marks the name of the page's last indicator row full (see
/// [`crate::Row::full_cells`]) where it runs to within
/// [`cell_order::FULL_LINE_EM`] of the furthest any name on the page
/// reaches: a row a word processor broke over the page may go on at the
/// top of the next (`…食品安全量` / `化等级…`), though it ends like a
/// whole name. Rows read from the painting order know it already.
fn mark_full_foot(lines: &mut [BLine], epochs: &[Anchors]) {
    let Some(last) = lines.iter().rposition(|l| l.anchored) else {
        return;
    };
    let Some(l3) = lines
        .get(last)
        .and_then(|l| l.epoch)
        .and_then(|e| epochs.get(e))
        .and_then(|a| a.roles.l3)
    else {
        return;
    };
    let name_of = |l: &BLine| l.cells.iter().find(|c| c.col == l3).map(|c| c.x1);
    let reach = lines
        .iter()
        .filter(|l| l.anchored)
        .filter_map(name_of)
        .fold(f32::NEG_INFINITY, f32::max);
    let Some(line) = lines.get_mut(last) else {
        return;
    };
    let em = line.em.max(1.0);
    if line.whole_row || line.full_cols.contains(&l3) {
        return;
    }
    if name_of(line).is_some_and(|x1| (reach - x1) / em <= cell_order::FULL_LINE_EM) {
        line.full_cols.push(l3);
    }
}

/// The finished lines as rows: cells cleaned, empty ones dropped.
fn into_rows(out_lines: Vec<BLine>) -> Vec<PRow> {
    out_lines
        .into_iter()
        .filter_map(|l| {
            let bbox = line_box(&l);
            let cells: Vec<Cell> = l
                .cells
                .into_iter()
                .map(|c| (c.col, clean_cell(&c.text)))
                .filter(|(_, t)| !t.is_empty())
                .map(|(col, text)| Cell { text, col, span: 1 })
                .collect();
            // Prose lines are one cell wide; table lines are anchored to
            // the header's columns or hold label/value pairs.
            let in_table = l.anchored || l.goal.is_some() || cells.len() >= 2;
            (!cells.is_empty()).then_some(PRow {
                y: l.y0,
                cells,
                open: l.open,
                closed_above: Vec::new(),
                in_table,
                bbox,
                full_cols: l.full_cols,
            })
        })
        .collect()
}

/// The box of a line: from its first cell's left edge to its last cell's
/// right edge, as high as the line's own extent. That extent leaves out a
/// label placed on the line from elsewhere (产出指标 centred on its group,
/// a stacked 绩效指标), which would make the first row of a group as tall
/// as the group.
fn line_box(l: &BLine) -> Option<Rect> {
    let x0 = l.cells.iter().map(|c| c.x0).fold(f32::INFINITY, f32::min);
    let x1 = l
        .cells
        .iter()
        .map(|c| c.x1)
        .fold(f32::NEG_INFINITY, f32::max);
    (x0 <= x1 && l.y0 <= l.y1).then_some(Rect {
        x0,
        y0: l.y0,
        x1,
        y1: l.y1,
    })
}
