"""The settings bar: on a narrow screen, the sidebar's settings a page uses, beside the figures they drive.

Under 768 px Streamlit draws the sidebar over the page, so a control there covers the figure it drives. In a
session whose screen is narrow (``ui.show.narrow``) every page has this bar: an expander holding the sidebar's
settings the page uses (``ui.pages.Page.uses``), drawn from the same declarations by ``ui.state.widgets``, under the
caption of those settings where the page's figures begin (``ui.state.controls.caption``), or at the top of a page
without one (``ui.state.shell``).
A widget key cannot be drawn twice, so each has its own, ``bar_<key>``: before it is drawn it takes the sidebar's
value, and a change writes the sidebar's key (with what the sidebar's widget does on a change), so that the sidebar,
the address and the configuration follow in the same run. A wide screen's session never draws it (no element,
no message); a screen that widens after it was drawn hides it (``static/page.css``), the sidebar being beside the
page again.
"""

from __future__ import annotations

import streamlit as st

from ui.pages import BY_NAME
from ui.settings import address
from ui.settings.registry import CHOICE, SETTING, SIDEBAR
from ui.show import narrow
from ui.state import rules, widgets
from ui.text import text

KEY = "settings_bar"  # the bar's container (its class, st-key-settings_bar, is what page.css hides when wide)
OPEN = "settings_bar_open"  # the expander's state: open or closed, kept across pages


def own(key: str) -> str:
    """The bar's widget key for the sidebar's setting ``key``."""
    return f"bar_{key}"


def _to_sidebar(key: str) -> None:
    """A change in the bar is the sidebar's: its key takes the value, and a convention changes as in the sidebar."""
    state = st.session_state
    state[key] = state[own(key)]
    if key == "convention":
        rules.convention_changed()


def _shown(keys: list[str]) -> list[str]:
    """The settings drawn now: a Keras convention has no padding to set (the sidebar says so in its place)."""
    keras = st.session_state.get("convention") != "pytorch"
    return [key for key in keys if not (keras and key in ("ph", "pw"))]


def _rows(keys: list[str]) -> list[list[str]]:
    """The settings in rows: a height with its width, the fill with its seed, anything else alone."""
    rows: list[list[str]] = []
    for key in keys:
        last = rows[-1][-1] if rows else None
        if last and len(rows[-1]) == 1 and _partners(last, key):
            rows[-1].append(key)
        else:
            rows.append([key])
    return rows


def _partners(first: str, then: str) -> bool:
    said, other = SETTING[first].said, SETTING[then].said
    return (first, then) == ("fill", "seed") or (said.endswith(" height") and other == said[:-6] + "width")


def _box(where, key: str, choices: dict[str, list[str]]) -> None:
    """One setting's box, holding the sidebar's value."""
    state = st.session_state
    state[own(key)] = state[key]
    common = dict(widget_key=own(key), on_change=_to_sidebar, args=(key,), help=None)
    if key in choices:  # the output padding: what the stride and dilation allow, as in the sidebar
        where.selectbox(SETTING[key].label, choices[key], key=own(key), on_change=_to_sidebar, args=(key,))
    elif SETTING[key].kind == CHOICE:
        widgets.choice(where, key, **common)
    else:
        widgets.number_box(where, key, disabled=key == "seed" and state.get("fill") in ("ones", "custom"), **common)


def draw(page: str) -> None:
    """The bar of page ``page``, in a narrow screen's session; nothing otherwise."""
    uses = BY_NAME[page].uses
    if not uses or not narrow():
        return
    state = st.session_state
    keys = _shown([s.key for s in SIDEBAR if s.key in uses])
    stride = (int(state["sh"]), int(state["sw"]))
    padding = rules.output_padding_choices(str(state["convention"]), stride, int(state["d"]))
    choices = dict(zip(address.OUTPUT_PADDING, padding))
    with st.container(key=KEY):
        unseen = state.get(rules.UNSEEN)  # what the address asked for and could not get: said till the bar opens
        if unseen:
            st.warning("\n\n".join(unseen))
        box = st.expander(text("settings", "bar"), key=OPEN, icon=":material/tune:", on_change="rerun")
        if not box.open:
            return  # closed: its boxes cost nothing
        state.pop(rules.UNSEEN, None)
        with box:
            st.caption(text("settings", "bar-intro"))
            for keys_in_row in _rows(keys):  # a height beside its width, as in the sidebar
                row = st.container(horizontal=True, gap="small")
                for key in keys_in_row:
                    _box(row, key, choices)
