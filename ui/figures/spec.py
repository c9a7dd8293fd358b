"""The figure protocol: a grid or a step player as the browser's renderer (``static/lab.js``) gets it.

Builders in ``ui.figures`` return these frozen values; ``to_json`` is the one place each is written
as JSON (what ``ui.show`` hands the renderer and ``scripts/render_fixtures.py`` writes), and
``from_json`` reads that JSON back (the page tests, which see what the browser sees, and the
fixtures' tests). ``static/figure_schema.json`` describes the same JSON; the browser checks a figure
against it in development (``lab_core.js``'s ``validate``) and the tests check every figure always.

On the wire every sequence is a list and every mapping has string keys named below: an outline is
``{"rows": [r0, r1], "cols": [c0, c1], "color", "width", "style"}`` (half-open), a player's
``changes`` is a list with one entry per panel (null: the frames leave that panel as built).
Values are flat, in reading order, null for no value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

STYLES = {"solid": "solid", "dot": "dotted", "dash": "dashed"}  # ui.figures.grid.Box's dash -> CSS border style


def _maybe(value, write):
    return None if value is None else write(value)


@dataclass(frozen=True)
class Outline:
    """An outline around cells ``rows[0]..rows[1]-1``, ``cols[0]..cols[1]-1`` (half-open).

    width : the line's width in pixels; style : 'solid', 'dashed' or 'dotted' (a CSS border style)
    """

    rows: tuple[int, int]
    cols: tuple[int, int]
    color: str
    width: float = 3.0
    style: str = "solid"

    @classmethod
    def of(cls, box) -> Outline:
        """A ``ui.figures.grid.Box`` as the renderer draws it."""
        return cls((int(box.rows[0]), int(box.rows[1])), (int(box.cols[0]), int(box.cols[1])), box.color,
                   float(box.width), STYLES.get(box.dash, "dashed"))

    @classmethod
    def cell(cls, flat: int, width: int, color: str, style: str = "solid") -> Outline:
        """An outline 3 pixels wide around one cell: flat index ``flat`` in a grid ``width`` cells wide."""
        r, c = divmod(int(flat), int(width))
        return cls((r, r + 1), (c, c + 1), color, 3.0, style)

    def to_json(self) -> dict:
        return {"rows": [int(self.rows[0]), int(self.rows[1])], "cols": [int(self.cols[0]), int(self.cols[1])],
                "color": self.color, "width": float(self.width), "style": self.style}

    @classmethod
    def from_json(cls, d: dict) -> Outline:
        return cls(tuple(d["rows"]), tuple(d["cols"]), d["color"], d["width"], d["style"])


@dataclass(frozen=True)
class Scale:
    """A colour scale: stops ``[(position 0..1, css colour), ...]`` spread over ``zmin..zmax``."""

    stops: tuple[tuple[float, str], ...]
    zmin: float
    zmax: float

    def to_json(self) -> dict:
        return {"stops": [[p, c] for p, c in self.stops], "zmin": float(self.zmin), "zmax": float(self.zmax)}

    @classmethod
    def from_json(cls, d: dict) -> Scale:
        return cls(tuple((p, c) for p, c in d["stops"]), d["zmin"], d["zmax"])


@dataclass(frozen=True)
class Legend:
    """The colour scale as a small bar under the title: ``lo [gradient] hi word``; stops: a CSS gradient's."""

    lo: str
    hi: str
    word: str
    stops: str

    def to_json(self) -> dict:
        return {"lo": self.lo, "hi": self.hi, "word": self.word, "stops": self.stops}

    @classmethod
    def from_json(cls, d: dict) -> Legend:
        return cls(d["lo"], d["hi"], d["word"], d["stops"])


@dataclass(frozen=True)
class Spoken:
    """What a screen reader says of a hatched cell (``shaded``) and of a marked one (``mark``)."""

    shaded: str | None = None
    mark: str | None = None

    def to_json(self) -> dict:
        return {"shaded": self.shaded, "mark": self.mark}

    @classmethod
    def from_json(cls, d: dict) -> Spoken:
        return cls(d["shaded"], d["mark"])


@dataclass(frozen=True)
class Grid:
    """A grid of cells as the renderer draws it (built by ``ui.figures.cells.grid_spec``).

    v : the exact values (None: no value); labels : the words in the cells; tips : each cell's
    tooltip (None: "row r, column c: label"); fills : each cell's (background, ink) pair in ``palette``;
    rows, cols : the labels beside and above the cells, shown every ``every`` (rows, columns);
    px, font : a cell's side and its numbers' size in pixels; boxes : outlines; shaded : hatched cells
    """

    kind: ClassVar[str] = "grid"
    key: str
    title: str
    h: int
    w: int
    v: list
    labels: list[str]
    show: bool
    fills: list[int]
    palette: list[tuple[str, str]]
    rows: list
    cols: list
    every: tuple[int, int]
    px: int
    font: int
    scale: Scale
    tips: list[str] | None = None
    boxes: tuple[Outline, ...] = ()
    legend: Legend | None = None
    caption: str | None = None
    pick: bool = False
    shaded: list[bool] | None = None
    words: Spoken | None = None

    def to_json(self) -> dict:
        return {
            "kind": self.kind, "key": self.key, "title": self.title, "h": self.h, "w": self.w, "v": self.v,
            "labels": self.labels, "show": self.show, "tips": self.tips, "fills": self.fills,
            "palette": [list(p) for p in self.palette], "rows": self.rows, "cols": self.cols,
            "every": list(self.every), "px": self.px, "font": self.font,
            "boxes": [b.to_json() for b in self.boxes], "legend": _maybe(self.legend, Legend.to_json),
            "caption": self.caption, "pick": self.pick, "scale": self.scale.to_json(), "shaded": self.shaded,
            "words": _maybe(self.words, Spoken.to_json),
        }

    @classmethod
    def from_json(cls, d: dict) -> Grid:
        return cls(
            key=d["key"], title=d["title"], h=d["h"], w=d["w"], v=d["v"], labels=d["labels"], show=d["show"],
            tips=d["tips"], fills=d["fills"], palette=[tuple(p) for p in d["palette"]], rows=d["rows"],
            cols=d["cols"], every=tuple(d["every"]), px=d["px"], font=d["font"],
            boxes=tuple(Outline.from_json(b) for b in d["boxes"]), legend=_maybe(d["legend"], Legend.from_json),
            caption=d["caption"], pick=d["pick"], scale=Scale.from_json(d["scale"]), shaded=d["shaded"],
            words=_maybe(d["words"], Spoken.from_json))


@dataclass(frozen=True)
class Changes:
    """What a player's frames change on one panel, one entry per frame (each field None when unchanged).

    values : the panel's values (coloured on its scale); reveal : how many cells, in reading order,
    are computed (the others drawn empty); marks : the flat cells that get a dot; boxes : the frame's
    outlines (drawn after the grid's own)
    """

    values: list[list] | None = None
    reveal: list[int] | None = None
    marks: list[list[int]] | None = None
    boxes: list[tuple[Outline, ...]] | None = None

    def to_json(self) -> dict:
        return {"values": self.values, "reveal": self.reveal, "marks": self.marks,
                "boxes": _maybe(self.boxes, lambda bs: [[b.to_json() for b in frame] for frame in bs])}

    @classmethod
    def from_json(cls, d: dict) -> Changes:
        boxes = _maybe(d["boxes"], lambda bs: [tuple(Outline.from_json(b) for b in frame) for frame in bs])
        return cls(values=d["values"], reveal=d["reveal"], marks=d["marks"], boxes=boxes)


@dataclass(frozen=True)
class Trace:
    """The scatter-add's recorded steps, from which the renderer computes each frame.

    mode : 'cell' (a frame per stamp) or 'product'; per : steps per input cell (one stamp);
    ends : the step count after each frame; inp, ker, out : each step's flat input cell, kernel tap
    and output cell (on the uncropped output); prod : each step's product;
    input_panel, kernel_panel, output_panel : the panels the steps' cells are on
    """

    mode: str
    per: int
    ends: list[int]
    inp: list[int]
    ker: list[int]
    out: list[int]
    prod: list[float]
    input_panel: int = 0
    kernel_panel: int = 1
    output_panel: int = 2

    def to_json(self) -> dict:
        return {"mode": self.mode, "per": self.per, "ends": self.ends, "inp": self.inp, "ker": self.ker,
                "out": self.out, "prod": self.prod, "input_panel": self.input_panel,
                "kernel_panel": self.kernel_panel, "output_panel": self.output_panel}

    @classmethod
    def from_json(cls, d: dict) -> Trace:
        return cls(**{k: d[k] for k in ("mode", "per", "ends", "inp", "ker", "out", "prod", "input_panel",
                                         "kernel_panel", "output_panel")})


@dataclass(frozen=True)
class Player:
    """A step player: grids side by side (``panels``), a caption per frame, and what each frame changes.

    word : what the frame box counts ('Stamp', 'Frame', ...); label : the player's accessible name;
    speed : milliseconds a frame while it plays; start : the frame shown first (0-based);
    changes : by panel index, what the frames change on it; trace : the scatter-add's steps, or None
    """

    kind: ClassVar[str] = "player"
    key: str
    label: str
    word: str
    captions: list[str]
    panels: tuple[Grid, ...]
    speed: int = 900
    start: int = 0
    changes: dict[int, Changes] = field(default_factory=dict)
    trace: Trace | None = None

    @property
    def frames(self) -> int:
        """How many frames the player has (one caption each)."""
        return len(self.captions)

    def to_json(self) -> dict:
        return {
            "kind": self.kind, "key": self.key, "label": self.label, "word": self.word, "frames": self.frames,
            "start": self.start, "speed": self.speed, "captions": self.captions,
            "panels": [p.to_json() for p in self.panels],
            "changes": [_maybe(self.changes.get(n), Changes.to_json) for n in range(len(self.panels))],
            "trace": _maybe(self.trace, Trace.to_json),
        }

    @classmethod
    def from_json(cls, d: dict) -> Player:
        changes = {n: Changes.from_json(c) for n, c in enumerate(d["changes"]) if c is not None}
        return cls(key=d["key"], label=d["label"], word=d["word"], captions=d["captions"],
                   panels=tuple(Grid.from_json(p) for p in d["panels"]), speed=d["speed"], start=d["start"],
                   changes=changes, trace=_maybe(d["trace"], Trace.from_json))


Figure = Grid | Player


def from_json(d: dict) -> Figure:
    """A grid's or a player's JSON read back (``d["kind"]`` says which)."""
    return {"grid": Grid, "player": Player}[d["kind"]].from_json(d)
