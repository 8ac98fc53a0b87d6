#!/usr/bin/env python3
"""Random stress PDFs for jixiao: N documents, each 1-3 performance-target forms recombined
from the specs in specs/*.json, drawn with randomised fonts, sizes, column widths, page
orientation, rulings (stroked / `re f` / `re f*` / none), page breaks (inside rows, inside
merged label cells), repeated headers, footers, 单位：元 lines and 2022/2026 form styles.

Each <name>.pdf gets <name>.expected.json in the samples/pdf format (plus "borderless" and a
"stress" block with the random choices). Deterministic by --seed.

Usage: stress.py [--out /tmp/stress] [-n 60] [--seed 1] [--borderless-share 0.25]
                 [--borderless-only | --bordered-only] [--prefix s]
"""
import argparse
import copy
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_pdfs as M  # noqa: E402  (fonts, wrap, build_table, specs)

from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.pdfgen import canvas as rl_canvas  # noqa: E402

PAGE_W, PAGE_H = A4

# --------------------------------------------------------------------------- form recombination

SPECS = sorted(f[:-5] for f in os.listdir(M.SPEC_DIR) if f.endswith(".json"))
L1_ORDER = ["产出指标", "成本指标", "效益指标", "满意度指标"]
L3_SUFFIXES = ["（按季度统计并报送主管部门备案）", "及相关配套服务保障工作的完成情况",
               "（含线上线下各类渠道，按全年累计口径计算）", "在规定时限内完成并通过验收的比例",
               "（以第三方机构年度抽样调查结果为准）", "覆盖全区各街道镇及重点区域"]
NATURES = ["经常性项目", "阶段性项目", "一次性项目"]


def all_forms():
    out = []
    for doc in SPECS:
        for i, f in enumerate(M.load_spec(doc)["forms"]):
            out.append((doc, i, f))
    return out


def recombine(rng, forms):
    """A new form: header fields from one spec form, indicators pooled from 1-3 forms,
    grouped (level1 then level2 contiguous), sub-sampled and shuffled inside groups."""
    doc, idx, base = rng.choice(forms)
    form = copy.deepcopy(base)
    srcs = [(doc, idx)]
    pool = list(base["indicators"])
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        d2, i2, f2 = rng.choice(forms)
        if (d2, i2) not in srcs:
            srcs.append((d2, i2))
            pool += f2["indicators"]
    # one framework per form: 成本指标 either as 二级 under 产出指标 (2015) or as 一级 (2021), never both
    cost_l1 = any(x["level1"] == "成本指标" for x in base["indicators"])
    cost_l2 = any(x["level1"] == "产出指标" and x["level2"] == "成本指标" for x in base["indicators"])
    if not cost_l1 and not cost_l2:
        cost_l1 = rng.random() < 0.5
    if cost_l1:
        pool = [x for x in pool if not (x["level1"] == "产出指标" and x["level2"] == "成本指标")]
    else:
        pool = [x for x in pool if x["level1"] != "成本指标"]
    seen, uniq = set(), []
    for ind in pool:
        if ind["level3"] not in seen:
            seen.add(ind["level3"])
            uniq.append(dict(ind))
    # group, keeping first-appearance order of level1 (then canonical) and of level2 within level1
    l1s = []
    for ind in uniq:
        if ind["level1"] not in l1s:
            l1s.append(ind["level1"])
    if rng.random() < 0.5:
        l1s.sort(key=lambda x: L1_ORDER.index(x) if x in L1_ORDER else 9)
    inds = []
    for l1 in l1s:
        l2s = []
        for ind in uniq:
            if ind["level1"] == l1 and ind["level2"] not in l2s:
                l2s.append(ind["level2"])
        if rng.random() < 0.3:
            rng.shuffle(l2s)
        for l2 in l2s:
            grp = [x for x in uniq if x["level1"] == l1 and x["level2"] == l2]
            if rng.random() < 0.5:
                rng.shuffle(grp)
            keep = rng.randint(1, len(grp)) if rng.random() < 0.6 else len(grp)
            inds += grp[:keep]
    if len(inds) > 40:  # keep documents readable; drop from the end of big groups
        inds = inds[:40]
    # long indicator names that wrap (2-3 lines in the cell)
    p_long = rng.choice([0.0, 0.15, 0.35, 0.5])
    for ind in inds:
        if rng.random() < p_long:
            ind["level3"] = ind["level3"] + rng.choice(L3_SUFFIXES)
    form["indicators"] = inds
    # long goal texts
    # (another form's goal: the same one again would make a goal that is one
    # text twice, which no form prints and a reader rightly reads once)
    if rng.random() < 0.3:
        other = rng.choice([f[2] for f in forms if f[2]["overall_goal"] != form["overall_goal"]])
        form["overall_goal"] = form["overall_goal"] + other["overall_goal"]
    if rng.random() < 0.2:
        other = rng.choice([f[2] for f in forms if f[2]["annual_goal"] != form["annual_goal"]])
        form["annual_goal"] = form["annual_goal"] + other["annual_goal"]
    # 2026 vs 2022 style
    style26 = rng.random() < 0.35
    for k in ("project_nature", "overall_goal_label", "annual_goal_label", "target_header"):
        form.pop(k, None)
    if style26:
        form["project_nature"] = rng.choice(NATURES)
        form["overall_goal_label"] = "项目总体目标"
        form["annual_goal_label"] = "年度总体目标"
        form["target_header"] = "年度指标值"
    # date format as printed
    fmt = rng.choice(["dash", "dash", "slash", "slash", "cn"])
    for k in ("planned_start", "planned_end"):
        y, m, d = M.re.match(r"(\d{4})\D(\d{1,2})\D(\d{1,2})", form[k]).groups()
        m, d = int(m), int(d)
        form[k] = {"dash": "%s-%02d-%02d" % (y, m, d), "slash": "%s/%d/%d" % (y, m, d),
                   "cn": "%s年%d月%d日" % (y, m, d)}[fmt]
    return form, srcs, style26


# --------------------------------------------------------------------------- rendering


def draw_segments(c, segs, rules):
    """'stroke' (merged collinear m/l S), 'fill' (one `re f` per cell edge),
    'fillstar' (one `re f*` per cell edge), 'none'."""
    if rules == "none":
        return
    if rules in ("fill", "fillstar"):
        c.setFillGray(0)
        for x0, y0, x1, y1, w in segs:
            t = max(w, 0.5)
            if abs(y0 - y1) < 0.01:
                a, b = sorted((x0, x1))
                r = (a - t / 2, y0 - t / 2, b - a + t, t)
            else:
                a, b = sorted((y0, y1))
                r = (x0 - t / 2, a - t / 2, t, b - a + t)
            c._code.append("%.3f %.3f %.3f %.3f re %s" % (r + ("f" if rules == "fill" else "f*",)))
        return
    M.draw_segments(c, segs, "stroke")


def render_pages(path, pages, st):
    c = rl_canvas.Canvas(path, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    c.setTitle(st.get("pdf_title", ""))
    c.setAuthor("")
    c.setCreator("jixiao scripts/pdfgen/stress.py")
    c.setProducer("ReportLab")
    n = len(pages)
    fnt = st["fnt"]
    for i, p in enumerate(pages, 1):
        segs = [op[1:] for op in p.ops if op[0] == "seg"]
        draw_segments(c, segs, st["rules"])
        c.setFillGray(0)
        for op in p.ops:
            if op[0] == "text":
                _, x, y, s, f, size = op
                c.setFont(f, size)
                c.drawString(x, y, s)
        if st["page_numbers"]:
            s = st["page_number_format"].format(p=i, n=n)
            c.setFont(fnt, 9)
            c.drawString(PAGE_W / 2 - M.sw(s, fnt, 9) / 2, 28, s)
        c.showPage()
    c.save()


def layout_form(form, st, first_top=None, rng=None):
    """make_pdfs.layout_form, plus: page size from PAGE_W/PAGE_H, optional 单位：元 line,
    optional start part-way down a page (first_top), merged label text in the first part
    ("first"), the larger part ("larger") or flowing ("flow")."""
    fnt, fs = st["fnt"], st["fs"]
    lead, padx, pady = fs * st["leading"], st["padx"], st["pady"]
    rows, cells, hrow, hdr_cells, ind_row = M.build_table(form, st)
    n = len(rows)
    heights = [st["min_row_h"]] * n
    for c in cells:
        c.lines = M.wrap(c.text, c.x1 - c.x0 - 2 * padx, fnt, fs)
        c.need = len(c.lines) * lead + 2 * pady
    for c in sorted(cells, key=lambda c: c.r1 - c.r0):
        have = sum(heights[c.r0:c.r1])
        if c.need > have + 0.01:
            add = (c.need - have) / (c.r1 - c.r0)
            for r in range(c.r0, c.r1):
                heights[r] += add
    left = (PAGE_W - st["table_w"]) / 2
    top = PAGE_H - st["margin_top"]
    ftop = first_top if first_top is not None else top
    title_y = ftop - st["title_fs"]
    year_y = title_y - st["title_fs"] * 0.6 - 16
    table_top_first = year_y - 14
    unit_y = None
    if st["unit_line"]:
        unit_y = table_top_first - 4
        table_top_first -= 16
    hdr_h = heights[hrow]

    def paginate(bottom_first):
        hs = list(heights)
        segs = [{"v0": 0.0, "y": table_top_first, "hdr": 0.0, "bottom": bottom_first}]
        v, r = 0.0, 0
        splits = []
        while r < n:
            s = segs[-1]
            avail = (s["y"] - s["hdr"] - s["bottom"]) - (v - s["v0"])
            need = hs[r]
            if rows[r]["keep"] and r + 1 < n:
                j = r
                while rows[j]["keep"] and j + 1 < n:
                    j += 1
                need = sum(hs[r:j + 1])
                if rows[j]["split"] and st["allow_row_split"]:
                    need = sum(hs[r:j]) + 2 * pady + lead
            at_top = abs(v - s["v0"]) < 0.01
            if hs[r] <= avail + 0.01 and (need <= avail + 0.01 or at_top):
                v += hs[r]
                r += 1
                continue
            if hs[r] <= avail + 0.01:
                s["v1"] = v
                rep = hdr_h if (st["repeat_header"] and v > sum(hs[:hrow]) + 0.01) else 0.0
                segs.append({"v0": v, "y": top, "hdr": rep, "bottom": st["margin_bottom"]})
                continue
            rowcells = [c for c in cells if c.r0 == r and c.r1 == r + 1]
            maxl = max([len(c.lines) for c in rowcells] or [1])
            k = int((avail - pady) // lead)
            if st["allow_row_split"] and rows[r]["split"] and 1 <= k < maxl:
                vb = v + pady + k * lead
                hs[r] += lead
                splits.append((r, k))
                s["v1"] = vb
            elif v == s["v0"]:
                vb = v + pady + max(1, k) * lead
                s["v1"] = vb
                splits.append((r, max(1, k)))
            else:
                s["v1"] = v
                vb = v
            rep = hdr_h if (st["repeat_header"] and vb > sum(hs[:hrow]) + 0.01) else 0.0
            segs.append({"v0": vb, "y": top, "hdr": rep, "bottom": st["margin_bottom"]})
            if vb == v:
                continue
            v = v + hs[r]
            r += 1
        segs[-1]["v1"] = v
        return segs, hs, splits

    bottom = st["first_bottom"]
    if rng is not None and st["allow_row_split"] and rng.random() < 0.7:
        # move the first page break so that it falls inside a row (Word splits rows by line)
        cands = []
        for b10 in range(int(st["margin_bottom"] * 10), int((st["margin_bottom"] + 400) * 10), 15):
            _, _, sp = paginate(b10 / 10)
            if sp and rows[sp[0][0]]["kind"] in ("ind", "goal_text"):
                cands.append(b10 / 10)
        if cands:
            bottom = rng.choice(cands)
    segs, hs, splits = paginate(bottom)
    rtop = [0.0]
    for h in hs:
        rtop.append(rtop[-1] + h)
    pages = [M.Page() for _ in segs]
    p0 = pages[0]
    tfs = st["title_fs"]
    title = form.get("title", "财政项目支出绩效目标申报表")
    p0.text(PAGE_W / 2 - M.sw(title, fnt, tfs) / 2, title_y, title, fnt, tfs)
    yl = form.get("year_line") or "（%s年度）" % form["fiscal_year"]
    p0.text(PAGE_W / 2 - M.sw(yl, fnt, 12) / 2, year_y, yl, fnt, 12)
    if unit_y is not None:
        u = st["unit_text"]
        p0.text(left + st["table_w"] - M.sw(u, fnt, fs), unit_y, u, fnt, fs)

    def phys(s, v):
        return s["y"] - s["hdr"] - (v - s["v0"])

    hdr_x0 = min(c.x0 for c in hdr_cells)
    for c in cells:
        cv0, cv1 = rtop[c.r0], rtop[c.r1]
        parts = []
        for i, s in enumerate(segs):
            if cv0 < s["v1"] - 0.01 and cv1 > s["v0"] + 0.01:
                a, b = max(cv0, s["v0"]), min(cv1, s["v1"])
                ya, yb = phys(s, a), phys(s, b)
                cont_top = a > cv0 + 0.01
                if cont_top and s["hdr"] and c.x1 <= hdr_x0 + 0.01:
                    ya = s["y"]
                parts.append((i, a, b, ya, yb, cont_top, b < cv1 - 0.01))
        for i, a, b, ya, yb, cont_top, cont_bot in parts:
            p = pages[i]
            x0, x1 = left + c.x0, left + c.x1
            p.seg(x0, ya, x0, yb)
            p.seg(x1, ya, x1, yb)
            if not cont_top or st["close_at_break"]:
                p.seg(x0, ya, x1, ya)
            if not cont_bot or st["close_at_break"]:
                p.seg(x0, yb, x1, yb)
        if not c.lines or not any(c.lines):
            continue
        nl = len(c.lines)
        bh = nl * lead
        placed = []
        mode = "center"
        if len(parts) > 1:
            mt = st["merged_text"]
            mode = "flow" if (mt == "flow" or c.r1 - c.r0 == 1) else mt
            if mode in ("larger", "first"):
                pick = max(parts, key=lambda t: t[3] - t[4]) if mode == "larger" else parts[0]
                if pick[3] - pick[4] < bh + 2:
                    mode = "flow" if mode == "first" or max(t[3] - t[4] for t in parts) < bh + 2 else "larger"
        if mode in ("center", "larger", "first"):
            if mode == "center":
                pick = parts[0]
            elif mode == "larger":
                pick = max(parts, key=lambda t: t[3] - t[4])
            else:
                pick = parts[0]
            i, a, b, ya, yb, _, _ = pick
            t0 = ya - pady if c.valign == "top" else (ya + yb) / 2 + bh / 2
            placed = [(i, t0 - k * lead) for k in range(nl)]
        else:
            vt = cv0 + ((cv1 - cv0) - bh) / 2 if c.valign != "top" else cv0 + pady
            if c.r1 - c.r0 == 1 and len(parts) > 1:
                vt = cv0 + pady + (max(len(x.lines) for x in cells if x.r0 == c.r0 and x.r1 == c.r1) - nl) * lead / 2
            push = 0.0
            for k in range(nl):
                lt = vt + k * lead + push
                done = False
                for i, a, b, ya, yb, _, _ in parts:
                    if lt >= b - 0.01:
                        continue
                    if lt + lead > b + 0.01 and i != parts[-1][0]:
                        push += b - lt
                        lt = b
                        continue
                    placed.append((i, phys(segs[i], lt)))
                    done = True
                    break
                if not done:
                    i = parts[-1][0]
                    placed.append((i, phys(segs[i], lt)))
        for k, (i, ytop) in enumerate(placed):
            s_ = c.lines[k]
            base = ytop - (lead - fs) / 2 - fs * 0.86
            if c.align == "left":
                x = left + c.x0 + padx
            elif c.align == "right":
                x = left + c.x1 - padx - M.sw(s_, fnt, fs)
            else:
                x = left + (c.x0 + c.x1) / 2 - M.sw(s_, fnt, fs) / 2
            pages[i].text(x, base, s_, fnt, fs)
    for i, s in enumerate(segs):
        if s["hdr"]:
            p = pages[i]
            ya, yb = s["y"], s["y"] - s["hdr"]
            for c in hdr_cells:
                x0, x1 = left + c.x0, left + c.x1
                for seg in ((x0, ya, x1, ya), (x0, yb, x1, yb), (x0, ya, x0, yb), (x1, ya, x1, yb)):
                    p.seg(*seg)
                t0 = (ya + yb) / 2 + len(c.lines) * lead / 2
                for k, ln in enumerate(c.lines):
                    p.text(left + (c.x0 + c.x1) / 2 - M.sw(ln, fnt, fs) / 2,
                           t0 - k * lead - (lead - fs) / 2 - fs * 0.86, ln, fnt, fs)
    if st.get("outer_w"):
        for i, s in enumerate(segs):
            ya = s["y"] if i else table_top_first
            yb = phys(s, s["v1"])
            x0, x1 = left, left + st["table_w"]
            p = pages[i]
            if i == 0 or st["close_at_break"] or s["hdr"]:
                p.seg(x0, ya, x1, ya, st["outer_w"])
            if i == len(segs) - 1 or st["close_at_break"]:
                p.seg(x0, yb, x1, yb, st["outer_w"])
            p.seg(x0, ya, x0, yb, st["outer_w"])
            p.seg(x1, ya, x1, yb, st["outer_w"])
    ind_pages, split_rows = [], []
    for k, ind in enumerate(form["indicators"]):
        r = ind_row[k]
        on = [i for i, s in enumerate(segs) if rtop[r] < s["v1"] - 0.01 and rtop[r + 1] > s["v0"] + 0.01]
        ind_pages.append([on[0], on[-1]])
        if len(on) > 1:
            split_rows.append(ind["level3"])
    info = {"indicator_pages": ind_pages, "split_rows": split_rows, "splits": splits,
            "header_repeated_on_continuation_pages": bool(st["repeat_header"]) and len(segs) > 1,
            "end_y": phys(segs[-1], segs[-1]["v1"])}
    return pages, info


# --------------------------------------------------------------------------- documents


def pick_style(rng, borderless):
    global PAGE_W, PAGE_H
    land = rng.random() < 0.25
    PAGE_W, PAGE_H = landscape(A4) if land else A4
    M.PAGE_W, M.PAGE_H = PAGE_W, PAGE_H
    fonts = ["stsong", "stsong"] + [k for k in ("uming", "wqy", "noto") if M.font_available(k)]
    font = rng.choice(fonts)
    fs = rng.choice([9.0, 9.5, 10.0, 10.5, 11.0, 11.5])
    padx = rng.choice([2.0, 3.0, 4.0])
    label_w = max(rng.choice([18.0, 22.0, 28.0, 32.0]), fs + 2 * padx + 1)
    if land:
        table_w = float(rng.randint(600, 760))
    else:
        table_w = float(rng.randint(470, 515))
    l1_w = float(rng.randint(50, 72))
    l2_w = float(rng.randint(58, 96))
    tgt_w = float(rng.randint(80, 200 if land else 150))
    # the 三级指标 column must keep some room
    while table_w - label_w - l1_w - l2_w - tgt_w < 110:
        tgt_w -= 10
    st = dict(M.BASE_STYLE)
    st.update({
        "font": font, "fs": fs, "title_fs": rng.choice([16.0, 18.0, 20.0]),
        "leading": rng.choice([1.25, 1.3, 1.35, 1.5]), "padx": padx, "pady": rng.choice([2.0, 2.5, 3.0, 4.0]),
        "min_row_h": rng.choice([16.0, 18.0, 20.0, 24.0]), "table_w": table_w, "label_w": label_w,
        "l1_w": l1_w, "l2_w": l2_w, "tgt_w": tgt_w,
        "margin_top": float(rng.randint(36, 72)), "margin_bottom": float(rng.randint(40, 72)),
        "rules": "none" if borderless else rng.choice(["stroke", "fill", "fillstar"]),
        "repeat_header": rng.random() < 0.4, "close_at_break": rng.random() < 0.4,
        "allow_row_split": rng.random() < 0.6,
        "merged_text": rng.choice(["larger", "first", "flow"]),
        "page_numbers": rng.random() < 0.6,
        "page_number_format": rng.choice(["第 {p} 页 共 {n} 页", "第{p}页，共{n}页", "- {p} -", "{p}/{n}"]),
        "outer_w": rng.choice([None, None, 1.0, 1.5]) if not borderless else None,
        "unit_line": rng.random() < 0.4, "unit_text": rng.choice(["单位：元", "单位:元", "金额单位：元"]),
        "value_align": rng.choice(["left", "left", "center"]),
        "amount_align": rng.choice(["right", "left", "center"]),
        "tgt_align": rng.choice(["center", "center", "left"]),
        "l3_align": rng.choice(["left", "left", "center"]),
        "fund_label": rng.choice(["项目资金（元）", "项目资金（元）", "项目资金"]),
        "landscape": land,
    })
    st["fnt"] = M.font_name(font)
    return st


def make_document(rng, name, out, borderless, forms_pool):
    st = pick_style(rng, borderless)
    nforms = rng.choice([1, 1, 1, 2, 2, 3])
    new_page = rng.random() < 0.6
    pages, recs = [], []
    for fi in range(nforms):
        form, srcs, style26 = recombine(rng, forms_pool)
        miss = M.missing_glyphs(st["font"], json.dumps(form, ensure_ascii=False))
        if miss:
            print("  %s: font %s lacks %s" % (name, st["font"], "".join(sorted(miss))), file=sys.stderr)
        # random break position: bottom margin of the form's first page
        st["first_bottom"] = st["margin_bottom"] + rng.choice([0, 0, rng.uniform(0, 250)])
        first_top = None
        if pages and not new_page:
            end_y = recs[-1]["_end_y"]
            if end_y - st["margin_bottom"] > 220:
                first_top = end_y - rng.choice([18.0, 30.0, 48.0])
        fp, info = layout_form(form, st, first_top, rng)
        if first_top is not None:
            pages[-1].ops += fp[0].ops
            first = len(pages)
            pages += fp[1:]
        else:
            first = len(pages) + 1
            pages += fp
        rec = {"source": ["scripts/pdfgen/specs/%s.json#forms[%d]" % s for s in srcs],
               "pages": [first, len(pages)]}
        rec.update(form)
        rec["layout"] = {
            "indicator_pages": [[first + a, first + b] for a, b in info["indicator_pages"]],
            "rows_split_across_pages": info["split_rows"],
            "header_repeated_on_continuation_pages": info["header_repeated_on_continuation_pages"],
            "style_2026": style26,
            "starts_mid_page": first_top is not None,
        }
        rec["_end_y"] = info["end_y"]
        recs.append(rec)
    for r in recs:
        r.pop("_end_y")
    st["pdf_title"] = recs[0]["project_name"]
    path = os.path.join(out, name + ".pdf")
    render_pages(path, pages, st)
    keys = ["font", "fs", "rules", "repeat_header", "close_at_break", "allow_row_split", "merged_text",
            "page_numbers", "page_number_format", "outer_w", "unit_line", "unit_text", "landscape",
            "table_w", "label_w", "l1_w", "l2_w", "tgt_w", "leading", "pady", "min_row_h", "value_align",
            "amount_align", "tgt_align", "l3_align", "fund_label"]
    d = {
        "file": name + ".pdf",
        "page_count": len(pages),
        "generator": "scripts/pdfgen/stress.py",
        "note": "Generator ground truth, not a golden.",
        "exercises": "random stress document",
        "borderless": borderless,
        "stress": dict({k: st[k] for k in keys}, new_page_per_form=new_page),
        "forms": recs,
    }
    with open(os.path.join(out, name + ".expected.json"), "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return len(pages)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/tmp/stress")
    ap.add_argument("-n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--borderless-share", type=float, default=0.25)
    ap.add_argument("--borderless-only", action="store_true")
    ap.add_argument("--bordered-only", action="store_true")
    ap.add_argument("--prefix", default="s")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    pool = all_forms()
    for k in range(a.n):
        rng = random.Random("%d/%d" % (a.seed, k))
        if a.borderless_only:
            bl = True
        elif a.bordered_only:
            bl = False
        else:
            bl = rng.random() < a.borderless_share
        name = "%s%03d%s" % (a.prefix, k, "_bl" if bl else "")
        n = make_document(rng, name, a.out, bl, pool)
        print("%s %d pages" % (name, n))


if __name__ == "__main__":
    main()
