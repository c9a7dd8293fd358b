"""Page 3: the step player over the core's trace, contributors and footprints."""

import json
import re
from unittest.mock import patch

import numpy as np
import pytest
from pagetest import config, drawn_grids, figures, open_page, player_frames, players, texts

import core
from ui.figures.player import MAX_FRAMES
from ui.settings.presets import PRESETS
from ui.state import cell_picker

ARITHMETIC = re.compile(
    r"out\[(-?\d+),(-?\d+)\] \+= x\[(\d+),(\d+)\] × k\[(\d+),(\d+)\] = (\S+) × (\S+) = (\S+)(, now (\S+)|: cropped)")


def trace_of(at):
    cfg = config(at)
    return cfg, core.trace_conv_transpose2d(cfg.input, cfg.kernel, **cfg.settings)


def kept_output(spec, frame: int, shape) -> np.ndarray:
    """The cells of a frame's uncropped output that lie inside the output (padding crops the others),
    as the browser computes the frame from the trace."""
    uncropped = spec["panels"][2]
    rows, cols = np.array(uncropped["rows"]), np.array(uncropped["cols"])
    z = player_frames(spec)[frame]["values"][2]
    keep_r = (rows >= 0) & (rows < shape[0])
    keep_c = (cols >= 0) & (cols < shape[1])
    return z[np.ix_(keep_r, keep_c)]


def player(at):
    return players(at)["scatter_player"]


def captions(spec) -> list[str]:
    return spec["captions"]


def test_default_plays_one_stamp_per_input_cell_and_ends_on_the_output():
    at = open_page("scatter")
    assert not at.exception
    cfg, trace = trace_of(at)
    spec = player(at)
    (h, w), (kh, kw) = cfg.input_size, cfg.kernel_size
    assert spec["frames"] == h * w
    np.testing.assert_array_equal(kept_output(spec, -1, cfg.output_size), cfg.output())
    # The step count, from the trace.
    assert f"{len(trace)} steps** = {h * w} input cells ({h}x{w}) × {kh * kw} kernel cells ({kh}x{kw})" in texts(at)
    # Each stamp frame names its input cell and value; after stamp n the uncropped is trace.partial.
    for n, caption in enumerate(captions(spec)):
        i, j = divmod(n, w)
        assert caption.startswith(f"Stamp {n + 1} of {h * w}: x[{i},{j}] = ")
        np.testing.assert_array_equal(kept_output(spec, n, cfg.output_size),
                                      trace.partial((n + 1) * trace.steps_per_input_cell))
    # The browser gets the trace itself, not drawn frames: each step's cells and product.
    t = spec["trace"]
    assert t["prod"] == trace.product.tolist() and t["per"] == trace.steps_per_input_cell
    assert t["inp"] == (trace.input_index[:, 1] * w + trace.input_index[:, 2]).tolist()
    assert spec["word"] == "Stamp" and spec["start"] == 0


def check_products(spec, cfg, trace):
    """Every frame's arithmetic is its step of the trace: out[y,x] += x[i,j] × k[a,b] = x × k = product."""
    for t, caption in enumerate(captions(spec)):
        m = ARITHMETIC.search(caption)
        assert m, caption
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
    assert spec["frames"] == len(trace)
    check_products(spec, cfg, trace)
    np.testing.assert_array_equal(kept_output(spec, -1, cfg.output_size), cfg.output())
    # "now v": the output cell's running sum after the step.
    t = 7
    y, x = trace.output_index[t, 1:]
    now = ARITHMETIC.search(captions(spec)[t]).group(11)
    assert float(now) == trace.partial(t + 1)[y, x]


def test_padding_keeps_cropped_steps_visible_and_says_so():
    at = open_page("scatter", h=2, w=2, kh=3, kw=3, sh=2, sw=2, ph=1, pw=1)
    at.radio(key="scatter_mode").set_value("product").run()
    assert not at.exception
    cfg, trace = trace_of(at)
    spec = player(at)
    assert (~trace.kept).any()
    check_products(spec, cfg, trace)
    uncropped = spec["panels"][2]
    assert uncropped["rows"][0] == -1 and uncropped["cols"][0] == -1  # output coordinates
    assert uncropped["title"] == "Output before cropping"
    np.testing.assert_array_equal(kept_output(spec, -1, cfg.output_size), cfg.output())
    # The hatched border: exactly the cells outside the output.
    rows, cols = np.array(uncropped["rows"]), np.array(uncropped["cols"])
    outside = ~(((rows >= 0) & (rows < 3))[:, None] & ((cols >= 0) & (cols < 3))[None, :])
    assert cfg.output_size == (3, 3)
    assert uncropped["shaded"] == outside.ravel().tolist()


def test_long_traces_are_thinned_with_a_sentence():
    at = open_page("scatter", h=8, w=8, kh=7, kw=7, sh=4, sw=4, d=3)
    assert not at.exception
    cfg, trace = trace_of(at)
    assert player(at)["frames"] == 64  # one stamp per frame is never thinned
    at.radio(key="scatter_mode").set_value("product").run()
    assert not at.exception
    spec = player(at)
    assert len(trace) == 8 * 8 * 7 * 7
    assert spec["frames"] < MAX_FRAMES < len(trace)
    assert f"This trace has {len(trace)} steps" in texts(at)
    np.testing.assert_array_equal(kept_output(spec, -1, cfg.output_size), cfg.output())
    # The uncropped is big: numbers leave the cells (they stay on hover).
    assert spec["panels"][2]["show"] is False


def test_the_player_keeps_its_data_small():
    """A settings change sends the trace (O(steps) numbers) and the captions, not drawn frames."""
    at = open_page("scatter", h=8, w=8, kh=7, kw=7, sh=4, sw=4, d=3)
    at.radio(key="scatter_mode").set_value("product").run()
    spec = player(at)
    size = len(json.dumps(spec))
    steps = len(spec["trace"]["prod"])
    assert size < 120 * steps, f"{size} bytes for {steps} steps"


def test_contributors_of_an_output_cell_sum_to_its_value():
    at = open_page("scatter")
    at.number_input(key="scatter_out_row").set_value(2).run()
    at.number_input(key="scatter_out_col").set_value(2).run()
    assert not at.exception
    cfg, trace = trace_of(at)
    table = at.table[0].value
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
    assert config(at).output_size == (4, 4)
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


def test_a_picked_cell_sets_the_row_and_column_and_garbage_is_ignored():
    state = {"grid": {"cell": {"row": 1, "col": 3}}}
    with patch.object(cell_picker.st, "session_state", state):
        cell_picker.follow_pick("grid", ("r", "c"))()
        assert (state["r"], state["c"]) == (1, 3)
        for junk in ({"cell": None}, {"cell": {"row": "x"}}, {}, None, {"cell": [1]},
                     {"cell": {"row": float("inf"), "col": 1}}, {"cell": {"row": 1e999, "col": 1e999}}):
            state["grid"] = junk
            cell_picker.follow_pick("grid", ("r", "c"))()
            assert (state["r"], state["c"]) == (1, 3)


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset(name):
    at = open_page("scatter")
    at.sidebar.selectbox(key="preset").set_value(name).run()
    assert not at.exception
    cfg, trace = trace_of(at)
    spec = player(at)
    assert spec["frames"] == cfg.input_size[0] * cfg.input_size[1]
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
    assert not at.get("plotly_chart") and not players(at)
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


@pytest.mark.parametrize("fill", ["integers", "random (seeded)"])
def test_every_output_grid_colours_a_value_alike(fill):
    """The player's output, the pickable output and the footprint show the same array: one value, one
    colour. The player colours every value a cell takes along the way; the other two once took the final
    output's own range, so with negative values a cell changed colour between the grids."""
    at = open_page("scatter", fill=fill, seed=3)
    shown = drawn_grids(at)
    panel = player(at)["panels"][2]["scale"]
    for key in ("scatter_pick_output", "scatter_footprint"):
        assert shown[key]["grid"]["scale"] == panel, key


def test_output_padding_gives_back_cropped_cells_not_only_zeros():
    """The introduction said output padding "adds rows and columns of zeros at the bottom and right"; with
    padding 1 and output padding 1 on an all-ones input the added row and column hold 3s (cells the crop
    had removed, given back), and are zeros only where no stamp reached."""
    at = open_page("scatter", ph=1, pw=1, oph=1, opw=1, fill="ones")
    assert not at.exception
    cfg = config(at)
    out = cfg.output()
    assert out[-1].any() and out[:, -1].any()  # the added row and column hold values
    said = " ".join(texts(at).split())
    assert "rows and columns of zeros" not in said
    assert "gives back cells the crop removed" in said and "zeros only where no stamp" in said
