"""A sound upsampled four ways (core.hearing): each way against PyTorch, the image bands' levels against a DFT
summed plainly, the images of a tone where zero insertion puts them, the stamps against the output and the
counts, and the spectrogram against a windowed DFT of each frame."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core
from core import hearing


def _torch():
    return pytest.importorskip("torch")


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 30), k=st.integers(1, 7), s=st.integers(1, 4), d=st.integers(1, 3), seed=st.integers(0, 99))
def test_the_four_ways_are_torchs(n, k, s, d, seed):
    torch = _torch()
    F = torch.nn.functional
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=n), rng.normal(size=k)
    ways = core.upsampled_ways(x, w, s, d)
    t = torch.from_numpy(x)[None, None]
    tw = torch.from_numpy(w)[None, None]
    near = F.interpolate(t, scale_factor=s, mode="nearest")
    want = {"transposed": F.conv_transpose1d(t, tw, stride=s, dilation=d), "nearest": near,
            "linear": F.interpolate(t, scale_factor=s, mode="linear"),
            "resize": F.conv1d(near, tw, padding="same", dilation=d)}
    for name in core.hearing.WAYS:
        np.testing.assert_allclose(ways[name], want[name][0, 0].numpy(), atol=1e-10, err_msg=name)
    assert ways["transposed"].size == (n - 1) * s + d * (k - 1) + 1
    assert {ways[name].size for name in ("nearest", "linear", "resize")} == {n * s}


def band_energy_by_hand(x, s) -> tuple[list[float], float]:
    """Each image band's energy (bins within 1/(2s) of k/s or of 1 - k/s) and the signal band's (below 1/(2s)),
    from a DFT summed term by term, over the samples padded to a multiple of s."""
    n = -(-len(x) // s) * s
    x = list(x) + [0.0] * (n - len(x))
    X = [sum(x[t] * complex(math.cos(2 * math.pi * m * t / n), -math.sin(2 * math.pi * m * t / n)) for t in range(n))
         for m in range(n)]
    power = [abs(v) ** 2 / n for v in X]
    near = [min(m / n, 1 - m / n) for m in range(n)]  # each bin folded onto 0 .. 1/2
    signal = sum(p for p, f in zip(power, near) if f < 0.5 / s - 1e-12)
    bands = [sum(p for p, f in zip(power, near) if abs(f - k / s) <= 0.5 / s + 1e-12) for k in range(1, s // 2 + 1)]
    return bands, signal


@settings(max_examples=30, deadline=None)
@given(n=st.integers(2, 40), s=st.integers(2, 4), seed=st.integers(0, 99))
def test_image_band_levels_against_a_dft_by_hand(n, s, seed):
    x = np.random.default_rng(seed).normal(size=n)
    levels = core.image_band_levels(x, s, 8000)
    bands, signal = band_energy_by_hand(x, s)
    assert [lv.k for lv in levels] == list(range(1, s // 2 + 1))
    for level, band in zip(levels, bands):
        assert level.hz == pytest.approx(level.k / s * 8000)
        assert level.energy == pytest.approx(band, rel=1e-9, abs=1e-9)
        assert level.signal == pytest.approx(signal, rel=1e-9)
        assert level.level_db == pytest.approx(10 * math.log10(band / signal), abs=1e-6)


@pytest.mark.parametrize("f, rate, s", [(440, 4000, 2), (440, 4000, 4), (1000, 8000, 3), (262, 2000, 4)])
def test_a_zero_stuffed_tone_peaks_at_its_image_tones(f, rate, s):
    x = core.tone(f, rate, seconds=1.0, fade=0)
    spec = core.spectrum(core.zero_stuffed(x, s), rate * s)
    loud = spec.hz[spec.magnitude > 0.5 * spec.magnitude.max()]
    want = core.image_tones([f], rate, s)
    assert sorted(set(np.round(loud).astype(int))) == [f, *[int(t) for t in want]]
    assert all(0 < t <= s * rate / 2 for t in want)


def test_stamps_sum_to_the_output_and_count_the_contributions():
    for k, s, d in [(3, 2, 1), (4, 2, 1), (5, 3, 2), (1, 4, 1)]:
        x, w = np.arange(1.0, 7.0), np.arange(1.0, k + 1)
        stamps = core.stamps1d(x, w, s, d)
        np.testing.assert_allclose(np.nansum(stamps.values, axis=0), core.conv_transpose1d(x, w, stride=s, dilation=d))
        np.testing.assert_allclose(stamps.output, np.nansum(stamps.values, axis=0))
        np.testing.assert_array_equal(stamps.counts, core.contribution_profile(6, k, s, dilation=d))
        np.testing.assert_array_equal((~np.isnan(stamps.values)).sum(axis=1), [k] * 6)
    assert core.stamps1d(np.ones(5), np.ones(3), 2).counts.tolist() == [1, 1, 2, 1, 2, 1, 2, 1, 2, 1, 1]


def test_spectrogram_frames_are_windowed_dfts_and_a_tone_is_a_line():
    rate, f = 8000, 1000
    x = core.tone(f, rate, seconds=0.5)
    sg = core.spectrogram(x, rate, window=256, columns=50, floor=-100.0)
    assert sg.level_db.shape == (129, 50) and sg.hz[1] == pytest.approx(rate / 256)
    assert sg.times[0] == pytest.approx(128 / rate) and sg.times[-1] == pytest.approx((x.size - 128) / rate)
    hann = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(256) / 256)
    starts = np.round(np.linspace(0, x.size - 256, 50)).astype(int)
    power = np.array([np.abs(np.fft.rfft(x[a:a + 256] * hann)) ** 2 for a in starts]).T
    np.testing.assert_allclose(sg.level_db, np.maximum(10 * np.log10(power / power.max()), -100.0), atol=1e-9)
    ridge = sg.hz[np.argmax(sg.level_db[:, 25])]
    assert ridge == pytest.approx(f, abs=rate / 256)
    assert sg.level_db.max() == 0 and sg.level_db.min() >= -100
    silent = core.spectrogram(np.zeros(100), rate)  # shorter than a frame, and silent: all at the floor
    assert silent.level_db.shape == (129, 1) and (silent.level_db == -100).all()


def test_resize_then_convolve_keeps_l_times_s_and_checks_its_input():
    assert core.resize_then_convolve1d(np.ones(5), np.ones(4), 3, 2).shape == (15,)
    with pytest.raises(ValueError, match="stride"):
        core.image_band_levels(np.ones(4), 0, 8000)
    with pytest.raises(ValueError, match="line of samples"):
        hearing.upsampled_ways(np.ones((2, 2)), [1.0], 2)
