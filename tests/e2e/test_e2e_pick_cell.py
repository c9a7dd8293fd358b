"""A visitor picks a cell of the output in "Follow one cell" on /scatter, with a click or the
keyboard: the page lists every product landing on it, as the core's trace records them, and their
sum, the output's value."""

import numpy as np
import pytest
from browsing import screenshot
from driving import MAIN, after_rerun, assert_no_exception, equal, eventually, grid, open_page, query

import core
from ui.words import number

pytestmark = pytest.mark.e2e

PICK = "scatter_pick_output"

TABLE = """el => Array.from(el.querySelectorAll('tbody tr'),
                          tr => Array.from(tr.querySelectorAll('td'), td => td.textContent))"""


def expected_rows(trace, x, k, r, c) -> list[list[str]]:
    steps = trace.contributors(r, c)
    rows = []
    for s in steps:
        _, i, j = trace.input_index[s]
        a, b = trace.kernel_index[s]
        rows.append([str(s + 1), f"x[{i},{j}]", number(x[i, j]), f"k[{a},{b}]", number(k[a, b]),
                     number(trace.product[s])])
    return rows


@pytest.mark.parametrize(("cell", "by_keyboard"), [((2, 4), False), ((4, 1), True)])
def test_pick_an_output_cell_lists_its_products(server, page, cell, by_keyboard):
    """By a click, or with the keyboard alone."""
    r, c = cell
    open_page(page, f"{server}/scatter")
    x, k = grid(page, "scatter_player_input"), grid(page, "scatter_player_kernel")
    trace = core.trace_conv_transpose2d(x, k, stride=2)
    out = core.conv_transpose2d(x, k, stride=2)
    np.testing.assert_allclose(grid(page, PICK), out)  # the grid to click is the output

    cells = page.locator(f"[data-grid='{PICK}']")
    cells.scroll_into_view_if_needed()
    if by_keyboard:
        # The grid takes focus with Tab like any control; the arrows move its cursor, Enter picks.
        cells.locator(".tcl-cells").focus()
        for _ in range(r):
            page.keyboard.press("ArrowDown")
        for _ in range(c):
            page.keyboard.press("ArrowRight")
        after_rerun(page, lambda: page.keyboard.press("Enter"))
    else:
        after_rerun(page, cells.locator(f".tcl-cell[data-r='{r}'][data-c='{c}']").click)

    # The row and column boxes follow the pick.
    inputs = page.locator(".st-key-scatter_out_row input, .st-key-scatter_out_col input")
    eventually(lambda: equal(inputs.evaluate_all("els => els.map(e => e.value)"), [str(r), str(c)]))
    # The highlighted cell moved there (an outline around it).
    eventually(lambda: equal(cells.locator(".tcl-box").evaluate_all("els => els.map(e => e.dataset.box)"),
                              [f"{r},{r + 1},{c},{c + 1},#ff7f0e"]))

    # The contributors: a table (from the core's trace) and a sentence adding them up.
    steps = trace.contributors(r, c)
    assert len(steps) > 1  # a cell where stamps overlap
    want = expected_rows(trace, x, k, r, c)
    table = page.locator(f"{MAIN} [data-testid=stTable]")
    headers = ["step", "input cell", "input value", "kernel cell", "kernel value", "product"]
    eventually(lambda: equal(table.locator("thead th").evaluate_all("els => els.map(e => e.textContent)"),
                              headers))
    eventually(lambda: equal(table.evaluate(TABLE), want))

    terms = " + ".join(number(v) for v in trace.product[steps])
    sentence = (f"out[{r},{c}] receives {len(steps)} products: {terms} = {number(out[r, c])}, "
                "the value the output holds there.")
    said = page.locator(f"{MAIN} p", has_text=f"out[{r},{c}] receives")
    eventually(lambda: equal(said.inner_text(), sentence))
    assert np.isclose(trace.product[steps].sum(), out[r, c])
    assert_no_exception(page)
    screenshot(page, f"pick-cell-{r}-{c}")


def test_the_followed_cell_is_in_the_address_at_once(server, page):
    """Typing the row reruns only the page's fragment, which wrote no address: a link copied then lost
    the followed cell. Each follow writes it now."""
    open_page(page, f"{server}/scatter")
    row = page.locator(".st-key-scatter_out_row input")
    row.fill("3")
    after_rerun(page, lambda: row.press("Enter"))
    # with the fragment's own rerun (a later full run of the page would write it, too late for a link)
    eventually(lambda: equal(query(page).get("scatter_out_row"), "3"), timeout=2)
    cell = page.locator(f"[data-grid='{PICK}'] .tcl-cell[data-r='4'][data-c='2']")
    after_rerun(page, cell.click)
    eventually(lambda: equal((query(page).get("scatter_out_row"), query(page).get("scatter_out_col")), ("4", "2")),
               timeout=2)
