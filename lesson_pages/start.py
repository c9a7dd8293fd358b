"""Page 1: why upsample, a live example, and the names of the operation."""

import streamlit as st

from ui import controls
from ui.grid import grid_figure
from ui.lesson import text

cfg = controls.current()

st.title("Transposed convolution")
st.markdown(text("start", "why"))

st.subheader("A live example")
st.caption(cfg.describe())
if cfg.problem:
    st.info("The settings in the sidebar cannot produce an output; the message there says why "
            "and how to fix it.")
else:
    cols = st.columns([2, 2, 3])
    cols[0].plotly_chart(grid_figure(cfg.input, "Input"), key="start_input")
    cols[1].plotly_chart(grid_figure(cfg.kernel, "Kernel"), key="start_kernel")
    cols[2].plotly_chart(grid_figure(cfg.output(), "Output"), key="start_output")
    st.markdown(text("start", "example"))

st.markdown(text("start", "names"))
st.markdown(text("start", "path"))
