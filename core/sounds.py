"""Short test sounds made in NumPy: a tone, a chord, a sweep, at a sampling rate; a sound taken to another rate.

A sound is a 1-D array of samples between -``amplitude`` and ``amplitude``, faded in and out over
``fade`` seconds (a raised cosine) so that it starts and stops without a click. Every frequency must
lie below half the sampling rate (the Nyquist frequency, above which samples cannot tell a tone from
a lower one), and a sound lasts at most ``MAX_SECONDS``.

``resample`` takes a recorded sound (a visitor's WAV file) to the page's rate through its spectrum, as
``scipy.signal.resample`` does: everything at or above half the lower of the two rates is left out, nothing
below it changes.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import _checks

MAX_SECONDS = 4.0
RATES = (1_000, 192_000)  # samples per second, lowest and highest
FADE = 0.01  # seconds


def _number(value, name: str) -> float:
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {_checks.show(value)}.")
    return float(value)


def _times(rate, seconds) -> tuple[int, np.ndarray]:
    """The checked rate and the times of the samples, in seconds."""
    if not _checks._is_whole(rate) or not RATES[0] <= rate <= RATES[1]:
        raise ValueError(f"rate must be a whole number of samples per second from {RATES[0]:,} to {RATES[1]:,}, "
                         f"got {_checks.show(rate)}.")
    seconds = _number(seconds, "seconds")
    if not 0 < seconds <= MAX_SECONDS:
        raise ValueError(f"seconds must be more than 0 and at most {MAX_SECONDS:g}, got {seconds:g}: test sounds "
                         "are short clips.")
    count = max(1, round(seconds * rate))
    return int(rate), np.arange(count) / rate


def _frequency(value, rate: int, name: str = "frequency") -> float:
    f = _number(value, name)
    if not 0 <= f < rate / 2:
        raise ValueError(f"{name} must be from 0 up to (not including) half the sampling rate, {rate / 2:g} Hz, "
                         f"got {f:g} Hz: above it, the samples of a tone are those of a lower one.")
    return f


def _finish(wave: np.ndarray, rate: int, amplitude, fade) -> np.ndarray:
    """Scale a wave of peak one to ``amplitude`` and fade it in and out over ``fade`` seconds."""
    amplitude, fade = _number(amplitude, "amplitude"), _number(fade, "fade")
    if not 0 <= amplitude <= 1:
        raise ValueError(f"amplitude must be from 0 to 1 (full scale), got {amplitude:g}.")
    if fade < 0:
        raise ValueError(f"fade must be 0 seconds or more, got {fade:g}.")
    return amplitude * faded(wave, rate, fade)


def faded(wave: np.ndarray, rate: int, fade=FADE) -> np.ndarray:
    """``wave`` faded in and out over ``fade`` seconds (a raised cosine; at most half the wave each), in place."""
    ramp = min(round(fade * rate), wave.size // 2)
    if ramp:
        rise = 0.5 - 0.5 * np.cos(np.pi * (np.arange(ramp) + 0.5) / ramp)
        wave[:ramp] *= rise
        wave[wave.size - ramp:] *= rise[::-1]
    return wave


def tone(frequency, rate: int = 8000, seconds=1.0, amplitude=0.5, fade=FADE) -> np.ndarray:
    """A sine of ``frequency`` Hz: amplitude * sin(2 pi f t)."""
    rate, t = _times(rate, seconds)
    f = _frequency(frequency, rate)
    return _finish(np.sin(2 * np.pi * f * t), rate, amplitude, fade)


def chord(frequencies, rate: int = 8000, seconds=1.0, amplitude=0.5, fade=FADE) -> np.ndarray:
    """Sines of several frequencies, equally loud, summed and scaled so the peak stays within ``amplitude``."""
    rate, t = _times(rate, seconds)
    try:
        given = [frequencies] if isinstance(frequencies, numbers.Real) else list(frequencies)
    except TypeError:
        given = None
    if not given:
        raise ValueError(f"frequencies must be a list of frequencies in Hz, got {_checks.show(frequencies)}.")
    fs = [_frequency(f, rate) for f in given]
    return _finish(sum(np.sin(2 * np.pi * f * t) for f in fs) / len(fs), rate, amplitude, fade)


def sweep(start, stop, rate: int = 8000, seconds=1.0, amplitude=0.5, fade=FADE) -> np.ndarray:
    """A sine whose frequency moves linearly from ``start`` to ``stop`` Hz: sin(2 pi (f0 t + (f1 - f0) t^2 / 2T))."""
    rate, t = _times(rate, seconds)
    f0, f1 = _frequency(start, rate, "start"), _frequency(stop, rate, "stop")
    duration = t.size / rate
    return _finish(np.sin(2 * np.pi * (f0 * t + (f1 - f0) * t * t / (2 * duration))), rate, amplitude, fade)


def resample(signal, rate, to_rate) -> np.ndarray:
    """``signal``, sampled at ``rate``, sampled at ``to_rate`` instead: round(L to_rate / rate) samples.

    Through the DFT: the spectrum X of the L samples keeps its bins below half the lower rate (a bin exactly
    there is dropped, as its sign cannot be told), gets zeros above them up to the new length's half, and
    the inverse DFT of that, times (new length / L), is the new sound. The sound is taken as one period of
    a periodic one, so its two ends meet: a clip faded in and out has no edge to smear.
    """
    x = np.asarray(signal, dtype=float)
    if x.ndim != 1 or x.size == 0 or not np.isfinite(x).all():
        raise ValueError(f"signal must be a non-empty line of finite samples (L,), got shape {x.shape}.")
    rate, to_rate = (_times(r, 1.0)[0] for r in (rate, to_rate))
    n = max(1, round(x.size * to_rate / rate))
    spectrum = np.fft.rfft(x)
    kept = np.zeros(n // 2 + 1, dtype=complex)
    bins = min(spectrum.size, kept.size)
    kept[:bins] = spectrum[:bins]
    for length in {x.size, n}:  # the bin at half a rate of an even length, where a tone and its mirror meet
        if length % 2 == 0 and length // 2 < bins:
            kept[length // 2] = 0
    return np.fft.irfft(kept, n) * (n / x.size)
