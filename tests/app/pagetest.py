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

ROOT = Path(__file__).resolve().parents[2]
HARNESS = str(ROOT / "tests" / "app" / "harness.py")


def open_page(page: str, **params) -> AppTest:
    """Run the sidebar and one page, with the address's query parameters set."""
    at = AppTest.from_file(HARNESS, default_timeout=60)
    at.session_state["_test_page"] = page
    for key, value in params.items():
        at.query_params[key] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return at.run()


def figures(at: AppTest) -> dict[str, dict]:
    """Every plotly figure on the page, by its element key's suffix (or its index)."""
    found = {}
    for i, element in enumerate(at.get("plotly_chart")):
        spec = json.loads(element.proto.spec)
        key = element.proto.id.rsplit("-", 1)[-1] if element.proto.id else str(i)
        found[key] = spec
        found[str(i)] = spec
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
    return out
