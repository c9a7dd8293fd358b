"""The recorded scatter-add: its order, its indices, its products, its partial sums."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from _support import assert_close, rng_array, seeds
from hypothesis import given, settings
from hypothesis import strategies as st

import core


@st.composite
def trace_settings(draw):
    """Unbatched settings with groups, per-axis stride, dilation, padding and output padding."""
    groups = draw(st.integers(1, 3))
    c_in, c_out = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    size = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    kernel = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    s = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    d = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    op = tuple(draw(st.integers(0, max(si, di) - 1)) for si, di in zip(s, d))
    most = [((n - 1) * si + di * (k - 1) + o) // 2 for n, k, si, di, o in zip(size, kernel, s, d, op)]
    p = tuple(draw(st.integers(0, min(m, 3))) for m in most)
    return dict(groups=groups, c_in=c_in, c_out=c_out, size=size, kernel=kernel, stride=s,
                padding=p, output_padding=op, dilation=d, seed=draw(seeds))


def _build(cfg):
    x = rng_array(cfg["seed"], (cfg["c_in"], *cfg["size"]))
    w = rng_array(cfg["seed"] + 1, (cfg["c_in"], cfg["c_out"] // cfg["groups"], *cfg["kernel"]))
    kw = {k: cfg[k] for k in ("stride", "padding", "output_padding", "dilation", "groups")}
    return x, w, core.trace_conv_transpose2d(x, w, **kw), kw


def _naive_partial(trace, n):
    """The output after n steps, one addition at a time."""
    out = np.zeros(trace.output_shape)
    _, h, w = trace.output_shape
    for step in range(n):
        c, y, x = trace.output_index[step]
        if 0 <= y < h and 0 <= x < w:
            out[c, y, x] += trace.product[step]
    return out


@settings(max_examples=150)
@given(cfg=trace_settings())
def test_order_indices_and_products(cfg):
    x, w, trace, kw = _build(cfg)
    c_in, (h, wd), (kh, kw_) = cfg["c_in"], cfg["size"], cfg["kernel"]
    cg_in, cg_out = c_in // cfg["groups"], cfg["c_out"] // cfg["groups"]
    assert len(trace) == c_in * h * wd * cg_out * kh * kw_
    assert trace.steps_per_input_cell == cg_out * kh * kw_
    assert trace.input_shape == (c_in, h, wd)
    assert trace.output_shape == core.conv_transpose2d(x, w, **kw).shape

    # Input-major, lexicographic in (c_in, i, j, o, a, b).
    steps = np.array(list(itertools.product(range(c_in), range(h), range(wd), range(cg_out),
                                            range(kh), range(kw_))))
    np.testing.assert_array_equal(trace.input_index, steps[:, 0:3])
    np.testing.assert_array_equal(trace.kernel_index, steps[:, 4:6])
    c, i, j, o, a, b = steps.T
    (sh, sw), (dh, dw), (ph, pw) = cfg["stride"], cfg["dilation"], cfg["padding"]
    np.testing.assert_array_equal(trace.output_index[:, 0], (c // cg_in) * cg_out + o)
    np.testing.assert_array_equal(trace.output_index[:, 1], i * sh + a * dh - ph)
    np.testing.assert_array_equal(trace.output_index[:, 2], j * sw + b * dw - pw)
    np.testing.assert_array_equal(trace.product, x[c, i, j] * w[c, o, a, b])


@settings(max_examples=150)
@given(cfg=trace_settings(), data=st.data())
def test_partial_sums(cfg, data):
    x, w, trace, kw = _build(cfg)
    full = core.conv_transpose2d(x, w, **kw)
    assert not trace.partial(0).any()
    assert trace.partial(0).shape == full.shape
    assert_close(trace.partial(len(trace)), full)
    assert_close(trace.output, full)
    for n in data.draw(st.lists(st.integers(0, len(trace)), min_size=1, max_size=3), label="n"):
        assert_close(trace.partial(n), _naive_partial(trace, n), scale=np.abs(trace.product).sum())
    # Each step adds exactly its product to one cell (or to none, where padding crops).
    n = data.draw(st.integers(1, len(trace)), label="step")
    difference = trace.partial(n) - trace.partial(n - 1)
    cy, y, xx = trace.output_index[n - 1]
    _, h, wd = trace.output_shape
    expected = np.zeros(trace.output_shape)
    if 0 <= y < h and 0 <= xx < wd:
        expected[cy, y, xx] = trace.product[n - 1]
    assert_close(difference, expected, scale=np.abs(trace.product).sum())


@settings(max_examples=150)
@given(cfg=trace_settings())
def test_contributors_and_cropping(cfg):
    x, w, trace, kw = _build(cfg)
    full = core.conv_transpose2d(x, w, **kw)
    c_out, h, wd = trace.output_shape
    seen = []
    for cell in itertools.product(range(c_out), range(h), range(wd)):
        steps = trace.contributors(*cell)
        assert np.all(np.diff(steps) > 0), "ascending step numbers"
        np.testing.assert_array_equal(trace.output_index[steps], np.tile(cell, (len(steps), 1)))
        assert_close(trace.product[steps].sum(), full[cell], scale=np.abs(trace.product).sum())
        seen.append(steps)
    seen = np.sort(np.concatenate(seen))
    assert len(np.unique(seen)) == len(seen), "a step lands on one cell only"
    y, xx = trace.output_index[:, 1], trace.output_index[:, 2]
    in_range = (y >= 0) & (y < h) & (xx >= 0) & (xx < wd)
    np.testing.assert_array_equal(seen, np.flatnonzero(in_range))
    # The kept steps are as many as the contribution counts say.
    counts = core.contribution_count(cfg["size"], cfg["kernel"], cfg["stride"], cfg["padding"],
                                     cfg["output_padding"], cfg["dilation"])
    per_plane = (cfg["c_in"] // cfg["groups"]) * counts.sum()
    assert in_range.sum() == c_out * per_plane
    # Steps fall outside the output exactly when padding crops.
    if cfg["padding"] == (0, 0):
        assert in_range.all()
    else:
        assert not in_range.all()
        assert y.min() == -cfg["padding"][0] and xx.min() == -cfg["padding"][1]


@settings(max_examples=100)
@given(cfg=trace_settings(), data=st.data())
def test_stamp(cfg, data):
    x, w, trace, kw = _build(cfg)
    c_in, (h, wd) = cfg["c_in"], cfg["size"]
    cells = itertools.product(range(c_in), range(h), range(wd))
    covered = []
    for cell in cells:
        stamp = trace.stamp(*cell)
        assert isinstance(stamp, range) and stamp.step == 1
        np.testing.assert_array_equal(
            np.arange(stamp.start, stamp.stop),
            np.flatnonzero((trace.input_index == cell).all(axis=1)))
        assert len(stamp) == trace.steps_per_input_cell
        covered.extend(stamp)
    assert covered == list(range(len(trace)))
    # A stamp is the input value times the kernel(s) of its group.
    c, i, j = data.draw(st.tuples(st.integers(0, c_in - 1), st.integers(0, h - 1),
                                  st.integers(0, wd - 1)))
    stamp = trace.stamp(c, i, j)
    assert_close(trace.product[stamp.start:stamp.stop], (x[c, i, j] * w[c]).ravel())


@settings(max_examples=100)
@given(cfg=trace_settings())
def test_teaching_form(cfg):
    x = rng_array(cfg["seed"], cfg["size"])
    w = rng_array(cfg["seed"] + 1, cfg["kernel"])
    kw = {k: cfg[k] for k in ("stride", "padding", "output_padding", "dilation")}
    trace = core.trace_conv_transpose2d(x, w, **kw)
    full = core.conv_transpose2d(x, w, **kw)
    assert full.ndim == 2
    assert trace.output.shape == full.shape
    assert_close(trace.output, full)
    half = len(trace) // 2
    assert trace.partial(half).shape == full.shape
    assert_close(trace.partial(half), _naive_partial(trace, half)[0], scale=np.abs(trace.product).sum())
    for y, xx in itertools.product(range(full.shape[0]), range(full.shape[1])):
        np.testing.assert_array_equal(trace.contributors(y, xx), trace.contributors(0, y, xx))
    i, j = x.shape[0] - 1, x.shape[1] - 1
    assert trace.stamp(i, j) == trace.stamp(0, i, j)


def test_batched_input_is_refused():
    with pytest.raises(ValueError, match="one example"):
        core.trace_conv_transpose2d(np.ones((2, 1, 3, 3)), np.ones((1, 1, 2, 2)))


def test_partial_out_of_range_is_refused():
    trace = core.trace_conv_transpose2d(np.ones((2, 2)), np.ones((2, 2)))
    for n in (-1, len(trace) + 1):
        with pytest.raises(ValueError, match=f"between 0 and {len(trace)}"):
            trace.partial(n)
    with pytest.raises(ValueError, match="outside the output"):
        trace.contributors(3, 0)
    with pytest.raises(ValueError, match="outside the input"):
        trace.stamp(0, 2)


def _owned_bytes(obj) -> int:
    """Bytes of every array the object holds, counting each underlying buffer once."""
    buffers = {}
    for value in vars(obj).values():
        if isinstance(value, np.ndarray):
            root = value
            while isinstance(root.base, np.ndarray):
                root = root.base
            buffers[id(root)] = max(root.nbytes, value.nbytes)
    return sum(buffers.values())


def test_a_million_steps_take_under_64_bytes_each():
    x = rng_array(1, (1, 100, 100))
    w = rng_array(2, (1, 1, 10, 10))
    trace = core.trace_conv_transpose2d(x, w, stride=2, padding=1)
    assert len(trace) == 10**6
    per_step = _owned_bytes(trace) / len(trace)
    assert per_step < 64, f"{per_step:.1f} bytes a step"
    assert_close(trace.output, core.conv_transpose2d(x, w, stride=2, padding=1))
