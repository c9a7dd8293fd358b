"""A phone's width (360 to 430 px, touch): no page scrolls sideways, at the defaults or the largest settings.

Formulas and code scroll inside their own box, markdown tables too, and the screen readers' copy of a grid
(a table never narrower than its cells) sits in a hidden box that cannot widen the page.
"""

from __future__ import annotations

import pytest
from browsing import screenshot
from driving import assert_no_exception, open_page

from ui.pages import PATHS

pytestmark = pytest.mark.e2e

LARGEST = "h=8&w=8&kh=7&kw=7&sh=4&sw=4&d=3"
# What reaches past the page's right edge without a box of its own that scrolls or clips it.
_WIDE = """() => {
  const vw = document.documentElement.clientWidth;
  const main = document.querySelector('[data-testid=stMain]');
  const held = e => {
    for (let a = e.parentElement; a && a !== main; a = a.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const wide = [...main.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > vw + 1 && !held(e));
  return {scroll: main.scrollWidth, width: main.clientWidth,
          wide: wide.slice(0, 5).map(e => e.getAttribute('data-testid') || e.tagName)};
}"""


@pytest.mark.parametrize("width", [360, 430])
@pytest.mark.parametrize("query", ["", LARGEST], ids=["defaults", "largest"])
def test_no_page_scrolls_sideways_on_a_phone(new_page, server, width, query):
    pg = new_page(viewport={"width": width, "height": 844}, has_touch=True, is_mobile=True)
    sideways = {}
    for path in PATHS:
        open_page(pg, f"{server}/{path}?{query}")
        assert_no_exception(pg)
        seen = pg.evaluate(_WIDE)
        if seen["scroll"] > seen["width"] + 1 or seen["wide"]:
            sideways[path or "start"] = seen
            screenshot(pg, f"phone-{width}-{path or 'start'}")
    assert not sideways, f"at {width} px these pages scroll sideways: {sideways}"


# Every target a finger uses on the scatter page's grids and player: its width and height in CSS px.
_TARGETS = """() => [...document.querySelectorAll(
    '.tcl-pick .tcl-cell, .tcl-player .tcl-btn, .tcl-player .tcl-scrub, .tcl-player .tcl-frame-box')]
  .filter(e => e.offsetParent !== null)
  .map(e => { const r = e.getBoundingClientRect(); return [e.className, r.width, r.height]; })"""


def test_a_finger_picks_a_cell_and_drives_the_player_at_the_largest_settings(new_page, server):
    """At 390 px the largest output is 47 cells wide: its cells keep 24 px (WCAG 2.2, 2.5.8) and the grid
    scrolls in its own frame; a tap picks a cell, and the player's controls are targets of 24 px too."""
    from driving import after_rerun, equal, eventually

    pg = new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    open_page(pg, f"{server}/scatter?{LARGEST}")
    small = [t for t in pg.evaluate(_TARGETS) if t[1] < 24 - 0.5 or t[2] < 24 - 0.5]
    assert not small, f"targets under 24x24 px: {small[:5]}"
    cell = pg.locator("[data-grid='scatter_pick_output'] .tcl-cell[data-r='3'][data-c='30']")
    cell.scroll_into_view_if_needed()
    after_rerun(pg, cell.tap)
    inputs = pg.locator(".st-key-scatter_out_row input, .st-key-scatter_out_col input")
    eventually(lambda: equal(inputs.evaluate_all("els => els.map(e => e.value)"), ["3", "30"]))
    assert pg.evaluate("document.querySelector('[data-testid=stMain]').scrollWidth") <= 390
