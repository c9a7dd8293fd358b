"""The output-size formulas, written out with the sidebar's numbers (LaTeX), from ``core.geometry``.

``pytorch`` and ``keras`` return one right-hand side per axis (height, width), or raise the core's
``ValueError`` when the settings give no output; ``keras_formula`` says which general formula they
fill in. No Streamlit here.
"""

from __future__ import annotations

import core

PYTORCH = r"H_\text{out} = (H - 1)\,s - 2p + d\,(k - 1) + op + 1"
KERAS = {
    "valid": r"H_\text{out} = (H - 1)\,s + k_\text{eff} + op",
    "same": r"H_\text{out} = H\cdot s",
    "same-op": r"H_\text{out} = (H - 1)\,s + (k_\text{eff} \bmod 2) + op",
}


def pytorch(cfg) -> list[str]:
    """PyTorch's formula and its value per axis, for the sidebar's sizes with PyTorch's padding."""
    op = tuple(0 if v is None else v for v in cfg.output_padding)
    geo = core.geometry(cfg.input_size, cfg.kernel_size, cfg.stride, cfg.padding, op, cfg.dilation)
    return [rf"({a.input} - 1)\cdot {a.stride} - 2\cdot {a.padding[0]} + {a.dilation}\cdot({a.kernel} - 1) "
            rf"+ {a.output_padding} + 1 = \mathbf{{{a.output}}}" for a in geo.axes]


def _keras_output_padding(cfg):
    return cfg.keras_output_padding if cfg.is_keras else None


def keras_formula(cfg, mode: str) -> str:
    """Keras's general formula for ``mode``: 'same' reads input x stride unless an output padding is given."""
    if mode == "valid":
        return KERAS["valid"]
    return KERAS["same"] if _keras_output_padding(cfg) is None else KERAS["same-op"]


def keras(cfg, mode: str) -> list[str]:
    """Keras's formula for ``mode`` with its value per axis (the sidebar's output padding under a Keras convention)."""
    op = _keras_output_padding(cfg)
    geo = core.geometry(cfg.input_size, cfg.kernel_size, cfg.stride, mode, op, cfg.dilation, convention="keras")
    if mode == "valid":
        return [rf"({a.input} - 1)\cdot {a.stride} + {a.span} + {a.output_padding} = \mathbf{{{a.output}}}"
                for a in geo.axes]
    if op is None:
        return [rf"{a.input}\cdot {a.stride} = \mathbf{{{a.output}}}" for a in geo.axes]
    return [rf"({a.input} - 1)\cdot {a.stride} + ({a.span} \bmod 2) + {o} = \mathbf{{{a.output}}}"
            for a, o in zip(geo.axes, op)]


def lines(rhs: list[str]) -> str:
    """One line per axis, or a single line when height and width read the same."""
    h_rhs, w_rhs = rhs
    if h_rhs == w_rhs:
        return rf"H_\text{{out}} = W_\text{{out}} = {h_rhs}"
    return r" \\ ".join(rf"{label}_\text{{out}} = {value}" for label, value in zip("HW", rhs))
