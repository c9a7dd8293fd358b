"""The basic figure of the lesson: a matrix as a labelled grid of cells.

Arrays in, plotly figures out; nothing here computes convolution math.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ui.words import number

# Colorblind-safe scales: sequential for counts and magnitudes, diverging for signed values.
SEQUENTIAL = "Viridis"
DIVERGING = "RdBu"
# plotly.js's colour scales, as plotly draws the names "Viridis" and "RdBu".
SCALES = {
    "Viridis": [(0, "#440154"), (0.06274509803921569, "#48186a"), (0.12549019607843137, "#472d7b"),
                (0.18823529411764706, "#424086"), (0.25098039215686274, "#3b528b"),
                (0.3137254901960784, "#33638d"), (0.3764705882352941, "#2c728e"),
                (0.4392156862745098, "#26828e"), (0.5019607843137255, "#21918c"),
                (0.5647058823529412, "#1fa088"), (0.6274509803921569, "#28ae80"),
                (0.6901960784313725, "#3fbc73"), (0.7529411764705882, "#5ec962"),
                (0.8156862745098039, "#84d44b"), (0.8784313725490196, "#addc30"),
                (0.9411764705882353, "#d8e219"), (1, "#fde725")],
    "RdBu": [(0, "rgb(5,10,172)"), (0.35, "rgb(106,137,247)"), (0.5, "rgb(190,190,190)"),
             (0.6, "rgb(220,170,132)"), (0.7, "rgb(230,145,90)"), (1, "rgb(178,10,28)")],
}


def spelled(scale: dict) -> dict:
    """A colour range with its scale written out as plotly.js draws the name.

    plotly.py reads a name through its own tables, where "RdBu" runs the other way round (red for
    low) from plotly.js's (blue for low); figures validated by plotly.py (``go.Heatmap``) get the
    stops themselves, so a value has one colour in a player and in the cell grid beside it.
    """
    name = scale.get("colorscale")
    if not isinstance(name, str) or name not in SCALES:
        return scale
    return scale | dict(colorscale=[[p, c] for p, c in SCALES[name]])


# Outline colours that read on viridis and on both themes.
ACCENT = "#ff7f0e"  # current step / selection
SECOND = "#e377c2"  # related cells (kernel stamp, window)
MAX_TEXT_CELLS = 144  # above this, numbers in cells stop being readable
CELL_PX = 46


@dataclass(frozen=True)
class Box:
    """An outline around cells rows[0]..rows[1]-1, cols[0]..cols[1]-1 (half-open)."""

    rows: tuple[int, int]
    cols: tuple[int, int]
    color: str = ACCENT
    dash: str = "solid"
    width: float = 3.0


def cell_text(values: np.ndarray) -> list[list[str]]:
    return [[number(v) for v in row] for row in np.asarray(values, dtype=float)]


def color_range(values: np.ndarray) -> dict:
    """Keyword arguments for a heatmap's colour scale: diverging around 0 for signed data."""
    a = np.asarray(values, dtype=float)
    lo, hi = (float(a.min()), float(a.max())) if a.size else (0.0, 1.0)
    if lo < 0 < hi:
        m = max(-lo, hi)
        return dict(colorscale=DIVERGING, zmin=-m, zmax=m, zmid=0)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    return dict(colorscale=SEQUENTIAL, zmin=lo, zmax=hi)


def box_shape(box: Box) -> dict:
    return dict(type="rect", x0=box.cols[0] - 0.5, x1=box.cols[1] - 0.5, y0=box.rows[0] - 0.5,
                y1=box.rows[1] - 0.5, line=dict(color=box.color, width=box.width, dash=box.dash),
                fillcolor="rgba(0,0,0,0)", layer="above")


class Prepared(go.Figure):
    """A figure already written as a dict (``fig.to_dict()``), for ``st.plotly_chart``.

    A figure cached as a dict (``st.cache_data`` pickles what it keeps, and a plotly object is
    slow to rebuild) is drawn without plotly building and validating it again. Nor is an empty
    figure built around it: ``go.Figure()`` copies plotly's default template, about 1 ms a figure
    on each rerun. It is a ``go.Figure`` only so that ``st.plotly_chart`` takes its ``to_dict()``
    as it is; nothing else of a figure is read from it.
    """

    def __init__(self, spec: dict):  # noqa: D107 - go.Figure's own __init__ is skipped on purpose
        object.__setattr__(self, "_spec", spec)

    def to_dict(self) -> dict:
        return self._spec


def figure(data: list[dict], layout: dict) -> Prepared:
    """A plotly figure from plain dicts, kept as those dicts (``Prepared``).

    Plotly's per-property validation costs about 8 ms a grid on every rerun, and building a
    ``go.Figure`` at all, even unvalidated, then ``st.plotly_chart``'s ``to_dict()`` (a deep copy of
    every array) 10-20 ms a chart (bench/RESULTS.md, issue 24); these dicts are written by this module
    and its callers, and tests check the figures' data against the core.
    """
    return Prepared({"data": [_set(trace) for trace in data], "layout": {"template": _template(), **_set(layout)}})


def _set(spec: dict) -> dict:
    """``spec`` without the properties left unset (None), at every depth of its dicts, as plotly writes a figure; its
    arrays contiguous in memory. (Plotly's JSON writer takes a contiguous array whole; a strided one, a slice or a
    transpose, makes it walk the whole figure number by number instead: 1-3 ms a chart, bench/RESULTS.md.)"""
    return {key: _set(value) if isinstance(value, dict) else _whole(value)
            for key, value in spec.items() if value is not None}


def _whole(value):
    return np.ascontiguousarray(value) if isinstance(value, np.ndarray) else value


@functools.cache
def _template() -> dict:
    """Plotly's default template, which a ``go.Figure`` writes into every figure's layout."""
    return go.Figure().to_dict()["layout"]["template"]


def grid_figure(values, title: str, *, boxes=(), show_values: bool | None = None, scale: dict | None = None,
                hover: str = "row %{y}, column %{x}: %{text}<extra></extra>", cell_px: int = CELL_PX,
                colorbar: bool = False) -> go.Figure:
    """A heatmap of ``values`` titled ``title (H x W)``, numbers in the cells while readable.

    values : ndarray of shape (H, W)
    boxes : outlines to draw (``Box``)
    scale : colour-scale keywords (``color_range`` of the values by default)
    """
    a = np.asarray(values, dtype=float)
    h, w = a.shape
    show = (h * w <= MAX_TEXT_CELLS) if show_values is None else show_values
    text = cell_text(a)
    rows, cols = np.arange(h), np.arange(w)
    heat = dict(
        type="heatmap", z=a, x=cols, y=rows, text=text, textfont=dict(size=15), hovertemplate=hover,
        xgap=1, ygap=1, showscale=colorbar, **(scale or color_range(a)),
    )
    if show:
        heat["texttemplate"] = "%{text}"
    # Every index while it fits; above 16 cells, every few.
    ticks = dict(tickfont=dict(size=14), showgrid=False, zeroline=False, constrain="domain", fixedrange=True)
    layout = dict(
        title=dict(text=f"{title} ({h}x{w})", x=0, xanchor="left", y=1, yref="container", yanchor="top",
                   pad=dict(t=6), font=dict(size=17)),
        height=max(170, min(660, cell_px * h + 100)),
        margin=dict(l=36, r=12, t=68, b=16),
        shapes=[box_shape(b) for b in boxes],
        dragmode=False,
        xaxis=dict(tickvals=list(cols[::max(1, -(-w // 16))]), side="top", **ticks),
        yaxis=dict(tickvals=list(rows[::max(1, -(-h // 16))]), autorange="reversed", scaleanchor="x",
                   scaleratio=1, **ticks),
    )
    # A figure object, not ``figure``'s dicts: ``labelled_grid``, ``roomy`` and ``stage_figure`` change it.
    return go.Figure(data=[heat], layout=layout, _validate=False)


