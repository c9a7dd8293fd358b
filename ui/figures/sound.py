"""Figures of the page "Hear the checkerboard": a line's stamps, spectra and spectrograms.

Arrays in, plotly figures out (every one with a title and labelled axes); nothing here computes convolution
or spectra. Frequencies are in Hz, levels in dB below the figure's loudest.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.grid import DIVERGING, SEQUENTIAL, figure
from ui.figures.matrix import FONT
from ui.words import number

MOST_POINTS = 1200  # a spectrum drawn with more is thinned, each drawn point the loudest of its bins
MARK = "#b2182b"  # the image frequencies' lines, dark enough on white
COUNTS = [[0.0, "#f7fbff"], [1.0, "#6baed6"]]  # light blues: black numbers read on every count
SHOWN_DB = -80.0  # a spectrogram's colours run from this level to the loudest
WHOLE_DB = -128  # a spectrogram's lowest level sent (whole dB, in one signed byte)


def _layout(title: str, x: str, y: str, height: int) -> dict:
    return dict(title=dict(text=title, x=0, xanchor="left", font=dict(size=16)), height=height,
                margin=dict(l=64, r=12, t=56, b=52), font=dict(size=FONT), dragmode=False,
                xaxis=dict(title=dict(text=x), fixedrange=True), yaxis=dict(title=dict(text=y), fixedrange=True))


def stamps_figure(values, output, counts, title: str) -> go.Figure:
    """Each input sample's stamp on its own row (its products where they land), then the sum of the stamps and
    the number of products each output sample receives, every cell written."""
    v = np.asarray(values, dtype=float)
    n, length = v.shape
    rows = [f"stamp of x[{i}]" for i in range(n)] + ["sum (output)", "products added"]
    cols = list(range(length))
    top = float(np.nanmax(np.abs(v))) if np.isfinite(v).any() else 1.0
    words = [[("" if np.isnan(a) else number(a)) for a in row] for row in v]
    data = [
        dict(type="heatmap", x=cols, y=list(range(n)), z=v, text=words, texttemplate="%{text}", colorscale=DIVERGING,
             zmin=-max(top, 1e-12), zmax=max(top, 1e-12), showscale=False, xgap=2, ygap=2,
             hovertemplate="output sample %{x}: %{text}<extra></extra>"),
        dict(type="heatmap", x=cols, y=[n], z=[list(np.asarray(output, float))], showscale=False,
             text=[[number(a) for a in output]], texttemplate="%{text}", colorscale=[[0, "#f0f0f0"], [1, "#f0f0f0"]],
             xgap=2, ygap=2, hovertemplate="output sample %{x}: %{text}<extra></extra>"),
        dict(type="heatmap", x=cols, y=[n + 1], z=[list(np.asarray(counts, float))], showscale=False,
             text=[[str(int(c)) for c in counts]], texttemplate="%{text}", colorscale=COUNTS, zmin=0,
             textfont=dict(color="#000000"),
             zmax=max(float(np.max(counts)), 1.0), xgap=2, ygap=2,
             hovertemplate="output sample %{x}: %{text} products<extra></extra>"),
    ]
    layout = _layout(title, "output sample", "stamps, their sum and count", 110 + 34 * (n + 2))
    layout["yaxis"].update(autorange="reversed", tickvals=list(range(n + 2)), ticktext=rows)
    layout["xaxis"].update(dtick=1, side="top")
    layout["margin"] = dict(l=120, r=12, t=110, b=10)
    layout["title"].update(y=1, yref="container", yanchor="top", pad=dict(t=8))  # above the axis's own title
    return figure(data, layout)


def _thinned(hz: np.ndarray, level: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    step = -(-hz.size // MOST_POINTS)
    if step == 1:
        return hz, level
    cut = hz.size - hz.size % step
    head = level[:cut].reshape(-1, step).max(axis=1)
    tail = [level[cut:].max()] if cut < hz.size else []
    return hz[::step], np.concatenate([head, tail])


def decibels(magnitude, floor: float = -100.0) -> np.ndarray:
    """Magnitudes in dB below the loudest, at least ``floor`` (silence: all at the floor)."""
    m = np.asarray(magnitude, dtype=float)
    top = m.max() if m.size else 0.0
    if top <= 0:
        return np.full(m.shape, floor)
    with np.errstate(divide="ignore"):
        return np.maximum(20 * np.log10(m / top), floor)


def spectrum_figure(hz, magnitude, title: str, marks=(), top_hz: float | None = None,
                    floor: float = -100.0) -> go.Figure:
    """A spectrum in dB below its loudest against Hz, with dashed lines at ``marks`` ((Hz, label) pairs)."""
    x, y = _thinned(np.asarray(hz, float), decibels(magnitude, floor))
    data = [dict(type="scatter", x=x, y=y, mode="lines", line=dict(width=1.5, color="#2166ac"), name=title,
                 hovertemplate="%{x:.0f} Hz: %{y:.1f} dB<extra></extra>")]
    layout = _layout(title, "frequency (Hz)", "level (dB below the loudest)", 300)
    layout["xaxis"]["range"] = [0, float(top_hz if top_hz is not None else x[-1])]
    layout["yaxis"]["range"] = [floor, 5]
    layout["showlegend"] = False
    layout["shapes"] = [dict(type="line", x0=f, x1=f, y0=0, y1=1, yref="paper", line=dict(color=MARK, dash="dash"))
                        for f, _ in marks]
    layout["annotations"] = [dict(x=f, y=1, yref="paper", text=label, showarrow=False, xanchor="right",
                                  yanchor="top", textangle=-90, font=dict(color=MARK, size=FONT))
                             for f, label in marks]
    return figure(data, layout)


def spectrogram_figure(times, hz, level_db, title: str, floor: float = -100.0) -> go.Figure:
    """A spectrogram: time across, frequency up, the level in dB below the loudest as colour.

    The levels are sent in whole dB, one byte each (at least −128 dB), as the hover writes them: a
    spectrogram of 129x200 takes 34 kB instead of 290 kB in doubles, on every rerun that draws it."""
    whole = np.round(np.maximum(np.asarray(level_db, float), WHOLE_DB)).astype(np.int8)
    data = [dict(type="heatmap", x=np.asarray(times, float), y=np.asarray(hz, float), z=whole,
                 colorscale=SEQUENTIAL, zmin=max(floor, SHOWN_DB), zmax=0,
                 colorbar=dict(title=dict(text="dB"), tickfont=dict(size=FONT)),
                 hovertemplate="%{x:.2f} s, %{y:.0f} Hz: %{z:.0f} dB<extra></extra>")]
    return figure(data, _layout(title, "time (s)", "frequency (Hz)", 280))
