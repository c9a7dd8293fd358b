"""The channels page's own controls: channels (1 to 512 each), groups (their common divisors), seed, bias."""

from __future__ import annotations

import streamlit as st

import core
from ui.settings.config import MAX_CHANNELS
from ui.settings.registry import DEFAULTS
from ui.state import bounded

RADIO_GROUPS = 6  # up to this many choices of groups show as buttons in a row; more, in a list


def groups(where, c_in: int, c_out: int) -> int:
    """Groups, one of the common divisors of C_in and C_out (1 when the last choice no longer divides them)."""
    choices = core.group_choices(c_in, c_out)
    if st.session_state.get("channels_groups") not in choices:
        st.session_state["channels_groups"] = 1
    label = "Groups (common divisors of C_in and C_out)"
    if len(choices) > RADIO_GROUPS:
        return where.selectbox(label, choices, key="channels_groups", persist_state="session")
    return where.radio(label, choices, key="channels_groups", persist_state="session", horizontal=True)


def choose() -> tuple[int, int, int, int, bool] | None:
    """C_in, C_out, groups, seed, bias; None (and a sentence under the box) while a channel box is out of range."""
    cols = st.columns([1, 1, 2, 1, 1])
    c_in = bounded.whole(cols[0], "Input channels C_in", 1, MAX_CHANNELS, DEFAULTS["channels_in"], "channels_in")
    c_out = bounded.whole(cols[1], "Output channels C_out", 1, MAX_CHANNELS, DEFAULTS["channels_out"],
                          "channels_out")
    seed = cols[3].number_input("Seed", 0, 9999, key="channels_seed", persist_state="session")
    bias = cols[4].toggle("Bias", key="channels_bias", persist_state="session")
    if c_in is None or c_out is None:
        return None
    return c_in, c_out, groups(cols[2], c_in, c_out), int(seed), bias
