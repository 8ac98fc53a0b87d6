//! Recognised lines checked against the words a form prints: a field
//! label or level name misread by one character (主管部內 for 主管部门) is
//! corrected to it, and the correction is kept so it can be reported.
//!
//! The recogniser does not know the forms; the caller (which does) passes
//! the words as a [`Vocabulary`]. Only whole lines are compared, and only
//! with words of the same length, so a line is corrected by substituting
//! characters in place and its glyph boxes stay where they were.

use std::collections::HashMap;

/// Characters the recogniser reads for others that the forms print, with
/// no doubt about which was meant: `丶` (a radical, never in running text)
/// for the enumeration comma `、`; the traditional `內`, which a form in
/// simplified characters never prints, for `内`.
const CONFUSED_CHARS: [(char, char); 2] = [('丶', '、'), ('內', '内')];

/// Pairs read for others, before [`CONFUSED_CHARS`]: the recogniser takes
/// 门 after 部 (部门, the forms' commonest word) for 內 or 内; 部内 is
/// rare in these forms, and every correction is reported.
const CONFUSED_PAIRS: [([char; 2], [char; 2]); 2] =
    [(['部', '內'], ['部', '门']), (['部', '内'], ['部', '门'])];

/// Shorter words are not corrected: with three characters, one changed is
/// a third of the word, and short 三级 names (经费, 时间) are common.
const MIN_CORRECTED_CHARS: usize = 4;

/// Characters that may differ, by word length: one up to six characters,
/// two from seven (服务对象满意度指标 read with two strokes wrong).
fn allowed_differences(chars: usize) -> usize {
    if chars >= 7 {
        2
    } else {
        1
    }
}

/// A change made to a recognised line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The line as recognised.
    pub before: String,
    /// The line as corrected.
    pub after: String,
    /// Why: `"form word"` or `"character"`.
    pub reason: &'static str,
}

/// The words a form prints whole in a cell (labels, headers, level names),
/// grouped by length for the search.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    by_length: HashMap<usize, Vec<Vec<char>>>,
}

impl Vocabulary {
    /// A vocabulary of `words` (duplicates and words shorter than four
    /// characters are kept out).
    ///
    /// ```
    /// use jixiao_ocr::correct::Vocabulary;
    /// let words = Vocabulary::new(["主管部门", "实施单位"]);
    /// assert_eq!(words.correct("主菅部门").map(|c| c.after), Some("主管部门".into()));
    /// assert_eq!(words.correct("主管部门"), None);
    /// ```
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Vocabulary {
        let mut by_length: HashMap<usize, Vec<Vec<char>>> = HashMap::new();
        for word in words {
            let chars: Vec<char> = word.chars().collect();
            if chars.len() < MIN_CORRECTED_CHARS {
                continue;
            }
            let slot = by_length.entry(chars.len()).or_default();
            if !slot.contains(&chars) {
                slot.push(chars);
            }
        }
        Vocabulary { by_length }
    }

    /// The corrected line, or `None` when it stays as it is. Confused
    /// characters are replaced first; then a line that is one or two
    /// characters away from exactly one word (and is no word itself)
    /// becomes that word. Digits are never changed: an amount or date is
    /// not a label.
    pub fn correct(&self, line: &str) -> Option<Correction> {
        let mut chars: Vec<char> = line.chars().collect();
        let mut reason = None;
        for i in 1..chars.len() {
            if let Some((_, to)) = CONFUSED_PAIRS
                .iter()
                .find(|(from, _)| chars[i - 1..=i] == from[..])
            {
                chars[i - 1..=i].copy_from_slice(to);
                reason = Some("character");
            }
        }
        for c in chars.iter_mut() {
            if let Some(&(_, to)) = CONFUSED_CHARS.iter().find(|(from, _)| from == c) {
                *c = to;
                reason = Some("character");
            }
        }
        if let Some(word) = self.nearest_word(&chars) {
            chars = word.to_vec();
            reason = Some("form word");
        }
        let after: String = chars.into_iter().collect();
        reason.map(|reason| Correction {
            before: line.to_owned(),
            after,
            reason,
        })
    }

    /// The one word `line` is a small substitution away from.
    fn nearest_word(&self, line: &[char]) -> Option<&[char]> {
        let words = self.by_length.get(&line.len())?;
        let allowed = allowed_differences(line.len());
        let mut best: Option<(usize, &[char])> = None;
        let mut tied = false;
        for word in words {
            let mut differences = 0;
            for (a, b) in line.iter().zip(word) {
                if a != b {
                    if a.is_ascii_digit() || b.is_ascii_digit() {
                        differences = usize::MAX;
                        break;
                    }
                    differences += 1;
                }
            }
            if differences == 0 {
                return None;
            }
            if differences > allowed {
                continue;
            }
            match best {
                Some((d, _)) if d < differences => {}
                Some((d, _)) if d == differences => tied = true,
                _ => {
                    best = Some((differences, word));
                    tied = false;
                }
            }
        }
        if tied {
            return None;
        }
        best.map(|(_, word)| word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Vocabulary {
        Vocabulary::new([
            "数量指标",
            "质量指标",
            "主管部门",
            "服务对象满意度指标",
            "项目",
        ])
    }

    #[test]
    fn one_character_off_a_label_is_corrected() {
        let c = words().correct("主菅部门").expect("corrected");
        assert_eq!((c.after.as_str(), c.reason), ("主管部门", "form word"));
        let c = words()
            .correct("服务对象满意侄指杯")
            .expect("two off in nine");
        assert_eq!(c.after, "服务对象满意度指标");
    }

    #[test]
    fn a_word_itself_ties_and_long_distances_are_kept() {
        // 时量指标 is one away from both 数量指标 and 质量指标.
        assert_eq!(words().correct("时量指标"), None);
        assert_eq!(words().correct("质量指标"), None);
        assert_eq!(words().correct("主管单位"), None, "two of four differ");
        assert_eq!(words().correct("项日"), None, "too short to correct");
        assert_eq!(words().correct("主管部门上海市"), None, "other length");
    }

    #[test]
    fn digits_are_never_changed_and_confused_characters_are() {
        let v = Vocabulary::new(["2022年度"]);
        assert_eq!(v.correct("2023年度"), None);
        let c = words().correct("党建丶宣传").expect("comma");
        assert_eq!((c.after.as_str(), c.reason), ("党建、宣传", "character"));
        let c = words().correct("相关职能部內满意度").expect("部门");
        assert_eq!(c.after, "相关职能部门满意度");
        let c = words().correct("年內完成").expect("内");
        assert_eq!(c.after, "年内完成");
    }
}
