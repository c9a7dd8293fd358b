"""The core along a line (conv_transpose1d, conv1d, their gradients, 1-D upsampling) against PyTorch, over every
parameter, valid and invalid; the sentences for invalid settings speak of a line, never of rows and columns."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pytest
from _support import assert_close, assert_sentence, mostly, rng_array, seeds
from hypothesis import event, given, settings
from hypothesis import strategies as st

import core

pytestmark = pytest.mark.filterwarnings("ignore")

# Words of the 2-D core that a sentence about a line must not use.
PLANE_WORDS = re.compile(r"\b(height|width|rows?|columns?|bottom|right|kH|kW)\b")


def _spell(draw, value: int):
    """A whole number as PyTorch's 1-D functions take it: the number, or a tuple or list of one."""
    return draw(st.sampled_from([lambda v: v, lambda v: (v,), lambda v: [v]]))(value)


def length(n, k, s, p, op, d) -> int:
    """PyTorch's documented output length of ConvTranspose1d, written out."""
    return (n - 1) * s - 2 * p + d * (k - 1) + op + 1


@dataclass
class Transposed:
    n: int
    c_in: int
    c_out: int
    groups: int
    size: int
    kernel: int
    stride: int
    padding: int
    output_padding: int
    dilation: int
    bias: bool
    dtype: type
    seed: int
    spelled: dict

    def arrays(self):
        x = rng_array(self.seed, (self.n, self.c_in, self.size), self.dtype)
        w = rng_array(self.seed + 1, (self.c_in, self.c_out // self.groups, self.kernel), self.dtype)
        b = rng_array(self.seed + 2, (self.c_out,), self.dtype) if self.bias else None
        return x, w, b

    def kwargs(self):
        return dict(self.spelled, groups=self.groups)


@st.composite
def transposed_configs(draw, dtypes=(np.float64, np.float32)):
    """Valid conv_transpose1d settings, the padding kept small enough that the output has a cell."""
    groups = draw(st.integers(1, 3))
    c_in, c_out = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    size, kernel = draw(st.integers(1, 9)), draw(st.integers(1, 6))
    s, d = draw(st.integers(1, 5)), draw(st.integers(1, 3))
    op = draw(st.integers(0, max(s, d) - 1))
    p = draw(st.integers(0, min(4, ((size - 1) * s + d * (kernel - 1) + op) // 2)))
    spelled = {name: _spell(draw, v) for name, v in
               dict(stride=s, padding=p, output_padding=op, dilation=d).items()}
    return Transposed(n=draw(st.integers(1, 3)), c_in=c_in, c_out=c_out, groups=groups, size=size, kernel=kernel,
                      stride=s, padding=p, output_padding=op, dilation=d, bias=draw(st.booleans()),
                      dtype=draw(st.sampled_from(dtypes)), seed=draw(seeds), spelled=spelled)


def _t(torch, a):
    return None if a is None else torch.from_numpy(np.ascontiguousarray(a))


def _torch_transposed(torch, F, x, w, b, **kw):
    return F.conv_transpose1d(_t(torch, x), _t(torch, w), _t(torch, b), **kw).numpy()


def _f64(a):
    return None if a is None else a.astype(np.float64)


@settings(max_examples=200)
@given(cfg=transposed_configs())
def test_conv_transpose1d_matches_torch(torch, F, cfg):
    x, w, b = cfg.arrays()
    ours = core.conv_transpose1d(x, w, b, **cfg.kwargs())
    assert ours.dtype == cfg.dtype, "float32 in must stay float32, float64 stays float64"
    expected = _torch_transposed(torch, F, _f64(x), _f64(w), _f64(b), **cfg.kwargs())
    out = length(cfg.size, cfg.kernel, cfg.stride, cfg.padding, cfg.output_padding, cfg.dilation)
    assert ours.shape == (cfg.n, cfg.c_out, out)
    assert core.geometry1d(cfg.size, cfg.kernel, **cfg.spelled).output == out
    if cfg.dtype == np.float64:
        assert_close(ours, expected)
    else:
        magnitude = _torch_transposed(torch, F, np.abs(_f64(x)), np.abs(_f64(w)), None, **cfg.kwargs())
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-5 * (1 + magnitude.max()))


@settings(max_examples=100)
@given(cfg=transposed_configs(dtypes=(np.float64,)))
def test_unbatched_and_teaching_forms(torch, F, cfg):
    """(C_in, L) gives (C_out, L') like PyTorch; (L,) with (K,) gives (L',)."""
    x, w, b = cfg.arrays()
    unbatched = core.conv_transpose1d(x[0], w, b, **cfg.kwargs())
    assert unbatched.shape == (cfg.c_out, core.geometry1d(cfg.size, cfg.kernel, **cfg.spelled).output)
    assert_close(unbatched, _torch_transposed(torch, F, x[0], w, b, **cfg.kwargs()))
    line = core.conv_transpose1d(x[0, 0], w[0, 0], **cfg.spelled)
    assert line.ndim == 1
    assert_close(line, _torch_transposed(torch, F, x[:1, :1], w[:1, :1], None, **cfg.spelled)[0, 0])


@settings(max_examples=100)
@given(cfg=transposed_configs(dtypes=(np.float64,)), data=st.data())
def test_padding_per_end_crops_the_uncropped_output(cfg, data):
    """(start, end) crops start cells from the uncropped output and end cells from its end, counted from the
    output padding's zeros: the output with no padding, less ``start`` cells first and ``end`` cells last."""
    x, w, b = cfg.arrays()
    full = core.conv_transpose1d(x, w, b, stride=cfg.stride, dilation=cfg.dilation, groups=cfg.groups,
                                 output_padding=cfg.output_padding)
    start = data.draw(st.integers(0, full.shape[-1] - 1), label="start")
    end = data.draw(st.integers(0, full.shape[-1] - start - 1), label="end")
    ours = core.conv_transpose1d(x, w, b, stride=cfg.stride, dilation=cfg.dilation, groups=cfg.groups,
                                 output_padding=cfg.output_padding, padding=(start, end))
    kept = full[..., start:full.shape[-1] - end]
    assert_close(ours, kept)


# -- conv1d ----------------------------------------------------------------------------------------

@st.composite
def conv_configs(draw, dtypes=(np.float64, np.float32)):
    groups = draw(st.integers(1, 3))
    c_in, c_out = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    kernel, d = draw(st.integers(1, 6)), draw(st.integers(1, 3))
    mode = draw(st.sampled_from(["int", "int", "valid", "same"]))
    s = 1 if mode == "same" else draw(st.integers(1, 4))
    p = draw(st.integers(0, 3)) if mode == "int" else 0
    least = 1 if mode == "same" else max(1, d * (kernel - 1) + 1 - 2 * p)  # the dilated kernel fits
    padding = {"int": lambda: _spell(draw, p), "valid": lambda: "valid", "same": lambda: "same"}[mode]()
    return dict(n=draw(st.integers(1, 3)), c_in=c_in, c_out=c_out, groups=groups,
                size=draw(st.integers(least, least + 8)), kernel=kernel, stride=_spell(draw, s), padding=padding,
                dilation=_spell(draw, d), bias=draw(st.booleans()), dtype=draw(st.sampled_from(dtypes)),
                seed=draw(seeds))


def _conv_arrays(cfg):
    x = rng_array(cfg["seed"], (cfg["n"], cfg["c_in"], cfg["size"]), cfg["dtype"])
    w = rng_array(cfg["seed"] + 1, (cfg["c_out"], cfg["c_in"] // cfg["groups"], cfg["kernel"]), cfg["dtype"])
    b = rng_array(cfg["seed"] + 2, (cfg["c_out"],), cfg["dtype"]) if cfg["bias"] else None
    return x, w, b


def _conv_kwargs(cfg):
    return {k: cfg[k] for k in ("stride", "padding", "dilation", "groups")}


def _torch_conv(torch, F, x, w, b, **kw):
    return F.conv1d(_t(torch, _f64(x)), _t(torch, _f64(w)), _t(torch, _f64(b)), **kw).numpy()


@settings(max_examples=200)
@given(cfg=conv_configs())
def test_conv1d_matches_torch(torch, F, cfg):
    x, w, b = _conv_arrays(cfg)
    kw = _conv_kwargs(cfg)
    ours = core.conv1d(x, w, b, **kw)
    assert ours.dtype == cfg["dtype"]
    expected = _torch_conv(torch, F, x, w, b, **kw)
    if cfg["padding"] == "same":
        assert ours.shape[-1] == x.shape[-1]
    if cfg["dtype"] == np.float64:
        assert_close(ours, expected)
    else:
        magnitude = _torch_conv(torch, F, np.abs(x), np.abs(w), None, **kw)
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-5 * (1 + magnitude.max()))
    x, w, b = _f64(x), _f64(w), _f64(b)
    assert_close(core.conv1d(x[0], w, b, **kw), _torch_conv(torch, F, x[0], w, b, **kw))
    kw.pop("groups")
    line = core.conv1d(x[0, 0], w[0, 0], **kw)
    assert line.ndim == 1
    assert_close(line, _torch_conv(torch, F, x[:1, :1], w[:1, :1], None, **kw)[0, 0])


# -- gradients -------------------------------------------------------------------------------------

@settings(max_examples=60)
@given(cfg=transposed_configs(dtypes=(np.float64,)))
def test_conv_transpose1d_backward_matches_autograd(torch, F, cfg):
    x, w, _ = cfg.arrays()
    out = core.conv_transpose1d(x, w, **cfg.kwargs())
    gy = rng_array(cfg.seed + 3, out.shape)
    gx, gw, gb = core.conv_transpose1d_backward(x, w, gy, **cfg.kwargs())
    tx, tw = (torch.tensor(a, requires_grad=True) for a in (x, w))
    tb = torch.zeros(cfg.c_out, dtype=torch.float64, requires_grad=True)
    (F.conv_transpose1d(tx, tw, tb, **cfg.kwargs()) * torch.from_numpy(gy)).sum().backward()
    for ours, theirs in ((gx, tx), (gw, tw), (gb, tb)):
        assert_close(ours, theirs.grad.numpy(), scale=float(np.abs(gy).sum() * (1 + np.abs(x).max() + np.abs(w).max())))


@settings(max_examples=60)
@given(cfg=conv_configs(dtypes=(np.float64,)))
def test_conv1d_backward_matches_autograd(torch, F, cfg):
    x, w, _ = _conv_arrays(cfg)
    kw = _conv_kwargs(cfg)
    gy = rng_array(cfg["seed"] + 3, core.conv1d(x, w, **kw).shape)
    gx, gw, gb = core.conv1d_backward(x, w, gy, **kw)
    tx, tw = (torch.tensor(a, requires_grad=True) for a in (x, w))
    tb = torch.zeros(cfg["c_out"], dtype=torch.float64, requires_grad=True)
    (F.conv1d(tx, tw, tb, **kw) * torch.from_numpy(gy)).sum().backward()
    for ours, theirs in ((gx, tx), (gw, tw), (gb, tb)):
        assert_close(ours, theirs.grad.numpy(), scale=float(np.abs(gy).sum() * (1 + np.abs(x).max() + np.abs(w).max())))


def test_gradients_in_the_teaching_form():
    x, w = np.array([1.0, 2.0, 3.0]), np.array([1.0, -1.0])
    gy = np.ones(core.conv_transpose1d(x, w, stride=2).shape)
    gx, gw, gb = core.conv_transpose1d_backward(x, w, gy, stride=2)
    # Each input cell's stamp meets two output cells of gradient one: dL/dx = w0 + w1 = 0; dL/dw_a = sum of x = 6.
    np.testing.assert_array_equal(gx, [0, 0, 0])
    np.testing.assert_array_equal(gw, [6, 6])
    assert gb == 6 == gy.sum()
    with pytest.raises(ValueError, match=re.escape("grad_output must have the output's shape (6,), got (5,).")):
        core.conv_transpose1d_backward(x, w, np.ones(5), stride=2)


# -- upsampling with fixed rules -------------------------------------------------------------------

@settings(max_examples=60)
@given(n=st.integers(1, 9), scale=st.integers(1, 5), lead=st.integers(1, 3), seed=seeds)
def test_nearest_and_linear_match_interpolate(torch, F, n, scale, lead, seed):
    x = rng_array(seed, (lead, 2, n))
    for ours, mode in ((core.upsample_nearest1d, "nearest"), (core.upsample_linear1d, "linear")):
        expected = F.interpolate(torch.from_numpy(x), scale_factor=scale, mode=mode).numpy()
        assert_close(ours(x, scale), expected)
        assert_close(ours(x[0, 0], scale), expected[0, 0])


@settings(max_examples=60)
@given(c=st.integers(1, 3), r=st.integers(1, 4), n=st.integers(1, 6), seed=seeds)
def test_pixel_shuffle1d_interleaves_the_phases(c, r, n, seed):
    x = rng_array(seed, (2, c * r, n))
    y = core.pixel_shuffle1d(x, r)
    assert y.shape == (2, c, n * r)
    for ch in range(c):
        for p in range(r):
            np.testing.assert_array_equal(y[:, ch, p::r], x[:, ch * r + p])


# -- invalid settings: PyTorch raises exactly when the core raises ---------------------------------

def _outcome(call):
    try:
        return call(), None
    except (RuntimeError, ValueError) as exc:
        return None, exc


def _line_sentence(call):
    """The call raises ValueError whose message is a sentence about a line."""
    with pytest.raises(ValueError) as excinfo:
        call()
    message = str(excinfo.value)
    assert_sentence(message, "stride", "padding", "output_padding", "dilation", "groups", "weight", "input",
                    "kernel", "bias", "conv1d weight", "grad_output", "scale", "upscale")
    assert not PLANE_WORDS.search(message), f"a sentence about a plane: {message!r}"
    return message


@st.composite
def any_transposed(draw):
    groups = draw(st.integers(1, 3))
    c_in = mostly(draw, st.integers(1, 2).map(lambda k: k * groups), st.integers(1, 4))
    return dict(size=draw(st.integers(1, 6)), kernel=draw(st.integers(1, 4)), c_in=c_in,
                c_in_w=mostly(draw, st.just(c_in), st.integers(1, 4)), cg_out=draw(st.integers(1, 2)),
                groups=groups, stride=mostly(draw, st.integers(1, 4), st.integers(-1, 1)),
                padding=mostly(draw, st.integers(0, 2), st.integers(-1, 6)),
                output_padding=mostly(draw, st.integers(0, 1), st.integers(-1, 4)),
                dilation=mostly(draw, st.integers(1, 3), st.integers(-1, 1)), seed=draw(seeds))


@settings(max_examples=300)
@given(cfg=any_transposed())
def test_conv_transpose1d_raises_exactly_when_torch_raises(torch, F, cfg):
    x = rng_array(cfg["seed"], (1, cfg["c_in"], cfg["size"]))
    w = rng_array(cfg["seed"] + 1, (cfg["c_in_w"], cfg["cg_out"], cfg["kernel"]))
    kw = {k: cfg[k] for k in ("stride", "padding", "output_padding", "groups", "dilation")}
    expected, torch_error = _outcome(lambda: _torch_transposed(torch, F, x, w, None, **kw))
    event("PyTorch raises" if torch_error is not None else "PyTorch accepts")
    if torch_error is not None:
        _line_sentence(lambda: core.conv_transpose1d(x, w, **kw))
    else:
        assert_close(core.conv_transpose1d(x, w, **kw), expected)
        assert core.geometry1d(cfg["size"], cfg["kernel"], **{k: kw[k] for k in kw if k != "groups"}).output == \
            expected.shape[-1]


@st.composite
def any_conv(draw):
    groups = draw(st.integers(1, 3))
    c_in = mostly(draw, st.integers(1, 2).map(lambda k: k * groups), st.integers(1, 4))
    c_out = mostly(draw, st.integers(1, 2).map(lambda k: k * groups), st.integers(1, 4))
    return dict(size=draw(st.integers(1, 6)), kernel=draw(st.integers(1, 4)), c_in=c_in, c_out=c_out,
                cg_in=mostly(draw, st.just(max(c_in // groups, 1)), st.integers(1, 4)), groups=groups,
                stride=mostly(draw, st.integers(1, 3), st.integers(-1, 3)),
                padding=mostly(draw, st.integers(0, 2),
                               st.one_of(st.integers(-1, 3), st.sampled_from(["same", "valid"]))),
                dilation=mostly(draw, st.integers(1, 2), st.integers(-1, 1)), seed=draw(seeds))


@settings(max_examples=300)
@given(cfg=any_conv())
def test_conv1d_raises_exactly_when_torch_raises(torch, F, cfg):
    x = rng_array(cfg["seed"], (1, cfg["c_in"], cfg["size"]))
    w = rng_array(cfg["seed"] + 1, (cfg["c_out"], cfg["cg_in"], cfg["kernel"]))
    kw = {k: cfg[k] for k in ("stride", "padding", "dilation", "groups")}
    expected, torch_error = _outcome(lambda: _torch_conv(torch, F, x, w, None, **kw))
    event("PyTorch raises" if torch_error is not None else "PyTorch accepts")
    if torch_error is not None:
        _line_sentence(lambda: core.conv1d(x, w, **kw))
    else:
        assert_close(core.conv1d(x, w, **kw), expected)


# -- the sentences, one by one ---------------------------------------------------------------------

ONES = np.ones(4)


@pytest.mark.parametrize("call, fragments", [
    (lambda: core.conv_transpose1d(ONES, np.ones(3), stride=0),
     ["stride must be at least 1, got 0", "move forward"]),
    (lambda: core.conv_transpose1d(ONES, np.ones(3), stride=(1, 2)), ["stride must be a whole number, got (1, 2)"]),
    (lambda: core.conv_transpose1d(ONES, np.ones(3), dilation=0), ["dilation must be at least 1", "taps touch"]),
    (lambda: core.conv_transpose1d(ONES, np.ones(3), padding=-1), ["padding must be at least 0, got -1", "each end"]),
    (lambda: core.conv_transpose1d(ONES, np.ones(3), padding=(0, -2)), ["got -2 at the end"]),
    (lambda: core.conv_transpose1d(ONES, np.ones(3), padding="same"), ["pair (start, end)", "'same'"]),
    (lambda: core.conv_transpose1d(ONES, np.ones(3), stride=2, output_padding=2),
     ["smaller than max(stride, dilation) = 2, got 2", "allowed values are 0 to 1"]),
    (lambda: core.conv_transpose1d(ONES, np.ones(3), output_padding=-1), ["cannot be negative"]),
    (lambda: core.conv_transpose1d(ONES, np.ones(3), padding=4),
     ["output length of -2", "at least one cell", "use padding of at most 2"]),
    (lambda: core.conv_transpose1d(ONES, np.ones(3), padding=(4, 3)), ["output length of -1", "crop less"]),
    (lambda: core.conv_transpose1d(ONES, np.ones((1, 1, 3))), ["input must have 1 axis (L,), 2 axes (C_in, L)"]),
    (lambda: core.conv_transpose1d(np.ones((1, 4)), np.ones(3)), ["weight must have 3 axes (C_in, C_out/groups, K)"]),
    (lambda: core.conv_transpose1d(np.ones((1, 2, 4)), np.ones((1, 1, 3))),
     ["weight's first axis (1) must equal the input channels (2)"]),
    (lambda: core.conv_transpose1d(np.ones((3, 4)), np.ones((3, 1, 3)), groups=2), ["3 input channels", "2 equal"]),
    (lambda: core.conv_transpose1d([1.0, np.nan], np.ones(3)), ["not a finite number (nan at (1,))"]),
    (lambda: core.conv1d(ONES, np.ones(3), stride=2, padding="same"), ["needs stride 1, got stride 2", "length"]),
    (lambda: core.conv1d(ONES, np.ones(3), padding="full"), ["'valid' or 'same'", "'full'"]),
    (lambda: core.conv1d(ONES, np.ones(3), dilation=2), ["dilated length is 5", "input's length is only 4"]),
    (lambda: core.conv1d(np.ones((2, 4)), np.ones((1, 3)), groups=1), ["conv1d weight must have 3 axes"]),
    (lambda: core.geometry1d(0, 3), ["input length must be at least 1, got 0", "one cell"]),
    (lambda: core.geometry1d(4, (3, 3)), ["kernel size must be a whole number, got (3, 3)"]),
    (lambda: core.trace_conv_transpose1d(np.ones((2, 1, 4)), np.ones((1, 1, 3))),
     ["one example", "(C_in, L) or (L,)", "(2, 1, 4)"]),
    (lambda: core.trace_conv_transpose1d(ONES, np.ones(3)).contributors(9),
     ["Output cell (9,) is outside the output of shape (6,)"]),
    (lambda: core.trace_conv_transpose1d(ONES, np.ones(3)).stamp(0, 0, 0), ["An input cell is (c_in, i)"]),
    (lambda: core.zero_insert1d(np.float64(1.0), 2), ["at least 1 axis (L)"]),
    (lambda: core.upsample_nearest1d(ONES, 0), ["scale must be at least 1"]),
    (lambda: core.pixel_shuffle1d(np.ones((3, 4)), 2), ["divisible by 2, got 3 channels"]),
])
def test_sentences_about_a_line(call, fragments):
    message = _line_sentence(call)
    for text in fragments:
        assert text in message, f"{text!r} not in {message!r}"


def test_the_advised_padding_works_and_one_more_does_not():
    message = _line_sentence(lambda: core.conv_transpose1d(ONES, np.ones(3), stride=2, padding=9))
    most = int(re.search(r"at most (\d+)", message).group(1))
    assert core.conv_transpose1d(ONES, np.ones(3), stride=2, padding=most).shape == (1,)
    with pytest.raises(ValueError):
        core.conv_transpose1d(ONES, np.ones(3), stride=2, padding=most + 1)
