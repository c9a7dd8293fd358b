"""Text from outside the lesson (an address, a visitor's typing), made inert to show inside its sentences.

The lesson's sentences are markdown, and markdown turns text into links (bare addresses, ``www.``
names, e-mail addresses), pictures the browser fetches, maths, emphasis and HTML. ``quote`` puts
a visitor's text into a sentence as a code span, where none of that applies, after removing what
could still change the sentence around it: control characters (a newline splits the sentence),
direction marks and overrides (U+202E reverses what follows), and length (at most ``LIMIT``
characters are shown). Pure functions, no Streamlit.
"""

from __future__ import annotations

import re
import unicodedata

LIMIT = 24  # characters of a visitor's text shown in a sentence
_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}  # controls, format (direction) marks, separators, unassigned


def visible(text: object, limit: int = LIMIT) -> str:
    """The text with every control, format and line-separating character replaced by a space, runs of
    spaces made one, and cut to ``limit`` characters (with '...' when cut)."""
    cleaned = "".join(" " if unicodedata.category(c) in _HIDDEN else c for c in str(text))
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    return cleaned[:limit] + ("..." if len(cleaned) > limit else "")


def quote(text: object, limit: int = LIMIT) -> str:
    """A visitor's text as an inert code span for a markdown sentence: no link, markup, maths or direction
    change can come out of it, whatever it holds."""
    shown = visible(text, limit)
    if not shown:
        return "(nothing)"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", shown)), default=0) + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"
