"""A slide of the 1-D page's spectra and spectrograms: 1920x1080, titled with the page and the figure."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

import core
from ui.exports import slides
from ui.figures.sound import spectrogram_figure, spectrum_figure


def test_a_slide_of_a_spectrum_and_of_a_spectrogram():
    x = core.tone(440.0, 4000)
    sp = core.spectrum(core.zero_stuffed(x, 2), 8000)
    spectrum = spectrum_figure(sp.hz, sp.magnitude, "After zero insertion: the sound and its images",
                               marks=((4000.0, "images' centre, 4,000 Hz"),))
    times, hz = np.linspace(0, 1, 20), np.linspace(0, 4000, 33)
    level = np.full((33, 20), -100.0)
    level[4] = 0.0
    gram = spectrogram_figure(times, hz, level, "Transposed convolution: spectrogram at 8,000 Hz")
    for figure in (spectrum, gram):
        assert slides.problem(figure) is None
        png = slides.slide(figure, slides.SlideOptions("9. Hear the checkerboard", "tone 440 Hz, stride 2"))
        with Image.open(io.BytesIO(png)) as im:
            assert im.size == (1920, 1080)
            assert im.info["Title"] == f"9. Hear the checkerboard: {slides.name(figure)}"
            assert len(set(np.asarray(im.convert("L")).ravel().tolist())) > 10, "the slide draws the figure"


def test_a_spectrums_slide_draws_its_image_lines_and_their_words():
    """The page marks the image frequencies with dashed lines in its own colour; the slide draws them too, at the
    same place on the same axes (the page's range), so the slide says what the page says."""
    x = core.tone(440.0, 4000)
    sp = core.spectrum(core.zero_stuffed(x, 2), 8000)
    plain = spectrum_figure(sp.hz, sp.magnitude, "Spectrum", top_hz=4000.0)
    marked = spectrum_figure(sp.hz, sp.magnitude, "Spectrum", marks=((2000.0, "images' centre, 2,000 Hz"),),
                             top_hz=4000.0)
    options = slides.SlideOptions("9. Hear the checkerboard", "tone 440 Hz, stride 2")

    def mark_pixels(figure) -> np.ndarray:
        with Image.open(io.BytesIO(slides.slide(figure, options))) as im:
            rgb = np.asarray(im.convert("RGB")).astype(int)
        return np.all(np.abs(rgb - np.array([0xb2, 0x18, 0x2b])) < 40, axis=-1)

    assert not mark_pixels(plain).any()
    columns = np.flatnonzero(mark_pixels(marked).sum(axis=0) > 100)  # a line down the plot, and its words
    assert columns.size, "the slide draws no image line"
    # Half way along an axis from 0 to 4,000 Hz: the line is near the middle of the plot's width.
    assert 0.4 < np.median(columns) / 1920 < 0.65
