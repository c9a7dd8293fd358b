"""Benchmarks of the files a teacher takes away: ``python -m bench.exports``.

Prints markdown tables: the time to build the largest allowed GIF of each player (the largest
settings, each width), the largest worksheet and answer key, one slide; each build's peak memory
(measured in a fresh process); and what a build does to another visitor: the median time of a
page's rerun (AppTest, the scatter page at default settings) alone, while a GIF builds in a thread
of the same server, and while it builds in a separate process (as the page builds it); and in a
browser, another visitor's slider presses while a page builds the largest GIF, and the next teacher's
wait for a GIF after visitors who asked for one left (``--departed``: that table alone).
Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import multiprocessing
import os
import platform
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "app")]

LARGEST = dict(h=8, w=8, kh=7, kw=7, sh=4, sw=4, d=3)


def player(page: str, key: str, mode: str | None = None, **params):
    """A player exactly as its page draws it (AppTest), read back from what the browser gets."""
    from pagetest import open_page, players

    from ui.figures.spec import Player

    at = open_page(page, **params)
    if mode:
        at.radio(key="scatter_mode").set_value(mode).run()
    return Player.from_json(players(at)[key])


def players() -> dict:
    return {
        "scatter, one product a frame": player("scatter", "scatter_player", "product", **LARGEST),
        "scatter, one stamp a frame": player("scatter", "scatter_player", "cell", **LARGEST),
        "sliding window": player("zero_insertion", "zero_player", **LARGEST),
    }


def seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _peak_mb(job) -> float:
    """The peak resident memory (MB) of a fresh process that runs ``job``."""
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_measure, job).result()


def _measure(job) -> float:
    """The most resident memory (MB) ``job`` adds while it runs, sampled every 10 ms."""
    import psutil

    from ui.exports import gif, worksheet  # noqa: F401 - loaded before, as in a server that has built once

    me = psutil.Process()
    before, peak, running = me.memory_info().rss, [0], threading.Event()

    def sample():
        while not running.is_set():
            peak[0] = max(peak[0], me.memory_info().rss)
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    job()
    running.set()
    sampler.join()
    return (peak[0] - before) / 2**20


class GifJob:
    """A GIF build that a process pool can carry (picklable)."""

    def __init__(self, spec: dict, width: int):
        self.spec, self.width = spec, width

    def __call__(self) -> int:
        from ui.exports import gif

        return len(gif.build(self.spec, gif.GifOptions(width=self.width)))


class SheetJob:
    def __call__(self) -> int:
        from ui.exports import worksheet

        options = worksheet.SheetOptions(seed=4821, count=worksheet.MAX_QUESTIONS)
        return len(worksheet.worksheet(options)) + len(worksheet.answer_key(options))


def gif_table(specs: dict) -> list[str]:
    from ui.exports import gif

    rows = ["| player (largest settings) | width | frames drawn | pixels a frame | build (s) | file (kB) | peak (MB) |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for name, spec in specs.items():
        for width in gif.WIDTHS:
            plan = gif.plan(spec, gif.GifOptions(width=width))
            sizes = []
            took = seconds(lambda: sizes.append(GifJob(spec, width)()))  # noqa: B023
            peak = _peak_mb(GifJob(spec, width))
            rows.append(f"| {name} | {width} | {len(plan.chosen)} of {spec.frames} | "
                        f"{plan.size[0]}x{plan.size[1]} | {took:.1f} | {sizes[0] // 1024} | {peak:.0f} |")
    return rows


def sheet_table(specs: dict[str, dict]) -> list[str]:
    from ui.exports import slides, worksheet

    spec = specs["scatter, one stamp a frame"]
    rows = ["| file | build (s) | peak (MB) |", "|---|---:|---:|"]
    took = seconds(SheetJob())
    rows.append(f"| worksheet + answer key, {worksheet.MAX_QUESTIONS} questions | {took:.2f} | "
                f"{_peak_mb(SheetJob()):.0f} |")
    from ui.exports import gif, worker

    largest = specs["scatter, one product a frame"]
    builder = worker.Builder()
    options = gif.GifOptions(width=1280)
    rows.append(f"| GIF process, first build (the process starts: imports) | "
                f"{seconds(lambda: builder.build(largest, options)):.1f} | - |")
    rows.append(f"| GIF process, next build (largest scatter GIF, 1280 wide) | "
                f"{seconds(lambda: builder.build(largest, options)):.1f} | - |")
    for kind in slides.FORMATS:
        took = seconds(lambda: slides.slide(spec, slides.SlideOptions(heading="Scatter", format=kind)))  # noqa: B023
        rows.append(f"| slide of the largest scatter player ({kind.upper()}) | {took:.2f} | - |")
    return rows


def reruns(count: int = 30) -> list[float]:
    """Seconds of each of ``count`` reruns of the scatter page (AppTest: the script, the core, the figures)."""
    from pagetest import open_page

    at = open_page("scatter")
    times = []
    for n in range(count):
        at.slider(key="h").set_value(3 + n % 2)
        times.append(seconds(at.run))
    return times


def summary(name: str, ms: list[float]) -> str:
    """A table row: how many, the median, the 90th percentile and the most, in milliseconds."""
    ms = sorted(ms)
    return f"| {name} | {len(ms)} | {statistics.median(ms):.0f} | {ms[int(0.9 * (len(ms) - 1))]:.0f} | {ms[-1]:.0f} |"


def latency_table(spec: dict) -> list[str]:
    """Another visitor's reruns while nothing builds, while a GIF builds in a thread, in a process."""
    rows = ["| while | reruns | median (ms) | p90 (ms) | max (ms) |", "|---|---:|---:|---:|---:|"]

    def line(name: str, times: list[float]) -> str:
        return summary(name, [t * 1000 for t in times])

    reruns(5)  # warm caches
    rows.append(line("nothing builds", reruns()))
    job = GifJob(spec, 1280)
    done = threading.Event()

    def build_in_thread():
        while not done.is_set():
            job()

    worker = threading.Thread(target=build_in_thread, daemon=True)
    worker.start()
    time.sleep(1)
    rows.append(line("a GIF builds in a thread of the server", reruns()))
    done.set()
    worker.join()
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        pool.submit(job).result()  # the worker is up and has imported everything
        futures = [pool.submit(job) for _ in range(4)]
        time.sleep(0.5)
        rows.append(line("a GIF builds in the GIF process (as the page builds it)", reruns()))
        for f in futures:
            f.cancel()
    return rows


def browser_table(presses: int = 16) -> list[str]:
    """A visitor's slider presses timed in a browser (to the rerun painted), alone and while another
    visitor's page builds the largest GIF (the scatter player at the largest settings, one product a
    frame, 1280 wide: in the server's GIF process, as the page does)."""
    from playwright.sync_api import sync_playwright

    from serving.server import CHROMIUM, CHROMIUM_ARGS, press_and_time, served_app

    def presses_ms(pg) -> list[float]:
        handle = pg.locator(".st-key-h input[type=range]")
        return [1000 * press_and_time(pg, handle, "ArrowRight" if n % 2 == 0 else "ArrowLeft") for n in range(presses)]

    rows = ["| another visitor's slider, while | presses | median (ms) | p90 (ms) | max (ms) |",
            "|---|---:|---:|---:|---:|"]
    line = summary
    with served_app() as (base, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        teacher = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        visitor = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        query = "&".join(f"{k}={v}" for k, v in LARGEST.items())
        teacher.goto(f"{base}/scatter?{query}")
        teacher.locator(".st-key-scatter_mode label", has_text="one product").click()
        teacher.locator("[data-testid=stExpander] summary", has_text="Take it to class").click()
        teacher.locator(".st-key-scatter_gif_width label", has_text="1280").click()
        teacher.locator(".st-key-scatter_gif_build button").wait_for()
        visitor.goto(f"{base}/scatter")
        visitor.locator(".st-key-h input[type=range]").wait_for()
        presses_ms(visitor)  # warm up
        rows.append(line("nothing builds", presses_ms(visitor)))
        for _ in range(2):  # the first build also starts the GIF process
            teacher.locator(".st-key-scatter_gif_build button").click()
            time.sleep(1.5)
            rows.append(line("another visitor's page builds the largest GIF", presses_ms(visitor)))
            teacher.locator(".st-key-scatter_gif_download button").wait_for(timeout=120_000)
        browser.close()
    return rows


def _ready_to_build(context, base: str):
    """A new visitor's scatter page, one product a frame, the "Take it to class" area open: the page."""
    from serving.server import wait_idle

    pg = context.new_page()
    pg.goto(f"{base}/scatter")
    pg.locator(".st-key-scatter_mode label", has_text="one product").click()
    wait_idle(pg)
    pg.locator("[data-testid=stExpander] summary", has_text="Take it to class").click()
    pg.locator(".st-key-scatter_gif_build button").wait_for()
    wait_idle(pg)
    return pg


def _gif_wait(pg) -> float:
    """Seconds from the press of 'Make the GIF' to its download button."""
    start = time.perf_counter()
    pg.locator(".st-key-scatter_gif_build button").click()
    pg.locator(".st-key-scatter_gif_download button").wait_for(timeout=600_000)
    return time.perf_counter() - start


def departed_table(visitors: int = 4, runs: int = 3) -> list[str]:
    """The next teacher's wait for a GIF (the scatter player at the default settings, one product a frame:
    81 frames, 960 wide), alone, and right after ``visitors`` visitors asked for the same GIF and
    closed their tab half a second later (issue 21)."""
    from playwright.sync_api import sync_playwright

    from serving.server import CHROMIUM, CHROMIUM_ARGS, served_app

    rows = ["| the next teacher asks for a GIF | wait (s), each run |", "|---|---|"]
    alone, after = [], []
    with served_app() as (base, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def fresh():
            return browser.new_context(viewport={"width": 1400, "height": 1000})

        _gif_wait(_ready_to_build(fresh(), base))  # the first build also starts the GIF process
        for _ in range(runs):
            alone.append(_gif_wait(_ready_to_build(fresh(), base)))
            teacher = _ready_to_build(fresh(), base)
            left = [_ready_to_build(fresh(), base) for _ in range(visitors)]
            for pg in left:
                pg.locator(".st-key-scatter_gif_build button").click()
            time.sleep(0.5)
            for pg in left:
                pg.context.close()
            after.append(_gif_wait(teacher))
        browser.close()
    rows.append(f"| alone | {', '.join(f'{t:.1f}' for t in alone)} |")
    rows.append(f"| after {visitors} visitors asked for one and left 0.5 s later | "
                f"{', '.join(f'{t:.1f}' for t in after)} |")
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departed", action="store_true", help="only the next teacher's wait after visitors left")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib
    import PIL

    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, matplotlib {matplotlib.__version__}, Pillow {PIL.__version__}\n")
    if args.departed:
        print("\n".join(departed_table()))
        return
    specs = players()
    print("\n".join(gif_table(specs)) + "\n")
    print("\n".join(sheet_table(specs)) + "\n")
    print("\n".join(latency_table(specs["scatter, one product a frame"])) + "\n")
    print("\n".join(browser_table()) + "\n")
    print("\n".join(departed_table()))


if __name__ == "__main__":
    from bench.exports import main as imported  # the module by its name, so a process pool can carry its jobs

    imported()
