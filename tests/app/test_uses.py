"""Which of the sidebar's settings a page uses (``ui.pages.Page.uses``), checked against the page itself: each
sidebar setting is changed on its own, and a setting the page lists must change its figures or its sentences,
one it does not list none of its figures. The page says the list in a sentence."""

from __future__ import annotations

import json

import pytest
from pagetest import HARNESS, config, figures, open_page
from streamlit.testing.v1 import AppTest

from ui import questions
from ui.pages import PAGES
from ui.sentences import settings_used
from ui.settings.registry import SETTING, SIDEBAR

# One change of each setting that shapes a page (projector and predict-first mode change how, not what), from the
# defaults (input, kernel and stride 3, 3, 2): each gives an output the sidebar accepts. The seed is changed under
# a random fill, whose values it picks.
CHANGES = dict(convention="keras-same", h=4, w=4, kh=4, kw=4, sh=3, sw=3, d=2, oph=1, opw=1, ph=1, pw=1,
               fill="random", seed=1)
SHAPING = tuple(s.key for s in SIDEBAR if s.key in CHANGES)


def _main_texts(at) -> str:
    """What the page says in its own area (not the sidebar's), without the caption of the sidebar's values."""
    described = config(at).describe()
    said = [str(e.value) for kind in ("markdown", "caption", "info", "warning", "error", "success", "latex", "code")
            for e in at.main.get(kind)]
    return "\n".join(s for s in said if described not in s)


# The practice page asks about the sidebar's settings only in a value question with its switch on; elsewhere its
# question comes from its own number, drawn at random for a new visitor. Pinned here (a value question, and the
# worksheet's number too), so that two opens differ only in the setting changed.
PRACTICE = dict(practice_seed=questions.next_seed(1000, "value"), sheet_seed=1001)


def _open(page: str, **params) -> AppTest:
    if page != "practice":
        return open_page(page, **params)
    at = AppTest.from_file(HARNESS, default_timeout=60)
    at.session_state["_test_page"] = page
    at.session_state["practice_use_sidebar"] = True
    for key, value in {**PRACTICE, **params}.items():
        at.query_params[key] = str(value)
    return at.run()


def _seen(page: str, **params) -> tuple[str, str]:
    at = _open(page, **params)
    assert not at.exception, at.exception
    return json.dumps(figures(at), sort_keys=True, default=str), _main_texts(at)


def test_the_sidebar_settings_are_the_ones_changed_here():
    assert set(SHAPING) == set(CHANGES)
    for page in PAGES:
        assert set(page.uses) <= set(SHAPING), page.name
        assert all(SETTING[key].page is None for key in page.uses)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_page_uses_the_settings_it_names_and_no_other(page):
    base = _seen(page.name)
    random = _seen(page.name, fill="random")
    wrong, idle = [], []
    for key in SHAPING:
        before, more = (random, {"fill": "random"}) if key == "seed" else (base, {})
        shown, said = _seen(page.name, **more, **{key: CHANGES[key]})
        if key in page.uses and (shown, said) == before:
            idle.append(key)  # listed, but nothing on the page changed
        if key not in page.uses and shown != before[0]:
            wrong.append(key)  # a figure changed with a setting the page does not name
    assert not idle, f"{page.name} names settings that change nothing on it: {idle}"
    assert not wrong, f"{page.name}'s figures change with settings it does not name: {wrong}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_page_says_which_settings_it_uses(page):
    at = open_page(page.name)
    said = [str(e.value) for e in at.main.get("markdown")]
    assert any(settings_used(page.uses) in s for s in said)


def test_the_sentence_names_a_pair_once_and_a_lone_axis_by_its_axis():
    said = settings_used(("h", "w", "kh", "fill"))
    assert said == "*This page uses the sidebar's input size, kernel height and fill.*"
    assert settings_used(("sw", "sh", "oph", "opw")) == "*This page uses the sidebar's stride and output padding.*"
    assert settings_used(()) == "*This page uses none of the sidebar's settings.*"
