"""Matrices drawn as light HTML grids, for every grid nobody clicks or plays.

A browser redraws a plotly heatmap in tens of milliseconds, and a change in the sidebar
touches every grid of a page; an HTML grid of the same cells costs about a millisecond.
The step players and the clickable grids stay plotly figures (ui.figures.player, ui.figures.pick).

The colours are plotly.js's own Viridis and RdBu, so a value has the same colour in an HTML
grid and in a player beside it. Every text in the HTML is written here from numbers and from
the app's own titles (escaped); nothing a visitor types reaches it unescaped.

Each grid carries its data for tests and for the browser: ``data-grid`` (the key),
``data-title``, ``data-shape``, and ``data-v`` on every cell (the exact value, ``repr``).
"""

from __future__ import annotations

import html

import numpy as np

from ui.figures.grid import CELL_PX, MAX_TEXT_CELLS, SCALES, color_range
from ui.words import number

MAX_CELLS = 2500  # above this, a grid is an image's job (plotly), not a table's
SMALLEST_TEXT_PX = 22  # cells narrower than this show no numbers (the hover still does)


def _rgb(color: str) -> tuple[int, int, int]:
    if color.startswith("#"):
        return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))
    return tuple(int(v) for v in color[color.index("(") + 1:color.index(")")].split(","))


_STOPS = {name: (np.array([p for p, _ in stops]), np.array([_rgb(c) for _, c in stops], dtype=float))
          for name, stops in SCALES.items()}


def colors(values, scale: dict | None = None) -> np.ndarray:
    """The colour of each value as (H, W, 3) integers 0..255, as plotly would draw it.

    scale : ``ui.figures.grid.color_range``'s keywords (colorscale, zmin, zmax); NaN cells get -1
    """
    a = np.asarray(values, dtype=float)
    scale = scale or color_range(a)
    positions, rgb = _STOPS[scale.get("colorscale", "Viridis")]
    lo, hi = float(scale["zmin"]), float(scale["zmax"])
    t = np.clip((a - lo) / ((hi - lo) or 1.0), 0, 1)
    flat = np.nan_to_num(t.ravel(), nan=0.0)
    out = np.stack([np.interp(flat, positions, rgb[:, i]) for i in range(3)], axis=-1)
    out = np.rint(out).astype(int).reshape(a.shape + (3,))
    out[np.isnan(a)] = -1
    return out


def _css(rgb) -> str:
    return f"rgb({rgb[0]},{rgb[1]},{rgb[2]})"


def _luminance(rgb) -> float:
    """Relative luminance (WCAG) of 0..255 channels."""
    c = [v / 255 for v in rgb]
    r, g, b = (v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _ink(rgb) -> str:
    """Near-black or white text, whichever contrasts more with the background (WCAG ratio)."""
    lum = _luminance(rgb)
    return "#111" if (lum + 0.05) / 0.0556 > 1.05 / (lum + 0.05) else "#fff"


def grid_html(values, title: str, *, key: str, boxes=(), scale: dict | None = None, fills=None,
              text=None, hover=None, show_values: bool | None = None, cell_px: int = CELL_PX,
              row_offset: int = 0, col_offset: int = 0, row_labels=None, col_labels=None,
              caption: str | None = None, legend: str | None = None) -> str:
    """A grid of ``values`` titled ``title (H x W)``, as HTML.

    boxes : outlines (``ui.figures.grid.Box``)
    scale : colour-scale keywords (``color_range`` of the values by default)
    fills : CSS colours per cell, instead of the scale (an (H, W) array of strings; '' to use the scale)
    text, hover : per-cell strings for the cell and its tooltip (the numbers by default)
    row_labels, col_labels : the index shown beside each row and above each column
        (``row_offset + i`` by default; for views that extend past the output)
    legend : a word for what the colours count ("contributions"): draws the colour scale
        from its lowest to its highest value under the title
    """
    a = np.asarray(values, dtype=float)
    h, w = a.shape
    if h * w > MAX_CELLS:
        raise ValueError(f"A {h}x{w} grid is too large for an HTML grid ({MAX_CELLS} cells at most).")
    rgb = colors(a, scale)
    show = (h * w <= MAX_TEXT_CELLS) if show_values is None else show_values
    show = show and cell_px >= SMALLEST_TEXT_PX
    font = max(10, min(15, int(cell_px * 0.34)))
    rows = list(row_labels) if row_labels is not None else list(range(row_offset, row_offset + h))
    cols = list(col_labels) if col_labels is not None else list(range(col_offset, col_offset + w))
    # Every index while it fits: at most 16 a side, and none closer than its own width.
    widest = max((len(str(c)) for c in cols), default=1)
    every_r = max(1, -(-h // 16), -(-14 // (cell_px + 1)))
    every_c = max(1, -(-w // 16), -(-(7 * widest + 8) // (cell_px + 1)))
    parts = [
        f'<div class="tcl-grid" data-grid="{html.escape(key)}" data-title="{html.escape(title)}" '
        f'data-shape="{h}x{w}" style="margin:0 0 0.5rem 0">',
        f'<div style="font-weight:600;font-size:1.05rem;margin:0 0 0.35rem 0">{html.escape(title)} ({h}x{w})</div>',
        _legend(scale or color_range(a), legend) if legend else "",
        f'<div style="display:grid;grid-template-columns:2em repeat({w},minmax(0,{cell_px}px));'
        f'grid-auto-rows:auto;gap:1px;max-width:100%;font-size:{font}px;line-height:1">',
    ]
    for j, label in enumerate(cols):
        shown = html.escape(str(label)) if j % every_c == 0 else ""
        parts.append(f'<div style="grid-area:1/{j + 2};text-align:center;opacity:.6;font-size:12px;'
                     f'padding-bottom:3px">{shown}</div>')
    for i in range(h):
        shown = html.escape(str(rows[i])) if i % every_r == 0 else ""
        # No line height: a row number never makes its row taller than its cells.
        parts.append(f'<div style="grid-area:{i + 2}/1;align-self:center;line-height:0;text-align:right;'
                     f'opacity:.6;font-size:12px;padding-right:4px">{shown}</div>')
        for j in range(w):
            v = a[i, j]
            fill = fills[i][j] if fills is not None and fills[i][j] else (
                "transparent" if rgb[i, j, 0] < 0 else _css(rgb[i, j]))
            if fill == "transparent" or fill.startswith("rgba"):
                ink = "inherit"  # a see-through fill: the theme's own text colour reads on it
            else:
                ink = _ink(_rgb(fill) if fill.startswith(("#", "rgb(")) else rgb[i, j])
            label = text[i][j] if text is not None else ("" if np.isnan(v) else number(v))
            tip = hover[i][j] if hover is not None else f"row {rows[i]}, column {cols[j]}: {label}"
            parts.append(
                f'<div data-v="{float(v)!r}" title="{html.escape(str(tip))}" style="grid-area:{i + 2}/{j + 2};'
                f'aspect-ratio:1;background:{fill};color:{ink};display:flex;align-items:center;'
                f'justify-content:center;overflow:hidden;white-space:nowrap">'
                f'{html.escape(str(label)) if show else ""}</div>')
    for box in boxes:
        style = {"solid": "solid", "dot": "dotted"}.get(box.dash, "dashed")
        parts.append(
            f'<div class="tcl-box" data-box="{box.rows[0]},{box.rows[1]},{box.cols[0]},{box.cols[1]},'
            f'{html.escape(box.color)}" style="grid-area:{box.rows[0] + 2}/{box.cols[0] + 2}/'
            f'{box.rows[1] + 2}/{box.cols[1] + 2};border:{box.width:g}px {style} {box.color};'
            f'margin:-2px;pointer-events:none;z-index:1"></div>')
    parts.append("</div>")
    if caption:
        parts.append(f'<div style="font-size:0.85rem;opacity:.7;margin-top:0.3rem">{html.escape(caption)}</div>')
    parts.append("</div>")
    return "".join(parts)


def _legend(scale: dict, word: str) -> str:
    """The colour scale as a small bar, its ends labelled: ``0 [gradient] 4 contributions``."""
    lo, hi = float(scale["zmin"]), float(scale["zmax"])
    stops = ",".join(f"{c} {p * 100:.1f}%" for p, c in SCALES[scale.get("colorscale", "Viridis")])
    return (f'<div class="tcl-legend" style="display:flex;align-items:center;gap:6px;font-size:13px;'
            f'opacity:.85;margin:0 0 0.4rem 0"><span>{number(lo)}</span><span style="width:120px;height:10px;'
            f'background:linear-gradient(to right,{stops})"></span><span>{number(hi)} {html.escape(word)}</span></div>')
