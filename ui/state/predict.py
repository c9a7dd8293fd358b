"""Predict, then see: with the sidebar's "Predict first" switch on, a page asks its question
(``ui.predictions``) before the figures that answer it, checks the typed answer against the core, says right
or wrong with the reasoning, and then shows them. Reveal (or the V key) shows the answer without a
prediction: a teacher asks the class first. The count of right predictions lasts the visit.
"""

from __future__ import annotations

import streamlit as st

from ui.predictions import Prediction
from ui.text import text
from ui.words import number

SWITCH = "predict"  # the sidebar's switch (ui.settings.registry), kept in the address
_SHOWN, _SAID, _RIGHT, _TRIED = "_predict_shown", "_predict_said", "_predict_right", "_predict_tried"


def _fields(page: str, prediction: Prediction) -> list[str]:
    return [f"{page}_predict_{i}" for i in range(len(prediction.fields))]


def _check(page: str, prediction: Prediction) -> None:
    state = st.session_state
    typed = [state.get(key) for key in _fields(page, prediction)]
    if any(v is None for v in typed):
        state[_SAID] = {**state.get(_SAID, {}), page: ("missing", prediction.key, "")}
        return
    right = prediction.right(typed)
    state[_TRIED] = state.get(_TRIED, 0) + 1
    state[_RIGHT] = state.get(_RIGHT, 0) + int(right)
    said = "x".join(number(float(v)) for v in typed)
    state[_SAID] = {**state.get(_SAID, {}), page: ("right" if right else "wrong", prediction.key, said)}
    state[_SHOWN] = {**state.get(_SHOWN, {}), page: prediction.key}


def _reveal(page: str, prediction: Prediction) -> None:
    state = st.session_state
    state[_SAID] = {**state.get(_SAID, {}), page: ("revealed", prediction.key, "")}
    state[_SHOWN] = {**state.get(_SHOWN, {}), page: prediction.key}


def _verdict(page: str, prediction: Prediction) -> None:
    kind, key, typed = st.session_state.get(_SAID, {}).get(page, ("", "", ""))
    if key != prediction.key:
        return
    if kind == "missing":
        st.warning(text("predict", "missing"))
        return
    words = text("predict", kind, answer=prediction.said(), typed=typed, reasoning=prediction.reasoning)
    (st.success if kind == "right" else st.info)(words)


def gate(page: str, prediction: Prediction | None) -> bool:
    """Whether the page may show the figures that answer ``prediction``: yes with the switch off (or no
    question, as when the settings give no output), else once this question was checked or revealed."""
    state = st.session_state
    if not state.get(SWITCH) or prediction is None:
        return True
    shown = state.get(_SHOWN, {}).get(page) == prediction.key
    with st.container(border=True, key=f"{page}_predict_box"):
        st.markdown(text("predict", "box", prompt=prediction.prompt))
        if not shown:
            boxes = st.container(horizontal=True)  # side by side, wrapping on a narrow screen
            for label, key in zip(prediction.fields, _fields(page, prediction)):
                boxes.number_input(label, value=None, step=1.0, format="%g", key=key, placeholder="type a number",
                                   width=170)
            buttons = st.container(horizontal=True)
            buttons.button("Check", key=f"{page}_predict_check", type="primary", on_click=_check,
                           args=(page, prediction))
            buttons.button("Reveal", key=f"{page}_predict_reveal", on_click=_reveal, args=(page, prediction),
                           shortcut="v", help=text("predict", "toggle-help"))
        _verdict(page, prediction)
        if state.get(_TRIED):
            st.caption(text("predict", "score", right=state.get(_RIGHT, 0), tried=state[_TRIED]))
    if not shown:
        st.caption(text("predict", "hidden"))
    return shown
