"""The matrix view: a convolution is a matrix C; the transposed convolution is C^T."""

from __future__ import annotations

import numpy as np

from . import _checks
from .convolution import conv_length

# Kernel taps placed at a time: bounds the index arrays (about 100 bytes a tap).
BLOCK = 2**20


def conv_matrix(input_size, weight, stride=1, padding=0, dilation=1):
    """The matrix C with ``conv2d(x, weight) == (C @ x.ravel()).reshape(out)``.

    input_size : (H, W), or (C_in, H, W) for a 4-D weight
    weight : ndarray of shape (kH, kW), or (C_out, C_in, kH, kW) as for conv2d
    Returns C of shape (C_out * H_out * W_out, C_in * H * W).

    The same weight, read as a transposed convolution's (C_in_t = C_out, C_out_t = C_in),
    gives ``conv_transpose2d(y, weight, ...)`` as ``C.T @ y.ravel()`` reshaped, with the
    output_padding that restores the input size.
    """
    w = _checks.array(weight, "weight")
    if w.ndim == 2:
        w = w[None, None]
    if w.ndim != 4:
        raise ValueError(
            f"weight must have 2 axes (kH, kW) or 4 axes (C_out, C_in, kH, kW), got shape {w.shape}."
        )
    c_out, c_in, kh, kw = w.shape
    try:
        size = tuple(input_size) if not isinstance(input_size, (str, bytes)) else None
    except TypeError:
        size = None
    if size is not None and len(size) == 2:
        size = (c_in, *size)
    if size is None or len(size) != 3 or not _checks._is_whole(size[0]) or size[0] != c_in:
        raise ValueError(
            f"input size must be (H, W) or (C_in, H, W) with C_in = {c_in} (the weight's "
            f"second axis), got {_checks.show(input_size)}."
        )
    h, wd = _checks.pair(size[1:], "input size", 1, "an input needs at least one row and column.")
    s = _checks.stride_pair(stride)
    p = _checks.padding_pair(padding)
    d = _checks.dilation_pair(dilation)
    out_h, out_w = conv_length(h, kh, s[0], p[0], d[0]), conv_length(wd, kw, s[1], p[1], d[1])
    if out_h < 1 or out_w < 1:
        raise ValueError(
            f"The kernel does not fit: a {kh}x{kw} kernel with dilation {_checks.show(d)} does not fit "
            f"in a {_checks.show(h)}x{_checks.show(wd)} input padded by {_checks.show(p)}; use a smaller "
            "kernel or more padding."
        )

    _checks.room((c_in, h + 2 * p[0], wd + 2 * p[1]), "The padded input")
    _checks.room((c_out * out_h * out_w, c_in * h * wd), "The matrix C")
    # A stride with one output position, or a dilation with one tap, changes nothing: read as 1.
    s = tuple(si if length > 1 else 1 for si, length in zip(s, (out_h, out_w)))
    d = tuple(di if k > 1 else 1 for di, k in zip(d, (kh, kw)))
    _checks.room((c_out, out_h, out_w, c_in, kh, kw), "The kernel taps of C")
    # Row (o, y, x) of C holds w[o, c, a, b] in column (c, y*s + a*d - p, x*s + b*d - p).
    # The taps go BLOCK at a time, so the index arrays stay small whatever the size of C.
    matrix = np.zeros((c_out * out_h * out_w, c_in * h * wd), dtype=_checks.float_dtype(w))
    taps = (c_out, out_h, out_w, c_in, kh, kw)
    total = c_out * out_h * out_w * c_in * kh * kw
    for start in range(0, total, BLOCK):
        o, y, x, c, a, b = np.unravel_index(np.arange(start, min(start + BLOCK, total)), taps)
        r = y * s[0] + a * d[0] - p[0]
        q = x * s[1] + b * d[1] - p[1]
        inside = (r >= 0) & (r < h) & (q >= 0) & (q < wd)
        o, y, x, c, a, b, r, q = (v[inside] for v in (o, y, x, c, a, b, r, q))
        matrix[(o * out_h + y) * out_w + x, (c * h + r) * wd + q] = w[o, c, a, b]
    return matrix
