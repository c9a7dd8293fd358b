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
