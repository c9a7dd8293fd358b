"""Page 4: the same output as a stride-1 convolution over the zero-inserted, padded input."""

import numpy as np
import streamlit as st

import core
from ui import predictions, sentences
from ui.cache import cached
from ui.figures.gather import INPUT, cell_kinds, gather_player, plain_view, region_box, stage_view, window_products
from ui.figures.grid import color_range
from ui.figures.player import Steps, frame_ends
from ui.pages import NUMBER
from ui.settings.config import Config
from ui.show import row, show
from ui.state import controls, predict
from ui.text import text
from ui.words import count, number


@cached
def gather(cfg: Config):
    """The core's gather view, the labels of the padded grid's cells, and the scatter's output."""
    s = cfg.settings
    view = core.equivalent_convolution(cfg.input, cfg.kernel, **s)
    kinds = cell_kinds(view.padded.shape, view.zero_inserted.shape, view.pads, s["stride"])
    inserted_kinds = cell_kinds(view.zero_inserted.shape, view.zero_inserted.shape, ((0, 0), (0, 0)), s["stride"])
    scatter = core.conv_transpose2d(cfg.input, cfg.kernel, **s)
    return view, kinds, inserted_kinds, scatter


@cached
def player(cfg: Config) -> dict:
    view, kinds, _, _ = gather(cfg)
    trace = core.trace_conv_transpose2d(cfg.input, cfg.kernel, **cfg.settings)
    products = window_products(Steps.of(trace), view.output.shape, cfg.kernel_size)
    cells = view.output.size
    ends = frame_ends(cells, 1)
    return gather_player(view, kinds, products, ends, key="zero_player")


cfg = controls.opening("zero_insertion", "Zero insertion is a convolution")
if not cfg.problem and predict.gate("zero_insertion", predictions.zero_inserted_size(cfg)):
    view, kinds, inserted_kinds, scatter = gather(cfg)
    (sh, sw), (h, w), (kh, kw) = cfg.stride, cfg.input_size, cfg.kernel_size
    scale = color_range(cfg.input)

    st.header("1. Insert stride − 1 zeros between the input cells")
    st.markdown(text("zero_insertion", "insert" if max(sh, sw) > 1 else "insert_none", sh=sh, sw=sw,
                     zh=count(sh - 1, "row"), zw=count(sw - 1, "column"), h=h, w=w,
                     dh=view.zero_inserted.shape[0], dw=view.zero_inserted.shape[1]))
    row([stage_view(cfg.input, np.full(cfg.input_size, INPUT), "Input", key="zero_input", scale=scale, width=370),
         stage_view(view.zero_inserted, inserted_kinds, "Zeros inserted", key="zero_inserted", scale=scale,
                    width=560)], [2, 3], key="zero_row_inserted")

    st.header("2. Pad every border by dilation × (k − 1) − padding")
    st.markdown(text("zero_insertion", "pad"))
    cols = st.columns([2, 3])
    cols[0].markdown(sentences.zero_padding_table(cfg.geometry))
    if min(min(p) for p in view.pads) < 0:
        cols[0].markdown(text("zero_insertion", "negative_pad"))
    show(stage_view(view.padded, kinds, "Padded", key="zero_padded", scale=scale, width=560, boxes=region_box(kinds)),
         cols[1], key="zero_padded")

    st.header("3. Flip the kernel")
    cols = st.columns([1, 1, 2])
    show(plain_view(cfg.kernel, "Kernel", key="zero_kernel", width=225), cols[0], key="zero_kernel")
    show(plain_view(view.flipped_kernel, "Flipped kernel", key="zero_flipped", width=225), cols[1], key="zero_flipped")
    cols[2].markdown(text("zero_insertion", "flip", kh1=kh - 1, kw1=kw - 1, sh=sh,
                          corner=number(cfg.kernel[-1, -1]), first=number(view.flipped_kernel[0, 0])))

    st.header("4. Slide the flipped kernel with stride 1")
    st.markdown(text("zero_insertion", "slide", ho=view.output.shape[0], wo=view.output.shape[1],
                     taps=kh * kw, apart="side by side" if cfg.dilation == 1 else f"{cfg.dilation} cells apart"))
    spec = player(cfg)
    if spec.frames < view.output.size:
        st.info(text("zero_insertion", "thinned", cells=view.output.size, frames=spec.frames))
    show(spec)
    st.caption(text("zero_insertion", "player_help"))

    st.header("The same output as the scatter-add")
    scatter_title = f"Scatter-add (page {NUMBER['scatter']})"
    row([plain_view(scatter, scatter_title, key="zero_scatter_output", width=470),
         plain_view(view.output, "Zero insertion + convolution", key="zero_gather_output", width=470)],
        key="zero_row_outputs")
    gap = float(np.abs(scatter - view.output).max())
    st.success(text("zero_insertion", "identical" if gap == 0 else "rounding", gap=f"{gap:.1e}"))
st.markdown(text("zero_insertion", "takeaway"))
