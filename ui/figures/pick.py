"""Grids whose cells can be picked with a click or the keyboard, and the footprint of one stamp.

Arrays in, grid data out (drawn by ``static/lab.js``, which reports a picked cell back).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.cells import Cells, Marks, grid_spec
from ui.figures.grid import SECOND, Box
from ui.figures.player import ticks
from ui.figures.spec import Grid


def roomy(fig: go.Figure) -> go.Figure:
    """A ``grid_figure`` with room for its title above the column numbers, and fewer ticks on big grids."""
    fig.update_layout(margin=dict(t=72))
    fig.update_xaxes(tickvals=ticks(np.asarray(fig.layout.xaxis.tickvals)))
    fig.update_yaxes(tickvals=ticks(np.asarray(fig.layout.yaxis.tickvals)))
    return fig


def pick_grid(values, title: str, *, key: str, boxes=(), scale: dict | None = None) -> Grid:
    """A grid whose cells can be picked: a click, or the arrow keys and Enter, reports the cell."""
    return grid_spec(values, title, key=key, scale=scale, marks=Marks(boxes=boxes), cells=Cells(pick=True))


def footprint_grid(values, title: str, cells, *, key: str, scale: dict | None = None) -> Grid:
    """The output with the cells one stamp touches outlined (``cells``: (row, column) pairs)."""
    boxes = [Box(rows=(r, r + 1), cols=(c, c + 1), color=SECOND) for r, c in cells]
    return grid_spec(values, title, key=key, scale=scale, marks=Marks(boxes=boxes))
