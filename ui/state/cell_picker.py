"""Choosing one cell of a grid: a row and a column input, also set by a click on a pickable grid.

Streamlit state only; the grid itself is ``ui.figures.pick.pick_figure``. The inputs count from
0, like every grid's labels.
"""

from __future__ import annotations

import streamlit as st

from ui.figures.pick import clicked_cell


def clamp(key: str, top: int) -> None:
    """Keep a number input's value at most ``top`` (the grid may have shrunk since it was set)."""
    if st.session_state.get(key, 0) > top:
        st.session_state[key] = top


def follow_click(chart_key: str, keys: tuple[str, str]) -> None:
    """A click on a cell of a pick figure sets the row and column inputs (once per click)."""
    cell = clicked_cell(st.session_state.get(chart_key))
    last = f"_{chart_key}_last"
    if cell is not None and cell != st.session_state.get(last):
        st.session_state[keys[0]], st.session_state[keys[1]] = cell
    st.session_state[last] = cell


def cell_inputs(keys: tuple[str, str], shape: tuple[int, int], what: str) -> tuple[int, int]:
    """Row and column inputs side by side, each within the grid's ``shape``."""
    out = []
    for col, key, axis, n in zip(st.columns(2), keys, ("row", "column"), shape):
        clamp(key, n - 1)
        out.append(col.number_input(f"{what} {axis}", 0, n - 1, key=key, step=1,
                                    **({} if key in st.session_state else {"value": 0})))
    return int(out[0]), int(out[1])
