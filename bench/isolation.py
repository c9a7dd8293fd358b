"""Whether a visitor's tab shows its own configuration: what the tab shows (``read_shown``), what
the lesson would show for the visitor's configuration, and how the two differ (``mismatches``),
naming any other visitor whose configuration the tab shows instead.
"""

from __future__ import annotations

import numpy as np

from bench.lesson import CAPTIONED, SLIDERS, slider
from bench.tabs import query_of
from bench.visitor_plan import Visitor, own_query
from ui.settings.config import Config
from ui.settings.registry import DEFAULTS, SETTINGS
from ui.settings.values import fill_values

# The address's settings a page holds on its own (a question, the designer's sizes, a page's switch), from
# their declarations: the visitor's configuration is the sidebar's.
PAGE_OWN = tuple(s.key for s in SETTINGS if s.page is not None)

# The values a grid shows: an HTML grid's cells (ui.figures.cells) or a plotly heatmap's first trace.
GRID_VALUES = """el => {
  if (el.hasAttribute('data-grid')) {
    const [h, w] = el.getAttribute('data-shape').split('x').map(Number);
    const v = Array.from(el.querySelectorAll('[data-v]'), c => Number(c.getAttribute('data-v')));
    return Array.from({length: h}, (_, r) => v.slice(r * w, (r + 1) * w));
  }
  return Array.from(el._fullData[0].z, row => Array.from(row));
}"""
START_GRIDS = {"x": "start_input", "k": "start_kernel", "out": "start_output"}


def _config(values: dict[str, int]) -> tuple[tuple, tuple, Config]:
    """The input, kernel and configuration the pages show for these values (PyTorch, no padding,
    integers fill)."""
    x = fill_values("integers", (values["h"], values["w"]), values["seed"], salt=0)
    k = fill_values("integers", (values["kh"], values["kw"]), values["seed"], salt=1)
    return x, k, Config(input=x, kernel=k, stride=(values["sh"], values["sw"]))


def caption(values: dict[str, int]) -> str:
    """The caption the pages show for these values (PyTorch, no padding, integers fill)."""
    return _config(values)[2].describe()


def parse_query(query: str) -> dict[str, str]:
    """An address's query as the sidebar's settings: a page's own (``PAGE_OWN``) left out."""
    pairs = (part.split("=", 1) for part in query.split("&") if "=" in part)
    return {k: v for k, v in pairs if k not in PAGE_OWN}


def answer_problems(tab, values: dict[str, int]) -> list[str]:
    """How the last run a protocol visitor's ``tab`` (``bench.protocol.Tab``) received differs from
    what its own settings ``values`` should give: an exception element, an address other than its
    own, and on a page that shows the configuration caption, another caption. Empty when it is its own."""
    problems = [f"exception: {e}" for e in tab.last.exceptions]
    if parse_query(tab.query) != own_query(values):
        problems.append(f"address {parse_query(tab.query)} != {own_query(values)}")
    if tab.path in CAPTIONED and caption(values) not in tab.texts():
        problems.append(f"caption {[t for t in tab.texts() if ' kernel, ' in t]} != {caption(values)!r}")
    return problems


def expected_grids(values: dict[str, int]) -> dict[str, list]:
    """The start page's input, kernel and output for these values (the core computes the output)."""
    x, k, config = _config(values)
    return {"x": [list(r) for r in x], "k": [list(r) for r in k], "out": np.asarray(config.output()).tolist()}


async def read_shown(pg, path: str, drawn: bool = True) -> dict:
    """What the visitor's tab shows: the address's query, the sidebar's sliders and seed (the address's, while its
    box is not drawn), the caption, and (on the start page, if its charts are ``drawn``) the input, kernel and
    output its grids draw."""
    shown = {"query": query_of(pg.url)}
    for key in SLIDERS:
        shown[key] = int(await pg.locator(slider(key)).get_attribute("aria-valuetext"))
    # The seed's box is drawn while the sidebar's Values expander is open; closed, the address the page wrote
    # says it (the start page's grids, checked below, show what it gave).
    seed = pg.locator(".st-key-seed input")
    said = await seed.input_value() if await seed.count() else shown["query"].get("seed", DEFAULTS["seed"])
    shown["seed"] = int(said)
    if path in CAPTIONED:
        captions = await pg.locator("[data-testid=stMain] [data-testid=stCaptionContainer]").all_inner_texts()
        shown["caption"] = [c for c in captions if " input, " in c and " kernel, " in c]
    if path == "" and drawn:
        for name, key in START_GRIDS.items():
            grid = pg.locator(f"[data-grid='{key}'], .st-key-{key} .js-plotly-plot").first
            shown[name] = await grid.evaluate(GRID_VALUES, timeout=15_000)
    return shown


def mismatches(visitor: Visitor, shown: dict, everyone: list[Visitor]) -> list[str]:
    """How what ``visitor`` sees differs from its own expected configuration (empty if it does not);
    names the other visitors whose configuration it shows instead, if any."""
    want = visitor.expected
    problems = []
    # The sidebar's part of the address: a page's own settings (the practice page's random question) are
    # the page's, not the visitor's configuration.
    query = {k: v for k, v in shown["query"].items() if k not in PAGE_OWN}
    if query != visitor.expected_query:
        problems.append(f"address query {query} != {visitor.expected_query}")
    got = {k: shown[k] for k in (*SLIDERS, "seed")}
    if got != want:
        problems.append(f"sidebar {got} != {want}")
    if "caption" in shown and shown["caption"] != [caption(want)]:
        problems.append(f"caption {shown['caption']} != [{caption(want)!r}]")
    if "x" in shown:
        for name, grid in expected_grids(want).items():
            drawn = np.asarray(shown[name], dtype=float)
            if drawn.shape != np.shape(grid) or not np.allclose(drawn, grid):
                problems.append(f"the grid {START_GRIDS[name]} shows {shown[name]}, not {grid}")
    if problems:
        others = [o.index for o in everyone if o is not visitor and o.expected == got]
        if others:
            problems.append(f"CROSS-SESSION: its sidebar shows the configuration of visitor(s) {others}")
    return problems
