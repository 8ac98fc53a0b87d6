#!/usr/bin/env python3
"""Runs jixiao on every PDF in a stress folder (scripts/pdfgen/stress.py output) and compares
with <name>.expected.json like crates/pipeline/tests/ground_truth.rs: per-file problems, then totals
(indicator accuracy for bordered vs borderless documents, per-field accuracy, crashes/timeouts).

Usage: stress_eval.py [DIR=/tmp/stress] [--bin target/release/jixiao] [--quiet] [--json OUT]
"""
import argparse
import collections
import glob
import json
import os
import re
import subprocess
import unicodedata

FUNDING = {"project_total": "total", "project_fiscal": "fiscal", "project_other": "other",
           "annual_total": "annual_total", "annual_current_fiscal": "annual_appropriation",
           "annual_carryover": "annual_carryover", "annual_other": "annual_other"}


def norm(text):
    text = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"\s+", "", text).replace("＝", "=")


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
    crashes, files_ok, results = [], {False: [0, 0], True: [0, 0]}, []
    for pdf in sorted(glob.glob(os.path.join(a.dir, "*.pdf"))):
        exp_doc = json.load(open(pdf[:-4] + ".expected.json"))
        bl = bool(exp_doc.get("borderless"))
        expected = exp_doc["forms"]
        problems = []
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
            if r is None:
                for name in ["project_name", "department", "implementing_unit", "project_category", "planned_start",
                             "planned_end", "funding", "overall_goal", "annual_goal", "fiscal_year", "pages", "title"]:
                    fields[name][0] += 1
                problems.append("form %d missing" % i)
                continue
            checks = [
                ("title", r.get("title"), f["title"]),
                ("fiscal_year", r.get("fiscal_year"), int(f["fiscal_year"])),
                ("pages", r.get("source", {}).get("pages"), f["pages"]),
                ("planned_start", r.get("planned_start"), date(f["planned_start"])),
                ("planned_end", r.get("planned_end"), date(f["planned_end"])),
                ("overall_goal", norm(r.get("overall_goal")), norm(f["overall_goal"])),
                ("annual_goal", norm(r.get("annual_goal")), norm(f["annual_goal"])),
            ]
            for key in ("project_name", "project_category", "department", "implementing_unit"):
                checks.append((key, norm(r.get(key)), norm(f[key])))
            fund_ok = True
            for theirs, ours in FUNDING.items():
                a_, b_ = (r.get("funding") or {}).get(ours), amount(f["funding"].get(theirs))
                if a_ != b_:
                    fund_ok = False
                    problems.append("form %d funding.%s: got %r, expected %r" % (i, ours, a_, b_))
            fields["funding"][0] += 1
            fields["funding"][1] += fund_ok
            for name, x, y in checks:
                fields[name][0] += 1
                if x == y:
                    fields[name][1] += 1
                else:
                    problems.append("form %d %s: got %r, expected %r" % (i, name, str(x)[:80], str(y)[:80]))
            ours = indicators_of(r)
            right = sum(1 for k in range(min(len(exp), len(ours))) if exp[k] == ours[k])
            ind[bl][1] += right
            ind[bl][2] += align(exp, ours)
            if len(ours) != len(exp):
                problems.append("form %d: %d indicators, expected %d" % (i, len(ours), len(exp)))
            for k in range(max(len(exp), len(ours))):
                x = ours[k] if k < len(ours) else None
                y = exp[k] if k < len(exp) else None
                if x != y:
                    problems.append("form %d indicator %d: got %s, expected %s" % (i, k, x, y))
        files_ok[bl][0] += 1
        files_ok[bl][1] += not problems
        results.append({"file": pdf, "borderless": bl, "problems": problems})
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
    print("fields:")
    for name, (t, r) in sorted(fields.items()):
        print("  %-18s %d/%d (%.1f%%)" % (name, r, t, 100.0 * r / t if t else 0))
    print("crashes/timeouts: %d" % len(crashes))
    for pdf, why in crashes:
        print("  ", pdf, why)
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(results, fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
