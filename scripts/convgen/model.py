"""Document model shared by the converted-output writers (convgen.py).

A form (the dict from scripts/pdfgen/stress.py `recombine`) becomes a logical 6-column grid
following make_pdfs.form_html:

  col 0   big vertical labels (项目资金（元） / 项目绩效目标 / 绩效指标)
  col 1   项目名称… labels (colspan 2 with col 0), funding sub-labels, 一级指标
  col 2-3 left values (colspan 2); col 2 二级指标, col 3 三级指标
  col 4   right labels (项目类别, 实施单位, …); col 4-5 指标目标值 (colspan 2)
  col 5   right values

A document is laid out on A4 pages (595 x 842 pt): title, （YYYY年度）, optional 单位：元,
then the table, cut at page breaks into fragments (a row may be split across the break:
first lines of the 三级 name on page n, the rest + target on page n+1; merged labels that
cross the break are printed in the larger part, the other part is an empty cell).
"""
import copy
import re

PAGE_W, PAGE_H = 595.0, 842.0
MARGIN_T, MARGIN_B, MARGIN_L = 56.0, 56.0, 56.0
COL_W = [30.0, 76.0, 84.0, 140.0, 72.0, 81.0]  # sums to 483
TABLE_W = sum(COL_W)
FS = 9.0
LINE_H = 12.0

FUND_LABELS = [
    ("project_total", "项目资金总额", "annual_total", "年度资金申请总额"),
    ("project_fiscal", "其中：财政资金", "annual_current_fiscal", "其中：当年财政拨款"),
    (None, "", "annual_carryover", "上年结转资金"),
    ("project_other", "其他资金", "annual_other", "其他资金"),
]

_TOK = re.compile(r"[A-Za-z0-9.,%+\-_=<>~≥≤＝/:()]+|\s+|.", re.S)
_NO_START = set("，。、；：？！）》」』”’%．,.;:)]")


def char_w(ch):
    return 0.55 if ord(ch) < 0x2E80 else 1.0


def text_w(s):
    return sum(char_w(c) for c in s)


def wrap(text, width_chars):
    """Greedy line wrap counted in CJK character widths (ASCII runs stay whole)."""
    out = []
    for para in (text or "").split("\n"):
        line = ""
        for t in _TOK.findall(para):
            if line and text_w(line + t) > width_chars and t.strip():
                if t[0] in _NO_START:
                    out.append(line + t)
                    line = ""
                    continue
                if text_w(t) > width_chars:  # too long token: break by char
                    for ch in t:
                        if line and text_w(line + ch) > width_chars:
                            out.append(line)
                            line = ""
                        line += ch
                    continue
                out.append(line.rstrip())
                line = t.lstrip()
            else:
                line += t
        out.append(line.rstrip())
    while len(out) > 1 and out[-1] == "":
        out.pop()
    return out if out != [""] else [""]


def cols_chars(c0, c1):
    w = sum(COL_W[c0:c1]) - 6.0
    return max(2.0, w / (FS + 0.5))


class Cell:
    __slots__ = ("r", "c", "rs", "cs", "text", "lines", "role", "header")

    def __init__(self, r, c, rs, cs, text, role="value", header=False, lines=None):
        self.r, self.c, self.rs, self.cs = r, c, rs, cs
        self.text = text or ""
        self.role = role  # label | value | group | header | biglabel
        self.header = header
        if lines is None:
            lines = wrap(self.text, 2.0 if role == "biglabel" else cols_chars(c, c + cs)) if self.text else []
        self.lines = lines

    def copy(self):
        return Cell(self.r, self.c, self.rs, self.cs, self.text, self.role, self.header, list(self.lines))


class Table:
    """cells: list of Cell; nrows, ncols. row_kind[r] in info/fund/goal/ind_hdr/ind."""

    def __init__(self, nrows, ncols, cells, row_kind, col0=0):
        self.nrows, self.ncols, self.cells, self.row_kind = nrows, ncols, cells, row_kind
        self.col0 = col0  # first logical column (for x geometry)
        self.cont = False  # continuation fragment of a cut table
        self.page = None
        self.form_index = None
        self.row_split = False  # first row of this fragment continues a row split by the break
        self.widths = None  # column widths (pt); None = COL_W[col0:col0+ncols]

    def grid(self):
        """grid[r][c] -> Cell covering that position (or None)."""
        g = [[None] * self.ncols for _ in range(self.nrows)]
        for cl in self.cells:
            for r in range(cl.r, cl.r + cl.rs):
                for c in range(cl.c, cl.c + cl.cs):
                    g[r][c] = cl
        return g

    def sorted_cells(self):
        return sorted(self.cells, key=lambda x: (x.r, x.c))

    def row_heights(self):
        h = [LINE_H + 6.0] * self.nrows
        for cl in self.cells:
            if cl.rs == 1:
                h[cl.r] = max(h[cl.r], len(cl.lines) * LINE_H + 6.0)
        for cl in self.cells:  # tall merged cells: grow last row if needed
            if cl.rs > 1:
                need = len(cl.lines) * LINE_H + 6.0
                have = sum(h[cl.r:cl.r + cl.rs])
                if need > have:
                    h[cl.r + cl.rs - 1] += need - have
        return h

    def col_x(self):
        xs = [MARGIN_L]
        for w in (self.widths or COL_W[self.col0:self.col0 + self.ncols]):
            xs.append(xs[-1] + w)
        return xs


def build_tables(form, split_indicators=False):
    """The form as one 6-col Table, or (split_indicators) a header Table + a 5-col indicator
    Table (绩效指标 | 一级 | 二级 | 三级 | 目标值, as make_pdfs.form_html)."""
    cells, kinds = [], []

    def row(kind):
        kinds.append(kind)
        return len(kinds) - 1

    L = lambda r, c, cs, t, rs=1: cells.append(Cell(r, c, rs, cs, t, "label"))
    V = lambda r, c, cs, t, rs=1: cells.append(Cell(r, c, rs, cs, t, "value"))
    if form.get("project_nature"):
        r = row("info"); L(r, 0, 2, "项目名称"); V(r, 2, 4, form["project_name"])
        r = row("info"); L(r, 0, 2, "项目性质"); V(r, 2, 2, form["project_nature"]); L(r, 4, 1, "项目类别"); V(r, 5, 1, form["project_category"])
    else:
        r = row("info"); L(r, 0, 2, "项目名称"); V(r, 2, 2, form["project_name"]); L(r, 4, 1, "项目类别"); V(r, 5, 1, form["project_category"])
    for a, b, c_, d in (("主管部门", "department", "实施单位", "implementing_unit"),
                        ("计划开始日期", "planned_start", "计划完成日期", "planned_end")):
        r = row("info"); L(r, 0, 2, a); V(r, 2, 2, form[b]); L(r, 4, 1, c_); V(r, 5, 1, form[d])
    f0 = len(kinds)
    fnd = form["funding"]
    for lk, ll, rk, rl in FUND_LABELS:
        r = row("fund")
        L(r, 1, 1, ll); V(r, 2, 2, fnd.get(lk, "") if lk else ""); L(r, 4, 1, rl); V(r, 5, 1, fnd.get(rk, ""))
    cells.append(Cell(f0, 0, 4, 1, form.get("_fund_label", "项目资金（元）"), "biglabel"))
    g0 = row("goal"); L(g0, 1, 3, form.get("overall_goal_label", "项目总目标")); L(g0, 4, 2, form.get("annual_goal_label", "年度总目标"))
    g1 = row("goal"); V(g1, 1, 3, form.get("goal_period", "")); V(g1, 4, 2, "")
    g2 = row("goal"); V(g2, 1, 3, form.get("overall_goal", "")); V(g2, 4, 2, form.get("annual_goal", ""))
    cells.append(Cell(g0, 0, 3, 1, "项目绩效目标", "biglabel"))
    if split_indicators:
        t1 = Table(len(kinds), 6, cells, kinds)
        cells, kinds = [], []
        tc = 4  # target column in the 5-col table
        tcs = 1
        ncols = 5
    else:
        tc, tcs, ncols = 4, 2, 6
    h = row("ind_hdr")
    for c, t in ((1, "一级指标"), (2, "二级指标"), (3, "三级指标")):
        cells.append(Cell(h, c, 1, 1, t, "header", header=True))
    cells.append(Cell(h, tc, 1, tcs, form.get("target_header", "指标目标值"), "header", header=True))
    inds = form["indicators"]
    first = len(kinds)
    for ind in inds:
        r = row("ind")
        cells.append(Cell(r, 3, 1, 1, ind["level3"], "value"))
        cells.append(Cell(r, tc, 1, tcs, ind["target"], "value"))
    n = len(inds)
    k = 0
    while k < n:
        j = k
        while j + 1 < n and inds[j + 1]["level1"] == inds[k]["level1"]:
            j += 1
        cells.append(Cell(first + k, 1, j - k + 1, 1, inds[k]["level1"], "group"))
        a = k
        while a <= j:
            b = a
            while b + 1 <= j and inds[b + 1]["level2"] == inds[a]["level2"]:
                b += 1
            cells.append(Cell(first + a, 2, b - a + 1, 1, inds[a]["level2"], "group"))
            a = b + 1
        k = j + 1
    cells.append(Cell(h, 0, len(kinds) - h, 1, "绩效指标", "biglabel"))
    if split_indicators:
        # re-base rows to 0 and fix column 4 width use (5 columns: 0..4)
        t2 = Table(len(kinds), ncols, cells, kinds)
        return [t1, t2]
    return [Table(len(kinds), 6, cells, kinds)]


# --------------------------------------------------------------------------- page cuts


def cut_table(t, at, split_lines=None):
    """Cut Table t before row `at` -> (frag1, frag2). With split_lines=k, row `at` is split:
    its single-row cells keep their first k lines in frag1 (as a last row) and the rest go
    to frag2's first row; merged cells crossing the cut are printed in the larger part."""
    rows1 = at + (1 if split_lines else 0)
    c1, c2 = [], []
    for cl in t.cells:
        top, bot = cl.r, cl.r + cl.rs  # [top, bot)
        if bot <= at:
            c1.append(cl.copy())
            continue
        if top > at or (top == at and not split_lines):
            x = cl.copy()
            x.r -= at
            c2.append(x)
            continue
        if split_lines and top == at and cl.rs == 1:
            a, b = cl.copy(), cl.copy()
            k = split_lines
            if cl.role == "value" and cl.c == 3:
                a.lines, b.lines = cl.lines[:k], cl.lines[k:]
                a.text, b.text = "".join(a.lines), "".join(b.lines)
            elif cl.c >= 4:  # target: printed in the lower part (vertically centred, row continues)
                a.lines, a.text = [], ""
            else:  # one-row 一级/二级 label: printed in the larger part
                l3 = [x for x in t.cells if x.r == at and x.rs == 1 and x.c == 3]
                nl = len(l3[0].lines) if l3 else 2
                if k >= nl - k:
                    b.lines, b.text = [], ""
                else:
                    a.lines, a.text = [], ""
            a.r = at
            b.r = 0
            c1.append(a)
            c2.append(b)
            continue
        # merged cell crossing the cut
        n1 = rows1 - top
        n2 = bot - at
        a, b = cl.copy(), cl.copy()
        a.rs = n1
        b.r, b.rs = 0, n2
        if n1 >= n2:
            b.text, b.lines = "", []
        else:
            a.text, a.lines = "", []
        c1.append(a)
        c2.append(b)
    f1 = Table(rows1, t.ncols, c1, t.row_kind[:rows1], t.col0)
    f2 = Table(t.nrows - at, t.ncols, c2, t.row_kind[at:], t.col0)
    f1.widths = f2.widths = t.widths
    f2.cont = True
    f2.row_split = bool(split_lines)
    return f1, f2


def layout_document(rng, forms, opts):
    """Place forms on pages. Returns dict(blocks=[...], pages=N, form_pages=[[a,b],...]).
    blocks: {"type": title|para|table|pagenum, "text", "page", "y0", "y1", "form"}.
    opts: new_page_per_form, unit_line, split_indicators(list per form), allow_row_split,
    prose_before (list of paragraphs), page_numbers (format or None)."""
    blocks = []
    page = 1
    y = MARGIN_T
    bottom = PAGE_H - MARGIN_B
    form_pages = []

    def add(kind, text, h, **kw):
        nonlocal page, y
        if y + h > bottom:
            page += 1
            y = MARGIN_T
        b = {"type": kind, "text": text, "page": page, "y0": y, "y1": y + h}
        b.update(kw)
        blocks.append(b)
        y += h
        return b

    for kind, para in opts.get("prose_before", []):
        if kind == "table":
            hs = para.row_heights()
            add("table", "", sum(hs), table=para, form=None)
            para.page = blocks[-1]["page"]
            continue
        nl = len(wrap(para, TABLE_W / 10.5))
        add(kind, para, nl * 16 + 6, form=None, role=kind)
    for fi, form in enumerate(forms):
        if fi > 0 or opts.get("prose_before"):
            if opts["new_page_per_form"] or y > bottom - 260:
                page += 1
                y = MARGIN_T
            else:
                y += 30
        start_page = page
        add("title", form["title"], 30, form=fi, role="title")
        add("para", "（%s年度）" % form["fiscal_year"] if not form.get("_year_line") else form["_year_line"], 20, form=fi, role="year")
        if opts["unit_line"][fi]:
            add("para", opts["unit_line"][fi], 16, form=fi, role="unit")
        tables = build_tables(form, opts["split_indicators"][fi])
        for ti, t in enumerate(tables):
            if ti > 0:
                y += 8
            while True:
                hs = t.row_heights()
                avail = bottom - y
                tot = sum(hs)
                if tot <= avail:
                    t.page, t.form_index = page, fi
                    blocks.append({"type": "table", "table": t, "page": page, "y0": y, "y1": y + tot, "form": fi})
                    y += tot
                    break
                # find cut
                acc, at = 0.0, 0
                while at < t.nrows and acc + hs[at] <= avail:
                    acc += hs[at]
                    at += 1
                split = None
                if at < t.nrows and t.row_kind[at] == "ind" and opts["allow_row_split"]:
                    l3 = [cl for cl in t.cells if cl.r == at and cl.rs == 1 and cl.c == 3]
                    if l3 and len(l3[0].lines) >= 2:
                        k = int((avail - acc - 6) // LINE_H)
                        if 1 <= k < len(l3[0].lines):
                            split = k
                if at == 0 and not split:
                    page += 1
                    y = MARGIN_T
                    continue
                f1, f2 = cut_table(t, at, split)
                f1.page, f1.form_index = page, fi
                f1h = sum(f1.row_heights())
                blocks.append({"type": "table", "table": f1, "page": page, "y0": y, "y1": y + f1h, "form": fi})
                page += 1
                y = MARGIN_T
                t = f2
        form_pages.append([start_page, page])
    return {"blocks": blocks, "pages": page, "form_pages": form_pages}


def group_pages(doc):
    pages = {}
    for b in doc["blocks"]:
        pages.setdefault(b["page"], []).append(b)
    return [pages.get(p, []) for p in range(1, doc["pages"] + 1)]


def cell_box(t, cl, y0):
    """(x0, y0, x1, y1) in pt, top-left origin, of cell cl in table t placed at y0."""
    xs = t.col_x()
    hs = t.row_heights()
    ys = [y0]
    for h in hs:
        ys.append(ys[-1] + h)
    c0 = cl.c
    return xs[c0], ys[cl.r], xs[min(c0 + cl.cs, len(xs) - 1)], ys[cl.r + cl.rs]


def line_boxes(t, cl, y0):
    """Boxes of the text lines of cl: vertically centred, labels centred, values left."""
    x0, ya, x1, yb = cell_box(t, cl, y0)
    n = len(cl.lines)
    top = (ya + yb) / 2 - n * LINE_H / 2
    out = []
    for i, ln in enumerate(cl.lines):
        w = text_w(ln) * FS
        if cl.role in ("label", "biglabel", "header", "group") or cl.c >= 4 and cl.role == "value" and cl.cs > 1 and False:
            lx = (x0 + x1) / 2 - w / 2
        else:
            lx = x0 + 3.0
        out.append((ln, lx, top + i * LINE_H + 1.5, lx + w, top + (i + 1) * LINE_H - 1.5))
    return out


def latexify(target):
    """MinerU-style inline math for a comparison target: '>=95%' -> ' $\\geq 95\\%$ '."""
    m = re.match(r"^(>=|<=|≥|≤|＝|=|>|<)\s*([0-9][0-9.,]*)(%?)(.*)$", target)
    if not m:
        return None
    op = {">=": r"\geq", "≥": r"\geq", "<=": r"\leq", "≤": r"\leq", "＝": "=", "=": "=", ">": ">", "<": "<"}[m.group(1)]
    body = "%s %s%s" % (op, m.group(2), r"\%" if m.group(3) else "")
    return " $%s$ %s" % (body, m.group(4))
