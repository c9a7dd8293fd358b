"""Page 10: the layer designer and the convolution inverter, in 1-D, 2-D and 3-D.

Every code block the page shows is run with real PyTorch and Keras (torch backend): each ``print`` must
print the shape its ``# prints`` comment promises, and that shape must be the page's (the size wanted, the
Conv2d's output, its input). A click on a table row is sent as the browser sends it (the table's selection
as widget state), and the sidebar must then hold that layer and give the size wanted.
"""

from __future__ import annotations

import json
import os
import re

import numpy as np
import pytest
from pagetest import config, open_page, texts
from test_shapes import oracles, run

import core
from ui.settings.config import MAX_DILATION, MAX_KERNEL, MAX_PADDING, MAX_STRIDE

os.environ.setdefault("KERAS_BACKEND", "torch")  # before keras is imported anywhere
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")
RANGES = core.Ranges(MAX_KERNEL, MAX_STRIDE, MAX_DILATION, MAX_PADDING)
PROMISE = re.compile(r"#\s*prints (\(.*\))\s*$")


def designer(framework="pytorch", size=(3, 3), wanted=(6, 6), **sidebar):
    """The page with the designer's inputs set (and the sidebar's, through the address); 1 to 3 sizes per axis
    choose the dimensions."""
    at = open_page("designer", **sidebar)
    if len(size) != 2:
        at.radio(key="designer_dims").set_value(str(len(size))).run()
    at.radio(key="designer_framework").set_value(framework)
    for key, values in (("input", size), ("output", wanted)):
        for axis, value in zip(core.AXIS_NAMES[len(size)], values):
            at.number_input(key=f"designer_{key}_{axis[0]}").set_value(value)
    return at.run()


def inverter(per_axis=False, dims=2, **conv):
    at = open_page("designer")
    if dims != 2:
        at.radio(key="designer_dims").set_value(str(dims)).run()
    if per_axis:
        at.toggle(key="designer_conv_per_axis").set_value(True).run()
    for name, value in conv.items():
        if per_axis:
            for axis, v in zip(core.AXIS_NAMES[dims], value):
                at.number_input(key=f"designer_conv_{name}_{axis}").set_value(v)
        else:
            at.number_input(key=f"designer_conv_{name}_").set_value(value)
    return at.run()


def promises(code: str) -> list[tuple]:
    return [eval(m.group(1)) for line in code.splitlines() if (m := PROMISE.search(line))]


def run_snippet(code: str) -> list[tuple]:
    """Run a snippet; return what it printed, each line as a tuple, after checking it kept its promises."""
    _, printed = run(code)
    shapes = [eval(line) for line in printed.splitlines() if line.strip()]
    assert shapes == promises(code), code
    return shapes


def pick(at, axis: str, row: int):
    """Click row ``row`` of the table ``designer_table_<axis>``, as the browser reports it: the selection."""
    table = at.dataframe(key=f"designer_table_{axis}")
    states = at._tree.get_widget_states()  # noqa: SLF001 - AppTest has no setter for a table's selection
    state = states.widgets.add()
    state.id = table.proto.id
    state.string_value = json.dumps({"selection": {"rows": [row], "columns": [], "cells": []}})
    return at._run(states)  # noqa: SLF001


def designed(at) -> list[str]:
    """The designer's code blocks (the inverter's build a Conv2d first)."""
    return [c.value for c in at.code if "\nlayer = " in c.value]


def table(at, axis: str):
    return at.dataframe(key=f"designer_table_{axis}").value


def test_defaults_show_the_sidebars_input_and_twice_it():
    at = open_page("designer")
    assert not at.exception
    assert "Layer designer" in [t.value for t in at.title]
    design = core.design(3, 6, "pytorch", RANGES)
    shown = table(at, "both")
    assert len(shown) == 12
    assert list(shown.columns) == ["Kernel", "Stride", "Padding", "Output padding", "Dilation", "Even overlap"]
    assert [int(k) for k in shown["Kernel"]] == [a.kernel for a in design.height[:12]]
    assert [int(p) for p in shown["Padding"]] == [a.padding for a in design.height[:12]]
    said = texts(at)
    assert f"**Both axes.** 3x3 to 6x6 with PyTorch: {len(design.height)} settings found; the first 12" in said
    assert "The `Conv2d` turns its 8x8 input into 4x4" in said and "`output_padding=(1, 1)`" in said
    assert "inputs of 7 and 8 cells both give 4 cells" in said
    assert "0 returns to 7 and 1 returns to 8" in said


LAYERS = {
    "pytorch, defaults": dict(),
    "pytorch, per axis": dict(size=(3, 4), wanted=(7, 12)),
    "pytorch, dilation": dict(size=(2, 2), wanted=(9, 9)),
    "keras, defaults": dict(framework="keras"),
    "keras, per axis": dict(framework="keras", size=(2, 5), wanted=(6, 10)),
    "keras, odd": dict(framework="keras", size=(4, 4), wanted=(11, 11)),
    "pytorch, shrinking": dict(size=(8, 8), wanted=(3, 5)),
}


@pytest.mark.parametrize("case", list(LAYERS))
def test_the_designers_code_builds_a_layer_of_the_size_wanted(case):
    oracles()
    params = LAYERS[case]
    at = designer(**params)
    assert not at.exception
    wanted = params.get("wanted", (6, 6))
    code = designed(at)
    assert len(code) == 1, [c.value for c in at.code]
    shapes = run_snippet(code[0])
    keras = params.get("framework") == "keras"
    assert shapes == [(1, *wanted, 1) if keras else (1, 1, *wanted)]


INVERSES = {
    "textbook": dict(),
    "keras twin": dict(input_size=7),
    "stride and dilation": dict(dilation=2),
    "per axis": dict(per_axis=True, input_size=(9, 6), kernel=(3, 2), stride=(2, 3), padding=(1, 0),
                     dilation=(1, 1)),
    "large padding": dict(input_size=5, kernel=1, stride=4, padding=3),
    "dilation alone": dict(input_size=10, kernel=3, stride=1, padding=0, dilation=3),
    "big stride": dict(input_size=31, kernel=5, stride=8, padding=2),
}


@pytest.mark.parametrize("case", list(INVERSES))
def test_the_inverters_code_returns_to_the_input_in_torch_and_keras(case):
    oracles()
    at = inverter(**INVERSES[case])
    assert not at.exception
    conv = {k: v for k, v in {**dict(input_size=8, kernel=3, stride=2, padding=1, dilation=1),
                              **INVERSES[case]}.items() if k != "per_axis"}
    inv = core.invert_conv2d(**conv)
    blocks = [c.value for c in at.code]
    torch_code = next(b for b in blocks if "torch.nn.Conv2d(" in b)
    assert run_snippet(torch_code) == [(1, 1, *inv.conv_output), (1, 1, *inv.input_size), (1, 1, *inv.input_size)]
    assert f"output_size={list(inv.input_size)}" in torch_code
    keras_code = next((b for b in blocks if "keras.layers.Conv2D(" in b), None)
    if inv.keras_problem:
        assert keras_code is None and "Keras does not combine" in texts(at)
        return
    assert run_snippet(keras_code) == [(1, *inv.conv_output, 1), (1, *inv.input_size, 1)]
    said = texts(at)
    if inv.keras:
        assert f"padding='{inv.keras[0]}'" in keras_code and "Cropping2D" not in keras_code
        assert "crops exactly the same cells" in said
    else:
        assert "Keras has no single layer that crops the same cells" in said


def test_the_keras_composition_keeps_the_same_cells_as_torch():
    torch, keras = oracles()
    at = inverter()  # kernel 3, stride 2, padding 1 from 8: PyTorch crops (1, 0), which Keras cannot say
    keras_code = next(c.value for c in at.code if "keras.layers.Conv2D(" in c.value)
    assert "Cropping2D(cropping=((1, 0), (1, 0)))" in keras_code
    rng = np.random.default_rng(0)
    y, w = rng.standard_normal((1, 4, 4, 1)).astype("float32"), rng.standard_normal((3, 3, 1, 1)).astype("float32")
    # The snippet's way back, from its transposed layer on, with known weights in place of random ones.
    back = keras_code[keras_code.index("out = keras.layers.Conv2DTranspose("):].replace(
        "Conv2DTranspose(1, ", "Conv2DTranspose(1, kernel_initializer=lambda *_, **__: w, use_bias=False, ")
    namespace = {"keras": keras, "y": y, "w": w}
    exec(compile(back, "<keras way back>", "exec"), namespace)
    want = torch.nn.functional.conv_transpose2d(torch.from_numpy(y.transpose(0, 3, 1, 2)),
                                                torch.from_numpy(w.transpose(3, 2, 0, 1)), stride=2, padding=1,
                                                output_padding=1)
    got = keras.ops.convert_to_numpy(namespace["out"])[0, :, :, 0]
    np.testing.assert_allclose(got, want.numpy()[0, 0], rtol=1e-4, atol=1e-4)


def test_a_click_on_a_row_moves_the_sidebar_to_that_layer():
    at = open_page("designer")
    layer = core.design(3, 6, "pytorch", RANGES).height[3]
    at = pick(at, "both", 3)
    assert not at.exception
    state = at.session_state
    assert (state["kh"], state["kw"], state["sh"], state["sw"]) == (layer.kernel,) * 2 + (layer.stride,) * 2
    assert (state["ph"], state["pw"], state["oph"], state["d"]) == (layer.padding, layer.padding,
                                                                    str(layer.output_padding), layer.dilation)
    cfg = config(at)
    assert cfg.output_size == (6, 6) and cfg.problem is None
    assert at.query_params.get("kh") == str(layer.kernel)
    said = texts(at)
    assert f"Applied to the sidebar: kernel {layer.kernel}, stride {layer.stride}, padding {layer.padding}" in said
    assert "now takes its 3x3 input to a\n6x6 output" in said
    assert "Code for the layer in the sidebar" in said
    code = designed(at)[0]
    assert f"kernel_size=({layer.kernel}, {layer.kernel})" in code


def test_a_keras_row_sets_the_convention_and_output_padding():
    at = designer(framework="keras", size=(4, 4), wanted=(11, 11))
    design = core.design(4, 11, "keras", RANGES)
    index = next(i for i, a in enumerate(design.height[:12]) if a.output_padding is not None)
    at = pick(at, "both", index)
    assert not at.exception
    layer = design.height[index]
    state = at.session_state
    assert state["convention"] == f"keras-{layer.padding}" and state["oph"] == str(layer.output_padding)
    assert config(at).output_size == (11, 11)
    assert at.query_params.get("convention") == f"keras-{layer.padding}"


def test_per_axis_picks_keep_the_other_axis_when_it_fits():
    at = designer(size=(3, 4), wanted=(7, 12))
    design = core.design((3, 4), (7, 12), "pytorch", RANGES)
    at = pick(at, "height", 1)
    assert not at.exception
    layers = design.choose("height", 1)
    assert config(at).output_size == (7, 12)  # the width took a partner
    assert "The width took its best row" in texts(at)
    width = design.width.index(layers["width"])
    other = next(i for i, a in enumerate(design.width[:12]) if i != width and a.shared == layers["height"].shared)
    at = pick(at, "width", other)
    assert not at.exception
    state = at.session_state
    assert (state["kh"], state["sh"], state["ph"]) == (layers["height"].kernel, layers["height"].stride,
                                                       layers["height"].padding)
    assert state["kw"] == design.width[other].kernel and config(at).output_size == (7, 12)
    assert "The height kept its settings" in texts(at)


def test_an_impossible_request_says_so():
    at = designer(size=(1, 1), wanted=(60, 60))
    assert not at.exception
    said = "\n".join(w.value for w in at.warning)
    assert "No setting within the sidebar's ranges takes 1x1 to 60x60 with PyTorch." in said
    assert "Neither framework can" in said
    assert not [t for t in at.dataframe if t.key.startswith("designer_")] and not designed(at)
    at = designer(framework="keras", size=(2, 2), wanted=(15, 15))  # PyTorch's padding can; Keras cannot
    assert core.design(2, 15, "keras", RANGES).height == () and core.design(2, 15, "pytorch", RANGES).height
    said = "\n".join(w.value for w in at.warning)
    assert "with Keras" in said and "PyTorch can: switch the framework above." in said


def test_axes_that_cannot_share_one_layer_say_so():
    # Keras: each axis alone can, but their modes or output-padding defaults never agree.
    design = core.design((1, 1), (2, 11), "keras", RANGES)
    assert all(design.alone) and not design.height
    at = designer(framework="keras", size=(1, 1), wanted=(2, 11))
    said = "\n".join(w.value for w in at.warning)
    assert f"({design.alone[0]} settings for the height and {design.alone[1]} settings for the width)" in said
    assert "no single Keras layer serves both" in said


@pytest.mark.parametrize("conv", [dict(input_size=2, kernel=5, padding=0), dict(input_size=1, kernel=15, dilation=6)])
def test_a_convolution_that_does_not_fit_is_explained(conv):
    at = inverter(**conv)
    assert not at.exception
    said = "\n".join(w.value for w in at.warning)
    assert "needs at least one row and one column" in said
    assert not [c for c in at.code if "torch.nn.Conv2d(" in c.value]
    assert at.dataframe(key="designer_table_both")  # the designer still works


def test_a_number_outside_a_box_s_range_is_said_there_and_nothing_is_computed_with_it():
    at = open_page("designer")
    at.number_input(key="designer_output_h").set_value(0)
    at.number_input(key="designer_conv_stride_").set_value(99)
    at.run()
    assert not at.exception
    said = [w.value for w in at.warning]
    assert "Output wanted height 0 is outside what this box takes, 1 to 4096, so nothing is computed with it: " \
           "type a number in that range." in said
    assert "Stride 99 is outside what this box takes, 1 to 8, so nothing is computed with it: type a number in " \
           "that range." in said
    assert at.number_input(key="designer_output_h").value == 0  # the box shows what was typed
    assert not [t for t in at.dataframe if t.key.startswith("designer_table")] and not at.code


def test_a_practitioner_s_sizes_are_designed():
    """16x16 to 32x32 and 128x128 to 256x256, the sizes of a U-Net's decoder, past the sidebar's 8x8."""
    for n, m in ((16, 32), (128, 256)):
        at = designer(size=(n, n), wanted=(m, m))
        assert not at.exception and not at.warning
        rows = at.dataframe(key="designer_table_both").value
        assert len(rows) > 0
        for _, row in rows.iterrows():
            geo = core.geometry(n, int(row["Kernel"]), stride=int(row["Stride"]), padding=int(row["Padding"]),
                                output_padding=int(row["Output padding"]), dilation=int(row["Dilation"]))
            assert geo.output == (m, m)


# --- 1-D and 3-D: ConvTranspose1d, ConvTranspose3d, and the inverter of Conv1d and Conv3d ----------------------

LAYERS_1D_3D = {
    "1-D pytorch": dict(size=(3,), wanted=(6,)),
    "1-D keras": dict(framework="keras", size=(128,), wanted=(256,)),
    "1-D shrinking": dict(size=(8,), wanted=(5,)),
    "3-D pytorch": dict(size=(3, 3, 3), wanted=(6, 6, 6)),
    "3-D per axis": dict(size=(2, 3, 4), wanted=(4, 7, 12)),
    "3-D keras per axis": dict(framework="keras", size=(2, 5, 4), wanted=(6, 10, 8)),
}


@pytest.mark.parametrize("case", list(LAYERS_1D_3D))
def test_the_1d_and_3d_designers_code_builds_a_layer_of_the_size_wanted(case):
    oracles()
    params = LAYERS_1D_3D[case]
    at = designer(**params)
    assert not at.exception
    size, wanted, framework = params["size"], params["wanted"], params.get("framework", "pytorch")
    design = core.design(size, wanted, framework, RANGES)
    assert design.complete
    for axis in design.tables:  # the tables are the core's rows
        shown = table(at, axis)
        assert [int(k) for k in shown["Kernel"]] == [a.kernel for a in design.layers(axis)[:12]]
        assert [str(a.padding) in p for a, p in zip(design.layers(axis)[:12], shown["Padding"])]
    code = designed(at)
    assert len(code) == 1, [c.value for c in at.code]
    name = f"Conv{len(size)}DTranspose" if framework == "keras" else f"ConvTranspose{len(size)}d"
    assert name in code[0]
    shapes = run_snippet(code[0])
    assert shapes == [(1, *wanted, 1) if framework == "keras" else (1, 1, *wanted)]
    said = " ".join(texts(at).split())
    assert "The sidebar draws 2-D layers only" in said
    if len(size) == 1:
        assert f"**Length.** {size[0]} cells to {wanted[0]} cells with" in said
    elif design.same:
        assert "**All three axes.** 3x3x3 to 6x6x6" in said and "one table serves all three axes" in said
    else:
        assert "**Depth.**" in said and "**Width.**" in said and "each axis has its own table" in said


INVERSES_1D_3D = {
    "1-D textbook": dict(dims=1),
    "1-D keras twin": dict(dims=1, input_size=7),
    "1-D stride and dilation": dict(dims=1, dilation=2),
    "1-D big": dict(dims=1, input_size=4096, kernel=15, stride=8, padding=7),
    "3-D textbook": dict(dims=3),
    "3-D per axis": dict(dims=3, per_axis=True, input_size=(5, 9, 6), kernel=(3, 3, 2), stride=(1, 2, 3),
                         padding=(1, 1, 0), dilation=(1, 1, 1)),
}


@pytest.mark.parametrize("case", list(INVERSES_1D_3D))
def test_the_1d_and_3d_inverters_code_returns_to_the_input_in_torch_and_keras(case):
    oracles()
    params = INVERSES_1D_3D[case]
    at = inverter(**params)
    assert not at.exception
    dims = params["dims"]
    conv = {k: v for k, v in {**dict(input_size=8, kernel=3, stride=2, padding=1, dilation=1),
                              **params}.items() if k not in ("per_axis", "dims")}
    inv = core.invert_conv(**conv, dims=dims)
    blocks = [c.value for c in at.code]
    torch_code = next(b for b in blocks if f"torch.nn.Conv{dims}d(" in b)
    assert run_snippet(torch_code) == [(1, 1, *inv.conv_output), (1, 1, *inv.input_size), (1, 1, *inv.input_size)]
    assert f"output_size={list(inv.input_size)}" in torch_code and f"ConvTranspose{dims}d(" in torch_code
    said = texts(at)
    assert f"## The Conv{dims}d inverter" in said
    keras_code = next((b for b in blocks if f"keras.layers.Conv{dims}D(" in b), None)
    if inv.keras_problem:
        assert keras_code is None and "Keras does not combine" in said
        return
    assert run_snippet(keras_code) == [(1, *inv.conv_output, 1), (1, *inv.input_size, 1)]
    if inv.keras:
        assert f"Conv{dims}DTranspose(padding='{inv.keras[0]}'" in said and "crops exactly the same cells" in said
        assert f"Cropping{dims}D" not in keras_code
    else:
        assert "Keras has no single layer that crops the same cells" in said


def test_the_1d_inverter_speaks_of_cells_along_the_length():
    at = inverter(dims=1)
    said = " ".join(texts(at).split())
    assert "The `Conv1d` turns its 8-cell input into 4 cells." in said
    assert "returns to 8 cells with `output_padding=1`" in said and "`up(y, output_size=[8])`" in said
    assert "along the length, inputs of 7 and 8 cells both give 4 cells" in said
    assert "PyTorch crops 1 cell from the start and 0 from the end of the length." in said
    assert not [t for t in at.toggle if t.key == "designer_conv_per_axis"]  # one axis: nothing to set apart


@pytest.mark.parametrize("size, wanted, axis", [((3,), (6,), "length"), ((3, 3, 3), (6, 6, 6), "both"),
                                                ((2, 3, 4), (4, 7, 12), "height")])
def test_a_1d_or_3d_row_clicked_stays_on_the_page_and_says_so(size, wanted, axis):
    at = designer(size=size, wanted=wanted)
    sidebar = {key: at.session_state[key] for key in ("kh", "kw", "sh", "sw", "ph", "pw", "oph", "opw", "d")}
    design = core.design(size, wanted, "pytorch", RANGES)
    at = pick(at, axis, 3)
    assert not at.exception
    assert {key: at.session_state[key] for key in sidebar} == sidebar, "the 2-D sidebar keeps its layer"
    layers = design.choose(axis, 3)
    said = " ".join(texts(at).split())
    assert f"The sidebar draws 2-D layers only, so this {len(size)}-D layer stays on this page" in said
    assert [i.value for i in at.info if i.value.startswith("Picked: kernel ")]
    code = designed(at)[0]
    assert f"kernel_size={layers[design.axes[0]].kernel}" in code if len(size) == 1 else \
        f"kernel_size=({', '.join(str(a.kernel) for a in layers.values())})" in code
    assert "Code for the row you clicked" in said
    assert ("with a row of each other axis" in said) == (not design.same), "the same row on every axis: no partners"
    oracles()
    assert run_snippet(code) == [(1, 1, *wanted)]


def test_a_bad_or_impossible_size_in_1d_and_3d_says_a_sentence():
    at = designer(size=(3,), wanted=(6,))
    at.number_input(key="designer_output_l").set_value(5000).run()
    assert not at.exception
    said = " ".join(w.value for w in at.warning)
    assert "Output wanted length 5000 is outside what this box takes, 1 to 4096" in said
    assert not [t for t in at.dataframe if t.key.startswith("designer_table")]
    at = designer(size=(1,), wanted=(60,))
    said = "\n".join(w.value for w in at.warning)
    assert "No setting within the sidebar's ranges takes 1 cell to 60 cells with PyTorch." in said
    at = designer(framework="keras", size=(1, 1, 1), wanted=(2, 11, 2))
    design = core.design((1, 1, 1), (2, 11, 2), "keras", RANGES)
    assert all(design.alone) and not design.complete
    said = "\n".join(w.value for w in at.warning)
    assert "no single Keras layer serves all three: the three axes share one dilation" in " ".join(said.split())
    at = inverter(dims=3, input_size=2, kernel=5, padding=0)
    assert not at.exception
    assert "needs at least one cell on each axis" in "\n".join(w.value for w in at.warning)
