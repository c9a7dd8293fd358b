"""Predict, then see: the question a page asks before its figure shows the answer, built from the core's facts.

No Streamlit here. A ``Prediction`` is what the learner is asked (a sentence and the numbers to type), the
answer the core gives, and the reasoning that leads there, in words with the numbers of these settings.
``ui.state.predict`` asks it on the page and reveals the figure after the answer or on the teacher's key.
"""

from __future__ import annotations

from dataclasses import dataclass

import core
from ui.settings.config import Config
from ui.text import text
from ui.words import count, number, size


@dataclass(frozen=True)
class Prediction:
    """A question with its answer.

    key : what identifies it (a new configuration asks anew)
    prompt : the question, a sentence
    fields : the label of each number to type
    answer : the core's numbers, one per field
    reasoning : how the answer comes, with these settings' numbers
    """

    key: str
    prompt: str
    fields: tuple[str, ...]
    answer: tuple[float, ...]
    reasoning: str

    def right(self, typed) -> bool:
        """Whether every typed number is the answer's (to the lesson's rounding: 3 significant digits)."""
        if len(typed) != len(self.answer) or any(v is None for v in typed):
            return False
        return all(number(float(t)) == number(float(a)) for t, a in zip(typed, self.answer))

    def said(self) -> str:
        """The answer as the lesson writes it."""
        return "x".join(number(a) for a in self.answer)


def output_size(cfg: Config) -> Prediction:
    """The shapes page: the output's size."""
    geo = cfg.geometry
    h, w = cfg.input_size
    uncropped, out = geo.uncropped, geo.output
    why = "size-why-uncropped" if tuple(out) == tuple(uncropped) else "size-why"
    reasoning = text("predict", why, h=h, w=w, s=size(geo.stride), d=geo.dilation[0], span=size(geo.span),
                     uncropped=size(uncropped), out=size(out))
    return Prediction(f"size|{hash(cfg)}", text("predict", "size-ask"), ("Output rows", "Output columns"),
                      tuple(float(v) for v in out), reasoning)


def followed_value(cfg: Config, cell: tuple[int, int]) -> Prediction:
    """The scatter page: the value the followed output cell holds once every stamp has landed."""
    trace = core.trace_conv_transpose2d(cfg.input, cfg.kernel, **cfg.settings)
    r, c = cell
    products = trace.product[trace.contributors(r, c)]
    value = float(trace.output[r, c])
    terms = " + ".join(number(p) for p in products) if len(products) else ""
    why = ("value-why-none", "value-why-one", "value-why")[min(len(products), 2)]
    reasoning = text("predict", why, cell=f"({r}, {c})", products=count(len(products), "product"), terms=terms,
                     value=number(value))
    return Prediction(f"value|{hash(cfg)}|{r},{c}", text("predict", "value-ask", cell=f"({r}, {c})"),
                      ("Value",), (value,), reasoning)


def zero_inserted_size(cfg: Config) -> Prediction:
    """The zero insertion page: the input's size once stride − 1 zeros stand between its neighbours."""
    zi = core.zero_insert(cfg.input, cfg.stride)
    (h, w), (sh, sw) = cfg.input_size, cfg.stride
    reasoning = text("predict", "zeros-why", h=h, w=w, sh=sh, sw=sw, zh=sh - 1, zw=sw - 1, out=size(zi.shape))
    return Prediction(f"zeros|{hash(cfg)}", text("predict", "zeros-ask"), ("Rows", "Columns"),
                      tuple(float(v) for v in zi.shape), reasoning)


def busiest_cell(cfg: Config) -> Prediction:
    """The checkerboard page: how many products land on the busiest output cell."""
    settings = cfg.settings
    counts = core.contribution_count(cfg.input_size, cfg.kernel_size, **settings)
    # the map is the product of its two axes' counts, so its largest is the product of theirs
    rows, cols = (int(core.contribution_profile(n, k, s, p, o, d).max())
                  for n, k, s, p, o, d in zip(cfg.input_size, cfg.kernel_size, settings["stride"],
                                              settings["padding"], settings["output_padding"], settings["dilation"]))
    most = int(counts.max())
    reasoning = text("predict", "busiest-why", rows=count(rows, "stamp"), cols=count(cols, "stamp"),
                     most=count(most, "product"), kernel=size(cfg.kernel_size), stride=size(cfg.stride))
    return Prediction(f"busiest|{hash(cfg)}", text("predict", "busiest-ask"), ("Products",), (float(most),),
                      reasoning)
