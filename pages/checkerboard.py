"""Page 7: checkerboard artifacts: how many products land on each output cell, and why it varies."""

import numpy as np
import streamlit as st

import core
from ui import predictions, sentences
from ui.cache import cached
from ui.figures.grid import Prepared
from ui.figures.overlap import counts_figure, counts_grid, doubling_figures, profile_figure
from ui.pictures.samples import sample
from ui.settings.presets import PRESETS
from ui.show import show
from ui.state import controls, predict, widgets
from ui.state.picture import uploaded
from ui.text import text
from ui.words import count, listing, size

PAGE = "checkerboard"
# The rule shown side by side: Distill's two presets (kernel 3 and kernel 4, stride 2).
COMPARE = [PRESETS["Distill: kernel 3, stride 2 (uneven overlap)"],
           PRESETS["Distill: kernel 4, stride 2 (even overlap)"]]
STACK_CORNER = 40  # stacked maps grow fast; show at most this top-left corner
WAYS = {"transposed": "Transposed convolution", "resize": "Resize, then convolve", "shuffle": "Pixel shuffle"}

counts_2d = cached(core.contribution_count)
profile = cached(core.contribution_profile)
interior = cached(core.interior_period)


@cached
def stack(cfg, layers: int) -> list[tuple[np.ndarray, tuple[int, int], int, int]]:
    """Per layer: the top-left corner of its counts, its full size, and its smallest and largest count."""
    layer = dict(kernel_size=cfg.kernel_size, **cfg.settings)
    maps = core.contribution_count_stack(cfg.input_size, [layer] * layers)
    return [(m[:STACK_CORNER, :STACK_CORNER], m.shape, int(m.min()), int(m.max())) for m in maps]


@cached
def upsampled(image: np.ndarray, kernel: int) -> dict:
    """The image (64x64, brightness in [0, 1]) halved, then doubled three ways, with each way's counts."""
    small = core.halve(image)
    return dict(small=small, **core.double_three_ways(small, kernel))


def current(cfg) -> None:
    counts, width = counts_2d(cfg.input_size, cfg.kernel_size, **cfg.settings), cfg.geometry.width
    row = profile(width.input, width.kernel, width.stride, width.padding, width.output_padding, width.dilation)
    cols = st.columns([1, 1])
    show(counts_grid(counts, "Contributions per output cell", key=f"{PAGE}_counts"), cols[0])
    # One colour scale for the map and the row (from 0 to the map's most), so a count has one colour on the page.
    show(profile_figure(row, f"One row: input {width.input}, kernel {width.kernel}, stride {width.stride}",
                        vmax=float(counts.max())), cols[1], key=f"{PAGE}_profile")
    st.markdown(sentences.counts_sentence(counts, core.interior(cfg.input_size, cfg.kernel_size, **cfg.settings)))
    for sentence in sentences.rule_sentences(cfg.geometry.axes):
        st.markdown(f"**{sentence}**")


@cached
def rule_figures() -> list[tuple[dict, dict]]:
    """The rule's two examples, a row profile and a map each, on one colour scale (no setting changes them)."""
    examples = [(p["kh"], p["sh"], p["h"]) for p in COMPARE]
    squares = [counts_2d((n, n), (k, k), stride=s) for k, s, n in examples]
    top = max(int(square.max()) for square in squares)  # one colour scale for both
    return [(profile_figure(profile(n, k, s), f"Kernel {k}, stride {s}: one row", vmax=top).to_dict(),
             counts_figure(square, f"Kernel {k}, stride {s}: {n}x{n} input", vmax=top).to_dict())
            for (k, s, n), square in zip(examples, squares)]


def rule() -> None:
    st.header("The rule: kernel divisible by stride")
    st.markdown(text(PAGE, "rule"))
    for col, p, (row, square) in zip(st.columns(len(COMPARE)), COMPARE, rule_figures()):
        k, s = p["kh"], p["sh"]
        show(Prepared(row), col, key=f"{PAGE}_rule_profile_k{k}")
        show(Prepared(square), col, key=f"{PAGE}_rule_counts_k{k}")
        col.markdown(sentences.rule_sentence(k, s, 1, interior(k, s, 1), where="Here", both=True))


@st.fragment
def stacked(cfg) -> None:
    st.header("Layers stacked")
    st.markdown(text(PAGE, "stack"))
    layers = st.slider("Number of layers", 1, 3, 2, key=f"{PAGE}_layers", persist_state="session",
                       help=text(PAGE, "stack-help"))
    if cfg.problem:
        st.info(text(PAGE, "stack-problem"))
        return
    try:
        maps = stack(cfg, layers)
    except ValueError as exc:  # one layer fits, but feeding its output through the same layer again may not
        st.info(text(PAGE, "stack-cannot", layers=layers, reason=exc))
        return
    for layer, (col, (corner, shape, low, high)) in enumerate(zip(st.columns(len(maps)), maps), start=1):
        title = f"Layer {layer}" + (", top-left corner" if corner.shape != shape else "")
        show(counts_grid(corner, title, key=f"{PAGE}_stack_{layer}", vmax=high, cell_px=24), col)
        counts = count(high, "contribution") if low == high else f"from {low} to {high} contributions"
        col.caption(text(PAGE, "stack-layer", layer=layer, output=size(shape), counts=counts))


image_figures = cached(doubling_figures)  # specs built once a picture


@st.fragment
def real_image() -> None:
    st.header("On a real image")
    left, right = st.columns([1, 2])
    with right:
        kernel = widgets.among(st, "checkerboard_kernel", format_func=lambda k: f"{k}x{k}",
                               help=text(PAGE, "kernel-help"))
        image = uploaded(PAGE)
    yours = image is not None
    up = upsampled(image if yours else sample(), kernel)
    small, results, counts, stride = up["small"], up["results"], up["counts"], up["settings"]["stride"][0]
    right.markdown(text(PAGE, "image", small=size(small.shape), big=size(results[0].shape), k=kernel))
    low, high = float(small.min()), float(small.max())  # the input's range: beyond it is pure black or white
    if high - low < 1e-6:  # a flat picture (an upload can be): the full scale, where a grid still shows
        low, high = 0.0, 1.0
    pictures, maps = image_figures(up, "Your picture" if yours else "Input", list(WAYS.values()), low, high)
    show(Prepared(pictures[0]), left, key=f"{PAGE}_image_input")
    for i, (col, spec, way) in enumerate(zip(st.columns(3), pictures[1:], WAYS)):
        show(Prepared(spec), col, key=f"{PAGE}_image_{i}")
        col.caption(text(PAGE, f"way-{way}", k=kernel, s=stride))
    st.markdown(text(PAGE, "image-counts"))
    inner = [np.unique(c[2:-2, 2:-2]) for c in counts]  # away from the borders
    for i, (col, spec, values) in enumerate(zip(st.columns(3), maps, inner)):
        show(Prepared(spec), col, key=f"{PAGE}_image_counts_{i}")
        col.caption(text(PAGE, "image-interior", values=listing([str(v) for v in values], "or")))
    low, high = int(inner[0].min()), int(inner[0].max())
    lesson = ("image-even" if low == high else "image-uneven") + ("-yours" if yours else "")
    st.markdown(text(PAGE, lesson, k=kernel, s=stride, low=low, high=high, other=7 - kernel))
    st.markdown(text(PAGE, "image-after"))


cfg = controls.current()
st.title("Checkerboard")
st.markdown(controls.intro(PAGE))
st.header("Contributions for the current settings")
controls.caption(PAGE, cfg)
if cfg.problem:
    st.info(text(PAGE, "problem"))
elif predict.gate(PAGE, predictions.busiest_cell(cfg)):
    current(cfg)
rule()
stacked(cfg)
real_image()
