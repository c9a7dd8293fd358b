"""``core.resample``: a sound taken to another rate through its spectrum, against ``scipy.signal.resample`` (where
neither length has a bin at half its rate, the one place the two differ by design), and on tones whose samples are
known at both rates."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 60), rate=st.sampled_from([1_000, 3_000, 5_000, 11_000]), seed=st.integers(0, 99),
       to_rate=st.sampled_from([1_000, 3_000, 4_000, 8_000, 9_000]))
def test_equals_scipys_resample_away_from_half_the_rate(scipy_signal, n, rate, to_rate, seed):
    signal = scipy_signal  # an oracle: skipped without it locally, failed in CI (tests/conftest.py)
    out = round(n * to_rate / rate)
    if n % 2 == 0 or out % 2 == 0 or out == 0:
        return  # scipy splits a bin at half the rate in two; this drops it (the docstring says why)
    x = np.random.default_rng(seed).normal(size=n)
    np.testing.assert_allclose(core.resample(x, rate, to_rate), signal.resample(x, out), atol=1e-10)


@pytest.mark.parametrize("rate,to_rate", [(44_100, 4_000), (8_000, 4_000), (4_000, 8_000), (11_025, 8_000)])
def test_a_tone_below_both_halves_is_the_same_tone_at_the_new_rate(rate, to_rate):
    t = np.arange(rate) / rate  # one second: 440 whole periods, so the clip's two ends meet
    y = core.resample(np.sin(2 * np.pi * 440 * t), rate, to_rate)
    assert y.size == to_rate
    np.testing.assert_allclose(y, np.sin(2 * np.pi * 440 * np.arange(to_rate) / to_rate), atol=1e-9)


def test_what_lies_above_half_the_new_rate_is_left_out():
    t = np.arange(8_000) / 8_000
    y = core.resample(np.sin(2 * np.pi * 440 * t) + np.sin(2 * np.pi * 3_000 * t), 8_000, 4_000)
    np.testing.assert_allclose(y, np.sin(2 * np.pi * 440 * np.arange(4_000) / 4_000), atol=1e-9)


@pytest.mark.parametrize("rate,to_rate", [(4_000, 8_000), (8_000, 4_000), (4_000, 6_000)])
def test_samples_at_exactly_half_the_rate_are_left_out(rate, to_rate):
    """+1, -1, +1, ...: a tone at half the rate, whose phase the samples cannot tell (cos or sin?)."""
    np.testing.assert_allclose(core.resample(np.tile([1.0, -1.0], 50), rate, to_rate), 0, atol=1e-12)


@pytest.mark.parametrize("args,words", [
    ((np.zeros(0), 8_000, 4_000), "non-empty line"), ((np.array([1.0, np.nan]), 8_000, 4_000), "finite"),
    ((np.ones(4), 500, 4_000), "rate must be a whole number"), ((np.ones(4), 8_000, 400_000), "from 1,000 to"),
])
def test_refusals_say_why(args, words):
    with pytest.raises(ValueError, match=words):
        core.resample(*args)
