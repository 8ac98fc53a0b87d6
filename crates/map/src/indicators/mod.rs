//! The indicator table: labels classified by vocabulary, merged labels
//! filled over their groups, rows split by page breaks joined.

mod assemble;

use crate::quality::At;
use crate::record::Indicator;
use crate::target::{looks_like_target, Target};
use crate::vocab::{
    is_cost_level2, is_label_tail, label_by_prefix, level1, level2, Level1, Level2Info, Template,
};
use crate::Line;
use jixiao_table::HeaderRole;

use assemble::assemble;

/// A label as printed, with what it was recognised as.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Label1 {
    pub(super) text: String,
    pub(super) kind: Level1,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Label2 {
    pub(super) text: String,
    /// `None` for an unknown label (a cell ending in 指标 before a name).
    pub(super) info: Option<Level2Info>,
}

/// One row of the indicator block, classified.
#[derive(Debug, Default)]
pub(super) struct Parsed {
    pub(super) l1: Option<Label1>,
    pub(super) l2: Option<Label2>,
    pub(super) name: Option<String>,
    pub(super) target: Option<String>,
    /// The first data row of its page (after a repeated header, if any).
    pub(super) page_start: bool,
    /// A merged 一级/二级 cell starts on this row with its text on another
    /// page: the group above ends here.
    pub(super) l1_open: bool,
    pub(super) l2_open: bool,
    /// `指标` or `标` alone in a label column at the top of a page: the end
    /// of the label above, cut by the break (one per label column).
    pub(super) label_suffixes: Vec<String>,
    /// Repairs made while classifying, for the warnings.
    pub(super) repairs: Vec<String>,
    pub(super) page: usize,
    pub(super) line: Option<usize>,
    /// The row's box on its page, when the input has positions.
    pub(super) bbox: Option<jixiao_table::Rect>,
    /// The name's cell fills its width on its last line (a PDF lattice):
    /// it may go on in the next row.
    pub(super) name_full: bool,
}

/// An indicator being built, with what the repairs need to know.
#[derive(Debug)]
pub(super) struct Draft {
    pub(super) l1: Option<Label1>,
    pub(super) l2: Option<Label2>,
    /// The 二级 label was printed on this indicator's own row.
    pub(super) l2_on_row: bool,
    pub(super) name: String,
    pub(super) target: Option<String>,
    pub(super) page: usize,
    /// 1-based line of the text input, when there is one.
    pub(super) line: Option<usize>,
    /// The box of its row on the page, when the input has positions.
    pub(super) bbox: Option<jixiao_table::Rect>,
    /// See [`Parsed::name_full`]; of its last row when rows were joined.
    pub(super) name_full: bool,
    /// Where the indicator came from, for warnings: "line 58" or "page 3".
    pub(super) place: String,
    /// The 二级 label of the group a merged cell start (an open cell)
    /// closed before this indicator: its label if none turns up.
    pub(super) closed_l2: Option<Label2>,
    /// The same for the 一级 group an open cell in the 一级 column closed.
    pub(super) closed_l1: Option<Label1>,
}

/// True when any cell of the row is a 一级 or 二级 label.
pub(crate) fn has_level_label(line: &Line) -> bool {
    line.keys
        .iter()
        .any(|key| level1(key).is_some() || level2(key).is_some())
}

/// Builds the indicators from the rows after the header. Returns them, how
/// many rows belonged to the indicator block, and how many page breaks a
/// tool joined the table over inside those rows (their pages are not in
/// the rows).
///
/// `rows` starts at the header row when the form has one.
pub(crate) fn build(
    rows: &[Line],
    t: &dyn Template,
    grid_columns: bool,
    paged: bool,
    warnings: &mut Vec<String>,
) -> (Vec<Indicator>, usize, usize) {
    let framework_2021 = rows.iter().flat_map(|r| &r.keys).any(|k| is_cost_level2(k));
    let mut header: Option<HeaderColumns> = None;
    let mut parsed = Vec::with_capacity(rows.len());
    let mut used = 0;
    let mut page_start = false;
    let mut joined_breaks = 0;
    // Label ends found on a row that holds nothing else: they go with the
    // next row (Writer prints a cut label's `指标` on a line of its own).
    let mut pending_suffixes: Vec<String> = Vec::new();
    let mut pending_page = 0;
    for (i, line) in rows.iter().enumerate() {
        let row = line.row;
        if is_block_end(line, t) {
            break;
        }
        used = i + 1;
        // A table a tool joined over a page break (MinerU) starts the
        // second part's merged cells afresh: the block's 绩效指标 label
        // printed again beside an empty merged label cell is where the
        // page broke. (An empty cell left of the 一级 column is no such
        // sign: sources without spans write one on every row.)
        // (Not where a real page break just passed: the label printed
        // again under a repeated header is that break's.)
        // (Nor in a PDF, whose rows have their place on a page: its page
        // numbers are the pages', and read by geometry its stacked label
        // sits beside whichever row its glyphs reach.)
        let joined_break = grid_columns
            && row.bbox.is_none()
            && !parsed.is_empty()
            && !page_start
            && !row.after_break
            && !row.open_cells.is_empty()
            && line.keys.first().is_some_and(|k| t.is_block_label(k));
        joined_breaks += usize::from(joined_break);
        page_start |= row.after_break || joined_break;
        // A title inside a form's span is repeated on a continuation page
        // (`form_spans` starts a new form only where 项目名称 follows).
        if is_furniture(line, t) || line.title {
            continue;
        }
        if let Some(columns) = HeaderColumns::of(line, t) {
            header.get_or_insert(columns);
            continue;
        }
        // The end of a merged label cut by the page break (`可持续影响` on
        // one page, `指标` on the next), or wrapped onto the next row's line
        // by the OCR (`数量` / `指标`), sits alone in the label column.
        // Both labels may be cut (`满意度指` + `标`, `服务对象满意度` +
        // `指标`).
        let suffixes: Vec<String> = header
            .as_ref()
            .map(|h| {
                row.cells
                    .iter()
                    .zip(&line.keys)
                    .filter(|(c, k)| {
                        matches!(k.as_str(), "指标" | "标")
                            && (Some(c.col) == h.level2 || Some(c.col) == h.level1)
                    })
                    .map(|(_, k)| k.clone())
                    .collect()
            })
            .unwrap_or_default();
        let target_col = header
            .as_ref()
            .filter(|_| grid_columns)
            .and_then(|h| h.target);
        let level2_col = header.as_ref().and_then(|h| h.level2);
        let Some(mut p) = classify(line, t, framework_2021, target_col, level2_col) else {
            if !suffixes.is_empty() {
                pending_page = row.page;
            }
            pending_suffixes.extend(suffixes);
            continue;
        };
        let here = p
            .line
            .map_or(format!("page {}", p.page), |l| format!("line {l}"));
        warnings.extend(p.repairs.drain(..).map(|r| format!("{r} ({here})")));
        p.label_suffixes = pending_suffixes.drain(..).chain(suffixes).collect();
        // A filled cell right of the 二级 column other than the target
        // is the name's.
        p.name_full = header.as_ref().is_some_and(|h| {
            row.full_cells
                .iter()
                .any(|&c| Some(c) != h.target && h.level2.is_none_or(|l2| c > l2))
        });
        p.page_start = page_start;
        page_start = false;
        if let Some(h) = &header {
            h.check(line, &p, warnings);
            // The part of a merged cell at the top of a page continues
            // the group from the page before, unless a rule closed the
            // cell at that page's foot; only a start further down opens a
            // new group.
            let page_start = p.page_start;
            let opens = |col: Option<usize>| {
                col.is_some_and(|c| {
                    row.open_cells.contains(&c) && (!page_start || row.closed_above.contains(&c))
                })
            };
            p.l1_open = opens(h.level1) && p.l1.is_none();
            p.l2_open = opens(h.level2) && p.l2.is_none();
        }
        parsed.push(p);
    }
    // (After the last row: the block ended with the cut label's end.)
    if !pending_suffixes.is_empty() {
        parsed.push(Parsed {
            label_suffixes: pending_suffixes,
            page: pending_page,
            ..Parsed::default()
        });
    }
    ignore_unmerged_opens(&mut parsed);
    let drafts = assemble(parsed, !grid_columns, warnings);
    (finish(drafts, paged, warnings), used, joined_breaks)
}

/// The fewest unlabelled rows that show whether a table merges its label
/// cells.
const MIN_ROWS_TO_JUDGE_MERGING: usize = 2;

/// An empty cell start in a label column means a new group only where the
/// column's cells are merged over their groups. Where most unlabelled rows
/// have an empty cell of their own, the table prints each label once with
/// empty cells below it (no merging), and the marks mean nothing.
fn ignore_unmerged_opens(rows: &mut [Parsed]) {
    let unlabelled = |p: &&Parsed, l2: bool| if l2 { p.l2.is_none() } else { p.l1.is_none() };
    for l2 in [true, false] {
        let candidates: Vec<&Parsed> = rows
            .iter()
            .filter(|p| p.name.is_some() && !p.page_start)
            .filter(|p| unlabelled(p, l2))
            .collect();
        let open = candidates
            .iter()
            .filter(|p| if l2 { p.l2_open } else { p.l1_open })
            .count();
        // One unlabelled row says nothing about how the table prints its
        // labels: its empty cell is taken as merged (a tool that repeats
        // merged text in every cell it covers leaves a cell empty only there).
        if candidates.len() < MIN_ROWS_TO_JUDGE_MERGING || open * 2 <= candidates.len() {
            continue;
        }
        for p in rows.iter_mut() {
            if l2 {
                p.l2_open = false;
            } else {
                p.l1_open = false;
            }
        }
    }
}

/// Where the header row put the 一级 and 二级 columns, to report labels
/// the OCR moved into another column.
struct HeaderColumns {
    level1: Option<usize>,
    level2: Option<usize>,
    /// The 指标目标值 column.
    target: Option<usize>,
}

impl HeaderColumns {
    fn of(line: &Line, t: &dyn Template) -> Option<HeaderColumns> {
        let (row, keys) = (line.row, &line.keys);
        if keys.iter().filter(|k| t.is_indicator_header(k)).count() < 2 {
            return None;
        }
        let col = |role: HeaderRole| {
            row.cells
                .iter()
                .zip(keys)
                .find(|(_, k)| t.is_indicator_header(k) && t.header_role(k) == Some(role))
                .map(|(c, _)| c.col)
        };
        let target = row
            .cells
            .iter()
            .zip(keys)
            .find(|(_, k)| t.is_target_header(k))
            .map(|(c, _)| c.col);
        Some(HeaderColumns {
            level1: col(HeaderRole::Level1),
            level2: col(HeaderRole::Level2),
            target,
        })
    }

    fn check(&self, line: &Line, p: &Parsed, warnings: &mut Vec<String>) {
        let here = p
            .line
            .map_or(format!("page {}", p.page), |l| format!("line {l}"));
        let labels = [
            (p.l1.as_ref().map(|l| &l.text), self.level1, "一级"),
            (p.l2.as_ref().map(|l| &l.text), self.level2, "二级"),
        ];
        for (label, expected, level) in labels {
            let (Some(label), Some(expected)) = (label, expected) else {
                continue;
            };
            let found = line
                .row
                .cells
                .iter()
                .zip(&line.keys)
                .find(|(_, k)| *k == label)
                .map(|(c, _)| c.col);
            if let Some(found) = found.filter(|&f| f != expected) {
                let column = match found.cmp(&expected) {
                    std::cmp::Ordering::Less => "left of",
                    _ => "right of",
                };
                warnings.push(format!("{level} label {label} ({here}) was {column} the {level}指标 column; read as {level}"));
            }
        }
    }
}

/// A row that cannot belong to the indicator table: prose, a 注 line, a
/// new section heading.
fn is_block_end(line: &Line, t: &dyn Template) -> bool {
    let row = line.row;
    // Text outside any table (PDF prose after the form) ends the block,
    // except page furniture and a repeated title.
    if !row.in_table && !is_furniture(line, t) && !line.title {
        return true;
    }
    if row.cells.len() != 1 {
        return false;
    }
    let text = &row.cells[0].text;
    // A long single-cell line is prose, not a row of the table.
    const PROSE_MIN_CHARS: usize = 60;
    text.chars().count() >= PROSE_MIN_CHARS || t.ends_table(text)
}

/// Lines repeated on continuation pages that are not data: 单位：元,
/// 编制单位：…, a 金额单位 note.
fn is_furniture(line: &Line, t: &dyn Template) -> bool {
    // Pieces of the vertical 绩效指标 label that fell outside the ruled grid.
    if !line.row.in_table && line.keys.len() == 1 && line.keys.iter().all(|k| t.is_block_label(k)) {
        return true;
    }
    line.keys.len() <= 2 && line.keys.first().is_some_and(|key| t.is_furniture(key))
}

/// Classifies a row's cells by what they say. `None` for header rows and
/// rows with nothing of the indicator table.
/// `target_col`: the 指标目标值 column when positions can be trusted (PDF
/// tables); a lone cell there is a target whatever it says.
/// `level2_col`: the header's 二级指标 column, where the form has one.
fn classify(
    line: &Line,
    t: &dyn Template,
    framework_2021: bool,
    target_col: Option<usize>,
    level2_col: Option<usize>,
) -> Option<Parsed> {
    let (row, keys) = (line.row, &line.keys);
    if keys.iter().filter(|k| t.is_indicator_header(k)).count() >= 2 {
        return None;
    }
    let mut p = Parsed {
        page: row.page,
        line: row.line,
        bbox: row.bbox,
        ..Parsed::default()
    };
    let mut content: Vec<&str> = Vec::new();
    let mut first_content_col = None;
    for (i, cell) in row.cells.iter().enumerate() {
        let key = &keys[i];
        if t.is_indicator_header(key) || (content.is_empty() && t.is_block_label(key)) {
            continue;
        }
        if !content.is_empty() {
            content.push(&cell.text);
            continue;
        }
        let next_is_cost_l2 = keys.get(i + 1).is_some_and(|k| is_cost_level2(k));
        // A bare 一级 word (`满意度`) in the names' column with only the
        // target after it names its indicator, as a bare 二级 word does.
        let level1_as_name = level2_col.is_some_and(|c| cell.col > c)
            && variant_as_name(key, &row.cells[i..], level2_col);
        if let Some(kind) = level1(key).filter(|_| !level1_as_name) {
            let is_level1 = kind != Level1::Cost || framework_2021 || next_is_cost_l2;
            if p.l1.is_none() && p.l2.is_none() && is_level1 {
                p.l1 = Some(Label1 {
                    text: key.clone(),
                    kind,
                });
                continue;
            }
            if p.l2.is_none() {
                // 满意度指标 printed twice, or 成本指标 as a 2015-framework 二级.
                let info = level2(key).or(Some(Level2Info {
                    parent: p.l1.as_ref().map_or(kind, |l| l.kind),
                    kind: crate::vocab::Level2Kind::Satisfaction,
                }));
                p.l2 = Some(Label2 {
                    text: key.clone(),
                    info,
                });
                continue;
            }
        }
        // The cell right before the target column is a name, whatever its
        // words (`数量`: the end of a name cut by the break).
        let before_target =
            target_col.is_some() && row.cells.get(i + 1).map(|c| c.col) == target_col;
        let stands_as_name = variant_as_name(key, &row.cells[i..], level2_col);
        if let Some(info) = level2(key).filter(|_| !before_target && !stands_as_name) {
            if p.l2.is_none() {
                p.l2 = Some(Label2 {
                    text: key.clone(),
                    info: Some(info),
                });
                continue;
            }
        }
        // The rest of a label whose first part was recognised above it.
        if is_label_tail(key) {
            p.repairs.push(format!(
                "\"{key}\" read as the end of a label cut short; ignored"
            ));
            continue;
        }
        // The first part of a label cut by a page break or a cell edge
        // (`社会成本指` / `标`): the one label it begins.
        if p.l2.is_none() && !before_target {
            if let Some(full) = label_by_prefix(key) {
                p.repairs
                    .push(format!("\"{key}\" read as the label {full}, cut short"));
                if let (Some(kind), true) = (level1(full), p.l1.is_none()) {
                    p.l1 = Some(Label1 {
                        text: full.to_owned(),
                        kind,
                    });
                } else {
                    p.l2 = Some(Label2 {
                        text: full.to_owned(),
                        info: level2(full),
                    });
                }
                continue;
            }
        }
        // An unknown 二级 variant: a short cell ending in 指标 with a name
        // and a target still to come.
        let remaining = row.cells.len() - i - 1;
        if p.l2.is_none() && key.ends_with("指标") && key.chars().count() <= 10 && remaining >= 2
        {
            p.l2 = Some(Label2 {
                text: key.clone(),
                info: None,
            });
            continue;
        }
        first_content_col = Some(cell.col);
        content.push(&cell.text);
    }
    (p.name, p.target) = name_and_target(
        &content,
        target_col.is_some() && first_content_col == target_col,
    );
    bare_label_as_name(&mut p, line, t);
    if p.l1.is_none() && p.l2.is_none() && p.name.is_none() && p.target.is_none() {
        return None;
    }
    Some(p)
}

/// A bare 二级 variant (`服务对象满意度`, `社会效益`: the words without
/// 指标) followed by nothing but the row's target is the indicator's 三级
/// name, not a label: forms name the satisfaction indicator after its
/// group. `cells` starts at the variant's cell. The last cell counts as the
/// target when it reads like one or when the variant stands right of the
/// 二级 column (where names are).
fn variant_as_name(key: &str, cells: &[jixiao_table::Cell], level2_col: Option<usize>) -> bool {
    let [variant, last] = cells else {
        return false;
    };
    !key.ends_with("指标")
        && (looks_like_target(&last.text) || level2_col.is_some_and(|c| variant.col > c))
}

/// A row of one bare label word (`满意度`, `社会效益`: no 指标) and a target,
/// on no page's first row, is an indicator named by that word, wherever
/// the row was shifted to: a target needs a name, and the word is the only
/// one there. (On a page's first row the label and target may be the rest
/// of a row the break cut.)
fn bare_label_as_name(p: &mut Parsed, line: &Line, t: &dyn Template) {
    if p.name.is_some() || p.target.is_none() || line.row.after_break {
        return;
    }
    let words: Vec<&String> = line
        .keys
        .iter()
        .filter(|k| !t.is_indicator_header(k) && !t.is_block_label(k))
        .collect();
    let [word, _target] = words.as_slice() else {
        return;
    };
    if word.ends_with("指标") {
        return;
    }
    let from_l2 = p.l2.as_ref().is_some_and(|l| &l.text == *word);
    let from_l1 = p.l1.as_ref().is_some_and(|l| &l.text == *word);
    if !from_l1 && !from_l2 {
        return;
    }
    let cell = line
        .row
        .cells
        .iter()
        .zip(&line.keys)
        .find(|(_, k)| k == word);
    p.name = cell.map(|(c, _)| c.text.clone());
    if from_l2 {
        p.l2 = None;
    } else {
        p.l1 = None;
    }
    p.repairs.push(format!(
        "\"{word}\" beside only a target read as the indicator's name, not a label"
    ));
}

/// The cells after a row's labels as its 三级 name and its target: a lone
/// cell is a target when it reads like one (or sits in the target column),
/// else a name; several split before the first that reads like a target
/// (or is an operator alone), else after the first.
fn name_and_target(content: &[&str], in_target_column: bool) -> (Option<String>, Option<String>) {
    match content {
        [] => (None, None),
        [one] if looks_like_target(one) || in_target_column => (None, Some((*one).to_owned())),
        [one] => (Some((*one).to_owned()), None),
        _ => {
            let split = (1..content.len())
                .find(|&k| looks_like_target(content[k]) || is_operator_only(content[k]))
                .unwrap_or(1);
            (
                Some(content[..split].concat()),
                Some(content[split..].concat()),
            )
        }
    }
}

fn is_operator_only(text: &str) -> bool {
    matches!(
        text.trim(),
        "=" | "＝" | "≥" | "≤" | ">" | "<" | ">=" | "<=" | "＞" | "＜" | "≧" | "≦"
    )
}

/// Infers missing 一级 from 二级, parses targets, reports gaps.
/// `paged`: the rows' pages are a document's pages (else an indicator's
/// `at.page` is null).
fn finish(drafts: Vec<Draft>, paged: bool, warnings: &mut Vec<String>) -> Vec<Indicator> {
    // The form's own spelling of each 一级, for inferred labels.
    let mut printed: Vec<Label1> = Vec::new();
    for d in &drafts {
        if let Some(l1) = &d.l1 {
            if !printed.iter().any(|p| p.kind == l1.kind) {
                printed.push(l1.clone());
            }
        }
    }
    drafts
        .into_iter()
        .map(|d| {
            let mut l1 = d.l1;
            if let Some(parent) = d.l2.as_ref().and_then(|l| l.info).map(|i| i.parent) {
                if l1.as_ref().map(|l| l.kind) != Some(parent) {
                    let inferred = printed
                        .iter()
                        .find(|p| p.kind == parent)
                        .cloned()
                        .unwrap_or(Label1 {
                            text: parent.name().to_owned(),
                            kind: parent,
                        });
                    warnings.push(format!(
                        "\"{}\": 一级 {} inferred from 二级 {}{}",
                        d.name,
                        inferred.text,
                        d.l2.as_ref().map_or("", |l| l.text.as_str()),
                        l1.as_ref()
                            .map_or(String::new(), |l| format!(" (the table said {})", l.text)),
                    ));
                    l1 = Some(inferred);
                }
            }
            if d.l2.is_none() {
                warnings.push(format!("\"{}\" ({}) has no 二级 label", d.name, d.place));
            }
            if d.target.is_none() {
                warnings.push(format!("\"{}\" ({}) has no target value", d.name, d.place));
            }
            Indicator {
                level1: l1.map(|l| l.text).filter(|t| !t.is_empty()),
                level2: d.l2.map(|l| l.text).filter(|t| !t.is_empty()),
                level3: d.name,
                target: Target::parse(d.target.as_deref().unwrap_or("")),
                at: At::new(paged.then_some(d.page), d.line, d.bbox),
            }
        })
        .collect()
}
