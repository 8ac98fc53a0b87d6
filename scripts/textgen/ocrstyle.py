#!/usr/bin/env python3
"""A second producer of OCR'd text in the seed's own format, independent of
synth.py: forms come from scripts/pdfgen/stress.py's recombine() (not the
spec forms as they stand), and each row is laid out the way an OCR tool
lays out a table image: a merged label is printed on the first row of its
group, or, where a page break cuts the group and the label's centre falls
after it, on the first row after the break (the continuation of the row
the break cut); the tool shifts short cells one column to the left now
and then.

On top of the seed's defects it makes those real OCR output has and synth.py
does not:
  * bare 二级 words (服务对象满意度, 社会效益) as an indicator's 三级 name,
    sometimes standing in the 二级 column beside their target;
  * the head of a 三级 name cut by a page break into the 一级 or 二级 column,
    its tail and target after the break in another column;
  * a 单位：元 / 单位：万元 line between the year and the table;
  * the two goal columns joined into one cell (a form whose goals are the
    same text), or the 年度总目标 read twice.

Usage: ocrstyle.py OUT_DIR [--count N] [--seed S] [--negatives K]
Writes OUT_DIR/tNNN.txt and tNNN.expected.json (the stress_eval.py format,
"pages": null), plus K not-a-form files.
"""
import argparse
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pdfgen"))
import stress  # noqa: E402  (recombine, all_forms)

# How often each defect is drawn (per form, or per row where it says so).
P_UNIT_LINE = 0.35
P_JOINED_GOALS = 0.15
P_ANNUAL_READ_TWICE = 0.10
P_VARIANT_NAME = 0.5          # per form: add bare-二级 names to some groups
P_VARIANT_IN_L2_COLUMN = 0.4  # per such name: printed in the 二级 column
P_SHIFT_LEFT = 0.12           # per row: a label one column left
P_PAGE_BREAKS = (0, 1, 1, 2, 2)
P_CUT_NAME = 0.7              # per page break: it cuts a name
P_HEAD_IN_LABEL_COLUMN = 0.5  # per cut name: its head in the 一级/二级 column
P_LATEX = 0.12
P_FULLWIDTH = 0.06
P_ASCII_OPERATOR = 0.15
P_P_TAGS = 0.25
P_SEPARATOR_ROW = 0.3
P_EXTRA_TAB = 0.3             # per form: every row ends in one more tab

VARIANT_NAMES = {
    "满意度指标": [("服务对象满意度", ">=90%"), ("服务对象满意度", "≥95%"), ("社会公众满意度", ">=85%")],
    "效益指标": [("社会效益", "显著提升"), ("经济效益", "有所提高"), ("可持续影响", "长期")],
}
UNIT_LINES = [("单位：元", "元"), ("单位: 元", "元"), ("单位：万元", "万元"), ("金额单位：万元", "万元"),
              ("金额单位：元", "元")]


def operator_variant(target, rnd):
    r = rnd.random()
    ops = (("≥", r"\geq"), ("≤", r"\leq"), (">=", r"\geq"), ("<=", r"\leq"), ("=", "="), (">", ">"), ("<", "<"))
    if r < P_LATEX:
        for op, tex in ops:
            if target.startswith(op):
                return "$%s %s$" % (tex, target[len(op):].replace("%", r"\%"))
    elif r < P_LATEX + P_FULLWIDTH:
        return target.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789%=<>"})
    elif r < P_LATEX + P_FULLWIDTH + P_ASCII_OPERATOR:
        return target.replace("≥", ">=").replace("≤", "<=")
    return target


def header_lines(form, style26, rnd):
    f = form["funding"]
    cat_label, cat = ("项目性质", form["project_nature"]) if style26 else ("项目类别", form["project_category"])
    yield f"项目名称\t{form['project_name']}\t{cat_label}\t{cat}\t"
    yield f"主管部门\t{form['department']}\t实施单位\t{form['implementing_unit']}\t"
    yield f"计划开始日期\t{form['planned_start']}\t计划完成日期\t{form['planned_end']}\t"
    yield f"项目资金\t项目资金总额\t{f['project_total']}\t年度资金申请总额\t{f['annual_total']}"
    yield f"\t其中：财政资金\t{f['project_fiscal']}\t其中：当年财政拨款\t{f['annual_current_fiscal']}"
    yield f"\t\t\t上年结转资金\t{f['annual_carryover']}"
    yield f"\t其他资金\t{f['project_other']}\t其他资金\t{f['annual_other']}"


def goal_lines(form, rnd, defects):
    ol = form.get("overall_goal_label", "项目总目标")
    al = form.get("annual_goal_label", "年度总目标")
    yield f"项目绩效目标\t{ol}\t\t{al}\t"
    if form.get("goal_period"):
        yield f"\t{form['goal_period']}\t\t\t"
    og, ag = form["overall_goal"], form["annual_goal"]
    wrap = (lambda s: f"<p>{s}</p>") if rnd.random() < P_P_TAGS else (lambda s: s)
    r = rnd.random()
    if r < P_JOINED_GOALS:
        # The OCR ran the two goal cells together: only possible to undo
        # when the form prints the same goal twice, as the seed's forms do.
        form["annual_goal"] = og
        defects.append("joined_goals")
        yield f"\t{wrap(og + og)}\t\t\t"
    elif r < P_JOINED_GOALS + P_ANNUAL_READ_TWICE:
        defects.append("annual_read_twice")
        yield f"\t{wrap(og)}\t\t{wrap(ag)}\t{wrap(ag)}"
    else:
        yield f"\t{wrap(og)}\t\t{wrap(ag)}\t"


def add_variant_names(form, rnd, defects):
    """Adds an indicator named with bare 二级 words at the end of a group."""
    inds = form["indicators"]
    for l1, choices in VARIANT_NAMES.items():
        last = max((k for k, x in enumerate(inds) if x["level1"] == l1), default=None)
        if last is None or rnd.random() > 0.7:
            continue
        name, target = rnd.choice(choices)
        if any(x["level3"] == name for x in inds):
            continue
        inds.insert(last + 1, {"level1": l1, "level2": inds[last]["level2"], "level3": name, "target": target,
                               "variant_name": True})
        defects.append("variant_name")


def label_rows(inds, breaks, cuts):
    """The rows on which the 一级 and 二级 labels are printed. A table tool
    puts a merged cell's text in its top-left cell; a page break splits the
    merged cell in two, and the text, centred in the whole cell, lands in
    the part holding the group's middle row: then it is printed on the
    first row after the break (the continuation of a cut row), and the part
    before the break is empty."""
    def spans(key):
        out, start = [], 0
        for k in range(1, len(inds) + 1):
            if k == len(inds) or key(inds[k]) != key(inds[start]):
                out.append((start, k))
                start = k
        return out

    def label_row(a, b):
        middle = a + (b - a - 1) // 2
        inside = [k for k in sorted(breaks) if (a < k < b or (k == a and k in cuts)) and k <= middle]
        return inside[-1] if inside else a

    at1 = {label_row(a, b) for a, b in spans(lambda x: x["level1"])}
    at2 = {label_row(a, b) for a, b in spans(lambda x: (x["level1"], x["level2"]))}
    return at1, at2


def indicator_lines(form, style26, rnd, defects):
    inds = form["indicators"]
    header = "年度指标值" if style26 else "指标目标值"
    block = rnd.choice(["绩效指标", "绩效指标", "", "绩效"])
    lines = [f"{block}\t一级指标\t二级指标\t三级指标\t{header}"]
    breaks = set()
    for _ in range(rnd.choice(P_PAGE_BREAKS)):
        k = rnd.randrange(1, max(2, len(inds)))
        if all(abs(k - b) > 2 for b in breaks):
            breaks.add(k)
    cuts = {k for k in breaks if len(inds[k]["level3"]) >= 6 and rnd.random() < P_CUT_NAME}
    at1, at2 = label_rows(inds, breaks, cuts)
    for k, ind in enumerate(inds):
        c1 = ind["level1"] if k in at1 else ""
        c2 = ind["level2"] if k in at2 else ""
        name, target = ind["level3"], operator_variant(ind["target"], rnd)
        if k in breaks:
            if k in cuts:
                cut = rnd.randrange(2, len(name) - 2)
                head, tail = name[:cut], name[cut:]
                if rnd.random() < P_HEAD_IN_LABEL_COLUMN:
                    lines.append("\t" * rnd.choice([1, 2]) + head + "\t")
                    defects.append("name_head_in_label_column")
                else:
                    lines.append(f"\t\t\t{head}\t")
                    defects.append("name_cut")
                lines.append("")
                row_label = rnd.choice(["指标", "绩效指标", ""]) if block == "绩效" or rnd.random() < 0.3 else ""
                if c1 or c2:
                    lines.append(f"{row_label}\t{c1}\t{c2}\t{tail}\t{target}")
                else:
                    col = rnd.choice([2, 3])
                    cells = [row_label] + [""] * (col - 1) + [tail, target]
                    lines.append("\t".join(cells))
                continue
            lines.append("")
        if ind.get("variant_name") and not c1 and not c2 and rnd.random() < P_VARIANT_IN_L2_COLUMN:
            lines.append(f"\t\t{name}\t{target}\t")
        elif c1 and c2 and rnd.random() < P_SHIFT_LEFT:
            lines.append(f"{c1}\t{c2}\t{name}\t{target}\t")
        elif c2 and not c1 and rnd.random() < P_SHIFT_LEFT:
            lines.append(f"\t{c2}\t{name}\t{target}\t")
        else:
            lines.append(f"\t{c1}\t{c2}\t{name}\t{target}")
    if rnd.random() < P_SEPARATOR_ROW:
        lines.append("--\t--\t--\t---------\t-------------")
    return lines


def form_text(form, style26, rnd, defects):
    year = int(form["fiscal_year"])
    lines = ["", "## " + form.get("title", "财政项目支出绩效目标申报表"), "",
             rnd.choice([f"( {year}年度 )", f"（{year}年度）", f"{year}年度"]), ""]
    unit = None
    if rnd.random() < P_UNIT_LINE:
        text, unit = rnd.choice(UNIT_LINES)
        lines += [text, ""] if rnd.random() < 0.5 else [text]
        defects.append("unit_line")
    body = list(header_lines(form, style26, rnd)) + list(goal_lines(form, rnd, defects))
    if rnd.random() < P_VARIANT_NAME:
        add_variant_names(form, rnd, defects)
    body += indicator_lines(form, style26, rnd, defects)
    if rnd.random() < P_EXTRA_TAB:
        body = [b + "\t" if b else b for b in body]
    return "\n".join(lines + body) + "\n", unit


def truth_of(form, unit):
    keys = ("title", "fiscal_year", "project_name", "department", "implementing_unit", "planned_start",
            "planned_end", "funding", "goal_period", "overall_goal", "annual_goal")
    out = {k: form.get(k) for k in keys}
    out["title"] = form.get("title", "财政项目支出绩效目标申报表")
    out["fiscal_year"] = str(form["fiscal_year"])
    out["project_category"] = form.get("project_category") if not form.get("project_nature") else form["project_nature"]
    out["funding_unit"] = unit
    out["indicators"] = [{k: x[k] for k in ("level1", "level2", "level3", "target")} for x in form["indicators"]]
    out["pages"] = None
    return out


NOT_A_FORM = """## 2023年部门预算公开说明

一、部门职责
本部门负责全市社会保险经办工作，绩效目标管理按照市财政局要求执行。

二、收支预算总表
项目\t本年预算\t上年预算
一般公共预算拨款\t14,979,100\t13,200,000
事业收入\t0\t0

三、绩效目标设置情况
本年度对重点项目编制了绩效目标，绩效指标包括产出指标、效益指标和满意度指标。
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--negatives", type=int, default=3)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    pool = stress.all_forms()
    for n in range(a.count):
        text, forms, defects = "", [], []
        for _ in range(rnd.choice([1, 1, 2, 3])):
            form, _srcs, style26 = stress.recombine(rnd, pool)
            if style26 and not form.get("project_category"):
                form["project_category"] = form["project_nature"]
            t, unit = form_text(form, style26, rnd, defects)
            text += t
            forms.append(truth_of(form, unit))
        enc = rnd.choice(["utf-8", "utf-8", "utf-8-sig", "utf-16", "gb18030"])
        name = "t%03d" % n
        with open(os.path.join(a.out, name + ".txt"), "wb") as fh:
            fh.write(text.encode(enc))
        with open(os.path.join(a.out, name + ".expected.json"), "w", encoding="utf-8") as fh:
            json.dump({"file": name + ".txt", "generator": "scripts/textgen/ocrstyle.py", "seed": a.seed,
                       "note": "Generator ground truth, not a golden", "encoding": enc,
                       "defects": sorted(set(defects)), "forms": forms}, fh, ensure_ascii=False, indent=1)
    for n in range(a.negatives):
        name = "neg%02d" % n
        with open(os.path.join(a.out, name + ".txt"), "w", encoding="utf-8") as fh:
            fh.write(NOT_A_FORM)
        with open(os.path.join(a.out, name + ".expected.json"), "w", encoding="utf-8") as fh:
            json.dump({"file": name + ".txt", "forms": [], "expected_result": "no form found"}, fh,
                      ensure_ascii=False)


if __name__ == "__main__":
    main()
