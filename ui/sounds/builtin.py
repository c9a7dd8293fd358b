"""The page's own sounds, made in NumPy by ``core.sounds``: one second of a tone, a chord or a sweep."""

from __future__ import annotations

import numpy as np

import core

CHORD = (262.0, 330.0, 392.0)  # C, E and G, Hz
SWEEP = 100.0  # Hz, the sweep's start; it ends at ``SWEEP_END`` of the rate
SWEEP_END = 0.45
TONE = 440.0


def sound(name: str, rate: int) -> np.ndarray:
    """One second of the page's sound ``name`` (the tone for any other name), sampled at ``rate``."""
    if name == "chord":
        return core.chord(CHORD, rate)
    if name == "sweep":
        return core.sweep(SWEEP, SWEEP_END * rate, rate)
    return core.tone(TONE, rate)


def frequencies(name: str) -> tuple[float, ...]:
    """The frequencies a tone or the chord plays, in Hz."""
    return CHORD if name == "chord" else (TONE,)
