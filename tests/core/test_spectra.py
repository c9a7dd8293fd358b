"""Spectra of a transposed convolution along a line, each against a DFT summed plainly here and against its
closed form: zero insertion makes s periodic copies, the output is the zero-inserted spectrum times the kernel's
response, and the kernel's response at k/s is the DFT of its phase sums. Then the test sounds."""

from __future__ import annotations

import math

import numpy as np
import pytest
from _support import assert_close, rng_array, seeds
from hypothesis import given, settings
from hypothesis import strategies as st

from core import sounds, training
from core import spectra as sp


def dft(x, n=None) -> np.ndarray:
    """X[m] = sum over t of x[t] exp(-2 pi i m t / N), for every m from 0 to N - 1, one term at a time."""
    x = list(x) + [0.0] * ((n or len(x)) - len(x))
    n = len(x)
    return np.array([sum(x[t] * complex(math.cos(2 * math.pi * m * t / n), -math.sin(2 * math.pi * m * t / n))
                         for t in range(n)) for m in range(n)])


def energy_by_hand(x, frequencies, width) -> float:
    """The energy of the DFT bins within ``width`` of any of ``frequencies`` or of their mirrors 1 - f."""
    X, n = dft(x), len(x)
    total = 0.0
    for m in range(n):
        f = m / n
        if any(abs(f - g) <= width or abs(1 - f - g) <= width for g in frequencies):
            total += abs(X[m]) ** 2 / n
    return total


@settings(max_examples=60)
@given(size=st.integers(1, 24), extra=st.integers(0, 6), rate=st.sampled_from([1.0, 8000.0, 22050.0]), seed=seeds)
def test_spectrum_is_the_dft(size, extra, rate, seed):
    x = rng_array(seed, size)
    got = sp.spectrum(x, rate, size + extra)
    n = size + extra
    assert got.length == n
    assert_close(got.value, dft(x, n)[:n // 2 + 1], scale=np.abs(x).sum())
    assert_close(got.frequency, np.arange(n // 2 + 1) / n)
    assert_close(got.hz, np.arange(n // 2 + 1) / n * rate)
    # Parseval: all of it is the signal's sum of squares.
    assert got.energy(0, 0.5) == pytest.approx(float((x ** 2).sum()), rel=1e-9, abs=1e-12)


@settings(max_examples=60)
@given(size=st.integers(1, 16), s=st.integers(1, 5), seed=seeds)
def test_zero_insertion_makes_s_copies(size, s, seed):
    """The closed form: the zero-stuffed signal's DFT over L s samples is the signal's DFT over L, s times over."""
    x = rng_array(seed, size)
    before, after = sp.zero_insertion_spectra(x, s, rate=1000.0)
    stuffed = sp.zero_stuffed(x, s)
    assert stuffed.size == size * s and after.length == size * s and after.rate == 1000.0 * s
    np.testing.assert_array_equal(stuffed[::s], x)
    assert not np.delete(stuffed, np.s_[::s]).any()
    copies = np.tile(np.fft.fft(x), s)[:size * s // 2 + 1]
    assert_close(after.value, copies, scale=np.abs(x).sum())
    assert_close(after.value, dft(stuffed)[:size * s // 2 + 1], scale=np.abs(x).sum())
    assert_close(before.value, dft(x)[:size // 2 + 1], scale=np.abs(x).sum())
    # The same frequency in Hz: bin m of the signal is bin m of the stuffed one.
    assert_close(after.hz[:before.hz.size], before.hz)


@settings(max_examples=60)
@given(k=st.integers(1, 7), d=st.integers(1, 3), length=st.integers(24, 40), seed=seeds)
def test_frequency_response_is_the_kernel_s_dft(k, d, length, seed):
    w = rng_array(seed, k)
    got = sp.frequency_response(w, d, rate=16000.0, length=length)
    taps = np.zeros((k - 1) * d + 1)
    taps[::d] = w
    assert_close(got.value, dft(taps, length)[:length // 2 + 1], scale=np.abs(w).sum())
    # W(f) = sum_a w[a] exp(-2 pi i f a d), anywhere.
    f = np.array([0.0, 0.1, 0.25, 1 / 3, 0.5])
    direct = [sum(w[a] * np.exp(-2j * np.pi * g * a * d) for a in range(k)) for g in f]
    assert_close(sp.response_at(w, f, d), direct, scale=np.abs(w).sum())


@settings(max_examples=80)
@given(k=st.integers(1, 8), s=st.integers(1, 5), d=st.integers(1, 3), seed=seeds)
def test_the_response_at_k_over_s_is_the_dft_of_the_phase_sums(k, s, d, seed):
    """W(k/s) = sum_p P[p] exp(-2 pi i k p / s), P the phase sums: zero for every k exactly when they are equal."""
    w = np.random.default_rng(seed).integers(-3, 4, k).astype(float)
    phases = training.phase_sums(w[None, :], (1, s), (1, d))[0]
    at = sp.response_at(w, np.arange(s) / s, d)
    assert_close(at, np.fft.fft(phases), scale=np.abs(w).sum())
    equal = np.ptp(phases) == 0
    assert np.allclose(at[1:], 0, atol=1e-9) == equal


@st.composite
def upsamplings(draw):
    return dict(size=draw(st.integers(1, 20)), k=draw(st.integers(1, 8)), s=draw(st.integers(1, 5)),
                d=draw(st.integers(1, 3)), seed=draw(seeds))


@settings(max_examples=80)
@given(cfg=upsamplings())
def test_the_output_is_the_zero_inserted_spectrum_times_the_response(cfg):
    x, w = rng_array(cfg["seed"], cfg["size"]), rng_array(cfg["seed"] + 1, cfg["k"])
    s, d = cfg["s"], cfg["d"]
    got = sp.upsampling_spectra(x, w, s, d, rate=8000.0)
    n = got.output.length
    assert n % s == 0 and n >= got.signal.size > n - s
    np.testing.assert_array_equal(got.signal, __import__("core").conv_transpose1d(x, w, stride=s, dilation=d))
    scale = np.abs(x).sum() * np.abs(w).sum()
    assert_close(got.output.value, got.zero_inserted.value * got.response.value, scale=scale)
    assert_close(got.output.value, dft(got.signal, n)[:n // 2 + 1], scale=scale)
    assert got.output.rate == got.zero_inserted.rate == got.response.rate == 8000.0 * s
    assert got.input.rate == 8000.0 and got.input.length == cfg["size"]


@settings(max_examples=80)
@given(cfg=upsamplings(), wide=st.booleans())
def test_image_levels_against_a_plain_dft(cfg, wide):
    x, w = rng_array(cfg["seed"], cfg["size"]), rng_array(cfg["seed"] + 1, cfg["k"])
    s = cfg["s"]
    got = sp.upsampling_spectra(x, w, s, cfg["d"], rate=1000.0)
    y = np.zeros(got.output.length)
    y[:got.signal.size] = got.signal
    n = y.size
    width = 0.5 / s if wide else 0.5 / n
    images = sp.image_levels(got.output, s, width)
    assert [i.k for i in images] == list(range(1, s // 2 + 1))
    signal = energy_by_hand(y, [0.0], 0.5 / s - 1e-12)
    for image in images:
        assert image.frequency == image.k / s and image.hz == pytest.approx(image.k / s * 1000.0 * s)
        assert image.energy == pytest.approx(energy_by_hand(y, [image.k / s], width + 1e-12), rel=1e-9, abs=1e-9)
        assert image.signal == pytest.approx(signal, rel=1e-9, abs=1e-9)
        if image.energy > 0 and signal > 0:
            assert image.level_db == pytest.approx(10 * math.log10(image.energy / signal))
    if not wide:
        assert got.images == images


@settings(max_examples=60)
@given(size=st.integers(1, 30), k=st.integers(1, 8), s=st.integers(2, 5), seed=seeds)
def test_a_constant_input_s_image_is_the_kernel_s_response_there(size, k, s, seed):
    """Closed form: a constant input of L ones gives Z(k/s) = L, so the output holds L |W(k/s)| at k/s, and the
    image's energy is 2 L^2 |W(k/s)|^2 / N (L^2 |W(1/2)|^2 / N at 1/2, its own mirror)."""
    w = rng_array(seed, k)
    got = sp.upsampling_spectra(np.ones(size), w, s)
    n = got.output.length
    for image in got.images:
        mirrors = 1 if 2 * image.k == s else 2
        expected = mirrors * size ** 2 * abs(sp.response_at(w, image.frequency)) ** 2 / n
        assert image.energy == pytest.approx(expected, rel=1e-9, abs=1e-12 * size ** 2 * np.abs(w).sum() ** 2)


def test_four_ones_and_a_kernel_of_three_by_the_numbers():
    """Input 1 1 1 1, kernel 1 1 1, stride 2: the output 1 1 2 1 2 1 2 1 1 on a grid of N = 10.

    Its DFT at 0 is the sum, 12 = L x W(0) = 4 x 3; at 1/2 the alternating sum 1-1+2-1+2-1+2-1+1 = 4 =
    L x W(1/2) = 4 x (1 - 1 + 1): the phase sums are 2 (taps 0 and 2) and 1 (tap 1), and their difference is
    what remains. The image's energy is 4^2 / 10 = 1.6.
    """
    got = sp.upsampling_spectra(np.ones(4), np.ones(3), 2, rate=8000)
    np.testing.assert_array_equal(got.signal, [1, 1, 2, 1, 2, 1, 2, 1, 1])
    assert got.output.length == 10
    assert got.output.value[0] == pytest.approx(12) and got.output.value[5] == pytest.approx(4)
    (image,) = got.images
    assert (image.k, image.frequency, image.hz) == (1, 0.5, 8000.0)
    assert image.energy == pytest.approx(1.6)
    # The signal's band: bins 0, 1 and 2 (below 1/4), each but the first twice for its mirror.
    by_hand = energy_by_hand(np.r_[got.signal, 0], [0.0], 0.25 - 1e-12)
    assert image.signal == pytest.approx(by_hand)
    assert image.level_db == pytest.approx(10 * math.log10(1.6 / by_hand))


def test_the_checkerboard_of_a_kernel_of_three_is_one_ninth_of_the_signal():
    """A long constant input, kernel 1 1 1, stride 2: inside, the output alternates 2 1 2 1, a constant 1.5
    and an alternation of 0.5; energy (0.5 / 1.5)^2 = 1/9, -9.54 dB, at half the output's rate."""
    (image,) = sp.upsampling_spectra(np.ones(4000), np.ones(3), 2, rate=8000).images
    assert image.hz == 8000.0
    assert image.level_db == pytest.approx(10 * math.log10(1 / 9), abs=0.01)


def test_a_kernel_of_four_at_stride_two_leaves_no_image():
    """Equal phase sums (2 and 2): W(1/2) = 1 - 1 + 1 - 1 = 0, no tone at 1/2, -inf dB."""
    (image,) = sp.upsampling_spectra(np.ones(100), np.ones(4), 2).images
    assert image.energy == 0 and image.level_db == -math.inf


def test_a_tone_s_images_sit_beside_k_over_s():
    """A 1 kHz tone at 8 kHz, upsampled by 2 with a kernel of two ones (nearest neighbour): its image lands at
    8 - 1 = 7 kHz of the 16 kHz output, 1 kHz from 1/2, and W there is |1 + exp(-2 pi i 7/16)| = 0.39."""
    x = sounds.tone(1000, rate=8000, seconds=0.5, fade=0)
    got = sp.upsampling_spectra(x, [1.0, 1.0], 2, rate=8000)
    peaks = got.output.hz[np.argsort(got.output.magnitude)[-2:]]
    assert sorted(peaks) == pytest.approx([1000, 7000], abs=2)
    ratio = abs(sp.response_at([1, 1], 7 / 16)) / abs(sp.response_at([1, 1], 1 / 16))
    measured = got.output.energy(7000 / 16000 - 0.01, 0.5) / got.output.energy(0, 1000 / 16000 + 0.01)
    assert measured == pytest.approx(ratio ** 2, rel=0.01)
    # All of the image, the whole band above 1/4: the same energy.
    (image,) = sp.image_levels(got.output, 2, width=0.25)
    assert image.level_db == pytest.approx(10 * math.log10(ratio ** 2), abs=0.05)


@pytest.mark.parametrize("call, fragment", [
    (lambda: sp.spectrum(np.ones((2, 3))), "signal must be 1-D (L,)"),
    (lambda: sp.spectrum(np.ones(4), rate=0), "rate must be a positive number"),
    (lambda: sp.spectrum(np.ones(4), length=3), "length must be from the signal's 4 samples"),
    (lambda: sp.zero_stuffed(np.ones(4), 0), "stride must be at least 1"),
    (lambda: sp.image_levels(sp.spectrum(np.ones(8)), 2, width=0.3), "width must be from 0 to 1/(2 x 2) = 0.25"),
    (lambda: sp.frequency_response(np.ones(5), 2, length=8), "length must be from the signal's 9 samples"),
])
def test_sentences(call, fragment):
    with pytest.raises(ValueError) as excinfo:
        call()
    assert fragment in str(excinfo.value) and str(excinfo.value).endswith(".")


# -- test sounds ---------------------------------------------------------------------------------

def test_a_tone_is_one_line_of_its_spectrum():
    x = sounds.tone(440, rate=8000, seconds=1.0, amplitude=0.5, fade=0)
    assert x.size == 8000 and np.abs(x).max() == pytest.approx(0.5, abs=1e-3)
    got = sp.spectrum(x, 8000)
    assert got.hz[np.argmax(got.magnitude)] == 440
    # Whole cycles in a second: all the energy (0.5^2 / 2 x 8000 = 1000) in the one bin.
    assert got.energy(439 / 8000, 441 / 8000) == pytest.approx(1000, rel=1e-9)


def test_a_chord_has_its_notes_and_stays_within_its_amplitude():
    x = sounds.chord([262, 330, 392], rate=8000, seconds=1.0, amplitude=0.6)
    assert np.abs(x).max() <= 0.6
    got = sp.spectrum(x, 8000)
    assert sorted(got.hz[np.argsort(got.magnitude)[-3:]]) == [262, 330, 392]


def test_a_sweep_moves_from_start_to_stop():
    x = sounds.sweep(200, 3000, rate=16000, seconds=1.0, fade=0)
    # The instantaneous frequency, from the phase's steps: f0 at the start, f1 at the end.
    analytic = np.fft.ifft(np.fft.fft(x) * np.r_[1, 2 * np.ones(7999), 1, np.zeros(7999)])
    f = np.diff(np.unwrap(np.angle(analytic))) * 16000 / (2 * np.pi)
    assert np.median(f[400:600]) == pytest.approx(200 + 2800 * 0.0313, abs=15)
    assert np.median(f[15000:15200]) == pytest.approx(200 + 2800 * 0.944, abs=15)


def test_fades_rise_from_silence_and_fall_back_to_it():
    """A fade of 10 ms at 8 kHz: the first and last 80 samples are the tone times a raised cosine, rising from
    0.0001 to 0.9999 (and back); the rest is the chord itself."""
    x = sounds.chord([440, 550], rate=8000, seconds=0.5, fade=0.01)
    plain = sounds.chord([440, 550], rate=8000, seconds=0.5, fade=0)
    rise = 0.5 - 0.5 * np.cos(np.pi * (np.arange(80) + 0.5) / 80)
    assert rise[0] == pytest.approx(0.0000964, rel=1e-2) and rise[-1] == pytest.approx(0.9999036, rel=1e-6)
    np.testing.assert_allclose(x[:80], plain[:80] * rise, atol=1e-15)
    np.testing.assert_allclose(x[-80:], plain[-80:] * rise[::-1], atol=1e-15)
    np.testing.assert_array_equal(x[80:-80], plain[80:-80])
    assert np.abs(x[:8]).max() < 0.01 and np.abs(x[-8:]).max() < 0.01


@pytest.mark.parametrize("call, fragment", [
    (lambda: sounds.tone(4000, rate=8000), "half the sampling rate, 4000 Hz, got 4000 Hz"),
    (lambda: sounds.tone(440, seconds=5), "at most 4"),
    (lambda: sounds.tone(440, rate=500), "from 1,000 to 192,000"),
    (lambda: sounds.chord([], rate=8000), "a list of frequencies"),
    (lambda: sounds.sweep(100, 5000, rate=8000), "stop must be from 0 up to"),
    (lambda: sounds.tone(440, amplitude=2), "amplitude must be from 0 to 1"),
])
def test_sound_sentences(call, fragment):
    with pytest.raises(ValueError) as excinfo:
        call()
    assert fragment in str(excinfo.value) and str(excinfo.value).endswith(".")
