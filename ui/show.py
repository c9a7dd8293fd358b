"""Drawing a figure builder's result on the page: the one module that places figures.

A builder in ``ui.figures`` returns either a grid or a step player (a ``ui.figures.spec.Grid`` or
``Player``, whose ``to_json()`` the browser draws with the lesson's own renderer, ``static/lab.js``) or
a plotly figure;
``show`` draws either, in a column or on the page. Only this module mounts the renderer or calls
``st.plotly_chart`` for a builder's figure.

The renderer is one ``st.components.v2`` component, registered once: the browser keeps each
grid's and player's DOM and updates it in place when its data changes, and a player computes its
frames itself, so playing and scrubbing never rerun the script.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import orjson
import streamlit as st

from ui.figures.grid import Prepared
from ui.figures.projector import enlarged
from ui.figures.spec import Grid, Player

STATIC = Path(__file__).resolve().parents[1] / "static"  # served at app/static/ (enableStaticServing)

# Every mount of a component carries its JavaScript to the browser on every rerun; this loader is a
# few hundred bytes, and the renderer (static/lab.js and the lab_core.js it imports, about 26 kB) is
# fetched once and cached, both at once. The base address comes from Streamlit's own
# script (``<base>/static/js/index.*.js``), so the renderer is found under any page path and any
# ``server.baseUrlPath``.
LOADER = """
const main = document.querySelector("script[src*='/static/js/index']");
const base = main ? new URL("../../", main.src) : new URL("./", document.baseURI);
const lab = import(new URL("app/static/lab.js?v=VERSION", base).href);
import(new URL("app/static/lab_core.js?v=VERSION", base).href).catch(() => {});  // lab.js's import, fetched beside it
const utf8 = new TextDecoder();
export default async function (component) {
  const renderer = await lab;
  // The figure comes as its JSON text in UTF-8 bytes (see ``_mount``): the renderer gets the figure itself. Unchanged,
  // a figure's message is sent again as a reference to the one the browser holds, which calls nothing here.
  const raw = component.data;
  const data = raw instanceof Uint8Array ? JSON.parse(utf8.decode(raw))
    : typeof raw === "string" ? JSON.parse(raw) : raw;
  return renderer.draw(Object.create(component, {data: {value: data}}),
                       new URL("app/static/lab.css?v=VERSION", base).href);
}
"""


NARROW = "_narrow_screen"  # True once the browser said its screen is narrow (see ``narrow``)


def narrow() -> bool:
    """Whether this session's screen is narrow, where Streamlit draws the sidebar over the page (under 768 px).

    A phone's browser says so in its user agent ('Mobi', read once a session); any other browser's renderer says so
    the first time it draws a figure on a narrow screen (``static/lab.js``), once: a wide screen never sends a
    word about it."""
    state = st.session_state
    if NARROW not in state:
        state[NARROW] = "Mobi" in st.context.headers.get("User-Agent", "")
    return state[NARROW]


def _narrow_said() -> None:
    """The renderer's word that the screen is narrow: a full run follows, even from a figure in a fragment."""
    st.session_state[NARROW] = True
    st.rerun()


RENDERER = ("lab.js", "lab_core.js", "lab.css", "figure_schema.json")  # one version for the four files
SHOWN = "_shown_figures"  # the figures this page drew, by key: what its slides and GIFs are made of


def forget_shown() -> None:
    """Start a page's list of figures afresh (``app.py`` calls it before each full run of a page).

    A fragment's rerun replaces its own figures in the list; a full run starts a new list, so the
    list always holds what the page shows now.
    """
    st.session_state[SHOWN] = {}


def shown() -> dict:
    """The figures drawn since the page's last full run, by key, in the order they were first drawn."""
    return st.session_state.setdefault(SHOWN, {})


def projector_styles() -> None:
    """Add projector mode's stylesheet (``static/projector.css``) to the page, for this run."""
    st.html(f"<style>{_projector_css()}</style>")


@functools.cache
def _projector_css() -> str:
    return (STATIC / "projector.css").read_text(encoding="utf-8")


def _remember(figure, key: str | None) -> None:
    if isinstance(figure, str):
        return  # an image as HTML: a picture, not a figure to redraw
    figures = shown()
    name = key or (figure.key if isinstance(figure, Grid | Player) else None) or f"chart_{len(figures)}"
    figures[name] = figure


@functools.cache
def _renderer():
    files = b"".join((STATIC / name).read_bytes() for name in RENDERER)
    version = hashlib.sha256(files).hexdigest()[:12]  # a new renderer is a new address: no stale cache
    return st.components.v2.component("tcl_lab", js=LOADER.replace("VERSION", version), isolate_styles=False)


def page_style() -> None:
    """Add the lesson's few rules to Streamlit's page (``static/page.css``): a style element, no space taken."""
    st.html(STATIC / "page.css")


def pictures(images: list[str], where=None):
    """Pictures written as HTML (``ui.figures.learning.image_html``) side by side in one element, each an equal share
    of the width, two a line under 640 px: as a row of columns holding one each would be, in one message where those
    were 2 + 2n a rerun."""
    return (where or st).html(f'<div class="tcl-pictures">{"".join(images)}</div>')


def row(figures, widths=None, *, key: str, slots: int | None = None, notes=None, where=None):
    """Draw grids and players side by side, as ``st.columns`` would, in one mount of the renderer.

    A row of columns holding a figure each is a block and a mount a column (2 + 2n messages a rerun, and the mounts'
    widgets); a row is one (bench/RESULTS.md, "A row of figures in one mount"). ``widths``: each figure's share of
    the width (equal by default); ``slots``: instead, each figure one of that many equal slots (a last row of fewer
    figures keeps the width the full rows' figures have, as columns left empty would). Each figure keeps its own
    key among the page's figures (its slides, GIFs and tests); none is picked in (a pickable grid is drawn with
    ``show``). ``notes``: each figure's sentence under it, or None (the lesson's markdown: paragraphs, **bold**,
    *emphasis*, `code`; written as text by the renderer, never as HTML), where a column held a markdown element
    under its figure.
    """
    if notes is not None and len(notes) != len(figures):
        raise ValueError(f"a row of {len(figures)} figures with {len(notes)} notes")
    for figure in figures:
        _remember(figure, None)
    figures = [enlarged(f) for f in figures] if st.session_state.get("proj") else figures
    widths = list(widths or [1] * len(figures))
    data = {"kind": "row", "key": key, "widths": widths, "slots": slots, "items": [f.to_json() for f in figures]}
    if notes is not None:
        data["notes"] = list(notes)
    return _mount(data, key, where or st)


def _mount(data: dict, key: str, where, **events):
    """Mount the renderer with ``data`` (a figure's ``to_json()``) in ``where``, sent as its JSON text in UTF-8 bytes.

    As bytes, Streamlit sends it as it is and names the mount by their digest: given the dict (or a list holding it),
    it would write it with the standard library's JSON and again, keys sorted, for the mount's identity, and look for
    a dataframe in every value of a dict (together 3x orjson's time on the upsampling page's 15 mounts); given a str,
    it would look for a dataframe in it and write it as a JSON string (every quote escaped), twice. An unchanged
    figure's message is the same, and Streamlit sends it as a reference to the one the browser holds (from 512 bytes,
    ``.streamlit/config.toml``), so the browser draws only what changed. ``events``: the mount's ``on_*_change``
    callbacks.
    """
    mount = functools.partial(_renderer(), key=key, data=orjson.dumps(data, option=orjson.OPT_SERIALIZE_NUMPY),
                              on_narrow_change=_narrow_said, **events)
    if where is st:
        return mount()
    with where:
        return mount()


def show(figure, where=None, *, key: str | None = None, on_pick=None, **chart_options):
    """Draw ``figure`` in ``where`` (a column or container; the page by default).

    figure : a grid or a player from ``ui.figures`` (a ``ui.figures.spec.Grid`` or ``Player``, sent to the
        renderer as its ``to_json()``), an image as
        HTML (a str, ``ui.figures.learning.image_html``), or a plotly
        figure for ``st.plotly_chart`` (``key`` and ``chart_options`` go to it; a figure with a
        fixed width keeps that width)
    on_pick : for a pickable grid, called after a cell is picked; returns the component's result,
        whose ``cell`` is ``{"row": r, "col": c}`` in the run after a pick
    """
    where = where or st
    _remember(figure, key)
    if st.session_state.get("proj"):
        figure = enlarged(figure)
    if isinstance(figure, str):  # an image written as HTML by ui.figures.learning (escaped there)
        return where.html(figure)
    if isinstance(figure, Grid | Player):
        return _mount(figure.to_json(), key or figure.key, where, **({"on_cell_change": on_pick} if on_pick else {}))
    fixed = figure.to_dict().get("layout", {}).get("width") if isinstance(figure, Prepared) else figure.layout.width
    if fixed:
        chart_options.setdefault("width", "content")
    return where.plotly_chart(figure, key=key, **chart_options)
