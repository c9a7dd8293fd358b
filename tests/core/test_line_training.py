"""The trainer along a line: deterministic for a seed, the loss goes down, and Adam's steps on each method
(transposed, resize then convolve, sub-pixel shuffle) equal torch.optim.Adam's on the same layers."""

from __future__ import annotations

import numpy as np
import pytest

import core
from core import line_training, training
from core.line_training import learn_kernel1d, line_trainer


def signal(length: int = 256, seed: int = 0) -> np.ndarray:
    """A smooth test signal: three tones of random phase, well below the short signal's Nyquist frequency."""
    t = np.arange(length) / length
    phases = np.random.default_rng(seed).uniform(0, 2 * np.pi, 3)
    return sum(np.sin(2 * np.pi * f * t + p) / (i + 1) for i, (f, p) in enumerate(zip((3, 7, 12), phases)))


@pytest.mark.parametrize("method", line_training.METHODS)
def test_the_loss_goes_down_and_a_seed_gives_the_same_run(method):
    runs = []
    for _ in range(2):
        t = line_training.line_trainer(method, signal(), kernel=8, stride=4, seed=7)
        t.step(80)
        runs.append(t)
    assert runs[0].losses == runs[1].losses  # deterministic for a seed
    assert runs[0].losses[-1] < 0.5 * runs[0].losses[0]
    other = line_training.line_trainer(method, signal(), kernel=8, stride=4, seed=8)
    other.step(1)
    assert other.losses[0] != runs[0].losses[0]
    assert runs[0].predict(runs[0].low).shape == runs[0].high.shape == (256,)
    kernels = runs[0].model.kernels()
    assert len(kernels) == (4 if method == "shuffle" else 1) and all(k.shape == (8,) for k in kernels)


def _torch_forward(torch, method, x, params, stride):
    F = torch.nn.functional
    n = x.shape[-1]
    if method == "transposed":
        # Keras 'same' with kernel 5, stride 2 crops one cell at the start and two at the end: cells 1 to 2n
        # of the (n - 1) 2 + 5 = 2n + 3.
        return F.conv_transpose1d(x, params["w"], params["b"], stride=stride)[..., 1:1 + 2 * n]
    if method == "resize":
        return F.conv1d(F.interpolate(x, scale_factor=stride, mode="nearest"), params["w"], params["b"],
                        padding="same")
    # Sub-pixel: channel p holds phase p, so output cell i s + p comes from channel p, cell i.
    y = F.conv1d(x, params["w"], params["b"], padding="same")
    return y.reshape(1, 1, stride, n).transpose(-1, -2).reshape(1, 1, n * stride)


@pytest.mark.parametrize("method", line_training.METHODS)
def test_adam_steps_equal_torch(torch, method):
    t = line_training.line_trainer(method, signal(64), kernel=5, stride=2, seed=1, lr=0.05)
    start = {k: v.copy() for k, v in t.model.params.items()}
    t.step(5)
    params = {k: torch.tensor(v, requires_grad=True) for k, v in start.items()}
    opt = torch.optim.Adam(params.values(), lr=0.05, betas=training.BETAS, eps=training.EPSILON)
    x, target = torch.tensor(t.low)[None, None], torch.tensor(t.high)[None, None]
    for _ in range(5):
        opt.zero_grad()
        loss = ((_torch_forward(torch, method, x, params, 2) - target) ** 2).mean()
        loss.backward()
        opt.step()
    for name, value in params.items():
        np.testing.assert_allclose(t.model.params[name], value.detach().numpy(), rtol=1e-7, atol=1e-10)
    assert t.losses[-1] == pytest.approx(loss.item(), rel=1e-7)


def test_the_transposed_method_keeps_n_times_s_samples():
    model = line_training.init_line_model("transposed", kernel=5, stride=2)
    assert model.settings(32) == dict(stride=2, padding=(1, 2), output_padding=0, dilation=1)
    assert model.forward(np.ones((1, 1, 32)))[0].shape == (1, 1, 64)


def test_block_means():
    np.testing.assert_array_equal(line_training.downsample1d([1.0, 3, 2, 4, 5], 2), [2, 3])


def test_bad_settings_get_a_sentence():
    with pytest.raises(ValueError, match="method must be one of transposed, resize, shuffle"):
        line_training.init_line_model("icnr")
    with pytest.raises(ValueError, match="kernel must be a whole number from 1 to 32"):
        line_training.init_line_model("transposed", kernel=33)
    with pytest.raises(ValueError, match="shorter than the upsampling factor 4"):
        line_training.line_trainer("resize", np.ones(3), stride=4)
    with pytest.raises(ValueError, match="must be 1-D and at most 8,192 samples"):
        line_training.line_trainer("resize", np.ones((2, 8)))


@pytest.mark.parametrize("k,s", [(3, 2), (4, 2), (5, 3)])
def test_a_kernel_learned_on_a_tone_is_the_same_for_a_seed_and_lowers_the_loss(k, s):
    x = core.tone(440.0, 4000)
    learned = learn_kernel1d(x, k, s, steps=120, seed=3)
    again = learn_kernel1d(x, k, s, steps=120, seed=3)
    np.testing.assert_array_equal(learned.kernel, again.kernel)
    assert learned.bias == again.bias and learned.losses == again.losses
    assert learned.kernel.shape == (k,) and len(learned.losses) == 120
    assert learned.loss < learned.losses[-1] < learned.losses[0] / 10
    # the kernel is the trainer's after the same steps: what the page plays is what was learned
    run = line_trainer("transposed", x, k, s, 3)
    run.step(120)
    np.testing.assert_array_equal(learned.kernel, run.model.params["w"][0, 0])
    assert learned.loss == run.loss_and_grads()[0]
    assert not np.array_equal(learn_kernel1d(x, k, s, steps=120, seed=4).kernel, learned.kernel)


def test_learning_takes_at_least_one_step():
    with pytest.raises(ValueError, match="steps must be at least 1"):
        learn_kernel1d(core.tone(440.0, 4000), 3, 2, steps=0)
