"""Page 6, 'Checkerboard': contribution counts in 2-D and 1-D, the rule, stacked layers, a real image.

Every check reads what the page shows (figure data, sentences) and compares it with the core.
"""

import numpy as np
import pagetest
import pytest
from pagetest import array, config

import core
from ui.settings.presets import PRESETS

PAGE = "checkerboard"


def open_page(**params):
    return pagetest.open_page(PAGE, **params)


def charts(at) -> dict:
    return pagetest.charts(at, PAGE)


def z(spec) -> np.ndarray:
    return array(spec["data"][0]["z"])


def bars(spec) -> np.ndarray:
    return array(spec["data"][0]["y"])


def texts(at, kind="markdown") -> str:
    """Everything shown by elements of a kind, with line breaks and runs of spaces as one space."""
    return " ".join(" ".join(e.value.split()) for e in at.get(kind))


def width_settings(cfg) -> dict:
    """The sidebar's settings along the width, for a one-row input."""
    s = cfg.settings
    p = s["padding"]
    sides = p[1] if isinstance(p[0], tuple) else (p[1], p[1])
    return dict(stride=(1, s["stride"][1]), padding=((0, 0), sides), output_padding=(0, s["output_padding"][1]),
                dilation=(1, s["dilation"][1]))


def check_page(at):
    """The counts on screen are the core's; the rule and the image are always there."""
    assert not at.exception
    cfg = config(at)
    shown = charts(at)
    if cfg.problem:
        assert "cannot produce an output" in texts(at, "info")
        assert "counts" not in shown and "stack_1" not in shown
    else:
        expected = core.contribution_count(cfg.input_size, cfg.kernel_size, **cfg.settings)
        np.testing.assert_array_equal(z(shown["counts"]), expected)
        row = core.contribution_count((1, cfg.input_size[1]), (1, cfg.kernel_size[1]), **width_settings(cfg))
        np.testing.assert_array_equal(bars(shown["profile"]), row[0])
        # each cell of the map is a height count times a width count
        assert expected.max() <= bars(shown["profile"]).max() * expected.shape[0] * cfg.kernel_size[0]
        # one colour scale for the map and the row: a count has one colour on the page (the bars once
        # ran to the row's most, 2, while the map ran to 4, so a 2 was yellow in one and green in the other)
        marker, scale = shown["profile"]["data"][0]["marker"], shown["counts"]["grid"]["scale"]
        assert (marker["cmin"], marker["cmax"]) == (scale["zmin"], scale["zmax"]) == (0, max(expected.max(), 1))
        assert "stack_1" in shown
    for k in (3, 4):
        np.testing.assert_array_equal(z(shown[f"rule_counts_k{k}"]), core.contribution_count((4, 4), (k, k), 2))
    assert z(shown["image_input"]).shape == (32, 32)
    for i in range(3):
        assert z(shown[f"image_{i}"]).shape == (64, 64)
        assert z(shown[f"image_counts_{i}"]).shape == (64, 64)


def test_defaults_count_contributions_and_state_the_rule():
    at = open_page()
    check_page(at)
    shown = charts(at)
    np.testing.assert_array_equal(bars(shown["profile"]), [1, 1, 2, 1, 2, 1, 1])
    # the bars carry their numbers
    assert shown["profile"]["data"][0]["text"] == ["1", "1", "2", "1", "2", "1", "1"]
    prose = texts(at)
    assert ("Along the height and the width, kernel 3 is not a multiple of stride 2: interior counts "
            "alternate between 1 and 2") in prose
    assert "The cells of the 7x7 map receive from 1 to 4 contributions." in prose
    assert ("Away from the borders (rows 2 to 4, columns 2 to 4), cells receive from 1 to 4 contributions: the "
            "most covered get 4 times as many products as the least.") in " ".join(prose.split())


def test_rule_side_by_side_kernel_3_and_4_with_stride_2():
    at = open_page()
    shown = charts(at)
    np.testing.assert_array_equal(bars(shown["rule_profile_k3"]),
                                  core.contribution_count((1, 4), (1, 3), stride=(1, 2))[0])
    np.testing.assert_array_equal(bars(shown["rule_profile_k4"]),
                                  core.contribution_count((1, 4), (1, 4), stride=(1, 2))[0])
    prose = texts(at)
    assert "Here, kernel 3 is not a multiple of stride 2: interior counts alternate between 1 and 2" in prose
    assert ("Here, kernel 4 is a multiple of stride 2: far from the borders, every cell receives 2 contributions "
            "along each axis, and the map multiplies the two axes: 2 × 2 = 4 contributions") in prose


def test_rule_sentence_follows_the_sidebar():
    at = open_page(kh=4, kw=4)
    check_page(at)
    said = ("Along the height and the width, kernel 4 is a multiple of stride 2: far from the borders, every cell "
            "receives 2 contributions along each axis, and the map multiplies the two axes: 2 × 2 = 4 contributions, "
            "so the overlap is even.")
    assert said in texts(at)
    at = open_page(kh=3, kw=4, sh=2, sw=3)
    check_page(at)
    prose = texts(at)
    assert "Along the height, kernel 3 is not a multiple of stride 2" in prose
    assert "Along the width, kernel 4 is not a multiple of stride 3: interior counts repeat" in prose


def test_kernel_smaller_than_stride_leaves_holes():
    at = open_page(kh=1, kw=1, sh=2, sw=2)
    check_page(at)
    assert "kernel 1 is smaller than stride 2: the stamps do not even touch" in texts(at)
    assert "alternate between 0 and 1" in texts(at)


def test_dilation_is_part_of_the_rule():
    at = open_page(kh=3, kw=3, sh=2, sw=2, d=2)
    check_page(at)
    prose = texts(at)
    assert "the taps of kernel 3 sit 2 cells apart (dilation 2)" in prose
    assert "interior counts alternate between 0 and 3" in prose


def test_stacked_layers_follow_the_layer_slider():
    at = open_page()
    cfg = config(at)
    layer = dict(kernel_size=cfg.kernel_size, **cfg.settings)
    for layers in (3, 1, 2):
        at.slider(key="checkerboard_layers").set_value(layers).run()
        assert not at.exception
        shown = charts(at)
        stacked = [k for k in shown if k.startswith("stack_")]
        assert len(stacked) == layers
        maps = core.contribution_count_stack(cfg.input_size, [layer] * layers)
        for n, counts in enumerate(maps, start=1):
            corner = z(shown[f"stack_{n}"])
            np.testing.assert_array_equal(corner, counts[:corner.shape[0], :corner.shape[1]])
        captions = texts(at, "caption")
        assert f"Layer {layers}: a {maps[-1].shape[0]}x{maps[-1].shape[1]} output" in captions
        assert f"from {maps[-1].min()} to {maps[-1].max()} contributions per cell" in captions


def test_image_upsampled_three_ways_and_kernel_4_removes_the_grid():
    at = open_page()
    check_page(at)
    padding, output_padding = core.keras_to_torch_padding(3, 2, "same")
    expected = core.contribution_count((32, 32), (3, 3), stride=2, padding=padding, output_padding=output_padding)
    np.testing.assert_array_equal(z(charts(at)["image_counts_0"]), expected)
    assert "interior counts range from 1 to 4, so a fine grid covers" in texts(at)
    at.radio(key="checkerboard_kernel").set_value(4).run()
    check_page(at)
    shown = charts(at)
    counts = z(shown["image_counts_0"])
    assert len(np.unique(counts[2:-2, 2:-2])) == 1
    assert "every interior cell of the transposed convolution receives 4 contributions" in texts(at)
    # resize-then-convolve and pixel shuffle are even inside whatever the kernel
    for i in (1, 2):
        assert len(np.unique(z(shown[f"image_counts_{i}"])[2:-2, 2:-2])) == 1
    # the k=4 picture is smoother: neighbouring pixels differ less than with k=3
    smooth = np.abs(np.diff(z(shown["image_0"]), axis=1)).mean()
    at.radio(key="checkerboard_kernel").set_value(3).run()
    rough = np.abs(np.diff(z(charts(at)["image_0"]), axis=1)).mean()
    assert rough > 2 * smooth


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset(name):
    at = open_page()
    at.sidebar.selectbox(key="preset").set_value(name).run()
    check_page(at)


def test_largest_settings():
    at = open_page(h=8, w=8, kh=7, kw=7, sh=4, sw=4, d=3)
    check_page(at)
    at.slider(key="checkerboard_layers").set_value(3).run()
    assert not at.exception
    shown = charts(at)
    assert z(shown["stack_3"]).shape == (40, 40)
    assert all(len(e.proto.spec) < 300_000 for e in at.get("plotly_chart"))


@pytest.mark.parametrize("convention", ["Keras 'valid'", "Keras 'same'"])
def test_keras_conventions(convention):
    at = open_page(h=3, w=4, kh=3, kw=4, sh=2, sw=3, convention=convention)
    check_page(at)


def test_padding_that_empties_the_output_shows_a_sentence():
    at = open_page(h=2, w=2, kh=2, kw=2, ph=3, pw=3)
    check_page(at)
    assert config(at).problem
    assert "Stacking needs settings that produce an output" in texts(at, "info")


def test_layers_that_cannot_stack_are_explained_not_raised():
    # One layer of this setting gives a 1x1 output; a second layer crops below one cell.
    at = open_page(ph=3)
    assert not at.exception
    assert config(at).problem is None
    messages = [i.value for i in at.info]
    assert any("2 layers cannot be stacked" in m and "Layer 2:" in m for m in messages)



def test_the_words_match_the_two_dimensional_map():
    """The page once said "every interior output cell receives 2 contributions" under a map whose interior
    read 4, "from 1 to 1 contributions", and claimed a flat interior for kernel 6 on a 3x3 input, whose
    output is too small to have one."""
    at = open_page(h=4, w=4, kh=4, kw=4, sh=2, sw=2)
    prose = " ".join(texts(at).split())
    counts = core.contribution_count((4, 4), (4, 4), stride=2)
    (r0, r1), (c0, c1) = core.interior((4, 4), (4, 4), stride=2)
    assert np.all(counts[r0:r1, c0:c1] == 4)
    assert "every cell receives 4 contributions: the overlap is even" in prose
    at = open_page(h=3, w=3, kh=1, kw=1, sh=1, sw=1)
    prose = " ".join(texts(at).split())
    assert "Every cell of the 3x3 map receives 1 contribution." in prose and "from 1 to 1" not in prose
    at = open_page(h=3, w=3, kh=6, kw=6, sh=1, sw=1)
    prose = " ".join(texts(at).split())
    assert core.interior((3, 3), (6, 6)) is None
    assert "This output is too small to have an interior" in prose and "Away from the borders (rows" not in prose
    at = open_page(h=4, w=4, kh=1, kw=1, sh=2, sw=2)  # bed of nails: holes inside
    assert "cells receive from 0 to 1: some get no product at all" in " ".join(texts(at).split())


def test_border_interior_and_colour_bar_words_follow_the_map():
    """Kernel 2, stride 2: "every cell gets 1 contribution" beside "cells near the border can receive fewer"
    and a colour bar reading "1 contributions"; kernel 1: an "interior" that was the whole map; the kernel-4
    caption said "2 contributions along this axis" beside a map of 4s without saying the map multiplies the axes."""
    at = open_page(h=6, w=6, kh=2, kw=2, sh=2, sw=2)
    prose = " ".join(texts(at).split())
    assert "Every cell of the 12x12 map receives 1 contribution." in prose
    assert "can receive fewer" not in prose and "receive fewer" not in prose
    legend = pagetest.drawn_grids(at)["checkerboard_counts"]["grid"]["legend"]
    assert f"{legend['hi']} {legend['word']}" == "1 contribution"
    at = open_page(h=4, w=4, kh=1, kw=1, sh=1, sw=1)
    prose = " ".join(texts(at).split())
    assert "Away from the borders (rows" not in prose and "the interior is the whole map" in prose
    at = open_page(h=6, w=6, kh=4, kw=4, sh=2, sw=2)
    prose = " ".join(texts(at).split())
    assert "Cells near the border receive fewer, as few as 1 contribution" in prose
    assert "Here, kernel 4 is a multiple of stride 2: far from the borders, every cell receives 2 contributions " \
           "along each axis, and the map multiplies the two axes: 2 × 2 = 4 contributions" in prose
    assert "interior counts alternate between 1 and 2 along each axis, and the map multiplies the two axes: " \
           "1, 2 or 4" in prose
