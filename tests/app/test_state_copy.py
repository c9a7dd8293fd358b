"""The one-key lookup that stands in for Streamlit's copy of the session state (ui/state/state_copy.py): on the
session every page leaves, it holds what Streamlit's own copy holds, key by key, and says so for keys it does not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pagetest import open_area, open_page, open_values
from streamlit.runtime.state.session_state import STREAMLIT_INTERNAL_KEY_PREFIX

from ui.pages import PAGES
from ui.state.state_copy import _CONTAINS, Filtered, contains


def same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(np.asarray(a, dtype=object), np.asarray(b, dtype=object))
    if isinstance(a, pd.DataFrame):
        return a.equals(b)
    return a == b


def check(at) -> int:
    """Every key the session knows (user keys, widget ids, internal keys) and a few it does not, asked of the lookup
    and of Streamlit's copy; returns how many keys the copy holds."""
    safe = at.session_state._state  # noqa: SLF001 - the session's SafeSessionState
    state = safe._state  # noqa: SLF001
    copied = state.filtered_state  # Streamlit's own copy: SessionState's property is left as it is
    asked = [*copied, *state._keys(), *state._key_id_mapper.id_key_mapping.values(),  # noqa: SLF001
             "no such key", f"{STREAMLIT_INTERNAL_KEY_PREFIX}_nothing", "$$ID-0-none"]
    assert len(copied) > 20
    for key in asked:
        lookup = Filtered(state, safe._lock)  # noqa: SLF001 - a fresh one for every key: nothing remembered
        assert (key in lookup) == (key in copied), key
        assert same(lookup.get(key, "absent"), copied.get(key, "absent")), key
        assert contains(state, key) == _CONTAINS(state, key), key
    whole = Filtered(state, safe._lock)  # noqa: SLF001
    assert sorted(whole) == sorted(copied) and len(whole) == len(copied)
    return len(copied)


@pytest.mark.parametrize("page", [p.name for p in PAGES])
def test_the_lookup_holds_what_streamlits_copy_holds_on_every_page(page):
    at = open_page(page)
    assert not at.exception
    check(at)


def test_the_lookup_holds_the_same_with_the_expanders_open_and_after_a_change():
    at = open_area(open_values(open_page("scatter", h=5)))
    at.sidebar.slider(key="h").set_value(3).run()
    assert not at.exception
    check(at)


def test_in_answers_as_streamlit_without_presenting():
    at = open_page("scatter")
    state = at.session_state._state._state  # noqa: SLF001
    mounts = [k for k in state._key_id_mapper.id_key_mapping.values() if k.startswith("scatter_p")]  # noqa: SLF001
    asked = [form for k in mounts for form in (k, state._get_widget_id(k))]  # noqa: SLF001 - its key and its id
    assert [contains(state, k) for k in asked] == [_CONTAINS(state, k) for k in asked]
    assert all(contains(state, k) for k in asked if not k.endswith("__events"))
    assert type(state).__contains__ is contains
    assert not contains(state, "no such key") and not contains(state, "$$ID-0-none")


def test_widgets_get_the_lookup_not_a_copy():
    at = open_page("start")
    assert isinstance(at.session_state._state.filtered_state, Filtered)  # noqa: SLF001
