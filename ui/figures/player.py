"""Step players: plotly figures whose frames play in the browser, no rerun per frame.

The parts both players share (``ui.figures.scatter_player`` and the gather player of
``ui.figures.gather``): side-by-side panels, heatmap layers, outlines, the shading of what
padding crops, Play/Pause and the scrubber, and how frames are thinned to stay light.
Arrays in, figure dicts out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ui.figures.grid import MAX_TEXT_CELLS, cell_text, spelled

MAX_FRAMES = 400  # frames in one player
MAX_FRAME_VALUES = 250_000  # grid values carried by all frames together (keeps the page light)
CROPPED = "rgba(128,128,128,0.55)"  # shade over the part that padding crops away
TITLE_FONT = 17
FONT = 15
PLOT_WIDTH = 860  # px a full-width chart on a wide page gives its plots (about; the grids stay square)
MIN_TEXT_PX = 26  # narrower cells drop their numbers
SPACING = 0.05  # between side-by-side grids, as a fraction of the width
MARGIN = dict(l=40, r=16, t=120, b=110)  # room for the arithmetic above, Play and the slider below


def panel_layout(shapes: list[tuple[int, int]], min_share: float = 0.16):
    """Column widths, plot height and whether numbers fit in the cells, for grids side by side.

    shapes : (rows, columns) of each grid. A small grid next to a big one still gets at
    least ``min_share`` of the width, so its cells stay visible.
    """
    cols = [max(c, 2) for _, c in shapes]
    widths = [max(c, min_share * sum(cols)) for c in cols]
    usable = PLOT_WIDTH * (1 - SPACING * (len(shapes) - 1))
    px = [min(56.0, usable * w / sum(widths) / c) for w, c in zip(widths, cols)]
    height = max(p * r for p, (r, _) in zip(px, shapes))
    text = [p >= MIN_TEXT_PX and r * c <= MAX_TEXT_CELLS for p, (r, c) in zip(px, shapes)]
    return widths, int(min(max(height, 160), 720)), text


def frame_ends(total: int, group: int, values_per_frame: int) -> list[int]:
    """Step counts shown after each frame: every ``group`` steps, thinned to stay light.

    Normally one frame per ``group`` steps; when that gives more than MAX_FRAMES
    frames (or more than MAX_FRAME_VALUES grid values), frames take several groups.
    The last frame always shows every step.
    """
    count = total // group
    cap = max(1, min(MAX_FRAMES, MAX_FRAME_VALUES // max(values_per_frame, 1)))
    every = math.ceil(count / cap)
    ends = [n * group for n in range(every, count + 1, every)]
    if not ends or ends[-1] != total:
        ends.append(total)
    return ends


@dataclass(frozen=True)
class Steps:
    """The recorded steps of one 2-D transposed convolution (rows of a core Trace).

    input_index : (n, 2) input cell (i, j)
    kernel_index : (n, 2) kernel cell (a, b)
    output_index : (n, 2) output cell (y, x) in output coordinates (outside the output
        where padding crops)
    product : (n,) input value times kernel value
    kept : (n,) whether the product lands inside the output
    """

    input_index: np.ndarray
    kernel_index: np.ndarray
    output_index: np.ndarray
    product: np.ndarray
    kept: np.ndarray

    @classmethod
    def of(cls, trace) -> Steps:
        """The steps of a 2-D (single channel) core Trace."""
        return cls(trace.input_index[:, 1:], trace.kernel_index, trace.output_index[:, 1:],
                   trace.product, trace.kept)

    def __len__(self) -> int:
        return len(self.product)


def frame_title(text: str) -> dict:
    """The figure title that carries a frame's arithmetic (set whole in every frame)."""
    return dict(text=text, x=0, xanchor="left", y=0.98, yanchor="top", font=dict(size=TITLE_FONT, weight="bold"))


def ticks(values: np.ndarray) -> list[int]:
    """Axis ticks: every cell for small grids, fewer for big ones (readable at 14 px)."""
    every = 1 if len(values) <= 16 else 2 if len(values) <= 32 else 5
    return [int(v) for v in values if v % every == 0]


def heatmap(values: np.ndarray, rows: np.ndarray, cols: np.ndarray, scale: dict, name: str,
             show: bool = True) -> go.Heatmap:
    a = np.asarray(values, dtype=float)
    return go.Heatmap(
        z=a, x=cols, y=rows, text=cell_text(a), texttemplate="%{text}" if show else None,
        textfont=dict(size=FONT), xgap=1, ygap=1, showscale=False, name=name,
        hovertemplate=name + " row %{y}, column %{x}: %{text}<extra></extra>", **spelled(scale))


def rect(ref: int, rows: tuple[float, float], cols: tuple[float, float], color: str, *, dash="solid",
          width=3.0, fill="rgba(0,0,0,0)") -> dict:
    """A rectangle around cells rows[0]..rows[1], cols[0]..cols[1] (inclusive) of subplot ``ref``."""
    axis = "" if ref == 1 else str(ref)
    return dict(type="rect", xref=f"x{axis}", yref=f"y{axis}", x0=float(cols[0]) - 0.5,
                x1=float(cols[1]) + 0.5, y0=float(rows[0]) - 0.5, y1=float(rows[1]) + 0.5,
                line=dict(color=color, width=width, dash=dash),
                fillcolor=fill, layer="above")


def crop_shapes(ref: int, rows: np.ndarray, cols: np.ndarray, out_h: int, out_w: int) -> list[dict]:
    """Shade the cells of a view outside the output ``[0, out_h) x [0, out_w)`` (cropped by padding)."""
    shapes = []
    r0, r1, c0, c1 = rows[0], rows[-1], cols[0], cols[-1]
    bands = [((r0, -1), (c0, c1)), ((out_h, r1), (c0, c1)),
             ((0, out_h - 1), (c0, -1)), ((0, out_h - 1), (out_w, c1))]
    for (a, b), (c, d) in bands:
        if a <= b and c <= d:
            shapes.append(rect(ref, (a, b), (c, d), "rgba(0,0,0,0)", width=0, fill=CROPPED))
    if shapes:
        shapes.append(rect(ref, (0, out_h - 1), (0, out_w - 1), "#888888", dash="dot", width=2))
    return shapes


def square_axes(fig: go.Figure, col: int, rows: np.ndarray, cols: np.ndarray) -> None:
    fig.update_xaxes(tickmode="array", tickvals=ticks(cols), side="top", showgrid=False, zeroline=False,
                     constrain="domain", fixedrange=True, tickfont=dict(size=14), row=1, col=col)
    fig.update_yaxes(tickmode="array", tickvals=ticks(rows), autorange="reversed", showgrid=False,
                     zeroline=False, scaleanchor=f"x{'' if col == 1 else col}", scaleratio=1,
                     constrain="domain", constraintoward="top", fixedrange=True, tickfont=dict(size=14),
                     row=1, col=col)


def play_controls(names: list[str], start: int, prefix: str, duration: int) -> dict:
    """Play/Pause buttons and a scrubber with one step per frame (all client-side)."""
    still = {"frame": {"duration": 0, "redraw": True}, "mode": "immediate", "transition": {"duration": 0}}
    play = {"frame": {"duration": duration, "redraw": True}, "fromcurrent": True,
            "transition": {"duration": 0}, "mode": "immediate"}
    many = len(names) > 24
    return dict(
        updatemenus=[dict(
            type="buttons", direction="left", x=0, xanchor="left", y=-0.02, yanchor="top",
            pad=dict(t=34, r=10), showactive=False, font=dict(size=FONT),
            buttons=[dict(label="▶ Play", method="animate", args=[names[start:], play]),
                     dict(label="❚❚ Pause", method="animate", args=[[None], still])])],
        sliders=[dict(
            active=start, x=0.2, len=0.8, xanchor="left", y=-0.02, yanchor="top", pad=dict(t=20),
            currentvalue=dict(prefix=prefix, font=dict(size=FONT), xanchor="left"),
            # With many steps the tick labels would overlap: hide them, keep the current value.
            font=dict(size=12, color="rgba(0,0,0,0)") if many else dict(size=12),
            ticklen=4 if many else 7, minorticklen=0, transition=dict(duration=0),
            steps=[dict(label=n, method="animate", args=[[n], still]) for n in names])],
    )


class Prepared(go.Figure):
    """A figure already written as a dict, for ``st.plotly_chart``.

    A player carries hundreds of frames; building them as plotly objects (and again
    whenever a cached figure is unpickled) costs a second or more, so players are
    plain dicts and this wrapper hands the dict to Streamlit as it is.
    """

    def __init__(self, spec: dict):
        super().__init__()
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec
