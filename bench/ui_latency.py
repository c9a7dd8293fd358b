"""Slider-to-paint latency and first paint in real Chromium: ``python -m bench.ui_latency``.

In one run: a bare Streamlit app with one slider, then the lesson, page by page. For each,
the time from a slider key press to the rerun finished (``data-test-script-state`` back to
``notRunning``) and painted (two animation frames). Then the home page's first paint for new
visitors (a fresh browser context each): from the address typed to the title shown and to
the first grid drawn. Figures only: nothing asserts a time.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.lesson import PAGES
from bench.serving import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, press_and_time, serve, stop, wait_idle

BARE = 'import streamlit as st\nvalue = st.slider("Value", 0, 100, 50, key="value")\nst.write(value)\n'
PRESSES = 12
VISITORS = 8  # fresh contexts timed for the first paint
GRID_DRAWN = """() => {
  const cell = document.querySelector("[data-grid='start_output'] [data-v]");
  return !!(cell && cell.getBoundingClientRect().width > 0);
}"""


def measure(browser, url: str, slider_selector: str) -> list[float]:
    """A fresh tab per target: one tab reused across two servers can miss the first rerun."""
    pg = browser.new_page(viewport={"width": 1400, "height": 1000})
    pg.set_default_timeout(30_000)
    pg.goto(url)
    wait_idle(pg)
    thumb = pg.locator(slider_selector).first
    times = []
    for i in range(PRESSES):
        # Right then left, so the value stays in range and every press changes it.
        times.append(press_and_time(pg, thumb, "ArrowRight" if i % 2 == 0 else "ArrowLeft"))
    pg.close()
    return times


def first_paint(browser, url: str) -> tuple[list[float], list[float]]:
    """Seconds to the title and to the first grid, for new visitors (a fresh context each)."""
    warm = browser.new_context()
    first = warm.new_page()
    first.goto(url)
    wait_idle(first)  # the server's first run (its imports) is not a visitor's wait
    warm.close()
    titles, grids = [], []
    for _ in range(VISITORS):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = context.new_page()
        start = time.perf_counter()
        pg.goto(url, wait_until="commit")
        pg.wait_for_selector("[data-testid=stMain] h1", state="visible", timeout=60_000)
        titles.append(time.perf_counter() - start)
        pg.wait_for_function(GRID_DRAWN, timeout=60_000, polling="raf")
        grids.append(time.perf_counter() - start)
        context.close()
    return titles, grids


def row(name: str, times: list[float], bare: float | None) -> str:
    median, worst = statistics.median(times), max(times)
    ratio = "" if bare is None else f"{median / bare:.2f}x"
    verdict = "" if bare is None else ("met" if median <= 2 * bare else "missed")
    return f"| {name} | {median * 1e3:.0f} | {worst * 1e3:.0f} | {ratio} | {verdict} |"


def main() -> None:
    rows = ["| app / page | median (ms) | max (ms) | median / bare | <= 2x bare |", "|---|---:|---:|---:|---|"]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        procs = []
        try:
            bare_port, app_port = free_port(), free_port()
            procs.append(serve(bare_script, bare_port, Path(tmp) / "bare.log"))
            procs.append(serve(ROOT / "app.py", app_port, Path(tmp) / "app.log"))
            bare_times = measure(browser, f"http://127.0.0.1:{bare_port}/", "[data-testid=stSlider] input[type=range]")
            bare = statistics.median(bare_times)
            rows.append(row("bare one-slider app", bare_times, None))
            sidebar_slider = "[data-testid=stSidebar] [data-testid=stSlider] input[type=range]"
            for name in PAGES:
                url = f"http://127.0.0.1:{app_port}/{name}"
                rows.append(row(name or "start", measure(browser, url, sidebar_slider), bare))
            titles, grids = first_paint(browser, f"http://127.0.0.1:{app_port}/")
        finally:
            for proc in procs:
                stop(proc)
            browser.close()
    print(f"Slider key press to rerun painted, {PRESSES} presses each (input height slider in the sidebar):\n")
    print("\n".join(rows))
    print(f"\nFirst paint of the home page, {VISITORS} new visitors (fresh contexts), seconds:\n")
    print("| measure | median | max | budget |\n|---|---:|---:|---|")
    print(f"| title shown | {statistics.median(titles):.2f} | {max(titles):.2f} | |")
    verdict = "met" if statistics.median(grids) < 3 else "missed"
    print(f"| first grid drawn | {statistics.median(grids):.2f} | {max(grids):.2f} | < 3 s: {verdict} |")


if __name__ == "__main__":
    sys.exit(main())
