"""Helpers shared by the core tests (no oracle is imported here)."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import strategies as st

seeds = st.integers(0, 2**32 - 1)


def rng_array(seed: int, shape, dtype=np.float64) -> np.ndarray:
    """Reproducible standard-normal values of a shape (Hypothesis draws the seed)."""
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def pairs(lo: int, hi: int):
    """An int, or a (height, width) pair of ints, each in [lo, hi]."""
    return st.one_of(st.integers(lo, hi), st.tuples(st.integers(lo, hi), st.integers(lo, hi)))


def mostly(draw, usual, unusual):
    """Usually a value from ``usual``; one time in four from ``unusual`` (which may be invalid)."""
    return draw(unusual if draw(st.integers(0, 3)) == 0 else usual)


def as_pair(v) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else tuple(v)


def transposed_length(n, k, s, p, op, d) -> int:
    return (n - 1) * s - 2 * p + d * (k - 1) + op + 1


def conv_length(n, k, s, p, d) -> int:
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def assert_close(actual, expected, *, scale=None, rtol=1e-10):
    """Float64 comparison: relative, plus an absolute floor scaled by the magnitudes involved."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    if scale is None:
        scale = float(np.abs(expected).max(initial=0.0))
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=1e-9 * (1.0 + scale))


def assert_sentence(message: str, *starts: str) -> None:
    """An error message reads as a sentence: it starts with one of ``starts`` (a parameter
    name) or a capital letter, and it ends with a full stop."""
    assert message.endswith("."), f"message does not end with '.': {message!r}"
    begins = message[:1].isupper() or any(message.startswith(s) for s in starts)
    assert begins, f"message does not start with {starts} or a capital letter: {message!r}"


def fragment(text: str) -> str:
    """A literal fragment for ``pytest.raises(match=...)``."""
    return re.escape(text)
