"""The pages' one cache, bounded by bytes: ``@cached`` where a page would write ``st.cache_data``.

Streamlit's caches are bounded by their count of entries (``max_entries``, ``ttl``), but an entry's
size grows with the settings: the transposed page's matrices take 3.6 MB at the largest settings
and a few kB at the defaults. Walking 80 distinct largest settings on every page filled the pages'
25 ``st.cache_data`` functions with 135 MB (bench/RESULTS.md). Here every cached function shares
one least-recently-used store of at most ``BUDGET`` bytes (``Store``); when a new value would pass
it, the entries used longest ago go first. A value is kept pickled, as ``st.cache_data`` keeps it,
so every caller gets a copy of its own and none can change what another sees; a value of more
than ``BUDGET / 8`` is computed every time and not kept.

An entry is found by its function (its file and qualified name: every page runs as ``__main__``)
and its arguments (``key``): arrays by their dtype, shape and bytes, dataclasses (a ``Config``) by
their fields, containers item by item; a keyword argument whose name starts with ``_`` is passed
but not part of the key (``picture(digest, _data=...)``: the digest names the data).
The store is an ``OrderedDict`` under a lock: an LRU bounded by the sum of its values' sizes is a
dozen lines, and the part that matters here, the key and the copies, no cache library does for us.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import pickle
import threading
from collections import OrderedDict

import numpy as np

BUDGET = 48 * 2**20  # bytes of pickled values, for every page together
ENTRY_BYTES = 200  # what an entry costs besides its value: its key, its place in the dict


PLAIN = frozenset({int, float, str, bool, type(None), bytes})  # already plain: pickled as they are


def canonical(value):
    """``value`` as plain, comparable data: what two equal arguments have in common."""
    kind = type(value)
    if kind in PLAIN:
        return value
    if isinstance(value, np.ndarray):
        return ("array", value.dtype.str, value.shape, value.tobytes())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__, *(canonical(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, list | tuple):
        # A row of numbers (a Config's input and kernel are rows of them) is its own canonical form: one pass
        # to check, where mapping ``canonical`` over it cost a rerun of the transposed page 17 % of its time.
        if all(type(v) in PLAIN for v in value):
            return (kind.__name__, *value)
        return (kind.__name__, *map(canonical, value))
    if isinstance(value, dict):
        return ("dict", *sorted((repr(k), canonical(v)) for k, v in value.items()))
    return value


def key(name: str, args: tuple, kwargs: dict) -> bytes:
    """The digest of a call: the function's name and its arguments, canonical."""
    return hashlib.sha256(pickle.dumps((name, canonical(args), canonical(kwargs)))).digest()


class Store:
    """Pickled values by key, least recently used first, at most ``budget`` bytes in all."""

    def __init__(self, budget: int = BUDGET) -> None:
        self.budget, self.bytes = budget, 0
        self._entries: OrderedDict[bytes, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, k: bytes) -> bytes | None:
        with self._lock:
            found = self._entries.get(k)
            if found is not None:
                self._entries.move_to_end(k)
            return found

    def put(self, k: bytes, data: bytes) -> None:
        if len(data) > self.budget // 8:
            return
        with self._lock:
            if k in self._entries:
                return
            self._entries[k] = data
            self.bytes += len(data) + ENTRY_BYTES
            while self.bytes > self.budget:
                _, old = self._entries.popitem(last=False)
                self.bytes -= len(old) + ENTRY_BYTES

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0


STORE = Store()


def cached(fn):
    """``fn`` with its results kept in ``STORE``; each call gets a copy of its own."""
    name = f"{getattr(getattr(fn, '__code__', None), 'co_filename', fn.__module__)}:{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        k = key(name, args, {n: v for n, v in kwargs.items() if not n.startswith("_")})
        found = STORE.get(k)
        if found is not None:
            return pickle.loads(found)
        value = fn(*args, **kwargs)
        STORE.put(k, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return value

    return wrapper
