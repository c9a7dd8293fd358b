"""Grids whose cells can be picked with a click, and the footprint of one stamp.

Arrays in, figures out. Plotly reports no selection for heatmap cells, so a pickable grid
carries an invisible marker on every cell; ``clicked_cell`` reads the selection back.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.grid import SECOND, Box, grid_figure
from ui.figures.html_grid import grid_html
from ui.figures.player import ticks


def roomy(fig: go.Figure) -> go.Figure:
    """A ``grid_figure`` with room for its title above the column numbers, and fewer ticks on big grids."""
    fig.update_layout(margin=dict(t=72))
    fig.update_xaxes(tickvals=ticks(np.asarray(fig.layout.xaxis.tickvals)))
    fig.update_yaxes(tickvals=ticks(np.asarray(fig.layout.yaxis.tickvals)))
    return fig


def pick_figure(values, title: str, *, boxes=(), row_offset: int = 0, col_offset: int = 0) -> go.Figure:
    """A grid whose cells can be clicked: ``grid_figure`` plus an invisible marker on every cell.

    Plotly reports no selection for heatmap cells, so the clicks land on the markers; the
    selection's points carry the cell's x (column) and y (row).
    """
    a = np.asarray(values, dtype=float)
    fig = roomy(grid_figure(a, title, boxes=boxes, row_offset=row_offset, col_offset=col_offset))
    rows, cols = np.mgrid[0:a.shape[0], 0:a.shape[1]]
    fig.add_trace(go.Scatter(
        x=(cols + col_offset).ravel(), y=(rows + row_offset).ravel(), mode="markers", hoverinfo="none",
        marker=dict(symbol="square", size=30, color="rgba(0,0,0,0)"), showlegend=False, name="cells",
        selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1))))
    fig.update_layout(clickmode="event+select", hovermode="closest")
    return fig


def clicked_cell(selection) -> tuple[int, int] | None:
    """(row, column) of the cell clicked in a ``pick_figure``, or None."""
    try:
        point = selection["selection"]["points"][0]
        return int(round(point["y"])), int(round(point["x"]))
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def footprint_html(values, title: str, cells, *, key: str) -> str:
    """The output with the cells one stamp touches outlined (``cells``: (row, column) pairs), as
    an HTML grid (ui.figures.html_grid)."""
    boxes = [Box(rows=(r, r + 1), cols=(c, c + 1), color=SECOND) for r, c in cells]
    return grid_html(values, title, key=key, boxes=boxes)
