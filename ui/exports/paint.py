"""A grid of cells drawn with matplotlib, in the browser renderer's colours and words.

A grid (a ``ui.figures.spec.Grid``, built by ``ui.figures.cells.grid_spec``) is drawn on a
``matplotlib.figure.Figure`` whose one axes counts in pixels from the top left: its title
``Title (HxW)``, the row and column numbers, the cells (the grid's own colours, or a frame's values
on the grid's scale: the same Viridis and RdBu stops as ``ui.figures.grid.SCALES``), the number in
each cell with its ink (near-black or white, the WCAG contrast's pick), hatched cells, dots and
outlines. ``GridArtist.update`` redraws only what a player's frame changes, so a GIF of 400 frames
builds its artists once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ui.figures.cells import channels, ink, stop_colors
from ui.figures.spec import Grid
from ui.words import number

DPI = 100
PT = 72 / DPI  # points in a pixel
PAPER = (255, 255, 255)  # the page behind see-through cells (the light theme)
TEXT = "#262730"  # Streamlit's light theme's text
FAINT = "#6b6d76"  # index numbers and captions
MARK = "#e377c2"
SHADE = "#808080"
STYLES = {"solid": "-", "dashed": (0, (4, 2.5)), "dotted": (0, (1, 1.6))}


@dataclass(frozen=True)
class Look:
    """Sizes in pixels: a cell's side, and the type of titles, index numbers and captions."""

    cell: float
    title: float = 22
    label: float = 14
    caption: float = 14

    @property
    def index_width(self) -> float:
        """The column of row numbers left of the cells."""
        return 2.4 * self.label


def css_rgb(color: str) -> tuple[int, int, int]:
    """A CSS colour as 0..255 channels, see-through ones laid on the white page."""
    if color in ("transparent", "", "inherit"):
        return PAPER
    if color.startswith("rgba"):
        *rgb, alpha = (float(v) for v in color[color.index("(") + 1:color.index(")")].split(","))
        return tuple(int(round(a * alpha + p * (1 - alpha))) for a, p in zip(rgb, PAPER))
    return channels(color)


def grid_extent(spec: Grid, look: Look) -> tuple[float, float]:
    """The width and height in pixels that ``GridArtist`` takes for ``spec`` with ``look``."""
    width = max(look.index_width + spec.w * look.cell, title_width(spec, look.title))
    height = 1.5 * look.title + 1.5 * look.label + spec.h * look.cell
    if spec.caption:
        height += 2.0 * look.caption
    return width, height


def title(spec: Grid) -> str:
    """A grid's title as the renderer writes it: 'Output (7x7)'."""
    return f"{spec.title} ({spec.h}x{spec.w})"


def title_width(spec: Grid, size: float) -> float:
    """About how wide the grid's bold title is at ``size`` pixels (a bold character: 0.64 of its size)."""
    return 0.64 * size * len(title(spec))


def cells_origin(x: float, y: float, look: Look) -> tuple[float, float]:
    """The top left of a grid's first cell, for a grid drawn at ``(x, y)``: below its title and column numbers."""
    return x + look.index_width, y + 1.5 * look.title + 1.5 * look.label


def longest(spec: Grid, frames=()) -> int:
    """The most characters a cell of ``spec`` writes, in its own words or in a frame's values."""
    words = [len(t) for t in spec.labels] or [1]
    for panel in frames:
        if panel.values is not None:
            words += [len(number(v)) for v in np.unique(panel.values[np.isfinite(panel.values)])]
    return max(words)


def canvas(width: float, height: float) -> tuple[Figure, object]:
    """A white figure of ``width`` x ``height`` pixels and an axes counting pixels from its top left."""
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")
    return fig, ax


def pixels(fig: Figure) -> np.ndarray:
    """The figure drawn, as (H, W, 3) bytes."""
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()


class GridArtist:
    """One grid drawn at ``(x, y)`` (its top left, in pixels) on ``ax``; ``update`` shows a frame.

    moving : what a player's frames change on this grid ('values', 'marks', 'boxes'): those artists
        are animated (left out of a full draw, drawn by ``Painter`` over a saved background)
    """

    def __init__(self, ax, spec: Grid, x: float, y: float, look: Look, chars: int | None = None,
                 moving: frozenset = frozenset()):
        self.spec, self.look, self.ax, self.moving = spec, look, ax, moving
        h, w, cell = spec.h, spec.w, look.cell
        self.left, self.top = cells_origin(x, y, look)
        ax.text(x, y, title(spec), fontsize=look.title * PT, fontweight="bold", color=TEXT,
                va="top", ha="left")
        self._indices(spec, look)
        right, bottom = self.left + w * cell, self.top + h * cell
        cells = [ax.imshow(np.zeros((h, w, 3), np.uint8), extent=(self.left, right, bottom, self.top),
                           interpolation="nearest", aspect="auto", zorder=1), self._gaps(h, w, right, bottom)]
        cells += self._shaded(spec)
        self.cells = cells
        chars = chars or longest(spec)
        self.font = min(0.42 * cell, 1.5 * cell / (chars + 1.2))  # a number stays inside its cell
        self.show = bool(spec.show) and self.font >= 9
        self.image = cells[0]
        self.texts = [ax.text(self.left + (n % w + 0.5) * cell, self.top + (n // w + 0.5) * cell, "",
                              fontsize=self.font * PT, ha="center", va="center_baseline", zorder=3)
                      for n in range(h * w)] if self.show else []
        self.dots = ax.scatter([], [], s=(0.18 * cell * PT) ** 2, c=MARK, edgecolors="white", linewidths=PT,
                               zorder=4)
        self.boxes: list[Rectangle] = []
        self._animate(cells + self.texts if "values" in moving else [], True)
        self._animate([self.dots], "marks" in moving)
        if spec.caption:
            ax.text(x, bottom + 0.5 * look.caption, spec.caption, fontsize=look.caption * PT, color=FAINT,
                    va="top", ha="left")

    @staticmethod
    def _animate(artists: list, animated: bool) -> None:
        for artist in artists:
            artist.set_animated(animated)

    def _indices(self, spec: Grid, look: Look) -> None:
        every_r, every_c = spec.every
        for j, label in enumerate(spec.cols):
            if j % every_c == 0:
                self.ax.text(self.left + (j + 0.5) * look.cell, self.top - 0.3 * look.label, str(label),
                             fontsize=look.label * PT, color=FAINT, ha="center", va="bottom")
        for i, label in enumerate(spec.rows):
            if i % every_r == 0:
                self.ax.text(self.left - 0.4 * look.label, self.top + (i + 0.5) * look.cell, str(label),
                             fontsize=look.label * PT, color=FAINT, ha="right", va="center")

    def _gaps(self, h: int, w: int, right: float, bottom: float) -> LineCollection:
        """The thin white lines between cells (the renderer's 1-pixel gaps)."""
        cell = self.look.cell
        lines = [[(self.left + j * cell, self.top), (self.left + j * cell, bottom)] for j in range(1, w)]
        lines += [[(self.left, self.top + i * cell), (right, self.top + i * cell)] for i in range(1, h)]
        return self.ax.add_collection(LineCollection(lines, colors="white", linewidths=PT, zorder=2))

    def _shaded(self, spec: Grid) -> list:
        """Hatched cells (cropped by padding), as one collection."""
        if not spec.shaded or not any(spec.shaded):
            return []
        w, cell = spec.w, self.look.cell
        squares = [Rectangle((self.left + n % w * cell, self.top + n // w * cell), cell, cell)
                   for n in np.flatnonzero(spec.shaded)]
        hatched = PatchCollection(squares, facecolor="none", edgecolor=SHADE, linewidths=0, hatch="///", zorder=2)
        hatched.set_hatch_linewidth(1.5 * PT * max(1.0, cell / 46))
        return [self.ax.add_collection(hatched)]

    def artists(self) -> list:
        """The animated artists, in the order they are drawn over the background."""
        return [a for a in (*self.cells, *self.texts, self.dots, *self.boxes) if a.get_animated()]

    def colors(self, panel=None) -> tuple[np.ndarray, list[str], list[str]]:
        """Each cell's background (H, W, 3), ink and words, for the grid as built or for a frame."""
        spec = self.spec
        h, w = spec.h, spec.w
        if panel is None or panel.values is None:
            pairs = [spec.palette[k] for k in spec.fills]
            rgb = np.array([css_rgb(bg) for bg, _ in pairs], dtype=np.uint8).reshape(h, w, 3)
            inks = [TEXT if fg == "inherit" else fg for _, fg in pairs]
            words = list(spec.labels)
        else:
            scale = spec.scale
            rgb = stop_colors(panel.values, scale.stops, scale.zmin, scale.zmax)
            seen = np.isfinite(panel.values)
            rgb[~seen] = PAPER
            rgb = rgb.astype(np.uint8)
            words = ["" if not s else number(v) for v, s in zip(panel.values.ravel(), seen.ravel())]
            inks = [ink(c) if s else TEXT for c, s in zip(rgb.reshape(-1, 3), seen.ravel())]
        if panel is not None and panel.hidden is not None:
            rgb[panel.hidden] = PAPER
            words = ["" if hid else word for word, hid in zip(words, panel.hidden.ravel())]
        return rgb, inks, words

    def update(self, panel=None) -> None:
        """Show ``panel`` (a ``ui.exports.frames.PanelFrame``), or the grid as built when None."""
        rgb, inks, words = self.colors(panel)
        self.image.set_data(rgb)
        for text, color, word in zip(self.texts, inks, words):
            text.set_text(word)
            text.set_color(color)
        marks = panel.marks if panel is not None and panel.marks is not None else np.zeros((0, 0), bool)
        rows, cols = np.nonzero(marks)
        cell = self.look.cell
        self.dots.set_offsets(np.column_stack([self.left + (cols + 0.82) * cell, self.top + (rows + 0.18) * cell]))
        self._outline(self.spec.boxes if panel is None else panel.boxes)

    def _outline(self, boxes) -> None:
        cell = self.look.cell
        while len(self.boxes) < len(boxes):
            patch = self.ax.add_patch(Rectangle((0, 0), 1, 1, fill=False, zorder=5))
            patch.set_animated("boxes" in self.moving)
            self.boxes.append(patch)
        for n, patch in enumerate(self.boxes):
            patch.set_visible(n < len(boxes))
            if n >= len(boxes):
                continue
            box = boxes[n]
            (r0, r1), (c0, c1) = box.rows, box.cols
            patch.set_bounds(self.left + c0 * cell, self.top + r0 * cell, (c1 - c0) * cell, (r1 - r0) * cell)
            patch.set_edgecolor(box.color)
            patch.set_linewidth(float(box.width) * PT * max(1.0, cell / 46))
            patch.set_linestyle(STYLES.get(box.style, "-"))

    def cell_center(self, r: int, c: int) -> tuple[float, float]:
        cell = self.look.cell
        return self.left + (c + 0.5) * cell, self.top + (r + 0.5) * cell
