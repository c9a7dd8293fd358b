"""A big grid nobody picks in (the transposed page's C and Cᵀ) is painted on one canvas instead of an element a
cell: each cell's paint is where its value is, a blank cell (no tap) left blank, and its values stay readable."""

from __future__ import annotations

import pytest
from driving import grid, open_page

pytestmark = pytest.mark.e2e

# Whether each cell's centre is painted (its alpha), row by row, read from the canvas itself.
PAINTED = """el => {
  const [h, w] = el.dataset.shape.split('x').map(Number);
  const canvas = el.querySelector('canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  return Array.from({length: h}, (_, i) => Array.from({length: w}, (_, j) => {
    const x = Math.floor((j + 0.5) * canvas.width / w), y = Math.floor((i + 0.5) * canvas.height / h);
    return data[(y * canvas.width + x) * 4 + 3] > 0;
  }));
}"""


@pytest.mark.parametrize("width", [390, 1400])
def test_a_big_grid_is_one_canvas_painted_where_its_values_are(new_page, server, width):
    pg = new_page(viewport={"width": width, "height": 900})
    open_page(pg, f"{server}/transposed")
    for key in ("transposed_c", "transposed_ct"):
        el = pg.locator(f"[data-grid='{key}']")
        assert el.locator(".tcl-cell").count() == 0 and el.locator("canvas").count() == 1
        values = grid(pg, key)
        assert values.size >= 256 and (values == values).any()  # some taps, some blanks
        assert el.evaluate(PAINTED) == (values == values).tolist(), key  # painted where a value is, blank where NaN
