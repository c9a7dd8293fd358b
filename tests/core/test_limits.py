"""Size limits: refuse what would not fit in memory, but answer shape questions of any size."""

import numpy as np
import pytest

import core
from core._checks import MAX_VALUES


def test_output_size_answers_large_shapes_without_computing_them():
    assert core.output_size(1024, 4, stride=16) == (16372, 16372)
    assert core.output_size(10**6, 3, stride=2) == (2 * 10**6 + 1, 2 * 10**6 + 1)


def test_computing_a_too_large_output_is_refused_with_a_sentence():
    with pytest.raises(ValueError, match=f"more than the {MAX_VALUES:,} this library computes"):
        core.conv_transpose2d(np.ones((2, 2)), np.ones((1, 1)), stride=10**5)
