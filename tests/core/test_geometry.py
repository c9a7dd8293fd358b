"""core.geometry, the one place that knows sizes and crops, against PyTorch and Keras; and the views
built on it (the textbook loop, per-side padding, C^T by impulses, the adjoint and its gradient)."""

from __future__ import annotations

import numpy as np
import pytest
from _support import assert_close, rng_array, seeds
from hypothesis import given, settings
from hypothesis import strategies as st

import core

pytestmark = pytest.mark.filterwarnings("ignore")


@st.composite
def torch_settings(draw):
    """Valid PyTorch settings, per axis, with a padding that leaves an output."""
    axes = []
    for _ in range(2):
        n, k, s, d = draw(st.integers(1, 5)), draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(1, 2))
        op = draw(st.integers(0, max(s, d) - 1))
        uncropped = (n - 1) * s + d * (k - 1) + 1
        p = draw(st.integers(0, max((uncropped - 1 + op) // 2, 0)))
        axes.append((n, k, s, d, p, op))
    return [tuple(a[i] for a in axes) for i in range(6)]


@st.composite
def keras_settings(draw):
    """Valid Keras settings: strides or dilation above 1, not both; output padding None or below the strides."""
    kernel = (draw(st.integers(1, 5)), draw(st.integers(1, 5)))
    if draw(st.integers(0, 3)):
        strides, dilation = (draw(st.integers(1, 3)), draw(st.integers(1, 3))), (1, 1)
    else:
        strides, dilation = (1, 1), (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    mode = draw(st.sampled_from(["valid", "same"]))
    op = None if draw(st.booleans()) else tuple(draw(st.integers(0, s - 1)) for s in strides)
    return (draw(st.integers(1, 5)), draw(st.integers(1, 5))), kernel, strides, mode, op, dilation


def uncropped_output(x, w, stride, dilation, extra):
    """Every stamp summed, nothing cropped, with ``extra`` zero rows and columns at the end."""
    full = core.conv_transpose2d_reference(x, w, stride=stride, dilation=dilation)
    return np.pad(full, ((0, extra[0]), (0, extra[1])))


@settings(max_examples=80)
@given(torch_settings(), seeds)
def test_geometry_is_pytorchs_window_of_the_uncropped_output(torch, F, cfg, seed):
    n, k, s, d, p, op = cfg
    geo = core.geometry(n, k, s, p, op, d)
    x, w = rng_array(seed, n), rng_array(seed + 1, k)
    out = F.conv_transpose2d(torch.from_numpy(x)[None, None], torch.from_numpy(w)[None, None], stride=s,
                             padding=p, output_padding=op, dilation=d)[0, 0].numpy()
    assert geo.output == out.shape
    # The uncropped size is PyTorch's output with no padding; the window of it is PyTorch's output.
    assert geo.uncropped == F.conv_transpose2d(torch.zeros(1, 1, *n), torch.zeros(1, 1, *k), stride=s,
                                               dilation=d).shape[2:]
    full = uncropped_output(x, w, s, d, tuple(e - u for e, u in zip(geo.extent, geo.uncropped)))
    (r0, r1), (c0, c1) = geo.window
    assert_close(full[r0:r1, c0:c1], out)
    assert geo.crop == tuple((p_, p_ - o) for p_, o in zip(p, op))
    assert geo.output_padding_limit == tuple(max(a, b) for a, b in zip(s, d))


@settings(max_examples=80)
@given(keras_settings(), seeds)
def test_geometry_is_keras_window_of_the_uncropped_output(keras, cfg, seed):
    size, kernel, strides, mode, op, dilation = cfg
    layer = keras.layers.Conv2DTranspose(1, kernel, strides=strides, padding=mode, output_padding=op,
                                         dilation_rate=dilation, use_bias=False)
    try:
        geo = core.geometry(size, kernel, strides, mode, op, dilation, convention="keras")
    except ValueError as exc:  # refused only where Keras's own output would be empty
        assert "needs at least one row and one column" in str(exc)
        assert min(layer.compute_output_shape((1, *size, 1))[1:3]) < 1
        return
    x, w = rng_array(seed, (1, *size, 1)).astype(np.float32), rng_array(seed + 1, (*kernel, 1, 1)).astype(np.float32)
    layer.build(x.shape)
    layer.set_weights([w])
    out = keras.ops.convert_to_numpy(layer(x))[0, :, :, 0]
    assert geo.output == out.shape
    full = uncropped_output(x[0, :, :, 0], w[:, :, 0, 0], strides, dilation,
                            tuple(e - u for e, u in zip(geo.extent, geo.uncropped)))
    (r0, r1), (c0, c1) = geo.window
    np.testing.assert_allclose(full[r0:r1, c0:c1], out, rtol=1e-5, atol=1e-5)
    assert geo.output_padding_limit == tuple(strides)
    assert geo.output == core.keras_output_size(size, kernel, strides, mode, op, dilation)


@settings(max_examples=60)
@given(torch_settings(), seeds)
def test_zero_padding_is_the_gather_views(cfg, seed):
    n, k, s, d, p, op = cfg
    geo = core.geometry(n, k, s, p, op, d)
    view = core.equivalent_convolution(rng_array(seed, n), rng_array(seed, k), s, p, op, d)
    assert view.pads == geo.zero_padding


def test_geometry_of_the_seeds_cases():
    # Keras 'same' on a 4x4 input, kernel 3, stride 2: 8x8, cropping the odd cell at the bottom.
    same = core.geometry(4, 3, 2, "same", None, 1, convention="keras")
    assert same.output == (8, 8) and same.uncropped == (9, 9) and same.crop == ((0, 1), (0, 1))
    # ... and with an output padding of 0 given, the formula (H - 1)s + (k mod 2) + op: 7.
    assert core.geometry(4, 3, 2, "same", 0, 1, convention="keras").output == (7, 7)
    # Bed of nails, 3x3 with a 1x1 kernel at stride 2: PyTorch 5x5, Keras 'valid' 6x6 (output padding adds zeros).
    assert core.geometry(3, 1, 2).output == (5, 5)
    valid = core.geometry(3, 1, 2, "valid", None, 1, convention="keras")
    assert valid.output == (6, 6) and valid.crop == ((0, -1), (0, -1)) and valid.extent == (6, 6)
    # PyTorch padding 1 with output padding 1 crops 1 at the top and none at the bottom.
    geo = core.geometry(3, 3, 2, 1, 1)
    assert geo.crop == ((1, 0), (1, 0)) and geo.window == ((1, 7), (1, 7)) and geo.zero_padding == ((1, 2), (1, 2))


def test_geometry_refuses_with_a_sentence():
    with pytest.raises(ValueError, match="output padding"):
        core.geometry(3, 3, 2, 0, 2)
    with pytest.raises(ValueError, match="output height of -1"):
        core.geometry(1, 1, 1, 1)
    with pytest.raises(ValueError, match="Keras does not combine"):
        core.geometry(3, 3, 2, "same", None, 2, convention="keras")
    with pytest.raises(ValueError, match="convention must be"):
        core.geometry(3, 3, convention="tensorflow")
    with pytest.raises(ValueError, match="smaller than strides in Keras"):
        core.geometry(3, 3, 2, "valid", 2, convention="keras")


@settings(max_examples=60)
@given(torch_settings())
def test_keras_equivalent_crops_as_pytorch_does(keras, cfg):
    n, k, s, d, p, op = cfg
    geo = core.geometry(n, k, s, p, op, d)
    found = core.keras_equivalent(geo)
    if found is None:
        return
    mode, kop = found
    twin = core.geometry(n, k, s, mode, kop, d, convention="keras")
    assert twin.crop == geo.crop and twin.output == geo.output


def test_keras_equivalent_finds_same_and_says_none():
    assert core.keras_equivalent(core.geometry(4, 4, 2, 1)) == ("same", None)
    assert core.keras_equivalent(core.geometry(4, 3, 2, 0)) == ("valid", None)
    assert core.keras_equivalent(core.geometry(4, 3, 1, 2)) is None  # Keras crops at most k_eff - 1 in all


@settings(max_examples=40)
@given(st.integers(1, 5), st.integers(1, 3), st.integers(0, 2), st.integers(1, 2))
def test_round_trips_agree_with_pytorch(torch, F, k, s, p, d):
    for row in core.round_trips(k, s, p, d):
        m = F.conv2d(torch.zeros(1, 1, row.input, 1), torch.zeros(1, 1, k, 1), stride=(s, 1), padding=(p, 0),
                     dilation=(d, 1)).shape[2]
        assert row.conv_output == m
        back = F.conv_transpose2d(torch.zeros(1, 1, m, 1), torch.zeros(1, 1, k, 1), stride=(s, 1), padding=(p, 0),
                                  dilation=(d, 1)).shape[2] if (m - 1) * s - 2 * p + d * (k - 1) + 1 >= 1 else None
        assert row.back == back
        if row.output_padding is not None:
            assert core.output_size((m, 1), (k, 1), (s, 1), (p, 0), (row.output_padding, 0), (d, 1))[0] == row.input


# --- the textbook loop and per-side padding ------------------------------------------------------

def test_scatter_add_is_the_worked_example():
    x = np.array([[0.0, 1], [2, 3]])
    np.testing.assert_array_equal(core.scatter_add(x, x), [[0, 0, 1], [0, 4, 6], [4, 12, 9]])


@settings(max_examples=60)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), seeds)
def test_scatter_add_is_the_fast_path_and_the_trace(torch, F, h, w, kh, kw, s, seed):
    x, k = rng_array(seed, (h, w)), rng_array(seed + 1, (kh, kw))
    loop = core.scatter_add(x, k, s)
    assert_close(core.conv_transpose2d(x, k, stride=s), loop)
    assert_close(core.trace_conv_transpose2d(x, k, stride=s).output, loop)
    assert_close(F.conv_transpose2d(torch.from_numpy(x)[None, None], torch.from_numpy(k)[None, None],
                                    stride=s)[0, 0].numpy(), loop)


def gives_output(cfg) -> bool:
    try:
        core.geometry(*cfg, convention="keras")
    except ValueError:
        return False
    return True


@settings(max_examples=60)
@given(keras_settings().filter(gives_output), seeds)
def test_reference_takes_per_side_padding_as_the_fast_path_does(cfg, seed):
    size, kernel, strides, mode, op, dilation = cfg
    geo = core.geometry(size, kernel, strides, mode, op, dilation, convention="keras")
    x, k = rng_array(seed, (2, 1, *size)), rng_array(seed + 1, (1, 3, *kernel))
    assert_close(core.conv_transpose2d_reference(x, k, **geo.settings), core.conv_transpose2d(x, k, **geo.settings))


@st.composite
def conv_per_side(draw):
    h, w, kh, kw = (draw(st.integers(1, 5)) for _ in range(4))
    sides = tuple((draw(st.integers(0, 2)), draw(st.integers(0, 2))) for _ in range(2))
    stride, dilation = (draw(st.integers(1, 3)), draw(st.integers(1, 3))), (draw(st.integers(1, 2)),) * 2
    fits = all(n + a + b >= d * (k - 1) + 1 for n, (a, b), k, d in zip((h, w), sides, (kh, kw), dilation))
    return (h, w), (kh, kw), sides, stride, dilation, fits


@settings(max_examples=80)
@given(conv_per_side(), seeds)
def test_conv2d_and_conv_matrix_take_per_side_padding(torch, F, case, seed):
    size, kernel, sides, stride, dilation, fits = case
    x, k = rng_array(seed, size), rng_array(seed + 1, kernel)
    if not fits:
        with pytest.raises(ValueError, match="does not fit"):
            core.conv_matrix(size, k, stride, sides, dilation)
        return
    padded = torch.from_numpy(np.pad(x, sides))[None, None]
    expected = F.conv2d(padded, torch.from_numpy(k)[None, None], stride=stride, dilation=dilation)[0, 0].numpy()
    assert_close(core.conv2d(x, k, stride=stride, padding=sides, dilation=dilation), expected)
    c = core.conv_matrix(size, k, stride, sides, dilation)
    assert_close((c @ x.ravel()).reshape(expected.shape), expected)


# --- C^T by impulses, the adjoint, the gradient --------------------------------------------------

@settings(max_examples=60)
@given(torch_settings(), seeds)
def test_transposed_matrix_is_the_transpose_of_the_adjoints_matrix(cfg, seed):
    n, k, s, d, p, op = cfg
    w = rng_array(seed, k)
    ct = core.transposed_matrix(n, w, s, p, op, d)
    geo = core.geometry(n, k, s, p, op, d)
    y = rng_array(seed + 1, n)
    assert_close((ct @ y.ravel()).reshape(geo.output),
                 core.conv_transpose2d(y, w, stride=s, padding=p, output_padding=op, dilation=d))
    # C x, column by column, is the adjoint convolution: <C x, y> = <x, C^T y>.
    x = rng_array(seed + 2, geo.output)
    cx = core.adjoint_conv2d(x, w, n, s, p, op, d)
    assert cx.shape == tuple(n)
    assert_close(cx.ravel(), ct.T @ x.ravel())


@settings(max_examples=40)
@given(torch_settings(), seeds)
def test_nudged_gradient_is_autograds_and_the_transposed_convolution(torch, F, cfg, seed):
    n, k, s, d, p, op = cfg
    w, g = rng_array(seed, k), rng_array(seed + 1, n)
    geo = core.geometry(n, k, s, p, op, d)
    x = rng_array(seed + 2, geo.output)
    settings_ = dict(stride=s, padding=p, output_padding=op, dilation=d)
    grad = core.nudged_gradient(g, x, w, **settings_)
    xt = torch.from_numpy(x)[None, None].requires_grad_(True)
    cx = F.conv2d(xt, torch.from_numpy(w)[None, None], stride=s, padding=p, dilation=d)[..., :n[0], :n[1]]
    (cx * torch.from_numpy(g)).sum().backward()
    assert_close(grad, xt.grad[0, 0].numpy(), rtol=1e-7)
    assert_close(grad, core.conv_transpose2d(g, w, **settings_), rtol=1e-7)
