"""Choosing one cell of a grid: a row and a column input, also set by picking a cell of a pickable grid.

Streamlit state only; the grid itself is ``ui.figures.pick.pick_grid``. The inputs count from
0, like every grid's labels.
"""

from __future__ import annotations

import streamlit as st

from ui.settings.registry import SETTING


def clamp(key: str, top: int) -> None:
    """Keep a number input's value at most ``top`` (the grid may have shrunk since it was set)."""
    if st.session_state.get(key, 0) > top:
        st.session_state[key] = top


def follow_pick(grid_key: str, keys: tuple[str, str]):
    """A callback for a pickable grid (``show(..., on_pick=...)``): the picked cell sets the row and
    column inputs. The browser reports ``{"row": r, "col": c}``; anything else is ignored, and
    ``cell_inputs`` keeps the numbers inside the grid."""
    def picked() -> None:
        state = st.session_state.get(grid_key)
        try:
            cell = state["cell"] if "cell" in state else getattr(state, "cell", None)
            r, c = int(cell["row"]), int(cell["col"])
        except (KeyError, TypeError, ValueError, OverflowError):  # a crafted message: 1e999 is an int overflow
            return
        st.session_state[keys[0]], st.session_state[keys[1]] = max(r, 0), max(c, 0)
    return picked


def cell_inputs(keys: tuple[str, str], shape: tuple[int, int]) -> tuple[int, int]:
    """Row and column inputs side by side (settings ``keys``), each within the grid's ``shape``."""
    out = []
    for col, key, n in zip(st.columns(2), keys, shape):
        clamp(key, n - 1)
        out.append(col.number_input(SETTING[key].label, 0, n - 1, key=key, step=1, persist_state="session",
                                    **({} if key in st.session_state else {"value": 0})))
    return int(out[0]), int(out[1])
