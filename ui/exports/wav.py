"""A sound as a WAV file to play or take away: 16-bit PCM, mono, loudness normalised and capped, short.

Every sound the lesson plays passes through ``wav_bytes`` (``st.audio`` takes its bytes). Each is scaled
to the same loudness (its RMS, ``LOUDNESS`` of full scale), so that two upsamplers are compared by what they
add and not by how loud they come out; then, if its peak would pass ``PEAK`` of full scale, scaled down until
it does not. A clip lasts at most ``MAX_SECONDS``; a longer one is refused (cut it first), never truncated
without a word. Pure: NumPy and Python's ``wave``, no Streamlit.
"""

from __future__ import annotations

import io
import numbers
import wave

import numpy as np

LOUDNESS = 0.1  # RMS as a fraction of full scale (-20 dBFS)
PEAK = 0.5  # the highest sample, as a fraction of full scale (-6 dBFS)
MAX_SECONDS = 4.0
RATES = (1_000, 192_000)  # samples per second
FULL_SCALE = 32767  # the largest 16-bit sample


def _samples(samples) -> np.ndarray:
    try:
        a = np.asarray(samples)
    except (ValueError, TypeError, OverflowError):
        a = None
    if a is None or a.dtype.kind not in "biuf" or a.ndim != 1 or a.size == 0:
        got = "values that are not an array" if a is None else f"shape {a.shape} of {a.dtype}"
        raise ValueError(f"samples must be a non-empty 1-D array of real numbers (one channel), got {got}.")
    a = a.astype(np.float64)
    if not np.isfinite(a).all():
        raise ValueError(f"samples must be finite numbers: sample {int(np.flatnonzero(~np.isfinite(a))[0])} is "
                         f"{a[~np.isfinite(a)][0]}.")
    return a


def _fraction(value, name: str, top: float) -> float:
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or not 0 < value <= top:
        raise ValueError(f"{name} must be a number above 0 and at most {top:g} of full scale, got {value!r}.")
    return float(value)


def normalised(samples, loudness=LOUDNESS, peak=PEAK) -> np.ndarray:
    """The samples scaled to an RMS of ``loudness``, then down so no sample passes ``peak`` (fractions of full
    scale). Silence stays silence."""
    a = _samples(samples)
    loudness, peak = _fraction(loudness, "loudness", 1.0), _fraction(peak, "peak", 1.0)
    rms = float(np.sqrt(np.mean(a * a)))
    if rms == 0:
        return np.zeros_like(a)
    a = a * (loudness / rms)
    top = float(np.abs(a).max())
    return a * (peak / top) if top > peak else a


def wav_bytes(samples, rate: int, loudness=LOUDNESS, peak=PEAK) -> bytes:
    """The bytes of a mono 16-bit PCM WAV file of ``samples`` at ``rate`` samples per second, normalised
    (``normalised``); at most ``MAX_SECONDS`` long."""
    if not isinstance(rate, numbers.Integral) or isinstance(rate, bool) or not RATES[0] <= rate <= RATES[1]:
        raise ValueError(f"rate must be a whole number of samples per second from {RATES[0]:,} to {RATES[1]:,}, "
                         f"got {rate!r}.")
    a = normalised(samples, loudness, peak)
    if a.size > MAX_SECONDS * rate:
        raise ValueError(f"A clip lasts at most {MAX_SECONDS:g} seconds: {a.size:,} samples at {int(rate):,} a "
                         f"second last {a.size / rate:.2f} seconds; cut it to {int(MAX_SECONDS * rate):,} samples.")
    pcm = np.round(a * FULL_SCALE).astype("<i2")
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(int(rate))
        file.writeframes(pcm.tobytes())
    return out.getvalue()
