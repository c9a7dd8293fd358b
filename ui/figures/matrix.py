"""Figures of page 5: a convolution as a matrix C, its transpose, and column vectors.

Arrays in, figures out; nothing here computes convolution math. The ``*_view`` functions
give a grid of cells (``ui.figures.cells``) while the matrix fits one, and the plotly
figures (``matrix_figure``, ``vector_figure``, ``labelled_grid``) above that; ``ui.show`` draws
either.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import plotly.graph_objects as go

from ui.figures.cells import MAX_CELLS, PLAIN_WORDS, Cells, Words, grid_spec
from ui.figures.grid import CELL_PX, color_range, figure, grid_figure
from ui.figures.spec import Grid
from ui.words import number

MAX_HEIGHT = 560  # px: the tallest matrix figure
MAX_CELL = 40  # px: the largest cell
TEXT_CELL = 30  # px: cells at least this wide show their numbers
HEATMAP_CELL = 3  # px: below this a heatmap cell is invisible; draw the nonzero cells as markers
TICK_PX = 26  # px: the least room between two short tick labels (two digits)
FONT = 14  # px: the smallest text, readable on a projector
VECTOR_WIDTH = 150  # px: a column vector's figure
HTML_MIN_CELL = 4  # px: below this a grid of cells is mostly its 1 px gaps; plotly draws it instead
LABEL_ROOM = 40  # px: a grid of cells's row-number column and its margins
LABEL_PX = 14  # px: the height of a grid of cells's 12 px row number; shorter rows get flat numbers


def _tick_step(cell: float, count: int = 100) -> int:
    """Label every cell, or every 2nd, 5th, 10th... so that ``count`` labels do not collide."""
    room = max(TICK_PX, 9 * len(str(count - 1)) + 14)
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if step * cell >= room:
            return step
    return 2000


def labelled_grid(values, title: str, **kwargs) -> go.Figure:
    """``ui.figures.grid.grid_figure`` with room above the plot for its column numbers, and 14 px ticks."""
    fig = grid_figure(values, title, **kwargs)
    fig.update_layout(margin=dict(t=74), height=fig.layout.height + 30)
    fig.update_xaxes(tickfont=dict(size=FONT))
    fig.update_yaxes(tickfont=dict(size=FONT))
    h, w = np.shape(values)
    cell = (fig.layout.height - 120) / h  # grid_figure's cells are square, at most this tall
    step = _tick_step(cell, max(h, w))
    if step > 1:  # label every step-th row and column only
        fig.update_xaxes(tickmode="linear", tick0=0, dtick=step, tickvals=None)
        fig.update_yaxes(tickmode="linear", tick0=0, dtick=step, tickvals=None)
    return fig


def _cell_px(rows: int, cols: int, width_px: int) -> float:
    return min(MAX_CELL, width_px / cols, MAX_HEIGHT / rows)


def matrix_figure(values, title: str, *, pattern=None, row_title: str = "row", col_title: str = "column",
                  width_px: int = 1000, show_values: bool | None = None) -> go.Figure:
    """A matrix titled ``title (RxQ)``, cells outside ``pattern`` left blank.

    values : ndarray of shape (R, Q)
    pattern : bool ndarray of shape (R, Q), True where the matrix can hold a kernel tap
        (blank elsewhere, so the band structure shows); default: every cell
    width_px : the width the figure will roughly get on screen, to size the cells
    Big matrices (cells under ``HEATMAP_CELL`` px) are drawn as one square marker per
    pattern cell, so the figure stays light; numbers appear only where they are readable.
    The shape is kept in ``layout.meta`` for tests and captions.
    """
    a = np.asarray(values, dtype=float)
    rows, cols = a.shape
    keep = np.ones(a.shape, bool) if pattern is None else np.asarray(pattern, bool)
    shown = a[keep] if keep.any() else np.zeros(1)
    scale = color_range(shown)
    cell = _cell_px(rows, cols, width_px)
    labels = [[number(v) if k else "" for v, k in zip(row, krow)] for row, krow in zip(a, keep)]
    if show_values is None:
        widest = max((len(t) for row in labels for t in row), default=1)
        show_values = cell >= max(TEXT_CELL, 9 * widest + 6)
    hover = f"{row_title} %{{y}}, {col_title} %{{x}}: %{{customdata}}<extra></extra>"
    if cell >= HEATMAP_CELL:
        z = np.where(keep, a, np.nan)
        trace = dict(type="heatmap", z=z, x=np.arange(cols), y=np.arange(rows), text=labels, customdata=labels,
                           texttemplate="%{text}" if show_values else None, textfont=dict(size=15),
                           hovertemplate=hover, xgap=1 if cell >= 8 else 0, ygap=1 if cell >= 8 else 0,
                           showscale=False, **scale)
        height = rows * cell + 110
    else:
        r, c = np.nonzero(keep)
        v = a[r, c]
        span = scale["zmax"] - scale["zmin"]
        trace = dict(type="scattergl",

            x=c, y=r, mode="markers", customdata=[number(t) for t in v], hovertemplate=hover,
            marker=dict(symbol="square", size=max(2.0, min(6.0, MAX_HEIGHT / rows)), color=v,
                        colorscale=scale["colorscale"], cmin=scale["zmin"], cmax=scale["zmin"] + span))
        height = MAX_HEIGHT + 110
    axis = dict(showgrid=False, zeroline=False, fixedrange=True, constrain="domain", tickmode="linear", tick0=0,
                tickfont=dict(size=FONT))
    tick_cell = cell if cell >= HEATMAP_CELL else width_px / cols
    xaxis = dict(axis, title=dict(text=col_title, font=dict(size=FONT)), side="top", range=[-0.5, cols - 0.5],
                 dtick=_tick_step(tick_cell, cols))
    tick_cell = cell if cell >= HEATMAP_CELL else MAX_HEIGHT / rows
    yaxis = dict(axis, title=dict(text=row_title, font=dict(size=FONT)), dtick=_tick_step(tick_cell, rows),
                 **(dict(autorange="reversed", scaleanchor="x", scaleratio=1) if cell >= HEATMAP_CELL
                    else dict(autorange=False, range=[rows - 0.5, -0.5])))
    # Plain dicts, not plotly's validated updates: at the largest settings those cost 100 ms a rerun.
    return figure([trace], dict(
        title=dict(text=f"{title} ({rows}x{cols})", x=0, xanchor="left", font=dict(size=16)),
        height=int(max(180, height)), margin=dict(l=70, r=12, t=80, b=20), dragmode=False,
        meta=dict(shape=[rows, cols]), showlegend=False, font=dict(size=14), xaxis=xaxis, yaxis=yaxis))


def vector_figure(values, title: str) -> go.Figure:
    """A vector as a column (one cell per entry), titled ``title (Nx1)``; fills a narrow column.

    The figure has a fixed width, ``VECTOR_WIDTH``, the narrowest plotly chart that
    Streamlit draws unclipped: show it with ``st.plotly_chart(fig, width="content")`` in a
    column at least that wide.
    """
    a = np.asarray(values, dtype=float).ravel()
    rows = a.size
    cell = min(MAX_CELL, MAX_HEIGHT / rows)
    labels = [number(v) for v in a]
    scale = color_range(a)
    show = cell >= 20 and max(len(t) for t in labels) <= 8
    trace = dict(type="heatmap", z=a.reshape(-1, 1), text=[[t] for t in labels],
                 texttemplate="%{text}" if show else None, textfont=dict(size=15), showscale=False, xgap=1,
                 ygap=1 if cell >= 8 else 0, hovertemplate="entry %{y}: %{text}<extra></extra>", **scale)
    return figure([trace], dict(
        title=dict(text=f"{title} ({rows}x1)", x=0, xanchor="left", font=dict(size=16)),
        height=int(rows * cell + 100), width=VECTOR_WIDTH, margin=dict(l=40, r=50, t=80, b=20),
        dragmode=False, meta=dict(shape=[rows, 1]), font=dict(size=FONT), showlegend=False,
        xaxis=dict(showticklabels=False, showgrid=False, zeroline=False, fixedrange=True, range=[-0.5, 0.5]),
        yaxis=dict(showgrid=False, zeroline=False, fixedrange=True, range=[rows - 0.5, -0.5], tickmode="linear",
                   tick0=0, dtick=_tick_step(cell, rows), tickfont=dict(size=FONT))))


def html_cell_px(rows: int, cols: int, width_px: int = 1000) -> int:
    """The cell a matrix of cells gets in ``width_px``: as ``matrix_figure``'s, less the 1 px gaps."""
    return int(min(MAX_CELL, (width_px - LABEL_ROOM) / cols - 1, MAX_HEIGHT / rows))


def fits_cells(rows: int, cols: int, width_px: int = 1000) -> bool:
    """Whether a rows x cols matrix is drawn as a grid of cells (small enough, cells big enough)."""
    return rows * cols <= MAX_CELLS and html_cell_px(rows, cols, width_px) >= HTML_MIN_CELL


def _labels(count: int, cell: int, room: int) -> list:
    """The numbers along a grid of cells's side: ``grid_spec`` shows every ``ceil(count / 16)``-th;
    on small cells keep only every few of those, so that numbers ``room`` px apart do not overlap."""
    every = max(1, -(-count // 16))
    step = every * max(1, -(-room // (every * (cell + 1))))
    return [j if j % step == 0 else "" for j in range(count)]


def _cells(values, title: str, *, key: str, cell_px: int, scale: dict | None = None,
           words: Words = PLAIN_WORDS) -> Grid:
    """``grid_spec`` with row and column numbers spaced for small cells, and hover text that
    names every row and column (also those whose number is not shown)."""
    rows, cols = np.shape(values)
    if words.hover is None:  # grid_spec's hover names the row and column by their shown numbers
        words = replace(words, hover=[[f"row {i}, column {j}: {number(v)}" for j, v in enumerate(row)]
                                      for i, row in enumerate(np.asarray(values, dtype=float))])
    return grid_spec(values, title, key=key, scale=scale, cell_px=cell_px, words=words,
                     cells=Cells(rows=_labels(rows, cell_px, LABEL_PX),
                                 cols=_labels(cols, cell_px, 7 * len(str(cols - 1)) + 8)))


def matrix_grid(values, title: str, *, key: str, pattern=None, row_title: str = "row",
                col_title: str = "column", width_px: int = 1000, cell_px: int | None = None) -> Grid:
    """``matrix_figure`` as a grid of cells: the cells outside ``pattern`` are blank (NaN), the
    others coloured by their value (a tap of value 0 too); the axis titles in the caption."""
    a = np.asarray(values, dtype=float)
    rows, cols = a.shape
    keep = np.ones(a.shape, bool) if pattern is None else np.asarray(pattern, bool)
    scale = color_range(a[keep] if keep.any() else np.zeros(1))
    cell = cell_px or html_cell_px(rows, cols, width_px)
    labels = [[number(v) if k else "" for v, k in zip(row, krow)] for row, krow in zip(a, keep)]
    widest = max((len(t) for row in labels for t in row), default=1)
    hover = [[f"{row_title} {r}, {col_title} {c}: {labels[r][c]}" if labels[r][c] else f"{r}, {c}: no tap (0)"
              for c in range(cols)] for r in range(rows)]  # most cells are blank: short tips, light data
    return _cells(np.where(keep, a, np.nan), title, key=key, scale=scale, cell_px=cell,
                  words=Words(text=labels, hover=hover, show=cell >= max(TEXT_CELL, 9 * widest + 6),
                              caption=f"Rows: {row_title}. Columns: {col_title}."))


def vector_grid(values, title: str, *, key: str, cell_px: int | None = None) -> Grid:
    """``vector_figure`` as a grid of cells: one square cell per entry, titled ``title (Nx1)``."""
    a = np.asarray(values, dtype=float).reshape(-1, 1)
    cell = cell_px or html_cell_px(a.shape[0], 1, VECTOR_WIDTH)
    labels = [[number(v)] for v in a[:, 0]]
    return _cells(a, title, key=key, cell_px=cell,
                  words=Words(text=labels, hover=[[f"entry {i}: {t}"] for i, (t,) in enumerate(labels)],
                              show=max(len(t) for (t,) in labels) <= 8))


def matrix_view(values, title: str, *, key: str, width_px: int = 1000,
                **options) -> tuple[Grid | go.Figure, int | None]:
    """A matrix: a grid of cells while ``fits_cells``, else ``matrix_figure``; and the cell grid's cell in
    px (None for a plotly figure), so that a vector beside it can line up its rows."""
    rows, cols = np.shape(values)
    if fits_cells(rows, cols, width_px):
        cell = html_cell_px(rows, cols, width_px)
        return matrix_grid(values, title, key=key, width_px=width_px, cell_px=cell, **options), cell
    return matrix_figure(values, title, width_px=width_px, **options), None


def vector_view(values, title: str, *, key: str, cell_px: int | None = None) -> Grid | go.Figure:
    """A column vector: a grid of cells with cells of ``cell_px`` (to line up with a matrix beside it)
    while they are big enough, else ``vector_figure``."""
    rows = np.size(values)
    cell = cell_px or html_cell_px(rows, 1, VECTOR_WIDTH)
    if rows <= MAX_CELLS and cell >= HTML_MIN_CELL:
        return vector_grid(values, title, key=key, cell_px=cell)
    return vector_figure(values, title)


def labelled_view(values, title: str, *, key: str, width_px: int = 300) -> Grid | go.Figure:
    """A grid with its row and column numbers: cells up to ``MAX_CELLS``, else ``labelled_grid``.

    width_px : about the width of the column it goes in, to space the numbers of a grid with small cells
    """
    if np.size(values) > MAX_CELLS:
        return labelled_grid(values, title)
    cell = int(min(CELL_PX, (width_px - LABEL_ROOM) / np.shape(values)[1] - 1))
    if cell >= LABEL_PX:  # the numbers fit as grid_spec spaces them
        return grid_spec(values, title, key=key)
    return _cells(values, title, key=key, cell_px=max(1, cell))
