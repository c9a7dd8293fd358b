"""The 'Take it to class' areas on the pages (AppTest): what they offer, a GIF built on the page,
the worksheet's seed in the address, projector mode from the address."""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "app"))

from pagetest import components, config, open_area, open_page, players  # noqa: E402

from ui.exports import slides  # noqa: E402
from ui.figures import projector  # noqa: E402
from ui.figures.cells import grid_spec  # noqa: E402
from ui.pages import PAGES  # noqa: E402


def downloads(at) -> list[str]:
    return [e.proto.label for e in at.get("download_button")]


def test_the_scatter_page_makes_a_gif_of_its_player_on_request():
    at = open_page("scatter")
    assert [e.label for e in at.expander][0] == "Take it to class: a GIF, slides"
    assert not [b for b in at.button if b.key == "scatter_gif_build"]  # drawn once the area is opened
    open_area(at)
    assert at.button(key="scatter_gif_build").label == "Make the GIF (9 frames)"
    assert downloads(at) == ["Download the slide (PNG)"]  # nothing built before it is asked for
    at.button(key="scatter_gif_build").click().run()
    assert not at.exception
    _, data = at.session_state["scatter_gif_made"]
    assert Image.open(io.BytesIO(data)).n_frames == players(at)["scatter_player"]["frames"] == 9
    assert downloads(at)[0] == f"Download the GIF ({len(data) // 1024} kB)"


def test_a_thinned_players_gif_says_which_frames_it_keeps():
    at = open_page("scatter", h=8, w=8, kh=7, kw=7, sh=4, sw=4, d=3)
    at.radio(key="scatter_mode").set_value("product").run()
    open_area(at)
    at.radio(key="scatter_gif_width").set_value(1280).run()
    info = " ".join(str(e.value) for e in at.info)
    assert "The GIF shows 98 of the player's 392 frames (every 4th, and the last)" in info
    assert at.button(key="scatter_gif_build").label == "Make the GIF (98 frames)"


@pytest.mark.parametrize("page", [page.name for page in PAGES])
def test_every_page_offers_a_slide_of_each_figure_it_shows(page):
    at = open_area(open_page(page))
    assert not at.exception
    drawable = [slides.name(f) for f in components(at) if slides.problem(f) is None]
    chooser = [s for s in at.selectbox if s.key and s.key.endswith("_slide_figure")]
    assert bool(chooser) or not drawable
    for name in drawable:
        assert name in chooser[0].options


def test_settings_that_give_no_output_leave_a_sentence_instead_of_files():
    at = open_area(open_page("scatter", h=1, w=1, kh=1, kw=1, ph=3))
    assert not at.exception and config(at).problem
    assert any("nothing here to take away as a file" in " ".join(m.value.split()) for m in at.markdown)
    assert not downloads(at) and not [b for b in at.button if b.key and b.key.endswith("_gif_build")]


def test_the_worksheet_seed_and_count_come_from_the_address_and_stay_in_it():
    at = open_page("practice", sheet_seed=1234, sheet_n=3)
    assert not at.exception
    assert at.number_input(key="sheet_seed").value == 1234 and at.number_input(key="sheet_n").value == 3
    assert at.query_params["sheet_seed"] == "1234" and at.query_params["sheet_n"] == "3"
    assert {"Download the worksheet (PDF)", "Download the answer key (PDF)"} <= set(downloads(at))
    at.number_input(key="sheet_seed").set_value(77).run()
    assert at.query_params["sheet_seed"] == "77"


def test_a_worksheet_seed_out_of_range_in_the_address_is_explained():
    at = open_page("practice", sheet_seed="lots")
    assert not at.exception
    assert any("The address's worksheet seed `lots` is not a whole number" in str(w.value) for w in at.warning)


def test_projector_mode_from_the_address_enlarges_cells_and_numbers():
    plain, big = open_page("scatter"), open_page("scatter", proj="on")
    assert big.toggle(key="proj").value and not plain.toggle(key="proj").value
    assert big.query_params["proj"] == "on"
    small = {d["key"]: d for d in components(plain)}
    large = {d["key"]: d for d in components(big)}
    grid, bigger = small["scatter_pick_output"], large["scatter_pick_output"]
    assert bigger["px"] > grid["px"] and bigger["font"] > grid["font"]
    assert bigger["v"] == grid["v"] and bigger["labels"] == grid["labels"]  # the same numbers, larger
    for mine, theirs in zip(large["scatter_player"]["panels"], small["scatter_player"]["panels"]):
        assert mine["font"] >= 20 > theirs["font"] and mine["v"] == theirs["v"]
    assert len(big.get("html")) == len(plain.get("html")) + 1  # the projector's stylesheet


def test_projector_numbers_fit_their_cells():
    grid = grid_spec([[-12.5, 3.0]], "Output", key="out")
    assert (grid.px, grid.font, grid.labels) == (46, 15, ["-12.5", "3"])
    big = projector.enlarged_grid(grid)
    assert big.px == int(46 * projector.FACTOR)
    assert big.font * 0.6 * len("-12.5") <= big.px  # five characters inside the cell
    assert projector.enlarged("not a grid") == "not a grid"
    np.testing.assert_equal(projector.enlarged_grid(replace(grid, px=80)).px, projector.LARGEST_PX)
