"""Predict, then see: the question each page asks before its figures, checked against the core; the page hides
its answer until the prediction is checked or revealed, and counts the right ones."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pagetest import config, drawn_grids, open_page, texts

import core
from ui import predictions
from ui.settings.configure import configuration
from ui.settings.registry import DEFAULTS

# page -> (the prediction it asks, a grid key its hidden section draws)
PAGES = {
    "shapes": (predictions.output_size, None),
    "scatter": (lambda cfg: predictions.followed_value(cfg, (0, 0)), "scatter_pick_output"),
    "zero_insertion": (predictions.zero_inserted_size, None),
    "checkerboard": (predictions.busiest_cell, None),
}


def asked(at, page: str):
    return PAGES[page][0](config(at))


def typed(at, page: str, values) -> None:
    for i, value in enumerate(values):
        at.number_input(key=f"{page}_predict_{i}").set_value(value)
    at.button(key=f"{page}_predict_check").click().run()


@pytest.mark.parametrize("page", list(PAGES))
def test_the_page_asks_first_and_hides_its_answer(page):
    at = open_page(page, predict="on")
    assert not at.exception
    q = asked(at, page)
    words = texts(at)
    assert q.prompt in words and "appear once you check your prediction" in words
    plain = open_page(page)
    assert len(drawn_grids(at)) < len(drawn_grids(plain)) or page == "shapes", "the figures should wait"
    assert q.prompt not in texts(plain), "with the switch off, no question"
    kept = at.query_params.get("predict")
    assert (kept[-1] if isinstance(kept, list) else kept) == "on"


@pytest.mark.parametrize("page", list(PAGES))
def test_a_wrong_prediction_gets_the_answer_and_the_reasoning_then_the_figures(page):
    at = open_page(page, predict="on")
    q = asked(at, page)
    typed(at, page, [a + 1 for a in q.answer])
    words = texts(at)
    assert f"the answer is {q.said()}" in words and q.reasoning.split("\n")[0] in words
    assert "Right predictions this visit: 0 of 1." in words
    assert len(drawn_grids(at)) >= len(drawn_grids(open_page(page))), "the figures show after the check"


@pytest.mark.parametrize("page", list(PAGES))
def test_a_right_prediction_is_counted(page):
    at = open_page(page, predict="on", h=4, w=5, sh=3, kh=2)
    q = asked(at, page)
    typed(at, page, list(q.answer))
    words = texts(at)
    assert f"Right: {q.said()}." in words and "Right predictions this visit: 1 of 1." in words


def test_reveal_shows_the_answer_without_counting_a_prediction():
    at = open_page("shapes", predict="on")
    q = asked(at, "shapes")
    at.button(key="shapes_predict_reveal").click().run()
    words = texts(at)
    assert f"The answer: {q.said()}." in words and "Right predictions" not in words
    assert "appear once you check" not in words


def test_a_box_left_empty_is_asked_for():
    at = open_page("zero_insertion", predict="on")
    at.button(key="zero_insertion_predict_check").click().run()
    assert "Type a number in every box" in texts(at) and "appear once you check" in texts(at)


SETTINGS = st.fixed_dictionaries({
    "h": st.integers(1, 8), "w": st.integers(1, 8), "kh": st.integers(1, 7), "kw": st.integers(1, 7),
    "sh": st.integers(1, 4), "sw": st.integers(1, 4), "d": st.integers(1, 3), "ph": st.integers(0, 3),
    "pw": st.integers(0, 3), "convention": st.sampled_from(["pytorch", "keras-valid", "keras-same"]),
    "fill": st.sampled_from(["integers", "random", "ones"]), "seed": st.integers(0, 50)})


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SETTINGS)
def test_every_answer_and_the_numbers_of_its_reasoning_are_the_cores(drawn):
    cfg = configuration(DEFAULTS | drawn)
    if cfg.problem:
        return
    geo = cfg.geometry
    size = predictions.output_size(cfg)
    assert size.answer == tuple(float(v) for v in cfg.output().shape)
    spans = [(n - 1) * s + d * (k - 1) + 1 for n, s, d, k in zip(cfg.input_size, geo.stride, geo.dilation,
                                                                  cfg.kernel_size)]
    assert f"= {spans[0]}x{spans[1]} cells" in size.reasoning
    zeros = predictions.zero_inserted_size(cfg)
    assert zeros.answer == tuple(float(v) for v in core.zero_insert(cfg.input, cfg.stride).shape)
    busiest = predictions.busiest_cell(cfg)
    counts = core.contribution_count(cfg.input_size, cfg.kernel_size, **cfg.settings)
    assert busiest.answer == (float(counts.max()),)
    rows, cols = (int(n) for n in re.findall(r"at most (\d+) (?:stamps?|of)", busiest.reasoning)[:2])
    assert rows * cols == counts.max()
    out = cfg.output()
    for cell in [(0, 0), tuple(np.array(out.shape) - 1), tuple(np.array(out.shape) // 2)]:
        value = predictions.followed_value(cfg, cell)
        assert value.answer[0] == pytest.approx(float(out[cell]), abs=1e-9)
        terms = re.search(r"sum is\s+(.+?) = \*\*", value.reasoning, re.S)
        if terms:
            assert len(terms.group(1).split(" + ")) == len(core.trace_conv_transpose2d(
                cfg.input, cfg.kernel, **cfg.settings).contributors(*cell))
