"""A recorded scatter-add: every product of a transposed convolution, in order.

A step is one product ``input[c, i, j] * weight[c, o, a, b]`` added into output cell
``(c_out, y, x)``. Steps run input-major: input channel, row, column, then output
channel, kernel row, kernel column; so the steps of one input cell (its stamp) are
contiguous. Products that land where padding crops are recorded too, with output
coordinates outside ``[0, H_out)`` / ``[0, W_out)``.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .convolution import _as_batched, _groups, uncropped_room
from .geometry import sized

MAX_STEPS = 2**24


def checked_cell(cell, shape: tuple[int, ...], squeeze: bool, what: str, axes: str) -> tuple[int, ...]:
    """A cell (channel first) of an array of ``shape``, or a sentence; without its channel when ``squeeze``
    (a trace of the teaching form, one channel)."""
    given, shown = cell, shape
    if len(cell) == len(shape) - 1 and squeeze:
        cell, shown = (0, *cell), shape[1:]
    if len(cell) != len(shape):
        raise ValueError(f"An {what} cell is {axes}, got {_checks.show(given)}.")
    index = tuple(_checks.whole(v, f"An {what} cell's coordinate") for v in cell)
    if not all(0 <= v < n for v, n in zip(index, shape)):
        raise ValueError(f"{what.capitalize()} cell {_checks.show(given)} is outside the {what} of shape {shown}.")
    return index


class Trace:
    """Arrays of one row per step; built by ``trace_conv_transpose2d``.

    input_index : int32 (n, 3), (c_in, i, j)
    kernel_index : int32 (n, 2), (a, b)
    output_index : int32 (n, 3), (c_out, y, x) in output coordinates
    product : (n,), input value times kernel value
    """

    def __init__(self, input_index, kernel_index, output_index, product, input_shape,
                 output_shape, steps_per_input_cell, squeeze):
        self.input_index = input_index
        self.kernel_index = kernel_index
        self.output_index = output_index
        self.product = product
        self.input_shape = input_shape  # (C_in, H, W)
        self.output_shape = output_shape  # (C_out, H_out, W_out)
        self.steps_per_input_cell = steps_per_input_cell
        self._squeeze = squeeze
        c, y, x = output_index.T
        _, h, w = output_shape
        kept = (y >= 0) & (y < h) & (x >= 0) & (x < w)
        # Flat output cell of each step; cropped steps go to one extra bin past the end.
        size = int(np.prod(output_shape))
        self._cell = np.where(kept, (c * h + y) * w + x, size).astype(np.int32)
        self.kept = kept

    def __len__(self) -> int:
        return len(self.product)

    def _shape(self, out: np.ndarray) -> np.ndarray:
        out = out.reshape(self.output_shape).astype(self.product.dtype, copy=False)
        return out[0] if self._squeeze else out

    def partial(self, n: int) -> np.ndarray:
        """The output after the first ``n`` steps (0 gives zeros, ``len`` the full output)."""
        n = _checks.whole(n, "The step count")
        if not 0 <= n <= len(self):
            raise ValueError(f"step count must be between 0 and {len(self)}, got {_checks.show(n)}.")
        size = int(np.prod(self.output_shape))
        sums = np.bincount(self._cell[:n], weights=self.product[:n], minlength=size + 1)
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
            out = self._shape(sums[:size])
        return _checks.finite_result(out, "the input or weight")

    @property
    def output(self) -> np.ndarray:
        return self.partial(len(self))

    def _flat_cell(self, cell) -> int:
        c, y, x = checked_cell(cell, self.output_shape, self._squeeze, "output", "(c_out, y, x)")
        _, h, w = self.output_shape
        return (c * h + y) * w + x

    def contributors(self, *cell) -> np.ndarray:
        """Step numbers (ascending) whose product lands on output cell ``(c, y, x)``.

        For a 2-D trace, ``contributors(y, x)`` works too.
        """
        return np.flatnonzero(self._cell == self._flat_cell(cell))

    def stamp(self, *cell) -> range:
        """Step numbers of one input cell's stamp ``(c_in, i, j)`` (or ``(i, j)`` in 2-D)."""
        c, i, j = checked_cell(cell, self.input_shape, self._squeeze, "input", "(c_in, i, j)")
        _, h, w = self.input_shape
        first = ((c * h + i) * w + j) * self.steps_per_input_cell
        return range(first, first + self.steps_per_input_cell)


def trace_conv_transpose2d(input, weight, stride=1, padding=0, output_padding=0, dilation=1,
                           groups=1) -> Trace:
    """Record every scatter-add step of ``conv_transpose2d(input, weight, ...)``.

    input : ndarray of shape (C_in, H, W), or (H, W) with a (kH, kW) kernel
    weight : ndarray of shape (C_in, C_out/groups, kH, kW), or (kH, kW)
    padding : int, pair, or per side ((top, bottom), (left, right)), as in conv_transpose2d
    """
    x, w, form = _as_batched(input, weight, "weight")
    if form == "batched":
        raise ValueError(
            f"A trace follows one example: give input of shape (C_in, H, W) or (H, W), "
            f"got a batch of shape {x.shape}."
        )
    x, = x
    c_in, h, wd = x.shape
    g = _groups(groups, c_in, w.shape[0], "transpose")
    cg_in = c_in // g
    cg_out, kh, kw = w.shape[1:]
    geo = sized((h, wd), (kh, kw), stride, padding, output_padding, dilation)
    uncropped_room(geo)
    # A stride along an axis of one input cell, or a dilation along one tap, changes nothing:
    # read it as 1, so that int32 coordinates never meet a huge one.
    s = tuple(si if n > 1 else 1 for si, n in zip(geo.stride, (h, wd)))
    d = tuple(di if k > 1 else 1 for di, k in zip(geo.dilation, (kh, kw)))
    (top, _), (left, _) = geo.window
    out_h, out_w = geo.output
    dtype = _checks.float_dtype(x, w)
    steps = c_in * h * wd * cg_out * kh * kw
    if steps > MAX_STEPS:
        raise ValueError(
            f"A trace of these settings would record {steps:,} steps, more than the {MAX_STEPS:,} it "
            "keeps (about 45 bytes a step): use a smaller input or kernel."
        )

    # Axes of every step: (c, i, j, o, a, b), input-major.
    shape = (c_in, h, wd, cg_out, kh, kw)
    c = np.arange(c_in, dtype=np.int32).reshape(-1, 1, 1, 1, 1, 1)
    i = np.arange(h, dtype=np.int32).reshape(1, -1, 1, 1, 1, 1)
    j = np.arange(wd, dtype=np.int32).reshape(1, 1, -1, 1, 1, 1)
    o = np.arange(cg_out, dtype=np.int32).reshape(1, 1, 1, -1, 1, 1)
    a = np.arange(kh, dtype=np.int32).reshape(1, 1, 1, 1, -1, 1)
    b = np.arange(kw, dtype=np.int32).reshape(1, 1, 1, 1, 1, -1)

    input_index = np.empty(shape + (3,), dtype=np.int32)
    input_index[..., 0], input_index[..., 1], input_index[..., 2] = c, i, j
    kernel_index = np.empty(shape + (2,), dtype=np.int32)
    kernel_index[..., 0], kernel_index[..., 1] = a, b
    output_index = np.empty(shape + (3,), dtype=np.int32)
    # y = i * stride + a * dilation - padding (likewise x); c_out = group * C_out/groups + o
    output_index[..., 0] = (c // cg_in) * cg_out + o
    output_index[..., 1] = i * s[0] + a * d[0] - top
    output_index[..., 2] = j * s[1] + b * d[1] - left
    xv = x.astype(dtype, copy=False).reshape(c_in, h, wd, 1, 1, 1)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
        product = (xv * w.astype(dtype, copy=False).reshape(c_in, 1, 1, cg_out, kh, kw)).ravel()
    _checks.finite_result(product, "the input or weight")

    n = product.size
    return Trace(input_index.reshape(n, 3), kernel_index.reshape(n, 2),
                 output_index.reshape(n, 3), product, (c_in, h, wd), (cg_out * g, out_h, out_w),
                 cg_out * kh * kw, form == "2d")
