"""Page 5, 'Why transposed': the matrix C, C^T y against the transposed convolution, C^T C x, the gradient.

Every check reads what the page shows (figure data, messages) and compares it with the core.
"""


import numpy as np
import pagetest
import pytest
from pagetest import array, config, drawn_grids

import core
from ui.settings.presets import PRESETS
from ui.words import number

PAGE = "transposed"


def open_page(**params):
    return pagetest.open_page(PAGE, **params)


def charts(at) -> dict:
    return pagetest.charts(at, PAGE)


def z(spec) -> np.ndarray:
    return array(spec["data"][0]["z"])


def texts(at, kind) -> str:
    """Everything shown by elements of a kind, with line breaks and runs of spaces as one space."""
    return " ".join(" ".join(e.value.split()) for e in at.get(kind))


def matrix_values(spec) -> np.ndarray:
    """The matrix a matrix figure shows, blank cells as 0 (an HTML grid or, for big ones, plotly markers)."""
    trace = spec["data"][0]
    if trace["type"] == "heatmap":
        return np.nan_to_num(z(spec))
    rows, cols = spec["layout"]["meta"]["shape"]
    out = np.zeros((rows, cols))
    out[array(trace["y"]).astype(int), array(trace["x"]).astype(int)] = array(trace["marker"]["color"])
    return out


def padding_pair(cfg):
    p = cfg.settings["padding"]
    return (p[0][0], p[1][0]) if isinstance(p[0], tuple) else p


def check_page(at):
    """C, C^T y and the gradient on screen agree with the core for the sidebar's settings."""
    assert not at.exception
    cfg = config(at)
    if cfg.problem:
        assert "cannot produce an output" in texts(at, "info")
        assert "c" not in charts(at)
        return
    shown = charts(at)
    (h, w), (ho, wo) = cfg.input_size, cfg.output_size
    c = matrix_values(shown["c"])
    assert c.shape == (h * w, ho * wo)
    assert shown["c"]["layout"]["title"]["text"] == f"C ({h * w}x{ho * wo})"
    # column j of C^T is the transposed convolution of a single 1 in input cell j
    for j in {0, h * w // 2, h * w - 1}:
        unit = np.zeros(h * w)
        unit[j] = 1
        stamp = core.conv_transpose2d(unit.reshape(h, w), cfg.kernel, **cfg.settings)
        np.testing.assert_allclose(c[j], stamp.ravel())
    np.testing.assert_allclose(z(shown["reshaped"]), cfg.output())
    np.testing.assert_allclose(z(shown["output"]), cfg.output())
    np.testing.assert_allclose(array(shown["product"]["data"][0]["z"]).ravel(), cfg.output().ravel())
    assert "Identical: the largest difference" in texts(at, "success")
    np.testing.assert_allclose(z(shown["grad"]), core.conv_transpose2d(cfg.input, cfg.kernel, **cfg.settings))
    assert "The measured gradient equals" in texts(at, "success")


def test_defaults_show_c_and_its_transpose_times_the_input():
    at = open_page()
    check_page(at)
    cfg = config(at)
    shown = charts(at)
    # with symmetric padding C is exactly core.conv_matrix of the matching convolution
    expected = core.conv_matrix(cfg.output_size, cfg.kernel, cfg.stride, cfg.padding, cfg.dilation)
    np.testing.assert_array_equal(matrix_values(shown["c"]), expected)
    np.testing.assert_array_equal(matrix_values(shown["ct"]), expected.T)
    assert "Two ways to build C, one matrix" in texts(at, "markdown")
    # blank cells are where no kernel tap can land; taps are coloured even when their value is 0
    pattern = core.conv_matrix(cfg.output_size, np.ones(cfg.kernel_size), cfg.stride, cfg.padding) != 0
    assert np.array_equal(~np.isnan(z(shown["c"])), pattern)
    # every grid is drawn by the lesson's renderer, and C^T y's cells are as tall as C^T's, row beside row
    assert not at.get("plotly_chart")
    cells = {key.removeprefix("transposed_"): spec["grid"]["px"] for key, spec in drawn_grids(at).items()}
    assert cells["ct"] == cells["product"]


def test_worked_example_is_the_classic_4x16_matrix():
    at = open_page()
    at.sidebar.selectbox(key="preset").set_value("Worked example: 4x4 convolved to 2x2, transposed back").run()
    check_page(at)
    shown = charts(at)
    assert matrix_values(shown["c"]).shape == (4, 16)
    assert matrix_values(shown["ct"]).shape == (16, 4)
    assert shown["classic"]["layout"]["title"]["text"] == "C of the classic example (4x16)"
    np.testing.assert_array_equal(matrix_values(shown["classic"]), matrix_values(shown["c"]))
    assert "This is the matrix at the top of the page" in texts(at, "caption")
    # small enough to print every tap's value in its cell (and nothing in the blank cells)
    c = z(shown["c"])
    assert shown["c"]["data"][0]["text"] == [["" if np.isnan(v) else number(v) for v in row] for row in c]


def test_classic_example_is_shown_for_any_setting():
    at = open_page(kh=2, kw=2)
    assert not at.exception
    shown = charts(at)
    assert matrix_values(shown["classic"]).shape == (4, 16)
    assert "the sidebar's kernel is not 3x3" in texts(at, "caption")


def test_transposed_is_not_inverse():
    at = open_page()
    cfg = config(at)
    shown = charts(at)
    x = z(shown["x"])
    assert x.shape == cfg.output_size
    cx = core.conv2d(x, cfg.kernel, stride=cfg.stride, padding=cfg.padding, dilation=cfg.dilation)
    np.testing.assert_allclose(z(shown["cx"]), cx)
    back = core.conv_transpose2d(cx, cfg.kernel, **cfg.settings)
    np.testing.assert_allclose(z(shown["back"]), back)
    assert not np.allclose(back, x)
    gap = np.abs(back - x).max()
    assert f"they differ by up to {number(gap)}" in texts(at, "warning")


def test_a_single_one_kernel_gives_the_input_back():
    at = open_page(kh=1, kw=1, sh=1, sw=1, fill="ones")
    check_page(at)
    shown = charts(at)
    np.testing.assert_array_equal(z(shown["back"]), z(shown["x"]))
    assert "happens to equal" in texts(at, "info")


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset(name):
    at = open_page()
    at.sidebar.selectbox(key="preset").set_value(name).run()
    check_page(at)


def test_largest_settings_draw_the_pattern_without_a_heavy_heatmap():
    at = open_page(h=8, w=8, kh=7, kw=7, sh=4, sw=4, d=3)
    check_page(at)
    shown = charts(at)
    assert shown["c"]["layout"]["meta"]["shape"] == [64, 47 * 47]
    assert shown["c"]["data"][0]["type"] == "scattergl"
    assert len(at.get("plotly_chart")[0].proto.spec) < 200_000


def test_keras_same_crops_unevenly_and_c_is_built_from_stamps():
    at = open_page(h=3, w=3, kh=3, kw=3, sh=2, sw=2, convention="Keras 'same'")
    check_page(at)
    cfg = config(at)
    keras = core.keras_conv2d_transpose(cfg.input, cfg.kernel, strides=2, padding="same")
    np.testing.assert_allclose(z(charts(at)["reshaped"]), keras)
    prose = texts(at, "markdown")
    # core.conv_matrix takes per-side padding, so it builds this C too, and says the two ways agree.
    assert "Both give the same matrix (largest difference: 0)" in prose
    assert "padding of 0 on top, 1 at the bottom, 0 on the left and 1 on the right" in prose


def test_keras_valid_matches_core_conv_matrix():
    at = open_page(h=2, w=3, kh=2, kw=3, sh=2, sw=1, convention="Keras 'valid'")
    check_page(at)
    cfg = config(at)
    expected = core.conv_matrix(cfg.output_size, cfg.kernel, cfg.stride, padding_pair(cfg), cfg.dilation)
    np.testing.assert_array_equal(matrix_values(charts(at)["c"]), expected)


def test_output_padding_beyond_the_stride_is_explained():
    at = open_page(h=3, w=3, kh=3, kw=3, sh=1, sw=1, d=3, oph=2, opw=1)
    check_page(at)
    assert "produces 20 output cells, more than the 9 cells" in texts(at, "markdown")


def test_padding_that_empties_the_output_shows_a_sentence():
    at = open_page(h=2, w=2, kh=2, kw=2, ph=3, pw=3)
    check_page(at)
    assert config(at).problem
    assert "classic" in charts(at)


def test_sidebar_change_updates_the_matrix():
    at = open_page()
    at.sidebar.slider(key="sh").set_value(3).run()
    check_page(at)
    at.sidebar.slider(key="ph").set_value(1).run()
    check_page(at)
