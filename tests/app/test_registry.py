"""The settings' declarations (ui/settings/registry.py) against what the pages draw and the address keeps.

Every setting is declared once; these tests check that each declaration is what a visitor meets: its page
draws a widget with its key, label and value, an address that asks for another value of it opens the page
with that value in the widget, and the address the page writes keeps it.
"""

from __future__ import annotations

import pytest
from pagetest import open_page, open_values

from ui.pages import BY_NAME
from ui.settings import address
from ui.settings.registry import CHOICE, DEFAULTS, SETTING, SETTINGS, SEVERAL, SWITCH, WHOLE, Setting

WIDGETS = ("slider", "number_input", "selectbox", "radio", "toggle", "multiselect")


def other_value(s: Setting):
    """A value of the setting that is not its default, and that the default settings allow."""
    if s.kind == WHOLE:
        low = s.lo if s.default is None else s.default
        return low + s.step if low + s.step <= s.hi else s.lo
    if s.kind == CHOICE:
        return next(option for option in s.options if option != s.default and option != "upload")
    if s.kind == SWITCH:
        return not s.default
    if s.kind == SEVERAL:
        return [next(iter(s.options))] if list(s.default) != [next(iter(s.options))] else list(s.options)[1:2]
    return "1"


def widget(at, key: str):
    found = [w for kind in WIDGETS for w in at.get(kind) if getattr(w, "key", None) == key]
    assert len(found) == 1, f"{key}: {len(found)} widgets with this key"
    return found[0]


def test_the_declarations_are_consistent():
    assert len(SETTING) == len(SETTINGS), "two settings share a key"
    for s in SETTINGS:
        assert s.allows(s.default), s.key
        assert s.page is None or s.page in BY_NAME, f"{s.key} belongs to an unknown page {s.page!r}"
        assert s.kind in (WHOLE, CHOICE, SWITCH, SEVERAL) or s.key in address.OUTPUT_PADDING
        if s.kind == WHOLE:
            assert s.lo <= s.hi and (s.default is None or s.lo <= s.default <= s.hi), s.key
        assert s.said and s.label, s.key
    assert set(address.SETTINGS) == set(SETTING), "the address reads every declared setting, and no other"
    assert DEFAULTS["sh"] == 2 and DEFAULTS["oph"] == "0" and DEFAULTS["learn_methods"] == ("transposed", "resize",
                                                                                             "icnr")


@pytest.mark.parametrize("key", [s.key for s in SETTINGS if s.page is not None])
def test_a_pages_own_setting_opens_from_the_address_in_its_widget_and_stays_there(key):
    s = SETTING[key]
    value = other_value(s)
    text = address._text(value)
    apart = key.startswith("designer_conv_") and key.endswith(("_depth", "_height", "_width"))  # axes apart
    dims = {"_l": "1", "_d": "3", "_depth": "3"}.get(next((e for e in ("_l", "_d", "_depth") if key.endswith(e)), ""))
    at = open_page(s.page, **{key: text}, **({"designer_conv_per_axis": "on"} if apart else {}),
                   **({"designer_dims": dims} if dims and key != "designer_dims" else {}))
    assert not at.exception, at.exception
    if s.drawn:
        drawn = widget(at, key)
        assert drawn.label == s.label
        shown = list(drawn.value) if s.kind == SEVERAL else drawn.value
        assert shown == value, f"{key}: the address asked for {text}, the widget shows {drawn.value!r}"
    kept = at.query_params.get(key)
    assert (kept[-1] if isinstance(kept, list) else kept) == text, f"{key}: the address now says {kept!r}"


@pytest.mark.parametrize("key", [s.key for s in SETTINGS if s.page is None and s.key != "proj"])
def test_a_sidebar_setting_is_drawn_from_its_declaration(key):
    s = SETTING[key]
    at = open_page("scatter", **({"convention": "keras-same"} if key in address.OUTPUT_PADDING else {}))
    if key in ("fill", "seed"):  # drawn while the Values expander is open
        open_values(at)
    drawn = widget(at, key)
    assert drawn.label == s.label
    assert (drawn.help or "").startswith(s.help[:40]), f"{key}: help {drawn.help!r}"
    if s.kind == WHOLE:
        assert (drawn.min, drawn.max) == (s.lo, s.hi), key
