"""Page 4: the same output as a stride-1 convolution over the zero-inserted, padded input."""

import numpy as np
import streamlit as st

import core
from ui import controls
from ui.config import Config, number
from ui.gather_fig import (
    INPUT,
    cell_kinds,
    fits_html,
    gather_player,
    plain_figure,
    region_box,
    stage_figure,
    stage_html,
    window_products,
)
from ui.grid import CELL_PX, color_range
from ui.html_grid import grid_html, show
from ui.lesson import text
from ui.player import Prepared, Steps, frame_ends, padding_sides


@st.cache_data(max_entries=64)
def gather(cfg: Config):
    """The core's gather view, the labels of the padded grid's cells, and the scatter's output."""
    s = cfg.settings
    view = core.equivalent_convolution(cfg.input, cfg.kernel, **s)
    kinds = cell_kinds(view.padded.shape, view.zero_inserted.shape, view.pads, s["stride"])
    dilated_kinds = cell_kinds(view.zero_inserted.shape, view.zero_inserted.shape, ((0, 0), (0, 0)), s["stride"])
    scatter = core.conv_transpose2d(cfg.input, cfg.kernel, **s)
    return view, kinds, dilated_kinds, scatter


@st.cache_data(max_entries=64)
def player(cfg: Config) -> dict:
    view, kinds, _, _ = gather(cfg)
    trace = core.trace_conv_transpose2d(cfg.input, cfg.kernel, **cfg.settings)
    products = window_products(Steps.of(trace), view.output.shape, cfg.kernel_size)
    cells = view.output.size
    ends = frame_ends(cells, 1, cells + cfg.kernel_size[0] * cfg.kernel_size[1])
    return gather_player(view.padded, kinds, view.flipped_kernel, products, view.output, view.dilation, ends)


def cell_px(values, width: int) -> int:
    """The ``cell_px`` for a grid in a column about ``width`` pixels wide (on a 1400-pixel window).

    A grid wider than its column shrinks its cells but not its numbers (``grid_html`` sizes
    them from ``cell_px``); asking for cells a little larger than the column allows keeps the
    numbers readable and inside their cells, for example in a 7x7 kernel of decimals.
    """
    return max(12, min(CELL_PX, int(1.4 * (width - 40) / np.shape(values)[1])))


def show_stage(where, values, kinds, title: str, *, key: str, scale: dict, width: int, boxes=()) -> None:
    """A stage (input values in colour, zeros in grey): an HTML grid, or a plotly figure if too big for one."""
    if fits_html(values):
        show(stage_html(values, kinds, title, key=key, scale=scale, boxes=boxes, cell_px=cell_px(values, width)),
             where)
    else:
        where.plotly_chart(stage_figure(values, kinds, title, scale=scale, boxes=boxes), key=key)


def show_plain(where, values, title: str, *, key: str, width: int) -> None:
    """A grid coloured by its own values: an HTML grid, or a plotly figure if too big for one."""
    if fits_html(values):
        show(grid_html(values, title, key=key, cell_px=cell_px(values, width)), where)
    else:
        where.plotly_chart(plain_figure(values, title), key=key)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def pad_rows(cfg: Config, pads) -> str:
    """The padding formula per border, with the current numbers, as a markdown table."""
    s = cfg.settings
    crops = padding_sides(s["padding"])
    d, (kh, kw), op = cfg.dilation, cfg.kernel_size, s["output_padding"]
    lines = ["| border | dilation × (k − 1) − padding | added |", "|---|---|---|"]
    for k, (crop_a, crop_b), o, (pad_a, pad_b), names in zip(
            (kh, kw), crops, op, pads, (("top", "bottom"), ("left", "right"))):
        lines.append(f"| {names[0]} | {d} × ({k} − 1) − {crop_a} | **{pad_a}** |")
        extra = f" + {o} output padding" if o else ""
        lines.append(f"| {names[1]} | {d} × ({k} − 1) − {crop_b}{extra} | **{pad_b}** |")
    return "\n".join(lines)


cfg = controls.current()

st.title("Zero insertion is a convolution")
st.markdown(text("zero_insertion", "intro"))
st.caption(cfg.describe())

if cfg.problem:
    st.info(text("zero_insertion", "problem"))
else:
    view, kinds, dilated_kinds, scatter = gather(cfg)
    (sh, sw), (h, w), (kh, kw) = cfg.stride, cfg.input_size, cfg.kernel_size
    scale = color_range(cfg.input)

    st.subheader("1. Insert stride − 1 zeros between the input cells")
    st.markdown(text("zero_insertion", "insert" if max(sh, sw) > 1 else "insert_none", sh=sh, sw=sw,
                     zh=plural(sh - 1, "row"), zw=plural(sw - 1, "column"), h=h, w=w,
                     dh=view.zero_inserted.shape[0], dw=view.zero_inserted.shape[1]))
    cols = st.columns([2, 3])
    show_stage(cols[0], cfg.input, np.full(cfg.input_size, INPUT), "Input", key="zero_input", scale=scale,
               width=370)
    show_stage(cols[1], view.zero_inserted, dilated_kinds, "Zeros inserted", key="zero_dilated", scale=scale,
               width=560)

    st.subheader("2. Pad every border by dilation × (k − 1) − padding")
    st.markdown(text("zero_insertion", "pad"))
    cols = st.columns([2, 3])
    cols[0].markdown(pad_rows(cfg, view.pads))
    if min(min(p) for p in view.pads) < 0:
        cols[0].markdown(text("zero_insertion", "negative_pad"))
    show_stage(cols[1], view.padded, kinds, "Padded", key="zero_padded", scale=scale, width=560,
               boxes=region_box(kinds))

    st.subheader("3. Flip the kernel")
    cols = st.columns([1, 1, 2])
    show_plain(cols[0], cfg.kernel, "Kernel", key="zero_kernel", width=225)
    show_plain(cols[1], view.flipped_kernel, "Flipped kernel", key="zero_flipped", width=225)
    cols[2].markdown(text("zero_insertion", "flip", kh1=kh - 1, kw1=kw - 1, sh=sh,
                          corner=number(cfg.kernel[-1, -1]), first=number(view.flipped_kernel[0, 0])))

    st.subheader("4. Slide the flipped kernel with stride 1")
    st.markdown(text("zero_insertion", "slide", ho=view.output.shape[0], wo=view.output.shape[1],
                     taps=kh * kw, apart="side by side" if cfg.dilation == 1 else f"{cfg.dilation} cells apart"))
    spec = player(cfg)
    if len(spec["frames"]) < view.output.size:
        st.info(text("zero_insertion", "thinned", cells=view.output.size, frames=len(spec["frames"])))
    st.plotly_chart(Prepared(spec), key="zero_player")
    st.caption(text("zero_insertion", "player_help"))

    st.subheader("The same output as the scatter-add")
    cols = st.columns(2)
    show_plain(cols[0], scatter, "Scatter-add (page 3)", key="zero_scatter_output", width=470)
    show_plain(cols[1], view.output, "Zero insertion + convolution", key="zero_gather_output", width=470)
    gap = float(np.abs(scatter - view.output).max())
    st.success(text("zero_insertion", "identical" if gap == 0 else "rounding", gap=f"{gap:.1e}"))
st.markdown(text("zero_insertion", "takeaway"))
