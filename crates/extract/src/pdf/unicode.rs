//! Clean-up of the Unicode text a PDF font reports for one glyph.
//!
//! Some CJK fonts (notably several shipped with Office/WPS) map ideographs
//! that look like radicals to the *radical* code points instead of the
//! unified ideographs: `⼈` (U+2F08) instead of `人` (U+4EBA). Text that looks
//! right on screen then fails every vocabulary match, so we fold them back.

/// NFKC targets of the Kangxi radicals U+2F00..=U+2FD5, in code-point order
/// (generated from Python's `unicodedata.normalize("NFKC", …)`).
const KANGXI: &str = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";

/// CJK Radicals Supplement (U+2E80..=U+2EFF) forms that are, in practice,
/// whole characters in simplified-Chinese text. Only U+2E9F and U+2EF3 have
/// an NFKC mapping; the rest are taken from the radicals' names (e.g. "CJK
/// RADICAL C-SIMPLIFIED GATE" → 门). Component-only forms (讠, 饣, …) are left
/// alone because they never stand for a whole character.
const RADICAL_SUPPLEMENT: &[(char, char)] = &[
    ('\u{2E9F}', '母'),
    ('\u{2EA0}', '民'),
    ('\u{2EC4}', '西'),
    ('\u{2EC5}', '见'),
    ('\u{2EC6}', '角'),
    ('\u{2EC9}', '贝'),
    ('\u{2ECB}', '车'),
    ('\u{2ED3}', '长'),
    ('\u{2ED4}', '门'),
    ('\u{2ED8}', '青'),
    ('\u{2EDA}', '页'),
    ('\u{2EDB}', '风'),
    ('\u{2EDC}', '飞'),
    ('\u{2EDD}', '食'),
    ('\u{2EE2}', '马'),
    ('\u{2EE3}', '骨'),
    ('\u{2EE4}', '鬼'),
    ('\u{2EE5}', '鱼'),
    ('\u{2EE6}', '鸟'),
    ('\u{2EE7}', '卤'),
    ('\u{2EE8}', '麦'),
    ('\u{2EE9}', '黄'),
    ('\u{2EEA}', '黾'),
    ('\u{2EEC}', '齐'),
    ('\u{2EEE}', '齿'),
    ('\u{2EF0}', '龙'),
    ('\u{2EF3}', '龟'),
];

/// Maps a radical code point to its unified ideograph; other characters are
/// returned unchanged.
pub fn fold_radical(c: char) -> char {
    let cp = c as u32;
    if (0x2F00..=0x2FD5).contains(&cp) {
        // Index by character position; the table holds exactly 214 chars.
        let idx = (cp - 0x2F00) as usize;
        return KANGXI.chars().nth(idx).unwrap_or(c);
    }
    if (0x2E80..=0x2EFF).contains(&cp) {
        if let Ok(i) = RADICAL_SUPPLEMENT.binary_search_by_key(&c, |&(from, _)| from) {
            if let Some(&(_, to)) = RADICAL_SUPPLEMENT.get(i) {
                return to;
            }
        }
    }
    c
}

/// Appends the cleaned form of `c` to `out`: radicals folded, control
/// characters dropped.
pub fn push_clean(out: &mut String, c: char) {
    if c.is_control() || c == '\u{FEFF}' {
        return;
    }
    out.push(fold_radical(c));
}

/// Cleans a whole string (used for multi-character ToUnicode entries).
pub fn clean_into(out: &mut String, s: &str) {
    for c in s.chars() {
        push_clean(out, c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kangxi_table_is_complete() {
        assert_eq!(KANGXI.chars().count(), 0x2FD6 - 0x2F00);
        assert_eq!(fold_radical('\u{2F00}'), '一');
        assert_eq!(fold_radical('\u{2F08}'), '人');
        assert_eq!(fold_radical('\u{2FD5}'), '龠');
        assert_eq!(fold_radical('\u{2ED4}'), '门');
        assert_eq!(fold_radical('中'), '中');
    }

    #[test]
    fn supplement_table_is_sorted() {
        assert!(RADICAL_SUPPLEMENT
            .windows(2)
            .all(|w| matches!(w, [a, b] if a.0 < b.0)));
    }

    #[test]
    fn controls_are_dropped() {
        let mut s = String::new();
        clean_into(&mut s, "a\u{0}\u{2F08}\u{FEFF}b");
        assert_eq!(s, "a人b");
    }
}
