#!/usr/bin/env python3
"""One-page stress forms (for the png/jpeg scan kinds, which hold one page): like
scripts/pdfgen/stress.py documents (its random styles, recombined forms and renderer) but with a
single form cut to few enough indicators that it fits one page. Writes <name>.pdf and
<name>.expected.json in the stress.py format ("stress" block included, plus "one_page": true).

Usage: onepage.py --out DIR [-n 10] [--seed 1] [--borderless-share 0.25] [--prefix p]
"""
import argparse
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pdfgen"))
import stress as S  # noqa: E402  (pick_style, recombine, layout_form, render_pages)

STYLE_KEYS = ["font", "fs", "rules", "repeat_header", "close_at_break", "allow_row_split", "merged_text",
              "page_numbers", "page_number_format", "outer_w", "unit_line", "unit_text", "landscape",
              "table_w", "label_w", "l1_w", "l2_w", "tgt_w", "leading", "pady", "min_row_h", "value_align",
              "amount_align", "tgt_align", "l3_align", "fund_label"]


def make_one_page(rng, name, out, borderless, pool):
    st = S.pick_style(rng, borderless)
    form, srcs, style26 = S.recombine(rng, pool)
    keep = rng.randint(5, 16)
    form["indicators"] = form["indicators"][:keep]
    st["first_bottom"] = st["margin_bottom"]
    for _ in range(60):
        pages, info = S.layout_form(form, st, None, None)
        if len(pages) == 1:
            break
        goals = max(len(form["overall_goal"]), len(form["annual_goal"]))
        if len(form["indicators"]) > 9:
            form["indicators"] = form["indicators"][:-2]
        elif goals > 120:  # long goal texts: keep the first half (what is printed is the truth)
            for k in ("overall_goal", "annual_goal"):
                if len(form[k]) > 120:
                    form[k] = form[k][: len(form[k]) // 2].rstrip("，、；") + "。"
        elif len(form["indicators"]) > 4:
            form["indicators"] = form["indicators"][:-1]
        else:
            st["fs"] = max(8.0, st["fs"] - 1)
    else:
        raise RuntimeError("%s: the form does not fit one page" % name)
    rec = {"source": ["scripts/pdfgen/specs/%s.json#forms[%d]" % s for s in srcs], "pages": [1, 1]}
    rec.update(form)
    rec["layout"] = {
        "indicator_pages": [[1, 1] for _ in form["indicators"]],
        "rows_split_across_pages": [],
        "header_repeated_on_continuation_pages": False,
        "style_2026": style26,
        "starts_mid_page": False,
    }
    st["pdf_title"] = rec["project_name"]
    S.render_pages(os.path.join(out, name + ".pdf"), pages, st)
    d = {
        "file": name + ".pdf",
        "page_count": 1,
        "generator": "scripts/scangen/onepage.py (scripts/pdfgen/stress.py styles)",
        "note": "Generator ground truth, not a golden.",
        "exercises": "random one-page stress form",
        "borderless": borderless,
        "one_page": True,
        "stress": dict({k: st[k] for k in STYLE_KEYS}, new_page_per_form=True),
        "forms": [rec],
    }
    with open(os.path.join(out, name + ".expected.json"), "w", encoding="utf-8") as fh:
        json.dump(d, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("-n", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--borderless-share", type=float, default=0.25)
    ap.add_argument("--prefix", default="p")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    pool = S.all_forms()
    for k in range(a.n):
        rng = random.Random("onepage/%d/%d" % (a.seed, k))
        bl = rng.random() < a.borderless_share
        name = "%s%03d%s" % (a.prefix, k, "_bl" if bl else "")
        make_one_page(rng, name, a.out, bl, pool)
        print(name)


if __name__ == "__main__":
    main()
