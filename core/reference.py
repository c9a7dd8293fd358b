"""The textbook scatter-add, written as plainly as possible.

This is the gold standard the fast ``conv_transpose2d`` and the trace are tested against:
every input value stamps a copy of the kernel, scaled by that value, into the output.
``scatter_add`` is the loop itself, in 2-D, as the scatter page shows it;
``conv_transpose2d_reference`` is the same loop with every setting PyTorch has.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .convolution import _as_batched, _bias, _groups, _unbatch
from .geometry import sized


def scatter_add(X, K, s=1):
    """The transposed convolution of a 2-D input X by a 2-D kernel K with stride s."""
    (h, w), (kh, kw) = X.shape, K.shape
    Y = np.zeros(((h - 1) * s + kh, (w - 1) * s + kw))
    for i in range(h):
        for j in range(w):
            Y[i*s:i*s+kh, j*s:j*s+kw] += X[i, j] * K
    return Y


def conv_transpose2d_reference(input, weight, bias=None, stride=1, padding=0, output_padding=0,
                               groups=1, dilation=1):
    """Same contract as ``core.conv_transpose2d`` (per-side padding included), one input cell at a time.

    input : ndarray of shape (N, C_in, H, W), (C_in, H, W), or (H, W) with a (kH, kW) kernel
    weight : ndarray of shape (C_in, C_out/groups, kH, kW), or (kH, kW)
    """
    x, w, form = _as_batched(input, weight, "weight")
    x, w = x.astype(np.float64), w.astype(np.float64)
    n, c_in, h, wd = x.shape
    groups = _groups(groups, c_in, w.shape[0], "transpose")
    cg_in = c_in // groups
    cg_out, kh, kw = w.shape[1:]
    geo = sized((h, wd), (kh, kw), stride, padding, output_padding, dilation)
    s, d = geo.stride, geo.dilation
    rows, cols = geo.window

    # Scatter into the uncropped output, with room for output padding, then keep the window.
    shape = (n, cg_out * groups, *geo.extent)
    _checks.room(shape, "The output")
    full = np.zeros(shape)
    span_h, span_w = geo.span
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
        for b_ in range(n):
            for c in range(c_in):
                group = c // cg_in
                outs = slice(group * cg_out, (group + 1) * cg_out)
                for i in range(h):
                    for j in range(wd):
                        # Y[i*s : i*s + k, j*s : j*s + k] += X[i, j] * K
                        y0, x0 = i * s[0], j * s[1]
                        full[b_, outs, y0:y0 + span_h:d[0], x0:x0 + span_w:d[1]] += x[b_, c, i, j] * w[c]
        out = full[:, :, rows[0]:rows[1], cols[0]:cols[1]]
        if bias is not None:
            out = out + _bias(bias, cg_out * groups, np.float64)[:, None, None]
    return _unbatch(_checks.finite_result(out, "the input, weight or bias"), form)
