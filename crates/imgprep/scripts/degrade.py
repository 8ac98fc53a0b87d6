#!/usr/bin/env python3
"""Makes degraded "scans" of clean page renders, with the truth in a manifest.

Usage: degrade.py SRC_DIR OUT_DIR

Each source page (PNG rendered by pdftoppm) is turned into several test
images: rotated by a known small angle, stamped with a red or blue seal,
shaded, noisy, JPEG-compressed, turned by quarter turns, and combinations.
`manifest.tsv` lists for each output: file, source, true skew (degrees,
positive = content turned counter-clockwise), true quarter turn applied
(degrees counter-clockwise), and what was done.
"""

import io
import math
import os
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"


def rotate(img, degrees):
    """Counter-clockwise rotation about the centre, same size, white fill."""
    return img.rotate(degrees, resample=Image.BICUBIC, fillcolor=(255, 255, 255))


def seal_layer(size, colour, dpi):
    """An RGBA official-seal look-alike: ring, star, arc of characters."""
    diameter = int(4.2 / 2.54 * dpi)
    layer = Image.new("L", (diameter, diameter), 0)
    d = ImageDraw.Draw(layer)
    ring = max(4, diameter // 40)
    d.ellipse([ring, ring, diameter - ring, diameter - ring], outline=255, width=ring)
    cx = cy = diameter / 2
    r_star = diameter * 0.17
    pts = []
    for i in range(10):
        r = r_star if i % 2 == 0 else r_star * 0.38
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    d.polygon(pts, fill=255)
    font = ImageFont.truetype(FONT, int(diameter * 0.13))
    text = "上海市绿化和市容管理局"
    n = len(text)
    for i, ch in enumerate(text):
        offset = -120 + i * 240 / (n - 1)  # spread over the top arc
        a = math.radians(-90 + offset)
        rr = diameter * 0.34
        x = cx + rr * math.cos(a)
        y = cy + rr * math.sin(a)
        glyph = Image.new("L", (int(diameter * 0.16),) * 2, 0)
        ImageDraw.Draw(glyph).text((0, 0), ch, fill=255, font=font)
        ang = -offset
        glyph = glyph.rotate(ang, resample=Image.BICUBIC, expand=True)
        layer.paste(255, (int(x - glyph.width / 2), int(y - glyph.height / 2)), glyph)
    d.text((cx - diameter * 0.2, cy + diameter * 0.2), "专用章", fill=255,
           font=ImageFont.truetype(FONT, int(diameter * 0.12)))
    return layer, colour


def stamp(img, where, colour, dpi, opacity=0.85, seed=1):
    """Multiplies a seal into the page: paper turns seal-coloured, black stays black."""
    layer, colour = seal_layer(img.size, colour, dpi)
    rng = np.random.default_rng(seed)
    a = np.asarray(layer, dtype=np.float32) / 255.0
    a *= opacity * (0.75 + 0.25 * rng.random(a.shape))  # uneven ink
    page = np.asarray(img, dtype=np.float32)
    x0, y0 = int(where[0] - a.shape[1] / 2), int(where[1] - a.shape[0] / 2)
    sub = page[y0:y0 + a.shape[0], x0:x0 + a.shape[1]]
    col = np.array(colour, dtype=np.float32) / 255.0
    mult = 1.0 - a[..., None] * (1.0 - col[None, None, :])
    page[y0:y0 + a.shape[0], x0:x0 + a.shape[1]] = sub * mult
    mask = a > 0.3
    return Image.fromarray(page.clip(0, 255).astype(np.uint8)), int(mask.sum())


def shadow(img, strength=0.5):
    """A dark band along the left edge and a vignette, as in a phone photo."""
    w, h = img.size
    x = np.linspace(0, 1, w)[None, :]
    y = np.linspace(0, 1, h)[:, None]
    band = 1.0 - strength * np.clip(1.0 - x / 0.35, 0, 1) ** 1.5
    vign = 1.0 - 0.25 * (((x - 0.5) ** 2 + (y - 0.5) ** 2) / 0.5)
    diag = 1.0 - 0.15 * y
    f = (band * vign * diag)[..., None]
    page = np.asarray(img, dtype=np.float32) * f
    return Image.fromarray(page.clip(0, 255).astype(np.uint8))


def noise(img, sigma=12, seed=2):
    rng = np.random.default_rng(seed)
    page = np.asarray(img, dtype=np.float32)
    page = page + rng.normal(0, sigma, page.shape[:2])[..., None]
    return Image.fromarray(page.clip(0, 255).astype(np.uint8))


def jpeg(img, quality=40):
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def turn(img, quarter):
    """Counter-clockwise quarter turns (90, 180, 270 degrees)."""
    return img.transpose({90: Image.ROTATE_90, 180: Image.ROTATE_180, 270: Image.ROTATE_270}[quarter])


def main():
    src_dir, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    rows = []

    def save(img, name, src, skew, quarter, what, seal=0, fmt="png"):
        path = os.path.join(out_dir, f"{name}.{fmt}")
        if fmt == "jpg":
            img.save(path, "JPEG", quality=40)
        else:
            img.save(path)
        rows.append((os.path.basename(path), src, f"{skew:+.2f}", str(quarter), what, str(seal)))

    pages = ["stsong_stroked-1", "ttf_filled-1", "borderless-1", "stsong_stroked-2", "ttf_filled-2"]
    angles = [-1.5, -1.0, -0.5, -0.2, 0.0, 0.3, 0.7, 1.2, 1.5]
    for p in pages:
        img = Image.open(os.path.join(src_dir, p + ".png")).convert("RGB")
        dpi = 200
        for a in angles:
            save(rotate(img, a) if a else img, f"{p}_rot{a:+.1f}", p, a, 0, "rotate")
        if p.endswith("-2"):
            continue
        w, h = img.size
        sealed, n = stamp(img, (int(w * 0.62), int(h * 0.16)), (215, 35, 45), dpi)
        save(sealed, f"{p}_seal_red", p, 0, 0, "red seal", n)
        sealed_b, n_b = stamp(img, (int(w * 0.30), int(h * 0.30)), (40, 60, 185), dpi, seed=5)
        save(sealed_b, f"{p}_seal_blue", p, 0, 0, "blue seal", n_b)
        save(shadow(img), f"{p}_shadow", p, 0, 0, "shadow")
        save(noise(img), f"{p}_noise", p, 0, 0, "noise")
        save(img, f"{p}_jpeg40", p, 0, 0, "jpeg 40", fmt="jpg")
        for q, a in [(90, 0.0), (180, 0.0), (270, 0.0), (90, 0.8), (180, -0.6), (270, 1.1)]:
            base = rotate(img, a) if a else img
            save(turn(base, q), f"{p}_turn{q}_rot{a:+.1f}", p, a, q, f"turn {q}")
        combo = rotate(sealed, 0.9)
        combo = shadow(combo, 0.45)
        combo = noise(combo, 10)
        save(combo, f"{p}_combo", p, 0.9, 0, "seal+rot 0.9+shadow+noise+jpeg40", n, fmt="jpg")
        for q in (90, 180, 270):
            save(turn(combo, q), f"{p}_combo_turn{q}", p, 0.9, q, f"combo turned {q}", n, fmt="jpg")
        bw = img.convert("L").point(lambda v: 255 if v > 160 else 0)
        save(rotate(bw.convert("RGB"), -0.8).convert("L").point(lambda v: 255 if v > 128 else 0),
             f"{p}_1bit_rot-0.8", p, -0.8, 0, "1-bit")
    # Pages with little to go on: only the title block and the footer of a
    # page (skewed), and a blank noisy sheet.
    img = Image.open(os.path.join(src_dir, "stsong_stroked-1.png")).convert("RGB")
    w, h = img.size
    sparse = img.copy()
    ImageDraw.Draw(sparse).rectangle([0, int(h * 0.13), w, int(h * 0.95)], fill=(255, 255, 255))
    save(rotate(sparse, 0.6), "sparse_title_footer_rot+0.6", "stsong_stroked-1", 0.6, 0, "title and footer only")
    save(turn(rotate(sparse, 0.6), 180), "sparse_title_footer_turn180", "stsong_stroked-1", 0.6, 180, "title and footer only, upside down")
    blank = noise(Image.new("RGB", (w, h), (245, 243, 238)), 8)
    save(blank, "blank_noise", "none", 0.0, 0, "blank sheet with noise")
    # 300 dpi versions for timing and a check that scales follow the dpi
    for p in ["stsong_stroked_300-1", "ttf_filled_300-1"]:
        img = Image.open(os.path.join(src_dir, p + ".png")).convert("RGB")
        w, h = img.size
        sealed, n = stamp(img, (int(w * 0.62), int(h * 0.16)), (215, 35, 45), 300)
        combo = noise(shadow(rotate(sealed, -1.3), 0.45), 10)
        save(combo, f"{p}_combo", p, -1.3, 0, "seal+rot -1.3+shadow+noise+jpeg40 @300", n, fmt="jpg")
        save(rotate(img, 0.4), f"{p}_rot+0.4", p, 0.4, 0, "rotate @300")
    with open(os.path.join(out_dir, "manifest.tsv"), "w") as f:
        f.write("file\tsource\tskew\tturn\twhat\tseal_pixels\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
