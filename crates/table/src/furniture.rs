//! Page furniture: lines that belong to the page, not to the form.

/// A bare number is a page number only in the top 8% or the bottom 12% of
/// the page (shares of its height).
const TOP_MARGIN_SHARE: f32 = 0.08;
const BOTTOM_MARGIN_START: f32 = 0.88;

/// True for a page-number line: `第 1 页 共 5 页`, `共5页 第1页`, `Page 1 of 5`,
/// `- 3 -`, `—3—`, and a bare number or `1/5` in the top 8% or bottom 12% of
/// the page (`y_frac` is the line's vertical centre as a share of the page
/// height). Only whole lines are judged: a running header that merely
/// contains a page number is kept.
pub(crate) fn is_page_number(text: &str, y_frac: f32) -> bool {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match jixiao_chars::fold_width(c) {
            '—' | '–' | '‐' | '―' | '─' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    if !t.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let rest = t.replace("page", "").replace("of", "");
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || "第页共/,，、-.()（）".contains(c))
    {
        return false;
    }
    if t.contains('页') || t.contains("page") {
        return true;
    }
    let inner = rest.trim_matches('-');
    if rest.starts_with('-')
        && rest.ends_with('-')
        && !inner.is_empty()
        && inner.chars().all(|c| c.is_ascii_digit())
    {
        return true;
    }
    let at_edge = !(TOP_MARGIN_SHARE..=BOTTOM_MARGIN_START).contains(&y_frac);
    at_edge && rest.len() <= 9 && rest.chars().all(|c| c.is_ascii_digit() || c == '/')
}

#[cfg(test)]
mod tests {
    use super::is_page_number;

    #[test]
    fn page_numbers() {
        assert!(is_page_number("第 1 页 共 5 页", 0.5));
        assert!(is_page_number("共5页，第2页", 0.95));
        assert!(is_page_number("- 3 -", 0.5));
        assert!(is_page_number("—１２—", 0.97));
        assert!(is_page_number("7", 0.95));
        assert!(is_page_number("2/5", 0.95));
        assert!(is_page_number("Page 2 of 5", 0.95));
        assert!(!is_page_number("7", 0.5));
        assert!(!is_page_number("（2022年度）", 0.05));
        assert!(!is_page_number("单位：元", 0.95));
        assert!(!is_page_number("2022-01-01", 0.95));
        assert!(!is_page_number("=100%", 0.95));
    }
}
