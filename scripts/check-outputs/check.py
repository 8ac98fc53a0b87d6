#!/usr/bin/env python3
"""Opens jixiao's outputs the way analysts do, with other programs than the
ones that wrote them, and checks what they see:

* the XLSX in openpyxl: both sheets, Chinese text, amounts as numbers,
  `=100%` as text (not a formula, no leading ');
* the XLSX in LibreOffice (headless, converted to CSV): the same text;
* the CSV in DuckDB (read_csv_auto): funding_total typed as a decimal type,
  not BIGINT, no ' in target_raw;
* the store (--db) with the README's example queries, in DuckDB's sqlite
  scanner is not needed: python's sqlite3.

Usage: check.py JIXIAO_BINARY INPUT...   (exit 0 when every check passes)
"""
import csv, json, os, shutil, sqlite3, subprocess, sys, tempfile

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def main():
    jixiao, inputs = sys.argv[1], sys.argv[2:]
    tmp = tempfile.mkdtemp(prefix="jixiao-check-")
    xlsx, csv_path = os.path.join(tmp, "records.xlsx"), os.path.join(tmp, "records.csv")
    for out in (xlsx, csv_path):
        r = subprocess.run([jixiao, "extract", "-q", "-o", out] + inputs, capture_output=True, text=True)
        check(r.returncode in (0, 1) and os.path.exists(out), "jixiao wrote %s (exit %d)" % (out, r.returncode))

    import openpyxl
    wb = openpyxl.load_workbook(xlsx)
    check(wb.sheetnames == ["Forms", "Indicators"], "openpyxl: sheets %s" % wb.sheetnames)
    ind = wb["Indicators"]
    head = [c.value for c in ind[1]]
    col = {h: i for i, h in enumerate(head)}
    rows = list(ind.iter_rows(min_row=2))
    raws = [r[col["target_raw"]] for r in rows]
    check(any(c.value == "=100%" and c.data_type == "s" for c in raws), "openpyxl: =100% is a text cell")
    check(not any(c.data_type == "f" for c in raws), "openpyxl: no target is a formula")
    check(not any(str(c.value).startswith("'") for c in raws), "openpyxl: no target starts with '")
    totals = [r[col["funding_total"]].value for r in rows if r[col["funding_total"]].value is not None]
    check(totals and all(isinstance(v, (int, float)) for v in totals), "openpyxl: funding_total are numbers")
    names = [r[col["project_name"]].value for r in rows]
    check(any(n and any("\u4e00" <= ch <= "\u9fff" for ch in n) for n in names), "openpyxl: Chinese project names")
    check(ind.freeze_panes == "A2", "openpyxl: header row frozen (%s)" % ind.freeze_panes)

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        prof = "file://" + os.path.join(tmp, "lo_profile")
        r = subprocess.run([soffice, "-env:UserInstallation=" + prof, "--headless", "--convert-to",
                            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,2",
                            "--outdir", os.path.join(tmp, "lo"), xlsx], capture_output=True, text=True, timeout=300)
        lo_csv = os.path.join(tmp, "lo", "records-Indicators.csv")
        if not os.path.exists(lo_csv):  # older LibreOffice: only the first sheet
            lo_csv = os.path.join(tmp, "lo", "records.csv")
        ok = os.path.exists(lo_csv)
        check(ok, "LibreOffice converted the workbook (%s)" % r.stderr.strip()[:200])
        if ok:
            text = open(lo_csv, encoding="utf-8").read()
            check(any(n and n in text for n in names), "LibreOffice: Chinese text readable")
            if "target_raw" in text:
                lo_rows = list(csv.DictReader(text.splitlines()))
                check(any(r["target_raw"] == "=100%" for r in lo_rows), "LibreOffice: =100% kept as text")
    else:
        print("skip LibreOffice: soffice not installed")

    import duckdb
    con = duckdb.connect()
    rel = con.execute("SELECT * FROM read_csv_auto(?)", [csv_path])
    types = {d[0]: str(d[1]) for d in rel.description}
    check(types.get("funding_total", "").upper() in ("DOUBLE", "DECIMAL", "FLOAT") or
          types.get("funding_total", "").upper().startswith("DECIMAL"),
          "DuckDB: funding_total is %s" % types.get("funding_total"))
    check(types.get("target_value", "").upper() == "DOUBLE", "DuckDB: target_value is %s" % types.get("target_value"))
    n_quote = con.execute("SELECT count(*) FROM read_csv_auto(?) WHERE target_raw LIKE '''%%'", [csv_path]).fetchone()[0]
    check(n_quote == 0, "DuckDB: no target_raw starts with ' (%d)" % n_quote)
    frac = con.execute("SELECT count(*) FROM read_csv_auto(?) WHERE funding_total <> round(funding_total)",
                       [csv_path]).fetchone()[0]
    print("     (%d rows with a fractional funding_total kept as fractions)" % frac)
    warn = con.execute("SELECT count(*) FROM read_csv_auto(?)", [csv_path]).fetchone()[0]
    check(warn > 0, "DuckDB: %d indicator rows" % warn)

    shutil.rmtree(tmp, ignore_errors=True)
    print("%d checks failed" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
