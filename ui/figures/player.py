"""What the step players share: the steps of a trace, how frames are thinned, the panels' cell size.

The players (``ui.figures.scatter_player``, the gather player of ``ui.figures.gather`` and the
channel player of ``ui.figures.channels``) are data for the browser's renderer
(``static/lab.js``), which plays them without a rerun.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MAX_FRAMES = 400  # frames in one player
FONT = 15  # the numbers in a plotly grid's cells
PLOT_WIDTH = 860  # px a full-width chart on a wide page gives its plots (about; the grids stay square)
SPACING = 0.05  # between side-by-side grids, as a fraction of the width


def panel_px(shapes: list[tuple[int, int]], min_share: float = 0.16) -> list[int]:
    """Cell sizes (px) for grids side by side in a player: the width shared by their columns, a
    small grid next to a big one still getting at least ``min_share`` of it."""
    cols = [max(c, 2) for _, c in shapes]
    widths = [max(c, min_share * sum(cols)) for c in cols]
    usable = PLOT_WIDTH * (1 - SPACING * (len(shapes) - 1))
    return [int(min(56.0, usable * w / sum(widths) / c)) for w, c in zip(widths, cols)]


def frame_ends(total: int, group: int) -> list[int]:
    """Step counts shown after each frame: every ``group`` steps, thinned to stay light.

    Normally one frame per ``group`` steps; when that gives more than MAX_FRAMES frames (each
    carries its sentence of arithmetic), frames take several groups. The last frame always shows
    every step. (The browser computes a frame's values from the trace, so their size sets no limit.)
    """
    count = total // group
    every = math.ceil(count / MAX_FRAMES)
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


def ticks(values: np.ndarray) -> list[int]:
    """Axis ticks: every cell for small grids, fewer for big ones (readable at 14 px)."""
    every = next(step for most, step in ((16, 1), (32, 2), (None, 5)) if most is None or len(values) <= most)
    return [int(v) for v in values if v % every == 0]


