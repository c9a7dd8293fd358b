"""A teacher takes the lesson to class from the browser: each file is downloaded and checked (the
GIF's frames, the slide's size and title, the worksheet's seed and questions, the key's answers),
and projector mode at 1280x720 has large numbers, no captions, and a player that steps with the
keyboard (a screenshot of it is kept: projector-scatter.png)."""

from __future__ import annotations

import io
import time

import pytest
from browsing import screenshot
from driving import MAIN, after_rerun, assert_no_exception, open_page, query
from PIL import Image
from pypdf import PdfReader

from ui import questions
from ui.exports import worksheet
from ui.words import number

pytestmark = pytest.mark.e2e

TAKE = "Take it to class: a GIF, slides"


def expand(pg, title: str) -> None:
    summary = pg.locator(f"{MAIN} [data-testid=stExpander] summary", has_text=title)
    summary.scroll_into_view_if_needed()
    if summary.locator("xpath=..").get_attribute("open") is None:
        summary.click()


def download(pg, key: str, timeout: float = 60_000) -> bytes:
    """Click the download button ``key`` and return the file the browser saved."""
    button = pg.locator(f".st-key-{key} button")
    button.scroll_into_view_if_needed()
    with pg.expect_download(timeout=timeout) as caught:
        button.click()
    with open(caught.value.path(), "rb") as f:
        return f.read()


def gif_frames(data: bytes) -> int:
    return Image.open(io.BytesIO(data)).n_frames


def make_gif(pg, page: str) -> bytes:
    """Press 'Make the GIF', wait for its download button, and download the GIF."""
    build = pg.locator(f".st-key-{page}_gif_build button")
    build.scroll_into_view_if_needed()
    after_rerun(pg, build.click, timeout=60)
    pg.locator(f".st-key-{page}_gif_download button").wait_for(timeout=60_000)
    return download(pg, f"{page}_gif_download")


@pytest.fixture
def downloads(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    yield context.new_page()
    context.close()


def test_gifs_of_the_scatter_and_sliding_window_players(downloads, server):
    pg = downloads
    open_page(pg, f"{server}/scatter")
    expand(pg, TAKE)
    assert gif_frames(make_gif(pg, "scatter")) == 9  # one a stamp of the 3x3 input
    # The player redrawn by its own fragment (one product a frame): the next GIF follows it.
    after_rerun(pg, lambda: pg.locator(".st-key-scatter_mode label", has_text="one product").click())
    assert gif_frames(make_gif(pg, "scatter")) == 81
    open_page(pg, f"{server}/zero-insertion")
    expand(pg, TAKE)
    assert gif_frames(make_gif(pg, "zero-insertion")) == 49  # one an output cell of the 7x7 output
    assert_no_exception(pg)


def test_visitors_who_asked_for_a_gif_and_left_cost_the_next_teacher_nothing(new_page, server):
    """Issue 21: three visitors ask for a GIF and close their tab half a second later; the next teacher
    waits for their own GIF only (the server's builder drops the requests of sessions that are gone, and
    stops the build under way for them)."""

    def ready():
        pg = new_page()
        open_page(pg, f"{server}/scatter?h=2&w=2")
        after_rerun(pg, lambda: pg.locator(".st-key-scatter_mode label", has_text="one product").click())
        expand(pg, TAKE)
        pg.locator(".st-key-scatter_gif_build button").wait_for()
        return pg

    def wait_for_gif(pg) -> float:
        start = time.perf_counter()
        pg.locator(".st-key-scatter_gif_build button").click()
        pg.locator(".st-key-scatter_gif_download button").wait_for(timeout=120_000)
        return time.perf_counter() - start

    wait_for_gif(ready())  # the GIF process is up
    alone = wait_for_gif(ready())
    teacher, left = ready(), [ready() for _ in range(3)]
    for pg in left:
        pg.locator(".st-key-scatter_gif_build button").click()
    time.sleep(0.5)
    for pg in left:
        pg.context.close()
    waited = wait_for_gif(teacher)
    assert waited < 2.5 * alone, f"the next teacher waited {waited:.1f} s; one GIF takes {alone:.1f} s"
    assert_no_exception(teacher)


def test_a_slide_of_the_player_as_png_and_as_svg(downloads, server):
    pg = downloads
    open_page(pg, f"{server}/scatter")
    expand(pg, TAKE)
    png = Image.open(io.BytesIO(download(pg, "scatter_slide_download")))
    assert png.format == "PNG" and png.size == (1920, 1080)
    assert png.info["Title"] == "Scatter-add, step by step: Scatter-add player"
    after_rerun(pg, lambda: pg.locator(".st-key-scatter_slide_format label", has_text="SVG").click())
    svg = download(pg, "scatter_slide_download").decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and 'width="1920" height="1080" viewBox=' in svg
    assert_no_exception(pg)


def test_the_worksheet_and_its_key_carry_the_seed_of_the_address(downloads, server):
    pg = downloads
    open_page(pg, f"{server}/practice?sheet_seed=4242&sheet_n=4")
    expand(pg, "Take it to class: a printable worksheet")
    assert query(pg)["sheet_seed"] == "4242"
    sheet = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(
        download(pg, "sheet_worksheet"))).pages)
    key = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(
        download(pg, "sheet_answer-key"))).pages)
    assert "Seed 4242" in sheet and "Seed 4242" in key
    for q in worksheet.sheet_questions(worksheet.SheetOptions(seed=4242, count=4)):
        assert f"{questions.KINDS[q.kind]} (question {q.seed})" in sheet
        assert " ".join(worksheet.plain(q.prompt).split()) in sheet
        answer = ", ".join(f"({r}, {c})" for r, c in q.cells) if q.ask == "cell" else number(q.answer)
        assert f"Answer: {answer}" in key
    assert_no_exception(pg)


def test_projector_mode_at_1280x720(new_page, server):
    pg = new_page(viewport={"width": 1280, "height": 720})
    open_page(pg, f"{server}/scatter?proj=on")
    assert pg.locator(".st-key-proj input[type=checkbox]").is_checked()
    captions = pg.locator(f"{MAIN} [data-testid=stCaptionContainer]")
    assert captions.count() and all(not c.is_visible() for c in captions.all())  # help lines hidden
    cell = pg.locator("[data-grid='scatter_player_output'] .tcl-cell").first
    assert float(cell.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 20
    assert float(pg.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")) >= 20
    player = pg.locator("[data-player='scatter_player']")
    player.evaluate("e => e.scrollIntoView({block: 'start'})")
    player.locator(".tcl-says").click()  # the player takes the keyboard once clicked
    for key, frame in (("ArrowRight", "2"), ("ArrowRight", "3"), ("End", "9"), ("Home", "1")):
        pg.keyboard.press(key)
        pg.wait_for_function("([el, f]) => el.dataset.frame === f", arg=[player.element_handle(), frame])
    player.evaluate("e => e.scrollIntoView({block: 'start'})")
    panels = player.locator(".tcl-panel").evaluate_all("els => els.map(e => e.getBoundingClientRect().top)")
    assert len(set(panels)) == 1, "the player's panels wrapped onto a second row"
    screenshot(pg, "projector-scatter")
    after_rerun(pg, lambda: pg.locator(".st-key-proj label").click())
    assert "proj" not in query(pg)
    assert float(cell.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) <= 15
    assert_no_exception(pg)
    open_page(pg, f"{server}/zero-insertion?proj=on")  # four panels, the sidebar open: still one row
    tops = pg.locator("[data-player='zero_player'] .tcl-panel").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().top))")
    assert len(tops) == 4 and len(set(tops)) == 1, tops
