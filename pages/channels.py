"""Page 6: channels and groups: the weight's layout, what each output channel sums, why in and out swap."""

import numpy as np
import streamlit as st

import core
from ui.cache import cached
from ui.figures.channels import channel_player, connections_grid, slice_grid
from ui.figures.grid import color_range
from ui.sentences import group_rows, parameters_sentence
from ui.settings.config import Config
from ui.show import row, show
from ui.state import channel_controls, controls
from ui.text import text
from ui.words import count, listing, number

PAGE = "channels"
MOST_SLICES, MOST_CHANNELS = 16, 8  # the grids, sums and player are drawn for layers this small


@cached
def example(c_in: int, c_out: int, groups: int, input_size: tuple, kernel_size: tuple, seed: int):
    """Small integers from the seed: input (C_in, H, W), weight (C_in, C_out/groups, kH, kW), bias (C_out,)."""
    shape = core.weight_layouts(c_in, c_out, groups, *kernel_size).conv_transpose2d
    return (core.small_integers((c_in, *input_size), seed, salt=0), core.small_integers(shape, seed, 1, -1, 2),
            core.small_integers((c_out,), seed, 2, -2, 2))


@cached
def layer(cfg: Config, c_in: int, c_out: int, groups: int, seed: int, bias: bool):
    """Each output channel's contributions, the layer's own output, and the adjoint identity's two sides."""
    x, w, b = example(c_in, c_out, groups, cfg.input_size, cfg.kernel_size, seed)
    b = b if bias else None
    out = core.conv_transpose2d(x, w, b, groups=groups, **cfg.settings)
    probe = core.small_integers(out.shape, seed, salt=3)  # an x in the output's space
    return (core.channel_contributions(x, w, groups, b, **cfg.settings), out,
            core.adjoint_check(probe, x, w, groups, **cfg.settings))


@cached
def player(cfg: Config, c_in: int, c_out: int, groups: int, seed: int, bias: bool, j: int) -> dict:
    x, w, _ = example(c_in, c_out, groups, cfg.input_size, cfg.kernel_size, seed)
    return channel_player(x, w, layer(cfg, c_in, c_out, groups, seed, bias)[0][j], key=f"{PAGE}_player",
                          with_bias=bias)


def drawn(c_in: int, c_out: int, groups: int) -> bool:
    """Whether the layer is small enough to draw each kernel slice, connection and sum."""
    return c_in * (c_out // groups) <= MOST_SLICES and max(c_in, c_out) <= MOST_CHANNELS


def layout(c_in: int, c_out: int, groups: int, kernel: tuple, bias: bool) -> None:
    """The weight's shapes and the parameter count, for any channels: the core's facts, nothing drawn."""
    st.header("1. Where the weight keeps each kernel")
    kh, kw = kernel
    shapes = core.weight_layouts(c_in, c_out, groups, kh, kw)
    named = dict(c_in=c_in, c_out=c_out, groups=groups, kh=kh, kw=kw)
    st.markdown(text(PAGE, "layout", **named, transposed=shapes.conv_transpose2d, conv=shapes.conv2d,
                     adjoint=shapes.adjoint))
    st.markdown(parameters_sentence(c_in, c_out, groups, kernel, bias))
    if shapes.keras:
        st.markdown(text(PAGE, "keras", **named, keras=shapes.keras))
    else:
        st.info(text(PAGE, "keras_groups", groups=groups))


def weights(c_in: int, c_out: int, groups: int, w: np.ndarray) -> None:
    st.markdown(text(PAGE, "slices", slices=count(c_in * (c_out // groups), "kernel slice")))
    scale = color_range(w)
    slices = core.kernel_slices(c_in, c_out, groups)
    per_row = w.shape[1] * max(1, 4 // w.shape[1])  # whole input channels in a row of about four grids
    for start in range(0, len(slices), per_row):
        row([slice_grid(w, s, groups, key=f"{PAGE}_w_{s.index[0]}_{s.index[1]}", scale=scale)
             for s in slices[start:start + per_row]], key=f"{PAGE}_w_row_{start}", slots=max(4, per_row))


def connected(c_in: int, c_out: int, groups: int) -> None:
    st.header("2. Which input channels each output channel sums")
    st.markdown(text(PAGE, "groups" if groups > 1 else "no_groups", groups=groups, per_in=c_in // groups,
                     per_out=c_out // groups, blocks=count(groups, "block"),
                     inputs=count(c_in // groups, "input channel")))
    if not drawn(c_in, c_out, groups):
        if groups > 1:
            st.markdown(text(PAGE, "group_table", blocks=count(groups, "block")))
            st.dataframe(group_rows(c_in, c_out, groups), hide_index=True, key=f"{PAGE}_groups")
        return
    left, right = st.columns([1, 2])
    show(connections_grid(core.connections(c_in, c_out, groups), key=f"{PAGE}_connections"), left)
    lines = []
    for s_out in range(c_out):
        mine = [s for s in core.kernel_slices(c_in, c_out, groups) if s.output_channel == s_out]
        terms = listing([f"x[{s.input_channel}] through W[{s.index[0]}, {s.index[1]}]" for s in mine])
        lines.append(text(PAGE, "sums_over", j=s_out, terms=terms))
    right.markdown("\n".join(lines))


def contributions(cfg: Config, c_in: int, c_out: int, groups: int, seed: int, bias: bool) -> None:
    st.header("3. Each output channel is a sum of single-channel scatter-adds")
    channels, out, _ = layer(cfg, c_in, c_out, groups, seed, bias)
    st.markdown(text(PAGE, "sums", bias=text(PAGE, "bias_on" if bias else "bias_off")))
    if st.session_state.get("channels_channel", 0) >= c_out:
        st.session_state["channels_channel"] = 0
    j = st.columns(4)[0].selectbox("Output channel to follow", list(range(c_out)),
                                   key="channels_channel", persist_state="session")
    ch = channels[j]
    show(player(cfg, c_in, c_out, groups, seed, bias, j))
    st.caption(text(PAGE, "player_help"))
    terms = [f"conv_transpose2d(x[{s.input_channel}], W[{s.index[0]}, {s.index[1]}])" for s in ch.slices]
    gap = float(np.abs(ch.output - out[j]).max())
    st.markdown(text(PAGE, "sum_line", j=j, terms=" + ".join(terms),
                     bias=f" + bias[{j}] ({number(ch.bias)})" if bias else ""))
    st.success(text(PAGE, "sum_check_bias" if bias else "sum_check", j=j, n=count(len(ch.slices), "contribution"),
                    gap=number(gap)))


def adjoint(cfg: Config, c_in: int, c_out: int, groups: int, seed: int, bias: bool) -> None:
    st.header("4. Why the in and out axes swap: the adjoint identity")
    channels, out, check = layer(cfg, c_in, c_out, groups, seed, bias)
    st.markdown(text(PAGE, "adjoint", c_in=c_in, c_out=c_out, groups=groups, x=tuple(out.shape)))
    st.markdown(text(PAGE, "adjoint_numbers", conv=number(check.conv), transposed=number(check.transposed),
                     gap=number(check.difference) if check.difference == 0 else f"{check.difference:.1e}"))


@st.fragment
def lesson(cfg: Config) -> None:
    chosen = channel_controls.choose()
    if chosen is None:
        return
    c_in, c_out, groups, seed, bias = chosen
    layout(c_in, c_out, groups, cfg.kernel_size, bias)
    if not drawn(c_in, c_out, groups):
        st.info(text(PAGE, "no_grids", most=count(MOST_SLICES, "kernel slice"), slices=count(c_in * (c_out // groups),
                     "kernel slice"), channels=count(MOST_CHANNELS, "channel")))
        connected(c_in, c_out, groups)
        return
    weights(c_in, c_out, groups, example(c_in, c_out, groups, cfg.input_size, cfg.kernel_size, seed)[1])
    connected(c_in, c_out, groups)
    if cfg.problem:
        st.info(text(PAGE, "problem_sums"))
        return
    contributions(cfg, c_in, c_out, groups, seed, bias)
    adjoint(cfg, c_in, c_out, groups, seed, bias)


cfg = controls.opening(PAGE, "Channels and groups")
lesson(cfg)
st.markdown(text(PAGE, "takeaway"))
