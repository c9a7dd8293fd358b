"""Every page opens in a real browser, shows its title and no error; screenshots are kept."""

import pytest
from browsing import screenshot, wait_idle

pytestmark = pytest.mark.e2e

PAGES = {
    "": "Transposed convolution",
    "upsampling": "Upsampling without learning",
    "scatter": "Scatter-add",
    "zero-insertion": "Zero insertion",
    "transposed": "transposed",
    "checkerboard": "Checkerboard",
    "shapes": "Shapes",
    "practice": "Practice",
}


@pytest.mark.parametrize("path", list(PAGES))
def test_page_opens_without_error(server, page, path):
    page.goto(f"{server}/{path}")
    wait_idle(page)
    page.wait_for_selector("h1", timeout=30_000)
    title = page.locator("h1").first.inner_text()
    assert PAGES[path].lower() in title.lower()
    assert page.locator("[data-testid=stException]").count() == 0
    # The shared controls are in the sidebar on every page.
    assert page.locator("[data-testid=stSidebar] [data-testid=stSlider]").count() >= 8
    screenshot(page, f"page-{path or 'start'}")
