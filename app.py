"""Transposed Convolution Lab: page config, navigation, and the shared controls."""

import streamlit as st

from ui import show
from ui.services.lesson import PAGES as LESSON_PAGES
from ui.services.lesson import page_file
from ui.state import classroom, controls, followup, pace

st.set_page_config(page_title="Transposed Convolution Lab", page_icon=":material/grid_on:", layout="wide")

PAGES = [st.Page(f"pages/{page_file(name)}", title=f"{n}. {title}", icon=icon, url_path=path or None, default=not path)
         for n, (name, path, title, icon) in enumerate(LESSON_PAGES, start=1)]  # the start page is served at /

page = st.navigation(PAGES)
show.page_style()
pace.begin()  # a visitor whose requests overtake their runs waits a moment (ui/state/pace.py)
controls.sidebar()
show.forget_shown()
page.run()
classroom.take_to_class(page.url_path)  # a GIF of the page's player, slides of its figures
pace.end()
followup.finish()  # a fragment that asked to go on during this full run (training) runs again
