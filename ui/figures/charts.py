"""Figure builders for the upsampling, shapes and practice pages.

Arrays in, plotly figures out: no Streamlit and no convolution math here; every
array comes from the core, and these functions only draw and outline it.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.grid import ACCENT, CELL_PX, SECOND, Box, cell_text, color_range, grid_figure
from ui.figures.html_grid import grid_html

# Index labels like "(12, 31)" need wider cells than numbers; above this many cells they go.
MAX_INDEX_CELLS = 64
NEUTRAL = [[0, "rgba(128,128,128,0.22)"], [1, "rgba(128,128,128,0.22)"]]  # reads in both themes
CHAR_PX = 9  # about how wide one digit of a cell's number is drawn
TICK_PX = 28  # room one row or column number needs
TITLE_ROOM = 26  # extra top margin: the title sits above the column numbers, never on them
ROUNDED = "Values rounded to 2 decimals; point at a cell to read it to 3 significant digits."
ON_HOVER = "The cells are too small for their numbers; point at a cell to read its value."


def grid(values, title: str, *, max_height: int | None = None, width_px: int | None = None,
         **options) -> go.Figure:
    """``ui.figures.grid.grid_figure`` with room between the title and the column numbers on top.

    (In a wide column the grid fills the height, and the title would touch the numbers.)
    max_height : a cap on the figure's height, for grids in narrow columns, which would
        otherwise leave empty bands above and below a large grid
    width_px : about how wide the grid will be drawn; numbers that would not fit in their
        cells are left to the hover instead of spilling over their neighbours
    """
    if width_px and "show_values" not in options:
        longest = max(len(t) for row in cell_text(values) for t in row)
        if longest * CHAR_PX > width_px / np.shape(values)[1]:
            options["show_values"] = False
    fig = grid_figure(values, title, **options)
    if width_px:  # a narrow grid numbers fewer rows and columns, so the numbers do not collide
        most = max(2, width_px // TICK_PX)
        for axis, update in ((fig.layout.xaxis, fig.update_xaxes), (fig.layout.yaxis, fig.update_yaxes)):
            ticks = list(axis.tickvals or [])
            step = max(1, -(-len(ticks) // most))
            if step > 1:
                update(tickvals=ticks[::step])
    height = fig.layout.height + TITLE_ROOM
    fig.update_layout(margin=dict(t=fig.layout.margin.t + TITLE_ROOM),
                      height=min(height, max_height) if max_height else height)
    return fig


def _labels(fig: go.Figure, labels, hover, size: int) -> go.Figure:
    """Replace the numbers in the cells by ``labels`` (and the hover text by ``hover``)."""
    fig.update_traces(text=labels, texttemplate="%{text}" if labels is not None else None,
                      hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
                      textfont=dict(size=size), colorscale=NEUTRAL, zmin=0, zmax=1,
                      selector=dict(type="heatmap"))
    return fig


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


def question_figure(shape: tuple[int, int], cell: tuple[int, int], title: str) -> go.Figure:
    """An empty output of ``shape`` with a "?" in the asked cell."""
    h, w = shape
    fig = grid(np.zeros((h, w)), title, show_values=False, boxes=cell_boxes([cell]))
    labels = [["?" if (r, c) == tuple(cell) else "" for c in range(w)] for r in range(h)]
    hover = [[f"row {r}, column {c}" for c in range(w)] for r in range(h)]
    return _labels(fig, labels, hover, 20)


# --- the same grids as HTML (ui.figures.html_grid): for every grid nobody clicks ----------------------

NEUTRAL_FILL = "rgba(128,128,128,0.22)"  # NEUTRAL's colour, for HTML grids


def _cell_px(width: int, width_px: int | None) -> int:
    """The side of a cell when the grid must fit about ``width_px`` pixels."""
    if not width_px:
        return CELL_PX
    return int(max(12, min(CELL_PX, (width_px - 30) // max(width, 1))))


def _fits(text: list[list[str]], cell: int) -> bool:
    return max(len(t) for row in text for t in row) * CHAR_PX <= cell


def grid_page(values, title: str, *, key: str, width_px: int | None = None, **options) -> str:
    """``grid`` as HTML: cells sized to ``width_px``, every value written in its cell while it fits; else
    rounded to two decimals (the exact value on hover), else only on hover; a caption says which."""
    a = np.asarray(values, dtype=float)
    cell = _cell_px(a.shape[1], width_px)
    if "show_values" not in options and "text" not in options and a.size and not _fits(cell_text(a), cell):
        rounded = cell_text(np.round(a, 2))
        if _fits(rounded, cell):
            exact = [[f"row {i}, column {j}: {t}" for j, t in enumerate(row)] for i, row in enumerate(cell_text(a))]
            options.update(text=rounded, hover=exact, caption=ROUNDED)
        else:
            options.update(show_values=False, caption=ON_HOVER)
    return grid_html(a, title, key=key, cell_px=cell, **options)


def pooling_html(values, window: tuple[int, int], max_cells, title: str, *, key: str, scale=None) -> str:
    """The pooled (or unpooled) map: each window outlined (dashed), each window's maximum outlined.

    values : ndarray of shape (H, W)
    window : the pooling window (height, width); windows tile the map
    max_cells : (row, col) of each window's maximum
    """
    boxes = window_boxes(np.shape(values), window) + cell_boxes(max_cells)
    return grid_page(values, title, key=key, boxes=boxes, scale=scale)


def index_html(rows, cols, width: int, title: str, *, key: str) -> str:
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
    return grid_html(flat, title, key=key, fills=fills, text=labels, hover=hover,
                     show_values=rows.size <= MAX_INDEX_CELLS, cell_px=max(CELL_PX, 64))


def crop_html(uncropped, kept: tuple[tuple[int, int], tuple[int, int]], size: tuple[int, int],
              title: str, *, key: str, scale=None, width_px: int | None = None) -> str:
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
