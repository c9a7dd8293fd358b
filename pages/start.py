"""Page 1: why upsample, a live example, and the names of the operation."""

import streamlit as st

from ui import controls
from ui.html_grid import show_grid
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
    show_grid(cfg.input, "Input", key="start_input", where=cols[0])
    show_grid(cfg.kernel, "Kernel", key="start_kernel", where=cols[1])
    show_grid(cfg.output(), "Output", key="start_output", where=cols[2])
    st.markdown(text("start", "example"))

st.markdown(text("start", "names"))
st.markdown(text("start", "path"))
