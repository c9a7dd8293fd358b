"""Figures of the gather view (page 4): zero insertion, padding, the flipped kernel, a sliding window.

Arrays in, figures out; every value comes from the core's ``equivalent_convolution`` and
its recorded trace. Here we only label cells (input value, inserted zero, padding) and
place recorded products where the window meets them. The static stages are grids of cells
(``stage_spec``) while they fit one, plotly figures (``stage_figure``) above that; the sliding
window is a player the browser plays (``gather_player``).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import plotly.graph_objects as go

from ui.figures.cells import MAX_CELLS, PLAYER_CELLS, Cells, Marks, Words, grid_spec
from ui.figures.grid import (
    ACCENT,
    CELL_PX,
    MAX_TEXT_CELLS,
    SECOND,
    Box,
    box_shape,
    color_range,
    grid_figure,
    spelled,
)
from ui.figures.pick import roomy
from ui.figures.player import (
    FONT,
    Steps,
    panel_px,
)
from ui.figures.spec import Changes, Grid, Outline, Player, Spoken
from ui.words import number

INPUT, INSERTED, PADDING = 2, 1, 0
ZERO_COLORS = {INSERTED: "#8c8c8c", PADDING: "#d9d9d9"}  # two greys, told apart by lightness
KIND_NAMES = {INSERTED: "inserted zero", PADDING: "padding zero"}


def cell_kinds(shape: tuple[int, int], zero_inserted_shape: tuple[int, int], pads,
               stride: tuple[int, int]) -> np.ndarray:
    """Label each cell of a grid: INPUT (an input value), INSERTED (a zero between them) or PADDING.

    shape : the grid's (rows, columns); zero_inserted_shape : the zero-inserted input's
    pads : ((top, bottom), (left, right)) added around the zero-inserted input (negative: cropped)
    """
    (top, _), (left, _) = pads
    r = np.arange(shape[0])[:, None] - top  # row in the zero-inserted input
    c = np.arange(shape[1])[None, :] - left
    inside = (r >= 0) & (r < zero_inserted_shape[0]) & (c >= 0) & (c < zero_inserted_shape[1])
    on_input = inside & (r % stride[0] == 0) & (c % stride[1] == 0)
    return np.where(on_input, INPUT, np.where(inside, INSERTED, PADDING))


def _zero_layer(kinds: np.ndarray, rows, cols, show: bool | None = None) -> go.Heatmap:
    """Grey cells for the zeros (inserted: darker, padding: lighter); input cells left empty."""
    z = np.where(kinds == INPUT, np.nan, kinds).astype(float)
    text = [["" if k == INPUT else "0" for k in row] for row in kinds]
    hover = [["" if k == INPUT else KIND_NAMES[k] for k in row] for row in kinds]
    show = kinds.size <= MAX_TEXT_CELLS if show is None else show
    return go.Heatmap(
        z=z, x=cols, y=rows, text=text, customdata=hover, texttemplate="%{text}" if show else None,
        textfont=dict(size=FONT), xgap=1, ygap=1, showscale=False, zmin=0, zmax=1,
        colorscale=[[0, ZERO_COLORS[PADDING]], [1, ZERO_COLORS[INSERTED]]], name="zeros",
        hovertemplate="row %{y}, column %{x}: %{customdata}<extra></extra>")


def _value_layer(values: np.ndarray, kinds: np.ndarray, rows, cols, scale: dict,
                 show: bool | None = None) -> go.Heatmap:
    """The input values, coloured; every zero cell left empty (the grey layer shows through)."""
    z = np.where(kinds == INPUT, values, np.nan)
    show = kinds.size <= MAX_TEXT_CELLS if show is None else show
    text = [[number(v) if k == INPUT else "" for v, k in zip(vr, kr)] for vr, kr in zip(values, kinds)]
    return go.Heatmap(
        z=z, x=cols, y=rows, text=text, texttemplate="%{text}" if show else None, textfont=dict(size=FONT),
        xgap=1, ygap=1, showscale=False, name="input", hoverongaps=False,
        hovertemplate="row %{y}, column %{x}: input value %{text}<extra></extra>", **spelled(scale))


def stage_figure(values, kinds, title: str, *, scale: dict, boxes=()) -> go.Figure:
    """A stage of the gather view: input values in colour, inserted zeros dark grey, padding light grey."""
    a = np.asarray(values, dtype=float)
    rows, cols = np.arange(a.shape[0]), np.arange(a.shape[1])
    fig = grid_figure(a, title)  # for its layout: title, size, axes
    fig.data = []
    fig.add_trace(_zero_layer(kinds, rows, cols))
    fig.add_trace(_value_layer(a, kinds, rows, cols, scale))
    fig.update_layout(shapes=[box_shape(b) for b in boxes])
    return roomy(fig)


def fits_cells(values) -> bool:
    """Whether a grid is small enough for a grid of cells (``ui.figures.cells.MAX_CELLS`` cells at most)."""
    return int(np.size(values)) <= MAX_CELLS


def stage_spec(values, kinds, title: str, *, key: str, scale: dict, boxes=(), cell_px: int = CELL_PX) -> Grid:
    """``stage_figure`` as a grid of cells: the same colours, cell texts and hover words.

    The zeros are the two greys of ``ZERO_COLORS`` (text "0", hover "inserted zero" or
    "padding zero"), the inserted ones hatched too; the input values take their colour from ``scale``.
    """
    a = np.asarray(values, dtype=float)
    kinds = np.asarray(kinds)
    fills = [[ZERO_COLORS.get(int(k), "") for k in row] for row in kinds]
    text = [[number(v) if k == INPUT else "0" for v, k in zip(vr, kr)] for vr, kr in zip(a, kinds)]
    hover = [[f"row {i}, column {j}: " + (f"input value {text[i][j]}" if k == INPUT else KIND_NAMES[int(k)])
              for j, k in enumerate(row)] for i, row in enumerate(kinds)]
    return grid_spec(a, title, key=key, scale=scale, cell_px=cell_px, cells=Cells(limit=PLAYER_CELLS),
                     words=Words(text=text, hover=hover, shaded="inserted zero"),
                     marks=Marks(boxes=boxes, fills=fills, shaded=kinds == INSERTED))  # not by their grey alone


def plain_figure(values, title: str) -> go.Figure:
    """``grid_figure`` with room for the title above the column numbers."""
    return roomy(grid_figure(values, title))


def column_cell_px(values, width: int) -> int:
    """The ``cell_px`` for a grid in a column about ``width`` pixels wide (on a 1400-pixel window).

    A grid wider than its column shrinks its cells but not its numbers (``grid_spec`` sizes
    them from ``cell_px``); asking for cells a little larger than the column allows keeps the
    numbers readable and inside their cells, for example in a 7x7 kernel of decimals.
    """
    return max(12, min(CELL_PX, int(1.4 * (width - 40) / np.shape(values)[1])))


def stage_view(values, kinds, title: str, *, key: str, scale: dict, width: int, boxes=()) -> Grid | go.Figure:
    """A stage (input values in colour, zeros in grey): a grid of cells, or a plotly figure if too big for one."""
    if fits_cells(values):
        return stage_spec(values, kinds, title, key=key, scale=scale, boxes=boxes,
                          cell_px=column_cell_px(values, width))
    return stage_figure(values, kinds, title, scale=scale, boxes=boxes)


def plain_view(values, title: str, *, key: str, width: int) -> Grid | go.Figure:
    """A grid coloured by its own values: a grid of cells, or a plotly figure if too big for one."""
    if fits_cells(values):
        return grid_spec(values, title, key=key, cell_px=column_cell_px(values, width))
    return plain_figure(values, title)


def window_products(steps: Steps, output_shape: tuple[int, int], kernel_shape: tuple[int, int]) -> np.ndarray:
    """Recorded products placed where the sliding window meets them: (H_out, W_out, kH, kW).

    The product ``x[i,j] * k[a,b]`` that lands on output cell (y, x) is what the window at
    (y, x) reads through tap (kH-1-a, kW-1-b) of the flipped kernel; the window's other
    taps sit on inserted zeros or padding, so their products are 0.
    """
    kh, kw = kernel_shape
    out = np.zeros(tuple(output_shape) + (kh, kw))
    kept = steps.kept
    (y, x), (a, b) = steps.output_index[kept].T, steps.kernel_index[kept].T
    out[y, x, kh - 1 - a, kw - 1 - b] = steps.product[kept]
    return out


def gather_text(y: int, x: int, window: np.ndarray, taps: np.ndarray, flipped: np.ndarray, value: float,
                limit: int = 6) -> str:
    """``out[y,x] = 3×1 + 2×2 = 7``: the window's input values times the flipped kernel's."""
    terms = [f"{number(window[a, b])}×{number(flipped[a, b])}" for a, b in zip(*np.nonzero(taps))]
    rest = window.size - len(terms)
    zeros = f" (the other {rest} window cells are zeros)" if rest and terms else ""
    if not terms:
        return f"out[{y},{x}] = {number(value)}: every cell of the window is a zero"
    shown = " + ".join(terms[:limit]) + (f" + … ({len(terms) - limit} more)" if len(terms) > limit else "")
    return f"out[{y},{x}] = {shown} = {number(value)}{zeros}"


def gather_player(view, kinds: np.ndarray, products: np.ndarray, ends: list[int], *, key: str,
                  speed: int = 900) -> Player:
    """The sliding window as the browser plays it: padded input, flipped kernel, products, output so far.

    One frame per entry of ``ends`` (output cells done, in reading order): the window's outline,
    its products, the output's cells done so far and the arithmetic. Drawn by ``static/lab.js``.
    view : the core's gather view (``core.equivalent_convolution``): its padded input, flipped kernel,
        output and dilation
    kinds : ``cell_kinds`` of the padded input
    products : (H_out, W_out, kH, kW), from ``window_products``
    """
    padded, flipped, output, dilation = view.padded, view.flipped_kernel, view.output, view.dilation
    kh, kw = flipped.shape
    ho, wo = output.shape
    dh, dw = dilation
    span = (dh * (kh - 1), dw * (kw - 1))
    px = panel_px([padded.shape, flipped.shape, flipped.shape, output.shape], 0.14)
    pscale = color_range(padded[kinds == INPUT] if (kinds == INPUT).any() else np.zeros(1))
    first = products[0, 0]
    panels = [
        replace(stage_spec(padded, kinds, "Padded input", key=f"{key}_padded", scale=pscale, cell_px=px[0]),
                words=Spoken(mark="a tap of the window")),  # what a screen reader says of a marked cell
        grid_spec(flipped, "Flipped kernel", key=f"{key}_flipped", cell_px=px[1]),
        grid_spec(first, "Products", key=f"{key}_products", scale=color_range(np.append(products, 0)),
                  cell_px=px[2]),
        grid_spec(output, "Output", key=f"{key}_output", cell_px=px[3]),
    ]
    windows, cells, values, captions, marks = [], [], [], [], []
    for end in ends:
        y, x = divmod(end - 1, wo)  # the output cell this frame computes
        window = padded[y:y + span[0] + 1:dh, x:x + span[1] + 1:dw]
        taps = kinds[y:y + span[0] + 1:dh, x:x + span[1] + 1:dw] == INPUT
        windows.append((Outline((y, y + span[0] + 1), (x, x + span[1] + 1), ACCENT),))
        cells.append((Outline.cell(y * wo + x, wo, ACCENT),))
        values.append(products[y, x].ravel().tolist())
        captions.append(gather_text(y, x, window, taps, flipped, output[y, x]))
        if max(dilation) > 1:  # the window's taps, apart by the dilation
            ty, tx = np.mgrid[y:y + span[0] + 1:dh, x:x + span[1] + 1:dw]
            marks.append((ty.ravel() * padded.shape[1] + tx.ravel()).tolist())
    changes = {0: Changes(boxes=windows, marks=marks or None), 2: Changes(values=values),
               3: Changes(reveal=[int(e) for e in ends], boxes=cells)}
    # One cell a frame: the box counts the cells done; thinned, it counts frames (its sentence names the cell).
    word = "Output cells done:" if len(ends) == ho * wo else "Frame"
    return Player(key=key, speed=speed, word=word, captions=captions, panels=tuple(panels), changes=changes,
                  label=f"Sliding-window player, one output cell a frame, {len(ends)} frames")


def region_box(kinds: np.ndarray) -> list[Box]:
    """A dashed outline around the zero-inserted input inside the padded grid (if padding surrounds it)."""
    inside = np.argwhere(kinds != PADDING)
    if not len(inside) or (kinds != PADDING).all():
        return []
    (r0, c0), (r1, c1) = inside.min(axis=0), inside.max(axis=0)
    return [Box(rows=(int(r0), int(r1) + 1), cols=(int(c0), int(c1) + 1), color=SECOND, dash="dash")]
