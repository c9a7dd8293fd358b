"""What the sidebar and the narrow screen's settings bar (``ui.state.bar``) both apply when a setting changes:
the output padding a convention starts from, the output padding's choices, and the session keys they share.

Both modules import this one and neither imports the other's internals: ``ui.state.controls`` draws the sidebar
and the bar inside a page's introduction; ``ui.state.bar`` writes the sidebar's keys and follows these rules.
"""

from __future__ import annotations

import streamlit as st

import core
from ui.settings import address
from ui.settings.config import OutputPadding
from ui.settings.registry import DEFAULTS

KEPT = "_settings"  # the settings of the last run, kept apart from the widgets' own state
UNSEEN = "_address_problems_unseen"  # what the sidebar said about the address, for a narrow screen (ui.state.bar)


def family(convention: str) -> str:
    return "pytorch" if convention == "pytorch" else "keras"


def convention_changed() -> None:
    """A convention chosen by the visitor starts from the output padding it had when the visitor last left it
    (PyTorch's and Keras's take different values: Keras's 'auto'), else from its own default: Keras's 'auto'
    (so 'same' gives input x stride), PyTorch's 0. Between Keras's two modes the output padding stays."""
    state = st.session_state
    before = state.get(KEPT, {}).get("convention", DEFAULTS["convention"])
    now = str(state["convention"])
    if family(before) == family(now):
        return
    state[f"_output_padding_{family(before)}"] = {key: state.get(key) for key in address.OUTPUT_PADDING}
    defaults = address.defaults_under(now, DEFAULTS)
    kept = state.get(f"_output_padding_{family(now)}", {})
    for key in address.OUTPUT_PADDING:
        state[key] = kept.get(key, defaults[key])


def output_padding_choices(convention: str, stride: tuple[int, int], dilation: int) -> list[list[str]]:
    """The output padding's choices on each axis: what the stride and dilation allow under the convention."""
    keras = convention != "pytorch"
    return [OutputPadding.choices(core.output_padding_limit(s, dilation, family(convention)), keras) for s in stride]
