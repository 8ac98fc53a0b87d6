#!/usr/bin/env python3
"""Runs the `clean` tool on every image of a manifest and compares with the truth.

Usage: evaluate.py CLEAN_BINARY IMAGE_DIR OUT_DIR [REPEAT]

IMAGE_DIR/manifest.tsv (from degrade.py, angles.py or samples.py) gives per
image the true skew (degrees, positive = content turned counter-clockwise)
and the quarter turn that was applied (counter-clockwise); its optional
`dpi` column the resolution (else 300 when the name holds "_300", else 200).
For each image: the skew and quarter turn the tool found and applied, the
seal pixels, and the fastest of REPEAT runs (default 3) in milliseconds.
Prints one row per image, then a summary: skew error (mean, max), turns
right, and time per page by resolution. Run it under `taskset -c 0` for
one-core timings (the library is single-threaded anyway).
"""

import csv
import os
import re
import statistics
import subprocess
import sys


def run(binary, path, out_prefix, dpi, repeat):
    done = subprocess.run([binary, path, "--dpi", str(dpi), "--out", out_prefix, "--repeat", str(repeat)],
                          capture_output=True, text=True, check=True)
    fields, notes = {}, []
    for line in done.stdout.splitlines():
        if line.startswith("  note: "):
            notes.append(line[8:])
        else:
            fields.update(dict(re.findall(r"(\w+)=(\S+)", line)))
    return fields, notes


def main():
    binary, image_dir, out_dir = sys.argv[1:4]
    repeat = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    os.makedirs(out_dir, exist_ok=True)
    rows = list(csv.DictReader(open(os.path.join(image_dir, "manifest.tsv")), delimiter="\t"))
    skew_errors, turn_misses, times, cpu = [], [], {}, {}
    print(f"{'file':44s} {'true':>6s} {'found':>7s} {'err':>6s} {'turn':>9s} {'seal px':>13s} {'ms':>6s}")
    for row in rows:
        dpi = int(row.get("dpi") or (300 if "_300" in row["file"] else 200))
        prefix = os.path.join(out_dir, os.path.splitext(row["file"])[0])
        fields, notes = run(binary, os.path.join(image_dir, row["file"]), prefix, dpi, repeat)
        true_skew = float(row["skew"])
        want_turn = (360 - int(row["turn"])) % 360
        found, got_turn = float(fields["skew"]), int(fields["turn"])
        error = found - true_skew
        skew_errors.append(abs(error))
        if got_turn != want_turn:
            turn_misses.append(row["file"])
        ms = float(fields["ms_total"])
        times.setdefault(dpi, []).append(ms)
        cpu.setdefault(dpi, []).append(float(fields.get("cpu_ms_per_page", "nan")))
        turn = f"{got_turn}/{want_turn}" + ("" if got_turn == want_turn else " !")
        seal = f"{fields['seal_pixels']}/{row.get('seal_pixels', '-')}"
        flag = " !" if abs(error) > 0.1 else ""
        print(f"{row['file']:44s} {true_skew:+6.2f} {found:+7.3f} {error:+6.3f}{flag} {turn:>9s} {seal:>13s} {ms:6.1f}")
        for note in notes:
            if "upright (" in note or "not deskewed" in note or "could not" in note or "upside down" in note:
                print(f"    {note}")
    print()
    n = len(rows)
    print(f"images: {n}; skew error: mean {statistics.mean(skew_errors):.3f}°, max {max(skew_errors):.3f}°, "
          f"over 0.1°: {sum(e > 0.1 for e in skew_errors)}; turn right: {n - len(turn_misses)}/{n} {turn_misses}")
    for dpi, ms in sorted(times.items()):
        print(f"  {dpi} dpi: {len(ms)} pages, ms per page (fastest of {repeat}): median {statistics.median(ms):.0f}, "
              f"mean {statistics.mean(ms):.0f}, max {max(ms):.0f}; processor ms per page (mean of {repeat}, "
              f"10 ms ticks): median {statistics.median(cpu[dpi]):.0f}")


if __name__ == "__main__":
    main()
