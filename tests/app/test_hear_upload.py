"""A visitor's WAV file on the page "Hear the checkerboard": ``ui.sounds.upload`` over files made here (PCM by
Python's own ``wave`` writer, floats and WAVE_FORMAT_EXTENSIBLE by hand), every bad file with its one sentence,
random bytes that never raise anything else, then the page with an uploaded clip and with bad ones."""

from __future__ import annotations

import io
import struct
import wave

import numpy as np
import pagetest
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hear import check_clips, check_figures, check_numbers, expected

import core
from core.sounds import faded
from ui.sounds.upload import (
    CLIP_SECONDS,
    EXTENSIBLE,
    FLOAT,
    GUID_TAIL,
    MAX_BYTES,
    PCM,
    Recording,
    SoundProblem,
    at_rate,
    read_wav,
)

pytestmark = pytest.mark.filterwarnings("ignore")

FULL = {8: 128, 16: 2**15, 24: 2**23, 32: 2**31}


def pcm(values: np.ndarray, rate: int, bits: int) -> bytes:
    """``values`` (frames, channels) of full scale ±1 as a PCM WAV file, written by Python's ``wave``."""
    ints = np.clip(np.round(values * FULL[bits]), -FULL[bits], FULL[bits] - 1).astype(np.int64)
    if bits == 8:
        raw = (ints + 128).astype(np.uint8).tobytes()
    else:
        raw = b"".join(int(v).to_bytes(bits // 8, "little", signed=True) for v in ints.ravel())
    out = io.BytesIO()
    with wave.open(out, "wb") as f:
        f.setnchannels(values.shape[1])
        f.setsampwidth(bits // 8)
        f.setframerate(rate)
        f.writeframes(raw)
    return out.getvalue()


def riff(fmt: bytes, data: bytes, extra: bytes = b"") -> bytes:
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt + extra + b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks


def floats(values: np.ndarray, rate: int, bits: int = 32, extensible: bool = False) -> bytes:
    ch = values.shape[1]
    block = ch * bits // 8
    if extensible:
        fmt = struct.pack("<HHIIHHHHI", EXTENSIBLE, ch, rate, rate * block, block, bits, 22, bits, 0)
        fmt += struct.pack("<H", FLOAT) + GUID_TAIL
    else:
        fmt = struct.pack("<HHIIHH", FLOAT, ch, rate, rate * block, block, bits)
    return riff(fmt, values.astype(f"<f{bits // 8}").tobytes())


def tone(rate: int, seconds: float = 0.5, channels: int = 1) -> np.ndarray:
    t = np.arange(round(rate * seconds)) / rate
    one = 0.5 * np.sin(2 * np.pi * 440 * t)
    return np.stack([one * (c + 1) / channels for c in range(channels)], axis=1)


def heard(values: np.ndarray, rate: int) -> np.ndarray:
    """What the page keeps of samples (frames, channels): the channels' mean, faded in and out over 10 ms."""
    return faded(values.mean(axis=1), rate, 0.01)


def problem(data: bytes) -> str:
    with pytest.raises(SoundProblem) as info:
        read_wav(data)
    sentence = str(info.value)
    assert sentence.endswith(".") and "\n" not in sentence and "{" not in sentence and "Traceback" not in sentence
    return sentence


@pytest.mark.parametrize("bits", [8, 16, 24, 32])
@pytest.mark.parametrize("channels", [1, 2])
def test_pcm_of_every_width_mono_or_stereo(bits, channels):
    values = tone(8_000, 0.5, channels)
    read = read_wav(pcm(values, 8_000, bits))
    assert read.rate == 8_000 and read.samples.shape == (4_000,)
    np.testing.assert_allclose(read.samples, heard(values, 8_000), atol=2 / FULL[bits])
    assert ("Its two channels are mixed into one." in read.notes) == (channels == 2)


@pytest.mark.parametrize("bits,extensible", [(32, False), (64, False), (32, True)])
def test_floats_plain_and_extensible(bits, extensible):
    values = tone(4_000, 0.25, 2)
    read = read_wav(floats(values, 4_000, bits, extensible))
    np.testing.assert_allclose(read.samples, heard(values, 4_000), rtol=1e-6, atol=1e-7)


def test_pcm_in_wave_format_extensible_and_chunks_before_the_samples():
    values = tone(8_000, 0.2)
    ints = np.round(values * 2**23).astype(np.int64)
    data = b"".join(int(v).to_bytes(3, "little", signed=True) for v in ints.ravel())
    fmt = struct.pack("<HHIIHHHHI", EXTENSIBLE, 1, 8_000, 24_000, 3, 24, 22, 24, 4) + struct.pack("<H", PCM)
    read = read_wav(riff(fmt + GUID_TAIL, data, extra=b"LIST" + struct.pack("<I", 5) + b"abcde\x00"))
    np.testing.assert_allclose(read.samples, heard(values, 8_000), atol=1e-6)


def test_a_long_clip_keeps_its_first_second_and_says_so():
    values = tone(8_000, 3.25)
    read = read_wav(pcm(values, 8_000, 16))
    assert read.samples.size == CLIP_SECONDS * 8_000
    np.testing.assert_allclose(read.samples, heard(values[:8_000], 8_000), atol=1e-4)
    assert read.notes == ["It lasts 3.25 s: the page keeps its first 1 s, as long as its own sounds.",
                          "Its first and last 10 ms are faded in and out, as the page's own sounds are, so that it "
                          "starts and stops without a click."]


def test_another_rate_is_converted_and_said():
    read = read_wav(pcm(tone(44_100, 1.0), 44_100, 16))
    samples, note = at_rate(read, 4_000)
    assert samples.size == 4_000
    np.testing.assert_allclose(samples, core.resample(read.samples, 44_100, 4_000))
    assert note == ("It was sampled at 44,100 Hz: the page converts it to 4,000 Hz, the rate chosen above, which "
                    "leaves out whatever it held at or above 2,000 Hz.")
    assert at_rate(Recording(read.samples, 4_000), 4_000) == (read.samples, None)


def test_a_sound_wholly_above_half_the_chosen_rate_is_refused_at_that_rate():
    t = np.arange(8_000) / 8_000
    read = read_wav(pcm(0.5 * np.sin(2 * np.pi * 3_000 * t)[:, None], 8_000, 16))
    with pytest.raises(SoundProblem, match=r"At 4,000 Hz next to nothing of this sound is left \((\d+) dB below it\): "
                                           "it lies at or above 2,000 Hz, half the rate chosen above."):
        at_rate(read, 4_000)  # what is left is the 16-bit rounding, 100 dB down
    assert at_rate(read, 8_000)[0] is read.samples


def header(code=PCM, channels=1, rate=8_000, bits=16, align=None) -> bytes:
    align = channels * bits // 8 if align is None else align
    return struct.pack("<HHIIHH", code, channels, rate, (rate * align) % 2**32, align, bits)


GOOD = np.zeros(1600, "<i2")
GOOD[::2] = 1000
BAD = {
    "empty": (b"", "This file is empty"),
    "text": (b"hello, this is not a sound\n" * 20, "This file is not a WAV file"),
    "png": (b"\x89PNG\r\n\x1a\n" + bytes(100), "This file is not a WAV file"),
    "header only": (b"RIFF\x00\x00\x00\x00WAVE", "This WAV file is damaged or incomplete"),
    "truncated samples": (riff(header(), GOOD.tobytes())[:1000], "This WAV file is cut short: its header announces "
                                                                 "3,200 bytes of samples, and the file holds 956."),
    "huge claim": (riff(header(), b"")[:-4] + struct.pack("<I", 2**32 - 1) + GOOD.tobytes(),
                   "its header announces 4,294,967,295 bytes of samples, and the file holds 3,200"),
    "no format": (b"RIFF\x10\x00\x00\x00WAVEdata\x04\x00\x00\x00\x00\x00\x01\x00", "damaged or incomplete"),
    "format cut": (b"RIFF\x10\x00\x00\x00WAVEfmt \x08\x00\x00\x00\x01\x00\x01\x00\x40\x1f\x00\x00",
                   "damaged or incomplete"),
    "compressed": (riff(header(code=2, bits=4), bytes(800)), "format 0x0002, 4 bits"),
    "12 bits": (riff(header(bits=12, align=2), bytes(800)), "format 0x0001, 12 bits"),
    "16-bit float": (riff(header(code=FLOAT, bits=16), bytes(800)), "format 0x0003, 16 bits"),
    "six channels": (riff(header(channels=6), bytes(4800)), "This WAV file has 6 channels"),
    "no channels": (riff(header(channels=0, align=2), bytes(800)), "This WAV file has 0 channels"),
    "rate 0": (riff(header(rate=0), GOOD.tobytes()), "sampled at 0 Hz: the page reads sounds sampled at 1,000"),
    "absurd rate": (riff(header(rate=4_000_000_000), GOOD.tobytes()), "sampled at 4,000,000,000 Hz"),
    "block align": (riff(header(align=7), GOOD.tobytes()), "damaged or incomplete"),
    "no samples": (riff(header(), b""), "This WAV file holds no samples"),
    "too brief": (riff(header(), GOOD[:100].tobytes()), "This WAV file lasts 0.013 s: the page needs at least 0.1 s"),
    "silent": (riff(header(), bytes(3200)), "This WAV file is silent in its first second: there is nothing"),
    "cancelling channels": (pcm(np.concatenate([tone(8_000, 0.2), -tone(8_000, 0.2)], axis=1), 8_000, 16),
                            "silent in its first second once its two channels are mixed into one"),
    "nan": (floats(np.full((800, 1), np.nan), 8_000), "samples that are not numbers (NaN or infinity)"),
    "infinity": (floats(np.r_[np.ones(799), np.inf][:, None], 8_000), "not numbers"),
    "too heavy": (b"RIFF" + bytes(MAX_BYTES), "This file weighs 10.0 MB: the page reads WAV files of up to 10 MB"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_every_bad_file_gets_its_one_sentence(case):
    data, words = BAD[case]
    assert words in problem(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_raise_only_a_sound_problem(data):
    try:
        read_wav(data)
    except SoundProblem:
        pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(code=st.sampled_from([PCM, FLOAT, EXTENSIBLE, 2, 0]), channels=st.integers(0, 3),
       rate=st.integers(0, 2**32 - 1), bits=st.sampled_from([0, 8, 16, 24, 32, 64, 7]), align=st.integers(0, 20),
       claimed=st.integers(0, 2**32 - 1), body=st.binary(max_size=2000), cut=st.integers(0, 60))
def test_random_headers_raise_only_a_sound_problem(code, channels, rate, bits, align, claimed, body, cut):
    fmt = struct.pack("<HHIIHH", code, channels, rate, 0, align, bits)
    data = b"RIFF\x00\x00\x00\x00WAVEfmt \x10\x00\x00\x00" + fmt + b"data" + struct.pack("<I", claimed) + body
    for candidate in (data, data[:len(data) - cut]):
        try:
            read = read_wav(candidate)
        except SoundProblem:
            continue
        assert read.samples.ndim == 1 and np.isfinite(read.samples).all() and np.any(read.samples)
        assert read.samples.size <= CLIP_SECONDS * read.rate


# The page with an uploaded clip: everything it states is the core's, for the visitor's sound at the page's rate.

UPLOAD = "hear_upload"


def upload(at, data: bytes, name: str = "mine.wav"):
    at.file_uploader(key=UPLOAD).set_value((name, data, "audio/wav")).run()
    assert not at.exception, [x.message for x in at.exception]
    return at


def said(at) -> str:
    return " ".join(pagetest.texts(at).split())


@pytest.mark.parametrize("rate", [4_000, 8_000])
def test_the_page_hears_an_uploaded_clip(rate):
    at = pagetest.open_page("hear", hear_sound="upload", hear_rate=str(rate))
    assert at.file_uploader(key=UPLOAD).allowed_type == [".wav"]
    assert "Choose a WAV file below; until then the page plays the tone." in said(at)
    values = tone(44_100, 2.5, channels=2)
    data = pcm(values, 44_100, 16)
    upload(at, data)
    mine, note = at_rate(read_wav(data), rate)
    captions = [c.value for c in at.caption]
    assert captions[-5:] == ["Playing your sound, upsampled four ways. Remove the file (the x next to its name) to "
                             "go back to the page's sounds.", "Its two channels are mixed into one.",
                             "It lasts 2.50 s: the page keeps its first 1 s, as long as its own sounds.",
                             "Its first and last 10 ms are faded in and out, as the page's own sounds are, so that "
                             "it starts and stops without a click.", note]
    assert f"converts it to {rate:,} Hz" in note and not at.warning
    e = expected(at, rate=rate, x=mine)
    check_numbers(at, e)
    check_figures(at, e)
    check_clips(at, e)
    assert f"The images of your sound are its frequencies mirrored about {rate:,} Hz" in said(at)

    at.radio(key="hear_kernel").set_value("trained").run()  # a kernel learned on the visitor's sound
    assert not at.exception
    e = expected(at, rate=rate, kind="trained", x=mine)
    check_numbers(at, e)
    check_clips(at, e)

    at.file_uploader(key=UPLOAD).set_value(None).run()  # removed: the tone again
    assert not at.exception
    check_numbers(at, expected(at, "tone", rate, "trained"))


@pytest.mark.parametrize("case", ["text", "truncated samples", "huge claim", "silent", "nan", "six channels"])
def test_a_bad_upload_gets_one_sentence_beside_the_uploader_and_the_page_plays_the_tone(case):
    data, words = BAD[case]
    at = upload(pagetest.open_page("hear", hear_sound="upload", sw=3, kw=4), data)
    shown = [w.value for w in at.warning]
    assert len(shown) == 1 and words in shown[0] and shown[0].endswith("The page plays the tone instead.")
    assert not at.error and not at.exception
    e = expected(at, "tone")
    check_numbers(at, e)
    check_clips(at, e)
    assert pagetest.config(at).stride[1] == 3  # the sidebar kept its settings


def test_a_sound_the_chosen_rate_cannot_hold_is_said_at_that_rate_and_played_at_the_other():
    t = np.arange(16_000) / 16_000
    data = pcm(0.5 * np.sin(2 * np.pi * 3_000 * t)[:, None], 16_000, 16)
    at = upload(pagetest.open_page("hear", hear_sound="upload"), data)
    assert len(at.warning) == 1 and "At 4,000 Hz next to nothing of this sound is left" in at.warning[0].value
    check_numbers(at, expected(at, "tone"))
    at.radio(key="hear_rate").set_value("8000").run()
    assert not at.warning and not at.exception
    check_numbers(at, expected(at, rate=8_000, x=at_rate(read_wav(data), 8_000)[0]))
