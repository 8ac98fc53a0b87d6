//! Classified rows to indicators: labels opening and closing their groups,
//! rows cut by a page break joined, late labels applied to the rows above.

use super::{Draft, Label1, Label2, Parsed};
use crate::vocab::{level1, level2, name_suggests, Level1};

/// Last characters that end a complete indicator name; a name without a
/// target that ends otherwise before a page break was cut by the break.
fn ends_like_complete(name: &str) -> bool {
    name.chars()
        .last()
        .is_some_and(|c| "率数度性量况间额次值标费效果比例期限长积".contains(c))
}

/// A name this short without a target before a page break is the head of
/// a name the break cut (`年度` + `养护作业计划完成时间`), even where it ends
/// like a whole word.
const CUT_HEAD_MAX_CHARS: usize = 4;

/// A name this short, with a target, below a name without one that does
/// not end like a whole one, is that name's tail (`位率`), page break or not.
const SPLIT_TAIL_MAX_CHARS: usize = 2;

/// A row a word processor broke over the page, both its name and its
/// target cut: the name's part after the break is at most this short
/// (`响` / `应时间`, `…半小时` / `内；郊区三个小时内`).
const CUT_ROW_TAIL_MAX_CHARS: usize = 3;

/// Should the name on the first row after a page break continue `prev`?
fn continues(prev: &Draft, name: &str) -> bool {
    prev.target.is_none()
        && (name.chars().count() <= 4
            || prev.name.chars().count() <= CUT_HEAD_MAX_CHARS
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

/// A row whose only 二级 is the bare words of its group's own label
/// (`可持续影响` under 可持续影响指标, `经济成本` under 经济成本指标),
/// followed by one more cell and no target: the bare words are the 三级
/// name (forms name an indicator after its group) and the cell is its
/// target, whatever it says (`持续发挥作用`).
fn bare_group_label_as_name(
    p: &mut Parsed,
    group: Option<&Label2>,
    here: &str,
    warnings: &mut Vec<String>,
) {
    let (Some(l2), Some(group), None, None) = (&p.l2, group, &p.target, &p.l1) else {
        return;
    };
    let bare = !l2.text.ends_with("指标") && group.text.strip_suffix("指标") == Some(&l2.text);
    if !bare || p.name.is_none() {
        return;
    }
    warnings.push(format!(
        "\"{}\" ({here}) read as an indicator named after its group {}, \"{}\" its target",
        l2.text,
        group.text,
        p.name.as_deref().unwrap_or("")
    ));
    p.target = p.name.take();
    p.name = p.l2.take().map(|l| l.text);
}

/// `by_meaning`: settle rows whose group label crossed a page break by the
/// words of their names (OCR'd text, which has no geometry); PDF tables mark
/// where merged cells start instead (`Row::open_cells`).
pub(super) fn assemble(
    rows: Vec<Parsed>,
    by_meaning: bool,
    warnings: &mut Vec<String>,
) -> Vec<Draft> {
    let mut assembler = Assembler {
        drafts: Vec::new(),
        cur_l1: None,
        cur_l2: None,
        waiting_l2: Vec::new(),
        waiting_l1: Vec::new(),
        orphan_target: None,
        closed_l2: None,
        closed_l1: None,
        by_meaning,
        warnings,
    };
    for mut p in rows {
        let here = match p.line {
            Some(line) => format!("line {line}"),
            None => format!("page {}", p.page),
        };
        bare_group_label_as_name(&mut p, assembler.cur_l2.as_ref(), &here, assembler.warnings);
        // 1. A row continuing the previous indicator.
        if assembler.continues_previous(&p, &here) {
            continue;
        }
        // 2. Labels open groups; an empty merged cell start closes one.
        assembler.labels(&p, &here);
        // 3. A new indicator.
        assembler.indicator(p, here);
    }
    assembler.finish()
}

/// The indicators being assembled, and the groups open at the current row.
struct Assembler<'w> {
    drafts: Vec<Draft>,
    cur_l1: Option<Label1>,
    cur_l2: Option<Label2>,
    /// Indicators pushed while the 二级 (or 一级) label of their group was
    /// not yet seen; a label printed further down the group covers them.
    waiting_l2: Vec<usize>,
    waiting_l1: Vec<usize>,
    /// A target with no name and no indicator to take it, and where it was.
    orphan_target: Option<(String, String)>,
    /// The 二级 label an open cell closed, until the next 二级 label.
    closed_l2: Option<Label2>,
    /// The 一级 label an open cell closed, until the next 一级 label.
    closed_l1: Option<Label1>,
    by_meaning: bool,
    warnings: &'w mut Vec<String>,
}

impl Assembler<'_> {
    /// Joins a row that continues the previous indicator (a cell split by
    /// a page break, a target below its name); true when it did.
    fn continues_previous(&mut self, p: &Parsed, here: &str) -> bool {
        if let Some(prev_index) = self.drafts.len().checked_sub(1) {
            let prev = &self.drafts[prev_index];
            let join = match (&p.name, &p.target) {
                (None, Some(_)) => prev.target.is_none(),
                (Some(name), _) => {
                    p.page_start
                        && (continues(prev, name)
                            // A row the break cut, carrying a target: after
                            // a name without one at the foot of the page
                            // (whatever labels the row brings: a group label
                            // printed after the break is the cut row's), or
                            // with both name and target cut (the name's
                            // bracket closes on this page).
                            || (p.target.is_some()
                                && (prev.target.is_none()
                                    || (same_labels(prev, p)
                                        && (bracket_open(&prev.name, name)
                                            || prev.target.as_deref().is_some_and(cut_after))))))
                }
                _ => false,
            };
            // A table a tool joined over the page break (MinerU) keeps the
            // two parts of a row the break cut as two rows: the second holds
            // a fragment no name is (`率`) and the target.
            // So is a name whose bracket the row above opened
            // (`粉丝数年上涨率（以第三方机构` / `年度抽样调查结果为准）`).
            let joined_over_break = !p.page_start
                && p.l1.is_none()
                && p.l2.is_none()
                && p.target.is_some()
                && prev.target.is_none()
                && p.name.as_ref().is_some_and(|n| {
                    (n.chars().count() <= SPLIT_TAIL_MAX_CHARS && !ends_like_complete(&prev.name))
                        || bracket_open(&prev.name, n)
                });
            let join = join || joined_over_break || self.split_row_tail(prev, p);
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
                let prev = &mut self.drafts[prev_index];
                prev.name_full = p.name_full;
                if let Some(name) = &p.name {
                    self.warnings.push(format!(
                        "joined \"{}\" ({}) and \"{}\" ({here}): one cell split by a page break",
                        prev.name, prev.place, name
                    ));
                    prev.name.push_str(name);
                } else {
                    self.warnings.push(format!(
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
                        self.warnings.push(format!(
                            "一级 label {} ({here}) applied to \"{}\" above it",
                            l1.text, prev.name
                        ));
                    }
                    prev.l1 = Some(l1.clone());
                    self.cur_l1 = Some(l1);
                }
                if let Some(l2) = p.l2.clone() {
                    let old = prev.l2.replace(l2.clone());
                    prev.l2_on_row = true;
                    if old.as_ref() != Some(&l2) {
                        self.warnings.push(format!(
                            "二级 label {} printed after the page break ({here}) applied to \"{}\"",
                            l2.text, prev.name
                        ));
                        if self.by_meaning {
                            relabel_before_break(
                                &mut self.drafts[..prev_index],
                                prev_page,
                                (None, &l2),
                                old.as_ref(),
                                self.warnings,
                            );
                        }
                    }
                    fill_waiting_l2(&mut self.drafts, &mut self.waiting_l2, &l2, self.warnings);
                    self.cur_l2 = Some(l2);
                }
                return true;
            }
        }
        false
    }

    /// A word processor lets a table row break over pages: the row's cells
    /// go on at the top of the next page, without labels of their own (the
    /// merged label cells go on too). The head kept its target, or the
    /// target goes on as well (`不影响日常业务` / `工作开展`). Only where
    /// cells come from a grid (PDF tables): there the first row of a page
    /// without a target, or with a target and no name, is such a tail when
    /// the name above fills its cell or does not end like a whole one.
    fn split_row_tail(&self, prev: &Draft, p: &Parsed) -> bool {
        if self.by_meaning || !p.page_start || p.l1.is_some() || p.l2.is_some() {
            return false;
        }
        if prev.target.is_none() || prev.page == p.page {
            return false;
        }
        match (&p.name, &p.target) {
            (Some(name), None) => {
                // (A name that fills its cell to the page's foot went on,
                // though it ends like a whole one: `…食品安全量`.)
                prev.name_full
                    || !ends_like_complete(&prev.name)
                    || bracket_open(&prev.name, name)
                    || name.starts_with(['(', '（'])
            }
            (None, Some(_)) => true,
            // Both cut (`突发公共事件应急处置响应时` / `间`, `…郊区` / `三个
            // 小时内`): a name this short is no indicator's.
            (Some(name), Some(_)) => {
                name.chars().count() <= CUT_ROW_TAIL_MAX_CHARS && !ends_like_complete(&prev.name)
            }
            _ => false,
        }
    }

    /// The row's labels: cut labels completed, groups opened and closed,
    /// late labels applied to the rows waiting for them.
    fn labels(&mut self, p: &Parsed, here: &str) {
        for suffix in &p.label_suffixes {
            complete_cut_label(
                &mut self.drafts,
                &mut self.cur_l1,
                &mut self.cur_l2,
                suffix,
                here,
                self.warnings,
            );
        }
        // 2. Labels open groups; an empty merged cell start closes one.
        if p.l1_open {
            self.closed_l1 = self.cur_l1.take().or(self.closed_l1.take());
            self.closed_l2 = self.cur_l2.take().or(self.closed_l2.take());
            self.waiting_l1.clear();
            self.waiting_l2.clear();
        } else if p.l2_open {
            self.closed_l2 = self.cur_l2.take().or(self.closed_l2.take());
            self.waiting_l2.clear();
        }
        if let (true, Some(l2), Some(last)) = (
            p.page_start,
            p.l2.as_ref(),
            self.drafts.len().checked_sub(1),
        ) {
            // A group label printed at the top of a page may also cover the
            // rows just above the break: inside one 一级 group, or, where
            // the 一级 label came after the break too, in the new 一级.
            let (prev_page, prev_l2) = (self.drafts[last].page, self.drafts[last].l2.clone());
            let parent = l2.info.map(|i| i.parent);
            let fits = match &p.l1 {
                None => parent == self.drafts[last].l1.as_ref().map(|l| l.kind),
                Some(l1) => parent == Some(l1.kind),
            };
            if self.by_meaning && fits && prev_page != p.page && prev_l2.as_ref() != Some(l2) {
                relabel_before_break(
                    &mut self.drafts[..=last],
                    prev_page,
                    (p.l1.as_ref(), l2),
                    prev_l2.as_ref(),
                    self.warnings,
                );
            }
        }
        if let Some(l1) = p.l1.clone() {
            self.closed_l1 = None;
            for &k in &self.waiting_l1 {
                if let Some(d) = self.drafts.get_mut(k) {
                    if d.l1.is_none()
                        && d.l2
                            .as_ref()
                            .and_then(|l| l.info)
                            .is_none_or(|i| i.parent == l1.kind)
                        && !foreign_to_satisfaction(d, l1.kind)
                    {
                        self.warnings.push(format!(
                            "一级 label {} printed below \"{}\"; applied to it",
                            l1.text, d.name
                        ));
                        d.l1 = Some(l1.clone());
                    }
                }
            }
            // The group above is closed unless this 一级 is its own label
            // printed late (a merged cell centred on a later row or page).
            let group_kind = self
                .cur_l1
                .as_ref()
                .map(|l| l.kind)
                .or_else(|| self.cur_l2.as_ref().and_then(|l| l.info).map(|i| i.parent));
            if group_kind != Some(l1.kind) || p.l2.is_some() {
                self.cur_l2 = None;
                // Rows that were waiting for this 一级 are in its group and
                // wait for its 二级 too; rows of the group above are not.
                self.waiting_l2.retain(|k| self.waiting_l1.contains(k));
            }
            self.waiting_l1.clear();
            self.cur_l1 = Some(l1);
        }
        if let Some(l2) = p.l2.clone() {
            fill_waiting_l2(&mut self.drafts, &mut self.waiting_l2, &l2, self.warnings);
            self.cur_l2 = Some(l2);
            self.closed_l2 = None;
        }
    }

    /// The row as a new indicator (a name), or a target kept for the next
    /// page's first row.
    fn indicator(&mut self, mut p: Parsed, here: String) {
        if let Some((fragment, at)) = self.orphan_target.take() {
            match (&p.name, p.page_start) {
                (Some(name), true) => {
                    self.warnings.push(format!(
                        "target \"{fragment}\" ({at}) and the row \"{name}\" ({here}) joined: one row cut by a page break"
                    ));
                    p.target = Some(format!("{fragment}{}", p.target.as_deref().unwrap_or("")));
                }
                _ => self.warnings.push(format!(
                    "target \"{fragment}\" ({at}) has no indicator name; dropped"
                )),
            }
        }
        match (p.name, p.target) {
            (Some(name), target) => {
                if self.cur_l2.is_none() {
                    self.waiting_l2.push(self.drafts.len());
                }
                if self.cur_l1.is_none() {
                    self.waiting_l1.push(self.drafts.len());
                }
                self.drafts.push(Draft {
                    l1: self.cur_l1.clone(),
                    l2: self.cur_l2.clone(),
                    l2_on_row: p.l2.is_some(),
                    name,
                    target,
                    page: p.page,
                    line: p.line,
                    bbox: p.bbox,
                    name_full: p.name_full,
                    place: here,
                    closed_l2: self
                        .cur_l2
                        .is_none()
                        .then(|| self.closed_l2.clone())
                        .flatten(),
                    closed_l1: self
                        .cur_l1
                        .is_none()
                        .then(|| self.closed_l1.clone())
                        .flatten(),
                });
            }
            (None, Some(target)) => {
                // Kept for the first row of the next page: the row was cut
                // by the break and its name printed wholly over there.
                if let Some(lost) = self.orphan_target.replace((target, here)) {
                    self.warnings.push(format!(
                        "target \"{}\" ({}) has no indicator name; dropped",
                        lost.0, lost.1
                    ));
                }
            }
            (None, None) => {}
        }
    }

    fn finish(mut self) -> Vec<Draft> {
        if let Some((lost, at)) = self.orphan_target.take() {
            self.warnings.push(format!(
                "target \"{lost}\" ({at}) has no indicator name; dropped"
            ));
        }
        keep_closed_groups(&mut self.drafts, self.warnings);
        self.drafts
    }
}

/// An open cell says a new merged 二级 cell starts on its row, its label
/// elsewhere (over the page break). Indicators that no 二级 label reached
/// in the end stay in the group above, as an unlabelled row of a ruled
/// table would, when that group belongs to their 一级. The same holds for
/// a 一级 group: a tool that joined the two parts of a table cut by a page
/// break (MinerU) keeps the second part's empty merged label cells.
fn keep_closed_groups(drafts: &mut [Draft], warnings: &mut Vec<String>) {
    for d in drafts.iter_mut().filter(|d| d.l1.is_none()) {
        let Some(closed) = d.closed_l1.take() else {
            continue;
        };
        let fits =
            d.l2.as_ref()
                .and_then(|l| l.info)
                .is_none_or(|i| i.parent == closed.kind);
        if fits {
            warnings.push(format!(
                "no 一级 label for \"{}\" ({}); kept in the group above, {}",
                d.name, d.place, closed.text
            ));
            d.l1 = Some(closed);
        }
    }
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

/// A row that may go on the group above (an open cell no label of its own
/// reached yet) is kept out of a 满意度 group printed below it when its name
/// says nothing of 满意: satisfaction indicators are named for it, so such
/// a row is the continuation of the group above (a table a tool joined over
/// a page break), not the first row of the 满意度 group.
fn foreign_to_satisfaction(d: &Draft, kind: Level1) -> bool {
    kind == Level1::Satisfaction
        && (d.closed_l1.is_some() || d.closed_l2.is_some())
        && !d.name.contains("满意")
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
            } && !l2
                .info
                .is_some_and(|i| foreign_to_satisfaction(d, i.parent));
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
/// With a 一级 label printed after the break too, the rows move to it.
fn relabel_before_break(
    drafts: &mut [Draft],
    page: usize,
    (new_l1, new): (Option<&Label1>, &Label2),
    old: Option<&Label2>,
    warnings: &mut Vec<String>,
) {
    let Some(new_kind) = new.info.map(|i| i.kind) else {
        return;
    };
    let old_kind = old.and_then(|l| l.info).map(|i| i.kind);
    for d in drafts.iter_mut().rev() {
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
        if let Some(l1) = new_l1.filter(|l1| d.l1.as_ref().is_some_and(|d1| d1.kind != l1.kind)) {
            d.l1 = Some(l1.clone());
        }
    }
}
