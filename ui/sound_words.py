"""Sentences of the page "Hear the checkerboard", built from the core's numbers: frequencies in Hz, levels in dB.

A level below ``FLOOR`` is said as "below −120 dB: no image": a kernel that leaves no image can still show
rounding noise near −300 dB, which is no sound.
"""

from __future__ import annotations

import math

import numpy as np

import core
from ui.text import text
from ui.words import listing

PAGE = "hear"
FLOOR = -120.0  # dB: below it, no image


def hz(f: float) -> str:
    """A frequency as the page writes it, without its unit: '4,000', '3,560', '2,666.7'."""
    return f"{f:,.0f}" if abs(f - round(f)) < 0.05 else f"{f:,.1f}"


def hz_list(frequencies) -> str:
    return listing([hz(f) for f in frequencies])


def decibels(db: float) -> str:
    """A level's size in dB, one decimal: '30.3'."""
    return f"{abs(db):.1f}"


def level_phrase(level: core.ImageLevel) -> str:
    """How loud one image is beside the sound: '30.3 dB below the sound', 'below −120 dB: no image to hear'."""
    if level.level_db == math.inf:
        return text(PAGE, "level-alone")
    if level.level_db < FLOOR:
        return text(PAGE, "level-none")
    if decibels(level.level_db) == "0.0":
        return text(PAGE, "level-same")
    return text(PAGE, "level-below" if level.level_db < 0 else "level-above", db=decibels(level.level_db))


def levels_phrase(levels: list[core.ImageLevel]) -> str:
    """What an output leaves of each image: 'the image around 4,000 Hz 30.3 dB below the sound'."""
    if all(lv.energy == 0 and lv.signal == 0 for lv in levels):
        return text(PAGE, "level-silent")
    return listing([text(PAGE, "level", hz=hz(lv.hz), phrase=level_phrase(lv)) for lv in levels])


def response_phrases(kernel, stride: int, dilation: int, rate: float) -> str:
    """The kernel's response at each image frequency k/s (k = 1 .. s//2) against its response at 0 Hz."""
    ks = np.arange(1, stride // 2 + 1)
    at = np.abs(core.response_at(np.asarray(kernel, float), np.concatenate([[0.0], ks / stride]), dilation))
    dc, images = float(at[0]), at[1:]
    scale = max(float(np.abs(kernel).max()), 1e-300)
    return listing([text(PAGE, "response", hz=hz(k / stride * rate), level=_response(float(w), dc, scale))
                    for k, w in zip(ks, images)])


def _response(w: float, dc: float, scale: float) -> str:
    if w <= 1e-9 * scale:
        return text(PAGE, "response-zero")
    if dc <= 1e-9 * scale:
        return text(PAGE, "response-dc-zero", value=f"{w:.3g}")
    db = 20 * math.log10(w / dc)
    if decibels(db) == "0.0":
        return text(PAGE, "response-same")
    return text(PAGE, "response-below" if db < 0 else "response-above", db=decibels(db))
