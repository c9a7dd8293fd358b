"""The training page in a real browser: Train updates the figures live, Stop stops, and a fresh server
serves a deep link through app.py (its sidebar), not the page alone."""

from __future__ import annotations

import re
import time

import pytest
from driving import (
    SIDEBAR,
    after_rerun,
    assert_no_exception,
    eventually,
    open_page,
    press_slider,
    query,
    slider_value,
)

from serving.server import free_port, serve, stop

pytestmark = pytest.mark.e2e
PROGRESS = re.compile(r"Step (\d+) of (\d+)")


def progress(pg) -> tuple[int, int]:
    found = PROGRESS.search(pg.locator("[data-testid=stProgress]").first.inner_text())
    return int(found.group(1)), int(found.group(2))


def training_shown(pg) -> int:
    """The step on screen while training is under way (progress and the picture's title agree)."""
    step, target = progress(pg)
    assert 0 < step < target, (step, target)
    assert image_title(pg, "learning_transposed_now") == f"Step {step}"
    return step


def settled(pg, quiet: float = 1.0) -> int:
    """The step on screen, once it has not moved for ``quiet`` seconds."""
    step = progress(pg)[0]
    time.sleep(quiet)
    assert progress(pg)[0] == step, f"still training: step {step}, then {progress(pg)[0]}"
    return step


def image_title(pg, key: str) -> str:
    return pg.locator(f'[data-image="{key}"]').first.get_attribute("data-title")


def test_train_updates_the_figures_while_it_trains_and_stop_stops(server, page):
    open_page(page, f"{server}/learning?learn_steps=1000&learn_methods=transposed,resize,shuffle,icnr,stacked")
    assert progress(page) == (0, 1000)
    assert image_title(page, "learning_transposed_first") == "Step 0"  # before training, step 0 is drawn once
    page.locator(".st-key-learning_train button").click()
    # Live: an intermediate step is on screen before the run ends, picture and progress agreeing.
    first = eventually(lambda: training_shown(page), timeout=30, every=0.02)

    def later():
        assert training_shown(page) > first

    eventually(later, timeout=30, every=0.02)
    # Pressed at once: Playwright's click would first wait for the button to hold still, and the figures
    # above it are drawn again with every burst (seconds of training pass while it waits).
    page.evaluate("document.querySelector('.st-key-learning_stop button').click()")
    # The burst under way (a quarter of a second) finishes, then the press is taken: the step stays put.
    stopped = eventually(lambda: settled(page), timeout=10, every=0)
    assert stopped < 1000, "training went on after Stop"
    assert image_title(page, "learning_transposed_now") == f"Step {stopped}"
    assert_no_exception(page)
    # Train again goes on from where it stopped.
    page.locator(".st-key-learning_train button").click()
    def went_on():
        assert progress(page)[0] > stopped

    eventually(went_on, timeout=30)
    page.locator(".st-key-learning_stop button").click()
    assert_no_exception(page)


def test_a_fresh_servers_first_visitor_can_open_a_deep_link(new_page, tmp_path):
    """Streamlit serves the first run of a new process in its legacy pages-folder mode; the app leaves it,
    so the page comes with app.py's sidebar and the address's settings."""
    from pathlib import Path

    port = free_port()
    proc = serve(Path(__file__).resolve().parents[2] / "app.py", port, tmp_path / "streamlit.log")
    try:
        pg = new_page()
        open_page(pg, f"http://127.0.0.1:{port}/scatter?h=4")
        pg.locator(f"{SIDEBAR} .st-key-h").wait_for(state="attached", timeout=30_000)
        assert slider_value(pg, "h") == 4
        assert "Scatter-add" in pg.locator("h1").first.inner_text()
        assert_no_exception(pg)
    finally:
        stop(proc)


def _go(pg, link: str) -> None:
    after_rerun(pg, pg.locator("[data-testid=stSidebarNav] a", has_text=link).first.click)


def test_training_goes_on_through_a_sidebar_change_and_the_page_keeps_its_settings_after_a_visit_elsewhere(
        server, page):
    methods = "transposed,resize,shuffle,icnr,stacked"
    open_page(page, f"{server}/learning?learn_steps=1000&learn_methods={methods}")
    page.locator(".st-key-learning_train button").click()
    eventually(lambda: training_shown(page), timeout=30, every=0.02)
    press_slider(page, "ph", "ArrowRight")  # a full run of the page while it trains

    def finished():
        assert progress(page) == (1000, 1000)

    eventually(finished, timeout=60)
    assert_no_exception(page)
    _go(page, "3. Scatter")
    _go(page, "8. Learning")
    press_slider(page, "sw", "ArrowRight")  # the first run after the return: the page's widgets must show its values
    assert slider_value(page, "learn_steps") == 1000
    shown = page.locator(".st-key-learn_methods").inner_text()
    assert all(name in shown for name in ("Transposed convolution", "Resize, then convolve", "Pixel shuffle (ICNR",
                                          "Pixel shuffle (random", "Two transposed")), shown
    assert query(page)["learn_methods"] == methods and query(page)["learn_steps"] == "1000"
    assert_no_exception(page)
