"""A bound on one visitor's reruns: requests that overtake the runs wait a moment before running.

Streamlit starts a new run for every request and cuts the running one short, so a visitor
pressing a key twenty times a second (or holding an arrow key down) keeps the server running
their script without end, and everyone else's reruns wait for the processor. ``begin()`` at the
top of the app notes a run has started, ``end()`` at the bottom that it finished. A run that
starts while the visitor's last run never finished (a newer request cut it short) first waits
``GAP`` seconds, outside the processor: while the requests keep coming, each new one cuts the
waiting run short before it has done any work, and once they stop, the last one runs, ``GAP``
seconds later. A visitor whose runs finish never waits.
"""

from __future__ import annotations

from time import sleep

import streamlit as st

GAP = 0.25  # seconds a run waits when the visitor's requests overtake their runs
_FINISHED = "_last_run_finished"


def begin() -> None:
    """At the start of a run: wait ``GAP`` seconds if the visitor's last run was cut short."""
    state = st.session_state
    if state.get(_FINISHED) is False:
        sleep(GAP)
    state[_FINISHED] = False


def end() -> None:
    """At the end of a run: it finished."""
    st.session_state[_FINISHED] = True
