//! Whether the text of a page runs along its rows or down its columns.
//!
//! On an upright (or upside-down) form, text rows and the table's many
//! horizontal rules make the row profile far sharper than the column
//! profile: characters in neighbouring rows do not line up in columns, and
//! a table has more rows than columns. On a page scanned sideways it is the
//! other way round. Each profile is taken at its own best small angle, so a
//! skewed page compares fairly.

use crate::skew::CoarseSweep;

/// One direction must be this much sharper than the other (as a ratio)
/// to be believed. The sample forms measure 3–8 in favour of their rows.
const MIN_DIRECTION_RATIO: f64 = 1.5;

/// Which way the text of a page runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextDirection {
    /// Along the rows: upright or upside down.
    Rows,
    /// Down the columns: the page lies sideways.
    Columns,
    /// Neither profile stands out.
    Unclear,
}

/// The direction of the text of a page from the coarse sweeps of its rows
/// and of its columns, and the ratio of row sharpness to column sharpness
/// it rests on.
pub(crate) fn text_direction(rows: &CoarseSweep, columns: &CoarseSweep) -> (TextDirection, f64) {
    let (row_sweep, column_sweep) = (rows, columns);
    let (rows, columns) = (rows.best_sharpness(), columns.best_sharpness());
    if rows <= 0.0 || columns <= 0.0 {
        return (TextDirection::Unclear, 1.0);
    }
    let ratio = rows / columns;
    // The winning direction must itself show rows (a clear peak in its
    // sweep); a pattern that is merely sharper one way is no text.
    let direction = if ratio >= MIN_DIRECTION_RATIO && row_sweep.has_clear_peak() {
        TextDirection::Rows
    } else if ratio <= 1.0 / MIN_DIRECTION_RATIO && column_sweep.has_clear_peak() {
        TextDirection::Columns
    } else {
        TextDirection::Unclear
    };
    (direction, ratio)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ink::InkRuns;
    use crate::turn::{turn_image, QuarterTurn};
    use image::{GrayImage, Luma};

    fn direction_of(map: &GrayImage) -> (TextDirection, f64) {
        let sweep = |turn| CoarseSweep::of(&InkRuns::of(map, 128, turn), 5.0);
        text_direction(&sweep(QuarterTurn::None), &sweep(QuarterTurn::Ccw90))
    }

    /// Rows of short dashes, like lines of characters in table cells, each
    /// row indented differently so that characters do not line up.
    fn text_rows() -> GrayImage {
        GrayImage::from_fn(400, 560, |x, y| {
            let in_row = (40..520).contains(&y) && y % 20 < 12;
            let in_character = (30..370).contains(&x) && (x + (y / 20) * 5) % 14 < 11;
            Luma([if in_row && in_character { 0 } else { 255 }])
        })
    }

    #[test]
    fn rows_of_text_run_along_rows_and_turned_down_columns() {
        let (upright, ratio) = direction_of(&text_rows());
        assert_eq!(upright, TextDirection::Rows, "ratio {ratio}");
        for turn in [QuarterTurn::Ccw90, QuarterTurn::Ccw270] {
            let (sideways, ratio) = direction_of(&turn_image(&text_rows(), turn));
            assert_eq!(sideways, TextDirection::Columns, "ratio {ratio}");
        }
        let half = turn_image(&text_rows(), QuarterTurn::Half);
        assert_eq!(direction_of(&half).0, TextDirection::Rows);
    }

    #[test]
    fn an_empty_page_is_unclear() {
        let blank = GrayImage::from_pixel(10, 10, Luma([255]));
        assert_eq!(direction_of(&blank).0, TextDirection::Unclear);
    }
}
