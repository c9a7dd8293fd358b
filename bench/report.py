"""The load runs' figures as a RESULTS.md section: summarised, written as markdown, recorded.

``visitor_summary`` sums up the concurrent visitors (presses, errors, percentiles of the press
times); ``report`` writes the section for a visitors run (a ``CrowdRun``) and a memory run, with
the machine they ran on; ``record`` appends it to bench/RESULTS.md.
"""

from __future__ import annotations

import contextlib
import datetime
import importlib.metadata
import math
import platform
import statistics
import textwrap
from dataclasses import dataclass
from pathlib import Path

import psutil

from bench.lesson import PAGES
from bench.memory import MemoryRun
from bench.visitor_plan import Visitor
from serving.server import ROOT

RESULTS = ROOT / "bench" / "RESULTS.md"


def percentiles(times: list[float]) -> dict:
    """The median, the 95th percentile (nearest rank) and the largest of ``times``, NaNs left out."""
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
                **percentiles(times), server=percentiles([t for v in visitors for t in v.server_times]))


@dataclass
class CrowdRun:
    """A concurrent-visitors run as the report tells it."""

    visitors: list[Visitor]
    presses: int  # planned for each visitor
    seconds: float  # wall time, opening and pressing
    rss_after: float  # the server's RSS (MB) afterwards
    pressing: tuple[float, float, float]  # while pressing: wall, server CPU and Chromium CPU seconds


def cpu_name() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e3:.0f} ms"


def _setting(chromium: str, load: tuple[float, float]) -> list[str]:
    """The heading and the machine: CPU, Python, Chromium ``chromium``, Streamlit, load averages."""
    return [
        f"## Load and memory (issue: robust in a classroom), {datetime.date.today():%Y-%m-%d}",
        "",
        f"`python -m bench.load`: {cpu_name()}, {psutil.cpu_count()} cores, Python {platform.python_version()}, "
        f"Chromium {chromium} headless, Streamlit {importlib.metadata.version('streamlit')}; the browsers and "
        f"the server share the 2 cores, and other people's jobs ran too (load average {load[0]:.1f} at the "
        f"start, {load[1]:.1f} at the end).",
    ]


def _by_page(visitors: list[Visitor]) -> str:
    """The median press time (ms) of each page's visitors."""
    by_page = []
    for path in PAGES:
        times = [t for v in visitors if v.path == path for t in v.times if not math.isnan(t)]
        if times:
            by_page.append(f"{path or 'start'} {statistics.median(times) * 1e3:.0f}")
    return ", ".join(by_page)


def _crowd(crowd: CrowdRun, s: dict) -> list[str]:
    """The visitors' paragraph, table and medians by page; ``s`` is their ``visitor_summary``."""
    visitors, pressing = crowd.visitors, crowd.pressing
    isolated = sum(1 for v in visitors if not v.errors)
    return [
        f"**{len(visitors)} concurrent visitors**: {len(visitors)} browser contexts in one Chromium, at once, "
        "each on a different page (the 8 pages in turn), each opened from an address with its own sizes, "
        f"strides and seed; once all had loaded, each pressed arrow keys on sidebar sliders {crowd.presses} "
        "times, all at the same time. Timed: each key press to the rerun it started finished (the server's "
        "\"script finished\" message, or the app's script state going through 'running') and painted (two "
        "frames), charts drawn by plotly. Isolation: afterwards each visitor's address query, its sidebar "
        "sliders and seed, its page's configuration caption, and on the start page the input, kernel and "
        "output its grids draw must equal what its own presses made (a configuration of another visitor "
        "would be named); any exception box, error dialog or 'Connecting' status seen at any moment, and any "
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
        f"| visitors showing exactly their own configuration | {isolated} / {len(visitors)} |",
        f"| wall time, opening and pressing | {crowd.seconds:.0f} s |",
        f"| server RSS after the visitors | {crowd.rss_after:.0f} MB |",
        f"| while pressing: wall / server CPU / Chromium CPU | {pressing[0]:.0f} s / {pressing[1]:.0f} s / "
        f"{pressing[2]:.0f} s |",
        "",
        f"Median by page (ms): {_by_page(visitors)}.",
    ]


def _memory(memory: MemoryRun) -> list[str]:
    """The memory run's paragraph, table, warm-up series and growth."""
    first, second = memory.halves
    warm = ", ".join(f"{n}: {mb:.1f}" for n, mb in memory.warmup_series)
    distinct = 1 + memory.warmup // len(PAGES) + memory.reruns // len(PAGES)
    return [
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


def report(crowd: CrowdRun, memory: MemoryRun, chromium: str, load: tuple[float, float]) -> str:
    """The RESULTS.md section for both runs, on Chromium ``chromium``, with the load averages
    ``load`` at the start and at the end."""
    s = visitor_summary(crowd.visitors)
    lines = [*_setting(chromium, load), "", *_crowd(crowd, s), "", *_memory(memory)]
    problems = s["errors"] + memory.errors
    if problems:
        lines += ["", "Errors:", *(f"- {e}" for e in problems[:20])]
    return wrap("\n".join(lines) + "\n")


def wrap(markdown: str, width: int = 100) -> str:
    """Paragraphs filled to ``width`` like the rest of RESULTS.md; headings and tables as they are."""
    return "\n".join(line if line.startswith(("#", "|")) else textwrap.fill(line, width, subsequent_indent=(
        "  " if line.startswith("- ") else "")) for line in markdown.split("\n"))


def record(text: str) -> None:
    """Append the section ``text`` to bench/RESULTS.md."""
    with open(RESULTS, "a") as results:
        results.write("\n" + text)
