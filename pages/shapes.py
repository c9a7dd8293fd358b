"""Page 7: the output-size formula with the sidebar's numbers, PyTorch versus Keras (which side
is cropped), output padding and the ambiguity it resolves, and code to copy for both."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

import core
from ui import controls
from ui.charts import crop_html, grid_page, shared_scale
from ui.config import CONVENTIONS
from ui.html_grid import show
from ui.lesson import text

FRAMEWORKS = ("pytorch", "keras-valid", "keras-same")
NARROW_PX = 280  # about the width of a grid in a third of the page


# --- computations (all numbers from the core) --------------------------------------------

def keras_output_padding(cfg):
    """Keras's output_padding for the Keras columns: the sidebar's under a Keras convention."""
    return cfg.keras_output_padding if cfg.is_keras else None


def torch_output_padding(cfg) -> tuple[int, int]:
    return tuple(0 if v is None else v for v in cfg.output_padding)


def net_crop(cfg, name: str):
    """((top, bottom), (left, right)) cells removed from the uncropped output; negative adds zeros."""
    if name == "pytorch":
        op = torch_output_padding(cfg)
        return tuple((p, p - o) for p, o in zip(cfg.padding, op))
    mode, op = name.removeprefix("keras-"), keras_output_padding(cfg)
    ops = (None, None) if op is None else op
    return tuple(core.keras_padding(n, k, s, mode, o, cfg.dilation)
                 for n, k, s, o in zip(cfg.input_size, cfg.kernel_size, cfg.stride, ops))


@st.cache_data(max_entries=64)
def framework(cfg, name: str) -> dict:
    """One framework's output for the sidebar's input and kernel, and where its crop falls."""
    x, k, d = cfg.input, cfg.kernel, cfg.dilation
    try:
        if name == "pytorch":
            op = torch_output_padding(cfg)
            out = core.conv_transpose2d(x, k, stride=cfg.stride, padding=cfg.padding, output_padding=op,
                                        dilation=d)
        else:
            out = core.keras_conv2d_transpose(x, k, strides=cfg.stride, padding=name.removeprefix("keras-"),
                                              output_padding=keras_output_padding(cfg), dilation_rate=d)
    except ValueError as exc:
        return dict(error=str(exc))
    crop = net_crop(cfg, name)
    extra = tuple(max(-bottom, 0) for _, bottom in crop)
    # The uncropped output, plus the zeros that output padding adds past its end.
    canvas = core.conv_transpose2d(x, k, stride=cfg.stride, output_padding=extra, dilation=d)
    uncropped = core.output_size(cfg.input_size, cfg.kernel_size, stride=cfg.stride, dilation=d)
    kept = tuple((top, top + n) for (top, _), n in zip(crop, out.shape))
    op = torch_output_padding(cfg) if name == "pytorch" else (0, 0)
    return dict(output=out, canvas=canvas, crop=crop, kept=kept, uncropped=uncropped, extra=extra,
                output_padding=op)


def spans(cfg) -> tuple[int, int]:
    """k_eff = d(k - 1) + 1 per axis: the output of a 1x1 input is one stamp of the dilated kernel."""
    return core.output_size((1, 1), cfg.kernel_size, dilation=cfg.dilation)


def conv_length(n: int, k: int, s: int, p: int, d: int) -> int | None:
    """Output length of a direct convolution (core.conv2d on a column), or None if k does not fit."""
    try:
        return core.conv2d(np.zeros((n, 1)), np.zeros((k, 1)), stride=(s, 1), padding=(p, 0),
                           dilation=(d, 1)).shape[0]
    except ValueError:
        return None


def transposed_length(m: int, k: int, s: int, p: int, op: int, d: int) -> int | None:
    """Output length of the transposed convolution from m (core.output_size), or None if empty."""
    try:
        return core.output_size(m, k, stride=s, padding=p, output_padding=op, dilation=d)[0]
    except ValueError:
        return None


@st.cache_data(max_entries=64)
def ambiguity_rows(k: int, s: int, p: int, d: int) -> list[dict]:
    """Input sizes of a direct convolution, its output size, and the output padding to go back."""
    rows, n = [], 1
    while len(rows) < max(6, 3 * s) and n < 64:
        m = conv_length(n, k, s, p, d)
        if m is not None:
            # The output padding whose transposed convolution returns exactly to n.
            ops = [op for op in range(max(s, d)) if transposed_length(m, k, s, p, op, d) == n]
            rows.append({"Conv input size": n, "Conv output size": m,
                         "Transposed output, output padding 0": transposed_length(m, k, s, p, 0, d),
                         "Output padding needed": ops[0] if ops else None})
        n += 1
    return rows


@st.cache_data(max_entries=64)
def small_kernel_rows(h: int, s: int) -> list[dict]:
    rows = []
    for k in range(1, s + 2):
        rows.append({"Kernel size": k, "Kernel < stride": "yes" if k < s else "no",
                     "PyTorch output": core.output_size(h, k, stride=s)[0],
                     "Keras 'valid' output": core.keras_output_size(h, k, s, "valid")[0],
                     "Input × stride": core.keras_output_size(h, 1, s, "same")[0]})
    return rows


# --- words ----------------------------------------------------------------------------------

def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _side(first: int, second: int, unit: str, where: tuple[str, str]) -> str:
    said = f"{_count(first, unit)} from the {where[0]}"
    if second >= 0:
        return f"{said} and {second} from the {where[1]}"
    return f"{said} and adds {_count(-second, unit)} of zeros at the {where[1]}"


def crop_sentence(name: str, crop, output_padding=(0, 0)) -> str:
    """'Keras 'same' crops 0 rows from the top and 1 from the bottom, and 0 columns ...'.

    With PyTorch's output padding, also how padding and output padding make that crop.
    """
    (top, bottom), (left, right) = crop
    said = (f"{CONVENTIONS[name]} crops {_side(top, bottom, 'row', ('top', 'bottom'))}, and "
            f"{_side(left, right, 'column', ('left', 'right'))}.")
    if any(output_padding):
        said += " " + text("shapes", "output-padding-back", p=_axes_value((top, left)),
                           op=_axes_value(output_padding))
    return said


def _axes_value(pair) -> str:
    return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]} (height) and {pair[1]} (width)"


# --- formulas -------------------------------------------------------------------------------

def _axes(cfg):
    """Per axis: (label, H, k, s, padding, output padding)."""
    op = torch_output_padding(cfg)
    return [("H", cfg.input_size[0], cfg.kernel_size[0], cfg.stride[0], cfg.padding[0], op[0]),
            ("W", cfg.input_size[1], cfg.kernel_size[1], cfg.stride[1], cfg.padding[1], op[1])]


def _latex(lines: list[tuple[str, str]]) -> None:
    """One line per axis, or a single line when height and width read the same."""
    (h_label, h_rhs), (w_label, w_rhs) = lines
    if h_rhs == w_rhs:
        st.latex(rf"{h_label}_\text{{out}} = {w_label}_\text{{out}} = {h_rhs}")
    else:
        st.latex(r" \\ ".join(rf"{label}_\text{{out}} = {rhs}" for label, rhs in lines))


def pytorch_formula(cfg) -> None:
    st.latex(r"H_\text{out} = (H - 1)\,s - 2p + d\,(k - 1) + op + 1")
    d = cfg.dilation
    try:
        result = core.output_size(cfg.input_size, cfg.kernel_size, stride=cfg.stride, padding=cfg.padding,
                                  output_padding=torch_output_padding(cfg), dilation=d)
    except ValueError as exc:
        st.warning(str(exc))
        return
    _latex([(label, rf"({n} - 1)\cdot {s} - 2\cdot {p} + {d}\cdot({k} - 1) + {op} + 1 = \mathbf{{{out}}}")
            for (label, n, k, s, p, op), out in zip(_axes(cfg), result)])


def keras_formula(cfg, mode: str) -> None:
    op = keras_output_padding(cfg)
    if mode == "valid":
        st.latex(r"H_\text{out} = (H - 1)\,s + k_\text{eff} + op")
    elif op is None:
        st.latex(r"H_\text{out} = H\cdot s")
    else:
        st.latex(r"H_\text{out} = (H - 1)\,s + (k_\text{eff} \bmod 2) + op")
    try:
        result = core.keras_output_size(cfg.input_size, cfg.kernel_size, cfg.stride, mode, op, cfg.dilation)
        _, extra = core.keras_to_torch_padding(cfg.kernel_size, cfg.stride, mode, op, cfg.dilation)
    except ValueError as exc:
        st.warning(str(exc))
        return
    lines = []
    for (label, n, _k, s, _p, _o), keff, out, e in zip(_axes(cfg), spans(cfg), result, extra):
        if mode == "valid":
            rhs = rf"({n} - 1)\cdot {s} + {keff} + {e} = \mathbf{{{out}}}"
        elif op is None:
            rhs = rf"{n}\cdot {s} = \mathbf{{{out}}}"
        else:
            o = op[0] if label == "H" else op[1]
            rhs = rf"({n} - 1)\cdot {s} + ({keff} \bmod 2) + {o} = \mathbf{{{out}}}"
        lines.append((label, rhs))
    _latex(lines)


def formulas(cfg) -> None:
    st.subheader("The output size, with your numbers")
    st.markdown(text("shapes", "formula"))
    st.markdown(text("shapes", "pytorch-formula"))
    st.markdown(f"**PyTorch**{_yours(cfg, 'pytorch')}")
    pytorch_formula(cfg)
    st.markdown(text("shapes", "keras-formula"))
    for mode in ("valid", "same"):
        st.markdown(f"**Keras `padding='{mode}'`**{_yours(cfg, f'keras-{mode}')}")
        keras_formula(cfg, mode)


def _yours(cfg, name: str) -> str:
    return " " + text("shapes", "yours") if cfg.convention == name else ""


# --- side by side ---------------------------------------------------------------------------

def side_by_side(cfg) -> None:
    st.subheader("PyTorch versus Keras, side by side")
    st.markdown(text("shapes", "side"))
    results = {name: framework(cfg, name) for name in FRAMEWORKS}
    arrays = [r["canvas"] for r in results.values() if "canvas" in r]
    scale = shared_scale(*arrays) if arrays else None
    for col, (name, r) in zip(st.columns(3), results.items()):
        with col:
            st.markdown(f"##### {CONVENTIONS[name]}{_yours(cfg, name)}")
            if "error" in r:
                st.warning(r["error"])
                continue
            key = name.replace("-", "_")
            show(crop_html(r["canvas"], r["kept"], r["uncropped"], "Before the crop", key=f"shapes_{key}_canvas",
                           scale=scale, width_px=NARROW_PX))
            show(grid_page(r["output"], "Output", key=f"shapes_{key}_out", scale=scale, width_px=NARROW_PX))
            st.markdown(crop_sentence(name, r["crop"], r["output_padding"]))


def small_kernel(cfg) -> None:
    h, s = cfg.input_size[0], cfg.stride[0]
    st.markdown(text("shapes", "small-kernel", h=h, s=s))
    if s == 1:
        st.markdown(text("shapes", "small-kernel-none"))
    st.table(pd.DataFrame(small_kernel_rows(h, s)), hide_index=True)


def ambiguity(cfg) -> None:
    k, s, p, d = cfg.kernel_size[0], cfg.stride[0], cfg.padding[0], cfg.dilation
    st.subheader("Output padding: one output size, several input sizes")
    st.markdown(text("shapes", "ambiguity", k=k, s=s, p=p, d=d))
    rows = ambiguity_rows(k, s, p, d)
    st.table(pd.DataFrame(rows), hide_index=True)
    groups: dict[int, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["Conv output size"], []).append(row)
    shared = [g for g in groups.values() if len(g) > 1]
    if not shared:
        st.markdown(text("shapes", "ambiguity-none"))
        return
    # The first shared output size of at least 2 makes the plainest example.
    group = next((g for g in shared if g[0]["Conv output size"] > 1), shared[0])
    sizes = [str(r["Conv input size"]) for r in group]
    st.markdown(text("shapes", "ambiguity-example", inputs=_and(sizes),
                     verb="both" if len(sizes) == 2 else "all",
                     m_rows=_count(group[0]["Conv output size"], "row"),
                     first=sizes[0], others=_and(sizes[1:]),
                     ops=_and([str(r["Output padding needed"]) for r in group[1:]])))


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# --- code to copy ---------------------------------------------------------------------------

def _rows(a: np.ndarray, indent: str) -> str:
    """A 2-D array as a Python list literal, one row per line."""
    rows = [f"[{', '.join(repr(float(v) + 0.0) for v in row)}]" for row in a]  # + 0.0: no "-0.0"
    return "[\n" + ",\n".join(indent + "    " + r for r in rows) + ",\n" + indent + "]"


def _expected(out: np.ndarray) -> str:
    a = out.astype(int) if np.all(np.equal(np.mod(out, 1), 0)) else np.round(out, 4)
    shown = np.array2string(a, max_line_width=10_000, separator=", ")
    h, w = out.shape
    return f"# Expected output ({h}x{w}):\n" + "\n".join("# " + line for line in shown.splitlines())


def _pair(v) -> str:
    return f"({v[0]}, {v[1]})"


def _comment(words: str) -> list[str]:
    return [f"# {line}" for line in _wrap(words)]


def torch_code(cfg, out: np.ndarray) -> str:
    """PyTorch code whose ``out`` is the sidebar's output."""
    crop = net_crop(cfg, cfg.convention)
    s, d, (h, w), (kh, kw) = cfg.stride, cfg.dilation, cfg.input_size, cfg.kernel_size
    call = "out = torch.nn.functional.conv_transpose2d("
    indent = " " * len(call)
    lines = ["import torch", "",
             f"# input, shape (1, 1, {h}, {w}): (N, C_in, H, W)",
             f"x = torch.tensor([[{_rows(cfg.input, '')}]])",
             f"# kernel, shape (1, 1, {kh}, {kw}): (C_in, C_out, kH, kW)",
             f"w = torch.tensor([[{_rows(cfg.kernel, '')}]])"]
    # PyTorch's own padding says it when the top (left) crop is p and the bottom (right) p - op.
    limits = [max(s_, d) for s_ in s]
    if all(top >= 0 and 0 <= top - bottom < lim for (top, bottom), lim in zip(crop, limits)):
        padding = tuple(top for top, _ in crop)
        op = tuple(top - bottom for top, bottom in crop)
        lines += [f"{call}x, w, stride={_pair(s)}, padding={_pair(padding)},",
                  f"{indent}output_padding={_pair(op)}, dilation={d})"]
    else:
        extra = tuple(max(-bottom, 0) for _, bottom in crop)
        (top, _), (left, _) = crop
        h_out, w_out = out.shape
        full = "full = torch.nn.functional.conv_transpose2d("
        lines += _comment(text("shapes", "torch-slice", crop=crop_sentence(cfg.convention, crop)))
        lines += [f"{full}x, w, stride={_pair(s)}, padding=0,",
                  f"{' ' * len(full)}output_padding={_pair(extra)}, dilation={d})",
                  f"out = full[:, :, {top}:{top + h_out}, {left}:{left + w_out}]"]
    lines += ["print(out[0, 0])", _expected(out)]
    return "\n".join(lines)


def _keras_direct(cfg):
    """Keras (padding, output_padding) giving PyTorch's crop exactly, or None."""
    target = net_crop(cfg, "pytorch")
    sh, sw = cfg.stride
    options = [None] + [(a, b) for a in range(sh) for b in range(sw)]
    for mode in ("valid", "same"):
        for op in options:
            ops = (None, None) if op is None else op
            got = tuple(core.keras_padding(n, k, s, mode, o, cfg.dilation)
                        for n, k, s, o in zip(cfg.input_size, cfg.kernel_size, cfg.stride, ops))
            if got == target:
                return mode, op
    return None


def keras_code(cfg, out: np.ndarray) -> tuple[str | None, str | None]:
    """(Keras code whose ``out`` is the sidebar's output, None), or (None, why Keras cannot)."""
    s, d, (h, w), (kh, kw) = cfg.stride, cfg.dilation, cfg.input_size, cfg.kernel_size
    try:  # Keras refuses some combinations (strides > 1 with dilation > 1); the core says why
        core.keras_output_size(cfg.input_size, cfg.kernel_size, s, "valid", None, d)
    except ValueError as exc:
        return None, text("shapes", "keras-cannot", reason=str(exc))
    note, after = [], []
    found = (cfg.keras_padding, cfg.keras_output_padding) if cfg.is_keras else _keras_direct(cfg)
    if found:
        mode, op = found
    else:
        # Neither 'valid' nor 'same' crops like PyTorch here: the full output, padded, then cropped.
        crop = net_crop(cfg, "pytorch")
        mode, op = "valid", (0, 0)
        pad = tuple(max(-bottom, 0) for _, bottom in crop)
        cut = tuple((top, max(bottom, 0)) for top, bottom in crop)
        note = _comment(text("shapes", "keras-compose", crop=crop_sentence("pytorch", crop)))
        if any(pad):
            after.append(f"out = keras.layers.ZeroPadding2D(padding=((0, {pad[0]}), (0, {pad[1]})))(out)")
        if any(v for c in cut for v in c):
            after.append(f"out = keras.layers.Cropping2D(cropping=({_pair(cut[0])}, {_pair(cut[1])}))(out)")
    call = "layer = keras.layers.Conv2DTranspose("
    indent = " " * len(call)
    lines = ["import numpy as np", "import keras", "",
             f"# input, shape (1, {h}, {w}, 1): (N, H, W, C_in)",
             f"x = np.array({_rows(cfg.input, '')}, dtype='float32').reshape(1, {h}, {w}, 1)",
             f"# kernel, shape ({kh}, {kw}, 1, 1): (kH, kW, C_out, C_in)",
             f"kernel = np.array({_rows(cfg.kernel, '')}, dtype='float32').reshape({kh}, {kw}, 1, 1)",
             *note,
             f"{call}filters=1, kernel_size={_pair((kh, kw))}, strides={_pair(s)},",
             f"{indent}padding='{mode}', output_padding={None if op is None else _pair(op)},",
             f"{indent}dilation_rate={_pair((d, d))}, use_bias=False)",
             "layer.build(x.shape)", "layer.set_weights([kernel])", "out = layer(x)", *after,
             "out = keras.ops.convert_to_numpy(out)", "print(out[0, :, :, 0])", _expected(out)]
    return "\n".join(lines), None


def _wrap(words: str, width: int = 96) -> list[str]:
    lines, line = [], ""
    for word in words.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def code(cfg) -> None:
    st.subheader("Code to copy")
    if cfg.problem:
        st.info(text("shapes", "code-problem"))
        return
    st.markdown(text("shapes", "code", convention=CONVENTIONS[cfg.convention]))
    out = cfg.output()
    torch_tab, keras_tab = st.tabs(["PyTorch", "Keras 3"])
    torch_tab.code(torch_code(cfg, out), language="python")
    snippet, why = keras_code(cfg, out)
    if snippet is None:
        keras_tab.info(why)
    else:
        keras_tab.code(snippet, language="python")

cfg = controls.current()
st.title("Shapes and frameworks")
st.caption(cfg.describe())
st.markdown(text("shapes", "intro"))
if cfg.problem:
    st.info(text("shapes", "problem", convention=CONVENTIONS[cfg.convention]))
formulas(cfg)
side_by_side(cfg)
small_kernel(cfg)
ambiguity(cfg)
code(cfg)
