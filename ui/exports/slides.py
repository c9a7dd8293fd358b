"""One figure of a page as a slide: 1920x1080 pixels, large type, headed with the page and the settings.

A figure is what ``ui.show.show`` drew: a grid's data, a step player's data (the slide shows its
last frame: the whole output, and the last frame's arithmetic), or a plotly figure (its heatmap as
a grid of cells; its lines or bars as a chart). Drawn by ``ui.exports.paint`` on a matplotlib
figure and saved as PNG or SVG.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass

import numpy as np

from ui.exports import frames as framing
from ui.exports import gif, paint
from ui.figures.cells import Cells, grid_spec
from ui.figures.grid import ACCENT, SECOND, Prepared
from ui.figures.spec import Grid, Player
from ui.text import text

SIZE = (1920, 1080)
MARGIN = 80
TOP = 210  # where the figure starts, below the heading and the settings
FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
COLORS = ["#1f77b4", ACCENT, "#2ca02c", SECOND, "#9467bd", "#8c564b"]
MOST_CELLS = 10_000  # a heatmap with more cells than this is an image's job, not a slide's grid
TRACE_KEYS = ("z", "x", "y", "name", "mode")  # what a slide reads of a plotly trace


@dataclass(frozen=True)
class SlideOptions:
    """A slide's heading (the page), its line of settings, and the file's format ('png' or 'svg')."""

    heading: str
    settings: str = ""
    format: str = "png"

    def __post_init__(self):
        if self.format not in FORMATS:
            raise ValueError(f"A slide is {' or '.join(f.upper() for f in FORMATS)}, not {self.format!r}.")


def _plain(title) -> str:
    """A plotly title as words: no markup."""
    words = title.get("text", "") if isinstance(title, dict) else (title or "")
    return re.sub(r"<[^>]+>", "", str(words)).strip()


def name(figure) -> str:
    """What a reader calls a figure: a grid's title with its size, a player's name, a chart's title."""
    if isinstance(figure, Grid):
        return paint.title(figure)
    if isinstance(figure, Player):
        return figure.label.split(", ")[0]  # 'Scatter-add player': its frames may change while it is chosen
    layout = _plotly(figure).get("layout", {})
    return _plain(layout.get("title")) or "Chart"


def _plotly(figure) -> dict:
    """A plotly figure as the dicts this module reads: its traces' kinds and arrays, its titles.

    A figure kept as a dict (``Prepared``) is read as it is; a ``go.Figure`` is read through its
    properties, never ``to_dict()`` (a deep copy of every array: tens of milliseconds on each rerun
    for the largest matrices).
    """
    if isinstance(figure, dict):
        return figure
    if isinstance(figure, Prepared):
        return figure.to_dict()
    traces = [{key: trace[key] for key in TRACE_KEYS if key in trace and trace[key] is not None} | {"type": trace.type}
              for trace in figure.data]
    layout = figure.layout
    axes = {axis: {"title": {"text": layout[axis].title.text}, "type": layout[axis].type}
            for axis in ("xaxis", "yaxis")}
    return {"data": traces, "layout": {"title": {"text": layout.title.text}, **axes}}


def _array(value) -> np.ndarray:
    """A figure's array, as plotly writes it: a list, an array, or a typed array {dtype, bdata, shape}."""
    if isinstance(value, dict) and "bdata" in value:
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).astype(float)
        shape = value.get("shape")
        return flat.reshape([int(n) for n in str(shape).split(",")]) if shape else flat
    return np.array(value, dtype=float)


def _heading(ax, options: SlideOptions) -> None:
    ax.text(MARGIN, MARGIN - 20, options.heading, fontsize=56 * paint.PT, fontweight="bold", color=paint.TEXT,
            va="top")
    if options.settings:
        ax.text(MARGIN, MARGIN + 62, options.settings, fontsize=32 * paint.PT, color=paint.FAINT, va="top")


def _grid(ax, spec: Grid) -> None:
    """One grid, its cells as large as the slide allows (120 pixels at most), centred."""
    width, height = SIZE[0] - 2 * MARGIN, SIZE[1] - TOP - MARGIN / 2
    base = paint.Look(cell=1, title=40, label=26, caption=26)
    cell = min(120.0, (width - base.index_width) / spec.w,
               (height - paint.grid_extent(spec, base)[1]) / spec.h)
    look = paint.Look(cell=cell, title=40, label=26, caption=26)
    across = paint.grid_extent(spec, look)[0]
    paint.GridArtist(ax, spec, MARGIN + (width - across) / 2, TOP, look).update()


def _player(ax, player: Player) -> None:
    """A player's last frame: every panel and the last arithmetic, fitted to the slide."""
    last = framing.frame(player, player.frames - 1)
    room = SIZE[1] - TOP + gif.MARGIN * SIZE[0]
    shape = gif.layout(player, SIZE[0], titled=False)
    if shape.size[1] > room:
        shape = gif.layout(player, int(SIZE[0] * room / shape.size[1]) // 2 * 2, titled=False)
    offset = ((SIZE[0] - shape.size[0]) / 2, TOP - gif.MARGIN * shape.size[0])
    gif.Painter(player, shape, "", [last], ax=ax, offset=offset, animated=False).show(last)


def _heatmap(data: list[dict], title: str) -> np.ndarray:
    """The figure's heatmaps as one array: each later layer's numbers over the earlier ones."""
    layers = [_array(t["z"]) for t in data if t.get("type") == "heatmap"]
    z = layers[0]
    for layer in layers[1:]:
        z = np.where(np.isfinite(layer), layer, z)
    if z.ndim != 2 or z.size > MOST_CELLS:
        raise ValueError(text("exports", "slide-too-big", figure=title, cells=z.size, most=MOST_CELLS))
    return z


def _chart(ax_page, figure: dict) -> None:
    """Lines and bars on axes filling the slide below the heading."""
    fig = ax_page.figure
    w, h = SIZE
    left, top = MARGIN + 70, TOP + 60  # room for the axis title on the left and the chart's title above
    ax = fig.add_axes((left / w, MARGIN / h, 1 - (left + MARGIN) / w, 1 - (top + MARGIN) / h))
    layout = figure.get("layout", {})
    for n, trace in enumerate(t for t in figure["data"] if t.get("type") in ("scatter", "bar")):
        y = _array(trace["y"])
        x = _array(trace["x"]) if "x" in trace else np.arange(len(y))
        color = COLORS[n % len(COLORS)]
        if trace["type"] == "bar":
            ax.bar(x, y, color=color, label=trace.get("name"))
        else:
            ax.plot(x, y, color=color, linewidth=3, marker="o" if "markers" in trace.get("mode", "") else None,
                    label=trace.get("name"))
    for axis, setter in (("xaxis", ax.set_xlabel), ("yaxis", ax.set_ylabel)):
        setter(_plain(layout.get(axis, {}).get("title")), fontsize=26 * paint.PT)
    if (layout.get("yaxis") or {}).get("type") == "log":
        ax.set_yscale("log")
    for axis, limits in (("xaxis", ax.set_xlim), ("yaxis", ax.set_ylim)):
        shown = (layout.get(axis) or {}).get("range")
        if shown is not None:
            limits(*shown)
    _marks(ax, layout)
    ax.tick_params(labelsize=22 * paint.PT)
    if layout.get("showlegend", True) and any(t.get("name") for t in figure["data"]):  # as the page shows it
        ax.legend(fontsize=22 * paint.PT, frameon=False)
    ax.set_title(_plain(layout.get("title")), fontsize=34 * paint.PT, loc="left")


def _marks(ax, layout: dict) -> None:
    """The chart's marked places, as the page draws them: a vertical line across the plot (a shape from the top to
    the bottom of the plot, such as an image frequency of the 1-D page's spectra), dashed where the page's is, and
    the words written along it."""
    for shape in layout.get("shapes") or ():
        if shape.get("type") == "line" and shape.get("x0") == shape.get("x1") and shape.get("yref") == "paper":
            line = shape.get("line") or {}
            ax.axvline(float(shape["x0"]), color=line.get("color", paint.TEXT), linewidth=2.5,
                       linestyle="--" if line.get("dash") == "dash" else "-")
    for note in layout.get("annotations") or ():
        if note.get("yref") == "paper" and note.get("text"):
            color = (note.get("font") or {}).get("color", paint.TEXT)
            ax.text(float(note["x"]), 0.98, _plain(note["text"]), transform=ax.get_xaxis_transform(), rotation=90,
                    ha="right", va="top", color=color, fontsize=22 * paint.PT)


def kind(figure) -> str:
    """How a figure becomes a slide: 'grid', 'player', 'heatmap' or 'chart'; ValueError with a
    sentence for a figure that cannot."""
    if isinstance(figure, Grid | Player):
        return figure.kind
    spec = _plotly(figure)
    kinds = {t.get("type") for t in spec.get("data", [])}
    if "heatmap" in kinds:
        return "heatmap"
    if kinds and kinds <= {"scatter", "bar"}:
        return "chart"
    raise ValueError(text("exports", "slide-cannot", figure=name(figure)))


def problem(figure) -> str | None:
    """Why ``figure`` has no slide (a sentence), or None."""
    try:
        if kind(figure) == "heatmap":
            _heatmap(_plotly(figure)["data"], name(figure))
    except ValueError as exc:
        return str(exc)
    return None


def _draw(ax, figure) -> None:
    how = kind(figure)
    if how == "grid":
        _grid(ax, figure)
    elif how == "player":
        _player(ax, figure)
    elif how == "heatmap":
        title = name(figure)
        _grid(ax, grid_spec(_heatmap(_plotly(figure)["data"], title), title, key="slide", cell_px=60,
                            cells=Cells(limit=MOST_CELLS)))
    else:
        _chart(ax, _plotly(figure))


def slide(figure, options: SlideOptions) -> bytes:
    """The slide of ``figure`` as PNG or SVG bytes, 1920x1080 pixels."""
    fig, ax = paint.canvas(*SIZE)
    _heading(ax, options)
    _draw(ax, figure)
    out = io.BytesIO()
    meta = {"Title": f"{options.heading}: {name(figure)}"} if options.format == "png" else {"Date": None}
    fig.savefig(out, format=options.format, dpi=paint.DPI, metadata=meta)
    if options.format == "svg":  # matplotlib sizes an SVG in points; a slide is 1920x1080 pixels
        return re.sub(rb'width="[\d.]+pt" height="[\d.]+pt"', b'width="%d" height="%d"' % SIZE,
                      out.getvalue(), count=1)
    return out.getvalue()
