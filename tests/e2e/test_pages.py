"""Every page opens in a real browser, shows its title and no error; screenshots are kept."""

import pytest
from browsing import screenshot, wait_idle
from driving import PAGES

pytestmark = pytest.mark.e2e

# Every grid and player the lesson's renderer drew (static/lab.js): its key and how many cells it has (a big
# grid painted on one canvas: how many values the canvas holds).
DRAWN = """() => Array.from(document.querySelectorAll('[data-grid]'), el => {
  const canvas = el.querySelector('canvas[data-values]');
  return [el.dataset.grid, canvas ? JSON.parse(canvas.dataset.values).length : el.querySelectorAll('.tcl-cell').length,
          el.dataset.shape];
})"""


@pytest.mark.parametrize("path,heading", [(path, heading) for _, path, heading, _ in PAGES],
                         ids=[name for *_, name in PAGES])
def test_page_opens_without_error(server, page, path, heading):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "BidiComponent" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{server}/{path}")
    wait_idle(page)
    page.wait_for_selector("h1", timeout=30_000)
    title = page.locator("h1").first.inner_text()
    assert heading.lower() in title.lower()
    assert page.locator("[data-testid=stException]").count() == 0
    # The renderer drew every grid whole, and said nothing went wrong.
    assert not problems, problems
    assert "BidiComponent Error" not in page.locator("[data-testid=stMain]").inner_text()
    for key, cells, shape in page.evaluate(DRAWN):
        h, w = (int(n) for n in shape.split("x"))
        assert cells == h * w, f"grid {key} ({shape}) drew {cells} cells"
    # The shared controls are in the sidebar on every page.
    assert page.locator("[data-testid=stSidebar] [data-testid=stSlider]").count() >= 8
    screenshot(page, f"page-{path or 'start'}")
