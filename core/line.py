"""The core along a line: a signal (a sound) where the rest of the lesson has a picture; PyTorch's ``*1d``.

Each function is its 2-D twin run on a plane one row high. The settings are checked first, in
sentences about a line (``core.geometry1d``: lengths and cells, not rows and columns), then the
2-D core computes, so the arithmetic and every size stay in one place. Shapes follow
``torch.nn.functional``:

- ``conv_transpose1d``: input ``(N, C_in, L)`` or ``(C_in, L)``, weight ``(C_in, C_out/groups, K)``;
- ``conv1d``: input ``(N, C_in, L)`` or ``(C_in, L)``, weight ``(C_out, C_in/groups, K)``.

Both also take the teaching form: a 1-D ``(L,)`` input with a 1-D ``(K,)`` kernel gives a 1-D output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _checks
from .convolution import _conv_padding, _groups, conv2d, conv_transpose2d
from .gather import equivalent_convolution, zero_insert
from .geometry import Axis, conv_length, geometry1d
from .gradients import conv2d_backward, conv_transpose2d_backward
from .upsample import upsample_bilinear, upsample_nearest

_WEIGHT_AXES = {
    "weight": "(C_in, C_out/groups, K)",
    "conv1d weight": "(C_out, C_in/groups, K)",
}


def lift(input, weight, name_w: str) -> tuple[np.ndarray, np.ndarray, str]:
    """Input and weight as planes one row high, (N, C, 1, L) and (C, C', 1, K); and the form to give back."""
    x = _checks.array(input, "input")
    w = _checks.array(weight, name_w)
    if x.ndim == 1 and w.ndim == 1:
        return x[None, None, None], w[None, None, None], "line"
    if w.ndim != 3:
        raise ValueError(f"{name_w} must have 3 axes {_WEIGHT_AXES[name_w]} (or 1 axis (K,) with a 1-D input), "
                         f"got shape {w.shape}.")
    if x.ndim in (2, 3):
        return (x[None] if x.ndim == 2 else x)[:, :, None], w[:, :, None], "unbatched" if x.ndim == 2 else "batched"
    raise ValueError(f"input must have 1 axis (L,), 2 axes (C_in, L) or 3 axes (N, C_in, L), got shape {x.shape}.")


def lower(out: np.ndarray, form: str) -> np.ndarray:
    """A plane result (N, C, 1, L) back in the input's form: (N, C, L), (C, L) or (L,)."""
    out = out[:, :, 0]
    return out[0, 0] if form == "line" else out[0] if form == "unbatched" else out


def _kernel_form(w: np.ndarray, form: str) -> np.ndarray:
    """A weight of planes (C, C', 1, K) in the weight's form: (C, C', K), or (K,) in the teaching form."""
    return w[0, 0, 0] if form == "line" else w[:, :, 0]


def plane(one: Axis) -> dict:
    """The 2-D settings of a plane one row high whose width is ``one``."""
    return dict(stride=(1, one.stride), padding=((0, 0), one.padding), output_padding=(0, one.output_padding),
                dilation=(1, one.dilation))


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Transposed convolution along a line, exactly ``torch.nn.functional.conv_transpose1d``.

    input : (N, C_in, L), (C_in, L), or (L,) with a (K,) kernel
    weight : (C_in, C_out/groups, K), or (K,)
    bias : (C_out,), optional
    padding : a whole number, or (start, end) for uneven crops (which PyTorch itself does not take)
    Returns (N, C_out, L_out) (or the input's form), L_out = (L - 1) s - 2 p + d (K - 1) + output_padding + 1.
    """
    x, w, form = lift(input, weight, "weight")
    one = geometry1d(x.shape[-1], w.shape[-1], stride, padding, output_padding, dilation)
    return lower(conv_transpose2d(x, w, bias, groups=groups, **plane(one)), form)


def conv_padding1d(padding, kernel: int, stride: int, dilation: int) -> tuple[int, int]:
    """(start, end) zeros around the input of ``conv1d``, from a whole number, a pair, 'valid' or 'same'."""
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise ValueError(f"padding must be a whole number, a pair (start, end), 'valid' or 'same' (lower case), "
                             f"got {_checks.show(padding)}.")
        if padding == "same" and stride != 1:
            raise ValueError(f"padding='same' needs stride 1, got stride {_checks.show(stride)}: with a larger stride "
                             "the output cannot keep the input's length.")
        return _conv_padding(padding, (1, kernel), (1, dilation), (1, 1))[1]
    return _checks.padding_ends(padding)


def _conv_settings(x: np.ndarray, w: np.ndarray, stride, padding, dilation) -> tuple[int, tuple[int, int], int, int]:
    """conv1d's stride, (start, end) padding, dilation and output length, checked in sentences about a line."""
    s = _checks.single(stride, "stride", 1, _checks.STRIDE_WHY)
    d = _checks.single(dilation, "dilation", 1, _checks.DILATION_WHY)
    n, k = x.shape[-1], w.shape[-1]
    pads = conv_padding1d(padding, k, s, d)
    length = conv_length(n, k, s, pads, d)
    if length < 1:
        raise ValueError(
            f"The kernel does not fit: its dilated length is {_checks.show(d * (k - 1) + 1)} but the padded "
            f"input's length is only {_checks.show(n + sum(pads))}; use a smaller kernel or dilation, or more padding."
        )
    return s, pads, d, length


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Convolution (cross-correlation) along a line, exactly ``torch.nn.functional.conv1d``.

    input : (N, C_in, L), (C_in, L), or (L,) with a (K,) kernel
    weight : (C_out, C_in/groups, K), or (K,)
    padding : a whole number, 'valid' or 'same'; or (start, end), which PyTorch itself does not take
    Returns (N, C_out, L_out) (or the input's form).
    """
    x, w, form = lift(input, weight, "conv1d weight")
    s, pads, d, _ = _conv_settings(x, w, stride, padding, dilation)
    return lower(conv2d(x, w, bias, stride=(1, s), padding=((0, 0), pads), dilation=(1, d), groups=groups), form)


def zero_insert1d(x, stride):
    """Insert ``stride - 1`` zeros between neighbouring cells of the last axis: (..., L) to (..., (L - 1) s + 1)."""
    x = _checks.array(x, "input")
    if x.ndim < 1:
        raise ValueError(f"input must have at least 1 axis (L), got shape {x.shape}.")
    s = _checks.single(stride, "stride", 1, _checks.STRIDE_WHY)
    return zero_insert(x[..., None, :], (1, s))[..., 0, :]


@dataclass(frozen=True)
class EquivalentConvolution1d:
    """The gather view along a line, each array in the input's form.

    zero_inserted : the input with stride - 1 zeros between neighbours
    padded : zero_inserted with ``pads`` zeros at (start, end) (cells cropped where negative)
    flipped_kernel : the kernel reversed, as a conv1d weight (C_out, C_in, K), or (K,)
    output : conv1d(padded, flipped_kernel, dilation=dilation), equal to conv_transpose1d
    """

    zero_inserted: np.ndarray
    padded: np.ndarray
    flipped_kernel: np.ndarray
    output: np.ndarray
    pads: tuple[int, int]
    dilation: int


def equivalent_convolution1d(input, weight, stride=1, padding=0, output_padding=0, dilation=1):
    """The transposed convolution along a line computed as zero insertion, padding and a stride-1 convolution.

    input : (N, C_in, L), (C_in, L), or (L,) with a (K,) kernel
    weight : (C_in, C_out, K), or (K,)
    """
    x, w, form = lift(input, weight, "weight")
    one = geometry1d(x.shape[-1], w.shape[-1], stride, padding, output_padding, dilation)
    seen = equivalent_convolution(x, w, **plane(one))
    return EquivalentConvolution1d(
        zero_inserted=lower(seen.zero_inserted, form), padded=lower(seen.padded, form),
        flipped_kernel=_kernel_form(seen.flipped_kernel, form), output=lower(seen.output, form),
        pads=one.zero_padding, dilation=one.dilation)


# --- gradients (for the trainer) ------------------------------------------------------------

def _grad_output(grad_output, form: str, shape: tuple[int, ...]) -> np.ndarray:
    """The output gradient as a plane (N, C, 1, L), checked against the output's shape (N, C, L)."""
    gy = _checks.array(grad_output, "grad_output")
    expected = shape[2:] if form == "line" else shape[1:] if form == "unbatched" else shape
    if gy.shape != expected:
        raise ValueError(f"grad_output must have the output's shape {expected}, got {gy.shape}.")
    return gy.reshape(shape[:2] + (1, shape[2]))


def _gradients(grads, form: str):
    gx, gw, gb = grads
    return lower(gx, form), _kernel_form(gw, form), gb[0] if form == "line" else gb


def conv_transpose1d_backward(input, weight, grad_output, stride=1, padding=0, output_padding=0, groups=1,
                              dilation=1):
    """Gradients of ``conv_transpose1d(input, weight, bias, ...)`` for the output gradient ``grad_output``.

    Returns (grad_input, grad_weight, grad_bias) in the shapes of input, weight and bias (one number in 1-D).
    """
    x, w, form = lift(input, weight, "weight")
    one = geometry1d(x.shape[-1], w.shape[-1], stride, padding, output_padding, dilation)
    g = _groups(groups, x.shape[1], w.shape[0], "transpose")
    gy = _grad_output(grad_output, form, (x.shape[0], w.shape[1] * g, one.output))
    return _gradients(conv_transpose2d_backward(x, w, gy, groups=g, **plane(one)), form)


def conv1d_backward(input, weight, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """Gradients of ``conv1d(input, weight, bias, ...)`` for the output gradient ``grad_output``.

    Returns (grad_input, grad_weight, grad_bias) in the shapes of input, weight and bias (one number in 1-D).
    """
    x, w, form = lift(input, weight, "conv1d weight")
    s, pads, d, length = _conv_settings(x, w, stride, padding, dilation)
    gy = _grad_output(grad_output, form, (x.shape[0], w.shape[0], length))
    grads = conv2d_backward(x, w, gy, stride=(1, s), padding=((0, 0), pads), dilation=(1, d), groups=groups)
    return _gradients(grads, form)


# --- upsampling with fixed rules --------------------------------------------------------------

def _signal(x) -> np.ndarray:
    x = _checks.array(x, "input")
    if x.ndim < 1:
        raise ValueError(f"input must have at least 1 axis (L), got shape {x.shape}.")
    return x


def _factor(scale) -> int:
    return _checks.single(scale, "scale", 1, "an upsampling factor below 1 would shrink the signal.")


def upsample_nearest1d(x, scale):
    """Repeat each cell ``scale`` times along the last axis (``F.interpolate(mode='nearest')``)."""
    return upsample_nearest(_signal(x)[..., None, :], (1, _factor(scale)))[..., 0, :]


def upsample_linear1d(x, scale):
    """Linear interpolation by a whole factor along the last axis (``F.interpolate(mode='linear')``)."""
    return upsample_bilinear(_signal(x)[..., None, :], (1, _factor(scale)))[..., 0, :]


def pixel_shuffle1d(x, r):
    """Sub-pixel shuffle along a line: (..., C r, L) to (..., C, L r), output cell i r + p from channel c r + p.

    The 1-D twin of ``pixel_shuffle`` (PyTorch has none): ``r`` channels hold the ``r`` phases of one channel.
    """
    x = _checks.array(x, "input")
    r = _checks.single(r, "upscale factor", 1, "a factor below 1 would shrink the signal.")
    if x.ndim < 2:
        raise ValueError(f"input must have at least 2 axes (C, L), got shape {x.shape}.")
    c, n = x.shape[-2:]
    if c % r:
        raise ValueError(f"A sub-pixel shuffle with factor {r} needs a channel count divisible by {r}, "
                         f"got {c} channels.")
    lead = x.shape[:-2]
    return np.swapaxes(x.reshape(lead + (c // r, r, n)), -1, -2).reshape(lead + (c // r, n * r))
