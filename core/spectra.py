"""A transposed convolution in frequency: zero insertion makes images, the kernel filters them.

Along a line, a transposed convolution with stride ``s`` is zero insertion (``s - 1`` zeros after every
sample, so the sampling rate goes up ``s`` times) followed by a convolution with the kernel. In frequency,
with ``f`` in cycles per sample of the output (0 to 1/2; times the output's sampling rate gives Hz):

- the zero-inserted signal's spectrum is ``s`` periodic copies of the input's: the input's own band
  (below 1/(2s)) and ``s - 1`` images of it, centred on the frequencies ``k/s``, k = 1 .. s-1;
- the kernel is a filter: the output's spectrum is the zero-inserted spectrum times the kernel's
  frequency response ``W(f) = sum_a w[a] exp(-2 pi i f a d)``;
- what ``W`` leaves of the images is heard: near ``k/s`` as tones (a constant or slow input's image sits
  exactly at ``k/s``: the checkerboard, at s = 2 the alternating pattern at 1/2). ``W(k/s)`` is the
  discrete Fourier transform of the kernel's phase sums (``core.training.phase_sums``), zero when they
  are equal.

A real signal's spectrum is mirrored about 1/2, so ``k/s`` and ``(s - k)/s`` are one tone: images are
reported for k = 1 .. s//2, each with the energy of both halves. Spectra come from numpy's FFT.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from . import _checks
from .geometry import geometry1d
from .line import conv_transpose1d, zero_insert1d

MAX_LENGTH = 2**22  # samples in one spectrum's DFT


class Spectrum(NamedTuple):
    """The DFT of a real signal, ``X[m] = sum_t x[t] exp(-2 pi i m t / N)`` for m = 0 .. N//2 (numpy's ``rfft``).

    frequency : cycles per sample, m / N, from 0 to 1/2
    value : complex X[m]
    length : N, the samples the DFT ran over (the signal and any zeros after it)
    rate : samples per second of the signal
    """

    frequency: np.ndarray
    value: np.ndarray
    length: int
    rate: float

    @property
    def hz(self) -> np.ndarray:
        """The frequencies in Hz: cycles per sample times the sampling rate."""
        return self.frequency * self.rate

    @property
    def magnitude(self) -> np.ndarray:
        return np.abs(self.value)

    def energy(self, low: float, high: float) -> float:
        """The energy (sum of squares, by Parseval) of the signal's components of frequency from ``low`` to
        ``high`` cycles per sample, both ends included (to a billionth of a bin), with their mirrors."""
        n = self.length
        return self.bins_energy(math.ceil(low * n - 1e-9), math.floor(high * n + 1e-9))

    def bins_energy(self, first: int, last: int) -> float:
        """The energy of bins ``first`` to ``last`` (m / N cycles per sample), both included, with their mirrors."""
        m = np.arange(max(first, 0), min(last, self.value.size - 1) + 1)
        # Every bin stands for a frequency and its mirror, except 0 and (N even) 1/2, which are their own mirrors.
        weight = np.where((m == 0) | (2 * m == self.length), 1.0, 2.0)
        return float((weight * np.abs(self.value[m]) ** 2).sum() / self.length)


def _signal(signal, name: str = "signal") -> np.ndarray:
    a = _checks.array(signal, name)
    if a.ndim != 1:
        raise ValueError(f"{name} must be 1-D (L,), a line of samples, got shape {a.shape}.")
    return a.astype(np.float64, copy=False)


def _rate(rate) -> float:
    if not isinstance(rate, numbers.Real) or isinstance(rate, bool) or not math.isfinite(rate) or rate <= 0:
        raise ValueError(f"rate must be a positive number of samples per second, got {_checks.show(rate)}.")
    return float(rate)


def _stride(stride) -> int:
    return _checks.single(stride, "stride", 1, _checks.STRIDE_WHY)


def spectrum(signal, rate=1.0, length: int | None = None) -> Spectrum:
    """The spectrum of a 1-D signal sampled at ``rate``, over ``length`` samples (the signal, then zeros)."""
    x = _signal(signal)
    n = x.size if length is None else _checks.whole(length, "length")
    if not x.size <= n <= MAX_LENGTH:
        raise ValueError(f"length must be from the signal's {x.size} samples to {MAX_LENGTH:,}, got {n}.")
    return Spectrum(np.fft.rfftfreq(n), np.fft.rfft(x, n), n, _rate(rate))


def zero_stuffed(signal, stride) -> np.ndarray:
    """Each sample followed by ``stride - 1`` zeros: L samples become L s (the transposed convolution with a kernel
    of one tap, one, and output padding s - 1)."""
    s = _stride(stride)
    return conv_transpose1d(_signal(signal), [1.0], stride=s, output_padding=s - 1)


def zero_insertion_spectra(signal, stride, rate=1.0) -> tuple[Spectrum, Spectrum]:
    """The spectrum of a signal sampled at ``rate``, and of the signal zero-stuffed (``zero_stuffed``) at ``s`` times
    the rate: its s periodic copies, the signal's band and ``s - 1`` images."""
    return spectrum(signal, rate), spectrum(zero_stuffed(signal, stride), _rate(rate) * _stride(stride))


def dilated(kernel, dilation=1) -> np.ndarray:
    """The kernel with ``dilation - 1`` zeros between its taps: the filter a dilated kernel is."""
    return zero_insert1d(_signal(kernel, "kernel"), _checks.single(dilation, "dilation", 1, _checks.DILATION_WHY))


def frequency_response(kernel, dilation=1, rate=1.0, length: int = 512) -> Spectrum:
    """The kernel's frequency response W on a grid of ``length`` (at least the dilated kernel's span) frequencies
    from 0 to 1/2 cycles per sample, at the output's sampling rate ``rate``."""
    return spectrum(dilated(kernel, dilation), rate, length)


def response_at(kernel, frequency, dilation=1) -> np.ndarray:
    """W(f) = sum_a w[a] exp(-2 pi i f a d) at any frequencies (cycles per sample), summed directly."""
    taps = dilated(kernel, dilation)
    f = np.asarray(frequency, dtype=np.float64)
    return np.exp(-2j * np.pi * np.multiply.outer(f, np.arange(taps.size))) @ taps


class ImageLevel(NamedTuple):
    """One image frequency of an upsampled signal, and how loud the output is there.

    k : the image's number; k/s and (s - k)/s are one real tone, reported once (k <= s/2)
    frequency : k/s, cycles per sample of the output
    hz : frequency times the output's sampling rate
    energy : sum of squares of the output's components within ``width`` of k/s (both mirrored halves)
    signal : the same of its components below 1/(2s), the band the input can hold
    level_db : 10 log10(energy / signal), the image's level relative to the signal in decibels; -inf when the
        image carries nothing, inf when only it does
    """

    k: int
    frequency: float
    hz: float
    energy: float
    signal: float
    level_db: float


def _decibels(energy: float, signal: float) -> float:
    if energy == 0:
        return -math.inf
    return math.inf if signal == 0 else 10 * math.log10(energy / signal)


def image_levels(output: Spectrum, stride, width: float | None = None) -> list[ImageLevel]:
    """The images of an output ``s`` times the input's rate, at k/s for k = 1 .. s//2: their energy and level.

    output : the output's spectrum (``spectrum(output, rate * s)``)
    width : cycles per sample either side of k/s; by default half a DFT bin, so the bin at k/s alone
        (when k N / s is whole) or the two around it; at most 1/(2s), where the signal's band ends
    """
    s = _stride(stride)
    width = 0.5 / output.length if width is None else float(width)
    if not 0 <= width <= 0.5 / s:
        raise ValueError(f"width must be from 0 to 1/(2 x {s}) = {0.5 / s:g} cycles per sample, where the signal's "
                         f"band ends, got {width:g}.")
    band = output.bins_energy(0, (output.length - 1) // (2 * s))  # m / N below 1/(2s): 2 s m < N
    images = []
    for k in range(1, s // 2 + 1):
        f = k / s
        energy = output.energy(f - width, f + width)
        images.append(ImageLevel(k, f, f * output.rate, energy, band, _decibels(energy, band)))
    return images


@dataclass(frozen=True)
class UpsamplingSpectra:
    """A transposed convolution's spectra, the last three on one grid of ``output.length`` frequencies.

    input : the signal's, at its rate
    zero_inserted : the zero-stuffed signal's, at s times the rate: the signal's band and its images
    response : the kernel's frequency response
    output : the uncropped output's, equal to zero_inserted.value * response.value
    images : ``image_levels(output, s)``
    """

    input: Spectrum
    zero_inserted: Spectrum
    response: Spectrum
    output: Spectrum
    images: list[ImageLevel]
    signal: np.ndarray  # the uncropped output


def upsampling_spectra(signal, kernel, stride=2, dilation=1, rate=1.0) -> UpsamplingSpectra:
    """The spectra of ``conv_transpose1d(signal, kernel, stride=s, dilation=d)`` (uncropped) and of its parts.

    The grid has N frequencies, N the uncropped output's length rounded up to a multiple of s, so that
    k/s falls on a bin and the linear convolution fits: the output's spectrum is then exactly the
    zero-inserted one times the response.
    """
    x, w = _signal(signal), _signal(kernel, "kernel")
    one = geometry1d(x.size, w.size, stride, dilation=dilation)
    s, out_rate = one.stride, _rate(rate) * one.stride
    n = -(-one.uncropped // s) * s
    out = conv_transpose1d(x, w, stride=s, dilation=one.dilation)
    result = spectrum(out, out_rate, n)
    return UpsamplingSpectra(
        input=spectrum(x, rate), zero_inserted=spectrum(zero_stuffed(x, s), out_rate, n),
        response=frequency_response(w, one.dilation, out_rate, n), output=result,
        images=image_levels(result, s), signal=out)
