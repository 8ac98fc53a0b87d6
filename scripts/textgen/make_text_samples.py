#!/usr/bin/env python3
"""Writes samples/text/ from the hand-written UTF-8 sources in this folder,
each in the encoding and line ending its name promises. The sources are the
truth; the goldens under golden/text/ were checked against them by hand."""
import pathlib

here = pathlib.Path(__file__).resolve().parent
out = here.parent.parent / "samples" / "text"
out.mkdir(parents=True, exist_ok=True)

def src(name):
    return (here / name).read_text(encoding="utf-8")

samples = {
    "gbk_labels_in_wrong_columns.txt": src("s01.txt").encode("gbk"),
    "utf16le_bom_two_forms_latex.txt": b"\xff\xfe" + src("s02.txt").encode("utf-16-le"),
    "utf8bom_split_row_labels_after_break.txt": b"\xef\xbb\xbf" + src("s03.txt").encode("utf-8"),
    "markdown_pipes_word_operators.txt": src("s04.txt").encode("utf-8"),
    "utf16be_nobom_2026_form.txt": src("s05.txt").encode("utf-16-be"),
    "crlf_no_header_inferred_level1.txt": src("s06.txt").replace("\n", "\r\n").encode("utf-8"),
    "utf8_funding_in_wanyuan.txt": src("s07.txt").encode("utf-8"),
    "gb18030_not_a_form.txt": src("not_a_form.txt").encode("gb18030"),
    "error_empty.txt": b"",
    "error_binary.txt": bytes(range(256)) * 4,
}
for name, data in samples.items():
    (out / name).write_bytes(data)
    print(f"{name}: {len(data)} bytes")
