"""Helpers for page tests: open a page through the harness, read the figures it shows.

A plain module, not conftest.py: test files import from it, and conftest module names
would clash with tests/e2e when both folders are collected in one run.
"""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
HARNESS = str(ROOT / "tests" / "app" / "harness.py")


def open_page(page: str, **params) -> AppTest:
    """Run the sidebar and one page, with the address's query parameters set."""
    at = AppTest.from_file(HARNESS, default_timeout=60)
    at.session_state["_test_page"] = page
    for key, value in params.items():
        at.query_params[key] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return at.run()


_GRID = re.compile(r'<div class="tcl-grid" data-grid="([^"]*)" data-title="([^"]*)" data-shape="(\d+)x(\d+)"')
_CELL = re.compile(r'<div data-v="([^"]*)" title="([^"]*)" style="[^"]*">([^<]*)</div>')
_BOX = re.compile(r'data-box="(\d+),(\d+),(\d+),(\d+),([^"]*)"')


def html_grids(at: AppTest) -> dict[str, dict]:
    """Every HTML grid on the page (ui.figures.html_grid), by its key, read back as a figure's spec:
    one heatmap with z (the exact values), text (what each cell shows) and hovertext, the
    title as ``title (HxW)``, and the outlines as rectangle shapes."""
    found = {}
    for element in at.get("html"):
        body = element.value
        head = _GRID.search(body)
        if not head:
            continue
        key, title, h, w = head.group(1), html.unescape(head.group(2)), int(head.group(3)), int(head.group(4))
        cells = _CELL.findall(body)
        z = np.array([float(v) for v, _, _ in cells]).reshape(h, w)
        text = [[html.unescape(t) for _, _, t in cells[r * w:(r + 1) * w]] for r in range(h)]
        hover = [[html.unescape(t) for _, t, _ in cells[r * w:(r + 1) * w]] for r in range(h)]
        shapes = [dict(type="rect", x0=int(c0) - 0.5, x1=int(c1) - 0.5, y0=int(r0) - 0.5, y1=int(r1) - 0.5,
                       line=dict(color=html.unescape(color)))
                  for r0, r1, c0, c1, color in _BOX.findall(body)]
        found[key] = dict(data=[dict(type="heatmap", z=z.tolist(), text=text, hovertext=hover)],
                          layout=dict(title=dict(text=f"{title} ({h}x{w})"), shapes=shapes))
    return found


def figures(at: AppTest) -> dict[str, dict]:
    """Every figure on the page, by its element key's suffix (or its index): the plotly
    figures, then the HTML grids (by their key, read as specs by ``html_grids``)."""
    found = {}
    for i, element in enumerate(at.get("plotly_chart")):
        spec = json.loads(element.proto.spec)
        key = element.proto.id.rsplit("-", 1)[-1] if element.proto.id else str(i)
        found[key] = spec
        found[str(i)] = spec
    found.update(html_grids(at))
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
    """All markdown, captions, info, warnings and errors on the page, as one string."""
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "latex", "code"):
        parts += [str(e.value) for e in at.get(kind)]
    return "\n".join(parts)



def charts(at: AppTest, page: str) -> dict[str, dict]:
    """Figure specs by widget key, without the page's prefix (``checkerboard_map`` -> ``map``)."""
    out = {}
    for element in at.get("plotly_chart"):
        key = element.proto.id.split("-", 2)[2]
        out[key.removeprefix(f"{page}_")] = json.loads(element.proto.spec)
    for key, spec in html_grids(at).items():
        out[key.removeprefix(f"{page}_")] = spec
    return out
