"""Hear the checkerboard: a transposed convolution along a line, in its stamps, in frequency and in sound."""

import numpy as np
import streamlit as st

import core
from core.training import phase_sums
from ui import sound_words as words
from ui.cache import cached
from ui.figures.grid import Prepared
from ui.settings.registry import SOUNDS
from ui.show import show
from ui.sounds import prepared
from ui.state import controls, widgets
from ui.text import text
from ui.words import listing, number

PAGE = "hear"
CHORD = (262.0, 330.0, 392.0)  # C, E and G, Hz
SWEEP = 100.0  # Hz, the sweep's start; it ends at 0.45 of the rate
TONE = 440.0


def sound(name: str, rate: int) -> np.ndarray:
    """One second of the chosen sound, sampled at ``rate``."""
    if name == "chord":
        return core.chord(CHORD, rate)
    if name == "sweep":
        return core.sweep(SWEEP, 0.45 * rate, rate)
    return core.tone(TONE, rate)


@cached
def heard(name: str, rate: int, kernel: np.ndarray, s: int, d: int) -> prepared.Heard:
    """The sound, its four upsamplings, their image levels, spectra, spectrograms and clips (figures and bytes)."""
    return prepared.heard(sound(name, rate), rate, kernel, s, d)


stamps_of = cached(prepared.stamps)


def chosen(cfg) -> tuple[str, int, np.ndarray, int, str]:
    """The page's own settings and the sidebar's: the sound, its rate, the kernel, the stride, the kernel's words."""
    cols = st.columns(3)
    name = widgets.buttons(cols[0], "hear_sound")
    rate = int(widgets.buttons(cols[1], "hear_rate"))
    box = widgets.buttons(cols[2], "hear_kernel") == "box"
    k = cfg.kernel_size[1]
    kernel = np.ones(k) if box else np.asarray(cfg.kernel[0], dtype=float)
    said = text(PAGE, "kernel-box", k=k) if box else text(
        PAGE, "kernel-sidebar", taps=f"[{', '.join(number(v) for v in kernel)}]", size=f"{cfg.kernel_size[0]}x{k}")
    return name, rate, kernel, max(cfg.stride[1], 2), said


def stamps(kernel: np.ndarray, s: int, d: int, rate: int) -> None:
    st.header("Stamps along a line")
    st.markdown(text(PAGE, "stamps", s=s, n=prepared.STAMPED))
    drawn, figure = stamps_of(kernel, s, d)
    show(Prepared(figure), key=f"{PAGE}_stamps")
    period = core.interior_period(kernel.size, s, d)
    st.markdown(text(PAGE, "stamps-counts", length=drawn.counts.size, counts=", ".join(map(str, drawn.counts)),
                     period=listing([str(c) for c in period]),
                     evenness=text(PAGE, "even" if len(set(period)) == 1 else "uneven", k=kernel.size, s=s)))
    phases = phase_sums(kernel[None, :], (1, s), (1, d))[0]
    flat = np.allclose(phases, phases[0], rtol=1e-9, atol=1e-12 * max(float(np.abs(kernel).max()), 1e-300))
    st.markdown(text(PAGE, "stamps-phases", phases=listing([number(v) for v in phases]), s=s,
                     verdict=text(PAGE, "flat" if flat else "checkered", s=s,
                                  hz=words.hz_list([k * rate for k in range(1, s // 2 + 1)]))))


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


def tones(name: str, rate: int, s: int) -> None:
    images = words.hz_list([k * rate for k in range(1, s // 2 + 1)])
    if name == "sweep":
        st.markdown(text(PAGE, "tones-sweep", start=words.hz(SWEEP), stop=words.hz(0.45 * rate), images=images))
        return
    played = CHORD if name == "chord" else (TONE,)
    st.markdown(text(PAGE, "tones", what=SOUNDS[name].split(" (")[0].lower(), images=images,
                     tones=words.hz_list(core.image_tones(played, rate, s))))


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
st.markdown(text(PAGE, "intro"))
name, rate, kernel, s, kernel_said = chosen(cfg)
if cfg.stride[1] < 2:
    st.caption(text(PAGE, "stride-one"))
d = cfg.dilation
st.markdown(text(PAGE, "setup", kernel=kernel_said, s=s, d=d, rate=words.hz(rate), out=words.hz(rate * s)))
data = heard(name, rate, kernel, s, d)
stamps(kernel, s, d, rate)
spectra(data, kernel, s, d, rate)
tones(name, rate, s)
listen(data, kernel_said, rate, s)
sizes = {key: f"{data.lengths[way]:,}" for key, way in (("length", "transposed"), ("upsampled", "nearest"))}
st.markdown(text(PAGE, "lengths", n=f"{data.samples:,}", s=s, d=d, k=kernel.size, **sizes))
