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
from .convolution import _as_batched, _unbatch, conv2d, uncropped_room
from .geometry import sized


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

    zero_inserted : input with stride - 1 zeros inserted
    padded : zero_inserted, padded (or cropped) so a stride-1 convolution gives the output
    flipped_kernel : the kernel rotated 180 degrees, as a conv2d weight
    output : conv2d(padded, flipped_kernel, dilation=dilation), equal to conv_transpose2d
    pads : ((top, bottom), (left, right)) added to ``zero_inserted``; negative means cropped
    """

    zero_inserted: np.ndarray
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
    geo = sized(x.shape[2:], (kh, kw), stride, padding, output_padding, dilation)
    uncropped_room(geo)
    d = geo.dilation
    dtype = _checks.float_dtype(x, w)

    zero_inserted = zero_insert(x.astype(dtype, copy=False), geo.stride)
    # Each border grows by k_eff - 1 - crop: dilation * (k - 1) - padding, plus output padding at the end.
    pads = geo.zero_padding
    _checks.room(zero_inserted.shape[:-2] + tuple(n + max(a, 0) + max(b, 0) for n, (a, b)
                                                  in zip(zero_inserted.shape[-2:], pads)), "The padded input")
    padded = _pad_or_crop(zero_inserted, pads)
    # Rotate 180 degrees and swap the channel axes: (C_in, C_out) -> (C_out, C_in).
    flipped = np.ascontiguousarray(w.astype(dtype, copy=False)[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))
    out = conv2d(padded, flipped, dilation=d)
    kernel_form = flipped[0, 0] if form == "2d" else flipped
    return EquivalentConvolution(
        zero_inserted=_unbatch(zero_inserted, form), padded=_unbatch(padded, form),
        flipped_kernel=kernel_form, output=_unbatch(out, form), pads=pads, dilation=d)
