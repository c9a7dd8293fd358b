"""A layer chosen by its sizes, written out: as code to copy (PyTorch and Keras 3 programs that build the
layer and print the shapes it gives), and its settings as a table row and in words, all from the core's
numbers (``core.design``, ``core.invert_conv2d``).

Pure functions, no Streamlit. Every ``print`` line ends with the comment ``# prints (...)``: the shape
the page says it gives. tests/app/test_designer.py runs every snippet and compares the two.
"""

from __future__ import annotations

import core
from ui.text import text


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


def _pair(values) -> str:
    return f"({values[0]}, {values[1]})"


def _printing(what: str, shape) -> str:
    return f"print(tuple({what}.shape))  # prints {tuple(int(v) for v in shape)}"


def _call(start: str, first: str, rest: str) -> list[str]:
    """``start(first`` on one line and ``rest)`` aligned under it."""
    return [f"{start}{first}", f"{' ' * len(start)}{rest})"]


def _keras_output_padding(height: core.Layer, width: core.Layer) -> str:
    if height.output_padding is None:  # Layer.shared: then the width's is None too
        return "None"
    return _pair((height.output_padding, width.output_padding))


def torch_layer(height: core.Layer, width: core.Layer) -> str:
    """PyTorch code that builds the ``nn.ConvTranspose2d`` of two designed axes and prints its output's shape."""
    axes = (height, width)
    return "\n".join([
        "import torch", "",
        *_call("layer = torch.nn.ConvTranspose2d(",
               f"1, 1, kernel_size={_pair([a.kernel for a in axes])}, stride={_pair([a.stride for a in axes])},",
               f"padding={_pair([a.padding for a in axes])}, output_padding="
               f"{_pair([a.output_padding for a in axes])}, dilation={_pair([a.dilation for a in axes])}"),
        f"x = torch.zeros(1, 1, {height.input}, {width.input})  # (N, C_in, H, W)",
        _printing("layer(x)", (1, 1, height.output, width.output)),
    ])


def keras_layer(height: core.Layer, width: core.Layer) -> str:
    """Keras code that builds the ``layers.Conv2DTranspose`` of two designed axes and prints its output's shape."""
    axes = (height, width)
    return "\n".join([
        "import numpy as np", "import keras", "",
        *_call("layer = keras.layers.Conv2DTranspose(",
               f"1, kernel_size={_pair([a.kernel for a in axes])}, strides={_pair([a.stride for a in axes])},",
               f"padding='{height.padding}', output_padding={_keras_output_padding(height, width)}, "
               f"dilation_rate={_pair([a.dilation for a in axes])}"),
        f"x = np.zeros((1, {height.input}, {width.input}, 1), dtype='float32')  # (N, H, W, C_in)",
        _printing("layer(x)", (1, height.output, width.output, 1)),
    ])


def _settings(geo: core.Geometry, strides: str = "stride", dilation: str = "dilation") -> str:
    return (f"kernel_size={_pair(geo.kernel_size)}, {strides}={_pair(geo.stride)}, "
            f"{dilation}={_pair(geo.dilation)}")


def torch_inverse(inv: core.Inversion) -> str:
    """PyTorch code: the Conv2d, then the ConvTranspose2d back to its input, with output_padding and with
    ``output_size=`` in the call; each prints its shape."""
    geo, (h, w) = inv.transposed, inv.input_size
    padding = _pair([top for top, _ in geo.padding])
    return "\n".join([
        "import torch", "",
        f"conv = torch.nn.Conv2d(1, 1, {_settings(geo)}, padding={padding})",
        *_call("up = torch.nn.ConvTranspose2d(", f"1, 1, {_settings(geo)},",
               f"padding={padding}, output_padding={_pair(inv.output_padding)}"),
        f"x = torch.zeros(1, 1, {h}, {w})  # (N, C_in, H, W)",
        "y = conv(x)",
        _printing("y", (1, 1, *inv.conv_output)),
        _printing("up(y)", (1, 1, h, w)),
        *[f"# {line}" for line in text("designer", "torch-output-size").splitlines()],
        f"up0 = torch.nn.ConvTranspose2d(1, 1, {_settings(geo)}, padding={padding})",
        _printing(f"up0(y, output_size=[{h}, {w}])", (1, 1, h, w)),
    ])


def _keras_back(inv: core.Inversion) -> list[str]:
    """The Conv2DTranspose from ``y`` back to the input: Keras's own twin, or 'valid' then pad and crop."""
    geo = inv.transposed
    call = "out = keras.layers.Conv2DTranspose("
    if inv.keras is not None:
        mode, op = inv.keras
        return _call(call, f"1, {_settings(geo, 'strides', 'dilation_rate')},",
                     f"padding='{mode}', output_padding={'None' if op is None else _pair(op)})(y")
    # Neither mode crops like this padding: the uncropped output, then zeros at the end, then the crop.
    lines = [*(f"# {line}" for line in text("designer", "keras-compose").splitlines()),
             *_call(call, f"1, {_settings(geo, 'strides', 'dilation_rate')},",
                    "padding='valid', output_padding=(0, 0))(y")]
    zeros = [max(-after, 0) for _, after in geo.crop]
    if any(zeros):
        lines.append(f"out = keras.layers.ZeroPadding2D(padding=((0, {zeros[0]}), (0, {zeros[1]})))(out)")
    cut = [(before, max(after, 0)) for before, after in geo.crop]
    if any(sum(c) for c in cut):
        lines.append(f"out = keras.layers.Cropping2D(cropping=({_pair(cut[0])}, {_pair(cut[1])}))(out)")
    return lines


def keras_inverse(inv: core.Inversion) -> str | None:
    """Keras code: the Conv2D (zero padding first: Keras's Conv2D pads only 'valid' or 'same'), then the
    transposed layer back to its input; None when Keras refuses these settings (``inv.keras_problem``)."""
    if inv.keras_problem:
        return None
    geo, (h, w) = inv.transposed, inv.input_size
    padding = [top for top, _ in geo.padding]
    lines = ["import numpy as np", "import keras", "",
             f"x = np.zeros((1, {h}, {w}, 1), dtype='float32')  # (N, H, W, C_in)"]
    if any(padding):
        lines.append(f"x = keras.layers.ZeroPadding2D(padding={_pair(padding)})(x)  # Conv2d's padding")
    lines += [f"y = keras.layers.Conv2D(1, {_settings(geo, 'strides', 'dilation_rate')}, padding='valid')(x)",
              _printing("y", (1, *inv.conv_output, 1)), *_keras_back(inv), _printing("out", (1, h, w, 1))]
    return "\n".join(lines)
