#!/usr/bin/env python3
"""OCR'd declaration forms in the seed's text format, with ground truth in the
stress_eval.py format: a generator written independently of synth.py and
ocrstyle.py, to measure jixiao on text no one here has tuned it on.

Forms come from scripts/pdfgen/stress.py's recombine(). Each form is laid out
as a grid of logical slots (row label, 一级, 二级, 三级, target) and the grid is
then printed page by page the way a table-OCR tool prints it: every page
segment of the indicator table picks its own column count (5, or 6 with an
empty column before the 三级 name, as on the seed's third form), merged labels
land on an anchor row of their span (the first row, or the first row after a
page break that cuts the span), and single rows are shifted left at random.

Defects (probabilities are the P_* constants below; each file's truth lists
the ones it has under "defects", and per form under "variant"):
  seed-like:  labels shifted left, whole rows shifted left, a 三级 name in the
              一级 column, the 绩效指标 row label on the header / after a break /
              split 绩效 … 指标, page breaks between rows and inside a 三级 cell,
              <p> tags, LaTeX / full-width / ASCII operators, stray spaces in
              CJK text, several forms per file, trailing tabs, 6-column pages,
              markdown separator rows, utf-8 / utf-8-sig / utf-16 / gb18030,
              CRLF line ends.
  new:        (1) a 三级 name that is also a 二级 word (服务对象满意度, 社会效益 …)
              alone in its row with a target; (2) the head of a cut 三级 name in
              the 一级 or 二级 column before a page break, its tail after it in
              the 二级 or 三级 column, with or without a label beside it; (3) a
              单位：元 / 单位：万元 / 金额单位：万元 line (amounts then printed in
              that unit); (4) goal cells joined, doubled or cut across cells
              or across a page break.

Usage: robust.py OUT_DIR [--count N] [--seed S] [--negatives K]
Writes OUT_DIR/NNN.txt + NNN.expected.json (N form files, then K not-a-form
files with "forms": [] and "expected_result": "no form found").
"""
import argparse
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pdfgen"))
import stress  # noqa: E402  (recombine, all_forms)

GENERATOR = "textgen/robust.py"

# ----------------------------------------------------------------- probabilities
# file level
FORMS_PER_FILE = [1, 1, 1, 2, 2, 3]
ENCODINGS = [("utf-8", 0.40), ("utf-8-sig", 0.15), ("utf-16", 0.20), ("gb18030", 0.25)]
P_CRLF = 0.15
# form header
P_TITLE_HASH = 0.75              # `## title` (else `# title` or bare)
P_TRAILING_TAB_FORM = 0.25       # every row one extra tab (the seed's third form)
P_WIDE_PAGE = 0.6                # in such a form: an indicator page segment has 6 columns
P_FUND_LABEL_MOVED = 0.3         # 项目资金 on the 2nd/3rd funding row instead of the 1st
P_FUND_LABEL_YUAN = 0.2          # 项目资金（元） / 项目资金 + （元） on the next row
P_GOAL_LABEL_MOVED = 0.35        # 项目绩效目标 on the goal-text row, on both, or split
P_PERIOD_IN_LABEL = 0.5          # 2026 forms: 项目总体目标( 2026 年 - 2028 年 ), no period row
# new class 3: unit line
P_UNIT_LINE = 0.4
UNIT_LINES = [("单位：元", "元"), ("单位：万元", "万元"), ("单位: 元", "元"), ("金额单位：万元", "万元"),
              ("单位:万元", "万元"), ("金额单位：元", "元")]
P_UNIT_WITH_ORG = 0.25           # `编制单位：<department>\t\t单位：万元`
P_UNIT_RIGHT = 0.4               # unit line printed as the last cell of a tab row
# new class 4: goals
P_GOAL_DEFECT = 0.45
GOAL_DEFECTS = [("goal_joined_same", 2), ("goal_joined_p", 2), ("goal_joined_space", 1),
                ("annual_twice_cells", 2), ("annual_twice_in_cell", 1), ("overall_cut_cells", 2),
                ("annual_cut_cells", 2), ("goal_row_page_break", 2)]
P_P_TAGS = 0.3
# new class 1: bare 二级 words as a 三级 name
P_VARIANT_FORM = 0.55
P_VARIANT_GROUP = 0.6            # per matching group of such a form
P_VARIANT_IN_L2_COLUMN = 0.4
# page breaks inside the indicator table
BREAKS_PER_TABLE = [0, 1, 1, 1, 2, 2, 3]
P_BREAK_CUTS_NAME = 0.55         # a break cuts a 三级 cell (else falls between rows)
P_CUT_HEAD_IN_LABEL_COLUMN = 0.6  # new class 2 (else head stays in the 三级 column)
P_FORCE_CLASS2 = 0.4             # per form: make sure one class-2 cut exists
P_LABEL_AFTER_BREAK = 0.6        # a group starting at a cut row: its label on the tail row
P_LABEL_AFTER_BREAK_PRIOR = 0.2  # a group with one row before the break: label after it
P_LABEL_REPEATED = 0.15          # current 二级 repeated on the first row after a break
# rows
P_LABELS_LEFT = 0.2              # labels one column left, name stays
P_ROW_LEFT = 0.12                # whole row one column left
P_NAME_IN_L1 = 0.04              # unlabelled row: name in the 一级 column, target in the 三级
P_LABEL_WRAPPED = 0.05           # per 二级 span: label split over its first two rows (no page break)
P_CJK_SPACE = 0.04               # per text cell
P_LATEX, P_FULLWIDTH, P_ASCII_OP = 0.12, 0.06, 0.10
P_SEPARATOR_ROW = 0.3
ROW_LABEL_MODES = [("header", 4), ("split", 3), ("after_break", 2), ("middle", 1), ("none", 2)]

# words a table tool's reader takes for a label: nothing cut may look like one
LABEL_WORDS = {
    "产出指标", "数量指标", "质量指标", "时效指标", "成本指标", "效益指标", "经济效益指标", "社会效益指标",
    "生态效益指标", "可持续影响指标", "满意度指标", "服务对象满意度指标", "经济成本指标", "社会成本指标",
    "生态环境成本指标", "环境效益指标", "社会公众或服务对象满意度指标", "服务对象满意度", "具体指标", "效果指标",
    "绩效指标", "绩效", "指标", "标", "一级指标", "二级指标", "三级指标", "指标目标值", "年度指标值",
}
LABEL_WORDS |= {w[:-2] for w in list(LABEL_WORDS) if w.endswith("指标") and len(w) > 2}

# (一级, 二级) -> bare words of a 二级 (or 一级) used as a 三级 name, with targets
VARIANT_NAMES = {
    ("满意度指标", "服务对象满意度指标"): [("服务对象满意度", "≥90%"), ("服务对象满意度", ">=95%"), ("满意度", "≥85%")],
    ("效益指标", "社会效益指标"): [("社会效益", "显著"), ("社会效益", "明显提升")],
    ("效益指标", "经济效益指标"): [("经济效益", "逐步提高")],
    ("效益指标", "生态效益指标"): [("生态效益", "有所改善"), ("环境效益", "有效改善")],
    ("效益指标", "可持续影响指标"): [("可持续影响", "长期"), ("可持续影响", "持续发挥作用")],
    ("产出指标", "时效指标"): [("时效", "及时")],
    ("成本指标", "经济成本指标"): [("经济成本", "控制在预算范围内")],
}

LATEX_OPS = [("≥", ["\\geq", "\\ge", "\\geqslant"]), (">=", ["\\geq", "\\geqslant"]),
             ("≤", ["\\leq", "\\le", "\\leqslant"]), ("<=", ["\\leq"]), ("＝", ["="]), ("=", ["="]),
             (">", [">"]), ("<", ["<"])]


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


class Defects:
    """The defects a form has; those of indicator rows also by row (row = the
    indicator's index in the truth, set while the row is printed)."""
    def __init__(self):
        self.items = []
        self.row = None
        self.rows = {}

    def add(self, name, rows=None):
        if name not in self.items and not name.startswith("carries_"):
            self.items.append(name)  # carries_l1/l2: a row tag only (the row prints a label)
        for r in ([self.row] if rows is None and self.row is not None else rows or []):
            tags = self.rows.setdefault(r, [])
            if name not in tags:
                tags.append(name)


# ----------------------------------------------------------------- text noise

def cjk_space(text, rng, p=P_CJK_SPACE):
    """A stray space between two CJK characters (OCR word segmentation)."""
    if not text or rng.random() >= p:
        return text
    spots = [i for i in range(1, len(text)) if "\u4e00" <= text[i - 1] <= "\u9fff" and "\u4e00" <= text[i] <= "\u9fff"]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + " " + text[i:]


def latex_target(target, rng):
    """`≥95%` as a formula OCR prints it: `$\\geq 95\\%$`, `$\\geq$ 95%`, `$\\leq 2$人`."""
    for op, texs in LATEX_OPS:
        if target.startswith(op):
            break
    else:
        return None
    tex, rest = rng.choice(texs), target[len(op):]
    m = re.match(r"([0-9][0-9.,]*)(.*)$", rest)
    if not m:
        return "$%s$ %s" % (tex, rest) if rng.random() < 0.5 else "$%s$%s" % (tex, rest)
    num, unit = m.groups()
    style = rng.randrange(3)
    if style == 0:
        return "$%s$ %s" % (tex, rest)
    if unit == "%":
        return "$%s %s\\%%$" % (tex, num) if style == 1 else "$%s %s \\%%$" % (tex, num)
    if unit:
        return "$%s %s$%s" % (tex, num, unit) if style == 1 else "$%s %s$ %s" % (tex, num, unit)
    return "$%s %s$" % (tex, num)


def render_target(target, rng, dz):
    r = rng.random()
    if r < P_LATEX:
        out = latex_target(target, rng)
        if out:
            dz.add("latex")
            return out
    elif r < P_LATEX + P_FULLWIDTH:
        out = target.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789%=<>"})
        if out != target:
            dz.add("fullwidth")
        return out
    elif r < P_LATEX + P_FULLWIDTH + P_ASCII_OP:
        out = target.replace("≥", ">=").replace("≤", "<=").replace("＝", "=")
        if out != target:
            dz.add("ascii_operator")
        return out
    return target


def wan_yuan(amount, style):
    """An amount in 元 as the form prints it in 万元."""
    s = (amount or "").replace(",", "").strip()
    if not s:
        return ""
    v = float(s) / 10000.0
    if v == 0:
        return "0" if style != "grouped" else "0.00"
    if style == "grouped":
        return "{:,.2f}".format(v)
    if style == "plain4":
        return ("%.4f" % v).rstrip("0").rstrip(".")
    return "%.2f" % v


# ----------------------------------------------------------------- header part

def head_lines(form, style26, rng, dz, fv, trail):
    """Title, year line, unit line, info rows, funding rows. Sets form["funding"]
    to the amounts as printed and returns the unit the form states."""
    lines = [""]
    title = form.get("title", "财政项目支出绩效目标申报表")
    r = rng.random()
    if r < P_TITLE_HASH:
        lines += ["## " + title, ""]
    elif r < P_TITLE_HASH + 0.1:
        lines += ["# " + title, ""]
    else:
        lines += [title, ""]
    year = form["fiscal_year"]
    lines += [rng.choice(["( %s年度 )" % year, "（%s年度）" % year, "(%s年度)" % year, "%s年度" % year]), ""]
    unit = None
    if rng.random() < P_UNIT_LINE:
        text, unit = rng.choice(UNIT_LINES)
        fv["unit_line"] = text
        dz.add("unit_line_" + ("wanyuan" if unit == "万元" else "yuan"))
        if rng.random() < P_UNIT_WITH_ORG:
            lines.append("编制单位：%s\t\t\t%s" % (form["department"], text))
            dz.add("unit_line_with_org")
        elif rng.random() < P_UNIT_RIGHT:
            lines.append("\t\t\t\t" + text)
        else:
            lines.append(text)
        if rng.random() < 0.5:
            lines.append("")
    # funding label: 项目资金 / 项目资金（元） / 项目资金 over （元）
    fund_label, fund_rows = "项目资金", {0: "项目资金"}
    if unit is None and rng.random() < P_FUND_LABEL_YUAN:
        unit = "元"
        if rng.random() < 0.5:
            fund_rows = {0: "项目资金（元）"}
            fund_label = "项目资金（元）"
        else:
            fund_rows = {0: "项目资金", 1: "（元）"}
            fund_label = "项目资金/（元）"
        dz.add("fund_label_yuan")
    elif unit == "万元" and rng.random() < 0.2:
        fund_rows = {0: "项目资金（万元）"}
        fund_label = "项目资金（万元）"
    if len(fund_rows) == 1 and rng.random() < P_FUND_LABEL_MOVED:
        fund_rows = {rng.choice([1, 2]): fund_rows[0]}
        dz.add("fund_label_moved")
    fv["fund_label"] = fund_label
    fv["funding_unit"] = unit
    # amounts as printed
    fund = dict(form["funding"])
    if unit == "万元":
        style = rng.choice(["plain2", "grouped", "plain4"])
        fund = {k: wan_yuan(v, style) for k, v in fund.items()}
        fv["wanyuan_style"] = style
    form["funding"] = fund
    sp = lambda t: cjk_space(t, rng)  # noqa: E731
    first_row = len(lines)
    if style26:
        lines.append("项目名称\t%s\t\t\t" % sp(form["project_name"]))
        lines.append("项目性质\t%s\t项目类别\t%s\t" % (form["project_nature"], form["project_category"]))
    else:
        lines.append("项目名称\t%s\t项目类别\t%s\t" % (sp(form["project_name"]), form["project_category"]))
    lines.append("主管部门\t%s\t实施单位\t%s\t" % (sp(form["department"]), sp(form["implementing_unit"])))
    lines.append("计划开始日期\t%s\t计划完成日期\t%s\t" % (form["planned_start"], form["planned_end"]))
    frows = [["项目资金总额", fund["project_total"], "年度资金申请总额", fund["annual_total"]],
             ["其中：财政资金", fund["project_fiscal"], "其中：当年财政拨款", fund["annual_current_fiscal"]],
             ["", "", "上年结转资金", fund["annual_carryover"]],
             ["其他资金", fund["project_other"], "其他资金", fund["annual_other"]]]
    for k, cells in enumerate(frows):
        lines.append("\t".join([fund_rows.get(k, "")] + cells))
    if trail:
        # the seed's third form: every row of the table one tab longer
        lines[first_row:] = [x + "\t" for x in lines[first_row:]]
    return lines, unit


# ----------------------------------------------------------------- goals

def cut_point(text, rng):
    lo, hi = max(1, len(text) // 5), max(2, len(text) * 4 // 5)
    return rng.randint(lo, hi)


def goal_lines(form, style26, rng, dz, fv, trail):
    ol = form.get("overall_goal_label", "项目总目标")
    al = form.get("annual_goal_label", "年度总目标")
    period = form.get("goal_period") or ""
    period_row = True
    if style26 and period and rng.random() < P_PERIOD_IN_LABEL:
        ol = ol + period.replace(" ", "") if rng.random() < 0.5 else ol + period
        period_row = False
        dz.add("period_in_label")
    mode = "header"
    if rng.random() < P_GOAL_LABEL_MOVED:
        mode = rng.choice(["text", "both", "split"])
        dz.add("goal_label_" + mode)
    pl = {"header": ("项目绩效目标", "", ""), "text": ("", "", "项目绩效目标"),
          "both": ("项目绩效目标", "", "项目绩效目标"), "split": ("项目绩效", "", "目标")}[mode]
    og, ag = form["overall_goal"], form["annual_goal"]
    ptags = rng.random() < P_P_TAGS
    if ptags:
        dz.add("p_tags")
    wrap = (lambda s: "<p>%s</p>" % s if s else s) if ptags else (lambda s: s)  # noqa: E731
    lines = ["%s\t%s\t\t%s\t" % (pl[0], ol, al)]
    if period_row:
        lines.append("%s\t%s\t\t\t" % (pl[1], period))
    kind = weighted(rng, GOAL_DEFECTS) if rng.random() < P_GOAL_DEFECT else None
    if kind:
        dz.add(kind)
        fv["goal_defect"] = kind
    lab = pl[2]
    if kind == "goal_joined_same":
        # the form prints the same goal twice; the OCR ran the two cells together
        form["annual_goal"] = og
        lines.append("%s\t%s\t\t\t" % (lab, wrap(og + og)))
    elif kind == "goal_joined_p":
        lines.append("%s\t<p>%s</p><p>%s</p>\t\t\t" % (lab, og, ag))
    elif kind == "goal_joined_space":
        lines.append("%s\t%s\t\t\t" % (lab, wrap(og + " " + ag)))
    elif kind == "annual_twice_cells":
        lines.append("%s\t%s\t\t%s\t%s" % (lab, wrap(og), wrap(ag), wrap(ag)))
    elif kind == "annual_twice_in_cell":
        lines.append("%s\t%s\t\t%s\t" % (lab, wrap(og), wrap(ag + ag)))
    elif kind == "overall_cut_cells":
        k = cut_point(og, rng)
        lines.append("%s\t%s\t%s\t%s\t" % (lab, og[:k], og[k:], wrap(ag)))
    elif kind == "annual_cut_cells":
        k = cut_point(ag, rng)
        lines.append("%s\t%s\t\t%s\t%s" % (lab, wrap(og), ag[:k], ag[k:]))
    elif kind == "goal_row_page_break":
        # the goal row split by a page break: each cell's text goes on after it
        k, j = cut_point(og, rng), cut_point(ag, rng)
        lines.append("%s\t%s\t\t%s\t" % (lab, og[:k], ag[:j]))
        lines.append("")
        lines.append("%s\t%s\t\t%s\t" % ("", og[k:], ag[j:]))
    else:
        lines.append("%s\t%s\t\t%s\t" % (lab, wrap(og), wrap(ag)))
    if trail:
        lines = [x + "\t" if x else x for x in lines]
    return lines


# ----------------------------------------------------------------- indicators

def spans(inds, key):
    out, a = [], 0
    for k in range(1, len(inds) + 1):
        if k == len(inds) or key(inds[k]) != key(inds[a]):
            out.append((a, k))
            a = k
    return out


def add_variant_names(inds, rng, dz):
    """Insert bare-二级-word 三级 names inside (not at the start of) their groups."""
    if rng.random() >= P_VARIANT_FORM:
        return inds
    names = {x["level3"] for x in inds}
    groups = spans(inds, lambda x: (x["level1"], x["level2"]))
    picks = [(a, b) for a, b in groups if (inds[a]["level1"], inds[a]["level2"]) in VARIANT_NAMES
             and rng.random() < P_VARIANT_GROUP]
    if not picks:
        cands = [(a, b) for a, b in groups if (inds[a]["level1"], inds[a]["level2"]) in VARIANT_NAMES]
        picks = [rng.choice(cands)] if cands else []
    for a, b in sorted(picks, reverse=True):
        key = (inds[a]["level1"], inds[a]["level2"])
        name, target = rng.choice(VARIANT_NAMES[key])
        if name in names:
            continue
        names.add(name)
        at = rng.randint(a + 1, b)  # after the first row, up to the end of the group
        inds.insert(at, {"level1": key[0], "level2": key[1], "level3": name, "target": target, "variant": True})
    return inds


def safe_piece(s):
    t = s.strip()
    if len(t) < 1 or t in LABEL_WORDS or t.endswith("指标"):
        return False
    if not any(("\u4e00" <= c <= "\u9fff") or c.isalnum() for c in t):
        return False
    return t[0] not in "=<>≥≤＝＞＜$"


def cut_name(name, rng):
    """Where a wrapped 三级 cell is cut by a page break: after its first line."""
    for _ in range(8):
        width = rng.randint(5, 14)
        k = width if len(name) > width else rng.randint(2, len(name) - 1)
        head, tail = name[:k], name[k:]
        if len(head) >= 2 and safe_piece(head) and safe_piece(tail):
            return head, tail
    return None


def plan_breaks(inds, rng, dz):
    """{row: "gap" | "cut3" | "cutlab"}: a page break before row k, or one that cuts
    row k's 三级 cell (head in the 三级 column, or in a label column)."""
    n = len(inds)
    want = rng.choice(BREAKS_PER_TABLE)
    force2 = rng.random() < P_FORCE_CLASS2
    want = max(want, 1) if force2 else want
    events, cuts = {}, {}
    tries = 0
    while len(events) < want and tries < 60:
        tries += 1
        k = rng.randrange(1, n) if n > 1 else 0
        if k == 0 or any(abs(k - e) < 3 for e in events) or inds[k].get("variant"):
            continue
        kind = "gap"
        if rng.random() < P_BREAK_CUTS_NAME or (force2 and not any(v == "cutlab" for v in events.values())):
            c = cut_name(inds[k]["level3"], rng) if len(inds[k]["level3"]) >= 4 else None
            if c:
                cuts[k] = c
                lab = rng.random() < P_CUT_HEAD_IN_LABEL_COLUMN or (
                    force2 and not any(v == "cutlab" for v in events.values()))
                kind = "cutlab" if lab else "cut3"
        events[k] = kind
    return events, cuts


def anchors(inds, events, rng, dz):
    """Where each merged label is printed: {(row, part): {"l1": text, "l2": text}},
    part "main" / "head" / "tail" (the halves of a cut row)."""
    out, side = {}, {}

    def put(row, part, slot, text):
        out.setdefault((row, part), {})[slot] = text

    def place(a, b, slot, text):
        inner = sorted(k for k in events if a <= k < b)
        for k in inner:
            kind = events[k]
            if k == a and kind != "gap":
                # the span starts with the cut row
                if k not in side:
                    side[k] = "tail" if kind == "cutlab" or rng.random() < P_LABEL_AFTER_BREAK else "head"
                if side[k] == "tail":
                    put(k, "tail", slot, text)
                    dz.add("label_on_tail_row", [k])
                else:
                    put(k, "head", slot, text)
                return
            if k == a:
                break
            if k - a <= 1 and b - k >= 2 and rng.random() < P_LABEL_AFTER_BREAK_PRIOR:
                # centred in the larger part, after the break: the row before it has none
                put(k, "tail" if kind != "gap" else "main", slot, text)
                dz.add("label_after_break_prior_row", list(range(a, k + 1)))
                return
        put(a, "main", slot, text)

    for a, b in spans(inds, lambda x: x["level1"]):
        place(a, b, "l1", inds[a]["level1"])
    for a, b in spans(inds, lambda x: (x["level1"], x["level2"])):
        place(a, b, "l2", inds[a]["level2"])
    # a label repeated on the first row after a break (same group)
    for k, kind in events.items():
        part = "tail" if kind != "gap" else "main"
        slots = out.get((k, part), {})
        if "l2" not in slots and rng.random() < P_LABEL_REPEATED:
            put(k, part, "l2", inds[k]["level2"])
            dz.add("label_repeated_after_break", [k])
    # a 二级 label wrapped over the first two rows of its span
    for a, b in spans(inds, lambda x: (x["level1"], x["level2"])):
        lab = out.get((a, "main"), {}).get("l2")
        if (lab and b - a >= 2 and len(lab) >= 4 and a + 1 not in events and a not in events
                and not inds[a + 1].get("variant") and (a + 1, "main") not in out
                and rng.random() < P_LABEL_WRAPPED):
            j = rng.randint(2, len(lab) - 2)
            out[(a, "main")]["l2"] = lab[:j]
            out[(a, "main")]["wrapped"] = True
            put(a + 1, "main", "l2", lab[j:])
            out[(a + 1, "main")]["wrapped"] = True
            dz.add("label_wrapped_over_rows", [a, a + 1])
    return out


def row_label_plan(inds, events, rng, dz):
    """Where the 绩效指标 row label goes: {("hdr"|row, part): text}."""
    mode = weighted(rng, ROW_LABEL_MODES)
    first = min(events) if events else None
    if mode in ("after_break",) and first is None:
        mode = "middle"
    if mode == "split" and first is None:
        # wrapped over the header row and the first indicator row
        dz.add("row_label_split_rows")
        return {("hdr", "main"): "绩效", (0, "main"): "指标"}
    dz.add("row_label_" + mode)
    if mode == "header":
        return {("hdr", "main"): "绩效指标"}
    if mode == "none":
        return {}
    part = "tail" if first is not None and events[first] != "gap" else "main"
    if mode == "split":
        return {("hdr", "main"): "绩效", (first, part): "指标"}
    if mode == "after_break":
        return {(first, part): "绩效指标"}
    k = len(inds) // 2
    while k < len(inds) - 1 and (inds[k].get("variant") or k in events):
        k += 1
    if inds[k].get("variant"):
        return {("hdr", "main"): "绩效指标"}
    return {(k, "main"): "绩效指标"}


def place_row(rl, l1, l2, name, tgt, wide, rng, dz, variant=False, trail=False, keep=False):
    """The printed cells of one logical row (keep: no shift, for the two rows
    of a label wrapped over them, whose pieces stay in one column)."""
    slots = [rl, l1, l2]
    cells = None
    r = 1.0 if keep else rng.random()
    if variant:
        if rng.random() < P_VARIANT_IN_L2_COLUMN and not rl:
            dz.add("variant_name_l2col")
            cells = ["", "", name, tgt, ""]
        else:
            dz.add("variant_name_l3col")
    elif not rl and (l1 or l2) and r < P_LABELS_LEFT:
        dz.add("labels_shifted_left")
        cells = ([l1, l2] if l1 else ["", l2]) + ["", name, tgt]
        if wide:
            cells.insert(3, "")
    elif ("" in slots or wide) and r < P_LABELS_LEFT + P_ROW_LEFT:
        dz.add("row_shifted_left")
        if wide:
            # a 6-column page: the name in the empty column before the 三级 one
            cells = slots + [name, tgt, ""]
        else:
            i = max(i for i, s in enumerate(slots) if not s)
            cells = slots[:i] + slots[i + 1:] + [name, tgt] + ([""] if rng.random() < 0.7 else [])
    elif not (rl or l1 or l2) and r < P_LABELS_LEFT + P_ROW_LEFT + P_NAME_IN_L1:
        dz.add("name_in_l1_column")
        cells = ["", name, "", tgt]
    if cells is None:
        cells = slots + ([""] if wide else []) + [name, tgt]
    if trail:
        cells.append("")
    return "\t".join(cells)


def indicator_lines(form, style26, rng, dz, fv, trail_form):
    inds = [dict(x) for x in form["indicators"]]
    inds = add_variant_names(inds, rng, dz)
    form["indicators"] = [{k: x[k] for k in ("level1", "level2", "level3", "target")} for x in inds]
    events, cuts = plan_breaks(inds, rng, dz)
    lab = anchors(inds, events, rng, dz)
    rlab = row_label_plan(inds, events, rng, dz)
    # each page segment of the table picks its column count
    wide_form = trail_form
    wide = wide_form and rng.random() < P_WIDE_PAGE
    if wide:
        dz.add("wide_columns")
    header = form.get("target_header", "指标目标值")
    hcells = [rlab.get(("hdr", "main"), ""), "一级指标", "二级指标", "三级指标", header]
    lines = ["\t".join(hcells) + ("\t" if wide_form else "")]
    def sp(text, what="name"):
        out = cjk_space(text, rng)
        if out != text:
            dz.add("cjk_space_" + what)
        if text and what != "name":
            dz.add("carries_" + what)
        return out

    fv["breaks"] = {str(k): v for k, v in sorted(events.items())}
    for (k, _), _t in rlab.items():
        if k != "hdr":
            dz.add("row_label_on_row", [k])
    for k, ind in enumerate(inds):
        dz.row = k
        tgt = render_target(ind["target"], rng, dz)
        kind = events.get(k)
        variant = bool(ind.get("variant"))
        trail = trail_form and rng.random() < 0.5
        if kind is None or kind == "gap":
            if kind == "gap":
                dz.add("page_break")
                lines.append("")
                wide = wide_form and rng.random() < P_WIDE_PAGE
            a = lab.get((k, "main"), {})
            lines.append(place_row(rlab.get((k, "main"), ""), sp(a.get("l1", ""), "l1"), sp(a.get("l2", ""), "l2"),
                                   sp(ind["level3"]), tgt, wide, rng, dz, variant, trail, bool(a.get("wrapped"))))
            continue
        head, tail = cuts[k]
        h = lab.get((k, "head"), {})
        t = lab.get((k, "tail"), {})
        for part in (h, t):
            for slot in ("l1", "l2"):
                if part.get(slot):
                    dz.add("carries_" + slot)
        rl_t = rlab.get((k, "tail"), "")
        if kind == "cut3":
            dz.add("name_cut_l3col")
            cells = ["", h.get("l1", ""), h.get("l2", "")] + ([""] if wide else []) + [head]
            if rng.random() < 0.5:
                cells.append("")
            lines.append("\t".join(cells))
            lines.append("")
            wide = wide_form and rng.random() < P_WIDE_PAGE
            lines.append(place_row(rl_t, t.get("l1", ""), t.get("l2", ""), tail, tgt, wide, rng, dz, False, trail))
            continue
        # new class 2: the head lands in the 一级 or 二级 column, the tail elsewhere
        hcol = rng.choice([1, 2])
        tcol = rng.choice([2, 3])
        if t.get("l1"):
            tcol = 3
        lines.append("\t".join([""] * hcol + [head] + [""] * rng.choice([1, 1, 2])))
        lines.append("")
        wide = wide_form and rng.random() < P_WIDE_PAGE
        if tcol == 3:
            cells = [rl_t, t.get("l1", ""), t.get("l2", ""), tail, tgt]
        else:
            cells = [rl_t, t.get("l2", ""), tail, tgt]
        if trail:
            cells.append("")
        lines.append("\t".join(cells))
        dz.add("cut_head_l%dcol_tail_l%dcol%s" % (hcol, tcol, "_label" if t.get("l2") or t.get("l1") else ""))
        dz.add("cut_head_in_label_column")
    dz.row = None
    if rng.random() < P_SEPARATOR_ROW:
        dz.add("separator_row")
        lines.append("--\t--\t--\t---------\t-------------")
    return lines


# ----------------------------------------------------------------- forms, files

def make_form(rng, pool):
    form, srcs, style26 = stress.recombine(rng, pool)
    dz, fv = Defects(), {"style_2026": style26}
    trail_form = rng.random() < P_TRAILING_TAB_FORM
    if trail_form:
        dz.add("trailing_tab")
    lines, unit = head_lines(form, style26, rng, dz, fv, trail_form)
    body = goal_lines(form, style26, rng, dz, fv, trail_form)
    body += indicator_lines(form, style26, rng, dz, fv, trail_form)
    rec = {"source": ["scripts/pdfgen/specs/%s.json#forms[%d]" % s for s in srcs]}
    rec.update(form)
    rec["funding_unit"] = unit
    rec["pages"] = None
    fv["defects"] = dz.items
    fv["row_defects"] = {str(k): v for k, v in sorted(dz.rows.items())}
    return "\n".join(lines + body) + "\n", rec, fv


NEG_TITLES = ["关于%d年度部门预算编制工作的说明", "%d年度区级部门预算公开说明", "%d年部门整体支出绩效自评报告（摘要）"]
NEG_PROSE = [
    "按照预算法和全面实施预算绩效管理的要求，本部门各项目均已编报绩效目标，设置了产出指标、效益指标和满意度指标，"
    "绩效目标申报表随项目申报材料另行报送，本说明不附表。",
    "%d年度本部门收入预算%s万元，支出预算%s万元，收支平衡。项目支出均已纳入绩效目标管理，绩效目标覆盖率100%%。",
    "下表为部门收支预算总表，单位：万元。各项目的绩效指标、指标目标值等内容详见项目绩效目标申报表。",
    "绩效目标完成情况将在年度终了后开展自评，自评结果报送财政部门并按规定公开。",
]
NEG_ROWS = [("一般公共预算拨款", "一般公共服务支出"), ("政府性基金预算", "教育支出"), ("事业收入", "社会保障和就业支出"),
            ("其他收入", "城乡社区支出"), ("上年结转", "卫生健康支出")]


def make_negative(rng):
    year = rng.choice([2022, 2023, 2024, 2025, 2026])
    inc = [round(rng.uniform(50, 9000), 2) for _ in range(4)]
    out = [round(x * rng.uniform(0.6, 1.2), 2) for x in inc]
    total_i, total_o = sum(inc), sum(out)
    lines = ["", "## " + rng.choice(NEG_TITLES) % year, ""]
    lines.append("一、总体情况")
    lines.append("")
    prose = list(NEG_PROSE)
    prose[1] = prose[1] % (year, "{:,.2f}".format(total_i), "{:,.2f}".format(total_o))
    rng.shuffle(prose)
    for p in prose[:3]:
        lines += [p, ""]
    lines.append("二、%d年度收支预算总表" % year)
    lines.append("")
    if rng.random() < 0.5:
        lines.append("单位：万元")
    lines.append("收入项目\t预算数\t支出项目\t预算数")
    rows = rng.sample(NEG_ROWS, 4)
    for (a, b), x, y in zip(rows, inc, out):
        lines.append("%s\t%s\t%s\t%s" % (a, "{:,.2f}".format(x), b, "{:,.2f}".format(y)))
    lines.append("收入合计\t%s\t支出合计\t%s" % ("{:,.2f}".format(total_i), "{:,.2f}".format(total_o)))
    if rng.random() < 0.5:
        lines.append("--\t--\t--\t--")
    lines += ["", "三、绩效目标管理", "", "本部门将绩效目标作为预算安排的重要依据，项目绩效指标由产出、效益和满意度三类构成。"]
    return "\n".join(lines) + "\n"


def encode(text, rng, d):
    enc = weighted(rng, ENCODINGS)
    crlf = rng.random() < P_CRLF
    if crlf:
        text = text.replace("\n", "\r\n")
    d["variant"]["encoding"] = enc
    d["variant"]["crlf"] = crlf
    d["defects"] += ["encoding_" + enc] + (["crlf"] if crlf else [])
    return text.encode(enc)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--negatives", type=int, default=None, help="not-a-form files (default count//15, at least 2)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    pool = stress.all_forms()
    neg = a.negatives if a.negatives is not None else max(2, a.count // 15)
    for n in range(a.count + neg):
        rng = random.Random("robust/%d/%d" % (a.seed, n))
        name = "%03d" % n
        d = {"file": name + ".txt", "generator": GENERATOR, "format": "ocr_text",
             "note": "Generator ground truth, not a golden", "defects": [], "variant": {}, "forms": []}
        if n >= a.count:
            text = make_negative(rng)
            d["defects"] = ["not_a_form"]
            d["expected_result"] = "no form found"
        else:
            parts, fvs = [], []
            for _ in range(rng.choice(FORMS_PER_FILE)):
                t, rec, fv = make_form(rng, pool)
                parts.append(t)
                d["forms"].append(rec)
                fvs.append(fv)
            if len(parts) > 1:
                d["defects"].append("multi_form")
            for fv in fvs:
                for x in fv["defects"]:
                    if x not in d["defects"]:
                        d["defects"].append(x)
            d["variant"]["forms"] = fvs
            text = "".join(parts)
        data = encode(text, rng, d)
        with open(os.path.join(a.out, name + ".txt"), "wb") as fh:
            fh.write(data)
        with open(os.path.join(a.out, name + ".expected.json"), "w", encoding="utf-8") as fh:
            json.dump(d, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    print("%d form files, %d not-a-form files in %s" % (a.count, neg, a.out))


if __name__ == "__main__":
    main()
