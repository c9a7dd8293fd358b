"""Practice questions, generated from a seed: pure functions over the core, no Streamlit.

The same seed always gives the same question. Three kinds take turns as the seed grows
(``seed % 3``): an output shape, an output value, and where the overlap is largest.
Every answer is computed by the core; the words come from ``assets/lesson/practice.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

import core
from ui.inert import quote
from ui.text import text
from ui.words import count, number

MAX_QUESTIONS = 24
KINDS = {"shape": "Output shape", "value": "Output value", "overlap": "Largest overlap"}
ORDER = ("shape", "value", "overlap")
TOLERANCE = 0.01  # answers to two decimals count as right
MAX_LISTED = 9  # more tied cells than this are framed in the map rather than listed


@dataclass(frozen=True)
class Question:
    """One question, its checked answer, and what to show after checking.

    ask : 'number' (typed into a number box) or 'cell' (typed as "row, col")
    answer : the number expected, for 'number' questions
    cells : every accepted (row, col), for 'cell' questions (ties all count)
    input, kernel : the arrays shown with the question (value questions), else None
    input_size, kernel_size : (height, width) of the input and the kernel asked about
    settings : keyword arguments of the transposed convolution asked about
    output_shape : (H_out, W_out) of that transposed convolution
    cell : the asked output cell (value questions)
    counts : the contribution map (overlap questions)
    steps : contributing products (value questions): rows of
        (input cell, input value, kernel cell, kernel value, product)
    """

    seed: int
    kind: str
    ask: str
    prompt: str
    explanation: str
    answer: float | None = None
    cells: tuple[tuple[int, int], ...] = ()
    input: np.ndarray | None = field(default=None, compare=False)
    kernel: np.ndarray | None = field(default=None, compare=False)
    input_size: tuple[int, int] = (0, 0)
    kernel_size: tuple[int, int] = (0, 0)
    settings: dict = field(default_factory=dict, compare=False)
    output_shape: tuple[int, int] = (0, 0)
    cell: tuple[int, int] | None = None
    counts: np.ndarray | None = field(default=None, compare=False)
    steps: tuple = ()


@dataclass(frozen=True)
class Verdict:
    correct: bool
    message: str


def kind_of(seed: int) -> str:
    return ORDER[seed % len(ORDER)]


def next_seed(seed: int, kind: str | None = None) -> int:
    """The next seed after ``seed`` whose question is of ``kind`` (any kind if None)."""
    seed += 1
    while kind in ORDER and kind_of(seed) != kind:
        seed += 1
    return seed


def generate(seed: int, sidebar: tuple | None = None) -> Question:
    """The question for ``seed``.

    sidebar : optional (input, kernel, settings, description) used instead of generated
        values by value questions ("use my sidebar settings")
    """
    kind = kind_of(seed)
    if kind == "shape":
        return shape_question(seed)
    if kind == "value":
        return value_question(seed, sidebar)
    return overlap_question(seed)


def _rng(seed: int, salt: int) -> np.random.Generator:
    return np.random.default_rng([int(seed), salt])


# --- (a) output shape ---------------------------------------------------------------

def shape_question(seed: int) -> Question:
    rng = _rng(seed, 1)
    while True:
        n, k = int(rng.integers(2, 9)), int(rng.integers(1, 6))
        s = int(rng.integers(1, 4))
        d = 2 if rng.random() < 0.25 else 1
        p = int(rng.integers(0, 3))
        op = int(rng.integers(0, core.output_padding_limit(s, d))) if rng.random() < 0.5 else 0
        try:
            out = core.output_size(n, k, stride=s, padding=p, output_padding=op, dilation=d)[0]
            # The crop alone must leave something too: the explanation goes crop, then add.
            cropped = core.output_size(n, k, stride=s, padding=p, dilation=d)[0]
        except ValueError:
            continue
        break
    uncropped = core.output_size(n, k, stride=s, dilation=d)[0]
    values = dict(n=n, k=k, s=s, p=p, op=op, d=d, out=out, uncropped=uncropped,
                  cropped=cropped, rows=count(out, "row"), p_rows=count(p, "row"), op_rows=count(op, "row"))
    values["stamps"] = text("practice", "shape-stamps" + ("-one" if n == 1 else ""), **values)
    return Question(
        seed=seed, kind="shape", ask="number", answer=float(out),
        prompt=text("practice", "shape-prompt", **values),
        explanation=text("practice", "shape-explanation", **values),
        input_size=(n, n), kernel_size=(k, k),
        settings=dict(stride=s, padding=p, output_padding=op, dilation=d),
        output_shape=(out, out),
    )


# --- (b) output value ----------------------------------------------------------------

def _generated_value_setup(rng: np.random.Generator):
    while True:
        h, w = (int(v) for v in rng.integers(2, 4, size=2))
        kh, kw = (int(v) for v in rng.integers(2, 4, size=2))
        s = int(rng.integers(1, 3))
        p = int(rng.integers(0, 2)) if rng.random() < 0.4 else 0
        x = rng.integers(0, 5, size=(h, w)).astype(float)
        k = rng.integers(-1, 3, size=(kh, kw)).astype(float)
        settings = dict(stride=s, padding=p, output_padding=0, dilation=1)
        try:
            core.output_size((h, w), (kh, kw), **settings)
        except ValueError:
            continue
        return x, k, settings, None


def value_question(seed: int, sidebar: tuple | None = None) -> Question:
    rng = _rng(seed, 2)
    if sidebar is None:
        x, k, settings, description = _generated_value_setup(rng)
    else:
        x, k, settings, description = sidebar
        x, k = np.asarray(x, dtype=float), np.asarray(k, dtype=float)
    trace = core.trace_conv_transpose2d(x, k, **settings)
    out = trace.output
    # Ask about a cell where several products meet, when there is one: that is the point.
    counts = core.contribution_count(x.shape, k.shape, **settings)
    best = np.argwhere(counts >= min(2, counts.max()))
    y, x_ = (int(v) for v in best[rng.integers(len(best))])
    steps = []
    for step in trace.contributors(y, x_):
        _, i, j = (int(v) for v in trace.input_index[step])
        a, b = (int(v) for v in trace.kernel_index[step])
        steps.append(((i, j), float(x[i, j]), (a, b), float(k[a, b]), float(trace.product[step])))
    answer = float(out[y, x_])
    h_out, w_out = out.shape
    values = dict(y=y, x=x_, h_out=h_out, w_out=w_out, answer=number(answer),
                  settings=description or _describe(x.shape, k.shape, settings),
                  n=count(len(steps), "product"))
    one = "-one" if len(steps) == 1 else ""
    lines = [text("practice", "value-explanation" + one, **values), "",
             "| step | input cell | input value | kernel cell | kernel value | product |",
             "|---:|:---:|---:|:---:|---:|---:|"]
    for step, ((i, j), xv, (a, b), kv, prod) in zip(trace.contributors(y, x_), steps):
        lines.append(f"| {int(step) + 1} | ({i}, {j}) | {number(xv)} | ({a}, {b}) | {number(kv)} "
                     f"| {number(prod)} |")
    total = " + ".join(_term(st[-1]) for st in steps) or "0"
    lines += ["", text("practice", "value-sum" + one, total=total, answer=number(answer))]
    return Question(
        seed=seed, kind="value", ask="number", answer=answer,
        prompt=text("practice", "value-prompt", **values),
        explanation="\n".join(lines),
        input=x, kernel=k, input_size=x.shape, kernel_size=k.shape, settings=dict(settings),
        output_shape=(h_out, w_out), cell=(y, x_),
        steps=tuple(steps),
    )


def _term(v: float) -> str:
    """A term of a sum: negative numbers in brackets, so "4 + (-1)" reads right."""
    return f"({number(v)})" if v < 0 else number(v)


def _describe(input_shape, kernel_shape, settings) -> str:
    (h, w), (kh, kw) = input_shape, kernel_shape
    return text("practice", "value-settings", h=h, w=w, kh=kh, kw=kw, s=settings["stride"],
                p=settings["padding"])


# --- (c) where the overlap is largest ------------------------------------------------

def overlap_question(seed: int) -> Question:
    rng = _rng(seed, 3)
    by_cell = (seed // len(ORDER)) % 2 == 1
    while True:
        s = int(rng.choice([1, 2, 2, 3]))
        n, k = int(rng.integers(2, 5)), int(rng.integers(s + 1, 6))  # stamps that overlap
        p = int(rng.integers(0, 2)) if rng.random() < 0.3 else 0
        try:
            counts = core.contribution_count(n, k, stride=s, padding=p)
        except ValueError:
            continue
        top = int(counts.max())
        cells = tuple((int(r), int(c)) for r, c in np.argwhere(counts == top))
        # A cell question needs a real choice: the largest count on few cells.
        if by_cell and len(cells) > max(1, counts.size // 4):
            continue
        if top > 1 or not by_cell:
            break
    # The counts of a row and of a column multiply: the largest along one axis, squared.
    line = core.contribution_count((1, n), (1, k), stride=s, padding=(0, p))[0]
    h_out, w_out = counts.shape
    values = dict(n=n, k=k, s=s, p=p, h_out=h_out, w_out=w_out, top=top, per_axis=int(line.max()),
                  cells=", ".join(f"({r}, {c})" for r, c in cells) if len(cells) <= MAX_LISTED
                  else text("practice", "overlap-many"), ncells=count(len(cells), "cell"),
                  times=count(int(line.max()), "time"),
                  rule=text("practice", "overlap-even" if k % s == 0 else "overlap-uneven", k=k, s=s))
    kind = "overlap-cell" if by_cell else "overlap-count"
    return Question(
        seed=seed, kind="overlap", ask="cell" if by_cell else "number",
        answer=None if by_cell else float(top), cells=cells if by_cell else (),
        prompt=text("practice", f"{kind}-prompt", **values),
        explanation=text("practice", "overlap-explanation", **values),
        input_size=(n, n), kernel_size=(k, k),
        settings=dict(stride=s, padding=p), output_shape=(h_out, w_out), counts=counts,
        input=np.ones((n, n)), kernel=np.ones((k, k)),
    )


# --- checking ------------------------------------------------------------------------

_CELL = re.compile(r"^\s*[\(\[]?\s*(-?\d{1,6})\s*[,; ]\s*(-?\d{1,6})\s*[\)\]]?\s*$")  # no row has 7 digits


def parse_cell(answer: str) -> tuple[int, int]:
    """ "2, 3", "(2, 3)" or "2 3" as (2, 3); a sentence saying how to write it otherwise."""
    match = _CELL.match(answer or "")
    if not match:
        raise ValueError(text("practice", "cell-format", answer=quote(answer or "")))
    return int(match.group(1)), int(match.group(2))


def check(question: Question, answer) -> Verdict:
    """Whether ``answer`` is right, and a sentence that says so (with the right answer if not).

    A number question takes a number; a cell question takes text like "2, 3" (raises
    ValueError with a sentence when the text is not a cell).
    """
    if question.ask == "cell":
        cell = parse_cell(answer)
        right = cell in question.cells
        shown = f"({cell[0]}, {cell[1]})"
        expected = ", ".join(f"({r}, {c})" for r, c in question.cells)
    else:
        value = float(answer)
        right = abs(value - question.answer) <= TOLERANCE + 1e-9 * abs(question.answer)
        shown, expected = number(value), number(question.answer)
    name = "correct" if right else "wrong"
    return Verdict(right, text("practice", name, answer=shown, expected=expected))
