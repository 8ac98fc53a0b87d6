#!/usr/bin/env python3
"""Extracts every page of the committed scan samples as single images.

Usage: samples.py SAMPLE_DIR OUT_DIR

Image-only PDFs give up their embedded page images unchanged (pdfimages:
JPEG pages as JPEG, CCITT pages as 1-bit PNG); TIFF frames and PNG/JPEG
files are written as PNG or copied. manifest.tsv lists, per page: file,
source, skew (the sample's rotate_deg), turn (0), what, seal_pixels ("-",
not known), dpi. The samples' ground truth is in SAMPLE_DIR/*.expected.json.
"""

import glob
import json
import os
import shutil
import subprocess
import sys

from PIL import Image


def main():
    sample_dir, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    rows = []
    for truth_path in sorted(glob.glob(os.path.join(sample_dir, "*.expected.json"))):
        truth = json.load(open(truth_path))
        scan = truth["scan"]
        name = os.path.basename(truth_path)[: -len(".expected.json")]
        source = os.path.join(sample_dir, truth["file"])
        what = f"{scan['kind']} {scan.get('image_mode')} seal={scan.get('seal')} shadow={scan.get('shadow')}"
        pages = []
        if source.endswith(".pdf"):
            mode = "-png" if scan.get("image_mode") == "1-bit" else "-j"
            subprocess.run(["pdfimages", mode, source, os.path.join(out_dir, name)], check=True)
            pages = sorted(p for p in os.listdir(out_dir) if p.startswith(name + "-") and p[len(name) + 1:][:3].isdigit())
        elif source.endswith(".tif"):
            image = Image.open(source)
            for i in range(getattr(image, "n_frames", 1)):
                image.seek(i)
                page = f"{name}-{i:03d}.png"
                image.save(os.path.join(out_dir, page))
                pages.append(page)
        else:
            page = f"{name}-000{os.path.splitext(source)[1]}"
            shutil.copy(source, os.path.join(out_dir, page))
            pages.append(page)
        for page in pages:
            rows.append((page, name, f"{float(scan.get('rotate_deg') or 0.0):+.2f}", "0", what, "-", str(scan["dpi"])))
    with open(os.path.join(out_dir, "manifest.tsv"), "w") as f:
        f.write("file\tsource\tskew\tturn\twhat\tseal_pixels\tdpi\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
