"""Offline rewrites of the PP-OCRv4 recogniser's ONNX graph, so that rten
0.27 (as released) runs it faster. Run once; the output is a derived model.

Usage: python3 scripts/ocr-model/rewrite_model.py IN.onnx OUT.onnx [--fold] [--hardswish]
           [--dw banded|banded2|banded3|grouped[:G]|shiftadd|keep] [--dw-layer NAME=METHOD ...] [--dw-max-ratio R]

The product's model (see models/README.md, sha256s there):
  python3 scripts/rewrite_model.py ch_PP-OCRv4_rec_infer.onnx \
      models/rec_fold_hs_banded_r3.onnx --fold --hardswish --dw banded --dw-max-ratio 3

--fold       Conv → Mul(scalar) → Add(scalar): folded into the Conv's weights
             and bias; Mul(scalar) → Add(scalar) → 1×1 Conv (no padding):
             folded into that Conv.
--hardswish  x·clip(x+3,0,6)/6 (4 ops) → one HardSwish op (opset 14).
--dw banded  each depthwise Conv (group = channels) → Pad(W) + kw strided
             Slices + Concat + MatMul with a per-channel banded matrix over
             the (fixed) height + Add(bias): the vertical taps, padding and
             stride become a small matrix product.
--dw shiftadd  each depthwise Conv → Pad + kh·kw Slices, each Mul(per-channel
             weight) and summed (Add).
--dw banded2  as banded, but the kw horizontal shifts come from one ordinary
             Conv with one-hot 1×kw kernels over [N·C, 1, H, W] (channels
             moved into the batch by a Reshape) instead of Pad+Slices+Concat.
--dw banded3  as banded, but the right-hand side comes from Pad + one Gather
             along W (indices computed in the graph from the width).
--dw grouped[:G]  each depthwise Conv → grouped Conv with G channels per group
             and a block-diagonal kernel (zeros off the diagonal), which rten
             runs with its im2col GEMM; G defaults to 6 if it divides the
             channel count, else 4.
--dw keep    leave depthwise convs alone (useful with --dw-layer).
--dw-layer NAME=METHOD  (repeatable) method for the depthwise Conv named NAME
             in the original graph (e.g. p2o.Conv.13=grouped:6).
--dw-max-ratio R  only rewrite depthwise convs whose band costs at most R
             times the direct multiply-adds (height / kernel height); 0 = all.
"""
import sys
import numpy as np
import onnx
from onnx import helper, numpy_helper, shape_inference, version_converter, TensorProto

args = sys.argv[1:]
src, dst = args[0], args[1]
FOLD, HSWISH = "--fold" in args, "--hardswish" in args
DW = args[args.index("--dw") + 1] if "--dw" in args else None
DW_MAX = float(args[args.index("--dw-max-ratio") + 1]) if "--dw-max-ratio" in args else 0.0
# --dw-layer NODE=METHOD (repeatable): per-layer override, by the original Conv node's name.
DW_LAYER = dict(args[i + 1].split("=", 1) for i, a in enumerate(args) if a == "--dw-layer")

model = onnx.load(src)
g = model.graph
if HSWISH:
    # HardSwish needs opset 14. Of the ops in this graph only Squeeze changed
    # its form since 12 (axes: attribute → input); Softmax's change in 13
    # does not matter here (every Softmax is over the last axis).
    for n in g.node:
        if n.op_type == "Softmax":
            assert helper.get_attribute_value(n.attribute[0]) in (-1, 2, 3)
    for o in model.opset_import:
        if o.domain in ("", "ai.onnx"):
            o.version = 14

# Constants: Constant nodes and initializers, by name.
const = {}
for n in g.node:
    if n.op_type == "Constant":
        const[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
for t in g.initializer:
    const[t.name] = numpy_helper.to_array(t)

def set_repeated(field, items):
    items = list(items)
    del field[:]
    field.extend(items)

counter = [0]
def fresh(base):
    counter[0] += 1
    return f"rw.{base}.{counter[0]}"

new_inits = []
def add_const(arr, base):
    name = fresh(base)
    new_inits.append(numpy_helper.from_array(np.asarray(arr), name))
    const[name] = np.asarray(arr)
    return name

def attrs(n):
    return {a.name: helper.get_attribute_value(a) for a in n.attribute}

def rebuild_maps():
    prod, cons = {}, {}
    for i, n in enumerate(g.node):
        for o in n.output:
            prod[o] = i
        for v in n.input:
            cons.setdefault(v, []).append(i)
    return prod, cons

def scalar_of(n):
    """(value input, scalar) of a Mul/Add with one scalar constant input."""
    if n.op_type not in ("Mul", "Add") or len(n.input) != 2:
        return None
    a, b = n.input
    if a in const and const[a].size == 1 and b not in const:
        return b, float(const[a].reshape(-1)[0])
    if b in const and const[b].size == 1 and a not in const:
        return a, float(const[b].reshape(-1)[0])
    return None

graph_outputs = {o.name for o in g.output}
removed = set()

def replace_uses(old, new):
    for n in g.node:
        for k, v in enumerate(n.input):
            if v == old:
                n.input[k] = new

if FOLD:
    prod, cons = rebuild_maps()
    folded_post = folded_pre = 0
    for i, n in enumerate(list(g.node)):
        if n.op_type != "Conv" or i in removed:
            continue
        y = n.output[0]
        c1 = cons.get(y, [])
        if len(c1) != 1 or y in graph_outputs:
            continue
        m = g.node[c1[0]]
        sm = scalar_of(m)
        if m.op_type != "Mul" or sm is None:
            continue
        c2 = cons.get(m.output[0], [])
        if len(c2) != 1:
            continue
        a = g.node[c2[0]]
        sa = scalar_of(a)
        if a.op_type != "Add" or sa is None:
            continue
        s, t = sm[1], sa[1]
        w = const[n.input[1]].astype(np.float32)
        b = const[n.input[2]].astype(np.float32) if len(n.input) > 2 else np.zeros(w.shape[0], np.float32)
        n.input[1] = add_const((w * s).astype(np.float32), "w")
        bias = add_const((b * s + t).astype(np.float32), "b")
        if len(n.input) > 2:
            n.input[2] = bias
        else:
            n.input.append(bias)
        n.output[0] = a.output[0]
        removed.update([c1[0], c2[0]])
        folded_post += 1
    set_repeated(g.node, [n for i, n in enumerate(g.node) if i not in removed])
    removed.clear()
    # Mul → Add → pointwise Conv
    prod, cons = rebuild_maps()
    for i, n in enumerate(list(g.node)):
        if n.op_type != "Conv":
            continue
        at = attrs(n)
        w = const.get(n.input[1])
        if w is None or at.get("group", 1) != 1 or w.shape[2:] != (1, 1) or any(at.get("pads", [0]) ) or any(s != 1 for s in at.get("strides", [1, 1])):
            continue
        x = n.input[0]
        if x not in prod or len(cons.get(x, [])) != 1:
            continue
        a = g.node[prod[x]]
        sa = scalar_of(a)
        if a.op_type != "Add" or sa is None or len(cons.get(sa[0], [])) != 1 or sa[0] not in prod:
            continue
        m = g.node[prod[sa[0]]]
        sm = scalar_of(m)
        if m.op_type != "Mul" or sm is None:
            continue
        s, t = sm[1], sa[1]
        w = w.astype(np.float32)
        b = const[n.input[2]].astype(np.float32) if len(n.input) > 2 else np.zeros(w.shape[0], np.float32)
        new_b = (b + t * w.reshape(w.shape[0], -1).sum(axis=1)).astype(np.float32)
        n.input[1] = add_const((w * s).astype(np.float32), "w")
        bias = add_const(new_b, "b")
        if len(n.input) > 2:
            n.input[2] = bias
        else:
            n.input.append(bias)
        n.input[0] = sm[0]
        removed.update([prod[x], prod[sa[0]]])
        folded_pre += 1
    set_repeated(g.node, [n for i, n in enumerate(g.node) if i not in removed])
    removed.clear()
    print(f"folded {folded_post} Conv→Mul→Add and {folded_pre} Mul→Add→Conv", file=sys.stderr)

if HSWISH:
    prod, cons = rebuild_maps()
    count = 0
    for i, n in enumerate(list(g.node)):
        if n.op_type != "Div" or i in removed:
            continue
        if n.input[1] not in const or float(const[n.input[1]].reshape(-1)[0]) != 6.0:
            continue
        mul = g.node[prod[n.input[0]]]
        if mul.op_type != "Mul":
            continue
        for y, c in [(mul.input[0], mul.input[1]), (mul.input[1], mul.input[0])]:
            if c not in prod or g.node[prod[c]].op_type != "Clip":
                continue
            clip = g.node[prod[c]]
            if clip.input[0] not in prod:
                continue
            add = g.node[prod[clip.input[0]]]
            sa = scalar_of(add)
            if sa != (y, 3.0):
                continue
            if float(const[clip.input[1]]) != 0.0 or float(const[clip.input[2]]) != 6.0:
                continue
            if len(cons[add.output[0]]) != 1 or len(cons[c]) != 1 or len(cons[mul.output[0]]) != 1:
                continue
            # The Div becomes the HardSwish (it comes after the others).
            n.op_type = "HardSwish"
            del n.input[:]
            n.input.append(y)
            n.name = fresh("HardSwish")
            removed.update([prod[mul.output[0]], prod[clip.output[0]], prod[add.output[0]]])
            count += 1
            break
    set_repeated(g.node, [n for i, n in enumerate(g.node) if i not in removed])
    removed.clear()
    print(f"{count} hard-swish patterns → HardSwish", file=sys.stderr)

if DW or DW_LAYER:
    # Heights are fixed by the model (input height 48); infer them at one width.
    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    probe.graph.initializer.extend(new_inits)
    d = probe.graph.input[0].type.tensor_type.shape.dim
    d[0].dim_value, d[2].dim_value, d[3].dim_value = 1, 48, 320
    inferred = shape_inference.infer_shapes(probe)
    shapes = {v.name: [x.dim_value for x in v.type.tensor_type.shape.dim] for v in inferred.graph.value_info}
    shapes["x"] = [1, 3, 48, 320]
    out_nodes = []
    done = {}
    INT64_MAX = np.iinfo(np.int64).max
    gather_idx = {}

    def band_matrix(w, H, Ho, kh, kw, sh, pt):
        """[C, Ho, kw*H]: row oy, column dx*H + iy holds w[c, ky, dx] for iy = oy*sh + ky - pt."""
        C = w.shape[0]
        band = np.zeros((C, Ho, kw * H), np.float32)
        for oy in range(Ho):
            for ky in range(kh):
                iy = oy * sh + ky - pt
                if 0 <= iy < H:
                    for dx in range(kw):
                        band[:, oy, dx * H + iy] = w[:, 0, ky, dx]
        return band

    for n in g.node:
        at = attrs(n) if n.op_type == "Conv" else {}
        w = const.get(n.input[1]) if n.op_type == "Conv" else None
        group = at.get("group", 1)
        if w is None or group == 1 or w.shape[0] != group or w.shape[1] != 1:
            out_nodes.append(n)
            continue
        C, _, kh, kw = w.shape
        sh, sw = at.get("strides", [1, 1])
        pt, pl, pb, pr = at.get("pads", [0, 0, 0, 0])
        assert all(dl == 1 for dl in at.get("dilations", [1, 1]))
        H = shapes[n.input[0]][2]
        Ho = (H + pt + pb - kh) // sh + 1
        method = DW_LAYER.get(n.name, DW)
        if method in (None, "keep") or (DW_MAX and H / kh > DW_MAX and n.name not in DW_LAYER):
            out_nodes.append(n)
            continue
        b = const[n.input[2]] if len(n.input) > 2 else np.zeros(C, np.float32)
        x = n.input[0]
        if method == "banded":
            padded = fresh("padw")
            out_nodes.append(helper.make_node("Pad", [x, add_const(np.array([0, 0, 0, pl, 0, 0, 0, pr], np.int64), "pads")], [padded], mode="constant"))
            slices = []
            for dx in range(kw):
                end = dx - (kw - 1) if dx < kw - 1 else INT64_MAX
                s = fresh("slice")
                out_nodes.append(helper.make_node("Slice", [padded, add_const(np.array([dx], np.int64), "st"), add_const(np.array([end], np.int64), "en"),
                                                             add_const(np.array([3], np.int64), "ax"), add_const(np.array([sw], np.int64), "sp")], [s]))
                slices.append(s)
            cat = fresh("cat")
            out_nodes.append(helper.make_node("Concat", slices, [cat], axis=2))
            mm = fresh("mm")
            out_nodes.append(helper.make_node("MatMul", [add_const(band_matrix(w, H, Ho, kh, kw, sh, pt), "band"), cat], [mm]))
            out_nodes.append(helper.make_node("Add", [mm, add_const(b.reshape(C, 1, 1).astype(np.float32), "bias")], [n.output[0]]))
        elif method == "banded2":
            # Same band product, but the kw horizontal shifts (with the
            # padding and horizontal stride) come from one ordinary Conv with
            # one-hot 1×kw kernels over the channels moved into the batch:
            # [N, C, H, W] → [N·C, 1, H, W] → Conv → [N·C, kw, H, Wo]
            # → [N, C, kw·H, Wo] (contiguous, so a free reshape).
            r1 = fresh("tobatch")
            out_nodes.append(helper.make_node("Reshape", [x, add_const(np.array([-1, 1, H, 0], np.int64), "shape")], [r1]))
            onehot = np.zeros((kw, 1, 1, kw), np.float32)
            for dx in range(kw):
                onehot[dx, 0, 0, dx] = 1.0
            shifted = fresh("shifts")
            out_nodes.append(helper.make_node("Conv", [r1, add_const(onehot, "onehot")], [shifted], kernel_shape=[1, kw],
                                              pads=[0, pl, 0, pr], strides=[1, sw], group=1, dilations=[1, 1]))
            r2 = fresh("tochan")
            out_nodes.append(helper.make_node("Reshape", [shifted, add_const(np.array([-1, C, kw * H, 0], np.int64), "shape")], [r2]))
            mm = fresh("mm")
            out_nodes.append(helper.make_node("MatMul", [add_const(band_matrix(w, H, Ho, kh, kw, sh, pt), "band"), r2], [mm]))
            out_nodes.append(helper.make_node("Add", [mm, add_const(b.reshape(C, 1, 1).astype(np.float32), "bias")], [n.output[0]]))
        elif method == "banded3":
            # Band product again; its right-hand side [N, C, H·kw, Wo] comes
            # from Pad + one Gather along W with indices [kw, Wo]
            # (idx[dx, ox] = ox·sw + dx), so the column index is iy·kw + dx.
            # The indices depend on the width, so they are computed in the
            # graph (once per distinct width/kernel/stride/padding).
            padded = fresh("padw")
            out_nodes.append(helper.make_node("Pad", [x, add_const(np.array([0, 0, 0, pl, 0, 0, 0, pr], np.int64), "pads")], [padded], mode="constant"))
            key = (shapes[x][3], kw, sw, pl, pr)
            if key not in gather_idx:
                shp, wp, num, wo, rng, scaled, idx = (fresh(t) for t in ("shape", "wp", "num", "wo", "range", "scaled", "idx"))
                out_nodes += [
                    helper.make_node("Shape", [padded], [fresh("fullshape")]),
                ]
                out_nodes += [
                    helper.make_node("Gather", [out_nodes[-1].output[0], add_const(np.array([3], np.int64), "dim3")], [shp], axis=0),
                    helper.make_node("Sub", [shp, add_const(np.array([kw], np.int64), "kw")], [num]),
                    helper.make_node("Div", [num, add_const(np.array([sw], np.int64), "sw")], [wp]),
                    helper.make_node("Add", [wp, add_const(np.array([1], np.int64), "one")], [wo]),
                    helper.make_node("Squeeze", [wo, add_const(np.array([0], np.int64), "ax0")], [fresh("wo_s")]),
                ]
                wo_s = out_nodes[-1].output[0]
                out_nodes += [
                    helper.make_node("Range", [add_const(np.array(0, np.int64), "zero"), wo_s, add_const(np.array(1, np.int64), "step")], [rng]),
                    helper.make_node("Mul", [rng, add_const(np.array([sw], np.int64), "swv")], [scaled]),
                    helper.make_node("Add", [add_const(np.arange(kw, dtype=np.int64).reshape(kw, 1), "dx"), scaled], [idx]),
                ]
                gather_idx[key] = idx
            gathered = fresh("gathered")
            out_nodes.append(helper.make_node("Gather", [padded, gather_idx[key]], [gathered], axis=3))
            rhs = fresh("rhs")
            out_nodes.append(helper.make_node("Reshape", [gathered, add_const(np.array([0, C, H * kw, -1], np.int64), "shape")], [rhs]))
            band = band_matrix(w, H, Ho, kh, kw, sh, pt)  # columns dx*H + iy
            band = band.reshape(C, Ho, kw, H).transpose(0, 1, 3, 2).reshape(C, Ho, H * kw).copy()  # → iy*kw + dx
            mm = fresh("mm")
            out_nodes.append(helper.make_node("MatMul", [add_const(band, "band"), rhs], [mm]))
            out_nodes.append(helper.make_node("Add", [mm, add_const(b.reshape(C, 1, 1).astype(np.float32), "bias")], [n.output[0]]))
        elif method.startswith("grouped"):
            # Depthwise → grouped Conv with G channels a group and a
            # block-diagonal kernel (zeros between channels): rten runs it
            # through its im2col GEMM instead of the scalar depthwise loop.
            G = int(method.split(":")[1]) if ":" in method else (6 if C % 6 == 0 else 4)
            assert C % G == 0, (n.name, C, G)
            wg = np.zeros((C, G, kh, kw), np.float32)
            for c in range(C):
                wg[c, c % G] = w[c, 0]
            node = helper.make_node("Conv", [x, add_const(wg, "wg"), add_const(b.astype(np.float32), "bias")], [n.output[0]],
                                    name=n.name, kernel_shape=[kh, kw], pads=[pt, pl, pb, pr], strides=[sh, sw], group=C // G,
                                    dilations=[1, 1])
            out_nodes.append(node)
        elif method == "shiftadd":
            padded = fresh("pad")
            out_nodes.append(helper.make_node("Pad", [x, add_const(np.array([0, 0, pt, pl, 0, 0, pb, pr], np.int64), "pads")], [padded], mode="constant"))
            acc = None
            for ky in range(kh):
                for kx in range(kw):
                    hend = ky - (kh - 1) if ky < kh - 1 else INT64_MAX
                    wend = kx - (kw - 1) if kx < kw - 1 else INT64_MAX
                    s = fresh("slice")
                    out_nodes.append(helper.make_node("Slice", [padded, add_const(np.array([ky, kx], np.int64), "st"), add_const(np.array([hend, wend], np.int64), "en"),
                                                                 add_const(np.array([2, 3], np.int64), "ax"), add_const(np.array([sh, sw], np.int64), "sp")], [s]))
                    m = fresh("mul")
                    out_nodes.append(helper.make_node("Mul", [s, add_const(w[:, 0, ky, kx].reshape(1, C, 1, 1).astype(np.float32), "k")], [m]))
                    if acc is None:
                        acc = m
                    else:
                        a = fresh("acc")
                        out_nodes.append(helper.make_node("Add", [acc, m], [a]))
                        acc = a
            out_nodes.append(helper.make_node("Add", [acc, add_const(b.reshape(1, C, 1, 1).astype(np.float32), "bias")], [n.output[0]]))
        else:
            raise SystemExit(f"unknown depthwise method {method}")
        done[method] = done.get(method, 0) + 1
    set_repeated(g.node, out_nodes)
    print(f"depthwise convs rewritten: {done}", file=sys.stderr)

if HSWISH:
    for n in g.node:
        if n.op_type == "Squeeze" and n.attribute:
            axes = helper.get_attribute_value(n.attribute[0])
            del n.attribute[:]
            n.input.append(add_const(np.array(axes, np.int64), "axes"))
g.initializer.extend(new_inits)
# Drop Constant nodes nobody uses any more.
used = {v for n in g.node for v in n.input} | graph_outputs
set_repeated(g.node, [n for n in g.node if n.op_type != "Constant" or n.output[0] in used])
set_repeated(g.initializer, [t for t in g.initializer if t.name in used])
onnx.checker.check_model(model)
onnx.save(model, dst)
print(f"wrote {dst}: {sum(1 for n in g.node if n.op_type != 'Constant')} ops", file=sys.stderr)
