"""Channels and groups: the weight's kernel slices, which channels connect, and the per-channel sum player.

Arrays in, HTML grids or a figure dict out; every value comes from ``core.channels``. The player
has one frame per input channel's contribution to an output channel (and one for its bias), so it
plays in the browser without a rerun.
"""

from __future__ import annotations

import numpy as np
from plotly.subplots import make_subplots

from ui.figures import player
from ui.figures.grid import cell_text, color_range, spelled
from ui.figures.html_grid import grid_html


def slice_caption(s, groups: int) -> str:
    """Where the kernel linking input channel i to output channel j sits in each layout."""
    (j, i_conv), keras = s.conv2d_index, s.keras_index
    where = f"in {s.input_channel} → out {s.output_channel}; Conv2d: W[{j}, {i_conv}]"
    return where + (f"; Keras: kernel[:, :, {keras[0]}, {keras[1]}]" if keras else f"; group {s.group} of {groups}")


def slice_html(weight: np.ndarray, s, groups: int, *, key: str, scale: dict) -> str:
    """One kernel slice ``W[i, o]`` of the transposed layer's weight, captioned with its other indices."""
    i, o = s.index
    return grid_html(weight[i, o], f"W[{i}, {o}]", key=key, scale=scale, cell_px=34, caption=slice_caption(s, groups))


def connections_html(mask: np.ndarray, *, key: str) -> str:
    """The (C_out, C_in) grid of 1 (connected) and 0: which input channels feed which output channel."""
    c_out, c_in = mask.shape
    hover = [[f"input channel {i} {'feeds' if mask[j, i] else 'does not feed'} output channel {j}"
              for i in range(c_in)] for j in range(c_out)]
    return grid_html(mask, "Connected: output channel (row), input channel (column)", key=key, hover=hover,
                     scale=dict(colorscale="Viridis", zmin=-0.25, zmax=1.0), cell_px=40)


def _frame(values: list[np.ndarray], title: str, name: str) -> dict:
    return dict(name=name, traces=[0, 1, 2, 3], layout=dict(title=player.frame_title(title)),
                data=[dict(type="heatmap", z=np.asarray(v).tolist(), text=cell_text(v)) for v in values])


def channel_player(input: np.ndarray, weight: np.ndarray, channel, *, with_bias: bool = True,
                   duration: int = 1400) -> dict:
    """Output channel ``channel.channel`` built up one input channel at a time, then its bias.

    input : (C_in, H, W); weight : (C_in, C_out/groups, kH, kW)
    channel : a ``core.channels.OutputChannel`` (its slices, partial outputs, bias and output)
    with_bias : whether the layer has a bias: a last frame adds it
    Each frame shows the input channel, its kernel slice, its contribution and the sum so far.
    Returns the figure as a dict (show it with ``st.plotly_chart(ui.figures.player.Prepared(spec))``).
    """
    j, out = channel.channel, channel.output
    sums = np.cumsum(channel.partials, axis=0)
    frames, names = [], []
    for n, (s, part, total) in enumerate(zip(channel.slices, channel.partials, sums)):
        i, o = s.index
        title = (f"Contribution {n + 1} of {len(channel.slices)}: out[{j}] += "
                 f"conv_transpose2d(x[{i}], W[{i}, {o}])")
        frames.append(_frame([input[i], weight[i, o], part, total], title, f"x[{i}]"))
        names.append(f"x[{i}]")
    if with_bias:
        last = channel.slices[-1]
        bias = np.full(out.shape, channel.bias)
        frames.append(_frame([input[last.input_channel], weight[last.index], bias, out],
                             f"Bias last: out[{j}] += {cell_text([[channel.bias]])[0][0]} on every cell", "bias"))
        names.append("bias")
    shapes = [input.shape[1:], weight.shape[2:], out.shape, out.shape]
    widths, height, show = player.panel_layout(shapes, 0.14)
    titles = ("Input channel", "Its kernel slice", "Its contribution", f"Output channel {j} so far")
    fig = make_subplots(rows=1, cols=4, column_widths=widths, horizontal_spacing=player.SPACING,
                        subplot_titles=[f"{t} ({a}x{b})" for t, (a, b) in zip(titles, shapes)])
    for ann in fig.layout.annotations:
        ann.update(font=dict(size=player.FONT), y=1.0, yanchor="bottom", yshift=28)
    both = np.concatenate([channel.partials.ravel(), sums.ravel(), out.ravel(), [channel.bias, 0.0]])
    scales = [spelled(color_range(a)) for a in (input, weight, both, both)]
    for col, (data, scale, shown) in enumerate(zip(frames[0]["data"], scales, show), start=1):
        z = np.asarray(data["z"], dtype=float)
        rows, cols = np.arange(z.shape[0]), np.arange(z.shape[1])
        fig.add_trace(player.heatmap(z, rows, cols, scale, titles[col - 1].lower(), shown), row=1, col=col)
        player.square_axes(fig, col, rows, cols)
    fig.update_layout(title=frames[0]["layout"]["title"], height=height + player.MARGIN["t"] + player.MARGIN["b"],
                      margin=player.MARGIN, dragmode=False, showlegend=False,
                      **player.play_controls(names, 0, "Adding ", duration))
    spec = fig.to_dict()
    spec["frames"] = frames
    return spec
