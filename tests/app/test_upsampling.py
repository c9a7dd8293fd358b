"""Page 2: fixed upsamplers beside a transposed convolution, max-unpooling step by step, Keras."""

from __future__ import annotations

import numpy as np
import pytest
from pagetest import config, drawn_grids, figures, heatmap_z, mounted_data, open_page, texts

import core
from ui.figures.spec import Grid
from ui.settings.presets import PRESETS
from ui.show import row
from ui.text import text


def shown(at) -> dict[str, np.ndarray]:
    return {key: heatmap_z(spec) for key, spec in figures(at).items() if not key.isdigit()}


def encoder_map(at) -> np.ndarray:
    return shown(at)["upsampling_encoder"]


def test_defaults_show_every_upsampler_as_the_core_computes_it():
    at = open_page("upsampling")
    assert not at.exception
    cfg = config(at)
    x, grids = cfg.input, shown(at)
    np.testing.assert_array_equal(grids["upsampling_input"], x)
    np.testing.assert_array_equal(grids["upsampling_nearest"], core.upsample_nearest(x, 2))
    np.testing.assert_allclose(grids["upsampling_bilinear"], core.upsample_bilinear(x, 2))
    np.testing.assert_array_equal(grids["upsampling_bed"], core.bed_of_nails(x, 2))
    np.testing.assert_array_equal(grids["upsampling_transposed"], core.conv_transpose2d(x, cfg.kernel, stride=2))
    _, indices = core.max_pool2d(encoder_map(at), 2, return_indices=True)
    np.testing.assert_array_equal(grids["upsampling_unpool"], core.max_unpool2d(x, indices, 2))
    # The fixed-versus-learned table gives each output's size and the kernel's weight count.
    page = texts(at)
    assert "| Transposed convolution | 7x7 |" in page and "| Nearest neighbour | 6x6 |" in page
    assert "the kernel: 9 numbers" in page
    assert "Its output is\n7x7. That is more than 6x6" in page


def test_scale_and_align_corners_are_page_controls():
    at = open_page("upsampling", h=2, w=3)
    at.slider(key="upsampling_scale").set_value(3).run()
    at.toggle(key="upsampling_align").set_value(True).run()
    assert not at.exception
    cfg = config(at)
    grids = shown(at)
    np.testing.assert_allclose(grids["upsampling_bilinear"], core.upsample_bilinear(cfg.input, 3, align_corners=True))
    assert not np.allclose(grids["upsampling_bilinear"], core.upsample_bilinear(cfg.input, 3))
    np.testing.assert_array_equal(grids["upsampling_transposed"],
                                  core.conv_transpose2d(cfg.input, cfg.kernel, stride=3))
    assert grids["upsampling_nearest"].shape == (6, 9)
    assert "Corners aligned: **on**" in texts(at)


def test_max_unpooling_step_by_step():
    at = open_page("upsampling", h=3, w=2)
    cfg = config(at)
    specs = figures(at)
    big = heatmap_z(specs["upsampling_encoder"])
    assert big.shape == (6, 4) and len(np.unique(big)) == big.size  # distinct: one maximum per window
    pooled, indices = core.max_pool2d(big, 2, return_indices=True)
    np.testing.assert_array_equal(heatmap_z(specs["upsampling_pooled"]), pooled)
    rows, cols = np.unravel_index(indices, big.shape)
    labels = specs["upsampling_indices"]["data"][0]["text"]
    assert labels == [[f"({r}, {c})" for r, c in zip(rr, cc)] for rr, cc in zip(rows, cols)]
    np.testing.assert_array_equal(heatmap_z(specs["upsampling_unpooled"]), core.max_unpool2d(cfg.input, indices, 2))
    # Every maximum is outlined on the encoder's map: the orange boxes sit on the cells the core found.
    boxes = [s for s in specs["upsampling_encoder"]["layout"]["shapes"] if s["line"]["color"] == "#ff7f0e"]
    assert sorted((int(b["y0"] + 0.5), int(b["x0"] + 0.5)) for b in boxes) == sorted(zip(rows.ravel(), cols.ravel()))

    at.radio(key="upsampling_unpool_from").set_value("pooled").run()
    specs = figures(at)
    unpooled = heatmap_z(specs["upsampling_unpooled"])
    np.testing.assert_array_equal(unpooled, core.max_unpool2d(pooled, indices, 2))
    # Unpooling the maxima puts each back where it was: the map, with everything else zero.
    np.testing.assert_array_equal(unpooled, np.where(unpooled > 0, big, 0))
    assert "The pooled maxima go back" in texts(at)


def test_keras_one_by_one_kernel_is_bed_of_nails_computed():
    at = open_page("upsampling", h=3, w=4)
    at.slider(key="upsampling_scale").set_value(3).run()
    cfg = config(at)
    grids = shown(at)
    np.testing.assert_array_equal(grids["upsampling_keras_bed"],
                                  core.keras_conv2d_transpose(cfg.input, np.ones((1, 1)), strides=3))
    np.testing.assert_array_equal(grids["upsampling_keras_bed"], core.bed_of_nails(cfg.input, 3))
    assert grids["upsampling_torch_bed"].shape == core.output_size((3, 4), 1, stride=3) == (7, 10)
    np.testing.assert_array_equal(grids["upsampling_ones_conv"], core.upsample_nearest(cfg.input, 3))
    page = texts(at)
    assert "Keras's output and bed of nails are equal in all 108 cells" in page
    assert "the transposed convolution and nearest neighbour are equal in all 108 cells" in page
    assert "the output is 9x12, exactly bed of nails" in page
    assert "gives 7x10" in page


@pytest.mark.parametrize("params", [
    dict(h=8, w=8, kh=7, kw=7, sh=4, sw=4, d=3),
    dict(h=1, w=1, kh=1, kw=1),
    dict(h=1, w=1, kh=1, kw=1, sh=1, sw=1, ph=2, pw=2),  # the sidebar's output is empty
    dict(convention="Keras 'same'", h=5, w=2, kh=2, kw=4),
    dict(fill="random (seeded)", seed=3),
])
def test_extremes_keep_the_page_working(params):
    at = open_page("upsampling", **params)
    at.slider(key="upsampling_scale").set_value(4).run()
    assert not at.exception
    cfg = config(at)
    grids = shown(at)
    np.testing.assert_array_equal(grids["upsampling_transposed"],
                                  core.conv_transpose2d(cfg.input, cfg.kernel, stride=4))
    np.testing.assert_allclose(grids["upsampling_bilinear"], core.upsample_bilinear(cfg.input, 4))
    assert grids["upsampling_unpooled"].shape == (cfg.input_size[0] * 4, cfg.input_size[1] * 4)


def test_every_preset():
    at = open_page("upsampling")
    for name in PRESETS:
        at.sidebar.selectbox(key="preset").set_value(name).run()
        assert not at.exception, name
        cfg = config(at)
        grids = shown(at)
        np.testing.assert_array_equal(grids["upsampling_input"], cfg.input, err_msg=name)
        np.testing.assert_array_equal(grids["upsampling_transposed"],
                                      core.conv_transpose2d(cfg.input, cfg.kernel, stride=2), err_msg=name)


def test_every_grid_writes_its_values_or_says_where_they_are():
    """The bilinear grid once showed colours and no numbers while every other grid printed its values."""
    at = open_page("upsampling")
    grids = drawn_grids(at)
    bilinear = grids["upsampling_bilinear"]["data"][0]
    z, shown = np.array(bilinear["z"]), bilinear["text"]
    assert all(t for row in shown for t in row), "a cell without its number"
    np.testing.assert_allclose(np.array(shown, dtype=float), np.round(z, 2))
    assert "Values rounded to 2 decimals" in grids["upsampling_bilinear"]["caption"]
    for key, spec in grids.items():
        text = spec["data"][0]["text"]
        assert all(t for row in text for t in row) or "point at a cell" in (spec["caption"] or ""), key


def test_each_rule_says_what_it_does_under_its_grid_in_its_row():
    at = open_page("upsampling")
    rows = {d["key"]: d for d in (mounted_data(e) for e in at.get("bidi_component")) if d["kind"] == "row"}
    rules = [rows["upsampling_rules_0"], rows["upsampling_rules_1"]]
    assert [f["key"] for r in rules for f in r["items"]] == [
        "upsampling_input", "upsampling_nearest", "upsampling_bilinear", "upsampling_bed", "upsampling_unpool",
        "upsampling_transposed"]
    notes = [n for r in rules for n in r["notes"]]
    assert notes[0] is None and notes[1:5] == [text("upsampling", "nearest", s=2),
                                              text("upsampling", "bilinear", align="off"),
                                              text("upsampling", "bed", s=2), text("upsampling", "unpool-short")]
    assert notes[5].startswith("**Transposed convolution** with the sidebar's 3x3 kernel and stride 2")
    assert config(at).describe() in [c.value for c in at.main.get("caption")]  # the settings, above the rows
    steps = rows["upsampling_steps_pool"]["notes"] + rows["upsampling_steps_unpool"]["notes"]
    assert [n.split("**")[1][:2] for n in steps] == ["1.", "2.", "3.", "4."]
    assert all(len(r["notes"]) == len(r["items"]) for r in rows.values() if "notes" in r)


def test_a_row_refuses_notes_that_are_not_one_a_figure():
    grid = Grid.__new__(Grid)
    with pytest.raises(ValueError, match="2 figures with 1 notes"):
        row([grid, grid], key="two", notes=["one"])
