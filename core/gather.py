"""The gather view: a transposed convolution is an ordinary stride-1 convolution.

Insert ``stride - 1`` zeros between input cells, pad each border by
``dilation * (k - 1) - padding`` (crop where that is negative; output padding adds
to the bottom and right), rotate the kernel by 180 degrees, and slide it with
stride 1. The result equals ``conv_transpose2d``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _checks
from .convolution import _as_batched, _unbatch, conv2d, geometry


def zero_insert(x, stride):
    """Insert ``stride - 1`` zeros between neighbouring cells of the last two axes.

    x : ndarray of shape (..., H, W)
    Returns (..., (H - 1) * stride + 1, (W - 1) * stride + 1).
    """
    x = _checks.array(x, "input")
    if x.ndim < 2:
        raise ValueError(f"input must have at least 2 axes (H, W), got shape {x.shape}.")
    s = _checks.stride_pair(stride)
    h, w = x.shape[-2:]
    shape = x.shape[:-2] + ((h - 1) * s[0] + 1, (w - 1) * s[1] + 1)
    _checks.room(shape, "The zero-inserted input")
    out = np.zeros(shape, dtype=x.dtype)
    out[..., ::s[0], ::s[1]] = x
    return out


@dataclass(frozen=True)
class EquivalentConvolution:
    """The stages of the gather view, each an array in the input's form.

    dilated : input with stride - 1 zeros inserted
    padded : dilated, padded (or cropped) so a stride-1 convolution gives the output
    flipped_kernel : the kernel rotated 180 degrees, as a conv2d weight
    output : conv2d(padded, flipped_kernel, dilation=dilation), equal to conv_transpose2d
    pads : ((top, bottom), (left, right)) added to ``dilated``; negative means cropped
    """

    dilated: np.ndarray
    padded: np.ndarray
    flipped_kernel: np.ndarray
    output: np.ndarray
    pads: tuple[tuple[int, int], tuple[int, int]]
    dilation: tuple[int, int]


def _pad_or_crop(x: np.ndarray, pads) -> np.ndarray:
    (top, bottom), (left, right) = pads
    x = x[..., max(-top, 0):x.shape[-2] - max(-bottom, 0), max(-left, 0):x.shape[-1] - max(-right, 0)]
    width = [(0, 0)] * (x.ndim - 2) + [(max(top, 0), max(bottom, 0)), (max(left, 0), max(right, 0))]
    return np.pad(x, width)


def equivalent_convolution(input, weight, stride=1, padding=0, output_padding=0, dilation=1):
    """The transposed convolution computed as zero insertion, padding and a convolution.

    input : ndarray of shape (N, C_in, H, W), (C_in, H, W), or (H, W) with a (kH, kW) kernel
    weight : ndarray of shape (C_in, C_out, kH, kW), or (kH, kW)
    """
    x, w, form = _as_batched(input, weight, "weight")
    if w.shape[0] != x.shape[1]:
        raise ValueError(
            f"weight's first axis ({w.shape[0]}) must equal the input channels ({x.shape[1]})."
        )
    kh, kw = w.shape[2:]
    geo = geometry(x.shape[2:], (kh, kw), stride, padding, output_padding, dilation)
    s, d, op = geo.stride, geo.dilation, geo.output_padding
    (top, bottom), (left, right) = geo.padding
    dtype = _checks.float_dtype(x, w)

    dilated = zero_insert(x.astype(dtype, copy=False), s)
    # Each border grows by dilation * (k - 1) - padding; output padding adds bottom/right.
    reach = (d[0] * (kh - 1), d[1] * (kw - 1))
    pads = ((reach[0] - top, reach[0] - bottom + op[0]), (reach[1] - left, reach[1] - right + op[1]))
    _checks.room(dilated.shape[:-2] + (dilated.shape[-2] + max(pads[0][0], 0) + max(pads[0][1], 0),
                                       dilated.shape[-1] + max(pads[1][0], 0) + max(pads[1][1], 0)),
                 "The padded input")
    padded = _pad_or_crop(dilated, pads)
    # Rotate 180 degrees and swap the channel axes: (C_in, C_out) -> (C_out, C_in).
    flipped = np.ascontiguousarray(w.astype(dtype, copy=False)[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))
    out = conv2d(padded, flipped, dilation=d)
    kernel_form = flipped[0, 0] if form == "2d" else flipped
    return EquivalentConvolution(
        dilated=_unbatch(dilated, form), padded=_unbatch(padded, form),
        flipped_kernel=kernel_form, output=_unbatch(out, form), pads=pads, dilation=d)
