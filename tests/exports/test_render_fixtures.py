"""The renderer's golden fixtures (tests/fixtures/render/, written by ``python scripts/render_fixtures.py``):
up to date, and read back by Python's replay (``ui.exports.frames``) to the same frames. The browser's
side, ``static/lab_core.js``, is checked against the same files by ``node --test tests/js/*.test.mjs``:
one set of fixtures, two implementations that agree on them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import render_fixtures as fixtures  # noqa: E402

from ui.figures.spec import Player, Scale  # noqa: E402


def load(name: str) -> dict:
    return json.loads((fixtures.FIXTURES / f"{name}.json").read_text())


NAMES = sorted(p.stem for p in fixtures.FIXTURES.glob("*.json"))
PLAYERS = [name for name in NAMES if load(name).get("figure", {}).get("kind") == "player"]
GRIDS = [name for name in NAMES if load(name).get("figure", {}).get("kind") == "grid"]


def test_the_fixtures_are_what_the_command_writes_now():
    assert fixtures.stale() == [], "The renderer's fixtures are out of date: run python scripts/render_fixtures.py"


def test_every_kind_of_player_and_grid_has_a_fixture():
    keys = {load(name)["figure"]["key"] for name in PLAYERS}
    assert keys == {"scatter_player", "zero_player", "channels_player"}
    modes = {load(name)["figure"]["trace"]["mode"] for name in PLAYERS if name.startswith("scatter")}
    assert modes == {"cell", "product"}
    assert len(GRIDS) >= 3 and "values" in NAMES


@pytest.mark.parametrize("name", PLAYERS)
def test_python_reads_the_committed_data_to_the_committed_frames(name):
    """The player as JSON carries it (string keys, lists, null for no value), replayed by Python: the
    same frames, outlines and cells as the file."""
    record = load(name)
    again = fixtures.player_record(record["about"], Player.from_json(record["figure"]))
    assert json.loads(fixtures.dumps(again)) == record
    assert len(record["frames"]) == record["figure"]["frames"] == len(record["cells"])


@pytest.mark.parametrize("name", GRIDS)
def test_a_grids_own_cells_are_its_values_words_and_colours(name):
    """grid_spec's words and palette give each value the words, colour and ink the frames give it."""
    record = load(name)
    grid = record["figure"]
    values = np.array([np.nan if v is None else v for v in grid["v"]], dtype=float)
    assert record["cells"] == fixtures.look(values, Scale.from_json(grid["scale"]))

