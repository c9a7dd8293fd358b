"""The bound on one visitor's reruns (ui/state/pace.py): a run waits only after a run that was cut short."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ui.state import pace


def script():
    import streamlit as st

    from ui.state import pace

    pace.begin()
    st.write("ran")
    if st.session_state.get("cut_short"):
        st.stop()  # as a newer request would: the run ends before pace.end()
    pace.end()


@pytest.fixture
def waits(monkeypatch):
    waited = []
    monkeypatch.setattr(pace, "sleep", waited.append)
    return waited


def test_a_run_waits_only_after_a_run_that_did_not_finish(waits):
    at = AppTest.from_function(script).run()
    at.run()
    assert waits == [], "runs that finish never wait"
    at.session_state["cut_short"] = True
    at.run()
    assert waits == [], "the run that is cut short did not wait: the one before it finished"
    at.session_state["cut_short"] = False
    at.run()
    assert waits == [pace.GAP], "the run after one that was cut short waits, once"
    at.run()
    assert waits == [pace.GAP]
    assert not at.exception and at.markdown[0].value == "ran"
