"""The trainer: deterministic for a seed, the loss goes down, Adam's steps equal torch.optim.Adam's,
ICNR starts as nearest-neighbour upsampling, and the phase sums decide whether a flat input stays flat."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core
from core import training


def picture(size: int = 32, seed: int = 0) -> np.ndarray:
    """A smooth test picture: a few blurred blobs in [0, 1]."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size] / size
    out = sum(np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 0.02) for cx, cy in rng.random((4, 2)))
    return out / out.max()


@pytest.mark.parametrize("method", training.METHODS)
def test_the_loss_goes_down_and_a_seed_gives_the_same_run(method):
    runs = []
    for _ in range(2):
        t = training.trainer(method, picture(), kernel=3, stride=2, seed=7)
        t.step(60)
        runs.append(t)
    assert runs[0].losses == runs[1].losses  # deterministic for a seed
    assert runs[0].losses[-1] < 0.5 * runs[0].losses[0]
    other = training.trainer(method, picture(), kernel=3, stride=2, seed=8)
    other.step(1)
    assert other.losses[0] != runs[0].losses[0]
    assert runs[0].predict(runs[0].low).shape == runs[0].high.shape


def test_icnr_starts_as_a_convolution_then_nearest_neighbour():
    t = training.trainer("icnr", picture(), kernel=3, stride=2, seed=3)
    w, b = t.model.params["w"], t.model.params["b"]
    assert all(np.array_equal(k, w[0]) for k in w)
    expected = core.upsample_nearest(core.conv2d(t.low, w[0, 0], padding="same") + b[0], 2)
    np.testing.assert_allclose(t.predict(t.low), expected, atol=1e-12)
    random = training.trainer("shuffle", picture(), kernel=3, stride=2, seed=3)
    assert not np.allclose(random.predict(random.low), core.upsample_nearest(random.predict(random.low)[::2, ::2], 2))


@pytest.mark.parametrize("method", ["transposed", "shuffle", "resize"])
def test_adam_steps_equal_torch(torch, method):
    t = training.trainer(method, picture(16), kernel=3, stride=2, seed=1, lr=0.05)
    start = {k: v.copy() for k, v in t.model.params.items()}
    t.step(5)
    F = torch.nn.functional
    params = {k: torch.tensor(v, requires_grad=True) for k, v in start.items()}
    opt = torch.optim.Adam(params.values(), lr=0.05, betas=training.BETAS, eps=training.EPSILON)
    x, target = torch.tensor(t.low)[None, None], torch.tensor(t.high)[None, None]
    for _ in range(5):
        opt.zero_grad()
        if method == "transposed":
            # Keras 'same' with kernel 3, stride 2 keeps the first 16 cells of 17.
            y = F.conv_transpose2d(x, params["w"], params["b"], stride=2)[..., :16, :16]
        elif method == "shuffle":
            y = F.pixel_shuffle(F.conv2d(x, params["w"], params["b"], padding="same"), 2)
        else:
            y = F.conv2d(F.interpolate(x, scale_factor=2, mode="nearest"), params["w"], params["b"], padding="same")
        loss = ((y - target) ** 2).mean()
        loss.backward()
        opt.step()
    for name, value in params.items():
        np.testing.assert_allclose(t.model.params[name], value.detach().numpy(), rtol=1e-7, atol=1e-10)
    assert t.losses[-1] == pytest.approx(loss.item(), rel=1e-7)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(2, 3), st.integers(0, 2**32 - 1))
def test_phase_sums_decide_whether_a_flat_input_stays_flat(k, s, seed):
    kernel = np.random.default_rng(seed).integers(1, 4, (k, k)).astype(float)
    sums = training.phase_sums(kernel, s)
    flat = core.conv_transpose2d(np.ones((8, 8)), kernel, stride=s)
    span = k - 1
    interior = flat[span:flat.shape[0] - span, span:flat.shape[1] - span]
    # Every interior cell holds the sum of its uncropped phase: interior cell i sits at uncropped span + i.
    phase = (span + np.arange(interior.shape[0])) % s
    np.testing.assert_array_equal(interior, sums[np.ix_(phase, phase)])
    even = np.ptp(sums) == 0
    assert (np.ptp(interior) == 0) == even or interior.size == 0
    assert (training.phase_spread(sums) == 0) == even


def test_phase_sums_of_the_seeds_kernels():
    # A 4x4 box at stride 2: four equal phase sums, a flat interior. A 3x3 box: sums 4, 2, 2 and 1,
    # so the spread is (4 - 1) / 2.25.
    assert training.phase_spread(training.phase_sums(np.ones((4, 4)), 2)) == 0
    assert training.phase_spread(training.phase_sums(np.ones((3, 3)), 2)) == pytest.approx(4 / 3)
    np.testing.assert_array_equal(training.phase_sums(np.ones((3, 3)), 2), [[4, 2], [2, 1]])


def test_bad_settings_get_a_sentence():
    with pytest.raises(ValueError, match="method must be one of"):
        training.init_model("magic")
    with pytest.raises(ValueError, match="kernel must be a whole number from 1 to 7"):
        training.init_model("transposed", kernel=9)
    with pytest.raises(ValueError, match="smaller than the upsampling factor"):
        training.trainer("stacked", np.ones((3, 3)), stride=4)
