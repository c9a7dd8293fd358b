"""How many products land on each output cell: the checkerboard, counted."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from . import _checks
from .convolution import conv_transpose2d, uncropped_room
from .geometry import geometry

LAYER_KEYS = ("kernel_size", "stride", "padding", "output_padding", "dilation")
# Counts are computed in float64, which holds every whole number below 2**53 exactly.
MAX_COUNT = 2**53


def _ones(size, kernel, stride, padding, output_padding, dilation, what: str):
    """The all-ones input and kernel, once the settings and every size are checked."""
    _checks.room(size, what)
    _checks.room(kernel, "The kernel")
    uncropped_room(geometry(size, kernel, stride, padding, output_padding, dilation))  # a huge output first
    return np.ones(size), np.ones(kernel)


def contribution_count(input_size, kernel_size, stride=1, padding=0, output_padding=0,
                       dilation=1):
    """Integer map (H_out, W_out): the number of products summed into each output cell.

    It is the transposed convolution of an all-ones input with an all-ones kernel.
    When the kernel size is a multiple of the stride (and nothing is cropped unevenly)
    the interior is flat; otherwise it alternates, which is the checkerboard.
    """
    size = _checks.pair(input_size, "input size", 1, "an input needs at least one row and column.")
    kernel = _checks.pair(kernel_size, "kernel size", 1, "a kernel needs at least one tap.")
    ones, taps = _ones(size, kernel, stride, padding, output_padding, dilation, "The input")
    counts = conv_transpose2d(ones, taps, stride=stride, padding=padding,
                              output_padding=output_padding, dilation=dilation)
    return np.rint(counts).astype(np.int64)


def _layers(layers) -> list[dict]:
    """``layers`` as a list of dicts of settings, or a sentence saying what it must be."""
    what = ("layers must be a list of layers, each a dict of settings with the keys kernel_size "
            "and optionally stride, padding, output_padding and dilation, such as "
            "[{'kernel_size': 4, 'stride': 2}]")
    if not isinstance(layers, (list, tuple)):
        raise ValueError(f"{what}; got {_checks.show(layers)}.")
    if len(layers) == 0:
        raise ValueError("layers must hold at least one layer to stack.")
    checked = []
    for number, layer in enumerate(layers, start=1):
        if not isinstance(layer, Mapping):
            raise ValueError(f"{what}; layer {number} is {_checks.show(layer)}, not a dict.")
        unknown = [key for key in layer if key not in LAYER_KEYS]
        if unknown:
            names = ", ".join(sorted(_checks.show(key) if not isinstance(key, str) else key for key in unknown))
            raise ValueError(
                f"Layer {number} has settings a layer does not take: {names}; "
                "use kernel_size, stride, padding, output_padding and dilation."
            )
        if "kernel_size" not in layer:
            raise ValueError(f"Layer {number} needs a kernel_size.")
        checked.append(dict(layer))
    return checked


def contribution_count_stack(input_size, layers):
    """Counts through a stack of transposed convolutions, one map per layer.

    layers : list (or tuple) of dicts with keys kernel_size and optionally stride, padding,
        output_padding, dilation (the arguments of ``contribution_count``).
    Returns a list of integer maps; map k counts the paths of products from the
    input to each output cell of layer k (all-ones kernels in every layer).
    Counts are exact: a stack whose counts reach 2**53 is refused.
    """
    size = _checks.pair(input_size, "input size", 1, "an input needs at least one row and column.")
    layers = _layers(layers)
    _checks.room(size, "The input")
    counts, maps = None, []
    for number, settings in enumerate(layers, start=1):
        try:
            kernel = _checks.pair(settings.pop("kernel_size"), "kernel size", 1,
                                  "a kernel needs at least one tap.")
            if counts is None:
                counts, taps = _ones(size, kernel, settings.get("stride", 1), settings.get("padding", 0),
                                     settings.get("output_padding", 0), settings.get("dilation", 1),
                                     "The input")
            else:
                _checks.room(kernel, "The kernel")
                taps = np.ones(kernel)
            counts = conv_transpose2d(counts, taps, **settings)
        except ValueError as exc:
            raise ValueError(f"Layer {number}: {exc}") from None
        largest = counts.max()
        if largest >= MAX_COUNT:
            raise ValueError(
                f"Layer {number}: the counts reach about {largest:.3g}, and counts from 2**53 "
                f"({MAX_COUNT:,}) up cannot be computed exactly; use fewer layers or smaller "
                "kernels."
            )
        maps.append(np.rint(counts).astype(np.int64))
    return maps


def contribution_profile(length: int, kernel: int, stride: int = 1, padding=(0, 0), output_padding: int = 0,
                         dilation: int = 1) -> np.ndarray:
    """Counts along one axis: a row of ``length`` input cells, a kernel of ``kernel`` taps.

    padding : (before, after) cropped, as one axis of the per-side form
    Each cell of a 2-D map is the product of its row's and its column's profile.
    """
    return contribution_count((1, length), (1, kernel), stride=(1, stride), padding=((0, 0), tuple(padding)),
                              output_padding=(0, output_padding), dilation=(1, dilation))[0]


def interior_period(kernel: int, stride: int = 1, dilation: int = 1) -> list[int]:
    """One period (``stride`` cells) of the counts far from the borders, along one axis.

    A long enough input, with nothing cropped; the interior is where every tap of the kernel
    can reach, from the last tap of the first stamp to the first tap of the last.
    """
    span = dilation * (kernel - 1) + 1
    counts = contribution_profile(span + 2, kernel, stride, dilation=dilation)
    return [int(v) for v in counts[span - 1:span - 1 + stride]]


def interior(input_size, kernel_size, stride=1, padding=0, output_padding=0, dilation=1):
    """((first row, end), (first column, end)) of the output cells that every stamp position could reach,
    half-open, or None when the output is too small to have such a cell along some axis.

    Along an axis the uncropped output's interior runs from the last tap of the first stamp to the
    first tap of the last: cells k_eff - 1 to (n - 1) s; the crop moves it into output coordinates.
    """
    geo = geometry(input_size, kernel_size, stride, padding, output_padding, dilation)
    bounds = []
    for ax in geo.axes:
        first, end = ax.span - 1 - ax.crop[0], (ax.input - 1) * ax.stride + 1 - ax.crop[0]
        first, end = max(first, 0), min(end, ax.output)
        if end - first < max(ax.stride, 1):  # less than one period: no interior to speak of
            return None
        bounds.append((first, end))
    return tuple(bounds)
