"""Page 6: checkerboard artifacts: how many products land on each output cell, and why it varies."""

from pathlib import Path

import numpy as np
import streamlit as st
from PIL import Image

import core
from ui import controls
from ui.config import PRESETS
from ui.html_grid import show
from ui.lesson import text
from ui.overlap_view import counts_figure, counts_html, image_figure, profile_figure
from ui.upload import EXTENSIONS, UploadProblem, read_image

PAGE = "checkerboard"
IMAGE = Path(__file__).resolve().parent.parent / "assets" / "images" / "scene.png"
AXES = ("height", "width")
# The rule shown side by side: Distill's two presets (kernel 3 and kernel 4, stride 2).
COMPARE = [PRESETS["Distill: kernel 3, stride 2 (uneven overlap)"],
           PRESETS["Distill: kernel 4, stride 2 (even overlap)"]]
STACK_CORNER = 40  # stacked maps grow fast; show at most this top-left corner
# Sub-pixel weights for pixel shuffle, one 2x2 kernel per output phase (row, column):
# (0, 0) copies the cell, (0, 1) and (1, 0) average it with the next cell, (1, 1) with three.
SUBPIXEL = np.array([[[[1, 0], [0, 0]]], [[[0.5, 0.5], [0, 0]]], [[[0.5, 0], [0.5, 0]]],
                     [[[0.25, 0.25], [0.25, 0.25]]]])


def per_side(padding) -> tuple[tuple[int, int], tuple[int, int]]:
    """Padding as ((top, bottom), (left, right)), from a pair or the per-side form."""
    if isinstance(padding[0], tuple):
        return padding
    return (padding[0], padding[0]), (padding[1], padding[1])


def axis_settings(settings: dict, axis: int) -> dict:
    """The settings of one axis, as a 1-row transposed convolution (the other axis left alone)."""
    return dict(stride=(1, settings["stride"][axis]),
                padding=((0, 0), per_side(settings["padding"])[axis]),
                output_padding=(0, settings["output_padding"][axis]),
                dilation=(1, settings["dilation"][axis]))


@st.cache_data(max_entries=64)
def counts_2d(cfg) -> np.ndarray:
    return core.contribution_count(cfg.input_size, cfg.kernel_size, **cfg.settings)


@st.cache_data(max_entries=64)
def profile(length: int, kernel: int, settings: tuple) -> np.ndarray:
    """Counts along one axis: an input of (1, length) with a kernel of (1, kernel)."""
    return core.contribution_count((1, length), (1, kernel), **dict(settings))[0]


@st.cache_data(max_entries=64)
def interior(kernel: int, stride: int, dilation: int) -> list[int]:
    """One period (stride cells) of the counts far from the borders, along one axis.

    A long enough input, with nothing cropped; the interior is where every tap of the
    kernel can reach, from the last tap of the first stamp to the first tap of the last.
    """
    span = dilation * (kernel - 1) + 1
    length = span + 2
    counts = core.contribution_count((1, length), (1, kernel), stride=(1, stride), dilation=(1, dilation))[0]
    return [int(v) for v in counts[span - 1:span - 1 + stride]]


@st.cache_data(max_entries=64)
def square_counts(n: int, kernel: int, stride: int) -> np.ndarray:
    return core.contribution_count((n, n), (kernel, kernel), stride=stride)


@st.cache_data(max_entries=16)
def stack(cfg, layers: int) -> list[tuple[np.ndarray, tuple[int, int], int, int]]:
    """Per layer: the top-left corner of its counts, its full size, and its smallest and largest count."""
    layer = dict(kernel_size=cfg.kernel_size, **cfg.settings)
    maps = core.contribution_count_stack(cfg.input_size, [layer] * layers)
    return [(m[:STACK_CORNER, :STACK_CORNER], m.shape, int(m.min()), int(m.max())) for m in maps]


@st.cache_data(max_entries=1)
def scene() -> np.ndarray:
    """The sample image, brightness in [0, 1]."""
    with Image.open(IMAGE) as im:
        return np.asarray(im.convert("L"), dtype=float) / 255


@st.cache_data(max_entries=16)
def picture(data: bytes) -> tuple[np.ndarray | None, list[str], str | None]:
    """An upload's brightness and notes, or the sentence that says why it cannot be used.

    Keyed by the file's content (shared by visitors who upload the same file); problems are
    returned rather than raised, so they are cached too.
    """
    try:
        read = read_image(data)
    except UploadProblem as exc:
        return None, [], str(exc)
    return read.pixels, read.notes, None


def uploaded() -> np.ndarray | None:
    """The visitor's picture, if they uploaded one the page can use; what happened is said under the uploader."""
    file = st.file_uploader(text(PAGE, "upload-label"), type=list(EXTENSIONS), key=f"{PAGE}_upload",
                            help=text(PAGE, "upload-help"))
    if file is None:
        return None
    pixels, notes, problem = picture(file.getvalue())
    if problem:
        st.warning(text(PAGE, "upload-problem", problem=problem), icon=":material/image_not_supported:")
        return None
    st.caption(text(PAGE, "upload-yours"))
    for note in notes:
        st.caption(note)
    return pixels


@st.cache_data(max_entries=32)
def upsampled(image: np.ndarray, kernel: int) -> dict:
    """The image (64x64, brightness in [0, 1]) halved, then doubled three ways, with each way's counts."""
    small = core.conv2d(image, np.full((2, 2), 0.25), stride=2)  # 2x2 average: 64 -> 32
    ones = np.ones_like(small)
    # (a) transposed convolution: a box kernel (all taps equal, gain 1 on average), cropped as
    # Keras's 'same' so 32 becomes 64.
    padding, output_padding = core.keras_to_torch_padding(kernel, 2, "same")
    settings = dict(stride=2, padding=padding, output_padding=output_padding)
    box = np.full((kernel, kernel), 4 / kernel**2)
    transposed = core.conv_transpose2d(small, box, **settings)
    transposed_counts = core.contribution_count(small.shape, (kernel, kernel), **settings)
    # (b) resize, then convolve: nearest neighbour x2, then a 3x3 average with 'same' padding.
    smooth = np.full((3, 3), 1 / 9)
    resized = core.conv2d(core.upsample_nearest(small, 2), smooth, padding="same")
    resized_counts = core.conv2d(core.upsample_nearest(ones, 2), np.ones((3, 3)), padding="same")
    # (c) pixel shuffle: four sub-pixel maps (the image continued by its last row and column),
    # interleaved into one image twice as large.
    edge = np.pad(small, ((0, 1), (0, 1)), mode="edge")[None]
    shuffled = core.pixel_shuffle(core.conv2d(edge, SUBPIXEL), 2)[0]
    shuffled_counts = core.pixel_shuffle(core.conv2d(np.ones_like(edge), np.ones_like(SUBPIXEL)), 2)[0]
    return dict(small=small, settings=settings,
                results=[transposed, resized, shuffled],
                counts=[np.rint(c).astype(int) for c in (transposed_counts, resized_counts, shuffled_counts)])


def contributions(n: int) -> str:
    return f"{n} contribution" if n == 1 else f"{n} contributions"


def pattern_phrase(period: list[int]) -> str:
    if len(period) == 2:
        low, high = sorted(period)
        return f"alternate between {low} and {high}"
    return "repeat " + ", ".join(str(v) for v in period)


def rule_sentence(kernel: int, stride: int, dilation: int, where: str) -> str:
    """The divisibility rule, stated for one axis and checked against the core's counts."""
    period = interior(kernel, stride, dilation)
    even = len(set(period)) == 1
    values = dict(where=where, k=kernel, s=stride, d=dilation, count=contributions(period[0]),
                  pattern=pattern_phrase(period))
    if dilation > 1:
        result = text(PAGE, "rule-result-even" if even else "rule-result-uneven", **values)
        return text(PAGE, "rule-dilated", result=result, **values)
    if even:
        return text(PAGE, "rule-even", **values)
    return text(PAGE, "rule-holes" if kernel < stride else "rule-uneven", **values)


def rule_sentences(kernel_size, stride, dilation) -> list[str]:
    axes = list(zip(kernel_size, stride, (dilation, dilation)))
    if axes[0] == axes[1]:
        return [rule_sentence(*axes[0], where="Along the height and the width")]
    return [rule_sentence(*a, where=f"Along the {name}") for a, name in zip(axes, AXES)]


cfg = controls.current()
st.title("Checkerboard")
st.markdown(text(PAGE, "intro"))

st.subheader("Contributions for the current settings")
st.caption(cfg.describe())
if cfg.problem:
    st.info("The settings in the sidebar cannot produce an output, so there are no contributions to "
            "count; the message in the sidebar says why and how to fix it. The rule and the image "
            "below do not depend on the sidebar.")
else:
    counts = counts_2d(cfg)
    w = cfg.input_size[1]
    row = profile(w, cfg.kernel_size[1], tuple(axis_settings(cfg.settings, 1).items()))
    cols = st.columns([1, 1])
    show(counts_html(counts, "Contributions per output cell", key=f"{PAGE}_counts"), cols[0])
    cols[1].plotly_chart(profile_figure(row, f"One row: input {w}, kernel {cfg.kernel_size[1]}, "
                                             f"stride {cfg.stride[1]}"), key=f"{PAGE}_profile")
    st.markdown(text(PAGE, "read", low=int(counts.min()), high=int(counts.max()),
                     output="x".join(map(str, counts.shape))))
    for sentence in rule_sentences(cfg.kernel_size, cfg.stride, cfg.dilation):
        st.markdown(f"**{sentence}**")

st.subheader("The rule: kernel divisible by stride")
st.markdown(text(PAGE, "rule"))
examples = [(p["kh"], p["sh"], p["h"]) for p in COMPARE]
squares = [square_counts(n, k, s) for k, s, n in examples]
top = max(int(square.max()) for square in squares)  # one colour scale for both
for col, (k, s, n), square in zip(st.columns(len(COMPARE)), examples, squares):
    line = profile(n, k, tuple(dict(stride=(1, s)).items()))
    col.plotly_chart(profile_figure(line, f"Kernel {k}, stride {s}: one row", vmax=top),
                     key=f"{PAGE}_rule_profile_k{k}")
    col.plotly_chart(counts_figure(square, f"Kernel {k}, stride {s}: {n}x{n} input", vmax=top),
                     key=f"{PAGE}_rule_counts_k{k}")
    col.markdown(rule_sentence(k, s, 1, where="Here"))


@st.fragment
def stacked(cfg) -> None:
    st.subheader("Layers stacked")
    st.markdown(text(PAGE, "stack"))
    layers = st.slider("Number of layers", 1, 3, 2, key=f"{PAGE}_layers",
                       help="Each layer is the sidebar's transposed convolution with an all-ones kernel.")
    if cfg.problem:
        st.info("Stacking needs settings that produce an output; see the message in the sidebar.")
        return
    try:
        maps = stack(cfg, layers)
    except ValueError as exc:
        # One layer fits, but feeding its output through the same layer again may not.
        st.info(f"{layers} layers cannot be stacked with these settings. {exc} "
                "Choose fewer layers, or less padding in the sidebar.")
        return
    cols = st.columns(len(maps))
    for layer, (col, (corner, shape, low, high)) in enumerate(zip(cols, maps), start=1):
        title = f"Layer {layer}"
        if corner.shape != shape:
            title += ", top-left corner"
        show(counts_html(corner, title, key=f"{PAGE}_stack_{layer}", vmax=high, cell_px=24), col)
        col.caption(text(PAGE, "stack-layer", layer=layer, output="x".join(map(str, shape)),
                         low=low, high=high))


@st.fragment
def real_image() -> None:
    st.subheader("On a real image")
    left, right = st.columns([1, 2])
    with right:
        kernel = st.radio("Kernel size of the transposed convolution", [3, 4], key=f"{PAGE}_kernel",
                          horizontal=True, format_func=lambda k: f"{k}x{k}",
                          help="Stride 2 in both cases; kernel 4 is a multiple of the stride, kernel 3 is not.")
        image = uploaded()
    yours = image is not None
    up = upsampled(image if yours else scene(), kernel)
    small, results, counts = up["small"], up["results"], up["counts"]
    stride = up["settings"]["stride"]
    right.markdown(text(PAGE, "image", small="x".join(map(str, small.shape)),
                        big="x".join(map(str, results[0].shape)), k=kernel))
    low, high = float(small.min()), float(small.max())  # the input's range: beyond it is pure black or white
    if high - low < 1e-6:  # a flat picture (an upload can be): the full scale, where a grid still shows
        low, high = 0.0, 1.0
    left.plotly_chart(image_figure(small, "Your picture" if yours else "Input", zrange=(low, high)),
                      key=f"{PAGE}_image_input")

    titles = ["Transposed convolution", "Resize, then convolve", "Pixel shuffle"]
    how = [f"kernel {kernel}x{kernel}, stride {stride}", "nearest x2, then a 3x3 average",
           "four sub-pixel maps, interleaved"]
    cols = st.columns(3)
    for i, (col, result, title, line) in enumerate(zip(cols, results, titles, how)):
        col.plotly_chart(image_figure(result, title, zrange=(low, high), height=380),
                         key=f"{PAGE}_image_{i}")
        col.caption(line)
    st.markdown(text(PAGE, "image-counts"))
    inner = [np.unique(c[2:-2, 2:-2]) for c in counts]  # away from the borders
    cols = st.columns(3)
    for i, (col, count, values, title) in enumerate(zip(cols, counts, inner, titles)):
        col.plotly_chart(counts_figure(count, title, height=380), key=f"{PAGE}_image_counts_{i}")
        col.caption(text(PAGE, "image-interior", values=" or ".join(map(str, values))))
    low, high = int(inner[0].min()), int(inner[0].max())
    lesson = ("image-even" if low == high else "image-uneven") + ("-yours" if yours else "")
    st.markdown(text(PAGE, lesson, k=kernel, s=stride, low=low, high=high, other=7 - kernel))
    st.markdown(text(PAGE, "image-after"))


stacked(cfg)
real_image()
