"""Page 4: zero insertion, padding, the flipped kernel and the sliding window, against the core."""


import numpy as np
import pytest
from pagetest import config, drawn_grids, figures, heatmap_z, open_page, player_frames, players, texts

import core
from ui.figures.cells import MAX_CELLS
from ui.figures.gather import INPUT, INSERTED, KIND_NAMES, PADDING, ZERO_COLORS, region_box, stage_spec
from ui.figures.grid import MAX_TEXT_CELLS, color_range
from ui.settings.presets import PRESETS

STATIC = ("zero_input", "zero_inserted", "zero_padded", "zero_kernel", "zero_flipped", "zero_scatter_output",
          "zero_gather_output")


def view_of(at):
    cfg = config(at)
    return cfg, core.equivalent_convolution(cfg.input, cfg.kernel, **cfg.settings)


def stage(spec) -> tuple[np.ndarray, np.ndarray]:
    """A stage's values and its cell labels (INPUT, INSERTED, PADDING).

    An HTML grid: its exact values, the label from each cell's hover words (a zero shows "0").
    A plotly figure (too big for HTML): the values layer (zeros where grey) and the zeros
    layer (1 inserted, 0 padding).
    """
    heatmaps = [t for t in spec["data"] if t.get("type") == "heatmap"]
    if len(heatmaps) == 1:
        named = {name: kind for kind, name in KIND_NAMES.items()}
        kinds = np.array([[next((k for n, k in named.items() if tip.endswith(f": {n}")), INPUT) for tip in row]
                          for row in heatmaps[0]["hovertext"]])
        values = heatmap_z(spec)
        zeros = kinds != INPUT
        assert (values[zeros] == 0).all()
        shown = {t for row, kr in zip(heatmaps[0]["text"], zeros) for t, z in zip(row, kr) if z}
        assert shown <= ({"0"} if values.size <= MAX_TEXT_CELLS else {""}), shown
        return values, kinds
    zeros, values = heatmap_z(spec, 0), heatmap_z(spec, 1)
    kinds = np.where(np.isnan(zeros), INPUT, zeros)
    return np.nan_to_num(values), kinds


def check_page(at):
    """Every grid equals the core's arrays, the window player ends on the output, the check passes."""
    assert not at.exception
    cfg, view = view_of(at)
    figs = figures(at)
    # Every static grid is an HTML grid while it fits one; only bigger grids stay plotly.
    light = drawn_grids(at)
    for key in STATIC:
        assert (key in light) == (np.size(heatmap_z(figs[key])) <= MAX_CELLS), key
    assert "zero_player" not in light
    np.testing.assert_array_equal(stage(figs["zero_input"])[0], cfg.input)
    dilated, kinds = stage(figs["zero_inserted"])
    np.testing.assert_array_equal(dilated, view.zero_inserted)
    np.testing.assert_array_equal(dilated, core.zero_insert(cfg.input, cfg.stride))
    padded, kinds = stage(figs["zero_padded"])
    np.testing.assert_array_equal(padded, view.padded)
    # The dashed outline encloses the zero-inserted input when padding surrounds it.
    outline = [(r["y0"] + 0.5, r["y1"] + 0.5, r["x0"] + 0.5, r["x1"] + 0.5)
               for r in figs["zero_padded"]["layout"]["shapes"]]
    assert outline == [(*b.rows, *b.cols) for b in region_box(kinds)]
    # Coloured cells are exactly where the input values sit.
    assert (kinds == INPUT).sum() == np.count_nonzero(
        core.equivalent_convolution(np.ones_like(cfg.input), cfg.kernel, **cfg.settings).padded)
    np.testing.assert_array_equal(heatmap_z(figs["zero_kernel"]), cfg.kernel)
    np.testing.assert_array_equal(heatmap_z(figs["zero_flipped"]), view.flipped_kernel)
    np.testing.assert_array_equal(view.flipped_kernel, cfg.kernel[::-1, ::-1])
    np.testing.assert_array_equal(heatmap_z(figs["zero_scatter_output"]), cfg.output())
    np.testing.assert_allclose(heatmap_z(figs["zero_gather_output"]), cfg.output(), atol=1e-12)
    gap = np.abs(view.output - cfg.output()).max()
    assert ("Identical: the largest difference between the two outputs is 0." in texts(at)) == (gap == 0)
    return cfg, view, figs


def window_check(cfg, view, spec):
    """Each frame: the products are window × flipped kernel, and they sum to the output cell."""
    kh, kw = cfg.kernel_size
    d = cfg.dilation
    wo = view.output.shape[1]
    for end, frame in zip(spec["changes"][3]["reveal"], player_frames(spec)):
        y, x = divmod(end - 1, wo)
        window = view.padded[y:y + d * (kh - 1) + 1:d, x:x + d * (kw - 1) + 1:d]
        products = frame["values"][2]
        np.testing.assert_allclose(products, window * view.flipped_kernel, atol=1e-12)
        assert products.sum() == pytest.approx(view.output[y, x])
        assert frame["caption"].startswith(f"out[{y},{x}] = ")
        # The output so far: the cells done, in reading order, the others not yet computed.
        done = frame["values"][3].ravel()
        np.testing.assert_array_equal(done[:end], view.output.ravel()[:end])
        assert np.isnan(done[end:]).all()


def test_stage_grid_colours_zeros_grey_and_values_by_the_shared_scale():
    values = np.array([[3.0, 0.0, 0.0], [0.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    kinds = np.array([[INPUT, INSERTED, PADDING], [INSERTED, INSERTED, PADDING], [INPUT, INSERTED, PADDING]])
    scale = color_range(np.array([0.0, 4.0]))
    grid = stage_spec(values, kinds, "Stage", key="k", scale=scale).to_json()  # as the browser gets it
    fills = np.array([grid["palette"][n][0] for n in grid["fills"]]).reshape(3, 3)
    assert (fills[kinds == INSERTED] == ZERO_COLORS[INSERTED]).all()
    assert (fills[kinds == PADDING] == ZERO_COLORS[PADDING]).all()
    assert fills[0, 0] != fills[2, 0] and not set(fills[kinds == INPUT]) & set(ZERO_COLORS.values())


def test_default_stages_equal_the_core_and_the_outputs_agree():
    at = open_page("zero_insertion")
    cfg, view, figs = check_page(at)
    spec = figs["zero_player"]
    assert spec["frames"] == view.output.size
    window_check(cfg, view, spec)
    np.testing.assert_array_equal(player_frames(spec)[-1]["values"][3], cfg.output())
    # The padding formula with the current numbers, per border.
    assert "| top | 1 × (3 − 1) − 0 | **2** |" in texts(at)
    assert "| right | 1 × (3 − 1) − 0 | **2** |" in texts(at)
    assert "k[2,2] = " in texts(at)


def test_output_padding_and_padding_enter_the_formula():
    at = open_page("zero_insertion", h=3, w=4, kh=3, kw=2, sh=2, sw=3, ph=1, pw=0, oph="1", opw="2")
    cfg, view, figs = check_page(at)
    assert view.pads == ((1, 2), (1, 3))
    shown = texts(at)
    assert "| top | 1 × (3 − 1) − 1 | **1** |" in shown
    assert "| bottom | 1 × (3 − 1) − 1 + 1 output padding | **2** |" in shown
    assert "| right | 1 × (2 − 1) − 0 + 2 output padding | **3** |" in shown
    window_check(cfg, view, figs["zero_player"])


def test_padding_beyond_the_kernel_reach_crops_the_zero_inserted_input():
    at = open_page("zero_insertion", h=4, w=4, kh=3, kw=3, sh=2, sw=2, ph=3, pw=3)
    cfg, view, figs = check_page(at)
    assert view.pads[0][0] == -1
    assert "**-1**" in texts(at) and "cut from the zero-inserted input" in texts(at)
    window_check(cfg, view, figs["zero_player"])


def test_dilation_spaces_the_window_taps():
    at = open_page("zero_insertion", h=3, w=3, kh=2, kw=3, sh=1, sw=1, d=2)
    cfg, view, figs = check_page(at)
    spec = figs["zero_player"]
    window_check(cfg, view, spec)
    marks = player_frames(spec)[0]["marks"][0]
    assert marks.sum() == 2 * 3  # one mark per tap, on the padded input


def test_big_outputs_are_thinned_with_a_sentence():
    at = open_page("zero_insertion", h=8, w=8, kh=7, kw=7, sh=4, sw=4, d=3)
    cfg, view, figs = check_page(at)
    spec = figs["zero_player"]
    assert spec["frames"] < view.output.size
    assert f"The output has {view.output.size} cells" in texts(at)
    np.testing.assert_array_equal(player_frames(spec)[-1]["values"][3], cfg.output())


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset(name):
    at = open_page("zero_insertion")
    at.sidebar.selectbox(key="preset").set_value(name).run()
    check_page(at)


@pytest.mark.parametrize("convention", ["Keras 'valid'", "Keras 'same'"])
def test_keras_conventions(convention):
    at = open_page("zero_insertion", convention=convention, h=3, w=2, kh=3, kw=2, sh=2, sw=3)
    cfg, view, figs = check_page(at)
    assert cfg.is_keras
    np.testing.assert_allclose(view.output, core.keras_conv2d_transpose(
        cfg.input, cfg.kernel, strides=cfg.stride, padding=cfg.keras_mode), atol=1e-12)
    window_check(cfg, view, figs["zero_player"])


def test_random_values_agree_up_to_rounding():
    at = open_page("zero_insertion", fill="random (seeded)", seed=3, h=5, w=5, kh=4, kw=4, sh=3, sw=3, ph=1)
    cfg, view, figs = check_page(at)
    window_check(cfg, view, figs["zero_player"])
    assert "the largest difference between the two outputs is" in at.success[0].value


def test_settings_that_cannot_work_show_a_sentence_not_a_traceback():
    at = open_page("zero_insertion", h=1, w=1, kh=1, kw=1, sh=1, sw=1, ph=2, pw=2)
    assert not at.exception
    assert not at.get("plotly_chart") and not players(at)
    assert "cannot produce an output" in at.info[0].value
    assert "Two views, one operation" in texts(at)


def test_the_frame_box_counts_what_it_says():
    """Thinned to 369 frames of 6 cells, the box once read 'Output cells done: 1 of 369' over six cells done."""
    at = open_page("zero_insertion", h=8, w=8, kh=7, kw=7, sh=4, sw=4, d=3)
    spec = players(at)["zero_player"]
    assert spec["frames"] < spec["panels"][3]["h"] * spec["panels"][3]["w"] and spec["word"] == "Frame"
    at = open_page("zero_insertion")
    spec = players(at)["zero_player"]
    assert spec["changes"][3]["reveal"] == list(range(1, spec["frames"] + 1))
    assert spec["word"] == "Output cells done:"
