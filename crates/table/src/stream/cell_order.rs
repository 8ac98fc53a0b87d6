//! Rows and label groups of a word processor's borderless table, read from
//! the order its text is painted in.
//!
//! Writer and Word paint a table cell by cell, row by row: every line of a
//! cell, then the next cell; a merged cell's text (a 一级 or 二级 label)
//! just before the first cell of the row the merged cell starts in,
//! wherever its centring puts it on the page. Where the indicator lines of
//! a page show that order, it tells rows and label groups apart without
//! measuring: unpadded rows lie as far apart as the lines inside them, and
//! a label centred on its group says only roughly where the group starts.
//!
//! The order is taken only where it is plainly a table's: every cell's
//! lines are painted one after another, rows come top to bottom, each row
//! has a name and a target side by side (the first and last on the page
//! may be halves of a row split by the break), and somewhere on the page a
//! cell or a label is painted after text below it (which a stream in line
//! order never does: OCR text layers, most generators). Calc paints
//! one-line cells before wrapped ones, which fails the checks; such pages
//! keep the geometric reading.

use super::anchors::{Anchors, Roles};
use super::cells::{merge_by_column, painted_at_once, BLine};
use super::even_rows::bracket_lead;
use super::labels::{put_label, Label};
use crate::lines::{self, G};

/// How far (ems) a cell may reach into the row above, or a target lie
/// outside its name's lines, before the order is not a table's.
const OVERLAP_TOLERANCE_EM: f32 = 0.3;

/// Lines of one cell are at most this many ems apart, top to top (Writer
/// sets Noto CJK lines 1.66 em apart); Calc paints the names of
/// neighbouring rows one after another, as far apart as its rows.
const CELL_LINE_PITCH_EM: f32 = 1.8;

/// Lines of one cell are one line pitch apart; a piece further below the
/// one painted before it by more than this many ems starts another cell
/// (the tail of a row cut by the page break, then the next row's name,
/// where rows are padded).
const PITCH_TOLERANCE_EM: f32 = 0.12;

/// A cell's last line reaching within this many ems of its column's
/// furthest right edge is full: the text may go on past a page break
/// (Chinese wraps at any character, but a closing bracket that may not
/// start a line pulls the character before it down too: `备` + `案）`).
pub(super) const FULL_LINE_EM: f32 = 2.2;
/// Room left on a line, measured to the column's furthest right edge (no
/// further than the column's true limit), that the next line's first
/// unbreakable unit fills to within this many ems is room: Writer keeps a
/// unit that ends exactly there on the line (a cell ending one character
/// short of the edge, `…验收的比例`, ended there), and glyph positions
/// are rounded.
const ROOM_TOLERANCE_EM: f32 = 0.03;

/// Where a piece of text sits before rows are known.
#[derive(Clone, Copy)]
enum Source {
    /// A data cell of this line.
    Line(usize),
    /// This lifted label.
    Label(usize),
}

/// One line's text in one data or label column.
struct Piece {
    source: Source,
    col: usize,
    /// First and last glyph, in painting order.
    first: usize,
    last: usize,
    y0: f32,
    y1: f32,
    /// Right end of its text.
    x1: f32,
    /// Width of what a line break cannot split at its start (see
    /// [`head_width`]), or of its leading bracketed note (see
    /// [`bracket_lead`]), whichever is wider; in page units.
    head: f32,
}

/// Pieces of one column painted one after another, top to bottom: a cell.
struct Run {
    col: usize,
    pieces: Vec<usize>,
    y0: f32,
    y1: f32,
    /// Top of the last piece: a cell painted after this one that starts
    /// above it was painted after text below it.
    last_top: f32,
}

/// Joins the lines of each row and puts each label on its row, for every
/// anchor epoch whose indicator lines were painted in table order (see the
/// module docs). The joined lines are marked [`BLine::whole_row`]; the
/// labels placed leave `labels`.
pub(super) fn regroup(
    glyphs: &[G],
    lines: &mut Vec<BLine>,
    labels: &mut Vec<Label>,
    epochs: &[Anchors],
) {
    let mut host_of: Vec<Option<usize>> = vec![None; lines.len()];
    let mut placed: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut full: Vec<(usize, Vec<usize>)> = Vec::new();
    for (e, anchors) in epochs.iter().enumerate() {
        let Some(rows) = table_rows(glyphs, lines, labels, e, anchors.roles, anchors.em) else {
            continue;
        };
        for row in rows {
            let mut members: Vec<usize> = row.lines.clone();
            members.sort_by(|&a, &b| {
                let y = |i: usize| lines.get(i).map_or(0.0, |l| l.y0);
                y(a).total_cmp(&y(b))
            });
            let Some(&host) = members.first() else {
                continue;
            };
            for &m in &members {
                if let Some(slot) = host_of.get_mut(m) {
                    *slot = Some(host);
                }
            }
            for run in row.labels {
                placed.push((host, run));
            }
            full.push((host, row.full));
        }
    }
    if host_of.iter().all(Option::is_none) {
        return;
    }
    let new_index = join_rows(lines, &host_of);
    for (host, cols) in full {
        if let Some(line) = new_index
            .get(host)
            .copied()
            .flatten()
            .and_then(|h| lines.get_mut(h))
        {
            line.full_cols = cols;
        }
    }
    put_labels(lines, labels, &new_index, placed);
}

/// A row found in painting order: its lines, and its label runs (each the
/// indices of the lifted labels it is made of).
struct TableRow {
    lines: Vec<usize>,
    labels: Vec<Vec<usize>>,
    /// Columns whose cell's last line is full (see [`crate::Row::full_cells`]).
    full: Vec<usize>,
}

/// The rows of epoch `e`, when its lines were painted in table order.
fn table_rows(
    glyphs: &[G],
    lines: &[BLine],
    labels: &[Label],
    e: usize,
    roles: Roles,
    em: f32,
) -> Option<Vec<TableRow>> {
    let (l3, target) = (roles.l3?, roles.target?);
    let is_label = |c: usize| roles.l1 == Some(c) || roles.l2 == Some(c);
    let first_label = roles.l1.into_iter().chain(roles.l2).chain([l3]).min()?;
    let mut pieces = Vec::new();
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| l.epoch == Some(e)) {
        for cell in &line.cells {
            if cell.col == l3 || cell.col == target {
                let mut p = piece(
                    glyphs,
                    Source::Line(i),
                    cell.col,
                    &cell.glyphs,
                    cell.y0,
                    cell.y1,
                )?;
                p.x1 = cell.x1;
                p.head = head_width(glyphs, p.first, p.last).max(bracket_lead(&cell.text) * em);
                pieces.push(p);
            } else if cell.col >= first_label {
                // A column the order does not account for.
                return None;
            }
        }
    }
    if pieces.is_empty() {
        return None;
    }
    for (k, label) in labels
        .iter()
        .enumerate()
        .filter(|(_, l)| l.epoch == e && is_label(l.col))
    {
        pieces.push(piece(
            glyphs,
            Source::Label(k),
            label.col,
            &label.glyphs,
            label.y0,
            label.y1,
        )?);
    }
    pieces.sort_by_key(|p| p.first);
    if pieces.windows(2).any(|w| w[1].first <= w[0].last) {
        return None;
    }
    let mut runs = runs(&pieces, is_label, em);
    let mut rows = rows_of(&runs, roles)?;
    split_cut_first_row(&pieces, &mut runs, &mut rows, (l3, target), em);
    check_rows(&runs, &rows, l3, target, em)?;
    let mut out = Vec::with_capacity(rows.len());
    let mut row_of_line: Vec<Option<usize>> = vec![None; lines.len()];
    for (r, row) in rows.iter().enumerate() {
        let mut t = TableRow {
            lines: Vec::new(),
            labels: Vec::new(),
            full: Vec::new(),
        };
        for &ri in row {
            let run = runs.get(ri)?;
            let sources = run
                .pieces
                .iter()
                .filter_map(|&p| pieces.get(p))
                .map(|p| p.source);
            if is_label(run.col) {
                t.labels.push(
                    sources
                        .filter_map(|s| match s {
                            Source::Label(k) => Some(k),
                            Source::Line(_) => None,
                        })
                        .collect(),
                );
                continue;
            }
            let last = run.pieces.last().and_then(|&k| pieces.get(k));
            if last.is_some_and(|p| (column_edge(&pieces, run.col) - p.x1) / em <= FULL_LINE_EM) {
                t.full.push(run.col);
            }
            for s in sources {
                let Source::Line(i) = s else { continue };
                // A line holding text of two rows: not a table's order.
                match row_of_line.get_mut(i)? {
                    Some(other) if *other != r => return None,
                    slot => *slot = Some(r),
                }
                if !t.lines.contains(&i) {
                    t.lines.push(i);
                }
            }
        }
        out.push(t);
    }
    Some(out)
}

/// A piece of text from its glyphs, when they were painted one after
/// another.
fn piece(
    glyphs: &[G],
    source: Source,
    col: usize,
    ids: &[usize],
    y0: f32,
    y1: f32,
) -> Option<Piece> {
    let (first, last) = painted_at_once(ids, glyphs.len())?;
    Some(Piece {
        source,
        col,
        first,
        last,
        y0,
        y1,
        x1: f32::NEG_INFINITY,
        head: 0.0,
    })
}

/// Pieces (in painting order) gathered into cells: a piece continues the
/// one painted just before it when it is in the same column, on the next
/// line down (one line pitch below, see [`line_pitch`]), nothing was
/// painted between them, and (in a data column) the line before had no
/// room for the start of this one (see [`head_width`]: the rest of a row
/// cut by the page break, then the next row's name, had).
fn runs(pieces: &[Piece], is_label: impl Fn(usize) -> bool, em: f32) -> Vec<Run> {
    let pitch = line_pitch(pieces, em);
    let edge = |col: usize| column_edge(pieces, col);
    let mut out: Vec<Run> = Vec::new();
    let mut prev: Option<&Piece> = None;
    for (k, p) in pieces.iter().enumerate() {
        let continues = prev.is_some_and(|q| {
            let full = is_label(q.col) || edge(q.col) - q.x1 < p.head - ROOM_TOLERANCE_EM * em;
            next_line(q, p, em)
                && pitch.is_none_or(|l| p.y0 - q.y0 <= l + PITCH_TOLERANCE_EM * em)
                && full
        });
        match out.last_mut().filter(|_| continues) {
            Some(run) => {
                run.pieces.push(k);
                run.y0 = run.y0.min(p.y0);
                run.y1 = run.y1.max(p.y1);
                run.last_top = p.y0;
            }
            None => out.push(Run {
                col: p.col,
                pieces: vec![k],
                y0: p.y0,
                y1: p.y1,
                last_top: p.y0,
            }),
        }
        prev = Some(p);
    }
    out
}

/// Width of the start of a line that a line break cannot split: its first
/// character (a run of Latin letters and digits: `1200000`), after any
/// opening brackets (which may not end a line: `（含`), with the closing
/// punctuation after it that may not start one (`案）`), and the character
/// after a quotation mark (`办”平`). Where the line above had room for it,
/// the break was not the wrap's.
fn head_width(glyphs: &[G], first: usize, last: usize) -> f32 {
    let Some(painted) = glyphs.get(first..=last) else {
        return 0.0;
    };
    // Left to right: Writer paints a quotation mark, set in another font,
    // apart from the characters around it (`“` before `助餐…在`, `”` before
    // `办`).
    let mut run: Vec<&G> = painted.iter().collect();
    run.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let latin = |g: &G| {
        g.text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.')
    };
    let opening = run.iter().take_while(|g| is_opening_punct(g.text)).count();
    let lead = opening
        + match run.get(opening) {
            Some(g) if latin(g) => run.iter().skip(opening).take_while(|g| latin(g)).count(),
            Some(_) => 1,
            None => 0,
        };
    let closing = |from: usize| {
        run.iter()
            .skip(from)
            .take_while(|g| lines::is_closing_punct(g.text) || is_slash(g.text))
            .count()
    };
    let mut end = lead + closing(lead);
    // No line breaks after a quotation mark either (Unicode line breaking
    // rule LB19, which LibreOffice follows): `办”平` is one unit. Nor
    // around a slash in Writer: `米/年` went down whole with room for
    // `米/`.
    while end < run.len()
        && run
            .get(end - 1)
            .is_some_and(|g| is_quote(g.text) || is_slash(g.text))
    {
        end += 1;
        end += closing(end);
    }
    run.iter().take(end).map(|g| g.x1 - g.x0).sum()
}

/// One curly quotation mark, which a line may break neither before nor
/// after.
fn is_quote(text: &str) -> bool {
    lines::is_one_of(text, "“”‘’")
}

/// A slash, which a line may break neither before nor after.
fn is_slash(text: &str) -> bool {
    lines::is_one_of(text, "/／")
}

/// One opening bracket or quote (which may not end a line).
fn is_opening_punct(text: &str) -> bool {
    lines::is_one_of(text, "（(《「『【〈“‘[")
}

/// The furthest right end of the pieces in column `col`.
fn column_edge(pieces: &[Piece], col: usize) -> f32 {
    pieces
        .iter()
        .filter(|p| p.col == col)
        .map(|p| p.x1)
        .fold(f32::NEG_INFINITY, f32::max)
}

/// `p`, painted right after `q`, may be the next line of `q`'s cell: same
/// column, at most [`CELL_LINE_PITCH_EM`] lower, nothing painted between.
fn next_line(q: &Piece, p: &Piece, em: f32) -> bool {
    q.col == p.col && p.first == q.last + 1 && p.y0 > q.y0 && p.y0 - q.y0 <= CELL_LINE_PITCH_EM * em
}

/// The line pitch inside cells: the median distance (top to top) of
/// pieces that may be lines of one cell.
fn line_pitch(pieces: &[Piece], em: f32) -> Option<f32> {
    let mut pitches: Vec<f32> = pieces
        .windows(2)
        .filter(|w| next_line(&w[0], &w[1], em))
        .map(|w| w[1].y0 - w[0].y0)
        .collect();
    lines::median(&mut pitches)
}

/// Runs (in painting order) gathered into rows: a row is its labels, then
/// its cells left to right; a label after a cell, or a cell not right of
/// the row's last one, starts the next row. `None` where a row would hold
/// two labels of one column or its labels out of column order.
fn rows_of(runs: &[Run], roles: Roles) -> Option<Vec<Vec<usize>>> {
    let is_label = |c: usize| roles.l1 == Some(c) || roles.l2 == Some(c);
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut last_col: Option<usize> = None;
    let mut has_data = false;
    for (k, run) in runs.iter().enumerate() {
        let new_row = match last_col {
            None => true,
            Some(last) if is_label(run.col) => {
                if !has_data && run.col <= last {
                    return None;
                }
                has_data
            }
            Some(last) => run.col <= last,
        };
        if new_row {
            rows.push(Vec::new());
            has_data = false;
        }
        rows.last_mut()?.push(k);
        has_data |= !is_label(run.col);
        last_col = Some(run.col);
    }
    Some(rows)
}

/// How a page's targets sit in their rows, where the name runs over more
/// lines than the target.
#[derive(Clone, Copy, PartialEq)]
enum Alignment {
    Top,
    Centre,
}

impl Alignment {
    /// The alignment of `target` against a taller `name` (top to bottom
    /// extents), if it is one of these within `tol`.
    fn of(name: (f32, f32), target: (f32, f32), tol: f32) -> Option<Alignment> {
        [Alignment::Top, Alignment::Centre]
            .into_iter()
            .find(|a| a.fits(name, target, tol))
    }

    /// True when `target` sits against `name` as this alignment puts it.
    fn fits(self, name: (f32, f32), target: (f32, f32), tol: f32) -> bool {
        match self {
            Alignment::Top => (target.0 - name.0).abs() <= tol,
            Alignment::Centre => ((target.0 + target.1) - (name.0 + name.1)).abs() / 2.0 <= tol,
        }
    }
}

/// Splits the page's first row where its name is the end of a row cut by
/// the page break followed, in the same column and one line pitch down,
/// by the next row's name: painted one after the other, the two look like
/// one cell, but the row's target sits where the page's alignment (top or
/// centred, from its other rows) puts it for the later lines only. The
/// lines above become a row of their own, with the labels painted before.
fn split_cut_first_row(
    pieces: &[Piece],
    runs: &mut Vec<Run>,
    rows: &mut Vec<Vec<usize>>,
    (l3, target): (usize, usize),
    em: f32,
) {
    let tol = OVERLAP_TOLERANCE_EM * em;
    let in_row = |row: &[usize], col: usize| {
        row.iter()
            .copied()
            .find(|&k| runs.get(k).is_some_and(|r| r.col == col))
    };
    let extent = |r: &Run| (r.y0, r.y1);
    // The page's alignment, from its inner rows whose name is the taller.
    let mut votes = [0usize; 2];
    for row in rows.iter().skip(1).take(rows.len().saturating_sub(2)) {
        let (Some(n), Some(t)) = (in_row(row, l3), in_row(row, target)) else {
            continue;
        };
        let (Some(n), Some(t)) = (runs.get(n), runs.get(t)) else {
            continue;
        };
        if n.pieces.len() <= t.pieces.len() {
            continue;
        }
        match Alignment::of(extent(n), extent(t), tol) {
            Some(Alignment::Top) => votes[0] += 1,
            Some(Alignment::Centre) => votes[1] += 1,
            None => {}
        }
    }
    let page_alignment = match votes {
        [0, 0] => return,
        [top, centre] if top >= centre => Alignment::Top,
        _ => Alignment::Centre,
    };
    let Some(first) = rows.first() else { return };
    let (Some(nk), Some(tk)) = (in_row(first, l3), in_row(first, target)) else {
        return;
    };
    let (Some(name), Some(tgt)) = (runs.get(nk), runs.get(tk)) else {
        return;
    };
    if page_alignment.fits(extent(name), extent(tgt), tol) {
        return;
    }
    let piece_at = |j: usize| name.pieces.get(j).and_then(|&k| pieces.get(k));
    let split = (1..name.pieces.len()).find(|&j| {
        let (Some(top), Some(last)) = (piece_at(j), piece_at(name.pieces.len() - 1)) else {
            return false;
        };
        page_alignment.fits((top.y0, last.y1), extent(tgt), tol)
    });
    let (Some(j), Some(head)) = (split, piece_at(0)) else {
        return;
    };
    let Some(cut_last) = piece_at(j - 1) else {
        return;
    };
    let Some(rest_top) = piece_at(j) else { return };
    let cut = Run {
        col: l3,
        pieces: name.pieces[..j].to_vec(),
        y0: head.y0,
        y1: cut_last.y1,
        last_top: cut_last.y0,
    };
    let rest_top = rest_top.y0;
    if let Some(name) = runs.get_mut(nk) {
        name.pieces.drain(..j);
        name.y0 = rest_top;
    }
    runs.push(cut);
    let before: Vec<usize> = first.iter().copied().take_while(|&k| k != nk).collect();
    let mut head_row = before.clone();
    head_row.push(runs.len() - 1);
    if let Some(row) = rows.first_mut() {
        row.retain(|k| !before.contains(k));
    }
    rows.insert(0, head_row);
}

/// The checks that say the rows are a table's (see the module docs):
/// every row but the page's first and last has a name and a target beside
/// it, rows run top to bottom, no row is labels alone, and at least one
/// cell or label was painted after text below it.
fn check_rows(runs: &[Run], rows: &[Vec<usize>], l3: usize, target: usize, em: f32) -> Option<()> {
    let tol = OVERLAP_TOLERANCE_EM * em;
    let mut out_of_line = false;
    let mut above: Option<f32> = None;
    for (r, row) in rows.iter().enumerate() {
        let of = |col: usize| {
            row.iter()
                .filter_map(|&k| runs.get(k))
                .find(|x| x.col == col)
        };
        let (name, tgt) = (of(l3), of(target));
        let edge = r == 0 || r + 1 == rows.len();
        match (name, tgt) {
            (Some(n), Some(t)) => {
                if t.y0 > n.y1 + tol || t.y1 < n.y0 - tol {
                    return None;
                }
                out_of_line |= t.y0 < n.last_top - tol;
            }
            (None, None) => return None,
            _ if !edge => return None,
            _ => {}
        }
        let data = [name, tgt];
        let top = data
            .iter()
            .flatten()
            .map(|x| x.y0)
            .fold(f32::INFINITY, f32::min);
        let bottom = data
            .iter()
            .flatten()
            .map(|x| x.y1)
            .fold(f32::NEG_INFINITY, f32::max);
        if above.is_some_and(|a| top < a - tol) {
            return None;
        }
        above = Some(bottom);
        // A label painted before its row but printed below it (centred on
        // its group).
        let first_data = row
            .iter()
            .filter_map(|&k| runs.get(k))
            .find(|x| x.col == l3 || x.col == target);
        if let Some(d) = first_data {
            out_of_line |= row
                .iter()
                .filter_map(|&k| runs.get(k))
                .any(|x| x.col != l3 && x.col != target && x.y0 > d.y1 + tol);
        }
    }
    out_of_line.then_some(())
}

/// Merges each row's lines into its first (`host_of[i]`: the line that
/// line `i` joins), marking the result a whole row. Returns each old
/// line's index among the lines left (`None` for a line merged away).
fn join_rows(lines: &mut Vec<BLine>, host_of: &[Option<usize>]) -> Vec<Option<usize>> {
    let mut taken: Vec<Option<BLine>> = lines.drain(..).map(Some).collect();
    for (i, host) in host_of.iter().enumerate() {
        let Some(host) = host.filter(|&h| h != i) else {
            continue;
        };
        let Some(line) = taken.get_mut(i).and_then(Option::take) else {
            continue;
        };
        if let Some(Some(h)) = taken.get_mut(host) {
            merge_by_column(&mut h.cells, line.cells);
            h.y0 = h.y0.min(line.y0);
            h.y1 = h.y1.max(line.y1);
        }
    }
    let mut new_index = vec![None; taken.len()];
    for (i, slot) in taken.into_iter().enumerate() {
        if let Some(mut line) = slot {
            line.whole_row = host_of.get(i).copied().flatten() == Some(i);
            new_index[i] = Some(lines.len());
            lines.push(line);
        }
    }
    new_index
}

/// Puts each placed label run on its row's line (`host` an old line
/// index, see [`join_rows`]), its pieces joined in painting order; the
/// labels placed leave `labels`.
fn put_labels(
    lines: &mut [BLine],
    labels: &mut Vec<Label>,
    new_index: &[Option<usize>],
    placed: Vec<(usize, Vec<usize>)>,
) {
    let mut slots: Vec<Option<Label>> = labels.drain(..).map(Some).collect();
    for (host, run) in placed {
        let mut parts = run
            .iter()
            .filter_map(|&k| slots.get_mut(k).and_then(Option::take));
        let Some(mut label) = parts.next() else {
            continue;
        };
        for part in parts {
            label.absorb(part);
        }
        match new_index
            .get(host)
            .copied()
            .flatten()
            .and_then(|h| lines.get_mut(h))
        {
            Some(line) => put_label(line, label),
            None => labels.push(label),
        }
    }
    labels.extend(slots.into_iter().flatten());
}
