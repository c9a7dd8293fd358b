"""The lesson's configuration: sizes, settings, values and convention. No Streamlit here.

A ``Config`` is frozen and hashable (its arrays are compared by value), so pages pass it to
cached functions (``ui.cache`` keys a dataclass by its fields). Its sizes and crops come from
``core.geometry``; nothing here works them out again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

import core
from ui.words import pair

CONVENTIONS = {
    "pytorch": "PyTorch",
    "keras-valid": "Keras 'valid'",
    "keras-same": "Keras 'same'",
}
MAX_INPUT, MAX_KERNEL, MAX_STRIDE, MAX_DILATION, MAX_PADDING = 8, 7, 4, 3, 6
MAX_CHANNELS = 512  # the channels page's C_in and C_out: its shapes and counts hold for any
HIGHEST_OUTPUT_PADDING = max(MAX_STRIDE, MAX_DILATION) - 1  # below max(stride, dilation), whatever they are


@dataclass(frozen=True)
class OutputPadding:
    """An output padding as a visitor chooses it: rows (columns) added at the bottom (right), or Keras's
    default, 'auto' (``value`` None). Its ``text`` is what the sidebar's box and the address hold; its
    ``value`` what a ``Config`` holds; ``read`` turns either into it, and is the one place that does."""

    value: int | None = 0

    @property
    def text(self) -> str:
        return "auto" if self.value is None else str(self.value)

    @classmethod
    def read(cls, given: object) -> OutputPadding:
        """'auto', None, a whole number from 0 to ``HIGHEST_OUTPUT_PADDING`` or its text; ValueError otherwise."""
        if isinstance(given, OutputPadding):
            return given
        if given is None or str(given).strip().lower() == "auto":
            return AUTO
        text = str(given).strip()
        if re.fullmatch(r"\+?\d{1,3}", text) and int(text) <= HIGHEST_OUTPUT_PADDING:
            return cls(int(text))
        raise ValueError(f"neither 'auto' nor a whole number from 0 to {HIGHEST_OUTPUT_PADDING}")

    @staticmethod
    def choices(limit: int, keras: bool) -> list[str]:
        """The texts a box offers: 'auto' under Keras, then 0 up to below ``limit`` (``core.output_padding_limit``)."""
        return (["auto"] if keras else []) + [str(v) for v in range(limit)]


AUTO = OutputPadding(None)


def _frozen(values) -> np.ndarray:
    a = np.array(values, dtype=float)
    a.flags.writeable = False
    return a


@dataclass(frozen=True, eq=False)
class Config:
    """One configuration of the lesson (single channel, the teaching form).

    input, kernel : read-only float arrays (H, W) and (kH, kW)
    padding : PyTorch's, per axis (used with convention 'pytorch')
    output_padding : a number per axis, or None per axis for Keras's default
    convention : 'pytorch', 'keras-valid' or 'keras-same'
    """

    input: np.ndarray
    kernel: np.ndarray
    stride: tuple[int, int] = (1, 1)
    padding: tuple[int, int] = (0, 0)
    output_padding: tuple[int | None, int | None] = (0, 0)
    dilation: int = 1
    convention: str = "pytorch"

    def __post_init__(self):
        object.__setattr__(self, "input", _frozen(self.input))
        object.__setattr__(self, "kernel", _frozen(self.kernel))

    def _key(self) -> tuple:
        return (self.input.shape, self.input.tobytes(), self.kernel.shape, self.kernel.tobytes(), self.stride,
                self.padding, self.output_padding, self.dilation, self.convention)

    def __eq__(self, other) -> bool:
        return isinstance(other, Config) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    @property
    def input_size(self) -> tuple[int, int]:
        return self.input.shape

    @property
    def kernel_size(self) -> tuple[int, int]:
        return self.kernel.shape

    @property
    def is_keras(self) -> bool:
        return self.convention.startswith("keras")

    @property
    def keras_mode(self) -> str:
        return self.convention.removeprefix("keras-")

    @property
    def keras_output_padding(self):
        op = self.output_padding
        if op[0] is None and op[1] is None:
            return None
        return tuple(v or 0 for v in op)

    @cached_property
    def geometry(self) -> core.Geometry:
        """Where the output lies (``core.geometry``); raises ValueError for settings that cannot work."""
        if self.is_keras:
            return core.geometry(self.input_size, self.kernel_size, self.stride, self.keras_mode,
                                 self.keras_output_padding, self.dilation, convention="keras")
        return core.geometry(self.input_size, self.kernel_size, self.stride, self.padding,
                             tuple(0 if v is None else v for v in self.output_padding), self.dilation)

    @cached_property
    def problem(self) -> str | None:
        """Why these settings cannot work (the core's sentence), or None."""
        try:
            self.geometry  # noqa: B018 - computing it is the check
        except ValueError as exc:
            return str(exc)
        return None

    @property
    def settings(self) -> dict:
        """Keyword arguments for the core's transposed-convolution functions (padding per side,
        since Keras's 'same' may crop more from the bottom and right than from the top and left)."""
        return self.geometry.settings

    @property
    def output_size(self) -> tuple[int, int]:
        return self.geometry.output

    def output(self) -> np.ndarray:
        return core.conv_transpose2d(self.input, self.kernel, **self.settings)

    def traces(self) -> tuple[core.Trace, core.Trace, tuple[int, int]]:
        """The core's trace, the same steps on the uncropped output, and the uncropped output's first
        output coordinate (minus the top and left crop).

        The uncropped output is the output before padding crops it (plus any output-padding cells), so
        steps that padding crops away stay visible; it is the core's trace with nothing cropped.
        """
        geo = self.geometry
        trace = core.trace_conv_transpose2d(self.input, self.kernel, **geo.settings)
        (top, _), (left, _) = geo.window
        extra = tuple(e - u for e, u in zip(geo.extent, geo.uncropped))  # zeros past the uncropped output
        uncropped = core.trace_conv_transpose2d(self.input, self.kernel, stride=geo.stride, output_padding=extra,
                                                dilation=geo.dilation)
        return trace, uncropped, (-top, -left)

    def describe(self) -> str:
        """A short caption: '2x2 input, 2x2 kernel, stride 1, padding 0 (PyTorch)'."""
        (h, w), (kh, kw) = self.input_size, self.kernel_size
        parts = [f"{h}x{w} input", f"{kh}x{kw} kernel", f"stride {pair(self.stride)}"]
        if self.is_keras:
            parts.append(f"padding '{self.keras_mode}'")
            if self.keras_output_padding is not None:
                parts.append(f"output padding {pair(self.keras_output_padding)}")
        else:
            parts.append(f"padding {pair(self.padding)}")
            if any(self.output_padding):
                parts.append(f"output padding {pair(self.output_padding)}")
        if self.dilation > 1:
            parts.append(f"dilation {self.dilation}")
        return ", ".join(parts) + f" ({CONVENTIONS[self.convention]})"

    def as_convention(self, convention: str) -> Config:
        """The same sizes, values and settings under another convention: PyTorch keeps the sidebar's
        padding and output padding (Keras's default read as 0); a Keras mode keeps the sidebar's output
        padding under a Keras convention, and Keras's default otherwise."""
        if convention == "pytorch":
            op = tuple(0 if v is None else v for v in self.output_padding)
        else:
            op = self.output_padding if self.is_keras else (None, None)
        return self.with_(convention=convention, output_padding=op)

    def with_(self, **changes) -> Config:
        return replace(self, **changes)
