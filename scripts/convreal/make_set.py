#!/usr/bin/env python3
"""Independent stress set for jixiao's non-PDF readers, made with REAL conversion tools.

For every document: 1-3 random forms from scripts/pdfgen/stress.py recombine(); an authoritative
source written here (HTML, DOCX via python-docx, or XLSX via openpyxl; laid out like
make_pdfs.form_html with random variations); then one real tool converts it (LibreOffice
headless, pandoc, docling backends, unstructured, markitdown, pandas).  Each output
<name>.<ext> gets <name>.expected.json with the forms as printed (truth).

Usage: venv/bin/python make_set.py --out DIR [-n 3] [--seed 1] [--only combo,combo] [--keep-src]
Run with the venv in this folder (docling-slim, unstructured, markitdown, pandas, openpyxl,
python-docx, reportlab); soffice and pandoc from apt.
"""
import argparse
import copy
import glob
import html as htmlmod
import importlib.metadata as imd
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PDFGEN = os.environ.get("JIXIAO_PDFGEN", os.path.join(HERE, "..", "pdfgen"))
sys.path.insert(0, PDFGEN)
import stress as S  # noqa: E402  (recombine, all_forms; imports make_pdfs -> reportlab)
sys.path.insert(0, HERE)
import check_trial  # noqa: E402  (missing(): truth strings not found in an output)

ME = "convreal/make_set.py"

# --------------------------------------------------------------------------- tool versions


def _pkg(name):
    try:
        return imd.version(name)
    except Exception:
        return None


def _cmd_version(cmd):
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120).stdout
        return out.strip().splitlines()[0]
    except Exception:
        return None


VERSIONS = {}


def versions():
    if not VERSIONS:
        VERSIONS.update({
            "libreoffice": _cmd_version(["soffice", "--version"]),
            "pandoc": _cmd_version(["pandoc", "--version"]),
            "docling": "docling-slim %s (docling-core %s)" % (_pkg("docling-slim"), _pkg("docling-core")),
            "unstructured": "unstructured %s (spaCy %s, blank xx pipeline)" % (_pkg("unstructured"), _pkg("spacy")),
            "markitdown": "markitdown %s" % _pkg("markitdown"),
            "pandas": "pandas %s (openpyxl %s, lxml %s, html5lib %s)" % (_pkg("pandas"), _pkg("openpyxl"),
                                                                          _pkg("lxml"), _pkg("html5lib")),
            "python-docx": "python-docx %s" % _pkg("python-docx"),
            "openpyxl": "openpyxl %s" % _pkg("openpyxl"),
            "html": "hand-written HTML (this script)",
        })
    return VERSIONS


# --------------------------------------------------------------------------- forms and the grid

FUND_LABELS = [
    ("project_total", "项目资金总额", "annual_total", "年度资金申请总额"),
    ("project_fiscal", "其中：财政资金", "annual_current_fiscal", "其中：当年财政拨款"),
    (None, "", "annual_carryover", "上年结转资金"),
    ("project_other", "其他资金", "annual_other", "其他资金"),
]


class C:
    """A cell of the 6-column grid (c0 narrow label, c1 一级, c2 二级, c3-c4 三级, c5 目标值)."""

    def __init__(self, r, c, text, rs=1, cs=1, kind="v"):
        self.r, self.c, self.text, self.rs, self.cs, self.kind = r, c, text, rs, cs, kind


def pick_variant(rng):
    return {
        "one_table": rng.random() < 0.5,          # header block and indicator table in one table
        "year_fmt": rng.choice(["（{y}年度）", "( {y}年度 )", "{y}年度"]),
        "unit_line": rng.random() < 0.3,          # 单位：元 above the table
        "fund_label": rng.choice(["项目资金（元）", "项目资金（元）", "项目资金"]),
        "ind_label": rng.choice(["绩效指标", "绩效指标", "绩效\n指标"]),
        "html_thead": rng.random() < 0.5,
        "html_th": rng.random() < 0.3,
        "html_entities": rng.random() < 0.3,      # ≥ as &ge; etc.
        "docx_page_break": rng.random() < 0.6,
        "xlsx_numbers": rng.random() < 0.5,       # amounts as numeric cells with #,##0 format
        "xlsx_sheet_per_form": rng.random() < 0.4,
    }


def make_forms(rng, pool, nforms=None):
    n = nforms or rng.choice([1, 1, 1, 2, 2, 3])
    out = []
    for _ in range(n):
        form, srcs, style26 = S.recombine(rng, pool)
        out.append((form, srcs, style26))
    return out


def grid(form, v):
    """Rows of C for one form (without title / year lines)."""
    cells, r = [], 0
    fnd = form["funding"]
    if form.get("project_nature"):
        cells += [C(r, 0, "项目名称", cs=2, kind="l"), C(r, 2, form["project_name"], cs=4)]
        r += 1
        cells += [C(r, 0, "项目性质", cs=2, kind="l"), C(r, 2, form["project_nature"], cs=2),
                  C(r, 4, "项目类别", kind="l"), C(r, 5, form["project_category"])]
        r += 1
    else:
        cells += [C(r, 0, "项目名称", cs=2, kind="l"), C(r, 2, form["project_name"], cs=2),
                  C(r, 4, "项目类别", kind="l"), C(r, 5, form["project_category"])]
        r += 1
    for a, b, c_, d in (("主管部门", "department", "实施单位", "implementing_unit"),
                        ("计划开始日期", "planned_start", "计划完成日期", "planned_end")):
        cells += [C(r, 0, a, cs=2, kind="l"), C(r, 2, form[b], cs=2, kind="date" if "planned" in b else "v"),
                  C(r, 4, c_, kind="l"), C(r, 5, form[d], kind="date" if "planned" in d else "v")]
        r += 1
    for k, (lk, ll, rk, rl) in enumerate(FUND_LABELS):
        if k == 0:
            cells.append(C(r, 0, v["fund_label"], rs=4, kind="l"))
        cells += [C(r, 1, ll, kind="l"), C(r, 2, fnd.get(lk, "") if lk else "", cs=2, kind="n"),
                  C(r, 4, rl, kind="l"), C(r, 5, fnd.get(rk, ""), kind="n")]
        r += 1
    cells += [C(r, 0, "项目绩效目标", rs=3, kind="l"),
              C(r, 1, form.get("overall_goal_label", "项目总目标"), cs=3, kind="l"),
              C(r, 4, form.get("annual_goal_label", "年度总目标"), cs=2, kind="l")]
    r += 1
    cells += [C(r, 1, form.get("goal_period", ""), cs=3, kind="l"), C(r, 4, "", cs=2)]
    r += 1
    cells += [C(r, 1, form.get("overall_goal", ""), cs=3, kind="g"), C(r, 4, form.get("annual_goal", ""), cs=2, kind="g")]
    r += 1
    split_at = r  # first row of the indicator table
    inds = form["indicators"]
    n = len(inds)
    cells += [C(r, 0, v["ind_label"], rs=n + 1, kind="l"), C(r, 1, "一级指标", kind="l"), C(r, 2, "二级指标", kind="l"),
              C(r, 3, "三级指标", cs=2, kind="l"), C(r, 5, form.get("target_header", "指标目标值"), kind="l")]
    r += 1
    for k, ind in enumerate(inds):
        if k == 0 or inds[k - 1]["level1"] != ind["level1"]:
            span = 1
            while k + span < n and inds[k + span]["level1"] == ind["level1"]:
                span += 1
            cells.append(C(r, 1, ind["level1"], rs=span, kind="l"))
        if k == 0 or inds[k - 1]["level1"] != ind["level1"] or inds[k - 1]["level2"] != ind["level2"]:
            span = 1
            while (k + span < n and inds[k + span]["level2"] == ind["level2"]
                   and inds[k + span]["level1"] == ind["level1"]):
                span += 1
            cells.append(C(r, 2, ind["level2"], rs=span, kind="l"))
        cells += [C(r, 3, ind["level3"], cs=2), C(r, 5, ind["target"], kind="t")]
        r += 1
    return cells, r, split_at


def tables_of(form, v):
    """[(cells with rows renumbered from 0, nrows)] -- one or two tables."""
    cells, nrows, split = grid(form, v)
    if v["one_table"]:
        return [(cells, nrows)]
    a = [c for c in cells if c.r < split]
    b = [copy.copy(c) for c in cells if c.r >= split]
    for c in b:
        c.r -= split
    return [(a, split), (b, nrows - split)]


def year_line(form, v):
    return v["year_fmt"].format(y=form["fiscal_year"])


# --------------------------------------------------------------------------- not-a-form content

PROSE = [
    "关于2024年度部门预算编制工作的说明",
    "根据市财政局关于编制2024年度部门预算的通知要求，本部门按照“零基预算”和全面实施预算绩效管理的原则编制预算。"
    "各项目均已按要求填报绩效目标，设置产出指标、效益指标和满意度指标，绩效目标申报表另行报送，本文件不附具体表格。",
    "下表为部门收支预算总表，仅供参考，单位：万元。项目支出的绩效指标、指标目标值等内容详见各项目申报材料。",
]
NEG_TABLE = [["收入项目", "预算数", "支出项目", "预算数"],
             ["一般公共预算拨款", "12,345.60", "一般公共服务支出", "3,210.00"],
             ["政府性基金预算", "1,200.00", "社会保障和就业支出", "8,765.40"],
             ["事业收入", "300.00", "城乡社区支出", "1,570.20"],
             ["其他收入", "", "其他支出", "300.00"],
             ["收入合计", "13,845.60", "支出合计", "13,845.60"]]


# --------------------------------------------------------------------------- authoritative HTML

CSS = """<style>
body { font-family: "SimSun", "WenQuanYi Micro Hei", sans-serif; font-size: 10.5pt; }
h1 { text-align: center; font-size: 18pt; font-weight: normal; }
p.year { text-align: center; } p.unit { text-align: right; }
table { width: 100%; border-collapse: collapse; } td, th { border: 1px solid #000; padding: 3px; }
</style>"""


def h_esc(s, v):
    s = htmlmod.escape(s or "", quote=False)
    if v.get("html_entities"):
        s = (s.replace("≥", "&ge;").replace("≤", "&le;").replace("（", "&#xFF08;").replace("）", "&#xFF09;")
             .replace("%", "&#37;"))
    return s.replace("\n", "<br>")


def html_table(cells, nrows, v, first_is_header=False):
    rows = [[] for _ in range(nrows)]
    for c in sorted(cells, key=lambda c: (c.r, c.c)):
        rows[c.r].append(c)
    out = ["<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\">",
           "<colgroup><col width=\"6%\"><col width=\"15%\"><col width=\"17%\"><col width=\"14%\">"
           "<col width=\"18%\"><col width=\"30%\"></colgroup>"]

    def td(c):
        tag = "th" if (v["html_th"] and c.kind == "l") else "td"
        attrs = ""
        if c.rs > 1:
            attrs += ' rowspan="%d"' % c.rs
        if c.cs > 1:
            attrs += ' colspan="%d"' % c.cs
        if c.kind == "n":
            attrs += ' align="right"'
        elif c.kind == "l":
            attrs += ' align="center"'
        return "<%s%s>%s</%s>" % (tag, attrs, h_esc(c.text, v), tag)

    for i, row in enumerate(rows):
        line = "<tr>%s</tr>" % "".join(td(c) for c in row)
        if first_is_header and i == 0:
            out.append("<thead>%s</thead><tbody>" % line)
        else:
            out.append(line)
    if first_is_header:
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def form_html(form, v):
    h = ['<div class="form">', "<h1>%s</h1>" % h_esc(form["title"], v),
         '<p class="year">%s</p>' % h_esc(year_line(form, v), v)]
    if v["unit_line"]:
        h.append('<p class="unit">单位：元</p>')
    tabs = tables_of(form, v)
    for k, (cells, nrows) in enumerate(tabs):
        h.append(html_table(cells, nrows, v, first_is_header=(k == 1 and v["html_thead"])))
    h.append("</div>")
    return "\n".join(h)


def write_html(path, forms, v):
    parts = ['<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>%s</title>%s</head><body>'
             % (h_esc(forms[0]["project_name"], v), CSS)]
    for k, f in enumerate(forms):
        if k:
            parts.append('<p style="page-break-before: always"></p>')
        parts.append(form_html(f, v))
    parts.append("</body></html>\n")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(parts))


def write_html_neg(path, v):
    rows = "\n".join("<tr>%s</tr>" % "".join("<td>%s</td>" % htmlmod.escape(x) for x in r) for r in NEG_TABLE)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>%s</title>%s</head><body>\n'
                 '<h1>%s</h1>\n<p>%s</p>\n<p>%s</p>\n<table border="1">\n%s\n</table>\n</body></html>\n'
                 % (PROSE[0], CSS, PROSE[0], PROSE[1], PROSE[2], rows))


# --------------------------------------------------------------------------- authoritative DOCX (python-docx)


def write_docx(path, forms, v):
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt
    doc = Document()
    doc.core_properties.author = "jixiao convreal"
    for k, form in enumerate(forms):
        if k:
            if v["docx_page_break"]:
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            else:
                doc.add_paragraph("")
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(form["title"])
        run.font.size = Pt(18)
        run.bold = True
        p = doc.add_paragraph(year_line(form, v))
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if v["unit_line"]:
            p = doc.add_paragraph("单位：元")
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for cells, nrows in tables_of(form, v):
            t = doc.add_table(rows=nrows, cols=6)
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for c in cells:
                a = t.cell(c.r, c.c)
                if c.rs > 1 or c.cs > 1:
                    a = a.merge(t.cell(c.r + c.rs - 1, c.c + c.cs - 1))
                lines = (c.text or "").split("\n")
                para = a.paragraphs[0]
                para.text = lines[0]
                for extra in lines[1:]:
                    para = a.add_paragraph(extra)
                if c.kind == "l":
                    for pp in a.paragraphs:
                        pp.alignment = WD_ALIGN_PARAGRAPH.CENTER
                elif c.kind == "n":
                    for pp in a.paragraphs:
                        pp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(path)


def write_docx_neg(path, v):
    from docx import Document
    doc = Document()
    doc.core_properties.author = "jixiao convreal"
    doc.add_heading(PROSE[0], level=1)
    doc.add_paragraph(PROSE[1])
    doc.add_paragraph(PROSE[2])
    t = doc.add_table(rows=len(NEG_TABLE), cols=4)
    t.style = "Table Grid"
    for i, r in enumerate(NEG_TABLE):
        for j, x in enumerate(r):
            t.cell(i, j).text = x
    doc.save(path)


# --------------------------------------------------------------------------- authoritative XLSX (openpyxl)


def _num(s):
    t = (s or "").replace(",", "")
    if re.fullmatch(r"-?\d+(\.\d+)?", t):
        return (float(t) if "." in t else int(t)), ("#,##0.00" if "." in t else "#,##0")
    return None, None


def write_xlsx(path, forms, v, single_sheet=False):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    wb = Workbook()
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws = wb.active
    ws.title = "Sheet1"
    per_sheet = v["xlsx_sheet_per_form"] and not single_sheet and len(forms) > 1
    row0 = 1
    numeric_cells = []
    for k, form in enumerate(forms):
        if per_sheet and k:
            ws = wb.create_sheet(title="Sheet%d" % (k + 1))
            row0 = 1
        elif k:
            row0 += 2  # blank rows between forms
        for col, w in zip("ABCDEF", (6, 16, 18, 22, 20, 30)):
            ws.column_dimensions[col].width = w
        ws.cell(row0, 1, form["title"]).font = Font(size=16, bold=True)
        ws.cell(row0, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=row0, start_column=1, end_row=row0, end_column=6)
        ws.cell(row0 + 1, 1, year_line(form, v)).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=row0 + 1, start_column=1, end_row=row0 + 1, end_column=6)
        r = row0 + 2
        if v["unit_line"]:
            ws.cell(r, 6, "单位：元").alignment = Alignment(horizontal="right")
            r += 1
        tabs = tables_of(form, v)
        for ti, (cells, nrows) in enumerate(tabs):
            for c in cells:
                rr, cc = r + c.r, c.c + 1
                val = c.text
                fmt = None
                if c.kind == "n" and v["xlsx_numbers"]:
                    nv, fmt = _num(c.text)
                    if nv is not None:
                        val = nv
                        numeric_cells.append(c.text)
                cell = ws.cell(rr, cc, val if val != "" else None)
                if isinstance(val, str) and val:
                    cell.data_type = "s"  # "=9块" / "=100%" are text, not formulas
                if fmt:
                    cell.number_format = fmt
                cell.alignment = Alignment(wrap_text=True, vertical="center",
                                           horizontal={"l": "center", "n": "right"}.get(c.kind, "left"))
                if c.rs > 1 or c.cs > 1:
                    ws.merge_cells(start_row=rr, start_column=cc, end_row=rr + c.rs - 1, end_column=cc + c.cs - 1)
                for dr in range(c.rs):
                    for dc in range(c.cs):
                        ws.cell(rr + dr, cc + dc).border = border
            r += nrows
        row0 = r
    wb.save(path)
    return {"amounts_as_numbers": bool(numeric_cells), "sheet_per_form": per_sheet}


def write_xlsx_neg(path, v):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.cell(1, 1, PROSE[0])
    ws.merge_cells("A1:D1")
    ws.cell(2, 1, PROSE[1])
    ws.merge_cells("A2:D2")
    ws.cell(3, 1, PROSE[2])
    ws.merge_cells("A3:D3")
    for i, r in enumerate(NEG_TABLE):
        for j, x in enumerate(r):
            ws.cell(5 + i, 1 + j, x or None)
    wb.save(path)


# --------------------------------------------------------------------------- converters (batch: [(src, dst)])


def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(cmd[:4]), r.stderr[-800:]))
    return r


def soffice(pairs, convert_to, tmp, infilter=None):
    """LibreOffice headless, one call for the batch, own profile dir (no clash with other soffice)."""
    if not pairs:
        return
    outdir = tempfile.mkdtemp(dir=tmp, prefix="lo_out")
    prof = os.path.join(tmp, "lo_profile")
    cmd = ["soffice", "-env:UserInstallation=file://" + prof, "--headless", "--norestore", "--nolockcheck"]
    if infilter:
        cmd.append("--infilter=" + infilter)
    cmd += ["--convert-to", convert_to, "--outdir", outdir] + [s for s, _ in pairs]
    run(cmd, timeout=900)
    ext = convert_to.split(":")[0]
    for s, d in pairs:
        base = os.path.splitext(os.path.basename(s))[0]
        got = os.path.join(outdir, base + "." + ext)
        if not os.path.exists(got):
            raise RuntimeError("soffice produced no %s for %s" % (ext, s))
        shutil.move(got, d)
        # LibreOffice's HTML export may write images beside the file; none are expected here


def pandoc(pairs, frm, to, extra=()):
    for s, d in pairs:
        run(["pandoc", "-f", frm, "-t", to, "--wrap=none"] + list(extra) + [s, "-o", d])


def _docling_doc(src):
    from pathlib import Path
    from docling.backend.html_backend import HTMLDocumentBackend
    from docling.backend.msexcel_backend import MsExcelDocumentBackend
    from docling.backend.msword_backend import MsWordDocumentBackend
    from docling.datamodel.base_models import InputFormat
    from docling.datamodel.document import InputDocument
    ext = os.path.splitext(src)[1].lower()
    fmt, be = {".docx": (InputFormat.DOCX, MsWordDocumentBackend),
               ".xlsx": (InputFormat.XLSX, MsExcelDocumentBackend),
               ".html": (InputFormat.HTML, HTMLDocumentBackend)}[ext]
    ind = InputDocument(path_or_stream=Path(src), format=fmt, backend=be)
    return ind._backend.convert()


def docling(pairs, kind):
    for s, d in pairs:
        doc = _docling_doc(s)
        if kind == "md":
            txt = doc.export_to_markdown()
        elif kind == "html":
            txt = doc.export_to_html()
        else:
            dd = doc.export_to_dict()
            txt = json.dumps(dd, ensure_ascii=False, indent=1)
        # the source temp path / name leak into origin: make it the output's stem
        txt = txt.replace(os.path.dirname(s), "").replace(os.path.basename(s), os.path.basename(d))
        with open(d, "w", encoding="utf-8") as fh:
            fh.write(txt)


def _unstructured_nlp():
    """unstructured >= 0.2x downloads spaCy's en_core_web_sm from GitHub at first use (no network
    here).  Give it a blank multilingual spaCy pipeline with a rule sentencizer instead: it only
    feeds the Title/NarrativeText heuristics (pos_tag is empty, so fewer 'NarrativeText' calls);
    table elements and text_as_html come from the document structure and are unaffected."""
    import spacy
    import unstructured.nlp.tokenize as tk
    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    tk._get_nlp = lambda: nlp


def unstructured(pairs):
    _unstructured_nlp()
    from unstructured.partition.docx import partition_docx
    from unstructured.partition.html import partition_html
    from unstructured.partition.xlsx import partition_xlsx
    for s, d in pairs:
        ext = os.path.splitext(s)[1].lower()
        fn = {".docx": partition_docx, ".html": partition_html, ".xlsx": partition_xlsx}[ext]
        els = fn(filename=s)
        out = []
        for e in els:
            x = e.to_dict()
            md = x.get("metadata", {})
            for k in ("last_modified", "file_directory"):
                md.pop(k, None)
            if "filename" in md:
                md["filename"] = os.path.basename(d)
            out.append(x)
        with open(d, "w", encoding="utf-8") as fh:
            json.dump(out, fh, ensure_ascii=False, indent=1)


def markitdown(pairs):
    from markitdown import MarkItDown
    mi = MarkItDown()
    for s, d in pairs:
        with open(d, "w", encoding="utf-8") as fh:
            fh.write(mi.convert(s).text_content)


def pandas_html_to_xlsx(pairs):
    """pandas.read_html (lxml/bs4) -> DataFrame per table -> to_excel: read_html COPIES span values."""
    import pandas as pd
    for s, d in pairs:
        dfs = pd.read_html(s, flavor="bs4", encoding="utf-8")
        with pd.ExcelWriter(d, engine="openpyxl") as xw:
            r = 0
            for df in dfs:
                # a <thead> row becomes the (Multi)Index header: put it back as the first data row(s)
                if df.columns.nlevels > 1 or not all(isinstance(c, int) for c in df.columns):
                    hdr = pd.DataFrame([list(t) if isinstance(t, tuple) else [t] * 1 for t in df.columns]).T
                    hdr.columns = range(len(df.columns))
                    df.columns = range(len(df.columns))
                    df = pd.concat([hdr, df], ignore_index=True)
                df.to_excel(xw, sheet_name="Sheet1", startrow=r, index=False, header=False)
                r += len(df) + 2


def pandas_xlsx_to_html(pairs):
    """pandas.read_excel(header=None) of every sheet -> to_html: merged cells become NaN."""
    import pandas as pd
    for s, d in pairs:
        sheets = pd.read_excel(s, sheet_name=None, header=None, dtype=object)
        parts = []
        for name, df in sheets.items():
            parts.append(df.to_html(na_rep="", index=False, header=False))
        with open(d, "w", encoding="utf-8") as fh:
            fh.write("\n".join(parts))


def pandas_xlsx_to_csv(pairs):
    import pandas as pd
    for s, d in pairs:
        df = pd.read_excel(s, sheet_name=0, header=None, dtype=object)
        df.to_csv(d, index=False, header=False, encoding="utf-8-sig")


def copy_src(pairs):
    for s, d in pairs:
        shutil.copy(s, d)


# --------------------------------------------------------------------------- combinations
# name: (source kind, output ext, tool key, format label, converter(pairs, tmp))

LO_CSV_UTF8 = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false"
LO_CSV_GBK = "csv:Text - txt - csv (StarCalc):44,34,67,1,,0,false,true,true,false"  # 67 = GBK (names are not accepted; "GBK" silently gives UTF-8)

COMBOS = {
    # authoritative sources themselves (written by libraries, laid out here)
    "src_html":           ("html", "html", "html", "handwritten_html", lambda p, t: copy_src(p)),
    "pydocx_docx":        ("docx", "docx", "python-docx", "python-docx_docx", lambda p, t: copy_src(p)),
    "openpyxl_xlsx":      ("xlsx", "xlsx", "openpyxl", "openpyxl_xlsx", lambda p, t: copy_src(p)),
    # LibreOffice
    "lo_html2docx":       ("html", "docx", "libreoffice", "libreoffice_docx",
                           lambda p, t: soffice(p, "docx:MS Word 2007 XML", t, infilter="HTML (StarWriter)")),
    "lo_docx2odt":        ("docx", "odt", "libreoffice", "libreoffice_odt", lambda p, t: soffice(p, "odt", t)),
    "lo_docx2html":       ("docx", "html", "libreoffice", "libreoffice_writer_html",
                           lambda p, t: soffice(p, "html:HTML (StarWriter)", t)),
    "lo_docx2xhtml":      ("docx", "html", "libreoffice", "libreoffice_xhtml",
                           lambda p, t: soffice(p, "html:XHTML Writer File:UTF8", t)),
    "lo_xlsx2xls":        ("xlsx", "xls", "libreoffice", "libreoffice_xls", lambda p, t: soffice(p, "xls:MS Excel 97", t)),
    "lo_xlsx2ods":        ("xlsx", "ods", "libreoffice", "libreoffice_ods", lambda p, t: soffice(p, "ods", t)),
    "lo_xlsx2csv_utf8":   ("xlsx1", "csv", "libreoffice", "libreoffice_csv_utf8", lambda p, t: soffice(p, LO_CSV_UTF8, t)),
    "lo_xlsx2csv_gbk":    ("xlsx1", "csv", "libreoffice", "libreoffice_csv_gbk", lambda p, t: soffice(p, LO_CSV_GBK, t)),
    "lo_xlsx2html":       ("xlsx", "html", "libreoffice", "libreoffice_calc_html",
                           lambda p, t: soffice(p, "html:HTML (StarCalc)", t)),
    # pandoc
    "pandoc_docx2html":   ("docx", "html", "pandoc", "pandoc_html", lambda p, t: pandoc(p, "docx", "html5", ["-s"])),
    "pandoc_docx2gfm":    ("docx", "md", "pandoc", "pandoc_gfm", lambda p, t: pandoc(p, "docx", "gfm")),
    "pandoc_docx2md":     ("docx", "md", "pandoc", "pandoc_markdown", lambda p, t: pandoc(p, "docx", "markdown")),
    "pandoc_html2gfm":    ("html", "md", "pandoc", "pandoc_gfm", lambda p, t: pandoc(p, "html", "gfm")),
    "pandoc_html2docx":   ("html", "docx", "pandoc", "pandoc_docx", lambda p, t: pandoc(p, "html", "docx")),
    # docling (backends, no models)
    "docling_docx2md":    ("docx", "md", "docling", "docling_md", lambda p, t: docling(p, "md")),
    "docling_docx2html":  ("docx", "html", "docling", "docling_html", lambda p, t: docling(p, "html")),
    "docling_docx2json":  ("docx", "json", "docling", "docling_json", lambda p, t: docling(p, "json")),
    "docling_xlsx2md":    ("xlsx", "md", "docling", "docling_md", lambda p, t: docling(p, "md")),
    "docling_xlsx2json":  ("xlsx", "json", "docling", "docling_json", lambda p, t: docling(p, "json")),
    "docling_html2md":    ("html", "md", "docling", "docling_md", lambda p, t: docling(p, "md")),
    "docling_html2json":  ("html", "json", "docling", "docling_json", lambda p, t: docling(p, "json")),
    # unstructured
    "unstructured_docx":  ("docx", "json", "unstructured", "unstructured_json", lambda p, t: unstructured(p)),
    "unstructured_html":  ("html", "json", "unstructured", "unstructured_json", lambda p, t: unstructured(p)),
    "unstructured_xlsx":  ("xlsx", "json", "unstructured", "unstructured_json", lambda p, t: unstructured(p)),
    # markitdown
    "markitdown_docx":    ("docx", "md", "markitdown", "markitdown_md", lambda p, t: markitdown(p)),
    "markitdown_xlsx":    ("xlsx", "md", "markitdown", "markitdown_md", lambda p, t: markitdown(p)),
    "markitdown_html":    ("html", "md", "markitdown", "markitdown_md", lambda p, t: markitdown(p)),
    # pandas
    "pandas_html2xlsx":   ("html", "xlsx", "pandas", "pandas_xlsx", lambda p, t: pandas_html_to_xlsx(p)),
    "pandas_xlsx2html":   ("xlsx", "html", "pandas", "pandas_html", lambda p, t: pandas_xlsx_to_html(p)),
    "pandas_xlsx2csv":    ("xlsx1", "csv", "pandas", "pandas_csv", lambda p, t: pandas_xlsx_to_csv(p)),
}

# chained: source made by LibreOffice from HTML, then read by another tool (DOCX as Word-ish writers make it)
CHAINS = {
    "pandoc_lodocx2gfm":  ("lo_html2docx", "md", "pandoc", "pandoc_gfm", lambda p, t: pandoc(p, "docx", "gfm")),
    "docling_lodocx2md":  ("lo_html2docx", "md", "docling", "docling_md", lambda p, t: docling(p, "md")),
}


def write_source(kind, path_noext, forms, v):
    if kind == "html":
        p = path_noext + ".html"
        write_html(p, forms, v)
        return p, {}
    if kind == "docx":
        p = path_noext + ".docx"
        write_docx(p, forms, v)
        return p, {}
    p = path_noext + ".xlsx"
    return p, write_xlsx(p, forms, v, single_sheet=(kind == "xlsx1"))


def write_source_neg(kind, path_noext, v):
    if kind == "html":
        p = path_noext + ".html"
        write_html_neg(p, v)
    elif kind == "docx":
        p = path_noext + ".docx"
        write_docx_neg(p, v)
    else:
        p = path_noext + ".xlsx"
        write_xlsx_neg(p, v)
    return p


def expected(name, ext, combo, tool, fmt, forms_info, v, extra):
    forms = []
    for form, srcs, style26 in forms_info:
        rec = {"source": ["scripts/pdfgen/specs/%s.json#forms[%d]" % s for s in srcs]}
        rec.update(form)
        rec["pages"] = None
        forms.append(rec)
    d = {
        "file": name + "." + ext,
        "generator": "%s (%s) via %s" % (ME, combo, versions()[tool]),
        "format": fmt,
        "note": "Generator ground truth, not a golden",
        "combination": combo,
        "variant": v,
        "forms": forms,
    }
    d.update(extra)
    if not forms:
        d["expected_result"] = "no form found"
    return d


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("-n", type=int, default=3, help="form documents per combination")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--neg", type=int, default=1, help="not-a-form documents per combination")
    ap.add_argument("--only", default="", help="comma-separated combination names")
    ap.add_argument("--keep-src", action="store_true", help="keep the authoritative sources in OUT/_src")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="convreal_")
    pool = S.all_forms()
    allc = dict(COMBOS)
    allc.update(CHAINS)
    only = [x for x in a.only.split(",") if x]
    names = [c for c in allc if not only or c in only]
    versions()
    report = {}
    for combo in names:
        srckind, ext, tool, fmt, conv = allc[combo]
        chain = srckind in COMBOS
        jobs = []  # (src, dst, name, forms_info, v, extra)
        sdir = os.path.join(tmp, combo)
        os.makedirs(sdir, exist_ok=True)
        for k in range(a.n + a.neg):
            rng = random.Random("%d/%s/%d" % (a.seed, combo, k))
            v = pick_variant(rng)
            neg = k >= a.n
            name = "%s_%03d" % (combo, k) if not neg else "%s_neg%d" % (combo, k - a.n)
            base = os.path.join(sdir, name)
            kind = COMBOS[srckind][0] if chain else srckind
            if neg:
                src, info, extra = write_source_neg(kind, base, v), [], {}
            else:
                info = make_forms(rng, pool)
                src, extra = write_source(kind, base, [f for f, _, _ in info], v)
            jobs.append([src, None, name, info, v, extra])
        if chain:
            # first step with the chained tool into the temp dir
            first = COMBOS[srckind]
            pairs = []
            for j in jobs:
                mid = os.path.splitext(j[0])[0] + "_mid." + first[1]
                pairs.append((j[0], mid))
                j[0] = mid
            first[4](pairs, tmp)
        pairs = []
        for j in jobs:
            j[1] = os.path.join(a.out, j[2] + "." + ext)
            pairs.append((j[0], j[1]))
        try:
            conv(pairs, tmp)
        except Exception as e:  # record and go on with the other combinations
            report[combo] = "FAILED: %s" % str(e)[:300]
            print("%-20s FAILED %s" % (combo, str(e)[:300]), file=sys.stderr)
            continue
        for src, dst, name, info, v, extra in jobs:
            if chain:
                extra = dict(extra, chain="%s then %s" % (srckind, combo))
            d = expected(name, ext, combo, tool, fmt, info, v, extra)
            try:
                lost = check_trial.missing(d, dst)
            except Exception as e:  # checker trouble must not stop the set
                lost = ["(check failed: %s)" % e]
            try:
                no_title = check_trial.title_absent(d, dst)
            except Exception:  # checker trouble: keep the authoritative truth
                no_title = False
            if no_title:
                for f in d["forms"]:
                    f["title"] = None
                d["title_not_in_output"] = True
            if lost:
                # the tool lost or rewrote these truth strings: the truth stays the authoritative
                # document's, but a reader cannot be blamed for them
                d["truth_strings_missing_from_output"] = lost
            if chain:
                d["generator"] = "%s (%s) via %s, then %s" % (ME, combo, versions()[COMBOS[srckind][2]],
                                                           versions()[tool])
            with open(os.path.join(a.out, name + ".expected.json"), "w", encoding="utf-8") as fh:
                json.dump(d, fh, ensure_ascii=False, indent=1)
                fh.write("\n")
        report[combo] = "%d files" % len(jobs)
        print("%-20s %s" % (combo, report[combo]))
    if a.keep_src:
        shutil.copytree(tmp, os.path.join(a.out, "_src"), dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("lo_profile", "lo_out*"))
    man = os.path.join(a.out, "MANIFEST.json")
    if only and os.path.exists(man):  # a partial run adds to the manifest of the set
        with open(man, encoding="utf-8") as fh:
            old = json.load(fh)["combinations"]
        old.update(report)
        report = old
    with open(man, "w", encoding="utf-8") as fh:
        json.dump({"seed": a.seed, "n": a.n, "neg": a.neg, "versions": versions(), "combinations": report},
                  fh, ensure_ascii=False, indent=1)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
