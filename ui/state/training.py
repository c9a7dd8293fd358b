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

_SETUP, _RUNS, _RUNNING, _STARTED = "_learn_setup", "_learn_runs", "_learn_running", "_learn_started"

METHODS = {
    "transposed": "Transposed convolution",
    "resize": "Resize, then convolve",
    "shuffle": "Pixel shuffle (random start)",
    "icnr": "Pixel shuffle (ICNR start)",
    "stacked": "Two transposed convolutions (x stride²)",
}
PICTURES = {"sample": "sample picture", "stripes": "stripes", "checks": "soft checks", "rings": "rings",
            "upload": "your own picture"}
DEFAULTS = dict(learn_methods=("transposed", "resize", "icnr"), learn_picture="sample", learn_steps=300,
                learn_seed=0)


@dataclass
class Run:
    """One method's trainer and what it showed at step 0 (output, output for a flat grey input, kernels)."""

    trainer: core_training.Trainer
    first_output: np.ndarray
    first_flat: np.ndarray
    first_kernels: list[np.ndarray]
    spreads: list[tuple[int, float]] = field(default_factory=list)  # (step, unevenness on a flat input)

    @classmethod
    def start(cls, method: str, picture: np.ndarray, kernel: int, stride: int, seed: int) -> Run:
        t = core_training.trainer(method, picture, kernel=kernel, stride=stride, seed=seed)
        run = cls(t, t.predict(t.low), t.predict(flat(t.low)), [k.copy() for k in t.model.kernels()])
        run.note_spread()
        return run

    def note_spread(self) -> None:
        """Remember how uneven the output for a flat input is at this step."""
        self.spreads.append((self.trainer.steps, core_training.phase_spread(core_training.flat_phases(self.trainer))))


def flat(like: np.ndarray) -> np.ndarray:
    """A flat grey picture of the same size."""
    return np.full(np.shape(like), 0.5)


def runs(setup: tuple, picture: np.ndarray, methods, kernel: int, stride: int, seed: int) -> dict[str, Run]:
    """This visitor's trainers for ``setup``; new ones (step 0) when the setup changed since the last run."""
    state = st.session_state
    if state.get(_SETUP) != setup:
        state[_RUNS] = {m: Run.start(m, picture, kernel, stride, seed) for m in methods}
        state[_SETUP] = setup
        state[_RUNNING] = False
    return state[_RUNS]


def running() -> bool:
    return bool(st.session_state.get(_RUNNING))


def train() -> None:
    st.session_state[_RUNNING] = True
    st.session_state[_STARTED] = time.monotonic()


def elapsed() -> float:
    """Seconds since Train was pressed."""
    return time.monotonic() - st.session_state.get(_STARTED, time.monotonic())


def stop() -> None:
    st.session_state[_RUNNING] = False


def reset() -> None:
    for key in (_SETUP, _RUNS, _RUNNING):
        st.session_state.pop(key, None)
