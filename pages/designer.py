"""Page 10: the layer designer (every transposed convolution within the sidebar's ranges that turns one size
into another, in 1-D, 2-D or 3-D; in 2-D a click puts one into the sidebar) and the convolution inverter, each
with code that runs."""

from functools import partial

import pandas as pd
import streamlit as st

import core
from ui.cache import cached
from ui.code.layer_code import keras_inverse, keras_layer, names, settings_row, torch_inverse, torch_layer
from ui.sentences import (
    CELLS,
    axes_words,
    code_value,
    designer_code_words,
    dims_words,
    input_words,
    inverse_keras_words,
    siblings_words,
    size_words,
    target_words,
)
from ui.settings.config import MAX_DILATION, MAX_INPUT, MAX_KERNEL, MAX_PADDING, MAX_STRIDE
from ui.settings.registry import CONV, FRAMEWORKS
from ui.state import controls, designer_pick, widgets
from ui.text import text
from ui.words import count, listing, size

RANGES = core.Ranges(MAX_KERNEL, MAX_STRIDE, MAX_DILATION, MAX_PADDING)
SHOWN = 12  # rows a table shows
SHARED = {"pytorch": "", "keras": text("designer", "keras-shared")}  # what else one layer's axes share


designs = cached(core.design)
inversion = cached(core.invert_conv)


def sizes(key: str, axes, default: dict) -> tuple[int, ...] | None:
    """A size typed per axis, or None (said under the box) when any is outside its range."""
    got = []
    for col, axis in zip(st.columns(len(axes)), axes):
        got.append(widgets.whole(col, f"designer_{key}_{axis[0]}", default=default[axis]))
    return None if None in got else tuple(got)


def table(design: core.Design, axis: str) -> None:
    layers = design.layers(axis)
    if axis == "both":
        title = "Both axes" if len(design.axes) == 2 else "All three axes"
        target = target_words(design.input_size, design.output_size)
    else:
        i, cell, title = design.axes.index(axis), CELLS[axis], axis.capitalize()
        target = f"{count(design.input_size[i], cell)} to {count(design.output_size[i], cell)}"
    shown = text("designer", "shown-all") if len(layers) <= SHOWN else text("designer", "shown-first", shown=SHOWN)
    st.markdown(text("designer", "found", title=title, target=target, framework=FRAMEWORKS[design.framework],
                     found=count(len(layers), "setting"), shown=shown))
    frame = pd.DataFrame([settings_row(a) | {"Even overlap": "yes" if a.even else "no"} for a in layers[:SHOWN]])
    st.dataframe(frame, hide_index=True, on_select=partial(designer_pick.pick, design, axis, SHOWN),
                 selection_mode="single-row", key=f"designer_table_{axis}",
                 height=35 * (len(frame) + 1) + 3)  # every row, no scrolling


def designer(cfg, axes) -> None:
    click = text("designer", "click-sidebar") if len(axes) == 2 else text("designer", "click-here",
                                                                          dims=dims_words(axes))
    st.markdown(text("designer", "designer", click=click, **vars(RANGES)))
    applied = None if cfg.problem else designer_pick.applied()
    if applied:
        st.success(text("designer", "applied", settings=applied, inputs=size(cfg.input_size),
                        outputs=size(cfg.output_size), largest=size((MAX_INPUT, MAX_INPUT))))
    kept = designer_pick.kept()
    if kept:
        st.info(kept)
    if "designer_framework" not in st.session_state:  # first seen: the sidebar's framework
        st.session_state["designer_framework"] = "keras" if cfg.is_keras else "pytorch"
    framework = widgets.buttons(st, "designer_framework")
    h, w = cfg.input_size
    n = sizes("input", axes, {"length": h, "depth": h, "height": h, "width": w})
    m = sizes("output", axes, {"length": 2 * h, "depth": 2 * h, "height": 2 * h, "width": 2 * w})
    if n is None or m is None:
        return
    design = designs(n, m, framework, RANGES)
    if not design.complete:
        return nothing(design)
    if len(axes) > 1:
        found = "found-both" if design.same else {2: "found-axes", 3: "found-axes-3d"}[len(axes)]
        st.markdown(text("designer", found, keras_shared=SHARED[framework], **axes_words(axes)))
    for axis in design.tables:
        table(design, axis)
    held = designer_pick.chosen(design)  # the code: for the layer picked (2-D: in the sidebar) when one, else the first
    layers = held or design.choose(design.tables[0], 0)
    st.markdown(designer_code_words(bool(held), design.same, axes))
    st.code((torch_layer if design.framework == "pytorch" else keras_layer)(*layers.values()))


def nothing(design: core.Design) -> None:
    other = "keras" if design.framework == "pytorch" else "pytorch"
    found = designs(design.input_size, design.output_size, other, RANGES)
    hint = (text("designer", "hint-other", other=FRAMEWORKS[other]) if found.complete
            else text("designer", "hint-neither", stride=MAX_STRIDE))
    alone = listing([f"{count(c, 'setting')} for the {axis}" for c, axis in zip(design.alone, design.axes)])
    st.warning(text("designer", "none-pair" if all(design.alone) else "none", hint=hint, alone=alone,
                    target=target_words(design.input_size, design.output_size), **axes_words(design.axes),
                    framework=FRAMEWORKS[design.framework], keras_shared=SHARED[design.framework]))


def conv_settings(axes) -> dict | None:
    per_axis = len(axes) > 1 and widgets.switch(st, "designer_conv_per_axis")
    boxes = axes if per_axis else ("",)
    got = {}
    for col, name in zip(st.columns(5), CONV):
        got[name] = [widgets.whole(col, f"designer_conv_{name}_{axis}") for axis in boxes]
    if any(None in values for values in got.values()):
        return None
    return {name: tuple(values) if per_axis else values[0] for name, values in got.items()}


def inverter(axes) -> None:
    layer = names(len(axes))
    st.markdown(text("designer", "inverter", **layer))
    settings = conv_settings(axes)
    if settings is None:
        return
    try:
        inv = inversion(**settings, dims=len(axes))
    except ValueError as exc:
        return st.warning(str(exc))
    st.markdown(text("designer", "inverted", inputs=input_words(inv.input_size),
                     back=size_words(inv.input_size), outputs=size_words(inv.conv_output),
                     op=code_value(inv.output_padding), wanted=list(inv.input_size), **layer))
    for sentence in siblings_words(inv):
        st.markdown(sentence)
    st.markdown(inverse_keras_words(inv))
    for tab, snippet in zip(st.tabs(["PyTorch", "Keras 3"]), (torch_inverse(inv), keras_inverse(inv))):
        (tab.code if snippet else tab.info)(snippet or text("designer", "keras-rule", reason=inv.keras_problem))


cfg = controls.current()
st.title("Layer designer")
st.markdown(controls.uses("designer"))
dims = widgets.buttons(st, "designer_dims")
designer(cfg, core.AXIS_NAMES[int(dims)])
inverter(core.AXIS_NAMES[int(dims)])
