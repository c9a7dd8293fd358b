"""Hear the checkerboard: a transposed convolution along a line, in its stamps, in frequency and in sound."""

from typing import NamedTuple

import numpy as np
import streamlit as st

from core.line_training import Learned1d, learn_kernel1d
from ui import sound_words as words
from ui.cache import cached
from ui.figures.grid import Prepared
from ui.show import show
from ui.sounds import builtin, prepared
from ui.state import controls, widgets
from ui.state import sound as upload
from ui.text import text

PAGE = "hear"


class Sound(NamedTuple):
    name: str  # a name of SOUNDS ("upload": the visitor's)
    key: str  # what the caches know it by: its name, or its file's digest
    rate: int
    samples: np.ndarray


@cached
def heard(key: str, rate: int, kernel: np.ndarray, s: int, d: int, _x: np.ndarray) -> prepared.Heard:
    """The sound ``_x`` (named ``key``), its four upsamplings, their image levels, spectra, spectrograms and clips."""
    return prepared.heard(_x, rate, kernel, s, d)


@cached
def learned(key: str, rate: int, k: int, s: int, _x: np.ndarray) -> Learned1d:
    """A kernel of ``k`` taps learned on the sound ``_x`` (named ``key``): seeded, a fixed number of steps."""
    return learn_kernel1d(_x, k, s, steps=prepared.TRAIN_STEPS, seed=prepared.TRAIN_SEED)


stamps_of = cached(prepared.stamps)


def chosen() -> tuple[Sound, str]:
    """The page's own settings: the sound (the visitor's, read beside the uploader), its rate, the kernel's kind."""
    cols = st.columns(3)
    name = widgets.buttons(cols[0], "hear_sound")
    rate = int(widgets.buttons(cols[1], "hear_rate"))
    kind = widgets.buttons(cols[2], "hear_kernel")
    own = upload.uploaded(PAGE, rate) if name == "upload" else None
    if own is not None:
        return Sound(name, own.digest, rate, own.samples), kind
    name = "tone" if name == "upload" else name
    return Sound(name, name, rate, builtin.sound(name, rate)), kind


def kernel_of(cfg, kind: str, sound: Sound, s: int) -> tuple[np.ndarray, str]:
    """The kernel the page hears (the sidebar's first row, a box, or one learned here), and its words."""
    k = cfg.kernel_size[1]
    if kind == "box":
        return np.ones(k), text(PAGE, "kernel-box", k=k)
    if kind == "sidebar":
        kernel = np.asarray(cfg.kernel[0], dtype=float)
        return kernel, text(PAGE, "kernel-sidebar", taps=words.taps(kernel), size=f"{cfg.kernel_size[0]}x{k}")
    got = learned(sound.key, sound.rate, k, s, _x=sound.samples)
    st.markdown(words.learned_said(got, prepared.TRAIN_SEED, s, sound.rate, cfg.dilation))
    return got.kernel, text(PAGE, "kernel-trained", taps=words.taps(got.kernel))


def stamps(kernel: np.ndarray, s: int, d: int, rate: int) -> None:
    st.header("Stamps along a line")
    st.markdown(text(PAGE, "stamps", s=s, n=prepared.STAMPED))
    drawn, figure = stamps_of(kernel, s, d)
    show(Prepared(figure), key=f"{PAGE}_stamps")
    st.markdown(words.counts_said(drawn, kernel, s, d))
    st.markdown(words.phases_said(kernel, s, d, rate))


def spectra(data: prepared.Heard, kernel: np.ndarray, s: int, d: int, rate: int) -> None:
    out = rate * s
    images = prepared.images(rate, s)
    st.header("In frequency")
    st.markdown(text(PAGE, "spectra", z=s - 1, s=s, images=words.hz_list(images)))
    said = dict(rate=words.hz(rate), half=words.hz(rate / 2), out=words.hz(out), out_half=words.hz(out / 2))
    facts = [("spectra-input", {}), ("spectra-zeros", {}),
             ("spectra-kernel", dict(responses=words.response_phrases(kernel, s, d, out))),
             ("spectra-output", dict(levels=words.levels_phrase(data.levels["transposed"])))]
    for n, (col, figure, (section, fact)) in enumerate(zip([*st.columns(2), *st.columns(2)], data.spectra, facts)):
        show(Prepared(figure), col, key=f"{PAGE}_spectrum_{n}")
        col.markdown(text(PAGE, section, **said, **fact))


def clip(way: str, sound: prepared.Clip, caption: str) -> None:
    """One sound: its player and what to listen for, beside its spectrogram."""
    left, right = st.columns([2, 3])
    left.audio(sound.wav, format="audio/wav")
    left.markdown(caption)
    show(Prepared(sound.gram), right, key=f"{PAGE}_gram_{way}")


def listen(data: prepared.Heard, kernel_said: str, rate: int, s: int) -> None:
    st.header("Listen")
    st.markdown(text(PAGE, "listen"))
    clip("input", data.clips["input"], text(PAGE, "way-input", rate=words.hz(rate)))
    for way in prepared.WAYS:
        caption = text(PAGE, f"way-{way}", kernel=kernel_said, s=s, levels=words.levels_phrase(data.levels[way]))
        clip(way, data.clips[way], caption)


cfg = controls.current()
st.title("Hear the checkerboard")
st.markdown(controls.intro(PAGE))
sound, kind = chosen()
rate, s, d = sound.rate, max(cfg.stride[1], 2), 1 if kind == "trained" else cfg.dilation
if cfg.stride[1] < 2:
    st.caption(text(PAGE, "stride-one"))
kernel, kernel_said = kernel_of(cfg, kind, sound, s)
st.markdown(text(PAGE, "setup", kernel=kernel_said, s=s, d=d, rate=words.hz(rate), out=words.hz(rate * s)))
data = heard(sound.key, rate, kernel, s, d, _x=sound.samples)
stamps(kernel, s, d, rate)
spectra(data, kernel, s, d, rate)
st.markdown(words.tones_said(sound.name, rate, s))
listen(data, kernel_said, rate, s)
sizes = {key: f"{data.lengths[way]:,}" for key, way in (("length", "transposed"), ("upsampled", "nearest"))}
st.markdown(text(PAGE, "lengths", n=f"{data.samples:,}", s=s, d=d, k=kernel.size, **sizes))
