#!/usr/bin/env python3
"""Makes one "scanned" variant of a generated form PDF, with its ground truth.

The source PDF (a scripts/pdfgen or officegen output with <name>.expected.json beside it) is
rendered with pdftoppm, degraded the way paper, scanners and phone cameras degrade a page, and
written as an image-only document. <OUT>.expected.json is the source's ground truth (forms,
fields, indicators and pages do not change: the scan shows the same forms on the same pages)
plus "scan_source" (the source file name) and a "scan" block recording every choice.

Kinds (the output extension follows the kind):
  pdf-jpeg    image-only PDF, one JPEG per page, page size = the source page's size      (.pdf)
  pdf-ccitt   image-only PDF, one 1-bit CCITT G4 image per page                          (.pdf)
  png, jpeg   one image: one-page documents only (use --pages to take one page)   (.png, .jpg)
  tiff        multi-page TIFF, LZW (grey/colour) or G4 (1-bit, --tiff-compression g4)    (.tif)
  searchable  pdf-jpeg (or pdf-ccitt when 1-bit) plus tesseract chi_sim's invisible text
              layer (GlyphLessFont, render mode 3), as ocrmypdf writes it                (.pdf)

Degradations, applied in this order (paper first, then scanner/camera, then encoding):
  --seal MODE       red/blue official round seal (ring, star, arc text), semi-transparent ink,
                    over the funding amounts (first page of each form), over the last rows of
                    the indicator table (last page of each form), both, or none; positions
                    come from `pdftotext -bbox` of the source
  --rotate DEG      skew about the page centre (positive = counter-clockwise), white fill,
                    same canvas size
  --shadow          photo-like page: warm paper tint, illumination gradient, a soft shadow band,
                    vignetting
  --blur R          Gaussian blur, radius in pixels
  --noise SIGMA     Gaussian sensor noise (grey levels, 0-255)
  --specks D        salt-and-pepper dust: D specks per million pixels
  --threshold T     1-bit at grey level T (implied by pdf-ccitt and tiff G4; default 165)
  --jpeg-quality Q  JPEG quality for the JPEG kinds (default 85)

Usage: scanify.py SRC.pdf OUT_BASENAME --kind KIND --dpi 200 --seed S [options]
       (OUT_BASENAME without extension: writes OUT_BASENAME.<ext> and OUT_BASENAME.expected.json)

Needs poppler-utils (pdftoppm, pdftotext), Pillow, numpy, img2pdf, pypdf; tesseract-ocr with
tesseract-ocr-chi-sim for `searchable`; a CJK font for the seal text (Noto CJK, WenQuanYi Zen Hei
or AR PL UMing; without one the seal has no text). Output is deterministic for given arguments
and tool versions (no dates are written).
"""
import argparse
import copy
import html
import io
import json
import math
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

KINDS = ["pdf-jpeg", "pdf-ccitt", "png", "jpeg", "tiff", "searchable"]
EXT = {"pdf-jpeg": ".pdf", "pdf-ccitt": ".pdf", "searchable": ".pdf", "png": ".png", "jpeg": ".jpg",
       "tiff": ".tif"}
SEAL_COLOURS = {"red": (205, 32, 42), "blue": (30, 60, 170)}
SEAL_FONTS = [  # (path, face index): the first present is used
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),  # Noto Serif CJK SC Bold
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
]
FUNDING_KEYS = ["project_total", "project_fiscal", "project_other", "annual_total",
                "annual_current_fiscal", "annual_carryover", "annual_other"]
DEFAULT_THRESHOLD = 165
CREATOR = "jixiao scripts/scangen/scanify.py"


def die(msg):
    print("scanify: " + msg, file=sys.stderr)
    sys.exit(2)


def tool_version(cmd):
    try:
        r = subprocess.run([cmd, "-v"] if cmd != "tesseract" else [cmd, "--version"],
                           capture_output=True, text=True)
    except OSError:
        return None
    m = re.search(r"(\d+\.\d+(?:\.\d+)?)", r.stdout + r.stderr)
    return m.group(1) if m else None


def norm(s):
    return re.sub(r"\s+", "", s or "").replace("＝", "=")


# --------------------------------------------------------------------------- source

def page_sizes(pdf):
    """Page sizes in points (MediaBox, /Rotate applied) of every page."""
    from pypdf import PdfReader
    out = []
    for p in PdfReader(pdf).pages:
        w, h = float(p.mediabox.width), float(p.mediabox.height)
        if (p.get("/Rotate") or 0) % 180:
            w, h = h, w
        out.append((w, h))
    return out


def words_of(pdf, first, last):
    """{page: [(text, x0, y0, x1, y1)]} in points, top-left origin, from pdftotext -bbox."""
    r = subprocess.run(["pdftotext", "-bbox", "-f", str(first), "-l", str(last), pdf, "-"],
                       capture_output=True, text=True, check=True)
    pages, cur, n = {}, None, first - 1
    for line in r.stdout.splitlines():
        if "<page " in line:
            n += 1
            cur = pages.setdefault(n, [])
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m and cur is not None:
            cur.append((html.unescape(m.group(5)), float(m.group(1)), float(m.group(2)),
                        float(m.group(3)), float(m.group(4))))
    return pages


def select_pages(doc, first, last):
    """The ground truth of pages first..last of the source, renumbered from 1. Forms must lie
    wholly inside or outside the range (a scan of part of a form would have no ground truth)."""
    out = copy.deepcopy(doc)
    forms = []
    for f in doc["forms"]:
        a, b = f["pages"]
        if b < first or a > last:
            continue
        if a < first or b > last:
            die("pages %d-%d cut form %r (pages %d-%d)" % (first, last, f.get("project_name"), a, b))
        g = copy.deepcopy(f)
        g["pages"] = [a - first + 1, b - first + 1]
        lay = g.get("layout") or {}
        if "indicator_pages" in lay:
            lay["indicator_pages"] = [[x - first + 1, y - first + 1] for x, y in lay["indicator_pages"]]
        forms.append(g)
    out["forms"] = forms
    out["page_count"] = last - first + 1
    return out


# --------------------------------------------------------------------------- the seal

def seal_font():
    for path, idx in SEAL_FONTS:
        if os.path.exists(path):
            return path, idx
    return None, None


def seal_mask(rng, r_px, text, bottom_text, font):
    """A round seal as an ink-coverage array in [0, 1] (square, side about 2 r_px): outer ring,
    five-pointed star, organisation name along the upper arc, optional bottom line."""
    ss = 2  # draw at twice the size, then downsample (smooth edges)
    R = r_px * ss
    side = int(2 * R + 8 * ss)
    im = Image.new("L", (side, side), 0)
    d = ImageDraw.Draw(im)
    c = side / 2.0
    ring = max(2 * ss, int(round(R * 0.06)))
    d.ellipse([c - R, c - R, c + R, c + R], outline=255, width=ring)
    rs = R * 0.27
    pts = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rr = rs if k % 2 == 0 else rs * 0.40
        pts.append((c + rr * math.cos(a), c + rr * math.sin(a)))
    d.polygon(pts, fill=255)
    path, idx = font
    if path and text:
        n = len(text)
        span = min(250.0, 28.0 * n + 20)
        fs = R * 0.25
        for _ in range(2):  # long names: smaller characters so that they do not touch
            rc = R - ring - fs * 0.62
            fs = min(R * 0.25, 0.92 * rc * math.radians(span) / n)
        fs = int(fs)
        rc = R - ring - fs * 0.62
        f = ImageFont.truetype(path, fs, index=idx)
        for i, ch in enumerate(text):
            t = -90.0 - span / 2 + span * (i + 0.5) / n  # screen degrees, y down: -90 = top
            g = Image.new("L", (int(fs * 1.5), int(fs * 1.5)), 0)
            gd = ImageDraw.Draw(g)
            gd.text((g.width / 2, g.height / 2), ch, font=f, fill=255, anchor="mm")
            g = g.rotate(-(t + 90.0), resample=Image.BICUBIC)
            x = c + rc * math.cos(math.radians(t)) - g.width / 2
            y = c + rc * math.sin(math.radians(t)) - g.height / 2
            im.paste(255, (int(round(x)), int(round(y))), g)
        if bottom_text:
            fb = ImageFont.truetype(path, int(R * 0.19), index=idx)
            d.text((c, c + R * 0.52), bottom_text, font=fb, fill=255, anchor="mm")
    im = im.resize((side // ss, side // ss), Image.LANCZOS)
    m = np.asarray(im, dtype=np.float32) / 255.0
    # uneven ink: low-frequency density variation plus pale spots where the stamp did not touch
    h, w = m.shape
    lo = rng.normal(0.0, 1.0, (max(2, h // 12), max(2, w // 12))).astype(np.float32)
    lo = np.asarray(Image.fromarray(lo).resize((w, h), Image.BICUBIC), dtype=np.float32)
    dens = np.clip(0.82 + 0.22 * lo, 0.35, 1.0)
    spots = rng.random((h, w)).astype(np.float32)
    m = m * dens * np.where(spots < 0.04, 0.45, 1.0)
    m = np.asarray(Image.fromarray((m * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6)),
                   dtype=np.float32) / 255.0
    return m


def intersects_circle(w, cx, cy, r):
    _, x0, y0, x1, y1 = w
    nx, ny = min(max(cx, x0), x1), min(max(cy, y0), y1)
    return (nx - cx) ** 2 + (ny - cy) ** 2 <= r * r


def plan_seals(rng, mode, doc, words, colour_name, font):
    """Where the seals go, in points on the (unrotated) scanned pages: per form, one over the
    funding amounts on its first page and/or one over the last indicator rows on its last page."""
    seals = []
    if mode == "none":
        return seals
    for fi, f in enumerate(doc["forms"]):
        jobs = []
        if mode in ("amounts", "both"):
            jobs.append(("amounts", f["pages"][0]))
        if mode in ("last", "both"):
            jobs.append(("last", f["pages"][1]))
        for over, page in jobs:
            ws = words.get(page, [])
            r = float(rng.uniform(52.0, 60.0))  # 38-42 mm official seals
            anchor, why = [], ""
            if over == "amounts":
                amounts = {norm(f["funding"].get(k)) for k in FUNDING_KEYS if norm(f["funding"].get(k))}
                anchor = [w for w in ws if norm(w[0]) in amounts]
                if anchor:
                    # two amount columns (project / annual): take one
                    xs = sorted({round((w[1] + w[3]) / 2) for w in anchor})
                    split = None
                    if xs[-1] - xs[0] > 120:
                        gaps = [(xs[i + 1] - xs[i], i) for i in range(len(xs) - 1)]
                        g, i = max(gaps)
                        split = (xs[i] + xs[i + 1]) / 2
                    if split is not None:
                        side = rng.random() < 0.5
                        anchor = [w for w in anchor if ((w[1] + w[3]) / 2 > split) == side]
                    why = "funding amounts"
                else:
                    anchor = [w for w in ws if "资金" in w[0]]
                    why = "no amount printed: funding labels"
                if anchor:
                    x0 = min(w[1] for w in anchor)
                    x1 = max(w[3] for w in anchor)
                    y0 = min(w[2] for w in anchor)
                    y1 = max(w[4] for w in anchor)
                    cx = (x0 + x1) / 2 + rng.uniform(-12, 12)
                    cy = (y0 + y1) / 2 + rng.uniform(-8, 8)
            else:
                ind = f["indicators"][-1] if f["indicators"] else None
                for key in ("target", "level3"):
                    t = norm(ind[key]) if ind else ""
                    if not t:
                        continue
                    cand = [w for w in ws if norm(w[0]) and (norm(w[0]) == t or t.endswith(norm(w[0]))
                                                             or t.startswith(norm(w[0])))]
                    if cand:
                        anchor = [max(cand, key=lambda w: w[2])]
                        why = "last indicator's %s" % key
                        break
                if not anchor:
                    body = [w for w in ws if w[2] < 760]
                    if body:
                        anchor = [max(body, key=lambda w: w[2])]
                        why = "lowest text on the page"
                if anchor:
                    w = anchor[0]
                    cx = (w[1] + w[3]) / 2 + rng.uniform(-0.35 * r, 0.05 * r)
                    cy = (w[2] + w[4]) / 2 - rng.uniform(0.15, 0.45) * r
            if not anchor:
                seals.append({"form": fi, "over": over, "page": page, "skipped": "no anchor text on the page"})
                continue
            if any(s.get("page") == page and "centre_pt" in s and
                   math.hypot(s["centre_pt"][0] - cx, s["centre_pt"][1] - cy) < 1.2 * r for s in seals):
                seals.append({"form": fi, "over": over, "page": page, "skipped": "too close to another seal"})
                continue
            seals.append({
                "form": fi, "over": over, "page": page, "anchor": why,
                "centre_pt": [round(cx, 1), round(cy, 1)], "radius_pt": round(r, 1),
                "angle_deg": round(float(rng.uniform(-25, 25)), 1), "colour": colour_name,
                "opacity": round(float(rng.uniform(0.72, 0.9)), 2),
                "text": f.get("implementing_unit") or f.get("department") or "",
                "bottom_text": ["", "", "财务专用章", "项目专用章"][int(rng.integers(0, 4))] if font[0] else "",
                "covered_text": [w[0] for w in ws if intersects_circle(w, cx, cy, r)],
            })
    return seals


def apply_seal(arr, s, dpi, rng, font):
    k = dpi / 72.0
    m = seal_mask(rng, s["radius_pt"] * k, s["text"], s["bottom_text"], font)
    mi = Image.fromarray((m * 255).astype(np.uint8)).rotate(s["angle_deg"], resample=Image.BICUBIC)
    m = np.asarray(mi, dtype=np.float32) / 255.0 * s["opacity"]
    h, w = m.shape
    cx, cy = s["centre_pt"][0] * k, s["centre_pt"][1] * k
    x0, y0 = int(round(cx - w / 2)), int(round(cy - h / 2))
    H, W = arr.shape[:2]
    ax0, ay0, ax1, ay1 = max(0, x0), max(0, y0), min(W, x0 + w), min(H, y0 + h)
    if ax0 >= ax1 or ay0 >= ay1:
        return
    mm = m[ay0 - y0:ay1 - y0, ax0 - x0:ax1 - x0][..., None]
    ink = np.array(SEAL_COLOURS[s["colour"]], dtype=np.float32) / 255.0
    # ink multiplies the paper (printed black stays black under the seal)
    arr[ay0:ay1, ax0:ax1] *= 1.0 - mm * (1.0 - ink)


# --------------------------------------------------------------------------- photo look

def photo_params(rng):
    return {
        "tint": [1.0, round(float(rng.uniform(0.94, 0.97)), 3), round(float(rng.uniform(0.82, 0.9)), 3)],
        "exposure": round(float(rng.uniform(0.9, 1.0)), 3),
        "gradient": {"angle_deg": round(float(rng.uniform(0, 360)), 1),
                     "strength": round(float(rng.uniform(0.1, 0.25)), 3)},
        "vignette": round(float(rng.uniform(0.2, 0.4)), 3),
        "shadow_band": {"angle_deg": round(float(rng.uniform(20, 70) * (1 if rng.random() < 0.5 else -1)), 1),
                        "offset": round(float(rng.uniform(-0.3, 0.3)), 3),
                        "width": round(float(rng.uniform(0.12, 0.28)), 3),
                        "softness": round(float(rng.uniform(0.03, 0.08)), 3),
                        "darkness": round(float(rng.uniform(0.25, 0.45)), 3)},
    }


def apply_photo(arr, p):
    H, W = arr.shape[:2]
    asp = W / float(H)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    xx = xx / W - 0.5
    yy = yy / H - 0.5
    a = math.radians(p["gradient"]["angle_deg"])
    g = 1.0 - p["gradient"]["strength"] * ((xx * math.cos(a) + yy * math.sin(a)) / 0.7072 + 1.0) / 2.0
    rr = (xx * asp) ** 2 + yy ** 2
    v = 1.0 - p["vignette"] * (rr / rr.max()) ** 1.5
    sb = p["shadow_band"]
    b = math.radians(sb["angle_deg"])
    dist = np.abs(xx * asp * math.cos(b) + yy * math.sin(b) - sb["offset"])
    t = np.clip((dist - sb["width"] / 2) / sb["softness"] + 0.5, 0.0, 1.0)
    t = t * t * (3 - 2 * t)  # smoothstep: 0 inside the band, 1 outside
    s = 1.0 - sb["darkness"] * (1.0 - t)
    light = (g * v * s * p["exposure"]).astype(np.float32)[..., None]
    arr *= light * np.array(p["tint"], dtype=np.float32)


# --------------------------------------------------------------------------- one page

def degrade_page(img, a, page_no, seals, font, photo):
    """img: RGB PIL image of one rendered page. Returns the final PIL image ('1', 'L' or 'RGB')."""
    base = np.random.SeedSequence([a.seed, page_no])
    r_seal, r_noise, r_specks = (np.random.default_rng(s) for s in base.spawn(3))
    arr = np.asarray(img, dtype=np.float32).copy()
    for s in seals:
        if s.get("page") == page_no and "centre_pt" in s:
            apply_seal(arr, s, a.dpi, r_seal, font)
    img = Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8), "RGB")
    if not a.colour:
        img = img.convert("L")
    if a.rotate:
        img = img.rotate(a.rotate, resample=Image.BICUBIC, expand=False,
                         fillcolor=255 if img.mode == "L" else (255, 255, 255))
    arr = np.asarray(img, dtype=np.float32).copy()
    if photo:
        if arr.ndim == 2:
            lum = np.array(photo["tint"], dtype=np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
            p2 = dict(photo, tint=[float(lum)])
            apply_photo(arr[..., None], p2)
        else:
            apply_photo(arr, photo)
    if a.blur:
        img = Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8))
        img = img.filter(ImageFilter.GaussianBlur(a.blur))
        arr = np.asarray(img, dtype=np.float32).copy()
    if a.noise:
        arr += r_noise.normal(0.0, a.noise, arr.shape).astype(np.float32)
    arr = np.clip(arr + 0.5, 0, 255).astype(np.uint8)
    if a.threshold is not None:
        g = arr if arr.ndim == 2 else np.asarray(Image.fromarray(arr).convert("L"))
        arr = np.where(g > a.threshold, 255, 0).astype(np.uint8)
    if a.specks:
        H, W = arr.shape[:2]
        n = int(round(a.specks * H * W / 1e6))
        sz = max(1, int(round(a.dpi / 150.0)))
        ys = r_specks.integers(0, H - 3 * sz, n)
        xs = r_specks.integers(0, W - 3 * sz, n)
        ks = r_specks.integers(1, 3 * sz + 1, n)
        black = r_specks.random(n) < 0.75
        for y, x, k, bl in zip(ys, xs, ks, black):
            arr[y:y + k, x:x + k] = 0 if bl else 255
    if a.threshold is not None:
        return Image.fromarray(arr, "L").convert("1", dither=Image.Dither.NONE)
    return Image.fromarray(arr)


# --------------------------------------------------------------------------- writers

def encode_page(im, how, a):
    b = io.BytesIO()
    if how == "jpeg":
        if im.mode == "1":
            im = im.convert("L")
        im.save(b, format="JPEG", quality=a.jpeg_quality, dpi=(a.dpi, a.dpi), optimize=False)
    elif how == "ccitt":
        im.save(b, format="TIFF", compression="group4", dpi=(a.dpi, a.dpi))
    return b.getvalue()


def image_pdf(blobs, sizes):
    import img2pdf
    pages = iter(sizes)

    def layout(imgw, imgh, ndpi):
        w, h = next(pages)
        return w, h, w, h

    return img2pdf.convert(blobs, layout_fun=layout, nodate=True, creator=CREATOR, producer="img2pdf",
                           engine=img2pdf.Engine.internal)


def add_text_layer(pdf_bytes, images, tmp, a, sizes):
    """tesseract chi_sim text-only PDF per page (invisible text, render mode 3), scaled onto the
    image page of the same number (the page size stays the source's)."""
    from pypdf import PdfReader, PdfWriter, Transformation
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes))
    for i, (page, img) in enumerate(zip(writer.pages, images)):
        src = os.path.join(tmp, "ocr-%03d%s" % (i, ".tif" if img.mode == "1" else ".png"))
        img.save(src, dpi=(a.dpi, a.dpi))
        base = os.path.join(tmp, "ocr-%03d" % i)
        subprocess.run(["tesseract", src, base, "-l", a.ocr_lang, "--dpi", str(a.dpi), "-c", "textonly_pdf=1",
                        "pdf"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        tp = PdfReader(base + ".pdf").pages[0]
        sx = sizes[i][0] / float(tp.mediabox.width)
        sy = sizes[i][1] / float(tp.mediabox.height)
        page.merge_transformed_page(tp, Transformation().scale(sx, sy))
    for p in writer.pages:
        p.compress_content_streams()
    writer.add_metadata({"/Creator": CREATOR, "/Producer": "img2pdf + tesseract + pypdf"})
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    return data


# --------------------------------------------------------------------------- main

def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("out", help="output path without extension")
    ap.add_argument("--kind", required=True, choices=KINDS)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pages", help="A-B: scan only these source pages (whole forms only)")
    ap.add_argument("--expected", help="source ground truth (default: SRC without .pdf + .expected.json)")
    ap.add_argument("--colour", "--color", action="store_true", help="colour scan (default grey)")
    ap.add_argument("--rotate", type=float, default=0.0)
    ap.add_argument("--noise", type=float, default=0.0)
    ap.add_argument("--blur", type=float, default=0.0)
    ap.add_argument("--specks", type=float, default=0.0)
    ap.add_argument("--jpeg-quality", type=int, default=85)
    ap.add_argument("--threshold", type=int, help="1-bit at this grey level")
    ap.add_argument("--tiff-compression", choices=["lzw", "g4"])
    ap.add_argument("--seal", choices=["none", "amounts", "last", "both"], default="none")
    ap.add_argument("--seal-colour", "--seal-color", choices=sorted(SEAL_COLOURS), default="red")
    ap.add_argument("--shadow", "--photo", action="store_true", help="photo-like page (tint, gradient, shadow, vignette)")
    ap.add_argument("--borderless", action="store_true", help="mark borderless when the source json does not say")
    ap.add_argument("--ocr-lang", default="chi_sim")
    ap.add_argument("--note", default="")
    return ap.parse_args(argv)


def main(argv=None):
    a = parse_args(argv)
    argv_used = list(sys.argv[1:] if argv is None else argv)
    if not shutil.which("pdftoppm") or not shutil.which("pdftotext"):
        die("pdftoppm/pdftotext missing (apt-get install poppler-utils)")
    exp_path = a.expected or re.sub(r"\.pdf$", "", a.src, flags=re.I) + ".expected.json"
    with open(exp_path, encoding="utf-8") as fh:
        src_doc = json.load(fh)
    sizes_all = page_sizes(a.src)
    n_src = len(sizes_all)
    first, last = 1, n_src
    if a.pages:
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", a.pages)
        if not m:
            die("--pages wants A or A-B")
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if not 1 <= first <= last <= n_src:
            die("--pages %s outside 1-%d" % (a.pages, n_src))
    doc = select_pages(src_doc, first, last) if (first, last) != (1, n_src) else copy.deepcopy(src_doc)
    npages = last - first + 1
    sizes = sizes_all[first - 1:last]
    if a.kind in ("png", "jpeg") and npages != 1:
        die("kind %s holds one page; the source has %d (use --pages)" % (a.kind, npages))
    if a.kind == "pdf-ccitt" or (a.kind == "tiff" and a.tiff_compression == "g4"):
        if a.threshold is None:
            a.threshold = DEFAULT_THRESHOLD
    if a.kind == "tiff" and a.tiff_compression is None:
        a.tiff_compression = "g4" if a.threshold is not None else "lzw"
    if a.kind == "searchable":
        if not shutil.which("tesseract"):
            die("tesseract missing (apt-get install tesseract-ocr tesseract-ocr-chi-sim)")
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
        if a.ocr_lang not in langs:
            die("tesseract language %s missing (apt-get install tesseract-ocr-chi-sim)" % a.ocr_lang)
    font = seal_font()
    rng = np.random.default_rng(np.random.SeedSequence([a.seed, 9999]))
    words = words_of(a.src, first, last) if a.seal != "none" else {}
    words = {p - first + 1: ws for p, ws in words.items()}
    seals = plan_seals(rng, a.seal, doc, words, a.seal_colour, font)
    photo = photo_params(rng) if a.shadow else None

    ext = EXT[a.kind]
    out_path = a.out + ext
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="scanify-")
    try:
        subprocess.run(["pdftoppm", "-r", str(a.dpi), "-f", str(first), "-l", str(last), "-png", a.src,
                        os.path.join(tmp, "p")], check=True)
        pngs = sorted(f for f in os.listdir(tmp) if f.startswith("p") and f.endswith(".png"))
        if len(pngs) != npages:
            die("pdftoppm wrote %d pages, expected %d" % (len(pngs), npages))
        images, px = [], []
        for i, f in enumerate(pngs, 1):
            with Image.open(os.path.join(tmp, f)) as im:
                im = im.convert("RGB")
            out = degrade_page(im, a, i, seals, font, photo)
            images.append(out)
            px.append(list(out.size))
        if a.kind in ("pdf-jpeg", "pdf-ccitt", "searchable"):
            how = "ccitt" if (a.kind == "pdf-ccitt" or (a.kind == "searchable" and a.threshold is not None)) else "jpeg"
            data = image_pdf([encode_page(im, how, a) for im in images], sizes)
            if a.kind == "searchable":
                data = add_text_layer(data, images, tmp, a, sizes)
            with open(out_path, "wb") as fh:
                fh.write(data)
            encoding = "ccitt-g4" if how == "ccitt" else "jpeg"
        elif a.kind == "png":
            images[0].save(out_path, format="PNG", dpi=(a.dpi, a.dpi), optimize=False, compress_level=9)
            encoding = "png"
        elif a.kind == "jpeg":
            with open(out_path, "wb") as fh:
                fh.write(encode_page(images[0], "jpeg", a))
            encoding = "jpeg"
        else:
            comp = "group4" if a.tiff_compression == "g4" else "tiff_lzw"
            if comp == "group4":
                images = [im if im.mode == "1" else im.convert("1", dither=Image.Dither.NONE) for im in images]
            images[0].save(out_path, format="TIFF", compression=comp, dpi=(a.dpi, a.dpi), save_all=True,
                           append_images=images[1:])
            encoding = "tiff-" + ("g4" if comp == "group4" else "lzw")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    mode = images[0].mode
    scan = {
        "generator": "scripts/scangen/scanify.py",
        "kind": a.kind,
        "dpi": a.dpi,
        "colour": mode == "RGB",
        "image_mode": {"1": "1-bit", "L": "grey", "RGB": "colour"}[mode],
        "encoding": encoding,
        "jpeg_quality": a.jpeg_quality if encoding == "jpeg" else None,
        "rotate_deg": a.rotate,
        "blur_radius_px": a.blur,
        "noise_sigma": a.noise,
        "specks_per_mpx": a.specks,
        "threshold": a.threshold,
        "seal": a.seal,
        "seal_colour": a.seal_colour if a.seal != "none" else None,
        "seals": seals,
        "seal_font": (os.path.basename(font[0]) + "#%d" % font[1]) if (font[0] and a.seal != "none") else None,
        "shadow": bool(a.shadow),
        "photo": photo,
        "text_layer": "ocr (tesseract %s); text is approximate" % a.ocr_lang if a.kind == "searchable" else "none",
        "seed": a.seed,
        "source_pages": [first, last],
        "page_size_pt": [[round(w, 4), round(h, 4)] for w, h in sizes],
        "page_size_px": px,
        "tools": {"pdftoppm": tool_version("pdftoppm"),
                  "tesseract": tool_version("tesseract") if a.kind == "searchable" else None},
        "coordinates": "seal centres in PDF points from the top-left of the unrotated page; rotate_deg > 0 "
                       "is counter-clockwise",
        "command": "scripts/scangen/scanify.py " + " ".join(
            shlex.quote(x) for x in [os.path.basename(a.src), os.path.basename(a.out)] + argv_used[2:]),
    }
    if a.note:
        scan["note"] = a.note
    result = {}
    for k, v in doc.items():
        result[k] = v
        if k == "file":
            result["file"] = os.path.basename(out_path)
            result["scan_source"] = os.path.basename(a.src)
    result.setdefault("scan_source", os.path.basename(a.src))
    result["page_count"] = npages
    result["borderless"] = bool(doc.get("borderless", a.borderless))
    forms = result.pop("forms")
    result["scan"] = scan
    result["forms"] = forms
    with open(a.out + ".expected.json", "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print("%s: %s, %d page(s), %d dpi, %s" % (out_path, a.kind, npages, a.dpi, scan["image_mode"]))
    return out_path


if __name__ == "__main__":
    main()
