"""A printable worksheet of practice questions, and its answer key, as PDF (A4).

The questions are the practice page's (``ui.questions``): question ``n`` of a sheet is the
question of its seed, so the same seed always prints the same sheet, and the seed is printed on
every page. The sheet gives each question's prompt and what to work on: the input and kernel of a
value question beside an empty output with the asked cell marked, an empty output to count
products into for an overlap question, a line for a shape. The key gives each answer, computed by
the core, with the practice page's worked reasoning (its table of products, its count map).
Drawn with ``ui.exports.paint`` on matplotlib figures, written by matplotlib's PDF backend.
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass, replace

import numpy as np
from matplotlib.backends.backend_pdf import PdfPages

from ui import questions
from ui.exports import paint
from ui.figures.charts import cell_boxes, grid_page, question_grid
from ui.figures.grid import SEQUENTIAL
from ui.figures.spec import Grid
from ui.questions import MAX_QUESTIONS
from ui.text import text
from ui.words import count, number

PAGE = (827, 1169)  # A4 at 100 pixels an inch: every size below is in those pixels
MARGIN = 60
BODY, HEAD, SMALL = 13, 16, 10  # type sizes
CELL = 30  # the side of a cell to write in
KINDS = ("mixed", *questions.ORDER)


@dataclass(frozen=True)
class SheetOptions:
    """Which questions a sheet holds: ``count`` from ``seed`` on, of one kind or all in turn.

    sidebar : (input, kernel, settings, description) for value questions on the sidebar's settings,
        as the practice page passes them; None for generated values
    """

    seed: int
    count: int = 6
    kind: str = "mixed"
    sidebar: tuple | None = None

    def __post_init__(self):
        if not 1 <= self.count <= MAX_QUESTIONS:
            raise ValueError(text("exports", "sheet-count", count=self.count, most=MAX_QUESTIONS))
        if self.kind not in KINDS:
            raise ValueError(f"A worksheet's kind is one of {', '.join(KINDS)}, not {self.kind!r}.")


def seeds(options: SheetOptions) -> list[int]:
    """The seed of each question: from ``seed`` on, every seed, or every seed of the chosen kind."""
    kind = None if options.kind == "mixed" else options.kind
    first = options.seed if kind in (None, questions.kind_of(options.seed)) else questions.next_seed(options.seed, kind)
    out = [first]
    while len(out) < options.count:
        out.append(questions.next_seed(out[-1], kind))
    return out


def sheet_questions(options: SheetOptions) -> list[questions.Question]:
    return [questions.generate(s, options.sidebar) for s in seeds(options)]


def plain(markdown: str) -> str:
    """Lesson markdown as printed text: no emphasis marks, no escapes."""
    return re.sub(r"\\(.)", r"\1", markdown.replace("**", ""))


def blocks(markdown: str) -> list[tuple[str, object]]:
    """Paragraphs ('text', str) and tables ('table', rows of cells) of a piece of lesson markdown."""
    out: list[tuple[str, object]] = []
    for part in re.split(r"\n\s*\n", markdown.strip()):
        lines = [line.strip() for line in part.splitlines()]
        if lines and all(line.startswith("|") for line in lines):
            rows = [[plain(c.strip()) for c in line.strip("|").split("|")] for line in lines]
            out.append(("table", [r for r in rows if not all(set(c) <= set(":-") for c in r)]))
        else:
            out.append(("text", plain(" ".join(lines))))
    return out


class Sheet:
    """Pages of a PDF filled from the top: ``need`` starts a new page when a block would not fit."""

    def __init__(self, pdf: PdfPages, heading: str, seed_line: str):
        self.pdf, self.heading, self.seed_line = pdf, heading, seed_line
        self.pages = 0
        self.fig = None
        self._new_page()

    def _new_page(self) -> None:
        if self.fig is not None:
            self.pdf.savefig(self.fig)
        self.pages += 1
        self.fig, self.ax = paint.canvas(*PAGE)
        self.ax.text(MARGIN, MARGIN - 20, self.heading, fontsize=HEAD * paint.PT, fontweight="bold", va="top",
                     color=paint.TEXT)
        self.ax.text(PAGE[0] - MARGIN, MARGIN - 20, f"{self.seed_line} · page {self.pages}",
                     fontsize=SMALL * paint.PT, va="top", ha="right", color=paint.FAINT)
        self.y = MARGIN + 20

    def need(self, height: float) -> None:
        if self.y + height > PAGE[1] - MARGIN and self.y > MARGIN + 20:
            self._new_page()

    def words(self, words: str, size: float = BODY, bold: bool = False, family: str = "sans-serif") -> None:
        chars = int((PAGE[0] - 2 * MARGIN) / (0.55 * size))
        lines = textwrap.wrap(words, chars) or [""]
        height = 1.35 * size * len(lines)
        self.need(height)
        self.ax.text(MARGIN, self.y, "\n".join(lines), fontsize=size * paint.PT, va="top", color=paint.TEXT,
                     fontweight="bold" if bold else "normal", linespacing=1.35, family=family)
        self.y += height + 0.5 * size

    def table(self, rows: list[list[str]]) -> None:
        """A table as aligned columns of monospaced type (the first row its head)."""
        widths = [max(len(r[c]) for r in rows if c < len(r)) for c in range(len(rows[0]))]
        for n, row in enumerate(rows):
            self.words("  ".join(cell.rjust(w) for cell, w in zip(row, widths)), size=BODY - 2, bold=n == 0,
                       family="monospace")

    def grids(self, specs: list[Grid]) -> None:
        """Grids side by side, their cells shrunk together when the row would not fit the page."""
        widest = PAGE[0] - 2 * MARGIN
        look = paint.Look(cell=CELL, title=BODY, label=SMALL, caption=SMALL)
        gap = 30
        across = sum(paint.grid_extent(s, look)[0] for s in specs) + gap * (len(specs) - 1)
        if across > widest:
            look = paint.Look(cell=max(6.0, CELL * widest / across), title=BODY, label=SMALL, caption=SMALL)
        height = max(paint.grid_extent(s, look)[1] for s in specs)
        self.need(height)
        x = MARGIN
        for spec in specs:
            paint.GridArtist(self.ax, spec, x, self.y, look).update()
            x += paint.grid_extent(spec, look)[0] + gap
        self.y += height + BODY

    def close(self) -> None:
        self.pdf.savefig(self.fig)


def _blank(shape: tuple[int, int], title: str, key: str) -> Grid:
    """An empty output to write in: no number in any cell, no cell marked."""
    return replace(question_grid(shape, (-1, -1), title, key=key), boxes=())


def _work(q: questions.Question, n: int) -> list[Grid]:
    """The grids a question gives to work on."""
    if q.kind == "value":
        return [grid_page(q.input, "Input", key=f"sheet_{n}_input"), grid_page(q.kernel, "Kernel", key=f"sheet_{n}_k"),
                question_grid(q.output_shape, q.cell, "Output", key=f"sheet_{n}_out")]
    if q.kind == "overlap":
        return [_blank(q.output_shape, "Products landing on each output cell", key=f"sheet_{n}_counts")]
    return []


def _heading(q: questions.Question, n: int) -> str:
    return f"{n}. {questions.KINDS[q.kind]} (question {q.seed})"


def _answer(q: questions.Question) -> str:
    if q.ask == "cell":
        return ", ".join(f"({r}, {c})" for r, c in q.cells)
    return number(q.answer)


def _pdf(options: SheetOptions, heading: str, write) -> bytes:
    out = io.BytesIO()
    meta = {"Title": f"{heading}, seed {options.seed}", "Creator": "Transposed Convolution Lab", "CreationDate": None}
    with PdfPages(out, metadata=meta) as pdf:
        sheet = Sheet(pdf, heading, text("exports", "sheet-seed", seed=options.seed))
        for n, q in enumerate(sheet_questions(options), start=1):
            write(sheet, q, n)
        sheet.close()
    return out.getvalue()


def _question(sheet: Sheet, q: questions.Question, n: int) -> None:
    sheet.need(6 * BODY)
    sheet.words(_heading(q, n), size=BODY + 1, bold=True)
    sheet.words(plain(q.prompt))
    work = _work(q, n)
    if work:
        sheet.grids(work)
    sheet.words("Answer: " + "_" * 30)
    sheet.y += BODY


def _key(sheet: Sheet, q: questions.Question, n: int) -> None:
    sheet.need(6 * BODY)
    sheet.words(_heading(q, n), size=BODY + 1, bold=True)
    sheet.words(plain(q.prompt), size=BODY - 1)
    sheet.words(f"Answer: {_answer(q)}", bold=True)
    for kind, body in blocks(q.explanation):
        sheet.table(body) if kind == "table" else sheet.words(body)
    if q.kind == "overlap":
        top = cell_boxes(q.cells or [tuple(c) for c in np.argwhere(q.counts == q.counts.max())])
        sheet.grids([grid_page(q.counts, "Products landing on each output cell", key=f"key_{n}", boxes=top,
                               scale=dict(colorscale=SEQUENTIAL, zmin=0, zmax=float(q.counts.max())))])
    sheet.y += BODY


def worksheet(options: SheetOptions) -> bytes:
    """The worksheet as PDF bytes: each question with room to work and to answer."""
    return _pdf(options, text("exports", "sheet-title", questions=count(options.count, "question")), _question)


def answer_key(options: SheetOptions) -> bytes:
    """The answer key as PDF bytes: each question's answer and the reasoning behind it."""
    return _pdf(options, text("exports", "key-title", questions=count(options.count, "question")), _key)
