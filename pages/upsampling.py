"""Page 2: fixed upsampling rules (nearest, bilinear, bed of nails, max-unpooling) beside a
transposed convolution, and how Keras's layers relate to them."""

import numpy as np
import streamlit as st

import core
from ui import sentences
from ui.cache import cached
from ui.figures.charts import grid_page, index_grid, pooling_grid, shared_scale
from ui.settings.values import distinct_values
from ui.show import row
from ui.state import controls, widgets
from ui.text import text
from ui.words import count, size

NARROW_PX = 280  # about the width of a grid in a third of the page
UNPOOL_FROM = {"input": "The input (as a decoder does)", "pooled": "The pooled maxima"}


@cached
def upsampled(x: np.ndarray, k: np.ndarray, scale: int, align_corners: bool) -> dict:
    """Every upsampler's output for one input (and the kernel, for the transposed convolution)."""
    return dict(nearest=core.upsample_nearest(x, scale), bed=core.bed_of_nails(x, scale),
                bilinear=core.upsample_bilinear(x, scale, align_corners=align_corners),
                transposed=core.conv_transpose2d(x, k, stride=scale))


@cached
def unpooling(x: np.ndarray, scale: int, use_input: bool) -> dict:
    """Max-pool a bigger encoder map with a scale x scale window, then unpool into it."""
    big = distinct_values((x.shape[0] * scale, x.shape[1] * scale))  # a made-up encoder's feature map
    pooled, indices = core.max_pool2d(big, scale, return_indices=True)
    values = x if use_input else pooled
    rows, cols = np.unravel_index(indices, big.shape)
    return dict(big=big, pooled=pooled, indices=indices, rows=rows, cols=cols,
                unpooled=core.max_unpool2d(values, indices, scale))


@cached
def keras_facts(x: np.ndarray, scale: int) -> dict:
    """The transposed convolutions that equal bed of nails and nearest neighbour."""
    return dict(keras_bed=core.keras_conv2d_transpose(x, np.ones((1, 1)), strides=scale),
                bed=core.bed_of_nails(x, scale), torch_bed=core.conv_transpose2d(x, np.ones((1, 1)), stride=scale),
                ones_conv=core.conv_transpose2d(x, np.ones((scale, scale)), stride=scale),
                nearest=core.upsample_nearest(x, scale))


def equal_caption(a: np.ndarray, b: np.ndarray, names: tuple[str, str]) -> None:
    """Say, computed, whether two grids are equal."""
    differ = sentences.cells_differing(a, b)
    if differ == 0:
        st.success(text("upsampling", "equal", a=names[0], b=names[1], cells=a.size))
    else:
        st.warning(text("upsampling", "differ", a=names[0], b=names[1], cells=differ))


def comparison(cfg, scale: int, align: bool) -> None:
    out = upsampled(cfg.input, cfg.kernel, scale, align)
    unpooled = unpooling(cfg.input, scale, True)["unpooled"]
    fixed = shared_scale(cfg.input, out["bilinear"], [0.0])  # the fixed rules share one colour scale
    kh, kw = cfg.kernel_size
    h_out, w_out = out["transposed"].shape
    h_s, w_s = out["nearest"].shape
    note = "transposed-" + sentences.compared_size((h_out, w_out), (h_s, w_s))
    size_note = text("upsampling", note, h_s=h_s, w_s=w_s)
    panels = [
        (cfg.input, "Input", "input", cfg.describe(), fixed),
        (out["nearest"], "Nearest", "nearest", text("upsampling", "nearest", s=scale), fixed),
        (out["bilinear"], "Bilinear", "bilinear",
         text("upsampling", "bilinear", align="on" if align else "off"), fixed),
        (out["bed"], "Bed of nails", "bed", text("upsampling", "bed", s=scale), fixed),
        (unpooled, "Max-unpooling", "unpool", text("upsampling", "unpool-short"), fixed),
        (out["transposed"], "Transposed convolution", "transposed",
         text("upsampling", "transposed", s=scale, kh=kh, kw=kw, h_out=h_out, w_out=w_out,
              size_note=size_note), None),
    ]
    st.caption(panels[0][3])  # the sidebar's settings, where the figures begin
    for n, line in enumerate((panels[:3], panels[3:])):
        row([grid_page(values, title, key=f"upsampling_{key}", scale=colors, width_px=NARROW_PX)
             for values, title, key, _, colors in line], slots=3, key=f"upsampling_rules_{n}",
            notes=[None if key == "input" else words for _, _, key, words, _ in line])

    st.markdown(text("upsampling", "table", nearest=size(out["nearest"].shape), bilinear=size(out["bilinear"].shape),
                     bed=size(out["bed"].shape), unpool=size(unpooled.shape), transposed=size(out["transposed"].shape),
                     weights=count(cfg.kernel.size, "number")))


def unpooling_steps(cfg, scale: int) -> None:
    st.header("Max-unpooling, step by step")
    (h, w) = cfg.input_size
    source = st.radio("Values to put back", list(UNPOOL_FROM), format_func=UNPOOL_FROM.get,
                      key="upsampling_unpool_from", persist_state="session", horizontal=True,
                      help=text("upsampling", "unpool-help"))
    steps = unpooling(cfg.input, scale, source == "input")
    big_h, big_w = steps["big"].shape
    st.markdown(text("upsampling", "unpool", s=scale, big_h=big_h, big_w=big_w))
    window = (scale, scale)
    maxima = list(zip(steps["rows"].ravel(), steps["cols"].ravel()))
    what = text("upsampling", "values-input" if source == "input" else "values-pooled")
    row([pooling_grid(steps["big"], window, maxima, "Encoder's feature map", key="upsampling_encoder"),
         grid_page(steps["pooled"], "Pooled values", key="upsampling_pooled")], key="upsampling_steps_pool",
        notes=[text("upsampling", "step1", s=scale), text("upsampling", "step2", h=h, w=w)])
    row([index_grid(steps["rows"], steps["cols"], big_w, "Indices of the maxima", key="upsampling_indices"),
         pooling_grid(steps["unpooled"], window, maxima, "Unpooled", key="upsampling_unpooled")],
        key="upsampling_steps_unpool", notes=[text("upsampling", "step3", big_h=big_h, big_w=big_w),
                                             text("upsampling", "step4", values=what[0].upper() + what[1:])])


def keras(cfg, scale: int) -> None:
    st.header("UpSampling2D versus Conv2DTranspose")
    st.markdown(text("upsampling", "keras", s=scale))
    facts = keras_facts(cfg.input, scale)
    (kh, kw), (th, tw) = facts["keras_bed"].shape, facts["torch_bed"].shape
    st.markdown(text("upsampling", "keras-bed", s=scale, keras_h=kh, keras_w=kw, torch_h=th, torch_w=tw))
    row([grid_page(values, title, key=f"upsampling_{key}", width_px=NARROW_PX)
         for values, title, key in [(facts["keras_bed"], "Keras, 1x1 ones kernel", "keras_bed"),
                                    (facts["bed"], "Bed of nails", "bed_again"),
                                    (facts["torch_bed"], "PyTorch, 1x1 ones kernel", "torch_bed")]],
        key="upsampling_keras_row")
    equal_caption(facts["keras_bed"], facts["bed"], ("Keras's output", "bed of nails"))
    st.markdown(text("upsampling", "keras-nearest", s=scale))
    row([grid_page(facts["ones_conv"], f"Transposed convolution, {scale}x{scale} ones", key="upsampling_ones_conv"),
         grid_page(facts["nearest"], "Nearest", key="upsampling_nearest_again")], key="upsampling_nearest_row")
    equal_caption(facts["ones_conv"], facts["nearest"], ("the transposed convolution", "nearest neighbour"))


@st.fragment
def page() -> None:
    cfg = controls.current()
    cols = st.columns([2, 2, 3])
    scale = widgets.slider(cols[0], "upsampling_scale", help=text("upsampling", "scale-help"))
    with cols[1]:
        st.write("")
        align = widgets.switch(st, "upsampling_align", help=text("upsampling", "align-help"))
    comparison(cfg, scale, align)
    unpooling_steps(cfg, scale)
    keras(cfg, scale)


st.title("Upsampling without learning")
st.markdown(controls.intro("upsampling"))
page()
