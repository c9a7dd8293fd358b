"""Drive the app as a visitor does and read what it shows (a plain module, like browsing.py).

Every wait here is on a condition: a rerun the action started has finished and painted
(``after_rerun``), or what is shown reached the expected state (``eventually``).
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import numpy as np
from browsing import wait_idle

from serving.server import WATCH_RERUN
from ui.pages import PAGES as LESSON_PAGES

MAIN = "[data-testid=stMain]"
SIDEBAR = "[data-testid=stSidebar]"
EXCEPTION = "[data-testid=stException]"
VIEWPORT = {"width": 1400, "height": 1000}

# The pages as the sidebar names them (from the lesson's one list), with their address, a word of
# their h1, and a name for screenshots.
HEADINGS = {"start": "Transposed convolution", "scatter": "Scatter-add", "zero_insertion": "Zero insertion",
            "transposed": "transposed", "shapes": "Shapes"}
PAGES = [(f"{n}. {page.title}", page.path, HEADINGS.get(page.name, page.title), page.path or "start")
         for n, page in enumerate(LESSON_PAGES, start=1)]

# The values the app's script-state attribute took in one batch of mutation records. The callback
# may run after several changes (running, then notRunning, under load): reading the attribute then
# would miss the rerun, so the values are taken from the records' old values.
STATES_TAKEN = """(app, records) => {
  const changes = records.filter(r => r.type === 'attributes' && r.target === app);
  return changes.map((r, i) => i + 1 < changes.length ? changes[i + 1].oldValue
                                                     : app.getAttribute('data-test-script-state'));
}"""

# Resolves (with how it ended) once a rerun started after this call has finished and painted, or
# once an exception is shown without a rerun (a widget callback that raises never starts the script).
_WATCH = """(TIMEOUT_MS) => {
  const app = document.querySelector('[data-testid=stApp]');
  const statesTaken = STATES_TAKEN;
  const errors = () => document.querySelectorAll('[data-testid=stException]').length;
  const before = errors();
  window.__labDone = new Promise(resolve => {
    let running = false;
    const finish = how => {
      clearTimeout(timer);
      obs.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(how)));
    };
    const timer = setTimeout(() => finish('timeout'), TIMEOUT_MS);
    const obs = new MutationObserver(records => {
      if (statesTaken(app, records).includes('running')) running = true;
      const state = app.getAttribute('data-test-script-state');
      if (running && (state === 'notRunning' || state === 'compilationError')) finish('rerun');
      else if (!running && errors() > before) finish('exception');
    });
    obs.observe(app, {attributes: true, attributeFilter: ['data-test-script-state'], attributeOldValue: true,
                      childList: true, subtree: true});
  });
}""".replace("STATES_TAKEN", STATES_TAKEN)


# A rerun so fast that React never renders 'running' leaves the attribute unchanged; the server's
# "script finished" message (serving.server.WATCH_RERUN) still witnesses it.
_SETTLED = """() => Promise.race([window.__labDone,
                                window.__rerunDone.then(t => Number.isNaN(t) ? 'timeout' : 'rerun')])"""


def open_page(pg, url: str) -> None:
    """Go to ``url`` and wait until the app has run and painted; fail on an exception."""
    pg.goto(url)
    wait_idle(pg)
    pg.wait_for_selector(f"{MAIN} h1", timeout=30_000)


def after_rerun(pg, action: Callable[[], None], timeout: float = 20.0, required: bool = True) -> bool:
    """Do ``action`` (a click, a key press) and wait for the rerun it starts to finish and paint.

    Returns whether a rerun (or an exception) came within ``timeout`` seconds; without one,
    fails the test unless ``required`` is False.
    """
    wait_idle(pg)
    pg.evaluate(_WATCH, timeout * 1000)
    pg.evaluate(WATCH_RERUN, timeout * 1000)  # also sees a rerun too fast to show 'running'
    action()
    how = pg.evaluate(_SETTLED)
    assert how != "timeout" or not required, f"the action started no rerun that finished within {timeout:g} s"
    wait_idle(pg)
    return how != "timeout"


def eventually(check: Callable[[], object], timeout: float = 15.0, every: float = 0.1):
    """Call ``check`` until it passes, and return what it returned; fail at ``timeout`` seconds.

    For what the browser draws a moment after a rerun (a chart's data, a grid's table). A check
    passes when it raises no AssertionError and returns None (it asserted), an array, or a value
    that is not falsy: ``lambda: a == b`` fails while it gives False, and so does a count of 0 or
    an empty string. At the timeout, the check's last AssertionError is raised, or one naming the
    check and what it returned.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        else:
            if _passed(result):
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"{_source(check)} still gave {result!r} after {timeout:g} s")
        time.sleep(every)


def _passed(result) -> bool:
    """None (a check that asserts), an array (a check that asserted on it: its truth is not asked), or truthy."""
    return result is None or isinstance(result, np.ndarray) or bool(result)


def _source(check: Callable[[], object]) -> str:
    """The check's code, for a message: a lambda's line, or a function's name."""
    if check.__name__ != "<lambda>":
        return f"{check.__qualname__}()"
    try:
        return inspect.getsource(check).strip()
    except (OSError, TypeError):
        return repr(check)


def equal(got, want) -> None:
    """What the page shows (``got``) is ``want``; the message says both."""
    assert got == want, f"shown {got!r}, expected {want!r}"


def starts_with(text: str, *beginnings: str) -> None:
    """``text`` begins with one of ``beginnings``; the message says the text."""
    expected = " or ".join(map(repr, beginnings))
    assert text.startswith(beginnings), f"shown {text!r}, expected it to begin with {expected}"


def exceptions(pg) -> list[str]:
    return pg.locator(EXCEPTION).all_inner_texts()


def assert_no_exception(pg) -> None:
    shown = exceptions(pg)
    assert not shown, f"the page shows an exception: {shown}"


def h1(pg) -> str:
    return pg.locator(f"{MAIN} h1").first.inner_text()


def query(pg) -> dict[str, str]:
    """The address bar's query parameters (one value each)."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(pg.url).query).items()}


# --- the sidebar controls ---------------------------------------------------------------------

def slider_value(pg, key: str) -> int:
    return int(pg.locator(f".st-key-{key} input[type=range]").get_attribute("aria-valuetext"))


def press_slider(pg, key: str, arrow: str, times: int = 1) -> None:
    """Focus the slider ``key`` and press ``arrow`` (ArrowLeft/ArrowRight), one rerun per press."""
    handle = pg.locator(f".st-key-{key} input[type=range]")
    for _ in range(times):
        before = slider_value(pg, key)
        handle.focus()
        after_rerun(pg, lambda: pg.keyboard.press(arrow))
        assert slider_value(pg, key) != before, f"{arrow} did not move the slider {key!r} from {before}"


def selectbox_value(pg, key: str) -> str:
    return pg.locator(f".st-key-{key} input[role=combobox]").input_value()


def choose(pg, key: str, option: str) -> None:
    """Open the selectbox ``key`` and click ``option``; wait for the rerun."""
    box = pg.locator(f".st-key-{key}")
    box.scroll_into_view_if_needed()
    box.locator("button[aria-haspopup=listbox]").click()  # the arrow: lists every option
    item = pg.get_by_role("listbox").get_by_role("option", name=option, exact=True)
    item.wait_for(state="visible")
    after_rerun(pg, item.click)


def radio_value(pg, key: str) -> str:
    return pg.locator(f".st-key-{key} [data-testid=stRadioOption]:has(input:checked)").inner_text().strip()


def main_caption(pg) -> str:
    """The page's configuration caption ('3x3 input, 3x3 kernel, ...')."""
    captions = pg.locator(f"{MAIN} [data-testid=stCaptionContainer]").all_inner_texts()
    found = [c for c in captions if " input, " in c and " kernel, " in c]
    assert found, f"no configuration caption among {captions}"
    return found[0]


def open_values(pg) -> None:
    """Open the sidebar's "Values" expander (the fill, the seed and the two editors)."""
    details = pg.locator(f"{SIDEBAR} [data-testid=stExpander] details")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    pg.locator(".st-key-x_editor canvas[data-testid=data-grid-canvas]").wait_for(state="visible")


# --- figures ------------------------------------------------------------------------------------

_Z = """(el, i) => {
  const z = el._fullData[i].z;
  return Array.from(z, row => Array.from(row));
}"""


def plot(pg, key: str):
    """The plotly figure of the chart with key ``key``."""
    return pg.locator(f".st-key-{key} .js-plotly-plot")


_HTML_GRID = """el => {
  const [h, w] = el.getAttribute('data-shape').split('x').map(Number);
  const canvas = el.querySelector('canvas[data-values]');  // a big grid painted on one canvas (static/lab.js)
  const v = canvas ? JSON.parse(canvas.dataset.values).map(x => x === null ? NaN : x)
                   : Array.from(el.querySelectorAll('[data-v]'), c => Number(c.getAttribute('data-v')));
  return Array.from({length: h}, (_, r) => v.slice(r * w, (r + 1) * w));
}"""


def html_grid(pg, key: str):
    """The HTML grid ``key`` (ui.figures.cells)."""
    return pg.locator(f"[data-grid='{key}']")


def grid(pg, key: str, trace: int = 0) -> np.ndarray:
    """The values the grid ``key`` shows, as the browser holds them: an HTML grid's cells, or
    a plotly chart's heatmap (trace ``trace``)."""
    el = pg.locator(f"[data-grid='{key}'], .st-key-{key} .js-plotly-plot").first
    el.wait_for(state="attached")
    if el.get_attribute("data-grid") is not None:
        return np.array(el.evaluate(_HTML_GRID), dtype=float)
    return np.array(el.evaluate(_Z, trace), dtype=float)


def figure_title(pg, key: str) -> str:
    if html_grid(pg, key).count():
        return html_grid(pg, key).get_attribute("data-title") + " (" + html_grid(pg, key).get_attribute(
            "data-shape") + ")"
    return plot(pg, key).evaluate("el => el._fullLayout.title.text").replace("<b>", "").replace("</b>", "")


def luminance(css_color: str) -> float:
    """Relative luminance (0 black .. 1 white) of 'rgb(r, g, b)', 'rgba(...)' or '#rrggbb'."""
    c = css_color.strip()
    if c.startswith("#"):
        rgb = [int(c[i:i + 2], 16) for i in (1, 3, 5)]
    else:
        rgb = [float(v) for v in c[c.index("(") + 1:c.index(")")].split(",")[:3]]

    def linear(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
