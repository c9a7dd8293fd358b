"""Channels and groups: the weight's kernel slices, which channels connect, and the per-channel sum player.

Arrays in, grids and a player's data out (drawn by ``static/lab.js``); every value comes from
``core.channels``. The player has one frame per input channel's contribution to an output
channel (and one for its bias), and plays in the browser without a rerun.
"""

from __future__ import annotations

import numpy as np

from ui.figures import player
from ui.figures.cells import Words, grid_spec
from ui.figures.grid import color_range
from ui.figures.spec import Changes, Grid, Player
from ui.words import number


def slice_caption(s, groups: int) -> str:
    """Where the kernel linking input channel i to output channel j sits in each layout."""
    (j, i_conv), keras = s.conv2d_index, s.keras_index
    where = f"in {s.input_channel} → out {s.output_channel}; Conv2d: W[{j}, {i_conv}]"
    return where + (f"; Keras: kernel[:, :, {keras[0]}, {keras[1]}]" if keras else f"; group {s.group} of {groups}")


def slice_grid(weight: np.ndarray, s, groups: int, *, key: str, scale: dict) -> Grid:
    """One kernel slice ``W[i, o]`` of the transposed layer's weight, captioned with its other indices."""
    i, o = s.index
    return grid_spec(weight[i, o], f"W[{i}, {o}]", key=key, scale=scale, cell_px=34,
                     words=Words(caption=slice_caption(s, groups)))


def connections_grid(mask: np.ndarray, *, key: str) -> Grid:
    """The (C_out, C_in) grid of 1 (connected) and 0: which input channels feed which output channel."""
    c_out, c_in = mask.shape
    hover = [[f"input channel {i} {'feeds' if mask[j, i] else 'does not feed'} output channel {j}"
              for i in range(c_in)] for j in range(c_out)]
    return grid_spec(mask, "Connected: output channel (row), input channel (column)", key=key, words=Words(hover=hover),
                     scale=dict(colorscale="Viridis", zmin=-0.25, zmax=1.0), cell_px=40)


def channel_player(input: np.ndarray, weight: np.ndarray, channel, *, key: str, with_bias: bool = True,
                   speed: int = 1400) -> Player:
    """Output channel ``channel.channel`` built up one input channel at a time, then its bias.

    input : (C_in, H, W); weight : (C_in, C_out/groups, kH, kW)
    channel : a ``core.channels.OutputChannel`` (its slices, partial outputs, bias and output)
    with_bias : whether the layer has a bias: a last frame adds it
    Each frame shows the input channel, its kernel slice, its contribution and the sum so far.
    Returns the player's data (drawn by ``static/lab.js``).
    """
    j, out = channel.channel, channel.output
    sums = np.cumsum(channel.partials, axis=0)
    grids, captions = [], []
    for n, (s, part, total) in enumerate(zip(channel.slices, channel.partials, sums)):
        i, o = s.index
        captions.append(f"Contribution {n + 1} of {len(channel.slices)}: out[{j}] += "
                        f"conv_transpose2d(x[{i}], W[{i}, {o}])")
        grids.append([input[i], weight[i, o], part, total])
    if with_bias:
        last = channel.slices[-1]
        grids.append([input[last.input_channel], weight[last.index], np.full(out.shape, channel.bias), out])
        captions.append(f"Bias last: out[{j}] += {number(channel.bias)} on every cell")
    shapes = [input.shape[1:], weight.shape[2:], out.shape, out.shape]
    px = player.panel_px(shapes, 0.14)
    titles = ("Input channel", "Its kernel slice", "Its contribution", f"Output channel {j} so far")
    both = np.concatenate([channel.partials.ravel(), sums.ravel(), out.ravel(), [channel.bias, 0.0]])
    scales = [color_range(input), color_range(weight), color_range(both), color_range(both)]
    panels = [grid_spec(g, t, key=f"{key}_{n}", scale=sc, cell_px=p)
              for n, (g, t, sc, p) in enumerate(zip(grids[0], titles, scales, px))]
    changes = {n: Changes(values=[np.asarray(g[n], dtype=float).ravel().tolist() for g in grids]) for n in range(4)}
    return Player(key=key, speed=speed, word="Frame", captions=captions, panels=tuple(panels), changes=changes,
                  label=f"Output channel {j}, one input channel a frame, {len(grids)} frames")
