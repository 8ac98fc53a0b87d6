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

#[test]
fn a_label_centred_on_rows_over_the_break_keeps_them_all() {
    // Calc (two pages copied from an export): 数量指标 is centred on its
    // whole group, eight rows at the foot of page 1 and five at the top of
    // page 2, so it sits low on page 1, below its rows' centre there. The
    // group runs on; page 2's first five rows are its own, and 质量指标
    // (centred on rows of page 2 only) heads the sixth.
    const SIZE_CALC: f32 = 10.0;
    let p1 = common::placed(
        &[
            ("一级指标", 86.3, 594.6),
            ("二级指标", 159.8, 594.6),
            ("三级指标", 308.6, 594.6),
            ("指标目标值", 457.5, 594.6),
            ("≥1268公顷", 432.8, 613.3),
            ("公园绿地养护面积", 226.3, 613.4),
            ("行道树修剪及病虫害防治株数", 226.3, 632.1),
            ("=186000株", 432.8, 632.1),
            ("=100%", 432.8, 649.9),
            ("古树名木及古树后续资源年度体检覆盖率", 226.3, 650.9),
            ("绿化补植补种面积", 226.3, 669.6),
            ("≥35000平方米", 432.8, 669.6),
            ("标准化考点运维覆盖数", 226.3, 688.3),
            ("=362个", 432.8, 688.3),
            ("=1850套", 432.8, 707.0),
            ("考场视频监控及身份验证设备更新数量", 226.3, 707.1),
            ("无线电作弊防控设备巡检次数（按季度统计并", 226.3, 724.9),
            (">=6次", 432.8, 732.1),
            ("报送主管部门备案）", 226.3, 739.4),
            ("数量指标", 159.8, 744.9),
            ("=100%", 432.8, 756.4),
            ("养老金发放及资格认证工作完成率", 226.3, 757.3),
        ],
        SIZE_CALC,
    );
    let p2 = common::placed(
        &[
            ("=100%", 432.8, 54.6),
            ("培训完成率", 226.3, 55.5),
            ("=100%", 432.8, 73.3),
            ("监督检查工作完成率", 226.3, 74.3),
            ("志愿服务覆盖数（含线上线下各类渠道，按全", 226.3, 92.1),
            ("=16个分中心", 432.8, 99.3),
            ("年累计口径计算）", 226.3, 106.6),
            (">=1次/年", 432.8, 130.8),
            ("分中心开展社保特色项目或爱心志愿项目次数", 226.3, 130.9),
            ("分中心引入志愿者开展日常服务项目人数", 226.3, 156.0),
            ("<=2人", 432.8, 156.0),
            (">=99%", 432.8, 173.8),
            ("身份验证设备识别准确率", 226.3, 174.7),
            ("=100%", 432.8, 192.5),
            ("设备采购验收合格率", 226.3, 193.5),
            ("分中心开展社保特色项目或爱心志愿项目情况", 226.3, 218.6),
            ("完成", 432.8, 218.6),
            ("≥95%", 432.8, 242.8),
            ("公园绿地养护质量考核达标率", 226.3, 243.7),
            ("≥90%", 432.8, 261.5),
            ("行道树修剪后树冠完整率", 226.3, 262.4),
            ("古树名木保护复壮措施落实率（以第三方机构", 226.3, 280.3),
            ("=100%", 432.8, 286.6),
            ("年度抽样调查结果为准）", 226.3, 294.8),
            ("产出指标", 86.3, 301.1),
            ("≥92%", 432.8, 311.7),
            ("质量指标", 159.8, 312.7),
            ("病虫害防治有效率", 226.3, 312.7),
            ("分中心志愿者开展日常服务项目情况覆盖全区", 226.3, 330.5),
            ("完成", 432.8, 337.8),
            ("各街道镇及重点区域", 226.3, 345.0),
            ("绩效", 54.4, 356.8),
            ("=100%", 432.8, 362.0),
            ("安保人员装备配备率", 226.3, 362.9),
            ("指标", 54.4, 371.3),
            ("日常安全巡逻和技防监控到位率及相关配套服", 226.3, 380.7),
            ("=100%", 432.8, 387.1),
            ("务保障工作的完成情况", 226.3, 395.2),
            ("=100%", 432.8, 412.2),
            ("养老金发放实际到位率", 226.3, 413.1),
        ],
        SIZE_CALC,
    );
    let doc = from_pdf(&[page(1, p1), page(2, p2)]);
    let got = rows(&doc);
    assert!(
        got.iter()
            .any(|r| r.first() == Some(&"数量指标") && r.get(1) == Some(&"公园绿地养护面积")),
        "{got:?}"
    );
    let opened: Vec<&str> = doc
        .rows
        .iter()
        .filter(|r| r.page == 1 && !r.open_cells.is_empty())
        .filter_map(|r| r.cells.first().map(|c| c.text.as_str()))
        .collect();
    assert!(opened.is_empty(), "{opened:?}");
    for name in [
        "培训完成率",
        "监督检查工作完成率",
        "分中心引入志愿者开展日常服务项目人数",
    ] {
        assert!(
            got.iter().any(|r| r.len() == 2 && r[0] == name),
            "{name}: {got:?}"
        );
    }
    assert!(
        got.iter().any(|r| r
            .windows(2)
            .any(|w| w == ["质量指标", "身份验证设备识别准确率"])),
        "{got:?}"
    );
}
