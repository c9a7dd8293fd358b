"""A lesson tab in Chromium, driven with Playwright's async API (the load runs' many tabs at once).

Browser contexts that note trouble the moment it shows and may stub plotly out (``watch``), a tab
opened on an address and waited for (``open_tab``, ``settle``), a slider key press timed to the
rerun it started (``press``, ``server_seconds``), and what trouble a tab has seen (``trouble``).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from urllib.parse import parse_qs, urlencode, urlsplit

from bench.lesson import slider
from serving.server import CHARTS_DRAWN, NOT_RUNNING, RERUN_SECONDS, SERVER_SECONDS, SHOWN, TWO_FRAMES, WATCH_RERUN

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

# Focus a slider and start watching for the rerun, in one round trip: ([selector, timeout ms]).
_FOCUS_AND_WATCH = f"""([selector, ms]) => {{
  document.querySelector(selector).focus();
  ({WATCH_RERUN})(ms);
}}"""


def query_of(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def address(base: str, path: str, values: dict[str, int]) -> str:
    return f"{base}/{path}?{urlencode(values)}"


async def _stub_plotly(route) -> None:
    await route.fulfill(status=200, content_type="text/javascript", body=PLOTLY_STUB)


async def watch(context, stub_plotly: bool) -> None:
    """Make the tabs of ``context`` note trouble (``TROUBLE_WATCH``); with ``stub_plotly`` their
    plotly bundle is the stub ``PLOTLY_STUB``, which draws nothing."""
    await context.add_init_script(script=f"({TROUBLE_WATCH})()")
    if stub_plotly:
        await context.route(PLOTLY_CHUNK, _stub_plotly)


async def settle(pg, timeout_ms: float) -> None:
    """Async ``serving.wait_idle``: content shown, rerun finished, charts drawn, two frames painted."""
    await pg.wait_for_selector(SHOWN, timeout=timeout_ms)
    await pg.wait_for_selector(NOT_RUNNING, timeout=timeout_ms)
    await pg.wait_for_function(CHARTS_DRAWN, timeout=timeout_ms)
    await pg.evaluate(TWO_FRAMES)


async def open_tab(context, url: str, timeout_s: float, page_errors: list[str] | None = None):
    """A new tab on ``url``, once the app has run and painted; JavaScript errors go to ``page_errors``."""
    pg = await context.new_page()
    pg.set_default_timeout(timeout_s * 1000)
    if page_errors is not None:
        pg.on("pageerror", lambda exc: page_errors.append(str(exc)))
    await pg.goto(url)
    await settle(pg, timeout_s * 1000)
    await pg.wait_for_selector("[data-testid=stMain] h1", timeout=timeout_s * 1000)
    return pg


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


async def trouble(pg) -> list[str]:
    """The trouble the tab noted (see ``TROUBLE_WATCH``) and the exception boxes it shows now."""
    found = list(await pg.evaluate("() => window.__labTrouble || []"))
    if await pg.locator(EXCEPTION).count():
        found.append(f"exceptions shown: {await pg.locator(EXCEPTION).all_inner_texts()}")
    return found
