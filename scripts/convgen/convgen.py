#!/usr/bin/env python3
"""Write 财政项目支出绩效目标申报表 forms in the output formats of OCR / document tools, with
generator ground truth (<name>.expected.json), for jixiao's converted-file readers.

Formats (--formats, comma separated; default all): mineru_md, mineru_content_list,
ppstructure_html, unstructured_html, azure_md, azure_json, textract_json, docling_html,
docling_md, docling_json, marker_md, excel_csv, xlsx, xls, ods, docx.
See README.md for the convention each one follows and the source it was checked against.

Usage:
  convgen.py --out DIR -n N --seed S [--formats a,b] [--no-malformed] [--not-a-form-share 0.08]
  convgen.py --samples            # curated set into samples/converted/
"""
import argparse
import copy
import csv
import hashlib
import html
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
import zipfile

sys.dont_write_bytecode = True  # never leave __pycache__ in scripts/pdfgen

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "scripts", "pdfgen"))
import stress as S  # noqa: E402  (recombine, all_forms; imports make_pdfs -> reportlab)
import model as D  # noqa: E402

M = S.M
GENERATOR = "scripts/convgen/convgen.py"
FORMATS = ["mineru_md", "mineru_content_list", "ppstructure_html", "unstructured_html", "azure_md",
           "azure_json", "textract_json", "docling_html", "docling_md", "docling_json", "marker_md",
           "excel_csv", "xlsx", "xls", "ods", "docx"]
EXT = {"mineru_md": ".md", "mineru_content_list": "_content_list.json", "ppstructure_html": ".html",
       "unstructured_html": ".json", "azure_md": ".md", "azure_json": ".json", "textract_json": ".json",
       "docling_html": ".html", "docling_md": ".md", "docling_json": ".json", "marker_md": ".md",
       "excel_csv": ".csv", "xlsx": ".xlsx", "xls": ".xls", "ods": ".ods", "docx": ".docx"}
# formats whose files carry page numbers (expected "pages" = [first, last]); others -> null
PAGED = {"mineru_content_list", "unstructured_html", "azure_md", "azure_json", "textract_json",
         "docling_json", "xlsx", "xls", "ods"}  # marker_md: only when paginated; csv: never


# --------------------------------------------------------------------------- documents


def make_forms(rng, pool, nforms=None):
    n = nforms or rng.choice([1, 1, 1, 2, 2, 3])
    forms = []
    for _ in range(n):
        f, _srcs, _s26 = S.recombine(rng, pool)
        f["_fund_label"] = rng.choice(["项目资金（元）", "项目资金（元）", "项目资金"])
        forms.append(f)
    return forms


def truth(form, pages):
    d = {k: copy.deepcopy(v) for k, v in form.items() if not k.startswith("_")}
    d["pages"] = pages
    return d


def page_number_text(fmt, p, n):
    return fmt.replace("{p}", str(p)).replace("{n}", str(n))


def build_doc(rng, forms, paginate_opts=None, prose=None):
    o = {
        "new_page_per_form": rng.random() < 0.6,
        "unit_line": [rng.choice([None, None, "单位：元", "单位：元"]) for _ in forms],
        "split_indicators": [rng.random() < 0.2 for _ in forms],
        "allow_row_split": rng.random() < 0.5,
        "prose_before": prose or [],
    }
    if paginate_opts:
        o.update(paginate_opts)
    doc = D.layout_document(rng, forms, o)
    doc["forms"] = forms
    doc["opts"] = o
    pn = rng.choice([None, None, "{p}", "- {p} -", "第 {p} 页", "第 {p} 页 共 {n} 页"])
    doc["page_number_format"] = pn
    doc["page_numbers"] = {p: page_number_text(pn, p, doc["pages"]) for p in range(1, doc["pages"] + 1)} if pn else {}
    return doc


def income_table():
    rows = M.INCOME_EXPENSE
    cells = []
    for r, rv in enumerate(rows):
        if r == 0:
            cells.append(D.Cell(r, 0, 1, 2, rv[0], "label", lines=[rv[0]]))
            cells.append(D.Cell(r, 2, 1, 2, rv[2], "label", lines=[rv[2]]))
        else:
            for c in range(4):
                cells.append(D.Cell(r, c, 1, 1, rv[c], "label" if c in (0, 2) else "value",
                                    lines=[rv[c]] if rv[c] else []))
    t = D.Table(len(rows), 4, cells, ["other"] * len(rows))
    t.widths = [150.0, 97.0, 150.0, 86.0]
    return t


def not_a_form_doc(rng):
    d = M.PROSE["not_a_form"]
    prose = [("title", d["heading"])] + [("para", p) for p in d["paras"]]
    if rng.random() < 0.7:
        d2 = M.PROSE["budget_more"]
        prose += [("title", d2["heading"])] + [("para", p) for p in d2["paras"]]
        prose += [("title", "2022年度部门收支预算总表"), ("para", "单位：万元"), ("table", income_table())]
    doc = build_doc(rng, [], prose=prose)
    return doc


def merge_fragments(blocks):
    """Cross-page continuation tables merged into their predecessor (rows appended)."""
    out = []
    for b in blocks:
        if b["type"] == "table" and b["table"].cont and out:
            prev = next((x for x in reversed(out) if x["type"] == "table"), None)
            if prev is not None and prev["table"].ncols == b["table"].ncols:
                a, t = prev["table"], b["table"]
                cells = [c.copy() for c in a.cells]
                for c in t.cells:
                    x = c.copy()
                    x.r += a.nrows
                    cells.append(x)
                m = D.Table(a.nrows + t.nrows, a.ncols, cells, a.row_kind + t.row_kind, a.col0)
                m.widths, m.page, m.form_index = a.widths, a.page, a.form_index
                m.last_page = b["page"]
                nb = dict(prev)
                nb["table"] = m
                nb["page_last"] = b["page"]
                out[out.index(prev)] = nb
                continue
        out.append(b)
    return out


def header_rows(t, mode):
    """Rows a tool marks as column header: 'ind' (the 一级指标 header row), 'first', 'none'."""
    if mode == "none":
        return set()
    if mode == "first":
        return {0}
    return {r for r, k in enumerate(t.row_kind) if k == "ind_hdr"}


# --------------------------------------------------------------------------- HTML tables


def join_lines(cl, sep):
    return sep.join(cl.lines) if cl.lines else ""


def html_table(t, text_fn, span="gt1", order="rc", escape=False, head=None, cell_tag=None,
               sections=None, empty="<td></td>", nl=""):
    """Generic row-major HTML: span 'all' (rowspan=1 colspan=1 unquoted on every cell) or
    'gt1' (quoted, only > 1); order 'rc' or 'cr'; head: set of header rows (-> <th> in
    <thead> when sections='thead', else <th> in place); sections: None|'tbody'|'thead'."""
    head = head or set()
    rows = []
    for r in range(t.nrows):
        tds = []
        for cl in sorted((c for c in t.cells if c.r == r), key=lambda c: c.c):
            txt = text_fn(cl)
            if escape:
                txt = html.escape(txt, quote=False)
            tag = "th" if r in head else "td"
            if cell_tag:
                tag = cell_tag
            if span == "all":
                attrs = " rowspan=%d colspan=%d" % (cl.rs, cl.cs)
            else:
                parts = []
                for k in order:
                    if k == "r" and cl.rs > 1:
                        parts.append(' rowspan="%d"' % cl.rs)
                    if k == "c" and cl.cs > 1:
                        parts.append(' colspan="%d"' % cl.cs)
                attrs = "".join(parts)
            if not txt and not attrs and tag == "td" and empty != "<td></td>":
                tds.append(empty)
            else:
                tds.append("<%s%s>%s</%s>" % (tag, attrs, txt, tag))
        rows.append((r, "<tr>" + nl + nl.join(tds) + nl + "</tr>"))
    if sections == "thead" and head:
        h = [x for r, x in rows if r in head]
        b = [x for r, x in rows if r not in head]
        return "<table><thead>" + nl.join(h) + "</thead><tbody>" + nl.join(b) + "</tbody></table>"
    if sections in ("tbody", "thead"):
        return "<table><tbody>" + nl.join(x for _, x in rows) + "</tbody></table>"
    return "<table>" + nl + nl.join(x for _, x in rows) + nl + "</table>"


def bbox1000(y0, y1, x0=D.MARGIN_L, x1=D.MARGIN_L + D.TABLE_W):
    return [int(x0 * 1000 / D.PAGE_W), int(y0 * 1000 / D.PAGE_H), int(x1 * 1000 / D.PAGE_W), int(y1 * 1000 / D.PAGE_H)]


def block_xbox(b):
    if b["type"] == "title":
        w = D.text_w(b["text"]) * 18
    else:
        w = D.text_w(b["text"]) * 10.5
    w = min(w, D.TABLE_W)
    if b.get("role") in ("title", "year"):
        x0 = D.PAGE_W / 2 - w / 2
    elif b.get("role") == "unit":
        x0 = D.MARGIN_L + D.TABLE_W - w
    else:
        x0 = D.MARGIN_L
    return x0, x0 + w


# --------------------------------------------------------------------------- MinerU


def mineru_style(rng):
    st = rng.choice(["unet", "slanet", "vlm"])
    return dict({
        "table": st,
        "join": {"unet": "", "slanet": " ", "vlm": rng.choice(["", " "])}[st],
        "escape": st == "unet" and rng.random() < 0.5,
        "wrap": st in ("unet", "slanet") or rng.random() < 0.5,
        "latex": rng.random() < 0.5,
        "merge": rng.random() < 0.4,
        "year_as_title": rng.random() < 0.2,
    }, **FORCE.get("mineru", {}))


def mineru_table_html(t, st, rng):
    def txt(cl):
        s = join_lines(cl, st["join"])
        if st["latex"] and cl.c >= 4 and cl.role == "value" and t.row_kind[cl.r] == "ind" and rng.random() < 0.6:
            lx = D.latexify(cl.text)
            if lx:
                s = lx
        return s
    if st["table"] == "unet":
        body = html_table(t, txt, span="all", escape=st["escape"])
    else:
        body = html_table(t, txt, span="gt1", order="rc", escape=False)
    if st["wrap"]:
        body = "<html><body>" + body + "</body></html>"
    return body


def mineru_blocks(doc, st):
    blocks = doc["blocks"]
    if st["merge"]:
        blocks = merge_fragments(blocks)
    return blocks


def write_mineru_md(doc, rng, path):
    st = mineru_style(rng)
    parts = []
    for b in mineru_blocks(doc, st):
        if b["type"] == "table":
            parts.append(mineru_table_html(b["table"], st, rng))
        elif b["type"] == "title" or (b.get("role") == "year" and st["year_as_title"]):
            parts.append("# " + b["text"])
        else:
            parts.append(b["text"])
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n\n".join(parts) + "\n")
    return st, None


def write_mineru_content_list(doc, rng, path):
    st = mineru_style(rng)
    items = []
    name = os.path.basename(path)
    for i, b in enumerate(mineru_blocks(doc, st)):
        if b["type"] == "table":
            t = b["table"]
            h = hashlib.sha256(("%s/%d" % (name, i)).encode()).hexdigest()
            items.append({"type": "table", "img_path": "images/%s.jpg" % h, "table_caption": [], "table_footnote": [],
                          "table_body": mineru_table_html(t, st, rng), "bbox": bbox1000(b["y0"], b["y1"]),
                          "page_idx": b["page"] - 1})
        else:
            x0, x1 = block_xbox(b)
            it = {"type": "text", "text": b["text"]}
            if b["type"] == "title" or (b.get("role") == "year" and st["year_as_title"]):
                it["text_level"] = 1
            it["bbox"] = bbox1000(b["y0"], b["y1"], x0, x1)
            it["page_idx"] = b["page"] - 1
            items.append(it)
    if st["table"] == "vlm" and doc["page_numbers"]:  # VLM backend also outputs discarded blocks
        out = []
        for p in range(1, doc["pages"] + 1):
            out += [x for x in items if x["page_idx"] == p - 1]
            t = doc["page_numbers"][p]
            w = D.text_w(t) * 9
            out.append({"type": "page_number", "text": t,
                        "bbox": bbox1000(D.PAGE_H - 40, D.PAGE_H - 30, D.PAGE_W / 2 - w / 2, D.PAGE_W / 2 + w / 2),
                        "page_idx": p - 1})
        items = out
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(items, ensure_ascii=False, indent=4))
    return st, None


# --------------------------------------------------------------------------- PP-StructureV3


def write_ppstructure_html(doc, rng, path):
    """save_to_html: one file per table region holding only pred_html."""
    st = {"sections": rng.choice(["tbody", "tbody", "thead", None])}
    # the whole form table as one table region (a single page image in PP-StructureV3)
    tbl = D.build_tables(doc["forms"][0], False)[0]

    def txt(cl):
        return join_lines(cl, " ")
    head = {0} if st["sections"] == "thead" else set()
    body = html_table(tbl, txt, span="gt1", order="cr", escape=False, head=head, cell_tag="td",
                      sections=st["sections"])
    with open(path, "w", encoding="utf-8") as f:
        f.write("<html><body>" + body + "</body></html>")
    return st, None


# --------------------------------------------------------------------------- Unstructured


def et_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def tatr_html(t, head, empty_void):
    """unstructured_inference.models.tables.cells_to_html: <table><thead><tr><th>… for rows
    whose cells are column headers, <tbody> for the rest; colspan before rowspan, only > 1;
    ElementTree escaping; short_empty_elements=False (<td></td>) or lxml re-serialised (<td/>)."""
    hrows, brows = [], []
    for r in range(t.nrows):
        tag = "th" if r in head else "td"
        tds = []
        for cl in sorted((c for c in t.cells if c.r == r), key=lambda c: c.c):
            a = ""
            if cl.cs > 1:
                a += ' colspan="%d"' % cl.cs
            if cl.rs > 1:
                a += ' rowspan="%d"' % cl.rs
            txt = et_escape(join_lines(cl, " "))
            if not txt and empty_void:
                tds.append("<%s%s/>" % (tag, a))
            else:
                tds.append("<%s%s>%s</%s>" % (tag, a, txt, tag))
        (hrows if r in head else brows).append("<tr>" + "".join(tds) + "</tr>")
    out = "<table>"
    if hrows:
        out += "<thead>" + "".join(hrows) + "</thead>"
    out += "<tbody>" + "".join(brows) + "</tbody></table>"
    return out


def write_unstructured(doc, rng, path):
    st = {"json": rng.choice(["elements_to_json", "api"]), "header": rng.choice(["first", "first", "none"]),
          "void": rng.random() < 0.3, "languages": rng.choice([["zho"], ["chi_sim"], ["eng"]])}
    fname = os.path.splitext(os.path.basename(path))[0] + ".pdf"
    els = []
    seq = {}
    parent = None
    scale = 200 / 72.0
    for b in doc["blocks"]:
        p = b["page"]
        seq[p] = seq.get(p, -1) + 1
        if b["type"] == "table":
            t = b["table"]
            head = {0} if st["header"] == "first" else set()
            text = " ".join(join_lines(c, " ") for c in t.sorted_cells() if c.lines)
            typ = "Table"
            md = {"text_as_html": tatr_html(t, head, st["void"])}
            x0, x1 = D.MARGIN_L, D.MARGIN_L + D.TABLE_W
        else:
            text = b["text"]
            typ = "Title" if b["type"] == "title" else ("NarrativeText" if len(text) > 40 else "UncategorizedText")
            md = {}
            x0, x1 = block_xbox(b)
        eid = hashlib.sha256(("%s%s%s%d" % (fname, text, p, seq[p])).encode()).hexdigest()[:32]
        meta = {}
        if st["json"] == "elements_to_json":
            meta["coordinates"] = {"layout_height": 2339, "layout_width": 1654,
                                   "points": [[round(x0 * scale, 1), round(b["y0"] * scale, 1)], [round(x0 * scale, 1), round(b["y1"] * scale, 1)],
                                              [round(x1 * scale, 1), round(b["y1"] * scale, 1)], [round(x1 * scale, 1), round(b["y0"] * scale, 1)]],
                                   "system": "PixelSpace"}
            meta["detection_class_prob"] = round(0.6 + rng.random() * 0.39, 5)
            meta["file_directory"] = "/data/in"
            meta["filename"] = fname
        meta["filetype"] = "application/pdf"
        meta["languages"] = st["languages"]
        if st["json"] == "elements_to_json":
            meta["last_modified"] = "2024-05-20T09:31:12"
        meta["page_number"] = p
        if parent and typ != "Title":
            meta["parent_id"] = parent
        meta.update(md)
        if st["json"] == "api":
            meta["filename"] = fname
        els.append({"type": typ, "element_id": eid, "text": text, "metadata": meta})
        if typ == "Title":
            parent = eid
        # page number footer at the end of each page
    if doc["page_numbers"]:
        out, last = [], None
        for e in els:
            pg = e["metadata"]["page_number"]
            if last is not None and pg != last:
                out.append(_unst_pn(doc, last, fname, st))
            out.append(e)
            last = pg
        if last is not None:
            out.append(_unst_pn(doc, last, fname, st))
        els = out
    with open(path, "w", encoding="utf-8") as f:
        if st["json"] == "elements_to_json":
            f.write(json.dumps(els, indent=4, sort_keys=True))
        else:
            f.write(json.dumps(els, indent=2, ensure_ascii=False))
    return st, None


def _unst_pn(doc, p, fname, st):
    t = doc["page_numbers"][p]
    eid = hashlib.sha256(("%s%s%s%d" % (fname, t, p, 999)).encode()).hexdigest()[:32]
    meta = {"filetype": "application/pdf", "languages": st["languages"], "page_number": p}
    if st["json"] == "api":
        meta["filename"] = fname
    else:
        meta["filename"] = fname
    return {"type": "UncategorizedText" if not t.startswith("第") else "Footer", "element_id": eid, "text": t, "metadata": meta}


# --------------------------------------------------------------------------- Azure Document Intelligence


def inch_poly(x0, y0, x1, y1):
    f = lambda v: round(v / 72.0, 4)
    return [f(x0), f(y0), f(x1), f(y0), f(x1), f(y1), f(x0), f(y1)]


def azure_build(doc, rng, content_format):
    st = {"header": rng.choice(["ind", "first", "none"]), "cell_join": rng.choice(["", " "]),
          "content_format": content_format}
    content = []
    pos = [0]
    paragraphs, tables, pages = [], [], {}

    def emit(s):
        content.append(s)
        o = pos[0]
        pos[0] += len(s)
        return o

    def page_lines(p):
        return pages.setdefault(p, {"lines": [], "words": [], "start": pos[0]})

    def add_line(p, text, off, box):
        pg = page_lines(p)
        pg["lines"].append({"content": text, "polygon": inch_poly(*box), "spans": [{"offset": off, "length": len(text)}]})
        # words: CJK characters one word each, ASCII/digit runs as one word
        x = box[0]
        cw = (box[2] - box[0]) / max(D.text_w(text), 0.01)
        for m in re.finditer(r"[A-Za-z0-9.,%+\-=<>≥≤/:()]+|\S", text):
            w = m.group(0)
            wx0 = box[0] + D.text_w(text[:m.start()]) * cw
            wx1 = wx0 + D.text_w(w) * cw
            pg["words"].append({"content": w, "polygon": inch_poly(wx0, box[1], wx1, box[3]),
                                "confidence": round(0.9 + rng.random() * 0.099, 3),
                                "span": {"offset": off + m.start(), "length": len(w)}})
        del x

    md = content_format == "markdown"
    blocks = doc["blocks"]
    npages = doc["pages"]
    for p in range(1, npages + 1):
        page_lines(p)
        pages[p]["start"] = pos[0]
        for b in [x for x in blocks if x["page"] == p]:
            if b["type"] == "table":
                t = b["table"]
                head = header_rows(t, st["header"])
                cells = []
                tstart = None
                if md:
                    if content and not "".join(content[-2:]).endswith("\n\n\n"):
                        emit("\n")
                    tstart = emit("<table>\n")
                else:
                    tstart = pos[0]
                for r in range(t.nrows):
                    if md:
                        emit("<tr>\n")
                    for cl in sorted((c for c in t.cells if c.r == r), key=lambda c: c.c):
                        tag = "th" if r in head else "td"
                        if md:
                            txt = html.escape(join_lines(cl, st["cell_join"]), quote=False)
                            a = ""
                            if cl.rs > 1:
                                a += ' rowspan="%d"' % cl.rs
                            if cl.cs > 1:
                                a += ' colspan="%d"' % cl.cs
                            emit("<%s%s>" % (tag, a))
                            off = pos[0]
                            emit(txt)
                            emit("</%s>\n" % tag)
                        else:
                            txt = "\n".join(cl.lines)
                            off = pos[0]
                            if txt:
                                emit(txt + "\n")
                        x0, ya, x1, yb = D.cell_box(t, cl, b["y0"])
                        cell = {}
                        if r in head:
                            cell["kind"] = "columnHeader"
                        cell["rowIndex"] = cl.r
                        cell["columnIndex"] = cl.c
                        if cl.rs > 1:
                            cell["rowSpan"] = cl.rs
                        if cl.cs > 1:
                            cell["columnSpan"] = cl.cs
                        cell["content"] = txt
                        cell["boundingRegions"] = [{"pageNumber": p, "polygon": inch_poly(x0, ya, x1, yb)}]
                        cell["spans"] = [{"offset": off, "length": len(txt)}] if txt else []
                        if txt:
                            paragraphs.append({"spans": [{"offset": off, "length": len(txt)}],
                                               "boundingRegions": [{"pageNumber": p, "polygon": inch_poly(x0, ya, x1, yb)}],
                                               "content": txt})
                            cell["elements"] = ["/paragraphs/%d" % (len(paragraphs) - 1)]
                            lo = off
                            for ln, lx0, ly0, lx1, ly1 in D.line_boxes(t, cl, b["y0"]):
                                i = txt.find(html.escape(ln, quote=False) if md else ln, lo - off)
                                i = off + (i if i >= 0 else 0)
                                add_line(p, html.escape(ln, quote=False) if md else ln, i, (lx0, ly0, lx1, ly1))
                                lo = i + len(ln)
                        cells.append(cell)
                    if md:
                        emit("</tr>\n")
                if md:
                    emit("</table>\n\n")
                tables.append({"rowCount": t.nrows, "columnCount": t.ncols, "cells": cells,
                               "boundingRegions": [{"pageNumber": p, "polygon": inch_poly(D.MARGIN_L, b["y0"], D.MARGIN_L + D.TABLE_W, b["y1"])}],
                               "spans": [{"offset": tstart, "length": pos[0] - tstart}]})
            else:
                x0, x1 = block_xbox(b)
                prefix = ""
                if md and b["type"] == "title":
                    prefix = "# " if b.get("form") is not None or not paragraphs else "## "
                if md and content and b["type"] == "title":
                    emit("\n")
                start = emit(prefix)
                off = emit(b["text"])
                emit("\n\n" if md else "\n")
                para = {"spans": [{"offset": start if False else off, "length": len(b["text"])}],
                        "boundingRegions": [{"pageNumber": p, "polygon": inch_poly(x0, b["y0"], x1, b["y1"])}],
                        "content": b["text"]}
                if b["type"] == "title":
                    para = dict([("role", "title" if prefix.startswith("# ") or not md else "sectionHeading")] + list(para.items()))
                paragraphs.append(para)
                add_line(p, b["text"], off, (x0, b["y0"], x1, b["y1"]))
        if doc["page_numbers"]:
            t = doc["page_numbers"][p]
            w = D.text_w(t) * 9
            box = (D.PAGE_W / 2 - w / 2, D.PAGE_H - 40, D.PAGE_W / 2 + w / 2, D.PAGE_H - 30)
            if md:
                emit('<!-- PageNumber="')
                off = emit(t)
                emit('" -->\n')
            else:
                off = emit(t)
                emit("\n")
            paragraphs.append({"role": "pageNumber", "spans": [{"offset": off, "length": len(t)}],
                               "boundingRegions": [{"pageNumber": p, "polygon": inch_poly(*box)}], "content": t})
            add_line(p, t, off, box)
        if md and p < npages:
            emit("<!-- PageBreak -->\n\n")
        pages[p]["end"] = pos[0]
    text = "".join(content).rstrip("\n")
    page_list = []
    for p in range(1, npages + 1):
        pg = pages[p]
        page_list.append({"pageNumber": p, "angle": 0, "width": 8.2639, "height": 11.6944, "unit": "inch",
                          "words": pg["words"], "lines": pg["lines"],
                          "spans": [{"offset": pg["start"], "length": min(pg["end"], len(text)) - pg["start"]}]})
    ar = {"apiVersion": "2024-11-30", "modelId": "prebuilt-layout", "stringIndexType": "utf16CodeUnit",
          "content": text, "pages": page_list, "tables": tables, "paragraphs": paragraphs, "styles": [],
          "contentFormat": content_format,
          "sections": [{"spans": [{"offset": 0, "length": len(text)}],
                        "elements": ["/paragraphs/%d" % i for i, x in enumerate(paragraphs) if x.get("role") != "pageNumber" and "elements" not in x][:0]
                        + ["/paragraphs/%d" % i for i, x in enumerate(paragraphs) if x.get("role") in ("title", "sectionHeading")]
                        + ["/tables/%d" % i for i in range(len(tables))]}]}
    return st, text, ar


def write_azure_md(doc, rng, path):
    st, text, _ar = azure_build(doc, rng, "markdown")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return st, None


def write_azure_json(doc, rng, path):
    cf = rng.choice(["markdown", "markdown", "text"])
    st, _text, ar = azure_build(doc, rng, cf)
    st["envelope"] = rng.choice(["operation", "analyzeResult"])
    if st["envelope"] == "operation":
        out = {"status": "succeeded", "createdDateTime": "2025-03-14T02:11:07Z",
               "lastUpdatedDateTime": "2025-03-14T02:11:19Z", "analyzeResult": ar}
    else:
        out = ar
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=2)
    return st, None


# --------------------------------------------------------------------------- AWS Textract


def write_textract(doc, rng, path):
    st = {"header": rng.choice(["ind", "first", "none"]), "api": rng.choice(["GetDocumentAnalysis", "AnalyzeDocument"])}
    if doc["pages"] > 1:
        st["api"] = "GetDocumentAnalysis"
    rid = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))
    conf = lambda: round(90 + rng.random() * 9.9, 13)

    def geom(x0, y0, x1, y1):
        l, t, r, b = x0 / D.PAGE_W, y0 / D.PAGE_H, x1 / D.PAGE_W, y1 / D.PAGE_H
        return {"BoundingBox": {"Width": r - l, "Height": b - t, "Left": l, "Top": t},
                "Polygon": [{"X": l, "Y": t}, {"X": r, "Y": t}, {"X": r, "Y": b}, {"X": l, "Y": b}]}

    blocks = []
    for p in range(1, doc["pages"] + 1):
        page = {"BlockType": "PAGE", "Geometry": geom(0, 0, D.PAGE_W, D.PAGE_H), "Id": rid(),
                "Relationships": [{"Type": "CHILD", "Ids": []}], "Page": p}
        lines, words, tblocks = [], [], []

        def add_line(text, box):
            ids = []
            wl = []
            cw = (box[2] - box[0]) / max(D.text_w(text), 0.01)
            for m in re.finditer(r"\S+", text):
                w = m.group(0)
                wx0 = box[0] + D.text_w(text[:m.start()]) * cw
                wx1 = wx0 + D.text_w(w) * cw
                wb = {"BlockType": "WORD", "Confidence": conf(), "Text": w, "TextType": "PRINTED",
                      "Geometry": geom(wx0, box[1], wx1, box[3]), "Id": rid(), "Page": p}
                wb["_c"] = ((wx0 + wx1) / 2, (box[1] + box[3]) / 2)
                ids.append(wb["Id"])
                wl.append(wb)
            lines.append({"BlockType": "LINE", "Confidence": conf(), "Text": text, "Geometry": geom(*box), "Id": rid(),
                          "Relationships": [{"Type": "CHILD", "Ids": ids}], "Page": p})
            words.extend(wl)
            return wl

        for b in [x for x in doc["blocks"] if x["page"] == p]:
            if b["type"] != "table":
                x0, x1 = block_xbox(b)
                add_line(b["text"], (x0, b["y0"] + 3, x1, b["y1"] - 3))
                continue
            t = b["table"]
            head = header_rows(t, st["header"])
            xs = t.col_x()
            hs = t.row_heights()
            ys = [b["y0"]]
            for h in hs:
                ys.append(ys[-1] + h)
            grid_cells = {}
            cell_words = {}
            for cl in t.sorted_cells():
                for ln, lx0, ly0, lx1, ly1 in D.line_boxes(t, cl, b["y0"]):
                    for wb in add_line(ln, (lx0, ly0, lx1, ly1)):
                        cx, cy = wb["_c"]
                        rr = max(cl.r, min(cl.r + cl.rs - 1, max(i for i in range(t.nrows) if ys[i] <= cy)))
                        cc = max(cl.c, min(cl.c + cl.cs - 1, max(i for i in range(t.ncols) if xs[i] <= cx)))
                        cell_words.setdefault((rr, cc), []).append(wb["Id"])
            cells_out, merged_out = [], []
            for r in range(t.nrows):
                for c in range(t.ncols):
                    cb = {"BlockType": "CELL", "Confidence": conf(), "RowIndex": r + 1, "ColumnIndex": c + 1,
                          "RowSpan": 1, "ColumnSpan": 1, "Geometry": geom(xs[c], ys[r], xs[c + 1], ys[r + 1]), "Id": rid()}
                    if (r, c) in cell_words:
                        cb["Relationships"] = [{"Type": "CHILD", "Ids": cell_words[(r, c)]}]
                    if r in head:
                        cb["EntityTypes"] = ["COLUMN_HEADER"]
                    cb["Page"] = p
                    grid_cells[(r, c)] = cb
                    cells_out.append(cb)
            for cl in t.sorted_cells():
                if cl.rs > 1 or cl.cs > 1:
                    ids = [grid_cells[(r, c)]["Id"] for r in range(cl.r, cl.r + cl.rs) for c in range(cl.c, cl.c + cl.cs)]
                    mb = {"BlockType": "MERGED_CELL", "Confidence": conf(), "RowIndex": cl.r + 1, "ColumnIndex": cl.c + 1,
                          "RowSpan": cl.rs, "ColumnSpan": cl.cs,
                          "Geometry": geom(xs[cl.c], ys[cl.r], xs[cl.c + cl.cs], ys[cl.r + cl.rs]), "Id": rid(),
                          "Relationships": [{"Type": "CHILD", "Ids": ids}]}
                    if cl.r in head:
                        mb["EntityTypes"] = ["COLUMN_HEADER"]
                    mb["Page"] = p
                    merged_out.append(mb)
            rel = [{"Type": "CHILD", "Ids": [x["Id"] for x in cells_out]}]
            if merged_out:
                rel.append({"Type": "MERGED_CELL", "Ids": [x["Id"] for x in merged_out]})
            tb = {"BlockType": "TABLE", "Confidence": conf(), "Geometry": geom(xs[0], ys[0], xs[-1], ys[-1]), "Id": rid(),
                  "Relationships": rel, "EntityTypes": ["STRUCTURED_TABLE"], "Page": p}
            tblocks += [tb] + cells_out + merged_out
        if doc["page_numbers"]:
            t = doc["page_numbers"][p]
            w = D.text_w(t) * 9
            add_line(t, (D.PAGE_W / 2 - w / 2, D.PAGE_H - 40, D.PAGE_W / 2 + w / 2, D.PAGE_H - 30))
        page["Relationships"][0]["Ids"] = [x["Id"] for x in lines] + [x["Id"] for x in tblocks if x["BlockType"] == "TABLE"]
        for wb in words:
            wb.pop("_c", None)
        blocks += [page] + lines + words + tblocks
    out = {"DocumentMetadata": {"Pages": doc["pages"]}}
    if st["api"] == "GetDocumentAnalysis":
        out["JobStatus"] = "SUCCEEDED"
    out["Blocks"] = blocks
    out["AnalyzeDocumentModelVersion"] = "1.0"
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=rng.choice([None, 2, 4]))
    return st, None


# --------------------------------------------------------------------------- Docling


def docling_items(doc, rng):
    st = {"title": rng.choice(["title", "section_header"]), "header": rng.choice(["first", "first", "ind", "none"]),
          "merge": rng.random() < 0.2}
    blocks = merge_fragments(doc["blocks"]) if st["merge"] else doc["blocks"]
    return st, blocks


def docling_grid_texts(t):
    g = t.grid()
    return [[(join_lines(g[r][c], " ") if g[r][c] else "") for c in range(t.ncols)] for r in range(t.nrows)]


def docling_md_table(t, rng_compact, widechars):
    import tabulate as T
    rows = [[x.replace("\n", " ").replace("|", "&#124;") for x in row] for row in docling_grid_texts(t)]
    colalign = []
    if len(rows) > 1:
        for ci in range(len(rows[0])):
            vals = [row[ci] if ci < len(row) else "" for row in rows[1:]]
            ct = T._column_type(vals)
            colalign.append("right" if ct in (int, float) else "left")
    old = T.WIDE_CHARS_MODE
    T.WIDE_CHARS_MODE = widechars
    try:
        txt = T.tabulate(rows[1:], headers=rows[0], tablefmt="github", disable_numparse=True,
                         colalign=tuple(colalign) if colalign else None)
    finally:
        T.WIDE_CHARS_MODE = old
    if rng_compact:
        out = []
        for i, line in enumerate(txt.split("\n")):
            if not line:
                continue
            parts = line.split("|")[1:-1]
            if i == 1:
                cp = []
                for part in parts:
                    q = part.strip()
                    cp.append(":-:" if q.startswith(":") and q.endswith(":") else ":-" if q.startswith(":") else "-:" if q.endswith(":") else "-")
            else:
                cp = [x.strip() for x in parts]
            out.append("| " + " | ".join(cp) + " |")
        txt = "\n".join(out)
    return txt


def md_text_escape(s):
    return html.escape(re.sub(r"(?<!\\)_", r"\\_", s), quote=False)


def write_docling_md(doc, rng, path):
    st, blocks = docling_items(doc, rng)
    st["compact"] = rng.random() < 0.2
    st["widechars"] = rng.random() < 0.5
    parts = []
    for b in blocks:
        if b["type"] == "table":
            parts.append(docling_md_table(b["table"], st["compact"], st["widechars"]))
        elif b["type"] == "title":
            parts.append(("# " if st["title"] == "title" and b.get("form") is not None else "## ") + md_text_escape(b["text"]))
        else:
            parts.append(md_text_escape(b["text"]))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n\n".join(parts) + "\n")
    return st, None


DOCLING_STYLE = """    html {
        background-color: #e1e1e1;
        font-family: Arial, sans-serif;
        line-height: 1.6;
    }
    table {
        border-collapse: collapse;
        border: 0px solid #fff;
        width: 100%;
    }
    td {
        vertical-align: top;
    }
    .page {
        background-color: white;
        margin-top:15px;
        padding: 30px;
        border: 1px solid black;
        width:100%;
        max-width:1000px;
        box-shadow: 0 0 10px rgba(0,0,0,0.5);
    }
    .page table td {
        border: 1px solid #ddd;
        padding: 8px;
        text-align: left;
    }
    .page table th {
        border: 1px solid #ddd;
        padding: 8px;
        text-align: left;
        background-color: #f2f2f2;
        font-weight: bold;
    }
"""


def write_docling_html(doc, rng, path):
    st, blocks = docling_items(doc, rng)
    body = []
    for b in blocks:
        if b["type"] == "table":
            t = b["table"]
            head = header_rows(t, st["header"])
            rows = []
            for r in range(t.nrows):
                s = "<tr>"
                for cl in sorted((c for c in t.cells if c.r == r), key=lambda c: c.c):
                    tag = "th" if r in head else "td"
                    a = ""
                    if cl.rs > 1:
                        a += ' rowspan="%d"' % cl.rs
                    if cl.cs > 1:
                        a += ' colspan="%d"' % cl.cs
                    s += "<%s%s>%s</%s>" % (tag, a, html.escape(join_lines(cl, " ").strip()), tag)
                rows.append(s + "</tr>")
            body.append("<table><tbody>" + "".join(rows) + "</tbody></table>")
        elif b["type"] == "title":
            tag = "h1" if st["title"] == "title" and b.get("form") is not None else "h2"
            body.append("<%s>%s</%s>" % (tag, html.escape(b["text"]), tag))
        else:
            body.append("<p>%s</p>" % html.escape(b["text"]))
    name = os.path.splitext(os.path.basename(path))[0]
    out = ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"UTF-8\"/>\n<title>%s</title>\n"
           "<meta name=\"generator\" content=\"Docling HTML Serializer\"/>\n<style>\n%s</style>\n</head>\n<body>\n"
           "<div class='page'>\n%s\n</div>\n</body>\n</html>" % (html.escape(name), DOCLING_STYLE, "\n".join(body)))
    with open(path, "w", encoding="utf-8") as f:
        f.write(out)
    return st, None


def write_docling_json(doc, rng, path):
    st, blocks = docling_items(doc, rng)
    name = os.path.splitext(os.path.basename(path))[0]
    texts, tables, children = [], [], []

    def bl_bbox(x0, y0, x1, y1):  # BOTTOMLEFT like the PDF backend's text cells
        return {"l": round(x0, 2), "t": round(D.PAGE_H - y0, 2), "r": round(x1, 2), "b": round(D.PAGE_H - y1, 2), "coord_origin": "BOTTOMLEFT"}

    for b in blocks:
        if b["type"] == "table":
            t = b["table"]
            head = header_rows(t, st["header"])
            cdicts = {}
            tcs = []
            for cl in t.sorted_cells():
                x0, ya, x1, yb = D.cell_box(t, cl, b["y0"])
                d = {"bbox": {"l": round(x0, 2), "t": round(ya, 2), "r": round(x1, 2), "b": round(yb, 2), "coord_origin": "TOPLEFT"},
                     "row_span": cl.rs, "col_span": cl.cs, "start_row_offset_idx": cl.r, "end_row_offset_idx": cl.r + cl.rs,
                     "start_col_offset_idx": cl.c, "end_col_offset_idx": cl.c + cl.cs, "text": join_lines(cl, " "),
                     "column_header": cl.r in head, "row_header": False, "row_section": False, "fillable": False}
                cdicts[id(cl)] = d
                tcs.append(d)
            g = t.grid()
            grid = [[copy.deepcopy(cdicts[id(g[r][c])]) for c in range(t.ncols)] for r in range(t.nrows)]
            prov = [{"page_no": b["page"], "bbox": {"l": D.MARGIN_L, "t": round(D.PAGE_H - b["y0"], 2), "r": D.MARGIN_L + D.TABLE_W,
                                                     "b": round(D.PAGE_H - b["y1"] if not b.get("page_last") else D.MARGIN_B, 2), "coord_origin": "BOTTOMLEFT"},
                     "charspan": [0, 0]}]
            if b.get("page_last"):
                prov.append({"page_no": b["page_last"], "bbox": {"l": D.MARGIN_L, "t": D.PAGE_H - D.MARGIN_T, "r": D.MARGIN_L + D.TABLE_W,
                                                                  "b": 400.0, "coord_origin": "BOTTOMLEFT"}, "charspan": [0, 0]})
            ref = "#/tables/%d" % len(tables)
            tables.append({"self_ref": ref, "parent": {"$ref": "#/body"}, "children": [], "content_layer": "body",
                           "label": "table", "prov": prov, "captions": [], "references": [], "footnotes": [],
                           "data": {"table_cells": tcs, "num_rows": t.nrows, "num_cols": t.ncols, "orientation": "rot_0", "grid": grid},
                           "annotations": []})
            children.append({"$ref": ref})
        else:
            x0, x1 = block_xbox(b)
            ref = "#/texts/%d" % len(texts)
            lab = "text"
            if b["type"] == "title":
                lab = "title" if st["title"] == "title" and b.get("form") is not None else "section_header"
            it = {"self_ref": ref, "parent": {"$ref": "#/body"}, "children": [], "content_layer": "body", "label": lab,
                  "prov": [{"page_no": b["page"], "bbox": bl_bbox(x0, b["y0"], x1, b["y1"]), "charspan": [0, len(b["text"])]}],
                  "orig": b["text"], "text": b["text"]}
            if lab == "section_header":
                it["level"] = 1
            texts.append(it)
            children.append({"$ref": ref})
    furniture = []
    for p, t in sorted(doc["page_numbers"].items()):
        ref = "#/texts/%d" % len(texts)
        w = D.text_w(t) * 9
        texts.append({"self_ref": ref, "parent": {"$ref": "#/furniture"}, "children": [], "content_layer": "furniture",
                      "label": "page_footer", "prov": [{"page_no": p, "bbox": bl_bbox(D.PAGE_W / 2 - w / 2, D.PAGE_H - 40, D.PAGE_W / 2 + w / 2, D.PAGE_H - 30),
                                                        "charspan": [0, len(t)]}], "orig": t, "text": t})
        furniture.append({"$ref": ref})
    out = {"schema_name": "DoclingDocument", "version": "1.10.0", "name": name,
           "origin": {"mimetype": "application/pdf", "binary_hash": rng.getrandbits(63), "filename": name + ".pdf"},
           "furniture": {"self_ref": "#/furniture", "children": furniture, "content_layer": "furniture", "name": "_root_", "label": "unspecified"},
           "body": {"self_ref": "#/body", "children": children, "content_layer": "body", "name": "_root_", "label": "unspecified"},
           "groups": [], "texts": texts, "pictures": [], "tables": tables, "key_value_items": [], "form_items": [],
           "pages": {str(p): {"size": {"width": D.PAGE_W, "height": D.PAGE_H}, "page_no": p} for p in range(1, doc["pages"] + 1)}}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=2)
    return st, None


# --------------------------------------------------------------------------- Marker


def marker_table(t):
    """marker.renderers.markdown.Markdownify.convert_table on a <table> whose cells hold the
    OCR lines joined by <br>: rowspan/colspan expanded, covered cells empty, '|' -> ' ',
    columns padded with len(), separator after the first non-empty row."""
    grid = [[None] * t.ncols for _ in range(t.nrows)]
    for cl in t.cells:
        v = "<br>".join(x.replace("$", r"\$") for x in cl.lines).replace("\n", " ").replace("|", " ").strip()
        for r in range(cl.rs):
            for c in range(cl.cs):
                grid[cl.r + r][cl.c + c] = v if (r == 0 and c == 0) else ""
    widths = [0] * t.ncols
    for row in grid:
        for i, c in enumerate(row):
            if c is not None:
                widths[i] = max(widths[i], len(c))
    lines, added = [], False
    for row in grid:
        if all(not c for c in row) and not added:
            continue
        lines.append("|" + "|".join(" %s%s " % (c or "", " " * (widths[i] - len(c or ""))) for i, c in enumerate(row)) + "|")
        if not added:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
            added = True
    if t.nrows == 1:
        lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def md_escape_marker(s):
    return s.replace("_", r"\_").replace("*", r"\*").replace("$", r"\$")


FORCE = {}  # format -> style overrides (used by --samples)


def write_marker_md(doc, rng, path):
    st = {"paginate": rng.random() < 0.5, "year_heading": rng.random() < 0.3}
    st.update(FORCE.get("marker_md", {}))
    out = []
    for p in range(1, doc["pages"] + 1):
        parts = []
        for b in [x for x in doc["blocks"] if x["page"] == p]:
            if b["type"] == "table":
                parts.append(marker_table(b["table"]))
            elif b["type"] == "title":
                parts.append("# " + md_escape_marker(b["text"]))
            elif b.get("role") == "year" and st["year_heading"]:
                parts.append("## " + md_escape_marker(b["text"]))
            else:
                parts.append(md_escape_marker(b["text"]))
        s = "\n\n".join(parts)
        if st["paginate"]:
            s = "\n\n{%d}%s\n\n" % (p - 1, "-" * 48) + s
        out.append(s)
    text = "\n\n".join(out) if not st["paginate"] else "".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if st["paginate"]:
        text = "\n\n" + text
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return st, ("pages" if st["paginate"] else None)


# --------------------------------------------------------------------------- spreadsheets


def sheet_rows(form, tables, st):
    """Rows of a form as laid out in a spreadsheet (6 columns): list of (cells, merges, kinds)
    where cells = list of 6 values (None = empty) and merges = [(r0, c0, r1, c1)] relative."""
    rows, merges, kinds = [], [], []
    W = 6
    rows.append([form["title"]] + [None] * 5); merges.append((0, 0, 0, 5)); kinds.append("title")
    rows.append(["（%s年度）" % form["fiscal_year"]] + [None] * 5); merges.append((1, 0, 1, 5)); kinds.append("year")
    if st.get("unit"):
        rows.append([None] * 5 + [st["unit"]]); kinds.append("unit")
    for t in tables:
        base = len(rows)
        for r in range(t.nrows):
            rows.append([None] * W)
            kinds.append(t.row_kind[r])
        for cl in t.cells:
            txt = cl.text
            if cl.role == "biglabel" and st.get("label_breaks"):
                txt = label_break(txt)
            c0 = cl.c
            c1 = cl.c + cl.cs - 1
            if t.ncols == 5 and cl.c == 4:  # 5-col indicator table: target spans cols 4-5
                c1 = 5
            rows[base + cl.r][c0] = txt if txt != "" else None
            if cl.rs > 1 or c1 > c0:
                merges.append((base + cl.r, c0, base + cl.r + cl.rs - 1, c1))
    return rows, merges, kinds


def label_break(txt):
    """Vertical label typed with Alt+Enter / line breaks: 项目资金（元） -> 项目\n资金\n（元）."""
    return "\n".join(re.findall(r"（[^）]*）|[^（]{1,2}", txt))


def sheet_st(rng, form):
    return {"unit": rng.choice([None, "单位：元"]), "label_breaks": rng.random() < 0.3}


def excel_display(v):
    return "" if v is None else v


def write_excel_csv(doc, rng, path):
    st = {"encoding": rng.choice(["gbk", "gbk", "utf-8-sig"]), "gap": rng.choice([1, 2, 3])}
    allrows = []
    for fi, form in enumerate(doc["forms"]):
        rows, _m, _k = sheet_rows(form, D.build_tables(form, doc["opts"]["split_indicators"][fi]), sheet_st(rng, form))
        if allrows:
            allrows += [[None] * 6] * st["gap"]
        allrows += rows
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for r in allrows:
        w.writerow([excel_display(v) for v in r])
    data = buf.getvalue()
    try:
        raw = data.encode(st["encoding"])
    except UnicodeEncodeError:
        st["encoding"] = "utf-8-sig"
        raw = data.encode("utf-8-sig")
    with open(path, "wb") as f:
        f.write(raw)
    return st, None


def parse_amount(s):
    m = re.match(r"^\d{1,3}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$", s or "")
    if not m:
        return None
    v = s.replace(",", "")
    dec = len(v.split(".")[1]) if "." in v else 0
    fmt = ("#,##0" if "," in s else "0") + ("." + "0" * dec if dec else "")
    return (float(v) if dec else int(v)), fmt


def build_xlsx(doc, rng, path):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    st = {"layout": rng.choice(["stacked", "sheets"]) if len(doc["forms"]) > 1 else "single",
          "numeric_amounts": rng.random() < 0.5}
    wb = Workbook()
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws = wb.active
    ws.title = rng.choice(["Sheet1", "绩效目标申报表", "附件1"])
    pages = []
    r0 = 1
    for fi, form in enumerate(doc["forms"]):
        if st["layout"] == "sheets" and fi > 0:
            ws = wb.create_sheet(("表%d" % (fi + 1)))
            r0 = 1
        elif fi > 0:
            r0 += rng.choice([1, 2])
        pages.append([len(wb.worksheets)] * 2)
        rows, merges, kinds = sheet_rows(form, D.build_tables(form, doc["opts"]["split_indicators"][fi]), sheet_st(rng, form))
        for ri, row in enumerate(rows):
            for ci, v in enumerate(row):
                c = ws.cell(row=r0 + ri, column=ci + 1)
                if v is not None:
                    pa = parse_amount(v) if kinds[ri] == "fund" and ci in (2, 5) and st["numeric_amounts"] else None
                    if pa:
                        c.value, c.number_format = pa
                    else:
                        c.value = v
                        if kinds[ri] == "fund" and ci in (2, 5):
                            c.number_format = "@"
                if kinds[ri] not in ("title", "year", "unit"):
                    c.border = border
                    c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="left" if ci in (2, 3) and kinds[ri] in ("ind", "goal") else "center")
            if kinds[ri] == "title":
                ws.cell(row=r0 + ri, column=1).font = Font(size=16, bold=True)
                ws.cell(row=r0 + ri, column=1).alignment = Alignment(horizontal="center")
            if kinds[ri] == "year":
                ws.cell(row=r0 + ri, column=1).alignment = Alignment(horizontal="center")
        for a, b, c, d in merges:
            ws.merge_cells(start_row=r0 + a, start_column=b + 1, end_row=r0 + c, end_column=d + 1)
        r0 += len(rows)
        for col, w in zip("ABCDEF", (8, 16, 18, 34, 16, 20)):
            ws.column_dimensions[col].width = w
    import datetime
    wb.properties.created = wb.properties.modified = datetime.datetime(2024, 1, 1)
    wb.properties.creator = "jixiao convgen"
    wb.save(path)
    normalize_zip(path)
    return st, pages


def normalize_zip(path):
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for i, data in items:
            if i.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data)
            zi = zipfile.ZipInfo(i.filename, (1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = i.external_attr
            z.writestr(zi, data)


def write_xlsx(doc, rng, path):
    st, pages = build_xlsx(doc, rng, path)
    return st, pages


SOFFICE_QUEUE = {"xls": [], "ods": []}


def write_via_soffice(kind):
    def w(doc, rng, path):
        tmp = path[: -len(EXT[kind])] + ".__src.xlsx"
        st, pages = build_xlsx(doc, rng, tmp)
        SOFFICE_QUEUE[kind].append((tmp, path))
        st["converter"] = "soffice" if shutil.which("soffice") else ("xlwt" if kind == "xls" else "odf-missing")
        return st, pages
    return w


def flush_soffice():
    for kind, items in SOFFICE_QUEUE.items():
        if not items:
            continue
        if shutil.which("soffice"):
            groups = {}
            for src, dst in items:
                groups.setdefault(os.path.dirname(dst), []).append(src)
            prof = tempfile.mkdtemp(prefix="convgen-lo-")
            for outdir, srcs in groups.items():
                for i in range(0, len(srcs), 40):
                    subprocess.run(["soffice", "-env:UserInstallation=file://" + prof, "--headless", "--convert-to",
                                    "xls:MS Excel 97" if kind == "xls" else "ods", "--outdir", outdir] + srcs[i:i + 40],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
            shutil.rmtree(prof, ignore_errors=True)
            for src, dst in items:
                prod = src[: -len(".xlsx")] + "." + kind
                if os.path.exists(prod):
                    os.replace(prod, dst)
                os.remove(src)
        elif kind == "xls":
            for src, dst in items:
                xlsx_to_xlwt(src, dst)
                os.remove(src)
        else:
            raise SystemExit("ods needs LibreOffice (soffice)")
        SOFFICE_QUEUE[kind] = []


def xlsx_to_xlwt(src, dst):
    import openpyxl
    import xlwt
    wb = openpyxl.load_workbook(src)
    out = xlwt.Workbook(encoding="utf-8")
    for ws in wb.worksheets:
        o = out.add_sheet(ws.title)
        merged = {}
        for rg in ws.merged_cells.ranges:
            merged[(rg.min_row, rg.min_col)] = rg
        skip = set()
        for rg in ws.merged_cells.ranges:
            for r in range(rg.min_row, rg.max_row + 1):
                for c in range(rg.min_col, rg.max_col + 1):
                    if (r, c) != (rg.min_row, rg.min_col):
                        skip.add((r, c))
        for row in ws.iter_rows():
            for c in row:
                if (c.row, c.column) in skip:
                    continue
                v = c.value
                style = xlwt.easyxf(num_format_str=c.number_format) if c.number_format not in ("General", "@") else xlwt.XFStyle()
                if (c.row, c.column) in merged:
                    rg = merged[(c.row, c.column)]
                    o.write_merge(rg.min_row - 1, rg.max_row - 1, rg.min_col - 1, rg.max_col - 1, v, style)
                elif v is not None:
                    o.write(c.row - 1, c.column - 1, v, style)
    out.save(dst)


# --------------------------------------------------------------------------- docx


def write_docx(doc, rng, path):
    import docx
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt
    st = {"sep": rng.choice(["section", "page_break", "none"]), "split": [], "label_breaks": rng.random() < 0.2}
    d = docx.Document()
    first = True
    for fi, form in enumerate(doc["forms"]):
        if not first:
            if st["sep"] == "section":
                d.add_section(WD_SECTION.NEW_PAGE)
            elif st["sep"] == "page_break":
                d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            else:
                d.add_paragraph()
        first = False
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(form["title"])
        run.bold = True
        run.font.size = Pt(18)
        p = d.add_paragraph("（%s年度）" % form["fiscal_year"])
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if doc["opts"]["unit_line"][fi]:
            p = d.add_paragraph(doc["opts"]["unit_line"][fi])
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        split = doc["opts"]["split_indicators"][fi]
        st["split"].append(split)
        for ti, t in enumerate(D.build_tables(form, split)):
            if ti > 0 and rng.random() < 0.5:
                d.add_paragraph()
            tb = d.add_table(rows=t.nrows, cols=t.ncols)
            tb.style = "Table Grid"
            for cl in t.cells:
                if cl.rs > 1 or cl.cs > 1:
                    tb.cell(cl.r, cl.c).merge(tb.cell(cl.r + cl.rs - 1, cl.c + cl.cs - 1))
            for cl in t.cells:
                txt = cl.text
                if cl.role == "biglabel" and st["label_breaks"]:
                    txt = label_break(txt)
                tb.cell(cl.r, cl.c).text = txt
    import datetime
    d.core_properties.created = d.core_properties.modified = datetime.datetime(2024, 1, 1)
    d.core_properties.author = "jixiao convgen"
    d.save(path)
    normalize_zip(path)
    return st, None


WRITERS = {
    "mineru_md": write_mineru_md, "mineru_content_list": write_mineru_content_list,
    "ppstructure_html": write_ppstructure_html, "unstructured_html": write_unstructured,
    "azure_md": write_azure_md, "azure_json": write_azure_json, "textract_json": write_textract,
    "docling_html": write_docling_html, "docling_md": write_docling_md, "docling_json": write_docling_json,
    "marker_md": write_marker_md, "excel_csv": write_excel_csv, "xlsx": write_xlsx,
    "xls": write_via_soffice("xls"), "ods": write_via_soffice("ods"), "docx": write_docx,
}


# --------------------------------------------------------------------------- expected.json


def expected(fname, fmt, doc, pages_mode, st, not_form=False, extra=None):
    d = {"file": fname, "generator": GENERATOR, "format": fmt, "note": "Generator ground truth, not a golden"}
    if not_form:
        d["forms"] = []
        d["expected_result"] = "no form found"
    else:
        forms = []
        for i, f in enumerate(doc["forms"]):
            if isinstance(pages_mode, list):
                pg = pages_mode[i]
            elif pages_mode == "pages":
                pg = doc["form_pages"][i]
            else:
                pg = None
            t = truth(f, pg)
            if fmt == "ppstructure_html":
                # the file holds only the table: no title to read (jixiao
                # says null and warns, as the issue asks)
                t["title"] = None
            forms.append(t)
        d["forms"] = forms
    d["convgen"] = {"style": st, "page_count": doc["pages"] if pages_mode == "pages" else None}
    if extra:
        d.update(extra)
    return d


def write_one(fmt, doc, rng, outdir, name, not_form=False):
    fname = name + EXT[fmt]
    path = os.path.join(outdir, fname)
    st, pg = WRITERS[fmt](doc, rng, path)
    if isinstance(pg, list):
        pages_mode = pg
    elif fmt in PAGED or pg == "pages":
        pages_mode = "pages"
    else:
        pages_mode = None
    if fmt in ("xlsx", "xls", "ods") and not isinstance(pg, list):
        pages_mode = None
    ex = expected(fname, fmt, doc, pages_mode, st, not_form)
    with open(os.path.join(outdir, fname.rsplit(".", 1)[0] + ".expected.json"), "w", encoding="utf-8") as f:
        json.dump(ex, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return fname


# --------------------------------------------------------------------------- malformed


def write_malformed(fmt, outdir, rng, pool):
    name = "malformed_" + fmt
    fname = name + EXT[fmt]
    path = os.path.join(outdir, fname)
    doc = build_doc(rng, make_forms(rng, pool, 1))
    tmp = tempfile.mkdtemp(prefix="convgen-bad-")
    try:
        if fmt in ("mineru_md", "docling_md", "azure_md"):
            why = {"mineru_md": "Markdown without any table",
                   "docling_md": "empty file",
                   "azure_md": "Markdown cut off inside a <table> (no closing tags)"}[fmt]
            if fmt == "mineru_md":
                data = "# 财政项目支出绩效目标申报表\n\n（2024年度）\n\n单位：元\n\n本页表格识别失败。\n"
            elif fmt == "docling_md":
                data = ""
            else:
                write_azure_md(doc, rng, os.path.join(tmp, "x.md"))
                full = open(os.path.join(tmp, "x.md"), encoding="utf-8").read()
                data = full[: full.find("<table>") + 400]
            open(path, "w", encoding="utf-8").write(data)
        elif fmt in ("ppstructure_html", "docling_html"):
            why = "HTML without any table"
            open(path, "w", encoding="utf-8").write("<html><body><p>财政项目支出绩效目标申报表</p><p>（2024年度）</p></body></html>")
        elif fmt in ("mineru_content_list", "textract_json", "docling_json"):
            why = "truncated JSON"
            WRITERS[fmt](doc, rng, os.path.join(tmp, "x"))
            data = open(os.path.join(tmp, "x"), encoding="utf-8").read()
            open(path, "w", encoding="utf-8").write(data[: min(len(data) // 2, 20000)])
        elif fmt == "unstructured_html":
            why = "JSON of a wrong shape (an object, not an element list)"
            json.dump({"elements": "none", "status": "error", "detail": "partition failed"}, open(path, "w", encoding="utf-8"))
        elif fmt == "azure_json":
            why = "JSON of a wrong shape (operation failed, no analyzeResult)"
            json.dump({"status": "failed", "createdDateTime": "2025-03-14T02:11:07Z", "lastUpdatedDateTime": "2025-03-14T02:11:09Z",
                       "error": {"code": "InvalidRequest", "message": "Invalid request.",
                                 "innererror": {"code": "InvalidContent", "message": "The file is corrupted or format is unsupported."}}},
                      open(path, "w", encoding="utf-8"), indent=2)
        elif fmt == "marker_md":
            why = "not UTF-8 text (binary bytes)"
            open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(300)))
        elif fmt == "excel_csv":
            # (an xlsx renamed .csv is read as the workbook it is: the kind
            # comes from the content)
            why = "not text: a GBK CSV with binary junk (a damaged download)"
            rows = "财政项目支出绩效目标申报表,,,,,\r\n项目名称,x,,项目类别,y,\r\n".encode("gbk")
            open(path, "wb").write(rows + bytes([0, 1, 2, 3, 0x81, 0x00]) * 20)
        elif fmt == "xlsx":
            try:
                import msoffcrypto
                from msoffcrypto.format.ooxml import OOXMLFile
                build_xlsx(doc, rng, os.path.join(tmp, "x.xlsx"))
                with open(os.path.join(tmp, "x.xlsx"), "rb") as fi, open(path, "wb") as fo:
                    OOXMLFile(fi).encrypt("jixiao", fo)
                why = "password-protected (encrypted) xlsx, password 'jixiao'"
                del msoffcrypto
            except ImportError:
                build_xlsx(doc, rng, os.path.join(tmp, "x.xlsx"))
                data = open(os.path.join(tmp, "x.xlsx"), "rb").read()
                open(path, "wb").write(data[: len(data) // 2])
                why = "truncated xlsx (zip cut in half)"
        elif fmt in ("xls", "ods"):
            why = "truncated %s" % fmt
            src = os.path.join(tmp, "x" + EXT[fmt])
            WRITERS[fmt](doc, rng, src)
            flush_soffice()
            data = open(src, "rb").read()
            open(path, "wb").write(data[: len(data) // 3])
        elif fmt == "docx":
            why = "truncated docx (zip cut in half)"
            write_docx(doc, rng, os.path.join(tmp, "x.docx"))
            data = open(os.path.join(tmp, "x.docx"), "rb").read()
            open(path, "wb").write(data[: len(data) // 2])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ex = {"file": fname, "generator": GENERATOR, "format": fmt, "note": "Generator ground truth, not a golden",
          "forms": [], "expected_error": why}
    with open(os.path.join(outdir, fname.rsplit(".", 1)[0] + ".expected.json"), "w", encoding="utf-8") as f:
        json.dump(ex, f, ensure_ascii=False, indent=1)
        f.write("\n")


def write_spreadsheet_no_form(fmt, outdir, rng):
    """A spreadsheet / CSV / docx holding only the 收支总表 (not a form)."""
    doc = not_a_form_doc(rng)
    return doc


# --------------------------------------------------------------------------- not-a-form writers


def write_not_a_form(fmt, rng, outdir, name):
    doc = not_a_form_doc(rng)
    if fmt in ("excel_csv", "xlsx", "xls", "ods", "docx"):
        return write_office_not_a_form(fmt, doc, rng, outdir, name)
    fname = write_one(fmt, doc, rng, outdir, name, not_form=True) if fmt != "ppstructure_html" else None
    if fmt == "ppstructure_html":  # the only table on the page is the 收支总表
        fname = name + ".html"
        t = [b for b in doc["blocks"] if b["type"] == "table"]
        t = t[0]["table"] if t else income_table()
        body = html_table(t, lambda cl: join_lines(cl, " "), span="gt1", order="cr", sections="tbody")
        open(os.path.join(outdir, fname), "w", encoding="utf-8").write("<html><body>" + body + "</body></html>")
        ex = expected(fname, fmt, doc, None, {}, not_form=True)
        json.dump(ex, open(os.path.join(outdir, name + ".expected.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    return fname


def write_office_not_a_form(fmt, doc, rng, outdir, name):
    fname = name + EXT[fmt]
    path = os.path.join(outdir, fname)
    rows = [["2022年度部门收支预算总表", None, None, None], [None, None, None, "单位：万元"]] + \
        [[v or None for v in r] for r in M.INCOME_EXPENSE]
    if fmt == "excel_csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        for r in rows:
            w.writerow([v or "" for v in r])
        open(path, "wb").write(buf.getvalue().encode("gbk"))
    elif fmt == "docx":
        import docx
        d = docx.Document()
        dd = M.PROSE["not_a_form"]
        d.add_heading(dd["heading"], level=1)
        for p in dd["paras"]:
            d.add_paragraph(p)
        tb = d.add_table(rows=len(rows) - 2, cols=4)
        tb.style = "Table Grid"
        tb.cell(0, 0).merge(tb.cell(0, 1))
        tb.cell(0, 2).merge(tb.cell(0, 3))
        for ri, r in enumerate(rows[2:]):
            for ci, v in enumerate(r):
                if v and not (ri == 0 and ci in (1, 3)):
                    tb.cell(ri, ci).text = v
        d.save(path)
        normalize_zip(path)
    else:
        from openpyxl import Workbook
        wb = Workbook()
        ws = wb.active
        ws.title = "收支总表"
        for r in rows:
            ws.append(r)
        ws.merge_cells("A1:D1")
        ws.merge_cells("A3:B3")
        ws.merge_cells("C3:D3")
        if fmt == "xlsx":
            wb.save(path)
            normalize_zip(path)
        else:
            tmp = path[: -len(EXT[fmt])] + ".__src.xlsx"
            wb.save(tmp)
            SOFFICE_QUEUE[fmt].append((tmp, path))
    ex = expected(fname, fmt, doc, None, {}, not_form=True)
    with open(os.path.join(outdir, name + ".expected.json"), "w", encoding="utf-8") as f:
        json.dump(ex, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return fname


# --------------------------------------------------------------------------- main


def gen_doc_for(fmt, rng, pool, nforms=None):
    if fmt == "ppstructure_html":
        forms = make_forms(rng, pool, 1)
        return build_doc(rng, forms, {"split_indicators": [False], "new_page_per_form": True})
    forms = make_forms(rng, pool, nforms)
    return build_doc(rng, forms)


def run(outdir, n, seed, formats, malformed=True, naf_share=0.08):
    os.makedirs(outdir, exist_ok=True)
    pool = S.all_forms()
    for fmt in formats:
        for k in range(n):
            rng = random.Random("%d/%s/%d" % (seed, fmt, k))
            name = "%s_%03d" % (fmt, k)
            if rng.random() < naf_share:
                write_not_a_form(fmt, rng, outdir, name + "_naf")
            else:
                doc = gen_doc_for(fmt, rng, pool)
                write_one(fmt, doc, rng, outdir, name)
        if malformed:
            write_malformed(fmt, outdir, random.Random("%d/%s/bad" % (seed, fmt)), pool)
        flush_soffice()
        print("%s: %d documents" % (fmt, n))
    flush_soffice()


SAMPLES = [  # (format, name, seed key, nforms)
    ("mineru_md", "mineru_two_forms", "a", 2), ("mineru_md", "mineru_one_form", "b", 1),
    ("mineru_content_list", "mineru_content_list", "a", 2),
    ("ppstructure_html", "ppstructure_table", "a", 1),
    ("unstructured_html", "unstructured_elements", "a", 1),
    ("azure_md", "azure_layout", "a", 2), ("azure_json", "azure_layout_result", "a", 1),
    ("textract_json", "textract_analysis", "a", 1),
    ("docling_html", "docling_export", "a", 1), ("docling_md", "docling_markdown", "a", 2),
    ("docling_json", "docling_document", "a", 1),
    ("marker_md", "marker_paginated", "a", 2),
    ("excel_csv", "excel_stacked", "a", 3), ("xlsx", "workbook", "a", 2), ("xls", "workbook97", "a", 1),
    ("ods", "calc", "a", 2), ("docx", "word_tables", "a", 2),
]


def compact_big_json(path, limit=200000):
    """Samples only: re-serialise a large JSON file without indentation (keeps the repo small;
    the tools also write unindented JSON, e.g. the raw REST responses)."""
    if path.endswith(".json") and os.path.getsize(path) > limit:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        raw = open(path, encoding="utf-8").read(200)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii="\\u" in raw and not re.search(r"[\u4e00-\u9fff]", raw), separators=(",", ":"))


def samples():
    out = os.path.join(ROOT, "samples", "converted")
    os.makedirs(out, exist_ok=True)
    pool = S.all_forms()
    for fmt, name, key, nf in SAMPLES:
        FORCE.clear()
        FORCE.update({"marker_md": {"paginate": True}})
        if name == "mineru_one_form":
            FORCE["mineru"] = {"table": "unet", "join": "", "escape": False, "merge": True, "latex": True}
        elif fmt == "mineru_md":
            FORCE["mineru"] = {"merge": False}
        for attempt in range(40):
            rng = random.Random("samples/%s/%s/%s/%d" % (fmt, name, key, attempt))
            doc = gen_doc_for(fmt, rng, pool, nf)
            want_multi = fmt in ("mineru_md", "marker_md", "azure_md", "mineru_content_list", "textract_json", "azure_json", "unstructured_html", "docling_json")
            if want_multi and doc["pages"] < 2:
                continue
            if fmt in ("azure_json", "textract_json", "docling_json", "unstructured_html") and doc["pages"] > 2:
                continue
            if fmt == "marker_md":
                st_probe = random.Random(rng.random())
                del st_probe
            break
        fname = write_one(fmt, doc, rng, out, name)
        if fmt == "marker_md" and "{0}" not in open(os.path.join(out, fname), encoding="utf-8").read():
            pass
        compact_big_json(os.path.join(out, fname))
        print("sample", fname, "pages", doc["pages"])
    for fmt in FORMATS:
        fn = write_not_a_form(fmt, random.Random("samples/naf/" + fmt), out, "not_a_form_" + fmt)
        compact_big_json(os.path.join(out, fn))
        write_malformed(fmt, out, random.Random("samples/bad/" + fmt), pool)
    flush_soffice()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/tmp/convgen")
    ap.add_argument("-n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--no-malformed", action="store_true")
    ap.add_argument("--not-a-form-share", type=float, default=0.08)
    ap.add_argument("--samples", action="store_true")
    a = ap.parse_args()
    if a.samples:
        samples()
        return
    fmts = [x.strip() for x in a.formats.split(",") if x.strip()]
    bad = [x for x in fmts if x not in WRITERS]
    if bad:
        ap.error("unknown format(s): %s" % ", ".join(bad))
    run(a.out, a.n, a.seed, fmts, not a.no_malformed, a.not_a_form_share)


if __name__ == "__main__":
    main()
