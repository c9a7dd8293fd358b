"""Page 1: why upsample, a live example, and the names of the operation."""

import streamlit as st

import core
from ui import sentences
from ui.figures.cells import grid_spec
from ui.show import row
from ui.state import controls
from ui.text import text

cfg = controls.current()

st.title("Transposed convolution")
st.markdown(controls.intro("start", "why"))

st.header("A live example")
controls.caption("start", cfg)
if cfg.problem:
    st.info(text("start", "problem"))
else:
    row([grid_spec(cfg.input, "Input", key="start_input"), grid_spec(cfg.kernel, "Kernel", key="start_kernel"),
         grid_spec(cfg.output(), "Output", key="start_output")], [2, 2, 3], key="start_grids")
    counts = core.contribution_count(cfg.input_size, cfg.kernel_size, **cfg.settings)
    st.markdown(sentences.stamps_sentence(cfg.input.size, cfg.stride, counts))

st.markdown(text("start", "names"))
st.markdown(text("start", "path"))
