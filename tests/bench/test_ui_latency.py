"""The phone profile of ``bench.ui_latency`` reaches the browser: the page sees a 390 px touch screen and
a CPU four times slower, and the desktop's stays as it was."""

from __future__ import annotations

import concurrent.futures

import pytest

from bench.ui_latency import (
    BASE,
    DESKTOP,
    METRICS,
    PHONE,
    Presses,
    context_options,
    describe,
    emulate,
    in_turn,
    label,
    merged,
)

# A fixed piece of work, timed by the page itself: a slowed CPU takes longer over it.
BUSY = """() => { const t = performance.now(); let x = 0; for (let i = 0; i < 3e6; i++) x += Math.sqrt(i);
                  return performance.now() - t; }"""


def test_the_desktop_is_a_plain_wide_screen():
    assert context_options(DESKTOP) == {"viewport": {"width": 1400, "height": 1000}}
    assert DESKTOP.cpu_slowdown == 1 and DESKTOP.network is None
    assert describe(DESKTOP) == "desktop (1400x1000)"


def test_the_phone_is_a_slow_touch_screen_on_a_slow_network():
    assert context_options(PHONE) == {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    assert describe(PHONE) == ("phone (390x844 touch, CPU 4x slower; first loads on a 10 Mbit/s, 40 ms network)")


def _seen() -> dict:
    """Per profile: the page's width and touch points, and the shortest of three runs of ``BUSY`` (ms)."""
    from playwright.sync_api import sync_playwright

    from serving.server import CHROMIUM, CHROMIUM_ARGS

    seen = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for profile in (DESKTOP, PHONE):
                pg = browser.new_context(**context_options(profile)).new_page()
                pg.set_content("<meta name=viewport content='width=device-width'><p>phone</p>")
                emulate(pg, profile, network=True)
                pg.evaluate(BUSY)  # warm the JIT
                busy = min(pg.evaluate(BUSY) for _ in range(3))
                seen[profile.name] = (pg.evaluate("[innerWidth, navigator.maxTouchPoints]"), busy)
        finally:
            browser.close()
    return seen


@pytest.mark.e2e
def test_a_page_sees_the_phone():
    # In a thread of its own: Playwright's sync API refuses a thread where the browser tests' asyncio loop runs.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        seen = pool.submit(_seen).result()
    assert seen["desktop"][0] == [1400, 0]
    assert seen["phone"][0] == [390, 1]
    assert seen["phone"][1] > 2 * seen["desktop"][1], seen  # 4x slower, with room for a busy machine


def test_rows_name_the_bare_app_the_pages_and_the_other_checkouts_pages():
    assert [label(n) for n in ("bare", "", "shapes", BASE, BASE + "shapes")] == [
        "bare one-slider app", "start", "shapes", "base: start", "base: shapes"]


def test_an_ab_measures_each_checkout_first_and_second_in_turn():
    assert in_turn([""]) == [""]
    assert in_turn(["", BASE]) == ["", BASE, BASE, ""]


def test_passes_merge_into_one_page_of_presses():
    first = Presses(total=[1.0, 2.0], server=[0.5, 0.5], sent=[10, 20], touched=[(1, 2)], cpu=0.02)
    first.browser = {m: [1.0] for m in METRICS}
    second = Presses(total=[3.0], server=[0.4], sent=[30], touched=[(3, 4)], cpu=0.04)
    second.browser = {m: [2.0] for m in METRICS}
    both = merged([first, second])
    assert both.total == [1.0, 2.0, 3.0] and both.server == [0.5, 0.5, 0.4] and both.sent == [10, 20, 30]
    assert both.touched == [(1, 2), (3, 4)] and both.browser == {m: [1.0, 2.0] for m in METRICS}
    assert both.cpu == pytest.approx(0.03)
    assert first.total == [1.0, 2.0]  # the parts are left as they were
