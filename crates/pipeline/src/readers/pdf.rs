//! PDFs: positioned glyphs and rulings, then lattice or stream tables.

use super::Read;
use crate::{DocError, ErrorKind};
use jixiao_extract::pdf::{read_pdf_document, PageDiagnostics, PdfError};
use jixiao_table::Note;

pub(super) fn read(bytes: &[u8]) -> Result<Read, DocError> {
    let pdf = read_pdf_document(bytes).map_err(|e| match e {
        PdfError::Internal { page, message } => DocError::new(
            ErrorKind::Damaged,
            format!("the PDF library failed ({message}); the file may be damaged"),
        )
        .on_page(page),
        PdfError::Encrypted => DocError::new(ErrorKind::Encrypted, e.to_string()),
        PdfError::Malformed(_) => DocError::new(ErrorKind::Damaged, e.to_string()),
    })?;
    let scanned_pages = pdf
        .pages
        .iter()
        .filter(|p| p.glyphs.is_empty() && p.has_large_image)
        .map(|p| p.number)
        .collect();
    let mut doc = jixiao_table::from_pages(&pdf.pages, jixiao_map::vocab::layout_words());
    doc.notes
        .extend(pdf.diagnostics.iter().flat_map(diagnostic_notes));
    Ok(Read {
        doc,
        pages: Some(pdf.pages.len()),
        scanned_pages,
    })
}

/// What the PDF reader lost on a page, for the records' warnings. (Fake-bold
/// copies and glyphs outside the page are dropped as a viewer does: no
/// text is lost.)
fn diagnostic_notes(d: &PageDiagnostics) -> Vec<Note> {
    let note = |message: String| Note {
        page: Some(d.number),
        message,
    };
    let mut out = Vec::new();
    if let Some(failure) = &d.failure {
        out.push(note(format!(
            "the PDF library failed on this page ({failure}); its text is missing"
        )));
    }
    if d.font_failures > 0 {
        out.push(note(format!(
            "{} font(s) could not be loaded; their text is missing",
            d.font_failures
        )));
    }
    if d.unmapped_glyphs > 0 {
        out.push(note(format!(
            "{} character(s) have no Unicode mapping in their font and were left out",
            d.unmapped_glyphs
        )));
    }
    out
}
