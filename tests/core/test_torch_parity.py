"""conv_transpose2d and conv2d against PyTorch, over every parameter, valid and invalid."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from _support import as_pair, assert_close, mostly, pairs, rng_array, seeds, transposed_length
from hypothesis import event, given, settings
from hypothesis import strategies as st

import core

pytestmark = pytest.mark.filterwarnings("ignore")


def _form(draw, values):
    """Spell a per-axis pair as PyTorch accepts it: an int when both axes agree, a tuple or a list."""
    if values[0] == values[1] and draw(st.booleans()):
        return values[0]
    return draw(st.sampled_from([tuple, list]))(values)


@dataclass
class Transposed:
    n: int
    c_in: int
    c_out: int
    groups: int
    size: tuple[int, int]
    kernel: tuple[int, int]
    stride: object
    padding: object
    output_padding: object
    dilation: object
    bias: bool
    dtype: type
    seed: int

    def arrays(self):
        x = rng_array(self.seed, (self.n, self.c_in, *self.size), self.dtype)
        w = rng_array(self.seed + 1, (self.c_in, self.c_out // self.groups, *self.kernel), self.dtype)
        b = rng_array(self.seed + 2, (self.c_out,), self.dtype) if self.bias else None
        return x, w, b

    def kwargs(self):
        return dict(stride=self.stride, padding=self.padding, output_padding=self.output_padding,
                    groups=self.groups, dilation=self.dilation)


@st.composite
def transposed_configs(draw, dtypes=(np.float64, np.float32)):
    """Valid conv_transpose2d settings: every parameter drawn, the padding kept small enough
    that the output has at least one row and column."""
    groups = draw(st.integers(1, 3))
    c_in, c_out = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    size = (draw(st.integers(1, 5)), draw(st.integers(1, 5)))
    kernel = (draw(st.integers(1, 5)), draw(st.integers(1, 5)))
    same = draw(st.booleans())  # the same value on both axes, so the int form gets exercised
    s = (draw(st.integers(1, 4)),) * 2 if same else (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    d = (draw(st.integers(1, 3)),) * 2 if same else (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    op = tuple(draw(st.integers(0, max(si, di) - 1)) for si, di in zip(s, d))
    # Largest padding that still leaves one output cell, per axis; PyTorch's range is 0 to 3 here.
    most = [min(3, ((n - 1) * si + di * (k - 1) + o) // 2)
            for n, k, si, di, o in zip(size, kernel, s, d, op)]
    p = (draw(st.integers(0, min(most))),) * 2 if same else tuple(draw(st.integers(0, m)) for m in most)
    return Transposed(
        n=draw(st.integers(1, 3)), c_in=c_in, c_out=c_out, groups=groups, size=size, kernel=kernel,
        stride=_form(draw, s), padding=_form(draw, p), output_padding=_form(draw, op),
        dilation=_form(draw, d), bias=draw(st.booleans()), dtype=draw(st.sampled_from(dtypes)),
        seed=draw(seeds))


def _torch_transposed(torch, F, x, w, b, **kw):
    t = lambda a: None if a is None else torch.from_numpy(np.ascontiguousarray(a))
    return F.conv_transpose2d(t(x), t(w), t(b), **kw).numpy()


@settings(max_examples=250)
@given(cfg=transposed_configs())
def test_conv_transpose2d_matches_torch(torch, F, cfg):
    x, w, b = cfg.arrays()
    ours = core.conv_transpose2d(x, w, b, **cfg.kwargs())
    assert ours.dtype == cfg.dtype, "float32 in must stay float32, float64 stays float64"
    # The oracle in float64; float32 is compared with a bound on its rounding error.
    f64 = lambda a: None if a is None else a.astype(np.float64)
    expected = _torch_transposed(torch, F, f64(x), f64(w), f64(b), **cfg.kwargs())
    s, p, op, d = (as_pair(v) for v in (cfg.stride, cfg.padding, cfg.output_padding, cfg.dilation))
    h, wd = (transposed_length(n, k, *a) for n, k, a in zip(cfg.size, cfg.kernel, zip(s, p, op, d)))
    assert ours.shape == (cfg.n, cfg.c_out, h, wd)
    if cfg.dtype == np.float64:
        assert_close(ours, expected)
    else:
        magnitude = _torch_transposed(torch, F, np.abs(f64(x)), np.abs(f64(w)), None, **cfg.kwargs())
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-5 * (1 + magnitude.max()))


@settings(max_examples=80)
@given(cfg=transposed_configs(dtypes=(np.float32,)))
def test_conv_transpose2d_float32_is_torch_float32(torch, F, cfg):
    """float32 against PyTorch's own float32, with rtol 1e-4."""
    x, w, b = cfg.arrays()
    ours = core.conv_transpose2d(x, w, b, **cfg.kwargs())
    expected = _torch_transposed(torch, F, x, w, b, **cfg.kwargs())
    assert ours.dtype == np.float32 and expected.dtype == np.float32
    magnitude = _torch_transposed(torch, F, np.abs(x), np.abs(w), None, **cfg.kwargs())
    np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-5 * (1 + float(magnitude.max())))


@settings(max_examples=200)
@given(cfg=transposed_configs(dtypes=(np.float64,)))
def test_reference_matches_fast_path(cfg):
    x, w, b = cfg.arrays()
    fast = core.conv_transpose2d(x, w, b, **cfg.kwargs())
    slow = core.conv_transpose2d_reference(x, w, b, **cfg.kwargs())
    assert_close(fast, slow)


@settings(max_examples=60)
@given(cfg=transposed_configs(dtypes=(np.float64,)))
def test_reference_matches_torch(torch, F, cfg):
    x, w, b = cfg.arrays()
    assert_close(core.conv_transpose2d_reference(x, w, b, **cfg.kwargs()),
                 _torch_transposed(torch, F, x, w, b, **cfg.kwargs()))


@settings(max_examples=150)
@given(cfg=transposed_configs(dtypes=(np.float64,)))
def test_unbatched_and_teaching_forms(torch, F, cfg):
    """(C_in, H, W) gives (C_out, H', W') like PyTorch; (H, W) with (kH, kW) gives (H', W')."""
    x, w, b = cfg.arrays()
    batched = core.conv_transpose2d(x, w, b, **cfg.kwargs())
    unbatched = core.conv_transpose2d(x[0], w, b, **cfg.kwargs())
    assert unbatched.shape == batched.shape[1:]
    assert_close(unbatched, _torch_transposed(torch, F, x[0], w, b, **cfg.kwargs()))
    kw = cfg.kwargs()
    kw.pop("groups")
    plane = core.conv_transpose2d(x[0, 0], w[0, 0], **kw)
    assert plane.ndim == 2
    assert_close(plane, _torch_transposed(torch, F, x[:1, :1], w[:1, :1], None, **kw)[0, 0])
    assert_close(core.conv_transpose2d_reference(x[0, 0], w[0, 0], **kw), plane)


@settings(max_examples=100)
@given(cfg=transposed_configs(dtypes=(np.float64,)))
def test_int_and_pair_spellings_agree(cfg):
    x, w, b = cfg.arrays()
    spelled = cfg.kwargs()
    per_axis = {k: as_pair(v) for k, v in spelled.items() if k != "groups"}
    assert_close(core.conv_transpose2d(x, w, b, groups=cfg.groups, **per_axis),
                 core.conv_transpose2d(x, w, b, **spelled))
    assert core.output_size(cfg.size, cfg.kernel, per_axis["stride"], per_axis["padding"],
                            per_axis["output_padding"], per_axis["dilation"]) == \
        core.conv_transpose2d(x, w, b, **spelled).shape[-2:]


def test_integer_and_bool_inputs_compute_in_float64(torch, F):
    x = np.arange(12).reshape(1, 1, 3, 4)
    w = np.array([[[[1, 0], [2, -1]]]])
    ours = core.conv_transpose2d(x, w, stride=2)
    assert ours.dtype == np.float64
    assert_close(ours, _torch_transposed(torch, F, x.astype(float), w.astype(float), None, stride=2))
    assert core.conv_transpose2d(x.astype(np.float32), w.astype(np.float32)).dtype == np.float32
    assert core.conv_transpose2d(x.astype(bool), w).dtype == np.float64
    assert core.conv_transpose2d(x.astype(np.float32), w.astype(np.float64)).dtype == np.float64


# -- conv2d --------------------------------------------------------------------------------------

@st.composite
def conv_configs(draw, dtypes=(np.float64, np.float32)):
    groups = draw(st.integers(1, 3))
    c_in, c_out = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    kernel = (draw(st.integers(1, 5)), draw(st.integers(1, 5)))
    mode = draw(st.sampled_from(["int", "int", "valid", "same"]))
    s = (1, 1) if mode == "same" else (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    d = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    p = (draw(st.integers(0, 3)), draw(st.integers(0, 3))) if mode == "int" else (0, 0)
    if mode == "same":
        size = (draw(st.integers(1, 6)), draw(st.integers(1, 6)))
    else:  # the dilated kernel must fit in the padded input
        least = [max(1, di * (k - 1) + 1 - 2 * pi) for k, di, pi in zip(kernel, d, p)]
        size = tuple(draw(st.integers(m, m + 5)) for m in least)
    padding = {"int": lambda: _form(draw, p), "valid": lambda: "valid", "same": lambda: "same"}[mode]()
    return dict(n=draw(st.integers(1, 3)), c_in=c_in, c_out=c_out, groups=groups, size=size,
                kernel=kernel, stride=_form(draw, s), padding=padding, dilation=_form(draw, d),
                bias=draw(st.booleans()), dtype=draw(st.sampled_from(dtypes)), seed=draw(seeds))


def _conv_arrays(cfg):
    x = rng_array(cfg["seed"], (cfg["n"], cfg["c_in"], *cfg["size"]), cfg["dtype"])
    w = rng_array(cfg["seed"] + 1, (cfg["c_out"], cfg["c_in"] // cfg["groups"], *cfg["kernel"]),
                  cfg["dtype"])
    b = rng_array(cfg["seed"] + 2, (cfg["c_out"],), cfg["dtype"]) if cfg["bias"] else None
    return x, w, b


def _conv_kwargs(cfg):
    return {k: cfg[k] for k in ("stride", "padding", "dilation", "groups")}


def _torch_conv(torch, F, x, w, b, **kw):
    t = lambda a: None if a is None else torch.from_numpy(np.ascontiguousarray(a, dtype=np.float64))
    return F.conv2d(t(x), t(w), t(b), **kw).numpy()


@settings(max_examples=250)
@given(cfg=conv_configs())
def test_conv2d_matches_torch(torch, F, cfg):
    x, w, b = _conv_arrays(cfg)
    kw = _conv_kwargs(cfg)
    ours = core.conv2d(x, w, b, **kw)
    assert ours.dtype == cfg["dtype"]
    expected = _torch_conv(torch, F, x, w, b, **kw)
    if cfg["padding"] == "same":
        assert ours.shape[-2:] == x.shape[-2:]
    if cfg["dtype"] == np.float64:
        assert_close(ours, expected)
    else:
        magnitude = _torch_conv(torch, F, np.abs(x), np.abs(w), None, **kw)
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-5 * (1 + magnitude.max()))
    # The unbatched and teaching forms (in float64).
    x, w = x.astype(np.float64), w.astype(np.float64)
    b = None if b is None else b.astype(np.float64)
    unbatched = core.conv2d(x[0], w, b, **kw)
    assert unbatched.shape == expected.shape[1:]
    assert_close(unbatched, _torch_conv(torch, F, x[0], w, b, **kw))
    kw.pop("groups")
    plane = core.conv2d(x[0, 0], w[0, 0], **kw)
    assert plane.ndim == 2
    assert_close(plane, _torch_conv(torch, F, x[:1, :1], w[:1, :1], None, **kw)[0, 0])


# -- invalid settings: PyTorch raises exactly when the core raises --------------------------------

def _outcome(call, torch_error):
    try:
        return call(), None
    except torch_error as exc:
        return None, exc


@st.composite
def any_transposed(draw):
    """Settings in and out of range: zero or negative strides and dilations, negative paddings,
    output padding too large, padding that leaves no output, channels that groups cannot split."""
    groups = draw(st.integers(1, 3))
    c_in = mostly(draw, st.integers(1, 2).map(lambda k: k * groups), st.integers(1, 4))
    c_in_w = mostly(draw, st.just(c_in), st.integers(1, 4))
    return dict(size=(draw(st.integers(1, 5)), draw(st.integers(1, 5))),
                kernel=(draw(st.integers(1, 4)), draw(st.integers(1, 4))),
                c_in=c_in, c_in_w=c_in_w, cg_out=draw(st.integers(1, 2)), groups=groups,
                stride=mostly(draw, pairs(1, 4), pairs(-1, 1)),
                padding=mostly(draw, pairs(0, 2), pairs(-1, 5)),
                output_padding=mostly(draw, st.one_of(st.just(0), pairs(0, 1)), pairs(-1, 4)),
                dilation=mostly(draw, pairs(1, 3), pairs(-1, 1)),
                seed=draw(seeds))


@settings(max_examples=300)
@given(cfg=any_transposed())
def test_conv_transpose2d_raises_exactly_when_torch_raises(torch, F, cfg):
    x = rng_array(cfg["seed"], (1, cfg["c_in"], *cfg["size"]))
    w = rng_array(cfg["seed"] + 1, (cfg["c_in_w"], cfg["cg_out"], *cfg["kernel"]))
    kw = {k: cfg[k] for k in ("stride", "padding", "output_padding", "groups", "dilation")}
    expected, torch_error = _outcome(lambda: _torch_transposed(torch, F, x, w, None, **kw),
                                     (RuntimeError, ValueError))
    event("PyTorch raises" if torch_error is not None else "PyTorch accepts")
    if torch_error is not None:
        with pytest.raises(ValueError):
            core.conv_transpose2d(x, w, **kw)
    else:
        assert_close(core.conv_transpose2d(x, w, **kw), expected)


@settings(max_examples=150)
@given(cfg=any_transposed())
def test_output_size_raises_exactly_when_torch_raises(torch, F, cfg):
    kw = {k: cfg[k] for k in ("stride", "padding", "output_padding", "dilation")}
    x = np.zeros((1, 1, *cfg["size"]))
    w = np.zeros((1, 1, *cfg["kernel"]))
    expected, torch_error = _outcome(lambda: _torch_transposed(torch, F, x, w, None, **kw),
                                     (RuntimeError, ValueError))
    event("PyTorch raises" if torch_error is not None else "PyTorch accepts")
    if torch_error is not None:
        with pytest.raises(ValueError):
            core.output_size(cfg["size"], cfg["kernel"], **kw)
    else:
        assert core.output_size(cfg["size"], cfg["kernel"], **kw) == expected.shape[-2:]


@st.composite
def any_conv(draw):
    """conv2d settings in and out of range (kernel larger than the padded input, 'same' with a
    stride, groups that do not split the channels, zero or negative stride and dilation)."""
    groups = draw(st.integers(1, 3))
    c_in = mostly(draw, st.integers(1, 2).map(lambda k: k * groups), st.integers(1, 4))
    c_out = mostly(draw, st.integers(1, 2).map(lambda k: k * groups), st.integers(1, 4))
    cg_in = mostly(draw, st.just(max(c_in // groups, 1)), st.integers(1, 4))
    return dict(size=(draw(st.integers(1, 5)), draw(st.integers(1, 5))),
                kernel=(draw(st.integers(1, 4)), draw(st.integers(1, 4))),
                c_in=c_in, c_out=c_out, cg_in=cg_in, groups=groups,
                stride=mostly(draw, pairs(1, 3), pairs(-1, 3)),
                padding=mostly(draw, pairs(0, 2), st.one_of(pairs(-1, 3),
                                                                st.sampled_from(["same", "valid"]))),
                dilation=mostly(draw, pairs(1, 2), pairs(-1, 1)), seed=draw(seeds))


@settings(max_examples=300)
@given(cfg=any_conv())
def test_conv2d_raises_exactly_when_torch_raises(torch, F, cfg):
    x = rng_array(cfg["seed"], (1, cfg["c_in"], *cfg["size"]))
    w = rng_array(cfg["seed"] + 1, (cfg["c_out"], cfg["cg_in"], *cfg["kernel"]))
    kw = {k: cfg[k] for k in ("stride", "padding", "dilation", "groups")}
    expected, torch_error = _outcome(lambda: _torch_conv(torch, F, x, w, None, **kw),
                                     (RuntimeError, ValueError))
    event("PyTorch raises" if torch_error is not None else "PyTorch accepts")
    if torch_error is not None:
        with pytest.raises(ValueError):
            core.conv2d(x, w, **kw)
    else:
        assert_close(core.conv2d(x, w, **kw), expected)
