#!/usr/bin/env python3
"""Synthetic OCR'd declaration forms with ground truth, for measuring
indicator-level accuracy on text "no one here has seen".

Takes the form specs in scripts/pdfgen/specs/ (the seed's three forms and six
invented ones) and writes them out the way the seed's OCR tool does, with the
seed's defects drawn at random: labels on the first row of their group or in
the column to their left, the 绩效指标 row label split over a page break, page
breaks (blank lines) inside the indicator table that split a 三级 cell, with
the row label and the group's labels landing on the continuation row,
`<p>` tags, LaTeX and full-width operators, markdown separator rows, stray
spaces between CJK characters, several forms per file, and the encodings
the reader accepts.

Usage: synth.py OUT_DIR [COUNT] [SEED]
Writes OUT_DIR/NNN.txt and OUT_DIR/NNN.truth.json (the forms' indicators).
"""
import json, pathlib, random, sys

here = pathlib.Path(__file__).resolve().parent
specs = sorted((here.parent / "pdfgen" / "specs").glob("*.json"))
FORMS = [f for p in specs for f in json.load(open(p, encoding="utf-8"))["forms"]]

def latexify(target, rnd):
    t = target.replace("＝", "=").replace("＞", ">").replace("＜", "<")
    for op, tex in ((">=", r"\geq"), ("≥", r"\geq"), ("<=", r"\leq"), ("≤", r"\leq"), (">", ">"), ("<", "<"), ("=", "=")):
        if t.startswith(op):
            rest = t[len(op):].replace("%", r"\%")
            if rnd.random() < 0.5:
                return f"${tex} {rest}$"
            return f"${tex}$ {rest}"
    return target

def fullwidth(target):
    table = {c: chr(ord(c) + 0xFEE0) for c in "0123456789%=<>"}
    return "".join(table.get(c, c) for c in target)

def vary_target(target, rnd):
    r = rnd.random()
    if r < 0.15:
        return latexify(target, rnd)
    if r < 0.22:
        return fullwidth(target)
    if r < 0.30:
        return target.replace("≥", ">=").replace("≤", "<=")
    return target

def spaced(text, rnd):
    """OCR's stray spaces between CJK characters."""
    if rnd.random() > 0.1 or len(text) < 4:
        return text
    k = rnd.randrange(1, len(text) - 1)
    return text[:k] + " " + text[k:]

def form_text(form, rnd, out_rows):
    year = form["fiscal_year"]
    f = form["funding"]
    lines = ["", "## 财政项目支出绩效目标申报表", "", f"( {year}年度 )", ""]
    lines.append(f"项目名称\t{form['project_name']}\t项目类别\t{form['project_category']}\t")
    lines.append(f"主管部门\t{form['department']}\t实施单位\t{form['implementing_unit']}\t")
    lines.append(f"计划开始日期\t{form['planned_start']}\t计划完成日期\t{form['planned_end']}\t")
    lines.append(f"项目资金\t项目资金总额\t{f['project_total']}\t年度资金申请总额\t{f['annual_total']}")
    lines.append(f"\t其中：财政资金\t{f['project_fiscal']}\t其中：当年财政拨款\t{f['annual_current_fiscal']}")
    lines.append(f"\t\t\t上年结转资金\t{f['annual_carryover']}")
    lines.append(f"\t其他资金\t{f['project_other']}\t其他资金\t{f['annual_other']}")
    lines.append("项目绩效目标\t项目总目标\t\t年度总目标\t")
    lines.append(f"\t{form.get('goal_period') or ''}\t\t\t")
    og, ag = form["overall_goal"], form["annual_goal"]
    if rnd.random() < 0.3:
        og, ag = f"<p>{og}</p>", f"<p>{ag}</p>"
    lines.append(f"\t{og}\t\t{ag}\t")
    header_label = rnd.choice(["绩效指标", "绩效", ""])
    lines.append(f"{header_label}\t一级指标\t二级指标\t三级指标\t指标目标值")
    inds = form["indicators"]
    # Page breaks: at most two inside the table, at least 3 rows apart.
    breaks = set()
    for _ in range(rnd.choice([0, 1, 1, 2])):
        k = rnd.randrange(2, max(3, len(inds) - 1))
        if all(abs(k - b) > 3 for b in breaks):
            breaks.add(k)
    prev_l1 = prev_l2 = None
    for k, ind in enumerate(inds):
        l1, l2, l3, target = ind["level1"], ind["level2"], ind["level3"], vary_target(ind["target"], rnd)
        new_l1 = l1 != prev_l1
        new_l2 = l2 != prev_l2 or new_l1
        prev_l1, prev_l2 = l1, l2
        c1 = l1 if new_l1 else ""
        c2 = l2 if new_l2 else ""
        name = spaced(l3, rnd)
        if k in breaks and len(l3) >= 5 and not new_l2:
            # A 三级 cell split by the page break; the row label and the
            # group's labels may land on the continuation row.
            cut = rnd.randrange(max(2, len(l3) - 4), len(l3) - 1)
            lines.append(f"\t\t\t{l3[:cut]}\t")
            lines.append("")
            row_label = rnd.choice(["绩效指标", "指标", ""])
            cont_l1 = l1 if rnd.random() < 0.3 else ""
            cont_l2 = l2 if rnd.random() < 0.4 else ""
            lines.append(f"{row_label}\t{cont_l1}\t{cont_l2}\t{l3[cut:]}\t{target}")
            continue
        if k in breaks:
            lines.append("")
        if c1 and c2 and rnd.random() < 0.3:
            # The seed's shifted row: 一级 in the row-label column.
            lines.append(f"{c1}\t{c2}\t{name}\t{target}\t")
        elif not c1 and c2 and rnd.random() < 0.25:
            # A 二级 label in the 一级 column (生态效益指标 in the seed).
            lines.append(f"\t{c2}\t{name}\t{target}\t")
        elif not c1 and not c2 and rnd.random() < 0.1:
            lines.append(f"\t{name}\t\t{target}\t")
        else:
            lines.append(f"\t{c1}\t{c2}\t{name}\t{target}")
    if rnd.random() < 0.3:
        lines.append("--\t--\t--\t---------\t-------------")
    out_rows.extend({"level1": i["level1"], "level2": i["level2"], "level3": i["level3"], "target": i["target"]} for i in inds)
    return "\n".join(lines) + "\n"

def main():
    out = pathlib.Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 2026)
    out.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        forms = rnd.sample(FORMS, rnd.choice([1, 1, 2, 3]))
        truth = []
        text = ""
        for form in forms:
            rows = []
            text += form_text(form, rnd, rows)
            truth.append({"project_name": form["project_name"], "indicators": rows})
        enc = rnd.choice(["utf-8", "utf-8", "utf-8-sig", "utf-16", "gb18030"])
        data = text.encode(enc)
        (out / f"{n:03d}.txt").write_bytes(data)
        (out / f"{n:03d}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")

if __name__ == "__main__":
    main()
