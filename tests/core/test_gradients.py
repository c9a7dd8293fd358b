"""conv_transpose2d_backward and conv2d_backward against torch.autograd, over every parameter."""

from __future__ import annotations

import numpy as np
import pytest
from _support import assert_close, rng_array, seeds
from hypothesis import given, settings
from hypothesis import strategies as st

import core


@st.composite
def transposed_cases(draw):
    """Valid conv_transpose2d settings with channels, groups and a batch."""
    g = draw(st.integers(1, 2))
    c_in, cg_out = g * draw(st.integers(1, 2)), draw(st.integers(1, 2))
    n = draw(st.integers(1, 2))
    size, kernel, stride, dilation, padding, op = [], [], [], [], [], []
    for _ in range(2):
        m, k, s, d = draw(st.integers(1, 4)), draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(1, 2))
        o = draw(st.integers(0, max(s, d) - 1))
        uncropped = (m - 1) * s + d * (k - 1) + 1
        p = draw(st.integers(0, (uncropped - 1 + o) // 2))
        for lst, v in zip((size, kernel, stride, dilation, padding, op), (m, k, s, d, p, o)):
            lst.append(v)
    return dict(n=n, c_in=c_in, cg_out=cg_out, g=g, size=tuple(size), kernel=tuple(kernel), stride=tuple(stride),
                dilation=tuple(dilation), padding=tuple(padding), output_padding=tuple(op))


@settings(max_examples=80, deadline=None)
@given(transposed_cases(), seeds)
def test_conv_transpose2d_backward_is_autograds(torch, case, seed):
    x = rng_array(seed, (case["n"], case["c_in"], *case["size"]))
    w = rng_array(seed + 1, (case["c_in"], case["cg_out"], *case["kernel"]))
    b = rng_array(seed + 2, (case["cg_out"] * case["g"],))
    kw = dict(stride=case["stride"], padding=case["padding"], output_padding=case["output_padding"],
              groups=case["g"], dilation=case["dilation"])
    xt, wt, bt = (torch.from_numpy(a).requires_grad_(True) for a in (x, w, b))
    y = torch.nn.functional.conv_transpose2d(xt, wt, bt, **kw)
    gy = rng_array(seed + 3, tuple(y.shape))
    y.backward(torch.from_numpy(gy))
    grad_x, grad_w, grad_b = core.conv_transpose2d_backward(x, w, gy, **kw)
    assert_close(grad_x, xt.grad.numpy(), rtol=1e-9)
    assert_close(grad_w, wt.grad.numpy(), rtol=1e-9)
    assert_close(grad_b, bt.grad.numpy(), rtol=1e-9)


@st.composite
def conv_cases(draw):
    g = draw(st.integers(1, 2))
    c_in, c_out, n = g * draw(st.integers(1, 2)), g * draw(st.integers(1, 2)), draw(st.integers(1, 2))
    s, d = (draw(st.integers(1, 3)), draw(st.integers(1, 3))), (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    kernel = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    form = draw(st.sampled_from(["pair", "sides", "same", "valid"]))
    if form == "same":
        s = (1, 1)
        padding = "same"
    elif form == "valid":
        padding = "valid"
    elif form == "pair":
        padding = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    else:
        padding = tuple((draw(st.integers(0, 2)), draw(st.integers(0, 2))) for _ in range(2))
    sides = padding if form == "sides" else ((padding[0],) * 2, (padding[1],) * 2) if form == "pair" else None
    least = [dd * (k - 1) + 1 for dd, k in zip(d, kernel)]  # the input must hold one dilated kernel
    size = tuple(draw(st.integers(max(1, lo - (sum(sides[i]) if sides else 0)), 6)) for i, lo in enumerate(least))
    return dict(n=n, c_in=c_in, c_out=c_out, g=g, size=size, kernel=kernel, stride=s, dilation=d, padding=padding,
                sides=sides)


@settings(max_examples=80, deadline=None)
@given(conv_cases(), seeds)
def test_conv2d_backward_is_autograds(torch, case, seed):
    x = rng_array(seed, (case["n"], case["c_in"], *case["size"]))
    w = rng_array(seed + 1, (case["c_out"], case["c_in"] // case["g"], *case["kernel"]))
    b = rng_array(seed + 2, (case["c_out"],))
    xt, wt, bt = (torch.from_numpy(a).requires_grad_(True) for a in (x, w, b))
    inp, padding = xt, case["padding"]
    if isinstance(padding, tuple) and isinstance(padding[0], tuple):  # per side: F.pad first
        (t, bo), (le, ri) = padding
        inp, padding = torch.nn.functional.pad(xt, (le, ri, t, bo)), 0
    y = torch.nn.functional.conv2d(inp, wt, bt, stride=case["stride"], padding=padding, dilation=case["dilation"],
                                   groups=case["g"])
    gy = rng_array(seed + 3, tuple(y.shape))
    y.backward(torch.from_numpy(gy))
    grad_x, grad_w, grad_b = core.conv2d_backward(x, w, gy, stride=case["stride"], padding=case["padding"],
                                                  dilation=case["dilation"], groups=case["g"])
    assert_close(grad_x, xt.grad.numpy(), rtol=1e-9)
    assert_close(grad_w, wt.grad.numpy(), rtol=1e-9)
    assert_close(grad_b, bt.grad.numpy(), rtol=1e-9)


def test_teaching_form_gives_2d_gradients_and_a_number_for_the_bias():
    x, k = np.array([[0.0, 1], [2, 3]]), np.array([[0.0, 1], [2, 3]])
    gx, gw, gb = core.conv_transpose2d_backward(x, k, np.ones((3, 3)))
    # A flat output gradient: each input cell collects its whole kernel; each tap the whole input.
    np.testing.assert_array_equal(gx, np.full((2, 2), k.sum()))
    np.testing.assert_array_equal(gw, np.full((2, 2), x.sum()))
    assert gb == 9.0
    cx, cw, cb = core.conv2d_backward(np.ones((5, 5)), np.ones((3, 3)), np.ones((2, 2)), stride=2)
    # The input gradient of a strided convolution is a transposed convolution: it counts overlaps.
    np.testing.assert_array_equal(cx, core.contribution_count((2, 2), (3, 3), stride=2))
    assert cw.shape == (3, 3) and cb == 4.0


def test_a_wrong_output_gradient_gets_a_sentence():
    with pytest.raises(ValueError, match="grad_output must have the output's shape"):
        core.conv_transpose2d_backward(np.ones((2, 2)), np.ones((2, 2)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="grad_output must have the output's shape"):
        core.conv2d_backward(np.ones((3, 3)), np.ones((2, 2)), np.ones((3, 3)))
