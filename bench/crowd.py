"""A class of protocol visitors (``bench.protocol.Visit``) on one server, and what they measured.

Each visitor of ``bench.visitor_plan`` opens its page from its own address (its own sizes,
strides and seed), the arrivals spread over one pace; then, every ``pace`` seconds from a phase of
its own, it moves a sidebar slider by one (the plan's moves) or, on a page with a control of its
own, every fourth time that control (``PAGE_CONTROLS``), and waits for the rerun to finish. After
every run it checks what came back: no exception element, the address the server wrote holds the
visitor's own settings, and on a page that shows the configuration caption, that caption is its
own (``bench.isolation.caption``). Every sixth touch is a click on the next page's link instead
(the settings stay, the address keeps them). A visitor that finds a problem records it and stops.

``Abuser`` presses a sidebar slider ``rate`` times a second without waiting for the reruns.
``run_class`` runs the visitors (and an abuser, if asked) for a set time and returns a
``ClassRun``: every response time, the errors, and the server's CPU and memory.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import psutil

from bench.isolation import PAGE_OWN, caption
from bench.lesson import CAPTIONED, PAGES, RANGES, SLIDERS
from bench.processes import cpu_seconds, rss_mb
from bench.protocol import Visit, http_request
from bench.visitor_plan import DEFAULTS, Visitor, plan_visitors

PAGE = "page"  # the "control" that is a click on a page's link
# A control of the page's own, pressed every fourth time on that page: key -> its values in turn.
PAGE_CONTROLS = {"checkerboard": ("checkerboard_layers", [1, 3, 2]), "upsampling": ("upsampling_align", [True, False]),
                 "designer": ("designer_conv_per_axis", [True, False]),
                 "practice": ("practice_use_sidebar", [False, True])}
EVERY_PAGE_CONTROL = 4
NEXT_PAGE_EVERY = 6  # every sixth touch is a click on the next page's link instead


def own_query(values: dict[str, int]) -> dict[str, str]:
    """The address query the app writes for these sidebar values (those not at their default)."""
    return {k: str(v) for k, v in values.items() if v != DEFAULTS[k]}


def parse_query(query: str) -> dict[str, str]:
    pairs = (part.split("=", 1) for part in query.split("&") if "=" in part)
    return {k: v for k, v in pairs if k not in PAGE_OWN}


@dataclass
class ProtocolVisitor:
    """One planned visitor driven over the protocol: its presses, times and problems."""

    plan: Visitor
    base: str
    timeout_s: float
    open_time: float = math.nan
    times: list[float] = field(default_factory=list)  # change -> its run finished
    errors: list[str] = field(default_factory=list)
    moves: int = 0  # sidebar moves made
    presses: int = 0
    visit: Visit | None = None
    pages: set[str] = field(default_factory=set)  # the pages it saw

    @property
    def values(self) -> dict[str, int]:
        return self.plan.values_after(self.moves)

    @property
    def path(self) -> str:
        return self.visit.path if self.visit else self.plan.path

    def next_change(self) -> tuple[str, object, bool]:
        """The next control to set, its value, and whether it is a sidebar move; ``PAGE`` and a
        page's path for a click on that page's link."""
        if self.presses % NEXT_PAGE_EVERY == NEXT_PAGE_EVERY - 1:
            return PAGE, PAGES[(PAGES.index(self.path) + 1) % len(PAGES)], False
        control = PAGE_CONTROLS.get(self.path)
        if control and self.presses % EVERY_PAGE_CONTROL == EVERY_PAGE_CONTROL - 1:
            key, values = control
            return key, values[(self.presses // EVERY_PAGE_CONTROL) % len(values)], False
        key, arrow = self.plan.presses[self.moves % len(self.plan.presses)]
        return key, self.plan.values_after(self.moves + 1)[key], True

    def check(self) -> None:
        """What the last run sent must be the visitor's own, without exceptions."""
        v = self.visit
        problems = [f"exception: {e}" for e in v.last.exceptions]
        if parse_query(v.query) != own_query(self.values):
            problems.append(f"address {parse_query(v.query)} != {own_query(self.values)}")
        if v.path in CAPTIONED and caption(self.values) not in v.texts():
            problems.append(f"caption {[t for t in v.texts() if ' kernel, ' in t]} != {caption(self.values)!r}")
        if problems:
            raise AssertionError("; ".join(problems))

    async def arrive(self, delay: float) -> None:
        await asyncio.sleep(delay)
        self.visit = Visit(self.base, self.plan.path, urlencode(self.plan.start), self.timeout_s)
        try:
            self.open_time = await self.visit.open()
            self.check()
            self.pages.add(self.path)
        except Exception as exc:  # noqa: BLE001 - every failure is a finding
            self.errors.append(f"opening: {type(exc).__name__}: {exc}")

    async def work(self, until: float, pace: float, phase: float) -> None:
        """A change every ``pace`` seconds from ``phase``, each waited for, until ``until``."""
        next_at = time.monotonic() + phase
        while not self.errors and next_at < until and self.visit is not None:
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            next_at += pace
            key, value, sidebar = self.next_change()
            try:
                done = self.visit.goto(value) if key == PAGE else self.visit.change(key, value)
                self.times.append(await done)
                self.presses += 1
                self.moves += sidebar
                self.check()
                self.pages.add(self.path)
            except Exception as exc:  # noqa: BLE001
                self.errors.append(f"press {self.presses + 1} ({key} = {value}): {type(exc).__name__}: {exc}")

    async def leave(self) -> None:
        if self.visit is not None:
            await self.visit.close()


@dataclass
class Abuser:
    """A visitor pressing one sidebar slider ``rate`` times a second, never waiting for the reruns."""

    base: str
    rate: float
    presses: int = 0
    errors: list[str] = field(default_factory=list)
    visit: Visit | None = None

    async def run(self, until: float) -> None:
        # Its requests overtake its runs, so the messages it reports holding at a request may be
        # forgotten (as the frontend forgets them) when the run that refers to them arrives: it
        # reports none, and the server sends it every message in full.
        self.visit = Visit(self.base, "", "seed=9999", report_cache=False)
        try:
            await self.visit.open()
            widget = self.visit.widgets[self.visit.ids["h"]]
            lo, hi = RANGES["h"]
            while time.monotonic() < until:
                widget.double_array_value.data[:] = [float(lo + self.presses % (hi - lo + 1))]
                await self.visit.send_rerun()
                self.presses += 1
                await asyncio.sleep(1 / self.rate)
            await self.visit.wait_finished()
        except Exception as exc:  # noqa: BLE001
            self.errors.append(f"abuser: {type(exc).__name__}: {exc}")
        finally:
            await self.visit.close()


def server_stats(base: str) -> dict[str, float]:
    """The server's own accounting (``/_stcore/metrics``): its active sessions, and the bytes its
    caches report by kind (``st_cache_data``: the pages' shared caches)."""
    out: dict[str, float] = {}
    for family in ("active_sessions", "cache_memory_bytes"):
        _, _, body = http_request(f"{base}/_stcore/metrics?families={family}", timeout=10)
        for line in body.decode().splitlines():
            if line.startswith("#") or " " not in line:
                continue
            name, value = line.rsplit(" ", 1)
            kind = name.split('cache_type="', 1)[1].split('"', 1)[0] if "cache_type=" in name else name
            out[kind] = out.get(kind, 0.0) + float(value)
    return out


@dataclass
class ClassRun:
    """One class on one server: the visitors, and the server's CPU and memory."""

    visitors: list[ProtocolVisitor]
    seconds: float  # of steady pressing
    pace: float
    server_cpu: float  # CPU seconds the server used while the visitors pressed
    generator_cpu: float  # the same for this process (the visitors)
    rss_idle: float  # MB, the server warm, before the visitors came
    rss_with: float  # MB, with every visitor's session, at the end of the pressing
    rss_peak: float  # MB, the largest while they pressed
    rss_left: float  # MB, after they left and their sessions were let go
    abuser: Abuser | None = None
    stats_with: dict[str, float] = field(default_factory=dict)  # server_stats with every session
    stats_left: dict[str, float] = field(default_factory=dict)  # and after they left

    @property
    def times(self) -> list[float]:
        return [t for v in self.visitors for t in v.times]

    @property
    def errors(self) -> list[str]:
        found = [f"{v.plan.name}: {e}" for v in self.visitors for e in v.errors]
        return found + (self.abuser.errors if self.abuser else [])

    @property
    def per_session_mb(self) -> float:
        return (self.rss_with - self.rss_idle) / len(self.visitors)


class Meter:
    """The server's CPU seconds and resident memory, sampled while a class runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, rss_mb(pid)
        self.me = psutil.Process()

    def cpu(self) -> tuple[float, float]:
        mine = self.me.cpu_times()
        return cpu_seconds(self.pid)[0], mine.user + mine.system

    async def sample(self, until: float, every: float = 1.0) -> None:
        while time.monotonic() < until:
            self.peak = max(self.peak, rss_mb(self.pid))
            await asyncio.sleep(every)


async def run_class(base: str, pid: int, count: int, seconds: float, pace: float = 5.0, abuse_rate: float = 0.0,
                    timeout_s: float = 30.0,
                    release: Callable[[], Awaitable[None]] | None = None) -> ClassRun:
    """``count`` visitors arrive over one pace, press every ``pace`` seconds for ``seconds``, leave.

    ``abuse_rate``: one more visitor pressing that many times a second throughout. ``release``: an
    awaitable function called after the visitors left that returns once their sessions are let
    go (see ``bench.capacity``); RSS is read after it.
    """
    rng = random.Random(count)
    presses = int(seconds / pace) + len(SLIDERS)  # more than it can make
    visitors = [ProtocolVisitor(p, base, timeout_s) for p in plan_visitors(count, presses)]
    meter = Meter(pid)
    rss_idle = meter.peak
    await asyncio.gather(*(v.arrive(rng.uniform(0, pace)) for v in visitors))
    (cpu0, gen0), t0 = meter.cpu(), time.monotonic()
    until = t0 + seconds
    abuser = Abuser(base, abuse_rate) if abuse_rate else None
    tasks = [v.work(until, pace, rng.uniform(0, pace)) for v in visitors] + ([abuser.run(until)] if abuser else [])
    await asyncio.gather(meter.sample(until), *tasks)
    (cpu1, gen1), wall, rss_with = meter.cpu(), time.monotonic() - t0, rss_mb(pid)
    stats_with = await asyncio.to_thread(server_stats, base)
    await asyncio.gather(*(v.leave() for v in visitors))
    if release is not None:
        await release()
    return ClassRun(visitors, wall, pace, cpu1 - cpu0, gen1 - gen0, rss_idle, rss_with, meter.peak, rss_mb(pid),
                    abuser, stats_with, await asyncio.to_thread(server_stats, base))
