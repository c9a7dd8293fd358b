"""How many visitors the lesson holds: ``python -m bench.capacity [--replicas N] [--levels 10,30,60,100,200]``.

Locust, run headless as a library, drives the visitors (``bench.locustfile``: each speaks Streamlit's
websocket protocol, no browser, and checks every answer). One server (``serving.server.served_app``),
or with ``--replicas N`` N replicas behind HAProxy (``deploy.replicas.replica_set``), each warmed by one
visit to every page; then the levels in turn on the same servers, as a stepped load: the visitors a
level adds arrive over one pace, every visitor touches a control every ``--pace`` seconds (each at its own
moment in the pace: ``LessonVisitor.wait_time``); once every visitor has its page open and has touched once,
Locust's statistics start again and run for ``--seconds``. A touch is timed from the request to its run's
``script_finished``.

Printed: one row a level (replicas, cores, load average, touches, p50/p95/max, failures, the servers'
CPU in cores, the visitors' own CPU, the servers' memory), then the capacity on the last line: the
largest level whose touches had a p95 under 1 s with no failure. ``--per-page`` first measures the
server's CPU per rerun on each page (one visitor at a time); ``--json PATH`` writes the levels and every
visitor's tally (the short form in CI reads it); ``--record`` appends the section to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import gevent
import psutil
from locust.env import Environment
from locust.stats import RequestStats, StatsEntry

from bench.lesson import PAGES
from bench.locustfile import TIMEOUT_S, LessonVisitor
from bench.processes import cpu_seconds, rss_mb
from bench.protocol import BlockingVisit
from deploy.replicas import replica_set
from serving.server import served_app

P95_LIMIT = 1.0  # seconds: a class fits while its p95 touch is under this, with no failure


@dataclass
class Target:
    """Where the visitors go (``base``), and the Streamlit processes behind it (direct address, pid)."""

    base: str
    servers: list[tuple[str, int]]
    proxy_pid: int | None = None

    @property
    def replicas(self) -> int:
        return len(self.servers) if self.proxy_pid else 0

    def describe(self) -> str:
        return f"{self.replicas} replicas behind HAProxy" if self.proxy_pid else "one process"


@contextlib.contextmanager
def target(replicas: int, log_dir: Path | None = None) -> Iterator[Target]:
    """One server (``replicas`` 0), or ``replicas`` replicas behind HAProxy, on loopback."""
    if replicas:
        with replica_set(replicas, check_ms=2000, log_dir=log_dir) as rs:
            yield Target(rs.base, [(f"http://127.0.0.1:{r.port}", r.proc.pid) for r in rs.replicas], rs.proxy.pid)
    else:
        with served_app(log_dir) as (base, pid):
            yield Target(base, [(base, pid)])


def warm(target: Target) -> None:
    """One visit to every page on every server, so each has imported and cached what every page
    needs before anything is measured."""
    for base, _ in target.servers:
        for path in PAGES:
            visit = BlockingVisit(base, path)
            visit.open()
            visit.close()


def per_page_cpu(base: str, pid: int, reruns: int = 10) -> dict[str, float]:
    """Server CPU seconds per rerun on each page: one visitor at a time moves the input height."""
    out = {}
    for path in PAGES:
        visit = BlockingVisit(base, path, urlencode({"seed": 11}))
        visit.open()
        before = cpu_seconds(pid)[0]
        for n in range(reruns):
            visit.change("h", 2 + n % 2)
        out[path] = (cpu_seconds(pid)[0] - before) / reruns
        visit.close()
    return out


class Meter:
    """CPU seconds of the servers, the proxy and this process (the visitors), and the servers' memory."""

    def __init__(self, target: Target) -> None:
        self.target, self.me = target, psutil.Process()

    def cpu(self) -> tuple[float, float, float]:
        mine = self.me.cpu_times()
        proxy = cpu_seconds(self.target.proxy_pid)[0] if self.target.proxy_pid else 0.0
        return sum(cpu_seconds(pid)[0] for _, pid in self.target.servers), proxy, mine.user + mine.system

    def rss(self) -> float:
        return sum(rss_mb(pid) for _, pid in self.target.servers)


@dataclass
class Level:
    """One level of the stepped load: what Locust counted, and what the machine did meanwhile."""

    visitors: int
    running: int  # visitors still touching at its end (a failure stops one)
    touches: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    opening_p95_ms: float
    failures: list[str]
    seconds: float
    cpu: tuple[float, float, float]  # seconds: servers, proxy, visitors
    rss_mb: float
    load: tuple[float, float]  # 1-minute load average at its start and its end
    spread: dict[str, int] = field(default_factory=dict)  # visitors by the replica that answered them

    @property
    def fits(self) -> bool:
        return self.touches > 0 and self.p95_ms < P95_LIMIT * 1e3 and not self.failures

    def row(self, target: Target) -> str:
        servers, proxy, mine = (c / self.seconds for c in self.cpu)
        proxied = f" + proxy {proxy:.2f}" if target.proxy_pid else ""
        return (f"| {target.replicas or 1}{' (proxied)' if target.proxy_pid else ''} | {psutil.cpu_count()} | "
                f"{self.load[0]:.1f} -> {self.load[1]:.1f} | {self.visitors} | {self.touches} | {self.p50_ms:.0f} | "
                f"{self.p95_ms:.0f} | {self.max_ms:.0f} | {self.opening_p95_ms:.0f} | {len(self.failures)} | "
                f"{servers:.2f}{proxied} | {mine:.2f} | {self.rss_mb:.0f} | {'yes' if self.fits else 'no'} |")


HEADER = ["| replicas | cores | load average | visitors | touches | p50 (ms) | p95 (ms) | max (ms) | "
          "opening p95 (ms) | failures | servers' CPU (cores) | visitors' CPU (cores) | servers' RSS (MB) | fits |",
          "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|"]


def combined(stats: RequestStats, kind: str) -> StatsEntry:
    """Every page's entries of one request type (``touch``, ``open``) as one."""
    out = StatsEntry(stats, kind, "")
    for entry in stats.entries.values():
        if entry.method == kind:
            out.extend(entry)
    return out


def percentile_ms(entry: StatsEntry, q: float) -> float:
    return float(entry.get_response_time_percentile(q)) if entry.num_requests else float("nan")


class SteppedLoad:
    """Locust's environment and runner over one target, stepping through the levels."""

    def __init__(self, target: Target, pace: float) -> None:
        LessonVisitor.restart(pace)
        self.target, self.pace, self.meter = target, pace, Meter(target)
        self.env = Environment(user_classes=[LessonVisitor], host=target.base)
        self.runner = self.env.create_local_runner()
        self.failures: list[str] = []
        self.env.events.request.add_listener(self._note)

    def _note(self, request_type, name, exception=None, **_) -> None:
        if exception is not None:
            self.failures.append(f"{request_type} {name}: {type(exception).__name__}: {exception}"[:500])

    def level(self, visitors: int, seconds: float) -> Level:
        """Bring the visitors to ``visitors`` (the new ones over one pace), wait until each has touched
        once, then measure ``seconds``."""
        failed_before = len(self.failures)
        arriving = max(1, visitors - self.runner.user_count)
        self.runner.start(visitors, spawn_rate=max(1.0, arriving / self.pace))
        self.runner.spawning_greenlet.join()
        self.wait_opened(visitors)
        gevent.sleep(self.pace + 1)
        opening = combined(self.env.stats, "open")
        self.env.stats.reset_all()
        cpu0, load0, t0 = self.meter.cpu(), os.getloadavg()[0], time.monotonic()
        gevent.sleep(seconds)
        cpu1, wall = self.meter.cpu(), time.monotonic() - t0
        touches = combined(self.env.stats, "touch")
        spread = Counter(t.replica or "-" for t in LessonVisitor.tallies)
        return Level(visitors, self.runner.user_count, touches.num_requests, percentile_ms(touches, 0.5),
                     percentile_ms(touches, 0.95), float(touches.max_response_time or "nan"),
                     percentile_ms(opening, 0.95), self.failures[failed_before:], wall,
                     tuple(b - a for a, b in zip(cpu0, cpu1)), self.meter.rss(), (load0, os.getloadavg()[0]),
                     dict(spread))

    def wait_opened(self, visitors: int) -> None:
        """Until every visitor has its page open (or failed to), at most one lost run's time."""
        deadline = time.monotonic() + TIMEOUT_S + self.pace
        while time.monotonic() < deadline and not (
                len(LessonVisitor.tallies) >= visitors and all(t.opened for t in LessonVisitor.tallies)):
            gevent.sleep(0.2)

    def quit(self) -> None:
        self.runner.quit()


@dataclass
class Sweep:
    target: Target
    levels: list[Level]
    pace: float
    per_page: dict[str, float]

    def capacity(self) -> int:
        return max((lv.visitors for lv in self.levels if lv.fits), default=0)

    def capacity_line(self) -> str:
        n = self.capacity()
        best = next((lv for lv in self.levels if lv.visitors == n), None)
        fit = (f"p95 {best.p95_ms:.0f} ms, no failure" if best
               else f"no level had a p95 under {P95_LIMIT:g} s and no failure")
        load = f"{self.levels[0].load[0]:.1f} -> {self.levels[-1].load[1]:.1f}"
        tried = ", ".join(str(lv.visitors) for lv in self.levels)
        return (f"capacity: {n} visitors on {self.target.describe()} ({fit}; a touch every "
                f"{self.pace:g} s, every answer checked; levels tried: {tried}; "
                f"{psutil.cpu_count()} cores, load average {load})")

    def report(self, command: str) -> str:
        from bench.report import cpu_name, wrap

        lines = [f"## Capacity on Locust, {self.target.describe()}, {datetime.date.today():%Y-%m-%d}", "",
                 f"`{command}`: {cpu_name()}, {psutil.cpu_count()} cores; Locust {_version('locust')}, Streamlit "
                 f"{_version('streamlit')}; also running: {', '.join(heavy_processes()) or 'nothing heavy'}.", "",
                 *HEADER, *(lv.row(self.target) for lv in self.levels), ""]
        if self.per_page:
            lines += ["Server CPU per rerun, one visitor at a time (ms): " + ", ".join(
                f"{p or 'start'} {s * 1e3:.0f}" for p, s in self.per_page.items()) + ".", ""]
        failures = [f for lv in self.levels for f in lv.failures[:5]]
        if failures:
            lines += ["Failures (the first five of each level):", *(f"- {f}" for f in failures), ""]
        return wrap("\n".join(lines)) + "\n" + self.capacity_line() + "\n"


def _version(name: str) -> str:
    import importlib.metadata

    return importlib.metadata.version(name)


def heavy_processes() -> list[str]:
    """Other people's test runs, browsers and servers running now, counted by kind ('pytest x3')."""
    me, kinds = os.getpid(), Counter()
    for p in psutil.process_iter(["pid", "cmdline"]):
        cmd = " ".join(p.info["cmdline"] or [])
        kind = next((w for w in ("pytest", "chromium", "streamlit run", "bench.") if w in cmd), None)
        if p.info["pid"] != me and kind:
            kinds[kind.strip(".")] += 1
    return [f"{kind} x{n}" for kind, n in kinds.most_common()]


def sweep(args) -> Sweep:
    with target(args.replicas) as where:
        warm(where)
        per_page = per_page_cpu(*where.servers[0]) if args.per_page else {}
        load = SteppedLoad(where, args.pace)
        levels = []
        try:
            for visitors in args.levels:
                levels.append(load.level(visitors, args.seconds))
                print(levels[-1].row(where), file=sys.stderr, flush=True)
        finally:
            load.quit()
        return Sweep(where, levels, args.pace, per_page)


def write_json(path: Path, result: Sweep) -> None:
    """The levels and every visitor's tally, for the short form in CI."""
    data = {"replicas": result.target.replicas, "capacity": result.capacity(),
            "levels": [{**asdict(lv), "fits": lv.fits} for lv in result.levels],
            "visitors": [{**asdict(t), "pages": sorted(t.pages)} for t in LessonVisitor.tallies]}
    path.write_text(json.dumps(data, indent=1))


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=lambda s: [int(n) for n in s.split(",")], default=[10, 30, 60, 100, 200])
    parser.add_argument("--replicas", type=int, default=0,
                        help="replicas behind HAProxy (deploy.replicas); 0, the default: one process, no proxy")
    parser.add_argument("--seconds", type=float, default=60.0, help="measured at each level")
    parser.add_argument("--pace", type=float, default=5.0, help="seconds between a visitor's touches")
    parser.add_argument("--per-page", action="store_true", help="first, the server's CPU per rerun on each page")
    parser.add_argument("--json", type=Path, help="write the levels and every visitor's tally there")
    parser.add_argument("--record", action="store_true", help="append the section to bench/RESULTS.md")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    result = sweep(args)
    text = result.report("python -m bench.capacity " + " ".join(sys.argv[1:] if argv is None else argv))
    print(text, end="")
    if args.json:
        write_json(args.json, result)
    if args.record:
        from bench.report import record

        record(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
