"""Page 6: channels and groups. What the page shows is the core's: layouts, slices, connections, sums, adjoint."""

import re

import numpy as np
import pytest
from pagetest import array, config, drawn_grids, open_page, player_frames, players, texts

import core
from ui.words import number

PAGE = "channels"


def tensors(c_in, c_out, groups, cfg, seed=0):
    """The page's values: small integers from the seed (input 0..3, weight -1..2, bias -2..2)."""
    shape = core.weight_layouts(c_in, c_out, groups, *cfg.kernel_size).conv_transpose2d
    return (core.small_integers((c_in, *cfg.input_size), seed, 0), core.small_integers(shape, seed, 1, -1, 2),
            core.small_integers((c_out,), seed, 2, -2, 2))


def choose(at, c_in=None, c_out=None, groups=None, channel=None, bias=None):
    for key, value in (("channels_in", c_in), ("channels_out", c_out)):
        if value is not None:
            at.number_input(key=key).set_value(value).run()
    if groups is not None:
        at.radio(key="channels_groups").set_value(groups).run()
    if bias is not None:
        at.toggle(key="channels_bias").set_value(bias).run()
    if channel is not None:
        at.selectbox(key="channels_channel").set_value(channel).run()
    assert not at.exception
    return at


def check_page(at, c_in, c_out, groups, channel=0, bias=True, seed=0):
    """Every grid, frame and number on the page against the core."""
    cfg = config(at)
    x, w, b = tensors(c_in, c_out, groups, cfg, seed)
    b = b if bias else None
    shown, said = drawn_grids(at), texts(at)
    shapes = core.weight_layouts(c_in, c_out, groups, *cfg.kernel_size)
    assert f"keeps its\nweight as **{shapes.conv_transpose2d}**" in said
    assert f"keeps **{shapes.conv2d}**" in said and f"**{shapes.adjoint}**" in said
    slices = core.kernel_slices(c_in, c_out, groups)
    for s in slices:
        grid = shown[f"{PAGE}_w_{s.index[0]}_{s.index[1]}"]
        assert grid["layout"]["title"]["text"].startswith(f"W[{s.index[0]}, {s.index[1]}]")
        np.testing.assert_array_equal(array(grid["data"][0]["z"]), w[s.index])
    assert len([k for k in shown if k.startswith(f"{PAGE}_w_")]) == len(slices) == w.shape[0] * w.shape[1]
    np.testing.assert_array_equal(array(shown[f"{PAGE}_connections"]["data"][0]["z"]),
                                  core.connections(c_in, c_out, groups))
    if cfg.problem:
        return cfg
    # The player: one frame per input channel of the group, then the bias; the last frame is the layer's output.
    out = core.conv_transpose2d(x, w, b, groups=groups, **cfg.settings)
    mine = core.channel_contributions(x, w, groups, b, **cfg.settings)[channel]
    frames = player_frames(players(at)[f"{PAGE}_player"])
    assert len(frames) == len(mine.slices) + bool(bias)
    for frame, s, part, total in zip(frames, mine.slices, mine.partials, np.cumsum(mine.partials, axis=0)):
        z = frame["values"]
        np.testing.assert_array_equal(z[0], x[s.input_channel])
        np.testing.assert_array_equal(z[1], w[s.index])
        np.testing.assert_array_equal(z[2], part)
        np.testing.assert_allclose(z[3], total)
        term = f"conv_transpose2d(x[{s.input_channel}], W[{s.index[0]}, {s.index[1]}])"
        assert term in frame["caption"]
    np.testing.assert_allclose(frames[-1]["values"][3], out[channel])
    if bias:
        np.testing.assert_array_equal(frames[-1]["values"][2], np.full(out.shape[1:], b[channel]))
        assert f"+ bias[{channel}] ({number(b[channel])})" in said
    assert f"output channel {channel} of the whole layer" in said and "largest difference 0." in said
    # The adjoint identity: both numbers and their difference, from the core.
    probe = core.small_integers(out.shape, seed, salt=3)
    check = core.adjoint_check(probe, x, w, groups, **cfg.settings)
    assert f"⟨conv2d(x, W), y⟩ = **{number(check.conv)}**" in said
    assert f"⟨x, conv_transpose2d(y, W)⟩ = **{number(check.transposed)}**" in said
    assert f"transposed layer's output, {tuple(out.shape)}" in said
    return cfg


def test_defaults_show_the_core_numbers():
    at = open_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Channels and groups"
    check_page(at, 2, 4, 1)
    said = texts(at)
    assert "**(3, 3, 4, 2)**" in said  # Keras's kernel (kH, kW, C_out, C_in)
    assert "difference: **0**" in said
    assert [r.value for r in at.radio if r.key == "channels_groups"] == [1]
    assert at.radio(key="channels_groups").options == ["1", "2"]


def test_groups_make_independent_blocks():
    at = choose(open_page(PAGE), c_in=4, c_out=2, groups=2, channel=1)
    cfg = check_page(at, 4, 2, 2, channel=1)
    mask = array(drawn_grids(at)[f"{PAGE}_connections"]["data"][0]["z"])
    np.testing.assert_array_equal(mask, [[1, 1, 0, 0], [0, 0, 1, 1]])
    said = texts(at)
    assert "has no `groups` argument" in said and "**(3, 3," not in said
    assert "**out 1** sums x[2] through W[2, 0] and x[3] through W[3, 0]." in said
    assert "groups of 2 and the output\nchannels into 2 groups of 1" in said
    assert cfg.kernel_size == (3, 3)


def test_an_impossible_group_cannot_be_chosen():
    at = choose(open_page(PAGE), c_in=4, c_out=4, groups=4)
    assert at.radio(key="channels_groups").options == ["1", "2", "4"]
    choose(at, c_out=3)
    assert at.radio(key="channels_groups").options == ["1"]
    assert at.radio(key="channels_groups").value == 1
    check_page(at, 4, 3, 1)


def test_bias_off_another_seed_and_the_last_channel():
    at = choose(open_page(PAGE), c_in=3, c_out=3, channel=2, bias=False)
    at.number_input(key="channels_seed").set_value(5).run()
    check_page(at, 3, 3, 1, channel=2, bias=False, seed=5)
    assert "Bias is off" in texts(at)


@pytest.mark.parametrize("convention", ["Keras 'valid'", "Keras 'same'"])
def test_keras_conventions_add_up_to_keras(convention):
    at = open_page(PAGE, convention=convention, h=3, w=2, kh=2, kw=3, sh=2, sw=3)
    assert not at.exception
    cfg = check_page(at, 2, 4, 1)
    assert cfg.is_keras
    x, w, b = tensors(2, 4, 1, cfg)
    keras = core.keras_conv2d_transpose(x.transpose(1, 2, 0), w.transpose(2, 3, 1, 0), b, strides=cfg.stride,
                                        padding=cfg.keras_mode).transpose(2, 0, 1)
    frames = player_frames(players(at)[f"{PAGE}_player"])
    np.testing.assert_allclose(frames[-1]["values"][3], keras[0])


def test_settings_that_cannot_work_show_a_sentence_not_a_traceback():
    at = open_page(PAGE, h=1, w=1, kh=1, kw=1, sh=1, sw=1, ph=2, pw=2)
    assert not at.exception
    assert config(at).problem
    said = texts(at)
    assert "The sidebar's settings give no output" in said
    assert "Sections 3 and 4 need an output" in said
    assert not at.get("plotly_chart")
    check_page(at, 2, 4, 1)  # the layout and the connections still follow the core
    choose(at, c_in=2, c_out=2, groups=2)
    check_page(at, 2, 2, 2)


def test_the_page_settings_travel_in_the_address():
    at = open_page("channels", channels_in=4, channels_out=2, channels_groups=2, channels_seed=7, channels_bias="off")
    assert not at.exception
    assert (at.session_state["channels_in"], at.session_state["channels_out"], at.session_state["channels_groups"],
            at.session_state["channels_seed"], at.session_state["channels_bias"]) == (4, 2, 2, 7, False)
    query = {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert query == {"channels_in": "4", "channels_out": "2", "channels_groups": "2", "channels_seed": "7",
                     "channels_bias": "off"}
    at = open_page("channels", channels_bias="maybe", channels_in=513)
    assert not at.exception
    warning = "\n".join(str(w.value) for w in at.sidebar.get("warning"))
    assert "bias `maybe` is neither 'on' nor 'off'" in warning and "number of input channels `513`" in warning


SHAPES = re.compile(r"`ConvTranspose2d\((\d+), (\d+), kernel_size=\((\d+), (\d+)\), groups=(\d+)\)` keeps its\s+"
                    r"weight as \*\*\(([\d, ]+)\)\*\*")


def shown_layer(said):
    """The layer the shapes sentence names, and the weight shape it gives for it."""
    found = SHAPES.search(said)
    assert found, "the page names no ConvTranspose2d weight shape"
    c_in, c_out, kh, kw, groups = (int(v) for v in found.groups()[:5])
    return (c_in, c_out, kh, kw, groups), tuple(int(v) for v in found.group(6).split(","))


def test_a_layer_from_issue_25_shows_pytorchs_weight_shape(torch):
    """ConvTranspose2d(3, 6, 4, groups=3): the page's shape is PyTorch's, (3, 2, 4, 4)."""
    at = open_page(PAGE, channels_in=3, channels_out=6, channels_groups=3, kh=4, kw=4)
    assert not at.exception
    layer, shape = shown_layer(texts(at))
    assert layer == (3, 6, 4, 4, 3)
    assert shape == tuple(torch.nn.ConvTranspose2d(3, 6, 4, groups=3).weight.shape) == (3, 2, 4, 4)
    check_page(at, 3, 6, 3)  # 18 kernel slices: still small enough to draw


@pytest.mark.parametrize("groups", [1, 64])
def test_256_channels_show_the_shapes_and_no_grids(torch, groups):
    at = open_page(PAGE, channels_in=256, channels_out=256, channels_groups=groups, kh=3, kw=3)
    assert not at.exception
    said = texts(at)
    layer, shape = shown_layer(said)
    assert layer == (256, 256, 3, 3, groups)
    made = torch.nn.ConvTranspose2d(256, 256, 3, groups=groups)
    assert shape == tuple(made.weight.shape)
    assert f"**{sum(p.numel() for p in made.parameters())} parameters**" in said
    assert not [k for k in drawn_grids(at) if k.startswith(f"{PAGE}_w_")] and f"{PAGE}_player" not in players(at)
    assert "drawn for up to" in said


def test_many_groups_are_a_list_and_a_table_and_a_box_out_of_range_says_so():
    at = open_page(PAGE, channels_in=256, channels_out=128, channels_groups=64)
    assert not at.exception
    assert at.selectbox(key="channels_groups").value == 64
    assert at.selectbox(key="channels_groups").options == [str(g) for g in core.group_choices(256, 128)]
    table = at.dataframe[0].value
    assert len(table) == 64 and list(table.iloc[1]) == [1, "4 to 7", "2 to 3"]  # core.channel_groups' ranges
    at.number_input(key="channels_in").set_value(600).run()
    assert not at.exception
    assert "outside what this box takes, 1 to 512" in texts(at)
