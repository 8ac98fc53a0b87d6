//! LaTeX math as the characters it stands for.
//!
//! MinerU and other OCR tools write operators and units as inline math:
//! `$\geq 95\%$`, `$\leq$ 2人`, `$= 100 \, \%$`. [`to_text`] turns such text
//! into what the form printed (`≥95%`, `≤2人`, `= 100 %`); the target parser
//! then reads it like any other cell.

/// The character a math command (without its backslash) stands for;
/// `None` for commands that print nothing of their own (`\mathrm`, `\text`,
/// `\left`, spacing) and for unknown ones, which keep only their argument.
///
/// ```
/// use jixiao_chars::latex::symbol;
/// assert_eq!(symbol("geqslant"), Some("≥"));
/// assert_eq!(symbol("mathrm"), None);
/// ```
pub fn symbol(command: &str) -> Option<&'static str> {
    Some(match command {
        "geq" | "ge" | "geqslant" | "geqq" => "≥",
        "leq" | "le" | "leqslant" | "leqq" => "≤",
        "gt" => ">",
        "lt" => "<",
        "neq" | "ne" => "≠",
        "times" => "×",
        "cdot" => "·",
        // In a target `90\sim100` is a range: the tilde it prints.
        "sim" => "~",
        "approx" => "≈",
        "pm" => "±",
        "div" => "÷",
        "percent" => "%",
        _ => return None,
    })
}

/// Rewrites math commands to their characters and drops `$`, braces and
/// `\(`/`\)`; escaped `\% \& \# \_` keep their character, spacing commands
/// (`\,`, `\ `) vanish, and the space that only ends a command name
/// (`\geq 95`) goes with it.
///
/// ```
/// use jixiao_chars::latex::to_text;
/// assert_eq!(to_text(r"$\geq 95\%$"), "≥95%");
/// assert_eq!(to_text(r"$\lt 3\text{次}$"), "<3次");
/// assert_eq!(to_text(r"$= 100 \, \%$"), "= 100  %");
/// ```
pub fn to_text(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    push_text(source, &mut out);
    out
}

/// [`to_text`], appending to `out`.
pub fn push_text(source: &str, out: &mut String) {
    let mut chars = source.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '$' | '{' | '}' => {}
            '\\' => {
                let rest = source.get(i + 1..).unwrap_or("");
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                if name.is_empty() {
                    // `\%`, `\,`, `\(`: an escaped character.
                    if let Some((_, next)) = chars.next() {
                        match next {
                            '%' | '&' | '#' | '_' => out.push(next),
                            '(' | ')' | '[' | ']' | ',' | ';' | ' ' => {}
                            other => out.push(other),
                        }
                    }
                    continue;
                }
                for _ in 0..name.chars().count() {
                    chars.next();
                }
                // `\geq 95` is `≥95`: the space only ended the command name.
                while chars.peek().is_some_and(|(_, c)| *c == ' ') {
                    chars.next();
                }
                out.push_str(symbol(&name).unwrap_or(""));
            }
            other => out.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_escapes_and_arguments() {
        assert_eq!(to_text(r"$\leq$ 2人"), "≤ 2人");
        assert_eq!(to_text(r"$>$ 99\%"), "> 99%");
        assert_eq!(to_text(r"$\geqslant 90 \%$"), "≥90 %");
        assert_eq!(to_text(r"$\mathrm{=} 100\%$"), "= 100%");
        assert_eq!(to_text(r"90\sim 100"), "90~100");
        assert_eq!(to_text(r"\(x\)"), "x");
        assert_eq!(to_text("trailing \\"), "trailing ");
    }
}
