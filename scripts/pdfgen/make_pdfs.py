#!/usr/bin/env python3
"""Render performance-target form specs (scripts/pdfgen/specs/*.json) into sample PDFs.

Output goes to samples/pdf/: one PDF per variant plus <name>.expected.json holding the
generator's ground truth (the forms it drew and the 1-based page range each occupies).

The layout imitates the Shanghai 财政项目支出绩效目标申报表: centred title, （YYYY年度）,
one bordered table with merged label cells (项目资金, 项目绩效目标, 绩效指标 stacked vertically),
一级/二级 indicator groups as merged cells, wrapped text, and a table that runs over pages
(optionally repeating the indicator header, optionally splitting a row across the break).

A small table engine is used instead of platypus so that page breaks, merged cells and the
way rulings are painted (stroked lines, thin filled rectangles, none) are fully controlled.

Usage: make_pdfs.py [--out DIR] [--only NAME ...] [--skip-optional]
"""
import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SPEC_DIR = os.path.join(HERE, "specs")
DEFAULT_OUT = os.path.join(ROOT, "samples", "pdf")
PAGE_W, PAGE_H = A4

# --------------------------------------------------------------------------- fonts

TTF_CANDIDATES = {
    # name: (list of paths, subfontIndex for .ttc)
    "uming": (["/usr/share/fonts/truetype/arphic/uming.ttc"], 0),  # AR PL UMing CN (Ming/Song style)
    "wqy": (["/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"], 0),  # WenQuanYi Micro Hei
    "noto": (["/usr/share/opentype/noto/NotoSerifCJK-Regular.ttc"], 2),
}
_registered = {}


def font_name(kind):
    """Register font `kind` with reportlab (once) and return its reportlab name."""
    if kind in _registered:
        return _registered[kind]
    if kind == "stsong":
        # Non-embedded CID font, encoding UniGB-UCS2-H (reportlab's default for STSong-Light).
        f = UnicodeCIDFont("STSong-Light")
        pdfmetrics.registerFont(f)
        _registered[kind] = f.fontName
        return f.fontName
    paths, idx = TTF_CANDIDATES[kind]
    for p in paths:
        if os.path.exists(p):
            name = "F_" + kind
            kw = {"subfontIndex": idx} if p.endswith(".ttc") else {}
            pdfmetrics.registerFont(TTFont(name, p, **kw))
            _registered[kind] = name
            return name
    raise FileNotFoundError("font %s not installed (looked for %s)" % (kind, paths))


def font_available(kind):
    if kind == "stsong":
        return True
    return any(os.path.exists(p) for p in TTF_CANDIDATES[kind][0])


def missing_glyphs(kind, text):
    if kind == "stsong":
        return set()
    f = pdfmetrics.getFont(font_name(kind))
    cmap = f.face.charToGlyph
    return {c for c in text if c not in "\n" and ord(c) not in cmap}


# --------------------------------------------------------------------------- text wrapping

_TOKEN = re.compile(r"[A-Za-z0-9.,%+\-_=<>~]+|\s+|.", re.S)
_NO_LINE_START = set("，。、；：？！）》」』”’%．,.;:)]")
_NO_LINE_END = set("（《「『“‘([")


def sw(s, font, size):
    return pdfmetrics.stringWidth(s, font, size)


def wrap(text, maxw, font, size):
    """Greedy wrap: CJK breaks anywhere, ASCII runs stay whole unless longer than a line.
    Simple kinsoku: closing punctuation hangs at the end of the previous line."""
    out = []
    for para in (text or "").split("\n"):
        toks = []
        for t in _TOKEN.findall(para):
            if sw(t, font, size) > maxw and len(t) > 1:
                toks.extend(t)  # too long: break by character
            else:
                toks.append(t)
        line = ""
        for t in toks:
            cand = line + t
            if line and sw(cand.rstrip(), font, size) > maxw + 0.01:
                if t[0] in _NO_LINE_START:
                    out.append(cand)  # hang the punctuation
                    line = ""
                    continue
                if line[-1] in _NO_LINE_END and len(line) > 1:
                    out.append(line[:-1])
                    line = line[-1] + t.lstrip()
                    continue
                out.append(line.rstrip())
                line = t.lstrip()
            else:
                line = cand
        out.append(line.rstrip())
    # drop trailing empty lines from wrapping but keep explicit blank paragraphs in the middle
    while len(out) > 1 and out[-1] == "":
        out.pop()
    return out


# --------------------------------------------------------------------------- page model


class Page:
    """A page as a list of drawing ops; rendered after all pages exist (for 第 x 页 共 n 页)."""

    def __init__(self):
        self.ops = []

    def text(self, x, y, s, font, size):
        if s:
            self.ops.append(("text", x, y, s, font, size))

    def seg(self, x0, y0, x1, y1, w=0.5):
        self.ops.append(("seg", x0, y0, x1, y1, w))


def draw_segments(c, segs, rules):
    """rules: 'stroke' (merged collinear lines, m/l/S), 'fill' (one thin filled rectangle per
    cell edge, re f), 'none'."""
    if rules == "none":
        return
    if rules == "fill":
        c.setFillGray(0)
        for x0, y0, x1, y1, w in segs:
            t = max(w, 0.5)
            if abs(y0 - y1) < 0.01:  # horizontal
                a, b = sorted((x0, x1))
                c.rect(a - t / 2, y0 - t / 2, b - a + t, t, stroke=0, fill=1)
            else:
                a, b = sorted((y0, y1))
                c.rect(x0 - t / 2, a - t / 2, t, b - a + t, stroke=0, fill=1)
        return
    # stroke: merge collinear, touching/overlapping pieces of equal width
    groups = {}
    for x0, y0, x1, y1, w in segs:
        if abs(y0 - y1) < 0.01:
            key = ("h", round(y0, 2), w)
            a, b = sorted((x0, x1))
        else:
            key = ("v", round(x0, 2), w)
            a, b = sorted((y0, y1))
        groups.setdefault(key, []).append((a, b))
    c.setStrokeGray(0)
    for (d, pos, w), iv in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])):
        iv.sort()
        merged = []
        for a, b in iv:
            if merged and a <= merged[-1][1] + 0.01:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        c.setLineWidth(w)
        for a, b in merged:
            if d == "h":
                c.line(a, pos, b, pos)
            else:
                c.line(pos, a, pos, b)


def render_pages(path, pages, style):
    c = rl_canvas.Canvas(path, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(style.get("pdf_title", ""))
    c.setAuthor("")
    c.setCreator("jixiao scripts/pdfgen/make_pdfs.py")
    c.setProducer("ReportLab")
    n = len(pages)
    fnt = font_name(style["font"])
    for i, p in enumerate(pages, 1):
        segs = [op[1:] for op in p.ops if op[0] == "seg"]
        draw_segments(c, segs, style["rules"] if not getattr(p, "force_rules", None) else p.force_rules)
        c.setFillGray(0)
        for op in p.ops:
            if op[0] == "text":
                _, x, y, s, f, size = op
                c.setFont(f, size)
                c.drawString(x, y, s)
        if style.get("page_numbers", True):
            s = style.get("page_number_format", "第 {p} 页 共 {n} 页").format(p=i, n=n)
            c.setFont(fnt, 9)
            c.drawString(PAGE_W / 2 - sw(s, fnt, 9) / 2, 28, s)
        c.showPage()
    c.save()


# --------------------------------------------------------------------------- the form table


class Cell:
    def __init__(self, x0, x1, r0, r1, text, align="center", valign="middle", role=""):
        self.x0, self.x1, self.r0, self.r1 = x0, x1, r0, r1
        self.text, self.align, self.valign, self.role = text, align, valign, role
        self.lines = []


FUND_LABELS = [
    ("project_total", "项目资金总额", "annual_total", "年度资金申请总额"),
    ("project_fiscal", "其中：财政资金", "annual_current_fiscal", "其中：当年财政拨款"),
    (None, "", "annual_carryover", "上年结转资金"),
    ("project_other", "其他资金", "annual_other", "其他资金"),
]


def build_table(form, st):
    """Return (rows, cells, header_row_index, indicator_row_of) for one form."""
    fnt, fs, pad = st["fnt"], st["fs"], st["padx"]
    W = st["table_w"]
    lw = st["label_w"]
    p1 = lw + max(st["l1_w"], sw("其中：财政资金", fnt, fs) + 2 * pad + 2)
    q = sw("其中：当年财政拨款", fnt, fs) + 2 * pad + 2
    m = max(p1 + 110, round(W / 2))
    xi = [0, lw, lw + st["l1_w"], lw + st["l1_w"] + st["l2_w"], W - st["tgt_w"], W]
    cells, rows = [], []  # rows: dict(kind, keep_with_next, splittable)

    def row(kind, keep=False, split=True):
        rows.append({"kind": kind, "keep": keep, "split": split})
        return len(rows) - 1

    va = st.get("value_align", "left")
    if form.get("project_nature"):
        r = row("info")
        cells += [Cell(0, p1, r, r + 1, "项目名称"), Cell(p1, W, r, r + 1, form["project_name"], va)]
        r = row("info")
        cells += [Cell(0, p1, r, r + 1, "项目性质"), Cell(p1, m, r, r + 1, form["project_nature"], va),
                  Cell(m, m + q, r, r + 1, "项目类别"), Cell(m + q, W, r, r + 1, form["project_category"], va)]
    else:
        r = row("info")
        cells += [Cell(0, p1, r, r + 1, "项目名称"), Cell(p1, m, r, r + 1, form["project_name"], va),
                  Cell(m, m + q, r, r + 1, "项目类别"), Cell(m + q, W, r, r + 1, form["project_category"], va)]
    for a, b, c_, d in (("主管部门", "department", "实施单位", "implementing_unit"),
                        ("计划开始日期", "planned_start", "计划完成日期", "planned_end")):
        r = row("info")
        cells += [Cell(0, p1, r, r + 1, a), Cell(p1, m, r, r + 1, form[b], va),
                  Cell(m, m + q, r, r + 1, c_), Cell(m + q, W, r, r + 1, form[d], va)]
    # funding block
    fr0 = len(rows)
    amt_align = st.get("amount_align", "right")
    for lk, ll, rk, rl in FUND_LABELS:
        r = row("fund", keep=True, split=False)
        cells += [Cell(lw, p1, r, r + 1, ll), Cell(p1, m, r, r + 1, form["funding"].get(lk, "") if lk else "", amt_align),
                  Cell(m, m + q, r, r + 1, rl), Cell(m + q, W, r, r + 1, form["funding"].get(rk, ""), amt_align)]
    rows[-1]["keep"] = False
    cells.append(Cell(0, lw, fr0, fr0 + 4, st.get("fund_label", "项目资金（元）"), role="merged"))
    # goals block
    g0 = row("goal_hdr", keep=True, split=False)
    cells += [Cell(lw, m, g0, g0 + 1, form.get("overall_goal_label", "项目总目标")),
              Cell(m, W, g0, g0 + 1, form.get("annual_goal_label", "年度总目标"))]
    g1 = row("goal_period", keep=True, split=False)
    cells += [Cell(lw, m, g1, g1 + 1, form.get("goal_period", "")), Cell(m, W, g1, g1 + 1, "")]
    g2 = row("goal_text", split=True)
    cells += [Cell(lw, m, g2, g2 + 1, form.get("overall_goal", ""), "left"),
              Cell(m, W, g2, g2 + 1, form.get("annual_goal", ""), "left")]
    cells.append(Cell(0, lw, g0, g2 + 1, "项目绩效目标", role="merged"))
    # indicator block
    h = row("ind_hdr", keep=True, split=False)
    hdr_cells = [Cell(xi[1], xi[2], h, h + 1, "一级指标"), Cell(xi[2], xi[3], h, h + 1, "二级指标"),
                 Cell(xi[3], xi[4], h, h + 1, "三级指标"),
                 Cell(xi[4], xi[5], h, h + 1, form.get("target_header", "指标目标值"))]
    for hc in hdr_cells:
        hc.role = "header"
    cells += hdr_cells
    inds = form["indicators"]
    first = len(rows)
    ind_row = {}
    for k, ind in enumerate(inds):
        r = row("ind", split=True)
        ind_row[k] = r
        cells += [Cell(xi[3], xi[4], r, r + 1, ind["level3"], st.get("l3_align", "left")),
                  Cell(xi[4], xi[5], r, r + 1, ind["target"], st.get("tgt_align", "center"))]

    def runs(keyf, lo, hi):
        k = lo
        while k < hi:
            j = k
            while j + 1 < hi and keyf(j + 1) == keyf(k):
                j += 1
            yield k, j + 1
            k = j + 1

    for a, b in runs(lambda k: inds[k]["level1"], 0, len(inds)):
        cells.append(Cell(xi[1], xi[2], first + a, first + b, inds[a]["level1"] or "", role="merged"))
        for c2, d2 in runs(lambda k: inds[k]["level2"], a, b):
            cells.append(Cell(xi[2], xi[3], first + c2, first + d2, inds[c2]["level2"] or "", role="merged"))
    cells.append(Cell(0, lw, h, len(rows), "绩效指标", role="merged"))
    return rows, cells, h, hdr_cells, ind_row


def layout_form(form, st, split_target=None):
    """Lay one form out on new pages. Returns list of Page."""
    fnt, fs = st["fnt"], st["fs"]
    lead, padx, pady = fs * st["leading"], st["padx"], st["pady"]
    rows, cells, hrow, hdr_cells, ind_row = build_table(form, st)
    n = len(rows)
    # wrap and size
    heights = [st["min_row_h"]] * n
    for c in cells:
        c.lines = wrap(c.text, c.x1 - c.x0 - 2 * padx, fnt, fs)
        c.need = len(c.lines) * lead + 2 * pady
    for c in sorted(cells, key=lambda c: c.r1 - c.r0):
        have = sum(heights[c.r0:c.r1])
        if c.need > have + 0.01:
            add = (c.need - have) / (c.r1 - c.r0)
            for r in range(c.r0, c.r1):
                heights[r] += add
    left = (PAGE_W - st["table_w"]) / 2
    top = PAGE_H - st["margin_top"]
    title_y = top - st["title_fs"]
    year_y = title_y - st["title_fs"] * 0.6 - 16
    table_top_first = year_y - 14
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
                if rows[j]["split"] and st["allow_row_split"]:  # only the first line of the follower must fit
                    need = sum(hs[r:j]) + 2 * pady + lead
            at_top = abs(v - s["v0"]) < 0.01
            if hs[r] <= avail + 0.01 and (need <= avail + 0.01 or at_top):
                v += hs[r]
                r += 1
                continue
            if hs[r] <= avail + 0.01:  # fits, but what must stay with it does not: break before it
                s["v1"] = v
                rep = hdr_h if (st["repeat_header"] and v > sum(hs[:hrow]) + 0.01) else 0.0
                segs.append({"v0": v, "y": top, "hdr": rep, "bottom": st["margin_bottom"]})
                continue
            # does not fit
            rowcells = [c for c in cells if c.r0 == r and c.r1 == r + 1]
            maxl = max([len(c.lines) for c in rowcells] or [1])
            k = int((avail - pady) // lead)
            if st["allow_row_split"] and rows[r]["split"] and 1 <= k < maxl:
                vb = v + pady + k * lead
                hs[r] += lead  # a split row grows (centred short cells are pushed past the break)
                splits.append((r, k))
                s["v1"] = vb
            elif v == s["v0"]:
                # taller than a page: split anyway
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
            # remainder of the split row goes on the new page
            v_end = v + hs[r]
            v = v_end
            r += 1
        segs[-1]["v1"] = v
        return segs, hs, splits

    bottom = st["margin_bottom"]
    if split_target:
        tr = ind_row[[i["level3"] for i in form["indicators"]].index(split_target)]
        for b10 in range(int(st["margin_bottom"] * 10), 3000, 5):
            segs, hs, splits = paginate(b10 / 10)
            if splits and splits[0] == (tr, 1):
                bottom = b10 / 10
                break
        else:
            raise RuntimeError("could not split row %r" % split_target)
    segs, hs, splits = paginate(bottom)
    rtop = [0.0]
    for h in hs:
        rtop.append(rtop[-1] + h)

    pages = []
    for s in segs:
        p = Page()
        pages.append(p)
    # title block on the first page
    p0 = pages[0]
    tfs = st["title_fs"]
    title = form.get("title", "财政项目支出绩效目标申报表")
    p0.text(PAGE_W / 2 - sw(title, fnt, tfs) / 2, title_y, title, fnt, tfs)
    yl = form.get("year_line") or "（%s年度）" % form["fiscal_year"]
    p0.text(PAGE_W / 2 - sw(yl, fnt, 12) / 2, year_y, yl, fnt, 12)

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
                    ya = s["y"]  # merged label continues beside the repeated header
                parts.append((i, a, b, ya, yb, cont_top, b < cv1 - 0.01))
        # rulings
        for i, a, b, ya, yb, cont_top, cont_bot in parts:
            p = pages[i]
            x0, x1 = left + c.x0, left + c.x1
            p.seg(x0, ya, x0, yb)
            p.seg(x1, ya, x1, yb)
            if not cont_top or st["close_at_break"]:
                p.seg(x0, ya, x1, ya)
            if not cont_bot or st["close_at_break"]:
                p.seg(x0, yb, x1, yb)
        # text
        if not c.lines or not any(c.lines):
            continue
        nl = len(c.lines)
        bh = nl * lead
        placed = []  # (page index, top y of line)
        mode = "center"
        if len(parts) > 1:
            mode = "flow" if (st["merged_text"] == "flow" or c.r1 - c.r0 == 1) else "larger"
            if mode == "larger":
                best = max(parts, key=lambda t: t[3] - t[4])
                if best[3] - best[4] < bh:
                    mode = "flow"
        if mode == "center" or mode == "larger":
            i, a, b, ya, yb, _, _ = parts[0] if mode == "center" else max(parts, key=lambda t: t[3] - t[4])
            if c.valign == "top":
                t0 = ya - pady
            else:
                t0 = (ya + yb) / 2 + bh / 2
            placed = [(i, t0 - k * lead) for k in range(nl)]
        else:
            vt = cv0 + ((cv1 - cv0) - bh) / 2 if c.valign != "top" else cv0 + pady
            if c.r1 - c.r0 == 1 and len(parts) > 1:
                # split row: tallest cell starts at the top padding so its lines meet the break
                vt = cv0 + pady + (max(len(x.lines) for x in cells if x.r0 == c.r0 and x.r1 == c.r1) - nl) * lead / 2
            push = 0.0
            for k in range(nl):
                lt = vt + k * lead + push
                done = False
                for i, a, b, ya, yb, _, _ in parts:
                    if lt >= b - 0.01:
                        continue
                    if lt + lead > b + 0.01 and i != parts[-1][0]:
                        push += b - lt  # a line straddling the break moves to the next page
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
                x = left + c.x1 - padx - sw(s_, fnt, fs)
            else:
                x = left + (c.x0 + c.x1) / 2 - sw(s_, fnt, fs) / 2
            pages[i].text(x, base, s_, fnt, fs)
    # repeated headers
    for i, s in enumerate(segs):
        if s["hdr"]:
            p = pages[i]
            ya, yb = s["y"], s["y"] - s["hdr"]
            for c in hdr_cells:
                x0, x1 = left + c.x0, left + c.x1
                for seg in ((x0, ya, x1, ya), (x0, yb, x1, yb), (x0, ya, x0, yb), (x1, ya, x1, yb)):
                    p.seg(*seg)
                t0 = (ya + yb) / 2 + lead / 2
                p.text(left + (c.x0 + c.x1) / 2 - sw(c.lines[0], fnt, fs) / 2,
                       t0 - (lead - fs) / 2 - fs * 0.86, c.lines[0], fnt, fs)
    if st.get("outer_w"):
        # thicker outer frame per page (drawn as extra segments of larger width)
        for i, s in enumerate(segs):
            ya = s["y"] if i else table_top_first
            yb = phys(s, s["v1"])
            x0, x1 = left, left + st["table_w"]
            p = pages[i]
            p.seg(x0, ya, x1, ya, st["outer_w"]) if (i == 0 or st["close_at_break"] or s["hdr"]) else None
            p.seg(x0, yb, x1, yb, st["outer_w"]) if (i == len(segs) - 1 or st["close_at_break"]) else None
            p.seg(x0, ya, x0, yb, st["outer_w"])
            p.seg(x1, ya, x1, yb, st["outer_w"])
    layout_form.last_splits = splits
    # where each indicator row landed (0-based page offsets within this form), for expected.json
    ind_pages, split_rows = [], []
    for k, ind in enumerate(form["indicators"]):
        r = ind_row[k]
        on = [i for i, s in enumerate(segs) if rtop[r] < s["v1"] - 0.01 and rtop[r + 1] > s["v0"] + 0.01]
        ind_pages.append([on[0], on[-1]])
        if len(on) > 1:
            split_rows.append(ind["level3"])
    layout_form.last_info = {"indicator_pages": ind_pages, "split_rows": split_rows,
                             "header_repeated_on_continuation_pages": bool(st["repeat_header"]) and len(segs) > 1}
    return pages


# --------------------------------------------------------------------------- prose pages

PROSE = {
    "budget_intro": {
        "heading": "2022年度上海市某区卫生健康委员会部门预算编制说明",
        "paras": [
            "一、部门主要职能",
            "区卫生健康委员会贯彻落实党中央关于卫生健康工作的方针政策和决策部署，在履行职责过程中坚持和加强党对卫生健康工作的集中统一领导。主要职能是：贯彻执行国家、本市有关卫生健康工作的法律、法规、规章和方针政策；统筹规划本区卫生健康资源配置，指导区域卫生健康规划的编制和实施；协调推进深化医药卫生体制改革；制定并组织落实疾病预防控制规划、免疫规划以及严重危害人民健康公共卫生问题的干预措施；组织开展老年健康服务体系建设和医养结合工作。",
            "二、部门机构设置及预算单位构成",
            "区卫生健康委员会部门预算由本级预算和所属事业单位预算组成。纳入2022年度部门预算编制范围的单位共计24家，其中：行政单位1家，参照公务员法管理的事业单位2家，其他事业单位21家，包括区疾病预防控制中心、区妇幼保健所、区卫生健康监督所以及区内各社区卫生服务中心。",
            "三、2022年度部门预算情况说明",
            "2022年度本部门收入预算合计286,451.37万元，其中：财政拨款收入142,385.60万元，比2021年预算增加6,215.12万元，主要原因是新冠肺炎疫情常态化防控经费增加；事业收入139,872.45万元；其他收入4,193.32万元。支出预算合计286,451.37万元，其中：基本支出201,336.08万元，项目支出85,115.29万元。",
            "财政拨款支出主要内容如下：一般公共服务支出（类）中的行政运行（项）支出1,285.46万元，主要用于保障机关正常运转的人员经费和日常公用经费；卫生健康支出（类）中的基层医疗卫生机构（款）支出52,368.20万元，主要用于社区卫生服务中心人员经费、基本公共卫生服务和家庭医生签约服务等；公共卫生（款）支出23,901.44万元，主要用于疾病预防控制、妇幼卫生、突发公共卫生事件应急处理等。",
        ],
    },
    "budget_more": {
        "heading": "四、财政拨款“三公”经费预算情况说明",
        "paras": [
            "2022年度本部门“三公”经费财政拨款预算数为46.80万元，比2021年预算减少3.25万元。其中：因公出国（境）费0万元；公务接待费4.60万元，比上年减少0.40万元，主要原因是严格执行公务接待标准，压减接待批次；公务用车购置及运行费42.20万元，其中公务用车购置费0万元，公务用车运行费42.20万元，比上年减少2.85万元。",
            "五、政府采购预算情况",
            "2022年度本部门政府采购预算总额为18,362.55万元，其中：货物类12,104.30万元，工程类2,860.00万元，服务类3,398.25万元。",
            "六、绩效目标设置情况",
            "按照本区预算绩效管理工作要求，2022年度本部门项目支出均编报了绩效目标，涉及项目资金85,115.29万元。以下选取部分重点项目的绩效目标申报表予以公开，绩效目标设置遵循指向明确、细化量化、合理可行、相应匹配的原则。",
        ],
        "table": "income_expense",
    },
    "budget_between": {
        "heading": "七、其他重要事项的情况说明",
        "paras": [
            "（一）机关运行经费。2022年度本部门机关运行经费预算为312.68万元，比上年预算减少15.40万元，主要原因是进一步落实过紧日子要求，压减一般性支出。",
            "（二）国有资产占有使用情况。截至2021年12月31日，本部门共有车辆38辆，其中：一般公务用车4辆，执法执勤用车6辆，特种专业技术用车26辆，其他用车2辆；单位价值50万元以上通用设备112台（套），单位价值100万元以上专用设备64台（套）。",
            "（三）国有资本经营预算支出。注：本年度无国有资本经营预算支出，故本部门无相关数据。",
            "（四）名词解释。财政拨款收入：指区级财政当年拨付的资金。事业收入：指事业单位开展专业业务活动及其辅助活动所取得的收入。基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
        ],
    },
    "not_a_form": {
        "heading": "2023年度上海市某区文化和旅游局部门预算编制说明",
        "paras": [
            "一、主要职能",
            "区文化和旅游局贯彻落实党中央关于文化和旅游工作的方针政策和决策部署，统筹规划本区文化事业、文化产业和旅游业发展，推进文化和旅游融合发展，负责公共文化服务体系建设，指导、管理文艺事业和文物保护工作。",
            "二、收支预算总体情况",
            "2023年度本部门收入预算合计18,652.40万元，其中：财政拨款收入17,930.15万元，事业收入502.25万元，其他收入220.00万元。支出预算合计18,652.40万元，其中：基本支出9,846.72万元，项目支出8,805.68万元。与上年相比，收支预算各增加612.35万元，主要原因是公共文化设施运行维护经费增加。",
            "三、项目支出绩效目标情况",
            "2023年度本部门项目支出绩效目标已按要求随部门预算一并编报，重点项目的绩效目标申报表另行公开，本说明不再附列。项目绩效目标主要包括：全年举办群众文化活动不少于1200场，公共文化设施免费开放率100%，文物保护单位日常巡查覆盖率100%，群众对公共文化服务的满意度不低于90%。",
            "四、“三公”经费预算情况",
            "2023年度本部门“三公”经费财政拨款预算数为12.30万元，与上年持平。其中：因公出国（境）费0万元，公务接待费1.80万元，公务用车运行费10.50万元。",
        ],
    },
}

INCOME_EXPENSE = [
    ("收    入", "", "支    出", ""),
    ("项目", "预算数", "项目", "预算数"),
    ("一、财政拨款收入", "142,385.60", "一、一般公共服务支出", "1,285.46"),
    ("二、事业收入", "139,872.45", "二、社会保障和就业支出", "18,604.73"),
    ("三、事业单位经营收入", "", "三、卫生健康支出", "264,977.04"),
    ("四、其他收入", "4,193.32", "四、节能环保支出", "312.50"),
    ("", "", "五、城乡社区支出", "1,271.64"),
    ("本年收入合计", "286,451.37", "本年支出合计", "286,451.37"),
    ("上年结转结余", "0", "结转下年", "0"),
    ("收入总计", "286,451.37", "支出总计", "286,451.37"),
]


def layout_prose(key, st):
    fnt = st["fnt"]
    d = PROSE[key]
    p = Page()
    W = st["table_w"]
    left = (PAGE_W - W) / 2
    y = PAGE_H - st["margin_top"] - 16
    p.text(PAGE_W / 2 - sw(d["heading"], fnt, 15) / 2, y, d["heading"], fnt, 15)
    y -= 30
    fs, lead = 10.5, 10.5 * 1.6
    for para in d["paras"]:
        is_head = len(para) < 30 and re.match(r"^[一二三四五六七八九十]+、", para)
        txt = para if is_head else "\u3000\u3000" + para
        for ln in wrap(txt, W, fnt, fs):
            p.text(left, y, ln, fnt, fs)
            y -= lead
        y -= 4
    if d.get("table") == "income_expense":
        y -= 6
        t = "2022年度部门收支预算总表"
        p.text(PAGE_W / 2 - sw(t, fnt, 13) / 2, y, t, fnt, 13)
        y -= 18
        u = "单位：万元"
        p.text(left + W - sw(u, fnt, 9), y, u, fnt, 9)
        y -= 6
        cols = [0, 150, 247, 397, W]
        rh = 20
        for ri, rowv in enumerate(INCOME_EXPENSE):
            ya, yb = y - ri * rh, y - (ri + 1) * rh
            if ri == 0:
                spans = [(0, 2, rowv[0]), (2, 4, rowv[2])]
            else:
                spans = [(k, k + 1, rowv[k]) for k in range(4)]
            for a, b, txt in spans:
                x0, x1 = left + cols[a], left + cols[b]
                for sgm in ((x0, ya, x1, ya), (x0, yb, x1, yb), (x0, ya, x0, yb), (x1, ya, x1, yb)):
                    p.seg(*sgm)
                if txt:
                    if ri >= 2 and a in (1, 3):
                        x = x1 - 4 - sw(txt, fnt, 9)
                    elif ri >= 2:
                        x = x0 + 4
                    else:
                        x = (x0 + x1) / 2 - sw(txt, fnt, 9) / 2
                    p.text(x, (ya + yb) / 2 - 3.2, txt, fnt, 9)
    return [p]


# --------------------------------------------------------------------------- variants

BASE_STYLE = {
    "font": "stsong", "rules": "stroke", "fs": 9, "title_fs": 18, "leading": 1.35,
    "padx": 3.0, "pady": 3.0, "min_row_h": 18.0, "table_w": 495.0,
    "label_w": 18.0, "l1_w": 62.0, "l2_w": 80.0, "tgt_w": 110.0,
    "margin_top": 56.0, "margin_bottom": 56.0,
    "repeat_header": False, "close_at_break": False, "allow_row_split": False,
    "merged_text": "larger", "page_numbers": True, "outer_w": None,
}

SEED = "seed_2022_sibao"

VARIANTS = [
    {"name": "stsong_stroked",
     "exercises": "Non-embedded CID font STSong-Light (UniGB-UCS2-H); rulings stroked as merged lines "
                  "(0.5pt inner, 1.2pt outer frame); 2021 framework (成本指标 as 一级); table runs onto page 2 "
                  "without a repeated header, merged 一级/二级/绩效指标 cells left open at the page break, "
                  "merged-label text printed once in the larger part.",
     "style": {"font": "stsong", "rules": "stroke", "outer_w": 1.2},
     "parts": [("form", "invented_2024_greening", 0)]},
    {"name": "ttf_filled",
     "exercises": "Subset-embedded TrueType (AR PL UMing CN from uming.ttc, subfontIndex 0); every cell edge "
                  "painted as its own 0.5pt filled rectangle (re f, Word/WPS style, many short collinear pieces); "
                  "10.5pt text, 2-character-wide label column (项目/资金, 绩效/指标); header row repeated on "
                  "page 2 and the table closed with a rule at the break; 2015 framework, full-width and word operators.",
     "style": {"font": "uming", "rules": "fill", "fs": 10.5, "label_w": 28.0, "l1_w": 64.0, "l2_w": 86.0,
               "tgt_w": 118.0, "repeat_header": True, "close_at_break": True, "amount_align": "left"},
     "parts": [("form", "invented_2023_elderly_meals", 0)]},
    {"name": "split_row",
     "exercises": "Seed forms 2 and 3 (real data) in Word-like flow: rows may break across pages. "
                  "'日常安全巡逻和技防监控到' ends page 1 and '位率' (with its target =100%) starts page 2; "
                  "'告知单印制等各项宣传的及' / '时性' likewise in form 3; merged labels flow with the page, so a "
                  "二级 label (质量指标 / 时效指标) lands on page 2 while its group starts on page 1; no repeated "
                  "header, no rule at the break (open cells on both sides).",
     "style": {"font": "stsong", "rules": "stroke", "fs": 10.5, "label_w": 28.0, "l1_w": 60.0, "l2_w": 78.0,
               "tgt_w": 200.0, "allow_row_split": True, "merged_text": "flow",
               "leading": 1.25, "pady": 2.5, "margin_top": 40.0, "margin_bottom": 40.0},
     "l3_chars": 12,
     "parts": [("form", SEED, 1, {"split_target": "日常安全巡逻和技防监控到位率"}),
               ("form", SEED, 2, {"split_target": "告知单印制等各项宣传的及时性"})]},
    {"name": "borderless",
     "exercises": "Same content and geometry as stsong_stroked but with no rulings at all: text placed in "
                  "columns only (column detection must come from text positions).",
     "style": {"font": "stsong", "rules": "none"},
     "parts": [("form", "invented_2024_greening", 0)]},
    {"name": "borderless_2015",
     "exercises": "No rulings at all, 2015 framework (成本指标 as 二级 under 产出指标): embedded subset TrueType "
                  "(AR PL UMing CN) 10.5pt, 2-character-wide label column (绩效/指标 stacked two characters a "
                  "line), 一级/二级 labels "
                  "vertically centred in their groups (the 服务对象满意度指标 label wraps in its column), table "
                  "runs onto page 2 without a repeated header; merged-label text printed once in the larger part.",
     "style": {"font": "uming", "rules": "none", "fs": 10.5, "label_w": 28.0, "l1_w": 64.0, "l2_w": 86.0,
               "tgt_w": 118.0},
     "parts": [("form", "invented_2023_elderly_meals", 0)]},
    {"name": "in_longer_document",
     "exercises": "Forms embedded in a budget document: two prose pages (部门预算 explanation, an unrelated "
                  "bordered 收支总表 with amounts in 万元), form 1, a prose page, form 2 (2026-style form with "
                  "项目性质 row, 项目总体目标/年度总体目标 labels and 年度指标值 header). Embedded WenQuanYi Micro Hei, "
                  "stroked rulings, repeated header.",
     "style": {"font": "wqy", "rules": "stroke", "repeat_header": True},
     "parts": [("prose", "budget_intro"), ("prose", "budget_more"),
               ("form", "invented_2023_exam_sites", 0), ("prose", "budget_between"),
               ("form", "invented_2026_family_doctor", 0)]},
    {"name": "two_forms",
     "exercises": "Two forms in one PDF, each starting on a new page (seed form 1 — real data — and an invented "
                  "2021-framework form with 经济/社会/生态环境成本指标); STSong-Light, filled-rectangle rulings, "
                  "repeated header with the rule closed at the break.",
     "style": {"font": "stsong", "rules": "fill", "repeat_header": True, "close_at_break": True,
               "fs": 10.5, "label_w": 28.0, "l1_w": 64.0, "l2_w": 86.0, "tgt_w": 118.0},
     "parts": [("form", SEED, 0), ("form", "invented_2025_river", 0)]},
]

OPTIONAL = ["html_print", "scanned_ocr", "scanned_no_text"]


def load_spec(doc):
    with open(os.path.join(SPEC_DIR, doc + ".json"), encoding="utf-8") as f:
        return json.load(f)


def make_style(v):
    st = dict(BASE_STYLE)
    st.update(v.get("style", {}))
    st["fnt"] = font_name(st["font"])
    if v.get("l3_chars"):
        l3 = v["l3_chars"] * st["fs"] + 2 * st["padx"] + 1.0
        st["table_w"] = st["label_w"] + st["l1_w"] + st["l2_w"] + l3 + st["tgt_w"]
    return st


def build_document(v):
    st = make_style(v)
    pages, forms = [], []
    for part in v["parts"]:
        if part[0] == "prose":
            pages += layout_prose(part[1], st)
            continue
        doc, idx = part[1], part[2]
        opts = part[3] if len(part) > 3 else {}
        form = load_spec(doc)["forms"][idx]
        miss = missing_glyphs(st["font"], json.dumps(form, ensure_ascii=False))
        if miss:
            print("  warning: font %s lacks %s" % (st["font"], "".join(sorted(miss))), file=sys.stderr)
        fp = layout_form(form, st, opts.get("split_target"))
        first = len(pages) + 1
        pages += fp
        rec = {"source": "scripts/pdfgen/specs/%s.json#forms[%d]" % (doc, idx), "pages": [first, len(pages)]}
        rec.update(form)
        info = layout_form.last_info
        rec["layout"] = {
            "indicator_pages": [[first + a, first + b] for a, b in info["indicator_pages"]],
            "rows_split_across_pages": info["split_rows"],
            "header_repeated_on_continuation_pages": info["header_repeated_on_continuation_pages"],
        }
        forms.append(rec)
    return st, pages, forms


def write_expected(out, name, page_count, forms, exercises, extra=None):
    d = {
        "file": name + ".pdf",
        "page_count": page_count,
        "generator": "scripts/pdfgen/make_pdfs.py",
        "note": "Generator ground truth, not a golden: the forms drawn into the PDF (spec data as rendered) "
                "and the 1-based page range [first, last] each occupies.",
        "exercises": exercises,
        "forms": forms,
    }
    if extra:
        d.update(extra)
    with open(os.path.join(out, name + ".expected.json"), "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False, indent=1)
        f.write("\n")


def make_variant(v, out):
    st, pages, forms = build_document(v)
    st["pdf_title"] = forms[0]["project_name"] if forms else ""
    path = os.path.join(out, v["name"] + ".pdf")
    render_pages(path, pages, st)
    write_expected(out, v["name"], len(pages), forms, v["exercises"])
    return path, len(pages)


def make_not_a_form(out):
    st = make_style({"style": {"font": "stsong"}})
    pages = layout_prose("not_a_form", st)
    path = os.path.join(out, "not_a_form.pdf")
    st["pdf_title"] = PROSE["not_a_form"]["heading"]
    render_pages(path, pages, st)
    write_expected(out, "not_a_form", len(pages), [],
                   "A budget prose page that mentions 绩效目标 and indicator-like phrases but holds no form.",
                   {"expected_result": "no form found"})
    return path, len(pages)


# --------------------------------------------------------------------------- optional variants


def have(cmd):
    return shutil.which(cmd) is not None


def fix_dates(path):
    """Replace PDF date strings in place with a fixed value of the same length (keeps xref valid)."""
    with open(path, "rb") as f:
        data = f.read()

    def rep(m):
        s = m.group(2)
        fixed = b"D:20000101000000" + b"Z" * 40
        return m.group(1) + fixed[: len(s)]

    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\()([^)]*)", rep, data)
    data = re.sub(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)([^<]*)",
                  lambda m: m.group(1) + (b"2000-01-01T00:00:00" + b"Z" * 40)[: len(m.group(2))], data)
    with open(path, "wb") as f:
        f.write(data)


def html_escape(s):
    return (s or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def form_html(form):
    e = html_escape
    fnd = form["funding"]
    inds = form["indicators"]
    h = []
    h.append('<section class="form"><h1>%s</h1><p class="year">（%s年度）</p>' % (e(form["title"]), e(form["fiscal_year"])))
    h.append('<table><colgroup><col style="width:6%"><col style="width:15%"><col style="width:17%">'
             '<col style="width:14%"><col style="width:18%"><col style="width:30%"></colgroup>')
    h.append('<tr><td colspan="2" class="l">项目名称</td><td colspan="2">%s</td><td class="l">项目类别</td><td>%s</td></tr>'
             % (e(form["project_name"]), e(form["project_category"])))
    h.append('<tr><td colspan="2" class="l">主管部门</td><td colspan="2">%s</td><td class="l">实施单位</td><td>%s</td></tr>'
             % (e(form["department"]), e(form["implementing_unit"])))
    h.append('<tr><td colspan="2" class="l">计划开始日期</td><td colspan="2">%s</td><td class="l">计划完成日期</td><td>%s</td></tr>'
             % (e(form["planned_start"]), e(form["planned_end"])))
    for k, (lk, ll, rk, rl) in enumerate(FUND_LABELS):
        first = '<td rowspan="4" class="l v">项目资金（元）</td>' if k == 0 else ""
        h.append('<tr>%s<td class="l">%s</td><td colspan="2" class="n">%s</td><td class="l">%s</td><td class="n">%s</td></tr>'
                 % (first, ll, e(fnd.get(lk, "") if lk else ""), rl, e(fnd.get(rk, ""))))
    h.append('<tr><td rowspan="3" class="l v">项目绩效目标</td><td colspan="3" class="l">项目总目标</td><td colspan="2" class="l">年度总目标</td></tr>')
    h.append('<tr><td colspan="3" class="l">%s</td><td colspan="2"></td></tr>' % e(form["goal_period"]))
    h.append('<tr><td colspan="3" class="g">%s</td><td colspan="2" class="g">%s</td></tr></table>'
             % (e(form["overall_goal"]), e(form["annual_goal"])))
    # indicator table: header in <thead> so the browser repeats it on each page
    h.append('<table class="ind"><colgroup><col style="width:6%"><col style="width:15%"><col style="width:17%">'
             '<col style="width:32%"><col style="width:30%"></colgroup>')
    h.append('<thead><tr><td class="l v">绩效</td><td class="l">一级指标</td><td class="l">二级指标</td><td class="l">三级指标</td>'
             '<td class="l">%s</td></tr></thead><tbody>' % e(form.get("target_header", "指标目标值")))
    n = len(inds)
    for k, ind in enumerate(inds):
        tds = []
        if k == 0:
            tds.append('<td rowspan="%d" class="l v">指标</td>' % n)
        if k == 0 or inds[k - 1]["level1"] != ind["level1"]:
            span = 1
            while k + span < n and inds[k + span]["level1"] == ind["level1"]:
                span += 1
            tds.append('<td rowspan="%d" class="l">%s</td>' % (span, e(ind["level1"])))
        if k == 0 or inds[k - 1]["level1"] != ind["level1"] or inds[k - 1]["level2"] != ind["level2"]:
            span = 1
            while k + span < n and inds[k + span]["level2"] == ind["level2"] and inds[k + span]["level1"] == ind["level1"]:
                span += 1
            tds.append('<td rowspan="%d" class="l">%s</td>' % (span, e(ind["level2"])))
        tds.append('<td>%s</td><td class="l">%s</td>' % (e(ind["level3"]), e(ind["target"])))
        h.append("<tr>%s</tr>" % "".join(tds))
    h.append("</tbody></table></section>")
    return "\n".join(h)


HTML_HEAD = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>绩效目标申报表</title>
<style>
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
body { font-family: "WenQuanYi Micro Hei", "AR PL UMing CN", sans-serif; font-size: 10pt; margin: 0; }
h1 { text-align: center; font-size: 18pt; font-weight: normal; margin: 0 0 4pt 0; }
p.year { text-align: center; font-size: 12pt; margin: 0 0 8pt 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.ind { margin-top: -0.5pt; }
td { border: 0.75pt solid #000; padding: 3pt 4pt; vertical-align: middle; word-break: break-all; line-height: 1.35; }
td.l { text-align: center; }
td.n { text-align: right; }
td.v { padding: 3pt 2pt; }
td.g { text-align: justify; }
section.form + section.form { page-break-before: always; }
</style></head><body>
"""


def make_html_print(out, tmp):
    browser = next((b for b in ("chromium", "chromium-browser", "google-chrome") if have(b)), None)
    if not browser:
        return None, "chromium not installed"
    if not (have("pdfinfo") and have("pdftotext")):
        return None, "poppler-utils (pdfinfo/pdftotext) not installed"
    form = load_spec("invented_2024_library")["forms"][0]
    form2 = load_spec(SEED)["forms"][2]
    src = os.path.join(tmp, "forms.html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(HTML_HEAD + form_html(form) + "\n" + form_html(form2) + "\n</body></html>")
    path = os.path.join(out, "html_print.pdf")
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
           "--print-to-pdf-no-header", "--user-data-dir=" + os.path.join(tmp, "prof"),
           "--print-to-pdf=" + path, "file://" + src]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=180)
    if not os.path.exists(path):
        return None, "chromium failed: " + r.stderr.decode(errors="replace")[-500:]
    fix_dates(path)
    n = pdf_pages(path)
    ranges = find_form_pages(path, n, [form, form2])
    forms = []
    for (src_doc, idx, fm), rg in zip((("invented_2024_library", 0, form), (SEED, 2, form2)), ranges):
        rec = {"source": "scripts/pdfgen/specs/%s.json#forms[%d]" % (src_doc, idx), "pages": rg}
        rec.update(fm)
        forms.append(rec)
    write_expected(out, "html_print", n, forms,
                   "HTML table (rowspan/colspan, <thead> header repeated by the browser) printed by headless "
                   "Chromium (Skia/PDF producer, embedded CJK subset fonts, borders as filled paths); "
                   "the 绩效指标 label is split over the <thead> cell (绩效) and the body cell (指标); "
                   "no page numbers. Page ranges found with pdftotext.")
    return path, n


def pdf_pages(path):
    r = subprocess.run(["pdfinfo", path], stdout=subprocess.PIPE, text=True)
    return int(re.search(r"Pages:\s+(\d+)", r.stdout).group(1))


def find_form_pages(path, n, forms):
    """Page ranges of forms in a PDF whose layout we do not control (browser print): a form starts
    on the next page showing the form title and ends before the next form starts (or at the end)."""
    starts = []
    for p in range(1, n + 1):
        t = subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), path, "-"],
                           stdout=subprocess.PIPE, text=True).stdout
        if re.sub(r"\s+", "", forms[0]["title"]) in re.sub(r"\s+", "", t):
            starts.append(p)
    if len(starts) != len(forms):
        raise RuntimeError("expected %d form titles in %s, found them on pages %s" % (len(forms), path, starts))
    return [[s, (starts[k + 1] - 1 if k + 1 < len(starts) else n)] for k, s in enumerate(starts)]


def make_scans(out, tmp):
    """Rasterise a one-page generated form; OCR it with tesseract (image + invisible text layer)
    and also wrap the bare image in a PDF (no text layer)."""
    results = []
    if not (have("pdftoppm")):
        return [(None, "pdftoppm (poppler-utils) not installed")]
    v = {"name": "_scan_src", "style": {"font": "stsong", "rules": "stroke"},
         "parts": [("form", "invented_2024_library", 0)], "exercises": ""}
    st, pages, forms = build_document(v)
    st["page_numbers"] = True
    src = os.path.join(tmp, "scan_src.pdf")
    render_pages(src, pages, st)
    n = len(pages)
    prefix = os.path.join(tmp, "scan")
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", src, prefix], check=True)
    imgs = sorted(f for f in os.listdir(tmp) if f.startswith("scan") and f.endswith(".png"))
    imgs = [os.path.join(tmp, f) for f in imgs]
    # slight deterministic "scan" look: threshold to 1-bit (small files, CCITT/flate friendly)
    from PIL import Image
    bw = []
    for k, f in enumerate(imgs):
        im = Image.open(f).convert("L").point(lambda x: 255 if x > 160 else 0).convert("1")
        o = os.path.join(tmp, "bw-%d.png" % k)
        im.save(o, dpi=(150, 150))
        bw.append(o)
    for fm in forms:
        fm["pages"] = [1, n]
    # no text layer: reportlab, one image per page
    path = os.path.join(out, "scanned_no_text.pdf")
    c = rl_canvas.Canvas(path, pagesize=A4, invariant=1, pageCompression=1)
    c.setCreator("jixiao scripts/pdfgen/make_pdfs.py")
    from reportlab.lib.utils import ImageReader
    import io
    for f in bw:
        with open(f, "rb") as fh:  # from bytes, so the temp path does not leak into the PDF
            c.drawImage(ImageReader(io.BytesIO(fh.read())), 0, 0, PAGE_W, PAGE_H)
        c.showPage()
    c.save()
    write_expected(out, "scanned_no_text", n, copy.deepcopy(forms),
                   "Image-only PDF (1-bit 150 dpi raster of a generated stroked form), no text layer: an "
                   "extractor should report that the PDF has no text (needs OCR) rather than 'no form found'.",
                   {"text_layer": "none"})
    results.append((path, n))
    if not have("tesseract"):
        results.append((None, "tesseract not installed"))
        return results
    langs = subprocess.run(["tesseract", "--list-langs"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
    if "chi_sim" not in langs:
        results.append((None, "tesseract-ocr-chi-sim not installed"))
        return results
    lst = os.path.join(tmp, "imgs.txt")
    with open(lst, "w") as f:
        f.write("\n".join(bw) + "\n")
    base = os.path.join(tmp, "ocr")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    subprocess.run(["tesseract", lst, base, "-l", "chi_sim", "--dpi", "150", "pdf"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    path = os.path.join(out, "scanned_ocr.pdf")
    shutil.copy(base + ".pdf", path)
    fix_dates(path)
    write_expected(out, "scanned_ocr", n, copy.deepcopy(forms),
                   "Image PDF with tesseract's invisible OCR text layer (chi_sim, GlyphLessFont, render mode 3): "
                   "text is noisy OCR output, not the spec text; the spec below is what the image shows.",
                   {"text_layer": "ocr (tesseract chi_sim); text is approximate"})
    results.append((path, n))
    return results


# --------------------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--only", nargs="*", help="variant names to build")
    ap.add_argument("--skip-optional", action="store_true", help="skip html_print and the scans")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    want = lambda n: not a.only or n in a.only
    report = []
    for v in VARIANTS:
        if not want(v["name"]):
            continue
        if not font_available(v["style"].get("font", "stsong")):
            report.append("%-20s SKIPPED: font %s not installed" % (v["name"], v["style"]["font"]))
            continue
        path, n = make_variant(v, a.out)
        report.append("%-20s %d pages" % (v["name"], n))
    if want("not_a_form"):
        path, n = make_not_a_form(a.out)
        report.append("%-20s %d pages" % ("not_a_form", n))
    if not a.skip_optional:
        with tempfile.TemporaryDirectory() as tmp:
            if want("html_print"):
                path, n = make_html_print(a.out, tmp)
                report.append("%-20s %s" % ("html_print", ("%d pages" % n) if path else "SKIPPED: " + n))
            if want("scanned_ocr") or want("scanned_no_text"):
                for path, n in make_scans(a.out, tmp):
                    report.append("%-20s %s" % (os.path.basename(path or "scan"), ("%d pages" % n) if path else "SKIPPED: " + n))
    print("\n".join(report))


if __name__ == "__main__":
    main()
