"""The waits of the browser tests (tests/e2e/driving.py) can fail: no browser, no server."""

import itertools

import numpy as np
import pytest
from driving import equal, eventually, starts_with

QUICK = dict(timeout=0.05, every=0.01)


@pytest.mark.parametrize("falsy", [False, np.False_, 0, "", []], ids=repr)
def test_a_check_that_keeps_giving_a_falsy_value_fails(falsy):
    """``eventually(lambda: a == b)`` used to pass at once when a != b: only AssertionError was retried."""
    with pytest.raises(AssertionError, match=r"still gave .* after 0.05 s"):
        eventually(lambda: falsy, **QUICK)


def test_the_message_names_the_check():
    shown = "light"
    with pytest.raises(AssertionError, match=r'eventually\(lambda: shown == "dark", \*\*QUICK\)'):
        eventually(lambda: shown == "dark", **QUICK)

    def dark():
        return shown == "dark"

    with pytest.raises(AssertionError, match=r"dark\(\) still gave False"):
        eventually(dark, **QUICK)


def test_a_predicate_is_called_until_it_holds():
    calls = itertools.count(1)
    assert eventually(lambda: next(calls) >= 3, timeout=5, every=0.01) is True
    assert next(calls) == 4


def test_a_check_that_asserts_is_called_until_it_passes_and_gives_its_result():
    calls = itertools.count(1)

    def third():
        n = next(calls)
        assert n >= 3, f"call {n}"
        return n

    assert eventually(third, timeout=5, every=0.01) == 3


def test_a_check_that_asserts_gives_none_or_an_array():
    assert eventually(lambda: equal(1, 1), **QUICK) is None
    np.testing.assert_array_equal(eventually(lambda: np.zeros(3), **QUICK), np.zeros(3))


def test_a_check_that_keeps_failing_raises_its_own_message():
    with pytest.raises(AssertionError, match=r"shown 'Not quite', expected it to begin with 'Correct'"):
        eventually(lambda: starts_with("Not quite", "Correct"), **QUICK)
    with pytest.raises(AssertionError, match=r"shown \['1', '2'\], expected \['1', '1'\]"):
        eventually(lambda: equal(["1", "2"], ["1", "1"]), **QUICK)
