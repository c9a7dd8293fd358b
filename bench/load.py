"""A classroom on one server: ``python -m bench.load [--record]``.

Two measurements on one served app, in real Chromium (Playwright's async API):

1. **Concurrent visitors** (``bench.visitors.run_visitors``). Twenty browser contexts at once
   (one Chromium), each on a different page (the eight pages in turn), each opened from its own
   address (its own sizes, strides and seed: ``bench.visitor_plan``), then each moving sidebar
   sliders with the keyboard. Every key press is timed to the rerun it started finished and
   painted. Afterwards every visitor must show exactly the configuration its own presses made, in
   its address and on screen, and no errors (``bench.isolation``).
2. **Server memory over many reruns** (``bench.memory.run_memory``). Eight sessions at once, one
   on each page, walk through distinct configurations with the keyboard (every press a rerun with
   a configuration not seen before, so the pages' caches fill to their ``max_entries``); the
   resident memory of the ``streamlit`` process is read after a warm-up, every 50 reruns and at
   the half. The browser's plotly bundle is replaced by a stub that draws nothing, so a rerun
   costs the server what it always does and the browser less (see ``bench.tabs.PLOTLY_STUB``);
   each session keeps its websocket.

Each runs on a fresh server (``serving.server.served_app``). The test ``tests/e2e/test_e2e_load.py``
runs the same code with fewer presses and asserts correctness only; this module prints the
figures (``bench.report``). ``--record`` appends them to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time

from bench.memory import MemoryRun, run_memory
from bench.processes import cpu_seconds, rss_mb
from bench.report import CrowdRun, record, report
from bench.visitors import run_visitors
from serving.server import launch, served_app


async def crowd_run(browser, visitors: int, presses: int) -> CrowdRun:
    """The concurrent visitors on a fresh server, with the CPU the server and Chromium used while
    they pressed."""
    with served_app() as (base, pid):
        t = time.monotonic()
        cpu: dict[str, tuple[float, float, float]] = {}
        crowd = await run_visitors(browser, base, visitors, presses, on_phase=lambda phase: cpu.update(
            {phase: (time.monotonic(), *cpu_seconds(pid))}))
        crowd_seconds = time.monotonic() - t
        rss_after_crowd = rss_mb(pid)
        (t0, server0, chromium0), (t1, server1, chromium1) = cpu["pressing"], cpu["pressed"]
        pressing = (t1 - t0, server1 - server0, chromium1 - chromium0)
    return CrowdRun(crowd, presses, crowd_seconds, rss_after_crowd, pressing)


async def memory_run(browser, reruns: int, warmup: int) -> MemoryRun:
    """The memory run on a fresh server, its progress on stderr."""
    with served_app() as (base, pid):
        return await run_memory(browser, base, pid, reruns, warmup=warmup,
                                progress=lambda line: print("  memory:", line, file=sys.stderr))


async def bench(visitors: int, presses: int, reruns: int, warmup: int) -> str:
    """Both runs, one after the other in one Chromium; the RESULTS.md section they make."""
    from playwright.async_api import async_playwright

    load = os.getloadavg()[0]
    async with async_playwright() as p:
        browser = await launch(p)
        try:
            crowd = await crowd_run(browser, visitors, presses)
            memory = await memory_run(browser, reruns, warmup)
            version = browser.version
        finally:
            await browser.close()
    return report(crowd, memory, version, (load, os.getloadavg()[0]))


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
        record(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
