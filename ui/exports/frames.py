"""Each frame of a step player, computed from the player's data as the browser computes it.

The player's data (``ui.figures.scatter_player.scatter_player``, ``ui.figures.gather.gather_player``,
``ui.figures.channels.channel_player``) is the one source of frames and captions: the browser plays
it on screen (``static/lab_core.js``'s ``Replay``), and this module, Python's one replay of it, reads
the same data for the files a teacher takes away and for the tests (``tests/app/pagetest.py``). The
two agree on the shared golden fixtures (``tests/fixtures/render/``). A scatter-add frame's output
is a running scatter of the trace's products up to the frame's step count (a dot where more than one
product landed); other players carry each frame's changed values, how many cells are revealed, marks
and outlines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ui.figures.grid import ACCENT, SECOND


@dataclass(frozen=True)
class PanelFrame:
    """What one panel of a player shows in one frame.

    values : (H, W) values to colour from the panel's scale, or None to keep the grid's own
        cells (its colours and words as built)
    hidden : (H, W) cells not yet computed (drawn empty), or None
    marks : (H, W) cells with a dot (more than one product so far), or None
    boxes : the outlines, the grid's own then the frame's: [row0, row1, col0, col1, colour, width, style]
    """

    values: np.ndarray | None
    hidden: np.ndarray | None
    marks: np.ndarray | None
    boxes: list


@dataclass(frozen=True)
class Frame:
    """One frame: its arithmetic (the caption above the panels) and each panel's state."""

    caption: str
    panels: list[PanelFrame]


def _shape(panel: dict) -> tuple[int, int]:
    return panel["h"], panel["w"]


def _cell_box(flat: int, width: int, color: str, style: str = "solid") -> list:
    r, c = divmod(int(flat), width)
    return [r, r + 1, c, c + 1, color, 3, style]


def _changed(player: dict, n: int, f: int) -> dict:
    """The values, hidden cells, marks and outlines that ``changes`` gives panel ``n`` in frame ``f``."""
    change = (player.get("changes") or {}).get(n) or (player.get("changes") or {}).get(str(n))
    if not change:
        return {}
    shape = _shape(player["panels"][n])
    size = shape[0] * shape[1]
    out = {}
    if "values" in change:
        out["values"] = np.array([np.nan if v is None else v for v in change["values"][f]], float).reshape(shape)
    if "reveal" in change:
        out["hidden"] = (np.arange(size) >= change["reveal"][f]).reshape(shape)
    if "marks" in change:
        marks = np.zeros(size, bool)
        marks[change["marks"][f]] = True
        out["marks"] = marks.reshape(shape)
    if "boxes" in change:
        out["boxes"] = list(change["boxes"][f])
    return out


def _traced(player: dict, n: int, f: int) -> dict:
    """Panel ``n`` of a scatter-add frame, from the trace: the cell and tap of the frame's last step,
    and on the output the running sums, the dots and the outline of the stamp (or step)."""
    t = player["trace"]
    end, panels = t["ends"][f], player["panels"]
    s = end - 1
    inp, ker, out = t["panels"]
    if n == inp:
        return {"boxes": [_cell_box(t["inp"][s], panels[inp]["w"], ACCENT)]}
    if n == ker:
        kh, kw = _shape(panels[ker])
        whole = [0, kh, 0, kw, ACCENT, 3, "solid"]
        return {"boxes": [whole if t["mode"] == "cell" else _cell_box(t["ker"][s], kw, ACCENT)]}
    if n != out:
        return {}
    shape = _shape(panels[out])
    landing = np.asarray(t["out"][:end], dtype=int)
    size = shape[0] * shape[1]
    sums = np.bincount(landing, weights=np.asarray(t["prod"][:end], float), minlength=size)
    marks = np.bincount(landing, minlength=size) > 1
    first = s // t["per"] * t["per"]  # the stamp of the frame's last step
    rows, cols = np.divmod(np.asarray(t["out"][first:first + t["per"]], dtype=int), shape[1])
    stamp = [int(rows.min()), int(rows.max()) + 1, int(cols.min()), int(cols.max()) + 1]
    boxes = ([stamp + [ACCENT, 3, "solid"]] if t["mode"] == "cell"
             else [stamp + [SECOND, 3, "dashed"], _cell_box(t["out"][s], shape[1], ACCENT)])
    return {"values": sums.reshape(shape), "marks": marks.reshape(shape), "boxes": boxes}


def frame(player: dict, f: int) -> Frame:
    """Frame ``f`` (0-based) of ``player``, as ``static/lab.js`` draws it."""
    panels = []
    for n, panel in enumerate(player["panels"]):
        state = _changed(player, n, f)
        if player.get("trace"):
            state |= _traced(player, n, f)
        panels.append(PanelFrame(values=state.get("values"), hidden=state.get("hidden"), marks=state.get("marks"),
                                 boxes=list(panel["boxes"]) + state.get("boxes", [])))
    return Frame(caption=player["captions"][f], panels=panels)


def frames(player: dict, chosen: list[int] | None = None) -> list[Frame]:
    """The frames ``chosen`` (0-based; every frame by default) of ``player``."""
    return [frame(player, f) for f in (range(player["frames"]) if chosen is None else chosen)]
