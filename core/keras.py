"""Keras 3 ``Conv2DTranspose`` semantics (channels-last), computed with the core.

Keras starts from the uncropped output of length ``(H - 1) * stride + k_eff``
(``k_eff = dilation * (k - 1) + 1``) and keeps a window of it:

- ``valid``: everything, plus ``output_padding`` extra cells on the bottom/right
  (default ``max(k_eff, stride) - k_eff``, so a kernel smaller than the stride
  still gives ``H * stride``).
- ``same``: ``H * stride`` cells by default. The total padding ``stride + k_eff - 2``
  is split with the odd cell on the top/left, so the crop falls more on the
  bottom/right: asymmetric, unlike PyTorch's ``padding``.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .convolution import conv_transpose2d
from .geometry import geometry, keras_crop, keras_mode


def keras_padding(length: int, kernel: int, stride: int, padding: str, output_padding, dilation: int):
    """(crop_top, crop_bottom) applied to the uncropped output along one axis.

    A negative crop means zeros are added on that side. ``length`` (the input's)
    does not change the crop; it is taken so the call reads like the formula.
    """
    for name, value, minimum in (("input length", length, 1), ("kernel size", kernel, 1),
                                 ("strides", stride, 1), ("dilation_rate", dilation, 1)):
        if not _checks._is_whole(value) or value < minimum:
            raise ValueError(f"{name} must be one whole number of at least {minimum} (this function "
                             f"works along one axis), got {_checks.show(value)}.")
    if output_padding is not None and (not _checks._is_whole(output_padding) or output_padding < 0):
        raise ValueError(f"output_padding must be None or one whole number of at least 0 (this function "
                         f"works along one axis), got {_checks.show(output_padding)}.")
    return keras_crop(int(kernel), int(stride), keras_mode(padding),
                      None if output_padding is None else int(output_padding), int(dilation))


def keras_output_size(input_size, kernel_size, strides=1, padding="valid", output_padding=None,
                      dilation_rate=1):
    """``(H_out, W_out)`` of Keras ``Conv2DTranspose``."""
    return geometry(input_size, kernel_size, strides, padding, output_padding, dilation_rate, "keras").output


def keras_to_torch_padding(kernel_size, strides=1, padding="valid", output_padding=None,
                           dilation_rate=1):
    """Keras settings as core ``(padding, output_padding)``: per-side crops and extra cells.

    ``conv_transpose2d(x, w, stride=strides, padding=p, output_padding=op,
    dilation=dilation_rate)`` with these equals Keras's ``Conv2DTranspose``.
    """
    # The crop does not depend on the input's size, and any input of 3 or more cells leaves an output.
    geo = geometry((3, 3), kernel_size, strides, padding, output_padding, dilation_rate, "keras")
    return geo.padding, geo.output_padding


def keras_conv2d_transpose(inputs, kernel, bias=None, strides=1, padding="valid", output_padding=None,
                           dilation_rate=1):
    """Keras 3 ``Conv2DTranspose`` forward pass, channels-last.

    inputs : ndarray of shape (N, H, W, C_in), (H, W, C_in), or (H, W) with a 2-D kernel
    kernel : ndarray of shape (kH, kW, C_out, C_in), or (kH, kW)
    bias : ndarray of shape (C_out,), optional
    Returns (N, H_out, W_out, C_out) (or the input's form).
    """
    x = _checks.array(inputs, "inputs")
    k = _checks.array(kernel, "kernel")
    if x.ndim == 2 and k.ndim == 2:
        x, k, form = x[None, :, :, None], k[:, :, None, None], "2d"
    elif k.ndim != 4:
        raise ValueError(
            f"kernel must have 4 axes (kH, kW, C_out, C_in) (or 2 axes with a 2-D input), "
            f"got shape {k.shape}."
        )
    elif x.ndim == 3:
        x, form = x[None], "unbatched"
    elif x.ndim == 4:
        form = "batched"
    else:
        raise ValueError(
            f"inputs must have 2 axes (H, W), 3 axes (H, W, C_in) or 4 axes (N, H, W, C_in), "
            f"got shape {x.shape}."
        )
    if k.shape[3] != x.shape[3]:
        raise ValueError(
            f"kernel's last axis ({k.shape[3]}) must equal the input channels ({x.shape[3]})."
        )
    geo = geometry(x.shape[1:3], k.shape[:2], strides, padding, output_padding, dilation_rate, "keras")
    out = conv_transpose2d(x.transpose(0, 3, 1, 2), k.transpose(3, 2, 0, 1), bias, **geo.settings)
    out = np.ascontiguousarray(out.transpose(0, 2, 3, 1))
    if form == "2d":
        return out[0, :, :, 0]
    return out[0] if form == "unbatched" else out
