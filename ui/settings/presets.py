"""Presets: named configurations a teacher picks in one go.

Each maps to the widget values it sets (see ``ui.state.controls`` for the keys). ``values``
is (input, kernel), either None to keep the fill's values; sizes follow the values. They hold
the seeds' worked examples, the seven transposed cases of the convolution-arithmetic guide, and
Distill's kernel 3 versus kernel 4 at stride 2.
"""

from __future__ import annotations

import core

SEED_INPUT = ((55.0, 52.0), (57.0, 50.0))
SEED_KERNEL = ((1.0, 2.0), (2.0, 1.0))
GUIDE_KERNEL = ((1.0, 2.0, 1.0), (2.0, 1.0, 2.0), (1.0, 1.0, 2.0))


def _guide(i: int, k: int, s: int, p: int) -> dict:
    """The transposed convolution that undoes the shape of a direct conv (i, k, s, p)."""
    o = core.conv_length(i, k, s, (p, p), 1)
    op = i - core.output_size(o, k, s, p)[0]  # the output padding that returns to i
    return dict(h=o, w=o, kh=k, kw=k, sh=s, sw=s, ph=p, pw=p, oph=op, opw=op, d=1,
                convention="pytorch", fill="integers")


PRESETS: dict[str, dict] = {
    "Worked example: 2x2 by 2x2, Keras 'valid'": dict(
        convention="keras-valid", sh=1, sw=1, d=1, oph="auto", opw="auto", values=(SEED_INPUT, SEED_KERNEL)),
    "Worked example: 2x2 by 2x2, Keras 'same'": dict(
        convention="keras-same", sh=1, sw=1, d=1, oph="auto", opw="auto", values=(SEED_INPUT, SEED_KERNEL)),
    "Worked example: 4x4 convolved to 2x2, transposed back": dict(
        convention="pytorch", sh=1, sw=1, ph=0, pw=0, oph=0, opw=0, d=1, values=(SEED_INPUT, GUIDE_KERNEL)),
    "Worked example: [[0,1],[2,3]] by [[0,1],[2,3]]": dict(
        convention="pytorch", sh=1, sw=1, ph=0, pw=0, oph=0, opw=0, d=1,
        values=(((0.0, 1.0), (2.0, 3.0)), ((0.0, 1.0), (2.0, 3.0)))),
    "Bed of nails: 3x3, 1x1 ones kernel, stride 2 (PyTorch: 5x5)": dict(
        convention="pytorch", h=3, w=3, sh=2, sw=2, ph=0, pw=0, oph=0, opw=0, d=1,
        values=(None, ((1.0,),))),
    "Bed of nails: 3x3, 1x1 ones kernel, stride 2 (Keras 'valid': 6x6)": dict(
        convention="keras-valid", h=3, w=3, sh=2, sw=2, oph="auto", opw="auto", d=1,
        values=(None, ((1.0,),))),
    "Conv guide: undo i=4, k=3, s=1, p=0": _guide(4, 3, 1, 0),
    "Conv guide: undo i=5, k=4, s=1, p=2": _guide(5, 4, 1, 2),
    "Conv guide: undo i=5, k=3, s=1, p=1": _guide(5, 3, 1, 1),
    "Conv guide: undo i=5, k=3, s=1, p=2": _guide(5, 3, 1, 2),
    "Conv guide: undo i=5, k=3, s=2, p=0": _guide(5, 3, 2, 0),
    "Conv guide: undo i=5, k=3, s=2, p=1": _guide(5, 3, 2, 1),
    "Conv guide: undo i=6, k=3, s=2, p=1": _guide(6, 3, 2, 1),
    "Distill: kernel 3, stride 2 (uneven overlap)": dict(
        convention="pytorch", h=4, w=4, kh=3, kw=3, sh=2, sw=2, ph=0, pw=0, oph=0, opw=0, d=1, fill="ones"),
    "Distill: kernel 4, stride 2 (even overlap)": dict(
        convention="pytorch", h=4, w=4, kh=4, kw=4, sh=2, sw=2, ph=0, pw=0, oph=0, opw=0, d=1, fill="ones"),
}
