"""The trainer's methods along a line: learned upsamplers of a signal (a sound), fitted with Adam, seeded.

Each method maps a signal to one ``stride`` times longer and is fitted to the original (mean squared
error), as ``core.training`` does for pictures; its ``Trainer`` (Adam, by hand) runs them:

- ``transposed``: one transposed convolution (``k`` taps, stride ``s``), cropped like Keras's 'same' so
  that ``n`` samples give ``n s``; the layer of HiFi-GAN- and MelGAN-style vocoders;
- ``resize``: nearest-neighbour upsampling by ``s``, then a learned convolution of ``k`` taps;
- ``shuffle``: a learned convolution to ``s`` channels, then the sub-pixel shuffle (``pixel_shuffle1d``).

Every gradient comes from ``core.line``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import _checks
from .geometry import geometry
from .line import (
    conv1d,
    conv1d_backward,
    conv_transpose1d,
    conv_transpose1d_backward,
    pixel_shuffle1d,
    upsample_nearest1d,
)
from .training import Model, Trainer, start

METHODS = ("transposed", "resize", "shuffle")
MAX_LENGTH = 8192  # samples of the long signal
MAX_KERNEL, MAX_STRIDE = 32, 8


def downsample1d(signal, factor: int) -> np.ndarray:
    """The signal averaged over blocks of ``factor`` samples (its short version; a remainder is dropped)."""
    a = _checks.array(signal, "signal")
    n = (a.shape[-1] // factor) * factor
    return a[..., :n].reshape(a.shape[:-1] + (n // factor, factor)).mean(axis=-1)


def _unshuffle1d(y: np.ndarray, r: int) -> np.ndarray:
    """The inverse of ``pixel_shuffle1d`` on (N, C, L r): back to (N, C r, L)."""
    n, c, length = y.shape
    return np.swapaxes(y.reshape(n, c, length // r, r), -1, -2).reshape(n, c * r, length // r)


class LineModel(Model):
    """One method's parameters (arrays, by name) and how it computes, on signals (N, 1, L); ``forward`` keeps what
    ``backward`` needs. A ``core.training.Model`` (its fields and factor), so ``Trainer`` runs it."""

    def settings(self, length: int) -> dict:
        """The transposed convolution's settings for an input of ``length`` samples: Keras's 'same' crop."""
        return geometry((1, length), (1, self.kernel), (1, self.stride), "same", None, 1,
                        convention="keras").width.settings

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, list]:
        """x : (N, 1, L). Returns the output (N, 1, L s) and the cache for ``backward``."""
        p, s = self.params, self.stride
        if self.method == "transposed":
            settings = self.settings(x.shape[-1])
            return conv_transpose1d(x, p["w"], p["b"], **settings), [x, settings]
        if self.method == "resize":
            up = upsample_nearest1d(x, s)
            return conv1d(up, p["w"], p["b"], padding="same"), [up]
        return pixel_shuffle1d(conv1d(x, p["w"], p["b"], padding="same"), s), [x]

    def backward(self, cache: list, grad: np.ndarray) -> dict[str, np.ndarray]:
        """The gradient of the loss for every parameter, from the output's gradient ``grad``."""
        w = self.params["w"]
        if self.method == "transposed":
            x, settings = cache
            _, gw, gb = conv_transpose1d_backward(x, w, grad, **settings)
        elif self.method == "resize":
            _, gw, gb = conv1d_backward(cache[0], w, grad, padding="same")
        else:
            _, gw, gb = conv1d_backward(cache[0], w, _unshuffle1d(grad, self.stride), padding="same")
        return dict(w=gw, b=gb)

    def kernels(self) -> list[np.ndarray]:
        """The learned 1-D kernels: the layer's one, or the ``s`` sub-pixel kernels of a shuffle (one per phase)."""
        return [k[0] for k in self.params["w"]] if self.method == "shuffle" else [self.params["w"][0, 0]]


def init_line_model(method: str, kernel: int = 8, stride: int = 4, seed: int = 0) -> LineModel:
    """A method's model with its starting parameters, the same for the same seed."""
    k, s, rng = start(method, kernel, stride, seed, METHODS, (MAX_KERNEL, MAX_STRIDE))
    # Uniform in +-sqrt(3 / fan), fan the kernel's taps: the spread PyTorch's layers start with, times sqrt(3).
    count = s if method == "shuffle" else 1
    params = dict(w=rng.uniform(-1, 1, (count, 1, k)) * np.sqrt(3 / k), b=np.zeros(count))
    return LineModel(method, k, s, params)


def line_trainer(method: str, signal, kernel: int = 8, stride: int = 4, seed: int = 0, lr: float = 0.02) -> Trainer:
    """A trainer for ``method`` on ``signal`` (cropped to a multiple of the stride), fitting its block means
    (``downsample1d``) to it."""
    model = init_line_model(method, kernel, stride, seed)
    a = _checks.array(signal, "signal").astype(float)
    if a.ndim != 1 or a.size > MAX_LENGTH:
        raise ValueError(f"The signal must be 1-D and at most {MAX_LENGTH:,} samples long, got shape {a.shape}.")
    n = (a.size // model.factor) * model.factor
    if n < model.factor:
        raise ValueError(f"The signal ({a.size} samples) is shorter than the upsampling factor {model.factor}: "
                         "use a longer signal or a smaller stride.")
    return Trainer(model, downsample1d(a[:n], model.factor), a[:n], lr=lr)


class Learned1d(NamedTuple):
    """A transposed convolution's kernel learned on a signal: its taps, its bias, the loss at each step and after."""

    kernel: np.ndarray  # (k,)
    bias: float
    losses: list[float]  # the mean squared error before each step
    loss: float  # the mean squared error of the learned kernel and bias, after the last step


def learn_kernel1d(signal, kernel: int, stride: int, steps: int = 300, seed: int = 0) -> Learned1d:
    """The kernel of ``kernel`` taps that ``steps`` Adam steps of the ``transposed`` method learn, from ``seed``'s
    start, to rebuild ``signal`` from its block means (``line_trainer``): a learned upsampler of that signal."""
    if _checks.whole(steps, "steps") < 1:
        raise ValueError(f"steps must be at least 1, got {steps}: a kernel is learned by taking steps.")
    run = line_trainer("transposed", signal, kernel, stride, seed)
    run.step(steps)
    return Learned1d(run.model.kernels()[0].copy(), float(run.model.params["b"][0]), list(run.losses),
                     run.loss_and_grads()[0])
