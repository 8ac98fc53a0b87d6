//! Synthetic pages through `from_pdf`: lattice grids, spans, stacked
//! labels, wrapped text, frames, borderless layout, page joins.

use jixiao_page::{Glyph, Orientation, Page, Rect, Ruling};
use jixiao_table::{Document, Row};

mod common;
use common::{from_pdf, text};

/// A character per line, top to bottom.
fn stacked(s: &str, x: f32, y: f32, size: f32, pitch: f32) -> Vec<Glyph> {
    s.chars()
        .enumerate()
        .flat_map(|(i, c)| text(&c.to_string(), x, y + i as f32 * pitch, size))
        .collect()
}

fn h(y: f32, x0: f32, x1: f32) -> Ruling {
    Ruling {
        orientation: Orientation::Horizontal,
        pos: y,
        start: x0,
        end: x1,
    }
}

fn v(x: f32, y0: f32, y1: f32) -> Ruling {
    Ruling {
        orientation: Orientation::Vertical,
        pos: x,
        start: y0,
        end: y1,
    }
}

/// Full grid rulings for the given boundaries.
fn grid(xs: &[f32], ys: &[f32]) -> Vec<Ruling> {
    let (x0, x1) = (xs[0], xs[xs.len() - 1]);
    let (y0, y1) = (ys[0], ys[ys.len() - 1]);
    ys.iter()
        .map(|&y| h(y, x0, x1))
        .chain(xs.iter().map(|&x| v(x, y0, y1)))
        .collect()
}

fn page(number: usize, glyphs: Vec<Glyph>, rulings: Vec<Ruling>) -> Page {
    Page {
        number,
        width: 595.0,
        height: 842.0,
        glyphs,
        rulings,
        has_large_image: false,
    }
}

fn texts(row: &Row) -> Vec<&str> {
    row.cells.iter().map(|c| c.text.as_str()).collect()
}

fn cols(row: &Row) -> Vec<(usize, usize)> {
    row.cells.iter().map(|c| (c.col, c.span)).collect()
}

fn all_texts(doc: &Document) -> Vec<Vec<&str>> {
    doc.rows.iter().map(texts).collect()
}

#[test]
fn simple_grid_three_rows_two_columns() {
    let xs = [50.0, 200.0, 400.0];
    let ys = [100.0, 130.0, 160.0, 190.0];
    let mut glyphs = Vec::new();
    glyphs.extend(text("项目名称", 55.0, 110.0, 10.0));
    glyphs.extend(text("办公房维修", 205.0, 110.0, 10.0));
    glyphs.extend(text("项目类别", 55.0, 140.0, 10.0));
    glyphs.extend(text("一次性项目", 205.0, 140.0, 10.0));
    glyphs.extend(text("主管部门", 55.0, 170.0, 10.0));
    let doc = from_pdf(&[page(1, glyphs, grid(&xs, &ys))]);
    assert_eq!(doc.page_count, Some(1));
    assert_eq!(
        all_texts(&doc),
        vec![
            vec!["项目名称", "办公房维修"],
            vec!["项目类别", "一次性项目"],
            vec!["主管部门"]
        ]
    );
    assert_eq!(cols(&doc.rows[0]), vec![(0, 1), (1, 1)]);
    assert!(doc.rows.iter().all(|r| r.page == 1 && !r.after_break));
}

#[test]
fn merged_cells_row_and_column_spans() {
    // 4 columns × 3 rows: the first column is merged over all three rows
    // (no horizontal rules in it); the first row's columns 2–3 are merged.
    let xs = [50.0, 100.0, 200.0, 300.0, 400.0];
    let rulings = vec![
        h(100.0, 50.0, 400.0),
        h(130.0, 100.0, 400.0),
        h(160.0, 100.0, 400.0),
        h(190.0, 50.0, 400.0),
        v(xs[0], 100.0, 190.0),
        v(xs[1], 100.0, 190.0),
        v(xs[2], 100.0, 190.0),
        v(xs[3], 130.0, 190.0),
        v(xs[4], 100.0, 190.0),
    ];
    let mut glyphs = Vec::new();
    glyphs.extend(text("产出", 55.0, 140.0, 10.0));
    glyphs.extend(text("数量指标", 105.0, 110.0, 10.0));
    glyphs.extend(text("户外招牌更新维修数", 210.0, 110.0, 10.0));
    glyphs.extend(text("质量指标", 105.0, 140.0, 10.0));
    glyphs.extend(text("验收合格率", 205.0, 140.0, 10.0));
    glyphs.extend(text("=100%", 305.0, 140.0, 10.0));
    glyphs.extend(text("时效指标", 105.0, 170.0, 10.0));
    let doc = from_pdf(&[page(1, glyphs, rulings)]);
    assert_eq!(
        all_texts(&doc),
        vec![
            vec!["产出", "数量指标", "户外招牌更新维修数"],
            vec!["质量指标", "验收合格率", "=100%"],
            vec!["时效指标"]
        ]
    );
    assert_eq!(cols(&doc.rows[0]), vec![(0, 1), (1, 1), (2, 2)]);
    assert_eq!(cols(&doc.rows[1]), vec![(1, 1), (2, 1), (3, 1)]);
}

#[test]
fn stacked_vertical_label() {
    let mut glyphs = stacked("绩效指标", 55.0, 112.0, 10.0, 12.0);
    glyphs.extend(text("产出指标", 75.0, 108.0, 10.0));
    glyphs.extend(text("效益指标", 75.0, 133.0, 10.0));
    glyphs.extend(text("满意度指标", 75.0, 158.0, 10.0));
    // Column 0 merged over all rows: its inner horizontal rules start at x=70.
    let rulings = vec![
        h(100.0, 50.0, 250.0),
        h(125.0, 70.0, 250.0),
        h(150.0, 70.0, 250.0),
        h(175.0, 50.0, 250.0),
        v(50.0, 100.0, 175.0),
        v(70.0, 100.0, 175.0),
        v(250.0, 100.0, 175.0),
    ];
    let doc = from_pdf(&[page(1, glyphs, rulings)]);
    assert_eq!(doc.rows[0].cells[0].text, "绩效指标");
    assert_eq!(
        all_texts(&doc),
        vec![
            vec!["绩效指标", "产出指标"],
            vec!["效益指标"],
            vec!["满意度指标"]
        ]
    );
}

#[test]
fn wrapped_cjk_and_latin_words() {
    let xs = [50.0, 100.0, 300.0];
    let ys = [100.0, 140.0, 170.0];
    let mut glyphs = Vec::new();
    glyphs.extend(text("可持续影", 55.0, 105.0, 10.0));
    glyphs.extend(text("响指标", 55.0, 118.0, 10.0));
    glyphs.extend(text("V3.0 system", 105.0, 105.0, 10.0));
    glyphs.extend(text("upgrade", 105.0, 118.0, 10.0));
    glyphs.extend(text("Annual report", 105.0, 150.0, 10.0));
    let doc = from_pdf(&[page(1, glyphs, grid(&xs, &ys))]);
    assert_eq!(
        all_texts(&doc),
        vec![
            vec!["可持续影响指标", "V3.0 system upgrade"],
            vec!["Annual report"]
        ]
    );
}

#[test]
fn page_sized_rectangle_ignored() {
    let xs = [50.0, 200.0, 400.0];
    let ys = [100.0, 130.0, 160.0];
    let mut rulings = grid(&xs, &ys);
    // A frame at the page edge and a free-standing rectangle around the
    // table and its title.
    rulings.extend([
        h(0.5, 0.0, 595.0),
        h(841.5, 0.0, 595.0),
        v(0.5, 0.0, 842.0),
        v(594.5, 0.0, 842.0),
    ]);
    rulings.extend([
        h(40.0, 30.0, 420.0),
        h(200.0, 30.0, 420.0),
        v(30.0, 40.0, 200.0),
        v(420.0, 40.0, 200.0),
    ]);
    let mut glyphs = text("财政项目支出绩效目标申报表", 100.0, 60.0, 12.0);
    glyphs.extend(text("项目名称", 55.0, 110.0, 10.0));
    glyphs.extend(text("测试", 205.0, 110.0, 10.0));
    glyphs.extend(text("项目类别", 55.0, 140.0, 10.0));
    let doc = from_pdf(&[page(1, glyphs, rulings)]);
    assert_eq!(
        all_texts(&doc),
        vec![
            vec!["财政项目支出绩效目标申报表"],
            vec!["项目名称", "测试"],
            vec!["项目类别"]
        ]
    );
    assert!(
        doc.notes
            .iter()
            .any(|n| n.to_string().starts_with("page 1: ignored")),
        "{:?}",
        doc.notes
    );
}

#[test]
fn outside_text_interleaved_and_page_numbers_dropped() {
    let xs = [50.0, 200.0, 400.0];
    let ys = [120.0, 150.0];
    let mut glyphs = text("财政项目支出绩效目标申报表", 100.0, 60.0, 14.0);
    glyphs.extend(text("（2022年度）", 200.0, 85.0, 10.0));
    glyphs.extend(text("编制部门：某某局", 50.0, 105.0, 9.0));
    glyphs.extend(text("单位：元", 350.0, 105.0, 9.0));
    glyphs.extend(text("项目名称", 55.0, 130.0, 10.0));
    glyphs.extend(text("注：本表为空表", 50.0, 160.0, 9.0));
    glyphs.extend(text("第 1 页 共 5 页", 250.0, 810.0, 9.0));
    glyphs.extend(text("- 3 -", 290.0, 790.0, 9.0));
    glyphs.extend(text("7", 290.0, 825.0, 9.0));
    let doc = from_pdf(&[page(1, glyphs, grid(&xs, &ys))]);
    assert_eq!(
        all_texts(&doc),
        vec![
            vec!["财政项目支出绩效目标申报表"],
            vec!["（2022年度）"],
            vec!["编制部门：某某局", "单位：元"],
            vec!["项目名称"],
            vec!["注：本表为空表"],
        ]
    );
}

#[test]
fn borderless_header_and_indicators() {
    let size = 10.0;
    let mut glyphs = Vec::new();
    glyphs.extend(text("项目名称", 40.0, 100.0, size));
    glyphs.extend(text("办公房维修", 110.0, 100.0, size));
    glyphs.extend(text("项目类别", 300.0, 100.0, size));
    glyphs.extend(text("一次性项目", 370.0, 100.0, size));
    // Header: labels centred in columns [80,160) [160,240) [240,440) [440,540).
    glyphs.extend(text("一级指标", 100.0, 140.0, size));
    glyphs.extend(text("二级指标", 180.0, 140.0, size));
    glyphs.extend(text("三级指标", 320.0, 140.0, size));
    glyphs.extend(text("指标目标值", 465.0, 140.0, size));
    // Indicator lines: left-aligned names, centred targets.
    glyphs.extend(stacked("绩效指标", 45.0, 165.0, size, 12.0));
    glyphs.extend(text("产出指标", 100.0, 165.0, size));
    glyphs.extend(text("数量指标", 180.0, 165.0, size));
    glyphs.extend(text("户外招牌更新维修数", 245.0, 165.0, size));
    glyphs.extend(text("=9块", 480.0, 165.0, size));
    glyphs.extend(text("质量指标", 180.0, 190.0, size));
    glyphs.extend(text("验收合格率", 245.0, 190.0, size));
    glyphs.extend(text("=100%", 478.0, 190.0, size));
    // OCR-style spacing inside a cell: words of 1–3 characters.
    glyphs.extend(text("工程 完工 时间", 245.0, 215.0, size));
    glyphs.extend(text("年内 完成", 470.0, 215.0, size));
    glyphs.extend(text("时效指标", 180.0, 215.0, size));
    let doc = from_pdf(&[page(1, glyphs, Vec::new())]);
    let rows = all_texts(&doc);
    assert_eq!(
        rows[0],
        vec!["项目名称", "办公房维修", "项目类别", "一次性项目"]
    );
    assert_eq!(
        rows[1],
        vec!["一级指标", "二级指标", "三级指标", "指标目标值"]
    );
    assert_eq!(cols(&doc.rows[1]), vec![(1, 1), (2, 1), (3, 1), (4, 1)]);
    assert_eq!(
        rows[2],
        vec![
            "绩效指标",
            "产出指标",
            "数量指标",
            "户外招牌更新维修数",
            "=9块"
        ]
    );
    assert_eq!(
        doc.rows[2].cells.iter().map(|c| c.col).collect::<Vec<_>>(),
        vec![0, 1, 2, 3, 4]
    );
    assert_eq!(rows[3], vec!["质量指标", "验收合格率", "=100%"]);
    assert_eq!(
        doc.rows[3].cells.iter().map(|c| c.col).collect::<Vec<_>>(),
        vec![2, 3, 4]
    );
    assert_eq!(rows[4], vec!["时效指标", "工程完工时间", "年内完成"]);
    assert_eq!(doc.rows.len(), 5);
    assert!(doc
        .notes
        .iter()
        .any(|n| n.message.contains("glyph positions")));
}

#[test]
fn borderless_wrapped_line_merged() {
    let size = 10.0;
    let mut glyphs = Vec::new();
    glyphs.extend(text("一级指标", 100.0, 100.0, size));
    glyphs.extend(text("二级指标", 180.0, 100.0, size));
    glyphs.extend(text("三级指标", 320.0, 100.0, size));
    glyphs.extend(text("指标目标值", 465.0, 100.0, size));
    let mut y = 130.0;
    for (name, target) in [
        ("培训完成率", "=100%"),
        ("监督检查工作完成率", "=100%"),
        ("志愿服务覆盖数", "=16个"),
        ("养老金发放准确率", ">99%"),
    ] {
        glyphs.extend(text(name, 245.0, y, size));
        glyphs.extend(text(target, 480.0, y, size));
        y += 25.0;
    }
    // A name wrapped onto a second line 12 pt below (rows are 25 pt apart).
    glyphs.extend(text("日常安全巡逻和技防监控到", 245.0, y, size));
    glyphs.extend(text("=100%", 480.0, y + 6.0, size));
    glyphs.extend(text("位率", 245.0, y + 12.0, size));
    glyphs.extend(text("培训及时率", 245.0, y + 37.0, size));
    glyphs.extend(text("=100%", 480.0, y + 37.0, size));
    let doc = from_pdf(&[page(1, glyphs, Vec::new())]);
    let rows = all_texts(&doc);
    assert!(
        rows.contains(&vec!["日常安全巡逻和技防监控到位率", "=100%"]),
        "{rows:?}"
    );
    assert!(rows.contains(&vec!["培训及时率", "=100%"]), "{rows:?}");
}

#[test]
fn two_page_table_keeps_columns() {
    // Page 1: funding block with an extra column boundary at 300, then
    // the indicator block; no bottom rule (the table runs off the page).
    let xs1 = [50.0, 100.0, 200.0, 300.0, 400.0, 500.0];
    let mut r1 = vec![
        h(100.0, 50.0, 500.0),
        h(130.0, 50.0, 500.0),
        h(160.0, 50.0, 500.0),
    ];
    for &x in &xs1 {
        r1.push(v(x, 100.0, 200.0));
    }
    let mut g1 = text("一级指标", 105.0, 110.0, 10.0);
    g1.extend(text("三级指标", 305.0, 110.0, 10.0));
    g1.extend(text("指标目标值", 405.0, 110.0, 10.0));
    g1.extend(text("日常安全巡逻和技防监控到", 205.0, 170.0, 8.0));
    g1.extend(text("第 1 页", 250.0, 810.0, 9.0));
    // Page 2: same boundaries except 300 (cells span it).
    let xs2 = [50.0, 100.0, 200.0, 400.0, 500.0];
    let mut r2 = vec![
        h(50.0, 50.0, 500.0),
        h(80.0, 50.0, 500.0),
        h(110.0, 50.0, 500.0),
    ];
    for &x in &xs2 {
        r2.push(v(x, 50.0, 110.0));
    }
    let mut g2 = text("位率", 205.0, 60.0, 10.0);
    g2.extend(text("=100%", 405.0, 60.0, 10.0));
    g2.extend(text("培训及时率", 205.0, 90.0, 10.0));
    g2.extend(text("=100%", 405.0, 90.0, 10.0));
    g2.extend(text("第 2 页", 250.0, 810.0, 9.0));
    let doc = from_pdf(&[page(1, g1, r1), page(2, g2, r2)]);
    assert_eq!(doc.page_count, Some(2));
    assert_eq!(
        all_texts(&doc),
        vec![
            vec!["一级指标", "三级指标", "指标目标值"],
            vec!["日常安全巡逻和技防监控到"],
            vec!["位率", "=100%"],
            vec!["培训及时率", "=100%"]
        ]
    );
    assert_eq!(cols(&doc.rows[1]), vec![(2, 1)]);
    // Page 2's cell from 200 to 400 spans page 1's columns 2 and 3.
    assert_eq!(cols(&doc.rows[2]), vec![(2, 2), (4, 1)]);
    assert!(doc.rows[2].after_break && doc.rows[2].page == 2);
    assert!(!doc.rows[3].after_break);
    assert!(
        doc.notes
            .iter()
            .any(|n| n.to_string().starts_with("page 2: the table continues")),
        "{:?}",
        doc.notes
    );
}

#[test]
fn empty_and_degenerate_input_does_not_panic() {
    let doc = from_pdf(&[]);
    assert_eq!(doc.page_count, Some(0));
    assert!(doc.rows.is_empty());
    let weird = vec![
        Glyph {
            text: "x".into(),
            bbox: Rect {
                x0: f32::NAN,
                y0: 0.0,
                x1: 1.0,
                y1: 1.0,
            },
            font_size: 10.0,
        },
        Glyph {
            text: "y".into(),
            bbox: Rect {
                x0: 5.0,
                y0: 5.0,
                x1: 5.0,
                y1: 5.0,
            },
            font_size: 0.0,
        },
        Glyph {
            text: "".into(),
            bbox: Rect {
                x0: 5.0,
                y0: 5.0,
                x1: 6.0,
                y1: 6.0,
            },
            font_size: f32::INFINITY,
        },
    ];
    let rulings = vec![
        h(f32::NAN, 0.0, 10.0),
        v(5.0, 10.0, 0.0),
        h(5.0, 0.0, 10.0),
        v(5.0, 0.0, 1e30),
    ];
    let doc = from_pdf(&[Page {
        number: 1,
        width: f32::NAN,
        height: 0.0,
        glyphs: weird,
        rulings,
        has_large_image: true,
    }]);
    assert!(doc.rows.iter().all(|r| !r.cells.is_empty()));
}

#[test]
fn closing_punctuation_hanging_past_the_table_stays_in_its_cell() {
    // A goal wrapped in the last column: the full-width comma ending its
    // first line starts 1.5 pt before the table's right border (x = 400)
    // and hangs past it.
    let xs = [50.0, 200.0, 400.0];
    let ys = [100.0, 140.0];
    let mut glyphs = Vec::new();
    glyphs.extend(text("年度总目标", 55.0, 110.0, 10.0));
    glyphs.extend(text(
        "完成不少于四十五个中外文数据库采购续订，",
        208.5,
        105.0,
        10.0,
    ));
    glyphs.extend(text("古籍数字化扫描。", 208.5, 118.0, 10.0));
    let doc = from_pdf(&[page(1, glyphs, grid(&xs, &ys))]);
    assert_eq!(
        all_texts(&doc),
        vec![vec![
            "年度总目标",
            "完成不少于四十五个中外文数据库采购续订，古籍数字化扫描。"
        ]]
    );
}

#[test]
fn a_cell_whose_last_line_reaches_its_right_edge_is_full() {
    // Columns 100–300 (name) and 300–400 (target), 10 pt text: a name of
    // 20 characters fills its cell; one of 6 does not.
    let xs = [100.0, 300.0, 400.0];
    let ys = [100.0, 130.0, 160.0];
    let mut g = text(
        "社区长者食堂食品安全量化等级达到B级以上",
        100.5,
        110.0,
        10.0,
    );
    g.extend(text("≥95%", 305.0, 110.0, 10.0));
    g.extend(text("培训及时率", 105.0, 140.0, 10.0));
    g.extend(text("=100%", 305.0, 140.0, 10.0));
    let doc = from_pdf(&[page(1, g, grid(&xs, &ys))]);
    assert_eq!(doc.rows.len(), 2, "{:?}", doc.rows);
    assert_eq!(doc.rows[0].full_cells, vec![0]);
    assert!(doc.rows[1].full_cells.is_empty(), "{:?}", doc.rows[1]);
}

/// A table over two pages whose page-1 foot rule starts at `foot_from`;
/// both label columns are cut at page 2's foot. Returns page 2's first
/// data row.
fn foot_ruled_from(foot_from: f32) -> Row {
    let xs = [50.0, 100.0, 200.0, 400.0, 500.0];
    let mut r1 = vec![
        h(100.0, 50.0, 500.0),
        h(130.0, 50.0, 500.0),
        h(160.0, 200.0, 500.0),
        h(190.0, foot_from, 500.0),
    ];
    r1.extend(xs.iter().map(|&x| v(x, 100.0, 190.0)));
    let header = |y: f32| {
        let mut g = text("一级指标", 55.0, y, 9.0);
        g.extend(text("二级指标", 105.0, y, 9.0));
        g.extend(text("三级指标", 205.0, y, 9.0));
        g.extend(text("指标值", 405.0, y, 9.0));
        g
    };
    let mut g1 = header(110.0);
    g1.extend(text("产出指标", 55.0, 155.0, 9.0));
    g1.extend(text("时效指标", 105.0, 155.0, 9.0));
    g1.extend(text("微信发布频次", 205.0, 140.0, 9.0));
    g1.extend(text("=4次", 405.0, 140.0, 9.0));
    g1.extend(text("培训及时率", 205.0, 170.0, 9.0));
    g1.extend(text("=100%", 405.0, 170.0, 9.0));
    // Page 2: the header repeated; both label columns cut at the foot.
    let mut r2 = vec![
        h(50.0, 50.0, 500.0),
        h(80.0, 50.0, 500.0),
        h(110.0, 200.0, 500.0),
        h(140.0, 200.0, 500.0),
    ];
    r2.extend(xs.iter().map(|&x| v(x, 50.0, 140.0)));
    let mut g2 = header(60.0);
    g2.extend(text("印制准确率", 205.0, 90.0, 9.0));
    g2.extend(text("=100%", 405.0, 90.0, 9.0));
    g2.extend(text("考核合格率", 205.0, 120.0, 9.0));
    g2.extend(text("≥95%", 405.0, 120.0, 9.0));
    let doc = from_pdf(&[page(1, g1, r1), page(2, g2, r2)]);
    assert!(doc
        .rows
        .iter()
        .filter(|r| r.page == 1)
        .all(|r| r.closed_above.is_empty()));
    doc.rows
        .into_iter()
        .find(|r| r.page == 2 && texts(r).contains(&"印制准确率"))
        .expect("page 2's first data row")
}

#[test]
fn the_columns_a_page_foot_rule_closes_are_reported_on_the_next_page() {
    // Calc rules page 1's foot under the 二级 column and right of it, not
    // under the 一级 column, whose merged cell the break cuts.
    let first = foot_ruled_from(100.0);
    assert_eq!(first.open_cells, vec![0, 1]);
    assert_eq!(first.closed_above, vec![1, 2, 3]);
}

#[test]
fn a_foot_ruled_right_across_closes_nothing() {
    // Writer rules every cell the break cuts: nothing is known.
    let first = foot_ruled_from(50.0);
    assert_eq!(first.open_cells, vec![0, 1]);
    assert!(first.closed_above.is_empty());
}

#[test]
fn label_columns_cut_at_both_ends_stay_in_a_short_table() {
    // Calc's page between two breaks holding two rows: the 一级 and 二级
    // merged cells run on above and below, so no rule closes their
    // columns; only the verticals, as long as the two rows, tie them to
    // the table.
    let xs = [54.0, 82.0, 152.0, 222.0, 411.0, 530.0];
    let mut rulings = vec![
        h(54.0, 222.0, 530.0),
        h(90.0, 152.0, 530.0),
        h(126.0, 222.0, 530.0),
    ];
    rulings.extend(xs.iter().map(|&x| v(x, 54.0, 126.0)));
    let mut glyphs = Vec::new();
    glyphs.extend(text("标准化考点运维覆盖数", 223.0, 68.0, 9.0));
    glyphs.extend(text("=362个", 412.0, 68.0, 9.0));
    glyphs.extend(text("产出指标", 99.0, 86.0, 9.0));
    glyphs.extend(text("考场视频监控系统运行正常率", 223.0, 104.0, 9.0));
    glyphs.extend(text(">=99.5%", 412.0, 104.0, 9.0));
    let doc = from_pdf(&[page(1, glyphs, rulings)]);
    let label = doc
        .rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .find(|c| c.text == "产出指标")
        .expect("the label is read");
    assert_eq!(label.col, 1, "{:?}", all_texts(&doc));
    assert!(doc
        .rows
        .iter()
        .all(|r| r.cells.iter().all(|c| c.text == "产出指标" || c.col >= 3)));
}
