"""A decoded picture's central square, in gray and reduced by whole blocks, a band of rows at a time.

``reduced(im, side)`` never copies the whole picture: it crops ``BAND_PIXELS`` pixels at a time
from the central square, makes them gray (``plain``), averages them by blocks of ``factor`` x
``factor`` pixels, and pastes the result into a picture of ``side`` to ``2 * side`` pixels a side.
Converting the whole picture first would take as much memory again as the decoded picture (more
for colour with transparency, which Pillow converts twice: to gray and alpha, then premultiplied);
bands take a few MB whatever its size. Reducing each band of ``factor``'s rows is the same as
reducing the whole (Pillow's ``reduce`` averages each block on its own), and the reduction is
the one ``Image.resize(..., reducing_gap=2.0)`` makes before resampling.
"""

from __future__ import annotations

import math

from PIL import Image

BAND_PIXELS = 2**19  # a band's copies (crop, gray, premultiplied) take a few MB
ALPHA = {"LA", "La", "RGBA", "RGBa", "PA"}


class UnreadableMode(ValueError):
    """A pixel format Pillow cannot turn into gray."""


def plain(im: Image.Image) -> Image.Image:
    """``im`` as gray (L, I or F), or gray and alpha (LA) if it has any transparency."""
    mode = im.mode
    if mode in ("L", "I", "F"):
        return im
    if mode.startswith("I;16"):
        return im.convert("I")  # the same levels; Pillow reduces I, not I;16
    if mode in ALPHA or im.has_transparency_data:
        return im.convert("LA")  # P, L, RGB and 1 with a transparent colour too
    if mode == "LAB":
        return im.getchannel("L")  # lightness
    try:
        return im.convert("L")  # 1, P, RGB, CMYK, YCbCr, HSV
    except ValueError as exc:
        raise UnreadableMode(mode) from exc


def factor(cut: int, side: int) -> int:
    """The whole-block reduction of a ``cut`` x ``cut`` square on its way to ``side``: as Pillow's
    ``resize(reducing_gap=2.0)``, at least twice ``side`` remain."""
    return max(1, cut // (2 * side))


def reduced(im: Image.Image, side: int) -> tuple[Image.Image, bool]:
    """The central square of ``im`` (loaded), gray as ``plain`` makes it and reduced by whole blocks
    (``factor``): a picture of ``ceil(cut / factor)`` pixels a side, ``cut`` the shorter side of
    ``im``; and whether any of that square is see-through."""
    w, h = im.size
    cut = min(w, h)
    left, top = (w - cut) // 2, (h - cut) // 2
    k = factor(cut, side)
    rows = k * max(1, BAND_PIXELS // (cut * k))  # whole blocks in every band
    out, transparent = None, False
    for y in range(0, cut, rows):
        band = plain(im.crop((left, top + y, left + cut, top + min(y + rows, cut))))
        if band.mode == "LA":
            transparent = transparent or band.getextrema()[1][0] < 255
        small = band.reduce(k) if k > 1 else band
        if out is None:
            out = Image.new(small.mode, (math.ceil(cut / k),) * 2)
        out.paste(small, (0, y // k))
    return out, transparent
