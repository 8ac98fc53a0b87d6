//! Cells that a borderless or frame-only layout glued together, taken apart
//! before the labels are read. Without rules between them, neighbouring
//! cells' glyphs fall into one cell: a value and the next label
//! (`84,421,500.00其中：当年财政拨款`), a label and its value
//! (`计划完成日期2025/12/31`), two funding labels of rows set close
//! (`项目资金总额其中：财政资金` beside `12,480,000 11,980,000`), a label wrapped
//! in its cell whose last line falls into the next row (`其中：当年财` over
//! `政拨款`), or the narrow 项目资金（元） row label threaded through the label
//! beside it (`项目资金（其中：财政元）资金`).

use crate::fields::parse_amount;
use crate::vocab::{fold_width, label_key, Field, Template};
use jixiao_table::{Cell, Row};

/// The shortest start of a funding label, left at a cell's end, that is
/// taken for that label cut by its cell's wrap (`其中：当年财`); a single
/// character is too often a stray one.
const MIN_CUT_LABEL_CHARS: usize = 2;

/// Takes a form's rows apart, one after another (a label cut at the end of
/// one row's cell is finished by a cell of the next).
#[derive(Default)]
pub(crate) struct Ungluer {
    /// The start of a funding label left at the end of the last row's cell.
    cut: Option<String>,
    /// A funding label has been read: the form's funding block has begun.
    in_funding: bool,
}

impl Ungluer {
    /// The row's cells and keys taken apart; `None` when no cell needs it.
    pub(crate) fn row(
        &mut self,
        row: &Row,
        keys: &[String],
        t: &dyn Template,
    ) -> Option<(Vec<Cell>, Vec<String>)> {
        let cut = self.cut.take();
        let mut pieces: Vec<(Cell, String)> = Vec::with_capacity(row.cells.len() + 2);
        let mut changed = false;
        for (i, (cell, key)) in row.cells.iter().zip(keys).enumerate() {
            let piece = |text: &str, key: String| {
                let text = text.to_owned();
                (
                    Cell {
                        text,
                        ..cell.clone()
                    },
                    key,
                )
            };
            // The cut label's rest, maybe with more labels after it
            // (`拨款上年结转资金`).
            let finished = cut
                .as_ref()
                .and_then(|c| label_chain(&format!("{c}{key}"), t));
            if let Some((labels, rest)) = finished.filter(|(labels, _)| !labels.is_empty()) {
                pieces.extend(labels.into_iter().map(|l| piece(&l, l.clone())));
                self.cut = rest;
                changed = true;
                continue;
            }
            let before_amount = row
                .cells
                .get(i + 1)
                .is_some_and(|c| parse_amount(&c.text).is_some());
            if let Some(label) = label_piece(key, t).filter(|_| self.in_funding && before_amount) {
                pieces.push(piece(&cell.text, label.to_owned()));
            } else if let Some(end) = split_at(&cell.text, t) {
                let (value, label) = cell.text.split_at(end);
                pieces.push(piece(value, value.to_owned()));
                pieces.push(piece(label, label_key(label)));
            } else if let Some((labels, cut)) = funding_labels(&fold_width(&cell.text), t) {
                pieces.extend(labels.into_iter().map(|l| piece(&l, l.clone())));
                self.cut = cut;
            } else if let Some(amounts) = several_amounts(&cell.text) {
                pieces.extend(amounts.into_iter().map(|a| piece(a, a.to_owned())));
            } else {
                pieces.push(piece(&cell.text, key.clone()));
                continue;
            }
            changed = true;
        }
        self.in_funding |= pieces.iter().any(|(_, k)| is_amount_label(k, t));
        if !changed {
            return None;
        }
        pair_label_runs(&mut pieces, t);
        Some(pieces.into_iter().unzip())
    }
}

/// True for a key that labels one of the funding block's amounts.
fn is_amount_label(key: &str, t: &dyn Template) -> bool {
    t.field(key).is_some_and(Field::is_amount)
}

/// Where a cell's text splits into a value and the label after it, or a
/// label and its value.
fn split_at(text: &str, t: &dyn Template) -> Option<usize> {
    let value_then_label = || {
        let end = text.find(|c: char| !(c.is_ascii_digit() || matches!(c, ',' | '.' | '-')))?;
        let (value, rest) = text.split_at(end);
        let has_digit = value.chars().any(|c| c.is_ascii_digit());
        (has_digit && t.field(&label_key(rest)).is_some()).then_some(end)
    };
    // Only a number or date after the label: a label's words followed by
    // other words are one name.
    let label_then_value = || {
        let start = text.find(|c: char| c.is_ascii_digit())?;
        let label = text.get(..start)?;
        (start > 0 && t.field(&label_key(label)).is_some()).then_some(start)
    };
    // A project field's label run into its text (项目名称养护管理…, 主管部门
    // 上海市…, 项目类别经常性项目), where a frame-only layout left no gap
    // between them.
    let text_label_then_value = || {
        let (end, _) = text.char_indices().nth(4)?;
        let label = text.get(..end)?;
        let glued = matches!(
            t.field(&label_key(label)),
            Some(
                Field::ProjectName
                    | Field::Department
                    | Field::Unit
                    | Field::Category
                    | Field::Nature
            )
        );
        (glued && text.chars().count() > 5).then_some(end)
    };
    value_then_label()
        .or_else(label_then_value)
        .or_else(text_label_then_value)
}

/// The funding labels one after another in `key` (`项目资金总额其中:财政资金`),
/// with the start of a cut label at its end, or one funding label with the
/// row label's characters threaded through it; `None` for any other key.
fn funding_labels(key: &str, t: &dyn Template) -> Option<(Vec<String>, Option<String>)> {
    if let Some(found) =
        label_chain(key, t).filter(|(labels, cut)| labels.len() + usize::from(cut.is_some()) >= 2)
    {
        return Some(found);
    }
    if t.field(key).is_some() {
        return None;
    }
    // The row label's first or last characters, where its cell wraps it
    // over several rows (`项目资其中：财政资金金`, `金（元其中：财政资金）`),
    // the longest first.
    let row_label_pieces = t.row_labels().iter().flat_map(|row_label| {
        let cuts: Vec<usize> = row_label.char_indices().map(|(i, _)| i).skip(1).collect();
        let starts = cuts.iter().rev().map(|&end| &row_label[..end]);
        let ends = cuts.iter().map(|&start| &row_label[start..]);
        std::iter::once(*row_label)
            .chain(starts.zip(ends).flat_map(|(a, b)| [a, b]))
            .filter(|piece| piece.chars().count() >= MIN_CUT_LABEL_CHARS)
            .collect::<Vec<_>>()
    });
    row_label_pieces
        .filter_map(|start| without_threaded(key, start))
        .find_map(|rest| label_chain(&rest, t).filter(|(labels, _)| !labels.is_empty()))
}

/// The funding label that a cell's text is a piece of (`财政资`, `年财政拨`:
/// the middle line of a label wrapped over three, the other lines fallen
/// into the rows above and below), when it is a piece of one field's
/// labels only.
fn label_piece(key: &str, t: &dyn Template) -> Option<&'static str> {
    if key.chars().count() < MIN_CUT_LABEL_CHARS || t.field(key).is_some() {
        return None;
    }
    let mut holding = t
        .field_labels()
        .iter()
        .filter(|&&(label, f)| f.is_amount() && label.contains(key));
    let &(label, field) = holding.next()?;
    holding.all(|&(_, f)| f == field).then_some(label)
}

/// `key` read as funding labels from its start, the longest first, with an
/// unfinished label's start allowed at its end.
fn label_chain(key: &str, t: &dyn Template) -> Option<(Vec<String>, Option<String>)> {
    let mut labels = Vec::new();
    let mut rest = key;
    while !rest.is_empty() {
        let longest = rest
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .rev()
            .find(|&end| is_amount_label(&rest[..end], t));
        let Some(end) = longest else { break };
        labels.push(rest[..end].to_owned());
        rest = &rest[end..];
    }
    if rest.is_empty() {
        return Some((labels, None));
    }
    let starts_label = rest.chars().count() >= MIN_CUT_LABEL_CHARS
        && t.field_labels().iter().any(|&(label, f)| {
            f.is_amount() && label.len() > rest.len() && label.starts_with(rest)
        });
    starts_label.then(|| (labels, Some(rest.to_owned())))
}

/// `key` without the characters of `row_label`, found in order; `None`
/// unless all of them are there and something is left.
fn without_threaded(key: &str, row_label: &str) -> Option<String> {
    let mut wanted = row_label.chars().peekable();
    let rest: String = key
        .chars()
        .filter(|&c| {
            if wanted.peek() == Some(&c) {
                wanted.next();
                false
            } else {
                true
            }
        })
        .collect();
    (wanted.peek().is_none() && !rest.is_empty()).then_some(rest)
}

/// Two or more amounts in one cell (`12,480,000 11,980,000`: the values
/// of rows set so close that their glyphs fell into one cell).
fn several_amounts(text: &str) -> Option<Vec<&str>> {
    let amounts: Vec<&str> = text.split_whitespace().collect();
    (amounts.len() >= 2 && amounts.iter().all(|a| parse_amount(a).is_some())).then_some(amounts)
}

/// Labels taken from one cell followed by amounts: each label gets the
/// amount in its place (the first label the first amount), since a label
/// takes only the cell right after it.
fn pair_label_runs(pieces: &mut Vec<(Cell, String)>, t: &dyn Template) {
    let is_label = |p: &(Cell, String)| is_amount_label(&p.1, t);
    let mut i = 0;
    while i < pieces.len() {
        let col = pieces[i].0.col;
        let labels = pieces[i..]
            .iter()
            .take_while(|p| is_label(p) && p.0.col == col)
            .count();
        if labels < 2 {
            i += 1;
            continue;
        }
        let amounts = pieces[i + labels..]
            .iter()
            .take(labels)
            .take_while(|p| !is_label(p) && parse_amount(&p.0.text).is_some())
            .count();
        let values: Vec<_> = pieces.drain(i + labels..i + labels + amounts).collect();
        for (k, value) in values.into_iter().enumerate() {
            pieces.insert(i + 2 * k + 1, value);
        }
        i += labels + amounts;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Shanghai;

    #[test]
    fn threaded_row_label_pieces_come_out() {
        assert_eq!(
            without_threaded("金(元其中:财政资金)", "金(元)").as_deref(),
            Some("其中:财政资金")
        );
        let t: &dyn Template = &Shanghai;
        assert_eq!(
            funding_labels("金(元其中:财政资金)", t),
            Some((vec!["其中:财政资金".to_owned()], None))
        );
    }
}
