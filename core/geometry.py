"""Where the output of a transposed convolution lies: the one place that knows its sizes.

Along one axis, an input of ``n`` cells and a kernel of ``k`` taps ``d`` cells apart (a stamp
spans ``k_eff = d (k - 1) + 1`` cells), stamped ``s`` cells apart, cover the **uncropped**
output of ``(n - 1) s + k_eff`` cells. A framework keeps a window of it:

- PyTorch crops ``padding`` cells from both ends and gives back ``output_padding`` cells at the
  end (the bottom or the right): the crop is ``(padding, padding - output_padding)``.
- Keras's ``'valid'`` keeps everything, plus its output padding at the end; ``'same'`` keeps
  ``n s`` cells, cropping the odd cell more at the end than at the start.

A negative crop at the end means output padding reaches past the uncropped output and adds
zeros there. The same window, seen from the gather side: the zero-inserted input is padded by
``k_eff - 1 - crop`` on each side (cropped where that is negative) before a stride-1
convolution with the flipped kernel.

Every other part of the lesson asks ``geometry(...)`` for these numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from . import _checks

CONVENTIONS = ("pytorch", "keras")
KERAS_MODES = ("valid", "same")


def output_padding_limit(stride: int, dilation: int, convention: str = "pytorch") -> int:
    """Output padding must stay below this, along one axis.

    PyTorch allows ``max(stride, dilation)`` choices (0 to one less); Keras allows fewer than
    its ``strides``. Output padding only chooses among the output sizes that one input size
    can come from, which is why the stride bounds it.
    """
    return stride if convention == "keras" else max(stride, dilation)


class Axis(NamedTuple):
    """One axis of a transposed convolution: its settings and where its output lies (built by ``axis``).

    padding : (before, after) cells cropped from the uncropped output (the per-side form
        the core's functions take), never negative
    output_padding : cells kept past the end of the crop
    span : k_eff = d (k - 1) + 1, the cells one stamp covers
    uncropped : (n - 1) s + k_eff
    crop : (before, after) cells removed from the uncropped output; a negative after adds zeros
    output : uncropped - crop_before - crop_after
    window : the cells kept, [first, end) in uncropped coordinates (the end may pass the uncropped size)
    extent : the uncropped output and any zeros output padding adds past its end
    zero_padding : (before, after) zeros around the zero-inserted input in the equivalent convolution,
        k_eff - 1 - crop (negative: cells cropped from it)
    """

    input: int
    kernel: int
    stride: int
    dilation: int
    padding: tuple[int, int]
    output_padding: int
    output_padding_limit: int
    span: int
    uncropped: int
    crop: tuple[int, int]
    output: int
    window: tuple[int, int]
    extent: int
    zero_padding: tuple[int, int]

    @property
    def settings(self) -> dict:
        """Keyword arguments that give this axis to ``conv_transpose1d``, ``trace_conv_transpose1d`` and
        ``equivalent_convolution1d`` (padding as (start, end))."""
        return dict(stride=self.stride, padding=self.padding, output_padding=self.output_padding,
                    dilation=self.dilation)


def axis(n: int, k: int, stride: int, dilation: int, padding: tuple[int, int], output_padding: int,
         limit: int) -> Axis:
    """An ``Axis`` from its settings: everything else worked out once."""
    span = dilation * (k - 1) + 1
    uncropped = (n - 1) * stride + span
    crop = (padding[0], padding[1] - output_padding)
    output = uncropped - crop[0] - crop[1]
    return Axis(n, k, stride, dilation, padding, output_padding, limit, span, uncropped, crop, output,
                (crop[0], crop[0] + output), max(uncropped, crop[0] + output), (span - 1 - crop[0], span - 1 - crop[1]))


class Geometry(NamedTuple):
    """Both axes of a transposed convolution; every field after ``width`` is the (height, width) pair of the
    ``Axis`` field of the same name (``input_size`` and ``kernel_size`` for ``input`` and ``kernel``).

    padding : ((top, bottom), (left, right)), as cropped
    crop : ((top, bottom), (left, right)); negative adds zeros
    output : (H_out, W_out)
    window : ((first row, end), (first column, end))
    """

    height: Axis
    width: Axis
    input_size: tuple
    kernel_size: tuple
    stride: tuple
    dilation: tuple
    padding: tuple
    output_padding: tuple
    output_padding_limit: tuple
    span: tuple
    uncropped: tuple
    crop: tuple
    output: tuple
    window: tuple
    extent: tuple
    zero_padding: tuple

    @classmethod
    def of(cls, height: Axis, width: Axis) -> Geometry:
        return cls(height, width, *zip(height, width))

    @property
    def axes(self) -> tuple[Axis, Axis]:
        return self.height, self.width

    @property
    def settings(self) -> dict:
        """Keyword arguments that give this geometry to ``conv_transpose2d``, ``trace_conv_transpose2d``,
        ``equivalent_convolution`` and ``contribution_count`` (padding per side)."""
        return dict(stride=self.stride, padding=self.padding, output_padding=self.output_padding,
                    dilation=self.dilation)


def geometry(input_size, kernel_size, stride=1, padding=0, output_padding=0, dilation=1,
             convention: str = "pytorch") -> Geometry:
    """The sizes, crops and window of a transposed convolution, per axis, checked.

    input_size, kernel_size : ints or (height, width) pairs
    convention 'pytorch' : ``padding`` an int, a pair or per side ``((top, bottom), (left, right))``;
        ``output_padding`` an int or a pair, below ``max(stride, dilation)``
    convention 'keras' : ``padding`` 'valid' or 'same'; ``output_padding`` None (Keras's
        default) or an int or a pair below the stride; ``stride`` and ``dilation`` are Keras's
        ``strides`` and ``dilation_rate``
    Settings that give no output raise ``ValueError`` with a sentence. Arithmetic only: any
    size is answered, however large (the functions that compute refuse what they cannot hold).
    """
    size = _checks.pair(input_size, "input size", 1, "an input needs at least one row and column.")
    kernel = _checks.pair(kernel_size, "kernel size", 1, "a kernel needs at least one tap.")
    if convention == "keras":
        return _keras(size, kernel, stride, padding, output_padding, dilation)
    if convention != "pytorch":
        raise ValueError(f"convention must be 'pytorch' or 'keras', got {_checks.show(convention)}.")
    return sized(size, kernel, stride, padding, output_padding, dilation)


def sized(size: tuple[int, int], kernel: tuple[int, int], stride, padding, output_padding, dilation) -> Geometry:
    """``geometry`` (PyTorch's convention) for sizes already known to be pairs of whole numbers (an array's shape)."""
    s = _checks.stride_pair(stride)
    d = _checks.dilation_pair(dilation)
    sides = _checks.padding_sides(padding)
    op = _output_padding(output_padding, s, d)
    geo = Geometry.of(*(axis(n, k, s_, d_, p, o, output_padding_limit(s_, d_))
                        for n, k, s_, d_, p, o in zip(size, kernel, s, d, sides, op)))
    for name, one in zip(_checks.AXES, geo.axes):
        if one.output < 1:
            _empty_pytorch(name, one)
    return geo


def _output_padding(output_padding, stride, dilation) -> tuple[int, int]:
    op = _checks.pair(output_padding, "output_padding", 0, "output padding adds rows and columns "
                      "on the bottom and right, so it cannot be negative.")
    for axis, o, s, d in zip(_checks.AXES, op, stride, dilation):
        _below_limit(o, s, d, f" for the {axis}")
    return op


def _below_limit(o: int, s: int, d: int, where: str) -> None:
    """Refuse an output padding ``o`` that reaches the limit of its axis (``where`` names the axis, or is empty)."""
    limit = output_padding_limit(s, d)
    if o >= limit:
        raise ValueError(
            f"output_padding must be smaller than max(stride, dilation) = {_checks.show(limit)}{where}, got "
            f"{_checks.show(o)}: output padding only chooses among the {_checks.show(limit)} "
            f"output sizes that the same input size can produce, so allowed values are 0 to "
            f"{_checks.show(limit - 1)}."
        )


def _empty_pytorch(name: str, one: Axis, needs: str = "one row and one column") -> None:
    show = _checks.show
    (top, bottom), o = one.padding, one.output_padding
    n, k, s, d = one.input, one.kernel, one.stride, one.dilation
    if top == bottom:
        formula = f"({show(n)} - 1) x {show(s)} - 2 x {show(top)} + {show(d)} x ({show(k)} - 1) + {show(o)} + 1"
        advice = f"use padding of at most {show((one.uncropped - 1 + o) // 2)}"
    else:
        formula = f"{show(one.uncropped)} uncropped - {show(top)} - {show(bottom)} cropped + {show(o)}"
        advice = "crop less"
    _checks.positive_length(
        name, one.output, formula,
        f"padding crops {show(top + bottom)} from an uncropped {name} of {show(one.uncropped)}; {advice}, "
        "or a larger input or kernel.", needs,
    )


def geometry1d(length, kernel_size, stride=1, padding=0, output_padding=0, dilation=1) -> Axis:
    """One axis alone, as PyTorch's ``ConvTranspose1d`` has it: the ``Axis`` of a signal's sizes, crop and window,
    checked, with sentences about a line (a length, cells) where ``geometry`` speaks of rows and columns.

    length, kernel_size, stride, output_padding, dilation : whole numbers (or sequences of one, as PyTorch takes)
    padding : a whole number cropped from both ends, or a pair (start, end)
    """
    n = _checks.single(length, "input length", 1, "an input needs at least one cell.")
    k = _checks.single(kernel_size, "kernel size", 1, "a kernel needs at least one tap.")
    s = _checks.single(stride, "stride", 1, _checks.STRIDE_WHY)
    d = _checks.single(dilation, "dilation", 1, _checks.DILATION_WHY)
    ends = _checks.padding_ends(padding)
    o = _checks.single(output_padding, "output_padding", 0, "output padding adds cells at the end, so it "
                       "cannot be negative.")
    _below_limit(o, s, d, "")
    one = axis(n, k, s, d, ends, o, output_padding_limit(s, d))
    if one.output < 1:
        _empty_pytorch("length", one, "one cell")
    return one


# --- Keras ---------------------------------------------------------------------------------

def keras_mode(padding) -> str:
    """'valid' or 'same' (any case); anything else, an array or a list included, is refused."""
    if not isinstance(padding, str) or padding.lower() not in KERAS_MODES:
        raise ValueError(f"padding must be 'valid' or 'same' in Keras, got {_checks.show(padding)}.")
    return padding.lower()


def keras_crop(kernel: int, stride: int, mode: str, output_padding, dilation: int) -> tuple[int, int]:
    """(before, after) crop of Keras's ``Conv2DTranspose`` along one axis (after < 0 adds zeros)."""
    span = dilation * (kernel - 1) + 1
    if mode == "valid":
        # By default a kernel smaller than the stride is padded to give n * s cells.
        extra = max(span, stride) - span if output_padding is None else output_padding
        before, after = span - 1, span - 1 + extra
    else:
        # 'same': total padding s + k_eff - 2 by default, the odd cell before.
        total = stride + span - 2 if output_padding is None else span + span % 2 - 2 + output_padding
        before = min(total // 2 + total % 2, span - 1)
        after = total - before
    return span - 1 - before, span - 1 - after


def keras_settings(stride, padding, output_padding, dilation):
    """Keras's strides, mode, output padding (None per axis for its default) and dilation_rate, checked."""
    s = _checks.pair(stride, "strides", 1, "the stride is how far apart neighbouring stamps "
                     "land, so it has to move forward.")
    d = _checks.pair(dilation, "dilation_rate", 1, "dilation is the spacing between "
                     "kernel taps; 1 means the taps touch.")
    mode = keras_mode(padding)
    if max(s) > 1 and max(d) > 1:
        raise ValueError(
            f"Keras does not combine strides > 1 with dilation_rate > 1 (got strides {_checks.show(s)} "
            f"and dilation_rate {_checks.show(d)}): set one of them to 1."
        )
    if output_padding is None:
        return s, mode, (None, None), d
    op = _checks.pair(output_padding, "output_padding", 0, "output padding adds cells on "
                      "the bottom and right, so it cannot be negative.")
    for axis, o, s_, d_ in zip(_checks.AXES, op, s, d):
        limit = output_padding_limit(s_, d_, "keras")
        if o >= limit:
            raise ValueError(
                f"output_padding must be smaller than strides in Keras ({_checks.show(limit)} for the "
                f"{axis}), got {_checks.show(o)}: allowed values are 0 to {_checks.show(limit - 1)}."
            )
    return s, mode, op, d


def _keras(size, kernel, stride, padding, output_padding, dilation) -> Geometry:
    s, mode, op, d = keras_settings(stride, padding, output_padding, dilation)
    axes = []
    for name, n, k, s_, o, d_ in zip(_checks.AXES, size, kernel, s, op, d):
        before, after = keras_crop(k, s_, mode, o, d_)
        # A negative crop at the end adds cells: that is output padding.
        one = axis(n, k, s_, d_, (before, max(after, 0)), max(-after, 0), output_padding_limit(s_, d_, "keras"))
        if one.output < 1:
            _checks.positive_length(
                name, one.output,
                f"Keras '{mode}' with input {_checks.show(n)}, kernel {_checks.show(k)}, "
                f"output_padding {_checks.show(o)}",
                "use output_padding of at least 1, or padding 'valid'.")
        axes.append(one)
    return Geometry.of(*axes)


def keras_equivalent(geo: Geometry) -> tuple[str, tuple[int, int] | None] | None:
    """Keras's (padding, output_padding) whose crop is exactly ``geo``'s, or None if neither mode gives it.

    Keras has no free padding: only 'valid' and 'same', each with an output padding below the
    stride (or None, its default), so a PyTorch crop has a Keras twin only sometimes.
    """
    options = [None] + [(a, b) for a in range(geo.stride[0]) for b in range(geo.stride[1])]
    for mode in KERAS_MODES:
        for op in options:
            try:
                twin = geometry(geo.input_size, geo.kernel_size, geo.stride, mode, op, geo.dilation, "keras")
            except ValueError:
                continue
            if twin.crop == geo.crop:
                return mode, op
    return None


# --- the direct convolution ----------------------------------------------------------------

def conv_length(n: int, k: int, stride: int, padding: tuple[int, int], dilation: int) -> int:
    """Output length of a direct convolution along one axis (less than 1 when the kernel does not fit)."""
    # H_out = floor((H + before + after - d (k - 1) - 1) / s) + 1
    return (n + padding[0] + padding[1] - dilation * (k - 1) - 1) // stride + 1


@dataclass(frozen=True)
class RoundTrip:
    """A direct convolution of ``input`` cells gives ``conv_output``; the transposed convolution with the same
    settings and output padding 0 gives back ``back``; ``output_padding`` returns exactly to ``input``."""

    input: int
    conv_output: int
    back: int
    output_padding: int | None


def round_trips(kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1, count: int = 6,
                largest: int = 64) -> list[RoundTrip]:
    """Input sizes 1, 2, ... of a direct convolution (up to ``largest``), until ``count`` of them fit the
    kernel: several share one output size, and output padding is what tells them apart."""
    rows, n = [], 1
    limit = output_padding_limit(stride, dilation)
    while len(rows) < count and n < largest:
        m = conv_length(n, kernel, stride, (padding, padding), dilation)
        if m >= 1:
            backs = [_transposed_length(m, kernel, stride, padding, op, dilation) for op in range(limit)]
            found = [op for op, back in enumerate(backs) if back == n]
            rows.append(RoundTrip(n, m, backs[0], found[0] if found else None))
        n += 1
    return rows


def _transposed_length(n: int, kernel: int, stride: int, padding: int, output_padding: int, dilation: int):
    """Output length of a transposed convolution along one axis, or None when it would be empty."""
    one = axis(n, kernel, stride, dilation, (padding, padding), output_padding, output_padding_limit(stride, dilation))
    return one.output if one.output >= 1 else None
