#!/usr/bin/env python3
"""Turns clean pages by known angles and quarter turns, with the truth in a manifest.

Usage: angles.py OUT_DIR PAGE.png:DPI [PAGE.png:DPI ...]

Each page (its own skew taken as 0) is rotated counter-clockwise about its
centre by each of ±0.5, ±1.5, ±3 and ±5 degrees (bicubic, white fill,
same canvas, as a flatbed skew looks), and quarter-turned by 90, 180 and
270 degrees counter-clockwise (lossless) after a skew of 0, +3 or -5
degrees. Written as JPEG quality 90 to keep the set small. manifest.tsv:
file, source, skew, turn, what, seal_pixels ("-"), dpi.
"""

import os
import sys

from PIL import Image

ANGLES = [-5.0, -3.0, -1.5, -0.5, 0.5, 1.5, 3.0, 5.0]
TURNS = [(90, 0.0), (180, 0.0), (270, 0.0), (90, 3.0), (180, -5.0), (270, -5.0), (90, -1.5), (180, 1.5), (270, 3.0)]
TRANSPOSE = {90: Image.ROTATE_90, 180: Image.ROTATE_180, 270: Image.ROTATE_270}


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    rows = []
    for spec in sys.argv[2:]:
        path, dpi = spec.rsplit(":", 1)
        name = os.path.splitext(os.path.basename(path))[0]
        page = Image.open(path).convert("RGB")

        def save(img, file, skew, turn, what):
            img.save(os.path.join(out_dir, file), "JPEG", quality=90)
            rows.append((file, name, f"{skew:+.2f}", str(turn), what, "-", dpi))

        for a in ANGLES:
            rotated = page.rotate(a, resample=Image.BICUBIC, fillcolor=(255, 255, 255))
            save(rotated, f"{name}_rot{a:+.1f}.jpg", a, 0, "rotate")
        for turn, a in TURNS:
            base = page.rotate(a, resample=Image.BICUBIC, fillcolor=(255, 255, 255)) if a else page
            save(base.transpose(TRANSPOSE[turn]), f"{name}_turn{turn}_rot{a:+.1f}.jpg", a, turn, f"turn {turn}")
    with open(os.path.join(out_dir, "manifest.tsv"), "w") as f:
        f.write("file\tsource\tskew\tturn\twhat\tseal_pixels\tdpi\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
