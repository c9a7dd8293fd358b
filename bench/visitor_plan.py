"""The concurrent visitors' plan: who opens which page from which configuration, and presses what.

A ``Visitor`` also collects what happened to it in the run (``bench.visitors.run_visitors``): its
press times, its errors and what its tab showed at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.lesson import PAGES, RANGES, SLIDERS
from ui.settings.registry import DEFAULTS as APP_DEFAULTS

# The controls' defaults: a setting at its default is left out of the address.
DEFAULTS = {key: int(APP_DEFAULTS[key]) for key in (*SLIDERS, "seed")}


@dataclass
class Visitor:
    """One student: a page, a starting configuration of their own, and the presses they make."""

    index: int
    path: str
    start: dict[str, int]
    presses: list[tuple[str, str]]
    times: list[float] = field(default_factory=list)  # press -> rerun finished and painted
    server_times: list[float] = field(default_factory=list)  # press -> "script finished" received
    errors: list[str] = field(default_factory=list)
    seen: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"visitor {self.index} (/{self.path})"

    def values_after(self, n: int) -> dict[str, int]:
        values = dict(self.start)
        for key, arrow in self.presses[:n]:
            values[key] += 1 if arrow == "ArrowRight" else -1
        return values

    @property
    def expected(self) -> dict[str, int]:
        return self.values_after(len(self.presses))

    @property
    def expected_query(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.expected.items() if v != DEFAULTS[k]}


def _start(i: int) -> dict[str, int]:
    """Visitor ``i``'s starting configuration: its own seed, and its own input size for up to 64."""
    return {"h": 1 + i % 8, "w": 1 + (i // 8 + 3 * i) % 8, "kh": 1 + (2 * i) % 7, "kw": 1 + (5 * i + 3) % 7,
            "sh": 1 + i % 4, "sw": 1 + (i // 4) % 4, "seed": 100 + 37 * i}


def _moves(i: int, start: dict[str, int], presses: int) -> list[tuple[str, str]]:
    """``presses`` slider moves from ``start`` that stay in range (a slider turns back at its ends),
    the sliders in turn from the ``i``-th."""
    values, moves = dict(start), []
    up = {k: values[k] < (RANGES[k][0] + RANGES[k][1]) / 2 for k in SLIDERS}
    for j in range(presses):
        key = SLIDERS[(i + j) % len(SLIDERS)]
        lo, hi = RANGES[key]
        if values[key] == (hi if up[key] else lo):
            up[key] = not up[key]
        values[key] += 1 if up[key] else -1
        moves.append((key, "ArrowRight" if up[key] else "ArrowLeft"))
    return moves


def plan_visitors(count: int, presses: int) -> list[Visitor]:
    """``count`` visitors on the pages in turn, each with a starting configuration no other has
    (its own seed, and its own input size for up to 64 visitors) and ``presses`` slider moves
    that stay in range (a slider turns back at its ends), starting on different sliders."""
    visitors = []
    for i in range(count):
        start = _start(i)
        visitors.append(Visitor(i, PAGES[i % len(PAGES)], start, _moves(i, start, presses)))
    return visitors
