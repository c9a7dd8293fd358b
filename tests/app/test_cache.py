"""The pages' caches hold at most ``BUDGET_MB`` whatever the settings (ui/cache.py), and hand every
caller a copy of its own.

A walk through distinct configurations at the largest settings fills them with the largest entries
there are (the transposed page's matrices: 3.6 MB each at 8x8 input, 7x7 kernel, stride 4,
dilation 3). What the caches hold is counted as the caches count it: the bytes of their pickled
values, Streamlit's ``st.cache_data`` (as its own statistics say) and ui/cache.py's store.
"""

from __future__ import annotations

import importlib

import numpy as np
import pagetest
from streamlit.runtime.caching import get_data_cache_stats_provider

BUDGET_MB = 48  # README, "A whole class": the pages' caches, for every page together
LARGEST = dict(h=8, w=8, kh=7, kw=7, sh=4, sw=4, d=3)


def held_mb() -> float:
    """What the pages' caches hold, in MB."""
    stats = get_data_cache_stats_provider().get_stats()
    streamlit = sum(s.byte_length for family in stats.values() for s in family) if isinstance(stats, dict) \
        else sum(s.byte_length for s in stats)
    try:
        own = importlib.import_module("ui.cache").STORE.bytes
    except ModuleNotFoundError:  # before ui/cache.py, every page cached with st.cache_data
        own = 0
    return (streamlit + own) / 2**20


def test_a_walk_through_the_largest_settings_stays_within_the_budget():
    at = pagetest.open_values(pagetest.open_page("transposed", **LARGEST))
    for seed in range(1, 21):  # 20 configurations: more than the 16 the page's st.cache_data kept
        at.number_input(key="seed").set_value(seed).run()
        assert not at.exception
    held = held_mb()
    assert held <= BUDGET_MB, f"the caches hold {held:.0f} MB"
    assert held > BUDGET_MB / 2, f"only {held:.0f} MB: the walk should fill the caches"


def test_the_store_keeps_at_most_its_budget_the_oldest_going_first():
    from ui.cache import Store

    store = Store(budget=10_000)
    for n in range(30):
        store.put(bytes([n]), bytes(1000))
    assert store.bytes <= 10_000 and len(store) == 8  # 1,000 bytes and an entry's 200 each
    assert store.get(bytes([0])) is None and store.get(bytes([29])) is not None
    store.get(bytes([22]))  # used: now the newest
    store.put(b"new", bytes(1000))
    assert store.get(bytes([22])) is not None and store.get(bytes([23])) is None
    store.put(b"huge", bytes(2000))  # more than an eighth of the budget: not kept
    assert store.get(b"huge") is None


def test_equal_arguments_find_one_entry_and_every_caller_gets_a_copy():
    from ui.cache import cached
    from ui.settings.config import Config

    calls = []

    @cached
    def doubled(cfg, scale=1):
        calls.append(1)
        return {"x": cfg.input * 2 * scale}

    a, b = Config(np.arange(4.0).reshape(2, 2), np.ones((2, 2))), Config([[0, 1], [2, 3]], [[1, 1], [1, 1]])
    _ = a.geometry  # a computed property is not part of the key
    first = doubled(a)
    first["x"][0, 0] = 99  # a caller changing its copy
    again = doubled(b)
    assert len(calls) == 1 and again["x"][0, 0] == 0
    doubled(a, scale=2)
    assert len(calls) == 2
