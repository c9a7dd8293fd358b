"""A classroom on one server: ``python -m bench.load [--record]``.

Two measurements on one served app, in real Chromium (Playwright's async API):

1. **Concurrent visitors.** Twenty browser contexts at once (one Chromium), each on a different
   page (the eight pages in turn), each opened from its own address (its own sizes, strides and
   seed), then each moving sidebar sliders with the keyboard. Every key press is timed to the
   rerun it started finished and painted. Afterwards every visitor must show exactly the
   configuration its own presses made, in its address and on screen, and no errors.
2. **Server memory over many reruns.** Eight sessions at once, one on each page, walk through
   distinct configurations with the keyboard (every press a rerun with a configuration not seen
   before, so the pages' caches fill to their ``max_entries``); the resident memory of the
   ``streamlit`` process is read after a warm-up, every 50 reruns and at the half. The browser's
   plotly bundle is replaced by a stub that draws nothing, so a rerun costs the server what it
   always does and the browser less (see ``PLOTLY_STUB``); each session keeps its websocket.

The test ``tests/e2e/test_e2e_load.py`` runs the same code with fewer presses and asserts
correctness only; this module prints the figures. ``--record`` appends them to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import math
import os
import platform
import statistics
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import numpy as np
import psutil

from bench.serving import (
    CHROMIUM,
    CHROMIUM_ARGS,
    RERUN_SECONDS,
    ROOT,
    SERVER_SECONDS,
    WATCH_RERUN,
    free_port,
    serve,
    stop,
)
from ui.config import Config, fill_values
from ui.controls import DEFAULTS as APP_DEFAULTS

PAGES = ["", "upsampling", "scatter", "zero-insertion", "transposed", "checkerboard", "shapes", "practice"]
# Pages whose main area shows the configuration caption (Config.describe()).
CAPTIONED = {"", "scatter", "zero-insertion", "transposed", "checkerboard", "shapes"}
SLIDERS = ("h", "w", "kh", "kw", "sh", "sw")
RANGES = {"h": (1, 8), "w": (1, 8), "kh": (1, 7), "kw": (1, 7), "sh": (1, 4), "sw": (1, 4)}
# The controls' defaults: a setting at its default is left out of the address.
DEFAULTS = {key: int(APP_DEFAULTS[key]) for key in (*SLIDERS, "seed")}
VIEWPORT = {"width": 1400, "height": 1000}
EXCEPTION = "[data-testid=stException]"

# Replaces Streamlit's lazily loaded PlotlyChart chunk (4.7 MB of plotly.js) where the charts'
# drawing is not what is measured (the memory run; the test's visitors): a component that renders
# nothing. Everything else, the server's rerun included, is unchanged.
PLOTLY_CHUNK = "**/static/js/PlotlyChart.*.js"
PLOTLY_STUB = "export function PlotlyChart() { return null; }\nexport default PlotlyChart;\n"

# Notes trouble the moment it shows, even if it goes away again: an exception box, the server's
# "Connection error" dialog, or the status widget's "CONNECTING".
TROUBLE_WATCH = """() => {
  if (window.top !== window) return;
  window.__labTrouble = [];
  const note = what => { if (!window.__labTrouble.includes(what)) window.__labTrouble.push(what); };
  setInterval(() => {
    for (const el of document.querySelectorAll('[data-testid=stException]'))
      note('exception: ' + el.innerText.slice(0, 300));
    for (const el of document.querySelectorAll('[role=dialog]'))
      note('dialog: ' + el.innerText.slice(0, 300));
    const status = document.querySelector('[data-testid=stStatusWidget]');
    const said = status ? status.innerText.toLowerCase() : '';
    if (said.includes('connect') || said.includes('error')) note('status: ' + status.innerText);
  }, 200);
}"""

IDLE = ("[data-testid=stApp][data-test-script-state=notRunning] "
        "[data-testid=stMainBlockContainer] > div")


def slider(key: str) -> str:
    return f".st-key-{key} input[type=range]"


async def settle(pg, timeout_ms: float) -> None:
    """Async ``serving.wait_idle``: content shown, rerun finished, charts drawn, two frames painted."""
    await pg.wait_for_selector(IDLE, timeout=timeout_ms)
    await pg.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout_ms)
    await pg.wait_for_function("() => !document.querySelector('[data-testid=stSkeleton]')", timeout=timeout_ms)
    await pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


# Focus a slider and start watching for the rerun, in one round trip: ([selector, timeout ms]).
_FOCUS_AND_WATCH = f"""([selector, ms]) => {{
  document.querySelector(selector).focus();
  ({WATCH_RERUN})(ms);
}}"""


async def press(pg, key: str, arrow: str, timeout_s: float, idle_first: bool = True) -> float:
    """Seconds from ``arrow`` pressed on slider ``key`` to the rerun it started finished and
    painted; NaN if no rerun finished within ``timeout_s``. ``idle_first``: wait first until the
    page is idle and its charts drawn (not needed right after a press, when charts are stubbed)."""
    if idle_first:
        await settle(pg, timeout_s * 1000)
    await pg.evaluate(_FOCUS_AND_WATCH, [slider(key), timeout_s * 1000])
    await pg.keyboard.press(arrow)
    return float(await pg.evaluate(RERUN_SECONDS))


async def server_seconds(pg) -> float:
    """After ``press``: seconds from the press to the server's "script finished" message."""
    seconds = await pg.evaluate(SERVER_SECONDS)
    return math.nan if seconds is None else float(seconds)


def query_of(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def address(base: str, path: str, values: dict[str, int]) -> str:
    return f"{base}/{path}?{urlencode(values)}"


def caption(values: dict[str, int]) -> str:
    """The caption the pages show for these values (PyTorch, no padding, integers fill)."""
    x = fill_values("integers", (values["h"], values["w"]), values["seed"], salt=0)
    k = fill_values("integers", (values["kh"], values["kw"]), values["seed"], salt=1)
    return Config(x=x, k=k, stride=(values["sh"], values["sw"])).describe()


async def poll(check: Callable, timeout_s: float, every: float = 0.2):
    """Await ``check()`` until it stops raising AssertionError; re-raise at timeout."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return await check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        await asyncio.sleep(every)


# --- 1. concurrent visitors ---------------------------------------------------------------------

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


def plan_visitors(count: int, presses: int) -> list[Visitor]:
    """``count`` visitors on the pages in turn, each with a starting configuration no other has
    (its own seed, and its own input size for up to 64 visitors) and ``presses`` slider moves
    that stay in range (a slider turns back at its ends), starting on different sliders."""
    visitors = []
    for i in range(count):
        start = {"h": 1 + i % 8, "w": 1 + (i // 8 + 3 * i) % 8, "kh": 1 + (2 * i) % 7, "kw": 1 + (5 * i + 3) % 7,
                 "sh": 1 + i % 4, "sw": 1 + (i // 4) % 4, "seed": 100 + 37 * i}
        values, moves = dict(start), []
        up = {k: values[k] < (RANGES[k][0] + RANGES[k][1]) / 2 for k in SLIDERS}
        for j in range(presses):
            key = SLIDERS[(i + j) % len(SLIDERS)]
            lo, hi = RANGES[key]
            if values[key] == (hi if up[key] else lo):
                up[key] = not up[key]
            values[key] += 1 if up[key] else -1
            moves.append((key, "ArrowRight" if up[key] else "ArrowLeft"))
        visitors.append(Visitor(i, PAGES[i % len(PAGES)], start, moves))
    return visitors


async def _open(context, url: str, timeout_s: float, page_errors: list[str] | None = None):
    """A new tab on ``url``, once the app has run and painted; JavaScript errors go to ``page_errors``."""
    pg = await context.new_page()
    pg.set_default_timeout(timeout_s * 1000)
    if page_errors is not None:
        pg.on("pageerror", lambda exc: page_errors.append(str(exc)))
    await pg.goto(url)
    await settle(pg, timeout_s * 1000)
    await pg.wait_for_selector("[data-testid=stMain] h1", timeout=timeout_s * 1000)
    return pg


# The values a grid shows: an HTML grid's cells (ui.html_grid) or a plotly heatmap's first trace.
GRID_VALUES = """el => {
  if (el.hasAttribute('data-grid')) {
    const [h, w] = el.getAttribute('data-shape').split('x').map(Number);
    const v = Array.from(el.querySelectorAll('[data-v]'), c => Number(c.getAttribute('data-v')));
    return Array.from({length: h}, (_, r) => v.slice(r * w, (r + 1) * w));
  }
  return Array.from(el._fullData[0].z, row => Array.from(row));
}"""
START_GRIDS = {"x": "start_input", "k": "start_kernel", "out": "start_output"}


async def _read(pg, path: str, drawn: bool = True) -> dict:
    """What the visitor's tab shows: the address's query, the sidebar's sliders and seed, the
    caption, and (on the start page) the input, kernel and output its grids draw."""
    shown = {"query": query_of(pg.url)}
    for key in SLIDERS:
        shown[key] = int(await pg.locator(slider(key)).get_attribute("aria-valuetext"))
    shown["seed"] = int(await pg.locator(".st-key-seed input").input_value())
    if path in CAPTIONED:
        captions = await pg.locator("[data-testid=stMain] [data-testid=stCaptionContainer]").all_inner_texts()
        shown["caption"] = [c for c in captions if " input, " in c and " kernel, " in c]
    if path == "" and drawn:
        for name, key in START_GRIDS.items():
            grid = pg.locator(f"[data-grid='{key}'], .st-key-{key} .js-plotly-plot").first
            shown[name] = await grid.evaluate(GRID_VALUES, timeout=15_000)
    return shown


def expected_grids(values: dict[str, int]) -> dict[str, list]:
    """The start page's input, kernel and output for these values (the core computes the output)."""
    x = fill_values("integers", (values["h"], values["w"]), values["seed"], salt=0)
    k = fill_values("integers", (values["kh"], values["kw"]), values["seed"], salt=1)
    out = Config(x=x, k=k, stride=(values["sh"], values["sw"])).output()
    return {"x": [list(r) for r in x], "k": [list(r) for r in k], "out": np.asarray(out).tolist()}


def mismatches(visitor: Visitor, shown: dict, everyone: list[Visitor]) -> list[str]:
    """How what ``visitor`` sees differs from its own expected configuration (empty if it does not);
    names the other visitors whose configuration it shows instead, if any."""
    want = visitor.expected
    problems = []
    if shown["query"] != visitor.expected_query:
        problems.append(f"address query {shown['query']} != {visitor.expected_query}")
    got = {k: shown[k] for k in (*SLIDERS, "seed")}
    if got != want:
        problems.append(f"sidebar {got} != {want}")
    if "caption" in shown and shown["caption"] != [caption(want)]:
        problems.append(f"caption {shown['caption']} != [{caption(want)!r}]")
    if "x" in shown:
        for name, grid in expected_grids(want).items():
            drawn = np.asarray(shown[name], dtype=float)
            if drawn.shape != np.shape(grid) or not np.allclose(drawn, grid):
                problems.append(f"the grid {START_GRIDS[name]} shows {shown[name]}, not {grid}")
    if problems:
        others = [o.index for o in everyone if o is not visitor and o.expected == got]
        if others:
            problems.append(f"CROSS-SESSION: its sidebar shows the configuration of visitor(s) {others}")
    return problems


async def _trouble(pg) -> list[str]:
    found = list(await pg.evaluate("() => window.__labTrouble || []"))
    if await pg.locator(EXCEPTION).count():
        found.append(f"exceptions shown: {await pg.locator(EXCEPTION).all_inner_texts()}")
    return found


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
    contexts = [await browser.new_context(viewport=VIEWPORT) for _ in visitors]
    pages: list = [None] * count
    page_errors: list[list[str]] = [[] for _ in visitors]
    try:
        for v, context in zip(visitors, contexts):
            await context.add_init_script(script=f"({TROUBLE_WATCH})()")
            if plotly_on is not None and v.path not in plotly_on:
                await context.route(PLOTLY_CHUNK, _stub_plotly)

        async def arrive(v: Visitor):
            try:
                pages[v.index] = await _open(contexts[v.index], address(base, v.path, v.start), timeout_s,
                                             page_errors[v.index])
            except Exception as exc:  # noqa: BLE001 - every failure is a finding, reported below
                v.errors.append(f"opening failed: {type(exc).__name__}: {exc}")

        async def work(v: Visitor):
            pg = pages[v.index]
            if pg is None:
                return
            for n, (key, arrow) in enumerate(v.presses, 1):
                try:
                    seconds = await press(pg, key, arrow, timeout_s)
                except Exception as exc:  # noqa: BLE001
                    v.errors.append(f"press {n} ({arrow} on {key}) failed: {type(exc).__name__}: {exc}")
                    v.times.append(math.nan)
                    return
                v.times.append(seconds)
                v.server_times.append(await server_seconds(pg))
                if math.isnan(seconds):
                    v.errors.append(f"press {n} ({arrow} on {key}): no rerun finished within {timeout_s:g} s")
                    return
                want = v.values_after(n)[key]

                async def moved():
                    got = int(await pg.locator(slider(key)).get_attribute("aria-valuetext"))
                    assert got == want, f"slider {key} shows {got}, not {want}, after press {n}"

                try:
                    await poll(moved, 10)
                except AssertionError as exc:
                    v.errors.append(str(exc))
                    return

        async def check(v: Visitor):
            pg = pages[v.index]
            if pg is None:
                return
            try:
                await settle(pg, timeout_s * 1000)

                async def own():
                    shown = await _read(pg, v.path, plotly_on is None or v.path in plotly_on)
                    v.seen = shown
                    problems = mismatches(v, shown, visitors)
                    assert not problems, problems
                    return shown

                try:  # what the browser draws a moment after a rerun may still be on its way
                    await poll(own, 15)
                except AssertionError:
                    v.errors.extend(mismatches(v, v.seen, visitors))
                v.errors.extend(await _trouble(pg))
                v.errors.extend(f"page error: {e}" for e in page_errors[v.index])
            except Exception as exc:  # noqa: BLE001
                v.errors.append(f"checking failed: {type(exc).__name__}: {exc}")

        await asyncio.gather(*(arrive(v) for v in visitors))
        if on_phase:
            on_phase("pressing")
        await asyncio.gather(*(work(v) for v in visitors))
        if on_phase:
            on_phase("pressed")
        await asyncio.gather(*(check(v) for v in visitors))
    finally:
        for context in contexts:
            await context.close()
    return visitors


def _percentiles(times: list[float]) -> dict:
    times = sorted(t for t in times if not math.isnan(t))
    if not times:
        return {}
    return dict(p50=statistics.median(times), p95=times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)],
                max=times[-1])


def visitor_summary(visitors: list[Visitor]) -> dict:
    """Presses planned and completed, every error, and the percentiles of the press times:
    ``p50``, ``p95``, ``max`` (painted) and ``server`` (the same of the server's part)."""
    times = [t for v in visitors for t in v.times if not math.isnan(t)]
    return dict(planned=sum(len(v.presses) for v in visitors), completed=len(times),
                errors=[f"{v.name}: {e}" for v in visitors for e in v.errors],
                **_percentiles(times), server=_percentiles([t for v in visitors for t in v.server_times]))


# --- 2. memory over many reruns -------------------------------------------------------------------

def rss_mb(pid: int) -> float:
    """Resident memory of the process and its children, in MB."""
    proc = psutil.Process(pid)
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += child.memory_info().rss
    return total / 2**20


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


# The walk's sliders, slowest first; the seed (each session its own) sets the values.
WALK = ("sh", "kh", "h", "w")
# Small sizes only: many distinct configurations whose cache entries are a few kB.
SMALL = {"sh": (1, 4), "kh": (1, 3), "h": (1, 4), "w": (1, 4)}


def walk(start: int, steps: int, ranges: dict[str, tuple[int, int]] | None = None
         ) -> tuple[dict[str, int], list[tuple[str, str]]]:
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


async def _stub_plotly(route) -> None:
    await route.fulfill(status=200, content_type="text/javascript", body=PLOTLY_STUB)


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


def _back(moves: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The presses that undo ``moves``, last first."""
    flip = {"ArrowRight": "ArrowLeft", "ArrowLeft": "ArrowRight"}
    return [(key, flip[arrow]) for key, arrow in reversed(moves)]


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
    sessions = len(PAGES)
    shares = [reruns // sessions + (1 if s < reruns % sessions else 0) for s in range(sessions)]
    firsts = [share - share // 2 for share in shares]
    plans = []
    for s, (share, first) in enumerate(zip(shares, firsts)):
        start, moves = walk(220 * s, warmup + (first if revisit else share), ranges)
        measured = moves[warmup:]
        if revisit:
            measured += _back(measured)[:share - first]
        plans.append((start, moves[:warmup], measured[:first], measured[first:]))
    errors: list[str] = []
    series: list[tuple[int, float]] = []
    warm: list[tuple[int, float]] = []
    counts = {"warm": 0, "measured": 0}
    contexts, pages = [], []
    began = time.monotonic()

    def sample(phase: str, samples: list) -> None:
        if not samples or samples[-1][0] != counts[phase]:
            samples.append((counts[phase], rss_mb(pid)))
            if progress:
                progress(f"{phase} {counts[phase]} reruns: {samples[-1][1]:.1f} MB")

    async def presses(s: int, moves: list[tuple[str, str]], phase: str, samples: list):
        for key, arrow in moves:
            seconds = await press(pages[s], key, arrow, timeout_s, idle_first=False)
            if math.isnan(seconds):
                errors.append(f"/{PAGES[s]}: {arrow} on {key}: no rerun finished within {timeout_s:g} s")
                return
            counts[phase] += 1
            if counts[phase] % every == 0:
                sample(phase, samples)

    try:
        for s, path in enumerate(PAGES):
            context = await browser.new_context(viewport=VIEWPORT)
            await context.route(PLOTLY_CHUNK, _stub_plotly)
            await context.add_init_script(script=f"({TROUBLE_WATCH})()")
            contexts.append(context)
            pages.append(await _open(context, address(base, path, {**plans[s][0], "seed": 500 + s}), timeout_s))
        sample("warm", warm)
        await asyncio.gather(*(presses(s, plans[s][1], "warm", warm) for s in range(sessions)))
        sample("warm", warm)
        sample("measured", series)
        for part in (2, 3):
            await asyncio.gather(*(presses(s, plans[s][part], "measured", series) for s in range(sessions)))
            sample("measured", series)
            if part == 2:
                half = counts["measured"]
        for s, pg in enumerate(pages):
            errors.extend(f"/{PAGES[s]}: {t}" for t in await _trouble(pg))
    finally:
        for context in contexts:
            await context.close()
    return MemoryRun(counts["measured"], counts["warm"], series, warm, half, errors, time.monotonic() - began)


# --- the benchmark --------------------------------------------------------------------------------

@contextlib.contextmanager
def served_app(log_dir: Path | None = None) -> Iterator[tuple[str, int]]:
    """The lesson served on a free loopback port: yields (base URL, server pid)."""
    with contextlib.ExitStack() as stack:
        if log_dir is None:
            log_dir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        port = free_port()
        proc = serve(ROOT / "app.py", port, log_dir / "streamlit.log")
        stack.callback(stop, proc)
        yield f"http://127.0.0.1:{port}", proc.pid


async def launch(playwright):
    return await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def cpu_name() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds used so far by the server ``pid`` and by this process's Chromium processes."""
    def used(proc: psutil.Process) -> float:
        with contextlib.suppress(psutil.Error):
            t = proc.cpu_times()
            return t.user + t.system
        return 0.0

    chromium = sum(used(p) for p in psutil.Process().children(recursive=True)
                   if p.pid != pid and "chrom" in (p.name() or ""))
    return used(psutil.Process(pid)), chromium


async def bench(visitors: int, presses: int, reruns: int, warmup: int) -> str:
    from playwright.async_api import async_playwright

    load = os.getloadavg()[0]
    async with async_playwright() as p:
        browser = await launch(p)
        try:
            with served_app() as (base, pid):
                t = time.monotonic()
                cpu: dict[str, tuple[float, float, float]] = {}
                crowd = await run_visitors(browser, base, visitors, presses, on_phase=lambda phase: cpu.update(
                    {phase: (time.monotonic(), *cpu_seconds(pid))}))
                crowd_seconds = time.monotonic() - t
                rss_after_crowd = rss_mb(pid)
                (t0, server0, chromium0), (t1, server1, chromium1) = cpu["pressing"], cpu["pressed"]
                pressing = (t1 - t0, server1 - server0, chromium1 - chromium0)
            with served_app() as (base, pid):
                memory = await run_memory(browser, base, pid, reruns, warmup=warmup,
                                          progress=lambda line: print("  memory:", line, file=sys.stderr))
            version = browser.version
        finally:
            await browser.close()
    return report(crowd, crowd_seconds, rss_after_crowd, pressing, memory, version, presses,
                  (load, os.getloadavg()[0]))


def report(crowd: list[Visitor], crowd_seconds: float, rss_after_crowd: float,
           pressing: tuple[float, float, float], memory: MemoryRun, chromium: str, presses: int,
           load: tuple[float, float]) -> str:
    s = visitor_summary(crowd)
    first, second = memory.halves
    isolated = sum(1 for v in crowd if not v.errors)
    by_page = []
    for path in PAGES:
        times = [t for v in crowd if v.path == path for t in v.times if not math.isnan(t)]
        if times:
            by_page.append(f"{path or 'start'} {statistics.median(times) * 1e3:.0f}")
    warm = ", ".join(f"{n}: {mb:.1f}" for n, mb in memory.warmup_series)
    distinct = 1 + memory.warmup // len(PAGES) + memory.reruns // len(PAGES)
    lines = [
        f"## Load and memory (issue: robust in a classroom), {datetime.date.today():%Y-%m-%d}",
        "",
        f"`python -m bench.load`: {cpu_name()}, {psutil.cpu_count()} cores, Python {platform.python_version()}, "
        f"Chromium {chromium} headless, Streamlit {_streamlit_version()}; the browsers and the server share "
        f"the 2 cores, and other people's jobs ran too (load average {load[0]:.1f} at the start, "
        f"{load[1]:.1f} at the end).",
        "",
        f"**{len(crowd)} concurrent visitors**: {len(crowd)} browser contexts in one Chromium, at once, each "
        "on a different page (the 8 pages in turn), each opened from an address with its own sizes, strides "
        f"and seed; once all had loaded, each pressed arrow keys on sidebar sliders {presses} times, all at "
        "the same time. Timed: each key press to the rerun it started finished (the server's \"script "
        "finished\" message, or the app's script state going through 'running') and painted (two frames), "
        "charts drawn by plotly. Isolation: afterwards each visitor's address query, its sidebar sliders "
        "and seed, its page's configuration caption, and on the start page the input, kernel and output "
        "its grids draw must equal what its own presses made (a configuration of another visitor would be "
        "named); any exception box, error dialog or 'Connecting' status seen at any moment, and any "
        "JavaScript error, counts as an error.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| key presses (completed / planned) | {s['completed']} / {s['planned']} |",
        f"| press -> rerun painted, p50 | {_ms(s.get('p50'))} |",
        f"| press -> rerun painted, p95 | {_ms(s.get('p95'))} |",
        f"| press -> rerun painted, max | {_ms(s.get('max'))} |",
        f"| press -> server's \"script finished\" received, p50 / p95 / max | "
        f"{_ms(s['server'].get('p50'))} / {_ms(s['server'].get('p95'))} / {_ms(s['server'].get('max'))} |",
        f"| errors (lost reruns, exceptions, connection errors, wrong values) | {len(s['errors'])} |",
        f"| visitors showing exactly their own configuration | {isolated} / {len(crowd)} |",
        f"| wall time, opening and pressing | {crowd_seconds:.0f} s |",
        f"| server RSS after the visitors | {rss_after_crowd:.0f} MB |",
        f"| while pressing: wall / server CPU / Chromium CPU | {pressing[0]:.0f} s / {pressing[1]:.0f} s / "
        f"{pressing[2]:.0f} s |",
        "",
        f"Median by page (ms): {', '.join(by_page)}.",
        "",
        f"**Server memory over {memory.reruns} reruns** (a fresh server): one session per page, 8 at once, "
        "each pressing slider keys through configurations it has not shown before (input height and "
        "width, kernel height, stride height; a seed per session), so each page sees "
        f"{distinct} distinct configurations, {'more' if distinct > 64 else 'fewer'} "
        f"than the 64 its caches keep. {memory.warmup} reruns of warm-up "
        f"({memory.warmup // len(PAGES)} a page), then RSS of the "
        "`streamlit` process (psutil, children included) every 50 reruns; all sessions finish the first "
        "half before the second starts. In the browser the PlotlyChart chunk is replaced by a stub that "
        "draws nothing (`page.route`): the server's rerun is unchanged, the browser's cost falls; each "
        "session keeps its websocket (reloading for each configuration would open a new session each "
        f"time, and Streamlit keeps up to 128 closed sessions for 2 minutes). {memory.seconds:.0f} s in all.",
        "",
        memory.table(),
        "",
        f"During the warm-up (reruns: MB): {warm}.",
        "",
        f"Growth: first {memory.half} reruns {first:+.1f} MB, last {memory.reruns - memory.half} reruns "
        f"{second:+.1f} MB ({len(memory.errors)} errors).",
    ]
    problems = s["errors"] + memory.errors
    if problems:
        lines += ["", "Errors:", *(f"- {e}" for e in problems[:20])]
    return wrap("\n".join(lines) + "\n")


def wrap(markdown: str, width: int = 100) -> str:
    """Paragraphs filled to ``width`` like the rest of RESULTS.md; headings and tables as they are."""
    return "\n".join(line if line.startswith(("#", "|")) else textwrap.fill(line, width, subsequent_indent=(
        "  " if line.startswith("- ") else "")) for line in markdown.split("\n"))


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e3:.0f} ms"


def _streamlit_version() -> str:
    import importlib.metadata

    return importlib.metadata.version("streamlit")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=20)
    parser.add_argument("--presses", type=int, default=10)
    parser.add_argument("--reruns", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=40, help="presses of warm-up per page before the memory run")
    parser.add_argument("--record", action="store_true", help="append the section to bench/RESULTS.md")
    args = parser.parse_args(argv)
    text = asyncio.run(bench(args.visitors, args.presses, args.reruns, args.warmup))
    print(text)
    if args.record:
        with open(ROOT / "bench" / "RESULTS.md", "a") as results:
            results.write("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
