"""Grids of cells as data: what the browser's renderer (``static/lab.js``) draws and updates in place.

A grid's data carries its values, the words in its cells and their tooltips, each cell's colour
(plotly.js's own Viridis and RdBu, so a value has one colour in every grid and player of a page)
and ink (the WCAG contrast's pick), its outlines, legend and caption. The renderer sets every word
as text, never as markup, so nothing a visitor types can become HTML.

In the page each grid is an element with ``data-grid`` (the key), ``data-title``, ``data-shape``,
and ``data-v`` on every cell (the exact value), which the browser tests read.
"""

from __future__ import annotations

import numpy as np

from ui.figures.grid import CELL_PX, MAX_TEXT_CELLS, SCALES, color_range
from ui.words import number

MAX_CELLS = 2500  # above this, a grid is an image's job (plotly), not a table's
PLAYER_CELLS = 5000  # a player's panels (the padded input of the largest settings: 65x65)
SMALLEST_TEXT_PX = 22  # cells narrower than this show no numbers (the hover still does)


def channels(color: str) -> tuple[int, int, int]:
    """A CSS colour, "#rrggbb" or "rgb(r, g, b)", as its three 0..255 channels."""
    if color.startswith("#"):
        return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))
    return tuple(int(v) for v in color[color.index("(") + 1:color.index(")")].split(","))


_STOPS = {name: (np.array([p for p, _ in stops]), np.array([channels(c) for _, c in stops], dtype=float))
          for name, stops in SCALES.items()}


def colors(values, scale: dict | None = None) -> np.ndarray:
    """The colour of each value as (H, W, 3) integers 0..255, as plotly would draw it.

    scale : ``ui.figures.grid.color_range``'s keywords (colorscale, zmin, zmax); NaN cells get -1
    """
    a = np.asarray(values, dtype=float)
    scale = scale or color_range(a)
    return _interpolated(a, *_STOPS[scale.get("colorscale", "Viridis")], float(scale["zmin"]), float(scale["zmax"]))


def stop_colors(values, stops, zmin: float, zmax: float) -> np.ndarray:
    """``colors`` on a scale given by its stops ``[[position, css colour], ...]`` (a grid's ``scale``)."""
    positions = np.array([p for p, _ in stops], dtype=float)
    rgb = np.array([channels(c) for _, c in stops], dtype=float)
    return _interpolated(np.asarray(values, dtype=float), positions, rgb, float(zmin), float(zmax))


def _interpolated(a: np.ndarray, positions: np.ndarray, rgb: np.ndarray, lo: float, hi: float) -> np.ndarray:
    t = np.clip((a - lo) / ((hi - lo) or 1.0), 0, 1)
    flat = np.nan_to_num(t.ravel(), nan=0.0)
    out = np.stack([np.interp(flat, positions, rgb[:, i]) for i in range(3)], axis=-1)
    out = np.rint(out).astype(int).reshape(a.shape + (3,))
    out[np.isnan(a)] = -1
    return out


def css(rgb) -> str:
    """0..255 channels as the CSS colour the renderer writes: "rgb(68,1,84)"."""
    return f"rgb({rgb[0]},{rgb[1]},{rgb[2]})"


def _luminance(rgb) -> float:
    """Relative luminance (WCAG) of 0..255 channels."""
    c = [v / 255 for v in rgb]
    r, g, b = (v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink(rgb) -> str:
    """Near-black or white text, whichever contrasts more with the background (WCAG ratio)."""
    lum = _luminance(rgb)
    return "#111" if (lum + 0.05) / 0.0556 > 1.05 / (lum + 0.05) else "#fff"


def grid_spec(values, title: str, *, key: str, boxes=(), scale: dict | None = None, fills=None,
              text=None, hover=None, show_values: bool | None = None, cell_px: int = CELL_PX,
              row_offset: int = 0, col_offset: int = 0, row_labels=None, col_labels=None,
              caption: str | None = None, legend: str | None = None, pick: bool = False,
              shaded=None, limit: int = MAX_CELLS) -> dict:
    """A grid of ``values`` titled ``title (H x W)``, as the data the browser draws (``static/lab.js``).

    boxes : outlines (``ui.figures.grid.Box``)
    scale : colour-scale keywords (``color_range`` of the values by default)
    fills : CSS colours per cell, instead of the scale (an (H, W) array of strings; '' to use the scale)
    text, hover : per-cell strings for the cell and its tooltip (the numbers by default)
    row_labels, col_labels : the index shown beside each row and above each column
        (``row_offset + i`` by default; for views that extend past the output)
    legend : a word for what the colours count ("contributions"): draws the colour scale
        from its lowest to its highest value under the title
    pick : whether a click (or Enter on the keyboard cursor) on a cell reports it
    shaded : an (H, W) mask of cells drawn hatched (cropped by padding)
    Every text is set as text by the browser, never as HTML.
    """
    a = np.asarray(values, dtype=float)
    h, w = a.shape
    if h * w > limit:
        raise ValueError(f"A {h}x{w} grid is too large for a grid of cells ({limit} cells at most).")
    scale = scale or color_range(a)
    rgb = colors(a, scale)
    show = (h * w <= MAX_TEXT_CELLS) if show_values is None else show_values
    show = bool(show and cell_px >= SMALLEST_TEXT_PX)
    rows = list(row_labels) if row_labels is not None else list(range(row_offset, row_offset + h))
    cols = list(col_labels) if col_labels is not None else list(range(col_offset, col_offset + w))
    # Every index while it fits: at most 16 a side, and none closer than its own width.
    widest = max((len(str(c)) for c in cols), default=1)
    every_r = max(1, -(-h // 16), -(-14 // (cell_px + 1)))
    every_c = max(1, -(-w // 16), -(-(7 * widest + 8) // (cell_px + 1)))
    palette, fill_of = _fills(rgb, fills)
    flat = a.ravel()
    if text is not None:
        labels = [str(t) for row in text for t in row]
    else:
        labels = _written(flat.tolist())
    tips = [str(t) for row in hover for t in row] if hover is not None else None
    return dict(
        kind="grid", key=key, title=title, h=h, w=w,
        v=[None if v != v else v for v in flat.tolist()],
        labels=labels, show=show, tips=tips,
        fills=fill_of, palette=palette, rows=[_plain(r) for r in rows], cols=[_plain(c) for c in cols],
        every=[every_r, every_c], px=int(cell_px), font=max(10, min(15, int(cell_px * 0.34))),
        boxes=[[int(box.rows[0]), int(box.rows[1]), int(box.cols[0]), int(box.cols[1]), box.color, float(box.width),
                {"solid": "solid", "dot": "dotted"}.get(box.dash, "dashed")] for box in boxes],
        legend=_legend(scale, legend) if legend else None, caption=caption, pick=pick,
        scale=dict(stops=[[p, c] for p, c in SCALES[scale.get("colorscale", "Viridis")]],
                   zmin=float(scale["zmin"]), zmax=float(scale["zmax"])),
        shaded=None if shaded is None else [bool(s) for s in np.asarray(shaded).ravel()],
    )


def _fills(rgb: np.ndarray, fills) -> tuple[list[list[str]], list[int]]:
    """Each cell's background and ink as an index into a palette of (background, ink) pairs.

    rgb : ``colors``'s (H, W, 3) channels (-1 for NaN: see-through); fills : CSS colours per cell
    that replace the scale's ('' keeps it). A see-through fill keeps the theme's own text colour.
    """
    h, w, _ = rgb.shape
    flat = rgb.reshape(-1, 3)
    unique, inverse = np.unique(flat, axis=0, return_inverse=True)
    cells = [("transparent" if u[0] < 0 else css(u)) for u in unique]
    chosen = [cells[n] for n in inverse.ravel()]
    if fills is not None:
        chosen = [f or c for f, c in zip((f for row in fills for f in row), chosen)]
    palette, index, fill_of = [], {}, []
    for fill in chosen:
        if fill not in index:
            see_through = fill == "transparent" or fill.startswith("rgba")
            index[fill] = len(palette)
            text = "inherit" if see_through or not fill.startswith(("#", "rgb(")) else ink(channels(fill))
            palette.append([fill, text])
        fill_of.append(index[fill])
    return palette, fill_of


def _written(values: list[float]) -> list[str]:
    """Each value as the lesson writes it ('' for NaN); most grids repeat a few values, each written once."""
    seen: dict[float, str] = {}
    out = []
    for v in values:
        if v != v:
            out.append("")
            continue
        word = seen.get(v)
        if word is None:
            word = seen[v] = number(v)
        out.append(word)
    return out


def _plain(label):
    """A row or column label as JSON carries it (NumPy integers become ints)."""
    return label.item() if isinstance(label, np.generic) else label


def _legend(scale: dict, word: str) -> dict:
    """The colour scale as a small bar, its ends labelled: ``0 [gradient] 4 contributions``."""
    stops = ",".join(f"{c} {p * 100:.1f}%" for p, c in SCALES[scale.get("colorscale", "Viridis")])
    return dict(lo=number(float(scale["zmin"])), hi=number(float(scale["zmax"])), word=word, stops=stops)
