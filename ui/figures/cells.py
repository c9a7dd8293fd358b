"""Grids of cells as data: what the browser's renderer (``static/lab.js``) draws and updates in place.

A grid's data carries its values, the words in its cells and their tooltips, each cell's colour
(plotly.js's own Viridis and RdBu, so a value has one colour in every grid and player of a page)
and ink (the WCAG contrast's pick), its outlines, legend and caption. The renderer sets every word
as text, never as markup, so nothing a visitor types can become HTML.

In the page each grid is an element with ``data-grid`` (the key), ``data-title``, ``data-shape``,
and ``data-v`` on every cell (the exact value), which the browser tests read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ui.figures.grid import CELL_PX, MAX_TEXT_CELLS, SCALES, color_range
from ui.figures.spec import Grid, Legend, Outline, Scale, Spoken
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


@dataclass(frozen=True)
class Words:
    """What a grid says besides its numbers.

    text, hover : per-cell strings for the cell and its tooltip, as (H, W) lists (the numbers by default)
    caption : a sentence under the grid
    legend : a word for what the colours count ("contributions"): draws the colour scale from its
        lowest to its highest value under the title
    show : whether the cells show their words (by default while the grid is small enough)
    shaded, mark : what a screen reader says of a hatched cell and of a marked one
    """

    text: list | None = None
    hover: list | None = None
    caption: str | None = None
    legend: str | None = None
    show: bool | None = None
    shaded: str | None = None
    mark: str | None = None


@dataclass(frozen=True)
class Marks:
    """What is laid over the scale's colours: outlines (``ui.figures.grid.Box``), hatched cells (an (H, W)
    mask: cropped by padding, inserted zeros) and fills (CSS colours per cell, '' to keep the scale's)."""

    boxes: tuple = ()
    shaded: object = None
    fills: list | None = None


@dataclass(frozen=True)
class Cells:
    """The grid's cells: the labels beside each row and above each column (``0..`` by default), whether a
    click (or Enter on the keyboard cursor) on a cell reports it, and how many cells it may have."""

    rows: object = None
    cols: object = None
    pick: bool = False
    limit: int = MAX_CELLS


PLAIN_WORDS, NO_MARKS, PLAIN_CELLS = Words(), Marks(), Cells()


def grid_spec(values, title: str, *, key: str, scale: dict | None = None, cell_px: int = CELL_PX,
              words: Words = PLAIN_WORDS, marks: Marks = NO_MARKS, cells: Cells = PLAIN_CELLS) -> Grid:
    """A grid of ``values`` titled ``title (H x W)``, as the data the browser draws (``static/lab.js``).

    scale : colour-scale keywords (``color_range`` of the values by default)
    cell_px : a cell's side in pixels (its numbers are sized to it)
    Every text is set as text by the browser, never as HTML.
    """
    a = np.asarray(values, dtype=float)
    h, w = a.shape
    if h * w > cells.limit:
        raise ValueError(f"A {h}x{w} grid is too large for a grid of cells ({cells.limit} cells at most).")
    scale = scale or color_range(a)
    show = (h * w <= MAX_TEXT_CELLS) if words.show is None else words.show
    rows = list(range(h)) if cells.rows is None else list(cells.rows)
    cols = list(range(w)) if cells.cols is None else list(cells.cols)
    palette, fill_of = _fills(colors(a, scale), marks.fills)
    flat = a.ravel().tolist()
    spoken = Spoken(words.shaded, words.mark) if words.shaded or words.mark else None
    return Grid(
        key=key, title=title, h=h, w=w, v=[None if v != v else v for v in flat],
        labels=_written(flat) if words.text is None else [str(t) for row in words.text for t in row],
        show=bool(show and cell_px >= SMALLEST_TEXT_PX), fills=fill_of, palette=palette,
        tips=None if words.hover is None else [str(t) for row in words.hover for t in row],
        rows=[_plain(r) for r in rows], cols=[_plain(c) for c in cols], every=_every(h, w, cols, cell_px),
        px=int(cell_px), font=max(10, min(15, int(cell_px * 0.34))), boxes=tuple(Outline.of(b) for b in marks.boxes),
        legend=_legend(scale, words.legend) if words.legend else None, caption=words.caption, pick=cells.pick,
        scale=Scale(tuple(SCALES[scale.get("colorscale", "Viridis")]), float(scale["zmin"]), float(scale["zmax"])),
        shaded=None if marks.shaded is None else [bool(s) for s in np.asarray(marks.shaded).ravel()], words=spoken,
    )


def _every(h: int, w: int, cols: list, cell_px: int) -> tuple[int, int]:
    """Show every how many row and column labels: every index while it fits, at most 16 a side, and none
    closer than its own width."""
    widest = max((len(str(c)) for c in cols), default=1)
    every_r = max(1, -(-h // 16), -(-14 // (cell_px + 1)))
    every_c = max(1, -(-w // 16), -(-(7 * widest + 8) // (cell_px + 1)))
    return every_r, every_c


def _fills(rgb: np.ndarray, fills) -> tuple[list[tuple[str, str]], list[int]]:
    """Each cell's background and ink as an index into a palette of (background, ink) pairs.

    rgb : ``colors``'s (H, W, 3) channels (-1 for NaN: see-through); fills : CSS colours per cell
    that replace the scale's ('' keeps it). A see-through fill keeps the theme's own text colour.
    """
    flat = np.asarray(rgb, dtype=np.int64).reshape(-1, 3)
    packed = (flat[:, 0] << 16) | (flat[:, 1] << 8) | flat[:, 2]  # one number a colour; -1 for see-through
    unique, inverse = np.unique(packed, return_inverse=True)
    cells = ["transparent" if p < 0 else f"rgb({p >> 16},{(p >> 8) & 255},{p & 255})" for p in unique.tolist()]
    chosen = [cells[n] for n in inverse.ravel().tolist()]
    if fills is not None:
        chosen = [f or c for f, c in zip((f for row in fills for f in row), chosen)]
    palette, index, fill_of = [], {}, []
    for fill in chosen:
        if fill not in index:
            see_through = fill == "transparent" or fill.startswith("rgba")
            index[fill] = len(palette)
            text = "inherit" if see_through or not fill.startswith(("#", "rgb(")) else _ink_of(fill)
            palette.append((fill, text))
        fill_of.append(index[fill])
    return palette, fill_of


@lru_cache(maxsize=4096)
def _ink_of(fill: str) -> str:
    """``ink`` of a CSS colour; a page's grids share a few hundred colours at most."""
    return ink(channels(fill))


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


def _legend(scale: dict, word: str) -> Legend:
    """The colour scale as a small bar, its ends labelled: ``0 [gradient] 4 contributions``."""
    stops = ",".join(f"{c} {p * 100:.1f}%" for p, c in SCALES[scale.get("colorscale", "Viridis")])
    return Legend(lo=number(float(scale["zmin"])), hi=number(float(scale["zmax"])), word=word, stops=stops)
