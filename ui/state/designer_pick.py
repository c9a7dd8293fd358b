"""The layer designer's tables and the sidebar: a row clicked puts its layer into the sidebar's settings.

``written`` gives the sidebar's settings that hold a layer along one axis, ``holds`` whether the sidebar
holds it now, and ``pick`` (a table's selection callback) writes the chosen row, with its partner on
the other axis, and leaves a sentence for the page to say what changed (``applied``).
"""

from __future__ import annotations

import streamlit as st

import core
from ui.code.layer_code import settings_words
from ui.settings.config import MAX_INPUT
from ui.text import text

KEYS = {"height": ("h", "kh", "sh", "ph", "oph"), "width": ("w", "kw", "sw", "pw", "opw")}  # the sidebar's, per axis
_APPLIED = "designer_applied"


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
