"""A visitor's WAV file, read in memory into one line of samples. No Streamlit here.

``read_wav(data)`` parses the bytes of an upload (never a file on disk, never by its name) and returns a
``Recording``: its first ``CLIP_SECONDS`` as one channel of floats (full scale ±1), its rate, and the notes to
show about what was done to it. ``at_rate(recording, rate)`` converts it to the page's rate
(``core.resample``), with a note when the rates differ. Anything it cannot use raises ``SoundProblem``, whose
message is one sentence for the visitor (``assets/lesson/hear.md``, sections ``wav-*``).

Decisions, each stated to the visitor in a note or a sentence:

- at most ``MAX_BYTES`` (Streamlit's own upload limit, ``.streamlit/config.toml``);
- accepted: RIFF WAVE files of PCM samples (8-bit unsigned, 16-, 24- or 32-bit signed) or IEEE floats (32 or
  64 bits), plain or ``WAVE_FORMAT_EXTENSIBLE`` with one of those inside; mono, or stereo mixed into one
  channel (the mean of the two); anything compressed is refused;
- sampled at ``core.sounds.RATES`` (1,000 to 192,000 Hz), as the page's sounds may be;
- a header is believed only as far as the bytes go: a part announced longer than the file is damage, not a
  promise; only the first ``CLIP_SECONDS`` of samples are ever turned into numbers;
- at least ``MIN_SECONDS`` (a spectrogram's window); silence, and samples that are not numbers, are refused;
- faded in and out over ``core.sounds.FADE`` (10 ms), as the page's own sounds are: a clip cut at one second
  would otherwise end with a click, heard and seen in every spectrum.

Python's ``wave`` module would read the PCM files but (before Python 3.12) neither floats nor
``WAVE_FORMAT_EXTENSIBLE``, the form most 24-bit files take, hence the few lines of RIFF here.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

import numpy as np

import core
from core.sounds import FADE, RATES, faded
from ui.text import text

PAGE = "hear"
MAX_BYTES = 10 * 2**20  # the uploader's limit (server.maxUploadSize, in MB)
CLIP_SECONDS = 1.0  # the page's sounds last one second: an upload keeps its first
MIN_SECONDS = 0.1
LEFT_DB = -60.0  # a conversion that leaves less than this of a sound's power leaves only its noise
PCM, FLOAT, EXTENSIBLE = 1, 3, 0xFFFE
WIDTHS = {PCM: (8, 16, 24, 32), FLOAT: (32, 64)}  # bits per sample, by format
GUID_TAIL = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"  # KSDATAFORMAT_SUBTYPE_*'s last 14 bytes


class SoundProblem(ValueError):
    """An upload the page cannot use; the message is a sentence for the visitor."""


@dataclass(frozen=True)
class Recording:
    samples: np.ndarray  # (L,) float, one channel, full scale ±1, at most CLIP_SECONDS
    rate: int  # samples per second
    notes: list[str] = field(default_factory=list)  # what was done to the file, one sentence each


@dataclass(frozen=True)
class Format:
    code: int  # PCM or FLOAT
    channels: int
    rate: int
    bits: int


def said(section: str, **facts) -> str:
    """A sentence of the lesson text's section ``wav-<section>``, on one line."""
    return " ".join(text(PAGE, f"wav-{section}", **facts).split())


def problem(section: str, **facts) -> SoundProblem:
    return SoundProblem(said(section, **facts))


def _chunks(data: bytes):
    """The RIFF chunks after the 12-byte header: (id, start, size), each checked to lie inside the file."""
    at = 12
    while at + 8 <= len(data):
        name, size = struct.unpack_from("<4sI", data, at)
        if at + 8 + size > len(data):
            if name != b"data":
                raise problem("damaged")
            raise problem("short", claimed=f"{size:,}", held=f"{len(data) - at - 8:,}")
        yield name, at + 8, size
        at += 8 + size + size % 2


def _format(data: bytes, start: int, size: int) -> Format:
    if size < 16:
        raise problem("damaged")
    code, channels, rate, _, align, bits = struct.unpack_from("<HHIIHH", data, start)
    if code == EXTENSIBLE and size >= 40 and data[start + 26:start + 40] == GUID_TAIL:
        code = struct.unpack_from("<H", data, start + 24)[0]
    if bits not in WIDTHS.get(code, ()):
        raise problem("format", code=f"{code:#06x}", bits=bits)
    if not 1 <= channels <= 2:
        raise problem("channels", channels=channels)
    if not RATES[0] <= rate <= RATES[1]:
        raise problem("bad-rate", rate=f"{rate:,}", low=f"{RATES[0]:,}", high=f"{RATES[1]:,}")
    if align != channels * bits // 8:
        raise problem("damaged")
    return Format(code, channels, rate, bits)


def _parts(data: bytes) -> tuple[Format, memoryview]:
    """The file's format and the bytes of its samples."""
    if len(data) == 0:
        raise problem("empty")
    if len(data) > MAX_BYTES:
        raise problem("heavy", mb=f"{len(data) / 2**20:.1f}", most=MAX_BYTES // 2**20)
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise problem("not-wav")
    fmt = None
    for name, start, size in _chunks(data):
        if name == b"fmt ":
            fmt = _format(data, start, size)
        elif name == b"data":
            if fmt is None:
                raise problem("damaged")
            return fmt, memoryview(data)[start:start + size]
    raise problem("damaged")


def _decoded(fmt: Format, raw: memoryview) -> np.ndarray:
    """Samples as floats of full scale ±1, (frames, channels)."""
    width = fmt.bits // 8
    if fmt.code == FLOAT:
        values = np.frombuffer(raw, dtype=f"<f{width}").astype(float)
    elif fmt.bits == 8:
        values = (np.frombuffer(raw, dtype=np.uint8).astype(float) - 128) / 128
    elif fmt.bits == 24:  # three bytes, little-endian, signed: put them at the top of an int32
        padded = np.zeros((len(raw) // 3, 4), np.uint8)
        padded[:, 1:] = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3)
        values = padded.view("<i4").ravel().astype(float) / 2**31
    else:
        values = np.frombuffer(raw, dtype=f"<i{width}").astype(float) / 2 ** (fmt.bits - 1)
    return values.reshape(-1, fmt.channels)


def read_wav(data: bytes) -> Recording:
    """The first ``CLIP_SECONDS`` of a WAV file, as one channel; ``SoundProblem`` if the page cannot use it."""
    fmt, raw = _parts(bytes(data))
    frame = fmt.channels * fmt.bits // 8
    frames = len(raw) // frame
    seconds = frames / fmt.rate
    if frames == 0:
        raise problem("no-samples")
    if seconds < MIN_SECONDS:
        raise problem("brief", seconds=f"{seconds:.3f}", least=MIN_SECONDS)
    kept = min(frames, round(CLIP_SECONDS * fmt.rate))
    values = _decoded(fmt, raw[:kept * frame])
    if not np.isfinite(values).all():
        raise problem("not-numbers")
    mono = values.mean(axis=1)
    if not np.any(mono):
        raise problem("silent-mixed" if np.any(values) else "silent")
    notes = [said("mixed")] if fmt.channels == 2 else []
    if kept < frames:
        notes.append(said("cut", seconds=f"{seconds:,.2f}", clip=f"{CLIP_SECONDS:g}"))
    notes.append(said("faded", ms=f"{FADE * 1000:g}"))
    return Recording(faded(mono, fmt.rate, FADE), fmt.rate, notes)


def at_rate(recording: Recording, rate: int) -> tuple[np.ndarray, str | None]:
    """The recording at the page's ``rate``, and a note saying so when its own rate differs."""
    if recording.rate == rate:
        return recording.samples, None
    samples = core.resample(recording.samples, recording.rate, rate)
    left = 10 * np.log10(max(np.mean(samples**2), 1e-300) / np.mean(recording.samples**2))
    if left < LEFT_DB:
        raise problem("above", half=f"{rate / 2:,.0f}", rate=f"{rate:,}", db=f"{-left:.0f}")
    return samples, said("rate", own=f"{recording.rate:,}", rate=f"{rate:,}", half=f"{rate / 2:,.0f}")
