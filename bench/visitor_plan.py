"""The concurrent visitors' plan: who opens which page from which configuration, and presses what.

A ``Visitor`` also collects what happened to it in the run (``bench.visitors.run_visitors``): its
press times, its errors and what its tab showed at the end. ``next_touch`` is what a protocol visitor
(``bench.locustfile``) touches next: a sidebar slider by one (the plan's moves), on a page with a
control of its own every fourth time that control (``PAGE_CONTROLS``), every sixth time the next page's
link. ``own_query`` is the address the app writes for a visitor's settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.lesson import PAGES, RANGES, SLIDERS
from ui.settings.registry import DEFAULTS as APP_DEFAULTS
from ui.settings.registry import SETTING

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


SEEDS = (SETTING["seed"].lo + 100, SETTING["seed"].hi)  # the visitors' seeds: inside the sidebar's range


def _start(i: int) -> dict[str, int]:
    """Visitor ``i``'s starting configuration: its own seed (a different one for each of the first 9,899 visitors:
    37 and the range's 9,900 values share no factor), and its own input size for up to 64."""
    lo, hi = SEEDS
    return {"h": 1 + i % 8, "w": 1 + (i // 8 + 3 * i) % 8, "kh": 1 + (2 * i) % 7, "kw": 1 + (5 * i + 3) % 7,
            "sh": 1 + i % 4, "sw": 1 + (i // 4) % 4, "seed": lo + (37 * i) % (hi - lo + 1)}


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


def plan_visitor(i: int, presses: int) -> Visitor:
    """Visitor ``i``: on the ``i``-th page (in turn), from a starting configuration no other visitor
    has (its own seed, and its own input size for up to 64 visitors), with ``presses`` slider moves
    that stay in range (a slider turns back at its ends), starting on the ``i``-th slider."""
    start = _start(i)
    return Visitor(i, PAGES[i % len(PAGES)], start, _moves(i, start, presses))


def plan_visitors(count: int, presses: int) -> list[Visitor]:
    """``count`` visitors, ``plan_visitor(0)`` to ``plan_visitor(count - 1)``."""
    return [plan_visitor(i, presses) for i in range(count)]


PAGE = "page"  # the "control" that is a click on a page's link
# A control of the page's own, touched every fourth time on that page: key -> its values in turn.
PAGE_CONTROLS = {"checkerboard": ("checkerboard_layers", [1, 3, 2]), "upsampling": ("upsampling_align", [True, False]),
                 "designer": ("designer_conv_per_axis", [True, False]),
                 "practice": ("practice_use_sidebar", [False, True])}
EVERY_PAGE_CONTROL = 4
NEXT_PAGE_EVERY = 6  # every sixth touch is a click on the next page's link instead


def next_touch(plan: Visitor, path: str, touches: int, moves: int) -> tuple[str, object, bool]:
    """What a visitor on ``path`` that has touched ``touches`` controls, ``moves`` of them sidebar
    sliders, touches next: the control's key, its value, and whether it is a sidebar move; ``PAGE``
    and a page's path for a click on that page's link."""
    if touches % NEXT_PAGE_EVERY == NEXT_PAGE_EVERY - 1:
        return PAGE, PAGES[(PAGES.index(path) + 1) % len(PAGES)], False
    control = PAGE_CONTROLS.get(path)
    if control and touches % EVERY_PAGE_CONTROL == EVERY_PAGE_CONTROL - 1:
        key, values = control
        return key, values[(touches // EVERY_PAGE_CONTROL) % len(values)], False
    key, _ = plan.presses[moves % len(plan.presses)]
    return key, plan.values_after(moves + 1)[key], True


GOLDEN = (5 ** 0.5 - 1) / 2  # 0.618...: n x GOLDEN (mod 1) spreads any count of visitors evenly


def phase(index: int, pace: float) -> float:
    """Seconds visitor ``index`` waits after opening its page before its first touch, so that the visitors'
    touches are spread over the pace as independent students' are: the n-th at n x 0.618 of a pace (mod 1), which
    leaves no gap between neighbours above 1.9x the even spacing (pace / count) for up to 1,000 visitors.

    Locust starts users in batches (``floor(spawn rate)`` at once, every second); at a constant pace, without a
    phase, each batch would touch in the same millisecond on every pace for the whole run (at 100 visitors over 5 s,
    20 reruns queued at once on each pace, 5 times a pace)."""
    return (index * GOLDEN) % 1.0 * pace


def own_query(values: dict[str, int]) -> dict[str, str]:
    """The address query the app writes for these sidebar values (those not at their default)."""
    return {k: str(v) for k, v in values.items() if v != DEFAULTS[k]}
