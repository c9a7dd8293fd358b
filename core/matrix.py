"""The matrix view: a convolution is a matrix C; the transposed convolution is C^T.

``conv_matrix`` builds C tap by tap; ``transposed_matrix`` builds C^T the other way, one column
per input cell, as the transposed convolution of a single 1 there (its stamp). ``adjoint_conv2d``
is the convolution whose matrix is C for a given transposed convolution, and ``nudged_gradient``
finds the gradient of that convolution by nudging each input cell, which is C^T again.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .convolution import conv2d, conv_transpose2d
from .geometry import conv_length, geometry

# Kernel taps placed at a time: bounds the index arrays (about 100 bytes a tap).
BLOCK = 2**20


def conv_matrix(input_size, weight, stride=1, padding=0, dilation=1):
    """The matrix C with ``conv2d(x, weight) == (C @ x.ravel()).reshape(out)``.

    input_size : (H, W), or (C_in, H, W) for a 4-D weight
    weight : ndarray of shape (kH, kW), or (C_out, C_in, kH, kW) as for conv2d
    padding : int, pair, or per side ((top, bottom), (left, right)), as for conv2d
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
    sides = _checks.padding_sides(padding)
    d = _checks.dilation_pair(dilation)
    out_h, out_w = (conv_length(n, k, s_, p_, d_) for n, k, s_, p_, d_ in zip((h, wd), (kh, kw), s, sides, d))
    p = (sides[0][0], sides[1][0])  # the top and left padding place the taps; the others only end C's rows
    if out_h < 1 or out_w < 1:
        raise ValueError(
            f"The kernel does not fit: a {kh}x{kw} kernel with dilation {_checks.show(d)} does not fit "
            f"in a {_checks.show(h)}x{_checks.show(wd)} input padded by {_padding_words(sides)}; use a smaller "
            "kernel or more padding."
        )

    _checks.room((c_in, h + sum(sides[0]), wd + sum(sides[1])), "The padded input")
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


def _padding_words(sides) -> str:
    """The padding as a message quotes it: one number per axis when both sides agree."""
    (top, bottom), (left, right) = sides
    if top == bottom and left == right:
        return _checks.show((top, left))
    return _checks.show(sides)


def transposed_matrix(input_size, weight, stride=1, padding=0, output_padding=0, dilation=1) -> np.ndarray:
    """C^T collected column by column: column j is the transposed convolution of a single 1 in input cell j.

    input_size : (H, W) of the transposed convolution's input
    weight : ndarray of shape (kH, kW)
    Returns C^T of shape (H_out * W_out, H * W): ``C^T @ y.ravel()`` is the transposed convolution of y.
    """
    k = _checks.array(weight, "weight")
    if k.ndim != 2:
        raise ValueError(f"weight must have 2 axes (kH, kW), got shape {k.shape}.")
    geo = geometry(input_size, k.shape, stride, padding, output_padding, dilation)
    h, w = geo.input_size
    _checks.room((h * w, *geo.extent), "The unit impulses' outputs")
    units = np.eye(h * w).reshape(h * w, 1, h, w)
    return conv_transpose2d(units, k[None, None], **geo.settings).reshape(h * w, -1).T


def adjoint_conv2d(x, weight, input_size, stride=1, padding=0, output_padding=0, dilation=1) -> np.ndarray:
    """The convolution whose transpose is the given transposed convolution: C x.

    x : ndarray of shape (H_out, W_out), or (N, 1, H_out, W_out) for a batch
    input_size : (H, W) of the transposed convolution's input, which is this convolution's output
    Same kernel, stride and dilation; its padding is the transposed convolution's crop, side by
    side; it keeps the first H x W cells (more appear only when output padding reaches the stride).
    """
    a, k = _checks.array(x, "x"), _checks.array(weight, "weight")
    geo = geometry(input_size, k.shape, stride, padding, output_padding, dilation)
    kernel = k if a.ndim == 2 else k[None, None]
    out = conv2d(a, kernel, stride=geo.stride, padding=geo.padding, dilation=geo.dilation)
    h, w = geo.input_size
    return out[..., :h, :w]


def nudged_gradient(upstream, x, weight, chunk: int = 256, **settings) -> np.ndarray:
    """dL/dx of L(x) = sum(upstream * C x), found by adding 1 to each cell of x in turn.

    upstream : ndarray of shape (H, W), the gradient arriving at C x
    x : ndarray of shape (H_out, W_out), where the gradient is taken
    L is linear in x, so a step of 1 in cell j changes L by exactly dL/dx_j: a finite
    difference with no rounding of the step. The cells go ``chunk`` at a time, as a batch.
    """
    g, x = _checks.array(upstream, "upstream"), _checks.array(x, "x").astype(np.float64)
    size = g.shape
    base = float((g * adjoint_conv2d(x, weight, size, **settings)).sum())
    grad = np.empty(x.size)
    for start in range(0, x.size, chunk):
        cells = np.arange(start, min(start + chunk, x.size))
        nudged = np.repeat(x[None, None], len(cells), axis=0)
        nudged.reshape(len(cells), -1)[np.arange(len(cells)), cells] += 1.0
        grad[cells] = (g * adjoint_conv2d(nudged, weight, size, **settings)[:, 0]).sum(axis=(1, 2)) - base
    return grad.reshape(x.shape)
