"""The WAV a sound plays from: valid (read back with Python's wave), mono 16-bit PCM at its rate, every sound
at one loudness, no sample past the peak cap, no clip past the length cap."""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import sounds
from ui.exports import wav


def read(data: bytes) -> tuple[wave._wave_params, np.ndarray]:
    with wave.open(io.BytesIO(data), "rb") as file:
        return file.getparams(), np.frombuffer(file.readframes(file.getnframes()), dtype="<i2")


def test_a_tone_reads_back_as_mono_16_bit_at_its_rate():
    x = sounds.tone(440, rate=8000, seconds=1.0, fade=0)  # 440 whole cycles
    params, pcm = read(wav.wav_bytes(x, 8000))
    assert (params.nchannels, params.sampwidth, params.framerate, params.nframes) == (1, 2, 8000, 8000)
    assert params.comptype == "NONE"
    # A sine's RMS is its peak over sqrt(2): at 0.1 of full scale, its peak is 0.1414, under the cap of 0.5.
    assert np.sqrt(np.mean((pcm / wav.FULL_SCALE) ** 2)) == pytest.approx(wav.LOUDNESS, rel=1e-3)
    assert np.abs(pcm).max() == pytest.approx(0.1 * np.sqrt(2) * wav.FULL_SCALE, rel=2e-3)
    np.testing.assert_array_equal(pcm, np.round(wav.normalised(x) * wav.FULL_SCALE))


@settings(max_examples=40)
@given(n=st.integers(1, 4000), rate=st.sampled_from([8000, 16000, 44100]), spike=st.floats(0, 1e6),
       seed=st.integers(0, 2**32 - 1))
def test_every_sound_is_as_loud_as_the_others_within_the_peak(n, rate, spike, seed):
    x = np.random.default_rng(seed).standard_normal(n)
    x[0] += spike  # a click: its loudness would push the peak past the cap
    params, pcm = read(wav.wav_bytes(x, rate))
    assert params.nframes == n and params.framerate == rate
    y = pcm / wav.FULL_SCALE
    assert np.abs(y).max() <= wav.PEAK + 0.5 / wav.FULL_SCALE
    rms = np.sqrt(np.mean(y ** 2))
    # Either at the loudness, or quieter because the peak is at the cap.
    assert rms == pytest.approx(wav.LOUDNESS, abs=1e-3) or (
        rms < wav.LOUDNESS and np.abs(y).max() == pytest.approx(wav.PEAK, abs=1 / wav.FULL_SCALE))


def test_a_click_is_capped_at_the_peak():
    x = np.zeros(1000)
    x[500] = 1.0  # RMS 0.0316: at a loudness of 0.1, the sample would reach 3.16 of full scale
    _, pcm = read(wav.wav_bytes(x, 8000))
    assert pcm[500] == round(wav.PEAK * wav.FULL_SCALE) and np.count_nonzero(pcm) == 1


def test_silence_stays_silent_and_the_longest_clip_is_accepted():
    _, pcm = read(wav.wav_bytes(np.zeros(100), 8000))
    assert not pcm.any() and pcm.size == 100
    params, _ = read(wav.wav_bytes(np.ones(4 * 8000), 8000))
    assert params.nframes == 32000


@pytest.mark.parametrize("call, fragment", [
    (lambda: wav.wav_bytes(np.ones(4 * 8000 + 1), 8000), "at most 4 seconds: 32,001 samples at 8,000 a second"),
    (lambda: wav.wav_bytes(np.ones((2, 100)), 8000), "1-D array of real numbers (one channel), got shape (2, 100)"),
    (lambda: wav.wav_bytes([0.0, np.nan], 8000), "sample 1 is nan"),
    (lambda: wav.wav_bytes(np.ones(10), 44100.0), "rate must be a whole number"),
    (lambda: wav.wav_bytes(np.ones(10), 8000, peak=1.5), "peak must be a number above 0 and at most 1"),
    (lambda: wav.wav_bytes(["a"], 8000), "got shape (1,) of <U1"),
])
def test_sentences(call, fragment):
    with pytest.raises(ValueError) as excinfo:
        call()
    assert fragment in str(excinfo.value) and str(excinfo.value).endswith(".")
