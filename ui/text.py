"""Lesson text, kept in ``assets/lesson/<page>.md``.

A page's file is split into sections by marker lines ``<!-- name -->``; ``text(page, name)``
returns one section's markdown. Placeholders like ``{stride}`` are filled from keywords, a count
with its noun (``{cells:cell}``: '1 cell', '4 cells') from a number, and
``{page:checkerboard}`` is that page's number in the lesson (``ui.pages``), so text that sends the
reader to another page stays right when pages are added or moved.
"""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path

from ui.pages import NUMBER
from ui.words import article, count

LESSON = Path(__file__).resolve().parents[1] / "assets" / "lesson"
_MARKER = re.compile(r"^<!--\s*([\w-]+)\s*-->\s*$", re.MULTILINE)
_PAGE = re.compile(r"\{page:(\w+)\}")


def page_number(match: re.Match) -> str:
    name = match.group(1)
    if name not in NUMBER:
        raise KeyError(f"the lesson text names a page {name!r}, which is not one of {list(NUMBER)}")
    return str(NUMBER[name])


@cache
def sections(page: str) -> dict[str, str]:
    raw = (LESSON / f"{page}.md").read_text(encoding="utf-8")
    parts = _MARKER.split(raw)
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2])}


class _Counting(string.Formatter):
    """``{n:cell}`` writes a count with its noun, singular or plural as the count asks
    (``ui.words.count``: '1 cell', '49 cells'); ``{size:an}`` a value with its article ('an 8x8');
    any other field is written as ``str.format`` would."""

    def format_field(self, value, format_spec: str) -> str:
        if format_spec in ("an", "An"):  # {size:an}: the value with its article, 'an 8x8', 'a 7x7'
            word = article(str(value))
            return f"{word.capitalize() if format_spec == 'An' else word} {value}"
        if format_spec.replace(" ", "").isalpha():
            return count(int(value), format_spec)
        return super().format_field(value, format_spec)


_COUNTING = _Counting()


def text(page: str, name: str, **values) -> str:
    """A section of a page's lesson text, its fields filled from ``values``: ``{stride}`` with the value,
    ``{cells:cell}`` with a count and its noun ('1 cell', '4 cells'), ``{page:shapes}`` with a page's number."""
    body = _PAGE.sub(page_number, sections(page)[name])
    return _COUNTING.format(body, **values) if values else body
