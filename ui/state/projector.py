"""Projector mode: a switch in the sidebar (and in the address, ``?proj=on``).

While it is on, the page takes the projector's stylesheet (larger type; help lines and captions
hidden) and every grid and player is drawn with larger cells and numbers (``ui.show`` asks
``ui.figures.projector``). The step player steps with the keyboard as always: click it, then
Space plays or pauses, the arrow keys step, Home and End jump.
"""

from __future__ import annotations

import streamlit as st

from ui import show
from ui.text import text


def toggle() -> bool:
    """The sidebar's switch; adds the projector's styles to this run when on."""
    on = st.sidebar.toggle(text("exports", "projector"), key="proj", help=text("exports", "projector-help"))
    if on:
        show.projector_styles()
    return on
