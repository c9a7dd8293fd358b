"""A visitor's uploaded picture, read into a small grayscale array. No Streamlit here.

``read_image(data)`` decodes the bytes of an upload in memory (never on disk, never by the
file's name) and returns a ``Picture``: the brightness as a ``SIDE`` x ``SIDE`` float array in
[0, 1], like the page's sample, and the notes to show about what was done to it (cropped to a
square, reduced, made upright, transparency put on white, first frame of an animation...).
Anything it cannot use raises ``UploadProblem``, whose message is one sentence for the visitor.

Decisions, each stated to the visitor in a note or a sentence:

- accepted formats: PNG (APNG included), JPEG, GIF, BMP, WebP and TIFF; Pillow's other readers
  (some of which run external programs) are never tried;
- at most ``MAX_PIXELS`` (64 megapixels, 8192x8192), and at most ``opening.LIMIT`` bytes of memory
  to decode (``ui.pictures.opening``: 128 MB, whatever the file weighs: a WebP of one colour
  weighs a few kB at 8000x8000 and would take 1 GB); both are checked from the header before any
  pixel is decoded (a WebP's before it is even opened); JPEGs are decoded at a reduced scale
  when that suffices;
- at least ``MIN_SIDE`` pixels on each side: smaller images are refused (an upsampling of a
  few pixels shows nothing); images between ``MIN_SIDE`` and ``SIDE`` are enlarged;
- not square: the central square is kept;
- transparency is placed on white; colours become brightness (ITU-R 601 luma, like the
  sample's ``convert("L")``); 16-bit levels are divided by 65535; float images outside
  [0, 1] are stretched to black..white;
- animations and multi-page files: the first frame.

The decoded picture is turned gray and reduced a band of rows at a time (``ui.pictures.shrink``),
so a decode never takes much more than ``opening.LIMIT`` (bench/RESULTS.md: at most +150 MB of
resident memory, every accepted format), and its memory is handed back to the system afterwards.
One upload is decoded at a time (a lock): two big ones at once would take twice that, and
Pillow's warnings are silenced during the decode, which is only safe when no other decode
changes the warning filters at the same time.
"""

from __future__ import annotations

import io
import math
import threading
import warnings
from dataclasses import dataclass, field

import numpy as np
from PIL import ExifTags, Image, UnidentifiedImageError

from ui.pictures import heap, opening, shrink

SIDE = 64  # the page shows pictures at 64x64, like its sample
MIN_SIDE = 8
MAX_PIXELS = 8192 * 8192  # 64 megapixels
FORMATS = ("PNG", "JPEG", "GIF", "BMP", "WEBP", "TIFF")  # Pillow's names of the accepted readers
ACCEPTED = "PNG, JPEG, GIF, BMP, WebP or TIFF"
EXTENSIONS = ("png", "jpg", "jpeg", "gif", "bmp", "webp", "tif", "tiff")
# The first bytes of each accepted format: a file that starts like one but cannot be opened is damaged.
SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF87a": "GIF", b"GIF89a": "GIF",
              b"BM": "BMP", b"II*\x00": "TIFF", b"MM\x00*": "TIFF"}
# EXIF orientation -> the transpose that makes the picture upright (as ImageOps.exif_transpose).
UPRIGHT = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
           5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
           8: Image.Transpose.ROTATE_90}
SWAPS = {Image.Transpose.TRANSPOSE, Image.Transpose.TRANSVERSE, Image.Transpose.ROTATE_90,
         Image.Transpose.ROTATE_270}
COLOUR = {"RGB", "RGBA", "RGBa", "P", "PA", "CMYK", "YCbCr", "LAB", "HSV"}
NAMES = {"WEBP": "WebP"}  # a format as the visitor knows it, where Pillow's name differs

_ONE_AT_A_TIME = threading.Lock()


class UploadProblem(ValueError):
    """An upload the page cannot use; the message is a sentence for the visitor."""


@dataclass(frozen=True)
class Picture:
    pixels: np.ndarray  # (SIDE, SIDE) float, brightness in [0, 1]
    notes: list[str] = field(default_factory=list)  # what was done to the upload, one sentence each
    size: tuple[int, int] = (0, 0)  # the upload's width and height, upright


def not_an_image(empty: bool = False) -> UploadProblem:
    start = "This file is empty" if empty else "This file is not an image the page can read"
    return UploadProblem(f"{start}: upload a {ACCEPTED} picture.")


def damaged(kind: str | None) -> UploadProblem:
    what = f"This {kind} file" if kind else "This file"
    return UploadProblem(f"{what} is damaged or incomplete (perhaps cut short while downloading or copying), "
                         "so it cannot be shown: save or download it again, or try another picture.")


def too_large(size: tuple[int, int] | None) -> UploadProblem:
    limit = f"the page opens pictures of at most {MAX_PIXELS // 2**20} megapixels, such as 8000x8000"
    if size is None:
        return UploadProblem(f"This image is far too large to open: {limit}. Upload a smaller version.")
    w, h = size
    return UploadProblem(f"This image is {w}x{h} pixels ({w * h / 1e6:.0f} megapixels), too large to open: "
                         f"{limit}. Upload a smaller version.")


def too_costly(kind: str, size: tuple[int, int], need: int) -> UploadProblem:
    w, h = size
    side = opening.largest_side(need, size)
    return UploadProblem(f"This {w}x{h} {kind} picture would take {math.ceil(need / opening.MB)} MB of memory to open: "
                         f"the page opens pictures that take at most {opening.LIMIT // opening.MB} MB, such as "
                         f"this one at {side}x{side} pixels. Upload a smaller version.")


def too_small(size: tuple[int, int]) -> UploadProblem:
    w, h = size
    return UploadProblem(f"This image is only {w}x{h} pixels, too small to show an upsampling: the page needs "
                         f"at least {MIN_SIDE} pixels on each side (it shows pictures at {SIDE}x{SIDE}). "
                         "Upload a larger image.")


def signature(data: bytes) -> str | None:
    """The accepted format the bytes start like, if any."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    return next((kind for start, kind in SIGNATURES.items() if data.startswith(start)), None)


def read_image(data: bytes, side: int = SIDE) -> Picture:
    """The brightness of an uploaded image, as a ``side`` x ``side`` array in [0, 1], with notes.

    Raises UploadProblem (a sentence for the visitor) for anything else than a readable
    picture of an accepted format and size.
    """
    if not data:
        raise not_an_image(empty=True)
    with _ONE_AT_A_TIME, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow warns about odd files; the notes say what matters
        try:
            _before_opening(data)
            with Image.open(io.BytesIO(data), formats=FORMATS) as im:
                return _read(im, data, side)
        except UploadProblem:
            raise
        except Image.DecompressionBombError:
            raise too_large(None) from None
        except UnidentifiedImageError:
            kind = signature(data)
            raise (damaged(kind) if kind else not_an_image()) from None
        except MemoryError:
            raise UploadProblem("There was not enough memory to open this image: upload a smaller version.") from None
        except Exception:  # any decoder failure on a file that claims to be an image
            raise damaged(signature(data)) from None
        finally:
            heap.give_back()  # the decode's buffers, freed, would stay resident


def _before_opening(data: bytes) -> None:
    """Refuse a WebP too large to decode from its header: its decoder takes its memory as it opens."""
    if signature(data) != "WebP":
        return
    size = opening.webp_size(data)
    if size is None:
        raise damaged("WebP")
    _check_size(size)
    need = size[0] * size[1] * opening.WEBP_BYTES
    if need > opening.LIMIT:
        raise too_costly("WebP", size, need)


def _check_size(size: tuple[int, int]) -> None:
    width, height = size
    if width * height > MAX_PIXELS:
        raise too_large(size)
    if min(width, height) < MIN_SIDE:
        raise too_small(size)


def _read(im: Image.Image, data: bytes, side: int) -> Picture:
    notes = []
    if getattr(im, "is_animated", False) and im.format != "MPO":  # MPO: a camera's photo and its preview
        im.seek(0)
        notes.append("It has several frames (an animation, or pages): the page uses the first one.")
    # The size in the header, checked before any pixel is decoded.
    width, height = im.size
    _check_size(im.size)
    colour = _coloured(im)
    # A JPEG can be decoded at 1/2, 1/4 or 1/8 scale, and its gray alone: enough when `side` pixels remain.
    im.draft("L" if im.mode == "RGB" else None, (side, side))  # other formats ignore this
    need = opening.cost(im, data, (width, height))
    if need > opening.LIMIT:
        raise too_costly(NAMES.get(im.format, im.format), (width, height), need)
    im.load()
    turn = UPRIGHT.get(_orientation(im))
    shown = (height, width) if turn in SWAPS else (width, height)
    low, high = _range(im)  # of the whole image, not the reduced one
    try:
        gray, transparent = shrink.reduced(im, side)
    except shrink.UnreadableMode:
        raise UploadProblem(f"This image's pixel format ({im.mode}) is not one the page can read: save it as an "
                            "ordinary PNG or JPEG and upload it again.") from None
    im.close()  # frees the decoded pixels
    small = _resize(gray, side)
    if turn is not None:  # the central square turns with the picture, so turning last is the same
        small = small.transpose(turn)
    pixels, stretched = _brightness(small, low, high)
    notes += _notes(shown, side, turned=turn is not None, transparent=transparent, colour=colour, stretched=stretched)
    return Picture(pixels=pixels, notes=notes, size=shown)


def _resize(square: Image.Image, side: int) -> Image.Image:
    """A square picture at ``side`` x ``side``."""
    cut = square.size[0]
    if cut > side:
        return square.resize((side, side), Image.Resampling.LANCZOS)
    if cut < side:
        return square.resize((side, side), Image.Resampling.BICUBIC)
    return square




def _notes(shown: tuple[int, int], side: int, *, turned: bool, transparent: bool, colour: bool,
           stretched: tuple[float, float] | None) -> list[str]:
    """What was done to a picture on its way to the page, one sentence each."""
    notes = []
    if turned:
        notes.append("It was turned upright, as its EXIF orientation says.")
    short = min(shown)
    changes = []
    if shown[0] != shown[1]:
        changes.append(f"cropped to its central {short}x{short} square")
    if short != side:
        changes.append(f"{'reduced' if short > side else 'enlarged'} to {side}x{side} pixels")
    if changes:
        notes.append(f"Your {shown[0]}x{shown[1]} image was {', then '.join(changes)} (the page shows "
                     f"pictures at {side}x{side}, like its sample).")
    if transparent:
        notes.append("Its transparent parts were placed on a white background.")
    if colour:
        notes.append("The page works in gray: it keeps the brightness of your colours.")
    if stretched:
        notes.append(f"Its values, from {stretched[0]:.4g} to {stretched[1]:.4g}, were stretched to "
                     "black..white.")
    return notes


def _coloured(im: Image.Image) -> bool:
    if im.mode in ("P", "PA"):  # a palette of grays is not colour
        rgb = np.asarray(im.getpalette("RGB") or [], dtype=int).reshape(-1, 3)
        return bool((rgb != rgb[:, :1]).any())
    return im.mode in COLOUR


def _orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # unreadable EXIF: keep the picture as stored
        return 1
    return value if isinstance(value, int) else 1


def _range(im: Image.Image) -> tuple[float, float]:
    """The lowest and highest value of an I, I;16 or F image (NaN when there is none); 0 and 255 for
    the others, whose levels are bytes."""
    if im.mode not in ("I", "F") and not im.mode.startswith("I;16"):
        return 0.0, 255.0
    low, high = im.getextrema()
    return float(low), float(high)


def _brightness(small: Image.Image, low: float, high: float) -> tuple[np.ndarray, tuple[float, float] | None]:
    """Brightness in [0, 1] of a reduced image, and the range stretched to black..white if any."""
    a = np.asarray(small, dtype=np.float64)
    if small.mode == "L":
        return np.clip(a / 255, 0, 1), None
    if small.mode == "LA":
        gray, alpha = a[..., 0] / 255, a[..., 1] / 255
        return np.clip(gray * alpha + (1 - alpha), 0, 1), None  # on white
    # 16-bit levels (I;16, or I from 16-bit files) over 65535; floats are expected in [0, 1].
    top = 1.0 if small.mode == "F" else 65535.0
    if not (np.isfinite(low) and np.isfinite(high)):
        finite = a[np.isfinite(a)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, top)
    stretched = None
    if low >= 0 and high <= top:
        gray = a / top
    elif high > low:
        gray = (a - low) / (high - low)
        stretched = (low, high)
    else:  # one value, out of range
        gray = np.full_like(a, 1.0 if low > top else 0.0)
    return np.clip(np.nan_to_num(gray, nan=0.0, posinf=1.0, neginf=0.0), 0, 1), stretched
