//! Prints the blocks a converted file is read into, for looking at what a
//! reader made of a tool's output: `cargo run -p jixiao-cells --example
//! blocks -- FILE` (the kind from the file name's ending).

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: blocks FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let text = || String::from_utf8_lossy(&bytes).into_owned();
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let blocks = match ext.as_str() {
        "json" => jixiao_cells::json::read(&text()).map(|(b, _)| b),
        "csv" => jixiao_cells::delimited::read(&text()),
        "xlsx" | "xls" | "ods" => jixiao_cells::sheet::read(&bytes),
        "docx" => jixiao_cells::docx::read(&bytes),
        _ => jixiao_cells::html::read(&text()),
    };
    match blocks {
        Ok(blocks) => {
            for block in blocks {
                match block {
                    jixiao_cells::Block::Text { page, text } => println!("p{page} text: {text}"),
                    jixiao_cells::Block::Table(grid) => {
                        println!("p{} table {}x{}", grid.page, grid.rows, grid.cols);
                        for c in &grid.cells {
                            println!(
                                "  r{} c{} {}x{}: {}",
                                c.row,
                                c.col,
                                c.row_span,
                                c.col_span,
                                c.text.replace('\n', "⏎")
                            );
                        }
                    }
                }
            }
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
