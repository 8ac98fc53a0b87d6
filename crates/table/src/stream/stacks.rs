//! Stacked labels: a row label printed one or two characters per line.

use crate::lines::{self, Segment, G};
use crate::FormWords;

/// A run of one or two CJK glyphs standing alone on its line.
pub(super) struct Lone {
    pub(super) line: usize,
    pub(super) glyphs: Vec<usize>,
    pub(super) cx: f32,
    pub(super) cy: f32,
    pub(super) em: f32,
    pub(super) used: bool,
    /// A bracketed unit (`（元）`): the end of its stack.
    pub(super) unit: bool,
    /// Three characters: a stack holding one is a row label's words.
    pub(super) wide: bool,
    /// Ends in a closing bracket (`）` of `（`/`元`/`）` one a line): the
    /// end of its stack too.
    pub(super) closes: bool,
}

/// Takes the stacked labels (see [`stacks`]) out of the page's lines: their
/// glyphs leave the lines they were on and come back, per line, as one
/// segment on the line of the stack's first glyphs.
pub(super) fn lift_stacks(
    glyphs: &[G],
    all_lines: &mut [lines::Line],
    words: &dyn FormWords,
) -> Vec<Vec<Segment>> {
    let mut stack_segs: Vec<Vec<Segment>> = vec![Vec::new(); all_lines.len()];
    let mut in_stack = vec![false; glyphs.len()];
    for (li, chain) in stacks(glyphs, all_lines, words) {
        let mut text = String::new();
        let (mut x0, mut x1) = (f32::INFINITY, f32::NEG_INFINITY);
        for &i in &chain {
            if let Some(g) = glyphs.get(i) {
                text.push_str(g.text);
                x0 = x0.min(g.x0);
                x1 = x1.max(g.x1);
            }
            if let Some(flag) = in_stack.get_mut(i) {
                *flag = true;
            }
        }
        if let Some(list) = stack_segs.get_mut(li) {
            list.push(Segment {
                x0,
                x1,
                text,
                lifted: chain,
            });
        }
    }
    for line in all_lines.iter_mut() {
        line.glyphs
            .retain(|&i| !in_stack.get(i).copied().unwrap_or(false));
    }
    stack_segs
}

/// Glyphs of one run touch: gaps up to this many ems.
const TOUCHING_EM: f32 = 0.15;
/// A lone run is at most two CJK characters, this many ems wide…
const SHORT_RUN_EM: f32 = 2.2;
/// …or three (`项目资` / `金` / `（元）`: Writer wraps a label in its narrow
/// cell where the cell ends), this many, where the stack spells a row
/// label.
const WIDE_RUN_EM: f32 = 3.3;
/// A bracketed unit (`（万元）`) that ends a stack is at most this wide.
const UNIT_RUN_EM: f32 = 4.2;
/// A lone run stands this far (ems) from its neighbours on the line.
const LONE_GAP_EM: f32 = 0.3;
/// Runs of one stack: centres within this many ems across…
const STACK_ALIGN_EM: f32 = 0.3;
/// …and at most this many ems apart down the stack (Writer sets Noto CJK
/// lines 1.66 em apart).
const STACK_STEP_EM: f32 = 1.8;

/// Finds stacked labels: chains of lone runs one above the other. Returns
/// (line of the first run, glyphs top to bottom) per chain.
pub(super) fn stacks(
    glyphs: &[G],
    page_lines: &[lines::Line],
    words: &dyn FormWords,
) -> Vec<(usize, Vec<usize>)> {
    let mut lone: Vec<Lone> = page_lines
        .iter()
        .enumerate()
        .flat_map(|(li, line)| lone_runs(glyphs, li, line))
        .collect();
    let mut out = Vec::new();
    for start in 0..lone.len() {
        if lone.get(start).is_none_or(|l| l.used) {
            continue;
        }
        let chain = chain_from(&lone, start);
        let singles = chain
            .iter()
            .all(|&k| lone.get(k).is_some_and(|l| l.glyphs.len() == 1));
        // Two runs of two (`绩效`/`指标`) could as well be two short cells
        // of one column; only a row label's words make them one.
        let text: String = chain
            .iter()
            .filter_map(|&k| lone.get(k))
            .map(|l| run_text(glyphs, l))
            .collect();
        let row_label = words.is_stacked_row_label(&text);
        if repeats_a_word(glyphs, &lone, &chain) {
            continue;
        }
        let has_wide = chain.iter().any(|&k| lone.get(k).is_some_and(|l| l.wide));
        if has_wide && !words.is_stacked_row_label(&words_of(glyphs, &lone, &chain)) {
            continue;
        }
        if chain.len() >= 3 || (chain.len() == 2 && (singles || row_label)) {
            let mut glyph_ids = Vec::new();
            for &k in &chain {
                if let Some(l) = lone.get_mut(k) {
                    l.used = true;
                    glyph_ids.extend(l.glyphs.iter().copied());
                }
            }
            if let Some(l) = lone.get(start) {
                out.push((l.line, glyph_ids));
            }
        }
    }
    out
}

/// The text of one lone run.
fn run_text(glyphs: &[G], run: &Lone) -> String {
    run.glyphs
        .iter()
        .filter_map(|&i| glyphs.get(i))
        .map(|g| g.text)
        .collect()
}

/// The text of a stack's runs, its closing unit (`（元）`) left out.
fn words_of(glyphs: &[G], lone: &[Lone], chain: &[usize]) -> String {
    chain
        .iter()
        .filter_map(|&k| lone.get(k))
        .filter(|l| !l.unit)
        .map(|l| run_text(glyphs, l))
        .collect()
}

/// True when two runs of two characters in the chain read the same: a
/// column of short values (`健全` / `健全` / `健全`, Writer's unpadded rows),
/// never a label written down its cell, whose words do not repeat.
fn repeats_a_word(glyphs: &[G], lone: &[Lone], chain: &[usize]) -> bool {
    let words: Vec<String> = chain
        .iter()
        .filter_map(|&k| lone.get(k))
        .filter(|l| l.glyphs.len() == 2)
        .map(|l| run_text(glyphs, l))
        .collect();
    words
        .iter()
        .enumerate()
        .any(|(k, w)| words.iter().skip(k + 1).any(|v| v == w))
}

/// The lone runs of line `li`: one or two CJK glyphs (or a bracketed unit)
/// set off from their neighbours.
fn lone_runs(glyphs: &[G], li: usize, line: &lines::Line) -> Vec<Lone> {
    // Runs of touching glyphs.
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut prev: Option<&G> = None;
    for &i in &line.glyphs {
        let Some(g) = glyphs.get(i) else { continue };
        let touching = prev.is_some_and(|p| g.x0 - p.x1 <= TOUCHING_EM * g.em);
        match runs.last_mut() {
            Some(run) if touching => run.push(i),
            _ => runs.push(vec![i]),
        }
        prev = Some(g);
    }
    let mut out = Vec::new();
    for (k, run) in runs.iter().enumerate() {
        let first = run.first().and_then(|&i| glyphs.get(i));
        let last = run.last().and_then(|&i| glyphs.get(i));
        let (Some(first), Some(last)) = (first, last) else {
            continue;
        };
        let em = first.em;
        let cjk = run
            .iter()
            .filter_map(|&i| glyphs.get(i))
            .all(|g| g.text.chars().all(lines::is_cjk));
        // A unit in brackets (`（元）`, `（万元）`) may end a stack.
        let unit = (3..=4).contains(&run.len())
            && first.text.starts_with(['（', '('])
            && last.text.ends_with(['）', ')'])
            && last.x1 - first.x0 <= UNIT_RUN_EM * em
            && run
                .iter()
                .filter_map(|&i| glyphs.get(i))
                .all(|g| g.text.chars().all(|c| lines::is_cjk(c) || "()".contains(c)));
        let short = cjk && run.len() <= 2 && last.x1 - first.x0 <= SHORT_RUN_EM * em;
        let wide = cjk && run.len() == 3 && last.x1 - first.x0 <= WIDE_RUN_EM * em;
        if !(short || wide || unit) {
            continue;
        }
        let left_gap = k
            .checked_sub(1)
            .and_then(|p| runs.get(p))
            .and_then(|r| r.last())
            .and_then(|&i| glyphs.get(i))
            .map(|p| first.x0 - p.x1);
        let right_gap = runs
            .get(k + 1)
            .and_then(|r| r.first())
            .and_then(|&i| glyphs.get(i))
            .map(|n| n.x0 - last.x1);
        let near = |gap: Option<f32>| gap.is_some_and(|g| g <= LONE_GAP_EM * em);
        if near(left_gap) || near(right_gap) {
            continue;
        }
        // The run's own centre: a stacked character often shares a line
        // with a taller neighbour cell's text, which skews the line's.
        let cy = (first.cy() + last.cy()) / 2.0;
        out.push(Lone {
            line: li,
            glyphs: run.clone(),
            cx: (first.x0 + last.x1) / 2.0,
            cy,
            em,
            used: false,
            unit: unit && !short,
            wide,
            closes: last.text.ends_with(['）', ')']),
        });
    }
    out
}

/// The unused lone runs stacked below run `start` (itself first): each
/// next one on a later line, in line with the one above.
fn chain_from(lone: &[Lone], start: usize) -> Vec<usize> {
    let mut chain = vec![start];
    let mut cur = start;
    let mut next = start + 1;
    while let (Some(c), Some(_)) = (lone.get(cur), lone.get(next)) {
        // `项`…`（元）` ends there; a stack below it (`项`…`标`, 项目绩效目标)
        // is another label.
        if c.unit || c.closes {
            break;
        }
        let (cx, cy, em, line) = (c.cx, c.cy, c.em, c.line);
        let found = (next..lone.len())
            .take_while(|&k| lone.get(k).is_some_and(|l| l.cy - cy <= STACK_STEP_EM * em))
            .find(|&k| {
                lone.get(k).is_some_and(|l| {
                    !l.used && l.line > line && (l.cx - cx).abs() < STACK_ALIGN_EM * em
                })
            });
        match found {
            Some(k) => {
                chain.push(k);
                cur = k;
                next = k + 1;
            }
            None => break,
        }
    }
    chain
}
