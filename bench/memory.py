"""The memory measurement: the server's resident memory over many reruns.

One session per page, eight at once, walks through configurations with the keyboard, one key
press per rerun (``walk``, a boustrophedon through the sliders' box: each press a configuration
not seen before); the ``streamlit`` process's RSS is read after a warm-up, every ``every`` reruns
and at the half (``run_memory``, giving a ``MemoryRun``). The tabs' plotly bundle is stubbed.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from bench.lesson import PAGES, RANGES
from bench.processes import rss_mb
from bench.tabs import VIEWPORT, address, open_tab, press, trouble, watch

Moves = list[tuple[str, str]]  # (slider, arrow key) presses

# The walk's sliders, slowest first; the seed (each session its own) sets the values.
WALK = ("sh", "kh", "h", "w")
# Small sizes only: many distinct configurations whose cache entries are a few kB.
SMALL = {"sh": (1, 4), "kh": (1, 3), "h": (1, 4), "w": (1, 4)}


def snake(ranges: list[tuple[int, int]]) -> Iterator[tuple[int, ...]]:
    """Every tuple in the box ``ranges`` (inclusive), each differing from the one before in one
    place by one (a boustrophedon walk): one slider press apart, never repeating."""
    if not ranges:
        yield ()
        return
    (lo, hi), rest = ranges[0], ranges[1:]
    for n, v in enumerate(range(lo, hi + 1)):
        tails = list(snake(rest))
        for tail in tails if n % 2 == 0 else reversed(tails):
            yield (v, *tail)


def walk(start: int, steps: int, ranges: dict[str, tuple[int, int]] | None = None) -> tuple[dict[str, int], Moves]:
    """Starting values and ``steps`` presses visiting ``steps + 1`` distinct configurations
    (sliders in ``WALK``, within ``ranges``, the sliders' own ranges by default), from the
    ``start``-th configuration of the walk (wrapped round)."""
    ranges = {**RANGES, **(ranges or {})}
    total = math.prod(hi - lo + 1 for lo, hi in (ranges[k] for k in WALK))
    if steps >= total:
        raise ValueError(f"{steps} presses need more than the {total} configurations in {ranges}")
    it = snake([ranges[k] for k in WALK])
    for _ in range(start % (total - steps)):
        next(it)
    points = [next(it) for _ in range(steps + 1)]
    moves = []
    for a, b in zip(points, points[1:]):
        (i,) = [i for i in range(len(WALK)) if a[i] != b[i]]
        moves.append((WALK[i], "ArrowRight" if b[i] > a[i] else "ArrowLeft"))
    return dict(zip(WALK, points[0])), moves


def _back(moves: Moves) -> Moves:
    """The presses that undo ``moves``, last first."""
    flip = {"ArrowRight": "ArrowLeft", "ArrowLeft": "ArrowRight"}
    return [(key, flip[arrow]) for key, arrow in reversed(moves)]


@dataclass(frozen=True)
class MemoryOptions:
    """How a memory run goes: see ``run_memory``."""

    reruns: int = 500
    every: int = 50
    warmup: int = 40
    ranges: dict[str, tuple[int, int]] | None = None
    revisit: bool = False
    timeout_s: float = 120.0


@dataclass
class SessionPlan:
    """One session's walk: where it starts, its warm-up presses, and the two halves it measures."""

    start: dict[str, int]
    warmup: Moves
    first: Moves
    second: Moves


def plan_sessions(options: MemoryOptions) -> list[SessionPlan]:
    """A walk for each page's session, the reruns shared evenly, each session from its own place."""
    sessions = len(PAGES)
    plans = []
    for s in range(sessions):
        share = options.reruns // sessions + (1 if s < options.reruns % sessions else 0)
        first = share - share // 2
        start, moves = walk(220 * s, options.warmup + (first if options.revisit else share), options.ranges)
        measured = moves[options.warmup:]
        if options.revisit:
            measured += _back(measured)[:share - first]
        plans.append(SessionPlan(start, moves[:options.warmup], measured[:first], measured[first:]))
    return plans


@dataclass
class MemoryRun:
    reruns: int
    warmup: int
    series: list[tuple[int, float]]  # (reruns done, RSS MB), from the end of the warm-up
    warmup_series: list[tuple[int, float]]  # the same during the warm-up, from the pages opened
    half: int  # reruns done at the end of the first half (all sessions waited for)
    errors: list[str]
    seconds: float

    @property
    def halves(self) -> tuple[float, float]:
        """Growth (MB) over the first and the second half of the measured reruns."""
        mid = next(mb for n, mb in self.series if n == self.half)
        return mid - self.series[0][1], self.series[-1][1] - mid

    def table(self) -> str:
        """The measured series as a markdown table."""
        cells = [(str(n), mb) for n, mb in self.series]
        return "\n".join(["| reruns | " + " | ".join(c for c, _ in cells) + " |",
                          "|---|" + "---:|" * len(cells),
                          "| RSS (MB) | " + " | ".join(f"{mb:.1f}" for _, mb in cells) + " |"])


@dataclass
class Sessions:
    """The sessions of a memory run as they press: their tabs, the reruns done and the RSS read in
    each phase ("warm", "measured"), and the errors."""

    pid: int
    options: MemoryOptions
    progress: Callable[[str], None] | None = None
    contexts: list = field(default_factory=list)
    pages: list = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {"warm": 0, "measured": 0})
    samples: dict[str, list[tuple[int, float]]] = field(default_factory=lambda: {"warm": [], "measured": []})
    errors: list[str] = field(default_factory=list)

    async def open(self, browser, base: str, plans: list[SessionPlan]) -> None:
        """A tab on each page, one after the other, at its walk's start and with its own seed."""
        for s, path in enumerate(PAGES):
            context = await browser.new_context(viewport=VIEWPORT)
            self.contexts.append(context)
            await watch(context, stub_plotly=True)
            url = address(base, path, {**plans[s].start, "seed": 500 + s})
            self.pages.append(await open_tab(context, url, self.options.timeout_s))

    def sample(self, phase: str) -> None:
        """Read the server's RSS, unless it was read at this count already."""
        samples, count = self.samples[phase], self.counts[phase]
        if not samples or samples[-1][0] != count:
            samples.append((count, rss_mb(self.pid)))
            if self.progress:
                self.progress(f"{phase} {count} reruns: {samples[-1][1]:.1f} MB")

    async def _presses(self, s: int, moves: Moves, phase: str) -> None:
        timeout_s = self.options.timeout_s
        for key, arrow in moves:
            seconds = await press(self.pages[s], key, arrow, timeout_s, idle_first=False)
            if math.isnan(seconds):
                self.errors.append(f"/{PAGES[s]}: {arrow} on {key}: no rerun finished within {timeout_s:g} s")
                return
            self.counts[phase] += 1
            if self.counts[phase] % self.options.every == 0:
                self.sample(phase)

    async def press_all(self, moves: list[Moves], phase: str) -> None:
        """Every session its ``moves`` at once; RSS is read when all are done."""
        await asyncio.gather(*(self._presses(s, m, phase) for s, m in enumerate(moves)))
        self.sample(phase)

    async def note_trouble(self) -> None:
        for s, pg in enumerate(self.pages):
            self.errors.extend(f"/{PAGES[s]}: {t}" for t in await trouble(pg))

    async def close(self) -> None:
        for context in self.contexts:
            await context.close()


async def run_memory(browser, base: str, pid: int, reruns: int = 500, every: int = 50,
                     warmup: int = 40, ranges: dict[str, tuple[int, int]] | None = None,
                     revisit: bool = False, timeout_s: float = 120.0,
                     progress: Callable[[str], None] | None = None) -> MemoryRun:
    """One session per page, eight at once, walks through configurations, one key press per
    rerun: ``warmup`` presses each, then RSS is read, then every ``every`` reruns and at the
    half, over ``reruns`` reruns (shared evenly by the sessions; all sessions finish the first
    half before any starts the second).

    Without ``revisit`` every configuration is new: each page sees ``1 + warmup + reruns / 8``
    of them (103 with the defaults), more than the 64 entries its caches keep, which are full
    by about rerun 190 of 500. With ``revisit`` the second half walks the first half's path
    back: the same configurations again, so the caches take nothing new and any growth is a leak.
    """
    options = MemoryOptions(reruns, every, warmup, ranges, revisit, timeout_s)
    plans = plan_sessions(options)
    sessions = Sessions(pid, options, progress)
    began = time.monotonic()
    try:
        await sessions.open(browser, base, plans)
        sessions.sample("warm")
        await sessions.press_all([p.warmup for p in plans], "warm")
        sessions.sample("measured")
        await sessions.press_all([p.first for p in plans], "measured")
        half = sessions.counts["measured"]
        await sessions.press_all([p.second for p in plans], "measured")
        await sessions.note_trouble()
    finally:
        await sessions.close()
    return MemoryRun(sessions.counts["measured"], sessions.counts["warm"], sessions.samples["measured"],
                     sessions.samples["warm"], half, sessions.errors, time.monotonic() - began)
