"""What the protocol visitors (``bench.protocol``) take from Streamlit still holds for the installed
Streamlit: widget ids carry the user's key where Streamlit's own reader finds it, and the BackMsg a
visitor sends has every field it sets. A Streamlit upgrade that changes either fails here, in seconds,
rather than as a load run's errors."""

from __future__ import annotations

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.testing.v1 import AppTest

from bench.protocol import Tab, element_key


def _script():
    import streamlit as st

    st.slider("Input height", 1, 8, 3, key="h")
    st.number_input("Odd key", 1, 9, 2, key="channels-in_2")
    st.checkbox("No key")


def test_widget_ids_give_back_the_keys_the_visitors_look_up():
    at = AppTest.from_function(_script).run()
    assert element_key(at.slider[0].id) == "h"
    assert element_key(at.number_input[0].id) == "channels-in_2"
    assert element_key(at.checkbox[0].id) is None
    assert element_key("not an element id") is None


def test_the_rerun_request_has_the_fields_the_frontend_fills():
    tab = Tab("http://127.0.0.1:1", "scatter", "h=4")
    msg = BackMsg()
    msg.ParseFromString(tab.client_state_msg("frag").SerializeToString())
    state = msg.rerun_script
    assert (state.query_string, state.page_name, state.fragment_id) == ("h=4", "scatter", "frag")
    assert state.context_info.url == "http://127.0.0.1:1/scatter?h=4"


def test_the_visitors_check_finds_an_answer_that_is_not_its_own():
    """``answer_problems`` is what every Locust visitor asserts on each answer: it must see a wrong address,
    a wrong caption and an exception element."""
    from bench.isolation import answer_problems, caption
    from bench.protocol import RunSeen
    from bench.visitor_plan import own_query, plan_visitor

    values = plan_visitor(3, 5).start
    tab = Tab("http://127.0.0.1:1", "scatter", "&".join(f"{k}={v}" for k, v in own_query(values).items()))
    tab.last = RunSeen()
    assert answer_problems(tab, values) == [f"caption [] != {caption(values)!r}"]
    shown = Element()
    shown.markdown.body = caption(values)
    tab.last.elements[(0, 1)] = shown
    assert answer_problems(tab, values) == []
    tab.path = "learning"  # a page without the caption
    assert answer_problems(tab, values) == []
    assert answer_problems(tab, {**values, "seed": values["seed"] + 1})[0].startswith("address ")
    tab.last.exceptions.append("ValueError: boom")
    assert answer_problems(tab, values) == ["exception: ValueError: boom"]
