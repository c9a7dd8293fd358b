"""Benchmarks of the files a teacher takes away: ``python -m bench.exports``.

Prints markdown tables: the time to build the largest allowed GIF of each player (the largest
settings, each width), the largest worksheet and answer key, one slide; each build's peak memory
(measured in a fresh process); and what a build does to another visitor: the median time of a
page's rerun (AppTest, the scatter page at default settings) alone, while a GIF builds in a thread
of the same server (as the page builds it), and while it builds in a separate process.
Figures only: nothing here asserts a time.
"""

from __future__ import annotations

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


def player(page: str, key: str, mode: str | None = None, **params) -> dict:
    """A player's data exactly as its page draws it (AppTest)."""
    from pagetest import open_page, players

    at = open_page(page, **params)
    if mode:
        at.radio(key="scatter_mode").set_value(mode).run()
    return players(at)[key]


def players() -> dict[str, dict]:
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


def gif_table(specs: dict[str, dict]) -> list[str]:
    from ui.exports import gif

    rows = ["| player (largest settings) | width | frames drawn | pixels a frame | build (s) | file (kB) | peak (MB) |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for name, spec in specs.items():
        for width in gif.WIDTHS:
            plan = gif.plan(spec, gif.GifOptions(width=width))
            sizes = []
            took = seconds(lambda: sizes.append(GifJob(spec, width)()))  # noqa: B023
            peak = _peak_mb(GifJob(spec, width))
            rows.append(f"| {name} | {width} | {len(plan.chosen)} of {spec['frames']} | "
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


def latency_table(spec: dict) -> list[str]:
    """Another visitor's reruns while nothing builds, while a GIF builds in a thread, in a process."""
    rows = ["| while | reruns | median (ms) | p90 (ms) | max (ms) |", "|---|---:|---:|---:|---:|"]

    def line(name: str, times: list[float]) -> str:
        ms = sorted(t * 1000 for t in times)
        return (f"| {name} | {len(ms)} | {statistics.median(ms):.0f} | {ms[int(0.9 * (len(ms) - 1))]:.0f} | "
                f"{ms[-1]:.0f} |")

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


def main() -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib
    import PIL

    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, matplotlib {matplotlib.__version__}, Pillow {PIL.__version__}\n")
    specs = players()
    print("\n".join(gif_table(specs)) + "\n")
    print("\n".join(sheet_table(specs)) + "\n")
    print("\n".join(latency_table(specs["scatter, one product a frame"])))


if __name__ == "__main__":
    from bench.exports import main as imported  # the module by its name, so a process pool can carry its jobs

    imported()
