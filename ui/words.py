"""The lesson's words for numbers: one way to write a value, a count, a size, a pair, a list.

Every sentence that carries a number builds it with these, so "1 contribution", "2x3" and
"0.25" read the same on every page. Pure functions, no Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Irregular plurals of the lesson's nouns; every other noun takes an 's'.
PLURALS = {"matrix": "matrices", "axis": "axes", "is": "are"}


def number(v: float) -> str:
    """A value as a reader writes it: 3, not 3.0; 0.25, not 0.250000."""
    if float(v).is_integer():
        return str(int(v))
    return f"{v:.3g}"


def plural(n: int, word: str) -> str:
    """``word`` as it goes with ``n`` things: 'row' for 1, 'rows' otherwise."""
    return word if n == 1 else PLURALS.get(word, word + "s")


def count(n: int, word: str) -> str:
    """'1 contribution', '2 contributions', '0 rows'."""
    return f"{number(n)} {plural(n, word)}"


def ordinal(n: int) -> str:
    """'1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st'."""
    n = int(n)
    tail = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{tail}"


def size(shape: Sequence[int]) -> str:
    """A grid's size as the figures title it: '2x3'."""
    return "x".join(str(int(n)) for n in shape)


def pair(values: Sequence[int]) -> str:
    """A per-axis setting: '3' when both axes agree, else '2x3' (height x width)."""
    return str(values[0]) if values[0] == values[1] else f"{values[0]}x{values[1]}"


def per_axis(values: Sequence[int]) -> str:
    """A per-axis setting in words: '3' when both axes agree, else '2 (height) and 3 (width)'."""
    return str(values[0]) if values[0] == values[1] else f"{values[0]} (height) and {values[1]} (width)"


def listing(items: Sequence[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def article(spoken: str) -> str:
    """'a' or 'an' before a size or a number, as it is read aloud: 'an 8x8', 'an 11x26', 'a 7x7'."""
    digits = re.match(r"\d+", str(spoken))
    if not digits:
        return "an" if str(spoken)[:1].lower() in "aeiou" else "a"
    n = digits.group(0)
    # eight..., eleven..., eighteen...: "eleven" and "eighteen" lead only when the digits come in groups
    # of three plus two (11, 18, 11 000, 18 500); "eight" whenever the first digit is 8.
    return "an" if n[0] == "8" or (len(n) % 3 == 2 and n[:2] in ("11", "18")) else "a"


def cell(row: int, col: int) -> str:
    """An index as the figures write it: '1,2' (counting from 0, like every grid here)."""
    return f"{int(row)},{int(col)}"


def share(fraction: float) -> str:
    """A fraction as a percentage a reader compares: '1.2%', '0%', 'more than 1000%'."""
    if fraction != fraction or fraction > 10:  # NaN or inf: a mean of zero
        return "more than 1000%"
    return f"{number(round(100 * fraction, 1))}%"
