"""Facts the pages put into words: pure functions from the core's numbers to what a sentence says.

Each returns a short answer (a count, a section name, a phrase) that a page hands to its lesson
text; none computes convolution math. Tested like the figures.
"""

from __future__ import annotations

import numpy as np

import core
from ui.settings.config import CONVENTIONS
from ui.settings.registry import SETTING, SIDEBAR
from ui.text import text
from ui.words import count, listing, number, pair, per_axis, share, size

AXES = ("height", "width")
SIDEBAR_KEYS = tuple(s.key for s in SIDEBAR)


def cells_differing(a, b) -> int:
    """How many cells two grids differ in (every cell of the larger one when their shapes differ)."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return max(a.size, b.size)
    return int((a != b).sum())


def compared_size(shape, other) -> str:
    """'equal', 'larger', 'smaller' or 'mixed': how ``shape`` compares with ``other``, axis by axis."""
    if tuple(shape) == tuple(other):
        return "equal"
    if all(a >= b for a, b in zip(shape, other)):
        return "larger"
    if all(a <= b for a, b in zip(shape, other)):
        return "smaller"
    return "mixed"


def zero_padding_table(geo) -> str:
    """The zero padding of each border of the equivalent convolution, with the current numbers, as a
    markdown table: k_eff - 1 - crop, where the crop at the end already counts the output padding.

    geo : a ``core.Geometry``
    """
    lines = ["| border | dilation × (k − 1) − padding | added |", "|---|---|---|"]
    for axis, names in zip(geo.axes, (("top", "bottom"), ("left", "right"))):
        (crop_a, crop_b), (pad_a, pad_b) = axis.padding, axis.zero_padding
        reach = f"{axis.dilation} × ({axis.kernel} − 1)"
        lines.append(f"| {names[0]} | {reach} − {crop_a} | **{pad_a}** |")
        extra = f" + {axis.output_padding} output padding" if axis.output_padding else ""
        lines.append(f"| {names[1]} | {reach} − {crop_b}{extra} | **{pad_b}** |")
    return "\n".join(lines)


def padding_phrase(geo) -> str:
    """'padding 1', 'padding 1x2', or each side in words when the crop is uneven (Keras's 'same')."""
    (top, bottom), (left, right) = geo.padding
    if top == bottom and left == right:
        return f"padding {pair((top, left))}"
    return f"padding of {top} on top, {bottom} at the bottom, {left} on the left and {right} on the right"


def pattern_phrase(period: list[int]) -> str:
    """How interior counts go: 'alternate between 1 and 2', or 'repeat 1, 2, 1' for longer periods."""
    if len(period) == 2:
        low, high = sorted(period)
        return f"alternate between {low} and {high}"
    return "repeat " + ", ".join(str(v) for v in period)


def rule_sentence(kernel: int, stride: int, dilation: int, period: list[int], where: str,
                  both: bool | None = None) -> str:
    """The divisibility rule, stated for one axis, from the core's interior counts (``period``); with ``both``
    (the same on the two axes, as ``where`` 'Along the height and the width' says), also the map's counts,
    each the product of a row's count and a column's."""
    even = len(set(period)) == 1
    both = where.endswith("the height and the width") if both is None else both
    products = sorted({a * b for a in period for b in period})
    axes, pattern = "this axis", pattern_phrase(period)
    if both:
        multiplies = "along each axis, and the map multiplies the two axes: "
        axes = f"each axis, and the map multiplies the two axes: {period[0]} × {period[0]} = " \
               f"{count(products[0], 'contribution')}"
        pattern = f"{pattern} {multiplies}{listing([str(v) for v in products], 'or')}"
    values = dict(where=where, k=kernel, s=stride, d=dilation, count=count(period[0], "contribution"),
                  pattern=pattern, axes=axes)
    if dilation > 1:
        result = text("checkerboard", "rule-result-even" if even else "rule-result-uneven", **values)
        return text("checkerboard", "rule-dilated", result=result, **values)
    if even:
        return text("checkerboard", "rule-even", **values)
    return text("checkerboard", "rule-holes" if kernel < stride else "rule-uneven", **values)


def rule_sentences(axes) -> list[str]:
    """One sentence when both axes read the same, else one per axis.

    axes : per axis (height, width), (kernel, stride, dilation, period), or ``core.Axis`` objects
    (a geometry's ``axes``), whose period of counts is then asked of the core
    """
    axes = [(a.kernel, a.stride, a.dilation, core.interior_period(a.kernel, a.stride, a.dilation))
            if hasattr(a, "kernel") else tuple(a) for a in axes]
    if axes[0] == axes[1]:
        return [rule_sentence(*axes[0], where="Along the height and the width")]
    return [rule_sentence(*a, where=f"Along the {name}") for a, name in zip(axes, AXES)]


def _side(first: int, second: int, unit: str, where: tuple[str, str]) -> str:
    said = f"{count(first, unit)} from the {where[0]}"
    if second >= 0:
        return f"{said} and {second} from the {where[1]}"
    return f"{said} and adds {count(-second, unit)} of zeros at the {where[1]}"


def crop_sentence(convention: str, crop, output_padding=(0, 0)) -> str:
    """'Keras 'same' crops 0 rows from the top and 1 from the bottom, and 0 columns ...'.

    crop : ((top, bottom), (left, right)), as ``core.geometry`` gives it (negative adds zeros)
    With PyTorch's output padding, also how padding and output padding make that crop.
    """
    (top, bottom), (left, right) = crop
    said = (f"{CONVENTIONS[convention]} crops {_side(top, bottom, 'row', ('top', 'bottom'))}, and "
            f"{_side(left, right, 'column', ('left', 'right'))}.")
    if any(output_padding):
        said += " " + text("shapes", "output-padding-back", p=per_axis((top, left)), op=per_axis(output_padding))
    return said


def stamps_sentence(input_cells: int, stride, counts) -> str:
    """What the start page's live example shows: how many stamps, how far apart, and where they overlap.

    counts : the core's contribution count of the example (products landing on each output cell)
    """
    counts = np.asarray(counts)
    if input_cells == 1:
        stamps = text("start", "stamps-one")
    else:
        stamps = text("start", "stamps-many", inputs=count(input_cells, "input value"),
                      stride=count(stride[0], "cell") if stride[0] == stride[1] else
                      f"{count(stride[0], 'row')} and {count(stride[1], 'column')}")
    shared = int((counts > 1).sum())
    if shared:
        overlap = text("start", "overlap", cells=count(shared, "cell"), output=size(counts.shape),
                       receive="receives" if shared == 1 else "receive", most=count(int(counts.max()), "product"))
    else:
        overlap = text("start", "no-overlap")
    return text("start", "example", stamps=stamps, overlap=overlap)


def counts_sentence(counts, inside) -> str:
    """What the contribution map shows: its range, and its interior's (``core.interior``), or that it has none;
    that the border receives fewer only where it does, and no border where the interior is the whole map."""
    counts = np.asarray(counts)
    low, high = int(counts.min()), int(counts.max())
    if low == high:
        said = text("checkerboard", "read-same", output=size(counts.shape), count=count(high, "contribution"))
    else:
        # a range takes the plural, whatever its top: "from 0 to 1 contributions"
        said = text("checkerboard", "read-range", output=size(counts.shape), low=low, high=f"{high} contributions")
    if inside is None:
        return text("checkerboard", "read", counts=said, inside=text("checkerboard", "inside-none"), border="")
    (r0, r1), (c0, c1) = inside
    core_cells = counts[r0:r1, c0:c1]
    a, b = int(core_cells.min()), int(core_cells.max())
    whole = core_cells.shape == counts.shape
    where = (text("checkerboard", "where-whole") if whole else
             text("checkerboard", "where-border", rows=_span(r0, r1 - 1), cols=_span(c0, c1 - 1)))
    if a == b:
        inner = text("checkerboard", "inside-even", count=count(a, "contribution"), where=where)
    elif a == 0:
        inner = text("checkerboard", "inside-holes", high=b, where=where)
    else:
        inner = text("checkerboard", "inside-uneven", low=a, high=count(b, "contribution"),
                     ratio=number(round(b / a, 2)), where=where)
    return text("checkerboard", "read", counts=said, inside=inner, border=_border(counts, inside, whole, a))


def _border(counts: np.ndarray, inside, whole: bool, least: int) -> str:
    """Whether the cells outside the interior receive fewer than its least covered cell (``least``)."""
    if whole:
        return ""
    outside = np.ones(counts.shape, bool)
    (r0, r1), (c0, c1) = inside
    outside[r0:r1, c0:c1] = False
    fewest = int(counts[outside].min())
    if fewest < least:
        return text("checkerboard", "border-fewer", low=count(fewest, "contribution"))
    return text("checkerboard", "border-same", low=count(least, "contribution"))


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first} to {last}"


def value_range(low: float, high: float) -> str:
    """'from -0.0992 to 0.181', or 'all 0.296' when the two read the same (never 'from a to a')."""
    a, b = number(low), number(high)
    return f"all {a}" if a == b else f"from {a} to {b}"


FLAT = 1e-3  # phases apart by less than this share of their mean count as flat


GREY_LEVELS = 255  # an 8-bit screen's steps from black to white: less than one is invisible


def method_sentence(method: str, first: float, now: float, steps: int, low: float, high: float,
                    spread: float) -> str:
    """How far a trained method has come, and whether its output on a flat input is flat.

    first, now : the loss at step 0 and after ``steps`` steps; low, high, spread : the interior
    phases of its output on a flat grey input (``core.training.flat_phases``, ``phase_spread``), on the
    picture's scale (0 black, 1 white): called a checkerboard only when the phases are at least one grey level
    of an 8-bit screen apart, the least a screen can show
    """
    loss = (f"loss **{number(now)}** before training" if steps == 0
            else f"loss {number(first)} at step 0, **{number(now)}** at step {steps}")
    said = f"**{method}**: {loss}. On a flat grey input its output's interior phases"
    if number(low) == number(high):
        return f"{said} are {value_range(low, high)}: flat."
    levels = number((high - low) * GREY_LEVELS)
    verdict = ("a checkerboard (one grey level of 255 or more: a screen shows it)" if float(levels) >= 1 else
               "flat to the eye (less than one grey level of 255: a screen cannot show it)")
    return (f"{said} range {value_range(low, high)} (they differ by {share(spread)} of their mean, "
            f"{levels} grey level{'' if levels == '1' else 's'} of 255): {verdict}.")


def phase_sentence(sums: np.ndarray, spread: float, first_spread: float) -> str:
    """The learned kernel's phase sums now, and how far apart they were at step 0."""
    verdict = "flat" if spread < FLAT else "a checkerboard"
    same = number(sums.min()) == number(sums.max())
    now = (f"{value_range(sums.min(), sums.max())} ({verdict})" if same
           else f"{value_range(sums.min(), sums.max())}, apart by {share(spread)} of their mean ({verdict})")
    return f"Phase sums now: {now}. At step 0 they were apart by {share(first_spread)}."


def group_rows(c_in: int, c_out: int, groups: int) -> list[dict]:
    """One row per group: its input and output channels as 'first to last' (counted from 0)."""
    def span(r: range) -> str:
        return str(r.start) if len(r) == 1 else f"{r.start} to {r.stop - 1}"
    return [{"Group": k.index, "Input channels": span(k.inputs), "Output channels": span(k.outputs)}
            for k in core.channel_groups(c_in, c_out, groups)]


def parameters_sentence(c_in: int, c_out: int, groups: int, kernel, bias: bool) -> str:
    """What a transposed convolution learns: its weights (C_in x C_out/g x kH x kW), its biases, the total."""
    kh, kw = kernel
    biases = (text("channels", "parameters_bias", biases=count(c_out, "bias value")) if bias
              else text("channels", "parameters_no_bias"))
    return text("channels", "parameters", c_in=c_in, per_out=c_out // groups, kh=kh, kw=kw, bias=biases,
                weights=count(core.parameter_count(c_in, c_out, groups, kh, kw, bias=False), "weight"),
                total=count(core.parameter_count(c_in, c_out, groups, kh, kw, bias), "parameter"))


CELLS = {"length": "cell", "depth": "cell", "height": "row", "width": "column"}  # what one step along an axis is


def dims_words(axes) -> str:
    """'1-D', '2-D' or '3-D'."""
    return f"{len(axes)}-D"


def size_words(sizes) -> str:
    """A size of 1 to 3 axes in words: '3x3', '4x4x4', or along one axis '8 cells'."""
    return count(sizes[0], "cell") if len(sizes) == 1 else size(sizes)


def input_words(sizes) -> str:
    """A size before 'input': '3x3', '4x4x4', or along one axis '8-cell'."""
    return f"{sizes[0]}-cell" if len(sizes) == 1 else size(sizes)


def target_words(input_size, output_size) -> str:
    """What a design asks: '3x3 to 6x6', or along one axis '8 cells to 16 cells'."""
    return f"{size_words(input_size)} to {size_words(output_size)}"


def designer_code_words(held: bool, same: bool, axes=("height", "width")) -> str:
    """The designer's sentence on which layer its code is for: the sidebar's (2-D) or the row clicked (1-D, 3-D),
    or the first (of every axis, or per axis)."""
    if len(axes) == 2:
        if held:
            return text("designer", "code-sidebar")
        return text("designer", "code-first" if same else "code-first-axes")
    if held:
        others = "" if len(axes) == 1 or same else text("designer", "code-others")
        return text("designer", "code-picked", others=others, dims=dims_words(axes))
    which = "the first row"
    if not same:
        which = text("designer", "code-which", first=axes[0], others=listing(axes[1:]))
    return text("designer", "code-here", which=which, dims=dims_words(axes))


def axes_words(axes) -> dict[str, str]:
    """What the designer's sentences call the axes together: 'The height and width', 'both', 'two'."""
    number = {1: "one", 2: "two", 3: "three"}[len(axes)]
    return {"the_axes": f"The {listing(axes)}", "all": "both" if len(axes) == 2 else f"all {number}",
            "number": number}


def siblings_words(inv: core.Inversion) -> list[str]:
    """Why the inverter needs output padding, per axis (once when every axis agrees): the inputs that give the
    same output, and the output padding that returns to each."""
    agree = len(set(inv.siblings)) == 1
    where = ["each axis"] if agree and len(inv.axes) > 1 else [f"the {name}" for name in inv.axes]
    said = []
    for axis, trips in zip(where, inv.siblings):
        cell = "cell" if agree else CELLS[axis.removeprefix("the ")]
        said.append(text("designer", "siblings-many" if len(trips) > 1 else "siblings-one", axis=axis,
                         sizes=listing([str(t.input) for t in trips[:-1]] + [count(trips[-1].input, cell)]),
                         all="both" if len(trips) == 2 else "all", m=count(trips[0].conv_output, cell),
                         ops=listing([f"{t.output_padding} returns to {t.input}" for t in trips])))
    return said


def _crop_words(geo, axes) -> str:
    """What PyTorch's padding and output padding crop, per axis: the 2-D sentence, or along each named axis."""
    if len(axes) == 2:
        return crop_sentence("pytorch", geo.crop, geo.output_padding)
    if len(set(geo.crop)) == 1 and len(axes) > 1:
        return f"{CONVENTIONS['pytorch']} crops {_side(*geo.crop[0], 'cell', ('start', 'end'))} of each axis."
    parts = [f"{_side(before, after, 'cell', ('start', 'end'))} of the {name}"
             for (before, after), name in zip(geo.crop, axes)]
    return f"{CONVENTIONS['pytorch']} crops {listing(parts)}."


def inverse_keras_words(inv: core.Inversion) -> str:
    """The inverter's sentence on what Keras can do for the inverse: its twin layer, why it has none, or how
    close it comes."""
    layer = f"Conv{len(inv.axes)}DTranspose"
    if inv.keras:
        return text("designer", "keras-twin", mode=inv.keras[0], op=code_value(inv.keras[1]), layer=layer)
    if inv.keras_problem:
        return text("designer", "keras-rule", reason=inv.keras_problem)
    same_size = ""
    if inv.keras_size:
        same_size = text("designer", "keras-same-size", mode=inv.keras_size[0], op=code_value(inv.keras_size[1]),
                         size=size_words(inv.input_size), layer=layer)
    return text("designer", "keras-none", crop=_crop_words(inv.transposed, inv.axes), same_size=same_size)


def code_value(values) -> str:
    """A setting per axis as code writes it: 'None', '1' on one axis, '(1, 0)' on more."""
    if values is None or len(values) > 1:
        return str(tuple(values)) if values is not None else "None"
    return str(values[0])


# A height and a width given together are one setting in a sentence: 'input size', 'stride'.
_PAIRED = {"input": "input size", "kernel": "kernel size"}


def settings_used(keys) -> str:
    """The sentence that names the sidebar's settings ``keys`` (in the sidebar's order), a height and a width given
    together as one: "*This page uses the sidebar's input size, kernel size, fill and seed.*"."""
    names = []
    said = [SETTING[key].said for key in SIDEBAR_KEYS if key in keys]
    for name in said:
        stem, _, axis = name.rpartition(" ")
        other = f"{stem} {'width' if axis == 'height' else 'height'}"
        if axis in AXES and other in said:
            name = _PAIRED.get(stem, stem)
        if name not in names:
            names.append(name)
    return text("settings", "uses", settings=listing(names)) if names else text("settings", "uses-none")
