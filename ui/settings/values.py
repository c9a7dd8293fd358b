"""The input's and kernel's values: a fill from a seed, kept as hashable tuples of rows.

No Streamlit here. A ``Matrix`` is what the sidebar keeps in session state and what the
address carries (``ui.settings.codec``).
"""

from __future__ import annotations

import functools
import re

import numpy as np

from ui.inert import quote

Matrix = tuple[tuple[float, ...], ...]

LARGEST_VALUE = 1e6  # the largest magnitude a typed value may have
# A number as a visitor types it: digits, one point for decimals, a sign, an exponent (1e3). Nothing else:
# not '1,5' (a comma is a decimal point in some languages, a thousands separator in others), '0x10', 'inf'.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?")

FILLS = {
    "integers": "small integers",
    "ones": "ones",
    "random": "random (seeded)",
    "custom": "typed by hand",
}


@functools.lru_cache(maxsize=256)
def fill_values(fill: str, shape: tuple[int, int], seed: int, salt: int) -> Matrix:
    """Deterministic values for a fill; ``salt`` keeps input and kernel apart. Kept for the last few hundred
    calls: every rerun asks for the same few (a ``Matrix`` is immutable, so callers share it)."""
    rng = np.random.default_rng([seed, salt])
    if fill == "ones":
        a = np.ones(shape)
    elif fill == "random":
        a = np.round(rng.standard_normal(shape), 1)
    else:
        a = rng.integers(0, 4, shape).astype(float)
    return as_matrix(a)


def as_matrix(a) -> Matrix:
    return tuple(tuple(float(v) for v in row) for row in np.asarray(a, dtype=float))


def resize(values: Matrix, shape: tuple[int, int], pad: float = 1.0) -> Matrix:
    """Keep the overlapping top-left block; new cells get ``pad``."""
    out = np.full(shape, pad)
    old = np.asarray(values, dtype=float)
    h, w = min(shape[0], old.shape[0]), min(shape[1], old.shape[1])
    out[:h, :w] = old[:h, :w]
    return as_matrix(out)


def distinct_values(shape: tuple[int, int]) -> np.ndarray:
    """A made-up feature map of distinct whole numbers 1..H*W, in a fixed order for each shape
    (so each pooling window has one maximum)."""
    h, w = shape
    return np.random.default_rng(h * 100 + w).permutation(h * w).reshape(h, w).astype(float) + 1


def read_value(text) -> float:
    """A typed value as a number, or ValueError with why not (a clause: what was typed is shown inert)."""
    typed = "" if text is None else str(text).strip()
    if not typed:
        raise ValueError("a cell needs a number, and this one was left empty")
    if not _NUMBER.fullmatch(typed):
        raise ValueError(f"{quote(typed)} is not a number the page reads: type digits, with a point for decimals "
                         "(1.5) and a minus sign if negative")
    value = float(typed)
    if abs(value) > LARGEST_VALUE:
        raise ValueError(f"{quote(typed)} is outside -1,000,000 to 1,000,000, the values a cell may hold")
    return value
