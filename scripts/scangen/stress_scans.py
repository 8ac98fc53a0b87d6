#!/usr/bin/env python3
"""A fresh stress set of scanned forms for measuring jixiao on scans.

Source PDFs are generated from fresh seeds with scripts/pdfgen/stress.py (bordered mostly, some
borderless, 1-3 forms of one to several pages) into DIR/src, a share of one-page forms with
onepage.py (stress.py styles; --one-page-share), optionally some with the LibreOffice-based
officegen.py (--officegen), and each is scanned once by scanify.py with a
randomly drawn kind and degradations into DIR/<source>_<kind><dpi>.<ext> with
DIR/<source>_<kind><dpi>.expected.json (the draw is in its "scan" block and in DIR/draws.json).
Score with:  scripts/pdfgen/stress_eval.py DIR

png/jpeg hold one page: drawn for a multi-page source, they take one page that holds only
whole one-page forms (--pages), or another kind is drawn; one-page sources draw them twice as
often.

Usage: stress_scans.py --out DIR [-n 40] [--seed 1] [--clean-only] [--officegen [--officegen-share 0.25]]
                       [--borderless-share 0.25] [--one-page-share 0.25] [--kinds pdf-jpeg,tiff,...] [-j 2]
  --clean-only   300 dpi, no rotation, noise, blur, specks, seal or shadow; JPEG quality >= 70
"""
import argparse
import json
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
SCANIFY = os.path.join(HERE, "scanify.py")
STRESS = os.path.join(HERE, "..", "pdfgen", "stress.py")
ONEPAGE = os.path.join(HERE, "onepage.py")
OFFICEGEN_DEFAULT = next((p for p in (os.path.join(HERE, "..", "officegen", "officegen.py"),
                                      "/work/helpers/officegen/officegen.py") if os.path.exists(p)), None)
KIND_WEIGHTS = {"pdf-jpeg": 30, "pdf-ccitt": 15, "tiff": 15, "searchable": 10, "png": 12, "jpeg": 18}
TAG = {"pdf-jpeg": "pdfjpeg", "pdf-ccitt": "ccitt", "tiff": "tiff", "searchable": "ocr", "png": "png",
       "jpeg": "jpeg"}


def one_page_choices(doc):
    """Pages that hold only whole one-page forms (a scan of them has complete ground truth)."""
    out = []
    for p in range(1, doc["page_count"] + 1):
        on = [f for f in doc["forms"] if f["pages"][0] <= p <= f["pages"][1]]
        if on and all(f["pages"] == [p, p] for f in on):
            out.append(p)
    return out


def pick_kind(rng, kinds, boost_images=False):
    ks = [k for k in KIND_WEIGHTS if k in kinds]
    return rng.choices(ks, [KIND_WEIGHTS[k] * (2 if boost_images and k in ("png", "jpeg") else 1) for k in ks])[0]


def draw(rng, doc, kinds, clean):
    """scanify arguments for one source document, and a short tag for the name."""
    kind = pick_kind(rng, kinds, boost_images=doc["page_count"] == 1)
    pages = None
    for _ in range(20):
        if kind not in ("png", "jpeg") or doc["page_count"] == 1:
            break
        ones = one_page_choices(doc)
        if ones:
            pages = rng.choice(ones)
            break
        multi = [k for k in kinds if k not in ("png", "jpeg")]
        if not multi:
            return None
        kind = pick_kind(rng, multi)
    if kind in ("png", "jpeg") and doc["page_count"] > 1 and pages is None:
        return None
    dpi = 300 if clean else rng.choice([200, 300])
    args = ["--kind", kind, "--dpi", str(dpi)]
    if pages:
        args += ["--pages", str(pages)]
    one_bit = kind == "pdf-ccitt"
    if kind == "tiff":
        comp = "g4" if rng.random() < 0.5 else "lzw"
        args += ["--tiff-compression", comp]
        one_bit = comp == "g4"
    elif kind in ("searchable", "png") and rng.random() < 0.2:
        one_bit = True
    if one_bit:
        args += ["--threshold", str(rng.randint(150, 180) if clean else rng.randint(135, 190))]
    uses_jpeg = kind in ("pdf-jpeg", "jpeg") or (kind == "searchable" and not one_bit)
    shadow = (not clean and not one_bit and kind in ("pdf-jpeg", "jpeg", "png", "searchable")
              and rng.random() < 0.15)
    colour = not one_bit and rng.random() < (0.85 if shadow else 0.45)
    if colour:
        args.append("--colour")
    if shadow:
        args.append("--shadow")
    if uses_jpeg:
        args += ["--jpeg-quality", str(rng.randint(70, 90) if clean else rng.randint(40, 75))]
    if not clean:
        if rng.random() < 0.75:
            args += ["--rotate", "%.2f" % rng.uniform(-1.5, 1.5)]
        if rng.random() < 0.6:
            args += ["--noise", "%.1f" % rng.uniform(2, 12)]
        if rng.random() < 0.55:
            args += ["--blur", "%.2f" % (rng.uniform(0.3, 1.2) * dpi / 200.0)]
        if rng.random() < 0.4:
            args += ["--specks", "%.0f" % rng.uniform(5, 60)]
        seal = rng.choices(["none", "amounts", "last", "both"], [45, 20, 15, 20])[0]
        if seal != "none":
            args += ["--seal", seal, "--seal-colour", "red" if rng.random() < 0.85 else "blue"]
    tag = "%s%d%s" % (TAG[kind], dpi, "_p%d" % pages if pages else "")
    return args, tag


def run(cmd, **kw):
    print("+ " + " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, **kw)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("-n", type=int, default=40, help="number of source documents (one scan each)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--clean-only", action="store_true")
    ap.add_argument("--officegen", action="store_true", help="take some sources from officegen.py")
    ap.add_argument("--officegen-path", default=OFFICEGEN_DEFAULT)
    ap.add_argument("--officegen-share", type=float, default=0.25)
    ap.add_argument("--borderless-share", type=float, default=0.25)
    ap.add_argument("--one-page-share", type=float, default=0.25, help="share of one-page sources (onepage.py)")
    ap.add_argument("--kinds", default=",".join(KIND_WEIGHTS))
    ap.add_argument("-j", type=int, default=2, help="parallel scanify runs")
    a = ap.parse_args()
    kinds = [k.strip() for k in a.kinds.split(",") if k.strip()]
    bad = [k for k in kinds if k not in KIND_WEIGHTS]
    if bad or not kinds:
        sys.exit("stress_scans: unknown kinds %s (known: %s)" % (bad, ", ".join(KIND_WEIGHTS)))
    src = os.path.join(a.out, "src")
    os.makedirs(src, exist_ok=True)
    # sources from fresh seeds (the scan seed space is separate: "scan/<seed>/<name>")
    n_office = 0
    if a.officegen:
        if a.officegen_path and os.path.exists(a.officegen_path):
            n_office = int(round(a.n * a.officegen_share))
        else:
            print("stress_scans: officegen.py not found; stress.py sources only", file=sys.stderr)
    n_one = min(a.n - n_office, int(round(a.n * a.one_page_share)))
    n_stress = a.n - n_office - n_one
    if n_stress:
        run([sys.executable, STRESS, "--out", src, "-n", str(n_stress), "--seed", str(a.seed),
             "--borderless-share", str(a.borderless_share), "--prefix", "s"], check=True,
            stdout=subprocess.DEVNULL)
    if n_one:
        run([sys.executable, ONEPAGE, "--out", src, "-n", str(n_one), "--seed", str(a.seed),
             "--borderless-share", str(a.borderless_share), "--prefix", "p"], check=True,
            stdout=subprocess.DEVNULL)
    if n_office:
        r = run([sys.executable, a.officegen_path, "--out", src, "-n", str(n_office), "--seed", str(a.seed),
                 "--prefix", "o", "--borderless-share", str(a.borderless_share)], stdout=subprocess.DEVNULL)
        if r.returncode:
            print("stress_scans: officegen.py failed (exit %d); continuing with what it wrote" % r.returncode,
                  file=sys.stderr)
    sources = sorted(f[:-4] for f in os.listdir(src)
                     if f.endswith(".pdf") and os.path.exists(os.path.join(src, f[:-4] + ".expected.json")))
    jobs, draws = [], []
    for name in sources:
        with open(os.path.join(src, name + ".expected.json"), encoding="utf-8") as fh:
            doc = json.load(fh)
        if not doc.get("forms"):
            continue
        rng = random.Random("scan/%d/%s%s" % (a.seed, name, "/clean" if a.clean_only else ""))
        got = draw(rng, doc, kinds, a.clean_only)
        if got is None:
            print("stress_scans: %s: no kind of %s fits (multi-page source)" % (name, kinds), file=sys.stderr)
            continue
        args, tag = got
        seed = rng.randrange(1 << 31)
        out = os.path.join(a.out, "%s_%s" % (name, tag))
        cmd = [sys.executable, SCANIFY, os.path.join(src, name + ".pdf"), out] + args + ["--seed", str(seed)]
        jobs.append((name, out, cmd))
        draws.append({"source": "src/%s.pdf" % name, "scan": os.path.basename(out), "args": args + ["--seed", str(seed)]})

    def one(job):
        name, out, cmd = job
        r = subprocess.run(cmd, capture_output=True, text=True)
        return name, r

    failed = 0
    with ThreadPoolExecutor(max_workers=max(1, a.j)) as ex:
        for name, r in ex.map(one, jobs):
            if r.returncode:
                failed += 1
                print("stress_scans: %s FAILED: %s" % (name, r.stderr.strip()[-500:]), file=sys.stderr)
            else:
                print(r.stdout.strip())
    with open(os.path.join(a.out, "draws.json"), "w", encoding="utf-8") as fh:
        json.dump({"seed": a.seed, "n": a.n, "clean_only": a.clean_only, "sources": {
            "stress.py": n_stress, "onepage.py": n_one, "officegen.py": n_office}, "scans": draws},
                  fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    counts = {}
    for d in draws:
        k = d["args"][1]
        counts[k] = counts.get(k, 0) + 1
    print("%d scans (%s), %d failed; score with: scripts/pdfgen/stress_eval.py %s"
          % (len(draws) - failed, ", ".join("%s %d" % kv for kv in sorted(counts.items())), failed, a.out))
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
