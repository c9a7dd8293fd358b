"""Text from an address or a visitor's typing is shown inert: a code span that markdown cannot turn into a
link, a picture, maths, markup or a change of direction, whatever the text holds; short; one line."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pagetest import open_page

from ui.inert import LIMIT, quote, visible

HOSTILE = [
    "https://evil.example/login",
    "www.evil.example",
    "teacher@evil.example",
    "[click](http://evil.example)",
    "![x](http://evil.example/p.png)",
    "<img src=x onerror=alert(1)>",
    "$\\frac{1}{0}$",
    ":red[alarm] :material/warning:",
    "abc\u202edcba",
    "line one\nline two",
    "`code` ``more``",
    "**bold** _it_ ~~gone~~",
]


def _code_span(shown: str) -> str:
    """The text inside the one code span ``shown`` is; fails when it is not exactly one code span."""
    match = re.fullmatch(r"(`+)( ?)(.*?)\2\1", shown, flags=re.S)
    assert match, f"not one code span: {shown!r}"
    fence, inner = match.group(1), match.group(3)
    longest = max((len(run) for run in re.findall(r"`+", inner)), default=0)
    assert longest < len(fence), f"a run of backticks inside ends the span early: {shown!r}"
    return inner


@given(st.text(max_size=200))
def test_any_text_becomes_one_short_code_span_on_one_line(text):
    shown = quote(text)
    if shown == "(nothing)":
        assert not visible(text)
        return
    inner = _code_span(shown)
    assert len(inner) <= LIMIT + 3
    assert not any(unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"} for c in shown)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_kept_readable_inside_a_code_span(text):
    inner = _code_span(quote(text))
    assert "\u202e" not in inner and "\n" not in inner
    assert inner.rstrip(".")[:10] == visible(text)[:10]  # the visitor reads what they sent


def test_a_long_text_is_cut_and_says_so():
    assert quote("x" * 100) == "`" + "x" * LIMIT + "...`"


def warnings(at) -> str:
    return "\n".join(str(w.value) for w in at.sidebar.get("warning"))


@pytest.mark.parametrize("text", HOSTILE[:3] + HOSTILE[8:10])
def test_an_address_echoed_in_a_warning_carries_no_link_or_direction_change(text):
    at = open_page("start", h=text, convention=text)
    said = warnings(at)
    assert not at.exception
    spans = re.findall(r"`[^`]*`", said)
    outside = re.sub(r"`[^`]*`", "", said)
    assert len(spans) == 2, said
    assert not re.search(r"https?:|www\.|@", outside), said  # every visitor's character is inside a span
    assert "\u202e" not in said


def test_a_typed_answer_is_echoed_inert_and_a_huge_number_gets_our_sentence():
    at = open_page("practice", practice_seed=5)  # a question answered with a cell
    for answer in ("[x](http://evil.example) ![p](http://evil.example/p.png) $x^2$", "1" * 4301 + ", 2"):
        at.text_input(key="practice_cell").input(answer)
        at = at.button(key="practice_check").click().run()
        assert not at.exception
        said = at.warning[0].value
        assert "is not a cell" in said and "Exceeds" not in said and "4300" not in said
        assert not re.search(r"https?:|\$|!\[", re.sub(r"`[^`]*`", "", said)), said
