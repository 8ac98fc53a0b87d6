//! Cell text cleaning shared by every source.

use jixiao_chars::{fold_width, is_cjk};

/// Cleans one cell's text.
///
/// * Markdown emphasis around the whole cell (`**…**`) is removed;
/// * HTML tags are removed (`<p>`, `<br/>`, …) and the common entities decoded;
/// * LaTeX math is turned into the characters it denotes
///   (`$\geq 95\%$` → `≥95%`);
/// * full-width digits, Latin letters and `％＝＜＞＋－．／` become ASCII (CJK
///   punctuation such as `（：；` is kept as printed);
/// * whitespace runs collapse to one space, and spaces between two CJK
///   characters (an OCR artefact) are removed.
///
/// ```
/// use jixiao_table::clean_cell;
/// assert_eq!(clean_cell(r"$\geq 95\%$"), "≥95%");
/// assert_eq!(clean_cell("<p>年内 完成</p>"), "年内完成");
/// assert_eq!(clean_cell("＝１００％"), "=100%");
/// assert_eq!(clean_cell("V3.0 system 升级"), "V3.0 system升级");
/// assert_eq!(clean_cell("**财政项目支出绩效目标申报表**"), "财政项目支出绩效目标申报表");
/// ```
pub fn clean_cell(raw: &str) -> String {
    let raw = without_emphasis(raw);
    if is_clean(raw) {
        return raw.to_owned();
    }
    let mut text = String::with_capacity(raw.len());
    let without_tags = strip_tags(raw);
    let source: &str = without_tags.as_deref().unwrap_or(raw);
    if source.contains('$') || source.contains('\\') {
        jixiao_chars::latex::push_text(source, &mut text);
    } else {
        text.push_str(source);
    }
    squeeze(&text)
}

/// The text inside Markdown emphasis that wraps the whole cell
/// (`**财政项目支出绩效目标申报表**`, as pandoc and markitdown write a bold
/// title), trimmed.
fn without_emphasis(raw: &str) -> &str {
    let t = raw.trim();
    for mark in ["**", "__"] {
        if let Some(inner) = t.strip_prefix(mark).and_then(|r| r.strip_suffix(mark)) {
            if !inner.is_empty() && !inner.contains(mark) {
                return inner;
            }
        }
    }
    raw
}

/// True when cleaning would not change the text: no whitespace, markup,
/// LaTeX or full-width forms (most cells; checked on bytes, for speed).
fn is_clean(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b'<' | b'&' | b'$' | b'\\' => {
                return false
            }
            // U+00A0 and the C1/Latin-1 block: let the slow path decide.
            0xC2 => return false,
            // U+3000 (E3 80 80) and U+FF01..U+FF5E (EF BC 81 .. EF BD 9E).
            0xE3 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0x80) => {
                return false
            }
            0xEF if matches!(bytes.get(i + 1), Some(0xBC | 0xBD)) => return false,
            // Other Unicode spaces (U+2000..U+200A, U+2028/9, U+202F, U+205F).
            0xE2 if bytes.get(i + 1) == Some(&0x80) || bytes.get(i + 1) == Some(&0x81) => {
                return false
            }
            _ => {}
        }
    }
    true
}

/// Removes `<...>` tags and decodes a handful of entities; `None` when the
/// text has neither (the common case, so no allocation).
fn strip_tags(raw: &str) -> Option<String> {
    if !raw.contains('<') && !raw.contains('&') {
        return None;
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        match after.find('>') {
            // Only treat it as a tag when it looks like one: `<p>`, `</td>`,
            // `<br/>`; a lone `<` is an operator (`<=2人`).
            Some(end) if is_tag(&after[1..end]) => {
                let name = after[1..end].trim_start_matches('/').to_ascii_lowercase();
                if name.starts_with("br") || name == "p" && start > 0 {
                    // A line break inside a cell: CJK text rejoins without a
                    // space; `squeeze` decides.
                    out.push(' ');
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    if out.contains('&') {
        out = out
            .replace("&nbsp;", " ")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
    }
    Some(out)
}

fn is_tag(inner: &str) -> bool {
    let name = inner.trim_start_matches('/').trim_end_matches('/').trim();
    let word: String = name
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    matches!(
        word.to_ascii_lowercase().as_str(),
        "p" | "br"
            | "td"
            | "tr"
            | "th"
            | "span"
            | "div"
            | "b"
            | "i"
            | "u"
            | "strong"
            | "em"
            | "sup"
            | "sub"
            | "font"
    )
}

/// Collapses whitespace, drops it between CJK characters, trims.
fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut last: Option<char> = None;
    for c in text.chars().map(fold_width) {
        if c.is_whitespace() {
            pending_space = last.is_some();
            continue;
        }
        if pending_space {
            // Keep a space only between two non-CJK characters, and not
            // between an operator and its number (`≥ 95%` is `≥95%`).
            let keep = match last {
                Some(prev) => {
                    !(is_cjk(prev)
                        || is_cjk(c)
                        || matches!(prev, '≥' | '≤' | '<' | '>' | '=') && c.is_ascii_digit()
                        || matches!(c, '%' | '‰') && prev.is_ascii_digit())
                }
                None => false,
            };
            if keep {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
        last = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_operators_and_percent() {
        assert_eq!(clean_cell(r"$\leq$ 2人"), "≤2人");
        assert_eq!(clean_cell(r"$>$ 99\%"), ">99%");
        assert_eq!(clean_cell(r"$\geqslant 90 \%$"), "≥90%");
        assert_eq!(clean_cell(r"$\mathrm{=} 100\%$"), "=100%");
    }

    #[test]
    fn tags_removed_but_less_than_kept() {
        assert_eq!(clean_cell("<p>通过项目开展，</p>"), "通过项目开展，");
        assert_eq!(clean_cell("<=2人"), "<=2人");
        assert_eq!(clean_cell("a<br/>b"), "a b");
        assert_eq!(clean_cell("告知单<br>印制"), "告知单印制");
        assert_eq!(clean_cell("&lt;5&amp;"), "<5&");
    }

    #[test]
    fn spaces_between_cjk_removed_latin_kept() {
        assert_eq!(clean_cell(" 日常 安全 巡逻 "), "日常安全巡逻");
        assert_eq!(clean_cell("( 2022 年 - 2022年 )"), "( 2022年- 2022年)");
        assert_eq!(clean_cell("V3.0  system  upgrade"), "V3.0 system upgrade");
        assert_eq!(clean_cell("\u{3000}产出\u{3000}指标"), "产出指标");
    }
}
