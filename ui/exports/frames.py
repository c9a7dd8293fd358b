"""Each frame of a step player, computed from the player's data as the browser computes it.

The player (a ``ui.figures.spec.Player``, from ``ui.figures.scatter_player.scatter_player``,
``ui.figures.gather.gather_player`` or ``ui.figures.channels.channel_player``) is the one source of
frames and captions: the browser plays its JSON (``Player.to_json``) on screen (``static/lab_core.js``'s
``Replay``), and this module, Python's one replay of it, reads the same player for the files a teacher
takes away and for the tests (``tests/app/pagetest.py``, through ``Player.from_json``). The
two agree on the shared golden fixtures (``tests/fixtures/render/``). A scatter-add frame's output
is a running scatter of the trace's products up to the frame's step count (a dot where more than one
product landed); other players carry each frame's changed values, how many cells are revealed, marks
and outlines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ui.figures.grid import ACCENT, SECOND
from ui.figures.spec import Outline, Player


@dataclass(frozen=True)
class PanelFrame:
    """What one panel of a player shows in one frame.

    values : (H, W) values to colour from the panel's scale, or None to keep the grid's own
        cells (its colours and words as built)
    hidden : (H, W) cells not yet computed (drawn empty), or None
    marks : (H, W) cells with a dot (more than one product so far), or None
    boxes : the outlines (``ui.figures.spec.Outline``), the grid's own then the frame's
    """

    values: np.ndarray | None
    hidden: np.ndarray | None
    marks: np.ndarray | None
    boxes: list[Outline]


@dataclass(frozen=True)
class Frame:
    """One frame: its arithmetic (the caption above the panels) and each panel's state."""

    caption: str
    panels: list[PanelFrame]


def _changed(player: Player, n: int, f: int) -> dict:
    """The values, hidden cells, marks and outlines that ``changes`` gives panel ``n`` in frame ``f``."""
    change = player.changes.get(n)
    if change is None:
        return {}
    grid = player.panels[n]
    shape, size = (grid.h, grid.w), grid.h * grid.w
    out = {}
    if change.values is not None:
        out["values"] = np.array([np.nan if v is None else v for v in change.values[f]], float).reshape(shape)
    if change.reveal is not None:
        out["hidden"] = (np.arange(size) >= change.reveal[f]).reshape(shape)
    if change.marks is not None:
        marks = np.zeros(size, bool)
        marks[change.marks[f]] = True
        out["marks"] = marks.reshape(shape)
    if change.boxes is not None:
        out["boxes"] = list(change.boxes[f])
    return out


def _traced(player: Player, n: int, f: int) -> dict:
    """Panel ``n`` of a scatter-add frame, from the trace: the cell and tap of the frame's last step,
    and on the output the running sums, the dots and the outline of the stamp (or step)."""
    t = player.trace
    end, panels = t.ends[f], player.panels
    s = end - 1
    if n == t.input_panel:
        return {"boxes": [Outline.cell(t.inp[s], panels[n].w, ACCENT)]}
    if n == t.kernel_panel:
        kernel = panels[n]
        whole = Outline((0, kernel.h), (0, kernel.w), ACCENT)
        return {"boxes": [whole if t.mode == "cell" else Outline.cell(t.ker[s], kernel.w, ACCENT)]}
    if n != t.output_panel:
        return {}
    shape = (panels[n].h, panels[n].w)
    landing = np.asarray(t.out[:end], dtype=int)
    size = shape[0] * shape[1]
    sums = np.bincount(landing, weights=np.asarray(t.prod[:end], float), minlength=size)
    marks = np.bincount(landing, minlength=size) > 1
    first = s // t.per * t.per  # the stamp of the frame's last step
    rows, cols = np.divmod(np.asarray(t.out[first:first + t.per], dtype=int), shape[1])
    stamp = (int(rows.min()), int(rows.max()) + 1), (int(cols.min()), int(cols.max()) + 1)
    boxes = ([Outline(*stamp, ACCENT)] if t.mode == "cell"
             else [Outline(*stamp, SECOND, style="dashed"), Outline.cell(t.out[s], shape[1], ACCENT)])
    return {"values": sums.reshape(shape), "marks": marks.reshape(shape), "boxes": boxes}


def frame(player: Player, f: int) -> Frame:
    """Frame ``f`` (0-based) of ``player``, as ``static/lab.js`` draws it."""
    panels = []
    for n, grid in enumerate(player.panels):
        state = _changed(player, n, f)
        if player.trace is not None:
            state |= _traced(player, n, f)
        panels.append(PanelFrame(values=state.get("values"), hidden=state.get("hidden"), marks=state.get("marks"),
                                 boxes=list(grid.boxes) + state.get("boxes", [])))
    return Frame(caption=player.captions[f], panels=panels)


def frames(player: Player, chosen: list[int] | None = None) -> list[Frame]:
    """The frames ``chosen`` (0-based; every frame by default) of ``player``."""
    return [frame(player, f) for f in (range(player.frames) if chosen is None else chosen)]
