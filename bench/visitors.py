"""The concurrent-visitors measurement: many browser contexts at once, one visitor each.

All the visitors (``bench.visitor_plan``) open their addresses at once, then all press their
sidebar sliders at once, each press timed to its rerun painted, then each is checked to show
exactly its own configuration (``bench.isolation``) and no trouble.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.isolation import mismatches, read_shown
from bench.lesson import slider
from bench.tabs import VIEWPORT, address, open_tab, poll, press, server_seconds, settle, trouble, watch
from bench.visitor_plan import Visitor, plan_visitors


@dataclass
class VisitorTab:
    """One visitor's browser context and tab during a run; problems go to the visitor's ``errors``."""

    visitor: Visitor
    context: object
    timeout_s: float
    drawn: bool  # plotly draws this tab's charts (else it is stubbed)
    page: object = None  # the tab, once opened
    page_errors: list[str] = field(default_factory=list)  # JavaScript errors

    async def arrive(self, base: str) -> None:
        """Open the visitor's address."""
        v = self.visitor
        try:
            self.page = await open_tab(self.context, address(base, v.path, v.start), self.timeout_s,
                                       self.page_errors)
        except Exception as exc:  # noqa: BLE001 - every failure is a finding, reported below
            v.errors.append(f"opening failed: {type(exc).__name__}: {exc}")

    async def work(self) -> None:
        """Make the visitor's presses, until one fails."""
        if self.page is None:
            return
        for n, (key, arrow) in enumerate(self.visitor.presses, 1):
            if not await self._press(n, key, arrow):
                return

    async def _press(self, n: int, key: str, arrow: str) -> bool:
        """Press ``n``: timed, then the slider must show its new value; False if it failed."""
        v, pg = self.visitor, self.page
        try:
            seconds = await press(pg, key, arrow, self.timeout_s)
        except Exception as exc:  # noqa: BLE001
            v.errors.append(f"press {n} ({arrow} on {key}) failed: {type(exc).__name__}: {exc}")
            v.times.append(math.nan)
            return False
        v.times.append(seconds)
        v.server_times.append(await server_seconds(pg))
        if math.isnan(seconds):
            v.errors.append(f"press {n} ({arrow} on {key}): no rerun finished within {self.timeout_s:g} s")
            return False
        want = v.values_after(n)[key]

        async def moved():
            got = int(await pg.locator(slider(key)).get_attribute("aria-valuetext"))
            assert got == want, f"slider {key} shows {got}, not {want}, after press {n}"

        try:
            await poll(moved, 10)
        except AssertionError as exc:
            v.errors.append(str(exc))
            return False
        return True

    async def check(self, everyone: list[Visitor]) -> None:
        """The tab must show the visitor's own configuration (kept in ``seen``), and no trouble."""
        v, pg = self.visitor, self.page
        if pg is None:
            return
        try:
            await settle(pg, self.timeout_s * 1000)

            async def own():
                shown = await read_shown(pg, v.path, self.drawn)
                v.seen = shown
                problems = mismatches(v, shown, everyone)
                assert not problems, problems
                return shown

            try:  # what the browser draws a moment after a rerun may still be on its way
                await poll(own, 15)
            except AssertionError:
                v.errors.extend(mismatches(v, v.seen, everyone))
            v.errors.extend(await trouble(pg))
            v.errors.extend(f"page error: {e}" for e in self.page_errors)
        except Exception as exc:  # noqa: BLE001
            v.errors.append(f"checking failed: {type(exc).__name__}: {exc}")


async def run_visitors(browser, base: str, count: int = 20, presses: int = 10, timeout_s: float = 120.0,
                       plotly_on: set[str] | None = None,
                       on_phase: Callable[[str], None] | None = None) -> list[Visitor]:
    """All visitors open their addresses at once, then all press at once, then are checked.

    Every problem is recorded in the visitor's ``errors`` (nothing raises); ``times`` holds the
    seconds of each press (NaN for a rerun that never finished). ``plotly_on``: the pages whose
    visitors' browsers really draw the charts (all by default); elsewhere the plotly bundle is
    stubbed (the server's work is the same, the browser's far less). ``on_phase`` is called
    with "pressing" and "pressed" around the pressing.
    """
    visitors = plan_visitors(count, presses)
    tell = on_phase or (lambda phase: None)
    tabs = [VisitorTab(v, await browser.new_context(viewport=VIEWPORT), timeout_s,
                       drawn=plotly_on is None or v.path in plotly_on) for v in visitors]
    try:
        for tab in tabs:
            await watch(tab.context, stub_plotly=not tab.drawn)
        await asyncio.gather(*(tab.arrive(base) for tab in tabs))
        tell("pressing")
        await asyncio.gather(*(tab.work() for tab in tabs))
        tell("pressed")
        await asyncio.gather(*(tab.check(visitors) for tab in tabs))
    finally:
        for tab in tabs:
            await tab.context.close()
    return visitors
