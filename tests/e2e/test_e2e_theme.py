"""The theme follows the visitor: the main menu's Light/Dark switch, or the system's dark scheme.
In dark, the app's background is dark, every figure is drawn on a dark paper with light text,
every HTML grid's title reads in light text, and no page shows an error. Screenshots of every
page in dark are kept (dark-<page>.png)."""

import numpy as np
import pytest
from browsing import screenshot
from driving import (
    MAIN,
    PAGES,
    after_rerun,
    assert_no_exception,
    eventually,
    grid,
    h1,
    luminance,
    open_page,
)

import core

pytestmark = pytest.mark.e2e

APP_BACKGROUND = "() => getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
FIGURES = """() => Array.from(document.querySelectorAll('.js-plotly-plot'), el => el._fullLayout
  ? {paper: el._fullLayout.paper_bgcolor, font: el._fullLayout.font.color,
     drawn: !!el.querySelector('.main-svg')}
  : null)"""
# An HTML grid's title and index labels take the theme's text colour.
HTML_GRIDS = """() => Array.from(document.querySelectorAll('[data-grid]'), el =>
  getComputedStyle(el.firstElementChild).color)"""


def app_luminance(pg) -> float:
    return luminance(pg.evaluate(APP_BACKGROUND))


def assert_figures_dark(pg, at_least: int = 1, exactly: int | None = None) -> None:
    """Every plotly figure is drawn on a dark paper with light text, and every HTML grid's
    title is light text; there are ``exactly`` figures and grids, or ``at_least``."""
    figures = pg.evaluate(FIGURES)
    assert None not in figures, f"some figures were not drawn: {figures}"
    for f in figures:
        assert f["drawn"], f
        assert luminance(f["paper"]) < 0.1 and luminance(f["font"]) > 0.4, f"a light figure in dark: {f}"
    titles = pg.evaluate(HTML_GRIDS)
    for color in titles:
        assert luminance(color) > 0.4, f"an HTML grid's title is dark text in dark: {color}"
    count = len(figures) + len(titles)
    if exactly is not None:
        assert count == exactly, f"{count} figures and grids, expected {exactly}"
    assert count >= at_least, f"{count} figures and grids, expected at least {at_least}"


def choose_theme(pg, name: str) -> None:
    """The main menu (⋮) -> theme; then close the menu, as a visitor would before going on."""
    pg.locator("[data-testid=stMainMenu]").click()
    pg.locator(f"[data-testid=stMainMenuItem-theme-{name}]").click()
    popover = pg.locator("[data-testid=stMainMenuPopover]")
    if popover.is_visible():
        pg.keyboard.press("Escape")
    popover.wait_for(state="hidden")


def test_main_menu_switches_between_light_and_dark(server, page):
    open_page(page, f"{server}/")
    assert app_luminance(page) > 0.8, "the default (system: light) theme should be light"
    out = grid(page, "start_output")

    choose_theme(page, "Dark")
    eventually(lambda: _below(app_luminance(page), 0.1))
    eventually(lambda: assert_figures_dark(page, exactly=3))
    # Same lesson, same numbers, only the colours changed.
    np.testing.assert_array_equal(grid(page, "start_output"), out)
    np.testing.assert_allclose(out, core.conv_transpose2d(grid(page, "start_input"),
                                                          grid(page, "start_kernel"), stride=2))
    assert_no_exception(page)

    # The choice stays while the visitor moves on to another page.
    nav = page.locator("[data-testid=stSidebarNav] a", has_text="3. Scatter-add")
    after_rerun(page, nav.click)
    page.wait_for_function("sel => document.querySelector(sel)?.innerText.includes('Scatter-add')",
                           arg=f"{MAIN} h1")
    assert app_luminance(page) < 0.1
    eventually(lambda: assert_figures_dark(page, at_least=3))
    assert_no_exception(page)

    choose_theme(page, "Light")
    eventually(lambda: _above(app_luminance(page), 0.8))
    assert_no_exception(page)


def test_every_page_in_the_systems_dark_scheme(server, new_page):
    pg = new_page(color_scheme="dark")
    for _link, path, title, name in PAGES:
        open_page(pg, f"{server}/{path}")
        assert title.lower() in h1(pg).lower()
        assert app_luminance(pg) < 0.1, f"/{path}: background {pg.evaluate(APP_BACKGROUND)} in dark"
        if path in ("practice", "designer"):  # a random question may come without a figure; tables and code
            eventually(lambda: assert_figures_dark(pg, at_least=0))
        else:
            eventually(lambda: assert_figures_dark(pg))
        assert_no_exception(pg)
        screenshot(pg, f"dark-{name}")


def _below(value, bound):
    assert value < bound, f"{value} is not below {bound}"


def _above(value, bound):
    assert value > bound, f"{value} is not above {bound}"
