"""Layers chosen by their sizes: the transposed convolutions that turn one size into another, and the one
that undoes a direct convolution's shape.

``design`` tries every setting within the lesson's ranges and keeps those whose output, asked of
``geometry``, is the size wanted, one axis at a time: a ConvTranspose1d has one axis (the length), a
ConvTranspose2d two (height, width), a ConvTranspose3d three (depth, height, width), each with the same formula.
``invert_conv`` takes a convolution of 1 to 3 axes (``invert_conv2d`` the 2-D one), works out its output with
``conv_length``, and finds the output padding with which the transposed convolution of the same kernel,
stride, padding and dilation returns exactly to the convolution's input: several input sizes share one
output, and output padding says which of them to return to.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from . import _checks
from .geometry import (
    KERAS_MODES,
    Axis,
    RoundTrip,
    axis,
    conv_length,
    geometry,
    keras_crop,
    output_padding_limit,
)

FRAMEWORKS = ("pytorch", "keras")
AXIS_NAMES = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}  # by number of axes


def _sizes(value, name: str, minimum: int, why: str, dims: int) -> tuple[int, ...]:
    """A whole number (the same on each of ``dims`` axes) or a tuple of ``dims`` whole numbers, each at least
    ``minimum``."""
    values = (value,) * dims if _checks._is_whole(value) else value
    try:
        values = tuple(values)
    except TypeError:
        values = ()
    names = AXIS_NAMES.get(dims, ())
    if len(values) != dims or not names or not all(_checks._is_whole(v) for v in values):
        raise ValueError(f"{name} must be a whole number or {dims} whole numbers ({', '.join(names)}), "
                         f"got {_checks.show(value)}.")
    for axis_name, v in zip(names, values):
        if v < minimum:
            raise ValueError(f"{name} must be at least {minimum} on each axis, got {_checks.show(v)} for the "
                             f"{axis_name}: {why}")
    return tuple(int(v) for v in values)


def _dims(*values, dims: int | None = None) -> int:
    """How many axes: ``dims`` if given, else the length of the first tuple among ``values``, else 2."""
    if dims is not None:
        if dims not in AXIS_NAMES:
            raise ValueError(f"the number of axes must be 1, 2 or 3, got {_checks.show(dims)}.")
        return dims
    lengths = [len(v) for v in values if isinstance(v, (tuple, list))]
    return lengths[0] if lengths and lengths[0] in AXIS_NAMES else 2


@dataclass(frozen=True)
class Ranges:
    """The settings a design may use: kernel 1 to ``kernel``, stride 1 to ``stride``, dilation 1 to
    ``dilation`` and PyTorch padding 0 to ``padding`` (the lesson's sidebar passes its own)."""

    kernel: int = 7
    stride: int = 4
    dilation: int = 3
    padding: int = 6


@dataclass(frozen=True)
class Layer:
    """One axis of a transposed convolution that gives ``output`` cells from ``input`` cells.

    padding : PyTorch's cells cropped from each end (an int), or Keras's mode ('valid' or 'same')
    output_padding : an int, or None for Keras's default
    """

    framework: str
    input: int
    output: int
    kernel: int
    stride: int
    dilation: int
    padding: int | str
    output_padding: int | None

    @property
    def even(self) -> bool:
        """Free of uneven overlap: the taps touch and the kernel is a multiple of the stride, so every
        output cell away from the borders gets the same number of contributions."""
        return self.dilation == 1 and self.kernel % self.stride == 0

    @property
    def shared(self) -> tuple:
        """What the two axes of one layer must agree on: the dilation (the sidebar has one), and in
        Keras the mode and whether the output padding is Keras's default (None for both axes or neither)."""
        if self.framework == "keras":
            return self.dilation, self.padding, self.output_padding is None
        return (self.dilation,)

    @property
    def order(self) -> tuple:
        """Even overlap first, then the simplest: smallest kernel, no output padding, least padding."""
        op = self.output_padding
        return (not self.even, self.kernel, bool(op), op is not None, str(self.padding), self.dilation,
                self.stride)


@dataclass(frozen=True)
class Design:
    """Every layer that turns ``input_size`` into ``output_size``, per axis, best first.

    input_size, output_size : one size per axis: (length,), (height, width) or (depth, height, width)
    found : per axis, the layers whose shared settings (``Layer.shared``) every other axis can match
    alone : how many settings each axis has on its own, before that match
    """

    input_size: tuple[int, ...]
    output_size: tuple[int, ...]
    framework: str
    found: tuple[tuple[Layer, ...], ...]
    alone: tuple[int, ...]

    @property
    def axes(self) -> tuple[str, ...]:
        """The axes' names: ('length',), ('height', 'width') or ('depth', 'height', 'width')."""
        return AXIS_NAMES[len(self.input_size)]

    @property
    def same(self) -> bool:
        """Every axis asks the same: one table serves them all."""
        return len(set(zip(self.input_size, self.output_size))) == 1

    @property
    def complete(self) -> bool:
        """Some layer serves every axis."""
        return all(self.found)

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables a page shows: the length's in 1-D, 'both' when the axes agree, else one per axis."""
        if len(self.axes) > 1 and self.same:
            return ("both",)
        return self.axes

    @property
    def height(self) -> tuple[Layer, ...]:
        return self.layers("height")

    @property
    def width(self) -> tuple[Layer, ...]:
        return self.layers("width")

    def layers(self, axis: str) -> tuple[Layer, ...]:
        """The layers of an axis by its name ('both' when the axes agree: the first axis's)."""
        return self.found[0 if axis == "both" else self.axes.index(axis)]

    def choose(self, axis: str, index: int, held=lambda axis, layer: False) -> dict[str, Layer]:
        """The layer, per axis, that picking row ``index`` of ``axis`` ('both' or an axis's name) makes.

        Every other axis keeps the layer ``held(other, layer)`` says it holds, when that can share one layer
        with the row picked; else it takes its best layer that can (``partner``).
        """
        chosen = self.layers(axis)[index]
        if axis == "both":
            return {name: chosen for name in self.axes}
        out = {}
        for other in self.axes:
            kept = next((a for a in self.layers(other) if a.shared == chosen.shared and held(other, a)), None)
            out[other] = chosen if other == axis else kept or partner(chosen, self.layers(other))
        return out

    def held(self, held) -> dict[str, Layer] | None:
        """The layer, per axis, that ``held(axis, layer)`` says is held on every axis and can be one layer, if any."""
        holding = [[a for a in self.layers(name) if held(name, a)] for name in self.axes]
        return next((dict(zip(self.axes, layers)) for layers in product(*holding)
                     if len({a.shared for a in layers}) == 1), None)


def _settings(framework: str, ranges: Ranges):
    """(kernel, stride, dilation, padding, output padding) for every setting within the ranges."""
    for k, s, d in product(range(1, ranges.kernel + 1), range(1, ranges.stride + 1), range(1, ranges.dilation + 1)):
        if framework == "pytorch":
            yield from ((k, s, d, p, op) for p in range(ranges.padding + 1)
                        for op in range(output_padding_limit(s, d)))
        elif s == 1 or d == 1:  # Keras does not combine strides > 1 with dilation > 1
            yield from ((k, s, d, mode, op) for mode in KERAS_MODES
                        for op in (None, *range(output_padding_limit(s, d, "keras"))))


def _axis(n: int, m: int, framework: str, ranges: Ranges) -> list[Layer]:
    found = []
    for k, s, d, p, op in _settings(framework, ranges):
        try:
            out = geometry(n, k, s, p, op, d, framework).output[0]
        except ValueError:  # no output at all
            continue
        if out == m:
            found.append(Layer(framework, n, m, k, s, d, p, op))
    return sorted(found, key=lambda layer: layer.order)


def design(input_size, output_size, framework: str = "pytorch", ranges: Ranges = Ranges()) -> Design:
    """Every transposed convolution within ``ranges`` that turns ``input_size`` into exactly ``output_size``.

    input_size, output_size : one size per axis, (length,), (height, width) or (depth, height, width), for a
        ConvTranspose1d, 2d or 3d; a whole number is the same on each axis (two axes unless the other size
        says how many)
    framework : 'pytorch' (padding 0 to ``ranges.padding``, output padding below max(stride, dilation))
        or 'keras' (padding 'valid' or 'same', output padding None or below the stride; strides and
        dilation not both above 1)
    Each axis is searched once (``_axis``, the same formula on every axis; axes asking the same share it);
    the layers are sorted even overlap first, then simplest.
    """
    if framework not in FRAMEWORKS:
        raise ValueError(f"framework must be 'pytorch' or 'keras', got {_checks.show(framework)}.")
    dims = _dims(input_size, output_size)
    n = _sizes(input_size, "input size", 1, "an input needs at least one cell on each axis.", dims)
    m = _sizes(output_size, "output size", 1, "an output needs at least one cell on each axis.", dims)
    searched = {nm: _axis(*nm, framework, ranges) for nm in set(zip(n, m))}
    per_axis = [searched[nm] for nm in zip(n, m)]
    shared = set.intersection(*({layer.shared for layer in layers} for layers in per_axis))
    return Design(n, m, framework, tuple(tuple(a for a in layers if a.shared in shared) for layers in per_axis),
                  tuple(len(layers) for layers in per_axis))


def partner(layer: Layer, others) -> Layer | None:
    """The best of ``others`` (another axis's layers, best first) that can share one layer with ``layer``."""
    return next((other for other in others if other.shared == layer.shared), None)


# --- undoing a convolution's shape ----------------------------------------------------------------


@dataclass(frozen=True)
class Transposed:
    """A transposed convolution of 1 to 3 axes, from its ``Axis`` objects: each field the tuple, one per axis, of
    the ``Axis`` field of the same name (``input_size`` and ``kernel_size`` for ``input`` and ``kernel``), as
    ``Geometry`` gives them for two."""

    axes: tuple[Axis, ...]

    def _each(self, field: str) -> tuple:
        return tuple(getattr(a, field) for a in self.axes)

    input_size = property(lambda self: self._each("input"))
    kernel_size = property(lambda self: self._each("kernel"))
    stride = property(lambda self: self._each("stride"))
    dilation = property(lambda self: self._each("dilation"))
    padding = property(lambda self: self._each("padding"))
    output_padding = property(lambda self: self._each("output_padding"))
    uncropped = property(lambda self: self._each("uncropped"))
    crop = property(lambda self: self._each("crop"))
    output = property(lambda self: self._each("output"))


@dataclass(frozen=True)
class Inversion:
    """A direct convolution of ``input_size`` gives ``conv_output``; the transposed convolution with the same
    kernel, stride, padding and dilation and ``transposed.output_padding`` returns to ``input_size``.

    input_size, conv_output : one size per axis (1 to 3 axes, named by ``axes``)
    siblings : per axis, every input size the convolution maps to the same output, each with the output
        padding that returns to it (``RoundTrip``): output padding is what tells them apart
    keras : Keras's (padding, output_padding) with the same crop, or None
    keras_problem : when Keras has no such layer because of a rule of its own, the core's sentence; else None
    keras_size : Keras's (padding, output_padding) that gives the same output size, the same window or not, or None
    """

    input_size: tuple[int, ...]
    conv_output: tuple[int, ...]
    transposed: Transposed
    siblings: tuple[tuple[RoundTrip, ...], ...]
    keras: tuple[str, tuple[int, ...] | None] | None
    keras_problem: str | None
    keras_size: tuple[str, tuple[int, ...] | None] | None

    @property
    def axes(self) -> tuple[str, ...]:
        return AXIS_NAMES[len(self.input_size)]

    @property
    def output_padding(self) -> tuple[int, ...]:
        return self.transposed.output_padding


NEEDS = {1: "one cell", 2: "one row and one column", 3: "one cell on each axis"}  # what an output needs


def _conv_output(name: str, n: int, k: int, s: int, p: int, d: int, needs: str) -> int:
    m = conv_length(n, k, s, (p, p), d)
    span = d * (k - 1) + 1
    _checks.positive_length(
        name, m, f"({_checks.show(n)} + 2 x {_checks.show(p)} - {_checks.show(span)}) // {_checks.show(s)} + 1",
        f"the convolution's kernel spans {_checks.show(span)} cells, more than the padded input's "
        f"{_checks.show(n + 2 * p)}; use a larger input or more padding, or a smaller kernel or dilation.", needs)
    return m


def _back(m: int, k: int, s: int, p: int, op: int, d: int) -> int | None:
    """The transposed convolution's output from ``m`` cells, or None when it would be empty."""
    out = axis(m, k, s, d, (p, p), op, output_padding_limit(s, d)).output
    return out if out >= 1 else None


def _siblings(n: int, m: int, k: int, s: int, p: int, d: int) -> tuple[RoundTrip, ...]:
    """Every input size the convolution maps to ``m`` cells, with the output padding that returns to each.

    They lie within one stride of ``n``: the convolution rounds down.
    """
    backs = [_back(m, k, s, p, op, d) for op in range(output_padding_limit(s, d))]
    return tuple(RoundTrip(x, m, backs[0], backs.index(x) if x in backs else None)
                 for x in range(max(1, n - s + 1), n + s) if conv_length(x, k, s, (p, p), d) == m)


def _keras_options(geo: Transposed):
    """Every Keras (padding, output_padding) for ``geo``'s kernel, stride and dilation, with its (before, after)
    crop per axis: 'valid' before 'same', Keras's default output padding first."""
    for mode, op in product(KERAS_MODES, [None, *product(*(range(s) for s in geo.stride))]):
        ops = (None,) * len(geo.axes) if op is None else op
        yield mode, op, tuple(keras_crop(a.kernel, a.stride, mode, o, a.dilation) for a, o in zip(geo.axes, ops))


def _keras_twin(geo: Transposed):
    """Keras's (padding, output_padding) whose crop is exactly ``geo``'s, or None if neither mode gives it."""
    return next(((mode, op) for mode, op, crops in _keras_options(geo) if crops == geo.crop), None)


def _keras_same_size(geo: Transposed):
    """Keras's (padding, output_padding) that gives ``geo``'s output size with its kernel, stride and dilation
    (perhaps keeping other cells), or None."""
    return next(((mode, op) for mode, op, crops in _keras_options(geo)
                 if tuple(u - b - a for u, (b, a) in zip(geo.uncropped, crops)) == geo.output), None)


def _keras_problem(s: tuple[int, ...], d: tuple[int, ...]) -> str | None:
    """Keras's own rule that refuses these strides and dilation, or None."""
    if max(s) > 1 and max(d) > 1:
        return (f"Keras does not combine strides > 1 with dilation_rate > 1 (got strides {_checks.show(s)} "
                f"and dilation_rate {_checks.show(d)}): set one of them to 1.")
    return None


def invert_conv(input_size, kernel, stride=1, padding=0, dilation=1, dims: int | None = None) -> Inversion:
    """The transposed convolution that returns a ``Conv1d``'s, ``Conv2d``'s or ``Conv3d``'s output to its input size.

    input_size, kernel, stride, padding, dilation : the convolution's, each a whole number (the same on every
        axis) or one per axis (padding the same at both ends of an axis, as ``nn.Conv2d(padding=p)`` takes it)
    dims : the number of axes, 1 to 3; by default the length of the first tuple given, else 2
    """
    dims = _dims(input_size, kernel, stride, padding, dilation, dims=dims)
    n = _sizes(input_size, "input size", 1, "an input needs at least one cell on each axis.", dims)
    k = _sizes(kernel, "kernel size", 1, "a kernel needs at least one tap.", dims)
    s = _sizes(stride, "stride", 1, _checks.STRIDE_WHY, dims)
    d = _sizes(dilation, "dilation", 1, _checks.DILATION_WHY, dims)
    p = _sizes(padding, "padding", 0, "padding adds zeros around the input, so it cannot be negative.", dims)
    axes = list(zip(AXIS_NAMES[dims], n, k, s, p, d))
    m = tuple(_conv_output(*one, NEEDS[dims]) for one in axes)
    siblings = tuple(_siblings(n_, m_, k_, s_, p_, d_) for m_, (_, n_, k_, s_, p_, d_) in zip(m, axes))
    op = tuple(next(t.output_padding for t in trips if t.input == n_) for trips, n_ in zip(siblings, n))
    geo = Transposed(tuple(axis(*one) for one in zip(m, k, s, d, ((q, q) for q in p), op,
                                                          (output_padding_limit(s_, d_) for s_, d_ in zip(s, d)))))
    problem = _keras_problem(s, d)
    if problem:
        return Inversion(n, m, geo, siblings, None, problem, None)
    return Inversion(n, m, geo, siblings, _keras_twin(geo), None, _keras_same_size(geo))


def invert_conv2d(input_size, kernel, stride=1, padding=0, dilation=1) -> Inversion:
    """``invert_conv`` for a ``Conv2d``: ints or (height, width) pairs."""
    return invert_conv(input_size, kernel, stride, padding, dilation, dims=2)
