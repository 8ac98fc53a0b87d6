//! Recognising page images: one recogniser per thread, loaded on first use.

use std::cell::RefCell;
use std::sync::OnceLock;

use jixiao_ocr::{read_page, Recognizer, RecognizerOptions, Scanned, Vocabulary};
use jixiao_page::Raster;

use crate::{DocError, ErrorKind};

thread_local! {
    /// Loaded once per thread (about 11 MB of weights); each thread runs
    /// its model on its own core, so `--jobs` sets the cores used.
    static RECOGNIZER: RefCell<Option<Result<Recognizer, String>>> = const { RefCell::new(None) };
}

/// The form words a misread line may be corrected to, spelt as keys
/// (`其中:财政资金`, `年度(/项目)指标值`) and as printed (full-width colon
/// and brackets).
fn form_vocabulary() -> &'static Vocabulary {
    static WORDS: OnceLock<Vocabulary> = OnceLock::new();
    WORDS.get_or_init(|| {
        let keys = jixiao_map::vocab::form_words();
        let printed: Vec<String> = keys
            .iter()
            .map(|k| k.replace(':', "：").replace('(', "（").replace(')', "）"))
            .collect();
        Vocabulary::new(
            keys.iter()
                .copied()
                .chain(printed.iter().map(String::as_str)),
        )
    })
}

/// Called after each page is recognised (see [`on_page_recognised`]).
static PAGE_RECOGNISED: OnceLock<fn()> = OnceLock::new();

/// Has `hook` called after every page recognised from its image, on the
/// thread that read it: a process that watches a time limit per document
/// can treat it as progress (a scan takes seconds a page). Only the first
/// hook set is kept.
pub fn on_page_recognised(hook: fn()) {
    let _ = PAGE_RECOGNISED.set(hook);
}

/// Reads page `number` from its image.
pub(crate) fn recognise(raster: &Raster, number: usize) -> Result<Scanned, DocError> {
    RECOGNIZER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let loaded = slot.get_or_insert_with(|| {
            let options = RecognizerOptions {
                threads: Some(1),
                ..RecognizerOptions::default()
            };
            Recognizer::embedded(&options).map_err(|e| e.to_string())
        });
        let recognizer = loaded.as_ref().map_err(|e| {
            DocError::new(
                ErrorKind::Internal,
                format!("the recognition model cannot be loaded ({e}); the build is broken, please report it"),
            )
        })?;
        let scanned = read_page(raster, number, recognizer, form_vocabulary()).map_err(|e| {
            DocError::new(ErrorKind::Internal, format!("recognising the page failed: {e}"))
                .on_page(Some(number))
        });
        if let Some(hook) = PAGE_RECOGNISED.get() {
            hook();
        }
        scanned
    })
}

/// What recognising a page found, for the records' warnings: its
/// resolution, how it was straightened, its confidence, the lines read with
/// little confidence and the lines corrected.
pub(crate) fn page_notes(scanned: &Scanned) -> Vec<jixiao_table::Note> {
    let page = Some(scanned.page.number);
    let mut straightened = String::new();
    if scanned.turned_degrees != 0 {
        straightened += &format!(", turned {}°", scanned.turned_degrees);
    }
    if scanned.skew_degrees != 0.0 {
        straightened += &format!(", deskewed {:.2}°", scanned.skew_degrees);
    }
    if scanned.seal_pixels > 0 {
        straightened += ", seal colour lightened";
    }
    let mut notes = vec![jixiao_table::Note {
        page,
        message: format!(
            "recognised from its image ({:.0} dpi{straightened}, {} lines, mean confidence {:.2})",
            scanned.dpi, scanned.lines, scanned.mean_confidence
        ),
    }];
    if scanned.noise_lines > 0 {
        notes.push(jixiao_table::Note {
            page,
            message: format!(
                "{} speck(s) or ruling stroke(s) read as a character or two with little confidence were dropped",
                scanned.noise_lines
            ),
        });
    }
    notes.extend(scanned.corrections.iter().map(|c| jixiao_table::Note {
        page,
        message: format!(
            "corrected \"{}\" to \"{}\" ({})",
            c.before, c.after, c.reason
        ),
    }));
    notes.extend(
        scanned
            .doubtful
            .iter()
            .map(|(text, confidence)| jixiao_table::Note {
                page,
                message: format!("read with low confidence ({confidence:.2}): \"{text}\""),
            }),
    );
    notes
}
