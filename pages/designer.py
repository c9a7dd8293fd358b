"""Page 10: the layer designer (every transposed convolution within the sidebar's ranges that turns one size
into another; a click puts one into the sidebar) and the Conv2d inverter, each with code that runs."""

from functools import partial

import pandas as pd
import streamlit as st

import core
from ui.cache import cached
from ui.code.layer_code import keras_inverse, keras_layer, settings_row, torch_inverse, torch_layer
from ui.sentences import designer_code_words, inverse_keras_words
from ui.settings.config import MAX_DILATION, MAX_INPUT, MAX_KERNEL, MAX_PADDING, MAX_STRIDE
from ui.settings.registry import CONV, FRAMEWORKS
from ui.state import controls, designer_pick, widgets
from ui.text import text
from ui.words import count, listing, size

RANGES = core.Ranges(MAX_KERNEL, MAX_STRIDE, MAX_DILATION, MAX_PADDING)
SHOWN = 12  # rows a table shows
CELLS = {"height": "row", "width": "column"}
SHARED = {"pytorch": "", "keras": text("designer", "keras-shared")}  # what else one layer's two axes share


designs = cached(core.design)
inversion = cached(core.invert_conv2d)


def sizes(key: str, default) -> tuple[int, int] | None:
    """A size typed as height and width, or None (said under the box) when either is outside its range."""
    got = []
    for col, axis, value in zip(st.columns(2), CELLS, default):
        got.append(widgets.whole(col, f"designer_{key}_{axis[0]}", default=value))
    return None if None in got else tuple(got)


def table(design: core.Design, axis: str) -> None:
    layers = design.layers(axis)
    if axis == "both":
        title, target = "Both axes", f"{size(design.input_size)} to {size(design.output_size)}"
    else:
        i, cell, title = list(CELLS).index(axis), CELLS[axis], axis.capitalize()
        target = f"{count(design.input_size[i], cell)} to {count(design.output_size[i], cell)}"
    shown = text("designer", "shown-all") if len(layers) <= SHOWN else text("designer", "shown-first", shown=SHOWN)
    st.markdown(text("designer", "found", title=title, target=target, framework=FRAMEWORKS[design.framework],
                     found=count(len(layers), "setting"), shown=shown))
    frame = pd.DataFrame([settings_row(a) | {"Even overlap": "yes" if a.even else "no"} for a in layers[:SHOWN]])
    st.dataframe(frame, hide_index=True, on_select=partial(designer_pick.pick, design, axis, SHOWN),
                 selection_mode="single-row", key=f"designer_table_{axis}",
                 height=35 * (len(frame) + 1) + 3)  # every row, no scrolling


def designer(cfg) -> None:
    st.markdown(text("designer", "designer", **vars(RANGES)))
    applied = None if cfg.problem else designer_pick.applied()
    if applied:
        st.success(text("designer", "applied", settings=applied, inputs=size(cfg.input_size),
                        outputs=size(cfg.output_size), largest=size((MAX_INPUT, MAX_INPUT))))
    if "designer_framework" not in st.session_state:  # first seen: the sidebar's framework
        st.session_state["designer_framework"] = "keras" if cfg.is_keras else "pytorch"
    framework = widgets.buttons(st, "designer_framework")
    n = sizes("input", cfg.input_size)
    m = sizes("output", [2 * v for v in cfg.input_size])
    if n is None or m is None:
        return
    design = designs(n, m, framework, RANGES)
    if not (design.height and design.width):
        return nothing(design)
    st.markdown(text("designer", "found-both" if design.same else "found-axes", keras_shared=SHARED[framework]))
    for axis in ["both"] if design.same else CELLS:
        table(design, axis)
    held = design.held(designer_pick.holds)  # the code: for the layer in the sidebar when one of these, else the first
    layers = held or design.choose("both" if design.same else "height", 0)
    st.markdown(designer_code_words(bool(held), design.same))
    st.code((torch_layer if design.framework == "pytorch" else keras_layer)(layers["height"], layers["width"]))


def nothing(design: core.Design) -> None:
    other = "keras" if design.framework == "pytorch" else "pytorch"
    found = designs(design.input_size, design.output_size, other, RANGES)
    hint = (text("designer", "hint-other", other=FRAMEWORKS[other]) if found.height and found.width
            else text("designer", "hint-neither", stride=MAX_STRIDE))
    alone = listing([f"{count(c, 'setting')} for the {axis}" for c, axis in zip(design.alone, CELLS)])
    target = f"{size(design.input_size)} to {size(design.output_size)}"
    st.warning(text("designer", "none-pair" if all(design.alone) else "none", target=target, hint=hint, alone=alone,
                    framework=FRAMEWORKS[design.framework], keras_shared=SHARED[design.framework]))


def conv_settings() -> dict:
    per_axis = widgets.switch(st, "designer_conv_per_axis")
    axes = CELLS if per_axis else ("",)
    got = {}
    for col, name in zip(st.columns(5), CONV):
        got[name] = [widgets.whole(col, f"designer_conv_{name}_{axis}") for axis in axes]
    if any(None in values for values in got.values()):
        return None
    return {name: tuple(values) if len(values) == 2 else values[0] for name, values in got.items()}


def siblings(inv: core.Inversion) -> None:
    agree = inv.siblings[0] == inv.siblings[1]
    for axis, trips in zip(["each axis"] if agree else ["the height", "the width"], inv.siblings):
        cell = "cell" if agree else CELLS[axis.removeprefix("the ")]
        st.markdown(text("designer", "siblings-many" if len(trips) > 1 else "siblings-one", axis=axis,
                         sizes=listing([str(t.input) for t in trips[:-1]] + [count(trips[-1].input, cell)]),
                         all="both" if len(trips) == 2 else "all", m=count(trips[0].conv_output, cell),
                         ops=listing([f"{t.output_padding} returns to {t.input}" for t in trips])))


def inverter() -> None:
    st.markdown(text("designer", "inverter"))
    settings = conv_settings()
    if settings is None:
        return
    try:
        inv = inversion(**settings)
    except ValueError as exc:
        return st.warning(str(exc))
    st.markdown(text("designer", "inverted", inputs=size(inv.input_size), outputs=size(inv.conv_output),
                     op=str(inv.output_padding), wanted=list(inv.input_size)))
    siblings(inv)
    st.markdown(inverse_keras_words(inv))
    for tab, snippet in zip(st.tabs(["PyTorch", "Keras 3"]), (torch_inverse(inv), keras_inverse(inv))):
        (tab.code if snippet else tab.info)(snippet or text("designer", "keras-rule", reason=inv.keras_problem))


cfg = controls.current()
st.title("Layer designer")
designer(cfg)
inverter()
