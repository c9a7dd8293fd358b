"""What a visitor reads is not cut off: the learning page's chosen methods, the sidebar's Values editor at
an 8-wide input, in a 1400 px window and in projector mode at 1280x720."""

from __future__ import annotations

import pytest
from browsing import screenshot
from driving import assert_no_exception, eventually, open_page, open_values

from ui.settings.registry import METHODS

pytestmark = pytest.mark.e2e

SIZES = {"": {"width": 1400, "height": 1000}, "proj=on&": {"width": 1280, "height": 720}}

# Each chosen method's tag in the Methods box: its label, and whether it is cut: its text ellipsised, or
# the tag reaching past the box that holds the tags (Streamlit 1.67 scrolls them sideways in one line).
_TAGS = """() => {
  const box = document.querySelector('.st-key-learn_methods [data-testid=stMultiSelectTagsContainer]');
  const seen = box.getBoundingClientRect();
  return Array.from(box.querySelectorAll('[data-tag]'), tag => {
    const text = tag.querySelector('[title]'), at = tag.getBoundingClientRect();
    return {label: text.title, cut: text.scrollWidth > text.clientWidth
                                    || at.left < seen.left - 0.5 || at.right > seen.right + 0.5
                                    || at.top < seen.top - 0.5 || at.bottom > seen.bottom + 0.5};
  });
}"""


@pytest.mark.parametrize("mode", list(SIZES), ids=["window", "projector"])
def test_every_chosen_method_is_readable(new_page, server, mode):
    pg = new_page(viewport=SIZES[mode])
    open_page(pg, f"{server}/learning?{mode}learn_methods={','.join(METHODS)}")
    assert_no_exception(pg)
    tags = pg.evaluate(_TAGS)
    screenshot(pg, f"learning-methods-{'projector' if mode else 'window'}")
    assert [t["label"] for t in tags] == list(METHODS.values()), tags
    cut = [t["label"] for t in tags if t["cut"]]
    assert not cut, f"the Methods box cuts {cut}"


# The Values editor's grid: the columns its accessible table holds (those in view; column 0 is the row
# numbers), and whether it scrolls sideways.
_GRID = """() => {
  const editor = document.querySelector('.st-key-x_editor');
  const scroller = editor.querySelector('.dvn-scroller');
  const cols = Array.from(editor.querySelectorAll('td[id^="glide-cell-"]'), td => Number(td.id.split('-')[2]));
  return cols.length ? {columns: Math.max(...cols), scrolls: scroller.scrollWidth > scroller.clientWidth + 1} : null;
}"""


@pytest.mark.parametrize("mode", list(SIZES), ids=["window", "projector"])
def test_the_values_editor_shows_every_column_of_an_8_wide_input(new_page, server, mode):
    pg = new_page(viewport=SIZES[mode])
    open_page(pg, f"{server}/?{mode}w=8")
    open_values(pg)
    assert_no_exception(pg)
    def drawn():
        shown = pg.evaluate(_GRID)
        assert shown is not None, "the Values editor's grid has not drawn its cells yet"
        return shown

    shown = eventually(drawn)
    pg.locator(".st-key-x_editor").screenshot(path=f"/tmp/ui25_values_{'projector' if mode else 'window'}.png")
    assert shown == {"columns": 8, "scrolls": False}, (
        f"the Values editor shows {shown['columns']} of the input's 8 columns"
        + (" and scrolls sideways" if shown["scrolls"] else ""))
