"""Lesson text, kept in ``assets/lesson/<page>.md``.

A page's file is split into sections by marker lines ``<!-- name -->``; ``text(page, name)``
returns one section's markdown. Placeholders like ``{stride}`` are filled from keywords.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

LESSON = Path(__file__).resolve().parents[2] / "assets" / "lesson"
_MARKER = re.compile(r"^<!--\s*([\w-]+)\s*-->\s*$", re.MULTILINE)


@cache
def sections(page: str) -> dict[str, str]:
    raw = (LESSON / f"{page}.md").read_text(encoding="utf-8")
    parts = _MARKER.split(raw)
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2])}


def text(page: str, name: str, **values) -> str:
    body = sections(page)[name]
    return body.format(**values) if values else body
