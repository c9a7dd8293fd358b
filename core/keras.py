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
    return _keras_crop(int(kernel), int(stride), _mode(padding),
                       None if output_padding is None else int(output_padding), int(dilation))


def _mode(padding) -> str:
    """'valid' or 'same' (any case); anything else, an array or a list included, is refused."""
    if not isinstance(padding, str) or padding.lower() not in ("valid", "same"):
        raise ValueError(f"padding must be 'valid' or 'same' in Keras, got {_checks.show(padding)}.")
    return padding.lower()


def _keras_crop(kernel: int, stride: int, padding: str, output_padding, dilation: int):
    k_eff = dilation * (kernel - 1) + 1
    if padding == "valid":
        extra = max(k_eff, stride) - k_eff if output_padding is None else output_padding
        left, right = k_eff - 1, k_eff - 1 + extra
    else:
        total = stride + k_eff - 2 if output_padding is None else k_eff + k_eff % 2 - 2 + output_padding
        left = min(total // 2 + total % 2, k_eff - 1)
        right = total - left
    return k_eff - 1 - left, k_eff - 1 - right


def keras_output_size(input_size, kernel_size, strides=1, padding="valid", output_padding=None,
                      dilation_rate=1):
    """``(H_out, W_out)`` of Keras ``Conv2DTranspose``."""
    size = _checks.pair(input_size, "input size", 1, "an input needs at least one row and column.")
    kernel = _checks.pair(kernel_size, "kernel size", 1, "a kernel needs at least one tap.")
    return _keras_lengths(size, kernel, *_keras_settings(strides, padding, output_padding,
                                                        dilation_rate))


def _keras_lengths(size, kernel, s, mode, op, d):
    out = []
    for axis, n, k, s_, o, d_ in zip(_checks.AXES, size, kernel, s, op, d):
        top, bottom = _keras_crop(k, s_, mode, o, d_)
        length = (n - 1) * s_ + d_ * (k - 1) + 1 - top - bottom
        if length < 1:
            show = _checks.show
            _checks.positive_length(
                axis, length, f"Keras '{mode}' with input {show(n)}, kernel {show(k)}, output_padding {show(o)}",
                "use output_padding of at least 1, or padding 'valid'.")
        out.append(length)
    return tuple(out)


def _keras_settings(strides, padding, output_padding, dilation_rate):
    s = _checks.pair(strides, "strides", 1, "the stride is how far apart neighbouring stamps "
                     "land, so it has to move forward.")
    d = _checks.pair(dilation_rate, "dilation_rate", 1, "dilation is the spacing between "
                     "kernel taps; 1 means the taps touch.")
    mode = _mode(padding)
    if max(s) > 1 and max(d) > 1:
        raise ValueError(
            f"Keras does not combine strides > 1 with dilation_rate > 1 (got strides {_checks.show(s)} "
            f"and dilation_rate {_checks.show(d)}): set one of them to 1."
        )
    if output_padding is None:
        op = (None, None)
    else:
        op = _checks.pair(output_padding, "output_padding", 0, "output padding adds cells on "
                          "the bottom and right, so it cannot be negative.")
        for axis, o, s_ in zip(_checks.AXES, op, s):
            if o >= s_:
                raise ValueError(
                    f"output_padding must be smaller than strides in Keras ({_checks.show(s_)} for the "
                    f"{axis}), got {_checks.show(o)}: allowed values are 0 to {_checks.show(s_ - 1)}."
                )
    return s, mode, op, d


def keras_to_torch_padding(kernel_size, strides=1, padding="valid", output_padding=None,
                           dilation_rate=1):
    """Keras settings as core ``(padding, output_padding)``: per-side crops and extra cells.

    ``conv_transpose2d(x, w, stride=strides, padding=p, output_padding=op,
    dilation=dilation_rate)`` with these equals Keras's ``Conv2DTranspose``.
    """
    kernel = _checks.pair(kernel_size, "kernel size", 1, "a kernel needs at least one tap.")
    s, mode, op, d = _keras_settings(strides, padding, output_padding, dilation_rate)
    sides, extra = [], []
    for k, s_, o, d_ in zip(kernel, s, op, d):
        top, bottom = _keras_crop(k, s_, mode, o, d_)
        # A negative bottom crop adds cells: that is output padding.
        sides.append((top, max(bottom, 0)))
        extra.append(max(-bottom, 0))
    return (tuple(sides[0]), tuple(sides[1])), tuple(extra)


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
    settings = _keras_settings(strides, padding, output_padding, dilation_rate)
    _keras_lengths(x.shape[1:3], k.shape[:2], *settings)  # explains an empty output
    sides, extra = keras_to_torch_padding(k.shape[:2], strides, padding, output_padding, dilation_rate)
    out = conv_transpose2d(x.transpose(0, 3, 1, 2), k.transpose(3, 2, 0, 1), bias,
                           stride=settings[0], padding=sides, output_padding=extra,
                           dilation=settings[3])
    out = np.ascontiguousarray(out.transpose(0, 2, 3, 1))
    if form == "2d":
        return out[0, :, :, 0]
    return out[0] if form == "unbatched" else out
