"""A visitor types a number into a cell of the input grid (the sidebar's data editor): the input
figure shows it in that cell, the output becomes the core's result for the edited input, and the
address carries the typed values."""

import numpy as np
import pytest
from browsing import screenshot
from driving import (
    EXCEPTION,
    after_rerun,
    assert_no_exception,
    equal,
    eventually,
    grid,
    open_page,
    open_values,
    query,
    selectbox_value,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import core
from ui.settings.codec import encode

pytestmark = pytest.mark.e2e

EDITOR = ".st-key-x_editor"


def select_cell(pg, row: int, col: int, shape: tuple[int, int]) -> None:
    """Select input cell (row, col) (0-based) of the editor: click its row in the last column, then
    walk left with the arrow keys. The grid is a canvas; its accessible table tells which cell is
    selected (column 0 there is the row index)."""
    rows, cols = shape
    canvas = pg.locator(f"{EDITOR} canvas[data-testid=data-grid-canvas]")
    canvas.scroll_into_view_if_needed()

    def click_row():
        # The expander may still be opening (the canvas moving): a click that met it moving is made again.
        box = canvas.bounding_box()
        row_px = box["height"] / (rows + 1)  # a header row, then one row per input row
        pg.mouse.click(box["x"] + box["width"] - 0.5 * row_px, box["y"] + (row + 1.5) * row_px)
        selected = pg.locator(f"{EDITOR} td#glide-cell-{cols}-{row}[aria-selected=true]")
        try:
            selected.wait_for(state="attached", timeout=3_000)
        except PlaywrightTimeout as missed:
            raise AssertionError(f"row {row} of the editor not selected by a click") from missed

    eventually(click_row, timeout=30, every=0.2)
    for at in range(cols - 1, col, -1):
        pg.keyboard.press("ArrowLeft")
        pg.wait_for_selector(f"{EDITOR} td#glide-cell-{at}-{row}[aria-selected=true]", state="attached")


@pytest.mark.parametrize("cell", [(1, 0), (1, 2)], ids=["first-column", "last-column"])
def test_typing_into_the_input_grid_updates_output_and_address(server, page, cell):
    row, col = cell
    open_page(page, f"{server}/")
    x = grid(page, "start_input")
    k = grid(page, "start_kernel")
    new = float(x.max() + 5)  # a value the input does not hold anywhere
    edited = x.copy()
    edited[row, col] = new

    open_values(page)
    select_cell(page, row, col, x.shape)
    # Enter opens the cell's editor; Enter again commits what was typed.
    page.keyboard.press("Enter")
    editor = page.locator("input.gdg-input, textarea.gdg-input")
    editor.wait_for(state="visible")
    editor.fill(str(int(new)))
    after_rerun(page, lambda: editor.press("Enter"))
    screenshot(page, f"value-editor-{col}")

    errors = page.locator(EXCEPTION)
    assert errors.count() == 0, (
        f"typing {int(new)} into input row {row + 1}, column {col + 1} (0-based {row},{col}) of the "
        f"Values editor shows an exception instead of the lesson: {errors.all_inner_texts()}")

    def check():
        shown = grid(page, "start_input")
        assert np.array_equal(shown, edited), (
            f"typed {int(new)} into input cell ({row},{col}); the input figure shows\n{shown}\n"
            f"instead of\n{edited}")
        np.testing.assert_array_equal(grid(page, "start_kernel"), k)
        np.testing.assert_allclose(grid(page, "start_output"), core.conv_transpose2d(edited, k, stride=2))

    eventually(check, timeout=10)
    assert selectbox_value(page, "fill") == "typed by hand"
    params = query(page)
    assert params.get("x") == encode(edited), page.url
    assert params.get("k") == encode(k), page.url
    # The editor itself shows the typed value in the cell typed into.
    typed = page.locator(f"{EDITOR} td#glide-cell-{col + 1}-{row}")
    eventually(lambda: equal(typed.text_content(), str(int(new))))
    assert_no_exception(page)


@pytest.mark.parametrize("typed", ["1,5", "1e30"])
def test_a_value_the_page_cannot_read_is_refused_in_a_sentence_and_the_cell_shows_what_is_used(server, page, typed):
    open_page(page, f"{server}/")
    x = grid(page, "start_input")
    open_values(page)
    select_cell(page, 1, 0, x.shape)
    page.keyboard.press("Enter")
    editor = page.locator("input.gdg-input, textarea.gdg-input")
    editor.wait_for(state="visible")
    editor.fill(typed)
    after_rerun(page, lambda: editor.press("Enter"))
    assert_no_exception(page)
    said = " ".join(page.locator("[data-testid=stSidebar] [data-testid=stAlert]").all_inner_texts())
    assert f"The input cell at row 1, column 0 kept its value {int(x[1, 0])}: {typed}" in said, said
    np.testing.assert_array_equal(grid(page, "start_input"), x)  # the figure keeps the value
    cell = page.locator(".st-key-x_editor_1 td#glide-cell-1-1")  # a new editor, showing the value kept

    def shows_the_value_kept():
        assert cell.text_content() == str(int(x[1, 0])), cell.text_content()

    eventually(shows_the_value_kept)
    assert "x" not in query(page)  # nothing was typed that the page uses
