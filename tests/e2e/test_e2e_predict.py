"""Predict first, in the browser: the shapes page asks for the output's size, a wrong answer gets the answer
and the reasoning and the figures appear; on the checkerboard page a teacher reveals with the V key."""

from __future__ import annotations

import pytest
from browsing import screenshot
from driving import MAIN, after_rerun, assert_no_exception, eventually, open_page

pytestmark = pytest.mark.e2e


def test_a_prediction_is_checked_then_the_figures_show(new_page, server):
    pg = new_page()
    open_page(pg, f"{server}/shapes?predict=on&h=4&sh=3")
    main = pg.locator(MAIN)
    assert "appear once you check your prediction" in main.inner_text()
    assert pg.locator(f"{MAIN} .katex-display").count() == 0, "the formulas wait for the prediction"
    boxes = pg.locator(".st-key-shapes_predict_box input[type=number]")
    for i, value in enumerate(["10", "7"]):
        boxes.nth(i).fill(value)
        boxes.nth(i).press("Tab")
    after_rerun(pg, pg.get_by_role("button", name="Check").click)
    # 4 rows at stride 3, kernel 3: (4 - 1) x 3 + 3 = 12 rows; 3 columns at stride 2: 7 columns
    eventually(lambda: "Not quite: you said 10x7; the answer is 12x7." in main.inner_text())
    assert "Right predictions this visit: 0 of 1." in main.inner_text()
    eventually(lambda: pg.locator(f"{MAIN} .katex-display").count() > 0)
    assert_no_exception(pg)
    screenshot(pg, "predict-shapes-checked")


def test_a_teacher_reveals_with_one_key(new_page, server):
    pg = new_page()
    open_page(pg, f"{server}/checkerboard?predict=on")
    main = pg.locator(MAIN)
    assert "How many products land on the busiest output cell?" in main.inner_text()
    pg.locator(f"{MAIN} h1").click()  # the page has the keyboard, not a box
    after_rerun(pg, lambda: pg.keyboard.press("v"))
    eventually(lambda: "The answer: 4." in main.inner_text())
    assert "Right predictions" not in main.inner_text()
    assert_no_exception(pg)
