"""A fragment that asks to run again: at once in its own rerun, or once the whole run of the app is done.

Streamlit allows ``st.rerun(scope="fragment")`` only in a fragment's own rerun. A full run of the app
(a sidebar slider, the projector switch, coming back from another page) runs the fragment too; there
``again()`` notes the wish and ``finish()``, the last line of the app, reruns the app once everything
after the page (the "Take it to class" area, the pace's bookkeeping) has been drawn.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitInvalidLayoutContextError

_WANTED = "_run_again"


def again() -> None:
    """Run the calling fragment again: now in a fragment's rerun, after the app's run in a full one."""
    try:
        st.rerun(scope="fragment")
    except StreamlitInvalidLayoutContextError:  # a full run: only the app may be rerun, and only at its end
        st.session_state[_WANTED] = True


def finish() -> None:
    """At the end of the app's run: rerun it if a fragment asked to go on during this full run."""
    if st.session_state.pop(_WANTED, False):
        st.rerun()
