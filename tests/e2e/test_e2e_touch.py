"""A finger on a phone (390 px, touch): what a mouse learns by hovering, a tap shows; a swipe that starts on a
chart scrolls the page, as it does anywhere else."""

from __future__ import annotations

import json

import pytest
from driving import assert_no_exception, open_page

pytestmark = pytest.mark.e2e

MAIN = "[data-testid=stMain]"


def phone(new_page):
    return new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)


def test_a_tap_on_a_cell_says_its_value_under_the_grid(new_page, server):
    """The largest output on the start page is painted on one canvas at 390 px (47x47 cells, too small for their
    numbers): a tap on a cell says where it is and its value, the words a mouse gets on hover."""
    pg = phone(new_page)
    open_page(pg, f"{server}/?h=8&w=8&kh=7&kw=7&sh=4&sw=4&d=3")
    assert_no_exception(pg)
    grid = pg.locator("[data-grid=start_output]")
    canvas = grid.locator("canvas")
    values = json.loads(canvas.get_attribute("data-values"))
    readout = grid.locator(".tcl-readout")
    assert readout.is_hidden()
    canvas.scroll_into_view_if_needed()
    for row, col in ((20, 30), (3, 4)):  # the line follows the finger
        box = canvas.bounding_box()
        pg.touchscreen.tap(box["x"] + (col + 0.5) / 47 * box["width"], box["y"] + (row + 0.5) / 47 * box["height"])
        readout.wait_for(state="visible")
        said = readout.inner_text()
        assert said.startswith(f"row {row}, column {col}: "), said
        assert float(said.rsplit(": ", 1)[1].replace(",", "")) == pytest.approx(values[row * 47 + col])


def test_a_tap_on_a_cell_of_a_small_grid_says_its_words_too(new_page, server):
    pg = phone(new_page)
    open_page(pg, f"{server}/")
    assert_no_exception(pg)
    grid = pg.locator("[data-grid=start_output]")
    cell = grid.locator(".tcl-cell").nth(7)
    cell.scroll_into_view_if_needed()
    cell.tap()
    readout = grid.locator(".tcl-readout")
    readout.wait_for(state="visible")
    assert readout.inner_text() == cell.get_attribute("title")
    assert float(readout.inner_text().rsplit(": ", 1)[1]) == pytest.approx(float(cell.get_attribute("data-v")))


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
