"""Page 9: the output-size formula with the sidebar's numbers, PyTorch versus Keras (which side
is cropped), output padding and the ambiguity it resolves, and code to copy for both."""

import pandas as pd
import streamlit as st

import core
from ui import formulas, predictions
from ui.cache import cached
from ui.code.snippets import keras_code, torch_code
from ui.figures.charts import crop_grid, grid_page, shared_scale
from ui.sentences import crop_sentence
from ui.settings.config import CONVENTIONS
from ui.show import show
from ui.state import controls, predict
from ui.text import text
from ui.words import count, listing

NARROW_PX = 280  # about the width of a grid in a third of the page


@cached
def framework(cfg, name: str) -> dict:
    """One convention's output for the sidebar's input and kernel, and where its crop falls."""
    variant = cfg.as_convention(name)
    if variant.problem:
        return dict(error=variant.problem)
    geo = variant.geometry
    extra = tuple(e - u for e, u in zip(geo.extent, geo.uncropped))  # zeros output padding adds past the end
    uncropped = core.conv_transpose2d(cfg.input, cfg.kernel, stride=geo.stride, output_padding=extra,
                                      dilation=geo.dilation)
    return dict(output=variant.output(), uncropped=uncropped, crop=geo.crop, kept=geo.window, size=geo.uncropped,
                output_padding=geo.output_padding if name == "pytorch" else (0, 0))


@cached
def small_kernel_rows(h: int, s: int) -> list[dict]:
    return [{"Kernel size": k, "Kernel < stride": "yes" if k < s else "no",
             "PyTorch output": core.output_size(h, k, stride=s)[0],
             "Keras 'valid' output": core.keras_output_size(h, k, s, "valid")[0],
             "Input × stride": core.keras_output_size(h, 1, s, "same")[0]} for k in range(1, s + 2)]


def yours(cfg, name: str) -> str:
    return " " + text("shapes", "yours") if cfg.convention == name else ""


def formula(general: str, rhs) -> None:
    st.latex(general)
    try:
        st.latex(formulas.lines(rhs()))
    except ValueError as exc:
        st.warning(str(exc))


def formula_section(cfg) -> None:
    st.header("The output size, with your numbers")
    st.markdown(text("shapes", "formula"))
    st.markdown(text("shapes", "pytorch-formula"))
    st.markdown(f"**PyTorch**{yours(cfg, 'pytorch')}")
    formula(formulas.PYTORCH, lambda: formulas.pytorch(cfg))
    st.markdown(text("shapes", "keras-formula"))
    for mode in ("valid", "same"):
        st.markdown(f"**Keras `padding='{mode}'`**{yours(cfg, f'keras-{mode}')}")
        formula(formulas.keras_formula(cfg, mode), lambda mode=mode: formulas.keras(cfg, mode))


def side_by_side(cfg) -> None:
    st.header("PyTorch versus Keras, side by side")
    st.markdown(text("shapes", "side"))
    results = {name: framework(cfg, name) for name in CONVENTIONS}
    arrays = [r["uncropped"] for r in results.values() if "uncropped" in r]
    scale = shared_scale(*arrays) if arrays else None
    for col, (name, r) in zip(st.columns(3), results.items()):
        col.markdown(f"### {CONVENTIONS[name]}{yours(cfg, name)}")
        if "error" in r:
            col.warning(r["error"])
            continue
        key = name.replace("-", "_")
        show(crop_grid(r["uncropped"], r["kept"], r["size"], "Before the crop", key=f"shapes_{key}_uncropped",
                       scale=scale, width_px=NARROW_PX), col)
        show(grid_page(r["output"], "Output", key=f"shapes_{key}_out", scale=scale, width_px=NARROW_PX), col)
        col.markdown(crop_sentence(name, r["crop"], r["output_padding"]))


def small_kernel(cfg) -> None:
    h, s = cfg.input_size[0], cfg.stride[0]
    st.markdown(text("shapes", "small-kernel", h=h, s=s))
    if s == 1:
        st.markdown(text("shapes", "small-kernel-none"))
    st.table(pd.DataFrame(small_kernel_rows(h, s)), hide_index=True)


def ambiguity(cfg) -> None:
    k, s, p, d = cfg.kernel_size[0], cfg.stride[0], cfg.padding[0], cfg.dilation
    st.header("Output padding: one output size, several input sizes")
    st.markdown(text("shapes", "ambiguity", k=k, s=s, p=p, d=d))
    trips = core.round_trips(k, s, p, d, count=max(6, 3 * s))
    st.table(pd.DataFrame([{"Conv input size": t.input, "Conv output size": t.conv_output,
                            "Transposed output, output padding 0": t.back, "Output padding needed": t.output_padding}
                           for t in trips]), hide_index=True)
    groups: dict[int, list] = {}
    for trip in trips:
        groups.setdefault(trip.conv_output, []).append(trip)
    shared = [g for g in groups.values() if len(g) > 1]
    if not shared:
        st.markdown(text("shapes", "ambiguity-none"))
        return
    group = next((g for g in shared if g[0].conv_output > 1), shared[0])  # the plainest example: at least 2
    sizes = [str(t.input) for t in group]
    st.markdown(text("shapes", "ambiguity-example", inputs=listing(sizes), verb="both" if len(sizes) == 2 else "all",
                     m_rows=count(group[0].conv_output, "row"), first=sizes[0], others=listing(sizes[1:]),
                     ops=listing([str(t.output_padding) for t in group[1:]])))


def code(cfg) -> None:
    st.header("Code to copy")
    if cfg.problem:
        st.info(text("shapes", "code-problem"))
        return
    st.markdown(text("shapes", "code", convention=CONVENTIONS[cfg.convention]))
    out = cfg.output()
    torch_tab, keras_tab = st.tabs(["PyTorch", "Keras 3"])
    torch_tab.code(torch_code(cfg, out), language="python")
    snippet, why = keras_code(cfg, out)
    if snippet is None:
        keras_tab.info(why)
    else:
        keras_tab.code(snippet, language="python")


cfg = controls.current()
st.title("Shapes and frameworks")
controls.caption("shapes", cfg)
st.markdown(controls.intro("shapes"))
if cfg.problem:
    st.info(text("shapes", "problem", convention=CONVENTIONS[cfg.convention]))
if predict.gate("shapes", None if cfg.problem else predictions.output_size(cfg)):
    formula_section(cfg)
    side_by_side(cfg)
    small_kernel(cfg)
    ambiguity(cfg)
    code(cfg)
