"""The shared sidebar: defaults, presets, the address bar, extremes, settings that cannot work."""

from __future__ import annotations

import re

import numpy as np
import pytest
from pagetest import config, figures, heatmap_z, open_page, open_values, texts

import core
from ui.settings.codec import decode, encode
from ui.settings.presets import PRESETS, SEED_INPUT, SEED_KERNEL


def test_defaults_show_the_cores_output():
    at = open_page("start")
    assert not at.exception
    cfg = config(at)
    assert (cfg.input_size, cfg.kernel_size, cfg.stride, cfg.padding) == ((3, 3), (3, 3), (2, 2), (0, 0))
    np.testing.assert_array_equal(cfg.output(), core.conv_transpose2d(cfg.input, cfg.kernel, stride=2))
    assert "3x3 input, 3x3 kernel, stride 2, padding 0 (PyTorch)" in texts(at)


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_sets_its_configuration(name):
    at = open_page("start")
    at.sidebar.selectbox(key="preset").set_value(name).run()
    assert not at.exception
    cfg = config(at)
    preset = PRESETS[name]
    assert cfg.convention == preset["convention"]
    assert cfg.stride == (preset["sh"], preset["sw"])
    assert cfg.problem is None
    if cfg.is_keras:
        expected = core.keras_conv2d_transpose(cfg.input, cfg.kernel, strides=cfg.stride,
                                               padding=cfg.keras_mode,
                                               output_padding=cfg.keras_output_padding,
                                               dilation_rate=cfg.dilation)
    else:
        assert cfg.padding == (preset["ph"], preset["pw"])
        expected = core.conv_transpose2d(cfg.input, cfg.kernel, stride=cfg.stride, padding=cfg.padding,
                                         output_padding=cfg.output_padding, dilation=cfg.dilation)
    np.testing.assert_allclose(cfg.output(), expected)
    assert at.sidebar.selectbox(key="preset").value == name  # the box shows the preset it applied
    assert f"Preset: {name}" in texts(at)  # and a caption its whole name, which the box may cut
    # The start page draws the output the preset gives.
    np.testing.assert_allclose(heatmap_z(_output(at)), expected)


def _output(at):
    return figures(at)["start_output"]


def test_the_preset_box_shows_the_preset_until_a_setting_it_set_changes():
    name = "Distill: kernel 3, stride 2 (uneven overlap)"
    at = open_page("start")
    box = lambda: at.sidebar.selectbox(key="preset")  # noqa: E731 - the box as this run drew it
    box().set_value(name).run()
    assert box().value == name
    assert (config(at).kernel_size, config(at).stride) == ((3, 3), (2, 2))
    at.sidebar.slider(key="d").set_value(2).run()  # a setting the preset did not leave alone: it set d=1
    assert box().value is None
    assert "Preset:" not in texts(at)
    assert "preset" not in at.query_params
    at.sidebar.slider(key="kh").set_value(5).run()
    box().set_value(name).run()  # the same preset again, applied again
    assert box().value == name
    assert (config(at).kernel_size, config(at).dilation) == ((3, 3), 1)
    at.sidebar.toggle(key="proj").set_value(True).run()  # not a setting of the preset's: the box keeps it
    assert box().value == name


def test_the_preset_box_forgets_a_preset_whose_typed_values_were_edited():
    name = "Worked example: 2x2 by 2x2, Keras 'valid'"
    at = open_page("start")
    at.sidebar.selectbox(key="preset").set_value(name).run()
    assert at.sidebar.selectbox(key="preset").value == name
    open_values(at)
    at.sidebar.selectbox(key="fill").set_value("ones").run()
    assert at.sidebar.selectbox(key="preset").value is None
    at.sidebar.selectbox(key="preset").set_value(name).run()
    assert config(at).output().tolist() == [[55, 162, 104], [167, 323, 152], [114, 157, 50]]


def test_worked_example_presets_give_the_known_numbers():
    at = open_page("start")
    at.sidebar.selectbox(key="preset").set_value("Worked example: 2x2 by 2x2, Keras 'valid'").run()
    assert config(at).output().tolist() == [[55, 162, 104], [167, 323, 152], [114, 157, 50]]
    at.sidebar.selectbox(key="preset").set_value("Worked example: 2x2 by 2x2, Keras 'same'").run()
    assert config(at).output().tolist() == [[55, 162], [167, 323]]
    at.sidebar.selectbox(key="preset").set_value("Bed of nails: 3x3, 1x1 ones kernel, stride 2 (PyTorch: 5x5)").run()
    assert config(at).output_size == (5, 5)
    at.sidebar.selectbox(key="preset").set_value(
        "Bed of nails: 3x3, 1x1 ones kernel, stride 2 (Keras 'valid': 6x6)").run()
    assert config(at).output_size == (6, 6)


def test_guide_presets_restore_the_direct_convolutions_input_size():
    at = open_page("start")
    for name in PRESETS:
        if not name.startswith("Conv guide"):
            continue
        at.sidebar.selectbox(key="preset").set_value(name).run()
        i = int(name.split("i=")[1].split(",")[0])
        assert config(at).output_size == (i, i), name


def test_the_address_reopens_a_configuration():
    at = open_page("start", h=5, w=2, kh=2, kw=4, sh=3, sw=1, d=1, ph=1, pw=0, oph="2", opw="0")
    cfg = config(at)
    assert (cfg.input_size, cfg.kernel_size, cfg.stride, cfg.padding, cfg.output_padding) == (
        (5, 2), (2, 4), (3, 1), (1, 0), (2, 0))
    at = open_page("start", convention="Keras 'same'", h=3, w=3, kh=3, kw=3, sh=2, sw=2)
    cfg = config(at)
    assert cfg.convention == "keras-same" and cfg.output_size == (6, 6)


def test_typed_values_travel_in_the_address():
    at = open_page("start", fill="typed by hand", h=2, w=2, kh=2, kw=2, x=encode(SEED_INPUT), k=encode(SEED_KERNEL),
                   sh=1, sw=1, convention="Keras 'valid'")
    cfg = config(at)
    assert np.array_equal(cfg.input, SEED_INPUT) and np.array_equal(cfg.kernel, SEED_KERNEL)
    assert cfg.output().tolist() == [[55, 162, 104], [167, 323, 152], [114, 157, 50]]
    assert at.query_params["x"] in ("55,52;57,50", ["55,52;57,50"])


@pytest.mark.parametrize("bad", ["1,2;3", "a,b;c,d", "", "nan,1;1,1", "1e300,1;1,1", ";".join(["1"] * 20)])
def test_garbage_values_in_the_address_are_explained(bad):
    at = open_page("start", fill="typed by hand", x=bad, k="1,2;3,4")
    assert not at.exception
    warning = " ".join(w.value for w in at.sidebar.get("warning") if hasattr(w, "value"))
    warning += " ".join(str(e.value) for e in at.get("warning"))
    assert "The input in the address" in warning and "Showing small integers instead." in warning
    assert config(at).problem is None


def test_out_of_range_and_unknown_parameters_fall_back_to_defaults():
    at = open_page("start", h=99, sh="x", d=-1, bogus="1", convention="TensorFlow")
    assert not at.exception
    cfg = config(at)
    assert cfg.input_size[0] == 3 and cfg.stride[0] == 2 and cfg.dilation == 1 and cfg.convention == "pytorch"


def test_extremes_work():
    at = open_page("start", h=8, w=8, kh=7, kw=7, sh=4, sw=4, d=3, oph="3", opw="3", ph=6, pw=6)
    assert not at.exception
    cfg = config(at)
    assert cfg.output_size == core.output_size(8, 7, 4, 6, 3, 3)
    np.testing.assert_allclose(heatmap_z(_output(at)), cfg.output())


def test_a_setting_that_cannot_work_is_explained_in_the_sidebar():
    at = open_page("start", h=1, w=1, kh=1, kw=1, sh=1, sw=1, ph=3)
    assert not at.exception
    errors = [e.value for e in at.sidebar.get("error")]
    assert errors and "output height of -5" in errors[0] and "padding of at most 0" in errors[0]
    assert "cannot produce an output" in texts(at)
    # The other settings are kept.
    cfg = config(at)
    assert (cfg.input_size, cfg.kernel_size, cfg.stride) == ((1, 1), (1, 1), (1, 1))


def test_keras_refuses_stride_with_dilation_and_says_so():
    at = open_page("start", convention="Keras 'valid'", sh=2, d=2)
    assert not at.exception
    errors = " ".join(e.value for e in at.sidebar.get("error"))
    assert "Keras does not combine strides > 1 with dilation_rate > 1" in errors


def test_output_padding_offers_only_valid_values():
    at = open_page("start", sh=1, sw=3, d=1)
    assert at.sidebar.selectbox(key="oph").options == ["0"]
    assert at.sidebar.selectbox(key="opw").options == ["0", "1", "2"]
    at.sidebar.selectbox(key="opw").set_value("2").run()
    at.sidebar.slider(key="sw").set_value(1).run()
    assert not at.exception
    assert config(at).output_padding == (0, 0)
    at = open_page("start", convention="Keras 'same'", sh=2, sw=2)
    assert at.sidebar.selectbox(key="oph").options == ["auto", "0", "1"]


def test_url_form_round_trips():
    values = ((1.0, -2.5), (0.125, 3.0))
    assert decode(encode(values), "input", 8) == values
    with pytest.raises(ValueError, match="different lengths"):
        decode("1,2;3", "input", 8)


def test_the_value_editors_count_rows_and_columns_from_0_like_every_grid():
    """The sidebar's editors once numbered rows and columns from 1 while every grid and the practice page
    counted from 0."""
    at = open_page("start", h=2, w=3)
    # Closed, the Values expander draws no editor (they would be re-sent on every rerun); open, both.
    assert not at.sidebar.get("data_editor")
    at.session_state["values_open"] = True
    at.run()
    editors = at.sidebar.get("data_editor")
    frame = editors[0].value
    assert list(frame.columns) == ["0", "1", "2"] and list(frame.index) == ["0", "1"]
    assert list(editors[1].value.columns) == ["0", "1", "2"]


LOCAL_SETTINGS = [  # (page, widget kind, key, a value other than its default)
    ("upsampling", "slider", "upsampling_scale", 3), ("upsampling", "toggle", "upsampling_align", True),
    ("upsampling", "radio", "upsampling_unpool_from", "pooled"), ("scatter", "radio", "scatter_mode", "product"),
    ("channels", "selectbox", "channels_channel", 2), ("checkerboard", "slider", "checkerboard_layers", 3),
    ("checkerboard", "radio", "checkerboard_kernel", 4), ("designer", "radio", "designer_framework", "keras"),
    ("designer", "number_input", "designer_input_h", 5), ("designer", "toggle", "designer_conv_per_axis", True),
    ("practice", "radio", "practice_kind", "shape"), ("practice", "toggle", "practice_use_sidebar", True),
    ("learning", "slider", "learn_steps", 500), ("scatter", "number_input", "scatter_out_row", 2),
]


@pytest.mark.parametrize("page, kind, key, value", LOCAL_SETTINGS, ids=[c[2] for c in LOCAL_SETTINGS])
def test_a_pages_own_setting_survives_a_visit_to_another_page(page, kind, key, value):
    at = open_page(page)
    assert getattr(at, kind)(key=key).value != value
    getattr(at, kind)(key=key).set_value(value).run()
    assert getattr(at, kind)(key=key).value == value
    for where in ("start", page):
        at.session_state["_test_page"] = where
        at.run()
    assert not at.exception
    assert getattr(at, kind)(key=key).value == value


@pytest.mark.parametrize("typed, reason", [
    ("1e30", "`1e30` is outside -1,000,000 to 1,000,000"), ("1000001", "`1000001` is outside"),
    ("1,5", "`1,5` is not a number the page reads"), ("0x10", "`0x10` is not a number"),
    ("Infinity", "`Infinity` is not a number"), ("nan", "`nan` is not a number"), ("", "left empty"),
    ("[x](http://evil.example)", "`[x](http://evil.example)` is not a number"),
])
def test_a_typed_value_the_page_cannot_read_is_refused_with_its_reason(typed, reason):
    from ui.settings.values import read_value
    with pytest.raises(ValueError, match=re.escape(reason)):
        read_value(typed)


@pytest.mark.parametrize("typed, value", [("3", 3.0), ("-0.5", -0.5), (" 2 ", 2.0), ("1e3", 1000.0), (".5", 0.5),
                                          ("+4", 4.0), ("-1000000", -1e6)])
def test_a_typed_number_is_read_as_written(typed, value):
    from ui.settings.values import read_value
    assert read_value(typed) == value
