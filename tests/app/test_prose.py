"""Every sentence true for every setting: the lesson's words checked like its numbers.

Hypothesis draws the sidebar's settings (sizes, kernel, stride, dilation, padding, output padding,
convention, fill); every preset is a named example. For each page:

- the words everywhere on it (markdown, captions, notes, grid titles and captions, every frame of
  its players) read as a person writes them: no range "from a to a", no "1 products", no "3 row";
- its sentences with numbers state the core's numbers (sizes, counts, steps, zeros, ranges), and a
  claim about an interior is made only when the output has one.

Each page's check names, in its docstring, a real sentence bug it catches (found in this lesson).
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from pagetest import config, drawn_grids, open_page, players, texts

import core
from ui.pages import PAGES as LESSON_PAGES
from ui.settings.config import CONVENTIONS, MAX_DILATION, MAX_INPUT, MAX_KERNEL, MAX_PADDING, MAX_STRIDE
from ui.settings.presets import PRESETS
from ui.words import count, listing, number, size

SHOWN = 12  # the designer's table shows at most this many rows

pytestmark = pytest.mark.filterwarnings("ignore")

EXAMPLES = settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow])

NOUNS = ("contribution", "product", "row", "column", "cell", "step", "stamp", "zero", "tap", "channel", "frame",
         "number", "value", "setting", "layer", "question", "slice")
# A count of one with a plural noun, or a count of several with a singular one (not inside "1.5", "2x3", "k − 1").
_NOUN = "|".join(NOUNS)
ONE_MANY = re.compile(rf"(?<![\w.,×x−+/*-])(?<!to )1 ({_NOUN})s\b")  # "from 0 to 1 contributions" reads right
MANY_ONE = re.compile(rf"(?<![\w.,×x−+/*-])(0|[2-9]|[1-9]\d+) ({_NOUN})\b(?![-'’\w])")
A_AN = re.compile(r"\b[Aa] (8\d*|11|18)(?=[x\s,.)])")  # "a 11x26 output": an eleven
FROM_A_TO_A = re.compile(r"\bfrom (-?[\d.]+(?:e[+-]\d+)?) to \1(?![\d.\w])")
# "1 row of zeros between neighbouring rows": a singular noun after a count of several reads wrong,
# except where the noun names a thing, not a count ("2 row vector", "row 3").
ALLOWED_MANY_ONE = re.compile(r"\b\d+ (row|column) (vector|index|indices|by)\b")


@st.composite
def sidebar(draw):
    """An address's sidebar settings, valid ones mostly (a few cannot give an output, as a visitor's may not)."""
    convention = draw(st.sampled_from(list(CONVENTIONS.values())))
    keras = convention != CONVENTIONS["pytorch"]
    s = dict(convention=convention,
             h=draw(st.integers(1, MAX_INPUT)), w=draw(st.integers(1, MAX_INPUT)),
             kh=draw(st.integers(1, MAX_KERNEL)), kw=draw(st.integers(1, MAX_KERNEL)),
             sh=draw(st.integers(1, MAX_STRIDE)), sw=draw(st.integers(1, MAX_STRIDE)),
             d=draw(st.integers(1, MAX_DILATION)),
             fill=draw(st.sampled_from(["integers", "random (seeded)", "ones"])), seed=draw(st.integers(0, 50)))
    # The pages' own controls, in the address too: channels and groups, the practice question.
    # Channels at a practitioner's sizes too (up to 512), and groups among their common divisors.
    channels = st.one_of(st.sampled_from([1, 2, 3, 4, 6]), st.integers(1, 512))
    c_in, c_out = draw(channels), draw(channels)
    groups = draw(st.sampled_from(core.group_choices(c_in, c_out)))
    s.update(channels_in=c_in, channels_out=c_out, channels_groups=groups,
             channels_bias=draw(st.sampled_from(["on", "off"])), practice_seed=draw(st.integers(0, 99999)))
    if not keras:
        s.update(ph=draw(st.integers(0, MAX_PADDING)), pw=draw(st.integers(0, MAX_PADDING)))
        limit = max(min(s["sh"], s["d"]), s["sh"]) - 1  # below max(stride, dilation), within the sidebar's choices
        s.update(oph=str(draw(st.integers(0, max(limit, 0)))), opw="0")
    return s


def words(at) -> str:
    """Every word the page shows: its text, grid titles and captions, and each frame of its players."""
    parts = [texts(at)]
    for spec in drawn_grids(at).values():
        legend = spec["legend"]  # the colour bar's top: "1 contributions" once
        parts += [spec["layout"]["title"]["text"], spec["caption"] or "",
                  f"from {legend['lo']} to {legend['hi']} {legend['word']}" if legend else ""]
    for player in players(at).values():
        parts += player["captions"] + [p["title"] for p in player["panels"]]
    return "\n".join(" ".join(p.split()) for p in parts)


def check_language(said: str) -> None:
    """No 'from a to a', no '1 contributions', no '4 contribution', no 'a 8x8'."""
    assert not FROM_A_TO_A.search(said), FROM_A_TO_A.search(said).group(0)
    assert not A_AN.search(said), said[max(0, A_AN.search(said).start() - 40):A_AN.search(said).end() + 20]
    assert not ONE_MANY.search(said), ONE_MANY.search(said).group(0)
    for m in MANY_ONE.finditer(said):
        context = said[max(0, m.start() - 30):m.end() + 30]
        assert ALLOWED_MANY_ONE.search(said, m.start()) and ALLOWED_MANY_ONE.search(said, m.start()).start() == \
            m.start(), f"a count of several with a singular noun: {m.group(0)!r} in {context!r}"


def opened(page: str, address: dict):
    at = open_page(page, **address)
    assert not at.exception, [e.message for e in at.exception]
    return at, config(at)


# -- what each page says, against the core ------------------------------------------------------------

def check_start(at, cfg) -> None:
    """"Each of the four input values stamps ... the four stamps overlap in the middle" once stood under a
    3x3 input: the count of stamps, their distance and the cells where they overlap come from the core."""
    said = words(at)
    assert cfg.describe() in said
    if cfg.problem:
        return
    counts = core.contribution_count(cfg.input_size, cfg.kernel_size, **cfg.settings)
    one = cfg.input.size == 1 and "The one input value" in said
    assert one or f"Each of the {cfg.input.size} input values" in said
    many = int((counts > 1).sum())
    if many:
        # "1 cell of the 2x3 output receive more than one": the verb agrees with the count too
        assert (f"{many} cells of the {size(counts.shape)} output receive more than one" if many > 1 else
                f"1 cell of the {size(counts.shape)} output receives more than one") in said, said
        assert f"up to {int(counts.max())} products" in said


def check_scatter(at, cfg) -> None:
    """The "Show stamp" box once read 1 while the player showed stamp 6; the steps sentence, each frame's
    arithmetic and the player's frame count all follow the trace."""
    if cfg.problem:
        return
    trace = core.trace_conv_transpose2d(cfg.input, cfg.kernel, **cfg.settings)
    (h, w), (kh, kw) = cfg.input_size, cfg.kernel_size
    said = words(at)
    # "1 steps = 1 input cells (1x1) × 1 kernel cells (1x1)" once: each count takes its noun's number
    assert (f"{count(len(trace), 'step')}** = {count(h * w, 'input cell')} ({h}x{w}) × "
            f"{count(kh * kw, 'kernel cell')} ({kh}x{kw})") in texts(at)
    player = players(at)["scatter_player"]
    assert player["frames"] == len(player["captions"]) == h * w  # one stamp a frame
    for n, caption in enumerate(player["captions"]):
        i, j = divmod(n, w)
        assert caption.startswith(f"Stamp {n + 1} of {h * w}: x[{i},{j}] = {number(cfg.input[i, j])}, ")
        stamp = trace.stamp(i, j)
        cropped = int((~trace.kept[stamp]).sum())
        assert (f"{cropped} of {kh * kw} products are cropped by padding" in caption) == (cropped > 0)
    assert "receives" in said or "No product lands" in said
    check_output_padding_words(said, cfg)


def check_output_padding_words(said: str, cfg) -> None:
    """'output padding adds rows and columns of zeros' stood above an output whose added row held 3s: the
    cells output padding adds hold the products that landed there, and zeros only where no stamp reached."""
    out = cfg.output()
    counts = core.contribution_count(cfg.input_size, cfg.kernel_size, **cfg.settings)
    oph, opw = cfg.settings.get("output_padding", (0, 0))
    added = np.zeros(out.shape, bool)
    added[out.shape[0] - oph:] |= oph > 0
    added[:, out.shape[1] - opw:] |= opw > 0
    if "rows and columns of zeros" in said:
        assert not out[added].any()
    if "adds zeros only where no stamp reached" in said:
        assert not out[added & (counts == 0)].any()
    assert not re.search(r"receives \*\*1 product\*\*: (\S+) = \*\*\1\*\*", said)  # once "1 product: 6 = 6"


def check_zero_insertion(at, cfg) -> None:
    """Zero insertion's sentence names the zero-inserted size and the zeros between cells; the window
    sentence the output's size, from the core's gather view."""
    if cfg.problem:
        return
    view = core.equivalent_convolution(cfg.input, cfg.kernel, **cfg.settings)
    said = words(at)
    (sh, sw), (h, w) = cfg.stride, cfg.input_size
    if max(sh, sw) > 1:
        assert f"the {h}x{w} input becomes {size(view.zero_inserted.shape)}" in said
    assert f"for all {size(view.output.shape)} output cells" in said
    player = players(at)["zero_player"]
    reveal = player["changes"][3]["reveal"]
    wo = view.output.shape[1]
    for end, caption in zip(reveal, player["captions"]):
        y, x = divmod(end - 1, wo)
        assert caption.startswith(f"out[{y},{x}] = ") and caption.endswith(
            (number(view.output[y, x]), f"{number(view.output[y, x])} (the other")) or \
            f"= {number(view.output[y, x])}" in caption, caption


def check_transposed(at, cfg) -> None:
    """The matrix C's rows and columns and the sizes of y and Cᵀy are the core's conv_matrix's."""
    if cfg.problem:
        return
    said = texts(at)
    (h, w), (ho, wo) = cfg.input_size, cfg.output_size
    assert f"takes a **{h}x{w}** input to a **{ho}x{wo}** output" in said
    assert f"**{h * w} row{'' if h * w == 1 else 's'}**" in said
    assert f"**{ho * wo} column{'' if ho * wo == 1 else 's'}**" in said


def check_channels(at, cfg) -> None:
    """The weight's shape in each framework's words is the core's layout for the page's channels and groups."""
    if cfg.problem:
        return
    said = texts(at)
    state = at.session_state
    c_in, c_out, groups = state["channels_in"], state["channels_out"], state["channels_groups"]
    layout = core.weight_layouts(c_in, c_out, groups, *cfg.kernel_size)
    assert f"**{tuple(layout.conv_transpose2d)}**" in said
    assert f"each output channel sums over all {count(c_in // groups, 'input channel')}" in said or groups > 1
    total = core.parameter_count(c_in, c_out, groups, *cfg.kernel_size, bias=state["channels_bias"])
    assert count(total, "parameter") in said, f"the page should count {total} parameters"


def check_checkerboard(at, cfg) -> None:
    """'every interior output cell receives 2 contributions' under a map whose interior read 4; 'from 1 to
    1 contributions'; 'the overlap is even' where no interior exists: the map's words come from the map."""
    if cfg.problem:
        return
    said = words(at)
    counts = core.contribution_count(cfg.input_size, cfg.kernel_size, **cfg.settings)
    lo, hi = int(counts.min()), int(counts.max())
    map_size = size(counts.shape)
    if lo == hi:
        assert f"Every cell of the {map_size} map receives {lo} contribution" in said
    else:
        assert f"The cells of the {map_size} map receive from {lo} to {hi} contributions." in said
    inside = core.interior(cfg.input_size, cfg.kernel_size, **cfg.settings)
    assert ("too small to have an interior" in said) == (inside is None)
    whole = inside is not None and counts[slice(*inside[0]), slice(*inside[1])].shape == counts.shape
    assert ("Away from the borders (rows" in said) == (inside is not None and not whole)
    assert ("the interior is the whole map" in said) == whole
    check_rule_words(said, cfg)
    if inside is not None:
        (r0, r1), (c0, c1) = inside
        a, b = int(counts[r0:r1, c0:c1].min()), int(counts[r0:r1, c0:c1].max())
        outside = np.ones(counts.shape, bool)
        outside[r0:r1, c0:c1] = False
        fewest = int(counts[outside].min()) if outside.any() else a
        fewer = fewest < a  # "cells near the border can receive fewer" stood beside a map of 1s
        assert (f"Cells near the border receive fewer, as few as {count(fewest, 'contribution')}" in said) == fewer
        assert ("No cell near the border receives fewer" in said) == (not whole and not fewer)
        span = lambda lo, hi: str(lo) if lo == hi else f"{lo} to {hi}"  # noqa: E731
        where = ("Everywhere (the interior is the whole map: no cell is near enough to a border to miss a stamp), "
                 if whole else f"Away from the borders (rows {span(r0, r1 - 1)}, columns {span(c0, c1 - 1)}), ")
        assert (where + (f"every cell receives {count(a, 'contribution')}" if a == b else
                         f"cells receive from 0 to {b}: some get no product" if a == 0 else
                         f"cells receive from {a} to {count(b, 'contribution')}")) in said, said


def check_rule_words(said: str, cfg) -> None:
    """Kernel 4's caption said "2 contributions along this axis" beside a map of 4s: where the sentence speaks
    for both axes it names the map's counts, each a product of the two axes' interior counts (the core's)."""
    told_here = 0
    for m in re.finditer(r"(Here|Along the height and the width), ([^:]*?)kernel (\d+)[^:]*:.*?the map multiplies "
                         r"the two axes: ([\d, or×=]+?)(?: contributions?)?(?:, so|, and cells|\.)", said):
        here = m.group(1) == "Here"  # the rule's examples: square, dilation 1, stride in the sentence
        told_here += here
        stride = int(re.search(r"stride (\d+)", m.group(0)).group(1)) if here else cfg.stride[0]
        d = 1 if here else cfg.geometry.axes[0].dilation
        period = core.interior_period(int(m.group(3)), stride, d)
        told = [int(v) for v in re.findall(r"\d+", m.group(4).split("=")[-1])]
        assert told == sorted({a * b for a in period for b in period}), m.group(0)
    assert told_here == 2  # both of the rule's examples say what their map holds


def check_learning(at, cfg) -> None:
    """'loss 0.464 at step 0, 0.464 at step 0' before any training, and 'phases range from 0.296 to 0.296'
    for a flat output (the language check catches the second)."""
    said = words(at)
    methods = re.findall(r"\*\*[^*]+\*\*: loss ", said)
    assert methods and said.count("before training") == len(methods), said[:600]
    assert not re.search(r"at step 0, \*\*\S+\*\* at step 0", said)
    # A 0.5 % unevenness was called "a checkerboard": only phases one grey level of 255 apart or more are.
    verdicts = re.findall(r"interior phases (?:are all \S+: flat|range from (\S+) to (\S+) \(they differ by "
                          r"[^(),]+ of their mean, ([\d.]+) grey levels? of 255\): (flat to the eye|a checkerboard))",
                          said)
    assert len(verdicts) == len(methods), said[:600]
    for low, high, levels, verdict in verdicts:
        if verdict:
            assert (float(levels) >= 1) == (verdict == "a checkerboard")
            assert abs(float(levels) - (float(high) - float(low)) * 255) <= 0.01 * 255  # from the phases shown


CROP = re.compile(r"(PyTorch|Keras 'valid'|Keras 'same') crops (\d+) rows? from the top and (?:(\d+) from the "
                  r"bottom|adds (\d+) rows? of zeros at the bottom), and (\d+) columns? from the left and (?:(\d+) "
                  r"from the right|adds (\d+) columns? of zeros at the right)")


FORMULA = re.compile(r"((?:[HW]_\\text\{out\} = )+)([^=]+?) = \\mathbf\{(\d+)\}")
ARITHMETIC = re.compile(r"[\d\s()+*%-]+")


def formula_sizes(said: str) -> list[tuple[int, int]]:
    """Each output-size formula with the settings put in, in page order, as (height, width): the arithmetic
    of each line is evaluated and must give the bold number at its end."""
    sizes = []
    for block in re.findall(r"\$\$(.*?)\$\$", said, flags=re.S):
        axes = {}
        for names, expr, shown in FORMULA.findall(block):
            plain = expr.replace("\\cdot", "*").replace("\\bmod", "%")
            assert ARITHMETIC.fullmatch(plain), plain
            assert eval(plain) == int(shown), f"{expr} = {shown}"  # noqa: S307 (digits and operators only)
            axes.update({name: int(shown) for name in re.findall(r"([HW])_", names)})
        if axes:
            sizes.append((axes["H"], axes["W"]))
    return sizes


def check_shapes(at, cfg) -> None:
    """The output size in the page's words is the core's; each formula's arithmetic gives its result and the
    result is that framework's output; each framework's crop sentence says the crop its output grid was
    cut with (the core's geometry under that convention)."""
    if cfg.problem:
        return
    said = texts(at)
    assert size(cfg.output_size) in said
    grids = drawn_grids(at)
    kept = [(g["grid"]["h"], g["grid"]["w"]) for key, g in grids.items() if key.startswith("shapes_") and
            key.endswith("_out")]
    computed = formula_sizes(said)
    assert computed == kept, (computed, kept)  # one formula per framework, in the order of the columns
    names = {label: key for key, label in CONVENTIONS.items()}
    for m in CROP.finditer(" ".join(said.split())):
        label, top, bottom, zeros_b, left, right, zeros_r = m.groups()
        other = cfg.as_convention(names[label])
        (t, b), (lft, r) = core.geometry(other.input_size, other.kernel_size, **other.settings).crop
        assert (int(top), int(bottom) if bottom else -int(zeros_b)) == (t, b), m.group(0)
        assert (int(left), int(right) if right else -int(zeros_r)) == (lft, r), m.group(0)
        kept = drawn_grids(at)[f"shapes_{names[label].replace('-', '_')}_out"]["grid"]
        assert (kept["h"], kept["w"]) == other.output_size, m.group(0)


def check_designer(at, cfg) -> None:
    """The count of settings found is the length of the list they come from (the table shows them all, or
    its first SHOWN rows and says so), the search's ranges are the sidebar's, and the inverter's sizes
    follow the convolution's formula (``check_inverter``)."""
    said = texts(at)
    for found, frame in zip(re.findall(r"(\d+) settings? found", said), at.dataframe):
        n = int(found)
        assert len(frame.value) == min(n, SHOWN)
        assert (f"the first {SHOWN}" in said) == any(int(f) > SHOWN for f in re.findall(r"(\d+) settings? found", said))
    ranges = f"kernel 1 to {MAX_KERNEL}, stride 1 to {MAX_STRIDE}, dilation 1 to {MAX_DILATION}"
    assert ranges in " ".join(said.split())
    check_inverter(said, dict(input_size=8, kernel=3, stride=2, padding=1, dilation=1))


def conv_length(n: int, k: int, s: int, p: int, d: int) -> int:
    """PyTorch's Conv2d output length, from its documentation."""
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def transposed_length(n: int, k: int, s: int, p: int, d: int, op: int = 0) -> int:
    """PyTorch's ConvTranspose2d output length, from its documentation (negative where no layer gives one)."""
    return (n - 1) * s - 2 * p + d * (k - 1) + op + 1


def check_inverter(said: str, conv: dict) -> None:
    """'turns its 8x8 input into 4x4', 'returns to 8x8 with output_padding=(1, 1)', 'inputs of 7 and 8 cells
    both give 4 cells ... 0 returns to 7 and 1 returns to 8': each number from the convolution's formula."""
    said = " ".join(said.split())
    n, k, s, p, d = (conv[name] for name in ("input_size", "kernel", "stride", "padding", "dilation"))
    m = conv_length(n, k, s, p, d)
    if m < 1:
        assert "The `Conv2d` turns" not in said
        return
    assert f"The `Conv2d` turns its {n}x{n} input into {m}x{m}." in said
    siblings = [i for i in range(max(1, n - s), n + s + 1) if conv_length(i, k, s, p, d) == m]
    op = n - transposed_length(m, k, s, p, d)
    assert f"returns to {n}x{n} with `output_padding=({op}, {op})`" in said
    assert 0 <= op < max(s, d)
    returns = listing([f"{op + i - n} returns to {i}" for i in siblings])
    if len(siblings) == 1:
        assert f"only an input of {count(n, 'cell')} gives {count(m, 'cell')}, so there is nothing to choose: " \
               f"output padding {returns}" in said
    else:
        listed = re.search(r"inputs of ([\d, and]+) cells (?:both|all) give (\d+) cells?", said)
        assert listed and [int(v) for v in re.findall(r"\d+", listed.group(1))] == siblings, (listed, siblings)
        assert int(listed.group(2)) == m
        assert returns in said, (returns, said[said.index("Why the extra"):][:300])


def check_practice(at, cfg) -> None:
    """The question's sizes are its own grids' and the core's; answered right, its explanation ends on the
    core's answer with every intermediate number the core's (``check_explanation``)."""
    said = " ".join(texts(at).split())
    m = re.search(r"Take an? (\d+)x(\d+) input and an? (\d+)x(\d+) kernel, stride (\d+), padding (\d+)\. "
                  r"The output is (\d+)x(\d+)\.", said)
    if m:
        h, w, kh, kw, s, p, ho, wo = (int(v) for v in m.groups())
        grids = drawn_grids(at)
        assert (grids["practice_input"]["grid"]["h"], grids["practice_input"]["grid"]["w"]) == (h, w)
        assert (grids["practice_kernel"]["grid"]["h"], grids["practice_kernel"]["grid"]["w"]) == (kh, kw)
        assert core.output_size((h, w), (kh, kw), stride=s, padding=p) == (ho, wo)
        assert (grids["practice_blank"]["grid"]["h"], grids["practice_blank"]["grid"]["w"]) == (ho, wo)
    m = re.search(r"An? (\d+)x(\d+) input and an? (\d+)x(\d+) kernel, stride (\d+), padding (\d+): the output is "
                  r"(\d+)x(\d+)\.", said)
    if m:
        h, w, kh, kw, s, p, ho, wo = (int(v) for v in m.groups())
        assert core.output_size((h, w), (kh, kw), stride=s, padding=p) == (ho, wo)
    check_explanation(at)


def check_explanation(at) -> None:
    """"Padding 1 crops 1 row from the top and 1 from the bottom, leaving 14": after a right answer the
    reasoning's numbers are the core's: the uncropped size, what is left after the crop, the answer."""
    from test_practice import answer, solve
    kind, value, rights = solve(at)
    at = answer(at, kind, value)
    said = " ".join(texts(at).split())
    assert at.success and at.success[0].value.startswith("**Correct:**"), said[-300:]
    shape = re.search(r"An? (\d+)x\d+ input goes through a transposed convolution with an? (\d+)x\d+ kernel, "
                      r"stride (\d+), padding (\d+), output padding (\d+) and dilation (\d+)\.", said)
    if shape:
        n, k, s, p, op, d = (int(v) for v in shape.groups())
        full = (n - 1) * s + d * (k - 1) + 1
        assert f"= {count(full, 'row')}. Padding {p} crops {count(p, 'row')} from the top" in said
        assert f"leaving {full - 2 * p}; output padding {op} adds {count(op, 'row')} at the bottom: " \
               f"**{count(value, 'row')}**" in said
    elif m := re.search(r"(Only 1 product lands|(\d+) products land) on output cell", said):
        # "1 product land on output cell (3, 1) ... Their sum is 0 = **0**": the count agrees with the table
        rows = re.findall(r"\| \d+ \| \(\d+, \d+\) \|", texts(at))
        assert (len(rows) == 1) if m.group(1).startswith("Only") else (int(m.group(2)) == len(rows) > 1), m.group(0)
        assert said.endswith(f"**Correct:** {number(value)} is right.") and f": **{number(value)}**." in said \
            or f"= **{number(value)}**." in said
    else:
        m = re.search(r"cover a cell at most (\d+) times?\. .*largest overlap is (\d+) × (\d+) = \*\*(\d+)\*\* "
                      r"products?, on (\d+) cells?", said)
        assert m, said[-500:]
        along, a, b, most, ties = (int(v) for v in m.groups())
        best = max(len(rights), 1)
        assert a * b == most == (value if kind == "number" else most) and along == max(a, b)
        assert kind == "number" or ties == best


def check_upsampling(at, cfg) -> None:
    """Each method's size in the table is the size of the grid it draws; the transposed convolution's size,
    how it compares with input x scale and its count of weights are the core's; each "equal in all N cells"
    is computed over the grids it names."""
    said = " ".join(texts(at).split())
    grids = drawn_grids(at)
    shape = {key: (g["grid"]["h"], g["grid"]["w"]) for key, g in grids.items()}
    for row, key in (("Nearest neighbour", "nearest"), ("Bilinear", "bilinear"), ("Bed of nails", "bed"),
                     ("Max-unpooling", "unpool"), ("Transposed convolution", "transposed")):
        assert f"| {row} | {size(shape['upsampling_' + key])} |" in said, row
    scale = at.slider(key="upsampling_scale").value
    out = core.conv_transpose2d(cfg.input, cfg.kernel, stride=scale)
    assert shape["upsampling_transposed"] == out.shape
    assert f"Its output is {size(out.shape)}." in said
    wanted = (cfg.input_size[0] * scale, cfg.input_size[1] * scale)
    kind = ("exactly input × stride" if out.shape == wanted else
            "more than" if all(a >= b for a, b in zip(out.shape, wanted)) else
            "less than" if all(a <= b for a, b in zip(out.shape, wanted)) else "Compare it with")
    assert f"Its output is {size(out.shape)}. {'That is ' if kind != 'Compare it with' else ''}{kind}" in said
    assert f"the kernel: {count(cfg.kernel.size, 'number')} per input" in said
    for a, b, names in (("upsampling_keras_bed", "upsampling_bed_again", "Keras's output and bed of nails"),
                        ("upsampling_ones_conv", "upsampling_nearest_again",
                         "the transposed convolution and nearest neighbour")):
        za, zb = (np.array(grids[key]["data"][0]["z"]) for key in (a, b))
        differ = za.shape != zb.shape or not np.allclose(za, zb)
        assert (f"Computed: {names} are equal in all {count(za.size, 'cell')}." in said) == (not differ), names
    torch_bed = (np.array(cfg.input_size) - 1) * scale + 1
    assert f"gives {size(torch_bed)}: it stops" in said


def check_hear(at, cfg) -> None:
    """Every dB, Hz, count and length the 1-D page says is the core's, for the sidebar's kernel and stride, then
    for a kernel learned on the page with them (tests/app/test_hear.py's checks, under this file's hypothesis
    settings and presets). It catches, for one, the loss before the last step said as the learned kernel's (tried on
    broken code)."""
    from test_hear import check_learned, check_numbers, expected

    if not cfg.problem:
        check_numbers(at, expected(at))
        at.radio(key="hear_kernel").set_value("trained").run()
        assert not at.exception
        check_language(words(at))
        e = expected(at, kind="trained")
        check_numbers(at, e)
        check_learned(at, e, cfg.dilation)


CHECKS = {"start": check_start, "upsampling": check_upsampling, "scatter": check_scatter,
          "zero_insertion": check_zero_insertion, "transposed": check_transposed, "channels": check_channels,
          "checkerboard": check_checkerboard, "learning": check_learning, "shapes": check_shapes,
          "designer": check_designer, "practice": check_practice, "hear": check_hear}


def test_every_page_of_the_lesson_has_its_prose_check():
    assert set(CHECKS) == {page.name for page in LESSON_PAGES}, "a page of ui/pages.py has no prose check here"


@pytest.mark.parametrize("page", list(CHECKS))
@EXAMPLES
@given(address=sidebar())
def test_every_page_says_the_cores_numbers(page, address):
    at, cfg = opened(page, address)
    check_language(words(at))
    CHECKS[page](at, cfg)


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize("page", list(CHECKS))
def test_every_page_under_every_preset(page, preset):
    at = open_page(page)
    at.sidebar.selectbox(key="preset").set_value(preset).run()
    assert not at.exception
    check_language(words(at))
    CHECKS[page](at, config(at))


@pytest.mark.parametrize("page", list(CHECKS))
@pytest.mark.parametrize("extreme", [dict(h=1, w=1, kh=1, kw=1, sh=1, sw=1),
                                     dict(h=8, w=8, kh=7, kw=7, sh=4, sw=4, d=3),
                                     dict(h=1, w=8, kh=7, kw=1, sh=4, sw=1, ph=3, pw=0)])
def test_every_page_at_the_extremes(page, extreme):
    at, cfg = opened(page, extreme)
    check_language(words(at))
    CHECKS[page](at, cfg)


def test_a_value_question_on_a_cell_one_product_reaches():
    """It said "1 product land on output cell (3, 1) ... Their sum, the overlap on that cell, is 0 = **0**"."""
    at, cfg = opened("practice", dict(h=8, w=6, kh=4, kw=6, sh=4, sw=2, d=2, fill="random (seeded)", seed=30,
                                      practice_seed=4459, ph=6, pw=6, oph="2", opw="0"))
    check_practice(at, cfg)
    assert "Only 1 product lands on output cell" in texts(at)


@EXAMPLES
@example(conv=dict(input_size=2, kernel=1, stride=5, padding=4, dilation=2))  # back only with output padding 4
@given(conv=st.fixed_dictionaries(dict(input_size=st.integers(1, 40), kernel=st.integers(1, 7),
                                       stride=st.integers(1, 5), padding=st.integers(0, 4),
                                       dilation=st.integers(1, 3))))
def test_the_inverter_says_the_convolutions_sizes(conv):
    at = open_page("designer")
    for name, value in conv.items():
        at.number_input(key=f"designer_conv_{name}_").set_value(value)
    at.run()
    assert not at.exception
    check_language(words(at))
    check_inverter(texts(at), conv)


def test_the_language_checks_catch_what_they_are_for():
    for bad in ("cells receive from 1 to 1 contributions", "1 contributions", "receives 4 contribution.",
                "from 0.296 to 0.296: flat", "Layer 1: a 11x26 output", "a 8x8 input"):
        with pytest.raises(AssertionError):
            check_language(bad)
    check_language("from 1 to 4 contributions; 1 contribution; 2x3 cells; 1 × (3 − 1); rows 2 to 4; 1.5 cells; "
                   "from 0 to 1 contributions; an 8x8 input; a 7x7 output; a 110 cells")
    assert np.isfinite(1.0)
