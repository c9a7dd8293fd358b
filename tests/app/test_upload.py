"""Uploads on page 6: ``ui.pictures.upload.read_image`` over generated files, then the page with good and bad uploads.

Every file is made here with Pillow, in memory. A huge image is a constant colour (its PNG is
tiny) or only a header: nothing big is ever decoded except the one 8000x8000 picture.
"""

from __future__ import annotations

import builtins
import io
import struct
import threading
import warnings
import zlib

import numpy as np
import pagetest
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageOps

import core
from ui.pictures.upload import MAX_PIXELS, MIN_SIDE, SIDE, Picture, UploadProblem, read_image

ACCEPTED = "PNG, JPEG, GIF, BMP, WebP or TIFF"
NOT_AN_IMAGE = "This file is not an image the page can read"
DAMAGED = "is damaged or incomplete"


def encode(im: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **options)
    return out.getvalue()


def read(data: bytes) -> Picture:
    """read_image, checking what every picture must be, and that no warning escapes."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        picture = read_image(data)
    assert not caught, [str(w.message) for w in caught]
    assert picture.pixels.shape == (SIDE, SIDE) and picture.pixels.dtype == float
    assert np.isfinite(picture.pixels).all()
    assert picture.pixels.min() >= 0 and picture.pixels.max() <= 1
    return picture


def problem(data: bytes) -> str:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(UploadProblem) as info:
            read_image(data)
    assert not caught, [str(w.message) for w in caught]
    sentence = str(info.value)
    assert sentence.endswith(".") and "Traceback" not in sentence and "\n" not in sentence
    return sentence


def notes(picture: Picture) -> str:
    return " ".join(picture.notes)


def gradient(w: int = SIDE, h: int = SIDE) -> np.ndarray:
    """An 8-bit picture that is different everywhere: rows and columns both vary."""
    y, x = np.mgrid[0:h, 0:w]
    return ((x * 3 + y * 5) % 256).astype(np.uint8)


def png_header(width: int, height: int, colour: int = 0) -> bytes:
    """A PNG that only states its size: a signature, an IHDR chunk and the end, no pixels (8-bit;
    ``colour`` is PNG's colour type: 0 gray, 2 RGB, 6 RGBA)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def webp_header(width: int, height: int) -> bytes:
    """A lossless WebP that only states its size: its VP8L chunk's signature byte and size bits, no pixels."""
    body = b"VP8L" + struct.pack("<I", 5) + b"\x2f" + struct.pack("<I", (width - 1) | (height - 1) << 14)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


# --- not an image -------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    b"Hello, this is a text file saved as picture.png\n" * 20,
    bytes(np.random.default_rng(0).integers(0, 256, 5000, dtype=np.uint8)),
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    b"<svg xmlns='http://www.w3.org/2000/svg' width='64' height='64'></svg>",
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 64 64\n",  # Pillow could read it with Ghostscript: never tried
    b"/etc/passwd",  # bytes that look like a path are not opened as one
], ids=["text", "random-bytes", "pdf", "svg", "eps", "a-path"])
def test_not_an_image_is_named_with_the_accepted_formats(data):
    sentence = problem(data)
    assert sentence.startswith(NOT_AN_IMAGE) and ACCEPTED in sentence


def test_empty_file():
    sentence = problem(b"")
    assert sentence.startswith("This file is empty") and ACCEPTED in sentence


@pytest.mark.parametrize("fmt", ["ICO", "PCX", "TGA", "PPM"])
def test_formats_outside_the_list_are_refused(fmt):
    assert problem(encode(Image.fromarray(gradient(32, 32)), fmt)).startswith(NOT_AN_IMAGE)


# --- damaged ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP"])
@pytest.mark.parametrize("keep", [0.5, 0.9], ids=["half", "most"])
def test_truncated_image_is_damaged(fmt, keep):
    rng = np.random.default_rng(1)  # noise does not compress: every byte matters
    data = encode(Image.fromarray(rng.integers(0, 256, (120, 160, 3), dtype=np.uint8)), fmt)
    sentence = problem(data[:int(len(data) * keep)])
    assert DAMAGED in sentence
    assert sentence.startswith(f"This {'WebP' if fmt == 'WEBP' else fmt} file")


def test_a_png_cut_inside_its_header_is_damaged_not_unknown():
    assert DAMAGED in problem(encode(Image.fromarray(gradient()), "PNG")[:20])


# --- size -------------------------------------------------------------------------------------

def test_8000x8000_is_reduced_to_64x64_with_a_note():
    data = encode(Image.new("L", (8000, 8000), 77), "PNG")
    assert len(data) < 200_000  # built cheaply
    picture = read(data)
    np.testing.assert_allclose(picture.pixels, 77 / 255, atol=1e-9)
    assert picture.size == (8000, 8000)
    assert "Your 8000x8000 image was reduced to 64x64 pixels" in notes(picture)


def test_too_many_pixels_are_refused_from_the_header_before_decoding():
    # No pixel data at all: had it been decoded, the file would be reported as damaged.
    sentence = problem(png_header(9000, 9000))
    assert sentence.startswith("This image is 9000x9000 pixels (81 megapixels), too large to open")
    assert "at most 64 megapixels" in sentence
    assert 9000 * 9000 > MAX_PIXELS >= 8000 * 8000


def test_a_picture_too_costly_to_decode_is_refused_from_its_header():
    # 64 megapixels, but 4 bytes a pixel in memory: no pixel data at all, else it would be "damaged".
    sentence = problem(png_header(8192, 8192, colour=6))
    assert sentence.startswith("This 8192x8192 PNG picture would take 256 MB of memory to open: the page opens "
                               "pictures that take at most 128 MB, such as this one at 5700x5700 pixels.")
    assert sentence.endswith("Upload a smaller version.")
    assert read(encode(Image.new("L", (8000, 8000), 9), "PNG")).size == (8000, 8000)  # gray: 1 byte a pixel


def test_a_webp_is_judged_by_its_header_before_it_is_opened():
    # Pillow's WebP decoder takes its canvas as the file is opened: 16 bytes a pixel while decoding.
    sentence = problem(webp_header(8000, 8000))
    assert sentence.startswith("This 8000x8000 WebP picture would take 977 MB of memory to open")
    assert "such as this one at 2800x2800 pixels" in sentence
    assert problem(webp_header(9000, 9000)).startswith("This image is 9000x9000 pixels (81 megapixels)")


def test_pillows_bomb_warning_does_not_escape():
    assert Image.MAX_IMAGE_PIXELS < 10_000 * 10_000 < 2 * Image.MAX_IMAGE_PIXELS  # Pillow warns, we refuse
    assert problem(png_header(10_000, 10_000)).startswith("This image is 10000x10000 pixels")


def test_decompression_bomb_becomes_a_sentence():
    limit = Image.MAX_IMAGE_PIXELS
    assert 30_000 * 30_000 > 2 * limit  # Pillow raises DecompressionBombError when opening it
    assert problem(png_header(30_000, 30_000)).startswith("This image is far too large to open")
    assert Image.MAX_IMAGE_PIXELS == limit  # Pillow's global is left alone


@pytest.mark.parametrize("size", [(1, 1), (MIN_SIDE - 1, MIN_SIDE - 1), (5000, 4)])
def test_too_small_is_refused(size):
    sentence = problem(encode(Image.new("L", size, 128), "PNG"))
    assert sentence.startswith(f"This image is only {size[0]}x{size[1]} pixels, too small to show an upsampling")
    assert f"at least {MIN_SIDE} pixels on each side" in sentence


def test_smallest_accepted_is_enlarged():
    a = gradient(MIN_SIDE, MIN_SIDE)
    picture = read(encode(Image.fromarray(a), "PNG"))
    assert f"Your {MIN_SIDE}x{MIN_SIDE} image was enlarged to 64x64 pixels" in notes(picture)
    assert picture.pixels[0, 0] < picture.pixels[-1, -1]  # dark corner stays dark, bright stays bright


def test_not_square_keeps_the_central_square():
    a = np.zeros((100, 300), np.uint8)
    a[:, 100:200] = 255  # the middle third is white
    picture = read(encode(Image.fromarray(a), "PNG"))
    assert picture.pixels.min() > 0.99
    assert ("Your 300x100 image was cropped to its central 100x100 square, then reduced to 64x64 pixels"
            in notes(picture))


def test_64x64_gray_png_is_read_exactly_without_notes():
    a = gradient()
    picture = read(encode(Image.fromarray(a), "PNG"))
    np.testing.assert_array_equal(picture.pixels, a / 255)
    assert picture.notes == []


# --- modes ------------------------------------------------------------------------------------

def test_rgba_is_placed_on_white():
    a = np.zeros((SIDE, SIDE, 4), np.uint8)
    a[..., 0] = 255  # red everywhere, but:
    a[:, :16, 3] = 0  # transparent: white, whatever the hidden colour
    a[:, 16:32, 3] = 255  # opaque red: its luma
    a[:, 32:, 3] = 128  # half: between
    picture = read(encode(Image.fromarray(a, "RGBA"), "PNG"))
    p = picture.pixels
    np.testing.assert_allclose(p[:, :16], 1)
    np.testing.assert_allclose(p[:, 16:32], 76 / 255)  # Pillow's luma of pure red (0.299 * 255)
    np.testing.assert_allclose(p[:, 32:], 76 / 255 * 128 / 255 + 127 / 255, atol=2 / 255)
    assert "Its transparent parts were placed on a white background." in picture.notes
    assert "The page works in gray" in notes(picture)


def test_opaque_rgba_has_no_transparency_note():
    picture = read(encode(Image.new("RGBA", (SIDE, SIDE), (10, 20, 30, 255)), "PNG"))
    assert not any("transparent" in n for n in picture.notes)


def test_la_is_placed_on_white():
    la = Image.merge("LA", [Image.new("L", (SIDE, SIDE), 0), Image.fromarray(gradient())])
    picture = read(encode(la, "PNG"))
    np.testing.assert_allclose(picture.pixels, 1 - gradient() / 255, atol=1e-9)  # black, more or less seen
    assert "Its transparent parts were placed on a white background." in picture.notes


@pytest.mark.parametrize("fmt", ["PNG", "GIF"])
def test_palette_with_a_transparent_colour(fmt):
    im = Image.new("P", (SIDE, SIDE), 0)
    im.putpalette([255, 0, 0, 0, 0, 0])  # 0 red (transparent), 1 black
    im.paste(1, (0, 0, 32, SIDE))
    picture = read(encode(im, fmt, transparency=0))
    np.testing.assert_allclose(picture.pixels[:, :32], 0)
    np.testing.assert_allclose(picture.pixels[:, 32:], 1)
    assert "Its transparent parts were placed on a white background." in picture.notes


def test_gray_palette_is_not_called_colour():
    picture = read(encode(Image.fromarray(gradient()).convert("P"), "GIF"))
    assert not any("colours" in n for n in picture.notes)


def test_16_bit_png_keeps_its_levels():
    a = (np.arange(SIDE * SIDE).reshape(SIDE, SIDE) * 16).astype(np.uint16)  # 0 .. 65520
    im = Image.fromarray(a)
    assert im.mode == "I;16"
    picture = read(encode(im, "PNG"))
    np.testing.assert_allclose(picture.pixels, a / 65535, atol=1e-12)  # not clipped to white above 255
    assert 0.49 < picture.pixels.mean() < 0.51 and picture.pixels.max() < 1


def test_16_bit_png_reduced():
    a = np.full((200, 200), 30_000, np.uint16)
    picture = read(encode(Image.fromarray(a), "PNG"))
    np.testing.assert_allclose(picture.pixels, 30_000 / 65535, atol=1e-4)


def test_32_bit_integer_tiff():
    a = (gradient().astype(np.int32) * 257)  # 16-bit levels in an I image
    picture = read(encode(Image.fromarray(a, "I"), "TIFF"))
    np.testing.assert_allclose(picture.pixels, a / 65535, atol=1e-12)
    beyond = read(encode(Image.fromarray(a * 1000, "I"), "TIFF"))
    np.testing.assert_allclose(beyond.pixels, a / a.max(), atol=1e-12)
    assert "were stretched to black..white" in notes(beyond)


def test_one_bit():
    a = (np.indices((SIDE, SIDE)).sum(axis=0) % 2).astype(bool)
    picture = read(encode(Image.fromarray(a), "PNG"))
    np.testing.assert_array_equal(picture.pixels, a.astype(float))


@pytest.mark.parametrize("fmt", ["JPEG", "TIFF"])
def test_cmyk(fmt):
    im = Image.new("CMYK", (SIDE, SIDE), (0, 0, 0, 0))  # no ink: white
    im.paste((0, 0, 0, 255), (0, 0, 32, SIDE))  # full black ink
    picture = read(encode(im, fmt))
    assert picture.pixels[:, :24].max() < 0.05 and picture.pixels[:, 40:].min() > 0.95


def test_float_tiff_in_range_is_kept():
    a = (gradient() / 255).astype(np.float32)
    picture = read(encode(Image.fromarray(a, "F"), "TIFF"))
    np.testing.assert_allclose(picture.pixels, a, atol=1e-7)
    assert picture.notes == []


def test_float_tiff_out_of_range_is_stretched():
    a = np.linspace(-5, 5, SIDE * SIDE, dtype=np.float32).reshape(SIDE, SIDE)
    picture = read(encode(Image.fromarray(a, "F"), "TIFF"))
    np.testing.assert_allclose(picture.pixels, (a + 5) / 10, atol=1e-6)
    assert "Its values, from -5 to 5, were stretched to black..white." in picture.notes


def test_float_tiff_with_nan_and_infinity():
    a = (gradient() / 255).astype(np.float32)
    a[0, 0], a[1, 1], a[2, 2] = np.nan, np.inf, -np.inf
    picture = read(encode(Image.fromarray(a, "F"), "TIFF"))
    assert np.isfinite(picture.pixels).all() and 0 <= picture.pixels.min() <= picture.pixels.max() <= 1


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "PNG", "TIFF"], ids=["gif", "webp", "apng", "tiff-pages"])
def test_animation_uses_its_first_frame(fmt):
    mode = "RGB" if fmt == "WEBP" else "L"
    first, second = Image.new(mode, (SIDE, SIDE), "black"), Image.new(mode, (SIDE, SIDE), "white")
    options = dict(lossless=True) if fmt == "WEBP" else {}
    picture = read(encode(first, fmt, save_all=True, append_images=[second], **options))
    np.testing.assert_allclose(picture.pixels, 0, atol=1e-9)
    assert "It has several frames (an animation, or pages): the page uses the first one." in picture.notes


def test_camera_mpo_is_one_picture():
    photo = Image.new("RGB", (100, 100), (255, 255, 255))
    picture = read(encode(photo, "MPO", save_all=True, append_images=[Image.new("RGB", (50, 50))]))
    assert picture.pixels.min() > 0.95
    assert not any("frames" in n for n in picture.notes)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_orientation_is_applied(fmt, orientation):
    a = np.zeros((SIDE, SIDE), np.uint8)
    a[:32, :32] = 255  # a white top-left quadrant, as stored
    exif = Image.Exif()
    exif[0x0112] = orientation
    data = encode(Image.fromarray(a), fmt, exif=exif)
    expected = np.asarray(ImageOps.exif_transpose(Image.open(io.BytesIO(data))), dtype=float) / 255
    picture = read(data)
    quadrants = lambda p: [p[:32, :32].mean(), p[:32, 32:].mean(), p[32:, :32].mean(), p[32:, 32:].mean()]
    np.testing.assert_allclose(quadrants(picture.pixels), quadrants(expected), atol=0.03)
    assert int(np.argmax(quadrants(picture.pixels))) != 0  # it did move
    assert "It was turned upright, as its EXIF orientation says." in picture.notes


def test_exif_orientation_names_the_upright_size():
    exif = Image.Exif()
    exif[0x0112] = 6
    picture = read(encode(Image.new("L", (200, 100)), "JPEG", exif=exif))
    assert picture.size == (100, 200)
    assert "Your 100x200 image was cropped to its central 100x100 square" in notes(picture)


def test_a_large_jpeg_is_read_at_reduced_scale():
    data = encode(Image.fromarray(gradient(1600, 1200)).convert("RGB"), "JPEG", quality=95)
    picture = read(data)
    assert "Your 1600x1200 image was cropped to its central 1200x1200 square, then reduced" in notes(picture)


def test_broken_exif_is_ignored_quietly():
    data = encode(Image.fromarray(gradient()).convert("RGB"), "JPEG", exif=b"Exif\x00\x00II*\x00\xff\xff\xff\x7f")
    picture = read(data)
    assert np.abs(picture.pixels - gradient() / 255).mean() < 0.02  # the picture as it is (JPEG's loss aside)
    assert not any("EXIF" in n for n in picture.notes)


# --- in memory, one at a time -----------------------------------------------------------------

def test_nothing_is_opened_as_a_file(monkeypatch):
    data = encode(Image.fromarray(gradient()), "PNG")
    Image.init()  # Pillow's plugins are imported before the trap is set

    def refuse(*args, **kwargs):
        raise AssertionError(f"open({args!r}) was called")

    monkeypatch.setattr(builtins, "open", refuse)
    read(data)
    assert problem(b"/etc/passwd").startswith(NOT_AN_IMAGE)


def test_uploads_decoded_at_once_by_several_visitors():
    files = [encode(Image.new("L", (300, 200), v), "PNG") for v in (0, 60, 120, 180)]
    results = {}
    threads = [threading.Thread(target=lambda i=i: results.__setitem__(i, read_image(files[i]))) for i in range(4)]
    filters = list(warnings.filters)
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert [float(results[i].pixels.mean()) for i in range(4)] == pytest.approx([0, 60 / 255, 120 / 255, 180 / 255])
    assert warnings.filters == filters


# --- fuzzing ----------------------------------------------------------------------------------

def _seeds() -> list[bytes]:
    g = Image.fromarray(gradient(40, 24))
    exif = Image.Exif()
    exif[0x0112] = 6
    transparent = Image.new("P", (24, 24), 0)
    transparent.putpalette([255, 0, 0, 0, 0, 0])
    return [encode(g, "PNG"), encode(g.convert("RGB"), "JPEG", exif=exif), encode(g, "GIF"), encode(g, "BMP"),
            encode(g, "TIFF"), encode(g, "TIFF", compression="tiff_lzw"), encode(g.convert("RGBA"), "WEBP"),
            encode(g, "PNG", save_all=True, append_images=[g]), encode(g.convert("I;16"), "PNG"),
            encode(g.convert("CMYK"), "JPEG"), encode(transparent, "PNG", transparency=0),
            encode(g.convert("LA"), "PNG"), encode(g.convert("1"), "TIFF")]


SEEDS = _seeds()
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated(draw) -> bytes:
    """A valid small file with a few bytes changed, cut short, or both."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 6))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]
    return bytes(data)


def picture_or_problem(data: bytes) -> None:
    try:
        read(data)
    except UploadProblem as exc:
        assert str(exc).endswith(".")


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_picture_or_a_sentence(data):
    picture_or_problem(data)


@FUZZ
@given(mutated())
def test_mutated_images_give_a_picture_or_a_sentence(data):
    picture_or_problem(data)


# --- the page ---------------------------------------------------------------------------------

PAGE = "checkerboard"
UPLOAD = f"{PAGE}_upload"


def charts(at) -> dict:
    return pagetest.charts(at, PAGE)


def z(spec) -> np.ndarray:
    return pagetest.array(spec["data"][0]["z"])


def upload(at, name: str, data: bytes, mime: str = "image/png"):
    at.file_uploader(key=UPLOAD).set_value((name, data, mime)).run()
    assert not at.exception
    return at


def shown(at) -> tuple[set, np.ndarray, object]:
    """Which figures the page shows, the input picture, and the sidebar's configuration."""
    figures = charts(at)
    return set(figures), z(figures["image_input"]), pagetest.config(at)


def test_page_shows_an_uploaded_picture_and_goes_back_to_the_sample():
    at = pagetest.open_page(PAGE, sh=3)
    keys, sample, cfg = shown(at)
    assert at.file_uploader(key=UPLOAD).allowed_type == [".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp",
                                                         ".tif", ".tiff"]
    a = np.zeros((SIDE, SIDE, 4), np.uint8)
    a[:, :, 3] = gradient()  # black, seen more and more: a diagonal ramp towards black on white
    data = encode(Image.fromarray(a, "RGBA"), "PNG")
    upload(at, "mine.png", data)

    mine = read_image(data).pixels
    small = core.conv2d(mine, np.full((2, 2), 0.25), stride=2)
    figures = charts(at)
    np.testing.assert_allclose(z(figures["image_input"]), small)
    assert figures["image_input"]["layout"]["title"]["text"].startswith("Your picture")
    assert set(figures) == keys  # nothing else disappeared
    assert pagetest.config(at) == cfg  # the sidebar kept its settings (stride 3)
    captions = [c.value for c in at.caption]
    assert "Its transparent parts were placed on a white background." in captions
    assert any(c.startswith("Showing your picture") for c in captions)
    assert not at.warning
    prose = " ".join(" ".join(m.value.split()) for m in at.markdown)
    assert "covers your whole picture" in prose and "smooth sky" not in prose
    for i in range(3):
        assert z(figures[f"image_{i}"]).shape == (64, 64)

    at.radio(key=f"{PAGE}_kernel").set_value(4).run()  # the kernel choice still works on the upload
    counts = z(charts(at)["image_counts_0"])
    assert len(np.unique(counts[2:-2, 2:-2])) == 1
    np.testing.assert_allclose(z(charts(at)["image_input"]), small)

    at.file_uploader(key=UPLOAD).set_value(None).run()  # removed: the sample again
    assert not at.exception
    np.testing.assert_allclose(z(charts(at)["image_input"]), sample)
    assert not any(c.value.startswith("Showing your picture") for c in at.caption)


BAD = {
    "text-named-png": (b"not a picture at all\n" * 50, NOT_AN_IMAGE),
    "truncated": (encode(Image.fromarray(np.random.default_rng(2).integers(0, 256, (80, 80), dtype=np.uint8)),
                         "PNG")[:3000], DAMAGED),
    "one-pixel": (encode(Image.new("L", (1, 1)), "PNG"), "This image is only 1x1 pixels"),
    "too-large": (png_header(9000, 9000), "This image is 9000x9000 pixels"),
    "too-costly": (png_header(8192, 8192, colour=6), "would take 256 MB of memory to open"),
    "empty": (b"", "This file is empty"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_page_explains_a_bad_upload_and_keeps_everything_else(case):
    data, sentence = BAD[case]
    at = pagetest.open_page(PAGE, sh=3, kh=4)
    keys, sample, cfg = shown(at)
    upload(at, "picture.png", data)
    warnings_shown = [w.value for w in at.warning]
    assert len(warnings_shown) == 1 and sentence in warnings_shown[0]
    assert warnings_shown[0].endswith("The page shows the sample picture instead.")
    now_keys, now_sample, now_cfg = shown(at)
    assert now_keys == keys and now_cfg == cfg
    np.testing.assert_array_equal(now_sample, sample)
    assert "smooth sky" in " ".join(m.value for m in at.markdown)
