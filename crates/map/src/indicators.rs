//! The indicator table: labels classified by vocabulary, merged labels
//! filled over their groups, rows split by page breaks joined.

use crate::record::Indicator;
use crate::target::{looks_like_target, Target};
use crate::vocab::{
    is_cost_level2, is_label_tail, label_by_prefix, level1, level2, name_suggests, Level1,
    Level2Info, Template,
};
use crate::Line;
use jixiao_table::HeaderRole;

/// A label as printed, with what it was recognised as.
#[derive(Debug, Clone, PartialEq)]
struct Label1 {
    text: String,
    kind: Level1,
}

#[derive(Debug, Clone, PartialEq)]
struct Label2 {
    text: String,
    /// `None` for an unknown label (a cell ending in 指标 before a name).
    info: Option<Level2Info>,
}

/// One row of the indicator block, classified.
#[derive(Debug, Default)]
struct Parsed {
    l1: Option<Label1>,
    l2: Option<Label2>,
    name: Option<String>,
    target: Option<String>,
    /// The first data row of its page (after a repeated header, if any).
    page_start: bool,
    /// A merged 一级/二级 cell starts on this row with its text on another
    /// page: the group above ends here.
    l1_open: bool,
    l2_open: bool,
    /// `指标` or `标` alone in a label column at the top of a page: the end
    /// of the label above, cut by the break (one per label column).
    label_suffixes: Vec<String>,
    /// Repairs made while classifying, for the warnings.
    repairs: Vec<String>,
    page: usize,
    line: Option<usize>,
}

/// An indicator being built, with what the repairs need to know.
#[derive(Debug)]
struct Draft {
    l1: Option<Label1>,
    l2: Option<Label2>,
    /// The 二级 label was printed on this indicator's own row.
    l2_on_row: bool,
    name: String,
    target: Option<String>,
    page: usize,
    /// Where the indicator came from, for warnings: "line 58" or "page 3".
    place: String,
    /// The 二级 label of the group a merged cell start (an open cell)
    /// closed before this indicator: its label if none turns up.
    closed_l2: Option<Label2>,
}

/// True when any cell of the row is a 一级 or 二级 label.
pub(crate) fn has_level_label(line: &Line) -> bool {
    line.keys
        .iter()
        .any(|key| level1(key).is_some() || level2(key).is_some())
}

/// Builds the indicators from the rows after the header. Returns them and
/// how many rows belonged to the indicator block.
///
/// `rows` starts at the header row when the form has one.
pub(crate) fn build(
    rows: &[Line],
    t: &dyn Template,
    grid_columns: bool,
    warnings: &mut Vec<String>,
) -> (Vec<Indicator>, usize) {
    let framework_2021 = rows.iter().flat_map(|r| &r.keys).any(|k| is_cost_level2(k));
    let mut header: Option<HeaderColumns> = None;
    let mut parsed = Vec::with_capacity(rows.len());
    let mut used = 0;
    let mut page_start = false;
    for (i, line) in rows.iter().enumerate() {
        let row = line.row;
        if is_block_end(line, t) {
            break;
        }
        used = i + 1;
        page_start |= row.after_break;
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
        // one page, `指标` on the next) sits alone in the label column.
        // Both labels may be cut (`满意度指` + `标`, `服务对象满意度` +
        // `指标`).
        let suffixes: Vec<String> = header
            .as_ref()
            .filter(|_| page_start)
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
        if let Some(mut p) = classify(line, t, framework_2021, target_col) {
            let here = p
                .line
                .map_or(format!("page {}", p.page), |l| format!("line {l}"));
            warnings.extend(p.repairs.drain(..).map(|r| format!("{r} ({here})")));
            p.label_suffixes = suffixes;
            p.page_start = page_start;
            page_start = false;
            if let Some(h) = &header {
                h.check(line, &p, warnings);
                // The part of a merged cell at the top of a page continues
                // the group from the page before; only a start further down
                // opens a new group.
                if !p.page_start {
                    p.l1_open =
                        h.level1.is_some_and(|c| row.open_cells.contains(&c)) && p.l1.is_none();
                    p.l2_open =
                        h.level2.is_some_and(|c| row.open_cells.contains(&c)) && p.l2.is_none();
                }
            }
            parsed.push(p);
        }
    }
    ignore_unmerged_opens(&mut parsed);
    let drafts = assemble(parsed, !grid_columns, warnings);
    (finish(drafts, warnings), used)
}

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
        if candidates.is_empty() || open * 2 <= candidates.len() {
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
fn classify(
    line: &Line,
    t: &dyn Template,
    framework_2021: bool,
    target_col: Option<usize>,
) -> Option<Parsed> {
    let (row, keys) = (line.row, &line.keys);
    if keys.iter().filter(|k| t.is_indicator_header(k)).count() >= 2 {
        return None;
    }
    let mut p = Parsed {
        page: row.page,
        line: row.line,
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
        if let Some(kind) = level1(key) {
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
        if let Some(info) = level2(key).filter(|_| !before_target) {
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
    match content.len() {
        0 => {}
        1 => {
            if looks_like_target(content[0])
                || (target_col.is_some() && first_content_col == target_col)
            {
                p.target = Some(content[0].to_owned());
            } else {
                p.name = Some(content[0].to_owned());
            }
        }
        _ => {
            let split = (1..content.len())
                .find(|&k| looks_like_target(content[k]) || is_operator_only(content[k]))
                .unwrap_or(1);
            p.name = Some(content[..split].concat());
            p.target = Some(content[split..].concat());
        }
    }
    if p.l1.is_none() && p.l2.is_none() && p.name.is_none() && p.target.is_none() {
        return None;
    }
    Some(p)
}

fn is_operator_only(text: &str) -> bool {
    matches!(
        text.trim(),
        "=" | "＝" | "≥" | "≤" | ">" | "<" | ">=" | "<=" | "＞" | "＜" | "≧" | "≦"
    )
}

/// Last characters that end a complete indicator name; a name without a
/// target that ends otherwise before a page break was cut by the break.
fn ends_like_complete(name: &str) -> bool {
    name.chars()
        .last()
        .is_some_and(|c| "率数度性量况间额次值标费效果比例期限长积".contains(c))
}

/// Should the name on the first row after a page break continue `prev`?
fn continues(prev: &Draft, name: &str) -> bool {
    prev.target.is_none()
        && (name.chars().count() <= 4
            || !ends_like_complete(&prev.name)
            || bracket_open(&prev.name, name)
            // A qualifier in brackets (`（按季度统计并报送主管部门备案）`):
            // no name starts with one.
            || name.starts_with(['(', '（']))
}

/// The row's labels, if any, can be the indicator above's: the ones it
/// has (a merged label printed again on the page the group continues on),
/// or ones it still lacks (its group's label printed after the break).
fn same_labels(prev: &Draft, p: &Parsed) -> bool {
    let l1 =
        p.l1.as_ref()
            .is_none_or(|l| prev.l1.as_ref().is_none_or(|q| q.text == l.text));
    let l2 =
        p.l2.as_ref()
            .is_none_or(|l| prev.l2.as_ref().is_none_or(|q| q.text == l.text));
    l1 && l2
}

/// A target ending in a separator (`中心城区一个半小时内；`) goes on in the
/// next row: the break cut it.
fn cut_after(target: &str) -> bool {
    target
        .trim_end()
        .ends_with(['；', ';', '，', ',', '、', '：', ':'])
}

/// `…标准（含线上线下各类渠道，按全年累` / `计口径计算）`: a bracket opened in
/// the first part and closed in the second joins them whatever the words.
fn bracket_open(first: &str, second: &str) -> bool {
    let depth = |s: &str| {
        s.chars().fold(0i32, |d, c| match c {
            '(' | '（' => d + 1,
            ')' | '）' => d - 1,
            _ => d,
        })
    };
    depth(first) > 0 && depth(second) < 0
}

/// `by_meaning`: settle rows whose group label crossed a page break by the
/// words of their names (OCR'd text, which has no geometry); PDF tables mark
/// where merged cells start instead (`Row::open_cells`).
fn assemble(rows: Vec<Parsed>, by_meaning: bool, warnings: &mut Vec<String>) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut cur_l1: Option<Label1> = None;
    let mut cur_l2: Option<Label2> = None;
    // Indicators pushed while the 二级 (or 一级) label of their group was
    // not yet seen; a label printed further down the group covers them.
    let mut waiting_l2: Vec<usize> = Vec::new();
    let mut waiting_l1: Vec<usize> = Vec::new();
    // A target with no name and no indicator to take it (see below).
    let mut orphan_target: Option<(String, String)> = None;
    // The 二级 label an open cell closed, until the next 二级 label.
    let mut closed_l2: Option<Label2> = None;

    for mut p in rows {
        let here = match p.line {
            Some(line) => format!("line {line}"),
            None => format!("page {}", p.page),
        };
        // 1. A row continuing the previous indicator.
        if let Some(prev_index) = drafts.len().checked_sub(1) {
            let prev = &drafts[prev_index];
            let join = match (&p.name, &p.target) {
                (None, Some(_)) => prev.target.is_none(),
                (Some(name), _) => {
                    p.page_start
                        && (continues(prev, name)
                            // A row the break cut, carrying a target: after
                            // a name without one at the foot of the page, or
                            // with both name and target cut (the name's
                            // bracket closes on this page).
                            || (p.target.is_some()
                                && same_labels(prev, &p)
                                && (prev.target.is_none()
                                    || bracket_open(&prev.name, name)
                                    || prev.target.as_deref().is_some_and(cut_after))))
                }
                _ => false,
            };
            // A short fragment alone after a break whose target stayed on
            // the previous page. It may bring the labels the cut row was
            // waiting for (merged cells whose text is on this page).
            let tail = !join
                && p.page_start
                && p.target.is_none()
                && (p.l1.is_none() || prev.l1.is_none())
                && (p.l2.is_none() || prev.l2.is_none())
                && p.name.as_ref().is_some_and(|n| {
                    (n.chars().count() <= 3 && !ends_like_complete(&prev.name))
                        || bracket_open(&prev.name, n)
                });
            if join || tail {
                let prev = &mut drafts[prev_index];
                if let Some(name) = &p.name {
                    warnings.push(format!(
                        "joined \"{}\" ({}) and \"{}\" ({here}): one cell split by a page break",
                        prev.name, prev.place, name
                    ));
                    prev.name.push_str(name);
                } else {
                    warnings.push(format!(
                        "target \"{}\" ({here}) belongs to \"{}\" above it",
                        p.target.as_deref().unwrap_or(""),
                        prev.name
                    ));
                }
                if let Some(t) = &p.target {
                    // Appended: the target may be cut by the break too.
                    prev.target = Some(match prev.target.take() {
                        Some(head) => format!("{head}{t}"),
                        None => t.clone(),
                    });
                }
                let prev_page = prev.page;
                if let Some(l1) = p.l1.clone() {
                    if prev.l1.as_ref() != Some(&l1) {
                        warnings.push(format!(
                            "一级 label {} ({here}) applied to \"{}\" above it",
                            l1.text, prev.name
                        ));
                    }
                    prev.l1 = Some(l1.clone());
                    cur_l1 = Some(l1);
                }
                if let Some(l2) = p.l2.clone() {
                    let old = prev.l2.replace(l2.clone());
                    prev.l2_on_row = true;
                    if old.as_ref() != Some(&l2) {
                        warnings.push(format!(
                            "二级 label {} printed after the page break ({here}) applied to \"{}\"",
                            l2.text, prev.name
                        ));
                        if by_meaning {
                            relabel_before_break(
                                &mut drafts,
                                prev_index,
                                prev_page,
                                &l2,
                                old.as_ref(),
                                warnings,
                            );
                        }
                    }
                    fill_waiting_l2(&mut drafts, &mut waiting_l2, &l2, warnings);
                    cur_l2 = Some(l2);
                }
                continue;
            }
        }
        for suffix in &p.label_suffixes {
            complete_cut_label(
                &mut drafts,
                &mut cur_l1,
                &mut cur_l2,
                suffix,
                &here,
                warnings,
            );
        }
        // 2. Labels open groups; an empty merged cell start closes one.
        if p.l1_open {
            cur_l1 = None;
            cur_l2 = None;
            waiting_l1.clear();
            waiting_l2.clear();
        } else if p.l2_open {
            closed_l2 = cur_l2.take().or(closed_l2);
            waiting_l2.clear();
        }
        if let (true, Some(l2), Some(last)) =
            (p.page_start, p.l2.as_ref(), drafts.len().checked_sub(1))
        {
            // A group label printed at the top of a page may also cover the
            // rows just above the break.
            // Only inside one 一级 group: a row that opens a new 一级 closes
            // everything above it.
            let (prev_page, prev_l2) = (drafts[last].page, drafts[last].l2.clone());
            let same_group = p.l1.is_none()
                && l2.info.map(|i| i.parent) == drafts[last].l1.as_ref().map(|l| l.kind);
            if by_meaning && same_group && prev_page != p.page && prev_l2.as_ref() != Some(l2) {
                relabel_before_break(
                    &mut drafts,
                    last + 1,
                    prev_page,
                    l2,
                    prev_l2.as_ref(),
                    warnings,
                );
            }
        }
        if let Some(l1) = p.l1.clone() {
            for &k in &waiting_l1 {
                if let Some(d) = drafts.get_mut(k) {
                    if d.l1.is_none()
                        && d.l2
                            .as_ref()
                            .and_then(|l| l.info)
                            .is_none_or(|i| i.parent == l1.kind)
                    {
                        warnings.push(format!(
                            "一级 label {} printed below \"{}\"; applied to it",
                            l1.text, d.name
                        ));
                        d.l1 = Some(l1.clone());
                    }
                }
            }
            // The group above is closed unless this 一级 is its own label
            // printed late (a merged cell centred on a later row or page).
            let group_kind = cur_l1
                .as_ref()
                .map(|l| l.kind)
                .or_else(|| cur_l2.as_ref().and_then(|l| l.info).map(|i| i.parent));
            if group_kind != Some(l1.kind) || p.l2.is_some() {
                cur_l2 = None;
                // Rows that were waiting for this 一级 are in its group and
                // wait for its 二级 too; rows of the group above are not.
                waiting_l2.retain(|k| waiting_l1.contains(k));
            }
            waiting_l1.clear();
            cur_l1 = Some(l1);
        }
        if let Some(l2) = p.l2.clone() {
            fill_waiting_l2(&mut drafts, &mut waiting_l2, &l2, warnings);
            cur_l2 = Some(l2);
            closed_l2 = None;
        }
        // 3. A new indicator.
        if let Some((fragment, at)) = orphan_target.take() {
            match (&p.name, p.page_start) {
                (Some(name), true) => {
                    warnings.push(format!(
                        "target \"{fragment}\" ({at}) and the row \"{name}\" ({here}) joined: one row cut by a page break"
                    ));
                    p.target = Some(format!("{fragment}{}", p.target.as_deref().unwrap_or("")));
                }
                _ => warnings.push(format!(
                    "target \"{fragment}\" ({at}) has no indicator name; dropped"
                )),
            }
        }
        match (p.name, p.target) {
            (Some(name), target) => {
                if cur_l2.is_none() {
                    waiting_l2.push(drafts.len());
                }
                if cur_l1.is_none() {
                    waiting_l1.push(drafts.len());
                }
                drafts.push(Draft {
                    l1: cur_l1.clone(),
                    l2: cur_l2.clone(),
                    l2_on_row: p.l2.is_some(),
                    name,
                    target,
                    page: p.page,
                    place: here,
                    closed_l2: cur_l2.is_none().then(|| closed_l2.clone()).flatten(),
                });
            }
            (None, Some(target)) => {
                // Kept for the first row of the next page: the row was cut
                // by the break and its name printed wholly over there.
                if let Some(lost) = orphan_target.replace((target, here)) {
                    warnings.push(format!(
                        "target \"{}\" ({}) has no indicator name; dropped",
                        lost.0, lost.1
                    ));
                }
                continue;
            }
            (None, None) => {}
        }
    }
    if let Some((lost, at)) = orphan_target {
        warnings.push(format!(
            "target \"{lost}\" ({at}) has no indicator name; dropped"
        ));
    }
    keep_closed_groups(&mut drafts, warnings);
    drafts
}

/// An open cell says a new merged 二级 cell starts on its row, its label
/// elsewhere (over the page break). Indicators that no 二级 label reached
/// in the end stay in the group above, as an unlabelled row of a ruled
/// table would, when that group belongs to their 一级.
fn keep_closed_groups(drafts: &mut [Draft], warnings: &mut Vec<String>) {
    for d in drafts.iter_mut().filter(|d| d.l2.is_none()) {
        let Some(closed) = d.closed_l2.take() else {
            continue;
        };
        let fits = match (closed.info, d.l1.as_ref()) {
            (Some(info), Some(l1)) => info.parent == l1.kind,
            _ => true,
        };
        if fits {
            warnings.push(format!(
                "no 二级 label for \"{}\" ({}); kept in the group above, {}",
                d.name, d.place, closed.text
            ));
            d.l2 = Some(closed);
        }
    }
}

/// Appends the end of a label cut by a page break to the current 二级 (or
/// 一级) label when that makes a known label, on every indicator carrying it.
fn complete_cut_label(
    drafts: &mut [Draft],
    cur_l1: &mut Option<Label1>,
    cur_l2: &mut Option<Label2>,
    suffix: &str,
    here: &str,
    warnings: &mut Vec<String>,
) {
    if let Some(l2) = cur_l2.as_mut() {
        let joined = format!("{}{suffix}", l2.text);
        if let Some(info) = level2(&joined).filter(|_| !l2.text.ends_with("指标")) {
            let old = l2.text.clone();
            for d in drafts.iter_mut() {
                if let Some(l) = d.l2.as_mut().filter(|l| l.text == old) {
                    l.text = joined.clone();
                    l.info = Some(info);
                }
            }
            warnings.push(format!(
                "二级 label {old} and \"{suffix}\" ({here}) joined: one label cut by a page break"
            ));
            l2.text = joined;
            l2.info = Some(info);
            return;
        }
    }
    if let Some(l1) = cur_l1.as_mut() {
        let joined = format!("{}{suffix}", l1.text);
        if level1(&joined).is_some() && !l1.text.ends_with("指标") {
            let old = l1.text.clone();
            for d in drafts.iter_mut() {
                if let Some(l) = d.l1.as_mut().filter(|l| l.text == old) {
                    l.text = joined.clone();
                }
            }
            warnings.push(format!(
                "一级 label {old} and \"{suffix}\" ({here}) joined: one label cut by a page break"
            ));
            l1.text = joined;
        }
    }
}

/// A 二级 label covers the indicators of its group pushed before it was
/// seen (a label printed below the group's first row, or after a break).
fn fill_waiting_l2(
    drafts: &mut [Draft],
    waiting: &mut Vec<usize>,
    l2: &Label2,
    warnings: &mut Vec<String>,
) {
    for &k in waiting.iter() {
        if let Some(d) = drafts.get_mut(k) {
            let fits = match (l2.info, d.l1.as_ref()) {
                (Some(info), Some(l1)) => info.parent == l1.kind,
                _ => true,
            };
            if d.l2.is_none() && fits {
                warnings.push(format!(
                    "二级 label {} printed below \"{}\"; applied to it",
                    l2.text, d.name
                ));
                d.l2 = Some(l2.clone());
            }
        }
    }
    waiting.clear();
}

/// A 二级 label printed on the continuation row of a page break also covers
/// the rows just above the break that inherited the previous group's label
/// and whose names belong to the new group (及时性 rows under 时效指标).
fn relabel_before_break(
    drafts: &mut [Draft],
    upto: usize,
    page: usize,
    new: &Label2,
    old: Option<&Label2>,
    warnings: &mut Vec<String>,
) {
    let Some(new_kind) = new.info.map(|i| i.kind) else {
        return;
    };
    let old_kind = old.and_then(|l| l.info).map(|i| i.kind);
    for k in (0..upto).rev() {
        let d = &mut drafts[k];
        if d.page != page || d.l2_on_row || d.l2.as_ref() != old {
            break;
        }
        let fits_new = name_suggests(new_kind, &d.name);
        let fits_old = old_kind.is_some_and(|kind| name_suggests(kind, &d.name));
        if !fits_new || fits_old {
            break;
        }
        warnings.push(format!(
            "\"{}\" ({}) moved to {}: its group label was printed after the page break",
            d.name, d.place, new.text
        ));
        d.l2 = Some(new.clone());
    }
}

/// Infers missing 一级 from 二级, parses targets, reports gaps.
fn finish(drafts: Vec<Draft>, warnings: &mut Vec<String>) -> Vec<Indicator> {
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
            }
        })
        .collect()
}
