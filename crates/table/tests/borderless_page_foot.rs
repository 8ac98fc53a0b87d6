//! A borderless table's last row on a page: where its name runs to the
//! column's edge, the row may go on after the break (a word processor
//! breaks rows over pages), and the row says so (`Row::full_cells`) though
//! the page was read by position.

use jixiao_page::Glyph;

mod common;
use common::{from_pdf, page};

const SIZE: f32 = 12.0;
const NAME_X: f32 = 233.9;
const TARGET_X: f32 = 377.0;

/// One-line rows from y = 130, 16 pt apart, in line order (nothing
/// painted out of line: the positions are all there is).
fn rows(names: &[(&str, &str)]) -> Vec<Glyph> {
    let mut g = common::header(100.0, SIZE);
    g.extend(common::text("产出指标", 110.0, 130.0, SIZE));
    g.extend(common::text("数量指标", 170.0, 130.0, SIZE));
    for (k, (name, target)) in names.iter().enumerate() {
        let y = 130.0 + 16.0 * k as f32;
        g.extend(common::text(name, NAME_X, y, SIZE));
        g.extend(common::text(target, TARGET_X, y, SIZE));
    }
    g
}

/// `full_cells` of the row holding `name`.
fn full_cells_of(glyphs: Vec<Glyph>, name: &str) -> Vec<usize> {
    let doc = from_pdf(&[page(1, glyphs)]);
    doc.rows
        .iter()
        .find(|r| r.cells.iter().any(|c| c.text == name))
        .map(|r| r.full_cells.clone())
        .unwrap_or_default()
}

#[test]
fn a_last_name_that_fills_its_column_is_full() {
    let g = rows(&[
        ("新增社区长者食堂数量", "=40家"),
        ("新增老年助餐服务点数量", "≥100个"),
        ("社区长者食堂食品安全量", "≥95%"),
    ]);
    assert_eq!(full_cells_of(g, "社区长者食堂食品安全量"), vec![3]);
}

#[test]
fn a_short_last_name_is_not() {
    let g = rows(&[
        ("新增社区长者食堂数量", "=40家"),
        ("新增老年助餐服务点数量", "≥100个"),
        ("培训完成率", "=100%"),
    ]);
    assert!(full_cells_of(g, "培训完成率").is_empty());
}
