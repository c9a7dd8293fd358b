"""Figures of page 5: a convolution as a matrix C, its transpose, and column vectors.

Arrays in, plotly figures out; nothing here computes convolution math.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.config import number
from ui.grid import color_range, figure, grid_figure

MAX_HEIGHT = 560  # px: the tallest matrix figure
MAX_CELL = 40  # px: the largest cell
TEXT_CELL = 30  # px: cells at least this wide show their numbers
HEATMAP_CELL = 3  # px: below this a heatmap cell is invisible; draw the nonzero cells as markers
TICK_PX = 26  # px: the least room between two short tick labels (two digits)
FONT = 14  # px: the smallest text, readable on a projector
VECTOR_WIDTH = 150  # px: a column vector's figure


def _tick_step(cell: float, count: int = 100) -> int:
    """Label every cell, or every 2nd, 5th, 10th... so that ``count`` labels do not collide."""
    room = max(TICK_PX, 9 * len(str(count - 1)) + 14)
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if step * cell >= room:
            return step
    return 2000


def labelled_grid(values, title: str, **kwargs) -> go.Figure:
    """``ui.grid.grid_figure`` with room above the plot for its column numbers, and 14 px ticks."""
    fig = grid_figure(values, title, **kwargs)
    fig.update_layout(margin=dict(t=74), height=fig.layout.height + 30)
    fig.update_xaxes(tickfont=dict(size=FONT))
    fig.update_yaxes(tickfont=dict(size=FONT))
    h, w = np.shape(values)
    cell = (fig.layout.height - 120) / h  # grid_figure's cells are square, at most this tall
    step = _tick_step(cell, max(h, w))
    if step > 1:  # label every step-th row and column only
        fig.update_xaxes(tickmode="linear", tick0=kwargs.get("col_offset", 0), dtick=step, tickvals=None)
        fig.update_yaxes(tickmode="linear", tick0=kwargs.get("row_offset", 0), dtick=step, tickvals=None)
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
    fig = figure([trace], {})
    fig.update_layout(
        title=dict(text=f"{title} ({rows}x{cols})", x=0, xanchor="left", font=dict(size=16)),
        height=int(max(180, height)), margin=dict(l=70, r=12, t=80, b=20), dragmode=False,
        meta=dict(shape=[rows, cols]), showlegend=False, font=dict(size=14),
    )
    tick_cell = cell if cell >= HEATMAP_CELL else width_px / cols
    fig.update_xaxes(title=dict(text=col_title, font=dict(size=FONT)), side="top", showgrid=False,
                     zeroline=False, fixedrange=True, range=[-0.5, cols - 0.5], constrain="domain",
                     tickmode="linear", tick0=0, dtick=_tick_step(tick_cell, cols), tickfont=dict(size=FONT))
    tick_cell = cell if cell >= HEATMAP_CELL else MAX_HEIGHT / rows
    fig.update_yaxes(title=dict(text=row_title, font=dict(size=FONT)), autorange="reversed", showgrid=False,
                     zeroline=False, fixedrange=True, constrain="domain", tickmode="linear", tick0=0,
                     dtick=_tick_step(tick_cell, rows), tickfont=dict(size=FONT))
    if cell >= HEATMAP_CELL:
        fig.update_yaxes(scaleanchor="x", scaleratio=1)
    else:
        fig.update_yaxes(autorange=False, range=[rows - 0.5, -0.5])
    return fig


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
    fig = figure([dict(type="heatmap",

        z=a.reshape(-1, 1), text=[[t] for t in labels], texttemplate="%{text}" if show else None,
        textfont=dict(size=15), showscale=False, xgap=1, ygap=1 if cell >= 8 else 0,
        hovertemplate="entry %{y}: %{text}<extra></extra>", **scale)], {})
    fig.update_layout(
        title=dict(text=f"{title} ({rows}x1)", x=0, xanchor="left", font=dict(size=16)),
        height=int(rows * cell + 100), width=VECTOR_WIDTH, margin=dict(l=40, r=50, t=80, b=20),
        dragmode=False, meta=dict(shape=[rows, 1]), font=dict(size=FONT), showlegend=False,
    )
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False, fixedrange=True, range=[-0.5, 0.5])
    fig.update_yaxes(showgrid=False, zeroline=False, fixedrange=True, range=[rows - 0.5, -0.5],
                     tickmode="linear", tick0=0, dtick=_tick_step(cell, rows), tickfont=dict(size=FONT))
    return fig
