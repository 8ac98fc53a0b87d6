#!/usr/bin/env python3
"""Office-suite PDFs for jixiao with known ground truth: forms laid out and paginated by
LibreOffice Calc (XLSX written by openpyxl) and Writer (DOCX written by python-docx).

Each document holds 1-2 random forms from scripts/pdfgen/stress.py recombine() (the form grid is
convreal/make_set.py grid()); the office suite, not this script, decides the page breaks.
Every <name>.pdf gets <name>.expected.json (the convreal/stress truth format, scorable by
scripts/pdfgen/stress_eval.py) with the random layout choices in "variant"; "pages" is read
back from the PDF text (page of the form's title .. last page holding its rows).

Usage: venv/bin/python make_set.py --out DIR [-n 4] [--seed 1] [--only calc,writer] [--keep-src]
Needs: openpyxl, python-docx, reportlab (stress.py), pandas (convreal/check_trial.py),
soffice, pdftotext.  Output: DIR/{calc,writer}_NNN.pdf + .expected.json, DIR/MANIFEST.json,
DIR/by_variant/<variant>/ (symlinks, to score each variant on its own).
"""
import argparse
import importlib.metadata as imd
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
CONVREAL = os.path.join(HERE, "..", "convreal")
sys.path.insert(0, os.path.join(HERE, "..", "pdfgen"))
sys.path.insert(0, CONVREAL)
import stress as S  # noqa: E402  (all_forms, recombine)
import make_set as CR  # noqa: E402  (grid, tables_of, year_line, _num: the convreal form grid)

ME = "officepdf/make_set.py"
TITLE = "财政项目支出绩效目标申报表"
FONTS = ["宋体", "SimSun", "Noto Serif CJK SC", "Noto Sans CJK SC"]
FOOTERS = ["第 {P} 页", "第{P}页，共{N}页", "- {P} -"]
FOOTER_RE = re.compile(r"^(第\s*\d+\s*页(，共\s*\d+\s*页)?|-\s*\d+\s*-)$")


# --------------------------------------------------------------------------- setup / versions


def ensure_soffice():
    if shutil.which("soffice"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "libreoffice-calc-nogui", "libreoffice-writer-nogui",
                        "fonts-noto-cjk"], check=True)
    if not shutil.which("soffice"):
        sys.exit("soffice not found (apt-get install libreoffice-calc-nogui libreoffice-writer-nogui fonts-noto-cjk)")


def versions():
    def pkg(n):
        try:
            return imd.version(n)
        except Exception:
            return None

    def cmd(c):
        try:
            r = subprocess.run(c, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
            return r.stdout.strip().splitlines()[0]
        except Exception:
            return None
    return {"libreoffice": cmd(["soffice", "--version"]), "openpyxl": pkg("openpyxl"),
            "python-docx": pkg("python-docx"), "pdftotext": cmd(["pdftotext", "-v"])}


# --------------------------------------------------------------------------- forms


def pick_forms(rng, pool, nforms):
    """nforms forms; each the one with the most indicators of 3 recombine() draws, so that the
    indicator table is long enough to run over a page break."""
    out = []
    for _ in range(nforms):
        best = max((S.recombine(rng, pool) for _ in range(3)), key=lambda t: len(t[0]["indicators"]))
        out.append(best)
    return out


def text_w(s, fs):
    """Rough printed width (pt) of s at font size fs: CJK / full-width = 1 em, the rest 0.55 em."""
    w = 0.0
    for ch in s:
        w += fs if unicodedata.east_asian_width(ch) in ("W", "F") else 0.55 * fs
    return w


# Long wrapped text takes more lines than its width says: a line may not start with closing
# punctuation nor end with an opening one, and Latin runs wrap whole. Short of room, Calc clips the
# cell's first and last lines (the text is centred), and the truth would hold text no one can see.
WRAP_LOSS = 1.12


def lines_needed(text, width_pt, fs):
    n = 0
    for para in (text or "").split("\n"):
        k = max(1, math.ceil(text_w(para, fs) / max(width_pt, fs)))
        n += k if k <= 2 else math.ceil(k * WRAP_LOSS) + 1
    return n


def row_heights(cells, nrows, col_pt, fs, lead, pad, min_h, ind_min_h, ind_rows):
    """Heights (pt) so that every cell's wrapped text fits (office suites don't grow rows for
    merged cells): single-row cells first, then spread what multi-row cells still need."""
    hs = [max(min_h, ind_min_h if r in ind_rows else 0) for r in range(nrows)]
    for c in sorted(cells, key=lambda c: c.rs):
        w = sum(col_pt[c.c:c.c + c.cs]) * 0.9 - 4
        need = lines_needed(c.text, w, fs) * fs * lead + 2 * pad
        have = sum(hs[c.r:c.r + c.rs])
        if need > have:
            for r in range(c.r, c.r + c.rs):
                hs[r] += (need - have) / c.rs
    return hs


# --------------------------------------------------------------------------- variants


def calc_variant(rng, nforms):
    v = {
        "one_table": rng.random() < 0.5,
        "year_fmt": rng.choice(["（{y}年度）", "（{y}年度）", "( {y}年度 )", "{y}年度"]),
        "unit_line": rng.random() < 0.3,
        "fund_label": rng.choice(["项目资金（元）", "项目资金（元）", "项目资金"]),
        "ind_label": rng.choice(["绩效指标", "绩效指标", "绩效\n指标"]),
        "font": rng.choice(FONTS), "font_size": rng.choice([9, 10, 10.5, 11, 12]),
        "borders": rng.choice(["all", "all", "frame", "none", "few"]),
        "merge_labels": rng.random() < 0.85,     # 一级/二级/绩效指标 merged down their rows
        "label_col_width": rng.choice([3.0, 4.0, 5.0, 7.0]),   # column A: 绩效指标 wraps vertically
        "fit_to_width": rng.random() < 0.5,
        "print_titles": rng.random() < 0.6,      # indicator header row repeated (one form per sheet only)
        "amounts_as_numbers": rng.random() < 0.4,
        "ind_row_min_h": rng.choice([0, 0, 24, 30, 36]),
        "manual_break": rng.random() < 0.35,     # a row break inside the indicator block
        "sheet_per_form": rng.random() < 0.5 if nforms > 1 else False,
        "break_before_next_form": rng.random() < 0.5,
        "footer": rng.choice([None, None] + FOOTERS),
        "margins_in": rng.choice([0.5, 0.7, 0.75, 1.0]),
    }
    if v["fit_to_width"]:  # scaled down: taller rows keep the indicator table over a page break
        v["ind_row_min_h"] = max(v["ind_row_min_h"], 30)
    return v


def writer_variant(rng, nforms):
    return {
        "one_table": rng.random() < 0.4,         # with one table the indicator header can't repeat
        "year_fmt": rng.choice(["（{y}年度）", "（{y}年度）", "( {y}年度 )", "{y}年度"]),
        "unit_line": rng.random() < 0.3,
        "fund_label": rng.choice(["项目资金（元）", "项目资金（元）", "项目资金"]),
        "ind_label": rng.choice(["绩效指标", "绩效指标", "绩效\n指标"]),
        "font": rng.choice(FONTS), "font_size": rng.choice([9, 10, 10.5, 12]),
        "borders": rng.choice(["table_grid", "table_grid", "table_grid", "none", "frame"]),
        "repeat_header": rng.random() < 0.7,     # w:tblHeader on the indicator table's header row
        "cant_split": rng.random() < 0.15,       # rows kept whole (default: rows break across pages)
        "label_col_cm": rng.choice([0.7, 0.9, 1.2, 1.6]),
        "ind_row_min_h": rng.choice([0, 0, 0, 20, 28]),
        "page_break_between_forms": rng.random() < 0.85,
        "footer": rng.choice([None, None] + FOOTERS),
        "margins_cm": rng.choice([1.8, 2.0, 2.54, 3.0]),
    }


# --------------------------------------------------------------------------- XLSX (Calc)


def write_xlsx(path, forms, v, rng):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.worksheet.pagebreak import Break
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.properties import PageSetupProperties

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    fs = v["font_size"]
    font = Font(name=v["font"], size=fs)
    thin = Side(style="thin")
    widths = [v["label_col_width"]] + [rng.choice(w) for w in ((10, 12, 14), (12, 14, 16), (14, 18, 22),
                                                                  (10, 14, 18), (18, 20, 24))]
    # Calc prints an XLSX width unit as 7 pt (measured: widths 10/20/5 -> 70/140/35 pt)
    room = (595 - 2 * 72 * v["margins_in"] - 6) / 7
    if not v["fit_to_width"]:  # must fit the printable width of A4 unscaled
        if sum(widths) > room:
            f = (room - widths[0]) / sum(widths[1:])
            widths = [widths[0]] + [math.floor(w * f * 2) / 2 for w in widths[1:]]
    else:  # wider than the page: Calc scales it down
        widths = [widths[0]] + [w + rng.choice([0, 2, 4]) for w in widths[1:]]
    col_pt = [w * 7 for w in widths]
    info = {"column_widths": widths, "sheets": [], "manual_breaks": [], "print_titles": []}

    def setup(ws):
        for col, w in zip("ABCDEF", widths):
            ws.column_dimensions[col].width = w
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "portrait"
        m = v["margins_in"]
        ws.page_margins = PageMargins(left=m, right=m, top=m, bottom=m, header=0.3, footer=0.3)
        if v["fit_to_width"]:
            ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
        if v["footer"]:
            ws.oddFooter.center.text = v["footer"].replace("{P}", "&P").replace("{N}", "&N")

    def frame(ws, r0, r1, c0, c1, edges):
        """Set border sides on the rectangle r0..r1 x c0..c1 (1-based, inclusive)."""
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                cell = ws.cell(r, c)
                b = cell.border
                cell.border = Border(
                    left=thin if ("l" in edges and c == c0) or "all" in edges else b.left,
                    right=thin if ("r" in edges and c == c1) or "all" in edges else b.right,
                    top=thin if ("t" in edges and r == r0) or "all" in edges else b.top,
                    bottom=thin if ("b" in edges and r == r1) or "all" in edges else b.bottom)

    per_sheet = v["sheet_per_form"]
    row0 = 1
    numeric = []
    setup(ws)
    for k, form in enumerate(forms):
        if k and per_sheet:
            ws = wb.create_sheet("Sheet%d" % (k + 1))
            setup(ws)
            row0 = 1
        elif k:
            if v["break_before_next_form"]:
                ws.row_breaks.append(Break(id=row0 - 1))
                info["manual_breaks"].append({"sheet": ws.title, "after_row": row0 - 1, "why": "before form %d" % k})
            else:
                row0 += 2
        info["sheets"].append(ws.title)
        ws.cell(row0, 1, form["title"]).font = Font(name=v["font"], size=fs + 6, bold=True)
        ws.cell(row0, 1).alignment = Alignment(horizontal="center", vertical="center")
        ws.merge_cells(start_row=row0, start_column=1, end_row=row0, end_column=6)
        ws.row_dimensions[row0].height = (fs + 6) * 1.6
        ws.cell(row0 + 1, 1, CR.year_line(form, v)).font = font
        ws.cell(row0 + 1, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=row0 + 1, start_column=1, end_row=row0 + 1, end_column=6)
        r = row0 + 2
        if v["unit_line"]:
            ws.cell(r, 6, "单位：元").font = font
            ws.cell(r, 6).alignment = Alignment(horizontal="right")
            r += 1
        for ti, (cells, nrows) in enumerate(CR.tables_of(form, v)):
            is_ind = v["one_table"] or ti == 1
            # rows of the indicator table (header row included) in this table's numbering
            hdr_row = next(c.r for c in cells if c.text == "一级指标") if is_ind else None
            if not v["merge_labels"]:
                cells = unmerge_labels(cells)
            ind_rows = set(range(hdr_row + 1, nrows)) if is_ind else set()
            hs = row_heights(cells, nrows, col_pt, fs, 1.3, 3, fs * 1.8, v["ind_row_min_h"], ind_rows)
            for i, h in enumerate(hs):
                ws.row_dimensions[r + i].height = round(h, 1)
            for c in cells:
                rr, cc = r + c.r, c.c + 1
                val, fmt = c.text, None
                if c.kind == "n" and v["amounts_as_numbers"]:
                    nv, fmt = CR._num(c.text)
                    if nv is not None:
                        val = nv
                        numeric.append(c.text)
                cell = ws.cell(rr, cc, val if val != "" else None)
                if isinstance(val, str) and val:
                    cell.data_type = "s"  # "=100%" is text, not a formula
                if fmt:
                    cell.number_format = fmt
                cell.font = font
                cell.alignment = Alignment(wrap_text=True, vertical="center",
                                           horizontal={"l": "center", "n": "right"}.get(c.kind, "left"))
                if c.rs > 1 or c.cs > 1:
                    ws.merge_cells(start_row=rr, start_column=cc, end_row=rr + c.rs - 1, end_column=cc + c.cs - 1)
            top, bot = r, r + nrows - 1
            b = v["borders"]
            if b == "all":
                for c in cells:
                    frame(ws, r + c.r, r + c.r + c.rs - 1, c.c + 1, c.c + c.cs, "lrtb")
            elif b == "frame":
                frame(ws, top, bot, 1, 6, "lrtb")
            elif b == "few":  # top and bottom rules, under the indicator header, between 一级 groups
                frame(ws, top, bot, 1, 6, "tb")
                if is_ind:
                    frame(ws, r + hdr_row, r + hdr_row, 1, 6, "b")
                    for c in cells:
                        if c.c == 1 and c.r > hdr_row:
                            frame(ws, r + c.r + c.rs - 1, r + c.r + c.rs - 1, 2, 6, "b")
            if is_ind:
                if v["print_titles"] and (per_sheet or len(forms) == 1):
                    ws.print_title_rows = "%d:%d" % (r + hdr_row, r + hdr_row)
                    info["print_titles"].append({"sheet": ws.title, "row": r + hdr_row})
                if v["manual_break"] and nrows - hdr_row > 8:
                    at = r + rng.randint(hdr_row + 3, nrows - 3)
                    ws.row_breaks.append(Break(id=at))
                    info["manual_breaks"].append({"sheet": ws.title, "after_row": at, "why": "inside indicators"})
            r += nrows
        row0 = r
    wb.save(path)
    info["amounts_as_numbers"] = bool(numeric)
    return info


def unmerge_labels(cells):
    """The 一级/二级 labels and 绩效指标 without row merges: text in the first row, the rest empty."""
    out = []
    for c in cells:
        if c.rs > 1 and c.c in (0, 1, 2) and not (c.text.startswith("项目资金") or c.text == "项目绩效目标"):
            d = CR.C(c.r, c.c, c.text, 1, c.cs, c.kind)
            out.append(d)
            for r in range(c.r + 1, c.r + c.rs):
                out.append(CR.C(r, c.c, "", 1, c.cs, c.kind))
        else:
            out.append(c)
    return out


# --------------------------------------------------------------------------- DOCX (Writer)


def write_docx(path, forms, v, rng):
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    doc.core_properties.author = "jixiao officepdf"
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    m = Cm(v["margins_cm"])
    sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = m
    fs = v["font_size"]
    st = doc.styles["Normal"]
    st.font.name = v["font"]
    st.font.size = Pt(fs)
    st.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), v["font"])
    st.paragraph_format.space_after = Pt(0)
    st.paragraph_format.space_before = Pt(0)
    if v["footer"]:
        p = sec.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        parts = re.split(r"(\{P\}|\{N\})", v["footer"])
        for part in parts:
            if part in ("{P}", "{N}"):
                fld = OxmlElement("w:fldSimple")
                fld.set(qn("w:instr"), "PAGE" if part == "{P}" else "NUMPAGES")
                r = OxmlElement("w:r")
                t = OxmlElement("w:t")
                t.text = "1"
                r.append(t)
                fld.append(r)
                p._p.append(fld)
            elif part:
                p.add_run(part)
    text_w_cm = 21.0 - 2 * v["margins_cm"]
    rest = text_w_cm - v["label_col_cm"]
    shares = [rng.uniform(0.13, 0.17), rng.uniform(0.15, 0.2), rng.uniform(0.15, 0.2), rng.uniform(0.15, 0.22)]
    shares.append(1.0 - sum(shares))
    widths = [Cm(v["label_col_cm"])] + [Cm(rest * s) for s in shares]
    info = {"column_widths_cm": [round(v["label_col_cm"], 2)] + [round(rest * s, 2) for s in shares],
            "header_repeated": False}

    def borders(t, kind):
        tblPr = t._tbl.tblPr
        tb = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            e = OxmlElement("w:" + edge)
            on = kind == "frame" and edge in ("top", "left", "bottom", "right")
            e.set(qn("w:val"), "single" if on else "nil")
            if on:
                e.set(qn("w:sz"), "4")
                e.set(qn("w:space"), "0")
                e.set(qn("w:color"), "000000")
            tb.append(e)
        tblPr.append(tb)

    for k, form in enumerate(forms):
        if k:
            if v["page_break_between_forms"]:
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            else:
                doc.add_paragraph("")
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(form["title"])
        run.font.size = Pt(fs + 7)
        run.bold = True
        p = doc.add_paragraph(CR.year_line(form, v))
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if v["unit_line"]:
            p = doc.add_paragraph("单位：元")
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        tabs = CR.tables_of(form, v)
        for ti, (cells, nrows) in enumerate(tabs):
            if ti:  # keep the two tables apart (adjacent tables would be joined into one)
                sp = doc.add_paragraph()
                sp.paragraph_format.line_spacing = Pt(2)
                for r_ in sp.runs:
                    r_.font.size = Pt(1)
            t = doc.add_table(rows=nrows, cols=6)
            if v["borders"] == "table_grid":
                t.style = "Table Grid"
            else:
                borders(t, v["borders"])
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            t.autofit = False
            for i, w in enumerate(widths):
                t.columns[i].width = w
            for row in t.rows:
                for i, cell in enumerate(row.cells):
                    cell.width = widths[i]
            is_ind = v["one_table"] or ti == 1
            hdr_row = next(c.r for c in cells if c.text == "一级指标") if is_ind else None
            for i, row in enumerate(t.rows):
                trPr = row._tr.get_or_add_trPr()
                if v["cant_split"]:
                    trPr.append(OxmlElement("w:cantSplit"))
                if is_ind and i == hdr_row and v["repeat_header"] and hdr_row == 0:
                    trPr.append(OxmlElement("w:tblHeader"))
                    info["header_repeated"] = True
                if is_ind and i > hdr_row and v["ind_row_min_h"]:
                    row.height = Pt(v["ind_row_min_h"])
                    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            for c in cells:
                a = t.cell(c.r, c.c)
                if c.rs > 1 or c.cs > 1:
                    a = a.merge(t.cell(c.r + c.rs - 1, c.c + c.cs - 1))
                lines = (c.text or "").split("\n")
                para = a.paragraphs[0]
                para.text = lines[0]
                for extra in lines[1:]:
                    a.add_paragraph(extra)
                a.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
                for pp in a.paragraphs:
                    if c.kind == "l":
                        pp.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    elif c.kind == "n":
                        pp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(path)
    return info


# --------------------------------------------------------------------------- conversion / checks


def soffice_pdf(srcs, outdir, profile, filt):
    cmd = ["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--norestore", "--nolockcheck",
           "--convert-to", filt, "--outdir", outdir] + srcs
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=1800)
    if r.returncode != 0:
        raise RuntimeError("soffice failed: %s" % r.stderr[-800:])


def pdf_pages_text(pdf):
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], stdout=subprocess.PIPE, text=True, check=True)
    pages = r.stdout.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return pages


def nz(s):
    return re.sub(r"\s+", "", s or "")


def content(page):
    """A page's text without page-number footer lines."""
    return "\n".join(ln for ln in page.splitlines() if ln.strip() and not FOOTER_RE.match(ln.strip()))


def form_pages(pages, nforms):
    """[first, last] (1-based) per form: a form starts on the page of its title; it ends on the
    next form's first page if text precedes that title there, else on the page before; the last
    form ends on the last page with content."""
    starts = []
    for i, p in enumerate(pages):
        starts += [i + 1] * nz(content(p)).count(TITLE)
    if len(starts) != nforms:
        return None
    last = max((i + 1 for i, p in enumerate(pages) if nz(content(p))), default=len(pages))
    out = []
    for k, s in enumerate(starts):
        if k + 1 < nforms:
            nxt = starts[k + 1]
            before = nz(content(pages[nxt - 1])).split(TITLE)[0]
            end = nxt if before else nxt - 1
        else:
            end = last
        out.append([s, end])
    return out


def in_order(key, txt):
    """key's characters in order within a window of txt starting at key's first two characters:
    side-by-side wrapped cells interleave their lines in the text, and a row split by a page
    break has the footer, the repeated header and the other cells' first parts in between."""
    win = 4 * len(key) + 400
    for m in re.finditer(re.escape(key[:2]), txt):
        i = m.start()
        j = 0
        for ch in txt[i:i + win]:
            if ch == key[j]:
                j += 1
                if j == len(key):
                    return True
    return False


def missing_strings(forms, pages):
    """Truth strings (check_trial's list plus the goal texts) not in the PDF text, compared
    without whitespace.  A string whose characters are all there in order (interleaved with a
    neighbouring cell's lines) counts as present."""
    txt = nz("".join(pages))
    keys = []
    for f in forms:
        keys += [f["project_name"], f["department"], f["implementing_unit"], f["project_category"],
                 f["overall_goal"], f["annual_goal"]]
        keys += [x for x in f["funding"].values() if x]
        keys += [x["level3"] for x in f["indicators"]] + [x["target"] for x in f["indicators"]]
    return [k for k in dict.fromkeys(keys) if nz(k) and nz(k) not in txt and not in_order(nz(k), txt)]


def raw_text(pdf):
    r = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], stdout=subprocess.PIPE, text=True, check=True)
    return r.stdout


# --------------------------------------------------------------------------- main

VARIANTS = {
    "calc": ("xlsx", calc_variant, write_xlsx, "pdf:calc_pdf_Export", "libreoffice_calc_pdf"),
    "writer": ("docx", writer_variant, write_docx, "pdf:writer_pdf_Export", "libreoffice_writer_pdf"),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("-n", type=int, default=4, help="documents per variant")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="", help="comma-separated variants (calc, writer)")
    ap.add_argument("--keep-src", action="store_true", help="keep the XLSX/DOCX sources in OUT/_src")
    a = ap.parse_args()
    ensure_soffice()
    os.makedirs(a.out, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="officepdf_")
    profile = os.path.join(tmp, "lo_profile")
    pool = S.all_forms()
    vers = versions()
    only = [x for x in a.only.split(",") if x]
    report = {}
    for name_v, (ext, pick, write, filt, fmt) in VARIANTS.items():
        if only and name_v not in only:
            continue
        sdir = os.path.join(tmp, name_v)
        odir = os.path.join(tmp, name_v + "_pdf")
        os.makedirs(sdir)
        os.makedirs(odir)
        jobs = []
        for k in range(a.n):
            rng = random.Random("%d/%s/%d" % (a.seed, name_v, k))
            nforms = rng.choice([1, 1, 2])
            info = pick_forms(rng, pool, nforms)
            v = pick(rng, nforms)
            name = "%s_%03d" % (name_v, k)
            src = os.path.join(sdir, name + "." + ext)
            layout = write(src, [f for f, _, _ in info], v, rng)
            jobs.append((name, src, info, v, layout))
        soffice_pdf([j[1] for j in jobs], odir, profile, filt)
        vdir = os.path.join(a.out, "by_variant", name_v)
        os.makedirs(vdir, exist_ok=True)
        nfiles = 0
        for name, src, info, v, layout in jobs:
            got = os.path.join(odir, name + ".pdf")
            if not os.path.exists(got):
                print("%s: soffice wrote no PDF" % name, file=sys.stderr)
                continue
            dst = os.path.join(a.out, name + ".pdf")
            shutil.move(got, dst)
            pages = pdf_pages_text(dst)
            fp = form_pages(pages, len(info))
            forms = []
            for i, (form, srcs, style26) in enumerate(info):
                rec = {"source": ["scripts/pdfgen/specs/%s.json#forms[%d]" % s for s in srcs]}
                rec.update(form)
                rec["pages"] = fp[i] if fp else None
                rec["layout"] = {"style_2026": style26, "indicators": len(form["indicators"])}
                forms.append(rec)
            d = {"file": name + ".pdf", "page_count": len(pages),
                 "generator": "%s (%s) via %s" % (ME, name_v, vers["libreoffice"]),
                 "format": fmt, "note": "Generator ground truth, not a golden", "combination": name_v,
                 "borderless": v["borders"] == "none", "variant": dict(v, **layout), "forms": forms}
            if fp is None:
                d["pages_unknown"] = "title found %d times for %d forms" % (
                    sum(nz(content(p)).count(TITLE) for p in pages), len(info))
            lost = missing_strings(forms, pages)
            if lost:
                rawt = nz(raw_text(dst))
                lost = [k for k in lost if nz(k) not in rawt]
            if lost:
                d["truth_strings_missing_from_output"] = lost
            with open(os.path.join(a.out, name + ".expected.json"), "w", encoding="utf-8") as fh:
                json.dump(d, fh, ensure_ascii=False, indent=1)
                fh.write("\n")
            for fn in (name + ".pdf", name + ".expected.json"):
                lk = os.path.join(vdir, fn)
                if os.path.lexists(lk):
                    os.remove(lk)
                os.symlink(os.path.join("..", "..", fn), lk)
            if a.keep_src:
                os.makedirs(os.path.join(a.out, "_src"), exist_ok=True)
                shutil.copy(src, os.path.join(a.out, "_src"))
            nfiles += 1
            print("%s %d pages, forms %s, pages %s%s" % (name, len(pages), [len(f["indicators"]) for f in forms],
                                                        fp, ", MISSING %d" % len(lost) if lost else ""))
        report[name_v] = "%d files" % nfiles
    with open(os.path.join(a.out, "MANIFEST.json"), "w", encoding="utf-8") as fh:
        json.dump({"seed": a.seed, "n": a.n, "generator": ME, "versions": vers, "variants": report},
                  fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
