"""The training page's choices, by their address names, and where its trainers live between reruns.

Streamlit state only: the trainers themselves are ``core.training`` objects, kept per visitor in
session state (never shared), so Stop keeps what was learned and Train goes on from there.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from core import training as core_training
from ui.state import followup

_SETUP, _RUNS, _RUNNING, _SPENT = "_learn_setup", "_learn_runs", "_learn_running", "_learn_spent"
_RESTARTED = "_learn_restarted"  # the step the runs had reached when a change of setup restarted them

CHUNK, BURST, TIME_CAP = 5, 0.25, 30.0  # steps a method at a time; seconds a burst; seconds a press of Train


@dataclass
class Run:
    """One method's trainer and what it showed at step 0 (output, output for a flat grey input, kernels)."""

    trainer: core_training.Trainer
    first_output: np.ndarray
    first_flat: np.ndarray
    first_kernels: list[np.ndarray]
    spreads: list[tuple[int, float]] = field(default_factory=list)  # (step, unevenness on a flat input)
    _seen: tuple | None = field(default=None, repr=False, compare=False)  # (step, what ``now`` returns)

    @classmethod
    def start(cls, method: str, picture: np.ndarray, kernel: int, stride: int, seed: int) -> Run:
        t = core_training.trainer(method, picture, kernel=kernel, stride=stride, seed=seed)
        run = cls(t, t.predict(t.low), t.predict(flat(t.low)), [k.copy() for k in t.model.kernels()])
        run.note_spread()
        return run

    def now(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The output now, the output for a flat grey input now, and that output's phase means: computed once a
        step (the weights change only by a step; a rerun that trained nothing draws what it drew)."""
        t = self.trainer
        if self._seen is None or self._seen[0] != t.steps:
            self._seen = (t.steps, (t.predict(t.low), t.predict(flat(t.low)), core_training.flat_phases(t)))
        return self._seen[1]

    def note_spread(self) -> None:
        """Remember how uneven the output for a flat input is at this step."""
        self.spreads.append((self.trainer.steps, core_training.phase_spread(core_training.flat_phases(self.trainer))))


def flat(like: np.ndarray) -> np.ndarray:
    """A flat grey picture of the same size."""
    return np.full(np.shape(like), 0.5)


def runs(setup: tuple, picture: np.ndarray, methods, kernel: int, stride: int, seed: int) -> dict[str, Run]:
    """This visitor's trainers for ``setup``; new ones (step 0) when the setup changed since the last run.

    A change of setup while training runs (another kernel, stride, picture, seed or list of methods)
    stops it: ``restarted()`` then says at which step the old runs were.
    """
    state = st.session_state
    if state.get(_SETUP) != setup:
        if running() and state.get(_RUNS):
            state[_RESTARTED] = min(r.trainer.steps for r in state[_RUNS].values())
        state[_RUNS] = {m: Run.start(m, picture, kernel, stride, seed) for m in methods}
        state[_SETUP] = setup
        state[_RUNNING] = False
    return state[_RUNS]


def running() -> bool:
    return bool(st.session_state.get(_RUNNING))


def restarted() -> int | None:
    """The step training had reached when a change of setup restarted it (None once Train or Reset is pressed)."""
    return st.session_state.get(_RESTARTED)


def train() -> None:
    st.session_state[_RUNNING] = True
    st.session_state[_SPENT] = 0.0
    st.session_state.pop(_RESTARTED, None)


def elapsed() -> float:
    """Seconds spent training since Train was pressed (time on other pages, or between bursts, not counted)."""
    return st.session_state.get(_SPENT, 0.0)


def capped() -> bool:
    """Whether this press of Train has trained for as long as one press may (``TIME_CAP`` seconds)."""
    return running() and elapsed() > TIME_CAP


def burst(runs: dict[str, Run], target: int) -> None:
    """Train every run towards ``target`` steps, ``CHUNK`` steps a method at a time, for about ``BURST`` seconds."""
    start = time.monotonic()
    while min(r.trainer.steps for r in runs.values()) < target and time.monotonic() - start < BURST:
        for run in runs.values():
            run.trainer.step(min(CHUNK, target - run.trainer.steps))
    for run in runs.values():
        run.note_spread()
    st.session_state[_SPENT] = elapsed() + time.monotonic() - start


def stop() -> None:
    st.session_state[_RUNNING] = False


def reset() -> None:
    for key in (_SETUP, _RUNS, _RUNNING, _SPENT, _RESTARTED):
        st.session_state.pop(key, None)


@dataclass(frozen=True)
class Progress:
    """Where one run of the training panel left the runs: the steps every method has done, whether the time
    cap stopped the training, and whether it goes on (another burst, in another run of the panel)."""

    done: int
    capped: bool
    going: bool


def advance(runs: dict[str, Run], target: int) -> Progress:
    """One burst while training is on and the steps are short of ``target``, within the time cap."""
    cap = capped()
    going = running() and min(r.trainer.steps for r in runs.values()) < target and not cap
    if going:
        burst(runs, target)
    done = min(r.trainer.steps for r in runs.values())
    return Progress(done, cap, going and done < target)


def settle(progress: Progress) -> None:
    """After the panel has drawn: ask for the next burst while training goes on, else stop."""
    if progress.going:
        followup.again()
    else:
        stop()
