"""Grid builders for the upsampling, shapes and practice pages.

Arrays in, grid data out (drawn by ``static/lab.js``): no Streamlit and no convolution math
here; every array comes from the core, and these functions only label and outline it.
"""

from __future__ import annotations

import numpy as np

from ui.figures.cells import Marks, Words, grid_spec
from ui.figures.grid import ACCENT, CELL_PX, SECOND, Box, cell_text, color_range
from ui.figures.spec import Grid

# Index labels like "(12, 31)" need wider cells than numbers; above this many cells they go.
MAX_INDEX_CELLS = 64
CHAR_PX = 9  # about how wide one digit of a cell's number is drawn
ROUNDED = "Values rounded to 2 decimals; point at a cell to read it to 3 significant digits."
ON_HOVER = "The cells are too small for their numbers; point at a cell to read its value."


def shared_scale(*arrays) -> dict:
    """One colour scale for several grids, so equal values get equal colours across them."""
    values = np.concatenate([np.asarray(a, dtype=float).ravel() for a in arrays])
    return color_range(values)


def cell_boxes(cells, color: str = ACCENT, dash: str = "solid") -> list[Box]:
    """An outline around each single cell (row, col)."""
    return [Box(rows=(int(r), int(r) + 1), cols=(int(c), int(c) + 1), color=color, dash=dash)
            for r, c in cells]


def window_boxes(shape: tuple[int, int], window: tuple[int, int]) -> list[Box]:
    """Dashed outlines of the non-overlapping pooling windows that tile ``shape``."""
    (h, w), (wh, ww) = shape, window
    return [Box(rows=(r, r + wh), cols=(c, c + ww), color=SECOND, dash="dash", width=3.0)
            for r in range(0, h - wh + 1, wh) for c in range(0, w - ww + 1, ww)]


# --- the same grids as cells (ui.figures.cells): for every grid nobody clicks ----------------------

NEUTRAL_FILL = "rgba(128,128,128,0.22)"  # cells whose colour carries nothing: reads in both themes


def _cell_px(width: int, width_px: int | None) -> int:
    """The side of a cell when the grid must fit about ``width_px`` pixels."""
    if not width_px:
        return CELL_PX
    return int(max(12, min(CELL_PX, (width_px - 30) // max(width, 1))))


def _fits(text: list[list[str]], cell: int) -> bool:
    return max(len(t) for row in text for t in row) * CHAR_PX <= cell


def grid_page(values, title: str, *, key: str, width_px: int | None = None, scale: dict | None = None,
              boxes=()) -> Grid:
    """A grid of cells sized to ``width_px``, every value written in its cell while it fits; else
    rounded to two decimals (the exact value on hover), else only on hover; a caption says which."""
    a = np.asarray(values, dtype=float)
    cell = _cell_px(a.shape[1], width_px)
    words = Words()
    if a.size and not _fits(cell_text(a), cell):
        rounded = cell_text(np.round(a, 2))
        if _fits(rounded, cell):
            exact = [[f"row {i}, column {j}: {t}" for j, t in enumerate(row)] for i, row in enumerate(cell_text(a))]
            words = Words(text=rounded, hover=exact, caption=ROUNDED)
        else:
            words = Words(show=False, caption=ON_HOVER)
    return grid_spec(a, title, key=key, scale=scale, cell_px=cell, words=words, marks=Marks(boxes=boxes))


def question_grid(shape: tuple[int, int], cell: tuple[int, int], title: str, *, key: str) -> Grid:
    """An empty output of ``shape`` with a "?" in the asked cell, outlined."""
    h, w = shape
    labels = [["?" if (r, c) == tuple(cell) else "" for c in range(w)] for r in range(h)]
    hover = [[f"row {r}, column {c}" for c in range(w)] for r in range(h)]
    fills = [[NEUTRAL_FILL] * w for _ in range(h)]
    return grid_spec(np.zeros((h, w)), title, key=key, words=Words(text=labels, hover=hover, show=True),
                     marks=Marks(boxes=cell_boxes([cell]), fills=fills))


def pooling_grid(values, window: tuple[int, int], max_cells, title: str, *, key: str, scale=None) -> Grid:
    """The pooled (or unpooled) map: each window outlined (dashed), each window's maximum outlined.

    values : ndarray of shape (H, W)
    window : the pooling window (height, width); windows tile the map
    max_cells : (row, col) of each window's maximum
    """
    boxes = window_boxes(np.shape(values), window) + cell_boxes(max_cells)
    return grid_page(values, title, key=key, boxes=boxes, scale=scale)


def index_grid(rows, cols, width: int, title: str, *, key: str) -> Grid:
    """Where each maximum came from: each cell reads "(row, col)" of the maximum it points to.

    rows, cols : ndarrays of shape (H, W), the row and column of each maximum
    width : the pooled map's width, to show the flat index ``row * width + col`` on hover
    """
    rows, cols = np.asarray(rows, dtype=int), np.asarray(cols, dtype=int)
    flat = rows * width + cols
    labels = [[f"({r}, {c})" for r, c in zip(rr, cc)] for rr, cc in zip(rows, cols)]
    hover = [[f"row {r}, column {c}: flat index {f}" for r, c, f in zip(rr, cc, ff)]
             for rr, cc, ff in zip(rows, cols, flat)]
    fills = [[NEUTRAL_FILL] * rows.shape[1] for _ in range(rows.shape[0])]
    return grid_spec(flat, title, key=key, cell_px=max(CELL_PX, 64), marks=Marks(fills=fills),
                     words=Words(text=labels, hover=hover, show=rows.size <= MAX_INDEX_CELLS))


def crop_grid(uncropped, kept: tuple[tuple[int, int], tuple[int, int]], size: tuple[int, int],
              title: str, *, key: str, scale=None, width_px: int | None = None) -> Grid:
    """Every stamp summed before the crop, with the part the framework keeps outlined.

    uncropped : ndarray of shape (H_full, W_full), the uncropped output plus any zero
        rows and columns that output padding adds at the bottom and right
    kept : ((first row, end row), (first col, end col)), half-open, the cells kept
    size : (H, W) of the uncropped output; a dotted outline marks it when the array is
        larger (zeros added by output padding)
    """
    boxes = [Box(rows=kept[0], cols=kept[1], color=ACCENT, width=3.5)]
    if tuple(np.shape(uncropped)) != tuple(size):
        boxes.insert(0, Box(rows=(0, size[0]), cols=(0, size[1]), color=SECOND, dash="dot"))
    return grid_page(uncropped, title, key=key, boxes=boxes, scale=scale, width_px=width_px)
