"""Page 3: the step player over the core's trace, contributors and footprints."""

import re

import numpy as np
import pytest
from pagetest import array, figures, open_page, texts

import core
from ui.figures.pick import clicked_cell
from ui.figures.player import MAX_FRAMES
from ui.state.presets import PRESETS

ARITHMETIC = re.compile(
    r"out\[(-?\d+),(-?\d+)\] \+= x\[(\d+),(\d+)\] × k\[(\d+),(\d+)\] = (\S+) × (\S+) = (\S+)(, now (\S+)|: cropped)")


def trace_of(at):
    cfg = at.session_state["_config"]
    return cfg, core.trace_conv_transpose2d(cfg.input, cfg.kernel, **cfg.settings)


def kept_output(spec, frame: int, shape) -> np.ndarray:
    """The cells of a frame's uncropped that lie inside the output (padding crops the others)."""
    uncropped = [t for t in spec["data"] if t.get("type") == "heatmap"][2]
    rows, cols = array(uncropped["y"]), array(uncropped["x"])
    z = array(spec["frames"][frame]["data"][0]["z"])
    keep_r = (rows >= 0) & (rows < shape[0])
    keep_c = (cols >= 0) & (cols < shape[1])
    return z[np.ix_(keep_r, keep_c)]


def player(at):
    return figures(at)["scatter_player"]


def test_default_plays_one_stamp_per_input_cell_and_ends_on_the_output():
    at = open_page("scatter")
    assert not at.exception
    cfg, trace = trace_of(at)
    spec = player(at)
    (h, w), (kh, kw) = cfg.input_size, cfg.kernel_size
    assert len(spec["frames"]) == h * w
    np.testing.assert_array_equal(kept_output(spec, -1, cfg.output_size), cfg.output())
    # The step count, from the trace.
    assert f"{len(trace)} steps** = {h * w} input cells ({h}x{w}) × {kh * kw} kernel cells ({kh}x{kw})" in texts(at)
    # Each stamp frame names its input cell and value; after stamp n the uncropped is trace.partial.
    for n, frame in enumerate(spec["frames"]):
        i, j = divmod(n, w)
        assert f"x[{i},{j}] = " in frame["layout"]["title"]["text"]
        np.testing.assert_array_equal(kept_output(spec, n, cfg.output_size),
                                      trace.partial((n + 1) * trace.steps_per_input_cell))
    # Play, Pause and a scrubber with one step per frame.
    assert [b["label"] for b in spec["layout"]["updatemenus"][0]["buttons"]] == ["▶ Play", "❚❚ Pause"]
    assert len(spec["layout"]["sliders"][0]["steps"]) == h * w


def check_products(spec, cfg, trace):
    """Every frame's arithmetic is its step of the trace: out[y,x] += x[i,j] × k[a,b] = x × k = product."""
    for t, frame in enumerate(spec["frames"]):
        m = ARITHMETIC.search(frame["layout"]["title"]["text"])
        assert m, frame["layout"]["title"]["text"]
        y, x, i, j, a, b = (int(v) for v in m.groups()[:6])
        assert (i, j) == tuple(trace.input_index[t, 1:]) and (a, b) == tuple(trace.kernel_index[t])
        assert (y, x) == tuple(trace.output_index[t, 1:])
        xv, kv, p = (float(v) for v in m.groups()[6:9])
        assert xv == cfg.input[i, j] and kv == cfg.kernel[a, b]
        assert p == pytest.approx(xv * kv) and p == pytest.approx(trace.product[t])
        assert (m.group(10) == ": cropped") == (not trace.kept[t])


def test_one_product_per_frame_follows_the_trace():
    at = open_page("scatter", h=2, w=3, kh=2, kw=3, sh=2, sw=1)
    at.radio(key="scatter_mode").set_value("product").run()
    assert not at.exception
    cfg, trace = trace_of(at)
    spec = player(at)
    assert len(spec["frames"]) == len(trace)
    check_products(spec, cfg, trace)
    np.testing.assert_array_equal(kept_output(spec, -1, cfg.output_size), cfg.output())
    # "now v": the output cell's running sum after the step.
    t = 7
    y, x = trace.output_index[t, 1:]
    now = ARITHMETIC.search(spec["frames"][t]["layout"]["title"]["text"]).group(11)
    assert float(now) == trace.partial(t + 1)[y, x]


def test_padding_keeps_cropped_steps_visible_and_says_so():
    at = open_page("scatter", h=2, w=2, kh=3, kw=3, sh=2, sw=2, ph=1, pw=1)
    at.radio(key="scatter_mode").set_value("product").run()
    assert not at.exception
    cfg, trace = trace_of(at)
    spec = player(at)
    assert (~trace.kept).any()
    check_products(spec, cfg, trace)
    uncropped = [t for t in spec["data"] if t.get("type") == "heatmap"][2]
    assert array(uncropped["y"])[0] == -1 and array(uncropped["x"])[0] == -1  # output coordinates
    assert "Output before cropping" in spec["layout"]["annotations"][2]["text"]
    np.testing.assert_array_equal(kept_output(spec, -1, cfg.output_size), cfg.output())
    # The shaded border: filled rectangles over the cropped rows and columns.
    assert any(s.get("fillcolor", "").startswith("rgba(128") for s in spec["layout"]["shapes"])


def test_long_traces_are_thinned_with_a_sentence():
    at = open_page("scatter", h=8, w=8, kh=7, kw=7, sh=4, sw=4, d=3)
    assert not at.exception
    cfg, trace = trace_of(at)
    assert len(player(at)["frames"]) == 64  # one stamp per frame is never thinned
    at.radio(key="scatter_mode").set_value("product").run()
    assert not at.exception
    spec = player(at)
    assert len(trace) == 8 * 8 * 7 * 7
    assert len(spec["frames"]) < MAX_FRAMES < len(trace)
    assert f"This trace has {len(trace)} steps" in texts(at)
    np.testing.assert_array_equal(kept_output(spec, -1, cfg.output_size), cfg.output())
    # The uncropped is big: numbers leave the cells, and the figure stays light.
    assert spec["frames"][0]["data"][0].get("text") is None


def test_show_step_opens_the_player_at_that_frame():
    at = open_page("scatter")
    at.number_input(key="scatter_frame").set_value(4).run()
    assert not at.exception
    spec = player(at)
    assert spec["layout"]["sliders"][0]["active"] == 3
    uncropped = [t for t in spec["data"] if t.get("type") == "heatmap"][2]
    np.testing.assert_array_equal(array(uncropped["z"]), array(spec["frames"][3]["data"][0]["z"]))
    assert spec["layout"]["title"]["text"] == spec["frames"][3]["layout"]["title"]["text"]


def test_contributors_of_an_output_cell_sum_to_its_value():
    at = open_page("scatter")
    at.number_input(key="scatter_out_row").set_value(2).run()
    at.number_input(key="scatter_out_col").set_value(2).run()
    assert not at.exception
    cfg, trace = trace_of(at)
    table = at.dataframe[0].value
    steps = trace.contributors(2, 2)
    assert list(table["step"]) == list(steps + 1)
    assert [float(v) for v in table["product"]] == list(trace.product[steps])
    assert sum(float(v) for v in table["product"]) == cfg.output()[2, 2]
    value = f"{cfg.output()[2, 2]:g}"
    assert f"out[2,2] receives **{len(steps)} products**" in texts(at)
    assert f"= **{value}**" in texts(at)
    # The selected cell is outlined on the pickable output.
    shapes = figures(at)["scatter_pick_output"]["layout"]["shapes"]
    assert shapes[0]["x0"] == 1.5 and shapes[0]["y0"] == 1.5


def test_an_output_padding_cell_has_no_contributors():
    at = open_page("scatter", h=2, w=2, kh=1, kw=1, sh=2, sw=2, oph="1", opw="1")
    at.number_input(key="scatter_out_row").set_value(3).run()
    assert not at.exception
    assert at.session_state["_config"].output_size == (4, 4)
    assert "No product lands on out[3,0]" in texts(at)


def test_footprint_of_an_input_cell_outlines_its_stamp():
    at = open_page("scatter", ph=1, pw=1)
    at.number_input(key="scatter_in_row").set_value(0).run()
    at.number_input(key="scatter_in_col").set_value(1).run()
    assert not at.exception
    cfg, trace = trace_of(at)
    stamp = np.arange(trace.stamp(0, 1).start, trace.stamp(0, 1).stop)
    kept = stamp[trace.kept[stamp]]
    shapes = figures(at)["scatter_footprint"]["layout"]["shapes"]
    outlined = {(s["y0"] + 0.5, s["x0"] + 0.5) for s in shapes}
    assert outlined == {(float(y), float(x)) for y, x in trace.output_index[kept, 1:]}
    assert f"{len(kept)} of the products land" in texts(at)
    assert f"The other {len(stamp) - len(kept)} land in the border" in texts(at)


def test_a_click_event_names_the_cell():
    assert clicked_cell({"selection": {"points": [{"x": 3, "y": 1}]}}) == (1, 3)
    assert clicked_cell({"selection": {"points": []}}) is None
    assert clicked_cell(None) is None


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset(name):
    at = open_page("scatter")
    at.sidebar.selectbox(key="preset").set_value(name).run()
    assert not at.exception
    cfg, trace = trace_of(at)
    spec = player(at)
    assert len(spec["frames"]) == cfg.input_size[0] * cfg.input_size[1]
    np.testing.assert_array_equal(kept_output(spec, -1, cfg.output_size), cfg.output())


@pytest.mark.parametrize("convention", ["Keras 'valid'", "Keras 'same'"])
def test_keras_conventions(convention):
    at = open_page("scatter", convention=convention, h=3, w=2, kh=3, kw=2, sh=2, sw=3)
    at.radio(key="scatter_mode").set_value("product").run()
    assert not at.exception
    cfg, trace = trace_of(at)
    assert cfg.is_keras
    spec = player(at)
    check_products(spec, cfg, trace)
    np.testing.assert_array_equal(kept_output(spec, -1, cfg.output_size),
                                  core.keras_conv2d_transpose(cfg.input, cfg.kernel, strides=cfg.stride,
                                                              padding=cfg.keras_mode))


def test_settings_that_cannot_work_show_a_sentence_not_a_traceback():
    at = open_page("scatter", h=1, w=1, kh=1, kw=1, sh=1, sw=1, ph=2, pw=2)
    assert not at.exception
    assert not at.get("plotly_chart")
    assert "cannot produce an output" in at.info[0].value
    assert "To compute one by hand" in texts(at)


def test_the_page_shows_the_textbook_loop_that_the_core_runs():
    """The code on the page is the core's own loop, not a copy: run it and it gives the page's output."""
    at = open_page("scatter", fill="typed by hand", x="0,1;2,3", k="0,1;2,3", h=2, w=2, kh=2, kw=2, sh=1, sw=1)
    code = [c.value for c in at.code if "def scatter_add" in c.value]
    assert len(code) == 1
    assert "Y[i*s:i*s+kh, j*s:j*s+kw] += X[i, j] * K" in code[0]
    namespace = {"np": np}
    exec(code[0], namespace)  # noqa: S102 - the page's own code, from the repository
    np.testing.assert_array_equal(namespace["scatter_add"](np.array([[0.0, 1], [2, 3]]), np.array([[0.0, 1], [2, 3]])),
                                  [[0, 0, 1], [0, 4, 6], [4, 12, 9]])


def test_the_followed_cells_are_in_the_address():
    """The start page promises the address reopens what is on screen; the followed cells once were not in it."""
    at = open_page("scatter", scatter_out_row=2, scatter_out_col=1, scatter_in_row=1, scatter_in_col=2)
    assert not at.exception
    words = texts(at)
    assert "out[2,1] receives" in words and "x[1,2] =" in words
    at.number_input(key="scatter_out_row").set_value(3).run()
    query = {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert query["scatter_out_row"] == "3" and query["scatter_in_col"] == "2"
    # A cell outside a smaller output is brought inside, and the address follows.
    at = open_page("scatter", h=2, w=2, scatter_out_row=50)
    assert not at.exception and at.session_state["scatter_out_row"] == 4  # the 5x5 output's last row
