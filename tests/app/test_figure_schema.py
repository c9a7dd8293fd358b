"""Every grid and player a page draws is what static/figure_schema.json describes, and what
``ui.figures.spec`` reads back to the same figure: the one wire form, checked on the real pages.

The browser checks the same schema in development (``static/lab_core.js``'s ``validate``), and
tests/js/schema.test.mjs checks the golden fixtures against it. Every plotly chart a page draws goes to plotly's
JSON writer whole (orjson takes it as it is: its arrays contiguous), not walked number by number.
"""

from __future__ import annotations

import json

import jsonschema
import numpy as np
import orjson
import pytest
from pagetest import ROOT, components, open_page

from ui.figures.cells import Marks, grid_spec
from ui.figures.grid import Box
from ui.figures.spec import Grid, Player, from_json
from ui.pages import PAGES

SCHEMA = json.loads((ROOT / "static" / "figure_schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
KINDS = {kind: jsonschema.Draft202012Validator({"$ref": f"#/$defs/{kind}", "$defs": SCHEMA["$defs"]})
         for kind in ("grid", "player")}


def problems(figure: dict) -> list[str]:
    """Where ``figure`` breaks the schema, and the sizes it cannot say (as ``lab_core.js``'s ``validate``)."""
    if not VALIDATOR.is_valid(figure):  # the problems against its own kind's definition, or against the choice
        validator = KINDS.get(figure.get("kind"), VALIDATOR)
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(figure)]
    found = []
    for grid in figure["panels"] if figure["kind"] == "player" else [figure]:
        found += [f"{grid['key']}.{k}" for k in ("v", "labels", "fills", "tips", "shaded")
                  if grid[k] is not None and len(grid[k]) != grid["h"] * grid["w"]]
    if figure["kind"] == "player":
        if len(figure["captions"]) != figure["frames"] or len(figure["changes"]) != len(figure["panels"]):
            found.append("the player's lists disagree")
    return found


def conform(at) -> list[str]:
    """The keys of the figures ``at`` draws, after checking each: schema, sizes, read back to itself."""
    figures = components(at)
    for figure in figures:
        assert problems(figure) == [], (figure["key"], problems(figure)[:5])
        assert from_json(figure).to_json() == figure, figure["key"]  # no field lost or guessed on the way back
    return [figure["key"] for figure in figures]


@pytest.mark.parametrize("page", [page.name for page in PAGES])
def test_every_figure_a_page_draws_conforms(page):
    at = open_page(page)
    assert not at.exception
    keys = conform(at)
    if page in ("start", "scatter", "zero_insertion", "channels"):
        assert keys, f"the {page} page drew no grid or player"
    for key, chart in at.session_state["_shown_figures"].items():
        if not isinstance(chart, Grid | Player | str):
            try:  # what plotly's JSON writer tries first; on a TypeError it cleans the figure value by value
                orjson.dumps(chart.to_dict(), option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY)
            except TypeError as why:
                raise AssertionError(f"the {page} page's chart {key} is not written whole: {why}") from why


@pytest.mark.parametrize(("page", "params", "mode"), [
    ("scatter", dict(h=3, w=4, kh=3, kw=2, sh=2, sw=1, ph=1, pw=0, d=2), "product"),
    ("scatter", dict(convention="keras-same"), "cell"),
    ("zero_insertion", dict(sh=2, sw=2, d=2, ph=1, pw=0), None),
])
def test_the_players_conform_at_other_settings(page, params, mode):
    at = open_page(page, **params)
    if mode:
        at.radio(key="scatter_mode").set_value(mode).run()
    assert not at.exception
    players = [f for f in components(at) if f["kind"] == "player"]
    assert players and conform(at)


def test_the_schema_refuses_a_positional_outline_and_a_missing_field():
    grid = grid_spec(np.eye(2), "Kernel", key="k", marks=Marks(boxes=[Box(rows=(0, 1), cols=(0, 1))])).to_json()
    assert problems(grid) == []
    positional = grid | {"boxes": [[0, 1, 0, 1, "#ff7f0e", 3, "solid"]]}
    assert problems(positional) and "boxes/0" in problems(positional)[0]
    missing = {k: v for k, v in grid.items() if k != "scale"}
    assert problems(missing) and "'scale' is a required property" in " ".join(problems(missing))
