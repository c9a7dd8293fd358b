"""What the page "Hear the checkerboard" draws and plays, made once for a sound, a rate and a kernel: the core's
numbers its sentences need, its figures as plotly dicts and its clips as WAV bytes. No Streamlit here.

The page caches ``heard``'s result (``ui.cache.cached``) and draws the dicts with ``ui.figures.grid.Prepared``,
which plotly neither builds nor validates again; ``st.audio`` gets the same bytes. Building the ten figures and
encoding the five clips on every rerun was most of the page's server time (bench/RESULTS.md, the 1-D page).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import core
from ui.exports.wav import wav_bytes
from ui.figures.sound import spectrogram_figure, spectrum_figure, stamps_figure
from ui.sound_words import hz

STAMPED = 5  # input samples of value 1 in the stamps' picture
TRAIN_STEPS, TRAIN_SEED = 300, 0  # the kernel learned on the page: Adam's steps, and the seed it starts from
WAYS = {"transposed": "Transposed convolution", "nearest": "Nearest", "linear": "Linear",
        "resize": "Resize, then convolve"}
SPECTRA = ("The sound's spectrum", "After zero insertion: the sound and its images",
           "The kernel's frequency response", "The output: what the kernel leaves")


@dataclass(frozen=True)
class Clip:
    """One sound the page plays: its WAV file and its spectrogram."""

    wav: bytes
    rate: int  # samples per second
    gram: dict  # the spectrogram's figure, as plotly's dict


@dataclass(frozen=True)
class Heard:
    """A sound and its four upsamplings, as the page shows them."""

    samples: int  # the sound's length
    lengths: dict[str, int]  # each way's output length, by way
    levels: dict[str, list[core.ImageLevel]]  # what each way leaves of each image, by way
    spectra: tuple[dict, ...]  # the four spectra's figures (``SPECTRA``), as plotly's dicts
    clips: dict[str, Clip]  # "input", then each way of ``WAYS``


def images(rate: int, s: int) -> list[float]:
    """The centres of the images heard, in Hz: k rate for k = 1 .. s // 2 (above them, their mirrors)."""
    return [k * rate for k in range(1, s // 2 + 1)]


def stamps(kernel: np.ndarray, s: int, d: int) -> tuple[core.Stamps, dict]:
    """The stamps of ``STAMPED`` samples of 1, and their figure."""
    drawn = core.stamps1d(np.ones(STAMPED), kernel, s, d)
    title = f"{STAMPED} samples of 1 stamp a kernel of {kernel.size} taps, stride {s}"
    return drawn, stamps_figure(*drawn, title).to_dict()


def _spectra(x: np.ndarray, kernel: np.ndarray, s: int, d: int, rate: int) -> tuple[dict, ...]:
    sp = core.upsampling_spectra(x, kernel, s, d, rate)
    marks = [(f, f"images' centre, {hz(f)} Hz") for f in images(rate, s)]
    drawn = zip((sp.input, sp.zero_inserted, sp.response, sp.output), SPECTRA, ([], marks, marks, marks))
    return tuple(spectrum_figure(one.hz, one.magnitude, title, marked, top_hz=one.rate / 2).to_dict()
                 for one, title, marked in drawn)


def _clip(way: str, samples: np.ndarray, rate: int) -> Clip:
    gram = core.spectrogram(samples, rate)
    title = f"{WAYS.get(way, 'The sound')}: spectrogram at {hz(rate)} Hz"
    return Clip(wav_bytes(samples, rate), rate, spectrogram_figure(gram.times, gram.hz, gram.level_db, title,
                                                                   gram.floor).to_dict())


def heard(x: np.ndarray, rate: int, kernel: np.ndarray, s: int, d: int) -> Heard:
    """The sound ``x`` at ``rate`` upsampled ``s`` times four ways (``core.upsampled_ways``), as the page shows it."""
    ways = core.upsampled_ways(x, kernel, s, d)
    return Heard(x.size, {w: y.size for w, y in ways.items()},
                 {w: core.image_band_levels(y, s, rate * s) for w, y in ways.items()},
                 _spectra(x, kernel, s, d, rate),
                 {"input": _clip("input", x, rate), **{w: _clip(w, y, rate * s) for w, y in ways.items()}})
