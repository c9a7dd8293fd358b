"""The page "Hear the checkerboard": every number it states against the core (the images' levels in dB, their
frequencies in Hz, the counts, the phase sums, the lengths), its figures against the core's arrays, every chart
titled with labelled axes, and its clips valid WAV files (mono, 16-bit, at the rate said, at most 4 s, the peak
at most half of full scale), the very bytes the page plays."""

from __future__ import annotations

import io
import math
import wave

import numpy as np
import pytest
from pagetest import array, charts, config, heatmap_z, open_page, texts
from streamlit.runtime.memory_media_file_storage import _calculate_file_id

import core
from core.line_training import learn_kernel1d
from core.training import phase_sums
from ui import sound_words as words
from ui.exports.wav import FULL_SCALE, MAX_SECONDS, PEAK, wav_bytes
from ui.settings.codec import encode
from ui.words import listing, number

pytestmark = pytest.mark.filterwarnings("ignore")

WAYS = ("transposed", "nearest", "linear", "resize")


def sound(name: str, rate: int) -> np.ndarray:
    """The page's sounds, made here from the core: a 440 Hz tone, a C major chord, a sweep from 100 Hz."""
    if name == "chord":
        return core.chord([262.0, 330.0, 392.0], rate)
    if name == "sweep":
        return core.sweep(100.0, 0.45 * rate, rate)
    return core.tone(440.0, rate)


def expected(at, name="tone", rate=4000, kind="sidebar", x=None) -> dict:
    """What the page should state, from the core: ``kind`` is the kernel's ("sidebar", "box", "trained"); ``x`` the
    sound, when it is not one of the page's own (``name``)."""
    cfg = config(at)
    k = cfg.kernel_size[1]
    s, d = max(cfg.stride[1], 2), cfg.dilation
    x = sound(name, rate) if x is None else x
    learned = learn_kernel1d(x, k, s, steps=300, seed=0) if kind == "trained" else None
    kernel = {"box": np.ones(k), "sidebar": np.asarray(cfg.kernel[0], dtype=float)}.get(kind)
    kernel, d = (learned.kernel, 1) if learned else (kernel, d)
    ways = core.upsampled_ways(x, kernel, s, d)
    levels = {w: core.image_band_levels(y, s, rate * s) for w, y in ways.items()}
    return dict(kernel=kernel, s=s, d=d, x=x, ways=ways, levels=levels, rate=rate, learned=learned)


def check_numbers(at, e) -> None:
    said = " ".join(texts(at).split())
    s, d, rate, kernel = e["s"], e["d"], e["rate"], e["kernel"]
    images = [k * rate for k in range(1, s // 2 + 1)]
    assert f"A sound sampled at {rate:,} Hz comes out sampled at {rate * s:,} Hz" in said
    assert f"appear around {words.hz_list(images)} Hz (the dashed lines)" in said
    assert f"holds frequencies up to {words.hz(rate / 2)} Hz" in said
    for way in WAYS:
        levels = e["levels"][way]
        assert [lv.hz for lv in levels] == images
        assert f"It leaves {words.levels_phrase(levels)}." in said, way
        for lv in levels:  # the phrase's number, from the core's energies
            if lv.signal > 0 and -120 <= lv.level_db < 0 and abs(lv.level_db) >= 0.05:
                db = 10 * math.log10(lv.energy / lv.signal)
                assert f"around {words.hz(lv.hz)} Hz {abs(db):.1f} dB below the sound" in said
            if lv.signal > 0 and lv.level_db < -120:
                assert f"around {words.hz(lv.hz)} Hz below −120 dB: no image to hear" in said
    # the kernel's response at k/s against 0 Hz, summed here tap by tap
    taps = core.zero_insert1d(kernel, d)
    for k, f in enumerate(images, start=1):
        w = abs(sum(t * np.exp(-2j * np.pi * k / s * a) for a, t in enumerate(taps)))
        dc = abs(taps.sum())
        if w > 1e-9 * np.abs(kernel).max() and dc > 1e-9 * np.abs(kernel).max():
            db = 20 * math.log10(w / dc)
            if abs(db) >= 0.05:
                assert f"{words.hz(f)} Hz is {abs(db):.1f} dB {'below' if db < 0 else 'above'} its response" in said
    # the stamps: counts from the core's profile, the constant input's interior from the phase sums
    counts = core.contribution_profile(5, kernel.size, s, dilation=d)
    samples = f"{counts.size} output sample" + ("s" if counts.size != 1 else "")
    assert f"The products each of the {samples} receives, in order: {', '.join(map(str, counts))}." in said
    # lengths
    n, length = e["x"].size, e["ways"]["transposed"].size
    assert length == (n - 1) * s + d * (kernel.size - 1) + 1
    assert (f"= ({n:,} − 1) × {s} + {d} × ({kernel.size} − 1) + 1 = {length:,} samples" in said
            and f"L × s = {n * s:,}" in said)


def check_figures(at, e) -> None:
    drawn = charts(at, "hear")
    assert {"stamps", "spectrum_0", "spectrum_1", "spectrum_2", "spectrum_3", "gram_input",
            *(f"gram_{w}" for w in WAYS)} <= set(drawn)
    for key, spec in drawn.items():
        layout = spec["layout"]
        assert layout["title"]["text"], key
        assert layout["xaxis"]["title"]["text"] and layout["yaxis"]["title"]["text"], key
    stamps = core.stamps1d(np.ones(5), e["kernel"], e["s"], e["d"])
    np.testing.assert_allclose(heatmap_z(drawn["stamps"], 0), stamps.values)
    np.testing.assert_allclose(heatmap_z(drawn["stamps"], 2)[0], stamps.counts)
    for way in WAYS:
        gram = core.spectrogram(e["ways"][way], e["rate"] * e["s"])
        np.testing.assert_array_equal(heatmap_z(drawn[f"gram_{way}"]), np.round(gram.level_db))  # whole dB
        np.testing.assert_allclose(array(drawn[f"gram_{way}"]["data"][0]["y"]), gram.hz)


def check_clips(at, e) -> None:
    """The page plays the sound and its four upsamplings: their WAV bytes, made here, are the ones it serves."""
    urls = [a.proto.url for a in at.get("audio")]
    clips = [(e["x"], e["rate"])] + [(e["ways"][w], e["rate"] * e["s"]) for w in WAYS]
    assert len(urls) == len(clips)
    for url, (samples, rate) in zip(urls, clips):
        data = wav_bytes(samples, rate)
        assert url.endswith(_calculate_file_id(data, "audio/wav") + ".wav"), url
        with wave.open(io.BytesIO(data)) as clip:
            assert (clip.getnchannels(), clip.getsampwidth(), clip.getframerate()) == (1, 2, rate)
            assert clip.getnframes() / rate <= MAX_SECONDS
            pcm = np.frombuffer(clip.readframes(clip.getnframes()), "<i2")
        assert pcm.size == samples.size and np.abs(pcm).max() <= PEAK * FULL_SCALE + 1
    assert not any(a.proto.autoplay for a in at.get("audio"))


@pytest.mark.parametrize("params", [
    {}, dict(hear_sound="chord"), dict(hear_sound="sweep", hear_rate="8000"), dict(hear_kernel="box"),
    dict(kw=4, hear_kernel="box"), dict(sw=4, kw=5, d=2), dict(sw=3, kw=7, fill="ones"), dict(sw=1),
    dict(sw=4, kw=4, hear_kernel="box", hear_sound="chord"), dict(hear_kernel="trained"),
    dict(hear_kernel="trained", sw=3, kw=5, d=2, hear_sound="chord", hear_rate="8000"),
], ids=repr)
def test_every_number_and_figure_is_the_cores(params):
    at = open_page("hear", **params)
    assert not at.exception, [x.message for x in at.exception]
    e = expected(at, params.get("hear_sound", "tone"), int(params.get("hear_rate", 4000)),
                 params.get("hear_kernel", "sidebar"))
    check_numbers(at, e)
    check_figures(at, e)
    check_clips(at, e)


def test_the_default_page_says_the_brief_numbers():
    """Kernel [2, 3, 3] (the sidebar's first row), stride 2, a 440 Hz tone at 4,000 Hz: the image at 3,560 Hz."""
    at = open_page("hear")
    said = " ".join(texts(at).split())
    assert "kernel [2, 3, 3] (the first row of the sidebar's 3x3 kernel), stride 2" in said
    assert "The images of the tone are tones at 3,560 Hz" in said
    assert "receive 2 and 1 in turn: the overlap is uneven" in said
    assert "comes out as 5 and 3, repeating every 2 samples" in said
    assert "4,000 Hz is 12.0 dB below its response at 0 Hz" in said  # |2 - 3 + 3| / |2 + 3 + 3| = 1/4


def test_a_box_of_four_at_stride_two_leaves_no_checkerboard():
    at = open_page("hear", kw=4, hear_kernel="box")
    said = " ".join(texts(at).split())
    assert "4,000 Hz is exactly 0: a constant input leaves no tone there" in said
    assert "comes out as 2 and 2, repeating every 2 samples: flat" in said


def test_an_all_zero_kernel_is_silent_and_said_so():
    at = open_page("hear", fill="custom", k=encode(((0.0, 0.0, 0.0),)), kh=1, kw=3)
    assert not at.exception
    assert "nothing: the kernel is all zeros, so its output is silent" in texts(at)


def test_bad_address_values_get_a_sentence_and_the_page_works():
    at = open_page("hear", hear_sound="noise", hear_rate="44100", hear_kernel="")
    assert not at.exception
    said = " ".join((texts(at) + "\n" + "\n".join(str(w.value) for w in at.sidebar.get("warning"))).split())
    assert ("The address's sound `noise` is not one of tone, chord, sweep, upload, so the sound is Tone (440 Hz)."
            in said)
    assert "The address's sound's sampling rate `44100` is not one of 4000, 8000" in said
    check_numbers(at, expected(at))


def check_learned(at, e, dilation: int) -> None:
    """The kernel learned on the page: its taps, steps, losses, bias and phase sums, from core.line_training."""
    said = " ".join(texts(at).split())
    learned, s, k, rate = e["learned"], e["s"], e["kernel"].size, e["rate"]
    taps = f"[{', '.join(number(v) for v in learned.kernel)}]"
    assert f"The transposed convolution here: kernel {taps}, learned on this sound, stride {s}, dilation 1." in said
    steps = "1 step" if len(learned.losses) == 1 else f"{len(learned.losses)} steps"
    assert (f"{steps} of Adam, from seed 0, fitted a transposed convolution of {k} tap{'s' * (k != 1)}, stride {s}, "
            f"to rebuild this sound from its block means: each {s} samples averaged into one, the sound at "
            f"{words.hz(rate / s)} Hz, a rate {s} times lower.") in said
    assert f"The mean squared error went from {number(learned.losses[0])} to {number(learned.loss)}." in said
    assert f"Its bias, {number(learned.bias)}, is left out" in said
    assert ("used at dilation 1 here, not the sidebar's" in said) == (dilation != 1)
    phases = phase_sums(learned.kernel[None, :], (1, s), (1, 1))[0]
    assert f"the constant input comes out as {listing([number(v) for v in phases])}, repeating every {s}" in said


@pytest.mark.parametrize("params", [dict(hear_kernel="trained"), dict(hear_kernel="trained", sw=3, kw=5, d=2),
                                    dict(hear_kernel="trained", hear_sound="sweep", kw=4)], ids=repr)
def test_the_kernel_learned_on_the_page_is_the_cores(params):
    """Every number of its sentences is the core's; and it does learn: its loss falls."""
    at = open_page("hear", **params)
    assert not at.exception
    e = expected(at, params.get("hear_sound", "tone"), 4000, "trained")
    assert e["learned"].loss < e["learned"].losses[0]
    check_learned(at, e, params.get("d", 1))
