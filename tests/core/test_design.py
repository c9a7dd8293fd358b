"""core.design and core.invert_conv2d against PyTorch and Keras 3 (torch backend).

Every layer the designer returns really gives the size wanted in torch (or keras), and a brute force over
the same ranges, asked of the oracle, finds no layer the designer left out. The inverter's transposed
layer returns to the convolution's input in torch, with output_padding and with ``output_size=``.
"""

from __future__ import annotations

import os
from functools import partial

import numpy as np
import pytest
from _support import assert_sentence
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import core

os.environ.setdefault("KERAS_BACKEND", "torch")  # before keras is imported anywhere (tests/conftest.py sets it)
RANGES = core.Ranges()  # the sidebar's: kernel 1-7, stride 1-4, dilation 1-3, padding 0-6
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def torch_length(torch, n, k, s, p, op, d) -> int | None:
    """ConvTranspose2d's output height for an n x 1 input (None when torch refuses or gives nothing)."""
    try:
        out = torch.nn.functional.conv_transpose2d(torch.zeros(1, 1, n, 1), torch.zeros(1, 1, k, 1), stride=(s, 1),
                                                   padding=(p, 0), output_padding=(op, 0), dilation=(d, 1))
    except RuntimeError:
        return None
    return out.shape[2] if out.numel() else None


def keras_length(keras, n, k, s, mode, op, d) -> int | None:
    """Conv2DTranspose's output height for an n x 1 input (None when keras refuses or gives nothing)."""
    try:
        out = keras.ops.conv_transpose(np.zeros((1, n, 1, 1), "float32"), np.zeros((k, 1, 1, 1), "float32"),
                                       strides=(s, 1), padding=mode, output_padding=None if op is None else (op, 0),
                                       dilation_rate=(d, 1))
    except (ValueError, RuntimeError):
        return None
    return out.shape[1] if np.prod(out.shape) else None


def brute_force(torch, keras, n: int, m: int, framework: str) -> set[tuple]:
    """Every setting within RANGES whose output, by the oracle, is m cells from n."""
    found = set()
    for k in range(1, RANGES.kernel + 1):
        for s in range(1, RANGES.stride + 1):
            for d in range(1, RANGES.dilation + 1):
                if framework == "pytorch":
                    found |= {(k, s, d, p, op) for p in range(RANGES.padding + 1) for op in range(max(s, d))
                              if torch_length(torch, n, k, s, p, op, d) == m}
                elif s == 1 or d == 1:
                    found |= {(k, s, d, mode, op) for mode in ("valid", "same") for op in (None, *range(s))
                              if keras_length(keras, n, k, s, mode, op, d) == m}
    return found


def key(a: core.Layer) -> tuple:
    return a.kernel, a.stride, a.dilation, a.padding, a.output_padding


@SLOW
@given(n=st.integers(1, 8), m=st.integers(1, 40), framework=st.sampled_from(["pytorch", "keras"]))
def test_design_finds_exactly_the_layers_the_oracle_finds(torch, keras, n, m, framework):
    design = core.design(n, m, framework, RANGES)
    assert design.height == design.width and design.same
    assert {key(a) for a in design.height} == brute_force(torch, keras, n, m, framework)
    assert len(set(design.height)) == len(design.height)
    orders = [a.order for a in design.height]
    assert orders == sorted(orders)
    evens = [a.even for a in design.height]
    assert evens == sorted(evens, reverse=True), "layers free of uneven overlap come first"


def test_every_layer_of_the_default_request_gives_the_size_in_torch_and_keras(torch, keras):
    for framework, length in (("pytorch", partial(torch_length, torch)), ("keras", partial(keras_length, keras))):
        design = core.design(3, 6, framework, RANGES)
        assert design.height, framework
        for a in design.height:
            assert length(3, a.kernel, a.stride, a.padding, a.output_padding, a.dilation) == 6, a
    first = core.design(3, 6, "pytorch").height[0]
    assert (first.kernel, first.stride, first.padding, first.output_padding, first.dilation) == (2, 2, 0, 0, 1)
    assert first.even


@SLOW
@given(n=st.tuples(st.integers(1, 8), st.integers(1, 8)), m=st.tuples(st.integers(1, 30), st.integers(1, 30)),
       framework=st.sampled_from(["pytorch", "keras"]), pick=st.integers(0, 50))
def test_per_axis_rows_pair_up_into_one_layer_that_torch_or_keras_builds(torch, keras, n, m, framework, pick):
    design = core.design(n, m, framework, RANGES)
    alone = [core.design(n_, m_, framework, RANGES).height for n_, m_ in zip(n, m)]
    assert design.alone == tuple(len(a) for a in alone)
    shared = {a.shared for a in alone[0]} & {a.shared for a in alone[1]}
    assert design.height == tuple(a for a in alone[0] if a.shared in shared)
    assert design.width == tuple(a for a in alone[1] if a.shared in shared)
    if not design.height:
        return
    layers = design.choose("height", pick % len(design.height))
    h, w = layers["height"], layers["width"]
    assert h.shared == w.shared and w == core.partner(h, design.width)
    if framework == "pytorch":
        out = torch.nn.ConvTranspose2d(1, 1, (h.kernel, w.kernel), (h.stride, w.stride), (h.padding, w.padding),
                                       (h.output_padding, w.output_padding), dilation=(h.dilation, w.dilation))
        assert tuple(out(torch.zeros(1, 1, *n)).shape) == (1, 1, *m)
    else:
        op = None if h.output_padding is None else (h.output_padding, w.output_padding)
        layer = keras.layers.Conv2DTranspose(1, (h.kernel, w.kernel), (h.stride, w.stride), padding=h.padding,
                                             output_padding=op, dilation_rate=(h.dilation, w.dilation))
        assert tuple(layer(np.zeros((1, *n, 1), "float32")).shape) == (1, *m, 1)


def test_design_with_nothing_to_offer():
    design = core.design(1, 99, "pytorch", RANGES)
    assert design.height == design.width == () and design.alone == (0, 0)
    assert core.design(8, 1, "keras").height == ()


def test_keras_never_offers_strides_and_dilation_both_above_one():
    for n, m in ((3, 6), (4, 9), (2, 7), (5, 15)):
        for a in core.design(n, m, "keras").height:
            assert a.stride == 1 or a.dilation == 1, a
            assert a.output_padding is None or a.output_padding < a.stride, a


@pytest.mark.parametrize("call, start", [
    (lambda: core.design(0, 3), "input size"),
    (lambda: core.design(3, 0), "output size"),
    (lambda: core.design(3, 6, "tensorflow"), "framework"),
    (lambda: core.design((3, 2.5), 6), "input size"),
    (lambda: core.invert_conv2d(2, 5), "These settings"),
    (lambda: core.invert_conv2d(8, 3, 0), "stride"),
    (lambda: core.invert_conv2d(8, 3, 2, -1), "padding"),
    (lambda: core.invert_conv2d(8, 3, 2, 1, 0), "dilation"),
])
def test_refusals_are_sentences(call, start):
    with pytest.raises(ValueError) as info:
        call()
    assert_sentence(str(info.value), start)


conv_axes = st.tuples(st.integers(1, 40), st.integers(1, 7), st.integers(1, 4), st.integers(0, 3), st.integers(1, 3))


@settings(max_examples=60, deadline=None)
@given(height=conv_axes, width=conv_axes, seed=st.integers(0, 2**16))
def test_the_inverse_returns_to_the_input_in_torch(torch, keras, height, width, seed):
    n, k, s, p, d = zip(height, width)
    conv = torch.nn.Conv2d(1, 1, k, s, p, d)
    try:
        inv = core.invert_conv2d(n, k, s, p, d)
    except ValueError:
        with pytest.raises(RuntimeError):
            conv(torch.zeros(1, 1, *n))
        return
    y = conv(torch.zeros(1, 1, *n))
    assert tuple(y.shape[2:]) == inv.conv_output
    up = torch.nn.ConvTranspose2d(1, 1, k, s, p, inv.output_padding, dilation=d)
    assert tuple(up(y).shape[2:]) == n == inv.transposed.output
    plain = torch.nn.ConvTranspose2d(1, 1, k, s, p, dilation=d)
    assert tuple(plain(y, output_size=list(n)).shape[2:]) == n
    for axis, trips in enumerate(inv.siblings):
        inputs = [t.input for t in trips]
        assert n[axis] in inputs and inputs == list(range(inputs[0], inputs[-1] + 1))
        for t in trips:  # each sibling gives the same output, and its output padding returns to it
            shape = [1, 1, *n]
            shape[2 + axis] = t.input
            assert conv(torch.zeros(shape)).shape[2 + axis] == inv.conv_output[axis]
            ops = list(inv.output_padding)
            ops[axis] = t.output_padding
            up = torch.nn.ConvTranspose2d(1, 1, k, s, p, tuple(ops), dilation=d)
            assert up(y).shape[2 + axis] == t.input
        for outside in (inputs[0] - 1, inputs[-1] + 1):  # the neighbours give another output (or none)
            if outside >= 1:
                assert core.conv_length(outside, k[axis], s[axis], (p[axis], p[axis]), d[axis]) != inv.conv_output[axis]
    check_keras(keras, torch, inv, seed)


def check_keras(keras, torch, inv: core.Inversion, seed: int) -> None:
    geo = inv.transposed
    if max(geo.stride) > 1 and max(geo.dilation) > 1:
        assert inv.keras is None and inv.keras_size is None and "Keras does not combine" in inv.keras_problem
        return
    assert inv.keras_problem is None
    rng = np.random.default_rng(seed)
    y = rng.standard_normal((1, 1, *inv.conv_output)).astype("float32")
    w = rng.standard_normal((1, 1, *geo.kernel_size)).astype("float32")
    want = torch.nn.functional.conv_transpose2d(torch.from_numpy(y), torch.from_numpy(w), stride=geo.stride,
                                                padding=[t for t, _ in geo.padding], output_padding=geo.output_padding,
                                                dilation=geo.dilation).numpy()[0, 0]
    for found, same_window in ((inv.keras, True), (inv.keras_size, False)):
        if found is None:
            continue
        mode, op = found
        out = keras.ops.conv_transpose(y.transpose(0, 2, 3, 1), w.transpose(2, 3, 1, 0), strides=geo.stride,
                                       padding=mode, output_padding=op, dilation_rate=geo.dilation)
        out = keras.ops.convert_to_numpy(out)[0, :, :, 0]
        assert out.shape == inv.input_size
        if same_window:
            np.testing.assert_allclose(out, want, rtol=1e-4, atol=1e-4)
    if inv.keras is None and inv.keras_size is not None:
        assert inv.keras_size != inv.keras


def test_the_textbook_case():
    inv = core.invert_conv2d(8, 3, 2, 1, 1)
    assert inv.conv_output == (4, 4) and inv.output_padding == (1, 1)
    assert [t.input for t in inv.siblings[0]] == [7, 8] and [t.output_padding for t in inv.siblings[0]] == [0, 1]
    assert inv.keras is None and inv.keras_size == ("same", None)  # same size, another window
    assert core.invert_conv2d(7, 3, 2, 1, 1).keras == ("same", (0, 0))
    assert "Keras does not combine" in core.invert_conv2d(9, 3, 2, 1, 2).keras_problem


# --- 1-D and 3-D: ConvTranspose1d and ConvTranspose3d, one formula per axis ------------------------------


def torch_length1d(torch, n, k, s, p, op, d) -> int | None:
    """ConvTranspose1d's output length (None when torch refuses or gives nothing)."""
    try:
        out = torch.nn.functional.conv_transpose1d(torch.zeros(1, 1, n), torch.zeros(1, 1, k), stride=s, padding=p,
                                                   output_padding=op, dilation=d)
    except RuntimeError:
        return None
    return out.shape[2] if out.numel() else None


def keras_length1d(keras, n, k, s, mode, op, d) -> int | None:
    """Conv1DTranspose's output length (None when keras refuses or gives nothing)."""
    try:
        out = keras.ops.conv_transpose(np.zeros((1, n, 1), "float32"), np.zeros((k, 1, 1), "float32"), strides=s,
                                       padding=mode, output_padding=op, dilation_rate=d)
    except (ValueError, RuntimeError):
        return None
    return out.shape[1] if np.prod(out.shape) else None


@SLOW
@given(n=st.integers(1, 8), m=st.integers(1, 40), framework=st.sampled_from(["pytorch", "keras"]))
def test_a_1d_design_is_every_conv_transpose1d_of_that_length(torch, keras, n, m, framework):
    design = core.design((n,), (m,), framework, RANGES)
    assert design.axes == ("length",) and design.tables == ("length",) and design.alone == (len(design.found[0]),)
    assert design.found == (core.design(n, m, framework, RANGES).height,)  # the same per-axis search as in 2-D
    length = partial(torch_length1d, torch) if framework == "pytorch" else partial(keras_length1d, keras)
    for a in design.layers("length"):
        assert length(n, a.kernel, a.stride, a.padding, a.output_padding, a.dilation) == m, a
    if design.complete:
        assert design.choose("length", 0) == {"length": design.found[0][0]}


@SLOW
@given(n=st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5)),
       m=st.tuples(st.integers(1, 14), st.integers(1, 14), st.integers(1, 14)),
       framework=st.sampled_from(["pytorch", "keras"]), pick=st.integers(0, 50), axis=st.integers(0, 2))
def test_3d_rows_pair_up_into_one_conv_transpose3d_that_torch_or_keras_builds(torch, keras, n, m, framework, pick,
                                                                                axis):
    design = core.design(n, m, framework, RANGES)
    assert design.axes == ("depth", "height", "width")
    alone = [core.design((n_,), (m_,), framework, RANGES).found[0] for n_, m_ in zip(n, m)]
    assert design.alone == tuple(len(a) for a in alone)
    shared = set.intersection(*({a.shared for a in layers} for layers in alone))
    assert design.found == tuple(tuple(a for a in layers if a.shared in shared) for layers in alone)
    if not design.complete:
        return
    name = "both" if design.same else design.axes[axis]
    assert design.tables == (("both",) if design.same else design.axes)
    layers = list(design.choose(name, pick % len(design.layers(name))).values())
    assert len({a.shared for a in layers}) == 1
    k, s, p, op, d = ([getattr(a, f) for a in layers] for f in ("kernel", "stride", "padding", "output_padding",
                                                                    "dilation"))
    if framework == "pytorch":
        out = torch.nn.ConvTranspose3d(1, 1, k, s, p, op, dilation=d)
        assert tuple(out(torch.zeros(1, 1, *n)).shape) == (1, 1, *m)
        for name in design.tables:  # every row of every table, with its partners, gives the size asked
            for index in range(len(design.layers(name))):
                row = list(design.choose(name, index).values())
                got = torch.nn.functional.conv_transpose3d(
                    torch.zeros(1, 1, *n), torch.zeros(1, 1, *(a.kernel for a in row)),
                    stride=[a.stride for a in row], padding=[a.padding for a in row],
                    output_padding=[a.output_padding for a in row], dilation=[a.dilation for a in row])
                assert tuple(got.shape[2:]) == m, row
    else:
        layer = keras.layers.Conv3DTranspose(1, k, s, padding=p[0], output_padding=None if op[0] is None else op,
                                             dilation_rate=d)
        assert tuple(layer(np.zeros((1, *n, 1), "float32")).shape) == (1, *m, 1)


def test_held_layers_pair_up_on_three_axes():
    design = core.design((4, 4, 8), (8, 8, 16), "pytorch", RANGES)
    want = {name: design.layers(name)[1] for name in ("depth", "height")}
    want["width"] = core.partner(want["depth"], design.width)
    assert design.held(lambda name, a: want[name] == a) == want
    assert design.held(lambda name, a: False) is None


@pytest.mark.parametrize("call, start", [
    (lambda: core.design((3,), (6, 6)), "output size"),
    (lambda: core.design((1, 2, 3, 4), (2, 4, 6, 8)), "input size"),
    (lambda: core.design((3, 0, 3), 6), "input size"),
    (lambda: core.invert_conv(8, 3, dims=4), "the number of axes"),
    (lambda: core.invert_conv((8,), (3, 3)), "kernel size"),
    (lambda: core.invert_conv((2,), 5), "These settings"),
])
def test_refusals_in_1d_and_3d_are_sentences(call, start):
    with pytest.raises(ValueError) as info:
        call()
    assert_sentence(str(info.value), start)


conv_axis = st.tuples(st.integers(1, 12), st.integers(1, 5), st.integers(1, 4), st.integers(0, 3), st.integers(1, 3))


@settings(max_examples=50, deadline=None)
@given(axes=st.one_of(st.lists(conv_axis, min_size=1, max_size=1), st.lists(conv_axis, min_size=3, max_size=3)),
       seed=st.integers(0, 2**16))
def test_the_inverse_returns_to_the_input_in_1d_and_3d(torch, keras, axes, seed):
    n, k, s, p, d = (tuple(v) for v in zip(*axes))
    dims = len(n)
    conv = (torch.nn.Conv1d if dims == 1 else torch.nn.Conv3d)(1, 1, k, s, p, d)
    try:
        inv = core.invert_conv(n, k, s, p, d)
    except ValueError:
        with pytest.raises(RuntimeError):
            conv(torch.zeros(1, 1, *n))
        return
    assert inv.axes == core.AXIS_NAMES[dims]
    y = conv(torch.zeros(1, 1, *n))
    assert tuple(y.shape[2:]) == inv.conv_output
    transposed = torch.nn.ConvTranspose1d if dims == 1 else torch.nn.ConvTranspose3d
    assert tuple(transposed(1, 1, k, s, p, inv.output_padding, dilation=d)(y).shape[2:]) == n == inv.transposed.output
    assert tuple(transposed(1, 1, k, s, p, dilation=d)(y, output_size=list(n)).shape[2:]) == n
    for trips, n_ in zip(inv.siblings, n):
        assert n_ in [t.input for t in trips]
    geo = inv.transposed
    if max(s) > 1 and max(d) > 1:
        assert inv.keras is None and "Keras does not combine" in inv.keras_problem
        return
    rng = np.random.default_rng(seed)
    y = rng.standard_normal((1, 1, *inv.conv_output)).astype("float32")
    w = rng.standard_normal((1, 1, *k)).astype("float32")
    torch_transposed = torch.nn.functional.conv_transpose1d if dims == 1 else torch.nn.functional.conv_transpose3d
    want = torch_transposed(torch.from_numpy(y), torch.from_numpy(w), stride=s, padding=p,
                            output_padding=geo.output_padding, dilation=d).numpy()[0, 0]
    last = tuple(range(2, 2 + dims))
    for found, same_window in ((inv.keras, True), (inv.keras_size, False)):
        if found is None:
            continue
        out = keras.ops.conv_transpose(y.transpose(0, *last, 1), w.transpose(*last, 1, 0), strides=s,
                                       padding=found[0], output_padding=found[1], dilation_rate=d)
        out = keras.ops.convert_to_numpy(out)[0, ..., 0]
        assert out.shape == n
        if same_window:
            np.testing.assert_allclose(out, want, rtol=1e-4, atol=1e-4)


def test_invert_conv2d_is_invert_conv_in_2d():
    assert core.invert_conv2d(8, 3, 2, 1, 1) == core.invert_conv((8, 8), 3, 2, 1, 1)
    one = core.invert_conv(8, 3, 2, 1, 1, dims=1)
    assert one.conv_output == (4,) and one.output_padding == (1,) and one.keras_size == ("same", None)
    assert core.invert_conv((7,), 3, 2, 1).keras == ("same", (0,))
    three = core.invert_conv((8, 7, 9), 3, 2, 1)
    assert three.conv_output == (4, 4, 5) and three.output_padding == (1, 0, 0)
