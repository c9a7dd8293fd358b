"""Robust in a classroom: twenty visitors at once each keep their own configuration, and the
server's memory levels off over hundreds of reruns.

The same code as ``python -m bench.load`` (which prints the times), with fewer presses; these
tests assert correctness only, never a time. Each test serves the app itself (the memory test
reads the server's RSS) and drives Chromium with Playwright's async API, in a thread of its own
so it cannot meet the event loop of the session's sync ``browser`` fixture.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from browsing import run_async

from bench.isolation import PAGE_OWN
from bench.lesson import PAGES
from bench.memory import SMALL, run_memory
from bench.report import visitor_summary
from bench.visitor_plan import plan_visitors
from bench.visitors import run_visitors
from serving.server import CHROMIUM, launch, served_app

pytestmark = pytest.mark.e2e

VISITORS, PRESSES = 20, 3
RERUNS, WARMUP = 300, 1  # reruns measured (37-38 a page), presses of warm-up per page before them
SLACK_MB = 30.0  # RSS noise allowed on top of a tenth of the first half's growth


@pytest.fixture(scope="module")
def chromium():
    """Playwright's async API and Chromium, or a skip (a failure in CI, as for the other browser tests)."""
    missing = []
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        missing.append("Playwright for Python")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing.append(f"Chromium at {CHROMIUM}")
    if missing:
        message = f"{' and '.join(missing)} is needed for the browser tests."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " CI runs every test: install it (scripts/test.sh does).")
        pytest.skip(message)


def drive(scenario):
    """Run ``scenario(browser)`` (a coroutine function) with a fresh Chromium, in its own thread."""

    async def main():
        from playwright.async_api import async_playwright

        async with async_playwright() as p:
            browser = await launch(p)
            try:
                return await scenario(browser)
            finally:
                await browser.close()

    return run_async(main())


def test_twenty_visitors_at_once_each_keep_their_own_configuration(chromium, tmp_path):
    plan = plan_visitors(VISITORS, PRESSES)
    assert {v.path for v in plan} == set(PAGES), "the visitors should cover every page"
    assert len({tuple(sorted(v.start.items())) for v in plan}) == VISITORS, "each visitor needs its own start"
    assert len({tuple(sorted(v.expected.items())) for v in plan}) == VISITORS, "and its own end"

    async def classroom(browser):
        with served_app(tmp_path) as (base, _pid):
            # plotly draws for the start page's visitors, whose grids are checked (whether HTML or
            # plotly); elsewhere it is stubbed: the server's work is unchanged, and twenty
            # renderers drawing plotly on two cores would take minutes.
            return await run_visitors(browser, base, VISITORS, PRESSES, plotly_on={""})

    visitors = drive(classroom)
    summary = visitor_summary(visitors)
    report = "\n".join(summary["errors"])
    # Each visitor's errors hold every lost rerun, exception, connection error, page error, and
    # any difference between what it shows (address, sidebar, seed, caption, start page's
    # figures) and what its own presses made; a configuration of another visitor is named.
    assert not summary["errors"], f"{len(summary['errors'])} problems with {VISITORS} visitors at once:\n{report}"
    assert summary["completed"] == summary["planned"] == VISITORS * PRESSES, summary
    for v in visitors:
        own = {k: q for k, q in v.seen["query"].items() if k not in PAGE_OWN}  # the practice page's question
        assert v.seen and own == v.expected_query, (v.name, v.seen, v.expected)
        if v.path == "practice":
            assert v.seen["query"]["practice_seed"].isdigit(), v.seen["query"]
        assert {k: v.seen[k] for k in v.expected} == v.expected, (v.name, v.seen, v.expected)


def test_server_memory_levels_off_over_hundreds_of_reruns(chromium, tmp_path):
    """Eight sessions, one a page, each press a rerun: the first half walks through new small
    configurations (the pages' caches take them), the second half walks the same path back (the
    caches take nothing new). What the server still gains in the second half is a leak."""

    async def churn(browser):
        with served_app(tmp_path) as (base, pid):
            return await run_memory(browser, base, pid, reruns=RERUNS, warmup=WARMUP, ranges=SMALL, revisit=True)

    run = drive(churn)
    series = ", ".join(f"{n}: {mb:.1f} MB" for n, mb in run.series)
    warm = ", ".join(f"{n}: {mb:.1f} MB" for n, mb in run.warmup_series)
    assert not run.errors, "\n".join(run.errors)
    assert run.reruns == RERUNS, f"only {run.reruns} of {RERUNS} reruns finished"
    first, second = run.halves
    allowed = 0.1 * max(first, 0.0) + SLACK_MB
    print(f"\nserver RSS, warm-up ({run.warmup} reruns): {warm}\nthen every 50 reruns: {series}\n"
          f"growth: first half {first:+.1f} MB, second half {second:+.1f} MB (allowed {allowed:.1f} MB)")
    assert second < allowed, (
        f"the server's memory keeps growing: {second:+.1f} MB over the last {run.reruns - run.half} reruns "
        f"(first half {first:+.1f} MB; allowed {allowed:.1f} MB). RSS after n reruns: {series}")
