"""Runs the shared sidebar and one lesson page, as app.py does, for AppTest.

The page comes from ``st.session_state["_test_page"]`` (see pagetest.open_page): a page
test opens its page directly, with one script run, instead of starting on the home page
and switching. tests/app/test_start.py checks app.py's own navigation.

This file is the one place that works around AppTest's multipage handling: with a folder
named ``pages/`` next to the entrypoint, ``AppTest.switch_page`` runs the page file alone, in
Streamlit's legacy pages-folder mode, without ``app.py`` and its sidebar (streamlit/streamlit
#9446, #14217, #16711). The real server runs ``app.py`` under ``st.navigation`` on every page,
so the harness runs what app.py runs around a page (``ui.state.shell.run``: the page's style, the
bound on reruns, the sidebar, the page's script, "Take it to class"), with the page chosen here.
"""

import runpy
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ui.pages import BY_NAME  # noqa: E402
from ui.state import shell  # noqa: E402

page = st.session_state.get("_test_page", "start")
shell.run(lambda: runpy.run_path(str(ROOT / "pages" / BY_NAME[page].file), run_name="__main__"), BY_NAME[page].path)
