//! Borderless tables whose 一级/二级 labels are not merged cells but
//! printed in the first row of their group (Calc, unmerged), over a page
//! break: the page after the break keeps the alignment the page before
//! showed, so its leading rows stay with the group that began there.

use jixiao_page::Glyph;

mod common;
use common::{from_pdf, page, rows};

const SIZE: f32 = 10.0;
/// Rows are this far apart, top to top (one line and its padding).
const PITCH: f32 = 24.0;

fn text(s: &str, x: f32, y: f32) -> Vec<Glyph> {
    common::text(s, x, y, SIZE)
}

/// An indicator row: its labels (一级, 二级; an empty 一级 for none), name
/// and target.
type Item<'a> = (Option<(&'a str, &'a str)>, &'a str, &'a str);

/// Indicator rows from `top`, a label (一级, 二级) on a row where given.
fn rows_at(top: f32, items: &[Item]) -> Vec<Glyph> {
    let mut g = Vec::new();
    for (k, (labels, name, target)) in items.iter().enumerate() {
        let y = top + k as f32 * PITCH;
        if let Some((l1, l2)) = labels {
            if !l1.is_empty() {
                g.extend(text(l1, 100.0, y));
            }
            g.extend(text(l2, 175.0, y));
        }
        g.extend(text(name, 245.0, y));
        g.extend(text(target, 470.0, y));
    }
    g
}

#[test]
fn the_page_after_the_break_keeps_labels_at_their_groups_tops() {
    let mut p1 = common::header(600.0, SIZE);
    p1.extend(rows_at(
        630.0,
        &[
            (Some(("产出指标", "数量指标")), "户外招牌更新维修数", "=9块"),
            (None, "公厕改造数", "=3座"),
            (None, "绿化补植面积", "≥500平方米"),
            (Some(("", "质量指标")), "验收合格率", "=100%"),
            (None, "质保期内返修率", "<5%"),
            (None, "设备完好率", "≥98%"),
        ],
    ));
    let p2 = rows_at(
        60.0,
        &[
            (None, "养老金发放准确率", ">99%"),
            (None, "培训考核合格率", "≥95%"),
            (None, "病虫害防治有效率", "≥92%"),
            (Some(("", "时效指标")), "补贴资金拨付及时性", "及时"),
            (None, "培训及时率", "=100%"),
        ],
    );
    let doc = from_pdf(&[page(1, p1), page(2, p2)]);
    let got = rows(&doc);
    // The page's leading rows carry no label (they continue 质量指标's
    // group); 时效指标 heads its own row.
    for name in ["养老金发放准确率", "培训考核合格率", "病虫害防治有效率"] {
        assert!(
            got.iter().any(|r| r.len() == 2 && r[0] == name),
            "{name}: {got:?}"
        );
    }
    assert!(
        got.iter()
            .any(|r| r == &vec!["时效指标", "补贴资金拨付及时性", "及时"]),
        "{got:?}"
    );
}

#[test]
fn a_pages_only_label_on_its_first_row_heads_the_rows_below_it() {
    // One label pair, on the first row; the group runs on to the next
    // page. Centred on that one row it would leave the two rows below to
    // a label on the next page (open cells); at the group's top it takes
    // them, which costs less.
    let mut p1 = common::header(600.0, SIZE);
    p1.extend(rows_at(
        630.0,
        &[
            (Some(("产出指标", "数量指标")), "户外招牌更新维修数", "=9块"),
            (None, "公厕改造数", "=3座"),
            (None, "绿化补植面积", "≥500平方米"),
        ],
    ));
    let p2 = rows_at(
        60.0,
        &[
            (None, "古树名木体检覆盖率", "=100%"),
            (Some(("", "质量指标")), "验收合格率", "=100%"),
            (None, "质保期内返修率", "<5%"),
        ],
    );
    let doc = from_pdf(&[page(1, p1), page(2, p2)]);
    let open: Vec<(&str, &Vec<usize>)> = doc
        .rows
        .iter()
        .filter(|r| r.page == 1)
        .filter_map(|r| r.cells.first().map(|c| (c.text.as_str(), &r.open_cells)))
        .collect();
    assert!(open.iter().all(|(_, o)| o.is_empty()), "{open:?}");
}
