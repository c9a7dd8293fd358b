"""The scatter-add player: input, kernel and output side by side, one frame per stamp or per product.

Arrays in, the player's data out (drawn by ``static/lab.js``); every value shown comes from the
core (a recorded trace, its stamps, and its partial sums). Each frame is one product (``x[i,j] * k[a,b]`` added at one
output cell) or one whole stamp (``x[i,j] * kernel``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ui.figures import player
from ui.figures.cells import Cells, Marks, Words, grid_spec
from ui.figures.grid import Box, color_range
from ui.figures.spec import Player, Trace
from ui.words import cell as _cell
from ui.words import number


def _span(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}..{hi}"


def product_text(steps: player.Steps, t: int, x: np.ndarray, kernel: np.ndarray, now: float) -> str:
    """The arithmetic of step ``t`` (0-based): ``out[y,x] += x[i,j] × k[a,b] = ...``."""
    (i, j), (a, b), (y, xo) = steps.input_index[t], steps.kernel_index[t], steps.output_index[t]
    sum_ = (f"out[{_cell(y, xo)}] += x[{_cell(i, j)}] × k[{_cell(a, b)}] = "
            f"{number(x[i, j])} × {number(kernel[a, b])} = {number(steps.product[t])}")
    if steps.kept[t]:
        return f"{sum_}, now {number(now)}"
    return f"{sum_}: cropped by padding (not part of the output)"


def stamp_text(steps: player.Steps, first: int, last: int, x: np.ndarray, dilation: tuple[int, int]) -> str:
    """The stamp made by steps ``first..last-1`` (one input cell)."""
    i, j = steps.input_index[first]
    ys, xs = steps.output_index[first:last, 0], steps.output_index[first:last, 1]
    where = f"out[{_span(ys.min(), ys.max())}, {_span(xs.min(), xs.max())}]"
    dh, dw = dilation
    if max(dh, dw) > 1:
        where += f" (taps {dh} cells apart)" if dh == dw else f" (taps {dh} rows and {dw} columns apart)"
    text = f"x[{_cell(i, j)}] = {number(x[i, j])}, so {number(x[i, j])} × kernel is added at {where}"
    cropped = int((~steps.kept[first:last]).sum())
    if cropped:
        text += f"; {cropped} of {last - first} products are cropped by padding"
    return text


def running_values(steps: player.Steps, size: int, landing: np.ndarray) -> np.ndarray:
    """The value of each step's output cell just after the step: a running scatter of the products.

    landing : each step's flat cell in an output of ``size`` cells
    """
    order = np.argsort(landing, kind="stable")
    sums = np.cumsum(steps.product[order])
    starts = np.searchsorted(landing[order], np.arange(size))  # where each cell's steps begin
    first = np.concatenate([[0.0], sums])[starts]  # the sum before each cell's first step
    now = np.empty(len(landing))
    now[order] = sums - first[landing[order]]
    return now


def output_scale(uncropped) -> dict:
    """The colours of the output as the player builds it: from every value a cell takes along the way
    (and 0), so the output grids beside the player can share them (one value, one colour on the page).

    uncropped : the trace on the uncropped output (``scatter_player``'s)
    """
    steps = player.Steps.of(uncropped)
    hc, wc = uncropped.output_shape[1:]
    landing = steps.output_index[:, 0] * wc + steps.output_index[:, 1]
    return color_range(np.append(running_values(steps, hc * wc, landing), 0.0))


@dataclass(frozen=True)
class Stepping:
    """How the scatter-add player steps: the step count after each frame (``ends``), ``mode`` 'cell' (one
    stamp a frame) or 'product' (one or more single steps a frame), and the milliseconds a frame while it plays."""

    ends: list[int]
    mode: str
    speed: int = 900


def scatter_player(x: np.ndarray, kernel: np.ndarray, trace, uncropped, origin: tuple[int, int],
                   dilation: tuple[int, int], stepping: Stepping, *, key: str) -> Player:
    """The scatter-add player as the browser draws it: input, kernel and output side by side.

    x, kernel : the input (H, W) and kernel (kH, kW)
    trace : the core's trace (``core.trace_conv_transpose2d``) of the 2-D transposed convolution
    uncropped : the same steps on the uncropped output (a trace with nothing cropped)
    origin : output coordinate (row, column) of the uncropped output's first cell (minus the top/left crop)
    stepping : the frames (``Stepping``)
    The browser computes each frame from the trace (``static/lab.js``): the partial sums are a
    running scatter of ``prod`` into ``out``; Python writes each frame's arithmetic.
    """
    ends, mode = stepping.ends, stepping.mode
    steps, on_uncropped = player.Steps.of(trace), player.Steps.of(uncropped)
    hc, wc = uncropped.output_shape[1:]
    out_h, out_w = trace.output_shape[1:]
    rows, cols = np.arange(hc) + origin[0], np.arange(wc) + origin[1]
    cropped = origin != (0, 0) or (hc, wc) != (out_h, out_w)
    landing = on_uncropped.output_index[:, 0] * wc + on_uncropped.output_index[:, 1]
    now = running_values(on_uncropped, hc * wc, landing)
    scale = output_scale(uncropped)
    px = player.panel_px([x.shape, kernel.shape, (hc, wc)])
    outside = ~(((rows >= 0) & (rows < out_h))[:, None] & ((cols >= 0) & (cols < out_w))[None, :])
    title = "Output before cropping" if cropped else "Output"
    kept_box = [Box(rows=(-origin[0], -origin[0] + out_h), cols=(-origin[1], -origin[1] + out_w), color="#888888",
                    dash="dot", width=2)] if cropped else []
    panels = [
        grid_spec(x, "Input", key=f"{key}_input", cell_px=px[0]),
        grid_spec(kernel, "Kernel", key=f"{key}_kernel", cell_px=px[1]),
        grid_spec(np.zeros((hc, wc)), title, key=f"{key}_output", scale=scale, cell_px=px[2],
                  cells=Cells(rows=rows, cols=cols), marks=Marks(boxes=kept_box, shaded=outside),
                  words=Words(caption=("Hatched: cropped by padding; a dot: more than one product so far." if cropped
                                       else "A dot: more than one product so far."),
                              shaded="cropped by padding", mark="more than one product so far")),  # read aloud
    ]
    captions = []
    for f, end in enumerate(ends):
        t = end - 1
        if mode == "cell":
            stamp = trace.stamp(*(int(v) for v in steps.input_index[t]))
            captions.append(f"Stamp {f + 1} of {len(ends)}: " + stamp_text(steps, stamp.start, stamp.stop, x, dilation))
        else:
            prev = ends[f - 1] if f else 0
            head = (f"Step {end} of {len(steps)}: " if end - prev == 1
                    else f"Steps {prev + 1}-{end} of {len(steps)}, the last one: ")
            captions.append(head + product_text(steps, t, x, kernel, now[t]))
    word = "Step" if len(ends) == len(steps) else "Frame"
    word = "Stamp" if mode == "cell" else word
    return Player(
        key=key, speed=stepping.speed, word=word, captions=captions, panels=tuple(panels),
        label=f"Scatter-add player, one {'stamp' if mode == 'cell' else 'product'} a frame, {len(ends)} frames",
        trace=Trace(mode=mode, per=int(trace.steps_per_input_cell), ends=[int(e) for e in ends],
                    inp=(steps.input_index[:, 0] * x.shape[1] + steps.input_index[:, 1]).tolist(),
                    ker=(steps.kernel_index[:, 0] * kernel.shape[1] + steps.kernel_index[:, 1]).tolist(),
                    out=landing.tolist(), prod=steps.product.tolist()),
    )
