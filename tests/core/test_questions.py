"""ui.questions: deterministic per seed, every answer equal to the core's, checks and explanations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core
from ui import questions
from ui.questions import check, generate, kind_of, next_seed, parse_cell

SEEDS = range(60)


def test_same_seed_same_question():
    for seed in (0, 1, 2, 1234, 99_999):
        a, b = generate(seed), generate(seed)
        assert a == b
        assert a.prompt == b.prompt and a.explanation == b.explanation


def test_kinds_take_turns():
    assert [kind_of(s) for s in range(6)] == ["shape", "value", "overlap"] * 2
    assert [generate(s).kind for s in range(6)] == ["shape", "value", "overlap"] * 2
    assert len({generate(s).prompt for s in SEEDS}) >= 0.9 * len(SEEDS)  # seldom two alike


def test_next_seed_finds_the_asked_kind():
    assert next_seed(0) == 1
    assert next_seed(0, "overlap") == 2
    assert next_seed(2, "overlap") == 5
    assert next_seed(4, "shape") == 6
    assert next_seed(4, "mixed") == 5


@pytest.mark.parametrize("seed", [s for s in SEEDS if kind_of(s) == "shape"])
def test_shape_answers_are_the_cores(seed):
    q = generate(seed)
    (n, _), (k, _) = q.input_size, q.kernel_size
    assert f"{n}x{n} input" in q.prompt and f"{k}x{k} kernel" in q.prompt
    assert q.answer == core.output_size(n, k, **q.settings)[0]
    assert q.output_shape == core.output_size(n, k, **q.settings)
    assert f"**{int(q.answer)}**" in q.explanation
    assert check(q, q.answer).correct and not check(q, q.answer + 1).correct


@pytest.mark.parametrize("seed", [s for s in SEEDS if kind_of(s) == "value"])
def test_value_answers_are_the_cores_and_the_explanation_sums_to_them(seed):
    q = generate(seed)
    out = core.conv_transpose2d(q.input, q.kernel, **q.settings)
    y, x = q.cell
    assert q.answer == out[y, x]
    assert q.output_shape == out.shape
    # The listed products are the contributors, one per step landing on the cell, and they sum up.
    trace = core.trace_conv_transpose2d(q.input, q.kernel, **q.settings)
    assert len(q.steps) == len(trace.contributors(y, x)) >= 1
    for (i, j), xv, (a, b), kv, product in q.steps:
        assert xv == q.input[i, j] and kv == q.kernel[a, b] and product == xv * kv
    assert sum(step[-1] for step in q.steps) == pytest.approx(q.answer)
    # A cell where several products meet is asked when there is one.
    counts = core.contribution_count(q.input.shape, q.kernel.shape, **q.settings)
    assert counts[y, x] >= min(2, counts.max())


@pytest.mark.parametrize("seed", [s for s in SEEDS if kind_of(s) == "overlap"])
def test_overlap_answers_are_the_cores(seed):
    q = generate(seed)
    counts = core.contribution_count(q.input.shape, q.kernel.shape, **q.settings)
    np.testing.assert_array_equal(q.counts, counts)
    if q.ask == "cell":
        assert set(q.cells) == {tuple(int(v) for v in c) for c in np.argwhere(counts == counts.max())}
        assert len(q.cells) <= max(1, counts.size // 4)
        r, c = q.cells[-1]
        assert check(q, f"({r}, {c})").correct
        assert not check(q, f"{counts.shape[0]}, 0").correct
    else:
        assert q.answer == counts.max()
    assert f"**{counts.max()}**" in q.explanation


def test_value_question_on_given_settings_uses_them():
    x, k = np.arange(6.0).reshape(2, 3) / 2, np.array([[1.0, -1.0], [0.5, 2.0]])
    settings_ = dict(stride=(2, 1), padding=((0, 1), (1, 0)), output_padding=(0, 0), dilation=(1, 1))
    q = generate(1, sidebar=(x, k, settings_, "the sidebar's own settings"))
    assert "Take the sidebar's own settings." in q.prompt
    out = core.conv_transpose2d(x, k, **settings_)
    assert q.answer == out[q.cell]
    assert check(q, q.answer + 0.004).correct  # two decimals are enough
    assert not check(q, q.answer + 0.02).correct


def test_check_says_what_is_right():
    q = generate(0)
    right, wrong = check(q, q.answer), check(q, q.answer + 2)
    assert right.message.startswith("**Correct:**")
    assert wrong.message.startswith("**Not quite:**")
    assert f"the answer is **{int(q.answer)}**" in wrong.message


@pytest.mark.parametrize("text,cell", [("2, 3", (2, 3)), ("(2,3)", (2, 3)), ("[0 ; 11]", (0, 11)), (" 4 5 ", (4, 5))])
def test_parse_cell_reads_common_ways_of_writing_a_cell(text, cell):
    assert parse_cell(text) == cell


@pytest.mark.parametrize("text", ["", "middle", "2", "2, 3, 4", "2.5, 1"])
def test_parse_cell_explains_what_it_needs(text):
    with pytest.raises(ValueError, match="two whole numbers"):
        parse_cell(text)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_any_seed_gives_a_checkable_question(seed):
    q = generate(seed)
    assert q.kind in questions.KINDS and q.prompt and q.explanation
    if q.ask == "cell":
        assert check(q, f"{q.cells[0][0]}, {q.cells[0][1]}").correct
    else:
        assert check(q, q.answer).correct
