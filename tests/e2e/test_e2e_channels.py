"""/channels in a real browser: choosing channels and groups redraws the slices, the connections and the
player, whose frames play without a rerun and end on the layer's output channel."""

import numpy as np
import pytest
from browsing import screenshot
from driving import MAIN, after_rerun, assert_no_exception, choose, grid, html_grid, open_page

import core

pytestmark = pytest.mark.e2e

PLAYER = "channels_player"
SETTINGS = dict(stride=(2, 2), padding=((0, 0), (0, 0)), output_padding=(0, 0), dilation=(1, 1))  # the sidebar's


def tensors(c_in, c_out, groups, seed=0):
    """The page's values for the sidebar's defaults (3x3 input, 3x3 kernel): small integers from the seed."""
    shape = core.weight_layouts(c_in, c_out, groups, 3, 3).conv_transpose2d
    return (core.small_integers((c_in, 3, 3), seed, 0), core.small_integers(shape, seed, 1, -1, 2),
            core.small_integers((c_out,), seed, 2, -2, 2))


def type_number(pg, key: str, value: int) -> None:
    """Type ``value`` into the number box ``key`` and wait for the rerun."""
    box = pg.locator(f".st-key-{key} input")
    box.fill(str(value))
    after_rerun(pg, lambda: box.press("Enter"))


def slices_shown(pg) -> list[str]:
    return pg.locator("[data-grid^='channels_w_']").evaluate_all("els => els.map(e => e.dataset.grid)")


ROOT = f"[data-player='{PLAYER}']"


def says(pg) -> str:
    return pg.locator(f"{ROOT} .tcl-says").inner_text()


def play_to_the_end(pg) -> None:
    """Press Play and wait for the last frame (the bias added)."""
    root = pg.locator(ROOT)
    root.scroll_into_view_if_needed()
    root.locator(".tcl-btn", has_text="Play").click()
    pg.wait_for_function("sel => {"
                         " const p = document.querySelector(sel); return p.dataset.frame === p.dataset.frames; }",
                         arg=ROOT, timeout=15_000)


def test_channels_and_groups_follow_the_controls(server, page):
    open_page(page, f"{server}/channels")
    assert_no_exception(page)
    x, w, b = tensors(2, 4, 1)
    assert sorted(slices_shown(page)) == sorted(f"channels_w_{i}_{o}" for i in range(2) for o in range(4))
    np.testing.assert_array_equal(grid(page, "channels_w_1_2"), w[1, 2])
    np.testing.assert_array_equal(grid(page, "channels_connections"), np.ones((4, 2)))
    assert "(2, 4, 3, 3)" in page.locator(MAIN).inner_text()

    # Four input channels, two output channels, two groups: block-diagonal connections, no Keras kernel.
    type_number(page, "channels_in", 4)
    type_number(page, "channels_out", 2)
    after_rerun(page, page.locator(".st-key-channels_groups label", has_text="2").click)
    assert_no_exception(page)
    x, w, b = tensors(4, 2, 2)
    assert sorted(slices_shown(page)) == [f"channels_w_{i}_0" for i in range(4)]
    np.testing.assert_array_equal(grid(page, "channels_w_3_0"), w[3, 0])
    np.testing.assert_array_equal(grid(page, "channels_connections"), core.connections(4, 2, 2))
    text = page.locator(MAIN).inner_text()
    assert "has no groups argument" in text and "(4, 1, 3, 3)" in text
    assert html_grid(page, "channels_w_0_0").get_attribute("data-title") == "W[0, 0]"

    # Follow output channel 1: its frames are input channels 2 and 3, then its bias.
    choose(page, "channels_channel", "1")
    assert page.locator(ROOT).get_attribute("data-frames") == "3"
    assert says(page) == "Contribution 1 of 2: out[1] += conv_transpose2d(x[2], W[2, 0])"
    mine = core.channel_contributions(x, w, 2, b, **SETTINGS)[1]
    np.testing.assert_array_equal(grid(page, f"{PLAYER}_0"), x[2])
    np.testing.assert_array_equal(grid(page, f"{PLAYER}_2"), mine.partials[0])
    play_to_the_end(page)
    assert says(page).startswith("Bias last: out[1] += ")
    np.testing.assert_allclose(grid(page, f"{PLAYER}_3"), core.conv_transpose2d(x, w, b, groups=2, **SETTINGS)[1])
    np.testing.assert_allclose(grid(page, f"{PLAYER}_3"), mine.output)
    assert "largest difference 0" in page.locator(MAIN).inner_text()
    assert_no_exception(page)
    screenshot(page, "channels-groups")
