"""Convolution and transposed convolution, with PyTorch's semantics.

Shapes follow ``torch.nn.functional``:

- ``conv2d``: input ``(N, C_in, H, W)`` or ``(C_in, H, W)``, weight ``(C_out, C_in/groups, kH, kW)``.
- ``conv_transpose2d``: input ``(N, C_in, H, W)`` or ``(C_in, H, W)``,
  weight ``(C_in, C_out/groups, kH, kW)``.

Both also take the teaching form: a 2-D ``(H, W)`` input with a 2-D ``(kH, kW)``
kernel gives a 2-D output.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .geometry import Geometry, conv_length, geometry, sized


def output_size(input_size, kernel_size, stride=1, padding=0, output_padding=0, dilation=1):
    """Output ``(H_out, W_out)`` of a transposed convolution (PyTorch's formula).

    ``input_size`` and ``kernel_size`` are ints or ``(height, width)`` pairs; ``padding``
    may also be per side, ``((top, bottom), (left, right))``.
    """
    return geometry(input_size, kernel_size, stride, padding, output_padding, dilation).output


def uncropped_room(geo: Geometry) -> None:
    """Refuse a geometry whose uncropped output (with any output-padding zeros) is too large to hold."""
    _checks.room(geo.extent, "The uncropped output")


def taps(a: np.ndarray, start: tuple[int, int], count: tuple[int, int], stride) -> np.ndarray:
    """The cells one kernel tap meets: a[..., start + i * stride] for i below count, on the last two axes (a view)."""
    (r, c), (h, w), (sh, sw) = start, count, stride
    return a[..., r:r + (h - 1) * sh + 1:sh, c:c + (w - 1) * sw + 1:sw]


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
    geo = sized((h, wd), (kh, kw), stride, padding, output_padding, dilation)
    s, d = geo.stride, geo.dilation
    (top, left), (out_h, out_w) = (geo.window[0][0], geo.window[1][0]), geo.output
    dtype = _checks.float_dtype(x, w)
    b = _bias(bias, c_out, dtype)

    # Room for output padding that reaches past the uncropped output; refused before allocating.
    full_h, full_w = geo.extent
    uncropped_room(geo)
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
    return _checks.padding_sides(padding)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Convolution (cross-correlation), exactly ``torch.nn.functional.conv2d``.

    input : ndarray of shape (N, C_in, H, W), (C_in, H, W), or (H, W) with a 2-D kernel
    weight : ndarray of shape (C_out, C_in/groups, kH, kW), or (kH, kW)
    padding : int, pair, 'valid' or 'same'; or per side ((top, bottom), (left, right)), which
        PyTorch itself does not take (``F.pad`` first, then ``conv2d``)
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
    out_h, out_w = (conv_length(n_, k, s_, p, d_) for n_, k, s_, p, d_ in zip((h, wd), (kh, kw), s, pads, d))
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
    wg = w.astype(dtype, copy=False).reshape(g, c_out // g, cg_in, kh, kw)
    out = np.zeros((n, g, c_out // g, out_h * out_w), dtype=dtype)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
        for a in range(kh):
            for bb in range(kw):
                # tap (a, b) reads xp[n, c, y*s + a*d, x*s + b*d] for every output cell (y, x)
                tap = taps(xp, (a * d[0], bb * d[1]), (out_h, out_w), s).reshape(n, g, cg_in, out_h * out_w)
                if cg_in == 1:  # an outer product: broadcasting beats matmul's inner length of 1
                    out += wg[None, :, :, 0, a, bb, None] * tap
                else:
                    out += np.matmul(wg[:, :, :, a, bb], tap)
        out = out.reshape(n, c_out, out_h, out_w)
        if b is not None:
            out = out + b[:, None, None]
    _checks.finite_result(out, "the input, weight or bias")
    return _unbatch(out, form)
