"""Runs the shared sidebar and one lesson page, as app.py does, for AppTest.

AppTest does not rerun scripts that call st.navigation (Streamlit 1.67: the second run
executes nothing), so page tests drive this harness instead; the page comes from
the ``page`` keyword, e.g. ``AppTest.from_file(HARNESS, kwargs)``. tests/app also
checks app.py's navigation itself on first runs.
"""

import runpy
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ui import controls  # noqa: E402

page = st.session_state.get("_test_page", "start")
controls.sidebar()
runpy.run_path(str(ROOT / "pages" / f"{page}.py"), run_name="__main__")
