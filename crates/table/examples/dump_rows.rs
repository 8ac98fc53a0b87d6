//! Prints the rows the table stage builds from PDFs (a debugging aid):
//! `cargo run --release -p jixiao-table --example dump_rows -- FILE.pdf...`
//!
//! Each row: page (`*` after a page break), then its cells as
//! `[column+span] text`, and its open cells; then the stage's notes.

fn main() {
    for path in std::env::args().skip(1) {
        println!("== {path}");
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                println!("cannot read: {e}");
                continue;
            }
        };
        let pages = match jixiao_extract::pdf::read_pdf(&bytes) {
            Ok(pages) => pages,
            Err(e) => {
                println!("not read: {e}");
                continue;
            }
        };
        let doc = jixiao_table::from_pages(&pages, jixiao_map::vocab::layout_words());
        for row in &doc.rows {
            let cells: Vec<String> = row
                .cells
                .iter()
                .map(|c| format!("[{}+{}] {}", c.col, c.span, c.text))
                .collect();
            let open = if row.open_cells.is_empty() {
                String::new()
            } else {
                format!("  (open {:?})", row.open_cells)
            };
            let mark = if row.after_break { "*" } else { " " };
            println!("p{}{mark} {}{open}", row.page, cells.join(" | "));
        }
        for note in &doc.notes {
            println!("note: {note}");
        }
    }
}
