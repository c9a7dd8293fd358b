"""The channels page's own controls: channels (1 to 512 each), groups (their common divisors), seed, bias."""

from __future__ import annotations

import streamlit as st

import core
from ui.settings.registry import SETTING
from ui.state import widgets

RADIO_GROUPS = 6  # up to this many choices of groups show as buttons in a row; more, in a list


def groups(where, c_in: int, c_out: int) -> int:
    """Groups, one of the common divisors of C_in and C_out (1 when the last choice no longer divides them)."""
    choices = core.group_choices(c_in, c_out)
    if st.session_state.get("channels_groups") not in choices:
        st.session_state["channels_groups"] = 1
    label = SETTING["channels_groups"].label
    if len(choices) > RADIO_GROUPS:
        return where.selectbox(label, choices, key="channels_groups", persist_state="session")
    return where.radio(label, choices, key="channels_groups", persist_state="session", horizontal=True)


def choose() -> tuple[int, int, int, int, bool] | None:
    """C_in, C_out, groups, seed, bias; None (and a sentence under the box) while a channel box is out of range."""
    cols = st.columns([1, 1, 2, 1, 1])
    c_in = widgets.whole(cols[0], "channels_in")
    c_out = widgets.whole(cols[1], "channels_out")
    seed = widgets.number_box(cols[3], "channels_seed")
    bias = widgets.switch(cols[4], "channels_bias")
    if c_in is None or c_out is None:
        return None
    return c_in, c_out, groups(cols[2], c_in, c_out), int(seed), bias
