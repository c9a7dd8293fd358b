"""Figures of page 7: contribution counts in 2-D and 1-D, and images side by side.

Arrays in, plotly figures out; nothing here computes convolution math.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.cells import Words, grid_spec
from ui.figures.grid import SEQUENTIAL, figure
from ui.figures.matrix import FONT, labelled_grid
from ui.figures.spec import Grid
from ui.words import number, plural

GRAY = [[0.0, "#000000"], [1.0, "#ffffff"]]
MAX_LABELLED_BARS = 24  # more bars than this are too narrow for their numbers (hover shows them)
GRID_SIDE = 20  # rows or columns: above this a map drops cell outlines, numbers and per-cell ticks


def _count_step(top: float) -> int:
    """Whole-number tick spacing for a count axis, about five ticks."""
    return max(1, int(np.ceil(top / 5)))


def map_figure(values, title: str, *, scale: dict, colorbar: bool = False, height: int = 340,
               hover: str = "row %{y}, column %{x}: %{z}<extra></extra>") -> go.Figure:
    """A big array as an image: square cells, no outlines or numbers, titled ``title (HxW)``."""
    a = np.asarray(values, dtype=float)
    h, w = a.shape
    axis = dict(showgrid=False, zeroline=False, constrain="domain", fixedrange=True, tickfont=dict(size=FONT))
    # The layout written whole: plotly's update_layout checks every path it is given, 5-10 ms a figure.
    layout = dict(title=dict(text=f"{title} ({h}x{w})", x=0, xanchor="left", font=dict(size=16)),
                  height=height, margin=dict(l=40, r=8, t=70, b=10), dragmode=False, font=dict(size=FONT),
                  xaxis=dict(side="top", **axis), yaxis=dict(autorange="reversed", scaleanchor="x", scaleratio=1,
                                                             **axis))
    return figure([dict(type="heatmap", z=a, showscale=colorbar, hovertemplate=hover, **scale)], layout)


def counts_figure(counts, title: str, *, vmax: float | None = None, cell_px: int = 40,
                  height: int = 340) -> go.Figure:
    """An integer map of contributions per output cell, viridis from 0 (so equal counts look equal).

    counts : int ndarray of shape (H, W); small maps show a number in every cell
    vmax : the top of the colour scale, to share one scale between figures
    height : the height of a big map (small ones size themselves by ``cell_px``)
    """
    a = np.asarray(counts)
    top = float(a.max() if vmax is None else vmax)
    bar = dict(tickfont=dict(size=FONT), tickmode="linear", tick0=0, dtick=_count_step(top), thickness=16)
    scale = dict(colorscale=SEQUENTIAL, zmin=0, zmax=max(top, 1), colorbar=bar)
    hover = "row %{y}, column %{x}: %{z} contributions<extra></extra>"
    if max(a.shape) <= GRID_SIDE:
        return labelled_grid(a, title, scale=scale, cell_px=cell_px, colorbar=True,
                             hover=hover.replace("%{z}", "%{text}"))
    return map_figure(a, title, scale=scale, colorbar=True, height=height, hover=hover)


def counts_grid(counts, title: str, *, key: str, vmax: float | None = None, cell_px: int = 40) -> Grid:
    """``counts_figure`` as a grid of cells (ui.figures.cells): the same colours from 0, a legend, a
    number in every cell while the cells are large enough."""
    a = np.asarray(counts)
    top = float(a.max() if vmax is None else vmax)
    scale = dict(colorscale=SEQUENTIAL, zmin=0, zmax=max(top, 1))
    hover = [[f"row {r}, column {c}: {number(v)} contribution{'' if v == 1 else 's'}" for c, v in enumerate(row)]
             for r, row in enumerate(a)]
    return grid_spec(a, title, key=key, scale=scale, cell_px=cell_px,
                     words=Words(hover=hover, show=max(a.shape) <= GRID_SIDE,
                                 legend=plural(int(scale["zmax"]), "contribution")))  # "1 contribution" at the top


def profile_figure(counts, title: str, *, vmax: float | None = None) -> go.Figure:
    """A 1-D contribution profile as bars, one per output cell, labelled while readable.

    counts : int ndarray of shape (L_out,)
    """
    a = np.asarray(counts).ravel()
    top = float(a.max() if vmax is None else vmax)
    labelled = a.size <= MAX_LABELLED_BARS
    ticks = dict(tickmode="array", tickvals=list(range(a.size))) if a.size <= 30 else {}
    bars = dict(type="bar", x=np.arange(a.size), y=a, text=[number(v) for v in a] if labelled else None,
                textposition="outside", textfont=dict(size=15), cliponaxis=False,
                marker=dict(color=a, colorscale=SEQUENTIAL, cmin=0, cmax=max(top, 1)),
                hovertemplate="output cell %{x}: %{y} contributions<extra></extra>")
    layout = dict(  # written whole, as in map_figure
        title=dict(text=f"{title} ({a.size} cells)", x=0, xanchor="left", font=dict(size=16)),
        height=300, margin=dict(l=50, r=12, t=50, b=50), dragmode=False, font=dict(size=FONT), bargap=0.15,
        xaxis=dict(title=dict(text="output cell"), fixedrange=True, tickfont=dict(size=FONT), **ticks),
        yaxis=dict(title=dict(text="contributions"), range=[0, max(top, 1) * 1.25], fixedrange=True,
                   tickmode="linear", tick0=0, dtick=_count_step(top), tickfont=dict(size=FONT)))
    return figure([bars], layout)


def image_figure(image, title: str, *, zrange: tuple[float, float] = (0.0, 1.0),
                 height: int = 340) -> go.Figure:
    """A grayscale image, square pixels, titled ``title (HxW)``.

    image : ndarray of shape (H, W), brightness in ``zrange``
    """
    scale = dict(colorscale=GRAY, zmin=zrange[0], zmax=zrange[1])
    return map_figure(image, title, scale=scale, height=height,
                      hover="row %{y}, column %{x}: %{z:.3f}<extra></extra>")


def doubling_figures(up: dict, title: str, ways: list[str], low: float, high: float) -> tuple[list[dict], list[dict]]:
    """A picture and its doublings (``core.double_three_ways``: ``small``, ``results``, ``counts``) as
    figure specs: the picture titled ``title``, each doubling and its counts titled by its way."""
    pictures = [image_figure(up["small"], title, zrange=(low, high)).to_dict()]
    pictures += [image_figure(result, way, zrange=(low, high), height=380).to_dict()
                 for result, way in zip(up["results"], ways)]
    maps = [counts_figure(count, way, height=380).to_dict() for count, way in zip(up["counts"], ways)]
    return pictures, maps
