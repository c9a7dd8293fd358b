"""Page 11: generated questions (an output shape, an output value, the largest overlap), checked."""

import numpy as np
import streamlit as st

from ui import questions
from ui.cache import cached
from ui.figures.charts import cell_boxes, grid_page, question_grid
from ui.figures.grid import SEQUENTIAL
from ui.settings import registry
from ui.show import row, show
from ui.state import classroom, controls, widgets
from ui.text import text

SEED, SCORE, FEEDBACK = "practice_seed", "practice_score", "practice_feedback"
ANSWER, CELL, KIND = "practice_answer", "practice_cell", "practice_kind"
KIND_LABELS = registry.PRACTICE_KINDS


@cached
def question(seed: int, cfg=None) -> questions.Question:
    sidebar = None
    if cfg is not None:
        sidebar = (cfg.input, cfg.kernel, cfg.settings, f"the sidebar's {cfg.describe()}")
    return questions.generate(seed, sidebar)


def _clear_answer() -> None:
    state = st.session_state
    state[ANSWER], state[CELL] = None, ""
    state.pop(FEEDBACK, None)


def _new_question() -> None:
    state = st.session_state
    state[SEED] = questions.next_seed(state[SEED], state.get(KIND, "mixed"))
    _clear_answer()


def _kind_changed() -> None:
    state = st.session_state
    if state.get(KIND, "mixed") not in ("mixed", questions.kind_of(state[SEED])):
        _new_question()


def _record(q: questions.Question, key: tuple, correct: bool) -> None:
    """Score the first check of each question only."""
    score = st.session_state.setdefault(SCORE, {"right": 0, "asked": 0, "seen": []})
    if key not in score["seen"]:
        score["seen"].append(key)
        score["asked"] += 1
        score["right"] += int(correct)


def _check(q: questions.Question, key: tuple) -> None:
    state = st.session_state
    raw = state.get(CELL) if q.ask == "cell" else state.get(ANSWER)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        state[FEEDBACK] = dict(key=key, problem=text("practice", "no-answer"))
        return
    try:
        verdict = questions.check(q, raw)
    except ValueError as exc:
        state[FEEDBACK] = dict(key=key, problem=str(exc))
        return
    _record(q, key, verdict.correct)
    state[FEEDBACK] = dict(key=key, correct=verdict.correct, message=verdict.message)


def _show_question(q: questions.Question) -> None:
    if q.kind != "value":
        return
    row([grid_page(q.input, "Input", key="practice_input"), grid_page(q.kernel, "Kernel", key="practice_kernel"),
         question_grid(q.output_shape, q.cell, "Output", key="practice_blank")], [2, 2, 3], key="practice_question_row")


def _show_explanation(q: questions.Question) -> None:
    st.markdown(q.explanation)
    if q.kind == "overlap":
        top = cell_boxes(q.cells or [tuple(c) for c in np.argwhere(q.counts == q.counts.max())])
        show(grid_page(q.counts, "Products landing on each output cell", key="practice_counts", boxes=top,
                       scale=dict(colorscale=SEQUENTIAL, zmin=0, zmax=float(q.counts.max()))))


@st.fragment
def practice() -> None:
    state = st.session_state
    if state.get(SEED) is None:  # a new visitor, with no question in the address: a random one
        state[SEED] = int(np.random.default_rng().integers(1000, 10000))
    widgets.buttons(st, KIND, on_change=_kind_changed)
    use_sidebar = st.toggle(text("practice", "toggle"), key="practice_use_sidebar", persist_state="session",
                            help=text("practice", "toggle-help"), on_change=_clear_answer)
    seed = state[SEED]
    cfg = controls.current()
    sidebar_cfg = cfg if use_sidebar and questions.kind_of(seed) == "value" else None
    if sidebar_cfg is not None and cfg.problem:
        st.info(text("practice", "sidebar-problem"))
        sidebar_cfg = None
    q = question(seed, sidebar_cfg)
    key = (seed, q.prompt)

    st.header(f"Question {seed}: {questions.KINDS[q.kind].lower()}")
    st.markdown(q.prompt)
    _show_question(q)

    box = st.columns([1, 2])[0]
    if q.ask == "cell":
        box.text_input("Your answer (row, column)", key=CELL, placeholder="for example 2, 3")
    else:
        first = {} if ANSWER in state else {"value": None}
        box.number_input("Your answer", key=ANSWER, step=1.0, format="%g", placeholder="type a number",
                         **first)
    buttons = st.container(horizontal=True)  # one block, where three columns were four
    if buttons.button("Check", key="practice_check", type="primary"):
        _check(q, key)
    buttons.button("New question", key="practice_new", on_click=_new_question)

    feedback = state.get(FEEDBACK)
    if feedback and feedback["key"] == key:
        if "problem" in feedback:
            st.warning(feedback["problem"])
        else:
            (st.success if feedback["correct"] else st.error)(feedback["message"])
            _show_explanation(q)

    score = state.get(SCORE)
    if score and score["asked"]:
        st.caption(text("practice", "score", right=score["right"], asked=score["asked"]))


st.title("Practice")
st.markdown(controls.intro("practice"))
practice()
classroom.worksheet(controls.current())
