"""Page 1: why upsample, a live example drawn from the core, the names."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from pagetest import ROOT, array, config, drawn_grids, open_page, texts

import core


def grids(at):
    return list(drawn_grids(at).values())


def test_live_example_shows_input_kernel_and_the_cores_output():
    at = open_page("start", fill="typed by hand", x="0,1;2,3", k="0,1;2,3", h=2, w=2, kh=2, kw=2, sh=1, sw=1)
    assert not at.exception
    specs = grids(at)
    titles = [s["layout"]["title"]["text"] for s in specs]
    assert titles == ["Input (2x2)", "Kernel (2x2)", "Output (3x3)"]
    z = [array(s["data"][0]["z"]) for s in specs]
    np.testing.assert_array_equal(z[0], [[0, 1], [2, 3]])
    np.testing.assert_array_equal(z[2], core.conv_transpose2d([[0, 1], [2, 3]], [[0, 1], [2, 3]]))
    np.testing.assert_array_equal(z[2], [[0, 0, 1], [0, 4, 6], [4, 12, 9]])
    # Numbers are written in the cells as a person writes them.
    assert specs[2]["data"][0]["text"][2] == ["4", "12", "9"]


def test_prose_names_the_operation():
    at = open_page("start")
    shown = texts(at)
    for name in ("Deconvolution", "Fractionally strided convolution", "Transposed convolution"):
        assert name in shown


def test_impossible_settings_keep_the_page_working():
    at = open_page("start", h=1, w=1, kh=1, kw=1, sh=1, sw=1, ph=2, pw=2)
    assert not at.exception
    assert not drawn_grids(at)
    assert "cannot produce an output" in texts(at)
    assert "Fractionally strided convolution" in texts(at)


def test_start_is_the_navigations_default_page():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "lesson.py"), default_timeout=60)
    at.query_params["h"] = "4"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Transposed convolution"
    assert config(at).input_size == (4, 3)


def test_the_example_sentence_counts_what_the_figures_show():
    """It once said "each of the four input values ... the four stamps overlap in the middle" under a
    3x3 input (nine values); now every number comes from the sidebar's configuration and the core."""
    at = open_page("start")
    words = " ".join(texts(at).split())
    counts = core.contribution_count((3, 3), (3, 3), stride=2)
    assert "Each of the 9 input values stamps a scaled copy of the kernel into the output, 2 cells apart." in words
    assert f"{int((counts > 1).sum())} cells of the 7x7 output receive more than one, up to 4 products." in words
    at = open_page("start", h=1, w=1)
    assert "The one input value stamps" in " ".join(texts(at).split())
    at = open_page("start", h=2, w=2, kh=2, kw=2, sh=2, sw=3)
    words = " ".join(texts(at).split())
    assert "4 input values" in words and "2 rows and 3 columns apart" in words
    assert "No two stamps overlap here" in words


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.integers(1, 3))
def test_the_example_sentence_agrees_with_the_core_for_any_setting(h, k, s, d):
    at = open_page("start", h=h, w=h, kh=k, kw=k, sh=s, sw=s, d=d)
    words = " ".join(texts(at).split())
    counts = core.contribution_count((h, h), (k, k), stride=s, dilation=d)
    shared = int((counts > 1).sum())
    if shared:
        assert f"receive more than one, up to {int(counts.max())} products" in words
        assert f"{shared} cell{'s' if shared != 1 else ''} of the" in words
    else:
        assert "No two stamps overlap here" in words
    assert ("one input value" if h == 1 else f"{h * h} input values") in words
