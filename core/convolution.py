"""Convolution and transposed convolution, with PyTorch's semantics.

Shapes follow ``torch.nn.functional``:

- ``conv2d``: input ``(N, C_in, H, W)`` or ``(C_in, H, W)``, weight ``(C_out, C_in/groups, kH, kW)``.
- ``conv_transpose2d``: input ``(N, C_in, H, W)`` or ``(C_in, H, W)``,
  weight ``(C_in, C_out/groups, kH, kW)``.

Both also take the teaching form: a 2-D ``(H, W)`` input with a 2-D ``(kH, kW)``
kernel gives a 2-D output.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import _checks


def transposed_length(n: int, k: int, stride: int, padding: int, output_padding: int,
                      dilation: int) -> int:
    # H_out = (H - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
    return (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1


def conv_length(n: int, k: int, stride: int, padding: int, dilation: int) -> int:
    # H_out = floor((H + 2 * padding - dilation * (k - 1) - 1) / stride) + 1
    return (n + 2 * padding - dilation * (k - 1) - 1) // stride + 1


class Geometry(NamedTuple):
    """Checked settings of one transposed convolution, per axis (height, width)."""

    stride: tuple[int, int]
    padding: tuple[tuple[int, int], tuple[int, int]]  # ((top, bottom), (left, right))
    output_padding: tuple[int, int]
    dilation: tuple[int, int]
    uncropped: tuple[int, int]  # (H - 1) * stride + dilation * (k - 1) + 1
    output: tuple[int, int]  # uncropped - top - bottom + output_padding


def geometry(input_size, kernel_size, stride, padding, output_padding, dilation, allocate=True) -> Geometry:
    """Checked settings; with ``allocate``, also refuse outputs too large to compute."""
    s = _checks.stride_pair(stride)
    d = _checks.dilation_pair(dilation)
    sides = _checks.padding_sides(padding)
    op = _checks.output_padding_pair(output_padding, s, d)
    uncropped = tuple((n - 1) * s_ + d_ * (k - 1) + 1
                      for n, k, s_, d_ in zip(input_size, kernel_size, s, d))
    out = tuple(u - top - bottom + o for u, (top, bottom), o in zip(uncropped, sides, op))
    for axis, h, u, n, k, s_, (top, bottom), o, d_ in zip(
            _checks.AXES, out, uncropped, input_size, kernel_size, s, sides, op, d):
        if h < 1:
            show = _checks.show
            if top == bottom:
                formula = (f"({show(n)} - 1) x {show(s_)} - 2 x {show(top)} + {show(d_)} x ({show(k)} - 1) "
                           f"+ {show(o)} + 1")
                advice = f"use padding of at most {show((u - 1 + o) // 2)}"
            else:
                formula = f"{show(u)} uncropped - {show(top)} - {show(bottom)} cropped + {show(o)}"
                advice = "crop less"
            _checks.positive_length(
                axis, h, formula,
                f"padding crops {show(top + bottom)} from an uncropped {axis} of {show(u)}; {advice}, "
                "or a larger input or kernel.",
            )
    if allocate:
        _checks.room((max(uncropped[0], sides[0][0] + out[0]), max(uncropped[1], sides[1][0] + out[1])),
                     "The uncropped output")
    return Geometry(s, sides, op, d, uncropped, out)


def output_size(input_size, kernel_size, stride=1, padding=0, output_padding=0, dilation=1):
    """Output ``(H_out, W_out)`` of a transposed convolution (PyTorch's formula).

    ``input_size`` and ``kernel_size`` are ints or ``(height, width)`` pairs; ``padding``
    may also be per side, ``((top, bottom), (left, right))``.
    """
    size = _checks.pair(input_size, "input size", 1, "an input needs at least one row and column.")
    kernel = _checks.pair(kernel_size, "kernel size", 1, "a kernel needs at least one tap.")
    # Arithmetic only: any size is answered, however large.
    return geometry(size, kernel, stride, padding, output_padding, dilation, allocate=False).output


def _as_batched(input, weight, name_w: str):
    """Bring input and weight to 4-D; say how to shape the result back."""
    x = _checks.array(input, "input")
    w = _checks.array(weight, name_w)
    if x.ndim == 2 and w.ndim == 2:
        return x[None, None], w[None, None], "2d"
    if w.ndim != 4:
        raise ValueError(
            f"{name_w} must have 4 axes {_WEIGHT_AXES[name_w]} (or 2 axes (kH, kW) with a 2-D "
            f"input), got shape {w.shape}."
        )
    if x.ndim == 3:
        return x[None], w, "unbatched"
    if x.ndim == 4:
        return x, w, "batched"
    raise ValueError(
        f"input must have 2 axes (H, W), 3 axes (C_in, H, W) or 4 axes (N, C_in, H, W), "
        f"got shape {x.shape}."
    )


_WEIGHT_AXES = {
    "weight": "(C_in, C_out/groups, kH, kW)",
    "conv2d weight": "(C_out, C_in/groups, kH, kW)",
}


def _unbatch(out: np.ndarray, form: str) -> np.ndarray:
    if form == "2d":
        return out[0, 0]
    if form == "unbatched":
        return out[0]
    return out


def _groups(groups, channels_in: int, channels_w0: int, what: str) -> int:
    if not _checks._is_whole(groups) or groups < 1:
        raise ValueError(f"groups must be a whole number of at least 1, got {_checks.show(groups)}.")
    groups = int(groups)
    if channels_in % groups:
        raise ValueError(
            f"groups must divide the input channels: {channels_in} input channels cannot be "
            f"split into {_checks.show(groups)} equal groups; use a divisor of {channels_in}."
        )
    if channels_w0 != channels_in and what == "transpose":
        raise ValueError(
            f"weight's first axis ({channels_w0}) must equal the input channels "
            f"({channels_in}): each input channel has its own set of kernels."
        )
    return groups


def _bias(bias, channels: int, dtype) -> np.ndarray | None:
    if bias is None:
        return None
    b = _checks.array(bias, "bias").astype(dtype, copy=False)
    if b.ndim == 0:
        b = b.reshape(1)
    if b.shape != (channels,):
        raise ValueError(
            f"bias must hold one value per output channel ({channels}), got shape {b.shape}."
        )
    return b


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """Transposed convolution, exactly ``torch.nn.functional.conv_transpose2d``.

    input : ndarray of shape (N, C_in, H, W), (C_in, H, W), or (H, W) with a 2-D kernel
    weight : ndarray of shape (C_in, C_out/groups, kH, kW), or (kH, kW)
    bias : ndarray of shape (C_out,), optional
    Returns the output, of shape (N, C_out, H_out, W_out) (or the input's form).

    Each input value is multiplied by the kernel and the product (a stamp) is added
    into the output at stride offsets; overlaps are summed; then ``padding`` rows and
    columns are cropped from every border and ``output_padding`` extra rows and
    columns are kept at the bottom and right.

    ``padding`` may also be given per side, ``((top, bottom), (left, right))``, for
    asymmetric crops (Keras's 'same'); PyTorch itself takes only the symmetric forms.
    """
    x, w, form = _as_batched(input, weight, "weight")
    n, c_in, h, wd = x.shape
    g = _groups(groups, c_in, w.shape[0], "transpose")
    cg_out, kh, kw = w.shape[1:]
    c_out = cg_out * g
    geo = geometry((h, wd), (kh, kw), stride, padding, output_padding, dilation)
    s, d = geo.stride, geo.dilation
    (top, bottom), (left, right) = geo.padding
    out_h, out_w = geo.output
    dtype = _checks.float_dtype(x, w)
    b = _bias(bias, c_out, dtype)

    # Room for output padding that reaches past the uncropped output; refused before allocating.
    full_h = max(geo.uncropped[0], top + out_h)
    full_w = max(geo.uncropped[1], left + out_w)
    _checks.room((n, c_out, full_h, full_w), "The output")
    _checks.room((n, c_out * kh * kw, h * wd), "The stamps of every input cell")

    # One matrix product gives every stamp: cols[n, g, (o, a, b), (i, j)] = sum_c x * w.
    cg_in = c_in // g
    xg = x.astype(dtype, copy=False).reshape(n, g, cg_in, h * wd)
    wg = w.astype(dtype, copy=False).reshape(g, cg_in, cg_out * kh * kw).transpose(0, 2, 1)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
        if cg_in == 1:
            cols = wg * xg  # an outer product: broadcasting beats matmul's inner length of 1
        else:
            cols = np.matmul(wg, xg)
        cols = cols.reshape(n, c_out, kh, kw, h, wd)

        # Then place each kernel tap's plane at its offset, every stride-th cell (col2im).
        full = np.zeros((n, c_out, full_h, full_w), dtype=dtype)
        span_h, span_w = (h - 1) * s[0] + 1, (wd - 1) * s[1] + 1
        for a in range(kh):
            y0 = a * d[0]
            rows = slice(y0, y0 + span_h, s[0])
            for bb in range(kw):
                x0 = bb * d[1]
                full[:, :, rows, x0:x0 + span_w:s[1]] += cols[:, :, a, bb]
        out = np.ascontiguousarray(full[:, :, top:top + out_h, left:left + out_w])
        if b is not None:
            out = out + b[:, None, None]
    _checks.finite_result(out, "the input, weight or bias")
    return _unbatch(out, form)


def _conv_padding(padding, kernel, dilation, stride):
    """Per-axis (before, after) zero padding for conv2d, including 'valid' and 'same'."""
    if isinstance(padding, str):
        mode = padding
        if mode == "valid":
            return ((0, 0), (0, 0))
        if mode == "same":
            if stride != (1, 1):
                raise ValueError(
                    f"padding='same' needs stride 1, got stride {_checks.show(stride)}: with a larger stride "
                    "the output cannot keep the input's size."
                )
            # PyTorch puts the odd extra cell on the bottom/right.
            totals = [di * (k - 1) for di, k in zip(dilation, kernel)]
            return tuple((t // 2, t - t // 2) for t in totals)
        raise ValueError(
            f"padding must be a whole number, a pair, 'valid' or 'same' (lower case), got "
            f"{_checks.show(padding)}."
        )
    p = _checks.padding_pair(padding)
    return ((p[0], p[0]), (p[1], p[1]))


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Convolution (cross-correlation), exactly ``torch.nn.functional.conv2d``.

    input : ndarray of shape (N, C_in, H, W), (C_in, H, W), or (H, W) with a 2-D kernel
    weight : ndarray of shape (C_out, C_in/groups, kH, kW), or (kH, kW)
    padding : int, pair, 'valid' or 'same'
    Returns (N, C_out, H_out, W_out) (or the input's form).
    """
    x, w, form = _as_batched(input, weight, "conv2d weight")
    s = _checks.stride_pair(stride)
    d = _checks.dilation_pair(dilation)
    n, c_in, h, wd = x.shape
    c_out, cg_in, kh, kw = w.shape
    g = _groups(groups, c_in, c_out, "conv")
    if c_out % g:
        raise ValueError(
            f"groups must divide the output channels: {c_out} output channels cannot be "
            f"split into {_checks.show(g)} equal groups."
        )
    if cg_in * g != c_in:
        raise ValueError(
            f"weight's second axis ({cg_in}) times groups ({_checks.show(g)}) must equal the input "
            f"channels ({c_in})."
        )
    pads = _conv_padding(padding, (kh, kw), d, s)
    out_h = (h + sum(pads[0]) - d[0] * (kh - 1) - 1) // s[0] + 1
    out_w = (wd + sum(pads[1]) - d[1] * (kw - 1) - 1) // s[1] + 1
    for axis, length, size, k, di, (p0, p1) in zip(
            _checks.AXES, (out_h, out_w), (h, wd), (kh, kw), d, pads):
        if length < 1:
            raise ValueError(
                f"The kernel does not fit: its dilated {axis} is {_checks.show(di * (k - 1) + 1)} but "
                f"the padded input's {axis} is only {_checks.show(size + p0 + p1)}; use a smaller kernel or "
                "dilation, or more padding."
            )
    dtype = _checks.float_dtype(x, w)
    b = _bias(bias, c_out, dtype)
    _checks.room((n, c_in, h + sum(pads[0]), wd + sum(pads[1])), "The padded input")
    _checks.room((n, c_in, out_h, out_w, kh, kw), "The sliding windows")
    _checks.room((n, c_out, out_h, out_w), "The output")

    # A stride with one output position, or a dilation with one tap, changes nothing: read it as
    # 1, so that a huge one (PyTorch's int64 would overflow) does not reach the array strides.
    s = tuple(si if length > 1 else 1 for si, length in zip(s, (out_h, out_w)))
    d = tuple(di if k > 1 else 1 for di, k in zip(d, (kh, kw)))
    xp = np.pad(x.astype(dtype, copy=False), ((0, 0), (0, 0), pads[0], pads[1]))
    # windows[n, c, y, x, a, b] = xp[n, c, y*s + a*d, x*s + b*d]
    sn, sc, sh, sw = xp.strides
    windows = np.lib.stride_tricks.as_strided(
        xp, (n, c_in, out_h, out_w, kh, kw),
        (sn, sc, sh * s[0], sw * s[1], sh * d[0], sw * d[1]), writeable=False)
    windows = windows.reshape(n, g, cg_in, out_h, out_w, kh, kw)
    wg = w.astype(dtype, copy=False).reshape(g, c_out // g, cg_in, kh, kw)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
        out = np.einsum("ngcyxab,gocab->ngoyx", windows, wg, optimize=True)
        out = out.reshape(n, c_out, out_h, out_w)
        if b is not None:
            out = out + b[:, None, None]
    _checks.finite_result(out, "the input, weight or bias")
    return _unbatch(out, form)
