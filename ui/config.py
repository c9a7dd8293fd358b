"""The lesson's configuration: sizes, settings, values and convention. No Streamlit here.

A ``Config`` is frozen and hashable, so pages pass it to ``st.cache_data`` functions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

import core

CONVENTIONS = {
    "pytorch": "PyTorch",
    "keras-valid": "Keras 'valid'",
    "keras-same": "Keras 'same'",
}
FILLS = {
    "integers": "small integers",
    "ones": "ones",
    "random": "random (seeded)",
    "custom": "typed by hand",
}
MAX_INPUT, MAX_KERNEL, MAX_STRIDE, MAX_DILATION, MAX_PADDING = 8, 7, 4, 3, 6

Matrix = tuple[tuple[float, ...], ...]


def fill_values(fill: str, shape: tuple[int, int], seed: int, salt: int) -> Matrix:
    """Deterministic values for a fill; ``salt`` keeps input and kernel apart."""
    rng = np.random.default_rng([seed, salt])
    if fill == "ones":
        a = np.ones(shape)
    elif fill == "random":
        a = np.round(rng.standard_normal(shape), 1)
    else:
        a = rng.integers(0, 4, shape).astype(float)
    return as_matrix(a)


def as_matrix(a) -> Matrix:
    return tuple(tuple(float(v) for v in row) for row in np.asarray(a, dtype=float))


def resize(values: Matrix, shape: tuple[int, int], pad: float = 1.0) -> Matrix:
    """Keep the overlapping top-left block; new cells get ``pad``."""
    out = np.full(shape, pad)
    old = np.asarray(values, dtype=float)
    h, w = min(shape[0], old.shape[0]), min(shape[1], old.shape[1])
    out[:h, :w] = old[:h, :w]
    return as_matrix(out)


def number(v: float) -> str:
    """A value as a reader writes it: 3, not 3.0; 0.25, not 0.250000."""
    if float(v).is_integer():
        return str(int(v))
    return f"{v:.3g}"


def encode(values: Matrix) -> str:
    """Rows separated by ';', cells by ',' (the URL form)."""
    return ";".join(",".join(number(v) if float(v).is_integer() else repr(float(v)) for v in row)
                    for row in values)


def decode(text: str, what: str, limit: int) -> Matrix:
    """Parse the URL form; raise ValueError with a sentence if it is not a rectangle of numbers."""
    rows = [r for r in text.strip().split(";")]
    if not text.strip():
        raise ValueError(f"The {what} in the address is empty.")
    if len(rows) > limit:
        raise ValueError(f"The {what} in the address has {len(rows)} rows; at most {limit} are allowed.")
    try:
        cells = [[float(c) for c in r.split(",")] for r in rows]
    except ValueError:
        raise ValueError(f"The {what} in the address has a cell that is not a number.") from None
    widths = {len(r) for r in cells}
    if len(widths) != 1:
        raise ValueError(f"The {what} in the address has rows of different lengths.")
    if widths.pop() > limit:
        raise ValueError(f"The {what} in the address has more than {limit} columns.")
    a = np.asarray(cells)
    if not np.isfinite(a).all() or np.abs(a).max() > 1e6:
        raise ValueError(f"The {what} in the address has a value that is not a finite number of "
                         "at most a million.")
    return as_matrix(a)


@dataclass(frozen=True)
class Config:
    """One configuration of the lesson (single channel, the teaching form).

    padding is PyTorch's (used with convention 'pytorch'); output_padding holds a
    number per axis, or None per axis for Keras's default.
    """

    x: Matrix
    k: Matrix
    stride: tuple[int, int] = (1, 1)
    padding: tuple[int, int] = (0, 0)
    output_padding: tuple[int | None, int | None] = (0, 0)
    dilation: int = 1
    convention: str = "pytorch"

    @property
    def input(self) -> np.ndarray:
        return np.asarray(self.x, dtype=float)

    @property
    def kernel(self) -> np.ndarray:
        return np.asarray(self.k, dtype=float)

    @property
    def input_size(self) -> tuple[int, int]:
        return len(self.x), len(self.x[0])

    @property
    def kernel_size(self) -> tuple[int, int]:
        return len(self.k), len(self.k[0])

    @property
    def is_keras(self) -> bool:
        return self.convention.startswith("keras")

    @property
    def keras_padding(self) -> str:
        return self.convention.removeprefix("keras-")

    @property
    def keras_output_padding(self):
        op = self.output_padding
        return None if op[0] is None and op[1] is None else tuple(0 if v is None else v for v in op)

    @cached_property
    def settings(self) -> dict:
        """Keyword arguments for core's transposed-convolution functions.

        With a Keras convention the padding is given per side, since Keras's 'same'
        may crop more from the bottom and right than from the top and left.
        """
        if self.is_keras:
            padding, output_padding = core.keras_to_torch_padding(
                self.kernel_size, self.stride, self.keras_padding, self.keras_output_padding,
                self.dilation)
        else:
            padding = self.padding
            output_padding = tuple(0 if v is None else v for v in self.output_padding)
        return dict(stride=self.stride, padding=padding, output_padding=output_padding,
                    dilation=(self.dilation, self.dilation))

    @cached_property
    def problem(self) -> str | None:
        """Why these settings cannot work (the core's sentence), or None."""
        try:
            self.output_size  # noqa: B018 - computing it is the check
        except ValueError as exc:
            return str(exc)
        return None

    @cached_property
    def output_size(self) -> tuple[int, int]:
        if self.is_keras:
            return core.keras_output_size(self.input_size, self.kernel_size, self.stride,
                                          self.keras_padding, self.keras_output_padding, self.dilation)
        return core.output_size(self.input_size, self.kernel_size, **self.settings)

    def output(self) -> np.ndarray:
        return core.conv_transpose2d(self.input, self.kernel, **self.settings)

    def describe(self) -> str:
        """A short caption: '2x2 input, 2x2 kernel, stride 1, padding 0 (PyTorch)'."""
        (h, w), (kh, kw) = self.input_size, self.kernel_size
        parts = [f"{h}x{w} input", f"{kh}x{kw} kernel", f"stride {_axes(self.stride)}"]
        if self.is_keras:
            parts.append(f"padding '{self.keras_padding}'")
            if self.keras_output_padding is not None:
                parts.append(f"output padding {_axes(self.keras_output_padding)}")
        else:
            parts.append(f"padding {_axes(self.padding)}")
            if any(self.output_padding):
                parts.append(f"output padding {_axes(self.output_padding)}")
        if self.dilation > 1:
            parts.append(f"dilation {self.dilation}")
        return ", ".join(parts) + f" ({CONVENTIONS[self.convention]})"

    def with_(self, **changes) -> Config:
        return replace(self, **changes)


def _axes(pair) -> str:
    return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]}x{pair[1]}"


def max_padding(input_len: int, kernel_len: int, stride: int, dilation: int, output_padding: int) -> int:
    """Largest PyTorch padding that still leaves one output cell along an axis."""
    uncropped = (input_len - 1) * stride + dilation * (kernel_len - 1) + 1
    return max((uncropped - 1 + output_padding) // 2, 0)


# Presets: name -> the widget values they set (see ui.controls for the keys). ``values``
# is (input, kernel), either None to keep the fill's values; sizes follow the values.
SEED_INPUT = ((55.0, 52.0), (57.0, 50.0))
SEED_KERNEL = ((1.0, 2.0), (2.0, 1.0))
GUIDE_KERNEL = ((1.0, 2.0, 1.0), (2.0, 1.0, 2.0), (1.0, 1.0, 2.0))


def _guide(i: int, k: int, s: int, p: int) -> dict:
    """The transposed convolution that undoes the shape of a direct conv (i, k, s, p)."""
    o = (i + 2 * p - k) // s + 1
    op = (i + 2 * p - k) % s
    return dict(h=o, w=o, kh=k, kw=k, sh=s, sw=s, ph=p, pw=p, oph=op, opw=op, d=1,
                conv="pytorch", fill="integers")


PRESETS: dict[str, dict] = {
    "Worked example: 2x2 by 2x2, Keras 'valid'": dict(
        conv="keras-valid", sh=1, sw=1, d=1, oph="auto", opw="auto", values=(SEED_INPUT, SEED_KERNEL)),
    "Worked example: 2x2 by 2x2, Keras 'same'": dict(
        conv="keras-same", sh=1, sw=1, d=1, oph="auto", opw="auto", values=(SEED_INPUT, SEED_KERNEL)),
    "Worked example: 4x4 convolved to 2x2, transposed back": dict(
        conv="pytorch", sh=1, sw=1, ph=0, pw=0, oph=0, opw=0, d=1, values=(SEED_INPUT, GUIDE_KERNEL)),
    "Worked example: [[0,1],[2,3]] by [[0,1],[2,3]]": dict(
        conv="pytorch", sh=1, sw=1, ph=0, pw=0, oph=0, opw=0, d=1,
        values=(((0.0, 1.0), (2.0, 3.0)), ((0.0, 1.0), (2.0, 3.0)))),
    "Bed of nails: 3x3, 1x1 ones kernel, stride 2 (PyTorch: 5x5)": dict(
        conv="pytorch", h=3, w=3, sh=2, sw=2, ph=0, pw=0, oph=0, opw=0, d=1,
        values=(None, ((1.0,),))),
    "Bed of nails: 3x3, 1x1 ones kernel, stride 2 (Keras 'valid': 6x6)": dict(
        conv="keras-valid", h=3, w=3, sh=2, sw=2, oph="auto", opw="auto", d=1,
        values=(None, ((1.0,),))),
    "Conv guide: undo i=4, k=3, s=1, p=0": _guide(4, 3, 1, 0),
    "Conv guide: undo i=5, k=4, s=1, p=2": _guide(5, 4, 1, 2),
    "Conv guide: undo i=5, k=3, s=1, p=1": _guide(5, 3, 1, 1),
    "Conv guide: undo i=5, k=3, s=1, p=2": _guide(5, 3, 1, 2),
    "Conv guide: undo i=5, k=3, s=2, p=0": _guide(5, 3, 2, 0),
    "Conv guide: undo i=5, k=3, s=2, p=1": _guide(5, 3, 2, 1),
    "Conv guide: undo i=6, k=3, s=2, p=1": _guide(6, 3, 2, 1),
    "Distill: kernel 3, stride 2 (uneven overlap)": dict(
        conv="pytorch", h=4, w=4, kh=3, kw=3, sh=2, sw=2, ph=0, pw=0, oph=0, opw=0, d=1, fill="ones"),
    "Distill: kernel 4, stride 2 (even overlap)": dict(
        conv="pytorch", h=4, w=4, kh=4, kw=4, sh=2, sw=2, ph=0, pw=0, oph=0, opw=0, d=1, fill="ones"),
}
