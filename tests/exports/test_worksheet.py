"""The worksheet and its key: every question's words on the sheet, the core's answer in the key, the
seed on every page, and the same sheet from the same seed."""

from __future__ import annotations

import io

import numpy as np
import pytest
from pypdf import PdfReader

import core
from ui import questions
from ui.exports import worksheet
from ui.questions import MAX_QUESTIONS
from ui.words import number


def pages(data: bytes) -> list[str]:
    """Each page's text, its runs of white space read as one space."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def core_answer(q: questions.Question) -> str:
    """The answer as the key prints it, computed here from the core alone."""
    if q.kind == "shape":
        n, k = q.input_size[0], q.kernel_size[0]
        return number(core.output_size(n, k, **q.settings)[0])
    if q.kind == "value":
        return number(core.conv_transpose2d(q.input, q.kernel, **q.settings)[q.cell])
    counts = core.contribution_count(q.input_size, q.kernel_size, **q.settings)
    if q.ask == "number":
        return number(counts.max())
    return ", ".join(f"({r}, {c})" for r, c in np.argwhere(counts == counts.max()))


@pytest.fixture(scope="module")
def sheet():
    options = worksheet.SheetOptions(seed=4821, count=9)
    return options, worksheet.sheet_questions(options), worksheet.worksheet(options), worksheet.answer_key(options)


def test_the_sheet_holds_every_question_and_the_seed_on_every_page(sheet):
    options, qs, data, _ = sheet
    text = pages(data)
    assert all("Seed 4821" in page for page in text)
    whole = " ".join(text)
    assert [q.seed for q in qs] == list(range(4821, 4830))
    for n, q in enumerate(qs, start=1):
        assert f"{n}. {questions.KINDS[q.kind]} (question {q.seed})" in whole
        assert " ".join(worksheet.plain(q.prompt).split()) in whole
    assert whole.count("Answer: ____") == len(qs)
    assert "Answer: " + core_answer(qs[0]) not in whole  # the sheet does not give the answers away


def test_the_key_gives_the_cores_answer_with_the_reasoning(sheet):
    _, qs, _, data = sheet
    whole = " ".join(pages(data))
    headings = [f"{n}. {questions.KINDS[q.kind]} (question {q.seed})" for n, q in enumerate(qs, start=1)]
    for n, (q, heading) in enumerate(zip(qs, headings)):
        start = whole.index(heading)
        part = whole[start:whole.index(headings[n + 1]) if n + 1 < len(qs) else len(whole)]
        assert f"Answer: {core_answer(q)}" in part, heading
        if q.kind == "value":  # the table of products and their sum
            for _, xv, _, kv, prod in q.steps:
                assert f"{number(xv)} " in part and f"{number(kv)} " in part and f"{number(prod)}" in part
            ends = f"= {core_answer(q)}." if len(q.steps) > 1 else f"that product: {core_answer(q)}."
            assert ends in part  # the sum of the products, or the one product
        if q.kind == "overlap":
            assert "Products landing on each output cell" in part


def test_the_same_seed_gives_the_same_sheet_and_another_seed_another():
    first = worksheet.worksheet(worksheet.SheetOptions(seed=17, count=3))
    assert first == worksheet.worksheet(worksheet.SheetOptions(seed=17, count=3))
    assert first != worksheet.worksheet(worksheet.SheetOptions(seed=18, count=3))


def test_one_kind_takes_only_its_questions_from_the_seed_on():
    options = worksheet.SheetOptions(seed=100, count=4, kind="value")
    qs = worksheet.sheet_questions(options)
    assert [q.kind for q in qs] == ["value"] * 4 and qs[0].seed >= 100
    assert [q.seed for q in qs] == sorted({q.seed for q in qs})


def test_value_questions_on_the_sidebars_settings():
    x, k = np.arange(4.0).reshape(2, 2), np.array([[1.0, -1.0], [2.0, 0.5]])
    settings = dict(stride=(2, 2), padding=((0, 0), (0, 0)), output_padding=(0, 0), dilation=(1, 1))
    options = worksheet.SheetOptions(seed=1, count=2, kind="value", sidebar=(x, k, settings, "the sidebar's 2x2"))
    qs = worksheet.sheet_questions(options)
    assert len(qs) == 2
    text = " ".join(pages(worksheet.answer_key(options)))
    for q in qs:
        np.testing.assert_array_equal(q.input, x)
        assert f"Answer: {core_answer(q)}" in text


def test_a_count_out_of_range_is_refused_with_a_sentence():
    with pytest.raises(ValueError, match=f"1 to {MAX_QUESTIONS} questions, not 0"):
        worksheet.SheetOptions(seed=1, count=0)
