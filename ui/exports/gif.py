"""A step player as an animated GIF: the frames, words, colours and arithmetic the page plays.

Each frame is ``ui.exports.frames.frame`` of the player's data (the browser's own frames), drawn
by ``ui.exports.paint`` above one another's panels: the settings, the frame's arithmetic, then
the panels side by side at the sizes the page gives them, scaled to the chosen width. Pillow
writes the GIF (each frame's own palette; the last frame held longer, so a loop reads as one).

Caps: at most ``MAX_FRAMES`` frames (the player's own cap) and ``MAX_PIXELS`` pixels in all; past
the second, every k-th frame is kept (and the last), and ``plan`` says so in a sentence.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image

from ui.exports import frames as framing
from ui.exports import paint
from ui.figures.player import MAX_FRAMES
from ui.figures.spec import Grid, Player
from ui.pictures import heap
from ui.text import text
from ui.words import ordinal

WIDTHS = (640, 960, 1280)  # pixels across a frame
MAX_PIXELS = 120_000_000  # in all the frames of one GIF (about 30 MB of pixels before compression)
MAX_HEIGHT = 1080
SLOWEST, FASTEST = 3000, 100  # milliseconds a frame
HOLD = 3  # the last frame stays this many frames' time
MARGIN = 0.03  # of the width, around everything
GAP = 24  # pixels between panels on the page (1.5rem), scaled like the cells
INDEX = 28  # pixels of the row numbers' column on the page (2em)


@dataclass(frozen=True)
class GifOptions:
    """How the GIF is drawn: its width in pixels, each frame's time, and the line of settings above."""

    width: int = 960
    frame_ms: int = 900
    title: str = ""

    def __post_init__(self):
        if self.width not in WIDTHS:
            raise ValueError(f"A GIF is {', '.join(map(str, WIDTHS))} pixels wide, not {self.width}.")
        if not FASTEST <= self.frame_ms <= SLOWEST:
            raise ValueError(f"A frame lasts {FASTEST} to {SLOWEST} ms, not {self.frame_ms}.")


@dataclass(frozen=True)
class Layout:
    """Where everything goes in a frame of ``size`` pixels: the scale from the page's pixels, each
    panel's look and top-left corner, and the lines of text above them."""

    size: tuple[int, int]
    scale: float
    looks: list
    corners: list
    caption_px: float
    caption_chars: int
    caption_lines: int
    title_px: float


@dataclass(frozen=True)
class Plan:
    """The frames a GIF shows (0-based indices into the player's), its size, and a sentence when
    the caps left frames out."""

    chosen: list[int]
    layout: Layout
    note: str | None

    @property
    def size(self) -> tuple[int, int]:
        return self.layout.size


def _look(panel: Grid, scale: float) -> paint.Look:
    return paint.Look(cell=panel.px * scale, title=max(11, 17 * scale), label=max(9, 12 * scale),
                      caption=max(9, 12 * scale))  # type stays readable in a frame scaled down to its height


def layout(player: Player, width: int, titled: bool = True, height: int = MAX_HEIGHT) -> Layout:
    """Panels side by side as on the page, scaled so the row of them fills ``width`` pixels (and the
    frame stays within ``height``: a tall, narrow player is scaled to its height); the frame's
    arithmetic above them, and a line of settings above that when ``titled``."""
    panels = player.panels
    margin = MARGIN * width
    across = sum(max(INDEX + p.w * p.px, paint.title_width(p, 17)) for p in panels) + GAP * (len(panels) - 1)
    scale = min(2.5, (width - 2 * margin) / across)
    for _ in range(4):  # each pass shrinks a frame that is too tall to about the height allowed
        shape = _placed(player, width, titled, scale)
        if shape.size[1] <= height:
            break
        scale *= (height - 2 * margin) / (shape.size[1] - 2 * margin) * 0.98
    return shape


def _placed(player: Player, width: int, titled: bool, scale: float) -> Layout:
    """Where everything goes at ``scale`` times the page's pixels."""
    margin = MARGIN * width
    caption_px = max(12, 17 * scale)
    chars = max(20, int((width - 2 * margin) / (0.56 * caption_px)))
    longest = sorted(player.captions, key=len)[-3:]  # the lines of the longest few: the most lines
    lines = max(len(textwrap.wrap(c, chars)) or 1 for c in longest)
    title_px = max(10, 13 * scale) if titled else 0
    top = margin + 1.4 * title_px + 1.3 * caption_px * lines + 0.6 * caption_px
    looks, corners, x, tallest = [], [], margin, 0.0
    for p in player.panels:
        look = _look(p, scale)
        grid_width, grid_height = paint.grid_extent(p, look)
        looks.append(look)
        corners.append((x, top))
        x += grid_width + GAP * scale
        tallest = max(tallest, grid_height)
    height = int(math.ceil(top + tallest + margin))
    return Layout(size=(width, height + height % 2), scale=scale, looks=looks, corners=corners,
                  caption_px=caption_px, caption_chars=chars, caption_lines=lines, title_px=title_px)


def chosen_frames(total: int, every: int) -> list[int]:
    """Every ``every``-th frame (0-based), and always the last."""
    chosen = list(range(every - 1, total, every))
    if not chosen or chosen[-1] != total - 1:
        chosen.append(total - 1)
    return chosen


def plan(player: Player, options: GifOptions) -> Plan:
    """The frames to draw within the caps, at the chosen width; a sentence when some are left out."""
    shape = layout(player, options.width, bool(options.title))
    width, height = shape.size
    if height > MAX_HEIGHT:
        raise ValueError(text("exports", "gif-too-tall", height=height, most=MAX_HEIGHT, width=width))
    total = player.frames
    fit = max(1, min(MAX_FRAMES, MAX_PIXELS // (width * height)))
    every = math.ceil(total / fit)
    chosen = chosen_frames(total, every)
    note = None
    if every > 1:
        note = text("exports", "gif-thinned", total=total, shown=len(chosen), every=ordinal(every), width=width,
                    height=height, pixels=round(total * width * height / 1e6), most=MAX_PIXELS // 1_000_000)
    return Plan(chosen=chosen, layout=shape, note=note)


def _moving(frames: list, n: int) -> frozenset:
    """What the frames change on panel ``n``: its values (or revealed cells), its dots, its outlines."""
    states = [f.panels[n] for f in frames]
    moving = {"boxes"}
    if any(p.values is not None or p.hidden is not None for p in states):
        moving.add("values")
    if any(p.marks is not None for p in states):
        moving.add("marks")
    return frozenset(moving)


class Painter:
    """A player's figure, its artists built once and what never changes drawn once: ``draw(frame)``
    lays the frame's moving artists over that background and gives the pixels.

    ax, offset : draw on this axes (counting pixels), shifted by ``offset``, instead of a figure of
        the layout's size; ``animated`` False draws everything in a full draw (a still image)
    """

    def __init__(self, player: Player, shape: Layout, title: str, frames: list, ax=None, offset=(0.0, 0.0),
                 animated: bool = True):
        if ax is None:
            self.fig, ax = paint.canvas(*shape.size)
        else:
            self.fig = ax.figure
        dx, dy = offset
        margin = MARGIN * shape.size[0]
        self.shape = shape
        if title:
            ax.text(dx + margin, dy + margin, title, fontsize=shape.title_px * paint.PT, color=paint.FAINT, va="top")
        self.caption = ax.text(dx + margin, dy + margin + 1.4 * shape.title_px, "", va="top", linespacing=1.3,
                               fontsize=shape.caption_px * paint.PT, fontweight="bold", color=paint.TEXT,
                               animated=animated)
        self.grids = []
        for n, (panel, look, (x, y)) in enumerate(zip(player.panels, shape.looks, shape.corners)):
            chars = paint.longest(panel, [f.panels[n] for f in frames])
            moving = _moving(frames, n) if animated else frozenset()
            grid = paint.GridArtist(ax, panel, dx + x, dy + y, look, chars, moving)
            grid.update(frames[0].panels[n])
            self.grids.append(grid)
        if animated:
            self.fig.canvas.draw()
            self.background = self.fig.canvas.copy_from_bbox(self.fig.bbox)

    def show(self, frame: framing.Frame) -> None:
        """Set every artist to ``frame``."""
        self.caption.set_text("\n".join(textwrap.wrap(frame.caption, self.shape.caption_chars)))
        for grid, panel in zip(self.grids, frame.panels):
            grid.update(panel)

    def draw(self, frame: framing.Frame):
        self.show(frame)
        canvas = self.fig.canvas
        canvas.restore_region(self.background)
        for artist in [a for grid in self.grids for a in grid.artists()] + [self.caption]:
            self.fig.draw_artist(artist)
        return np.asarray(canvas.buffer_rgba())[..., :3].copy()


def build(player: Player, options: GifOptions, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The GIF of ``player`` (its data from ``ui.figures``), as bytes; ``progress(done, total)`` after
    each frame drawn. The memory the build took goes back to the system once it is done (the GIF
    process kept 417 MB after the largest GIF; bench/RESULTS.md)."""
    data = _encoded(player, options, progress)
    heap.give_back(collect=True)
    return data


def _encoded(player: Player, options: GifOptions, progress: Callable[[int, int], None] | None) -> bytes:
    """The GIF's bytes. Each frame is drawn when Pillow's writer asks for it: the writer keeps every frame (it writes
    them at the end), and a list of our own would hold them all a second time."""
    chosen = plan(player, options)
    frames = framing.frames(player, chosen.chosen)
    painter = Painter(player, chosen.layout, options.title, frames)

    def drawn(n: int) -> Image.Image:
        image = Image.fromarray(painter.draw(frames[n])).quantize(256, method=Image.Quantize.FASTOCTREE,
                                                                  dither=Image.Dither.NONE)
        if progress:
            progress(n + 1, len(frames))
        return image

    durations = [options.frame_ms] * len(frames)
    durations[-1] *= HOLD
    out = io.BytesIO()
    drawn(0).save(out, format="GIF", save_all=True, append_images=(drawn(n) for n in range(1, len(frames))),
                  duration=durations, loop=0, comment=(options.title or player.label).encode("utf-8"))
    return out.getvalue()
