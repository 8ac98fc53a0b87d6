#!/usr/bin/env python3
"""Runs jixiao on every input file in a stress folder that has a sibling <name>.expected.json
(PDFs from scripts/pdfgen/stress.py or officegen.py; scans from scripts/scangen/: .pdf, .png,
.jpg/.jpeg, .tif/.tiff) and compares like crates/pipeline/tests/ground_truth.rs: per-file
problems, then totals (indicator accuracy for bordered vs borderless documents, per-field
accuracy, crashes/timeouts). When some expected.json files have a "scan" block (scanify.py),
accuracy is also reported by scan kind, by dpi, and clean-ish (>= 300 dpi, |rotation| < 0.3,
no seal, no shadow) vs the rest, with the number of files jixiao refused (not read / needs OCR).

Usage: stress_eval.py [DIR=/tmp/stress] [--bin target/release/jixiao] [--quiet] [--json OUT]
"""
import argparse
import collections
import json
import os
import re
import subprocess
import unicodedata

FUNDING = {"project_total": "total", "project_fiscal": "fiscal", "project_other": "other",
           "annual_total": "annual_total", "annual_current_fiscal": "annual_appropriation",
           "annual_carryover": "annual_carryover", "annual_other": "annual_other"}


QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def norm(text):
    text = unicodedata.normalize("NFKC", text or "")
    # a tool may render `>=` as `≥` (LaTeX \geq): the same target
    # a tool may straighten curly quotes (pandoc's Markdown, Docling's HTML backend): the same text
    text = text.translate(QUOTES)
    return re.sub(r"\s+", "", text).replace("＝", "=").replace("≥", ">=").replace("≤", "<=")


def amount(text):
    text = (text or "").replace(",", "").strip()
    return float(text) if text else None


def date(text):
    m = re.match(r"(\d{4})\D(\d{1,2})\D(\d{1,2})", text or "")
    return "%s-%02d-%02d" % (m[1], int(m[2]), int(m[3])) if m else None


def indicators_of(r):
    return [(x.get("level1"), x.get("level2"), norm(x.get("level3")), norm((x.get("target") or {}).get("raw")))
            for x in r.get("indicators", [])]


def align(exp, got):
    """LCS alignment of expected and got indicator tuples -> number of exact matches.
    (Positional comparison, as in the ground-truth test, makes one lost row cost every row after it.)"""
    n, m = len(exp), len(got)
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            dp[i][j] = dp[i + 1][j + 1] + 1 if exp[i] == got[j] else max(dp[i + 1][j], dp[i][j + 1])
    return dp[0][0]


INPUT_EXTS = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".txt", ".md", ".html", ".htm", ".xhtml", ".json",
              ".csv", ".xlsx", ".xls", ".ods", ".docx", ".odt")
FIELD_NAMES = ["project_name", "department", "implementing_unit", "project_category", "planned_start",
               "planned_end", "funding", "overall_goal", "annual_goal", "fiscal_year", "pages", "title"]


def inputs(folder):
    """(input path, expected.json path) for every input file with a sibling expected.json, sorted."""
    out = []
    for name in sorted(os.listdir(folder)):
        base, ext = os.path.splitext(name)
        path = os.path.join(folder, name)
        if ext.lower() in INPUT_EXTS and os.path.isfile(path):
            exp = os.path.join(folder, base + ".expected.json")
            if os.path.exists(exp):
                out.append((path, exp))
    return out


def clean_ish(scan):
    return (scan.get("dpi", 0) >= 300 and abs(scan.get("rotate_deg") or 0) < 0.3
            and (scan.get("seal") or "none") == "none" and not scan.get("shadow"))


def refusal(stderr):
    """Why jixiao returned nothing for a file, in a few words (for the scan tables)."""
    s = (stderr or "").lower()
    if "not read yet" in s:
        return "not read yet"
    if "no declaration form" in s or "no form" in s:
        return "no form found"
    if "ocr" in s:
        return "needs OCR"
    return "other error" if s.strip() else ""


def print_groups(title, groups):
    """groups: {label: stats}; stats = {files, ok, ind, pos, al, fields_t, fields_r, funding_t, funding_r,
    refused: Counter}"""
    print("%s:" % title)
    for label in sorted(groups, key=str):
        g = groups[label]
        ref = ", ".join("%s %d" % kv for kv in sorted(g["refused"].items()))
        print("  %-14s files ok %d/%d; indicators aligned %d/%d (%.1f%%); fields %d/%d (%.1f%%); "
              "funding %d/%d%s" % (label, g["ok"], g["files"], g["al"], g["ind"], 100.0 * g["al"] / g["ind"] if g["ind"] else 0,
                                   g["fields_r"], g["fields_t"], 100.0 * g["fields_r"] / g["fields_t"] if g["fields_t"] else 0,
                                   g["funding_r"], g["funding_t"], "; no forms: " + ref if ref else ""))


def new_group():
    return {"files": 0, "ok": 0, "ind": 0, "pos": 0, "al": 0, "fields_t": 0, "fields_r": 0, "funding_t": 0,
            "funding_r": 0, "refused": collections.Counter()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default="/tmp/stress")
    ap.add_argument("--bin", default="target/release/jixiao")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--json", help="write per-file results here")
    ap.add_argument("--timeout", type=float, default=60)
    a = ap.parse_args()
    ind = {False: [0, 0, 0], True: [0, 0, 0]}  # [total, positional right, aligned right]
    fields = collections.defaultdict(lambda: [0, 0])  # name -> [total, right]
    # the same, only for converted files whose tool kept every truth string
    fields_kept = collections.defaultdict(lambda: [0, 0])
    crashes, files_ok, results = [], {False: [0, 0], True: [0, 0]}, []
    formats = collections.defaultdict(lambda: [0, 0, 0, 0])  # format -> files, files ok, indicators, right
    scan_groups = {"kind": collections.defaultdict(new_group), "dpi": collections.defaultdict(new_group),
                   "clean": collections.defaultdict(new_group)}
    for pdf, exp_path in inputs(a.dir):
        exp_doc = json.load(open(exp_path))
        bl = bool(exp_doc.get("borderless"))
        expected = exp_doc["forms"]
        scan = exp_doc.get("scan")
        lossy = bool(exp_doc.get("truth_strings_missing_from_output"))
        tallies = [fields] + ([fields_kept] if exp_doc.get("format") and not lossy else [])

        def tally(name, right):
            for t in tallies:
                t[name][0] += 1
                t[name][1] += right
        problems = []
        fs = new_group()  # this file's counts, for the scan tables
        try:
            run = subprocess.run([a.bin, "extract", "--format", "jsonl", pdf], capture_output=True,
                                 text=True, timeout=a.timeout)
            got = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
            if run.returncode not in (0, 1) or "panicked" in run.stderr:
                crashes.append((pdf, "exit %d: %s" % (run.returncode, run.stderr.strip()[-300:])))
                problems.append("CRASH exit %d %s" % (run.returncode, run.stderr.strip()[-200:]))
        except subprocess.TimeoutExpired:
            got = []
            crashes.append((pdf, "timeout"))
            problems.append("TIMEOUT")
            run = None
        if len(got) != len(expected):
            problems.append("%d forms, expected %d (%s)" % (len(got), len(expected),
                                                            run.stderr.strip()[:200] if run else ""))
        # pair forms by project name where possible, else by order
        pairs = []
        used = set()
        for f in expected:
            j = next((k for k, r in enumerate(got) if k not in used and norm(r.get("project_name")) == norm(f["project_name"])), None)
            if j is None:
                j = next((k for k in range(len(got)) if k not in used), None)
            if j is not None:
                used.add(j)
            pairs.append((f, got[j] if j is not None else None))
        for i, (f, r) in enumerate(pairs):
            exp = [(x["level1"], x["level2"], norm(x["level3"]), norm(x["target"])) for x in f["indicators"]]
            ind[bl][0] += len(exp)
            fs["ind"] += len(exp)
            if r is None:
                for name in FIELD_NAMES:
                    tally(name, False)
                fs["fields_t"] += len(FIELD_NAMES)
                fs["funding_t"] += 1
                problems.append("form %d missing" % i)
                continue
            checks = [
                ("title", r.get("title"), f["title"]),
                ("fiscal_year", r.get("fiscal_year"), int(f["fiscal_year"])),
                # formats without page numbers say "pages": null
                ("pages", r.get("source", {}).get("pages") if f.get("pages") else None, f.get("pages")),
                ("planned_start", r.get("planned_start"), date(f["planned_start"])),
                ("planned_end", r.get("planned_end"), date(f["planned_end"])),
                ("overall_goal", norm(r.get("overall_goal")), norm(f["overall_goal"])),
                ("annual_goal", norm(r.get("annual_goal")), norm(f["annual_goal"])),
            ]
            for key in ("project_name", "project_category", "department", "implementing_unit"):
                checks.append((key, norm(r.get(key)), norm(f[key])))
            if "funding_unit" in f:  # truths that know the unit the form states
                checks.append(("funding_unit", (r.get("funding") or {}).get("unit"), f["funding_unit"]))
            fund_ok = True
            for theirs, ours in FUNDING.items():
                a_, b_ = (r.get("funding") or {}).get(ours), amount(f["funding"].get(theirs))
                if a_ != b_:
                    fund_ok = False
                    problems.append("form %d funding.%s: got %r, expected %r" % (i, ours, a_, b_))
            tally("funding", fund_ok)
            fs["funding_t"] += 1
            fs["funding_r"] += fund_ok
            fs["fields_t"] += 1 + len(checks)
            fs["fields_r"] += fund_ok + sum(1 for _, x, y in checks if x == y)
            for name, x, y in checks:
                tally(name, x == y)
                if x != y:
                    problems.append("form %d %s: got %r, expected %r" % (i, name, str(x)[:80], str(y)[:80]))
            ours = indicators_of(r)
            right = sum(1 for k in range(min(len(exp), len(ours))) if exp[k] == ours[k])
            ind[bl][1] += right
            al_ = align(exp, ours)
            ind[bl][2] += al_
            fs["pos"] += right
            fs["al"] += al_
            if len(ours) != len(exp):
                problems.append("form %d: %d indicators, expected %d" % (i, len(ours), len(exp)))
            for k in range(max(len(exp), len(ours))):
                x = ours[k] if k < len(ours) else None
                y = exp[k] if k < len(exp) else None
                if x != y:
                    problems.append("form %d indicator %d: got %s, expected %s" % (i, k, x, y))
        files_ok[bl][0] += 1
        files_ok[bl][1] += not problems
        # converted sets (convgen/convreal): by format, and apart the files
        # whose tool dropped text of the form (the reader cannot find it)
        fmt = exp_doc.get("format")
        if fmt:
            for key in (fmt, "(tool lost text)" if lossy else "(all text kept)"):
                g = formats[key]
                g[0] += 1
                g[1] += not problems
                g[2] += fs["ind"]
                g[3] += fs["pos"]
        res = {"file": pdf, "borderless": bl, "problems": problems}
        if scan is not None:
            why = (refusal(run.stderr) if run else "timeout") if not got else ""
            cl = clean_ish(scan)
            res["scan"] = {"kind": scan.get("kind"), "dpi": scan.get("dpi"), "clean_ish": cl, "no_forms": why}
            fs["files"], fs["ok"] = 1, int(not problems)
            if why:
                fs["refused"][why] += 1
            for table, key in (("kind", scan.get("kind")), ("dpi", "%s dpi" % scan.get("dpi")),
                               ("clean", "clean-ish" if cl else "degraded")):
                g = scan_groups[table][key]
                for k, v in fs.items():
                    if k == "refused":
                        g[k].update(v)
                    else:
                        g[k] += v
        results.append(res)
        if not a.quiet or problems:
            print("%s: %s" % (pdf, "ok" if not problems else "%d problems" % len(problems)))
            for p in problems[: (12 if a.quiet else 10 ** 6)]:
                print("   ", p)
    print()
    for bl in (False, True):
        t, pos, al = ind[bl]
        if t:
            print("%-10s files ok %d/%d; indicators right: %d/%d (%.1f%%) positional, %d/%d (%.1f%%) aligned"
                  % ("borderless" if bl else "bordered", files_ok[bl][1], files_ok[bl][0], pos, t, 100.0 * pos / t,
                     al, t, 100.0 * al / t))
    if formats:
        print("by format (indicators right by position):")
        for key, (n, ok, t, r) in sorted(formats.items()):
            print("  %-22s files ok %d/%d; indicators %d/%d (%.1f%%)" % (key, ok, n, r, t, 100.0 * r / t if t else 0))
    print("fields:")
    for name, (t, r) in sorted(fields.items()):
        print("  %-18s %d/%d (%.1f%%)" % (name, r, t, 100.0 * r / t if t else 0))
    if fields_kept and any(t != fields_kept[n][0] for n, (t, _) in fields.items()):
        print("fields, converted files whose tool kept all text:")
        for name, (t, r) in sorted(fields_kept.items()):
            print("  %-18s %d/%d (%.1f%%)" % (name, r, t, 100.0 * r / t if t else 0))
    print("crashes/timeouts: %d" % len(crashes))
    for pdf, why in crashes:
        print("  ", pdf, why)
    if scan_groups["kind"]:
        print()
        print_groups("scans by kind", scan_groups["kind"])
        print_groups("scans by dpi", scan_groups["dpi"])
        print_groups("scans clean-ish (>= 300 dpi, |rotation| < 0.3, no seal, no shadow) vs the rest",
                     scan_groups["clean"])
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(results, fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
