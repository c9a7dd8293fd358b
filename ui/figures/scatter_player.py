"""The scatter-add player: input, kernel and output side by side, one frame per stamp or per product.

Arrays in, a figure dict out; every value shown comes from the core (a recorded trace, its
stamps, and its partial sums). Each frame is one product (``x[i,j] * k[a,b]`` added at one
output cell) or one whole stamp (``x[i,j] * kernel``).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.figures import player
from ui.figures.grid import ACCENT, SECOND, cell_text, color_range
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


def _overlap_marks(counts: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> dict:
    """Marker positions (cell corners) of cells with more than one contribution so far."""
    r, c = np.nonzero(counts > 1)
    return dict(x=(cols[c] + 0.3).tolist(), y=(rows[r] - 0.3).tolist())


def _panels(x: np.ndarray, kernel: np.ndarray, first: np.ndarray, rows, cols, scale: dict, cropped: bool):
    """The three side-by-side grids (input, kernel, the output before cropping) and whether the output's
    cells are large enough to show their numbers."""
    hc, wc = first.shape
    uncropped_title = "Output before cropping" if cropped else "Output"
    titles = (f"Input ({x.shape[0]}x{x.shape[1]})", f"Kernel ({kernel.shape[0]}x{kernel.shape[1]})",
              f"{uncropped_title} ({hc}x{wc})" + ("; shaded: cropped by padding" if cropped else ""))
    widths, height, text = player.panel_layout([x.shape, kernel.shape, (hc, wc)])
    fig = make_subplots(rows=1, cols=3, column_widths=widths, horizontal_spacing=player.SPACING, subplot_titles=titles)
    for ann in fig.layout.annotations:
        ann.font = dict(size=player.FONT)
        ann.y = 1.0
        ann.yanchor = "bottom"
        ann.yshift = 28
    grids = ((x, np.arange(x.shape[0]), np.arange(x.shape[1]), color_range(x), "input"),
             (kernel, np.arange(kernel.shape[0]), np.arange(kernel.shape[1]), color_range(kernel), "kernel"),
             (first, rows, cols, scale, "output"))
    for col, ((values, r, c, colors, name), show) in enumerate(zip(grids, text), start=1):
        fig.add_trace(player.heatmap(values, r, c, colors, name, show), row=1, col=col)
        player.square_axes(fig, col, r, c)
    fig.add_trace(go.Scatter(x=[], y=[], mode="markers", hoverinfo="skip", showlegend=False, name="overlap",
                             marker=dict(symbol="circle", size=9, color=SECOND,
                                         line=dict(width=1, color="white"))), row=1, col=3)
    return fig, height, text[2]


def scatter_player(x: np.ndarray, kernel: np.ndarray, trace, uncropped, partials: list[np.ndarray],
                   ends: list[int], mode: str, origin: tuple[int, int], dilation: tuple[int, int],
                   start: int = 0, duration: int = 900) -> dict:
    """The scatter-add player: input, kernel and output side by side, one frame per entry of ``ends``.

    x, kernel : the input (H, W) and kernel (kH, kW)
    trace : the core's trace (``core.trace_conv_transpose2d``) of the 2-D transposed convolution
    uncropped : the same steps on the uncropped output (a trace with nothing cropped)
    partials : the uncropped output after each frame's steps (``ends[f]`` steps), each (Hc, Wc)
    mode : 'cell' (one stamp per frame) or 'product' (one or more single steps per frame)
    origin : output coordinate (row, column) of the uncropped output's first cell (minus the top/left crop)
    start : the frame shown first
    Returns the figure as a dict (show it with ``st.plotly_chart(Prepared(spec))``).
    """
    steps, on_uncropped = player.Steps.of(trace), player.Steps.of(uncropped)
    hc, wc = partials[-1].shape
    rows, cols = np.arange(hc) + origin[0], np.arange(wc) + origin[1]
    out_h, out_w = trace.output_shape[1:]
    cropped = origin != (0, 0) or (hc, wc) != (out_h, out_w)
    scale = color_range(np.concatenate([p.ravel() for p in partials] + [np.zeros(1)]))
    fig, height, show_text = _panels(x, kernel, partials[start], rows, cols, scale, cropped)
    static = player.crop_shapes(3, rows, cols, out_h, out_w)

    # Per-frame content: the uncropped output, the overlap marks, the highlights, the arithmetic.
    landing = on_uncropped.output_index[:, 0] * wc + on_uncropped.output_index[:, 1]
    frames, names = [], []
    for f, end in enumerate(ends):
        counts = np.bincount(landing[:end], minlength=hc * wc).reshape(hc, wc)
        t = end - 1  # the last step of this frame
        (i, j), (a, b), (y, xo) = steps.input_index[t], steps.kernel_index[t], steps.output_index[t]
        stamp = trace.stamp(int(i), int(j))
        ys, xs = steps.output_index[stamp, 0], steps.output_index[stamp, 1]
        window = player.rect(3, (ys.min(), ys.max()), (xs.min(), xs.max()), SECOND, dash="dash")
        shapes = static + [player.rect(1, (i, i), (j, j), ACCENT)]
        if mode == "cell":
            name = str(f + 1)
            text = f"Stamp {f + 1} of {len(ends)}: " + stamp_text(steps, stamp.start, stamp.stop, x, dilation)
            shapes += [player.rect(2, (0, kernel.shape[0] - 1), (0, kernel.shape[1] - 1), ACCENT),
                       window | dict(line=dict(color=ACCENT, width=3, dash="solid"))]
        else:
            name = str(end)
            prev = ends[f - 1] if f else 0
            head = (f"Step {end} of {len(steps)}: " if end - prev == 1
                    else f"Steps {prev + 1}-{end} of {len(steps)}, the last one: ")
            now = partials[f][on_uncropped.output_index[t, 0], on_uncropped.output_index[t, 1]]
            text = head + product_text(steps, t, x, kernel, now)
            shapes += [player.rect(2, (a, a), (b, b), ACCENT), window, player.rect(3, (y, y), (xo, xo), ACCENT)]
        z = partials[f]
        frames.append(dict(
            name=name, traces=[2, 3],
            data=[dict(type="heatmap", z=z.tolist(), text=cell_text(z) if show_text else None),
                  dict(type="scatter", **_overlap_marks(counts, rows, cols))],
            layout=dict(shapes=shapes, title=player.frame_title(text))))
        names.append(name)
    first = frames[start]
    fig.update_traces(selector=dict(name="overlap"), x=first["data"][1]["x"], y=first["data"][1]["y"])
    fig.update_layout(
        title=first["layout"]["title"], shapes=first["layout"]["shapes"],
        height=height + player.MARGIN["t"] + player.MARGIN["b"], margin=player.MARGIN,
        dragmode=False, showlegend=False,
        **player.play_controls(names, start, "Stamp " if mode == "cell" else "Step ", duration))
    spec = fig.to_dict()
    spec["frames"] = frames
    return spec
