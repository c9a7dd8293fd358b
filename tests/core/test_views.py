"""Three views of one operation: scatter (conv_transpose2d, the trace), gather (zero insertion,
padding, flipped kernel) and matrix (C transposed) all give the same numbers."""

from __future__ import annotations

import numpy as np
import pytest
from _support import as_pair, assert_close, conv_length, pairs, rng_array, seeds, transposed_length
from hypothesis import given, settings
from hypothesis import strategies as st

import core

pytestmark = pytest.mark.filterwarnings("ignore")


@st.composite
def transposed_settings(draw, max_channels=2):
    """Valid settings of a transposed convolution without groups (per axis)."""
    size = (draw(st.integers(1, 5)), draw(st.integers(1, 5)))
    kernel = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    s = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    d = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    op = tuple(draw(st.integers(0, max(si, di) - 1)) for si, di in zip(s, d))
    most = [((n - 1) * si + di * (k - 1) + o) // 2 for n, k, si, di, o in zip(size, kernel, s, d, op)]
    p = tuple(draw(st.integers(0, min(m, 3))) for m in most)
    return dict(size=size, kernel=kernel, stride=s, padding=p, output_padding=op, dilation=d,
                c_in=draw(st.integers(1, max_channels)), c_out=draw(st.integers(1, max_channels)),
                n=draw(st.integers(1, 2)), seed=draw(seeds))


def _kw(cfg):
    return {k: cfg[k] for k in ("stride", "padding", "output_padding", "dilation")}


@settings(max_examples=200)
@given(cfg=transposed_settings())
def test_scatter_equals_gather(torch, cfg):
    x = rng_array(cfg["seed"], (cfg["n"], cfg["c_in"], *cfg["size"]))
    w = rng_array(cfg["seed"] + 1, (cfg["c_in"], cfg["c_out"], *cfg["kernel"]))
    scatter = core.conv_transpose2d(x, w, **_kw(cfg))
    gather = core.equivalent_convolution(x, w, **_kw(cfg))
    assert_close(gather.output, scatter)

    # The stages are what they say: zeros inserted, padded by dilation*(k-1) - padding (cropped
    # where negative, output padding on the bottom/right), a 180-degree-rotated kernel.
    assert_close(gather.zero_inserted, core.zero_insert(x, cfg["stride"]))
    (top, bottom), (left, right) = gather.pads
    for (before, after), k, d, p, op in zip(gather.pads, cfg["kernel"], cfg["dilation"],
                                            cfg["padding"], cfg["output_padding"]):
        assert before == d * (k - 1) - p
        assert after == d * (k - 1) - p + op
    h, wd = gather.zero_inserted.shape[-2:]
    assert gather.padded.shape[-2:] == (h + top + bottom, wd + left + right)
    assert_close(gather.flipped_kernel, np.flip(w, axis=(2, 3)).transpose(1, 0, 2, 3))
    # An ordinary stride-1 convolution of the padded input with the flipped kernel (PyTorch).
    t = lambda a: torch.from_numpy(np.array(a, copy=True))
    expected = torch.nn.functional.conv2d(t(gather.padded), t(gather.flipped_kernel),
                                          dilation=cfg["dilation"]).numpy()
    assert_close(gather.output, expected)


@settings(max_examples=100)
@given(cfg=transposed_settings(max_channels=1))
def test_gather_teaching_form(cfg):
    x = rng_array(cfg["seed"], cfg["size"])
    w = rng_array(cfg["seed"] + 1, cfg["kernel"])
    gather = core.equivalent_convolution(x, w, **_kw(cfg))
    assert gather.output.ndim == gather.zero_inserted.ndim == gather.padded.ndim == 2
    assert_close(gather.flipped_kernel, w[::-1, ::-1])
    assert_close(gather.output, core.conv_transpose2d(x, w, **_kw(cfg)))
    assert_close(core.conv2d(gather.padded, gather.flipped_kernel, dilation=cfg["dilation"]),
                 gather.output)


@settings(max_examples=150)
@given(cfg=transposed_settings())
def test_trace_output_equals_conv_transpose2d(cfg):
    x = rng_array(cfg["seed"], (cfg["c_in"], *cfg["size"]))
    w = rng_array(cfg["seed"] + 1, (cfg["c_in"], cfg["c_out"], *cfg["kernel"]))
    assert_close(core.trace_conv_transpose2d(x, w, **_kw(cfg)).output,
                 core.conv_transpose2d(x, w, **_kw(cfg)))


@settings(max_examples=150)
@given(shape=st.tuples(st.integers(1, 2), st.integers(1, 5), st.integers(1, 5)),
       stride=pairs(1, 4), seed=seeds, dtype=st.sampled_from([np.float64, np.float32, np.int64]))
def test_zero_insert(shape, stride, seed, dtype):
    x = (rng_array(seed, shape) * 10).astype(dtype)
    sh, sw = as_pair(stride)
    out = core.zero_insert(x, stride)
    assert out.shape == (shape[0], (shape[1] - 1) * sh + 1, (shape[2] - 1) * sw + 1)
    assert out.dtype == x.dtype
    np.testing.assert_array_equal(out[:, ::sh, ::sw], x)
    mask = np.ones(out.shape, bool)
    mask[:, ::sh, ::sw] = False
    assert not out[mask].any(), "every inserted cell is zero"
    assert np.count_nonzero(out) == np.count_nonzero(x)
    # The 2-D form, and zero insertion is a transposed convolution with a 1x1 one.
    np.testing.assert_array_equal(core.zero_insert(x[0], stride), out[0])
    assert_close(core.conv_transpose2d(x[0].astype(float), np.ones((1, 1)), stride=stride), out[0])


@st.composite
def conv_settings(draw):
    """conv2d settings whose kernel fits, with a 4-D or 2-D weight."""
    kernel = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    s = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    d = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    p = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    least = [max(1, di * (k - 1) + 1 - 2 * pi) for k, di, pi in zip(kernel, d, p)]
    size = tuple(draw(st.integers(m, m + 4)) for m in least)
    four_d = draw(st.booleans())
    return dict(size=size, kernel=kernel, stride=s, padding=p, dilation=d, four_d=four_d,
                c_in=draw(st.integers(1, 3)) if four_d else 1,
                c_out=draw(st.integers(1, 3)) if four_d else 1, seed=draw(seeds))


@settings(max_examples=150)
@given(cfg=conv_settings())
def test_matrix_view(torch, cfg):
    """C @ x is conv2d, each column of C is conv2d of a one-hot input, and C.T @ y is the
    transposed convolution with the output padding that restores the input size."""
    kw = {k: cfg[k] for k in ("stride", "padding", "dilation")}
    if cfg["four_d"]:
        w = rng_array(cfg["seed"], (cfg["c_out"], cfg["c_in"], *cfg["kernel"]))
        in_shape = (cfg["c_in"], *cfg["size"])
    else:
        w = rng_array(cfg["seed"], cfg["kernel"])
        in_shape = cfg["size"]
    C = core.conv_matrix(in_shape, w, **kw)
    out_hw = tuple(conv_length(n, k, s, p, d) for n, k, s, p, d in
                   zip(cfg["size"], cfg["kernel"], cfg["stride"], cfg["padding"], cfg["dilation"]))
    out_shape = (cfg["c_out"], *out_hw) if cfg["four_d"] else out_hw
    assert C.shape == (int(np.prod(out_shape)), int(np.prod(in_shape)))

    x = rng_array(cfg["seed"] + 1, in_shape)
    conv = core.conv2d(x, w, **kw)
    assert_close((C @ x.ravel()).reshape(out_shape), conv)
    w4 = w if cfg["four_d"] else w[None, None]
    t = lambda a: torch.from_numpy(np.array(a, copy=True))
    torch_conv = torch.nn.functional.conv2d(t(x.reshape(1, -1, *cfg["size"])), t(w4), **kw).numpy()
    assert_close(conv.reshape(torch_conv.shape), torch_conv)

    # Column k of C is the response to the k-th one-hot input (a few columns are enough).
    rng = np.random.default_rng(cfg["seed"])
    for k in rng.choice(C.shape[1], size=min(6, C.shape[1]), replace=False):
        basis = np.zeros(C.shape[1])
        basis[k] = 1.0
        assert_close(C[:, k], core.conv2d(basis.reshape(in_shape), w, **kw).ravel())

    # C.T @ y is the transposed convolution back to the input's size.
    op = tuple(n - transposed_length(m, k, s, p, 0, d) for n, m, k, s, p, d in
               zip(cfg["size"], out_hw, cfg["kernel"], cfg["stride"], cfg["padding"], cfg["dilation"]))
    assert all(0 <= o < max(s, d) for o, s, d in zip(op, cfg["stride"], cfg["dilation"]))
    y = rng_array(cfg["seed"] + 2, out_shape)
    back = core.conv_transpose2d(y, w, output_padding=op, **kw)
    assert back.shape == tuple(in_shape)
    assert_close((C.T @ y.ravel()).reshape(in_shape), back)
    torch_back = torch.nn.functional.conv_transpose2d(
        t(y.reshape(1, -1, *out_hw)), t(w4), output_padding=op, **kw).numpy()
    assert_close(back.reshape(torch_back.shape), torch_back)


@settings(max_examples=60)
@given(cfg=transposed_settings())
def test_float32_stays_float32_in_every_view(cfg):
    x = rng_array(cfg["seed"], (cfg["c_in"], *cfg["size"]), np.float32)
    w = rng_array(cfg["seed"] + 1, (cfg["c_in"], cfg["c_out"], *cfg["kernel"]), np.float32)
    scatter = core.conv_transpose2d(x, w, **_kw(cfg))
    gather = core.equivalent_convolution(x, w, **_kw(cfg))
    trace = core.trace_conv_transpose2d(x, w, **_kw(cfg))
    assert scatter.dtype == gather.output.dtype == gather.zero_inserted.dtype == np.float32
    assert trace.product.dtype == trace.output.dtype == np.float32
    assert core.conv_matrix(cfg["kernel"], w[0, 0]).dtype == np.float32
    np.testing.assert_allclose(gather.output, scatter, rtol=1e-4,
                               atol=1e-5 * (1 + np.abs(x).sum() * np.abs(w).max()))
    np.testing.assert_allclose(trace.output, scatter, rtol=1e-4,
                               atol=1e-5 * (1 + np.abs(x).sum() * np.abs(w).max()))
