"""The hearing page in a real browser: it opens without error, nothing plays by itself, a clip plays when its
play button is pressed (time advances), and axe-core finds no serious problem on it."""

from __future__ import annotations

import pytest
from browsing import screenshot
from driving import MAIN, assert_no_exception, eventually, open_page
from test_e2e_accessibility import BLOCKING, axe_source, violations  # noqa: F401 - axe_source is a fixture

pytestmark = pytest.mark.e2e

AUDIO = f"{MAIN} audio"


def test_a_clip_plays_when_asked_and_none_by_itself(server, page):
    open_page(page, f"{server}/hear")
    assert_no_exception(page)
    assert page.locator(AUDIO).count() == 5
    states = page.locator(AUDIO).evaluate_all("els => els.map(a => [a.paused, a.autoplay, a.currentTime])")
    assert all(paused and not autoplay and now == 0 for paused, autoplay, now in states), states
    first = page.locator(AUDIO).first
    first.scroll_into_view_if_needed()
    # The play button is the first control at the left of the player's bar, drawn by the browser itself.
    box = first.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + box["height"] / 2)
    eventually(lambda: first.evaluate("a => !a.paused && a.currentTime > 0") or None, timeout=10)
    first.evaluate("a => a.pause()")
    screenshot(page, "hear-playing")


def test_no_serious_accessibility_problem_on_the_hearing_page(server, page, axe_source):  # noqa: F811
    open_page(page, f"{server}/hear?hear_sound=sweep&hear_kernel=box")
    found = [v for v in violations(page, axe_source) if v["impact"] in BLOCKING]
    assert not found, found
