"""Fixed upsamplers and pooling against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from _support import as_pair, assert_close, pairs, rng_array, seeds
from hypothesis import event, given, settings
from hypothesis import strategies as st

import core

pytestmark = pytest.mark.filterwarnings("ignore")

images = st.tuples(st.integers(1, 2), st.integers(1, 3), st.integers(1, 6), st.integers(1, 6))


def _t(torch, a):
    return torch.from_numpy(np.array(a, copy=True))


@settings(max_examples=150)
@given(shape=images, scale=pairs(1, 4), seed=seeds, dtype=st.sampled_from([np.float64, np.float32]))
def test_upsample_nearest(F, torch, shape, scale, seed, dtype):
    x = rng_array(seed, shape, dtype)
    ours = core.upsample_nearest(x, scale)
    expected = F.interpolate(_t(torch, x), scale_factor=as_pair(scale), mode="nearest").numpy()
    assert ours.dtype == dtype
    np.testing.assert_array_equal(ours, expected)
    np.testing.assert_array_equal(core.upsample_nearest(x[0, 0], scale), expected[0, 0])


@settings(max_examples=200)
@given(shape=images, scale=pairs(1, 4), seed=seeds, align_corners=st.booleans(),
       dtype=st.sampled_from([np.float64, np.float32]))
def test_upsample_bilinear(F, torch, shape, scale, seed, align_corners, dtype):
    x = rng_array(seed, shape, dtype)
    ours = core.upsample_bilinear(x, scale, align_corners=align_corners)
    assert ours.dtype == dtype
    expected = F.interpolate(_t(torch, x.astype(np.float64)), scale_factor=as_pair(scale),
                             mode="bilinear", align_corners=align_corners).numpy()
    if dtype == np.float64:
        assert_close(ours, expected)
    else:
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-5 * (1 + np.abs(x).max()))
    assert_close(core.upsample_bilinear(x[0, 0], scale, align_corners=align_corners),
                 ours[0, 0], rtol=1e-6)


@settings(max_examples=100)
@given(shape=images, scale=pairs(1, 4), seed=seeds)
def test_upsample_bilinear_integer_input(F, torch, shape, scale, seed):
    x = np.random.default_rng(seed).integers(-50, 50, shape)
    expected = F.interpolate(_t(torch, x.astype(np.float64)), scale_factor=as_pair(scale),
                             mode="bilinear").numpy()
    ours = core.upsample_bilinear(x, scale)
    assert ours.dtype == np.float64
    assert_close(ours, expected)


@settings(max_examples=100)
@given(shape=images, scale=pairs(1, 4), seed=seeds)
def test_bed_of_nails_is_a_transposed_convolution(torch, shape, scale, seed):
    x = rng_array(seed, shape)
    s = as_pair(scale)
    ours = core.bed_of_nails(x, scale)
    assert ours.shape == (*shape[:2], shape[2] * s[0], shape[3] * s[1])
    # A 1x1 kernel of one per channel (groups = channels), stride s, output padding s - 1.
    c = shape[1]
    w = np.ones((c, 1, 1, 1))
    as_conv = core.conv_transpose2d(x, w, stride=s, output_padding=(s[0] - 1, s[1] - 1), groups=c)
    np.testing.assert_array_equal(ours, as_conv)
    expected = torch.nn.functional.conv_transpose2d(_t(torch, x), _t(torch, w), stride=s,
                                                    output_padding=(s[0] - 1, s[1] - 1),
                                                    groups=c).numpy()
    np.testing.assert_array_equal(ours, expected)
    np.testing.assert_array_equal(
        core.bed_of_nails(x[0, 0], scale),
        core.conv_transpose2d(x[0, 0], np.ones((1, 1)), stride=s, output_padding=(s[0] - 1, s[1] - 1)))


@st.composite
def pooling(draw):
    kernel = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    stride = draw(st.one_of(st.none(), st.tuples(st.integers(1, 4), st.integers(1, 4)), st.integers(1, 3)))
    s = kernel if stride is None else as_pair(stride)
    shape = (draw(st.integers(1, 2)), draw(st.integers(1, 2)),
             draw(st.integers(kernel[0], kernel[0] + 2 * s[0] + 2)),
             draw(st.integers(kernel[1], kernel[1] + 2 * s[1] + 2)))
    # Few distinct values make ties common (the first maximum in reading order wins).
    ties = draw(st.booleans())
    return dict(kernel=draw(st.sampled_from([kernel, kernel[0]])) if kernel[0] == kernel[1] else kernel,
                stride=stride, shape=shape, ties=ties, seed=draw(seeds))


def _pool_input(cfg):
    rng = np.random.default_rng(cfg["seed"])
    if cfg["ties"]:
        return rng.integers(0, 3, cfg["shape"]).astype(np.float64)
    return rng.permutation(np.prod(cfg["shape"])).reshape(cfg["shape"]).astype(np.float64)


@settings(max_examples=200)
@given(cfg=pooling())
def test_max_pool2d_with_indices(F, torch, cfg):
    x = _pool_input(cfg)
    values, indices = core.max_pool2d(x, cfg["kernel"], cfg["stride"], return_indices=True)
    expected, expected_indices = F.max_pool2d(_t(torch, x), cfg["kernel"], cfg["stride"],
                                              return_indices=True)
    np.testing.assert_array_equal(values, expected.numpy())
    np.testing.assert_array_equal(indices, expected_indices.numpy())
    np.testing.assert_array_equal(core.max_pool2d(x, cfg["kernel"], cfg["stride"]), values)
    # Each index points at its value, in the (H, W) plane.
    planes = x.reshape(*x.shape[:2], -1)
    np.testing.assert_array_equal(np.take_along_axis(planes, indices.reshape(*x.shape[:2], -1), -1),
                                  values.reshape(*x.shape[:2], -1))


@settings(max_examples=150)
@given(cfg=pooling(), custom_size=st.booleans())
def test_max_unpool2d(F, torch, cfg, custom_size):
    x = _pool_input(cfg)
    pooled, indices = F.max_pool2d(_t(torch, x), cfg["kernel"], cfg["stride"], return_indices=True)
    output_size = x.shape[-2:] if custom_size else None
    try:
        expected = F.max_unpool2d(pooled, indices, cfg["kernel"], cfg["stride"],
                                  output_size=output_size).numpy()
    except RuntimeError:
        # A stride longer than the window, with the default size: a maximum lies past its end.
        assert not custom_size
        event("PyTorch raises")
        with pytest.raises(ValueError, match="indices must lie in 0 to"):
            core.max_unpool2d(pooled.numpy(), indices.numpy(), cfg["kernel"], cfg["stride"])
        return
    ours = core.max_unpool2d(pooled.numpy(), indices.numpy(), cfg["kernel"], cfg["stride"],
                             output_size=output_size)
    np.testing.assert_array_equal(ours, expected)
    if custom_size:
        assert ours.shape == x.shape


@settings(max_examples=150)
@given(cfg=pooling(), data=st.data())
def test_max_unpool2d_output_size_range(F, torch, cfg, data):
    """PyTorch takes an output_size only strictly within one stride of the default size
    ((H - 1) * stride + kernel) and raises outside it; the core raises exactly when it does."""
    x = _pool_input(cfg)
    pooled, indices = F.max_pool2d(_t(torch, x), cfg["kernel"], cfg["stride"], return_indices=True)
    k = as_pair(cfg["kernel"])
    s = k if cfg["stride"] is None else as_pair(cfg["stride"])
    default = [(n - 1) * si + ki for n, si, ki in zip(pooled.shape[-2:], s, k)]
    size = tuple(data.draw(st.integers(1, d + si + 1)) for d, si in zip(default, s))
    try:
        expected = F.max_unpool2d(pooled, indices, cfg["kernel"], cfg["stride"], output_size=size).numpy()
    except (ValueError, RuntimeError):
        event("PyTorch raises")
        with pytest.raises(ValueError):
            core.max_unpool2d(pooled.numpy(), indices.numpy(), cfg["kernel"], cfg["stride"],
                              output_size=size)
        return
    event("PyTorch accepts")
    np.testing.assert_array_equal(
        core.max_unpool2d(pooled.numpy(), indices.numpy(), cfg["kernel"], cfg["stride"],
                          output_size=size), expected)


@settings(max_examples=150)
@given(lead=st.lists(st.integers(1, 2), max_size=2), c=st.integers(1, 3), r=st.integers(1, 4),
       h=st.integers(1, 4), w=st.integers(1, 4), seed=seeds)
def test_pixel_shuffle(F, torch, lead, c, r, h, w, seed):
    x = rng_array(seed, (*lead, c * r * r, h, w))
    ours = core.pixel_shuffle(x, r)
    np.testing.assert_array_equal(ours, F.pixel_shuffle(_t(torch, x), r).numpy())
    assert ours.shape == (*lead, c, h * r, w * r)


def test_upsamplers_refuse_a_shrinking_scale():
    for upsample in (core.upsample_nearest, core.upsample_bilinear, core.bed_of_nails):
        with pytest.raises(ValueError, match="scale must be at least 1"):
            upsample(np.ones((2, 2)), 0)
    with pytest.raises(ValueError, match="divisible by 4"):
        core.pixel_shuffle(np.ones((3, 2, 2)), 2)
    with pytest.raises(ValueError, match="larger than the input"):
        core.max_pool2d(np.ones((2, 2)), 3)
