"""The GIF of a step player: one frame per stamp, step or window (or per the caps), each frame the
core's partial output in the page's colours, with the page's arithmetic above it."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "app"))

from pagetest import config, open_page, players  # noqa: E402

import core  # noqa: E402
from ui.exports import frames, gif, paint, worker  # noqa: E402
from ui.figures.cells import stop_colors  # noqa: E402
from ui.figures.player import MAX_FRAMES  # noqa: E402
from ui.figures.spec import Player  # noqa: E402

TOLERANCE = 14  # per channel: the GIF's palette of 256 colours, chosen per frame


def scatter(mode: str = "cell", **params):
    at = open_page("scatter", **params)
    if mode != "cell":
        at.radio(key="scatter_mode").set_value(mode).run()
    cfg = config(at)
    return players(at)["scatter_player"], cfg


def zero_insertion(**params):
    at = open_page("zero_insertion", **params)
    return players(at)["zero_player"], config(at)


def decoded(data: bytes) -> list[np.ndarray]:
    im = Image.open(io.BytesIO(data))
    out = []
    for n in range(im.n_frames):
        im.seek(n)
        out.append(np.asarray(im.convert("RGB")))
    return out


def drawn_colors(image: np.ndarray, plan: gif.Plan, panel: int, shape) -> np.ndarray:
    """Each cell's colour in a decoded frame, read low in the cell's left part (clear of its number,
    its dot at the top right and its outline at the edges)."""
    look = plan.layout.looks[panel]
    left, top = paint.cells_origin(*plan.layout.corners[panel], look)
    h, w = shape
    rows = (top + (np.arange(h) + 0.8) * look.cell).astype(int)
    cols = (left + (np.arange(w) + 0.2) * look.cell).astype(int)
    return image[np.ix_(rows, cols)].astype(int)


@pytest.fixture(scope="module")
def default_scatter():
    return scatter()


def test_a_stamp_gif_has_a_frame_per_stamp_showing_the_cores_partial_output(default_scatter):
    spec, cfg = default_scatter
    trace = core.trace_conv_transpose2d(cfg.input, cfg.kernel, **cfg.settings)
    options = gif.GifOptions(width=640, frame_ms=500, title=cfg.describe())
    plan = gif.plan(Player.from_json(spec), options)
    images = decoded(gif.build(Player.from_json(spec), options))
    h, w = cfg.input_size
    assert len(images) == h * w == len(plan.chosen) and plan.note is None
    assert images[0].shape[:2] == (plan.size[1], plan.size[0])
    output = spec["panels"][2]
    scale = output["scale"]
    for n, image in enumerate(images):
        partial = trace.partial((n + 1) * trace.steps_per_input_cell)  # no crop: the drawn output is the output
        expected = stop_colors(partial, scale["stops"], scale["zmin"], scale["zmax"])
        drawn = drawn_colors(image, plan, 2, partial.shape)
        assert np.abs(drawn - expected).max() <= TOLERANCE, f"frame {n + 1}"


def test_the_gif_holds_each_frame_for_the_chosen_time_and_the_last_longer(default_scatter):
    spec, _ = default_scatter
    im = Image.open(io.BytesIO(gif.build(Player.from_json(spec), gif.GifOptions(width=640, frame_ms=700))))
    durations = []
    for n in range(im.n_frames):
        im.seek(n)
        durations.append(im.info["duration"])
    assert durations == [700] * (im.n_frames - 1) + [700 * gif.HOLD]
    assert im.info.get("loop") == 0


def test_each_frame_is_drawn_with_the_pages_arithmetic(default_scatter):
    spec, _ = default_scatter
    options = gif.GifOptions(width=640)
    plan = gif.plan(Player.from_json(spec), options)
    chosen = frames.frames(Player.from_json(spec))
    painter = gif.Painter(Player.from_json(spec), plan.layout, options.title, chosen)
    for frame in chosen:
        painter.draw(frame)
        assert painter.caption.get_text().replace("\n", " ") == frame.caption
    assert chosen[-1].caption.startswith(f"Stamp {spec['frames']} of {spec['frames']}: x[")


def test_a_sliding_window_gif_reveals_one_output_cell_a_frame():
    spec, cfg = zero_insertion()
    options = gif.GifOptions(width=960)
    plan = gif.plan(Player.from_json(spec), options)
    images = decoded(gif.build(Player.from_json(spec), options))
    out = cfg.output()
    assert len(images) == out.size
    scale = spec["panels"][3]["scale"]
    expected = stop_colors(out, scale["stops"], scale["zmin"], scale["zmax"])
    for n in (0, out.size // 2, out.size - 1):
        drawn = drawn_colors(images[n], plan, 3, out.shape).reshape(-1, 3)
        done = n + 1
        assert np.abs(drawn[:done] - expected.reshape(-1, 3)[:done]).max() <= TOLERANCE
        assert (np.abs(drawn[done:] - paint.PAPER) <= TOLERANCE).all()  # not computed yet: an empty cell


def test_past_the_pixel_cap_every_kth_frame_is_kept_and_a_sentence_says_so():
    spec, _ = scatter("product", h=8, w=8, kh=7, kw=7, sh=4, sw=4, d=3)
    options = gif.GifOptions(width=1280)
    plan = gif.plan(Player.from_json(spec), options)
    width, height = plan.size
    assert len(plan.chosen) * width * height <= gif.MAX_PIXELS + width * height  # the last frame may add one
    assert plan.chosen[-1] == spec["frames"] - 1 and len(plan.chosen) < spec["frames"] <= MAX_FRAMES
    every = plan.chosen[1] - plan.chosen[0]
    assert f"The GIF shows {len(plan.chosen)} of the player's {spec['frames']} frames" in plan.note
    assert f"every {every}" in plan.note and f"{width}x{height} pixels" in plan.note


def test_a_thinned_gif_has_one_frame_per_kept_frame(monkeypatch):
    spec, _ = scatter("product")
    options = gif.GifOptions(width=640)
    width, height = gif.plan(Player.from_json(spec), options).size
    monkeypatch.setattr(gif, "MAX_PIXELS", 20 * width * height)  # room for 20 frames of the 81
    plan = gif.plan(Player.from_json(spec), options)
    assert plan.chosen == list(range(4, 81, 5)) + [80] and "every 5th" in plan.note
    assert len(decoded(gif.build(Player.from_json(spec), options))) == len(plan.chosen)


def test_options_out_of_range_are_refused_with_a_sentence():
    with pytest.raises(ValueError, match="pixels wide"):
        gif.GifOptions(width=333)
    with pytest.raises(ValueError, match="A frame lasts"):
        gif.GifOptions(frame_ms=5)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(h=st.integers(1, 3), w=st.integers(1, 3), k=st.integers(1, 3), s=st.integers(1, 3),
       mode=st.sampled_from(["cell", "product"]))
def test_frames_are_stamps_or_steps_for_any_small_setting(h, w, k, s, mode):
    spec, cfg = scatter(mode, h=h, w=w, kh=k, kw=k, sh=s, sw=s)
    steps = h * w * k * k
    expected = h * w if mode == "cell" else steps  # at most 81 steps: under the cap of frames
    assert spec["frames"] == expected
    assert len(decoded(gif.build(Player.from_json(spec), gif.GifOptions(width=640, frame_ms=100)))) == spec["frames"]


def test_the_gif_process_builds_the_same_gif_and_reports_its_progress(default_scatter):
    spec, _ = default_scatter
    options = gif.GifOptions(width=640, frame_ms=300)
    seen = []
    builder = worker.Builder()
    data = builder.build(Player.from_json(spec), options, progress=lambda done, total: seen.append((done, total)),
                         every=0.05)
    assert data == gif.build(Player.from_json(spec), options)
    assert seen and all(total == 9 and 0 <= done <= 9 for done, total in seen)


def test_a_tall_narrow_player_is_scaled_to_the_height_a_gif_may_have():
    spec, _ = scatter("cell", h=8, w=1, kh=7, kw=1, sh=4, sw=4, d=3)  # a 47x1 output
    for width in gif.WIDTHS:
        width_, height = gif.plan(Player.from_json(spec), gif.GifOptions(width=width)).size
        assert width_ == width and height <= gif.MAX_HEIGHT
