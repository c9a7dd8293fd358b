"""Helpers for page tests: open a page through the harness, read the figures it shows.

A plain module, not conftest.py: test files import from it, and conftest module names
would clash with tests/e2e when both folders are collected in one run.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from ui.exports import frames as replay
from ui.figures.spec import Player
from ui.settings import configure
from ui.settings.config import Config

ROOT = Path(__file__).resolve().parents[2]
HARNESS = str(ROOT / "tests" / "app" / "harness.py")


def open_page(page: str, **params) -> AppTest:
    """Run the sidebar and one page, with the address's query parameters set."""
    at = AppTest.from_file(HARNESS, default_timeout=60)
    at.session_state["_test_page"] = page
    for key, value in params.items():
        at.query_params[key] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return at.run()


def open_values(at: AppTest) -> AppTest:
    """Open the sidebar's Values expander (its fill, seed and editors are drawn only while it is open)."""
    at.session_state["values_open"] = True
    return at.run()


def open_area(at: AppTest) -> AppTest:
    """Open the page's "Take it to class" area (its makers are drawn only while it is open)."""
    at.session_state["class_open"] = True
    return at.run()


def config(at: AppTest) -> Config:
    """The configuration the page computed with, as its address reopens it (the address the app wrote after
    this run, read by the function the sidebar makes its configuration with): a test learns it as a visitor's
    copied link would, never from the session's inner keys."""
    return configure.from_address(at.query_params)


def mounted_data(element) -> dict:
    """What one mount of the renderer was given, as its loader (ui/show.py) reads it: the figure's JSON text in UTF-8
    bytes; anything else (a dict, a list or a str, which Streamlit sends as JSON) fails."""
    kind = element.proto.WhichOneof("data")
    assert kind == "bytes", f"a mount's data is not its JSON text in bytes but {kind}: {element.proto.json[:80]}"
    text = element.proto.bytes.decode("utf-8")
    data = json.loads(text)
    assert isinstance(data, dict) and "kind" in data, text[:80]
    return data


def components(at: AppTest) -> list[dict]:
    """The data of every grid and player the lesson's renderer draws (``static/lab.js``), in page order (a row's
    figures each in its place)."""
    mounted = [mounted_data(e) for e in at.get("bidi_component") if e.proto.component_name == "tcl_lab"]
    return [figure for d in mounted for figure in (d["items"] if d["kind"] == "row" else [d])]  # a row's, in order


def as_figure(d: dict) -> dict:
    """A grid's data read back as a figure's spec: one heatmap with z (the exact values), text (what
    each cell shows) and hovertext, the title as ``title (HxW)``, and the outlines as rectangles."""
    h, w = d["h"], d["w"]
    z = np.array([np.nan if v is None else v for v in d["v"]], dtype=float).reshape(h, w)
    shown = d["labels"] if d["show"] else [""] * (h * w)
    tips = d["tips"] or [f"row {d['rows'][n // w]}, column {d['cols'][n % w]}: {d['labels'][n]}" for n in range(h * w)]
    shapes = [dict(type="rect", x0=b["cols"][0] - 0.5, x1=b["cols"][1] - 0.5, y0=b["rows"][0] - 0.5,
                   y1=b["rows"][1] - 0.5, line=dict(color=b["color"], dash=b["style"])) for b in d["boxes"]]
    return dict(data=[dict(type="heatmap", z=z.tolist(), text=[shown[r * w:(r + 1) * w] for r in range(h)],
                           hovertext=[tips[r * w:(r + 1) * w] for r in range(h)])],
                layout=dict(title=dict(text=f"{d['title']} ({h}x{w})"), shapes=shapes),
                caption=d["caption"], legend=d["legend"], grid=d)


def drawn_grids(at: AppTest) -> dict[str, dict]:
    """Every grid on the page, by its key, read back as a figure's spec (``as_figure``)."""
    return {d["key"]: as_figure(d) for d in components(at) if d["kind"] == "grid"}


def players(at: AppTest) -> dict[str, dict]:
    """Every step player's data on the page, by its key."""
    return {d["key"]: d for d in components(at) if d["kind"] == "player"}


def player_frames(d: dict) -> list[dict]:
    """Each frame of a player as the browser draws it: its caption and each panel's values (the grid's own
    where the frame changes none, NaN where not yet computed) and marks, as (H, W) arrays.

    The frames are ``ui.exports.frames``'s, which the browser's (``static/lab_core.js``) equal on the
    shared fixtures (tests/fixtures/render/).
    """
    out = []
    for frame in replay.frames(Player.from_json(d)):
        values, marks = [], []
        for grid, panel in zip(d["panels"], frame.panels):
            shape = (grid["h"], grid["w"])
            own = np.array([np.nan if v is None else v for v in grid["v"]], dtype=float).reshape(shape)
            shown = own if panel.values is None else panel.values
            values.append(shown if panel.hidden is None else np.where(panel.hidden, np.nan, shown))
            marks.append(np.zeros(shape, bool) if panel.marks is None else panel.marks)
        out.append(dict(caption=frame.caption, values=values, marks=marks))
    return out


def figures(at: AppTest) -> dict[str, dict]:
    """Every figure on the page, by its element key's suffix (or its index): the plotly
    figures, then the grids (by their key, read as specs by ``drawn_grids``) and the players (their data)."""
    found = {}
    for i, element in enumerate(at.get("plotly_chart")):
        spec = json.loads(element.proto.spec)
        key = element.proto.id.rsplit("-", 1)[-1] if element.proto.id else str(i)
        found[key] = spec
        found[str(i)] = spec
    found.update(drawn_grids(at))
    found.update(players(at))
    return found


def array(value) -> np.ndarray:
    """A figure array as plotly serialises it: a list, or a typed array {dtype, bdata, shape}."""
    if isinstance(value, dict) and "bdata" in value:
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        if shape:
            flat = flat.reshape([int(n) for n in str(shape).split(",")])
        return flat.astype(float)
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return np.array([array(v) for v in value], dtype=float)
    return np.array(value, dtype=float)


def heatmap_z(spec: dict, index: int = 0) -> np.ndarray:
    heatmaps = [t for t in spec["data"] if t.get("type") == "heatmap"]
    return array(heatmaps[index]["z"])


def texts(at: AppTest) -> str:
    """All markdown, captions, info, warnings and errors on the page, and the sentences under figures in a row
    (``notes``), as one string."""
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "latex", "code"):
        parts += [str(e.value) for e in at.get(kind)]
    return "\n".join(parts + notes(at))


def notes(at: AppTest) -> list[str]:
    """The sentences the renderer writes under figures in a row (``ui.show.row``'s ``notes``), in page order."""
    mounted = [mounted_data(e) for e in at.get("bidi_component") if e.proto.component_name == "tcl_lab"]
    return [note for d in mounted if d["kind"] == "row" for note in d.get("notes") or [] if note]



def charts(at: AppTest, page: str) -> dict[str, dict]:
    """Figure specs by widget key, without the page's prefix (``checkerboard_map`` -> ``map``)."""
    out = {}
    for element in at.get("plotly_chart"):
        key = element.proto.id.split("-", 2)[2]
        out[key.removeprefix(f"{page}_")] = json.loads(element.proto.spec)
    for key, spec in drawn_grids(at).items():
        out[key.removeprefix(f"{page}_")] = spec
    return out
