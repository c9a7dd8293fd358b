"""Fuzzing every lesson page through its address and its sidebar controls.

Each example opens one page (sidebar + page, as app.py runs them) with a random set of query
parameters: known keys with valid, out-of-range, non-numeric, empty, repeated and huge
values, unknown keys, garbage typed values (x, k), unknown conventions, fills and presets.
Then it moves random controls. After every run:

- no exception, and the page shows its title;
- either the configuration works (its ``problem`` is None) and the page draws its
  figures and text, or the problem sentence is in the sidebar's error and the page says
  so in an st.info;
- a valid parameter in the address is kept even when another one is bad;
- garbage typed values are explained in a warning, each of them.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pagetest import HARNESS, components, config, open_values
from streamlit import config as streamlit_config
from streamlit.testing.v1 import AppTest

from ui.pages import PAGES as LESSON_PAGES
from ui.settings.codec import decode, encode
from ui.settings.config import CONVENTIONS, MAX_INPUT, MAX_KERNEL
from ui.settings.presets import PRESETS
from ui.settings.registry import SETTING, SIDEBAR, WHOLE
from ui.settings.values import FILLS

pytestmark = pytest.mark.filterwarnings("ignore")

PAGES = {page.name: page.h1 for page in LESSON_PAGES}
# Pages that say on the page itself when the sidebar's settings cannot work (the upsampling
# page only uses the input's values; the practice page only when its toggle asks for them).
EXPLAINS_PROBLEM = {page.name for page in LESSON_PAGES if page.captioned}
DRAWS_FIGURES = {page.name for page in LESSON_PAGES if page.figures}  # the designer shows tables and code

SLIDERS = {s.key: (s.lo, s.hi) for s in SIDEBAR if s.kind == WHOLE and s.key != "seed"}  # from the declarations
DEFAULTS = {key: SETTING[key].default for key in SLIDERS}
LABEL_TO_CONV = {label: key for key, label in CONVENTIONS.items()}
LABEL_TO_FILL = {label: key for key, label in FILLS.items()}

# No shrinking: each step would rerun a page, and the drawn address is readable as it is.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate]
FAST = settings(max_examples=20, deadline=None, phases=PHASES, suppress_health_check=[HealthCheck.too_slow])
ACTIONS = settings(max_examples=6, deadline=None, phases=PHASES, suppress_health_check=[HealthCheck.too_slow])

# -- hostile addresses ------------------------------------------------------------------------------

NOT_NUMBERS = ["", " ", "banana", "1.5", "3.0", "nan", "inf", "-inf", "1e400", "1e3", str(10**30), "-1",
               "0x3", " 3", "3 ", "+3", "\u0663", "None", "[3]", "%00", "3;4", "3,4", "true", "\x00", "3\n"]
GARBAGE_VALUES = ["1,2;3", "a,b", "a,b;c,d", "nan,1;1,1", "1e400", "1e300,1;1,1", ";".join(["1"] * 10),
                  ",".join(["1"] * 10), "", " ", ";", ",", "1,,2", "inf", "-1e7", "1;2;", "1e6,1;1,1"]


def slider_value(key):
    lo, hi = SLIDERS[key]
    return st.one_of(st.integers(lo, hi).map(str), st.integers(-3, 12).map(str), st.sampled_from(NOT_NUMBERS),
                     st.lists(st.integers(lo, hi).map(str), min_size=2, max_size=3))


@st.composite
def typed_values(draw, limit):
    """A valid URL matrix, or garbage."""
    if draw(st.booleans()):
        rows, cols = draw(st.integers(1, limit)), draw(st.integers(1, limit))
        cells = draw(st.lists(st.sampled_from([0.0, 1.0, -2.5, 3.0, 0.125, 1e6, -1e6]), min_size=rows * cols,
                              max_size=rows * cols))
        return encode(tuple(tuple(cells[r * cols:(r + 1) * cols]) for r in range(rows)))
    return draw(st.sampled_from(GARBAGE_VALUES))


def addresses():
    known = {key: slider_value(key) for key in SLIDERS}
    known.update(
        oph=st.sampled_from(["0", "1", "2", "3", "auto", "4", "-1", "x", "", "Auto"]),
        opw=st.sampled_from(["0", "1", "2", "3", "auto", "9", "1.0", ""]),
        convention=st.sampled_from([*CONVENTIONS.values(), *CONVENTIONS, "TensorFlow", "", "keras", "PYTORCH"]),
        fill=st.sampled_from([*FILLS.values(), *FILLS, "zeros", ""]),
        seed=st.sampled_from(["0", "7", "9999", "10000", "-5", "1e3", "abc", "", str(10**30)]),
        x=st.one_of(typed_values(MAX_INPUT), st.lists(typed_values(MAX_INPUT), min_size=2, max_size=2)),
        k=typed_values(MAX_KERNEL),
        preset=st.sampled_from([*list(PRESETS)[:3], "No such preset", ""]),
    )
    unknown = st.dictionaries(st.sampled_from(["bogus", "_config", "x_editor", "page", "H", "upsampling_scale",
                                               "practice_kind", "preset_applied", "values_problem"]),
                              st.sampled_from(["1", "", "junk", "9" * 40]), max_size=2)
    # Settings that usually cannot work, under the random ones, so both outcomes are common.
    recipes = st.one_of(st.just({}), st.sampled_from([
        {"ph": "6"}, {"h": "1", "kh": "1", "ph": "3"}, {"convention": "Keras 'valid'", "sh": "2", "d": "2"},
        {"convention": "Keras 'same'", "sw": "3", "d": "3"}, {"w": "1", "kw": "1", "sw": "1", "pw": "5"},
    ]))
    return st.tuples(st.fixed_dictionaries({}, optional=known), unknown, recipes).map(
        lambda t: {**t[1], **t[0], **t[2]})


@pytest.fixture(autouse=True)
def _error_details():
    """Show exceptions' messages and stacks in AppTest (the app's config redacts them)."""
    old = streamlit_config.get_option("client.showErrorDetails")
    streamlit_config.set_option("client.showErrorDetails", "full")
    yield
    streamlit_config.set_option("client.showErrorDetails", old)


def exceptions(at) -> str:
    return "\n".join(f"{e.message}\n" + "\n".join((e.stack_trace or [])[-3:]) for e in at.exception)


def open_page(page: str, /, **params) -> AppTest:
    """pagetest.open_page, but with any parameter name (an address may hold 'page' too)."""
    at = AppTest.from_file(HARNESS, default_timeout=60)
    at.session_state["_test_page"] = page
    for key, value in params.items():
        at.query_params[key] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return at.run()


# -- what every run must show -----------------------------------------------------------------------


def texts(block, kind) -> str:
    return "\n".join(str(e.value) for e in block.get(kind))


def check_page(at, page: str) -> None:
    assert not at.exception, exceptions(at)
    titles = [t.value for t in at.title]
    assert PAGES[page] in titles, titles
    cfg = config(at)
    errors = texts(at.sidebar, "error")
    if cfg.problem is None:
        assert not errors, f"a sidebar error with no problem: {errors}"
        assert at.main.get("markdown"), "the page shows no text"
        if page in DRAWS_FIGURES:
            drawn = list(at.get("plotly_chart")) + components(at)
            assert drawn, "the page draws no figure for a configuration that works"
    else:
        assert cfg.problem in errors, f"the problem {cfg.problem!r} is not in the sidebar: {errors!r}"
        if page in EXPLAINS_PROBLEM:
            assert at.main.get("info"), "the page does not say that the settings cannot work"


def single(value):
    return value if isinstance(value, str) else None


def canonical_int(value, lo, hi):
    """The int a URL value spells plainly (digits only) within [lo, hi], else None."""
    value = single(value)
    if value is None or not value.isascii() or not value.isdigit():
        return None
    n = int(value)
    return n if lo <= n <= hi else None


def _typed(params) -> dict:
    """The address's typed values, decoded (or the ValueError saying why not), by key."""
    typed = {}
    for key, what, limit in (("x", "input", MAX_INPUT), ("k", "kernel", MAX_KERNEL)):
        if key in params:
            value = params[key] if isinstance(params[key], str) else params[key][-1]
            try:
                typed[key] = decode(value, what, limit)
            except ValueError as exc:
                typed[key] = exc
    return typed


def check_address_kept(at, params) -> None:
    """Valid parameters survive bad neighbours; bad typed values are explained; typed values (under a custom
    fill) bring their size, and typed values without it are said to be left out."""
    cfg = config(at)
    fill = single(params.get("fill"))
    custom = fill == "custom" or LABEL_TO_FILL.get(fill) == "custom"  # the address form, or its label
    typed = _typed(params)
    sized = {"x": ("h", "w"), "k": ("kh", "kw")}
    decided = {name for key, v in typed.items() if custom and not isinstance(v, ValueError) for name in sized[key]}
    fields = {"h": cfg.input_size[0], "w": cfg.input_size[1], "kh": cfg.kernel_size[0], "kw": cfg.kernel_size[1],
              "sh": cfg.stride[0], "sw": cfg.stride[1], "d": cfg.dilation}
    if cfg.convention == "pytorch":
        fields.update(ph=cfg.padding[0], pw=cfg.padding[1])
    for key, got in fields.items():
        wanted = canonical_int(params.get(key), *SLIDERS[key])
        if wanted is not None and key not in decided:
            assert got == wanted, f"{key}={wanted} in the address became {got} (address {params})"
    conv = single(params.get("convention"))
    if conv in LABEL_TO_CONV:
        assert cfg.convention == LABEL_TO_CONV[conv], (conv, cfg.convention)
    if fill in LABEL_TO_FILL:
        assert at.session_state["fill"] == LABEL_TO_FILL[fill]
    warnings = texts(at, "warning")
    for key, decoded in typed.items():
        what = "input" if key == "x" else "kernel"
        if not custom:
            assert f"The address carries typed values of the {what}, which only a fill of custom uses" in warnings, \
                f"typed {key} without a custom fill is not said: {warnings!r}"
        elif isinstance(decoded, ValueError):
            assert str(decoded) in warnings, f"the bad typed {key} {params[key]!r} is not explained: {warnings!r}"
        else:
            np.testing.assert_array_equal(cfg.input if key == "x" else cfg.kernel, np.asarray(decoded))


# -- the tests --------------------------------------------------------------------------------------

@pytest.mark.parametrize("page", list(PAGES))
def test_random_addresses(page):
    @FAST
    @given(addresses())
    def run(params):
        at = open_page(page, **params)
        check_page(at, page)
        check_address_kept(at, params)

    run()


@st.composite
def actions(draw):
    kind = draw(st.sampled_from(["slider", "slider", "slider", "convention", "op", "fill", "seed", "preset"]))
    if kind == "slider":
        return kind, draw(st.sampled_from(sorted(SLIDERS))), draw(st.floats(0, 1))
    if kind == "convention":
        return kind, "convention", draw(st.sampled_from(list(CONVENTIONS)))
    if kind == "op":
        return kind, draw(st.sampled_from(["oph", "opw"])), draw(st.floats(0, 1))
    if kind == "fill":
        return kind, "fill", draw(st.sampled_from(list(FILLS)))
    if kind == "seed":
        return kind, "seed", draw(st.integers(0, 9999))
    return kind, "preset", draw(st.sampled_from(list(PRESETS)))


def act(at, action):
    """Do one action in the sidebar; returns what the configuration must then show (or None)."""
    kind, key, value = action
    bar = at.sidebar
    if kind == "slider":
        found = [s for s in bar.slider if s.key == key]
        if not found:  # Keras conventions hide the padding sliders
            return None
        slider = found[0]
        v = slider.min + round(value * (slider.max - slider.min))
        slider.set_value(v).run()
        return key, v
    if kind == "convention":
        bar.radio(key="convention").set_value(value).run()
        return key, value
    if kind == "op":
        box = bar.selectbox(key=key)
        options = box.options
        box.set_value(options[min(int(value * len(options)), len(options) - 1)]).run()
        return None
    if kind in ("fill", "seed") and not [e for e in bar.selectbox if e.key == "fill"]:
        open_values(at)
        bar = at.sidebar
    if kind == "fill":
        bar.selectbox(key="fill").set_value(value).run()
        return None
    if kind == "seed":
        seed = bar.number_input(key="seed")
        if not seed.disabled:  # the ones and typed fills have no seed
            seed.set_value(value).run()
        return None
    bar.selectbox(key="preset").set_value(value).run()
    return None


def check_action(at, done) -> None:
    if done is None:
        return
    key, value = done
    cfg = config(at)
    if key == "convention":
        assert cfg.convention == value
        return
    got = {"h": cfg.input_size[0], "w": cfg.input_size[1], "kh": cfg.kernel_size[0], "kw": cfg.kernel_size[1],
           "sh": cfg.stride[0], "sw": cfg.stride[1], "d": cfg.dilation, "ph": cfg.padding[0],
           "pw": cfg.padding[1]}[key]
    assert got == value, f"{key} was set to {value}, the configuration has {got}"


@pytest.mark.parametrize("page", list(PAGES))
def test_random_control_moves(page):
    @ACTIONS
    @given(addresses(), st.lists(actions(), min_size=1, max_size=4))
    def run(params, moves):
        at = open_page(page, **params)
        check_page(at, page)
        for move in moves:
            done = act(at, move)
            check_page(at, page)
            check_action(at, done)

    run()


@pytest.mark.parametrize("page", ["start", "checkerboard"])
def test_every_convention_and_slider_extreme(page):
    """Each convention with each slider at its minimum and maximum, one at a time."""
    at = open_page(page)
    for conv in CONVENTIONS:
        at.sidebar.radio(key="convention").set_value(conv).run()
        check_page(at, page)
        for key in ("h", "kh", "sh", "d", "ph"):
            found = [s for s in at.sidebar.slider if s.key == key]
            if not found:
                continue
            for v in (found[0].max, found[0].min):
                at.sidebar.slider(key=key).set_value(v).run()
                check_page(at, page)
                check_action(at, (key, v))
            at.sidebar.slider(key=key).set_value(DEFAULTS[key]).run()


@pytest.mark.parametrize("params, kept", [
    (dict(h="5", sh="banana"), dict(h=5, sh=2)),
    (dict(h="5", w="", kh="2", d="nan"), dict(h=5, w=3, kh=2, d=1)),
    (dict(sw="4", ph="99", convention="TensorFlow"), dict(sw=4, ph=0)),
    (dict(kw="7", h=["2", "3"], oph="9"), dict(kw=7)),
    (dict(d="3", x="a,b", fill="typed by hand", k="1,2;3,4"), dict(d=3, kh=2, kw=2)),  # the values' size
    (dict(pw="6", seed="1e3", preset="No such preset", bogus="1"), dict(pw=6)),
])
def test_one_bad_parameter_keeps_the_others(params, kept):
    at = open_page("start", **params)
    check_page(at, "start")
    check_address_kept(at, params)
    cfg = config(at)
    got = {"h": cfg.input_size[0], "w": cfg.input_size[1], "kh": cfg.kernel_size[0], "kw": cfg.kernel_size[1],
           "sh": cfg.stride[0], "sw": cfg.stride[1], "d": cfg.dilation, "ph": cfg.padding[0], "pw": cfg.padding[1]}
    assert {k: got[k] for k in kept} == kept


def test_both_typed_values_bad_both_are_explained():
    """Address fill=typed by hand&x=a,b&k=1,2;3: a sentence for the input and one for the kernel."""
    at = open_page("start", fill="typed by hand", x="a,b", k="1,2;3")
    check_page(at, "start")
    warnings = texts(at, "warning")
    assert "The input in the address" in warnings, warnings
    assert "The kernel in the address" in warnings, warnings


@pytest.mark.parametrize("params", [dict(ph="3"), dict(h="2", w="2", kh="2", kw="2", sh="1", sw="1", ph="1"),
                                    dict(ph="2", pw="2", sh="1", sw="1")], ids=repr)
def test_checkerboard_explains_layers_that_cannot_stack(params):
    """/checkerboard?ph=3 (3x3 input, 3x3 kernel, stride 2, padding 3): one layer gives a 1x1
    output, so the sidebar has no problem, but the 'Layers stacked' section (2 layers by default)
    calls core.contribution_count_stack, whose layer 2 raises
    'ValueError: Layer 2: These settings give an output height of -3 ...' uncaught in
    pages/checkerboard.py:76 (stack), and the page shows Streamlit's exception box.
    Expected: an st.info saying that this many layers cannot be stacked."""
    at = open_page("checkerboard", **params)
    assert config(at).problem is None
    assert not at.exception, exceptions(at)
    assert "Checkerboard" in [t.value for t in at.title]


def test_addresses_cover_both_outcomes():
    """The address strategy reaches working settings and settings that cannot work (not vacuous)."""
    seen = set()

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(addresses())
    def run(params):
        at = open_page("practice", **params)
        seen.add(config(at).problem is None)

    run()
    assert seen == {True, False}, seen


def test_huge_typed_values_render():
    """The largest typed values the address allows (8x8 and 7x7 of +-1e6) still draw every page."""
    x = encode(tuple(tuple(1e6 * (-1) ** (r + c) for c in range(MAX_INPUT)) for r in range(MAX_INPUT)))
    k = encode(tuple(tuple(-1e6 for _ in range(MAX_KERNEL)) for _ in range(MAX_KERNEL)))
    for page in PAGES:
        at = open_page(page, fill="typed by hand", x=x, k=k, h=MAX_INPUT, w=MAX_INPUT, kh=MAX_KERNEL, kw=MAX_KERNEL,
                       sh="1", sw="1", d="1")
        check_page(at, page)
        cfg = config(at)
        assert cfg.input_size == (MAX_INPUT, MAX_INPUT) and cfg.kernel_size == (MAX_KERNEL, MAX_KERNEL)
        assert math.isfinite(float(np.abs(cfg.output()).max()))
