#!/usr/bin/env python3
"""Sanity check of a generated set: every truth string (names, amounts, indicator texts, targets)
must be findable in the output's text (HTML unescaped, JSON decoded, spreadsheets via pandas/openpyxl).
Reports misses per combination; amounts are compared with and without thousands separators."""
import glob, html, json, os, re, sys, zipfile
import pandas as pd

def text_of(p):
    ext = os.path.splitext(p)[1]
    if ext in (".xlsx", ".xls", ".ods"):
        out = []
        for df in pd.read_excel(p, sheet_name=None, header=None, dtype=str).values():
            out += [str(x) for x in df.values.ravel() if isinstance(x, str)]
        if ext == ".xlsx":  # formulas written as text by pandas: openpyxl sees "=100%"
            import openpyxl
            for ws in openpyxl.load_workbook(p).worksheets:
                out += [str(c.value) for r in ws.iter_rows() for c in r if c.value is not None]
        return "\n".join(out)
    if ext in (".docx", ".odt"):
        z = zipfile.ZipFile(p)
        x = z.read("word/document.xml" if ext == ".docx" else "content.xml").decode()
        x = re.sub(r"</w:p>|</text:p>", "\n", x)
        return html.unescape(re.sub(r"<[^>]+>", "", x))
    b = open(p, "rb").read()
    try:
        s = b.decode("utf-8-sig")
    except UnicodeDecodeError:
        s = b.decode("gbk")
    if ext == ".json":
        s = json.dumps(json.loads(s), ensure_ascii=False)
        s = s.encode().decode("unicode_escape", "ignore") if False else s
    s = html.unescape(re.sub(r"<[^>]+>", "", s)) if ext in (".html",) else html.unescape(s)
    return s

def norm(s):
    s = html.unescape(re.sub(r"<br\s*/?>", "", s))
    s = s.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
    return re.sub(r"[\s\\|*]+", "", s)

def missing(t, p):
    """Truth strings of expected dict t that cannot be found in output file p."""
    txt = norm(text_of(p))
    miss = []
    for f in t["forms"]:
        keys = [f["project_name"], f["department"], f["implementing_unit"], f["project_category"]]
        keys += [v for v in f["funding"].values() if v]
        keys += [x["level3"] for x in f["indicators"]] + [x["target"] for x in f["indicators"]]
        for k in keys:
            k2 = norm(k)
            alts = {k2, k2.replace(",", ""), re.sub(r"\.00$", "", k2.replace(",", "")),
                    re.sub(r"\.0+$", ".0", k2.replace(",", ""))}
            if not any(a in txt for a in alts) and k not in miss:
                miss.append(k)
    if not t["forms"] and "财政项目支出绩效目标申报表" in txt:
        miss.append("negative doc holds a form title")
    return miss


def title_absent(t, p):
    """True when no form title of expected dict t is anywhere in output file p (pandas keeps only the
    table): the README's rule is then a null title with a warning, so the truth must say null too."""
    txt = norm(text_of(p))
    return bool(t["forms"]) and not any(norm(f["title"]) in txt for f in t["forms"] if f["title"])


def main(d):
    bad = {}
    for e in sorted(glob.glob(os.path.join(d, "*.expected.json"))):
        t = json.load(open(e, encoding="utf-8"))
        p = os.path.join(d, t["file"])
        miss = missing(t, p)
        if miss:
            bad.setdefault(t["combination"], []).append((t["file"], len(miss), miss[:4]))
    for c, v in bad.items():
        for x in v:
            print(c, *x)
    print("files with misses:", sum(len(v) for v in bad.values()))

if __name__ == "__main__":
    main(sys.argv[1])
