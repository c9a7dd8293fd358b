"""Page 7: upsamplers trained live; every number on the page equals the core trainer's for the same seed."""

from __future__ import annotations

import re

import numpy as np
from pagetest import drawn_grids, open_page, texts

import core
from core import training
from ui.pictures.samples import picture

IMAGE = re.compile(r'data-image="([^"]*)" data-title="([^"]*)" data-shape="(\d+)x(\d+)" data-range="([^,"]*),([^"]*)"')


def images(at) -> dict[str, dict]:
    found = {}
    for element in at.get("html"):
        for key, title, h, w, lo, hi in IMAGE.findall(element.value):
            found[key] = dict(title=title, shape=(int(h), int(w)), range=(float(lo), float(hi)))
    return found


def runs(at) -> dict:
    return at.session_state["_learn_runs"]


def test_defaults_show_each_method_at_step_0_beside_the_no_learning_baseline():
    at = open_page("learning")
    assert not at.exception
    assert list(runs(at)) == ["transposed", "resize", "icnr"]
    shown = images(at)
    for method in ("transposed", "resize", "icnr"):
        assert shown[f"learning_{method}_first"]["title"] == "Step 0"
        assert shown[f"learning_{method}_first"]["shape"] == (64, 64)
        assert f"learning_{method}_now" not in shown  # before training, "now" is step 0: drawn once
    words = texts(at)
    nearest, bilinear = training.baseline_losses(picture("sample"), 2)
    assert f"nearest neighbour scores a loss of **{core_number(nearest)}**" in words
    assert f"bilinear **{core_number(bilinear)}**" in words
    assert "averaged down to 32x32 (16x16 for the two stacked layers)" in words


def core_number(v: float) -> str:
    from ui.words import number
    return number(v)


def test_train_runs_the_cores_trainer_for_the_same_seed():
    at = open_page("learning", learn_steps=20, learn_seed=5, learn_methods="transposed,shuffle", learn_picture="rings")
    assert not at.exception
    at.button(key="learning_train").click().run()
    assert not at.exception
    got = runs(at)
    for method, run in got.items():
        expected = training.trainer(method, training.texture("rings"), kernel=3, stride=2, seed=5)
        expected.step(20)
        assert run.trainer.steps == 20
        np.testing.assert_allclose(run.trainer.losses, expected.losses, rtol=1e-12)
        assert "at step 20" in texts(at)
    assert images(at)["learning_transposed_now"]["title"] == "Step 20"
    # The phase sums shown are the learned kernel's.
    kernel = got["transposed"].trainer.model.kernels()[0]
    grids = drawn_grids(at)
    sums = np.round(training.phase_sums(kernel, 2), 3)
    np.testing.assert_allclose(grids["learning_phase_sums"]["data"][0]["z"], sums)
    np.testing.assert_allclose(grids["learning_phase_kernel"]["data"][0]["z"], np.round(kernel, 3))
    # Reset starts over at step 0.
    at.button(key="learning_reset").click().run()
    assert all(r.trainer.steps == 0 for r in runs(at).values())


def test_the_gradient_of_a_strided_convolution_is_the_contribution_count():
    at = open_page("learning")
    grids = drawn_grids(at)
    counts = core.contribution_count((3, 3), (3, 3), stride=2)
    shown = np.array(grids["learning_grad_ones"]["data"][0]["z"])
    np.testing.assert_array_equal(shown[:7, :7], counts)
    assert "0 to 4 per cell" in " ".join(texts(at).split())


def test_settings_travel_in_the_address_and_bad_ones_get_a_sentence():
    at = open_page("learning", learn_methods="stacked,icnr", learn_seed=12, learn_steps=50)
    assert not at.exception
    assert list(runs(at)) == ["stacked", "icnr"]
    query = {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert query == {"learn_methods": "stacked,icnr", "learn_seed": "12", "learn_steps": "50"}
    at = open_page("learning", learn_methods="magic,transposed", learn_steps="lots")
    assert not at.exception
    warning = "\n".join(str(w.value) for w in at.sidebar.get("warning"))
    assert "training methods name `magic`" in warning and "number of training steps `lots`" in warning
    assert list(runs(at)) == ["transposed", "resize", "icnr"]


def test_no_method_and_stride_one_are_explained():
    at = open_page("learning", sh=1, sw=1)
    assert not at.exception
    assert "trains at stride 2" in texts(at)
    at.multiselect(key="learn_methods").set_value([]).run()
    assert not at.exception
    assert "Choose at least one method" in texts(at)


def test_icnr_starts_flat_and_a_random_pixel_shuffle_does_not():
    at = open_page("learning", learn_methods="shuffle,icnr")
    words = " ".join(texts(at).split())
    icnr = re.search(r"\*\*Pixel shuffle \(ICNR start\)\*\*: loss \*\*(\S+)\*\* before training\. (.*?): flat\.",
                     words)
    assert icnr, words  # before training, one loss (not "at step 0, ... at step 0")
    assert "phases are all " in icnr.group(2)  # flat: every interior phase the same (not "from a to a")
    shuffle = re.search(r"\*\*Pixel shuffle \(random start\)\*\*: (.*?\)): (a checkerboard|flat to the eye)", words)
    assert "(they differ by" in shuffle.group(1) and shuffle.group(2) == "a checkerboard"
    run = runs(at)["icnr"].trainer
    assert icnr.group(1) == core_number(float(((run.predict(run.low) - run.high) ** 2).mean()))


def test_training_goes_on_through_a_full_run_of_the_page_to_its_target():
    """AppTest runs the whole script for a press of Train, as the server does for any sidebar change, the
    projector switch or a return from another page while training runs: training goes on, no error."""
    at = open_page("learning", learn_steps=400, learn_methods="transposed,resize")
    at.button(key="learning_train").click().run(timeout=120)
    assert not at.exception
    assert {n: r.trainer.steps for n, r in runs(at).items()} == {"transposed": 400, "resize": 400}
    assert [p.proto.text for p in at.get("progress")] == ["Step 400 of 400."]
    at.sidebar.slider(key="ph").set_value(1).run()  # a full run after training: the runs are kept
    assert not at.exception and runs(at)["transposed"].trainer.steps == 400


def test_the_time_cap_counts_training_not_time_away(monkeypatch):
    from ui.state import training_runs as runs_state
    monkeypatch.setattr(runs_state, "TIME_CAP", 0.0)  # one burst, then the cap
    at = open_page("learning", learn_steps=1000, learn_methods="transposed")
    at.button(key="learning_train").click().run(timeout=120)
    assert not at.exception
    steps = runs(at)["transposed"].trainer.steps
    assert 0 < steps < 1000
    assert f"Training stopped after 0 seconds, the most one press of Train may take here, at step {steps}" \
        in texts(at).replace("\n", " ")


def test_a_change_of_setup_while_training_restarts_the_methods_and_says_so(monkeypatch):
    from ui.state import followup
    monkeypatch.setattr(followup, "again", lambda: None)  # one burst per run: training is still on afterwards
    at = open_page("learning", learn_steps=1000, learn_methods="transposed")
    at.button(key="learning_train").click().run()
    steps = runs(at)["transposed"].trainer.steps
    assert 0 < steps < 1000
    at.sidebar.slider(key="kh").set_value(4).run()
    assert not at.exception
    assert runs(at)["transposed"].trainer.steps == 0
    assert f"Training stopped at step {steps}: a setting the methods are trained with changed" \
        in texts(at).replace("\n", " ")
    at.button(key="learning_train").click().run()  # Train again: the note has done its work
    assert "Training stopped at step" not in texts(at)


SCALE = re.compile(r'data-image="([^"]*)"[^>]*data-scale="([^,"]*),([^"]*)"')


def test_flat_outputs_are_drawn_on_the_screens_scale_and_measured_in_grey_levels():
    """A 0.5 % unevenness (kernel 4) was drawn stretched to its own range, black and white stripes with no scale,
    and called "a checkerboard"; before training two panels were both "Step 0" and two "Flat input, step 0" (the
    last two different); no title stood above a method's row; a flat "Resize, then convolve" output was white
    where pixel shuffle's was grey."""
    at = open_page("learning", kh=4, kw=4, learn_methods="transposed,resize,shuffle")
    assert not at.exception
    shown = images(at)
    scales = {key: (float(lo), float(hi)) for e in at.get("html") for key, lo, hi in SCALE.findall(e.value)}
    for method in ("transposed", "resize", "shuffle"):
        row = [v["title"] for k, v in shown.items() if k.startswith(f"learning_{method}_")]
        assert len(row) == len(set(row)), row  # no two panels of a row with one title
        assert scales[f"learning_{method}_flat_first"] == (0.0, 1.0)  # the screen's grey scale, as every picture
    html = " ".join(e.value for e in at.get("html"))
    assert "grey scale from 0 (black) to 1 (white)" in html
    for name, run in runs(at).items():  # each flat panel's caption states the range of what it draws
        flat = run.first_flat
        said = f"values from {core_number(flat.min())} to {core_number(flat.max())}, the border included"
        assert said in html, (name, said)
    words = " ".join(texts(at).split())
    for label in ("Transposed convolution", "Resize, then convolve", "Pixel shuffle (random start)"):
        assert any(m.value.strip() == f"#### {label}" for m in at.markdown), label  # a title above each row
    for m in re.finditer(r"they differ by ([\d.]+) grey levels? of 255\): (flat to the eye|a checkerboard)", words):
        assert (float(m.group(1)) >= 1) == (m.group(2) == "a checkerboard"), m.group(0)
    assert "one grey level of 255" in words  # the threshold, stated
