//! Character rules shared by every stage of jixiao.
//!
//! The forms mix CJK text, full-width and half-width forms of the same
//! signs (`＝１００％` and `=100%`), and, in the output of OCR tools, LaTeX
//! math (`$\geq 95\%$`). Every stage that compares, splits or cleans text
//! asks this crate, so that they all agree on what a CJK character is and
//! which forms are the same sign.
//!
//! ```
//! use jixiao_chars::{fold_width, is_cjk, latex};
//! assert!(is_cjk('绩') && is_cjk('，') && !is_cjk('A'));
//! assert_eq!("＝１００％".chars().map(fold_width).collect::<String>(), "=100%");
//! assert_eq!(latex::to_text(r"$\geq 95\%$"), "≥95%");
//! ```

#![warn(missing_docs)]

pub mod latex;

/// CJK ideographs, kana, radicals, CJK punctuation and the full-width
/// punctuation blocks (not the full-width digits and letters, which fold to
/// ASCII).
///
/// Spaces between two such characters are OCR artefacts, and a wrapped line
/// joins its continuation without a space when either side is one.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65
        | 0x20000..=0x3134F)
}

/// Folds the full-width forms that stand for ASCII in numbers and targets
/// (digits, Latin letters, `％＝＜＞＋－．／`) and the ideographic and
/// no-break spaces; CJK punctuation such as `（：；，` is kept as printed.
///
/// This is the folding of cleaned cell text: the form's own punctuation
/// survives, a number reads the same however it was typed.
///
/// ```
/// use jixiao_chars::fold_width;
/// let fold = |s: &str| s.chars().map(fold_width).collect::<String>();
/// assert_eq!(fold("≥９５％（含）"), "≥95%（含）");
/// ```
pub fn fold_width(c: char) -> char {
    match c {
        '０'..='９'
        | 'Ａ'..='Ｚ'
        | 'ａ'..='ｚ'
        | '％'
        | '＝'
        | '＜'
        | '＞'
        | '＋'
        | '－'
        | '．'
        | '／' => shift_to_ascii(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        _ => c,
    }
}

/// Folds every full-width ASCII form (U+FF01..U+FF5E, punctuation included)
/// and the ideographic space: the folding of a target parser, for which
/// `（` and `(` are the same bracket.
///
/// ```
/// use jixiao_chars::fold_all_width;
/// let fold = |s: &str| s.chars().map(fold_all_width).collect::<String>();
/// assert_eq!(fold("＝１００（％）"), "=100(%)");
/// ```
pub fn fold_all_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => shift_to_ascii(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// U+FF01..U+FF5E sit 0xFEE0 above their ASCII forms.
fn shift_to_ascii(c: char) -> char {
    char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_classes() {
        for c in ['一', '龥', '㐀', '（', '：', '。', '、', 'ア', '⼈', '𠀀'] {
            assert!(is_cjk(c), "{c}");
        }
        for c in ['a', '1', '%', '１', 'Ａ', ' ', '≥'] {
            assert!(!is_cjk(c), "{c}");
        }
    }

    #[test]
    fn the_two_foldings_differ_on_punctuation_only() {
        for c in [
            '０', '９', 'Ａ', 'ｚ', '％', '＝', '＜', '＞', '＋', '－', '．', '／',
        ] {
            assert_eq!(fold_width(c), fold_all_width(c));
            assert!(fold_width(c).is_ascii());
        }
        assert_eq!(fold_width('（'), '（');
        assert_eq!(fold_all_width('（'), '(');
        assert_eq!(fold_width('\u{3000}'), ' ');
        assert_eq!(fold_all_width('\u{3000}'), ' ');
        assert_eq!(fold_width('\u{00A0}'), ' ');
    }
}
