"""Streamlit's copy of the whole session state on every choice widget, made to look up one key.

Streamlit (1.67) draws a selectbox, a radio, a number box, a text box, a date or time box (and a slider given no
value) after building ``SessionState.filtered_state``: a new dict of every key the session holds, each value passed
through its presenter (for every figure the renderer mounts, a Python class built anew), only to ask whether the
widget's own key holds None. A lesson page draws several such widgets a rerun (the channels page 9) and a session
holds 100-170 keys; looking up the one key instead took 4-16 % off a rerun's server CPU on 7 of the 12 pages
(bench/RESULTS.md, "Where the rest of a rerun goes").

The same Streamlit asks ``widget_id in session_state`` for every widget it registers (and a figure's mount is one),
and answers it by building the widget's presented value and dropping it: for a mount, a class built anew and its
state merged. ``contains`` answers it as Streamlit does (whether the value is there under the widget's id or its
key) without presenting it.

``install()`` makes ``SessionState.__contains__`` ``contains``, and the thread-safe session state's property return
``Filtered``: a read-only mapping that answers ``key in``, ``[key]`` and ``get`` for one key at a time, exactly as the
dict would, and builds the dict itself only when iterated, counted or printed (``st.session_state.to_dict()``,
``len``). ``contains`` and the grids' faster colours together took 5-15 % more off the rerun on 6 of 8 pages
(bench/RESULTS.md). Without the property (another Streamlit), nothing is changed; ``tests/app/test_state_copy.py``
checks both against Streamlit's own answers on every page's session.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from streamlit.runtime.state import safe_session_state as _safe
from streamlit.runtime.state import session_state as _session_state
from streamlit.runtime.state.common import is_element_id

_ABSENT = object()


class Filtered(Mapping):
    """``SessionState.filtered_state``, read one key at a time: what the full copy would hold at ``key``."""

    __slots__ = ("_state", "_lock", "_seen", "_full")

    def __init__(self, state, lock) -> None:
        self._state = state  # a SessionState, read under ``lock`` (its SafeSessionState's), as the copy is made
        self._lock = lock
        self._seen: dict[str, Any] = {}
        self._full: dict[str, Any] | None = None

    def _one(self, key: str) -> Any:
        """The value the full copy holds at ``key``, or ``_ABSENT``."""
        if self._full is not None:
            return self._full.get(key, _ABSENT)
        if key not in self._seen:
            with self._lock:
                self._seen[key] = self._look_up(key)
        return self._seen[key]

    def _look_up(self, key: str) -> Any:
        if not isinstance(key, str) or is_element_id(key) or _internal(key):
            return self._whole().get(key, _ABSENT)  # not a user's key: as the copy has it
        try:  # a user's key: the session's own or a live widget's, through its presenter, as the copy reads it
            return self._state[key]
        except KeyError:
            return _ABSENT

    def _whole(self) -> dict[str, Any]:
        if self._full is None:
            with self._lock:
                self._full = self._state.filtered_state
        return self._full

    def __getitem__(self, key: str) -> Any:
        value = self._one(key)
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return self._one(key) is not _ABSENT

    def __iter__(self) -> Iterator[str]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def __eq__(self, other: object) -> bool:
        return self._whole() == (dict(other) if isinstance(other, Mapping) else other)

    def __repr__(self) -> str:
        return repr(self._whole())


def _internal(key: str) -> bool:
    return key.startswith(_session_state.STREAMLIT_INTERNAL_KEY_PREFIX)


def contains(state, key: object) -> bool:
    """``key in state`` (a ``SessionState``) as Streamlit's ``__contains__`` answers it, which is whether
    ``state[key]`` raises KeyError: the lookup of ``SessionState.__getitem__`` without the presenter it then applies
    (which never raises: ``apply_presenter`` returns the stored value on any error)."""
    try:
        widget_id = state._get_widget_id(key)  # noqa: SLF001 - as __getitem__ reads it
        id_key = state._key_id_mapper.id_key_mapping  # noqa: SLF001
        if widget_id in id_key and widget_id == key:
            key = id_key[widget_id]
        state._getitem(widget_id, key)  # noqa: SLF001
    except KeyError:
        return False
    return True


_PROPERTY = getattr(_safe.SafeSessionState, "filtered_state", None)
_CONTAINS = _session_state.SessionState.__contains__  # Streamlit's own, kept for the tests


def install() -> bool:
    """Make ``SafeSessionState.filtered_state`` (what every widget asks for) a ``Filtered`` and ``SessionState``'s
    ``in`` ``contains``; again is a no-op. False where this Streamlit has no such property or lookups: nothing is
    changed."""
    needed = ("_keys", "_getitem", "_get_widget_id")
    if not isinstance(_PROPERTY, property) or not all(hasattr(_session_state.SessionState, n) for n in needed):
        return False
    _session_state.SessionState.__contains__ = contains
    _safe.SafeSessionState.filtered_state = property(lambda safe: Filtered(safe._state, safe._lock),  # noqa: SLF001
                                                     doc=_PROPERTY.__doc__)
    return True
