//! The fit of merged-cell labels to groups of data lines.

/// Data lines of one page and anchor epoch, for fitting label groups.
#[derive(Clone, Copy)]
pub(super) struct Fit<'a> {
    /// Extent (top, bottom) of each data line, top to bottom.
    pub(super) ext: &'a [(f32, f32)],
    pub(super) em: f32,
    /// Lines before the first group may belong to a group whose label is
    /// on the previous page.
    pub(super) allow_prefix: bool,
    /// With `allow_prefix`: the height of the rows at the foot of the
    /// previous page that no label there covered, with their padding (one
    /// row gap), per column (一级, 二级).
    /// A label centred on its whole merged cell (Word lets it flow over
    /// the break) sits that much above its visible rows' centre.
    pub(super) lead: (f32, f32),
    /// Lines after the last group may belong to a group whose label is on
    /// the next page (the table goes on there).
    pub(super) allow_suffix: bool,
    /// Labels sit on their group's first line (Calc prints a merged cell's
    /// text at its top), not at its centre.
    pub(super) top_aligned: bool,
    /// With `top_aligned` and `allow_prefix`: the page before was read so
    /// too, and the rows above this page's first label are its last
    /// group's, at no cost (a label at a group's top says nothing of where
    /// the group before it started).
    pub(super) continues_top: bool,
    /// Labels are centred on their whole merged cells, as office suites
    /// print a cell the page break cuts: the first group on this page's
    /// rows and the previous page's unlabelled ones (`lead`), the last one
    /// on rows the next page may hold (see [`Fit::groups`]). Without it a
    /// label is centred on the part of its cell the page shows
    /// (generators).
    pub(super) whole_cells: bool,
    /// With `allow_prefix`: how far (page units) the previous page's last
    /// group ran on to this page, by its label's centring, per column
    /// (一级, 二级); 0 where it did not.
    pub(super) claim: (f32, f32),
}

/// How far (ems) a label's centre may lie outside its group.
const CENTRE_TOLERANCE_EM: f32 = 0.5;
/// Fits whose costs differ by less than this (ems) tie: sums of equal
/// costs taken in another order differ in their last bits.
const TIE_EM: f32 = 0.01;
/// What each line left out of every group costs (ems): a label centred on
/// a run of evenly spaced lines takes them all.
const UNGROUPED_LINE_EM: f32 = 0.25;
/// What a first group starting below lines the previous page's
/// unlabelled rows run into costs on top (ems).
const UNLABELLED_PREFIX_EM: f32 = 1.0;
/// Lines after the last group cost this many times more where the table
/// ends on the page: they are most likely the last group's own.
const TABLE_END_FACTOR: f32 = 4.0;

/// Each label's (first, last) data line.
pub(super) type Groups = Vec<(usize, usize)>;

/// Fits beyond this many line × line × label steps are not attempted.
pub(super) const FIT_BUDGET: usize = 1_000_000;

impl Fit<'_> {
    /// How far (half an em) a label's centre may lie outside its group.
    pub(super) fn tol(&self) -> f32 {
        CENTRE_TOLERANCE_EM * self.em
    }

    /// The previous page's unlabelled rows (`lead`, one column's) as far
    /// as they count here: only where this page may go on from it.
    pub(super) fn prefix_lead(&self, lead: f32) -> f32 {
        if self.allow_prefix {
            lead
        } else {
            0.0
        }
    }

    /// Groups for the 一级 (`centres1`) and 二级 (`centres2`) labels that
    /// nest: 一级 groups start and end where 二级 groups do. Two ways are
    /// tried, and the cheaper kept (on evenly spaced lines a label is
    /// centred on several runs, and the free fit of one column may pick a
    /// run the other column cannot follow):
    ///
    /// * 二级 first, 一级 on its edges, then 二级 again inside 一级;
    /// * 一级 first, then 二级 inside it.
    ///
    /// Each step falls back to the fit without the other column when that
    /// leaves no fit.
    pub(super) fn both_columns(
        &self,
        centres1: &[f32],
        centres2: &[f32],
    ) -> (Option<Groups>, Option<Groups>, f32) {
        type Costed = Option<(Groups, f32)>;
        let n = self.ext.len();
        // 二级 inside `outer`, and whether it nests there.
        let inside = |outer: &Costed, free: &Costed| -> (Costed, bool) {
            match outer.as_ref().and_then(|(g, _)| {
                self.groups(centres2, &edges(g, n), None, self.lead.1, self.claim.1)
            }) {
                Some(fit) => (Some(fit), true),
                None => (free.clone(), outer.is_none()),
            }
        };
        let free2 = self.groups(centres2, &[], None, self.lead.1, self.claim.1);
        let free1 = self.groups(centres1, &[], None, self.lead.0, self.claim.0);
        let on_free2 = free2
            .as_ref()
            .and_then(|(g, _)| {
                self.groups(centres1, &[], Some(&edges(g, n)), self.lead.0, self.claim.0)
            })
            .or_else(|| free1.clone());
        let (g2, nests) = inside(&on_free2, &free2);
        let second_first = (on_free2, g2, nests);
        let (g2, nests) = inside(&free1, &free2);
        let first_first = (free1, g2, nests);
        let total = |(a, b, _): &(Costed, Costed, bool)| {
            a.as_ref().map_or(0.0, |x| x.1) + b.as_ref().map_or(0.0, |x| x.1)
        };
        // A fit that nests beats one that does not; ties go to the
        // 二级-first fit (the finer column leads).
        let best = match (second_first.2, first_first.2) {
            (false, true) => first_first,
            // (Sums of equal costs in another order differ in the last
            // bits: a tie is a tie.)
            (true, true) if total(&first_first) < total(&second_first) - TIE_EM * self.em => {
                first_first
            }
            _ => second_first,
        };
        let cost = total(&best);
        (best.0.map(|x| x.0), best.1.map(|x| x.0), cost)
    }

    /// Splits the data lines into consecutive groups, one per label centre
    /// (top to bottom), so that each label sits at its group's vertical
    /// centre: the sum of |group centre − label centre| is minimised, where
    /// a group's centre is halfway between its first line's top and its last
    /// line's bottom and must lie within half an em of the group. The first
    /// group starts at the first line unless `allow_prefix`; lines left
    /// before the first group or after the last (a group continuing across
    /// the page break, its label on the other page) cost a quarter em each
    /// (those before it nothing with `continues_top`),
    /// so a label centred on a run of evenly spaced lines takes them all;
    /// lines after the last group cost an em each where the table ends on
    /// this page (see `allow_suffix`). Lines before the first group cost
    /// an em more where the previous page left rows unlabelled (`lead`):
    /// those rows' label is on this page, and the first group is theirs.
    /// With `whole_cells` the first and last groups are centred as
    /// [`Fit::whole_cells`] says.
    /// A group may not contain a line in `bounds` except as its first;
    /// with `edges`, a group must start at one of them and end just before
    /// one. Returns each label's (first, last) line and the fit's cost, or
    /// `None` when nothing fits (or there are no labels).
    pub(super) fn groups(
        &self,
        centres: &[f32],
        bounds: &[usize],
        edges: Option<&[usize]>,
        lead: f32,
        claim: f32,
    ) -> Option<(Groups, f32)> {
        let (n, m) = (self.ext.len(), centres.len());
        let lead = self.prefix_lead(lead);
        if m == 0 || n < m || n.saturating_mul(n).saturating_mul(m) > FIT_BUDGET {
            return None;
        }
        let tol = self.tol();
        let pen = UNGROUPED_LINE_EM * self.em;
        // Where group `s` (whose first line's top is `top`) reaches up to:
        // a first group going on from the previous page is centred on that
        // page's unlabelled rows too (the `lead`).
        let group_top = |s: usize, top: f32| if s == 0 { top - lead } else { top };
        let cost = |cy: f32, s: usize, e: usize| -> f32 {
            let (Some(&(top, _)), Some(&(_, bottom))) = (self.ext.get(s), self.ext.get(e)) else {
                return f32::INFINITY;
            };
            let crosses = bounds.iter().any(|&b| s < b && b <= e);
            let off_edge = edges.is_some_and(|ed| !ed.contains(&s) || !ed.contains(&(e + 1)));
            let from = group_top(s, top);
            if cy < from - tol || cy > bottom + tol || crosses || off_edge {
                return f32::INFINITY;
            }
            if self.top_aligned {
                let first = self.ext.get(s).map_or(top, |&(t, b)| (t + b) / 2.0);
                return (first - cy).abs();
            }
            if !self.whole_cells {
                // Generators centre a label on the part of its merged
                // cell a page shows.
                return ((top + bottom) / 2.0 - cy).abs();
            }
            // Office suites centre it on the whole merged cell running
            // over the page break: the first group's on the rows before
            // too, the last's on rows on the next page (it sits at or
            // below these rows' centre).
            let miss = (from + bottom) / 2.0 - cy;
            if self.allow_suffix && e + 1 == n {
                miss.max(0.0)
            } else {
                miss.abs()
            }
        };
        // best[j][e]: least cost with labels 0..=j placed and group j ending
        // at line e; from[j][e]: where that group starts.
        let mut best = vec![vec![f32::INFINITY; n]; m];
        let mut from = vec![vec![0usize; n]; m];
        for (j, &cy) in centres.iter().enumerate() {
            for e in j..n {
                for s in j..=e {
                    // Lines further down start below the label.
                    if self
                        .ext
                        .get(s)
                        .is_none_or(|&(top, _)| cy < group_top(s, top) - tol)
                    {
                        break;
                    }
                    let before = if j == 0 {
                        let claimed = self.allow_prefix && claim > 0.0;
                        match s {
                            // The rows before the first group are the
                            // previous page's last group's: as tall as its
                            // label's centring claimed there.
                            _ if claimed => self
                                .ext
                                .get(s)
                                .zip(self.ext.first())
                                .map_or(f32::INFINITY, |(a, b)| (a.0 - b.0 - claim).abs()),
                            0 => 0.0,
                            _ if self.allow_prefix && self.top_aligned && self.continues_top => 0.0,
                            // Rows the previous page left unlabelled are
                            // this page's first label's: lines before it
                            // would make a group without one.
                            _ if self.allow_prefix && lead > 0.0 && !self.top_aligned => {
                                pen * s as f32 + UNLABELLED_PREFIX_EM * self.em
                            }
                            _ if self.allow_prefix => pen * s as f32,
                            _ => f32::INFINITY,
                        }
                    } else {
                        best.get(j - 1)
                            .and_then(|row| row.get(s - 1))
                            .copied()
                            .unwrap_or(f32::INFINITY)
                    };
                    if !before.is_finite() {
                        continue;
                    }
                    let total = before + cost(cy, s, e);
                    if let (Some(b), Some(f)) = (
                        best.get_mut(j).and_then(|r| r.get_mut(e)),
                        from.get_mut(j).and_then(|r| r.get_mut(e)),
                    ) {
                        if total < *b {
                            *b = total;
                            *f = s;
                        }
                    }
                }
            }
        }
        let last = best.get(m - 1)?;
        let mut end = None;
        let mut least = f32::INFINITY;
        // Where the table ends on this page, lines after the last group
        // are most likely the group's own.
        let tail = if self.allow_suffix {
            pen
        } else {
            TABLE_END_FACTOR * pen
        };
        for (e, &c) in last.iter().enumerate() {
            let total = c + tail * (n - 1 - e) as f32;
            if total < least {
                least = total;
                end = Some(e);
            }
        }
        let mut e = end?;
        let mut out = vec![(0, 0); m];
        for j in (0..m).rev() {
            let s = *from.get(j)?.get(e)?;
            *out.get_mut(j)? = (s, e);
            if j > 0 {
                e = s.checked_sub(1)?;
            }
        }
        Some((out, least))
    }
}

/// Group boundaries of a fit over `n` lines: 0, `n`, and where each group
/// starts and ends (the line after its last).
pub(super) fn edges(groups: &[(usize, usize)], n: usize) -> Vec<usize> {
    let mut out = vec![0, n];
    for &(s, e) in groups {
        out.push(s);
        out.push(e + 1);
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::Fit;

    impl Fit<'_> {
        fn groups_only(
            &self,
            centres: &[f32],
            bounds: &[usize],
            edges: Option<&[usize]>,
        ) -> Option<Vec<(usize, usize)>> {
            self.groups(centres, bounds, edges, 0.0, 0.0)
                .map(|(g, _)| g)
        }
    }

    /// Ten-point lines twenty points apart from y = 100.
    fn lines(n: usize) -> Vec<(f32, f32)> {
        (0..n)
            .map(|k| {
                let top = 100.0 + 20.0 * k as f32;
                (top, top + 10.0)
            })
            .collect()
    }

    /// Centre of lines `a..=b`.
    fn mid(a: usize, b: usize) -> f32 {
        (100.0 + 20.0 * a as f32 + 110.0 + 20.0 * b as f32) / 2.0
    }

    #[test]
    fn groups_from_centres() {
        let ext = lines(6);
        let fit = Fit {
            ext: &ext,
            em: 10.0,
            allow_prefix: false,
            lead: (0.0, 0.0),
            allow_suffix: true,
            top_aligned: false,
            continues_top: false,
            whole_cells: false,
            claim: (0.0, 0.0),
        };
        // Even (between lines 1 and 2), odd (line 4), a one-line group.
        let centres = [mid(0, 3), mid(4, 4), mid(5, 5)];
        assert_eq!(
            fit.groups_only(&centres, &[], None),
            Some(vec![(0, 3), (4, 4), (5, 5)])
        );
        // The last group may end early: the rest belongs to a group whose
        // label is on the next page.
        assert_eq!(
            fit.groups_only(&[mid(0, 1), mid(2, 3)], &[], None),
            Some(vec![(0, 1), (2, 3)])
        );
        // A label centred on all lines takes all of them.
        assert_eq!(fit.groups_only(&[mid(0, 5)], &[], None), Some(vec![(0, 5)]));
        // Nothing is centred below the last line; more labels than lines.
        assert_eq!(fit.groups_only(&[mid(0, 0), 400.0], &[], None), None);
        assert_eq!(fit.groups_only(&[mid(0, 0); 7], &[], None), None);
        assert_eq!(fit.groups_only(&[], &[], None), None);
    }

    #[test]
    fn rows_above_the_first_top_label_go_on_from_a_page_read_at_the_tops() {
        // Labels at their groups' first lines (Calc, unmerged), on lines 2
        // and 4 of six; lines 0-1 are the last group of the page before.
        let ext = lines(6);
        let top = |continues_top| Fit {
            ext: &ext,
            em: 10.0,
            allow_prefix: true,
            lead: (0.0, 0.0),
            allow_suffix: true,
            top_aligned: true,
            continues_top,
            whole_cells: false,
            claim: (0.0, 0.0),
        };
        let centres = [mid(2, 2), mid(4, 4)];
        let cost = |f: Fit| f.groups(&centres, &[], None, 0.0, 0.0).map(|(_, c)| c);
        assert_eq!(
            top(true).groups_only(&centres, &[], None),
            Some(vec![(2, 3), (4, 5)])
        );
        assert!(cost(top(true)).is_some_and(|c| c < 0.01));
        // Not read so on the page before: each row above costs.
        assert!(cost(top(false)).is_some_and(|c| c >= 5.0));
    }

    #[test]
    fn groups_with_prefix_bounds_and_edges() {
        let ext = lines(4);
        let fixed = Fit {
            ext: &ext,
            em: 10.0,
            allow_prefix: false,
            lead: (0.0, 0.0),
            allow_suffix: true,
            top_aligned: false,
            continues_top: false,
            whole_cells: false,
            claim: (0.0, 0.0),
        };
        let continued = Fit {
            ext: &ext,
            em: 10.0,
            allow_prefix: true,
            lead: (0.0, 0.0),
            allow_suffix: true,
            top_aligned: false,
            continues_top: false,
            whole_cells: false,
            claim: (0.0, 0.0),
        };
        // Without a header on the page the first lines may continue a
        // group from the previous page.
        assert_eq!(
            continued.groups_only(&[mid(2, 3)], &[], None),
            Some(vec![(2, 3)])
        );
        // Under the header the first group starts at the first line.
        assert_eq!(
            fixed.groups_only(&[mid(2, 3)], &[], None),
            Some(vec![(0, 3)])
        );
        // A group may not cross a bound; with edges it must start and end on
        // them (lines 0..=2 centre on line 1, as does line 1 alone).
        assert_eq!(
            fixed.groups_only(&[mid(0, 2)], &[1], None),
            None,
            "crosses the bound at line 1"
        );
        assert_eq!(
            continued.groups_only(&[mid(1, 1)], &[], Some(&[0, 1, 2, 4])),
            Some(vec![(1, 1)])
        );
        assert_eq!(
            continued.groups_only(&[mid(1, 1)], &[], Some(&[0, 3, 4])),
            Some(vec![(0, 2)])
        );
    }

    #[test]
    fn nested_columns_take_the_cheaper_order() {
        // A continued page of eight evenly spaced lines: lines 0–1 finish a
        // 二级 group from the previous page. 一级 labels centre on 0–3 and
        // 4–7, 二级 labels on 2–3 and 4–7. The free 二级 fit may as well
        // take 1–4 and 5–6 (same centres, one line left on each side), which
        // no 一级 fit can follow; fitting 一级 first costs nothing.
        let ext = lines(8);
        let fit = Fit {
            ext: &ext,
            em: 10.0,
            allow_prefix: true,
            lead: (0.0, 0.0),
            allow_suffix: true,
            top_aligned: false,
            continues_top: false,
            whole_cells: false,
            claim: (0.0, 0.0),
        };
        let (g1, g2, _) = fit.both_columns(&[mid(0, 3), mid(4, 7)], &[mid(2, 3), mid(4, 7)]);
        assert_eq!(g1, Some(vec![(0, 3), (4, 7)]));
        assert_eq!(g2, Some(vec![(2, 3), (4, 7)]));
    }

    #[test]
    fn a_near_tie_between_the_two_orders_goes_to_the_finer_column() {
        // A continued page (9 pt, rows 19.5 pt apart): 时效 goes on from
        // the previous page over lines 0–1, then 数量 2–10, 质量 11–19 and
        // 可持续影响 20–22 (going on to the next page); 产出指标 is centred
        // on lines 0–19, and the previous page's rows count as its lead.
        // The two orders' costs differ only in rounding.
        // (Positions as read from the page, rounding and all.)
        let ext: Vec<(f32, f32)> = (0..23)
            .map(|k| {
                let top = 92.74998 + 19.5 * k as f32;
                (top, top + 9.0)
            })
            .collect();
        let fit = Fit {
            ext: &ext,
            em: 9.0,
            allow_prefix: true,
            lead: (39.00003, 0.0),
            allow_suffix: true,
            top_aligned: false,
            continues_top: false,
            whole_cells: false,
            claim: (0.0, 0.0),
        };
        let (g1, g2, _) = fit.both_columns(&[282.49997], &[214.24997, 389.74997, 506.74997]);
        assert_eq!(g1, Some(vec![(0, 19)]));
        assert_eq!(g2, Some(vec![(2, 10), (11, 19), (20, 22)]));
    }

    #[test]
    fn lines_after_the_last_group_cost_more_where_the_table_ends() {
        // The last label sits 3 pt below line 2's centre, 7 pt above the
        // centre of lines 2–3. If the table goes on, line 3 may start a
        // group labelled on the next page; if it ends here, line 3 is most
        // likely the last group's own.
        let ext = lines(4);
        let centres = [mid(0, 1), mid(2, 2) + 3.0];
        let fit = |allow_suffix: bool| Fit {
            ext: &ext,
            em: 10.0,
            allow_prefix: false,
            lead: (0.0, 0.0),
            allow_suffix,
            top_aligned: false,
            continues_top: false,
            whole_cells: false,
            claim: (0.0, 0.0),
        };
        let groups = |f: Fit| f.groups(&centres, &[], None, 0.0, 0.0).map(|g| g.0);
        assert_eq!(groups(fit(true)), Some(vec![(0, 1), (2, 2)]));
        assert_eq!(groups(fit(false)), Some(vec![(0, 1), (2, 3)]));
    }

    #[test]
    fn a_label_flowing_over_the_break_counts_the_rows_above_it() {
        // Lines 0–2 finish a group whose first 40 pt of rows were at the
        // foot of the previous page; Word centred its label on the whole
        // cell (y 105), above the visible rows' centre (125).
        let ext = lines(6);
        let fit = Fit {
            ext: &ext,
            em: 10.0,
            allow_prefix: true,
            lead: (0.0, 40.0),
            allow_suffix: true,
            top_aligned: false,
            continues_top: false,
            whole_cells: true,
            claim: (0.0, 0.0),
        };
        let centres = [105.0, mid(3, 5)];
        assert_eq!(
            fit.groups(&centres, &[], None, 40.0, 0.0).map(|g| g.0),
            Some(vec![(0, 2), (3, 5)])
        );
        // Centred on the page's rows only, the label could as well take
        // line 0 alone.
        let on_page = Fit {
            whole_cells: false,
            ..fit
        };
        let (g, cost) = on_page.groups(&centres, &[], None, 40.0, 0.0).unwrap();
        assert!(cost >= 20.0 - 1e-3, "{g:?} {cost}");
    }

    #[test]
    fn nested_columns_beat_a_cheaper_fit_that_does_not_nest() {
        // Page 2 of a stress form (merged labels flowing across the page
        // break): its 一级 labels alone fit best one line short of each true
        // group, but then no 二级 fit nests inside; the fit that follows
        // the 二级 groups wins although it costs more.
        let ext = [
            (101.5, 112.5),
            (130.35, 141.35),
            (159.2, 170.2),
            (183.2, 194.2),
            (212.05, 223.05),
            (245.75, 256.75),
            (279.45, 290.45),
            (308.3, 319.3),
            (332.3, 343.3),
            (356.3, 367.3),
            (380.3, 391.3),
        ];
        let fit = Fit {
            ext: &ext,
            em: 11.0,
            allow_prefix: true,
            lead: (0.0, 0.0),
            allow_suffix: true,
            top_aligned: false,
            continues_top: false,
            whole_cells: false,
            claim: (0.0, 0.0),
        };
        let l1 = [135.85, 251.25, 349.8];
        let l2 = [102.42, 135.85, 176.7, 217.55, 251.25, 284.95, 349.8];
        let (g1, g2, _) = fit.both_columns(&l1, &l2);
        assert_eq!(
            g2,
            Some(vec![
                (0, 0),
                (1, 1),
                (2, 3),
                (4, 4),
                (5, 5),
                (6, 6),
                (7, 10)
            ])
        );
        assert_eq!(g1, Some(vec![(0, 3), (4, 6), (7, 10)]));
    }

    #[test]
    fn a_whole_cell_label_over_the_break_beats_a_one_row_coincidence() {
        // Page 2 of a Calc form (labels centred on whole merged cells):
        // 数量指标's cell began with 223 pt of rows at the previous page's
        // foot, so its label sits by the page's first row (a two-line row
        // it happens to centre); 质量指标 runs on to page 3.
        let ext = [
            (60.0, 84.0),
            (102.0, 113.0),
            (139.0, 149.0),
            (168.0, 192.0),
            (211.0, 221.0),
            (240.0, 264.0),
            (276.0, 300.0),
            (318.0, 329.0),
            (354.0, 365.0),
            (390.0, 401.0),
            (426.0, 437.0),
            (462.0, 473.0),
            (509.0, 534.0),
            (580.0, 604.0),
            (633.0, 657.0),
            (669.0, 693.0),
            (711.0, 722.0),
            (741.0, 765.0),
        ];
        let on_page = Fit {
            ext: &ext,
            em: 10.0,
            allow_prefix: true,
            lead: (223.2, 223.2),
            allow_suffix: true,
            top_aligned: false,
            continues_top: false,
            whole_cells: false,
            claim: (0.0, 0.0),
        };
        let whole = Fit {
            whole_cells: true,
            ..on_page
        };
        let (l1, l2) = ([394.5], [72.7, 592.5]);
        let (g1, g2, cost) = whole.both_columns(&l1, &l2);
        assert_eq!(g2, Some(vec![(0, 6), (7, 17)]));
        assert_eq!(g1, Some(vec![(0, 17)]));
        // Read on the page alone the first label keeps to the rows about
        // it, and the fit costs more by far.
        let (_, g2, on_page_cost) = on_page.both_columns(&l1, &l2);
        assert!(g2
            .and_then(|g| g.first().copied())
            .is_some_and(|(_, e)| e < 6));
        assert!(cost + 10.0 < on_page_cost, "{cost} {on_page_cost}");
    }
}
