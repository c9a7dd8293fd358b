"""Channels and groups: where a transposed convolution keeps each kernel, and what each output channel sums.

A transposed convolution with ``C_in`` input channels, ``C_out`` output channels and ``groups`` g
splits both into g groups. Input channel ``i`` is in group ``i // (C_in/g)``; it feeds only that
group's ``C_out/g`` output channels, each through its own 2-D kernel, the slice ``weight[i, o]``
(``o`` counts the output channels within the group). Output channel ``j`` is then the sum, over the
input channels of its group, of one single-channel transposed convolution each, plus its bias:

    out[j] = sum_i conv_transpose2d(input[i], weight[i, j % (C_out/g)]) + bias[j]

The weight is ``(C_in, C_out/g, kH, kW)`` because it is the weight of the convolution this layer
transposes, ``Conv2d(C_out, C_in)``, read as it reads it: ``<conv2d(x, W), y> = <x, conv_transpose2d(y, W)>``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _checks
from .convolution import conv2d, conv_transpose2d


def _channels(value, name: str) -> int:
    n = _checks.whole(value, name)
    if n < 1:
        raise ValueError(f"{name} must be at least 1, got {n}: a layer needs at least one channel.")
    return n


def _check_groups(c_in, c_out, groups) -> tuple[int, int, int]:
    """(C_in, C_out, groups) as ints; groups must divide both channel counts."""
    c_in, c_out = _channels(c_in, "The input channels"), _channels(c_out, "The output channels")
    g = _channels(groups, "groups")
    if c_in % g or c_out % g:
        raise ValueError(
            f"groups must divide both channel counts: {g} groups cannot split {c_in} input and {c_out} "
            f"output channels evenly; choose a common divisor of {c_in} and {c_out}."
        )
    return c_in, c_out, g


def group_choices(c_in, c_out) -> list[int]:
    """The groups a layer of C_in input and C_out output channels can have: their common divisors."""
    c_in, c_out = _channels(c_in, "The input channels"), _channels(c_out, "The output channels")
    return [g for g in range(1, min(c_in, c_out) + 1) if c_in % g == 0 and c_out % g == 0]


@dataclass(frozen=True)
class Layouts:
    """The weight's shape in each framework, for ``C_in`` input and ``C_out`` output channels.

    conv_transpose2d : PyTorch ``ConvTranspose2d(C_in, C_out).weight``, (C_in, C_out/g, kH, kW)
    conv2d : PyTorch ``Conv2d(C_in, C_out).weight``, (C_out, C_in/g, kH, kW): in and out swapped
    adjoint : ``Conv2d(C_out, C_in).weight``, the convolution this layer transposes: the same shape
        as ``conv_transpose2d``
    keras : Keras 3 ``Conv2DTranspose(C_out)`` on C_in channels, ``kernel`` (kH, kW, C_out, C_in);
        None when groups > 1 (Keras's Conv2DTranspose has no groups)
    """

    conv_transpose2d: tuple[int, int, int, int]
    conv2d: tuple[int, int, int, int]
    adjoint: tuple[int, int, int, int]
    keras: tuple[int, int, int, int] | None


def weight_layouts(c_in, c_out, groups, kh, kw) -> Layouts:
    """The weight's shapes in PyTorch (transposed and ordinary convolution) and Keras."""
    c_in, c_out, g = _check_groups(c_in, c_out, groups)
    kh, kw = _checks.pair((kh, kw), "The kernel size", 1, "a kernel needs at least one row and one column.")
    return Layouts(conv_transpose2d=(c_in, c_out // g, kh, kw), conv2d=(c_out, c_in // g, kh, kw),
                   adjoint=(c_in, c_out // g, kh, kw), keras=(kh, kw, c_out, c_in) if g == 1 else None)


def parameter_count(c_in, c_out, groups, kh, kw, bias=True) -> int:
    """What the layer learns: C_in * C_out/g * kH * kW weights, plus one bias per output channel."""
    weights = int(np.prod(weight_layouts(c_in, c_out, groups, kh, kw).conv_transpose2d))
    return weights + (int(c_out) if bias else 0)


@dataclass(frozen=True)
class Group:
    """One group: the input channels it takes and the output channels it feeds (Python ranges, end excluded)."""

    index: int
    inputs: range
    outputs: range


def channel_groups(c_in, c_out, groups) -> list[Group]:
    """The g groups in order: group k takes input channels k*C_in/g .. and feeds output channels k*C_out/g .."""
    c_in, c_out, g = _check_groups(c_in, c_out, groups)
    per_in, per_out = c_in // g, c_out // g
    return [Group(k, range(k * per_in, (k + 1) * per_in), range(k * per_out, (k + 1) * per_out)) for k in range(g)]


@dataclass(frozen=True)
class Slice:
    """One 2-D kernel of the weight: the one that links an input channel to an output channel.

    index : (i, o), its place in ``ConvTranspose2d.weight[i, o]``
    conv2d_index : where ``Conv2d(C_in, C_out).weight`` keeps the kernel linking the same two channels
    keras_index : ``(j, i)`` of Keras's ``kernel[:, :, j, i]``, or None when groups > 1
    """

    input_channel: int
    output_channel: int
    group: int
    index: tuple[int, int]
    conv2d_index: tuple[int, int]
    keras_index: tuple[int, int] | None


def kernel_slices(c_in, c_out, groups) -> list[Slice]:
    """Every kernel slice, in the weight's order: input channel, then output channel within its group."""
    c_in, c_out, g = _check_groups(c_in, c_out, groups)
    per_in, per_out = c_in // g, c_out // g
    slices = []
    for i in range(c_in):
        group = i // per_in
        for o in range(per_out):
            j = group * per_out + o
            slices.append(Slice(i, j, group, (i, o), (j, i - group * per_in), (j, i) if g == 1 else None))
    return slices


def connections(c_in, c_out, groups) -> np.ndarray:
    """(C_out, C_in) of 1 where an input channel feeds an output channel, 0 elsewhere: g diagonal blocks."""
    c_in, c_out, g = _check_groups(c_in, c_out, groups)
    out = np.zeros((c_out, c_in))
    for s in kernel_slices(c_in, c_out, g):
        out[s.output_channel, s.input_channel] = 1.0
    return out


@dataclass(frozen=True)
class OutputChannel:
    """What one output channel sums.

    slices : the kernel slices it sums over, one per input channel of its group
    partials : (len(slices), H_out, W_out), ``conv_transpose2d(input[i], weight[i, o])`` for each slice
    bias : its bias (0 without one)
    output : partials summed, plus the bias: the layer's output channel
    """

    channel: int
    group: int
    slices: tuple[Slice, ...]
    partials: np.ndarray
    bias: float
    output: np.ndarray


def _unbatched(input, weight, groups):
    x, w = _checks.array(input, "input"), _checks.array(weight, "weight")
    if x.ndim != 3:
        raise ValueError(f"input must have 3 axes (C_in, H, W), one example with its channels, got shape {x.shape}.")
    if w.ndim != 4:
        raise ValueError(f"weight must have 4 axes (C_in, C_out/groups, kH, kW), got shape {w.shape}.")
    if w.shape[0] != x.shape[0]:
        raise ValueError(f"weight's first axis ({w.shape[0]}) must equal the input channels ({x.shape[0]}): "
                         "each input channel has its own set of kernels.")
    g = _channels(groups, "groups")
    return x, w, _check_groups(x.shape[0], w.shape[1] * g, g)


def channel_contributions(input, weight, groups=1, bias=None, **settings) -> list[OutputChannel]:
    """Each output channel as the sum of one single-channel transposed convolution per input channel.

    input : (C_in, H, W); weight : (C_in, C_out/groups, kH, kW); bias : (C_out,) or None
    settings : stride, padding (also per side), output_padding, dilation, as ``conv_transpose2d`` takes them
    """
    x, w, (c_in, c_out, g) = _unbatched(input, weight, groups)
    b = np.zeros(c_out) if bias is None else _checks.array(bias, "bias").reshape(-1)
    if b.shape != (c_out,):
        raise ValueError(f"bias must hold one value per output channel ({c_out}), got shape {b.shape}.")
    slices = kernel_slices(c_in, c_out, g)
    partial = {s.index: conv_transpose2d(x[s.input_channel], w[s.index], **settings) for s in slices}
    out = []
    for j in range(c_out):
        mine = tuple(s for s in slices if s.output_channel == j)
        partials = np.stack([partial[s.index] for s in mine])
        out.append(OutputChannel(j, mine[0].group, mine, partials, float(b[j]), partials.sum(axis=0) + b[j]))
    return out


@dataclass(frozen=True)
class Adjoint:
    """The two sides of ``<conv2d(x, W), y> = <x, conv_transpose2d(y, W)>`` and their difference."""

    conv: float
    transposed: float

    @property
    def difference(self) -> float:
        return abs(self.conv - self.transposed)


def adjoint_check(x, y, weight, groups=1, **settings) -> Adjoint:
    """Both inner products, with the same tensor W.

    x : (C_out, H_out, W_out), in the transposed layer's output space
    y : (C_in, H, W), in its input space
    weight : (C_in, C_out/groups, kH, kW): the transposed layer's weight, which ``conv2d`` reads as
        (C_out_conv, C_in_conv/groups, kH, kW) with C_out_conv = C_in
    settings : the transposed convolution's; the convolution pads by its crop, with the same stride
        and dilation, and keeps the first H x W cells (more appear only when output padding reaches the stride)
    """
    y, w, (_, c_out, g) = _unbatched(y, weight, groups)
    x = _checks.array(x, "x")
    back = conv_transpose2d(y, w, groups=g, **settings)
    if x.shape != back.shape:
        raise ValueError(f"x must have the transposed convolution's output shape {back.shape} "
                         f"(C_out, H_out, W_out), got {x.shape}.")
    s = {key: settings[key] for key in ("stride", "padding", "dilation") if key in settings}
    forward = conv2d(x, w, groups=g, **s)[:, :y.shape[1], :y.shape[2]]
    return Adjoint(conv=float((forward * y).sum()), transposed=float((x * back).sum()))


def small_integers(shape, seed, salt: int = 0, low: int = 0, high: int = 3) -> np.ndarray:
    """Whole numbers from ``low`` to ``high`` (both included), the same for the same seed and salt."""
    seed = _checks.whole(seed, "The seed")
    if seed < 0:
        raise ValueError(f"The seed must be at least 0, got {seed}.")
    return np.random.default_rng([seed, salt]).integers(low, high + 1, tuple(shape)).astype(float)
