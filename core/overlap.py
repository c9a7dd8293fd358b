"""How many products land on each output cell: the checkerboard, counted."""

from __future__ import annotations

import numpy as np

from . import _checks
from .convolution import conv_transpose2d


def contribution_count(input_size, kernel_size, stride=1, padding=0, output_padding=0,
                       dilation=1):
    """Integer map (H_out, W_out): the number of products summed into each output cell.

    It is the transposed convolution of an all-ones input with an all-ones kernel.
    When the kernel size is a multiple of the stride (and nothing is cropped unevenly)
    the interior is flat; otherwise it alternates, which is the checkerboard.
    """
    size = _checks.pair(input_size, "input size", 1, "an input needs at least one row and column.")
    kernel = _checks.pair(kernel_size, "kernel size", 1, "a kernel needs at least one tap.")
    counts = conv_transpose2d(np.ones(size), np.ones(kernel), stride=stride, padding=padding,
                              output_padding=output_padding, dilation=dilation)
    return np.rint(counts).astype(np.int64)


def contribution_count_stack(input_size, layers):
    """Counts through a stack of transposed convolutions, one map per layer.

    layers : sequence of dicts with keys kernel_size and optionally stride, padding,
        output_padding, dilation (the arguments of ``contribution_count``).
    Returns a list of integer maps; map k counts the paths of products from the
    input to each output cell of layer k (all-ones kernels in every layer).
    """
    size = _checks.pair(input_size, "input size", 1, "an input needs at least one row and column.")
    if len(layers) == 0:
        raise ValueError("layers must hold at least one layer to stack.")
    counts, maps = np.ones(size), []
    for number, layer in enumerate(layers, start=1):
        settings = dict(layer)
        unknown = set(settings) - {"kernel_size", "stride", "padding", "output_padding", "dilation"}
        if unknown:
            raise ValueError(
                f"Layer {number} has settings a layer does not take: {', '.join(sorted(unknown))}; "
                "use kernel_size, stride, padding, output_padding and dilation."
            )
        try:
            kernel = _checks.pair(settings.pop("kernel_size"), "kernel size", 1,
                                  "a kernel needs at least one tap.")
            counts = conv_transpose2d(counts, np.ones(kernel), **settings)
        except KeyError:
            raise ValueError(f"Layer {number} needs a kernel_size.") from None
        except ValueError as exc:
            raise ValueError(f"Layer {number}: {exc}") from None
        maps.append(np.rint(counts).astype(np.int64))
    return maps
