"""A figure's sentence in a row (``ui.show.row``'s notes) is on the page under its figure, as the lesson writes it:
its bold and code as elements, its text as text (markup in a note is never HTML), one paragraph per paragraph."""

from __future__ import annotations

import pytest
from driving import open_page

from ui.text import text

pytestmark = pytest.mark.e2e

ROW = "[data-row='upsampling_rules_0']"  # the input, nearest neighbour and bilinear, at the defaults (scale 2)


def _plain(markdown: str) -> str:
    return " ".join(markdown.replace("**", "").split())


@pytest.mark.parametrize("width", [390, 1400])
def test_the_upsampling_rules_say_what_they_do_under_their_grids(new_page, server, width):
    pg = new_page(viewport={"width": width, "height": 900})
    open_page(pg, f"{server}/upsampling")
    items = pg.locator(f"{ROW} .tcl-figrow-item")
    assert items.count() == 3
    assert items.nth(0).locator(".tcl-note").count() == 0  # the input: the settings' caption is above the row
    for n, words in ((1, text("upsampling", "nearest", s=2)), (2, text("upsampling", "bilinear", align="off"))):
        note = items.nth(n).locator(".tcl-note")
        assert " ".join(note.inner_text().split()) == _plain(words)
        assert note.locator("p").count() == 1
        bold = note.locator("strong").all_inner_texts()
        assert bold[0] in ("Nearest neighbour", "Bilinear") and len(bold) == words.count("**") // 2
        box, figure = note.bounding_box(), items.nth(n).locator("[data-grid]").bounding_box()
        assert box["y"] >= figure["y"] + figure["height"] - 1  # under its figure
    assert pg.locator(f"{ROW} .tcl-note script, {ROW} .tcl-note img").count() == 0
