"""Transposed Convolution Lab: page config, navigation, and the shared controls."""

import streamlit as st

from ui.state import controls

st.set_page_config(page_title="Transposed Convolution Lab", page_icon=":material/grid_on:", layout="wide")

PAGES = [
    st.Page("pages/start.py", title="1. Start", icon=":material/school:", default=True),  # served at /
    st.Page("pages/upsampling.py", title="2. Upsampling without learning", icon=":material/zoom_out_map:",
            url_path="upsampling"),
    st.Page("pages/scatter.py", title="3. Scatter-add, step by step", icon=":material/grid_view:",
            url_path="scatter"),
    st.Page("pages/zero_insertion.py", title="4. Zero insertion is a convolution",
            icon=":material/blur_on:", url_path="zero-insertion"),
    st.Page("pages/transposed.py", title="5. Why \"transposed\"", icon=":material/swap_horiz:",
            url_path="transposed"),
    st.Page("pages/channels.py", title="6. Channels and groups", icon=":material/layers:", url_path="channels"),
    st.Page("pages/checkerboard.py", title="7. Checkerboard", icon=":material/grid_4x4:",
            url_path="checkerboard"),
    st.Page("pages/learning.py", title="8. Learning the filter", icon=":material/model_training:",
            url_path="learning"),
    st.Page("pages/shapes.py", title="9. Shapes and frameworks", icon=":material/straighten:",
            url_path="shapes"),
    st.Page("pages/designer.py", title="10. Layer designer", icon=":material/architecture:",
            url_path="designer"),
    st.Page("pages/practice.py", title="11. Practice", icon=":material/quiz:", url_path="practice"),
]

page = st.navigation(PAGES)
controls.sidebar()
page.run()
