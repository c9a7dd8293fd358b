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


# --- the settings bar: the sidebar's settings a page uses, at its top on a narrow screen (ui/state/bar.py) -----
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
BAR = ".st-key-settings_bar"
# The bar's targets a finger uses, with their width and height in CSS px.
_BAR_TARGETS = """() => [...document.querySelectorAll(
    '.st-key-settings_bar summary, .st-key-settings_bar button, .st-key-settings_bar input')]
  .filter(e => e.offsetParent !== null)
  .map(e => { const r = e.getBoundingClientRect();
              return [e.getAttribute('aria-label') || e.tagName, r.width, r.height]; })"""


def _open_bar(pg) -> None:
    """Wait for the bar (the renderer said the screen is narrow) and open it with a tap."""
    from driving import after_rerun

    summary = pg.locator(f"{BAR} summary")
    summary.wait_for(state="visible", timeout=30_000)
    after_rerun(pg, summary.tap)
    pg.locator(".st-key-bar_h input").wait_for(state="visible")


def test_a_setting_changed_in_the_phones_bar_changes_the_figure_and_the_sidebar_and_address_agree(new_page, server):
    """At 390 px the sidebar covers the page; the bar at the page's top holds its settings instead. A tap on the
    input height's + grows the output, the sidebar's slider and the address say the same, and a change in the
    sidebar shows in the bar."""
    from driving import after_rerun, eventually, grid, press_slider, query, slider_value

    pg = new_page(**PHONE)
    open_page(pg, f"{server}/")
    assert grid(pg, "start_output").shape == (7, 7)
    _open_bar(pg)
    small = [t for t in pg.evaluate(_BAR_TARGETS) if t[1] < 24 - 0.5 or t[2] < 24 - 0.5]
    assert not small, f"targets under 24x24 px in the bar: {small}"
    after_rerun(pg, pg.locator(".st-key-bar_h button[data-testid=stNumberInputStepUp]").tap)
    eventually(lambda: grid(pg, "start_output").shape == (9, 7))
    assert query(pg).get("h") == "4" and slider_value(pg, "h") == 4
    bar_bottom = pg.locator(BAR).bounding_box()
    output = pg.locator("[data-grid='start_output']").bounding_box()
    assert bar_bottom["y"] + bar_bottom["height"] <= output["y"]  # above the figure, never over it
    # The other way: the sidebar's slider moves the bar's box.
    pg.locator("[data-testid=stExpandSidebarButton]").tap()
    press_slider(pg, "kw", "ArrowRight")
    eventually(lambda: pg.locator(".st-key-bar_kw input").input_value() == "4")
    assert query(pg).get("kw") == "4"
    assert_no_exception(pg)


def test_the_phones_bar_opens_at_the_addresss_settings_and_says_what_it_could_not_use(new_page, server):
    from driving import eventually

    pg = new_page(**PHONE)
    open_page(pg, f"{server}/checkerboard?h=5&kh=99")
    _open_bar(pg)
    eventually(lambda: pg.locator(".st-key-bar_h input").input_value() == "5")
    assert pg.locator(".st-key-bar_kh input").input_value() == "3"
    said = pg.locator(f"{BAR} [data-testid=stAlert]").inner_text()
    assert "kernel height" in said and "99" in said
    assert pg.locator(".st-key-bar_fill").count() == 0  # the counts take no values: the page does not use the fill


def test_a_wide_screen_has_no_bar_and_a_phone_turned_wide_hides_it(new_page, server):
    """A desktop's session is never told the screen is narrow: no bar. A phone that turns to 1000 px has the
    sidebar beside the page again, and its bar goes."""
    from driving import eventually

    wide = new_page(viewport={"width": 1400, "height": 1000})
    open_page(wide, f"{server}/")
    pg = new_page(**PHONE)
    open_page(pg, f"{server}/")
    pg.locator(BAR).wait_for(state="visible", timeout=30_000)
    assert wide.locator(BAR).count() == 0 and wide.locator("[class*=st-key-bar_]").count() == 0
    pg.set_viewport_size({"width": 1000, "height": 800})
    eventually(lambda: not pg.locator(BAR).is_visible())


def test_a_phones_browser_has_the_bar_on_its_first_paint_even_on_a_page_without_figures(new_page, server):
    """A phone's user agent says 'Mobile': the session knows from its first run, before any figure is drawn (the
    designer draws none), and the bar is there at once."""
    agent = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 "
             "Mobile Safari/537.36")
    pg = new_page(**PHONE, user_agent=agent)
    open_page(pg, f"{server}/designer")
    assert pg.locator(BAR).is_visible()
    _open_bar(pg)
    keys = pg.locator(f"{BAR} [class*=st-key-bar_]").evaluate_all(
        "els => els.map(e => [...e.classList].find(c => c.startsWith('st-key-bar_')))")
    assert sorted(keys) == ["st-key-bar_h", "st-key-bar_w"]  # the designer's sizes start from the sidebar's input
