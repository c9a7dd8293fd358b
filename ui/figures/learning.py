"""Figures of the training page: pictures as small PNG images, and the loss curves.

Arrays in, figures out. A picture is an ``<img>`` in an HTML string (PNG, nearest-neighbour
enlarged so each pixel stays a visible square), with its title, its size and its value range in
the alt text and in ``data-*`` attributes, so a screen reader and the tests can read what it shows.
"""

from __future__ import annotations

import base64
import functools
import html
import io

import numpy as np
import plotly.graph_objects as go
from matplotlib import colormaps
from PIL import Image

from ui.figures.cells import grid_spec
from ui.figures.grid import figure
from ui.words import number, size

SIDE_PX = 192  # an image's side on screen
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd")  # plotly's first five, one a method


def _png(values: np.ndarray, low: float, high: float, cmap: str) -> str:
    """The picture as a PNG at its own size, base64: the page enlarges it, each pixel a square
    (``image-rendering: pixelated``). Encoded once per picture (``_encoded``)."""
    a = np.ascontiguousarray(values, dtype=float)
    return _encoded(a.tobytes(), a.shape, float(low), float(high), cmap)


@functools.lru_cache(maxsize=256)  # a rerun that changes no picture encodes none (about 5 ms each)
def _encoded(data: bytes, shape: tuple[int, int], low: float, high: float, cmap: str) -> str:
    span = high - low if high > low else 1.0
    scaled = np.clip((np.frombuffer(data).reshape(shape) - low) / span, 0, 1)
    rgb = (colormaps[cmap](scaled)[..., :3] * 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def image_html(values, title: str, *, key: str, value_range: tuple[float, float] | None = None,
               cmap: str = "gray", caption: str = "") -> str:
    """A picture with its title; grey from ``value_range`` (its own range by default), or another colour map."""
    a = np.asarray(values, dtype=float)
    low, high = value_range if value_range is not None else (float(a.min()), float(a.max()))
    words = f"{title} ({size(a.shape)}), values {number(float(a.min()))} to {number(float(a.max()))}"
    label = html.escape(words, quote=True)
    attrs = f'data-image="{html.escape(key, quote=True)}" data-title="{html.escape(title, quote=True)}"'
    attrs += f' data-shape="{a.shape[0]}x{a.shape[1]}" data-range="{float(a.min())!r},{float(a.max())!r}"'
    attrs += f' data-scale="{float(low)!r},{float(high)!r}"'  # the values drawn black and white (or the map's ends)
    return (f'<figure class="tcl-image" {attrs} style="margin:0 0 .5rem 0">'
            f'<figcaption style="font-size:14px;font-weight:600;margin-bottom:4px">{html.escape(title)} '
            f'({size(a.shape)})</figcaption><img alt="{label}" src="data:image/png;base64,{_png(a, low, high, cmap)}" '
            f'style="image-rendering:pixelated;width:100%;max-width:{SIDE_PX}px;aspect-ratio:{a.shape[1]}/{a.shape[0]};border-radius:2px">'
            + (f'<div style="font-size:13px;opacity:.8">{html.escape(caption)}</div>' if caption else "")
            + "</figure>")


def loss_figure(curves: dict[str, list[float]], labels: dict[str, str]) -> go.Figure:
    """Mean squared error per step, one line a method, on a log scale."""
    data = [dict(type="scatter", mode="lines", name=labels[name], y=list(values), x=list(range(1, len(values) + 1)),
                 line=dict(color=COLOURS[i % len(COLOURS)], width=2),
                 hovertemplate=labels[name] + ", step %{x}: %{y:.4g}<extra></extra>")
            for i, (name, values) in enumerate(curves.items()) if values]
    layout = dict(height=300, margin=dict(l=50, r=10, t=40, b=40), title=dict(text="Loss (mean squared error)", x=0),
                  xaxis=dict(title=dict(text="step")), yaxis=dict(type="log", dtick=1, title=dict(text="loss")),
                  legend=dict(orientation="h", y=-0.4, yanchor="top"), dragmode=False)
    return figure(data, layout)


def _on_screen_scale(values: np.ndarray) -> str:
    """The caption of a picture drawn on the screen's grey scale: the scale, and the values it holds."""
    low, high = number(float(values.min())), number(float(values.max()))
    held = f"all {low}" if low == high else f"from {low} to {high}"
    return f"On the grey scale from 0 (black) to 1 (white), as the picture: values {held}, the border included."


def method_figures(key: str, *, first: np.ndarray, now: np.ndarray, target: np.ndarray, first_flat: np.ndarray,
                   flat: np.ndarray, steps: int, kernels: list[np.ndarray]) -> list:
    """One method's row: its output at step 0 and now, the error now, its output for a flat grey input at step 0
    and now, and its kernels (a list of grids of cells, the last column). The flat outputs are drawn on the
    picture's own scale (0 black, 1 white), as a screen would show them: an unevenness of less than one grey
    level stays invisible, as it is. Before training, "now" is step 0: its panels are left out (empty lists)."""
    error = np.abs(now - target)
    titled = [f"Kernel {i + 1}" if len(kernels) > 1 else "Kernel" for i in range(len(kernels))]
    trained = steps > 0
    return [
        image_html(first, "Step 0", key=f"{key}_first", value_range=(0, 1)),
        image_html(now, f"Step {steps}", key=f"{key}_now", value_range=(0, 1)) if trained else [],
        image_html(error, "Error" if trained else "Error at step 0", key=f"{key}_error",
                   value_range=(0, max(float(error.max()), 1e-9)), cmap="viridis"),
        image_html(first_flat, "Flat input, step 0", key=f"{key}_flat_first", value_range=(0, 1),
                   caption=_on_screen_scale(first_flat)),
        image_html(flat, f"Flat input, step {steps}", key=f"{key}_flat", value_range=(0, 1),
                   caption=_on_screen_scale(flat)) if trained else [],
        [grid_spec(np.round(k, 2), title, key=f"{key}_kernel_{i}", cell_px=26)
         for i, (k, title) in enumerate(zip(kernels[:4], titled))],
    ]


def spread_figure(history: dict[str, list[tuple[int, float]]], labels: dict[str, str]) -> go.Figure:
    """How uneven each method's flat-input output is, (largest - smallest phase) / mean, as training goes."""
    data = [dict(type="scatter", mode="lines+markers", name=labels[name], x=[s for s, _ in points],
                 y=[100 * v for _, v in points], line=dict(color=COLOURS[i % len(COLOURS)], width=2),
                 hovertemplate=labels[name] + ", step %{x}: %{y:.3g}%<extra></extra>")
            for i, (name, points) in enumerate(history.items()) if points]
    layout = dict(height=260, margin=dict(l=50, r=10, t=40, b=40), dragmode=False,
                  title=dict(text="Unevenness on a flat input (% of its mean)", x=0),
                  xaxis=dict(title=dict(text="step")), yaxis=dict(title=dict(text="%"), rangemode="tozero"),
                  legend=dict(orientation="h", y=-0.45, yanchor="top"))
    return figure(data, layout)
