"""Contribution counts: how many products land on each output cell (the checkerboard)."""

from __future__ import annotations

import numpy as np
import pytest
from _support import as_pair
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import core


def _torch_ones(torch, size, kernel, **kw):
    x = torch.ones((1, 1, *size), dtype=torch.float64)
    w = torch.ones((1, 1, *kernel), dtype=torch.float64)
    return torch.nn.functional.conv_transpose2d(x, w, **kw).numpy()[0, 0]


@st.composite
def count_settings(draw):
    size = (draw(st.integers(1, 6)), draw(st.integers(1, 6)))
    kernel = (draw(st.integers(1, 6)), draw(st.integers(1, 6)))
    s = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    d = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    op = tuple(draw(st.integers(0, max(si, di) - 1)) for si, di in zip(s, d))
    most = [((n - 1) * si + di * (k - 1) + o) // 2 for n, k, si, di, o in zip(size, kernel, s, d, op)]
    p = tuple(draw(st.integers(0, min(m, 3))) for m in most)
    return dict(input_size=size, kernel_size=kernel, stride=s, padding=p, output_padding=op, dilation=d)


@settings(max_examples=200)
@given(cfg=count_settings())
def test_counts_are_ones_transposed_by_ones(torch, cfg):
    counts = core.contribution_count(**cfg)
    assert counts.dtype.kind == "i"
    expected = _torch_ones(torch, cfg["input_size"], cfg["kernel_size"], stride=cfg["stride"],
                           padding=cfg["padding"], output_padding=cfg["output_padding"],
                           dilation=cfg["dilation"])
    np.testing.assert_array_equal(counts, expected)


def _interior(counts, kernel, stride, size):
    """Cells every kernel tap can reach from some input cell (no padding, dilation 1): rows
    k - 1 to (H - 1) * s, likewise columns."""
    (kh, kw), (sh, sw), (h, w) = kernel, stride, size
    return counts[kh - 1:(h - 1) * sh + 1, kw - 1:(w - 1) * sw + 1]


@settings(max_examples=150)
@given(s=st.tuples(st.integers(1, 4), st.integers(1, 4)), m=st.tuples(st.integers(1, 3), st.integers(1, 3)),
       extra=st.tuples(st.integers(1, 4), st.integers(1, 4)))
def test_kernel_a_multiple_of_stride_gives_a_flat_interior(s, m, extra):
    kernel = (m[0] * s[0], m[1] * s[1])
    size = tuple(mi + e for mi, e in zip(m, extra))  # big enough to have an interior
    counts = core.contribution_count(size, kernel, s)
    interior = _interior(counts, kernel, s, size)
    assert interior.size > 0
    assert (interior == m[0] * m[1]).all(), "(k / s)^2 products on every interior cell"
    assert counts.max() == m[0] * m[1]


@settings(max_examples=150)
@given(s=st.integers(2, 4), k=st.integers(3, 9), extra=st.integers(2, 4))
def test_kernel_not_a_multiple_of_stride_gives_a_checkerboard(s, k, extra):
    assume(k > s and k % s)
    size = -(-k // s) + extra
    counts = core.contribution_count(size, k, s)
    interior = _interior(counts, (k, k), (s, s), (size, size))
    assert interior.shape[0] >= s
    # The interior is uneven: both floor(k/s) and ceil(k/s) taps land somewhere per axis...
    assert set(np.unique(interior)) == {a * b for a in (k // s, k // s + 1) for b in (k // s, k // s + 1)}
    # ...and the pattern repeats with the stride: a checkerboard of period s.
    np.testing.assert_array_equal(interior[s:], interior[:-s])
    np.testing.assert_array_equal(interior[:, s:], interior[:, :-s])


@st.composite
def stacks(draw):
    layers = []
    for _ in range(draw(st.integers(1, 3))):
        k = draw(st.integers(1, 4))
        s = draw(st.integers(1, 3))
        layer = {"kernel_size": draw(st.sampled_from([k, (k, draw(st.integers(1, 4)))]))}
        if draw(st.booleans()):
            layer["stride"] = s
        if draw(st.booleans()):
            layer["output_padding"] = draw(st.integers(0, s - 1))
            layer["stride"] = s
        if draw(st.booleans()):
            layer["padding"] = draw(st.integers(0, 1))
        layers.append(layer)
    return (draw(st.integers(1, 4)), draw(st.integers(1, 4))), layers


@settings(max_examples=150)
@given(stack=stacks())
def test_stack_is_composed_transposed_convolutions(torch, stack):
    size, layers = stack
    x = np.ones(size)
    expected = []
    try:
        for layer in layers:
            kw = {k: v for k, v in layer.items() if k != "kernel_size"}
            x = _torch_ones_from(torch, x, as_pair(layer["kernel_size"]), **kw)
            expected.append(x)
    except RuntimeError:  # a layer with no output
        with pytest.raises(ValueError, match=f"Layer {len(expected) + 1}: "):
            core.contribution_count_stack(size, layers)
        return
    maps = core.contribution_count_stack(size, layers)
    assert len(maps) == len(layers)
    for ours, theirs in zip(maps, expected):
        assert ours.dtype.kind == "i"
        np.testing.assert_array_equal(ours, theirs)
    # The first map is the single-layer count.
    first = layers[0]
    np.testing.assert_array_equal(maps[0], core.contribution_count(size, **first))


def _torch_ones_from(torch, x, kernel, **kw):
    w = torch.ones((1, 1, *kernel), dtype=torch.float64)
    return torch.nn.functional.conv_transpose2d(torch.from_numpy(x)[None, None], w, **kw).numpy()[0, 0]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 5), st.integers(1, 5), st.integers(1, 3),
       st.integers(1, 3), st.integers(1, 2), st.integers(0, 2))
def test_interior_cells_hold_only_the_long_input_counts(h, w, kh, kw, sh, sw, d, p):
    """Inside ``core.interior`` every count is one a long input gives far from its borders (a product of the
    two axes' interior periods); outside it, ``interior`` says None only when an axis is shorter than a period."""
    try:
        counts = core.contribution_count((h, w), (kh, kw), stride=(sh, sw), padding=p, dilation=d)
    except ValueError:
        return
    inside = core.interior((h, w), (kh, kw), stride=(sh, sw), padding=p, dilation=d)
    if inside is None:
        return
    (r0, r1), (c0, c1) = inside
    assert r1 - r0 >= sh and c1 - c0 >= sw
    allowed = {a * b for a in core.interior_period(kh, sh, d) for b in core.interior_period(kw, sw, d)}
    assert set(np.unique(counts[r0:r1, c0:c1]).tolist()) <= allowed
