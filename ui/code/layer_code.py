"""A layer chosen by its sizes, written out: as code to copy (PyTorch and Keras 3 programs that build the
layer and print the shapes it gives), and its settings as a table row and in words, all from the core's
numbers (``core.design``, ``core.invert_conv``), for 1, 2 or 3 axes (``ConvTranspose1d``, ``2d``, ``3d``).

Pure functions, no Streamlit. Every ``print`` line ends with the comment ``# prints (...)``: the shape
the page says it gives. tests/app/test_designer.py runs every snippet and compares the two.
"""

from __future__ import annotations

from collections.abc import Sequence

import core
from ui.text import text

LETTERS = {1: "L", 2: "H, W", 3: "D, H, W"}  # the axes of an input's shape, by number of axes


def settings_row(layer: core.Layer) -> dict[str, str]:
    """One axis's settings as the designer's table shows them, by column."""
    keras = layer.framework == "keras"
    return {"Kernel": str(layer.kernel), "Stride": str(layer.stride),
            "Padding": f"'{layer.padding}'" if keras else str(layer.padding),
            "Output padding": "Keras's default" if layer.output_padding is None else str(layer.output_padding),
            "Dilation": str(layer.dilation)}


def settings_words(layer: core.Layer) -> str:
    """'kernel 4, stride 2, padding 1, output padding 0, dilation 1'."""
    return ", ".join(f"{name.lower()} {value}" for name, value in settings_row(layer).items())


def names(dims: int) -> dict[str, str]:
    """The layers' names for ``dims`` axes: PyTorch's conv and transposed conv, Keras's, the zero padding and
    the crop."""
    return {"conv": f"Conv{dims}d", "transposed": f"ConvTranspose{dims}d", "keras_conv": f"Conv{dims}D",
            "keras_transposed": f"Conv{dims}DTranspose", "zeros": f"ZeroPadding{dims}D", "crop": f"Cropping{dims}D"}


def _tuple(values: Sequence) -> str:
    """One value per axis as code writes it: '4' for one axis, '(4, 4)' for more."""
    return str(values[0]) if len(values) == 1 else f"({', '.join(str(v) for v in values)})"


def _printing(what: str, shape) -> str:
    return f"print(tuple({what}.shape))  # prints {tuple(int(v) for v in shape)}"


def _call(start: str, first: str, rest: str) -> list[str]:
    """``start(first`` on one line and ``rest)`` aligned under it."""
    return [f"{start}{first}", f"{' ' * len(start)}{rest})"]


def _keras_output_padding(axes: Sequence[core.Layer]) -> str:
    if axes[0].output_padding is None:  # Layer.shared: then every axis's is None too
        return "None"
    return _tuple([a.output_padding for a in axes])


def torch_layer(*axes: core.Layer) -> str:
    """PyTorch code that builds the ``nn.ConvTranspose1d``, ``2d`` or ``3d`` of the designed axes (one layer per
    axis, in order) and prints its output's shape."""
    dims = len(axes)
    return "\n".join([
        "import torch", "",
        *_call(f"layer = torch.nn.{names(dims)['transposed']}(",
               f"1, 1, kernel_size={_tuple([a.kernel for a in axes])}, stride={_tuple([a.stride for a in axes])},",
               f"padding={_tuple([a.padding for a in axes])}, output_padding="
               f"{_tuple([a.output_padding for a in axes])}, dilation={_tuple([a.dilation for a in axes])}"),
        f"x = torch.zeros(1, 1, {', '.join(str(a.input) for a in axes)})  # (N, C_in, {LETTERS[dims]})",
        _printing("layer(x)", (1, 1, *(a.output for a in axes))),
    ])


def keras_layer(*axes: core.Layer) -> str:
    """Keras code that builds the ``layers.Conv1DTranspose``, ``Conv2DTranspose`` or ``Conv3DTranspose`` of the
    designed axes and prints its output's shape."""
    dims = len(axes)
    return "\n".join([
        "import numpy as np", "import keras", "",
        *_call(f"layer = keras.layers.{names(dims)['keras_transposed']}(",
               f"1, kernel_size={_tuple([a.kernel for a in axes])}, strides={_tuple([a.stride for a in axes])},",
               f"padding='{axes[0].padding}', output_padding={_keras_output_padding(axes)}, "
               f"dilation_rate={_tuple([a.dilation for a in axes])}"),
        f"x = np.zeros((1, {', '.join(str(a.input) for a in axes)}, 1), dtype='float32')  # (N, {LETTERS[dims]}, C_in)",
        _printing("layer(x)", (1, *(a.output for a in axes), 1)),
    ])


def _settings(geo, strides: str = "stride", dilation: str = "dilation") -> str:
    return (f"kernel_size={_tuple(geo.kernel_size)}, {strides}={_tuple(geo.stride)}, "
            f"{dilation}={_tuple(geo.dilation)}")


def torch_inverse(inv: core.Inversion) -> str:
    """PyTorch code: the Conv1d, 2d or 3d, then the transposed convolution back to its input, with output_padding
    and with ``output_size=`` in the call; each prints its shape."""
    geo, n, dims = inv.transposed, inv.input_size, len(inv.input_size)
    padding, name = _tuple([top for top, _ in geo.padding]), names(dims)
    return "\n".join([
        "import torch", "",
        f"conv = torch.nn.{name['conv']}(1, 1, {_settings(geo)}, padding={padding})",
        *_call(f"up = torch.nn.{name['transposed']}(", f"1, 1, {_settings(geo)},",
               f"padding={padding}, output_padding={_tuple(inv.output_padding)}"),
        f"x = torch.zeros(1, 1, {', '.join(str(v) for v in n)})  # (N, C_in, {LETTERS[dims]})",
        "y = conv(x)",
        _printing("y", (1, 1, *inv.conv_output)),
        _printing("up(y)", (1, 1, *n)),
        *[f"# {line}" for line in text("designer", "torch-output-size").splitlines()],
        f"up0 = torch.nn.{name['transposed']}(1, 1, {_settings(geo)}, padding={padding})",
        _printing(f"up0(y, output_size={list(n)})", (1, 1, *n)),
    ])


def _sides(pairs) -> str:
    """(before, after) per axis as Keras's ZeroPadding and Cropping take them: '(1, 0)' on one axis, else
    '((1, 0), (1, 0))'."""
    written = [f"({a}, {b})" for a, b in pairs]
    return written[0] if len(written) == 1 else f"({', '.join(written)})"


def _keras_back(inv: core.Inversion) -> list[str]:
    """The transposed layer from ``y`` back to the input: Keras's own twin, or 'valid' then pad and crop."""
    geo, name = inv.transposed, names(len(inv.input_size))
    call = f"out = keras.layers.{name['keras_transposed']}("
    if inv.keras is not None:
        mode, op = inv.keras
        return _call(call, f"1, {_settings(geo, 'strides', 'dilation_rate')},",
                     f"padding='{mode}', output_padding={'None' if op is None else _tuple(op)})(y")
    # Neither mode crops like this padding: the uncropped output, then zeros at the end, then the crop.
    lines = [*(f"# {line}" for line in text("designer", "keras-compose", **name).splitlines()),
             *_call(call, f"1, {_settings(geo, 'strides', 'dilation_rate')},",
                    f"padding='valid', output_padding={_tuple([0] * len(geo.stride))})(y")]
    zeros = [max(-after, 0) for _, after in geo.crop]
    if any(zeros):
        lines.append(f"out = keras.layers.{name['zeros']}(padding={_sides((0, z) for z in zeros)})(out)")
    cut = [(before, max(after, 0)) for before, after in geo.crop]
    if any(sum(c) for c in cut):
        lines.append(f"out = keras.layers.{name['crop']}(cropping={_sides(cut)})(out)")
    return lines


def keras_inverse(inv: core.Inversion) -> str | None:
    """Keras code: the Conv1D, 2D or 3D (zero padding first: Keras's convolutions pad only 'valid' or 'same'),
    then the transposed layer back to its input; None when Keras refuses these settings (``inv.keras_problem``)."""
    if inv.keras_problem:
        return None
    geo, n, dims = inv.transposed, inv.input_size, len(inv.input_size)
    padding, name = [top for top, _ in geo.padding], names(dims)
    lines = ["import numpy as np", "import keras", "",
             f"x = np.zeros((1, {', '.join(str(v) for v in n)}, 1), dtype='float32')  # (N, {LETTERS[dims]}, C_in)"]
    if any(padding):
        lines.append(f"x = keras.layers.{name['zeros']}(padding={_tuple(padding)})(x)  # {name['conv']}'s padding")
    lines += [f"y = keras.layers.{name['keras_conv']}(1, {_settings(geo, 'strides', 'dilation_rate')}, "
              "padding='valid')(x)",
              _printing("y", (1, *inv.conv_output, 1)), *_keras_back(inv), _printing("out", (1, *n, 1))]
    return "\n".join(lines)
