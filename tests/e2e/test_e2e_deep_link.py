"""Deep links: the address of a configured lesson, opened by another visitor (a new browser
context), shows the same configuration: caption, controls and figures."""

import numpy as np
import pytest
from browsing import screenshot
from driving import (
    SIDEBAR,
    after_rerun,
    assert_no_exception,
    choose,
    eventually,
    grid,
    main_caption,
    open_page,
    open_values,
    press_slider,
    query,
    radio_value,
    selectbox_value,
)

import core
from ui.settings.values import fill_values

pytestmark = pytest.mark.e2e

SLIDERS = ("h", "w", "kh", "kw", "sh", "sw", "d", "ph", "pw")


def shown(pg) -> dict:
    """Everything that describes the configuration on the start page, as shown (the fill and the seed with the
    Values expander open, which draws them)."""
    open_values(pg)
    present = pg.locator(f"{SIDEBAR} [class*=st-key-] input[type=range]").evaluate_all(
        "els => els.map(e => [e.closest('[class*=st-key-]').className.match(/st-key-(\\w+)/)[1],"
        " Number(e.getAttribute('aria-valuetext'))])")
    return dict(
        caption=main_caption(pg),
        sliders={k: v for k, v in present if k in SLIDERS},
        convention=radio_value(pg, "convention"),
        output_padding=(selectbox_value(pg, "oph"), selectbox_value(pg, "opw")),
        fill=selectbox_value(pg, "fill"),
        seed=pg.locator(".st-key-seed input").input_value(),
        input=grid(pg, "start_input").tolist(),
        kernel=grid(pg, "start_kernel").tolist(),
        output=grid(pg, "start_output").tolist(),
    )


def reopen(new_page, url: str):
    """Open ``url`` as a new visitor and read the configuration shown."""
    other = new_page()
    open_page(other, url)
    assert_no_exception(other)
    return other, shown(other)


def test_deep_link_reproduces_a_configuration(server, page, new_page):
    open_page(page, f"{server}/")
    press_slider(page, "h", "ArrowRight", times=2)  # input 5x3
    press_slider(page, "sh", "ArrowRight")  # stride 3x2
    press_slider(page, "kw", "ArrowLeft")  # kernel 3x2
    press_slider(page, "pw", "ArrowRight")  # padding 0x1
    open_values(page)
    choose(page, "fill", "random (seeded)")
    after_rerun(page, page.locator(".st-key-seed [data-testid=stNumberInputStepUp]").click)  # seed 1
    mine = shown(page)
    assert mine["caption"] == "5x3 input, 3x2 kernel, stride 3x2, padding 0x1 (PyTorch)"
    assert mine["fill"] == "random (seeded)" and mine["seed"] == "1"
    x, k = fill_values("random", (5, 3), 1, salt=0), fill_values("random", (3, 2), 1, salt=1)
    np.testing.assert_array_equal(mine["input"], x)
    np.testing.assert_array_equal(mine["kernel"], k)
    want = core.conv_transpose2d(np.array(x), np.array(k), stride=(3, 2), padding=(0, 1))
    assert want.shape == (15, 4)
    np.testing.assert_allclose(mine["output"], want)

    other, theirs = reopen(new_page, page.url)
    screenshot(other, "deep-link-keyboard")
    assert theirs == mine


def test_deep_link_keeps_values_set_under_keras(server, page, new_page):
    """With a Keras convention chosen, the fill (and seed) chosen next must reach the address too."""
    open_page(page, f"{server}/")
    after_rerun(page, page.locator(".st-key-convention label", has_text="Keras 'valid'").click)
    open_values(page)
    choose(page, "fill", "ones")
    mine = shown(page)
    assert mine["fill"] == "ones" and mine["convention"] == "Keras 'valid'"
    np.testing.assert_array_equal(mine["input"], np.ones((3, 3)))

    url = page.url
    assert query(page).get("fill") == "ones", (
        f"Fill shows 'ones' under Keras 'valid', but the address has no fill=ones: {url}")
    other, theirs = reopen(new_page, url)
    assert theirs == mine


def test_deep_link_after_a_preset_and_a_slider_move(server, page, new_page):
    """A preset, then a move of the stride slider: the address must follow the move."""
    open_page(page, f"{server}/")
    choose(page, "preset", "Distill: kernel 4, stride 2 (even overlap)")
    press_slider(page, "sh", "ArrowRight")  # stride 3x2
    mine = shown(page)
    assert mine["caption"] == "4x4 input, 4x4 kernel, stride 3x2, padding 0 (PyTorch)"
    want = core.conv_transpose2d(np.ones((4, 4)), np.ones((4, 4)), stride=(3, 2))
    np.testing.assert_allclose(mine["output"], want)

    url = page.url
    assert query(page).get("sh") == "3", (
        f"after the preset, stride height 3 is shown but the address says sh={query(page).get('sh')}: {url}")
    other, theirs = reopen(new_page, url)
    screenshot(other, "deep-link-preset")
    assert theirs == mine


def test_deep_link_keeps_stride_one(server, page, new_page):
    """A configuration with stride 1 (the worked example) survives the trip through the address."""
    open_page(page, f"{server}/")
    choose(page, "preset", "Worked example: 2x2 by 2x2, Keras 'valid'")
    press_slider(page, "h", "ArrowRight")  # a third input row (new cells hold 1)
    mine = shown(page)
    assert mine["caption"] == "3x2 input, 2x2 kernel, stride 1, padding 'valid' (Keras 'valid')"
    assert mine["sliders"]["sh"] == mine["sliders"]["sw"] == 1
    x = np.array([[55, 52], [57, 50], [1, 1]], dtype=float)
    want = core.keras_conv2d_transpose(x, np.array([[1, 2], [2, 1]], dtype=float), strides=1, padding="valid")
    eventually(lambda: np.testing.assert_allclose(grid(page, "start_output"), want))

    url = page.url
    other, theirs = reopen(new_page, url)
    screenshot(other, "deep-link-worked-example")
    assert theirs["caption"] == mine["caption"], (
        f"the deep link {url} opens as {theirs['caption']!r}, not {mine['caption']!r}: "
        f"stride sliders {theirs['sliders']['sh']}x{theirs['sliders']['sw']} instead of 1x1 "
        "(the address carries no sh/sw)")
    assert theirs == mine


def test_a_fresh_servers_first_visitor_follows_a_deep_link_without_an_error(page, tmp_path):
    """Streamlit serves a new process's first run in its legacy pages-folder mode, which finds a page
    by its file's name: /zero-insertion, from zero_insertion.py, opened under a "Page not found" dialog
    for the first visitor after every start. Each page's file is named as its address now."""
    from serving.server import served_app

    with served_app(tmp_path) as (base, _):
        open_page(page, f"{base}/zero-insertion?kh=2")

        def titled():
            headings = page.locator("h1").all_inner_texts()
            assert "Zero insertion is a convolution" in headings, f"the page's headings are {headings}"

        eventually(titled)
        page.wait_for_timeout(1500)  # the dialog came with the first run's messages
        assert page.locator("[role=dialog]").count() == 0, page.locator("[role=dialog]").all_inner_texts()
        assert query(page).get("kh") == "2"
        assert_no_exception(page)


def test_a_path_deeper_than_a_page_opens_that_page_with_its_settings(server, page):
    """Under /scatter/extra Streamlit would answer the page's scripts with the page: a blank window."""
    open_page(page, f"{server}/scatter/extra?h=4")
    assert "Scatter-add" in page.locator("h1").first.inner_text()
    assert page.url.split("?")[0] == f"{server}/scatter" and query(page).get("h") == "4"
    assert_no_exception(page)
