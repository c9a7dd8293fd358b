"""The visitors' moments in the pace (bench.visitor_plan.phase): spread as independent students' touches are, never
a batch of visitors touching in the same instant."""

from __future__ import annotations

import pytest

from bench.visitor_plan import phase


def gaps(count: int, pace: float) -> list[float]:
    """The gaps between neighbouring visitors' moments in the pace, the last one's to the first's included."""
    moments = sorted(phase(n, pace) for n in range(count))
    return [b - a for a, b in zip(moments, moments[1:])] + [pace - moments[-1] + moments[0]]


@pytest.mark.parametrize("pace", [1.0, 5.0])
def test_every_moment_is_inside_the_pace(pace):
    assert all(0 <= phase(n, pace) < pace for n in range(2000))


def test_any_count_of_visitors_is_spread_evenly():
    for count in range(2, 1001):
        widest = max(gaps(count, 5.0))
        assert widest <= 1.9 * 5.0 / count, (count, widest)


def test_a_batch_locust_starts_together_is_spread_over_the_pace():
    # Locust starts floor(spawn rate) users in the same instant: 20 a second for 100 visitors over 5 s
    for first in (0, 20, 40):
        moments = sorted(phase(n, 5.0) for n in range(first, first + 20))
        assert min(b - a for a, b in zip(moments, moments[1:])) > 0.1
