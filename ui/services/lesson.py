"""Lesson text, kept in ``assets/lesson/<page>.md``, and the lesson's pages in order.

A page's file is split into sections by marker lines ``<!-- name -->``; ``text(page, name)``
returns one section's markdown. Placeholders like ``{stride}`` are filled from keywords, a count
with its noun (``{cells:cell}``: '1 cell', '4 cells') from a number, and
``{page:checkerboard}`` is that page's number in the lesson (``PAGES``), so text that sends the
reader to another page stays right when pages are added or moved.
"""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path

from ui.words import article, count

LESSON = Path(__file__).resolve().parents[2] / "assets" / "lesson"
_MARKER = re.compile(r"^<!--\s*([\w-]+)\s*-->\s*$", re.MULTILINE)
_PAGE = re.compile(r"\{page:(\w+)\}")

# The lesson's pages in order: (name, address, title, icon). app.py builds the navigation from this
# list; the numbers in the titles and in the text ({page:name}) come from its order. A page's file
# in pages/ is named as its address (``page_file``).
PAGES = [
    ("start", "", "Start", ":material/school:"),
    ("upsampling", "upsampling", "Upsampling without learning", ":material/zoom_out_map:"),
    ("scatter", "scatter", "Scatter-add, step by step", ":material/grid_view:"),
    ("zero_insertion", "zero-insertion", "Zero insertion is a convolution", ":material/blur_on:"),
    ("transposed", "transposed", 'Why "transposed"', ":material/swap_horiz:"),
    ("channels", "channels", "Channels and groups", ":material/layers:"),
    ("checkerboard", "checkerboard", "Checkerboard", ":material/grid_4x4:"),
    ("learning", "learning", "Learning the filter", ":material/model_training:"),
    ("shapes", "shapes", "Shapes and frameworks", ":material/straighten:"),
    ("designer", "designer", "Layer designer", ":material/architecture:"),
    ("practice", "practice", "Practice", ":material/quiz:"),
]
NUMBER = {name: n for n, (name, *_) in enumerate(PAGES, start=1)}


def page_file(name: str) -> str:
    """The file of page ``name`` in pages/: its address, or its name for the start page.

    Named so, a deep link works on a fresh server's first visit too: Streamlit 1.67 serves that
    first run in its legacy pages-folder mode (there is a folder named pages/), which finds a page
    by its file's name and, not finding "zero-insertion" as zero_insertion.py, showed "Page not
    found" over the right page.
    """
    address = next(path for n, path, *_ in PAGES if n == name)
    return f"{address or name}.py"


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
