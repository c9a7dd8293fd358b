"""Lesson text, kept in ``assets/lesson/<page>.md``, and the lesson's pages in order.

A page's file is split into sections by marker lines ``<!-- name -->``; ``text(page, name)``
returns one section's markdown. Placeholders like ``{stride}`` are filled from keywords, and
``{page:checkerboard}`` is that page's number in the lesson (``PAGES``), so text that sends the
reader to another page stays right when pages are added or moved.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

LESSON = Path(__file__).resolve().parents[2] / "assets" / "lesson"
_MARKER = re.compile(r"^<!--\s*([\w-]+)\s*-->\s*$", re.MULTILINE)
_PAGE = re.compile(r"\{page:(\w+)\}")

# The lesson's pages in order: (file in pages/, address, title, icon). app.py builds the navigation
# from this list; the numbers in the titles and in the text ({page:name}) come from its order.
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


def text(page: str, name: str, **values) -> str:
    body = _PAGE.sub(page_number, sections(page)[name])
    return body.format(**values) if values else body
