"""What opening an uploaded picture takes in memory, known from its header before any pixel is decoded.

A file's size says little: an 8000x8000 WebP of one colour weighs 2.5 kB and takes about 1 GB to
decode. ``cost(im, data, size)`` is the most memory (bytes) decoding ``im`` holds at once: its
pixels as Pillow keeps them (``PIXEL_BYTES``) and what its decoder keeps besides (``_decoder``).
The page refuses a picture whose cost is above ``LIMIT``; ``largest_side`` says how large a square
picture of the same kind it would open. Each figure here was measured (``python -m bench.uploads``,
bench/RESULTS.md), as the peak resident memory a fresh process adds while it decodes the file.

What each decoder keeps besides the picture:

- WebP: Pillow's decoder holds the canvas (4 bytes a pixel) and the previous frame's, hands the
  frame over as bytes and copies those into the picture: 16 bytes a pixel in all, and the canvas
  is taken as the file is opened, so a WebP is judged by its header (``webp_size``) first;
- JPEG: decoded at 1/2, 1/4 or 1/8 scale when that suffices (``Image.draft``), but a progressive
  or multi-scan file first gathers every DCT coefficient of the whole picture (2 bytes each);
- BMP with run-length encoding: Pillow's decoder builds the picture twice as Python bytes first;
- TIFF: one strip (or tile) of the file's own samples, which may be the whole picture;
- PNG, GIF, uncompressed BMP: a few rows.
"""

from __future__ import annotations

import math

from PIL import Image

LIMIT = 128 * 2**20  # bytes: with a few MB of converting, at most +150 MB of resident memory a decode
MB = 2**20
# Bytes a pixel in Pillow's memory, by mode; every other mode (LA, PA, RGB, RGBA, CMYK, I, F...) takes 4.
PIXEL_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16L": 2, "I;16B": 2, "I;16N": 2}
WEBP_BYTES = 16  # a pixel of a WebP, while Pillow decodes it (see above)
COEFFICIENT_BYTES = 2  # libjpeg's JCOEF
RUN_LENGTH_COPIES = 2  # Pillow's BMP run-length decoder: a bytearray and its bytes, before the picture


def pixel_bytes(mode: str) -> int:
    return PIXEL_BYTES.get(mode, 4)


def cost(im: Image.Image, data: bytes, size: tuple[int, int]) -> int:
    """Bytes that decoding ``im`` (opened, drafted if a JPEG, not loaded) holds at once; ``size`` is
    the header's width and height (a drafted JPEG's ``im.size`` is already reduced)."""
    w, h = im.size
    if im.format == "WEBP":
        return w * h * WEBP_BYTES
    return w * h * pixel_bytes(im.mode) + _decoder(im, data, size)


def _decoder(im: Image.Image, data: bytes, size: tuple[int, int]) -> int:
    """What ``im``'s decoder holds besides the picture, in bytes."""
    w, h = size
    codec = im.tile[0][0] if im.tile else ""
    if im.format == "JPEG" and _multiscan(im, data):
        return _coefficients(im, size)
    if codec == "bmp_rle":
        return RUN_LENGTH_COPIES * w * h * pixel_bytes(im.mode)
    if im.format == "TIFF":
        return _strip(im)
    return 0


def _multiscan(im: Image.Image, data: bytes) -> bool:
    """Whether libjpeg keeps the whole picture's coefficients: a progressive file, or one whose
    first scan holds only some of its colour components."""
    if im.info.get("progressive") or im.info.get("progression"):
        return True
    first = first_scan_components(data)  # None: no scan at all, and libjpeg will say the file is damaged
    return first is not None and first < len(getattr(im, "layer", None) or [None])


def first_scan_components(data: bytes) -> int | None:
    """How many colour components a JPEG's first scan holds (its SOS segment), or None if there is none."""
    i = 2  # after SOI
    while i + 4 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xDA:  # start of scan: its length, then the number of components
            return data[i + 4]
        i += 2 + int.from_bytes(data[i + 2:i + 4], "big")
    return None


def _coefficients(im: Image.Image, size: tuple[int, int]) -> int:
    """Bytes of every DCT coefficient of a JPEG at full size: 64 a block of 8x8 pixels of each
    component, at its sampling (a chroma component sampled 2x2 has a quarter of the blocks)."""
    w, h = size
    layers = getattr(im, "layer", None) or [(0, 1, 1, 0)] * 4
    hmax = max(layer[1] for layer in layers) or 1
    vmax = max(layer[2] for layer in layers) or 1
    blocks = sum(math.ceil(w * layer[1] / hmax / 8) * math.ceil(h * layer[2] / vmax / 8) for layer in layers)
    return blocks * 64 * COEFFICIENT_BYTES


def _strip(im: Image.Image) -> int:
    """Bytes of one decoded strip or tile of a TIFF (its samples as stored, at least 4 bytes a pixel)."""
    w, h = im.size
    tags = getattr(im, "tag_v2", {})
    if 322 in tags and 323 in tags:  # TileWidth, TileLength
        width, rows = int(tags[322]), int(tags[323])
    else:
        width, rows = w, min(h, int(tags.get(278, h)))  # RowsPerStrip: the whole picture by default
    bits = tags.get(258, (8,))  # BitsPerSample, one a sample
    per_pixel = sum(bits) if isinstance(bits, tuple) else int(bits) * int(tags.get(277, 1))
    return width * rows * max(4, math.ceil(per_pixel / 8))


def largest_side(need: int, size: tuple[int, int]) -> int:
    """The side of the largest square picture of the same kind whose cost is within ``LIMIT``,
    rounded down to a hundred pixels (the cost grows with the pixels)."""
    per_pixel = need / max(1, size[0] * size[1])
    side = int(math.sqrt(LIMIT / per_pixel))
    return max(100, side // 100 * 100)


def webp_size(data: bytes) -> tuple[int, int] | None:
    """A WebP's width and height from its first chunk (VP8, VP8L or VP8X), without decoding; None
    if the header does not say."""
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        return int.from_bytes(data[26:28], "little") & 0x3FFF, int.from_bytes(data[28:30], "little") & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None
