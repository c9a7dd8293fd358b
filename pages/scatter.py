"""Page 3: the scatter-add, step by step, played from the core's recorded trace."""

import inspect

import numpy as np
import pandas as pd
import streamlit as st

import core
from ui import predictions
from ui.cache import cached
from ui.figures.grid import ACCENT, Box
from ui.figures.pick import footprint_grid, pick_grid
from ui.figures.player import frame_ends
from ui.figures.scatter_player import Stepping, output_scale, scatter_player
from ui.settings.config import Config
from ui.show import show
from ui.state import controls, predict
from ui.state.cell_picker import cell_inputs, follow_pick
from ui.text import text
from ui.words import cell, count, number

MODES = {"cell": "one stamp (an input cell)", "product": "one product (a step)"}


@cached
def traces(cfg: Config):
    """The trace, the same steps on the uncropped output, and the uncropped output's first output coordinate."""
    return cfg.traces()


@cached
def frames(cfg: Config, mode: str) -> list[int]:
    trace, _, _ = traces(cfg)
    group = trace.steps_per_input_cell if mode == "cell" else 1
    return frame_ends(len(trace), group)


@cached
def scale(cfg: Config) -> dict:
    """The output's colours on this page: the player's, so a value has one colour in every output grid."""
    return output_scale(traces(cfg)[1])


@cached
def player(cfg: Config, mode: str) -> dict:
    trace, uncropped, origin = traces(cfg)
    return scatter_player(cfg.input, cfg.kernel, trace, uncropped, origin, cfg.geometry.dilation,
                          Stepping(frames(cfg, mode), mode, 1200 if mode == "cell" else 700), key="scatter_player")


@st.fragment
def player_section(cfg: Config) -> None:
    trace, _, _ = traces(cfg)
    mode = st.radio("Each frame shows", list(MODES), format_func=MODES.get, key="scatter_mode", persist_state="session",
                    horizontal=True)
    ends = frames(cfg, mode)
    whole = trace.steps_per_input_cell if mode == "cell" else 1
    if len(ends) < len(trace) // whole:
        st.info(text("scatter", "thinned", steps=len(trace), frames=len(ends), every=ends[0]))
    show(player(cfg, mode), key="scatter_player")
    st.caption(text("scatter", "player_help"))


@st.fragment
def followed(cfg: Config) -> tuple[int, int]:
    """The followed output cell (kept in the address), within the output."""
    keys = ("scatter_out_row", "scatter_out_col")
    return tuple(min(max(int(st.session_state.get(k) or 0), 0), n - 1) for k, n in zip(keys, cfg.output_size))


def output_pick(cfg: Config) -> None:
    trace, _, _ = traces(cfg)
    out = trace.output
    keys = ("scatter_out_row", "scatter_out_col")
    r, c = cell_inputs(keys, out.shape)
    controls.keep_address()  # the followed cell is in the address; this fragment's rerun must write it
    steps = trace.contributors(r, c)
    boxes = [Box(rows=(r, r + 1), cols=(c, c + 1), color=ACCENT)]
    show(pick_grid(out, "Output: click a cell", key="scatter_pick_output", boxes=boxes, scale=scale(cfg)),
         on_pick=follow_pick("scatter_pick_output", keys))
    if len(steps) == 0:
        st.markdown(text("scatter", "no_contributors", cell=cell(r, c)))
        return
    (i, j), (a, b) = trace.input_index[steps, 1:].T, trace.kernel_index[steps].T
    x, k = cfg.input, cfg.kernel
    # A plain table (no data grid to load): the lightest way to list up to a few dozen products.
    st.table(pd.DataFrame({
        "step": steps + 1,
        "input cell": [f"x[{p},{q}]" for p, q in zip(i, j)],
        "input value": [number(v) for v in x[i, j]],
        "kernel cell": [f"k[{p},{q}]" for p, q in zip(a, b)],
        "kernel value": [number(v) for v in k[a, b]],
        "product": [number(v) for v in trace.product[steps]],
    }), hide_index=True)
    terms = " + ".join(number(v) for v in trace.product[steps])
    section = "contributors" if len(steps) > 1 else "contributors-one"  # not "1 product: 6 = 6"
    st.markdown(text("scatter", section, products=count(len(steps), "product"), cell=cell(r, c),
                     terms=terms, value=number(out[r, c])))


@st.fragment
def input_pick(cfg: Config) -> None:
    trace, _, _ = traces(cfg)
    keys = ("scatter_in_row", "scatter_in_col")
    i, j = cell_inputs(keys, cfg.input_size)
    controls.keep_address()
    show(pick_grid(cfg.input, "Input: click a cell", key="scatter_pick_input",
                   boxes=[Box(rows=(i, i + 1), cols=(j, j + 1), color=ACCENT)]),
         on_pick=follow_pick("scatter_pick_input", keys))
    stamp = np.arange(trace.stamp(i, j).start, trace.stamp(i, j).stop)  # the steps of x[i, j]
    kept = stamp[trace.kept[stamp]]
    ys, xs = trace.output_index[kept, 1], trace.output_index[kept, 2]
    show(footprint_grid(trace.output, f"Footprint of x[{i},{j}] on the output", zip(ys, xs), key="scatter_footprint",
                        scale=scale(cfg)))
    cropped = len(stamp) - len(kept)
    st.markdown(text("scatter", "footprint", cell=cell(i, j), value=number(cfg.input[i, j]),
                     n=len(stamp), kept=len(kept),
                     cropped=text("scatter", "footprint_cropped", cropped=cropped) if cropped else ""))


cfg = controls.opening("scatter", "Scatter-add, step by step")
if not cfg.problem and predict.gate("scatter", predictions.followed_value(cfg, followed(cfg))):
    trace, _, _ = traces(cfg)
    (h, w), (kh, kw) = cfg.input_size, cfg.kernel_size
    st.markdown(text("scatter", "count", steps=len(trace), cells=h * w, h=h, w=w, taps=kh * kw, kh=kh, kw=kw))
    player_section(cfg)
    st.header("Follow one cell")
    st.markdown(text("scatter", "pick"))
    left, right = st.columns(2, gap="large")
    with left:
        output_pick(cfg)
    with right:
        input_pick(cfg)
st.header("The algorithm, as code")
st.markdown(text("scatter", "loop"))
st.code(inspect.getsource(core.scatter_add), language="python")
st.markdown(text("scatter", "takeaway"))
