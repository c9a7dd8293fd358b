"""Uploads on the checkerboard page, in a real browser: the file travels through Streamlit's upload
endpoint (XSRF on, 10 MB cap) and the fragment's rerun. A good picture replaces the sample, a bad
file is explained under the uploader while the sample, the rest of the page and the sidebar's
settings stay; removing the file brings the sample back. Files are made in memory."""

import io

import numpy as np
import pytest
from browsing import screenshot, wait_idle
from driving import (
    EXCEPTION,
    MAIN,
    after_rerun,
    assert_no_exception,
    eventually,
    figure_title,
    grid,
    open_page,
    query,
    slider_value,
)
from PIL import Image

import core
from ui.pictures.upload import read_image

pytestmark = pytest.mark.e2e

UPLOADER = ".st-key-checkerboard_upload"


def png(im: Image.Image) -> bytes:
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


def upload(pg, name: str, data: bytes, mime: str = "image/png") -> None:
    """Choose a file in the uploader, as a visitor's file dialog would, and wait for the rerun."""
    chooser = pg.locator(f"{UPLOADER} input[type=file]")
    after_rerun(pg, lambda: chooser.set_input_files({"name": name, "mimeType": mime, "buffer": data}), timeout=60)


def captions(pg) -> str:
    return " ".join(pg.locator(f"{MAIN} [data-testid=stCaptionContainer]").all_inner_texts())


def warning(pg) -> str:
    """The warning under the uploader (waits for it)."""
    def shown():
        texts = pg.locator(f"{MAIN} [data-testid=stAlertContentWarning]").all_inner_texts()
        assert texts, "no warning yet"
        return " ".join(texts)

    return eventually(shown)


def test_upload_a_picture_then_a_bad_file_then_remove_it(server, new_page):
    page = new_page(viewport={"width": 1400, "height": 1700})  # tall: the screenshot shows the whole section
    open_page(page, f"{server}/checkerboard?sh=3")
    sample = grid(page, "checkerboard_image_input")
    counts = grid(page, "checkerboard_counts")  # the sidebar's figure, at the top of the page
    assert sample.shape == (32, 32) and counts.shape == (9, 7)

    # A picture with transparency: a black disc, seen through a fading alpha, on nothing.
    y, x = np.mgrid[0:200, 0:300]
    alpha = np.where((x - 150) ** 2 + (y - 100) ** 2 < 80**2, 255 - x * 255 // 300, 0).astype(np.uint8)
    picture = np.dstack([np.zeros((200, 300, 3), np.uint8), alpha])
    data = png(Image.fromarray(picture, "RGBA"))
    upload(page, "disc.png", data)
    assert_no_exception(page)
    want = core.conv2d(read_image(data).pixels, np.full((2, 2), 0.25), stride=2)  # halved, as the page does

    def changed():
        mine = grid(page, "checkerboard_image_input")
        assert mine.shape == (32, 32) and not np.allclose(mine, sample)
        assert figure_title(page, "checkerboard_image_input").startswith("Your picture")
        return mine

    mine = eventually(changed)
    np.testing.assert_allclose(mine, want, atol=1e-9)
    assert mine[0, 0] == pytest.approx(1.0) and mine.min() < 0.5  # white around, dark in the disc
    assert "Its transparent parts were placed on a white background." in captions(page)
    assert "Your 300x200 image was cropped to its central 200x200 square" in captions(page)
    assert grid(page, "checkerboard_image_0").shape == (64, 64)
    page.get_by_role("heading", name="On a real image").evaluate("el => el.scrollIntoView({block: 'start'})")
    wait_idle(page)
    screenshot(page, "checkerboard-upload")

    # A text file named like a picture: a sentence, the sample again, and the sidebar's stride 3 kept.
    upload(page, "notes.png", b"This is not a picture.\n" * 40)
    assert page.locator(EXCEPTION).count() == 0
    assert "This file is not an image the page can read" in warning(page)
    eventually(lambda: np.testing.assert_allclose(grid(page, "checkerboard_image_input"), sample))
    assert figure_title(page, "checkerboard_image_input").startswith("Input")
    assert slider_value(page, "sh") == 3 and query(page).get("sh") == "3"
    np.testing.assert_array_equal(grid(page, "checkerboard_counts"), counts)

    # Removing the file: no sentence any more, the sample stays.
    remove = page.locator(f"{UPLOADER} [data-testid=stFileChipDeleteBtn] button")
    after_rerun(page, remove.click)
    assert_no_exception(page)
    assert page.locator(f"{MAIN} [data-testid=stAlertContentWarning]").count() == 0
    np.testing.assert_allclose(grid(page, "checkerboard_image_input"), sample)


def test_huge_upload_is_reduced(server, page):
    open_page(page, f"{server}/checkerboard")
    data = png(Image.new("L", (8000, 8000), 200))  # 64 megapixels in about 80 KB
    upload(page, "huge.png", data)
    assert_no_exception(page)
    eventually(lambda: np.testing.assert_allclose(grid(page, "checkerboard_image_input"), 200 / 255))
    assert "Your 8000x8000 image was reduced to 64x64 pixels" in captions(page)
