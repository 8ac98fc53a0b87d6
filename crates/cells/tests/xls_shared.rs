//! A LibreOffice `.xls` whose typed `=100%` targets are shared formulas
//! (`testdata/xls/README.md`): they read as typed, not as their value 1.

use jixiao_cells::{sheet, Block};

#[test]
fn shared_formula_targets_read_as_typed() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/xls/shared_formulas.xls"
    );
    let bytes = std::fs::read(path).expect("testdata/xls/shared_formulas.xls");
    let blocks = sheet::read(&bytes).expect("the workbook reads");
    let cells: Vec<&str> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(grid) => Some(grid),
            Block::Text { .. } => None,
        })
        .flat_map(|g| g.cells.iter().map(|c| c.text.as_str()))
        .collect();
    let typed = cells.iter().filter(|t| **t == "=100%").count();
    assert!(typed >= 6, "{typed} cells read =100%");
    assert!(
        !cells.contains(&"1"),
        "a shared formula read as its value 1"
    );
}
