"""Code to copy: PyTorch and Keras 3 programs whose output is the sidebar's, written from the core's numbers.

Pure functions, no Streamlit. The tests run every snippet with the real libraries and compare what
it prints with what the page shows. Where a framework cannot say the crop with its own arguments,
the snippet composes it (PyTorch: the full output, then a slice; Keras: ZeroPadding2D and
Cropping2D around a 'valid' layer), and a comment says why.
"""

from __future__ import annotations

import numpy as np

import core
from ui.sentences import crop_sentence
from ui.text import text


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


def _wrap(words: str, width: int = 96) -> list[str]:
    lines, line = [], ""
    for word in words.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def _comment(words: str) -> list[str]:
    return [f"# {line}" for line in _wrap(words)]


def torch_code(cfg, out: np.ndarray) -> str:
    """PyTorch code whose ``out`` is the sidebar's output."""
    geo = cfg.geometry
    s, d, (h, w), (kh, kw) = cfg.stride, cfg.dilation, cfg.input_size, cfg.kernel_size
    call = "out = torch.nn.functional.conv_transpose2d("
    indent = " " * len(call)
    lines = ["import torch", "",
             f"# input, shape (1, 1, {h}, {w}): (N, C_in, H, W)",
             f"x = torch.tensor([[{_rows(cfg.input, '')}]])",
             f"# kernel, shape (1, 1, {kh}, {kw}): (C_in, C_out, kH, kW)",
             f"w = torch.tensor([[{_rows(cfg.kernel, '')}]])"]
    # PyTorch's own padding says it when the top (left) crop is p and the bottom (right) p - op.
    limits = [core.output_padding_limit(s_, d) for s_ in s]
    if all(top >= 0 and 0 <= top - bottom < limit for (top, bottom), limit in zip(geo.crop, limits)):
        padding = tuple(top for top, _ in geo.crop)
        op = tuple(top - bottom for top, bottom in geo.crop)
        lines += [f"{call}x, w, stride={_pair(s)}, padding={_pair(padding)},",
                  f"{indent}output_padding={_pair(op)}, dilation={d})"]
    else:
        extra = tuple(e - u for e, u in zip(geo.extent, geo.uncropped))
        (top, end_h), (left, end_w) = geo.window
        full = "full = torch.nn.functional.conv_transpose2d("
        lines += _comment(text("shapes", "torch-slice", crop=crop_sentence(cfg.convention, geo.crop)))
        lines += [f"{full}x, w, stride={_pair(s)}, padding=0,",
                  f"{' ' * len(full)}output_padding={_pair(extra)}, dilation={d})",
                  f"out = full[:, :, {top}:{end_h}, {left}:{end_w}]"]
    lines += ["print(out[0, 0])", _expected(out)]
    return "\n".join(lines)


def keras_code(cfg, out: np.ndarray) -> tuple[str | None, str | None]:
    """(Keras code whose ``out`` is the sidebar's output, None), or (None, why Keras cannot)."""
    s, d, (h, w), (kh, kw) = cfg.stride, cfg.dilation, cfg.input_size, cfg.kernel_size
    try:  # Keras refuses some combinations (strides > 1 with dilation > 1); the core says why
        core.geometry(cfg.input_size, cfg.kernel_size, s, "valid", None, d, convention="keras")
    except ValueError as exc:
        return None, text("shapes", "keras-cannot", reason=str(exc))
    note, after = [], []
    found = (cfg.keras_mode, cfg.keras_output_padding) if cfg.is_keras else core.keras_equivalent(cfg.geometry)
    if found:
        mode, op = found
    else:
        # Neither 'valid' nor 'same' crops like PyTorch here: the full output, padded, then cropped.
        crop = cfg.geometry.crop
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
