"""The sidebar controls, moved with the keyboard and set by presets: the start page's caption and
its three figures follow, and the output drawn is the core's transposed convolution."""

import numpy as np
import pytest
from driving import (
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
    slider_value,
)

import core
from ui.settings.presets import SEED_INPUT, SEED_KERNEL
from ui.settings.values import fill_values

pytestmark = pytest.mark.e2e


def shown(pg) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Input, kernel and output as the start page's figures draw them."""
    return grid(pg, "start_input"), grid(pg, "start_kernel"), grid(pg, "start_output")


def expect_output(pg, **settings) -> np.ndarray:
    """Wait until the output figure is core's result for the input and kernel figures; return it."""

    def check():
        x, k, out = shown(pg)
        want = core.conv_transpose2d(x, k, **settings)
        assert out.shape == want.shape, f"output figure {out.shape}, core {want.shape}"
        np.testing.assert_allclose(out, want)
        return out

    return eventually(check)


def test_keyboard_moves_sliders_and_the_output_follows(server, page):
    open_page(page, f"{server}/")
    assert main_caption(page) == "3x3 input, 3x3 kernel, stride 2, padding 0 (PyTorch)"
    before = expect_output(page, stride=2)
    assert before.shape == (7, 7)

    press_slider(page, "sh", "ArrowRight")  # stride height 2 -> 3
    assert slider_value(page, "sh") == 3 and query(page).get("sh") == "3"
    assert main_caption(page) == "3x3 input, 3x3 kernel, stride 3x2, padding 0 (PyTorch)"
    after = expect_output(page, stride=(3, 2))
    assert after.shape == (9, 7)

    press_slider(page, "d", "ArrowRight")  # dilation 1 -> 2
    press_slider(page, "pw", "ArrowRight")  # padding width 0 -> 1
    press_slider(page, "w", "ArrowLeft")  # input width 3 -> 2
    assert main_caption(page) == "3x2 input, 3x3 kernel, stride 3x2, padding 0x1, dilation 2 (PyTorch)"
    out = expect_output(page, stride=(3, 2), padding=(0, 1), dilation=2)
    # (H-1)*s + d*(k-1) + 1 - 2p: rows 2*3+4+1 = 11, columns 1*2+4+1-2 = 5.
    assert out.shape == (11, 5)
    assert query(page) == {"sh": "3", "d": "2", "pw": "1", "w": "2"}
    assert_no_exception(page)


def test_presets_set_the_controls_and_the_output(server, page):
    open_page(page, f"{server}/")

    # The worked example of the lesson, with Keras's 'valid' padding.
    choose(page, "preset", "Worked example: 2x2 by 2x2, Keras 'valid'")
    assert radio_value(page, "convention") == "Keras 'valid'"
    assert [slider_value(page, k) for k in ("h", "w", "kh", "kw", "sh", "sw", "d")] == [2, 2, 2, 2, 1, 1, 1]
    assert (selectbox_value(page, "oph"), selectbox_value(page, "opw")) == ("auto", "auto")
    open_values(page)  # the fill and the seed are drawn while it is open
    assert selectbox_value(page, "fill") == "typed by hand"
    assert main_caption(page) == "2x2 input, 2x2 kernel, stride 1, padding 'valid' (Keras 'valid')"

    def worked():
        x, k, out = shown(page)
        np.testing.assert_array_equal(x, SEED_INPUT)
        np.testing.assert_array_equal(k, SEED_KERNEL)
        np.testing.assert_array_equal(out, [[55, 162, 104], [167, 323, 152], [114, 157, 50]])
        np.testing.assert_allclose(out, core.keras_conv2d_transpose(x, k, strides=1, padding="valid"))

    eventually(worked)

    # Distill's uneven overlap: ones, kernel 3, stride 2.
    choose(page, "preset", "Distill: kernel 3, stride 2 (uneven overlap)")
    assert radio_value(page, "convention") == "PyTorch"
    assert [slider_value(page, k) for k in ("h", "w", "kh", "kw", "sh", "sw", "d", "ph", "pw")] == \
        [4, 4, 3, 3, 2, 2, 1, 0, 0]
    assert selectbox_value(page, "fill") == "ones"
    assert main_caption(page) == "4x4 input, 3x3 kernel, stride 2, padding 0 (PyTorch)"

    def distill():
        x, k, out = shown(page)
        np.testing.assert_array_equal(x, np.ones((4, 4)))
        np.testing.assert_array_equal(k, np.ones((3, 3)))
        np.testing.assert_array_equal(out, core.conv_transpose2d(np.ones((4, 4)), np.ones((3, 3)), stride=2))
        # The checkerboard: cells where two stamps overlap get 2, where four overlap 4.
        assert out.shape == (9, 9) and set(np.unique(out)) == {1, 2, 4}

    eventually(distill)

    # A conv-guide preset that needs output padding to undo the shape of a strided convolution.
    choose(page, "preset", "Conv guide: undo i=6, k=3, s=2, p=1")
    assert [slider_value(page, k) for k in ("h", "w", "kh", "kw", "sh", "sw", "d", "ph", "pw")] == \
        [3, 3, 3, 3, 2, 2, 1, 1, 1]
    assert (selectbox_value(page, "oph"), selectbox_value(page, "opw")) == ("1", "1")
    assert selectbox_value(page, "fill") == "small integers"
    assert main_caption(page) == "3x3 input, 3x3 kernel, stride 2, padding 1, output padding 1 (PyTorch)"

    def guide():
        x, k, out = shown(page)
        np.testing.assert_array_equal(x, fill_values("integers", (3, 3), 0, salt=0))
        np.testing.assert_array_equal(k, fill_values("integers", (3, 3), 0, salt=1))
        want = core.conv_transpose2d(x, k, stride=2, padding=1, output_padding=1)
        assert want.shape == (6, 6)  # back to the convolution's input size, i=6
        np.testing.assert_allclose(out, want)

    eventually(guide)
    assert_no_exception(page)
