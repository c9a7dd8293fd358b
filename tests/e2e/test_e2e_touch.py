"""A finger on a phone (390 px, touch): what a mouse learns by hovering, a tap shows; a swipe that starts on a
chart scrolls the page, as it does anywhere else."""

from __future__ import annotations

import pytest
from driving import assert_no_exception, open_page

pytestmark = pytest.mark.e2e

MAIN = "[data-testid=stMain]"


def phone(new_page):
    return new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)


def test_a_tap_on_a_cell_says_its_value_under_the_grid(new_page, server):
    """The largest output on the start page is too small a grid for its numbers at 390 px (47x47 cells):
    a tap on a cell says where it is and its value, the words a mouse gets on hover."""
    pg = phone(new_page)
    open_page(pg, f"{server}/?h=8&w=8&kh=7&kw=7&sh=4&sw=4&d=3")
    assert_no_exception(pg)
    grid = pg.locator("[data-grid=start_output]")
    cell = grid.locator(".tcl-cell").nth(47 * 20 + 30)
    assert cell.inner_text() == "", "the output's cells were expected too small for their numbers here"
    readout = grid.locator(".tcl-readout")
    assert readout.is_hidden()
    cell.scroll_into_view_if_needed()
    cell.tap()
    readout.wait_for(state="visible")
    said, tip, value = readout.inner_text(), cell.get_attribute("title"), cell.get_attribute("data-v")
    assert said == tip and said.startswith("row 20, column 30: "), said
    assert float(said.rsplit(": ", 1)[1].replace(",", "")) == pytest.approx(float(value))
    # Another cell: the line follows the finger.
    other = grid.locator(".tcl-cell").nth(47 * 3 + 4)
    other.tap()
    assert readout.inner_text() == other.get_attribute("title") and readout.inner_text().startswith("row 3, column 4: ")


_SCROLLED = f"() => document.querySelector('{MAIN}').scrollTop + window.scrollY"


def swipe_up(pg, locator, distance: int = 250) -> float:
    """Drag a finger up from the middle of ``locator``; how far the page scrolled."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 200)
    before = pg.evaluate(_SCROLLED)
    cdp = pg.context.new_cdp_session(pg)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        point = {"x": x, "y": y - distance * step / 10}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    pg.wait_for_timeout(600)
    return pg.evaluate(_SCROLLED) - before


@pytest.mark.parametrize("path", ["checkerboard", "learning", "hear"])
def test_a_swipe_over_a_chart_scrolls_the_page(new_page, server, path):
    pg = phone(new_page)
    open_page(pg, f"{server}/{path}")
    assert_no_exception(pg)
    chart = pg.locator(f"{MAIN} .js-plotly-plot").first
    chart.wait_for(state="visible")
    assert swipe_up(pg, chart) > 100, f"a swipe over the {path} page's first chart did not scroll the page"
