"""Uploads of every accepted format, made in memory: ordinary pictures and hostile ones.

A hostile file is small on disk and large in pixels (one colour compresses to almost nothing):
``FILES`` maps a name to its format, its side and a maker ``make(side) -> bytes`` of a square
picture, so the same kind of file can be made at another size (``bench.uploads`` makes each
refused one again at the size the page's sentence suggests). PNGs are written row by row
(``png``), never holding their pixels; the others are encoded by Pillow.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image

COLOUR = (200, 120, 40)
ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
# PNG colour types: (bit depth, colour type, bytes a pixel)
PNG_KINDS = {"RGBA": (8, 6, 4), "RGB": (8, 2, 3), "L": (8, 0, 1), "I;16": (16, 0, 2), "RGBA;16": (16, 6, 8),
             "P": (8, 3, 1)}


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _rows(width: int, height: int, pixel: int, level: int = 6) -> bytes:
    """The zlib stream of ``height`` rows of ``width`` zero pixels (filter byte 0 each)."""
    row, z = bytes(1 + width * pixel), zlib.compressobj(level)
    return b"".join([*(z.compress(row) for _ in range(height)), z.flush()])


def _adam7(side: int, pixel: int) -> bytes:
    """The zlib stream of an interlaced picture of zeros: the seven passes' rows, one after the other."""
    z, out = zlib.compressobj(6), []
    for x0, y0, dx, dy in ADAM7:
        width, height = -(-(side - x0) // dx), -(-(side - y0) // dy)
        if width > 0:
            row = bytes(1 + width * pixel)
            out += [z.compress(row) for _ in range(height)]
    return b"".join([*out, z.flush()])


def png(side: int, kind: str = "RGBA", interlaced: bool = False, frames: int = 1) -> bytes:
    """A PNG of one colour (zeros: black, or transparent), ``side`` x ``side``; ``frames`` > 1 makes an APNG."""
    depth, colour, pixel = PNG_KINDS[kind]
    data = _adam7(side, pixel) if interlaced else _rows(side, side, pixel)
    out = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, depth, colour, 0, 0,
                                                              int(interlaced)))
    if kind == "P":
        out += _chunk(b"PLTE", bytes(range(256)) * 3)
    if frames > 1:
        out += _chunk(b"acTL", struct.pack(">II", frames, 0))
    for n in range(frames):
        if frames > 1:
            out += _chunk(b"fcTL", struct.pack(">IIIIIHHBB", 2 * n, side, side, 0, 0, 1, 10, 0, 0))
        out += _chunk(b"IDAT", data) if n == 0 else _chunk(b"fdAT", struct.pack(">I", 2 * n + 1) + data)
    return out + _chunk(b"IEND", b"")


def bmp_rle8(side: int) -> bytes:
    """A run-length encoded 8-bit BMP of one colour (runs of 255 pixels); Pillow cannot write one."""
    runs = bytes([255, 7]) * (side // 255) + (bytes([side % 255, 7]) if side % 255 else b"")
    rows = (runs + b"\x00\x00") * side + b"\x00\x01"
    palette = b"".join(bytes([i, i, i, 0]) for i in range(256))
    info = struct.pack("<IiiHHIIiiII", 40, side, side, 1, 8, 1, len(rows), 2835, 2835, 256, 0)
    offset = 14 + len(info) + len(palette)
    return b"BM" + struct.pack("<IHHI", offset + len(rows), 0, 0, offset) + info + palette + rows


def encoded(im: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **options)
    return out.getvalue()


def flat(side: int, mode: str = "RGB") -> Image.Image:
    colour = {"RGB": COLOUR, "RGBA": (*COLOUR, 128), "CMYK": (20, 80, 160, 10), "F": 0.5, "I;16": 3000}.get(mode, 100)
    return Image.new(mode, (side, side), colour)


def photo(width: int, height: int) -> Image.Image:
    """A picture with detail everywhere (gradients and a fine texture), like a photograph's."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    base = 127 + 60 * np.sin(x / 37) * np.cos(y / 53) + 40 * np.sin((x + y) / 7)
    rgb = np.stack([base, base[::-1] * 0.8, 255 - base], axis=-1)
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))


def _frames(im: Image.Image, fmt: str, **options) -> bytes:
    return encoded(im, fmt, save_all=True, append_images=[im], **options)


@dataclass(frozen=True)
class Kind:
    """A kind of upload: its format as the page names it, its usual side here, and its maker."""

    format: str
    side: int
    make: Callable[[int], bytes]
    hostile: bool = True  # small on disk, large in pixels


FILES: dict[str, Kind] = {
    "PNG, RGBA, one colour": Kind("PNG", 8192, lambda s: png(s, "RGBA")),
    "PNG, RGB, one colour": Kind("PNG", 8192, lambda s: png(s, "RGB")),
    "PNG, gray, one colour": Kind("PNG", 8000, lambda s: png(s, "L")),
    "PNG, gray 16-bit, one colour": Kind("PNG", 8192, lambda s: png(s, "I;16")),
    "PNG, RGBA 16-bit, one colour": Kind("PNG", 8192, lambda s: png(s, "RGBA;16")),
    "PNG, palette, one colour": Kind("PNG", 8192, lambda s: png(s, "P")),
    "PNG, RGBA interlaced, one colour": Kind("PNG", 8192, lambda s: png(s, "RGBA", interlaced=True)),
    "PNG, photograph": Kind("PNG", 3000, lambda s: encoded(photo(s, s * 2 // 3), "PNG"), False),
    "APNG, RGBA, 2 frames": Kind("PNG", 8192, lambda s: png(s, "RGBA", frames=2)),
    "JPEG, baseline, one colour": Kind("JPEG", 8192, lambda s: encoded(flat(s), "JPEG")),
    "JPEG, progressive 4:2:0": Kind("JPEG", 8192, lambda s: encoded(flat(s), "JPEG", progressive=True)),
    "JPEG, progressive 4:4:4": Kind("JPEG", 8192, lambda s: encoded(flat(s), "JPEG", progressive=True,
                                                                    subsampling=0)),
    "JPEG, CMYK": Kind("JPEG", 8192, lambda s: encoded(flat(s, "CMYK"), "JPEG")),
    "JPEG, photograph": Kind("JPEG", 6000, lambda s: encoded(photo(s, s * 2 // 3), "JPEG", quality=85),
                                       False),
    "GIF, 2 frames": Kind("GIF", 8192, lambda s: _frames(Image.new("P", (s, s), 3), "GIF")),
    "BMP, 1-bit": Kind("BMP", 8192, lambda s: encoded(flat(s, "1"), "BMP")),
    "BMP, 8-bit run-length": Kind("BMP", 8192, bmp_rle8),
    "BMP, 24-bit (the largest under 10 MB)": Kind("BMP", 1800, lambda s: encoded(photo(s, s), "BMP"), False),
    "WebP, lossless, one colour": Kind("WebP", 8000, lambda s: encoded(flat(s), "WEBP", lossless=True)),
    "WebP, lossless RGBA, one colour": Kind("WebP", 8000, lambda s: encoded(flat(s, "RGBA"), "WEBP", lossless=True)),
    "WebP, lossy, one colour": Kind("WebP", 8000, lambda s: encoded(flat(s), "WEBP", quality=80)),
    "WebP, lossy, 2 frames": Kind("WebP", 4000, lambda s: _frames(flat(s), "WEBP", quality=80)),
    "WebP, lossy photograph": Kind("WebP", 2000, lambda s: encoded(photo(s, s * 2 // 3), "WEBP"), False),
    "TIFF, RGBA deflate": Kind("TIFF", 8192, lambda s: encoded(flat(s, "RGBA"), "TIFF", compression="tiff_deflate")),
    "TIFF, RGBA deflate, one strip": Kind("TIFF", 8192, lambda s: encoded(flat(s, "RGBA"), "TIFF",
                                                                          compression="tiff_deflate",
                                                                          strip_size=2**40)),
    "TIFF, RGB JPEG-compressed": Kind("TIFF", 8192, lambda s: encoded(flat(s), "TIFF", compression="jpeg")),
    "TIFF, 2 pages": Kind("TIFF", 8192, lambda s: _frames(flat(s), "TIFF", compression="tiff_deflate")),
    "TIFF, gray 16-bit": Kind("TIFF", 8192, lambda s: encoded(flat(s, "I;16"), "TIFF", compression="tiff_deflate")),
    "TIFF, float": Kind("TIFF", 8192, lambda s: encoded(flat(s, "F"), "TIFF", compression="tiff_deflate")),
}
