"""A small, honest trainer: learned upsamplers fitted with Adam, in NumPy, deterministic for a seed.

Each method maps a low-resolution picture to one ``factor`` times larger and is fitted to the
high-resolution original (mean squared error):

- ``transposed``: one transposed convolution (kernel ``k``, stride ``s``), cropped like Keras's
  'same' so that an input of ``n`` cells gives ``n s``;
- ``resize``: nearest-neighbour upsampling by ``s``, then a learned ``k x k`` convolution;
- ``shuffle``: a learned convolution to ``s^2`` channels, then ``pixel_shuffle`` (random start);
- ``icnr``: the same, started as ICNR does (Aitken et al., 2017): the ``s^2`` sub-pixel kernels are
  copies of one kernel, so at step 0 the layer is that convolution followed by nearest-neighbour
  upsampling;
- ``stacked``: two transposed convolutions in a row, ``s^2`` times larger, where artifacts compound.

Every gradient comes from ``core.gradients``. ``phase_sums`` says why a learned kernel can still
leave a checkerboard: on a flat input, an interior output cell of stride phase (p, q) receives
the input times the sum of the kernel's taps of that phase.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import _checks
from .convolution import conv2d, conv_transpose2d
from .geometry import geometry
from .gradients import conv2d_backward, conv_transpose2d_backward
from .upsample import pixel_shuffle, upsample_bilinear, upsample_nearest

METHODS = ("transposed", "resize", "shuffle", "icnr", "stacked")
MAX_SIDE = 128  # pixels of the high-resolution picture, per side
MAX_KERNEL, MAX_STRIDE = 7, 4
BETAS, EPSILON = (0.9, 0.999), 1e-8


def phase_sums(kernel, stride=2, dilation=1) -> np.ndarray:
    """(s_h, s_w) array: entry (p, q) sums the taps (a, b) with a*d = p and b*d = q modulo the stride.

    A flat input of value c gives every interior output cell of phase (p, q), counted in the
    uncropped output, the value c times entry (p, q): the output is flat exactly when all entries
    are equal.
    """
    k = _checks.array(kernel, "kernel")
    s, d = _checks.stride_pair(stride), _checks.dilation_pair(dilation)
    rows = (np.arange(k.shape[0]) * d[0]) % s[0]
    cols = (np.arange(k.shape[1]) * d[1]) % s[1]
    sums = np.zeros(s)
    np.add.at(sums, (rows[:, None], cols[None, :]), k)
    return sums


def phase_spread(sums) -> float:
    """How uneven the phase sums are: (largest - smallest) / the mean's size (0 is flat)."""
    a = np.asarray(sums, dtype=float)
    scale = abs(float(a.mean()))
    return float((a.max() - a.min()) / scale) if scale > 1e-12 else float("inf") if a.max() > a.min() else 0.0


TEXTURES = ("stripes", "checks", "rings")


def texture(name: str, size: int = 64) -> np.ndarray:
    """A generated picture in [0, 1]: soft diagonal stripes, a checkerboard of soft squares, or rings."""
    y, x = np.mgrid[0:size, 0:size] / size
    if name == "stripes":
        out = np.sin(2 * np.pi * 5 * (x + 0.6 * y))
    elif name == "checks":
        out = np.tanh(3 * np.sin(2 * np.pi * 4 * x)) * np.tanh(3 * np.sin(2 * np.pi * 4 * y))
    elif name == "rings":
        out = np.cos(2 * np.pi * 6 * np.hypot(x - 0.5, y - 0.5))
    else:
        raise ValueError(f"texture must be one of {', '.join(TEXTURES)}, got {_checks.show(name)}.")
    return (out + 1) / 2


def flat_phases(trainer: Trainer, value: float = 0.5) -> np.ndarray:
    """(f, f) array: the output for a flat input of ``value``, averaged over the interior cells of each phase
    (y mod f, x mod f), f the method's factor. Equal entries: a flat picture stays flat; unequal: a checkerboard."""
    out = trainer.predict(np.full(trainer.low.shape, value))
    f, k = trainer.model.factor, trainer.model.kernel
    margin = min(k * (f + 1), min(out.shape) // 4)  # away from the borders, where fewer stamps reach
    inner = out[margin:out.shape[0] - margin, margin:out.shape[1] - margin]
    rows, cols = np.arange(margin, margin + inner.shape[0]) % f, np.arange(margin, margin + inner.shape[1]) % f
    sums, counts = np.zeros((f, f)), np.zeros((f, f))
    np.add.at(sums, (rows[:, None], cols[None, :]), inner)
    np.add.at(counts, (rows[:, None], cols[None, :]), 1)
    return sums / np.maximum(counts, 1)


def downsample(image, factor: int) -> np.ndarray:
    """The picture averaged over ``factor x factor`` blocks (its low-resolution version)."""
    a = _checks.array(image, "image")
    h, w = (a.shape[0] // factor) * factor, (a.shape[1] // factor) * factor
    return a[:h, :w].reshape(h // factor, factor, w // factor, factor).mean(axis=(1, 3))


def baselines(high, factor: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The picture (cropped to a multiple of ``factor``) and its nearest-neighbour and bilinear upsampling
    from its ``factor``-times averaged-down version: what a fixed rule, with nothing learned, gives."""
    a = _checks.array(high, "image").astype(float)
    h, w = (a.shape[0] // factor) * factor, (a.shape[1] // factor) * factor
    low = downsample(a, factor)
    return a[:h, :w], {"nearest": upsample_nearest(low, factor), "bilinear": upsample_bilinear(low, factor)}


def baseline_losses(high, factor: int) -> tuple[float, float]:
    """Mean squared error of nearest neighbour and bilinear upsampling (``baselines``)."""
    target, outputs = baselines(high, factor)
    return tuple(float(((outputs[name] - target) ** 2).mean()) for name in ("nearest", "bilinear"))


def _pixel_unshuffle(y: np.ndarray, r: int) -> np.ndarray:
    """The inverse of ``pixel_shuffle`` on (N, C, H r, W r): back to (N, C r^2, H, W)."""
    n, c, hr, wr = y.shape
    h, w = hr // r, wr // r
    return y.reshape(n, c, h, r, w, r).transpose(0, 1, 3, 5, 2, 4).reshape(n, c * r * r, h, w)


@dataclass
class Model:
    """One method's parameters (arrays, by name) and how it computes; ``forward`` keeps what ``backward`` needs."""

    method: str
    kernel: int
    stride: int
    params: dict[str, np.ndarray]

    @property
    def factor(self) -> int:
        return self.stride ** 2 if self.method == "stacked" else self.stride

    def _transposed(self, x, w, b):
        geo = geometry(x.shape[2:], w.shape[2:], self.stride, "same", None, 1, convention="keras")
        return conv_transpose2d(x, w, b, **geo.settings), geo.settings

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, list]:
        """x : (N, 1, H, W). Returns the output (N, 1, H f, W f) and the cache for ``backward``."""
        p, s = self.params, self.stride
        if self.method == "transposed":
            y, settings = self._transposed(x, p["w"], p["b"])
            return y, [(x, settings)]
        if self.method == "stacked":
            mid, first = self._transposed(x, p["w"], p["b"])
            y, second = self._transposed(mid, p["w2"], p["b2"])
            return y, [(x, first), (mid, second)]
        if self.method == "resize":
            up = upsample_nearest(x, s)
            return conv2d(up, p["w"], p["b"], padding="same"), [up]
        return pixel_shuffle(conv2d(x, p["w"], p["b"], padding="same"), s), [x]  # shuffle, icnr

    def backward(self, cache: list, grad: np.ndarray) -> dict[str, np.ndarray]:
        """The gradient of the loss for every parameter, from the output's gradient ``grad``."""
        p, s = self.params, self.stride
        if self.method in ("transposed", "stacked"):
            grads = {}
            names = [("w", "b"), ("w2", "b2")][:len(cache)]
            for (x, settings), (w, b) in reversed(list(zip(cache, names))):
                grad, grads[w], grads[b] = conv_transpose2d_backward(x, p[w], grad, **settings)
            return grads
        if self.method == "resize":
            _, gw, gb = conv2d_backward(cache[0], p["w"], grad, padding="same")
            return dict(w=gw, b=gb)
        _, gw, gb = conv2d_backward(cache[0], p["w"], _pixel_unshuffle(grad, s), padding="same")
        return dict(w=gw, b=gb)

    def kernels(self) -> list[np.ndarray]:
        """The learned 2-D kernels: one per layer, or the s^2 sub-pixel kernels of a pixel shuffle."""
        if self.method in ("shuffle", "icnr"):
            return [k[0] for k in self.params["w"]]
        return [self.params[name][0, 0] for name in ("w", "w2") if name in self.params]


def start(method: str, kernel, stride, seed, methods=METHODS, most=(MAX_KERNEL, MAX_STRIDE)):
    """A method's kernel and stride, checked against ``methods`` and the ``most`` of each, and its random
    generator, the same for the same seed and method."""
    if method not in methods:
        raise ValueError(f"method must be one of {', '.join(methods)}, got {_checks.show(method)}.")
    for name, value, top in zip(("kernel", "stride"), (kernel, stride), most):
        if not _checks._is_whole(value) or not 1 <= value <= top:
            raise ValueError(f"{name} must be a whole number from 1 to {top}, got {_checks.show(value)}.")
    return int(kernel), int(stride), np.random.default_rng([int(seed), methods.index(method)])


def init_model(method: str, kernel: int = 3, stride: int = 2, seed: int = 0) -> Model:
    """A method's model with its starting parameters, the same for the same seed."""
    k, s, rng = start(method, kernel, stride, seed)

    def taps(count: int) -> np.ndarray:
        # Uniform in +-1/sqrt(fan), as PyTorch starts its layers, times the stride's gain of a stamp.
        fan = k * k
        return rng.uniform(-1, 1, (count, 1, k, k)) * np.sqrt(3 / fan)

    if method in ("transposed", "resize"):
        params = dict(w=taps(1), b=np.zeros(1))
    elif method == "stacked":
        params = dict(w=taps(1), b=np.zeros(1), w2=taps(1), b2=np.zeros(1))
    elif method == "shuffle":
        params = dict(w=taps(s * s), b=np.zeros(s * s))
    else:  # icnr: every sub-pixel kernel a copy of one
        params = dict(w=np.repeat(taps(1), s * s, axis=0), b=np.zeros(s * s))
    return Model(method, k, s, params)


@dataclass
class Trainer:
    """Adam on one model, fitting ``low`` (H, W) to ``high`` (H f, W f); ``step`` continues where it stopped.

    A signal's model (``core.line_training.LineModel``) runs here too, fitting ``low`` (L,) to ``high`` (L f,).
    """

    model: Model
    low: np.ndarray
    high: np.ndarray
    lr: float = 0.02
    steps: int = 0
    losses: list[float] = field(default_factory=list)
    moments: dict = field(default_factory=dict)

    def loss_and_grads(self) -> tuple[float, dict]:
        out, cache = self.model.forward(self.low[None, None])
        diff = out[0, 0] - self.high
        # L = mean((out - high)^2); dL/dout = 2 (out - high) / count
        grads = self.model.backward(cache, (2 / diff.size) * diff[None, None])
        return float((diff ** 2).mean()), grads

    def step(self, count: int = 1) -> None:
        b1, b2 = BETAS
        for _ in range(count):
            loss, grads = self.loss_and_grads()
            self.losses.append(loss)
            self.steps += 1
            for name, g in grads.items():
                m, v = self.moments.get(name, (np.zeros_like(g), np.zeros_like(g)))
                m = b1 * m + (1 - b1) * g
                v = b2 * v + (1 - b2) * g * g
                self.moments[name] = (m, v)
                # theta -= lr * m_hat / (sqrt(v_hat) + eps), with the bias-corrected moments
                m_hat, v_hat = m / (1 - b1 ** self.steps), v / (1 - b2 ** self.steps)
                self.model.params[name] = self.model.params[name] - self.lr * m_hat / (np.sqrt(v_hat) + EPSILON)

    def predict(self, image) -> np.ndarray:
        """The model's output for a picture (H, W), as a 2-D array."""
        return self.model.forward(_checks.array(image, "image")[None, None].astype(float))[0][0, 0]


def trainer(method: str, high, kernel: int = 3, stride: int = 2, seed: int = 0, lr: float = 0.02) -> Trainer:
    """A trainer for ``method`` on the picture ``high`` (cropped to a multiple of the method's factor)."""
    model = init_model(method, kernel, stride, seed)
    picture = _checks.array(high, "image").astype(float)
    if picture.ndim != 2 or max(picture.shape) > MAX_SIDE:
        raise ValueError(f"The picture must be 2-D and at most {MAX_SIDE} pixels a side, got shape {picture.shape}.")
    f = model.factor
    h, w = (picture.shape[0] // f) * f, (picture.shape[1] // f) * f
    if min(h, w) < f:
        raise ValueError(f"The picture ({picture.shape[0]}x{picture.shape[1]}) is smaller than the upsampling "
                         f"factor {f}: use a larger picture or a smaller stride.")
    picture = picture[:h, :w]
    return Trainer(model, downsample(picture, f), picture, lr=lr)
