//! Parsing indicator targets (指标目标值).
//!
//! The last column of an indicator row holds its target: a comparison
//! (`=100%`, `≥95%`, `>=1次/年`, `不低于95%`), a bare quantity (`985米`),
//! or a qualitative phrase (年内完成, 有效改善). [`Target::parse`] keeps the
//! cell text in [`Target::raw`] and, for quantitative targets, splits it into
//! an operator, a value and a unit. [`looks_like_target`] tells a target cell
//! from an indicator-name cell when the column positions cannot be trusted.
//!
//! ```
//! use jixiao_map::target::{looks_like_target, Op, Target};
//! let t = Target::parse("≥95%");
//! assert_eq!((t.op, t.value, t.unit.as_deref()), (Some(Op::Ge), Some(95.0), Some("%")));
//! let q = Target::parse("年内完成");
//! assert_eq!((q.op, q.value, q.unit), (None, None, None));
//! assert_eq!(q.raw, "年内完成");
//! assert!(looks_like_target("=9块") && !looks_like_target("验收合格率"));
//! ```
//!
//! # Decisions on ambiguous forms
//!
//! * A bare number means equality: `985米` is `= 985 米`.
//! * `以上` / `以下` / `以内` include the bound (the usage fixed by 《民法典》
//!   第一千二百五十九条 and common in statistics), so `100%以上` is `>=` and
//!   `10天以内` is `<=`; `超过` / `不满` / `不足` exclude it (`>` / `<`). Such a
//!   trailing word overrides an absent or `=` operator, never `>`/`<`/`>=`/`<=`.
//! * `op` and `value` are either both present or both absent: an operator with
//!   no number after it (`≥上年水平`) parses as qualitative.
//! * Only text that begins with an operator, an operator word or a number is
//!   parsed; a number in the middle of words (`较上年度降低10%`,
//!   `检查结束后10个工作日内`) leaves the target qualitative.
//! * Ranges (`90%-100%`, `10-20天`), compound comparisons (`≥90%,≤100%`),
//!   dates (`2022-12-31`, `2021年11月底前`) and placeholders (`**元/人·月`)
//!   are qualitative.
//! * A number without a symbolic operator must be followed by a plausible unit
//!   (short, no digits, not ending like an indicator name such as …率/…数), so
//!   names like `12345热线工单办结率` are not mistaken for quantities.
//! * Chinese numerals (`一个半小时`) are not read.
//! * `raw` is the cell text with surrounding whitespace trimmed (so a
//!   whitespace-only cell gives `""`); everything else is kept verbatim.

use std::fmt;

use jixiao_chars::fold_all_width;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A comparison operator of a quantitative target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `=`
    Eq,
    /// `>=` (≥, 不低于, 以上)
    Ge,
    /// `<=` (≤, 不超过, 以内)
    Le,
    /// `>` (大于, 超过)
    Gt,
    /// `<` (小于, 低于)
    Lt,
}

impl Op {
    /// The ASCII spelling used in records: `=`, `>=`, `<=`, `>` or `<`.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ge => ">=",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Lt => "<",
        }
    }

    /// Reads an operator symbol; accepts the ASCII spellings and the usual
    /// variants (`==`, `≥`, `≤`, `=>`, `=<`).
    fn from_symbol(s: &str) -> Option<Op> {
        Some(match s {
            "=" | "==" | "＝" => Op::Eq,
            ">=" | "=>" | "≥" | "⩾" => Op::Ge,
            "<=" | "=<" | "≤" | "⩽" => Op::Le,
            ">" | "＞" => Op::Gt,
            "<" | "＜" => Op::Lt,
            _ => return None,
        })
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Op {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl schemars::JsonSchema for Op {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Op".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A comparison operator, in its ASCII spelling.",
            "type": "string",
            "enum": ["=", ">=", "<=", ">", "<"]
        })
    }
}

impl<'de> Deserialize<'de> for Op {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct OpVisitor;
        impl serde::de::Visitor<'_> for OpVisitor {
            type Value = Op;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("one of \"=\", \">=\", \"<=\", \">\", \"<\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Op, E> {
                Op::from_symbol(v)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(OpVisitor)
    }
}

/// A parsed indicator target (指标目标值).
///
/// For a qualitative target `op`, `value` and `unit` are all `None`; `op` and
/// `value` are always both present or both absent; `unit` is never `Some("")`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Target {
    /// The cell text as given (trimmed of surrounding whitespace only).
    pub raw: String,
    /// Serialized as `"="`, `">="`, `"<="`, `">"`, `"<"` or `null`.
    pub op: Option<Op>,
    /// The number, for a quantitative target.
    pub value: Option<f64>,
    /// The unit after the number (`%`, `次/年`), if any.
    #[schemars(length(min = 1))]
    pub unit: Option<String>,
}

impl Target {
    /// Parses a target cell; see the [module documentation](self) for the
    /// decisions on ambiguous forms.
    ///
    /// Operators may be ASCII (`>=`), mathematical (`≥`, `⩾`), full-width
    /// (`＞＝９５％`), LaTeX (`$\geq 95\%$`) or words (大于等于, 不低于, 不超过,
    /// 超过, 低于 …); a trailing `以上`/`以下`/`以内` implies `>=`/`<=`. Numbers may
    /// have thousands separators (`2,500,000`) and decimals; the unit is the text
    /// after the number, with brackets (`(%)`) and notes (`（含）`) removed and
    /// `百分比` spelled `%`.
    ///
    /// ```
    /// use jixiao_map::target::{Op, Target};
    ///
    /// let t = Target::parse(">=1次/年");
    /// assert_eq!(t.op, Some(Op::Ge));
    /// assert_eq!(t.value, Some(1.0));
    /// assert_eq!(t.unit.as_deref(), Some("次/年"));
    ///
    /// let t = Target::parse("=100.00(%)");
    /// assert_eq!((t.op, t.value, t.unit.as_deref()), (Some(Op::Eq), Some(100.0), Some("%")));
    ///
    /// // 以上 includes the bound; a bare number means equality.
    /// assert_eq!(Target::parse("95%及以上").op, Some(Op::Ge));
    /// assert_eq!(Target::parse("985米").op, Some(Op::Eq));
    ///
    /// // Qualitative targets keep only the text.
    /// let q = Target::parse("有效改善");
    /// assert_eq!((q.raw.as_str(), q.op, q.value, q.unit), ("有效改善", None, None, None));
    /// ```
    pub fn parse(raw: &str) -> Target {
        let raw = raw.trim();
        let mut target = Target {
            raw: raw.to_owned(),
            op: None,
            value: None,
            unit: None,
        };
        if let Shape::Quantity { op, value, unit } = analyse(&normalise(raw)) {
            target.op = Some(op);
            target.value = Some(value);
            target.unit = unit;
        }
        target
    }
}

/// True when the text looks like a target value rather than an indicator name.
///
/// That is: it parses to an operator and value, starts with an operator
/// symbol (`≥`, `=`, `＜` …), is a numeric range (`90%-100%`), a placeholder
/// (`**元/人·月`), or is as a whole one of the short qualitative targets
/// (及时, 完成, 达标, 合格, 是, 否, 有效, 良好, 年内完成 …). Indicator names
/// that merely contain such words (培训完成率, 验收合格率) are not targets.
pub fn looks_like_target(text: &str) -> bool {
    let s = normalise(text.trim());
    match analyse(&s) {
        Shape::Empty => false,
        Shape::Quantity { .. } => true,
        Shape::Range => s.chars().count() <= 16 && !ends_like_name(&s),
        Shape::Other { symbol_op } => symbol_op || is_placeholder(&s) || is_qualitative_word(&s),
    }
}

/// What a normalised cell is.
#[derive(Debug, PartialEq)]
enum Shape {
    /// Nothing left after normalisation.
    Empty,
    /// A single comparison with a number.
    Quantity {
        op: Op,
        value: f64,
        unit: Option<String>,
    },
    /// A numeric range such as `90%-100%` (qualitative for [`Target`]).
    Range,
    /// Anything else; `symbol_op` when it starts with an operator symbol.
    Other { symbol_op: bool },
}

/// Normalises a cell for parsing: full-width ASCII folded, whitespace and
/// zero-width characters removed, LaTeX math (`$\geq 95\%$`) rewritten,
/// operator symbols spelled in ASCII (`≥` → `>=`), trailing punctuation
/// (`。；;,，、.!?`) dropped.
fn normalise(raw: &str) -> String {
    // Math first, so that `\geq` becomes `≥` like any printed operator.
    let rewritten;
    let raw = if raw.contains(['$', '\\']) {
        rewritten = jixiao_chars::latex::to_text(raw);
        rewritten.as_str()
    } else {
        raw
    };
    let mut out = String::with_capacity(raw.len() + 4);
    for c in raw.chars() {
        match fold_all_width(c) {
            c if c.is_whitespace() => {}
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            '≥' | '⩾' | '≧' | '≮' => out.push_str(">="),
            '≤' | '⩽' | '≦' | '≯' => out.push_str("<="),
            '﹥' => out.push('>'),
            '﹤' => out.push('<'),
            '﹦' => out.push('='),
            '﹪' => out.push('%'),
            '\u{2212}' => out.push('-'),
            '【' | '〔' => out.push('('),
            '】' | '〕' => out.push(')'),
            c => out.push(c),
        }
    }
    let kept = out
        .trim_end_matches(['。', ';', ',', '、', '.', '!', '?', '…'])
        .len();
    out.truncate(kept);
    out
}

/// Operator words, longest first where one is a prefix of another.
const WORD_OPS: &[(&str, Op)] = &[
    ("大于或等于", Op::Ge),
    ("大于等于", Op::Ge),
    ("高于或等于", Op::Ge),
    ("小于或等于", Op::Le),
    ("小于等于", Op::Le),
    ("低于或等于", Op::Le),
    ("不得低于", Op::Ge),
    ("不得少于", Op::Ge),
    ("不得小于", Op::Ge),
    ("不得高于", Op::Le),
    ("不得超过", Op::Le),
    ("不得多于", Op::Le),
    ("不得大于", Op::Le),
    ("不低于", Op::Ge),
    ("不少于", Op::Ge),
    ("不小于", Op::Ge),
    ("不高于", Op::Le),
    ("不超过", Op::Le),
    ("不超出", Op::Le),
    ("不多于", Op::Le),
    ("不大于", Op::Le),
    ("不足", Op::Lt),
    ("不满", Op::Lt),
    ("至少", Op::Ge),
    ("最少", Op::Ge),
    ("至多", Op::Le),
    ("最多", Op::Le),
    ("大于", Op::Gt),
    ("高于", Op::Gt),
    ("超过", Op::Gt),
    ("多于", Op::Gt),
    ("小于", Op::Lt),
    ("低于", Op::Lt),
    ("少于", Op::Lt),
    ("等于", Op::Eq),
    // 达到95%: "reaches", i.e. at least.
    ("达到", Op::Ge),
];

/// Operator symbols, longest first.
const SYMBOL_OPS: &[(&str, Op)] = &[
    (">=", Op::Ge),
    ("=>", Op::Ge),
    ("<=", Op::Le),
    ("=<", Op::Le),
    ("==", Op::Eq),
    ("=", Op::Eq),
    (">", Op::Gt),
    ("<", Op::Lt),
];

/// A leading operator: `(op, rest, is_symbol)`.
fn leading_op(s: &str) -> Option<(Op, &str, bool)> {
    for &(sym, op) in SYMBOL_OPS {
        if let Some(rest) = s.strip_prefix(sym) {
            // `≥=95%` (a doubled equals sign) still means `>=`.
            return Some((op, rest.trim_start_matches('='), true));
        }
    }
    for &(word, op) in WORD_OPS {
        if let Some(rest) = s.strip_prefix(word) {
            return Some((op, rest.strip_prefix(':').unwrap_or(rest), false));
        }
    }
    None
}

/// A number at the start of `s`: optional `-` directly before a digit,
/// digits with optional thousands separators (`2,500,000`), optional
/// decimals. Returns the value and the rest of the text.
fn leading_number(s: &str) -> Option<(f64, &str)> {
    let b = s.as_bytes();
    let digit_at = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = 0;
    let mut text = String::new();
    if b.first() == Some(&b'-') && (digit_at(1) || (b.get(1) == Some(&b'.') && digit_at(2))) {
        text.push('-');
        i = 1;
    }
    let int_start = i;
    while digit_at(i) {
        i += 1;
    }
    if i == int_start && !(b.get(i) == Some(&b'.') && digit_at(i + 1)) {
        return None;
    }
    // Only ASCII bytes were passed over, so every index is a char boundary.
    text.push_str(&s[int_start..i]);
    if i > int_start {
        while b.get(i) == Some(&b',') && (1..=3).all(|k| digit_at(i + k)) && !digit_at(i + 4) {
            text.push_str(&s[i + 1..i + 4]);
            i += 4;
        }
    }
    if b.get(i) == Some(&b'.') && digit_at(i + 1) {
        let start = i;
        i += 1;
        while digit_at(i) {
            i += 1;
        }
        text.push_str(&s[start..i]);
    }
    let value: f64 = text.parse().ok().filter(|v: &f64| v.is_finite())?;
    Some((value, &s[i..]))
}

fn is_opener(c: char) -> bool {
    matches!(c, '(' | '[')
}

fn is_closer(c: char) -> bool {
    matches!(c, ')' | ']')
}

/// A bracketed group at the end of `u`: `(prefix, inner)`.
fn trailing_group(u: &str) -> Option<(&str, &str)> {
    let last = u.chars().next_back()?;
    if !is_closer(last) {
        return None;
    }
    let mut depth = 0usize;
    for (i, c) in u.char_indices().rev() {
        if is_closer(c) {
            depth += 1;
        } else if is_opener(c) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                let inner = &u[i + c.len_utf8()..u.len() - last.len_utf8()];
                return Some((&u[..i], inner));
            }
        }
    }
    None
}

/// Strips a trailing bound word: `以上` → `>=`, `以内` → `<=`, `3天内` → `<=`.
fn strip_bound_word(u: &str) -> Option<(&str, Op)> {
    const WORDS: &[(&str, Op)] = &[
        ("及以上", Op::Ge),
        ("或以上", Op::Ge),
        ("以上", Op::Ge),
        ("及以下", Op::Le),
        ("或以下", Op::Le),
        ("以下", Op::Le),
        ("以内", Op::Le),
        ("之内", Op::Le),
    ];
    for &(word, op) in WORDS {
        if let Some(rest) = u.strip_suffix(word) {
            return Some((rest, op));
        }
    }
    // A bare 内 only after a unit of time: 3天内, 2小时内, 5个工作日内.
    let rest = u.strip_suffix('内')?;
    let time_unit = rest
        .chars()
        .next_back()
        .is_some_and(|c| "天日时钟月年周秒".contains(c));
    time_unit.then_some((rest, Op::Le))
}

/// What follows the number.
enum Tail {
    Unit {
        unit: Option<String>,
        bound: Option<Op>,
    },
    Range,
    Compound,
}

/// Notes inside brackets that are not units: `（含）`.
fn is_note(u: &str) -> bool {
    matches!(
        u,
        "含" | "含本数" | "包含" | "包括" | "不含" | "含税" | "约"
    )
}

/// Characters that separate the two ends of a range.
fn is_range_sep(c: char) -> bool {
    matches!(c, '-' | '~' | '—' | '–' | '〜' | '至' | '到')
}

/// Reads the text after the number: unit, bound word, or a sign that the
/// target is a range or compound.
fn read_tail(after: &str) -> Tail {
    // A second clause (`≥95%，其中…`) is dropped unless it holds a number.
    let (head, tail) = match after.find([',', ';', '。', '、']) {
        Some(i) => after.split_at(i),
        None => (after, ""),
    };
    if tail.bytes().any(|b| b.is_ascii_digit()) {
        return Tail::Compound;
    }
    let mut chars = head.chars().peekable();
    while let Some(c) = chars.next() {
        if is_range_sep(c) {
            let mut look = chars.clone();
            if look.peek() == Some(&'-') {
                look.next();
            }
            if look.peek().is_some_and(char::is_ascii_digit) {
                return Tail::Range;
            }
        } else if matches!(c, '<' | '>' | '=' | '≠' | '≈' | '±') {
            return Tail::Compound;
        }
    }
    let mut u = head;
    let mut bound = None;
    loop {
        if let Some((prefix, _note)) = trailing_group(u).filter(|(p, _)| !p.is_empty()) {
            u = prefix;
        } else if let Some((rest, op)) = strip_bound_word(u) {
            bound = bound.or(Some(op));
            u = rest;
        } else if let Some(("", inner)) = trailing_group(u) {
            u = inner;
        } else {
            break;
        }
    }
    let unit = match u {
        "" => None,
        u if is_note(u) => None,
        "百分比" | "百分数" | "百分率" => Some("%".to_owned()),
        u => Some(u.to_owned()),
    };
    Tail::Unit { unit, bound }
}

/// Last characters of indicator names (…率, …数, …满意度, …情况).
fn ends_like_name(s: &str) -> bool {
    s.chars()
        .next_back()
        .is_some_and(|c| "率数度性量况额值标效果比例".contains(c))
}

/// Is `unit` plausible after a number that has no operator symbol before it?
/// Rejects indicator names that start with digits (`12345热线工单办结率`,
/// `5G基站建设数`) and deadlines (`3月底前`).
fn plausible_bare_unit(unit: &str) -> bool {
    let n = unit.chars().count();
    if n > 6 || (n >= 2 && ends_like_name(unit)) {
        return false;
    }
    if ["底", "前", "后", "完成"].iter().any(|w| unit.contains(w)) {
        return false;
    }
    // Digits only as a power in m2, km3, m^2.
    if unit.bytes().any(|b| b.is_ascii_digit()) {
        let Some(base) = unit.strip_suffix(['2', '3']) else {
            return false;
        };
        let base = base.strip_suffix('^').unwrap_or(base);
        return !base.is_empty() && base.bytes().all(|b| b.is_ascii_alphabetic());
    }
    true
}

/// After a year: `-12-31`, `/1/1`, `-12` (month and optional day, then
/// nothing or 日/月).
fn is_date_tail(after: &str) -> bool {
    let mut parts = 0;
    let mut rest = after;
    while let Some(sep) = rest.chars().next().filter(|c| matches!(c, '-' | '/' | '.')) {
        let body = &rest[sep.len_utf8()..];
        let digits = body.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=2).contains(&digits) {
            return false;
        }
        parts += 1;
        rest = &body[digits..];
    }
    (1..=2).contains(&parts) && matches!(rest, "" | "日" | "月")
}

/// Classifies a normalised cell.
fn analyse(s: &str) -> Shape {
    if s.is_empty() {
        return Shape::Empty;
    }
    let (op, rest, symbol_op) = match leading_op(s) {
        Some((op, rest, symbol)) => (Some(op), rest, symbol),
        None => (None, s, false),
    };
    let other = Shape::Other { symbol_op };
    let Some((value, after)) = leading_number(rest) else {
        return other;
    };
    let year = value.fract() == 0.0 && (1900.0..=2100.0).contains(&value);
    if year && is_date_tail(after) {
        // 2022-12-31, 2022/1/1, 2022.12: a date, neither quantity nor range.
        return other;
    }
    let (unit, bound) = match read_tail(after) {
        Tail::Unit { unit, bound } => (unit, bound),
        Tail::Range => return if op.is_none() { Shape::Range } else { other },
        Tail::Compound => return other,
    };
    if !symbol_op {
        if let Some(u) = unit.as_deref() {
            // 2022年底前完成, 2021年11月: a year, not a quantity.
            if (year && u.starts_with('年') && u != "年") || !plausible_bare_unit(u) {
                return other;
            }
        }
    }
    let op = match (op, bound) {
        (None | Some(Op::Eq), Some(b)) => b,
        (Some(o), _) => o,
        // A bare number means equality.
        (None, None) => Op::Eq,
    };
    Shape::Quantity { op, value, unit }
}

/// `**元/人·月`: a target whose number was never filled in.
fn is_placeholder(s: &str) -> bool {
    let Some(unit) = s.strip_prefix("**") else {
        return false;
    };
    let unit = unit.trim_start_matches('*');
    unit.chars().count() <= 8 && !unit.bytes().any(|b| b.is_ascii_digit())
}

/// Short qualitative targets, matched against the whole cell only.
fn is_qualitative_word(s: &str) -> bool {
    matches!(
        s,
        "及时"
            | "完成"
            | "达标"
            | "合格"
            | "是"
            | "否"
            | "有"
            | "无"
            | "有效"
            | "良好"
            | "优"
            | "优秀"
            | "较好"
            | "提高"
            | "降低"
            | "提升"
            | "减少"
            | "增加"
            | "改善"
            | "安全"
            | "稳定"
            | "健全"
            | "可控"
            | "合理"
            | "准确"
            | "规范"
            | "明显"
            | "显著"
            | "满意"
            | "年内完成"
            | "按时完成"
            | "按期完成"
            | "全面完成"
            | "年底前完成"
            | "及时完成"
            | "有效改善"
            | "明显改善"
            | "有效提升"
            | "明显提升"
            | "逐步提升"
            | "持续提升"
            | "显著提升"
            | "逐步提高"
            | "有所提高"
            | "有所提升"
            | "效果明显"
            | "符合要求"
            | "达到要求"
            | "符合标准"
            | "达到标准"
            | "正常运行"
            | "稳定运行"
            | "全年稳定运行"
            | "长期"
            | "长期有效"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    type Parts = (Option<&'static str>, Option<f64>, Option<String>);

    fn p(raw: &str) -> Parts {
        let t = Target::parse(raw);
        (t.op.map(Op::as_str), t.value, t.unit)
    }

    fn q(op: &'static str, v: f64, unit: Option<&str>) -> Parts {
        (Some(op), Some(v), unit.map(str::to_owned))
    }

    const NONE: Parts = (None, None, None);

    // --- the seed's targets -------------------------------------------------

    #[test]
    fn seed_equalities() {
        assert_eq!(p("=100%"), q("=", 100.0, Some("%")));
        assert_eq!(p("=9块"), q("=", 9.0, Some("块")));
        assert_eq!(p("=0件"), q("=", 0.0, Some("件")));
        assert_eq!(p("=0%"), q("=", 0.0, Some("%")));
        assert_eq!(p("=300天"), q("=", 300.0, Some("天")));
        assert_eq!(p("=30000人次"), q("=", 30000.0, Some("人次")));
    }

    #[test]
    fn seed_units_with_slashes() {
        assert_eq!(p(">=1次/年"), q(">=", 1.0, Some("次/年")));
        assert_eq!(p(">3000000万/人次"), q(">", 3_000_000.0, Some("万/人次")));
        assert_eq!(p("=4次/每月"), q("=", 4.0, Some("次/每月")));
    }

    #[test]
    fn seed_multi_char_units() {
        assert_eq!(p("=16个分中心"), q("=", 16.0, Some("个分中心")));
        assert_eq!(p("≤90万元"), q("<=", 90.0, Some("万元")));
        assert_eq!(p("≤2500000份"), q("<=", 2_500_000.0, Some("份")));
    }

    #[test]
    fn seed_comparisons() {
        assert_eq!(p("<=2人"), q("<=", 2.0, Some("人")));
        assert_eq!(p(">99%"), q(">", 99.0, Some("%")));
        assert_eq!(p(">95%"), q(">", 95.0, Some("%")));
        assert_eq!(p(">=95%"), q(">=", 95.0, Some("%")));
        assert_eq!(p("<5%"), q("<", 5.0, Some("%")));
    }

    #[test]
    fn ascii_reversed_operators() {
        assert_eq!(p("=>90%"), q(">=", 90.0, Some("%")));
        assert_eq!(p("=<10天"), q("<=", 10.0, Some("天")));
        assert_eq!(p("==1"), q("=", 1.0, None));
        assert_eq!(p("≥=95%"), q(">=", 95.0, Some("%")));
    }

    #[test]
    fn math_symbols() {
        assert_eq!(p("≥95%"), q(">=", 95.0, Some("%")));
        assert_eq!(p("⩾95%"), q(">=", 95.0, Some("%")));
        assert_eq!(p("≤3个"), q("<=", 3.0, Some("个")));
        assert_eq!(p("⩽3个"), q("<=", 3.0, Some("个")));
        assert_eq!(p("≧80分"), q(">=", 80.0, Some("分")));
        assert_eq!(p("≦80分"), q("<=", 80.0, Some("分")));
    }

    // --- LaTeX and full-width ---------------------------------------------

    #[test]
    fn latex_seed_form() {
        assert_eq!(p(r"$\geq 95\%$"), q(">=", 95.0, Some("%")));
    }

    #[test]
    fn latex_commands() {
        assert_eq!(p(r"$\ge 90\%$"), q(">=", 90.0, Some("%")));
        assert_eq!(p(r"$\geqslant 90$%"), q(">=", 90.0, Some("%")));
        assert_eq!(p(r"$\leq$ 100\%"), q("<=", 100.0, Some("%")));
        assert_eq!(p(r"$\le 5$天"), q("<=", 5.0, Some("天")));
        assert_eq!(p(r"$\leqslant 2$ 人"), q("<=", 2.0, Some("人")));
        assert_eq!(p(r"$\gt 10$"), q(">", 10.0, None));
        assert_eq!(p(r"$\lt 3\text{次}$"), q("<", 3.0, Some("次")));
        assert_eq!(p(r"$>$ 1200000人次"), q(">", 1_200_000.0, Some("人次")));
        assert_eq!(p(r"$= 100 \, \%$"), q("=", 100.0, Some("%")));
        assert_eq!(p(r"$\neq 0$"), NONE);
    }

    #[test]
    fn full_width_forms() {
        assert_eq!(p("＞＝９５％"), q(">=", 95.0, Some("%")));
        assert_eq!(p("≥９５％"), q(">=", 95.0, Some("%")));
        assert_eq!(p("＝６场"), q("=", 6.0, Some("场")));
        assert_eq!(p("＜＝２人"), q("<=", 2.0, Some("人")));
        assert_eq!(p("＞９９．５％"), q(">", 99.5, Some("%")));
        assert_eq!(p("＝１，０００份"), q("=", 1000.0, Some("份")));
        assert_eq!(p("\u{3000}≥\u{3000}90 %\u{3000}"), q(">=", 90.0, Some("%")));
    }

    #[test]
    fn whitespace_inside_is_ignored() {
        assert_eq!(p("≥ 90 %"), q(">=", 90.0, Some("%")));
        assert_eq!(p(" = 1 0 0 % "), q("=", 100.0, Some("%")));
        assert_eq!(p("<=\n2\t人"), q("<=", 2.0, Some("人")));
        assert_eq!(p("=\u{200B}5个"), q("=", 5.0, Some("个")));
    }

    // --- operator words -----------------------------------------------------

    #[test]
    fn ge_words() {
        for w in [
            "大于等于",
            "大于或等于",
            "不低于",
            "不少于",
            "不小于",
            "至少",
            "不得低于",
            "达到",
        ] {
            assert_eq!(p(&format!("{w}95%")), q(">=", 95.0, Some("%")), "{w}");
        }
    }

    #[test]
    fn le_words() {
        for w in [
            "小于等于",
            "小于或等于",
            "不高于",
            "不超过",
            "不多于",
            "不大于",
            "至多",
            "最多",
            "不得超过",
        ] {
            assert_eq!(p(&format!("{w}3次")), q("<=", 3.0, Some("次")), "{w}");
        }
    }

    #[test]
    fn strict_and_equal_words() {
        for w in ["大于", "高于", "超过", "多于"] {
            assert_eq!(p(&format!("{w}10人")), q(">", 10.0, Some("人")), "{w}");
        }
        for w in ["小于", "低于", "少于", "不足"] {
            assert_eq!(p(&format!("{w}10人")), q("<", 10.0, Some("人")), "{w}");
        }
        assert_eq!(p("等于100%"), q("=", 100.0, Some("%")));
    }

    #[test]
    fn words_with_spaces_and_colon() {
        assert_eq!(p("大于等于 6000 批次"), q(">=", 6000.0, Some("批次")));
        assert_eq!(p("不高于 0.5‰"), q("<=", 0.5, Some("‰")));
        assert_eq!(p("不低于：95%"), q(">=", 95.0, Some("%")));
    }

    #[test]
    fn word_table_is_longest_first() {
        for (i, (a, _)) in WORD_OPS.iter().enumerate() {
            for (b, _) in &WORD_OPS[i + 1..] {
                assert!(!b.starts_with(a) || b == a, "{a} shadows {b}");
            }
        }
    }

    #[test]
    fn trailing_bound_words() {
        assert_eq!(p("100%以上"), q(">=", 100.0, Some("%")));
        assert_eq!(p("95%及以上"), q(">=", 95.0, Some("%")));
        assert_eq!(p("95%或以上"), q(">=", 95.0, Some("%")));
        assert_eq!(p("10天以内"), q("<=", 10.0, Some("天")));
        assert_eq!(p("5%以下"), q("<=", 5.0, Some("%")));
        assert_eq!(p("5%及以下"), q("<=", 5.0, Some("%")));
        assert_eq!(p("3个工作日内"), q("<=", 3.0, Some("个工作日")));
        assert_eq!(p("2小时之内"), q("<=", 2.0, Some("小时")));
        assert_eq!(p("100人以上。"), q(">=", 100.0, Some("人")));
        assert_eq!(p("60"), q("=", 60.0, None));
        assert_eq!(p("60以上"), q(">=", 60.0, None));
    }

    #[test]
    fn bound_word_overrides_only_equality() {
        assert_eq!(p("=100%以上"), q(">=", 100.0, Some("%")));
        assert_eq!(p("≥95%以上"), q(">=", 95.0, Some("%")));
        assert_eq!(p(">90%以下"), q(">", 90.0, Some("%")));
        assert_eq!(p("≤10天以内"), q("<=", 10.0, Some("天")));
    }

    #[test]
    fn bare_nei_needs_a_time_unit() {
        assert_eq!(p("3天内"), q("<=", 3.0, Some("天")));
        assert_eq!(p("=5个区内"), q("=", 5.0, Some("个区内")));
    }

    // --- numbers, units, brackets ----------------------------------------

    #[test]
    fn bracketed_units() {
        assert_eq!(p("=100.00(%)"), q("=", 100.0, Some("%")));
        assert_eq!(p("=100.00（%）"), q("=", 100.0, Some("%")));
        assert_eq!(p("≥5（个）"), q(">=", 5.0, Some("个")));
        assert_eq!(p("=3【次】"), q("=", 3.0, Some("次")));
        assert_eq!(p("=100(%)(含)"), q("=", 100.0, Some("%")));
    }

    #[test]
    fn spelled_out_percent() {
        assert_eq!(p("≥100百分比"), q(">=", 100.0, Some("%")));
        assert_eq!(p("=90百分数"), q("=", 90.0, Some("%")));
        assert_eq!(p("≤2百分点"), q("<=", 2.0, Some("百分点")));
    }

    #[test]
    fn notes_and_trailing_punctuation() {
        assert_eq!(p("≥95%（含）"), q(">=", 95.0, Some("%")));
        assert_eq!(p("≥95%(含)以上"), q(">=", 95.0, Some("%")));
        assert_eq!(p("95%(含)以上"), q(">=", 95.0, Some("%")));
        assert_eq!(p("=100%。"), q("=", 100.0, Some("%")));
        assert_eq!(p("=100%；"), q("=", 100.0, Some("%")));
        assert_eq!(p("≥90%,"), q(">=", 90.0, Some("%")));
        assert_eq!(p("≤90万元（含税）"), q("<=", 90.0, Some("万元")));
        assert_eq!(p("=5(含)"), q("=", 5.0, None));
        assert_eq!(p("≥95%，确保全覆盖"), q(">=", 95.0, Some("%")));
    }

    #[test]
    fn numbers() {
        assert_eq!(p("=2,500,000份"), q("=", 2_500_000.0, Some("份")));
        assert_eq!(p("16,647,680"), q("=", 16_647_680.0, None));
        assert_eq!(p("771,325,800.00"), q("=", 771_325_800.0, None));
        assert_eq!(p("≤9.07万元"), q("<=", 9.07, Some("万元")));
        assert_eq!(p("<0.5%"), q("<", 0.5, Some("%")));
        assert_eq!(p("=.5"), q("=", 0.5, None));
        assert_eq!(p("=-5%"), q("=", -5.0, Some("%")));
        assert_eq!(p("-3"), q("=", -3.0, None));
        assert_eq!(p("≤3000元/件"), q("<=", 3000.0, Some("元/件")));
        assert_eq!(p("≥1次/2年"), q(">=", 1.0, Some("次/2年")));
    }

    #[test]
    fn bare_numbers_mean_equality() {
        assert_eq!(p("985米"), q("=", 985.0, Some("米")));
        assert_eq!(p("100%"), q("=", 100.0, Some("%")));
        assert_eq!(p("30"), q("=", 30.0, None));
        assert_eq!(p("500m2"), q("=", 500.0, Some("m2")));
        assert_eq!(p("2022年"), q("=", 2022.0, Some("年")));
    }

    #[test]
    fn unit_is_never_empty() {
        for raw in ["=100", "≥5()", "=5（）", "60以上", "=7。"] {
            let t = Target::parse(raw);
            assert!(t.value.is_some(), "{raw}");
            assert_eq!(t.unit, None, "{raw}");
        }
    }

    // --- qualitative ------------------------------------------------------

    #[test]
    fn qualitative_targets() {
        for raw in [
            "年内完成",
            "有效改善",
            "及时",
            "完成",
            "安全",
            "全年稳定运行",
            "较上年度降低",
            "不影响日常业务工作开展",
            "影响力扩大",
            "中心城区一个半小时内；郊区三个小时内",
            "年底前完成",
            "在项目计划完成时间内完成",
            "效果明显",
        ] {
            assert_eq!(p(raw), NONE, "{raw}");
            assert_eq!(Target::parse(raw).raw, raw);
        }
    }

    #[test]
    fn numbers_in_the_middle_are_qualitative() {
        for raw in [
            "较上年度降低10%",
            "检查结束后10个工作日内",
            "每月1次",
            "约100人",
        ] {
            assert_eq!(p(raw), NONE, "{raw}");
        }
    }

    #[test]
    fn placeholders_are_qualitative() {
        assert_eq!(p("**元/人·月"), NONE);
        assert_eq!(p("≥**%"), NONE);
        assert_eq!(p("XX万元"), NONE);
    }

    #[test]
    fn ranges_are_qualitative() {
        for raw in [
            "90%-100%",
            "10-20天",
            "1-2名",
            "90%~100%",
            "90%～100%",
            "5至10个",
            "≥90%-100%",
            "3—5天",
        ] {
            assert_eq!(p(raw), NONE, "{raw}");
        }
    }

    #[test]
    fn compound_and_dates_are_qualitative() {
        for raw in [
            "≥90%,≤100%",
            "95%，100%",
            "=1,2",
            "2022-12-31",
            "2021年11月底前",
            "2022年底前完成",
            "2022.12.31",
            "3月底前",
        ] {
            assert_eq!(p(raw), NONE, "{raw}");
        }
    }

    #[test]
    fn dates_are_neither_quantities_nor_ranges() {
        for raw in ["2022-12-31", "2026/1/1", "2022.12.31", "2024-01-01日"] {
            assert_eq!(p(raw), NONE, "{raw}");
            assert!(!looks_like_target(raw), "{raw}");
        }
        // Four-digit counts are still ranges, not dates.
        assert!(looks_like_target("2000-3000人"));
        assert_eq!(p("2000-3000人"), NONE);
    }

    #[test]
    fn operator_without_number_is_qualitative() {
        for raw in ["≥上年水平", "不低于上年", "=", "≥", "超过预期"] {
            assert_eq!(p(raw), NONE, "{raw}");
        }
    }

    #[test]
    fn empty_and_blank() {
        for raw in ["", "   ", "\u{3000}\n\t"] {
            let t = Target::parse(raw);
            assert_eq!(t.raw, "");
            assert_eq!((t.op, t.value, t.unit), (None, None, None));
        }
        assert_eq!(p("-------------"), NONE);
        assert_eq!(p("。"), NONE);
    }

    #[test]
    fn raw_is_kept() {
        assert_eq!(Target::parse("$\\geq 95\\%$").raw, "$\\geq 95\\%$");
        assert_eq!(Target::parse("＞＝９５％").raw, "＞＝９５％");
        assert_eq!(Target::parse("  年内完成 ").raw, "年内完成");
        assert_eq!(Target::parse("≥ 90 %").raw, "≥ 90 %");
    }

    #[test]
    fn op_and_value_come_together() {
        for raw in [
            "=100%",
            "及时",
            "≥上年",
            "985米",
            "90%-100%",
            "**元",
            "不低于95%",
            "",
        ] {
            let t = Target::parse(raw);
            assert_eq!(t.op.is_some(), t.value.is_some(), "{raw}");
            assert!(t.unit.as_deref() != Some(""), "{raw}");
        }
    }

    #[test]
    fn digit_led_names_are_not_quantities() {
        for raw in [
            "12345热线工单办结率",
            "5G基站建设数",
            "110接警及时率",
            "3D打印设备使用率",
            "2022年度目标完成率",
            "0-6岁儿童健康管理率",
        ] {
            assert_eq!(p(raw), NONE, "{raw}");
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for raw in [
            "=", "≥", "(", ")", "=(", "=5)", "=5((", "=5)(", "\\", "$", "=5\\", "-", "-.", ",",
            ".5.", "=1,", "=1,00", "内", "=5内", "🙂=5", "=5🙂",
        ] {
            let t = Target::parse(raw);
            assert_eq!(t.op.is_some(), t.value.is_some(), "{raw}");
            let _ = looks_like_target(raw);
        }
        assert_eq!(p("=1,00"), NONE);
        assert_eq!(p("=5)"), q("=", 5.0, Some(")")));
    }

    // --- looks_like_target --------------------------------------------------

    #[test]
    fn looks_like_target_positive() {
        for t in [
            "=100%",
            "≥95%",
            ">=1次/年",
            r"$\geq 95\%$",
            "＞９０％",
            "不低于95%",
            "985米",
            "100%",
            "16,647,680",
            "90%以上",
            "90%-100%",
            "≥上年水平",
            "**元/人·月",
            "=",
        ] {
            assert!(looks_like_target(t), "{t}");
        }
    }

    #[test]
    fn looks_like_target_words() {
        for t in [
            "及时", "完成", "达标", "合格", "是", "否", "有效", "良好", "优", "提高", "降低",
            "提升", "安全", "稳定",
        ] {
            assert!(looks_like_target(t), "{t}");
            assert!(looks_like_target(&format!(" {t}。")), "{t}");
        }
        assert!(looks_like_target("年内完成"));
        assert!(looks_like_target("有效改善"));
    }

    #[test]
    fn looks_like_target_negative() {
        for n in [
            "培训完成率",
            "验收合格率",
            "户外招牌更新维修数",
            "位率",
            "时性",
            "参保对象满意度",
            "V3.0社保业务经办流程无纸化率",
            "12345热线工单办结率",
            "超过15天未办结件数",
            "不满意率",
            "安全事故发生数",
            "是否按时完成",
            "*核心指标",
            "0-6岁儿童健康管理率",
            "",
            "  ",
        ] {
            assert!(!looks_like_target(n), "{n}");
        }
    }

    // --- serde ---------------------------------------------------------------

    #[test]
    fn serde_quantitative_shape() {
        let v = serde_json::to_value(Target::parse("=100%")).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"raw": "=100%", "op": "=", "value": 100.0, "unit": "%"})
        );
        let s = serde_json::to_string(&Target::parse("=100%")).unwrap();
        assert_eq!(s, r#"{"raw":"=100%","op":"=","value":100.0,"unit":"%"}"#);
    }

    #[test]
    fn serde_qualitative_shape() {
        let s = serde_json::to_string(&Target::parse("及时")).unwrap();
        assert_eq!(s, r#"{"raw":"及时","op":null,"value":null,"unit":null}"#);
    }

    #[test]
    fn serde_all_ops_round_trip() {
        for (op, s) in [
            (Op::Eq, "="),
            (Op::Ge, ">="),
            (Op::Le, "<="),
            (Op::Gt, ">"),
            (Op::Lt, "<"),
        ] {
            assert_eq!(op.as_str(), s);
            assert_eq!(op.to_string(), s);
            let json = serde_json::to_string(&op).unwrap();
            assert_eq!(json, format!("\"{s}\""));
            assert_eq!(serde_json::from_str::<Op>(&json).unwrap(), op);
        }
        for raw in ["≥95%", "<=2人", "年内完成", "=16个分中心"] {
            let t = Target::parse(raw);
            let back: Target = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
            assert_eq!(back, t);
        }
    }

    #[test]
    fn serde_rejects_unknown_op() {
        assert!(serde_json::from_str::<Op>("\"!=\"").is_err());
        assert!(serde_json::from_str::<Op>("1").is_err());
        let t: Target =
            serde_json::from_str(r#"{"raw":"≥1","op":">=","value":1.0,"unit":null}"#).unwrap();
        assert_eq!(t.op, Some(Op::Ge));
    }

    // --- throughput -----------------------------------------------------------

    #[test]
    fn throughput_smoke() {
        // Cheap guard against accidental quadratic behaviour on long cells.
        let long = "≥95%".to_owned() + &"确保".repeat(20_000);
        let t = Target::parse(&long);
        assert_eq!(t.op, Some(Op::Ge));
        let long_range = "1".repeat(10_000) + "-" + &"2".repeat(10_000);
        assert_eq!(p(&long_range), NONE);
    }
}
