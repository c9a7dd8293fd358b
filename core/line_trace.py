"""The recorded scatter-add along a line: which input cell, which taps, which output cells, which products.

A step is one product ``input[c, i] * weight[c, o, a]`` added into output cell ``(c_out, y)``, with
``y = i * stride + a * dilation - padding``. Steps run input-major (input channel, cell, then output
channel, tap), so one input cell's stamp is a run of steps. The record is the 2-D trace of the same
signal as a plane one row high, read without its row: nothing is copied.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .geometry import geometry1d
from .line import lift, plane
from .trace import Trace, checked_cell, trace_conv_transpose2d


class Trace1d:
    """Arrays of one row per step; built by ``trace_conv_transpose1d``.

    input_index : int32 (n, 2), (c_in, i)
    kernel_index : int32 (n,), the tap a
    output_index : int32 (n, 2), (c_out, y) in output coordinates (outside [0, L_out) where padding crops)
    product : (n,), input value times kernel value
    kept : bool (n,), whether the step lands inside the output
    """

    def __init__(self, steps: Trace, squeeze: bool):
        self.steps = steps  # the plane's trace, one row high
        self.input_index = steps.input_index[:, ::2]
        self.kernel_index = steps.kernel_index[:, 1]
        self.output_index = steps.output_index[:, ::2]
        self.product = steps.product
        self.kept = steps.kept
        self.input_shape = steps.input_shape[::2]  # (C_in, L)
        self.output_shape = steps.output_shape[::2]  # (C_out, L_out)
        self.steps_per_input_cell = steps.steps_per_input_cell
        self._squeeze = squeeze

    def __len__(self) -> int:
        return len(self.product)

    def partial(self, n: int) -> np.ndarray:
        """The running output after the first ``n`` steps (0 gives zeros, ``len`` the full output)."""
        out = self.steps.partial(n)[:, 0]
        return out[0] if self._squeeze else out

    @property
    def output(self) -> np.ndarray:
        return self.partial(len(self))

    def contributors(self, *cell) -> np.ndarray:
        """Step numbers (ascending) whose product lands on output cell ``(c_out, y)`` (or ``(y,)`` in 1-D)."""
        c, y = checked_cell(cell, self.output_shape, self._squeeze, "output", "(c_out, y)")
        return self.steps.contributors(c, 0, y)

    def stamp(self, *cell) -> range:
        """Step numbers of one input cell's stamp ``(c_in, i)`` (or ``(i,)`` in 1-D)."""
        c, i = checked_cell(cell, self.input_shape, self._squeeze, "input", "(c_in, i)")
        return self.steps.stamp(c, 0, i)


def trace_conv_transpose1d(input, weight, stride=1, padding=0, output_padding=0, dilation=1, groups=1) -> Trace1d:
    """Record every scatter-add step of ``conv_transpose1d(input, weight, ...)``.

    input : (C_in, L), or (L,) with a (K,) kernel
    weight : (C_in, C_out/groups, K), or (K,)
    padding : a whole number, or (start, end), as in conv_transpose1d
    """
    x, w, form = lift(input, weight, "weight")
    if form == "batched":
        raise ValueError(f"A trace follows one example: give input of shape (C_in, L) or (L,), got a batch of shape "
                         f"{_checks.show(x.shape[:2] + x.shape[3:])}.")
    one = geometry1d(x.shape[-1], w.shape[-1], stride, padding, output_padding, dilation)
    return Trace1d(trace_conv_transpose2d(x[0], w, groups=groups, **plane(one)), form == "line")
