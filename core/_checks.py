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


# Whole numbers longer than this are shown by their length: Python will not print an int of over
# 4300 digits, and a message quoting even a 100-digit one is hard to read.
SHOWN_DIGITS = 20


def digits(n: int) -> int:
    """The number of decimal digits of a whole number, without printing it."""
    n = abs(int(n))
    count = max(1, int(n.bit_length() * 0.30102999566398120))  # never more than the true count
    while n >= 10**count:
        count += 1
    return count


def show(value, limit: int = 80) -> str:
    """A value as a message quotes it: its repr, but a huge whole number by its number of digits
    and a long text cut short, so that any value gives a readable sentence."""
    if _is_whole(value):
        n = int(value)
        if abs(n) < 10**SHOWN_DIGITS:
            return str(n)
        return f"{'a negative' if n < 0 else 'a'} number with {digits(n):,} digits"
    if isinstance(value, (tuple, list)) and len(value) <= 8:
        inner = ", ".join(show(v, limit) for v in value)
        if isinstance(value, list):
            text = f"[{inner}]"
        else:
            text = f"({inner},)" if len(value) == 1 else f"({inner})"
    else:
        try:
            text = repr(value)
        except Exception:  # a repr that fails (a huge int inside a container) still gets a name
            text = f"a {type(value).__name__}"
    return text if len(text) <= limit else text[:limit - 3] + "..."


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
                f"(height, width), got {show(value)}."
            )
        values = (int(values[0]), int(values[1]))
    for axis, v in zip(AXES, values):
        if v < minimum:
            raise ValueError(
                f"{name} must be at least {minimum} on each axis, got {show(v)} for the {axis}: {why}"
            )
    return values


STRIDE_WHY = "the stride is how far apart neighbouring stamps land, so it has to move forward."
DILATION_WHY = "dilation is the spacing between kernel taps; 1 means the taps touch."


def stride_pair(stride) -> tuple[int, int]:
    return pair(stride, "stride", 1, STRIDE_WHY)


def dilation_pair(dilation) -> tuple[int, int]:
    return pair(dilation, "dilation", 1, DILATION_WHY)


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


# --- one axis (a line: PyTorch's *1d functions) ---------------------------------------------

def single(value, name: str, minimum: int, why: str) -> int:
    """A whole number, or a sequence of one (PyTorch's other spelling in 1-D), at least ``minimum``."""
    if not _is_whole(value):
        try:
            values = tuple(value) if not isinstance(value, (str, bytes)) else None
        except TypeError:
            values = None
        if values is None or len(values) != 1 or not _is_whole(values[0]):
            raise ValueError(f"{name} must be a whole number, got {show(value)}.")
        value = values[0]
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {show(value)}: {why}")
    return int(value)


PADDING_ENDS_WHY = ("padding is how many cells are cropped from each end of the output, and a negative crop is "
                    "not defined.")


def padding_ends(padding) -> tuple[int, int]:
    """Padding along a line as (start, end): a whole number (or a sequence of one) crops both ends alike, as in
    PyTorch; a pair (start, end) crops each end by its own amount (Keras's 'same', for one)."""
    if _is_whole(padding):
        values = (padding,)
    else:
        try:
            values = tuple(padding) if not isinstance(padding, (str, bytes)) else None
        except TypeError:
            values = None
        if values is None or len(values) not in (1, 2) or not all(_is_whole(v) for v in values):
            raise ValueError(f"padding must be a whole number or a pair (start, end) of whole numbers, got "
                             f"{show(padding)}.")
    if len(values) == 1:
        p = single(values[0], "padding", 0, PADDING_ENDS_WHY)
        return p, p
    for end, v in zip(("start", "end"), values):
        if v < 0:
            raise ValueError(f"padding must be at least 0 at each end, got {show(v)} at the {end}: {PADDING_ENDS_WHY}")
    return int(values[0]), int(values[1])


def array(value, name: str) -> np.ndarray:
    """A real, finite, numeric array (a copy is made only when needed).

    Numbers are bool, integer and floating-point values; bool becomes float64. Everything else
    is refused: text, bytes, objects, dates and durations (datetime64, timedelta64, which NumPy
    files under integers), records, and complex numbers (the operations here are real).
    """
    try:
        a = np.asarray(value)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValueError(f"{name} must be a rectangular array of numbers ({exc}).") from None
    kind = a.dtype.kind
    if kind == "b":
        a = a.astype(np.float64)
    elif kind not in "iuf":
        raise ValueError(
            f"{name} must contain real numbers, got values of type {a.dtype}: "
            "replace text or empty cells with numbers, and dates, durations or complex "
            "numbers with plain real numbers."
        )
    if a.size == 0:
        raise ValueError(f"{name} is empty (shape {a.shape}): it needs at least one value.")
    if kind == "f" and not np.isfinite(a).all():
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(a))[0])
        raise ValueError(
            f"{name} contains a value that is not a finite number ({a[bad]} at {bad}): "
            "the result would be undefined, so replace it with a finite number."
        )
    return a


def float_dtype(*arrays: np.ndarray) -> np.dtype:
    """float32 stays float32 (float16 computes in float32); anything wider, integer or bool
    computes in float64."""
    for a in arrays:
        if a.dtype.kind != "f" or a.dtype.itemsize > 4:
            return np.dtype(np.float64)
    return np.dtype(np.float32)


def finite_result(out: np.ndarray, values: str) -> np.ndarray:
    """Refuse a result that overflowed: finite inputs whose products or sums pass the largest
    float give inf (or inf - inf = nan). One vectorised pass over the output."""
    if np.isfinite(out).all():
        return out
    big = float(np.finfo(out.dtype).max)
    raise ValueError(
        f"The result overflows: products and sums of these finite values pass {big:.3g}, the largest "
        f"{out.dtype} number, so some output values would be infinite or undefined (not finite); "
        f"scale {values} down so every result stays between -{big:.3g} and {big:.3g}."
    )


def positive_length(axis: str, length: int, formula: str, hint: str, needs: str = "one row and one column") -> None:
    if length < 1:
        raise ValueError(
            f"These settings give an output {axis} of {show(length)} ({formula}), but an output "
            f"needs at least {needs}: {hint}"
        )


def room(shape, what: str) -> None:
    """Refuse an array of ``shape`` larger than MAX_VALUES, before allocating it."""
    n = 1
    for s in shape:
        n *= int(s)
    if n > MAX_VALUES:
        count = f"{n:,} values" if n < 10**SHOWN_DIGITS else f"a number of values with {digits(n):,} digits"
        raise ValueError(
            f"{what} would hold {count} (shape {show(tuple(int(s) for s in shape), 200)}), more than "
            f"the {MAX_VALUES:,} this library computes: use a smaller input, kernel, stride, "
            "dilation, padding or scale."
        )


def whole(value, name: str) -> int:
    """A whole number (a Python or NumPy integer), else a sentence."""
    if _is_whole(value):
        return int(value)
    raise ValueError(f"{name} must be a whole number, got {show(value)}.")
