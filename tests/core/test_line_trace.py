"""The scatter-add along a line, recorded: its order, indices, products and running output; and the gather view
(zero insertion, then a stride-1 convolution), equal to the direct result. Worked examples with their numbers."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from _support import assert_close, rng_array, seeds
from hypothesis import given, settings
from hypothesis import strategies as st

import core


@st.composite
def line_settings(draw):
    """Unbatched settings with groups, stride, dilation, padding (symmetric or per end) and output padding."""
    groups = draw(st.integers(1, 3))
    c_in, c_out = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    size, kernel = draw(st.integers(1, 7)), draw(st.integers(1, 5))
    s, d = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    op = draw(st.integers(0, max(s, d) - 1))
    uncropped = (size - 1) * s + d * (kernel - 1) + 1
    if draw(st.booleans()):
        p = draw(st.integers(0, min(3, (uncropped - 1 + op) // 2)))
        padding = (p, p)
    else:
        start = draw(st.integers(0, uncropped - 1))
        padding = (start, draw(st.integers(0, uncropped - 1 - start + op)))
    return dict(groups=groups, c_in=c_in, c_out=c_out, size=size, kernel=kernel, stride=s, padding=padding,
                output_padding=op, dilation=d, seed=draw(seeds))


def _build(cfg):
    x = rng_array(cfg["seed"], (cfg["c_in"], cfg["size"]))
    w = rng_array(cfg["seed"] + 1, (cfg["c_in"], cfg["c_out"] // cfg["groups"], cfg["kernel"]))
    kw = {k: cfg[k] for k in ("stride", "padding", "output_padding", "dilation", "groups")}
    return x, w, core.trace_conv_transpose1d(x, w, **kw), kw


def _naive_partial(trace, n):
    """The output after n steps, one addition at a time."""
    out = np.zeros(trace.output_shape)
    for step in range(n):
        c, y = trace.output_index[step]
        if 0 <= y < trace.output_shape[1]:
            out[c, y] += trace.product[step]
    return out


@settings(max_examples=150)
@given(cfg=line_settings())
def test_order_indices_and_products(cfg):
    x, w, trace, kw = _build(cfg)
    c_in, n, k = cfg["c_in"], cfg["size"], cfg["kernel"]
    cg_in, cg_out = c_in // cfg["groups"], cfg["c_out"] // cfg["groups"]
    assert len(trace) == c_in * n * cg_out * k
    assert trace.steps_per_input_cell == cg_out * k
    assert trace.input_shape == (c_in, n)
    assert trace.output_shape == core.conv_transpose1d(x, w, **kw).shape
    # Input-major, lexicographic in (c_in, i, o, a).
    steps = np.array(list(itertools.product(range(c_in), range(n), range(cg_out), range(k))))
    c, i, o, a = steps.T
    np.testing.assert_array_equal(trace.input_index, steps[:, :2])
    np.testing.assert_array_equal(trace.kernel_index, a)
    np.testing.assert_array_equal(trace.output_index[:, 0], (c // cg_in) * cg_out + o)
    # y = i s + a d - padding at the start
    np.testing.assert_array_equal(trace.output_index[:, 1], i * cfg["stride"] + a * cfg["dilation"] - cfg["padding"][0])
    np.testing.assert_array_equal(trace.product, x[c, i] * w[c, o, a])
    y = trace.output_index[:, 1]
    np.testing.assert_array_equal(trace.kept, (y >= 0) & (y < trace.output_shape[1]))


@settings(max_examples=150)
@given(cfg=line_settings(), data=st.data())
def test_the_running_output_reconstructs_the_result(cfg, data):
    x, w, trace, kw = _build(cfg)
    full = core.conv_transpose1d(x, w, **kw)
    assert not trace.partial(0).any() and trace.partial(0).shape == full.shape
    assert_close(trace.output, full)
    for n in data.draw(st.lists(st.integers(0, len(trace)), min_size=1, max_size=3), label="n"):
        assert_close(trace.partial(n), _naive_partial(trace, n), scale=np.abs(trace.product).sum())
    # Each step adds exactly its product to one cell, or to none where padding crops.
    n = data.draw(st.integers(1, len(trace)), label="step")
    expected = np.zeros(trace.output_shape)
    c, y = trace.output_index[n - 1]
    if trace.kept[n - 1]:
        expected[c, y] = trace.product[n - 1]
    assert_close(trace.partial(n) - trace.partial(n - 1), expected, scale=np.abs(trace.product).sum())


@settings(max_examples=100)
@given(cfg=line_settings())
def test_contributors_and_stamps(cfg):
    x, w, trace, kw = _build(cfg)
    full = core.conv_transpose1d(x, w, **kw)
    seen = []
    for cell in itertools.product(*map(range, trace.output_shape)):
        steps = trace.contributors(*cell)
        assert np.all(np.diff(steps) > 0)
        np.testing.assert_array_equal(trace.output_index[steps], np.tile(cell, (len(steps), 1)))
        assert_close(trace.product[steps].sum(), full[cell], scale=np.abs(trace.product).sum())
        seen.extend(steps)
    np.testing.assert_array_equal(np.sort(seen), np.flatnonzero(trace.kept))
    covered = []
    for c, i in itertools.product(*map(range, trace.input_shape)):
        stamp = trace.stamp(c, i)
        np.testing.assert_array_equal(np.arange(stamp.start, stamp.stop),
                                      np.flatnonzero((trace.input_index == (c, i)).all(axis=1)))
        assert_close(trace.product[stamp.start:stamp.stop], (x[c, i] * w[c]).ravel())
        covered.extend(stamp)
    assert covered == list(range(len(trace)))


@settings(max_examples=150)
@given(cfg=line_settings(), n=st.integers(1, 2))
def test_scatter_equals_gather_equals_direct(torch, F, cfg, n):
    """The scatter-add (the trace), zero insertion with a stride-1 convolution, and the direct result agree,
    and all three are PyTorch's (groups 1: the gather view has no groups)."""
    x = rng_array(cfg["seed"], (n, cfg["c_in"], cfg["size"]))
    w = rng_array(cfg["seed"] + 1, (cfg["c_in"], cfg["c_out"], cfg["kernel"]))
    kw = {k: cfg[k] for k in ("stride", "padding", "output_padding", "dilation")}
    direct = core.conv_transpose1d(x, w, **kw)
    gather = core.equivalent_convolution1d(x, w, **kw)
    assert_close(gather.output, direct)
    assert_close(core.trace_conv_transpose1d(x[0], w, **kw).output, direct[0])
    # Each stage is what it says.
    s, one = cfg["stride"], core.geometry1d(cfg["size"], cfg["kernel"], **kw)
    assert gather.zero_inserted.shape == (n, cfg["c_in"], (cfg["size"] - 1) * s + 1)
    np.testing.assert_array_equal(gather.zero_inserted[..., ::s], x)
    assert not np.delete(gather.zero_inserted, np.s_[::s], axis=-1).any()
    assert gather.pads == one.zero_padding == (one.span - 1 - one.crop[0], one.span - 1 - one.crop[1])
    assert gather.padded.shape[-1] == gather.zero_inserted.shape[-1] + sum(gather.pads)
    np.testing.assert_array_equal(gather.flipped_kernel, w[:, :, ::-1].transpose(1, 0, 2))
    assert_close(core.conv1d(gather.padded, gather.flipped_kernel, dilation=gather.dilation), direct)
    if cfg["padding"][0] == cfg["padding"][1]:  # PyTorch takes symmetric padding only
        kw["padding"] = cfg["padding"][0]
        t = torch.from_numpy
        assert_close(direct, F.conv_transpose1d(t(x), t(w), **kw).numpy())


@settings(max_examples=60)
@given(size=st.integers(1, 8), s=st.integers(1, 5), seed=seeds)
def test_zero_insert1d(size, s, seed):
    x = rng_array(seed, (2, size))
    z = core.zero_insert1d(x, s)
    assert z.shape == (2, (size - 1) * s + 1)
    np.testing.assert_array_equal(z[:, ::s], x)
    assert np.count_nonzero(z) == np.count_nonzero(x)
    # Zero insertion is the transposed convolution with a kernel of one tap, one.
    np.testing.assert_array_equal(z[0], core.conv_transpose1d(x[0], [1.0], stride=s))


# -- worked examples -------------------------------------------------------------------------------

def test_four_ones_and_a_kernel_of_three_at_stride_two():
    """Distill's simplest picture: stamps of three cells, two cells apart, overlap on every other cell.

    Input 1 1 1 1, kernel 1 1 1, stride 2: the uncropped output has (4 - 1) x 2 + 3 = 9 cells, and the
    counts alternate 1 1 2 1 2 1 2 1 1 (cells 2, 4 and 6 receive two products).
    """
    x, w = np.ones(4), np.ones(3)
    counts = core.conv_transpose1d(x, w, stride=2)
    np.testing.assert_array_equal(counts, [1, 1, 2, 1, 2, 1, 2, 1, 1])
    np.testing.assert_array_equal(core.contribution_profile(4, 3, 2), counts)
    trace = core.trace_conv_transpose1d(x, w, stride=2)
    assert len(trace) == 12  # 4 input cells x 3 taps
    # Input cell 1 stamps taps 0, 1, 2 onto cells 2, 3, 4 (steps 3, 4, 5).
    assert trace.stamp(1) == range(3, 6)
    np.testing.assert_array_equal(trace.output_index[3:6, 1], [2, 3, 4])
    np.testing.assert_array_equal(trace.kernel_index[3:6], [0, 1, 2])
    # Cell 2 gets the last tap of input 0 (step 2) and the first tap of input 1 (step 3).
    np.testing.assert_array_equal(trace.contributors(2), [2, 3])
    # The running output after the first two stamps (6 steps): 1 1 2 1 1 0 0 0 0.
    np.testing.assert_array_equal(trace.partial(6), [1, 1, 2, 1, 1, 0, 0, 0, 0])
    # Gather: 1 0 1 0 1 0 1 padded by 3 - 1 = 2 zeros each side, then summed three cells at a time.
    gather = core.equivalent_convolution1d(x, w, stride=2)
    np.testing.assert_array_equal(gather.zero_inserted, [1, 0, 1, 0, 1, 0, 1])
    np.testing.assert_array_equal(gather.padded, [0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0])
    np.testing.assert_array_equal(gather.output, counts)


def test_a_kernel_of_four_at_stride_two_is_flat_inside():
    """Kernel 4 divisible by stride 2: every interior cell receives two products (1 1 2 2 2 2 2 2 1 1)."""
    np.testing.assert_array_equal(core.conv_transpose1d(np.ones(4), np.ones(4), stride=2),
                                  [1, 1, 2, 2, 2, 2, 2, 2, 1, 1])


def test_a_signal_and_its_kernel_by_hand(torch, F):
    """x = 1 2 3, w = 1 -1 2, stride 2, padding 1: uncropped 1 -1 (2+2) -2 (4+3) -3 6 = 1 -1 4 -2 7 -3 6;
    padding 1 crops the first and the last cell: -1 4 -2 7 -3."""
    x, w = np.array([1.0, 2, 3]), np.array([1.0, -1, 2])
    np.testing.assert_array_equal(core.conv_transpose1d(x, w, stride=2), [1, -1, 4, -2, 7, -3, 6])
    expected = [-1, 4, -2, 7, -3]
    np.testing.assert_array_equal(core.conv_transpose1d(x, w, stride=2, padding=1), expected)
    t = torch.from_numpy
    np.testing.assert_array_equal(F.conv_transpose1d(t(x[None, None]), t(w[None, None]), stride=2,
                                                     padding=1).numpy()[0, 0], expected)


def test_partial_out_of_range_is_refused():
    trace = core.trace_conv_transpose1d(np.ones(2), np.ones(2))
    for n in (-1, len(trace) + 1):
        with pytest.raises(ValueError, match=f"between 0 and {len(trace)}"):
            trace.partial(n)
