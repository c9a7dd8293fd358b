"""Step players: plotly figures whose frames play in the browser, no rerun per frame.

Arrays in, figures out; every value shown comes from the core (a recorded trace and
its partial sums). The scatter player walks the steps of a transposed convolution:
each frame is one product (``x[i,j] * k[a,b]`` added at one output cell) or one whole
stamp (``x[i,j] * kernel``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.config import number
from ui.grid import ACCENT, MAX_TEXT_CELLS, SECOND, Box, cell_text, color_range, grid_figure
from ui.html_grid import grid_html

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


def padding_sides(padding) -> tuple[tuple[int, int], tuple[int, int]]:
    """Padding as ((top, bottom), (left, right)), from a pair or the per-side form."""
    if isinstance(padding[0], tuple | list):
        (t, b), (left, right) = padding
        return (int(t), int(b)), (int(left), int(right))
    return (int(padding[0]),) * 2, (int(padding[1]),) * 2


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


def _cell(r, c) -> str:
    return f"{int(r)},{int(c)}"


def _span(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}..{hi}"


def product_text(steps: Steps, t: int, x: np.ndarray, kernel: np.ndarray, now: float) -> str:
    """The arithmetic of step ``t`` (0-based): ``out[y,x] += x[i,j] × k[a,b] = ...``."""
    (i, j), (a, b), (y, xo) = steps.input_index[t], steps.kernel_index[t], steps.output_index[t]
    sum_ = (f"out[{_cell(y, xo)}] += x[{_cell(i, j)}] × k[{_cell(a, b)}] = "
            f"{number(x[i, j])} × {number(kernel[a, b])} = {number(steps.product[t])}")
    if steps.kept[t]:
        return f"{sum_}, now {number(now)}"
    return f"{sum_}: cropped by padding (not part of the output)"


def stamp_text(steps: Steps, first: int, last: int, x: np.ndarray, dilation: tuple[int, int]) -> str:
    """The stamp made by steps ``first..last-1`` (one input cell)."""
    i, j = steps.input_index[first]
    ys, xs = steps.output_index[first:last, 0], steps.output_index[first:last, 1]
    where = f"out[{_span(ys.min(), ys.max())}, {_span(xs.min(), xs.max())}]"
    dh, dw = dilation
    if max(dh, dw) > 1:
        where += f" (taps {dh} cells apart)" if dh == dw else f" (taps {dh} rows and {dw} columns apart)"
    text = f"x[{_cell(i, j)}] = {number(x[i, j])}, so {number(x[i, j])} × kernel is added at {where}"
    cropped = int((~steps.kept[first:last]).sum())
    if cropped:
        text += f"; {cropped} of {last - first} products are cropped by padding"
    return text


def frame_title(text: str) -> dict:
    """The figure title that carries a frame's arithmetic (set whole in every frame)."""
    return dict(text=text, x=0, xanchor="left", y=0.98, yanchor="top", font=dict(size=TITLE_FONT, weight="bold"))


def _ticks(values: np.ndarray) -> list[int]:
    """Axis ticks: every cell for small grids, fewer for big ones (readable at 14 px)."""
    every = 1 if len(values) <= 16 else 2 if len(values) <= 32 else 5
    return [int(v) for v in values if v % every == 0]


def heatmap(values: np.ndarray, rows: np.ndarray, cols: np.ndarray, scale: dict, name: str,
             show: bool = True) -> go.Heatmap:
    a = np.asarray(values, dtype=float)
    return go.Heatmap(
        z=a, x=cols, y=rows, text=cell_text(a), texttemplate="%{text}" if show else None,
        textfont=dict(size=FONT), xgap=1, ygap=1, showscale=False, name=name,
        hovertemplate=name + " row %{y}, column %{x}: %{text}<extra></extra>", **scale)


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


def _overlap_marks(counts: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> dict:
    """Marker positions (cell corners) of cells with more than one contribution so far."""
    r, c = np.nonzero(counts > 1)
    return dict(x=(cols[c] + 0.3).tolist(), y=(rows[r] - 0.3).tolist())


def square_axes(fig: go.Figure, col: int, rows: np.ndarray, cols: np.ndarray) -> None:
    fig.update_xaxes(tickmode="array", tickvals=_ticks(cols), side="top", showgrid=False, zeroline=False,
                     constrain="domain", fixedrange=True, tickfont=dict(size=14), row=1, col=col)
    fig.update_yaxes(tickmode="array", tickvals=_ticks(rows), autorange="reversed", showgrid=False,
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


def scatter_player(x: np.ndarray, kernel: np.ndarray, steps: Steps, canvas_steps: Steps,
                   partials: list[np.ndarray], ends: list[int], mode: str, origin: tuple[int, int],
                   output_shape: tuple[int, int], dilation: tuple[int, int], steps_per_cell: int,
                   start: int = 0, duration: int = 900) -> dict:
    """The scatter-add player: input, kernel and output side by side, one frame per entry of ``ends``.

    x, kernel : the input (H, W) and kernel (kH, kW)
    steps : the trace's steps, in output coordinates
    canvas_steps : the same steps on the uncropped canvas (its output_index gives the canvas cells)
    partials : the canvas after each frame's steps (``ends[f]`` steps), each (Hc, Wc)
    mode : 'cell' (one stamp per frame) or 'product' (one or more single steps per frame)
    origin : output coordinate (row, column) of the canvas's first cell (minus the top/left crop)
    output_shape : (H_out, W_out)
    start : the frame shown first
    Returns the figure as a dict (show it with ``st.plotly_chart(Prepared(spec))``).
    """
    hc, wc = partials[-1].shape
    rows, cols = np.arange(hc) + origin[0], np.arange(wc) + origin[1]
    out_h, out_w = output_shape
    cropped = origin != (0, 0) or (hc, wc) != tuple(output_shape)
    scale = color_range(np.concatenate([p.ravel() for p in partials] + [np.zeros(1)]))
    n_total = len(steps)
    canvas_title = "Output before cropping" if cropped else "Output"
    titles = (f"Input ({x.shape[0]}x{x.shape[1]})", f"Kernel ({kernel.shape[0]}x{kernel.shape[1]})",
              f"{canvas_title} ({hc}x{wc})" + ("; shaded: cropped by padding" if cropped else ""))
    widths, height, text = panel_layout([x.shape, kernel.shape, (hc, wc)])
    fig = make_subplots(rows=1, cols=3, column_widths=widths, horizontal_spacing=SPACING, subplot_titles=titles)
    for ann in fig.layout.annotations:
        ann.font = dict(size=FONT)
        ann.y = 1.0
        ann.yanchor = "bottom"
        ann.yshift = 28
    fig.add_trace(heatmap(x, np.arange(x.shape[0]), np.arange(x.shape[1]), color_range(x), "input", text[0]),
                  row=1, col=1)
    fig.add_trace(heatmap(kernel, np.arange(kernel.shape[0]), np.arange(kernel.shape[1]),
                           color_range(kernel), "kernel", text[1]), row=1, col=2)
    fig.add_trace(heatmap(partials[start], rows, cols, scale, "output", text[2]), row=1, col=3)
    fig.add_trace(go.Scatter(x=[], y=[], mode="markers", hoverinfo="skip", showlegend=False, name="overlap",
                             marker=dict(symbol="circle", size=9, color=SECOND,
                                         line=dict(width=1, color="white"))), row=1, col=3)
    for col, (r, c) in enumerate(((np.arange(x.shape[0]), np.arange(x.shape[1])),
                                  (np.arange(kernel.shape[0]), np.arange(kernel.shape[1])),
                                  (rows, cols)), start=1):
        square_axes(fig, col, r, c)
    static = crop_shapes(3, rows, cols, out_h, out_w)

    # Per-frame content: the canvas, the overlap marks, the highlights, the arithmetic.
    canvas_cell = (canvas_steps.output_index[:, 0] * wc + canvas_steps.output_index[:, 1])
    show_text = text[2]
    frames, names = [], []
    for f, end in enumerate(ends):
        counts = np.bincount(canvas_cell[:end], minlength=hc * wc).reshape(hc, wc)
        t = end - 1  # the last step of this frame
        (i, j), (a, b), (y, xo) = steps.input_index[t], steps.kernel_index[t], steps.output_index[t]
        first = (t // steps_per_cell) * steps_per_cell
        last = first + steps_per_cell
        ys, xs = steps.output_index[first:last, 0], steps.output_index[first:last, 1]
        window = rect(3, (ys.min(), ys.max()), (xs.min(), xs.max()), SECOND, dash="dash")
        shapes = static + [rect(1, (i, i), (j, j), ACCENT)]
        if mode == "cell":
            name = str(f + 1)
            text = f"Stamp {f + 1} of {len(ends)}: " + stamp_text(steps, first, last, x, dilation)
            shapes += [rect(2, (0, kernel.shape[0] - 1), (0, kernel.shape[1] - 1), ACCENT),
                       window | dict(line=dict(color=ACCENT, width=3, dash="solid"))]
        else:
            name = str(end)
            prev = ends[f - 1] if f else 0
            head = (f"Step {end} of {n_total}: " if end - prev == 1
                    else f"Steps {prev + 1}-{end} of {n_total}, the last one: ")
            now = partials[f][canvas_steps.output_index[t, 0], canvas_steps.output_index[t, 1]]
            text = head + product_text(steps, t, x, kernel, now)
            shapes += [rect(2, (a, a), (b, b), ACCENT), window, rect(3, (y, y), (xo, xo), ACCENT)]
        z = partials[f]
        frames.append(dict(
            name=name, traces=[2, 3],
            data=[dict(type="heatmap", z=z.tolist(), text=cell_text(z) if show_text else None),
                  dict(type="scatter", **_overlap_marks(counts, rows, cols))],
            layout=dict(shapes=shapes, title=frame_title(text))))
        names.append(name)
    first = frames[start]
    fig.update_traces(selector=dict(name="overlap"), x=first["data"][1]["x"], y=first["data"][1]["y"])
    fig.update_layout(
        title=first["layout"]["title"], shapes=first["layout"]["shapes"],
        height=height + MARGIN["t"] + MARGIN["b"], margin=MARGIN,
        dragmode=False, showlegend=False,
        **play_controls(names, start, "Stamp " if mode == "cell" else "Step ", duration))
    spec = fig.to_dict()
    spec["frames"] = frames
    return spec


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


def roomy(fig: go.Figure) -> go.Figure:
    """A ``grid_figure`` with room for its title above the column numbers, and fewer ticks on big grids."""
    fig.update_layout(margin=dict(t=72))
    fig.update_xaxes(tickvals=_ticks(np.asarray(fig.layout.xaxis.tickvals)))
    fig.update_yaxes(tickvals=_ticks(np.asarray(fig.layout.yaxis.tickvals)))
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
    an HTML grid (ui.html_grid)."""
    boxes = [Box(rows=(r, r + 1), cols=(c, c + 1), color=SECOND) for r, c in cells]
    return grid_html(values, title, key=key, boxes=boxes)
