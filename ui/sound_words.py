"""Sentences of the page "Hear the checkerboard", built from the core's numbers: frequencies in Hz, levels in dB.

A level below ``FLOOR`` is said as "below −120 dB: no image": a kernel that leaves no image can still show
rounding noise near −300 dB, which is no sound.
"""

from __future__ import annotations

import math

import numpy as np

import core
from core.line_training import Learned1d
from core.training import phase_sums
from ui.sounds import builtin
from ui.text import text
from ui.words import listing, number

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


def taps(kernel) -> str:
    """A kernel's taps as the page writes them: '[2, 3, 3]', '[0.931, 1, 0.367]'."""
    return f"[{', '.join(number(v) for v in kernel)}]"


def images_hz(rate: int, s: int) -> str:
    """The images' centres heard, k rate for k = 1 .. s // 2: '4,000', '4,000 and 8,000'."""
    return hz_list([k * rate for k in range(1, s // 2 + 1)])


def counts_said(stamps: core.Stamps, kernel, s: int, d: int) -> str:
    """The products each output sample of the stamps' picture receives, and whether their interior is even."""
    period = core.interior_period(len(kernel), s, d)
    return text(PAGE, "stamps-counts", length=stamps.counts.size, counts=", ".join(map(str, stamps.counts)),
                period=listing([str(c) for c in period]),
                evenness=text(PAGE, "even" if len(set(period)) == 1 else "uneven", k=len(kernel), s=s))


def phases_said(kernel, s: int, d: int, rate: int) -> str:
    """What a constant input becomes away from the ends: the kernel's phase sums, flat or a pattern heard."""
    kernel = np.asarray(kernel, dtype=float)
    phases = phase_sums(kernel[None, :], (1, s), (1, d))[0]
    flat = np.allclose(phases, phases[0], rtol=1e-9, atol=1e-12 * max(float(np.abs(kernel).max()), 1e-300))
    return text(PAGE, "stamps-phases", phases=listing([number(v) for v in phases]), s=s,
                verdict=text(PAGE, "flat" if flat else "checkered", s=s, hz=images_hz(rate, s)))


def tones_said(name: str, rate: int, s: int) -> str:
    """Where the images of the sound ``name`` lie: a tone's and the chord's as tones, the sweep's as a falling line."""
    images = images_hz(rate, s)
    if name == "sweep":
        return text(PAGE, "tones-sweep", start=hz(builtin.SWEEP), stop=hz(builtin.SWEEP_END * rate), images=images)
    if name == "upload":
        return text(PAGE, "tones-yours", images=images)
    return text(PAGE, "tones", what=name, images=images,
                tones=hz_list(core.image_tones(builtin.frequencies(name), rate, s)))


def learned_said(learned: Learned1d, seed: int, s: int, rate: int, dilation: int) -> str:
    """How the kernel learned on the page was learned, and how well it rebuilt the sound it learned on."""
    said = text(PAGE, "trained", steps=len(learned.losses), seed=seed, k=learned.kernel.size, s=s, low=hz(rate / s),
                first=number(learned.losses[0]), last=number(learned.loss), bias=number(learned.bias))
    return said if dilation == 1 else f"{said} {text(PAGE, 'trained-dilation', d=dilation)}"
