"""A box for a whole number that shows what the page computes with.

Streamlit's number box with a ``max_value`` keeps a typed number above it on screen while the
script goes on with the last accepted one, without a word. ``whole`` takes any whole number and
returns it when it lies in the range, or None after saying under the box, in a sentence, why it
is refused and what the box takes: the page then computes nothing with it.
"""

from __future__ import annotations

from ui.words import number


def whole(where, label: str, lo: int, hi: int, default: int, key: str) -> int | None:
    """The whole number in the box ``key`` (kept across pages), or None (and a sentence) when outside lo..hi."""
    value = where.number_input(label, min_value=None, max_value=None, value=default, step=1, key=key,
                               persist_state="session")
    if value is None:
        where.warning(f"{label}: type a whole number from {number(lo)} to {number(hi)}.")
        return None
    if not lo <= value <= hi:
        where.warning(f"{label} {number(value)} is outside what this box takes, {number(lo)} to {number(hi)}, "
                      "so nothing is computed with it: type a number in that range.")
        return None
    return int(value)
