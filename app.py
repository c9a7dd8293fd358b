"""Transposed Convolution Lab, served: ``streamlit run app.py``.

The lesson is ``lesson.py`` (page config, navigation over the pages, the shared controls); this file
is Streamlit's ASGI app around it, so that a path deeper than a page reaches its page (``ui.asgi``).
"""

import streamlit as st
from starlette.middleware import Middleware

from ui.asgi import DeeperPaths

app = st.App("lesson.py", middleware=[Middleware(DeeperPaths)])
