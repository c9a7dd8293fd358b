"""Argument checks shared by the core.

Every check raises ``ValueError`` with a sentence a student can act on: which
parameter, the allowed range, and why.
"""

from __future__ import annotations

import numbers

import numpy as np

AXES = ("height", "width")
# The most values one array may hold (512 MB of float64): far above any lesson setting, far
# below what would exhaust a server.
MAX_VALUES = 2**26


def _is_whole(v) -> bool:
    return isinstance(v, numbers.Integral) and not isinstance(v, bool)


def pair(value, name: str, minimum: int, why: str) -> tuple[int, int]:
    """An int or a pair of ints, each at least ``minimum``, as a 2-tuple."""
    if _is_whole(value):
        values = (int(value), int(value))
    else:
        try:
            values = tuple(value)
        except TypeError:
            values = None
        if values is None or len(values) != 2 or not all(_is_whole(v) for v in values):
            raise ValueError(
                f"{name} must be a whole number or a pair of whole numbers "
                f"(height, width), got {value!r}."
            )
        values = (int(values[0]), int(values[1]))
    for axis, v in zip(AXES, values):
        if v < minimum:
            raise ValueError(
                f"{name} must be at least {minimum} on each axis, got {v} for the {axis}: {why}"
            )
    return values


def stride_pair(stride) -> tuple[int, int]:
    return pair(stride, "stride", 1, "the stride is how far apart neighbouring stamps land, "
                "so it has to move forward.")


def dilation_pair(dilation) -> tuple[int, int]:
    return pair(dilation, "dilation", 1, "dilation is the spacing between kernel taps; "
                "1 means the taps touch.")


def padding_pair(padding) -> tuple[int, int]:
    return pair(padding, "padding", 0, "padding is how many rows and columns are cropped "
                "from each border, and a negative crop is not defined.")


def padding_sides(padding) -> tuple[tuple[int, int], tuple[int, int]]:
    """Padding as ((top, bottom), (left, right)): cells cropped from each border.

    An int or a (height, width) pair crops the same on both sides of an axis, as in
    PyTorch; the per-side form expresses asymmetric crops such as Keras's 'same'.
    """
    try:
        per_side = len(padding) == 2 and all(not _is_whole(v) and len(v) == 2 for v in padding)
    except TypeError:
        per_side = False
    if not per_side:
        ph, pw = padding_pair(padding)
        return (ph, ph), (pw, pw)
    top, bottom = pair(padding[0], "padding (top, bottom)", 0, "padding crops the output's "
                       "border, and a negative crop is not defined.")
    left, right = pair(padding[1], "padding (left, right)", 0, "padding crops the output's "
                       "border, and a negative crop is not defined.")
    return (top, bottom), (left, right)


def output_padding_pair(output_padding, stride, dilation) -> tuple[int, int]:
    op = pair(output_padding, "output_padding", 0, "output padding adds rows and columns "
              "on the bottom and right, so it cannot be negative.")
    for axis, o, s, d in zip(AXES, op, stride, dilation):
        limit = max(s, d)
        if o >= limit:
            raise ValueError(
                f"output_padding must be smaller than max(stride, dilation) = {limit} for the "
                f"{axis}, got {o}: output padding only chooses among the {limit} output sizes "
                f"that the same input size can produce, so allowed values are 0 to {limit - 1}."
            )
    return op


def array(value, name: str) -> np.ndarray:
    """A real, finite, numeric array (a copy is made only when needed)."""
    try:
        a = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name} must be a rectangular array of numbers ({exc}).") from None
    if a.dtype == bool:
        a = a.astype(np.float64)
    if not (np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.floating)):
        raise ValueError(
            f"{name} must contain real numbers, got values of type {a.dtype}: "
            "replace text or empty cells with numbers."
        )
    if a.size == 0:
        raise ValueError(f"{name} is empty (shape {a.shape}): it needs at least one value.")
    if a.dtype.kind == "f" and not np.isfinite(a).all():
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(a))[0])
        raise ValueError(
            f"{name} contains a value that is not a finite number ({a[bad]} at {bad}): "
            "the result would be undefined, so replace it with a finite number."
        )
    return a


def float_dtype(*arrays: np.ndarray) -> np.dtype:
    """float32 stays float32; anything wider or integer computes in float64."""
    return np.result_type(*(a.dtype for a in arrays), np.float32)


def positive_length(axis: str, length: int, formula: str, hint: str) -> None:
    if length < 1:
        raise ValueError(
            f"These settings give an output {axis} of {length} ({formula}), but an output "
            f"needs at least one row and one column: {hint}"
        )


def room(shape, what: str) -> None:
    """Refuse an array of ``shape`` larger than MAX_VALUES, before allocating it."""
    n = 1
    for s in shape:
        n *= int(s)
    if n > MAX_VALUES:
        raise ValueError(
            f"{what} would hold {n:,} values (shape {tuple(int(s) for s in shape)}), more than the "
            f"{MAX_VALUES:,} this library computes: use a smaller input, kernel, stride, dilation, "
            "padding or scale."
        )


def whole(value, name: str) -> int:
    """A whole number (a Python or NumPy integer), else a sentence."""
    if _is_whole(value):
        return int(value)
    raise ValueError(f"{name} must be a whole number, got {value!r}.")
