"""Layers chosen by their sizes: the transposed convolutions that turn one size into another, and the one
that undoes a direct convolution's shape.

``design`` tries every setting within the lesson's ranges and keeps those whose output, asked of
``geometry``, is the size wanted. ``invert_conv2d`` takes a convolution, works out its output with
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
    Geometry,
    RoundTrip,
    conv_length,
    geometry,
    keras_equivalent,
    keras_settings,
    output_padding_limit,
)

FRAMEWORKS = ("pytorch", "keras")


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

    height, width : the layers for each axis whose shared settings (``Layer.shared``) the other axis can match
    alone : how many settings each axis has on its own, before that match
    """

    input_size: tuple[int, int]
    output_size: tuple[int, int]
    framework: str
    height: tuple[Layer, ...]
    width: tuple[Layer, ...]
    alone: tuple[int, int]

    @property
    def same(self) -> bool:
        """Both axes ask the same: one table serves both."""
        return self.input_size[0] == self.input_size[1] and self.output_size[0] == self.output_size[1]

    def layers(self, axis: str) -> tuple[Layer, ...]:
        """The layers of 'height' or 'width' ('both' when the axes agree: the height's)."""
        return self.width if axis == "width" else self.height

    def choose(self, axis: str, index: int, held=lambda axis, layer: False) -> dict[str, Layer]:
        """The layer, per axis, that picking row ``index`` of ``axis`` ('both', 'height' or 'width') makes.

        The other axis keeps the layer ``held(other, layer)`` says it holds, when that can share one layer
        with the row picked; else it takes its best layer that can (``partner``).
        """
        chosen = self.layers(axis)[index]
        if axis == "both":
            return {"height": chosen, "width": chosen}
        other = "width" if axis == "height" else "height"
        kept = next((a for a in self.layers(other) if a.shared == chosen.shared and held(other, a)), None)
        return {axis: chosen, other: kept or partner(chosen, self.layers(other))}

    def held(self, held) -> dict[str, Layer] | None:
        """The layer, per axis, that ``held(axis, layer)`` says is held on both axes and can be one layer, if any."""
        heights = [a for a in self.height if held("height", a)]
        widths = [a for a in self.width if held("width", a)]
        return next(({"height": a, "width": b} for a in heights for b in widths if a.shared == b.shared), None)


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

    input_size, output_size : ints or (height, width) pairs
    framework : 'pytorch' (padding 0 to ``ranges.padding``, output padding below max(stride, dilation))
        or 'keras' (padding 'valid' or 'same', output padding None or below the stride; strides and
        dilation not both above 1)
    Each size comes from ``geometry``; the layers are sorted even overlap first, then simplest.
    """
    if framework not in FRAMEWORKS:
        raise ValueError(f"framework must be 'pytorch' or 'keras', got {_checks.show(framework)}.")
    n = _checks.pair(input_size, "input size", 1, "an input needs at least one row and column.")
    m = _checks.pair(output_size, "output size", 1, "an output needs at least one row and column.")
    height = _axis(n[0], m[0], framework, ranges)
    width = height if (n[0], m[0]) == (n[1], m[1]) else _axis(n[1], m[1], framework, ranges)
    both = {layer.shared for layer in height} & {layer.shared for layer in width}
    return Design(n, m, framework, tuple(a for a in height if a.shared in both),
                  tuple(a for a in width if a.shared in both), (len(height), len(width)))


def partner(layer: Layer, others) -> Layer | None:
    """The best of ``others`` (another axis's layers, best first) that can share one layer with ``layer``."""
    return next((other for other in others if other.shared == layer.shared), None)


# --- undoing a convolution's shape ----------------------------------------------------------------


@dataclass(frozen=True)
class Inversion:
    """A direct convolution of ``input_size`` gives ``conv_output``; the transposed convolution with the same
    kernel, stride, padding and dilation and ``transposed.output_padding`` returns to ``input_size``.

    siblings : per axis, every input size the convolution maps to the same output, each with the output
        padding that returns to it (``RoundTrip``): output padding is what tells them apart
    keras : Keras's (padding, output_padding) with the same crop (``keras_equivalent``), or None
    keras_problem : when Keras has no such layer because of a rule of its own, the core's sentence; else None
    keras_size : Keras's (padding, output_padding) that gives the same output size, the same window or not, or None
    """

    input_size: tuple[int, int]
    conv_output: tuple[int, int]
    transposed: Geometry
    siblings: tuple[tuple[RoundTrip, ...], tuple[RoundTrip, ...]]
    keras: tuple[str, tuple[int, int] | None] | None
    keras_problem: str | None
    keras_size: tuple[str, tuple[int, int] | None] | None

    @property
    def output_padding(self) -> tuple[int, int]:
        return self.transposed.output_padding


def _conv_output(name: str, n: int, k: int, s: int, p: int, d: int) -> int:
    m = conv_length(n, k, s, (p, p), d)
    span = d * (k - 1) + 1
    _checks.positive_length(
        name, m, f"({_checks.show(n)} + 2 x {_checks.show(p)} - {_checks.show(span)}) // {_checks.show(s)} + 1",
        f"the convolution's kernel spans {_checks.show(span)} cells, more than the padded input's "
        f"{_checks.show(n + 2 * p)}; use a larger input or more padding, or a smaller kernel or dilation.")
    return m


def _back(m: int, k: int, s: int, p: int, op: int, d: int) -> int | None:
    """The transposed convolution's output from ``m`` cells, or None when it would be empty."""
    try:
        return geometry(m, k, s, p, op, d).output[0]
    except ValueError:
        return None


def _siblings(n: int, m: int, k: int, s: int, p: int, d: int) -> tuple[RoundTrip, ...]:
    """Every input size the convolution maps to ``m`` cells, with the output padding that returns to each.

    They lie within one stride of ``n``: the convolution rounds down.
    """
    backs = [_back(m, k, s, p, op, d) for op in range(output_padding_limit(s, d))]
    return tuple(RoundTrip(x, m, backs[0], backs.index(x) if x in backs else None)
                 for x in range(max(1, n - s + 1), n + s) if conv_length(x, k, s, (p, p), d) == m)


def _keras_same_size(geo: Geometry):
    """Keras's (padding, output_padding) that gives ``geo``'s output size with its kernel, stride and dilation
    (perhaps keeping other cells), or None."""
    for mode, op in product(KERAS_MODES, [None, *product(range(geo.stride[0]), range(geo.stride[1]))]):
        try:
            twin = geometry(geo.input_size, geo.kernel_size, geo.stride, mode, op, geo.dilation, "keras")
        except ValueError:  # no output at all
            continue
        if twin.output == geo.output:
            return mode, op
    return None


def invert_conv2d(input_size, kernel, stride=1, padding=0, dilation=1) -> Inversion:
    """The transposed convolution that returns a ``Conv2d``'s output to its input size.

    input_size, kernel, stride, padding, dilation : the convolution's, ints or (height, width) pairs
    (padding the same at both ends of an axis, as ``nn.Conv2d(padding=p)`` takes it)
    """
    n = _checks.pair(input_size, "input size", 1, "an input needs at least one row and column.")
    k = _checks.pair(kernel, "kernel size", 1, "a kernel needs at least one tap.")
    s = _checks.stride_pair(stride)
    d = _checks.dilation_pair(dilation)
    p = _checks.pair(padding, "padding", 0, "padding adds zeros around the input, so it cannot be negative.")
    axes = list(zip(_checks.AXES, n, k, s, p, d))
    m = tuple(_conv_output(*axis) for axis in axes)
    siblings = tuple(_siblings(n_, m_, k_, s_, p_, d_) for m_, (_, n_, k_, s_, p_, d_) in zip(m, axes))
    op = tuple(next(t.output_padding for t in trips if t.input == n_) for trips, n_ in zip(siblings, n))
    geo = geometry(m, k, s, p, op, d)
    try:
        keras_settings(s, "valid", None, d)
        problem = None
    except ValueError as exc:
        problem = str(exc)
    if problem:
        return Inversion(n, m, geo, siblings, None, problem, None)
    return Inversion(n, m, geo, siblings, keras_equivalent(geo), None, _keras_same_size(geo))
