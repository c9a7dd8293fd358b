"""How many visitors one server holds: ``python -m bench.capacity [--levels 10,30,60,100,200] [--record]``.

No browser: the visitors speak Streamlit's websocket protocol (``bench.protocol``, ``bench.crowd``)
on loopback, so the machine's two cores go to the server, not to Chromium. For each class size a
fresh server (``serving.server.served_app``, default settings but for the time a departed visitor's
session is kept, ``--ttl``), warmed by one visit to every page; then the visitors arrive, each on
its page (the pages in turn) from its own address, and touch a control every ``--pace`` seconds
for ``--seconds``; every response is timed from the request to the run's ``script_finished``.
Then they leave, and once their sessions are let go the server's memory is read again.

``--per-page`` first measures the server's CPU per rerun on each page (one visitor, one page at a
time); ``--abuse`` adds the abusive-visitor measurement (30 visitors, with and without one more
pressing 20 times a second). The last line printed is the capacity: the largest class whose
responses had a p95 under 1 s and no error.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import importlib.metadata
import os
import platform
import sys
import time
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

import psutil

from bench.crowd import ClassRun, run_class
from bench.lesson import PAGES
from bench.processes import cpu_seconds
from bench.protocol import Visit
from bench.report import cpu_name, percentiles, record, wrap
from serving.server import served_app

P95_LIMIT = 1.0  # seconds: a class fits while its p95 response is under this, with no error
ABUSE_RATE, ABUSE_CLASS = 20.0, 30


async def warm(base: str) -> None:
    """One visit to every page, one after the other, so the server has imported and cached what
    every page needs before anything is measured."""
    for path in PAGES:
        visit = Visit(base, path)
        await visit.open()
        await visit.close()


def releaser(base: str, ttl: float):
    """An awaitable that returns once the sessions of visitors who left are let go: Streamlit keeps
    a closed session ``ttl`` seconds for a reconnect, then drops it at its session store's next
    write (here, one more short visit)."""

    async def release() -> None:
        await asyncio.sleep(ttl + 1)
        await warm_one(base)
        await asyncio.sleep(2)

    return release


async def warm_one(base: str) -> None:
    visit = Visit(base, "practice")
    await visit.open()
    await visit.close()


async def one_class(count: int, seconds: float, pace: float, ttl: float, abuse_rate: float = 0.0) -> ClassRun:
    """``count`` visitors on a fresh, warmed server (its departed warm-up sessions let go first)."""
    with served_app(options=["--server.disconnectedSessionTTL", str(int(ttl))]) as (base, pid):
        await warm(base)
        await releaser(base, ttl)()
        return await run_class(base, pid, count, seconds, pace, abuse_rate, release=releaser(base, ttl))


async def per_page_cpu(reruns: int = 10) -> dict[str, float]:
    """Server CPU seconds per rerun on each page: one visitor at a time moves the input height."""
    out = {}
    with served_app() as (base, pid):
        await warm(base)
        for path in PAGES:
            visit = Visit(base, path, urlencode({"seed": 11}))
            await visit.open()
            before = cpu_seconds(pid)[0]
            for n in range(reruns):
                await visit.change("h", 2 + n % 2)
            out[path] = (cpu_seconds(pid)[0] - before) / reruns
            await visit.close()
    return out


@dataclass
class Sweep:
    """The runs that make the RESULTS.md section."""

    levels: list[ClassRun]
    per_page: dict[str, float]
    abuse: tuple[ClassRun, ClassRun] | None
    load: tuple[tuple[float, ...], tuple[float, ...]]
    others: list[str]
    seconds: float

    def capacity(self) -> int:
        fits = [len(r.visitors) for r in self.levels if fits_class(r)]
        return max(fits, default=0)


def fits_class(run: ClassRun) -> bool:
    p95 = percentiles(run.times).get("p95", float("inf"))
    return p95 < P95_LIMIT and not run.errors


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e3:.0f}"


def level_row(run: ClassRun) -> str:
    s, opens = percentiles(run.times), percentiles([v.open_time for v in run.visitors])
    cores = run.server_cpu / run.seconds
    return (f"| {len(run.visitors)} | {len(run.times)} | {_ms(s.get('p50'))} | {_ms(s.get('p95'))} | "
            f"{_ms(s.get('max'))} | {_ms(opens.get('p95'))} | {len(run.errors)} | "
            f"{run.server_cpu:.0f} s ({cores:.2f}) | "
            f"{run.generator_cpu:.0f} s | {run.rss_idle:.0f} | {run.rss_with:.0f} | {run.per_session_mb:.2f} | "
            f"{run.rss_left:.0f} | {run.stats_with.get('active_sessions', 0):.0f} -> "
            f"{run.stats_left.get('active_sessions', 0):.0f} | {'yes' if fits_class(run) else 'no'} |")


LEVEL_HEADER = ["| visitors | responses | p50 (ms) | p95 (ms) | max (ms) | opening p95 (ms) | errors | "
                "server CPU (cores) | visitors' CPU | RSS idle (MB) | RSS with all (MB) | MB a session | "
                "RSS after they left (MB) | sessions, with all -> after | fits |",
                "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]


def abuse_lines(calm: ClassRun, abused: ClassRun) -> list[str]:
    a, b = percentiles(calm.times), percentiles(abused.times)
    ab = abused.abuser
    return [
        "| 30 visitors | p50 (ms) | p95 (ms) | max (ms) | errors | server CPU (cores) |",
        "|---|---:|---:|---:|---:|---:|",
        f"| alone | {_ms(a.get('p50'))} | {_ms(a.get('p95'))} | {_ms(a.get('max'))} | {len(calm.errors)} | "
        f"{calm.server_cpu / calm.seconds:.2f} |",
        f"| with one visitor pressing {ABUSE_RATE:g} times a second | {_ms(b.get('p50'))} | {_ms(b.get('p95'))} | "
        f"{_ms(b.get('max'))} | {len(abused.errors)} | {abused.server_cpu / abused.seconds:.2f} |",
        "",
        f"The abusive visitor sent {ab.presses} rerun requests; {ab.visit.finished if ab.visit else 0} of its runs "
        "finished (the others were cut short by the next request).",
    ]


def report(sweep: Sweep) -> str:
    """The RESULTS.md section."""
    (l0, *_), (l1, *_) = sweep.load
    lines = [f"## Capacity of one server (issue 15), {datetime.date.today():%Y-%m-%d}", "",
             f"`python -m bench.capacity`: {cpu_name()}, {psutil.cpu_count()} cores, Python "
             f"{platform.python_version()}, Streamlit {importlib.metadata.version('streamlit')}; protocol visitors "
             f"(no browser) on loopback; load average {l0:.1f} at the start, {l1:.1f} at the end; "
             f"{sweep.seconds / 60:.0f} minutes in all. Also running: {', '.join(sweep.others) or 'nothing heavy'}.",
             "", *LEVEL_HEADER, *(level_row(r) for r in sweep.levels), ""]
    if sweep.per_page:
        lines += ["Server CPU per rerun, one visitor at a time (ms): " + ", ".join(
            f"{p or 'start'} {s * 1e3:.0f}" for p, s in sweep.per_page.items()) + ".", ""]
    if sweep.abuse:
        lines += abuse_lines(*sweep.abuse) + [""]
    errors = [e for r in sweep.levels for e in r.errors[:5]]
    if errors:
        lines += ["Errors (the first five of each class):", *(f"- {e}" for e in errors), ""]
    return wrap("\n".join(lines)) + capacity_line(sweep) + "\n"  # the capacity on one line, the last


def capacity_line(sweep: Sweep) -> str:
    n = sweep.capacity()
    best = next((r for r in sweep.levels if len(r.visitors) == n), None)
    p95 = _ms(percentiles(best.times).get("p95")) if best else "-"
    return (f"capacity: {n} visitors on one server (p95 {p95} ms, no error; a control touched every "
            f"{sweep.levels[0].pace:g} s; levels tried: {', '.join(str(len(r.visitors)) for r in sweep.levels)})")


def heavy_processes() -> list[str]:
    """Other people's test runs, browsers and servers running now, counted by kind ('pytest x3')."""
    me, kinds = os.getpid(), Counter()
    for p in psutil.process_iter(["pid", "cmdline"]):
        cmd = " ".join(p.info["cmdline"] or [])
        kind = next((w for w in ("pytest", "chromium", "streamlit run", "bench.") if w in cmd), None)
        if p.info["pid"] != me and kind:
            kinds[kind.strip(".")] += 1
    return [f"{kind} x{n}" for kind, n in kinds.most_common()]


async def sweep(args) -> Sweep:
    began, load0, others = time.monotonic(), os.getloadavg(), heavy_processes()
    per_page = await per_page_cpu() if args.per_page else {}
    levels = []
    for count in args.levels:
        run = await one_class(count, args.seconds, args.pace, args.ttl)
        print(level_row(run), file=sys.stderr)
        levels.append(run)
    abuse = None
    if args.abuse:
        abuse = (await one_class(ABUSE_CLASS, args.seconds, args.pace, args.ttl),
                 await one_class(ABUSE_CLASS, args.seconds, args.pace, args.ttl, ABUSE_RATE))
    others = [f"at the start {', '.join(others) or 'nothing'}; at the end {', '.join(heavy_processes()) or 'nothing'}"]
    return Sweep(levels, per_page, abuse, (load0, os.getloadavg()), others, time.monotonic() - began)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=lambda s: [int(n) for n in s.split(",")], default=[10, 30, 60, 100, 200])
    parser.add_argument("--seconds", type=float, default=60.0, help="of pressing, for each class")
    parser.add_argument("--pace", type=float, default=5.0, help="seconds between a visitor's touches")
    parser.add_argument("--ttl", type=float, default=10.0,
                        help="seconds a departed visitor's session is kept (Streamlit's default is 120)")
    parser.add_argument("--per-page", action="store_true", help="first, the server's CPU per rerun on each page")
    parser.add_argument("--abuse", action="store_true", help="also 30 visitors with and without an abusive one")
    parser.add_argument("--record", action="store_true", help="append the section to bench/RESULTS.md")
    args = parser.parse_args(argv)
    text = report(asyncio.run(sweep(args)))
    print(text, end="")
    if args.record:
        record(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
