"""Gradients of convolution and transposed convolution, written as what they are.

A convolution is a matrix C; the transposed convolution with the same weight is C^T. So:

- the input gradient of a transposed convolution is the convolution with the same weight
  (``C`` applied to the output gradient), and the input gradient of a convolution is the
  transposed convolution with the same weight (``C^T``);
- the weight gradient of either is a correlation of the input with the output gradient: tap
  ``(a, b)`` collects every product of an input cell and the output-gradient cell that tap
  connected it to.

Shapes and argument forms are those of ``conv_transpose2d`` and ``conv2d``; each function
returns ``(grad_input, grad_weight, grad_bias)`` in the shapes of input, weight and bias.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .convolution import _as_batched, _conv_padding, _groups, _unbatch, conv2d, conv_transpose2d, taps
from .geometry import conv_length, sized


def _correlate(source: np.ndarray, grouped: np.ndarray, kernel: tuple[int, int], count: tuple[int, int],
               stride, dilation) -> np.ndarray:
    """out[g, p, q, a, b] = sum over n and cells i of grouped[n, g, p, i] * source_tap(a, b)[n, g, q, i].

    source : (N, G, Q, ...) the array each tap reads, at source[..., y*s + a*d, x*s + b*d]
    grouped : (N, G, P, Y * X), the other factor, one row per cell the tap visits
    """
    n, g, q = source.shape[:3]
    out = np.empty((g, grouped.shape[2], q, *kernel), dtype=np.result_type(source, grouped))
    for a in range(kernel[0]):
        for b in range(kernel[1]):
            tap = taps(source, (a * dilation[0], b * dilation[1]), count, stride).reshape(n, g, q, -1)
            out[..., a, b] = np.matmul(grouped, tap.transpose(0, 1, 3, 2)).sum(axis=0)
    return out


def conv_transpose2d_backward(input, weight, grad_output, stride=1, padding=0, output_padding=0, groups=1,
                              dilation=1):
    """Gradients of ``conv_transpose2d(input, weight, bias, ...)`` for the output gradient ``grad_output``.

    input : (N, C_in, H, W), (C_in, H, W), or (H, W) with a 2-D weight
    weight : (C_in, C_out/groups, kH, kW), or (kH, kW)
    grad_output : the shape of the transposed convolution's output
    Returns (grad_input, grad_weight, grad_bias); grad_bias has shape (C_out,) (one number in 2-D).
    """
    x, w, form = _as_batched(input, weight, "weight")
    n, c_in, h, wd = x.shape
    g = _groups(groups, c_in, w.shape[0], "transpose")
    cg_out, kh, kw = w.shape[1:]
    geo = sized((h, wd), (kh, kw), stride, padding, output_padding, dilation)
    gy = _checks.array(grad_output, "grad_output")
    gy = gy.reshape((1, 1) + gy.shape) if form == "2d" else gy[None] if form == "unbatched" else gy
    if gy.shape != (n, cg_out * g, *geo.output):
        raise ValueError(f"grad_output must have the output's shape {(n, cg_out * g, *geo.output)}, got {gy.shape}.")
    dtype = _checks.float_dtype(x, w, gy)
    x, w, gy = x.astype(dtype, copy=False), w.astype(dtype, copy=False), gy.astype(dtype, copy=False)

    # dL/dx = C gy: the convolution with the same weight, padded by the crop, first H x W cells kept.
    grad_input = conv2d(gy, w, stride=geo.stride, padding=geo.padding, dilation=geo.dilation, groups=g)[..., :h, :wd]

    # dL/dw[c, o, a, b] = sum over n, i, j of x[n, c, i, j] * gy_uncropped[n, o, i*s + a*d, j*s + b*d]
    (top, _), (left, _) = geo.window
    full = np.zeros((n, cg_out * g, *geo.extent), dtype=dtype)
    full[:, :, top:top + geo.output[0], left:left + geo.output[1]] = gy
    grouped = x.reshape(n, g, c_in // g, h * wd)
    full = full.reshape(n, g, cg_out, *geo.extent)
    grad_weight = _correlate(full, grouped, (kh, kw), (h, wd), geo.stride, geo.dilation).reshape(c_in, cg_out, kh, kw)
    grad_bias = gy.sum(axis=(0, 2, 3))
    if form == "2d":
        return grad_input[0, 0], grad_weight[0, 0], grad_bias[0]
    return _unbatch(grad_input, form), grad_weight, grad_bias


def conv2d_backward(input, weight, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """Gradients of ``conv2d(input, weight, bias, ...)`` for the output gradient ``grad_output``.

    input : (N, C_in, H, W), (C_in, H, W), or (H, W) with a 2-D weight
    weight : (C_out, C_in/groups, kH, kW), or (kH, kW)
    padding : as for conv2d (an int, a pair, per side, 'valid' or 'same')
    Returns (grad_input, grad_weight, grad_bias); grad_bias has shape (C_out,) (one number in 2-D).
    """
    x, w, form = _as_batched(input, weight, "conv2d weight")
    n, c_in, h, wd = x.shape
    c_out, cg_in, kh, kw = w.shape
    g = _groups(groups, c_in, c_out, "conv")
    s, d = _checks.stride_pair(stride), _checks.dilation_pair(dilation)
    pads = _conv_padding(padding, (kh, kw), d, s)
    out = tuple(conv_length(m, k, s_, p, d_) for m, k, s_, p, d_ in zip((h, wd), (kh, kw), s, pads, d))
    gy = _checks.array(grad_output, "grad_output")
    gy = gy.reshape((1, 1) + gy.shape) if form == "2d" else gy[None] if form == "unbatched" else gy
    if gy.shape != (n, c_out, *out):
        raise ValueError(f"grad_output must have the output's shape {(n, c_out, *out)}, got {gy.shape}.")
    dtype = _checks.float_dtype(x, w, gy)
    x, w, gy = x.astype(dtype, copy=False), w.astype(dtype, copy=False), gy.astype(dtype, copy=False)

    # dL/dx = C^T gy: the transposed convolution with the same weight; output padding restores the
    # cells the stride skipped at the end, and the crop is the convolution's padding.
    extra = tuple((m + p0 + p1 - (dd * (k - 1) + 1)) % ss
                  for m, (p0, p1), k, dd, ss in zip((h, wd), pads, (kh, kw), d, s))
    grad_input = conv_transpose2d(gy, w, stride=s, padding=pads, output_padding=extra, dilation=d, groups=g)

    # dL/dw[o, c, a, b] = sum over n, y, x of x_padded[n, c, y*s + a*d, x*s + b*d] * gy[n, o, y, x]
    padded = np.pad(x, ((0, 0), (0, 0), *pads))
    grouped = gy.reshape(n, g, c_out // g, out[0] * out[1])
    padded = padded.reshape(n, g, cg_in, *padded.shape[2:])
    grad_weight = _correlate(padded, grouped, (kh, kw), out, s, d).reshape(c_out, cg_in, kh, kw)
    grad_bias = gy.sum(axis=(0, 2, 3))
    if form == "2d":
        return grad_input[0, 0], grad_weight[0, 0], grad_bias[0]
    return _unbatch(grad_input, form), grad_weight, grad_bias
