"""A sound upsampled four ways, and what each way leaves of zero insertion's images: the checkerboard heard.

Upsampling a signal ``s`` times, sampled at ``rate``, gives one at ``s rate``. Zero insertion puts ``s - 1``
images of the signal's spectrum around the multiples ``k rate`` (k = 1 .. s-1) of the input's rate; what an
upsampler leaves of them is heard as tones there (Pons, Pascual, Cengarle and Serra, "Upsampling artifacts in
neural audio synthesis", ICASSP 2021). The four ways compared:

- ``transposed``: ``conv_transpose1d`` with the kernel (PyTorch's default, padding 0, so (L - 1) s + d (k - 1) + 1
  samples), which is zero insertion followed by the kernel as a filter;
- ``nearest``: each sample repeated ``s`` times (a transposed convolution with a box of ``s`` ones);
- ``linear``: linear interpolation (``F.interpolate(mode='linear')``);
- ``resize``: nearest, then a convolution with the same kernel, padded so that L s samples stay L s.

``image_band_levels`` measures the whole of each image band, everything within ``rate / 2`` of ``k rate``, against
the signal's band below ``rate / 2``: a tone's images are tones at ``k rate +- f`` (``image_tones``), not at
``k rate`` itself. ``spectrogram`` shows them in time.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from . import _checks
from .line import conv1d, conv_transpose1d, upsample_linear1d, upsample_nearest1d
from .line_trace import trace_conv_transpose1d
from .spectra import ImageLevel, image_levels, spectrum

WAYS = ("transposed", "nearest", "linear", "resize")


def _line(signal, name: str = "signal") -> np.ndarray:
    a = _checks.array(signal, name)
    if a.ndim != 1 or a.size == 0:
        raise ValueError(f"{name} must be a non-empty line of samples (L,), got shape {a.shape}.")
    return a.astype(np.float64, copy=False)


def resize_then_convolve1d(signal, kernel, stride, dilation=1) -> np.ndarray:
    """Nearest upsampling by ``stride``, then ``conv1d`` with ``kernel`` and padding 'same': L s samples."""
    return conv1d(upsample_nearest1d(_line(signal), stride), _line(kernel, "kernel"), padding="same",
                  dilation=dilation)


def upsampled_ways(signal, kernel, stride, dilation=1) -> dict[str, np.ndarray]:
    """The signal upsampled ``stride`` times by each of ``WAYS``, by name."""
    x, w = _line(signal), _line(kernel, "kernel")
    return {"transposed": conv_transpose1d(x, w, stride=stride, dilation=dilation),
            "nearest": upsample_nearest1d(x, stride), "linear": upsample_linear1d(x, stride),
            "resize": resize_then_convolve1d(x, w, stride, dilation)}


def image_band_levels(samples, stride, rate) -> list[ImageLevel]:
    """``image_levels`` of samples at ``rate`` (the upsampled rate) over the whole of each image band: within
    1/(2s) of k/s, against the band below 1/(2s). The DFT runs over the samples padded to a multiple of ``s``, so
    that k/s falls on a bin."""
    x = _line(samples, "samples")
    s = _checks.single(stride, "stride", 1, _checks.STRIDE_WHY)
    n = -(-x.size // s) * s
    return image_levels(spectrum(x, rate, n), s, width=0.5 / s)


def image_tones(frequencies, rate, stride) -> list[float]:
    """Where zero insertion puts the images of tones of ``frequencies`` Hz sampled at ``rate``: the tones at
    ``k rate - f`` and ``k rate + f`` (k = 1 .. s-1), as heard at ``s rate``, up to half of it (above it they fold
    back onto these), ascending, each once."""
    s = _checks.single(stride, "stride", 1, _checks.STRIDE_WHY)
    top = s * rate / 2
    found = {round(k * rate + sign * f, 6) for f in frequencies for k in range(1, s) for sign in (-1, 1)}
    return sorted(float(f) for f in found if 0 < f <= top)


class Stamps(NamedTuple):
    """A line's scatter-add laid out: ``values[i, y]`` is input ``i``'s product landing on output ``y`` (NaN where
    its stamp does not reach), ``output`` their sum, ``counts`` how many products each output sample receives."""

    values: np.ndarray
    output: np.ndarray
    counts: np.ndarray


def stamps1d(signal, kernel, stride=1, dilation=1) -> Stamps:
    """Each input sample's stamp of ``conv_transpose1d(signal, kernel, stride, dilation=dilation)``, from its
    trace (``trace_conv_transpose1d``)."""
    trace = trace_conv_transpose1d(_line(signal), _line(kernel, "kernel"), stride=stride, dilation=dilation)
    n, length = trace.input_shape[1], trace.output_shape[1]
    values = np.full((n, length), np.nan)
    i, y = trace.input_index[:, 1], trace.output_index[:, 1]
    values[i, y] = trace.product
    return Stamps(values, trace.output, np.bincount(y, minlength=length))


class Spectrogram(NamedTuple):
    """The short-time spectra of a signal: ``level_db[m, t]`` is the level of frequency ``hz[m]`` in the frame
    centred at ``times[t]`` seconds, in dB below the loudest, at least ``floor``."""

    times: np.ndarray
    hz: np.ndarray
    level_db: np.ndarray
    floor: float


def spectrogram(signal, rate, window: int = 256, columns: int = 200, floor: float = -100.0) -> Spectrogram:
    """A Hann-windowed short-time Fourier transform: frames of ``window`` samples (the signal padded with zeros to
    one frame when shorter), at most ``columns`` of them, evenly spaced from the start to the end."""
    x = _line(signal)
    window = _checks.whole(window, "window")
    columns = _checks.whole(columns, "columns")
    if x.size < window:
        x = np.concatenate([x, np.zeros(window - x.size)])
    count = min(columns, x.size - window + 1)
    starts = np.round(np.linspace(0, x.size - window, count)).astype(int)
    hann = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(window) / window)
    frames = x[starts[:, None] + np.arange(window)] * hann
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    top = power.max()
    with np.errstate(divide="ignore"):
        level = 10 * np.log10(power / top) if top > 0 else np.full(power.shape, -math.inf)
    return Spectrogram((starts + window / 2) / rate, np.fft.rfftfreq(window) * rate, np.maximum(level, floor).T,
                       float(floor))
