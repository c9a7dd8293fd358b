"""The step player on /scatter plays, pauses and scrubs in the browser: no rerun while it plays,
and every frame shows the arithmetic and the partial output the core recorded."""

import re

import numpy as np
import pytest
from browsing import screenshot
from driving import STATES_TAKEN, after_rerun, assert_no_exception, grid, open_page

import core
from ui.words import number

pytestmark = pytest.mark.e2e

PLAYER = "scatter_player"

# Counts the app's reruns (fragments included): its moves into the "running" script state, or, for a
# rerun too quick for the page to show "running", the server's "script finished" messages (counted
# by serving.server.WATCH_RERUN's hook, which after_rerun installed).
COUNT_RERUNS = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  const statesTaken = STATES_TAKEN;
  window.__reruns = 0;
  window.__finishedBefore = window.__labFinished || 0;
  window.__rerunWatch = new MutationObserver(records => {
    window.__reruns += statesTaken(app, records).filter(s => s === 'running').length;
  });
  window.__rerunWatch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state'],
                                    attributeOldValue: true});
}""".replace("STATES_TAKEN", STATES_TAKEN)

RERUNS = "() => Math.max(window.__reruns, (window.__labFinished || 0) - window.__finishedBefore)"

STEP = re.compile(r"^Step (\d+) of (\d+): (.*)$")
ROOT = f"[data-player='{PLAYER}']"


def frame(pg) -> tuple[int, str]:
    """The frame the player shows (1-based) and its arithmetic; the frame box and the scrubber must
    say the same frame."""
    root = pg.locator(ROOT)
    shown = int(root.get_attribute("data-frame"))
    box, scrub = root.locator(".tcl-frame-box").input_value(), root.locator(".tcl-scrub").input_value()
    assert box == str(shown) and scrub == str(shown), f"player at {shown}, frame box {box}, scrubber {scrub}"
    return shown, root.locator(".tcl-says").inner_text()


def expected_title(trace, n: int, x: np.ndarray, k: np.ndarray) -> str:
    """The arithmetic of step n (1-based) as the lesson writes it, from the core's trace."""
    t = n - 1
    _, i, j = trace.input_index[t]
    a, b = trace.kernel_index[t]
    _, y, xo = trace.output_index[t]
    now = trace.partial(n)[y, xo]
    return (f"Step {n} of {len(trace)}: out[{y},{xo}] += x[{i},{j}] × k[{a},{b}] = "
            f"{number(x[i, j])} × {number(k[a, b])} = {number(trace.product[t])}, now {number(now)}")


def button(pg, label: str):
    return pg.locator(ROOT).locator(".tcl-btn", has_text=label)


def at_frame(pg, n: int) -> None:
    pg.wait_for_function("([sel, n]) => document.querySelector(sel).dataset.frame === String(n)",
                         arg=[ROOT, n], timeout=5_000)


def check_frame(pg, trace, n, x, k) -> None:
    """Frame n shows step n's arithmetic, the output after n steps and its overlap marks."""
    shown, title = frame(pg)
    assert shown == n and title == expected_title(trace, n, x, k)
    np.testing.assert_allclose(grid(pg, f"{PLAYER}_output"), trace.partial(n))
    landing = trace.output_index[:n, 1] * trace.output.shape[1] + trace.output_index[:n, 2]
    marks = np.bincount(landing, minlength=trace.output.size) > 1
    drawn = pg.locator(f"[data-grid='{PLAYER}_output'] .tcl-cell").evaluate_all(
        "els => els.map(e => e.classList.contains('tcl-mark'))")
    assert drawn == marks.tolist()


def test_player_plays_pauses_steps_and_scrubs_without_reruns(server, page):
    open_page(page, f"{server}/scatter")
    # One product per frame, so each frame is one step of the core's trace.
    after_rerun(page, page.locator(".st-key-scatter_mode label", has_text="one product").click)
    page.wait_for_function("sel => document.querySelector(sel + ' .tcl-says').textContent.includes('Step 1 of')",
                           arg=ROOT)
    x, k = grid(page, f"{PLAYER}_input"), grid(page, f"{PLAYER}_kernel")
    trace = core.trace_conv_transpose2d(x, k, stride=2)
    assert len(trace) == 81 and trace.output.shape == (7, 7)
    check_frame(page, trace, 1, x, k)
    page.locator(ROOT).scroll_into_view_if_needed()
    page.evaluate(COUNT_RERUNS)

    # Play: after 1.5 s of playback (frames of 0.7 s) the player has moved on, the box with it.
    button(page, "Play").click()
    page.wait_for_timeout(1500)
    playing, title = frame(page)
    assert playing > 1, "Play did not advance the player"
    assert STEP.match(title), title
    assert button(page, "Pause").count() == 1

    # Pause: the frame stays put for longer than a frame lasts.
    button(page, "Pause").click()
    paused = frame(page)
    page.wait_for_timeout(1500)
    assert frame(page) == paused, "the player kept moving after Pause"
    check_frame(page, trace, paused[0], x, k)
    # Play starts on the next frame.
    button(page, "Play").click()
    at_frame(page, paused[0] + 1)
    button(page, "Pause").click()

    # Scrub: each position shows its arithmetic and partial output.
    for n in (41, 12, 81):
        page.locator(f"{ROOT} .tcl-scrub").fill(str(n))
        at_frame(page, n)
        check_frame(page, trace, n, x, k)
    np.testing.assert_allclose(grid(page, f"{PLAYER}_output"), core.conv_transpose2d(x, k, stride=2))
    assert button(page, "Step ▶").is_disabled()

    # The frame box jumps to a frame; the step buttons move one.
    box = page.locator(f"{ROOT} .tcl-frame-box")
    box.fill("30")
    box.press("Enter")
    at_frame(page, 30)
    check_frame(page, trace, 30, x, k)
    button(page, "Step back").click()
    at_frame(page, 29)
    button(page, "Step ▶").click()
    button(page, "Step ▶").click()
    at_frame(page, 31)
    check_frame(page, trace, 31, x, k)

    # The keyboard, with the player focused: arrows step, Home and End jump, Space plays and pauses.
    page.locator(ROOT).focus()
    page.keyboard.press("ArrowLeft")
    at_frame(page, 30)
    page.keyboard.press("End")
    at_frame(page, 81)
    page.keyboard.press("Home")
    at_frame(page, 1)
    page.keyboard.press("ArrowRight")
    at_frame(page, 2)
    page.keyboard.press("Space")
    at_frame(page, 3)
    page.keyboard.press("Space")
    stopped = frame(page)[0]
    page.wait_for_timeout(1000)
    assert frame(page)[0] == stopped, "Space did not pause the player"
    check_frame(page, trace, stopped, x, k)

    reruns = page.evaluate(RERUNS)
    assert reruns == 0, f"playing, stepping and scrubbing the player caused {reruns} reruns (it should run client-side)"
    # The counter does see reruns: the mode radio reruns the player's fragment.
    after_rerun(page, page.locator(".st-key-scatter_mode label", has_text="one stamp").click)
    reruns = page.evaluate(RERUNS)
    assert reruns >= 1, "the rerun counter missed the rerun of the mode radio"
    page.wait_for_function("sel => document.querySelector(sel + ' .tcl-says').textContent.startsWith('Stamp 1 of 9')",
                           arg=ROOT)
    assert frame(page)[0] == 1
    assert_no_exception(page)
    screenshot(page, "player-scrubbed")


def test_in_development_every_figure_is_checked_against_the_schema(server, page):
    """With ``localStorage.labDebug`` set, the renderer fetches static/figure_schema.json and checks each figure
    before drawing it: the page's grids and players all pass (no ``data-spec-problems``), and a broken one is
    reported; without it, the schema is never fetched."""
    messages, fetched = [], []
    page.on("console", lambda m: messages.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: fetched.append(r.url) if "figure_schema.json" in r.url else None)
    open_page(page, f"{server}/scatter")
    page.wait_for_selector(f"{ROOT} .tcl-cell", timeout=20_000)
    assert fetched == []  # a visitor's page never fetches the schema
    page.evaluate("localStorage.setItem('labDebug', '1')")
    open_page(page, f"{server}/scatter")
    assert_no_exception(page)
    page.wait_for_selector(f"{ROOT} .tcl-cell", timeout=20_000)
    assert fetched and page.locator("[data-spec-problems]").count() == 0
    assert not [m for m in messages if "figure_schema" in m]
    problems = page.evaluate("""async () => {
      const base = document.querySelector("script[src*='/static/js/index']").src;
      const core = await import(new URL("../../app/static/lab_core.js", base).href);
      const schema = await (await fetch(new URL("../../app/static/figure_schema.json", base).href)).json();
      return core.validate({kind: "grid", key: "k", boxes: [[0, 1, 0, 1, "#ff7f0e", 3, "solid"]]}, schema);
    }""")
    assert "figure: no scale" in problems and "figure.boxes[0]: not object" in problems
    page.evaluate("localStorage.removeItem('labDebug')")
