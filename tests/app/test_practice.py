"""Page 8: the question is read off the page, answered with the core, and checked by the page."""

from __future__ import annotations

import re

import numpy as np
import pytest
from pagetest import HARNESS, config, figures, heatmap_z, texts
from streamlit.testing.v1 import AppTest

import core
from ui.settings.presets import PRESETS

SHAPE = re.compile(r"(\d+)x(\d+) input goes through a transposed convolution with a (\d+)x(\d+) kernel, "
                   r"stride (\d+),\s+padding (\d+), output padding (\d+) and dilation (\d+)\. "
                   r"\*\*How many rows")
VALUE = re.compile(r"Take a (\d+)x(\d+) input and a (\d+)x(\d+) kernel, stride (\d+), padding (\d+)\. "
                   r"The output is (\d+)x(\d+)\. \*\*What is the output value at row (\d+),\s+column (\d+)\?")
OVERLAP = re.compile(r"A (\d+)x(\d+) input and a (\d+)x(\d+) kernel, stride (\d+), padding (\d+): "
                     r"the output is (\d+)x(\d+)\.")


def open_practice(seed: int, **params) -> AppTest:
    at = AppTest.from_file(HARNESS, default_timeout=60)
    at.session_state["_test_page"] = "practice"
    at.session_state["practice_seed"] = seed
    for key, value in params.items():
        at.query_params[key] = str(value)
    return at.run()


def prompt(at) -> str:
    return next(m.value for m in at.markdown if "**" in m.value and ("?" in m.value))


def solve(at):
    """Read the question on the page and answer it with the core: (kind, answer, every right answer)."""
    text = prompt(at)
    if match := SHAPE.search(text):
        n, _, k, _, s, p, op, d = (int(v) for v in match.groups())
        out = core.output_size(n, k, stride=s, padding=p, output_padding=op, dilation=d)[0]
        return "number", out, [out]
    if match := VALUE.search(text):
        h, w, kh, kw, s, p, ho, wo, y, x = (int(v) for v in match.groups())
        specs = figures(at)
        inp, ker = heatmap_z(specs["practice_input"]), heatmap_z(specs["practice_kernel"])
        assert inp.shape == (h, w) and ker.shape == (kh, kw)
        out = core.conv_transpose2d(inp, ker, stride=s, padding=p)
        assert out.shape == (ho, wo)
        return "number", float(out[y, x]), [float(out[y, x])]
    match = OVERLAP.search(text)
    assert match, text
    n, _, k, _, s, p, ho, wo = (int(v) for v in match.groups())
    counts = core.contribution_count(n, k, stride=s, padding=p)
    assert counts.shape == (ho, wo)
    if "Which output cell" in text:
        cells = [tuple(int(v) for v in c) for c in np.argwhere(counts == counts.max())]
        return "cell", cells[0], cells
    return "number", int(counts.max()), [int(counts.max())]


def answer(at, kind: str, value) -> AppTest:
    if kind == "cell":
        at.text_input(key="practice_cell").input(f"{value[0]}, {value[1]}")
    else:
        at.number_input(key="practice_answer").set_value(value)
    return at.button(key="practice_check").click().run()


@pytest.mark.parametrize("seed", [0, 1, 2, 4, 5, 11])
def test_right_answer_is_correct_with_an_explanation(seed):
    at = open_practice(seed)
    assert not at.exception
    kind, value, _ = solve(at)
    at = answer(at, kind, value)
    assert not at.exception
    assert at.success and at.success[0].value.startswith("**Correct:**")
    shown = texts(at)
    if "How many rows" in prompt(at):
        assert "In one line: H_out" in shown and f"= **{value}**" in shown
    elif "output value" in prompt(at):
        # The explanation lists the contributing products, and they sum to the answer.
        table = [line for line in shown.splitlines() if re.match(r"\| \d+ \| \(", line)]
        assert table
        assert sum(float(line.split("|")[-2]) for line in table) == pytest.approx(value)
    else:
        counts = heatmap_z(figures(at)["practice_counts"])
        assert counts.max() == core.contribution_count(*_overlap_args(at)).max()
    assert "Score this session: 1 of 1" in shown


def _overlap_args(at):
    n, _, k, _, s, p, _, _ = (int(v) for v in OVERLAP.search(prompt(at)).groups())
    return n, k, s, p


@pytest.mark.parametrize("seed", [3, 7, 8, 5])
def test_wrong_answer_says_not_quite_and_shows_the_answer(seed):
    at = open_practice(seed)
    kind, value, rights = solve(at)
    if kind == "cell":
        wrong = next((r, c) for r in range(20) for c in range(20) if (r, c) not in rights)
        at = answer(at, kind, wrong)
        expected = f"({rights[0][0]}, {rights[0][1]})"
    else:
        at = answer(at, kind, value + 1)
        expected = core_number(value)
    assert not at.exception
    assert at.error and at.error[0].value.startswith("**Not quite:**")
    assert f"the answer is **{expected}" in at.error[0].value
    assert "Score this session: 0 of 1" in texts(at)


def core_number(v) -> str:
    from ui.words import number
    return number(v)


def test_new_question_changes_the_question_and_the_score_counts_first_tries():
    at = open_practice(10)
    first = prompt(at)
    kind, value, _ = solve(at)
    at = answer(at, kind, value)
    at = answer(at, kind, value)  # checking again does not score twice
    at.button(key="practice_new").click().run()
    assert not at.exception
    assert at.session_state["practice_seed"] == 11
    assert prompt(at) != first
    assert not at.success  # the old verdict is gone
    kind, value, rights = solve(at)
    at = answer(at, kind, (99, 99) if kind == "cell" else value + 5)
    assert "Score this session: 1 of 2" in texts(at)


def test_a_cell_answer_that_is_not_a_cell_is_explained_not_scored():
    at = open_practice(5)
    at.text_input(key="practice_cell").input("the middle one")
    at = at.button(key="practice_check").click().run()
    assert not at.exception
    assert "is not a cell" in at.warning[0].value
    assert "Score this session" not in texts(at)
    at = at.button(key="practice_check").click().run()
    at.text_input(key="practice_cell").input("")
    at = at.button(key="practice_check").click().run()
    assert "Type an answer first" in at.warning[0].value


def test_choosing_a_kind_moves_to_a_question_of_that_kind():
    at = open_practice(0)
    at.radio(key="practice_kind").set_value("overlap").run()
    assert not at.exception
    assert at.session_state["practice_seed"] == 2
    assert OVERLAP.search(prompt(at))
    at.button(key="practice_new").click().run()
    assert at.session_state["practice_seed"] == 5


def test_value_question_on_the_sidebars_settings():
    at = open_practice(4, h=4, w=3, kh=2, kw=3, sh=2, sw=1, ph=1, pw=0)
    at.toggle(key="practice_use_sidebar").set_value(True).run()
    assert not at.exception
    cfg = config(at)
    specs = figures(at)
    np.testing.assert_array_equal(heatmap_z(specs["practice_input"]), cfg.input)
    match = re.search(r"row (\d+),\s+column (\d+)\?", prompt(at))
    y, x = int(match.group(1)), int(match.group(2))
    out = cfg.output()
    at = answer(at, "number", float(out[y, x]))
    assert at.success[0].value.startswith("**Correct:**")
    assert "the sidebar's 4x3 input" in prompt(at)


def test_sidebar_settings_that_cannot_work_fall_back_to_generated_values():
    at = open_practice(1, h=1, w=1, kh=1, kw=1, sh=1, sw=1, ph=2, pw=2)
    at.toggle(key="practice_use_sidebar").set_value(True).run()
    assert not at.exception
    assert "cannot produce an output" in at.info[0].value
    kind, value, _ = solve(at)
    at = answer(at, kind, value)
    assert at.success[0].value.startswith("**Correct:**")


def test_a_first_visit_draws_a_question_without_a_seed_given():
    at = AppTest.from_file(HARNESS, default_timeout=60)
    at.session_state["_test_page"] = "practice"
    at.run()
    assert not at.exception
    assert isinstance(at.session_state["practice_seed"], int)
    solve(at)


def test_value_questions_on_every_preset_and_on_extremes():
    at = open_practice(1)
    at.toggle(key="practice_use_sidebar").set_value(True).run()
    for name in PRESETS:
        at.sidebar.selectbox(key="preset").set_value(name).run()
        assert not at.exception, name
        cfg = config(at)
        np.testing.assert_array_equal(heatmap_z(figures(at)["practice_input"]), cfg.input, err_msg=name)
    for key, value in (("convention", "keras-same"), ("h", 8), ("w", 8), ("kh", 7), ("kw", 7), ("sh", 4), ("sw", 4)):
        control = at.sidebar.radio(key=key) if key == "convention" else at.sidebar.slider(key=key)
        control.set_value(value).run()
        assert not at.exception, key
    cfg = config(at)
    match = re.search(r"row (\d+),\s+column (\d+)\?", prompt(at))
    out = cfg.output()
    assert cfg.convention == "keras-same" and out.shape == cfg.output_size
    at = answer(at, "number", float(out[int(match.group(1)), int(match.group(2))]))
    assert at.success[0].value.startswith("**Correct:**")


def test_the_question_is_in_the_address():
    """The start page promises the address reopens what is on screen; the practice question once was not in it."""
    at = AppTest.from_file(HARNESS, default_timeout=60)
    at.session_state["_test_page"] = "practice"
    at.query_params["practice_seed"] = "4321"
    at.run()
    assert not at.exception and at.session_state["practice_seed"] == 4321
    assert "Question 4321" in " ".join(s.value for s in at.header)
    query = {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert query == {"practice_seed": "4321"}
    at.button(key="practice_new").click().run()
    seed = at.session_state["practice_seed"]
    assert seed != 4321 and at.query_params["practice_seed"] in (str(seed), [str(seed)])
    fresh = open_practice(seed)  # the same seed opens the same question
    assert f"Question {seed}" in " ".join(s.value for s in fresh.header)
