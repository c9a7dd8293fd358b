"""keras_conv2d_transpose and keras_output_size against a real keras.layers.Conv2DTranspose."""

from __future__ import annotations

import numpy as np
import pytest
from _support import assert_close, mostly, pairs, rng_array, seeds
from hypothesis import event, given, settings
from hypothesis import strategies as st

import core

pytestmark = pytest.mark.filterwarnings("ignore")


def _spell(draw, values):
    if values[0] == values[1] and draw(st.booleans()):
        return values[0]
    return tuple(values)


@st.composite
def keras_configs(draw):
    """Valid Keras settings: strides with any kernel size (smaller than the stride too), or
    dilation with strides 1 (Keras forbids both above 1); output_padding None or below strides."""
    kernel = (draw(st.integers(1, 5)), draw(st.integers(1, 5)))
    if draw(st.integers(0, 3)):
        strides, dilation = (draw(st.integers(1, 4)), draw(st.integers(1, 4))), (1, 1)
    else:
        strides, dilation = (1, 1), (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    padding = draw(st.sampled_from(["valid", "same"]))
    if draw(st.booleans()):
        output_padding = None
    else:
        output_padding = _spell(draw, [draw(st.integers(0, s - 1)) for s in strides])
    return dict(
        n=draw(st.integers(1, 2)), size=(draw(st.integers(1, 5)), draw(st.integers(1, 5))),
        c_in=draw(st.integers(1, 3)), filters=draw(st.integers(1, 3)), kernel_size=kernel,
        strides=_spell(draw, strides), padding=padding, output_padding=output_padding,
        dilation_rate=_spell(draw, dilation), use_bias=draw(st.booleans()), seed=draw(seeds))


def _layer(keras, cfg, input_shape):
    layer = keras.layers.Conv2DTranspose(
        cfg["filters"], cfg["kernel_size"], strides=cfg["strides"], padding=cfg["padding"],
        output_padding=cfg["output_padding"], dilation_rate=cfg["dilation_rate"],
        use_bias=cfg["use_bias"], dtype="float64")
    layer.build(input_shape)
    return layer


def _keras_args(cfg):
    return {k: cfg[k] for k in ("strides", "padding", "output_padding", "dilation_rate")}


@settings(max_examples=100)
@given(cfg=keras_configs())
def test_matches_keras_layer(keras, cfg):
    input_shape = (cfg["n"], *cfg["size"], cfg["c_in"])
    layer = _layer(keras, cfg, input_shape)
    keras_shape = tuple(layer.compute_output_shape(input_shape))
    if min(keras_shape[1:3]) < 1:
        # Keras's own formula leaves no output: the core refuses to compute an empty array.
        event("empty output")
        with pytest.raises(ValueError, match="output"):
            core.keras_output_size(cfg["size"], cfg["kernel_size"], **_keras_args(cfg))
        return
    assert core.keras_output_size(cfg["size"], cfg["kernel_size"], **_keras_args(cfg)) == keras_shape[1:3]

    x = rng_array(cfg["seed"], input_shape)
    kernel = rng_array(cfg["seed"] + 1, (*cfg["kernel_size"], cfg["filters"], cfg["c_in"]))
    bias = rng_array(cfg["seed"] + 2, (cfg["filters"],)) if cfg["use_bias"] else None
    layer.set_weights([kernel, bias] if cfg["use_bias"] else [kernel])
    expected = keras.ops.convert_to_numpy(layer(x))
    assert expected.shape == keras_shape

    ours = core.keras_conv2d_transpose(x, kernel, bias, **_keras_args(cfg))
    assert_close(ours, expected)
    # Unbatched (H, W, C_in) form.
    assert_close(core.keras_conv2d_transpose(x[0], kernel, bias, **_keras_args(cfg)), expected[0])


@settings(max_examples=60)
@given(cfg=keras_configs())
def test_teaching_form_matches_keras_layer(keras, cfg):
    """A 2-D input with a 2-D kernel is one channel in, one filter out."""
    cfg = dict(cfg, n=1, c_in=1, filters=1, use_bias=False)
    input_shape = (1, *cfg["size"], 1)
    layer = _layer(keras, cfg, input_shape)
    if min(layer.compute_output_shape(input_shape)[1:3]) < 1:
        return
    x = rng_array(cfg["seed"], cfg["size"])
    kernel = rng_array(cfg["seed"] + 1, cfg["kernel_size"])
    layer.set_weights([kernel[:, :, None, None]])
    expected = keras.ops.convert_to_numpy(layer(x[None, :, :, None]))[0, :, :, 0]
    ours = core.keras_conv2d_transpose(x, kernel, **_keras_args(cfg))
    assert ours.ndim == 2
    assert_close(ours, expected)


@settings(max_examples=60)
@given(cfg=keras_configs())
def test_float32_stays_float32(keras, cfg):
    input_shape = (1, *cfg["size"], cfg["c_in"])
    layer = _layer(keras, dict(cfg, use_bias=False), input_shape)
    if min(layer.compute_output_shape(input_shape)[1:3]) < 1:
        return
    x = rng_array(cfg["seed"], input_shape, np.float32)
    kernel = rng_array(cfg["seed"] + 1, (*cfg["kernel_size"], cfg["filters"], cfg["c_in"]), np.float32)
    layer.set_weights([kernel])
    expected = keras.ops.convert_to_numpy(layer(x.astype(np.float64)))
    ours = core.keras_conv2d_transpose(x, kernel, **_keras_args(cfg))
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-4 * (1 + np.abs(expected).max()))


@st.composite
def any_keras(draw):
    """Keras settings in and out of range (strides or dilation below 1, output_padding negative
    or not below strides, strides > 1 together with dilation_rate > 1)."""
    return dict(
        n=1, size=(draw(st.integers(1, 4)), draw(st.integers(1, 4))), c_in=1, filters=1,
        kernel_size=(draw(st.integers(1, 4)), draw(st.integers(1, 4))),
        strides=mostly(draw, pairs(1, 3), pairs(-1, 3)),
        padding=draw(st.sampled_from(["valid", "same"])),
        output_padding=mostly(draw, st.one_of(st.none(), st.just(0)), pairs(-1, 3)),
        dilation_rate=mostly(draw, st.just(1), pairs(-1, 3)), use_bias=False, seed=draw(seeds))


@settings(max_examples=150)
@given(cfg=any_keras())
def test_rejects_what_keras_rejects(keras, cfg):
    input_shape = (1, *cfg["size"], 1)
    try:
        layer = _layer(keras, cfg, input_shape)
    except ValueError:
        event("Keras rejects")
        with pytest.raises(ValueError):
            core.keras_output_size(cfg["size"], cfg["kernel_size"], **_keras_args(cfg))
        with pytest.raises(ValueError):
            core.keras_conv2d_transpose(np.ones(cfg["size"]), np.ones(cfg["kernel_size"]),
                                        **_keras_args(cfg))
        return
    event("Keras accepts")
    shape = tuple(layer.compute_output_shape(input_shape))[1:3]
    if min(shape) < 1:
        with pytest.raises(ValueError):
            core.keras_output_size(cfg["size"], cfg["kernel_size"], **_keras_args(cfg))
    else:
        # Keras accepts, so the core does too, with the same size.
        assert core.keras_output_size(cfg["size"], cfg["kernel_size"], **_keras_args(cfg)) == shape


def test_keras_to_torch_padding_reproduces_keras(keras):
    """The per-side crops handed to conv_transpose2d give Keras's 'same' (odd cell on top/left)."""
    x = rng_array(7, (1, 5, 4, 2))
    kernel = rng_array(8, (3, 3, 2, 2))
    cfg = dict(filters=2, kernel_size=(3, 3), strides=2, padding="same", output_padding=None,
               dilation_rate=1, use_bias=False)
    layer = _layer(keras, cfg, x.shape)
    layer.set_weights([kernel])
    expected = keras.ops.convert_to_numpy(layer(x))
    padding, output_padding = core.keras_to_torch_padding((3, 3), 2, "same")
    ours = core.conv_transpose2d(x.transpose(0, 3, 1, 2), kernel.transpose(3, 2, 0, 1), stride=2,
                                 padding=padding, output_padding=output_padding)
    assert_close(ours.transpose(0, 2, 3, 1), expected)
