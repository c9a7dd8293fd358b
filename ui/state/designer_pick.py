"""The layer designer's tables and the sidebar: a row clicked puts its layer into the sidebar's settings.

``written`` gives the sidebar's settings that hold a layer along one axis, ``holds`` whether the sidebar
holds it now, and ``pick`` (a table's selection callback) writes the chosen row, with its partner on
the other axis, and leaves a sentence for the page to say what changed (``applied``).

The sidebar draws 2-D layers only: a 1-D or 3-D row clicked stays on the page (``chosen`` gives it to the
code), and the page says so (``kept``).
"""

from __future__ import annotations

import streamlit as st

import core
from ui.code.layer_code import settings_words
from ui.settings.config import MAX_INPUT
from ui.text import text

KEYS = {"height": ("h", "kh", "sh", "ph", "oph"), "width": ("w", "kw", "sw", "pw", "opw")}  # the sidebar's, per axis
_APPLIED, _KEPT, _CHOSEN = "designer_applied", "designer_kept", "designer_chosen"


def written(axis: str, a: core.Layer) -> dict:
    """The sidebar's session-state values that hold ``a`` along ``axis`` (the dilation and convention are shared).

    An input larger than the sidebar's sliders go (``MAX_INPUT``) is not written: the sidebar keeps its own.
    """
    n, k, s, p, op = KEYS[axis]
    keras = a.framework == "keras"
    return {**({n: a.input} if a.input <= MAX_INPUT else {}), k: a.kernel, s: a.stride, "d": a.dilation,
            **({} if keras else {p: a.padding}), "convention": f"keras-{a.padding}" if keras else "pytorch",
            op: "auto" if a.output_padding is None else str(a.output_padding)}


def holds(axis: str, a: core.Layer) -> bool:
    return all(st.session_state.get(key) == value for key, value in written(axis, a).items())


def _sentence(axis: str, other: str, layers: dict[str, core.Layer]) -> str:
    """Which of the lesson's sentences says what a click on a row of ``axis`` did to the ``other`` axis."""
    if axis == "both":
        return "applied-both"
    return "applied-kept" if holds(other, layers[other]) else "applied-partner"


def pick(design: core.Design, axis: str, shown: int) -> None:
    """A row clicked in the table of ``axis`` ('both', 'height' or 'width', its first ``shown`` rows on
    screen): its settings into the sidebar."""
    rows = st.session_state[f"designer_table_{axis}"].selection.rows
    if not rows or rows[0] >= min(len(design.layers(axis)), shown):
        return
    if len(design.axes) != 2:
        return _keep(design, axis, rows[0])
    layers = design.choose(axis, rows[0], holds)
    other = next((name for name in layers if name != axis), "both")  # 'both' when one table serves both axes
    st.session_state[_APPLIED] = text(
        "designer", _sentence(axis, other, layers), settings=settings_words(design.layers(axis)[rows[0]]),
        axis=axis, other=other, partner=settings_words(layers.get(other, layers["height"])))
    for name, a in layers.items():
        st.session_state.update(written(name, a))


def applied() -> str | None:
    """What the last click put into the sidebar, once (then None)."""
    return st.session_state.pop(_APPLIED, None)


def _keep(design: core.Design, axis: str, row: int) -> None:
    """A 1-D or 3-D row clicked: kept on the page for the code (each other axis keeps the row picked before when
    it can share one layer with it), with a sentence that says the sidebar cannot hold it."""
    before = st.session_state.get(_CHOSEN, {})
    layers = design.choose(axis, row, lambda name, a: before.get(name) == a)
    st.session_state[_CHOSEN] = layers
    where = "" if axis in ("both", "length") else f" on the {axis}"
    st.session_state[_KEPT] = text("designer", "kept-here", settings=settings_words(design.layers(axis)[row]),
                                   where=where, dims=f"{len(design.axes)}-D")


def chosen(design: core.Design) -> dict[str, core.Layer] | None:
    """The layer per axis the code is for: in 2-D the sidebar's, if it is one of ``design``'s; in 1-D and 3-D the
    rows last clicked, if they still are."""
    if len(design.axes) == 2:
        return design.held(holds)
    picked = st.session_state.get(_CHOSEN, {})
    return design.held(lambda name, a: picked.get(name) == a)


def kept() -> str | None:
    """What the last 1-D or 3-D click picked, once (then None)."""
    return st.session_state.pop(_KEPT, None)
