#!/usr/bin/env python3
"""Writes the seed corpus of the `image_readers` fuzz target: tiny valid
PNG, JPEG and TIFF files (LZW, Deflate, PackBits, Group 4, 1-bit, 16-bit,
RGB, RGBA, multi-page), a few KB each. Needs Pillow built with libtiff.

    python3 fuzz/scripts/make_seeds.py   # from the workspace root
"""
import io
import os
import shutil

from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "corpus", "image_readers")
HOSTILE = os.path.join(HERE, "..", "..", "testdata", "hostile")


def form(size=(64, 48), mode="L"):
    """A little form: a ruled box, a few strokes of 'text', a red seal."""
    img = Image.new("RGB", size, (245, 242, 235))
    d = ImageDraw.Draw(img)
    w, h = size
    d.rectangle([2, 2, w - 3, h - 3], outline=(0, 0, 0))
    d.line([2, h // 2, w - 3, h // 2], fill=(0, 0, 0))
    d.line([w // 2, 2, w // 2, h - 3], fill=(0, 0, 0))
    for x in range(6, w // 2 - 4, 5):
        d.rectangle([x, 6, x + 2, 10], fill=(20, 20, 20))
    d.ellipse([w // 2 + 4, h // 2 + 3, w - 6, h - 6], outline=(220, 30, 40), width=2)
    return img.convert(mode) if mode != "RGB" else img


def save(name, img, **kw):
    path = os.path.join(OUT, name)
    img.save(path, **kw)
    print(f"{name}: {os.path.getsize(path)} bytes")


def main():
    os.makedirs(OUT, exist_ok=True)
    save("grey.png", form(mode="L"), format="PNG")
    save("rgb.png", form(mode="RGB"), format="PNG")
    save("palette.png", form(mode="RGB").convert("P"), format="PNG")
    save("bilevel.png", form(mode="1"), format="PNG")
    save("rgba.png", form(mode="RGB").convert("RGBA"), format="PNG")
    save("grey16.png", form(mode="L").convert("I").point(lambda v: v * 257).convert("I;16"), format="PNG")
    save("grey.jpg", form(mode="L"), format="JPEG", quality=80)
    save("rgb.jpg", form(mode="RGB"), format="JPEG", quality=80)
    save("progressive.jpg", form(mode="RGB"), format="JPEG", quality=70, progressive=True)
    save("lzw_grey.tif", form(mode="L"), format="TIFF", compression="tiff_lzw", dpi=(200, 200))
    save("lzw_rgb.tif", form(mode="RGB"), format="TIFF", compression="tiff_lzw", dpi=(300, 300))
    save("deflate_rgb.tif", form(mode="RGB"), format="TIFF", compression="tiff_adobe_deflate")
    save("packbits_grey.tif", form(mode="L"), format="TIFF", compression="packbits")
    save("raw_rgba.tif", form(mode="RGB").convert("RGBA"), format="TIFF", compression="raw")
    save("g4.tif", form((80, 60), mode="1"), format="TIFF", compression="group4", dpi=(200, 200))
    save("raw_1bit.tif", form((37, 21), mode="1"), format="TIFF", compression="raw")
    # 16-bit grey, big-endian byte order.
    grey = form((40, 30), mode="L").tobytes()
    g16 = Image.frombytes("I;16B", (40, 30), bytes(b for v in grey for b in (v, v)))
    save("grey16_mm.tif", g16, format="TIFF", compression="raw")
    # Multi-page: grey LZW, then G4 1-bit, then RGB (three pages).
    pages = [form(mode="L"), form((80, 60), mode="1"), form((50, 40), mode="RGB")]
    save("multipage_lzw.tif", pages[0], format="TIFF", compression="tiff_lzw",
         save_all=True, append_images=pages[1:])
    g4pages = [form((80, 60), mode="1"), form((60, 80), mode="1")]
    save("multipage_g4.tif", g4pages[0], format="TIFF", compression="group4",
         save_all=True, append_images=g4pages[1:])

    for name in sorted(os.listdir(HOSTILE)):
        src = os.path.join(HOSTILE, name)
        if os.path.getsize(src) < 500_000:
            shutil.copy(src, os.path.join(OUT, "hostile_" + name))
            print(f"hostile_{name}: {os.path.getsize(src)} bytes (copied)")


if __name__ == "__main__":
    main()
