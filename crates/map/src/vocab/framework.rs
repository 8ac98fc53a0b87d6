//! The indicator framework: the 一级 and 二级 labels of the Ministry of
//! Finance's rules (财预〔2015〕88号, 财预〔2020〕10号 and the 2021
//! framework with 成本指标 as a 一级), the variants seen in the wild, and
//! what a 二级 label's 三级 names usually say. Every template shares them.
//!
//! Cells are classified by what they say, not where the OCR put them: a
//! 生态效益指标 in the 一级 column is still a 二级 label under 效益指标.

/// A 一级 (first-level) indicator category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level1 {
    /// 产出指标
    Output,
    /// 效益指标
    Benefit,
    /// 满意度指标
    Satisfaction,
    /// 成本指标 (a 一级 in the 2021 framework)
    Cost,
}

impl Level1 {
    /// The canonical name, used when a 一级 label must be inferred.
    pub fn name(self) -> &'static str {
        match self {
            Level1::Output => "产出指标",
            Level1::Benefit => "效益指标",
            Level1::Satisfaction => "满意度指标",
            Level1::Cost => "成本指标",
        }
    }
}

/// Recognises a 一级 label (after [`super::label_key`]).
pub fn level1(key: &str) -> Option<Level1> {
    Some(match key {
        "产出指标" | "产出" => Level1::Output,
        "效益指标" | "效益" | "效果指标" | "效果" => Level1::Benefit,
        "满意度指标" | "满意度" => Level1::Satisfaction,
        "成本指标" => Level1::Cost,
        _ => return None,
    })
}

/// What a 二级 label belongs to: its parent 一级 and the keywords of the
/// 三级 names it usually groups (used only to settle rows whose label was
/// printed on the other side of a page break).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level2Info {
    /// The 一级 it belongs to.
    pub parent: Level1,
    /// What kind of 二级 it is.
    pub kind: Level2Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// The kinds of 二级 label.
pub enum Level2Kind {
    /// 数量指标
    Quantity,
    /// 质量指标
    Quality,
    /// 时效指标
    Timeliness,
    /// 成本指标 and the 2021 cost 二级
    Cost,
    /// The 效益 二级 (社会效益指标, 可持续影响指标, …)
    Benefit,
    /// The 满意度 二级
    Satisfaction,
}

/// Recognises a 二级 label. `成本指标` is ambiguous (二级 under 产出指标 in
/// the 2015/2020 framework, 一级 in the 2021 one); it is reported here as a
/// 二级 and the caller decides with [`level1`] and the form's framework.
pub fn level2(key: &str) -> Option<Level2Info> {
    use Level1::Output;
    use Level2Kind::{Quality, Quantity, Timeliness};
    let (parent, kind) = match key {
        "数量指标" | "数量" => (Output, Quantity),
        "质量指标" | "质量" => (Output, Quality),
        "时效指标" | "时效" => (Output, Timeliness),
        "成本指标" => (Output, Level2Kind::Cost),
        "经济成本指标"
        | "社会成本指标"
        | "生态环境成本指标"
        | "环境成本指标"
        | "经济成本"
        | "社会成本"
        | "生态环境成本" => (Level1::Cost, Level2Kind::Cost),
        "经济效益指标"
        | "社会效益指标"
        | "生态效益指标"
        | "环境效益指标"
        | "可持续影响指标"
        | "经济效益"
        | "社会效益"
        | "生态效益"
        | "环境效益"
        | "可持续影响"
        | "可持续发展指标"
        | "社会影响指标" => (Level1::Benefit, Level2Kind::Benefit),
        "服务对象满意度指标"
        | "服务对象满意度"
        | "社会公众或服务对象满意度指标"
        | "社会公众满意度指标"
        | "社会公众或服务对象满意度"
        | "具体指标" => (Level1::Satisfaction, Level2Kind::Satisfaction),
        _ => return None,
    };
    Some(Level2Info { parent, kind })
}

/// Full label names, for recognising a label cut short.
pub const FULL_LABELS: &[&str] = &[
    "产出指标",
    "效益指标",
    "满意度指标",
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "环境效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "社会公众或服务对象满意度指标",
];

/// The one full label that `key` is the beginning of (`社会成本指` →
/// 社会成本指标), when `key` is at least three characters, not a label
/// itself, and begins no other label.
pub fn label_by_prefix(key: &str) -> Option<&'static str> {
    if key.chars().count() < 3 || level1(key).is_some() || level2(key).is_some() {
        return None;
    }
    let mut found = FULL_LABELS
        .iter()
        .filter(|l| l.len() > key.len() && l.starts_with(key));
    let first = found.next()?;
    found.next().is_none().then_some(*first)
}

/// The end of a label cut by a page break or a cell edge (`本指标` of
/// 生态环境成本指标): a proper ending of a full label that is not a label
/// itself.
pub fn is_label_tail(key: &str) -> bool {
    let n = key.chars().count();
    (2..=6).contains(&n)
        && key.ends_with('标')
        && level1(key).is_none()
        && level2(key).is_none()
        && FULL_LABELS
            .iter()
            .any(|l| l.len() > key.len() && l.ends_with(key))
}

/// True for labels of the 2021 framework's cost 二级 (their presence makes
/// 成本指标 a 一级 on that form).
pub fn is_cost_level2(key: &str) -> bool {
    matches!(
        level2(key),
        Some(Level2Info {
            parent: Level1::Cost,
            ..
        })
    )
}

/// Keywords that mark a 三级 name as belonging to a 二级 kind. Conservative:
/// used only to settle rows whose group label crossed a page break.
pub fn name_suggests(kind: Level2Kind, name: &str) -> bool {
    let words: &[&str] = match kind {
        Level2Kind::Timeliness => &[
            "及时", "时间", "时限", "时效", "进度", "期限", "周期", "按时", "准时",
        ],
        Level2Kind::Quality => &[
            "合格",
            "准确",
            "达标",
            "完好",
            "质量",
            "差错",
            "正确",
            "完整",
            "规范",
            "验收",
            "正常率",
            "可用率",
            "到位率",
        ],
        Level2Kind::Quantity => &[
            "数量",
            "次数",
            "人数",
            "个数",
            "件数",
            "场次",
            "覆盖数",
            "面积",
            "总量",
            "完成率",
        ],
        Level2Kind::Cost => &["成本", "费用", "单价", "金额", "造价", "预算"],
        Level2Kind::Benefit => &["效益", "知晓", "带动", "推广"],
        Level2Kind::Satisfaction => &["满意"],
    };
    words.iter().any(|w| name.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misplaced_level2_labels_are_still_level2() {
        assert!(level1("生态效益指标").is_none());
        assert_eq!(
            level2("生态效益指标").map(|i| i.parent),
            Some(Level1::Benefit)
        );
        assert_eq!(
            level2("可持续影响指标").map(|i| i.parent),
            Some(Level1::Benefit)
        );
        assert_eq!(
            level2("生态环境成本指标").map(|i| i.parent),
            Some(Level1::Cost)
        );
        assert!(is_cost_level2("经济成本指标"));
        assert!(!is_cost_level2("成本指标"));
    }

    #[test]
    fn name_keywords() {
        assert!(name_suggests(
            Level2Kind::Timeliness,
            "各类通知书告知书印发及时性"
        ));
        assert!(!name_suggests(
            Level2Kind::Timeliness,
            "各类宣传涉密数据泄漏率"
        ));
    }
}
