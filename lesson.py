"""Transposed Convolution Lab: page config, navigation, and the shared controls (served by app.py)."""

import streamlit as st

from ui.pages import PAGES as LESSON_PAGES
from ui.state import shell

st.set_page_config(page_title="Transposed Convolution Lab", page_icon=":material/grid_on:", layout="wide")

PAGES = [st.Page(f"pages/{page.file}", title=f"{n}. {page.title}", icon=page.icon, url_path=page.path or None,
                 default=not page.path)
         for n, page in enumerate(LESSON_PAGES, start=1)]  # the start page is served at /

page = st.navigation(PAGES)
shell.run(page.run, page.url_path)  # the style, the pace, the sidebar, the page, "Take it to class"
