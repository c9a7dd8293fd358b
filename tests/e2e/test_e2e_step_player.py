"""The step player on /scatter plays, pauses and scrubs in the browser: no rerun while it plays,
and every frame shows the arithmetic and the partial output the core recorded."""

import re

import numpy as np
import pytest
from browsing import screenshot
from driving import (
    STATES_TAKEN,
    after_rerun,
    assert_no_exception,
    figure_title,
    grid,
    open_page,
    plot,
)

import core
from ui.words import number

pytestmark = pytest.mark.e2e

PLAYER = "scatter_player"

# Counts the app's moves into the "running" script state (one per rerun, fragments included).
COUNT_RERUNS = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  const statesTaken = STATES_TAKEN;
  window.__reruns = 0;
  window.__rerunWatch = new MutationObserver(records => {
    window.__reruns += statesTaken(app, records).filter(s => s === 'running').length;
  });
  window.__rerunWatch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state'],
                                    attributeOldValue: true});
}""".replace("STATES_TAKEN", STATES_TAKEN)

STEP = re.compile(r"^Step (\d+) of (\d+): (.*)$")


def frame(pg) -> tuple[int, str]:
    """The step the player shows (the slider's active step, 1-based) and the title's arithmetic."""
    active = plot(pg, PLAYER).evaluate("el => el._fullLayout.sliders[0].active")
    return int(active) + 1, figure_title(pg, PLAYER)


def expected_title(trace, n: int, x: np.ndarray, k: np.ndarray) -> str:
    """The arithmetic of step n (1-based) as the lesson writes it, from the core's trace."""
    t = n - 1
    _, i, j = trace.input_index[t]
    a, b = trace.kernel_index[t]
    _, y, xo = trace.output_index[t]
    now = trace.partial(n)[y, xo]
    return (f"Step {n} of {len(trace)}: out[{y},{xo}] += x[{i},{j}] × k[{a},{b}] = "
            f"{number(x[i, j])} × {number(k[a, b])} = {number(trace.product[t])}, now {number(now)}")


def click_step(pg, n: int) -> None:
    """Click the player's slider at step n (1-based): on its tick, on the rail."""
    el = plot(pg, PLAYER)
    el.locator(".slider-container").scroll_into_view_if_needed()
    tick = el.locator(".slider-tick-rect").nth(n - 1).bounding_box()
    rail = el.locator(".slider-rail-rect").bounding_box()
    pg.mouse.click(tick["x"] + tick["width"] / 2, rail["y"] + rail["height"] / 2)


def button(pg, label: str):
    return plot(pg, PLAYER).locator(".updatemenu-button", has_text=label)


def test_player_plays_pauses_and_scrubs_without_reruns(server, page):
    open_page(page, f"{server}/scatter")
    # One product per frame, so each frame is one step of the core's trace.
    after_rerun(page, page.locator(".st-key-scatter_mode label", has_text="one product").click)
    page.wait_for_function("() => { const t = document.querySelector('.st-key-scatter_player .js-plotly-plot');"
                           " return t && t._fullLayout && t._fullLayout.title.text.includes('Step 1 of'); }")
    x, k = grid(page, PLAYER, 0), grid(page, PLAYER, 1)
    trace = core.trace_conv_transpose2d(x, k, stride=2)
    assert len(trace) == 81 and trace.output.shape == (7, 7)

    first, title = frame(page)
    assert first == 1 and title == expected_title(trace, 1, x, k)
    plot(page, PLAYER).scroll_into_view_if_needed()
    page.evaluate(COUNT_RERUNS)

    # Play: after 1.5 s of playback (frames of 0.7 s) the player has moved on.
    button(page, "Play").click()
    page.wait_for_timeout(1500)
    page.wait_for_function("() => document.querySelector('.st-key-scatter_player .js-plotly-plot')"
                           "._fullLayout.sliders[0].active > 0", timeout=5_000)
    playing, title = frame(page)
    assert playing > 1, "Play did not advance the player"
    assert STEP.match(title), title

    # Pause: the frame stays put for longer than a frame lasts.
    button(page, "Pause").click()
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    paused = frame(page)
    page.wait_for_timeout(1500)
    assert frame(page) == paused, "the player kept moving after Pause"
    n, title = paused
    assert title == expected_title(trace, n, x, k)

    # Scrub: click the slider at other steps; each shows its arithmetic and partial output.
    for n in (41, 12, 81):
        click_step(page, n)
        page.wait_for_function(
            "n => document.querySelector('.st-key-scatter_player .js-plotly-plot')"
            "._fullLayout.sliders[0].active === n - 1", arg=n, timeout=5_000)
        shown, title = frame(page)
        assert shown == n
        assert title == expected_title(trace, n, x, k)
        np.testing.assert_allclose(grid(page, PLAYER, 2), trace.partial(n))
    np.testing.assert_allclose(grid(page, PLAYER, 2), core.conv_transpose2d(x, k, stride=2))

    # Play again for a while: still all in the browser.
    click_step(page, 1)
    button(page, "Play").click()
    page.wait_for_timeout(1500)
    button(page, "Pause").click()
    reruns = page.evaluate("() => window.__reruns")
    assert reruns == 0, f"playing and scrubbing the player caused {reruns} reruns (it should run client-side)"
    # The counter does see reruns: the frame box's + button reruns the player's fragment.
    after_rerun(page, page.locator(".st-key-scatter_frame [data-testid=stNumberInputStepUp]").click)
    reruns = page.evaluate("() => { window.__rerunWatch.disconnect(); return window.__reruns; }")
    assert reruns >= 1, "the rerun counter missed the rerun of the frame box"
    assert_no_exception(page)
    screenshot(page, "player-scrubbed")
