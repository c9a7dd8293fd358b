"""The renderer's golden fixtures: grids and step players built from the core, with what Python
computes for them: each frame, and what each cell shows (its words, background and ink).

    python scripts/render_fixtures.py           # write tests/fixtures/render/*.json
    python scripts/render_fixtures.py --check   # list the files that differ from what it would write

Two implementations read a player's data: the browser's (``static/lab_core.js``) and Python's
(``ui.exports.frames``, for the GIFs and the tests). Both are tested against these files:
``tests/exports/test_render_fixtures.py`` checks that the files are what this script writes now and
that Python reads them back to the same frames; ``node --test tests/js/*.test.mjs`` checks that the
browser computes the same frames, words, colours and inks from the same data.

A player's file: ``{"about", "figure": the player's data, "frames": [{"caption", "panels": [{"values",
"hidden", "marks", "boxes"}]}], "cells": [[[[words, background, ink] per cell] per panel] per frame]}``,
values flat in reading order (null: no value), hidden and marks flat booleans, each null when the
frame leaves the grid's own, boxes every outline drawn (the grid's own, then the frame's). A grid's
file: ``{"about", "figure": the grid's data, "cells": [[words, background, ink] per cell]}``.
``values.json``: numbers as the lesson writes them, colours and inks of values on each scale.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import core  # noqa: E402
from ui.exports import frames as replay  # noqa: E402
from ui.figures.cells import Marks, Words, css, grid_spec, ink, stop_colors  # noqa: E402
from ui.figures.channels import channel_player  # noqa: E402
from ui.figures.gather import cell_kinds, gather_player, window_products  # noqa: E402
from ui.figures.grid import SCALES, SECOND, Box, color_range  # noqa: E402
from ui.figures.player import Steps, frame_ends  # noqa: E402
from ui.figures.scatter_player import Stepping, scatter_player  # noqa: E402
from ui.figures.spec import Grid, Player, Scale  # noqa: E402
from ui.settings.config import Config  # noqa: E402
from ui.settings.presets import GUIDE_KERNEL, SEED_INPUT, SEED_KERNEL  # noqa: E402
from ui.words import number  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "render"
BLANK = ["", "transparent", "inherit"]  # a cell with no value: see-through, in the page's own ink
# Numbers easy to write unlike Python: ties, which round half to even (1.125 is "1.12", 10.25
# "10.2"), exponents, -0, integers past 2^53, signs.
NUMBERS = [0.0, -0.0, 7.0, -12.0, 0.25, -0.5, 1 / 3, 2 / 3, 1.125, 4.625, -20.25, 10.25, 31.25, 100.5, -402.5,
           164.5, 2.675, 9.995, 999.4, 999.5, 0.0001, 0.00009995, 1e-5, 1.5e-7, -0.00012345, 12345.6, 123456.7,
           1234.0, 2.0**53 + 2, 1e21, -1e22]
FRACTIONS = np.array([[1.5, -0.5, 2.25], [-1.25, 0.75, 3.0]])  # a fractional, signed input
HALVES = np.array([[0.5, -1.5], [2.5, 0.25]])


def look(values, scale: Scale) -> list[list[str]]:
    """How a cell shows each value on a grid's scale (``static/lab_core.js``'s ``look``)."""
    a = np.asarray(values, dtype=float).ravel()
    rgb = stop_colors(a, scale.stops, scale.zmin, scale.zmax)
    return [BLANK if np.isnan(v) else [number(v), css(c), ink(c)] for v, c in zip(a, rgb)]


def shown(grid: Grid, panel: replay.PanelFrame) -> list[list[str]]:
    """What each cell of ``grid`` shows in a frame (``cellLook``): blank where not yet computed, the
    frame's values on the grid's scale, or the grid's own words and colours."""
    own = [[grid.labels[n], *grid.palette[k]] for n, k in enumerate(grid.fills)]
    cells = own if panel.values is None else look(panel.values, grid.scale)
    hidden = [False] * len(cells) if panel.hidden is None else panel.hidden.ravel().tolist()
    return [BLANK if h else c for c, h in zip(cells, hidden)]


def flat(a, kind=float) -> list | None:
    """An (H, W) array as JSON carries it: flat, in reading order, null for NaN; None stays None."""
    if a is None:
        return None
    return [None if kind is float and np.isnan(v) else kind(v) for v in np.asarray(a).ravel()]


def player_record(about: str, player: Player) -> dict:
    """A player's fixture: its JSON, its frames (``ui.exports.frames``) and what every cell shows."""
    frames = replay.frames(player)
    return dict(about=about, figure=player.to_json(), frames=[
        dict(caption=f.caption, panels=[dict(values=flat(p.values), hidden=flat(p.hidden, bool),
                                             marks=flat(p.marks, bool), boxes=[b.to_json() for b in p.boxes])
                                        for p in f.panels])
        for f in frames], cells=[[shown(g, p) for g, p in zip(player.panels, f.panels)] for f in frames])


def scatter(cfg: Config, mode: str, *, every: int | None = None) -> Player:
    """The scatter page's player for ``cfg``, built as pages/scatter.py builds it (``every`` steps a frame
    instead of a stamp or a step)."""
    trace, uncropped, origin = cfg.traces()
    ends = frame_ends(len(trace), every or (trace.steps_per_input_cell if mode == "cell" else 1))
    return scatter_player(cfg.input, cfg.kernel, trace, uncropped, origin, cfg.geometry.dilation, Stepping(ends, mode),
                          key="scatter_player")


def gather(cfg: Config) -> Player:
    """The zero-insertion page's player for ``cfg``, built as pages/zero-insertion.py builds it."""
    s = cfg.settings
    view = core.equivalent_convolution(cfg.input, cfg.kernel, **s)
    kinds = cell_kinds(view.padded.shape, view.zero_inserted.shape, view.pads, s["stride"])
    trace = core.trace_conv_transpose2d(cfg.input, cfg.kernel, **s)
    products = window_products(Steps.of(trace), view.output.shape, cfg.kernel_size)
    return gather_player(view, kinds, products, frame_ends(view.output.size, 1), key="zero_player")


def channels(input_size: tuple[int, int], kernel_size: tuple[int, int], c_in: int, c_out: int, j: int,
             **settings) -> Player:
    """The channels page's player of output channel ``j`` (groups 1, with a bias), on signed, fractional values."""
    shape = core.weight_layouts(c_in, c_out, 1, *kernel_size).conv_transpose2d
    x = core.small_integers((c_in, *input_size), 7) * 1.5 - 1
    w = core.small_integers(shape, 7, 1, -1, 2) / 4
    b = core.small_integers((c_out,), 7, 2, -2, 2) + 0.25
    out = core.channel_contributions(x, w, 1, b, **settings)[j]
    return channel_player(x, w, out, key="channels_player", with_bias=True)


def players() -> dict[str, dict]:
    """Every player fixture, by name: both modes of the scatter-add, the sliding window, the channels."""
    keras_same = Config(SEED_INPUT, SEED_KERNEL, convention="keras-same", output_padding=(None, None))
    cropped = Config(np.arange(9.0).reshape(3, 3) - 3, GUIDE_KERNEL, stride=(2, 2), padding=(1, 1))
    dilated = Config(FRACTIONS, HALVES, stride=(2, 2), padding=(1, 0), output_padding=(1, 0), dilation=2)
    window = Config(SEED_INPUT, GUIDE_KERNEL, stride=(2, 2), padding=(1, 1), output_padding=(1, 0))
    about = {
        "scatter_stamps": "The scatter-add one stamp a frame: the worked example 2x2 by 2x2 in Keras 'same' "
                          "(cropped at the bottom and right)",
        "scatter_stamps_cropped": "One stamp a frame: a signed 3x3 input by the guide's 3x3 kernel, stride 2, "
                                  "padding 1 (cropped on every side)",
        "scatter_products": "One product a frame: fractional, signed values, stride 2, dilation 2, padding (1, 0), "
                            "output padding (1, 0)",
        "scatter_products_thinned": "Five products a frame, the last frame the rest: the same setting",
        "zero_insertion": "The sliding window over the zero-inserted, padded input: the worked example's input "
                          "by the guide's kernel, stride 2, padding 1, output padding (1, 0)",
        "zero_insertion_dilated": "The sliding window with its taps 2 cells apart (marked): a fractional, signed "
                                  "input, stride 2, dilation 2, padding (1, 0), output padding (1, 0)",
        "channels": "Output channel 1 of 2 input and 2 output channels (3x3 input, 2x2 kernel, stride 2), one "
                    "input channel a frame, then its bias",
    }
    built = {
        "scatter_stamps": scatter(keras_same, "cell"),
        "scatter_stamps_cropped": scatter(cropped, "cell"),
        "scatter_products": scatter(dilated, "product"),
        "scatter_products_thinned": scatter(dilated, "product", every=5),
        "zero_insertion": gather(window),
        "zero_insertion_dilated": gather(dilated),
        "channels": channels((3, 3), (2, 2), 2, 2, 1, stride=(2, 2)),
    }
    return {name: player_record(about[name], player) for name, player in built.items()}


def grid_record(about: str, grid: Grid) -> dict:
    return dict(about=about, figure=grid.to_json(), cells=shown(grid, replay.PanelFrame(None, None, None,
                                                                                       list(grid.boxes))))


def grids() -> dict[str, dict]:
    """Grid fixtures: signed and fractional values with a missing one, outlines and hatching; counts with a legend."""
    signed = np.array([[-2.5, 1.125, 10.25, 4.625], [np.nan, 0.0, -0.0, -20.25], [100.5, -3.375, 7.0, 1 / 3]])
    boxes = [Box(rows=(0, 1), cols=(1, 2)), Box(rows=(0, 2), cols=(0, 3), color=SECOND, dash="dash"),
             Box(rows=(1, 3), cols=(1, 4), color="#888888", dash="dot", width=2)]
    shaded = np.zeros(signed.shape, bool)
    shaded[:, 3] = True
    counts = np.array([[1, 2, 1, 2, 1], [2, 4, 2, 4, 2], [1, 2, 1, 2, 1]], dtype=float)
    tiny = np.array([[1e-5, 0.0001, 0.00009995], [12345.6, 999.5, 2.675]])
    return {
        "grid_signed": grid_record("Signed, fractional values on RdBu, one missing, three outlines, a hatched "
                                   "column", grid_spec(signed, "Signed", key="signed", marks=Marks(boxes, shaded),
                                                       scale=color_range(signed[~np.isnan(signed)]),
                                                       words=Words(caption="Hatched: cropped by padding."))),
        "grid_counts": grid_record("Counts on Viridis with a legend", grid_spec(
            counts, "Contributions", key="counts", words=Words(legend="contributions"), scale=color_range(counts))),
        "grid_magnitudes": grid_record("Small and large values on Viridis", grid_spec(tiny, "Magnitudes",
                                                                                     key="magnitudes")),
    }


def values() -> dict:
    """Numbers as the lesson writes them, and the colour and ink of values along each scale."""
    rng = np.random.default_rng(22)
    samples = np.concatenate([10 ** rng.uniform(-6, 6, 60) * rng.choice([-1, 1], 60),
                              rng.integers(-4000, 4000, 60) / 8.0])
    scales = []
    for name in SCALES:
        for lo, hi in ((-7.0, 7.0), (0.0, 4.0), (-2.5, 2.5), (-3.0, 9.0)):
            scale = dict(stops=[[p, c] for p, c in SCALES[name]], zmin=lo, zmax=hi)
            points = np.linspace(lo - 1, hi + 1, 126)
            rgb = stop_colors(points, scale["stops"], lo, hi)
            scales.append(dict(scale=scale, cells=[[float(v), c.tolist(), ink(c)] for v, c in zip(points, rgb)]))
    return dict(about="Numbers as the lesson writes them (ui.words.number), and the colour (0..255 channels) and "
                      "ink of values along each scale (ui.figures.cells)",
                numbers=[[float(v), number(v)] for v in [*NUMBERS, *samples]], scales=scales)


def fixtures() -> dict[str, dict]:
    """Every fixture, by file name (without .json)."""
    return {**players(), **grids(), "values": values()}


def dumps(record: dict) -> str:
    """A fixture as text: a key a line, a frame a line, so a change reads as a change of a few lines."""
    def line(value) -> str:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))

    def field(key, value) -> str:
        if key in ("frames", "cells") and isinstance(value, list) and value and isinstance(value[0], list | dict):
            return f"{line(key)}:[\n" + ",\n".join(line(v) for v in value) + "\n]"
        return f"{line(key)}:{line(value)}"

    return "{\n" + ",\n".join(field(k, v) for k, v in record.items()) + "\n}\n"


def stale() -> list[str]:
    """The fixture files that differ from what ``main`` would write (or should not be there)."""
    wanted = {f"{name}.json": dumps(record) for name, record in fixtures().items()}
    present = {p.name for p in FIXTURES.glob("*.json")}
    return sorted(name for name in wanted.keys() | present
                  if name not in present or name not in wanted or (FIXTURES / name).read_text() != wanted[name])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list the files that are not up to date")
    if parser.parse_args(argv).check:
        names = stale()
        print("\n".join(names) if names else "The renderer's fixtures are up to date.")
        return 1 if names else 0
    records = fixtures()
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for old in FIXTURES.glob("*.json"):
        old.unlink()
    for name, record in records.items():
        (FIXTURES / f"{name}.json").write_text(dumps(record))
    print(f"Wrote {len(records)} fixtures to {FIXTURES.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
