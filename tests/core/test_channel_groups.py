"""core.channels against PyTorch (and Keras): weight layouts, per-channel contributions, the adjoint identity."""

from __future__ import annotations

import numpy as np
import pytest
from _support import assert_close, assert_sentence, rng_array, seeds
from hypothesis import given, settings
from hypothesis import strategies as st
from test_gradients import transposed_cases

import core


def layers():
    """Valid layers with channels and groups (a common divisor), sizes and settings: the gradients' cases."""
    def layer(case):
        return dict(c_in=case["c_in"], c_out=case["cg_out"] * case["g"], g=case["g"], size=case["size"],
                    kernel=case["kernel"], settings={k: case[k] for k in ("stride", "padding", "output_padding",
                                                                          "dilation")})
    return transposed_cases().map(layer)


def tensors(case, seed):
    x = rng_array(seed, (case["c_in"], *case["size"]))
    w = rng_array(seed + 1, (case["c_in"], case["c_out"] // case["g"], *case["kernel"]))
    b = rng_array(seed + 2, (case["c_out"],))
    return x, w, b


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(1, 3))
def test_weight_layouts_are_pytorchs_shapes(torch, c_in, c_out, g, kh, kw):
    if g not in core.group_choices(c_in, c_out):
        with pytest.raises(ValueError, match="common divisor") as info:
            core.weight_layouts(c_in, c_out, g, kh, kw)
        assert_sentence(str(info.value), "groups")
        return
    shapes = core.weight_layouts(c_in, c_out, g, kh, kw)
    assert shapes.conv_transpose2d == tuple(torch.nn.ConvTranspose2d(c_in, c_out, (kh, kw), groups=g).weight.shape)
    assert shapes.conv2d == tuple(torch.nn.Conv2d(c_in, c_out, (kh, kw), groups=g).weight.shape)
    # The transposed layer's weight has the shape of the convolution it transposes: Conv2d(C_out, C_in).
    assert shapes.adjoint == tuple(torch.nn.Conv2d(c_out, c_in, (kh, kw), groups=g).weight.shape)
    assert shapes.adjoint == shapes.conv_transpose2d
    assert (shapes.keras is None) == (g > 1)


@st.composite
def wide_layers(draw):
    """Channels up to the page's 512, groups a common divisor of both, kernels up to 9."""
    c_in, c_out = draw(st.integers(1, 512)), draw(st.integers(1, 512))
    groups = draw(st.sampled_from(core.group_choices(c_in, c_out)))
    return c_in, c_out, groups, draw(st.integers(1, 9)), draw(st.integers(1, 9))


@settings(max_examples=40, deadline=None)
@given(wide_layers(), st.booleans())
def test_wide_layers_shapes_and_parameters_are_pytorchs(torch, layer, bias):
    c_in, c_out, g, kh, kw = layer
    shapes = core.weight_layouts(c_in, c_out, g, kh, kw)
    with torch.device("meta"):  # shapes only: no memory for a 512 x 512 x 9 x 9 weight
        transposed = torch.nn.ConvTranspose2d(c_in, c_out, (kh, kw), groups=g, bias=bias)
        ordinary = torch.nn.Conv2d(c_in, c_out, (kh, kw), groups=g)
    assert shapes.conv_transpose2d == tuple(transposed.weight.shape) == (c_in, c_out // g, kh, kw)
    assert shapes.conv2d == tuple(ordinary.weight.shape)
    assert core.parameter_count(c_in, c_out, g, kh, kw, bias) == sum(p.numel() for p in transposed.parameters())
    # Which input channels feed which output channels: group k's ranges are PyTorch's split of both axes.
    ins, outs = torch.arange(c_in).chunk(g), torch.arange(c_out).chunk(g)
    assert [(list(k.inputs), list(k.outputs)) for k in core.channel_groups(c_in, c_out, g)] == [
        (a.tolist(), b.tolist()) for a, b in zip(ins, outs)]


def test_groups_ranges_are_the_connections():
    for c_in, c_out, g in [(3, 6, 3), (4, 2, 2), (4, 4, 1), (6, 4, 2)]:
        mask = np.zeros((c_out, c_in))
        for k in core.channel_groups(c_in, c_out, g):
            mask[k.outputs.start:k.outputs.stop, k.inputs.start:k.inputs.stop] = 1
        np.testing.assert_array_equal(mask, core.connections(c_in, c_out, g))


@pytest.mark.parametrize("c_in, c_out, kernel, bias", [(3, 6, (4, 4), True), (256, 256, (3, 3), False),
                                                       (1, 512, (2, 5), True)])
def test_keras_kernel_and_parameters_for_any_channels(keras, c_in, c_out, kernel, bias):
    layer = keras.layers.Conv2DTranspose(c_out, kernel, use_bias=bias)
    layer.build((None, 5, 5, c_in))
    assert core.weight_layouts(c_in, c_out, 1, *kernel).keras == tuple(layer.kernel.shape)
    assert core.parameter_count(c_in, c_out, 1, *kernel, bias) == layer.count_params()


def test_group_choices_are_the_common_divisors_torch_accepts(torch):
    for c_in in range(1, 5):
        for c_out in range(1, 5):
            accepted = []
            for g in range(1, 5):
                try:
                    torch.nn.ConvTranspose2d(c_in, c_out, 2, groups=g)
                except ValueError:
                    continue
                accepted.append(g)
            assert core.group_choices(c_in, c_out) == accepted


def test_keras_kernel_layout_is_keras(keras):
    layer = keras.layers.Conv2DTranspose(3, (2, 4))
    layer.build((None, 5, 5, 2))
    assert core.weight_layouts(2, 3, 1, 2, 4).keras == tuple(layer.kernel.shape)
    assert "groups" not in keras.layers.Conv2DTranspose.__init__.__code__.co_varnames  # why groups > 1 has none


@settings(max_examples=80, deadline=None)
@given(layers(), seeds, st.booleans())
def test_contributions_add_up_to_pytorchs_output(torch, case, seed, with_bias):
    x, w, b = tensors(case, seed)
    b = b if with_bias else None
    s, g = case["settings"], case["g"]
    expected = torch.nn.functional.conv_transpose2d(
        torch.from_numpy(x)[None], torch.from_numpy(w), None if b is None else torch.from_numpy(b), groups=g,
        **s)[0].numpy()
    channels = core.channel_contributions(x, w, g, b, **s)
    assert [c.channel for c in channels] == list(range(case["c_out"]))
    for c in channels:
        # Each partial is one input channel through one kernel slice, as PyTorch computes it alone.
        for sl, part in zip(c.slices, c.partials):
            alone = torch.nn.functional.conv_transpose2d(torch.from_numpy(x[sl.input_channel])[None, None],
                                                         torch.from_numpy(w[sl.index])[None, None], **s)[0, 0]
            assert_close(part, alone.numpy())
            assert sl.output_channel == c.channel and sl.group == c.group
        assert len(c.slices) == case["c_in"] // g  # the input channels of its group, no others
        assert c.bias == (0.0 if b is None else b[c.channel])
        assert_close(c.partials.sum(axis=0) + c.bias, expected[c.channel])
        assert_close(c.output, expected[c.channel])


@settings(max_examples=40, deadline=None)
@given(layers(), seeds)
def test_connections_are_the_weights_that_matter(torch, case, seed):
    """A connection is 0 exactly where changing that input channel leaves that output channel alone."""
    x, w, _ = tensors(case, seed)
    g, s = case["g"], case["settings"]
    mask = core.connections(case["c_in"], case["c_out"], g)

    def layer(a):
        return torch.nn.functional.conv_transpose2d(torch.from_numpy(a)[None], torch.from_numpy(w), groups=g,
                                                    **s)[0].numpy()

    for i in range(case["c_in"]):
        nudged = x.copy()
        nudged[i] += 1.0
        changed = layer(nudged) - layer(x)
        for j in range(case["c_out"]):
            if mask[j, i] == 0:
                assert np.abs(changed[j]).max() == 0
    assert mask.sum() == case["c_in"] * case["c_out"] // g
    assert [(sl.input_channel, sl.output_channel) for sl in core.kernel_slices(case["c_in"], case["c_out"], g)] == [
        (i, j) for i in range(case["c_in"]) for j in range(case["c_out"]) if mask[j, i]]


@settings(max_examples=80, deadline=None)
@given(layers(), seeds)
def test_adjoint_identity_with_the_same_weight(torch, case, seed):
    x_in, w, _ = tensors(case, seed)
    g, s = case["g"], case["settings"]
    out = torch.nn.functional.conv_transpose2d(torch.from_numpy(x_in)[None], torch.from_numpy(w), groups=g, **s)[0]
    probe = rng_array(seed + 3, tuple(out.shape))
    check = core.adjoint_check(probe, x_in, w, g, **s)
    # The transposed side, from PyTorch; the convolution side, PyTorch's conv2d reading the same tensor.
    assert check.transposed == pytest.approx(float((probe * out.numpy()).sum()), rel=1e-9, abs=1e-9)
    conv = torch.nn.functional.conv2d(torch.from_numpy(probe)[None], torch.from_numpy(w), stride=s["stride"],
                                      padding=s["padding"], dilation=s["dilation"], groups=g)[0]
    conv = conv[:, :x_in.shape[1], :x_in.shape[2]].numpy()
    assert check.conv == pytest.approx(float((conv * x_in).sum()), rel=1e-9, abs=1e-9)
    assert check.difference <= 1e-9 * (1 + abs(check.conv))


@pytest.mark.parametrize("mode", ["valid", "same"])
def test_keras_settings_give_keras_outputs(keras, mode):
    """Under a Keras convention, the contributions add up to Keras's Conv2DTranspose with the kernel moved."""
    x, w, b = rng_array(1, (2, 3, 4)), rng_array(2, (2, 3, 3, 2)), rng_array(3, (3,))
    geo = core.geometry((3, 4), (3, 2), (2, 3), mode, None, 1, convention="keras")
    layer = keras.layers.Conv2DTranspose(3, (3, 2), strides=(2, 3), padding=mode)
    layer.build((None, 3, 4, 2))
    layer.set_weights([w.transpose(2, 3, 1, 0), b])  # kernel[:, :, o, i] = W[i, o]
    expected = keras.ops.convert_to_numpy(layer(x.transpose(1, 2, 0)[None]))[0].transpose(2, 0, 1)
    channels = core.channel_contributions(x, w, 1, b, **geo.settings)
    np.testing.assert_allclose(np.stack([c.output for c in channels]), expected, rtol=1e-5, atol=1e-5)  # float32
    probe = rng_array(4, expected.shape)
    assert core.adjoint_check(probe, x, w, 1, **geo.settings).difference < 1e-9


@pytest.mark.parametrize("call, fragment", [
    (lambda: core.weight_layouts(2, 3, 2, 3, 3), "common divisor of 2 and 3"),
    (lambda: core.weight_layouts(0, 3, 1, 3, 3), "at least one channel"),
    (lambda: core.weight_layouts(2, 2, 1, 0, 3), "at least 1"),
    (lambda: core.group_choices(2.5, 3), "whole number"),
    (lambda: core.channel_contributions(np.ones((2, 2)), np.ones((2, 1, 2, 2))), "3 axes (C_in, H, W)"),
    (lambda: core.channel_contributions(np.ones((2, 2, 2)), np.ones((3, 1, 2, 2))), "must equal the input channels"),
    (lambda: core.channel_contributions(np.ones((2, 2, 2)), np.ones((2, 2))), "4 axes"),
    (lambda: core.channel_contributions(np.ones((3, 2, 2)), np.ones((3, 1, 2, 2)), groups=2), "common divisor"),
    (lambda: core.channel_contributions(np.ones((2, 2, 2)), np.ones((2, 1, 2, 2)), bias=[1, 2, 3]), "one value per"),
    (lambda: core.adjoint_check(np.ones((1, 2, 2)), np.ones((2, 2, 2)), np.ones((2, 1, 2, 2))), "output shape"),
    (lambda: core.small_integers((2, 2), -1), "at least 0"),
])
def test_bad_arguments_are_refused_with_a_sentence(call, fragment):
    with pytest.raises(ValueError) as info:
        call()
    assert fragment in str(info.value)
    assert_sentence(str(info.value), "groups", "input", "weight", "bias", "x")


def test_small_integers_repeat_for_a_seed():
    a = core.small_integers((2, 3, 3), 7, salt=1, low=-1, high=2)
    np.testing.assert_array_equal(a, core.small_integers((2, 3, 3), 7, salt=1, low=-1, high=2))
    assert set(np.unique(a)) <= {-1.0, 0.0, 1.0, 2.0}
    assert not np.array_equal(a, core.small_integers((2, 3, 3), 7, salt=2, low=-1, high=2))
