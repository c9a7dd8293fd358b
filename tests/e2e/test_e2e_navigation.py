"""A visitor sets a control, then walks through every page from the sidebar: each page shows its
title and no error, and the sidebar controls (and the address) keep the visitor's values."""

import pytest
from driving import (
    MAIN,
    PAGES,
    after_rerun,
    assert_no_exception,
    h1,
    main_caption,
    open_page,
    press_slider,
    query,
    slider_value,
)

pytestmark = pytest.mark.e2e


def test_sidebar_navigation_keeps_the_controls(server, page):
    open_page(page, f"{server}/")
    press_slider(page, "h", "ArrowRight", times=2)  # input height 3 -> 5
    press_slider(page, "kw", "ArrowLeft")  # kernel width 3 -> 2
    assert (slider_value(page, "h"), slider_value(page, "kw")) == (5, 2)
    assert query(page).get("h") == "5" and query(page).get("kw") == "2", page.url

    # Visit every page but the start, then come back to the start.
    for link, path, title, _name in PAGES[1:] + PAGES[:1]:
        nav = page.locator("[data-testid=stSidebarNav] a", has_text=link)
        after_rerun(page, nav.click)
        page.wait_for_function(
            "([sel, want]) => { const h = document.querySelector(sel); "
            "return h && h.innerText.toLowerCase().includes(want); }",
            arg=[f"{MAIN} h1", title.lower()], timeout=30_000)
        assert title.lower() in h1(page).lower()
        assert page.url.split("?")[0].rstrip("/") == f"{server}/{path}".rstrip("/"), page.url
        assert_no_exception(page)
        # The shared controls kept their values, on screen and in the address bar.
        assert slider_value(page, "h") == 5, f"input height changed on {link}"
        assert slider_value(page, "kw") == 2, f"kernel width changed on {link}"
        params = query(page)
        assert params.get("h") == "5" and params.get("kw") == "2", f"{link}: {page.url}"

    # Back on the start page, the configuration is the one set before the walk.
    assert main_caption(page) == "5x3 input, 3x2 kernel, stride 2, padding 0 (PyTorch)"
