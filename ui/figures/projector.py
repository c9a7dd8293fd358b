"""Grids and players made larger for a projector: bigger cells and numbers, the same data otherwise.

``enlarged(figure)`` returns a copy of a grid whose cells are ``FACTOR`` times as large (at
most ``LARGEST_PX``), or of a player's whose panels keep their size (they already share the page's
width), with numbers sized to the cells: as large as fits the longest number the grid writes,
instead of the page's 15 pixels at most. Plotly figures and anything else pass through unchanged.
"""

from __future__ import annotations

from dataclasses import replace

from ui.figures.spec import Grid, Player
from ui.words import number

FACTOR = 1.4
LARGEST_PX = 84  # a cell's side at most, in pixels
SMALLEST_FONT, LARGEST_FONT = 14, 30


def _font(px: float, chars: int) -> int:
    """Numbers as large as a cell of ``px`` holds for ``chars`` characters (as ``ui.exports.paint`` does)."""
    return int(max(SMALLEST_FONT, min(LARGEST_FONT, 0.42 * px, 1.5 * px / (chars + 1.2))))


def _longest(grid: Grid, values=()) -> int:
    """The most characters a number of the grid (or of ``values``) takes; each distinct value written once."""
    words = [len(t) for t in set(grid.labels)] + [len(number(v)) for v in set(values) if v is not None]
    return max(words, default=1)


def enlarged_grid(grid: Grid, values=(), factor: float = FACTOR) -> Grid:
    """A grid with cells ``factor`` times as large and numbers to match.

    values : other values the grid will show (a player's frames), so their numbers fit too
    """
    px = max(grid.px, min(LARGEST_PX, int(grid.px * factor)))
    return replace(grid, px=px, font=_font(px, _longest(grid, values)))


def _frame_values(player: Player, n: int) -> list:
    """Every value a player's frames write on panel ``n`` (its trace's running sums are bounded by
    the output's colour range, whose ends are the widest numbers it can write)."""
    change = player.changes.get(n)
    values = [v for frame in change.values for v in frame] if change and change.values else []
    if player.trace and n == player.trace.output_panel:
        scale = player.panels[n].scale
        values += [scale.zmin, scale.zmax]
    return values


def enlarged(figure):
    """``figure`` for a projector: a grid or a player with larger cells; anything else as it is."""
    if isinstance(figure, Grid):
        return enlarged_grid(figure)
    if isinstance(figure, Player):
        return replace(figure, panels=_panels(figure))
    return figure


def _panels(player: Player) -> tuple[Grid, ...]:
    """A player's panels with larger numbers, their cells a little smaller so the row of panels keeps
    its width: each panel's row numbers take two of its numbers' widths (``2em`` in the renderer)."""
    panels = player.panels
    values = [_frame_values(player, n) for n in range(len(panels))]
    bigger = [enlarged_grid(p, v, factor=1) for p, v in zip(panels, values)]
    wider = sum(2 * (b.font - p.font) for b, p in zip(bigger, panels))
    shrink = -(-wider // max(1, sum(p.w for p in panels)))  # pixels off every cell
    return tuple(enlarged_grid(replace(p, px=max(12, p.px - shrink)), v, factor=1) for p, v in zip(panels, values))
