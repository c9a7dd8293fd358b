"""Fuzzing the core's public API with hostile values.

The contract: for ANY input, a public function either returns a correct result or raises
``ValueError`` with a sentence of its own. Never another exception type, never a hang,
never gigabytes of memory for a tiny input.

Every fuzzed call runs in a guarded worker process (``Guard``): its address space is capped
at 2 GB and each call at 30 s, so a size the core should have refused shows up as a
MemoryError (or a hang) in the report instead of taking the test machine down. A refusal
counts only if it is a ``ValueError`` raised by a ``raise`` statement in ``core/`` whose
message ends with a full stop: a ValueError leaking from NumPy or from a builtin
(``int('a')``, ``dict('ab')``) is not the core's sentence.

Each fuzz test counts both outcomes (computed, refused) and asserts that both occur, so no
test can pass vacuously. Results are checked against an oracle: PyTorch, or a few lines of
plain NumPy.

The ``test_bug_*`` tests pin the bugs the fuzzing found; each failed until its bug was fixed.
While they were open the fuzz tests kept away from those inputs; now that they are fixed, the
fuzz strategies draw them again (see ``# was a known bug`` comments). Bugs fixed while this file
was written (295107f: size limits, whole-number cells, steps and output sizes) keep plain
regression tests.
"""

from __future__ import annotations

import itertools
import math
import os
import pickle
import select
import struct
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import core

pytestmark = pytest.mark.filterwarnings("ignore")

ROOT = Path(__file__).resolve().parents[2]
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MEMORY_LIMIT = 2 * 2**30
CALL_TIMEOUT = 30.0
NAN, INF = float("nan"), float("inf")

# -- the guarded worker -----------------------------------------------------------------------------

_WORKER = textwrap.dedent(r"""
    import dataclasses, os, pickle, resource, struct, sys, traceback, types
    limit = int(os.environ["FUZZ_MEMORY_LIMIT"])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sys.path.insert(0, os.environ["FUZZ_ROOT"])
    import warnings
    warnings.simplefilter("ignore")
    import numpy as np
    import core
    CORE = os.path.join(os.environ["FUZZ_ROOT"], "core")
    SMALL = 200_000

    def pack(r):
        if isinstance(r, np.ndarray):
            return r.copy() if r.size <= SMALL else types.SimpleNamespace(shape=r.shape, dtype=r.dtype, big=True)
        if isinstance(r, core.Trace):
            fields = dict(length=len(r), input_shape=r.input_shape, output_shape=r.output_shape,
                          steps_per_input_cell=r.steps_per_input_cell)
            if len(r) <= SMALL:
                fields.update(input_index=r.input_index.copy(), kernel_index=r.kernel_index.copy(),
                              output_index=r.output_index.copy(), product=r.product.copy())
            return types.SimpleNamespace(**fields)
        if dataclasses.is_dataclass(r):
            return types.SimpleNamespace(**{f.name: pack(getattr(r, f.name)) for f in dataclasses.fields(r)})
        if isinstance(r, (tuple, list)):
            return type(r)(pack(v) for v in r)
        return r

    def failure(exc):
        frames = traceback.extract_tb(exc.__traceback__)
        last = frames[-1] if frames else None
        by_core = (last is not None and os.path.dirname(os.path.abspath(last.filename)) == CORE
                   and (last.line or "").lstrip().startswith("raise"))
        tail = "".join(traceback.format_exception(exc)[-4:])
        return ("raised", type(exc).__name__, str(exc), by_core, tail)

    def run(name, args, kwargs, then):
        try:
            value = getattr(core, name)(*args, **kwargs)
        except BaseException as exc:
            return failure(exc), []
        outcomes = []
        for method, margs in then:
            try:
                attr = getattr(value, method)
                outcomes.append(("ok", pack(attr(*margs) if callable(attr) else attr)))
            except BaseException as exc:
                outcomes.append(failure(exc))
        try:
            return ("ok", pack(value)), outcomes
        except BaseException as exc:
            return failure(exc), outcomes

    src, dst = sys.stdin.buffer, sys.stdout.buffer
    while True:
        head = src.read(8)
        if len(head) < 8:
            break
        request = pickle.loads(src.read(struct.unpack("<Q", head)[0]))
        reply = pickle.dumps(run(*request))
        dst.write(struct.pack("<Q", len(reply)) + reply)
        dst.flush()
""")


class Hang(AssertionError):
    pass


class Guard:
    """One worker process, started on first use, restarted after a hang or a crash."""

    def __init__(self):
        self.proc = None

    def _start(self):
        env = dict(os.environ, FUZZ_ROOT=str(ROOT), FUZZ_MEMORY_LIMIT=str(MEMORY_LIMIT),
                   OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
        self.proc = subprocess.Popen([sys.executable, "-c", _WORKER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)

    def stop(self):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def _read(self, n, deadline_s):
        data = b""
        fd = self.proc.stdout.fileno()
        while len(data) < n:
            ready, _, _ = select.select([fd], [], [], deadline_s)
            if not ready:
                raise Hang(f"no answer within {deadline_s:.0f} s")
            chunk = os.read(fd, n - len(data))
            if not chunk:
                raise Hang(f"the worker died (exit code {self.proc.wait()})")
            data += chunk
        return data

    def __call__(self, name, *args, then=(), **kwargs):
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        request = pickle.dumps((name, args, kwargs, list(then)))
        try:
            self.proc.stdin.write(struct.pack("<Q", len(request)) + request)
            self.proc.stdin.flush()
            size = struct.unpack("<Q", self._read(8, CALL_TIMEOUT))[0]
            return pickle.loads(self._read(size, CALL_TIMEOUT))
        except (Hang, BrokenPipeError) as exc:
            self.stop()
            raise Hang(f"core.{name}{_show(args, kwargs)} did not return: {exc}") from None


guard = Guard()


@pytest.fixture(scope="module", autouse=True)
def _stop_worker():
    yield
    guard.stop()


def _show(args, kwargs) -> str:
    parts = [_short(a) for a in args] + [f"{k}={_short(v)}" for k, v in kwargs.items()]
    return "(" + ", ".join(parts) + ")"


def _short(v) -> str:
    if isinstance(v, np.ndarray):
        return f"array(shape={v.shape}, dtype={v.dtype})" if v.size > 12 else f"np.array({v.tolist()!r}, {v.dtype})"
    text = repr(v)
    return text if len(text) <= 80 else text[:77] + "..."


def is_sentence(message: str) -> bool:
    message = message.strip()
    return len(message) > 8 and " " in message and message.endswith(".")


def judge(reply, what: str):
    """('ok', value) or ('refused', message); anything else fails the test with the details."""
    if reply[0] == "ok":
        return reply
    _, kind, message, by_core, tail = reply
    if kind == "ValueError" and by_core and is_sentence(message):
        return "refused", message
    why = ("raised ValueError, but not by the core's own check with a sentence"
           if kind == "ValueError" else f"raised {kind} instead of ValueError")
    raise AssertionError(f"{what} {why}: {message!r}\n--- worker traceback (last lines) ---\n{tail}")


def call(name, *args, then=(), **kwargs):
    """Run core.<name>(*args, **kwargs) in the worker; judge it (and each ``then`` method call)."""
    what = f"core.{name}{_show(args, kwargs)}"
    main, follow = guard(name, *args, then=then, **kwargs)
    outcome = judge(main, what)
    judged = [judge(r, f"{what}.{m}{_show(a, {})}") for (m, a), r in zip(then, follow)]
    return (outcome, judged) if then else outcome


class Tally:
    """Counts outcomes across a Hypothesis run; ``check`` fails when a branch never happened."""

    def __init__(self, *needed):
        self.seen, self.needed = Counter(), needed

    def __call__(self, label):
        self.seen[label] += 1
        event(label)

    def check(self):
        print("outcomes:", dict(self.seen))  # shown with pytest -s or on failure
        missing = [n for n in self.needed if not self.seen[n]]
        assert not missing, f"the fuzzing never reached {missing}: {dict(self.seen)}"


# -- hostile values ---------------------------------------------------------------------------------

HUGE = 10**12
BIG_OUTPUT = 2**20  # an output (or uncropped output) above this many cells may be refused for its size
JUNK = [None, 1.5, 2.0, -0.5, NAN, INF, -INF, True, False, "2", "a", "", b"2", 2 + 0j,
        np.float64(2.0), np.bool_(True), [], {}, object]


@st.composite
def mostly(draw, usual, unusual, odds=7):
    """Usually ``usual``; one time in ``odds + 1`` ``unusual``."""
    return draw(unusual if draw(st.integers(0, odds)) == odds else usual)


def junk():
    return st.sampled_from(JUNK)


def whole_forms(v):
    """The same whole number as int, numpy int."""
    return st.one_of(v, v.map(np.int64))


def pair_param(lo, hi, bad=(-1, -HUGE)):
    """An int or (h, w) pair in [lo, hi] (valid), or a hostile spelling."""
    v = st.integers(lo, hi)
    good = st.one_of(whole_forms(v), st.tuples(v, v), st.lists(v, min_size=2, max_size=2),
                     st.tuples(v, v).map(np.array))
    w = st.one_of(v, st.sampled_from([lo - 1, *bad]))
    hostile = st.one_of(
        junk(), st.sampled_from([lo - 1, *bad]), st.tuples(w, w), st.tuples(v), st.tuples(v, v, v),
        st.tuples(v, junk()), st.tuples(junk(), v), st.lists(st.one_of(v, junk()), max_size=3),
        st.tuples(v, v).map(lambda t: ",".join(map(str, t))), st.tuples(st.tuples(v, v), st.tuples(v, v)),
        st.tuples(v, v).map(lambda t: np.array(t, dtype=float)),
    )
    return mostly(good, hostile)


def padding_param(lo=0, hi=3):
    """Symmetric padding (int, pair) or per side ((top, bottom), (left, right)), valid or hostile."""
    v = st.integers(lo, hi)
    side = st.one_of(v, st.sampled_from([-1, -HUGE, HUGE]))
    per_side = st.one_of(
        st.tuples(st.tuples(v, v), st.tuples(v, v)), st.lists(st.lists(v, min_size=2, max_size=2),
                                                              min_size=2, max_size=2))
    hostile = st.one_of(
        st.tuples(st.tuples(side, side), st.tuples(side, side)), st.tuples(st.tuples(v, v), v),
        st.tuples(st.tuples(v, v, v), st.tuples(v, v)), st.tuples(st.tuples(v,), st.tuples(v, v)),
        st.tuples(st.tuples(v, junk()), st.tuples(v, v)), st.tuples(st.tuples(st.tuples(v, v), st.tuples(v, v))),
        st.sampled_from([HUGE, (0, HUGE), ((0, HUGE), (0, 0))]),
    )
    return mostly(st.one_of(pair_param(lo, hi), per_side), hostile)


DTYPES = [np.float64, np.float32, np.float16, np.int64, np.int32, np.int16, np.int8, np.uint8, np.bool_]


@st.composite
def numbers(draw, shape, dtypes=DTYPES, lo=-9, hi=9):
    """A finite numeric array of ``shape`` in one of many dtypes; sometimes as nested lists."""
    count = math.prod(shape)
    dtype = np.dtype(draw(st.sampled_from(dtypes)))
    if dtype.kind == "u":
        lo = 0
    values = np.array(draw(st.lists(st.integers(lo, hi), min_size=count, max_size=count)), dtype=float)
    if dtype.kind == "f" and draw(st.booleans()):
        values = values / 4
    a = values.reshape(shape).astype(dtype)
    return a.tolist() if draw(st.integers(0, 5)) == 0 else a


def _hostile_arrays():
    return [
        np.float64(2.0), np.array(2.0), 2.0, 3, np.ones(3), np.ones((1, 1, 1, 2, 2)), np.ones((2, 2, 2, 2, 2)),
        np.ones((2, 2), dtype=complex), np.array([["1", "2"], ["3", "4"]]), np.array([[b"1", b"2"]]),
        np.array([[1, 2], [3, 4]], dtype=object), np.array([[1, None]], dtype=object),
        np.array([["2020-01-01"]], dtype="datetime64[D]"),
        # was a known bug: timedelta64 arrays passed as integers; see test_bug_timedelta_arrays_*.
        np.array([[1, 2], [3, 4]], dtype="timedelta64[s]"),
        np.zeros((2, 2), dtype=[("a", float)]), np.array([[NAN, 1.0], [1.0, 1.0]]), np.array([[INF, 1.0]]),
        np.array([[1.0, -INF]], np.float32), np.array([[NAN]], np.float16), np.full((1, 1, 2, 2), NAN),
        [[1, 2], [3]], [[1, [2]], [3, 4]], [[[1, 2]], [3, 4]], [1, [2, 3]], "abc", None, {}, [[None, 1]],
        [["a", 1]], [[1.0, NAN]], [[1, 2**70]], [[1.0, 10**400]], [[-1, 2**64]], [], [[]], [[[]]],
        np.zeros((0, 3)), np.zeros((3, 0)), np.zeros((1, 0, 2, 2)), np.zeros((0,)), np.zeros((2, 2, 0)),
    ]


def hostile_array():
    return st.sampled_from(range(len(_hostile_arrays()))).map(lambda i: _hostile_arrays()[i])


def array_param(shape, **kw):
    return mostly(numbers(shape, **kw), hostile_array())


def as_float(a) -> np.ndarray:
    return np.asarray(a).astype(np.float64)


def as_pair(v) -> tuple[int, int]:
    """The pair a valid (accepted) pair parameter means."""
    if isinstance(v, (int, np.integer)):
        return int(v), int(v)
    return int(v[0]), int(v[1])


def as_sides(p):
    """((top, bottom), (left, right)) of an accepted padding."""
    try:
        return (int(p[0][0]), int(p[0][1])), (int(p[1][0]), int(p[1][1]))
    except (TypeError, IndexError):
        ph, pw = as_pair(p)
        return (ph, ph), (pw, pw)


def close(actual, expected, float32=False):
    actual, expected = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    scale = 1.0 + float(np.abs(expected).max(initial=0.0))
    tol = 1e-4 if float32 else 1e-10
    np.testing.assert_allclose(actual, expected, rtol=tol, atol=tol * scale)


# -- oracles ----------------------------------------------------------------------------------------

def transposed_oracle(torch, F, x4, w4, bias, stride, sides, op, groups, dilation):
    """PyTorch's conv_transpose2d; per-side padding as an uncropped output, zero-extended and cropped."""
    (top, bottom), (left, right) = sides
    xt, wt = torch.from_numpy(x4), torch.from_numpy(w4)
    if top == bottom and left == right:
        out = F.conv_transpose2d(xt, wt, None, stride, (top, left), op, groups, dilation).numpy()
    else:
        full = F.conv_transpose2d(xt, wt, None, stride, 0, 0, groups, dilation).numpy()
        uh, uw = full.shape[-2:]
        ext = np.zeros(full.shape[:2] + (uh + op[0], uw + op[1]))
        ext[..., :uh, :uw] = full
        out = ext[..., top:uh - bottom + op[0], left:uw - right + op[1]]
    if bias is not None:
        out = out + as_float(bias).reshape(-1)[:, None, None]
    return out


def uncropped(n, k, s, d):
    return (n - 1) * s + d * (k - 1) + 1


def keras_length(n, k, s, mode, op, d):
    """Keras 3's own formula (keras/src/backend/common/backend_utils.py)."""
    k = (k - 1) * d + 1
    if mode == "valid":
        return (n - 1) * s + k + (max(k, s) - k if op is None else op)
    return n * s if op is None else (n - 1) * s + k % 2 + op


def as_batch(x, w, form):
    """4-D float64 input and weight of an accepted conv call (and how to shape the result back)."""
    x, w = as_float(x), as_float(w)
    if form == "2d":
        return x[None, None], w[None, None]
    return (x[None] if x.ndim == 3 else x), w


# -- conv_transpose2d -------------------------------------------------------------------------------

@st.composite
def conv_shapes(draw, transpose=True):
    form = draw(st.sampled_from(["2d", "unbatched", "batched"]))
    groups = draw(st.sampled_from([1, 1, 2, 3])) if form != "2d" else 1
    c_in, c_other = groups * draw(st.integers(1, 2)), draw(st.integers(1, 2))
    h, w = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    if transpose or draw(st.integers(0, 3)) == 3:
        kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    else:  # a convolution's kernel usually fits
        kh, kw = draw(st.integers(1, h)), draw(st.integers(1, w))
    n = draw(st.integers(1, 2))
    x_shape = {"2d": (h, w), "unbatched": (c_in, h, w), "batched": (n, c_in, h, w)}[form]
    if form == "2d":
        w_shape = (kh, kw)
    elif transpose:
        w_shape = (c_in, c_other, kh, kw)
    else:
        w_shape = (groups * c_other, c_in // groups, kh, kw)
    if draw(st.integers(0, 9)) == 9:  # mismatched channels or axes
        w_shape = draw(st.sampled_from([(c_in + 1, c_other, kh, kw), (kh, kw), (1, kh, kw), (c_in, 1, 1, kh, kw),
                                        (c_other + 1, c_in + 1, kh, kw)]))
    return form, groups, x_shape, w_shape


def groups_param(g):
    return mostly(st.just(g), st.one_of(st.integers(0, 4), st.sampled_from([-1, HUGE]), junk(),
                                        st.just(np.int64(g))))


def bias_param(channels):
    return mostly(st.one_of(st.none(), numbers((channels,))),
                  st.one_of(hostile_array(), numbers((channels + 1,)), numbers(()), numbers((1, channels))))


@st.composite
def transposed_settings(draw, max_dilation=3):
    """stride, padding, output_padding, dilation: usually valid together, sometimes hostile."""
    s = draw(pair_param(1, 3))
    d = draw(pair_param(1, max_dilation))
    op = st.just(0)
    if whole_pair(s) and whole_pair(d):
        limits = [max(a, b) for a, b in zip(whole_pair(s), whole_pair(d))]
        if min(limits) >= 1:
            op = st.tuples(st.integers(0, limits[0] - 1), st.integers(0, limits[1] - 1))
    return dict(stride=s, padding=draw(mostly(st.sampled_from([0, 1, (1, 0), ((0, 1), (1, 0))]), padding_param())),
                output_padding=draw(mostly(op, pair_param(0, 3))), dilation=d)


@st.composite
def transposed_calls(draw):
    form, groups, x_shape, w_shape = draw(conv_shapes())
    c_out = w_shape[1] * groups if len(w_shape) == 4 else 1
    kwargs = dict(draw(transposed_settings()), groups=draw(groups_param(groups)), bias=draw(bias_param(c_out)))
    return form, draw(array_param(x_shape)), draw(array_param(w_shape)), kwargs


def check_transposed(torch, F, form, x, w, kw, out):
    x4, w4 = as_batch(x, w, form)
    s, d, op = as_pair(kw["stride"]), as_pair(kw["dilation"]), as_pair(kw["output_padding"])
    sides = as_sides(kw["padding"])
    expected = transposed_oracle(torch, F, x4, w4, kw["bias"], s, sides, op, int(kw["groups"]), d)
    expected = expected[0, 0] if form == "2d" else expected[0] if np.ndim(x) == 3 else expected
    close(out, expected, float32=out.dtype == np.float32)
    assert out.shape == expected.shape
    sizes = core.output_size(x4.shape[2:], w4.shape[2:], s, sides, op, d)
    assert out.shape[-2:] == sizes


def test_conv_transpose2d_fuzz(torch, F):
    tally = Tally("ok", "refused")

    @FUZZ
    @given(transposed_calls())
    def run(case):
        form, x, w, kw = case
        outcome = call("conv_transpose2d", x, w, **kw)
        tally(outcome[0])
        if outcome[0] == "ok":
            check_transposed(torch, F, form, x, w, kw, outcome[1])

    run()
    tally.check()


def test_conv_transpose2d_valid_settings_are_never_refused(torch, F):
    """The other direction: every valid setting (PyTorch's own rules) computes."""
    tally = Tally("ok")

    @FUZZ
    @given(st.data())
    def run(data):
        form, groups, x_shape, w_shape = data.draw(conv_shapes())
        if data.draw(st.booleans()):
            form, groups, x_shape, w_shape = "2d", 1, x_shape[-2:], w_shape[-2:]
        if len(w_shape) != (2 if form == "2d" else 4) or (form != "2d" and w_shape[0] != x_shape[-3]):
            return
        s = (data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)))
        d = (data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)))
        op = tuple(data.draw(st.integers(0, max(a, b) - 1)) for a, b in zip(s, d))
        full = [uncropped(n, k, a, b) + o for n, k, a, b, o in zip(x_shape[-2:], w_shape[-2:], s, d, op)]
        sides = tuple(tuple(data.draw(st.integers(0, max(f - 1, 0)))
                            for _ in range(2)) for f in full)
        sides = tuple((t, b) if t + b <= f - 1 else (t, 0) for (t, b), f in zip(sides, full))
        x = data.draw(numbers(x_shape, dtypes=[np.float64]))
        w = data.draw(numbers(w_shape, dtypes=[np.float64]))
        kw = dict(stride=s, padding=sides, output_padding=op, dilation=d, groups=groups, bias=None)
        outcome = call("conv_transpose2d", x, w, **kw)
        assert outcome[0] == "ok", f"valid settings refused: {outcome[1]}"
        tally("ok")
        check_transposed(torch, F, form, x, w, kw, outcome[1])

    run()
    tally.check()


# -- conv2d -----------------------------------------------------------------------------------------

@st.composite
def conv_calls(draw):
    form, groups, x_shape, w_shape = draw(conv_shapes(transpose=False))
    c_out = w_shape[0] if len(w_shape) == 4 else 1
    padding = draw(mostly(st.one_of(pair_param(0, 3), st.sampled_from(["valid", "same"])),
                          st.one_of(padding_param(), st.sampled_from(["SAME", "full", "", "valid ", b"same"]))))
    kwargs = dict(stride=draw(pair_param(1, 3)), padding=padding, dilation=draw(pair_param(1, 3)),
                  groups=draw(groups_param(groups)), bias=draw(bias_param(c_out)))
    return form, draw(array_param(x_shape)), draw(array_param(w_shape)), kwargs


def test_conv2d_fuzz(torch, F):
    tally = Tally("ok", "refused")

    @FUZZ
    @given(conv_calls())
    def run(case):
        form, x, w, kw = case
        outcome = call("conv2d", x, w, **kw)
        tally(outcome[0])
        if outcome[0] != "ok":
            return
        x4, w4 = as_batch(x, w, form)
        padding = kw["padding"]
        if not isinstance(padding, str):
            # Per-side padding (the core's extension) is F.pad, then an unpadded conv2d.
            (top, bottom), (left, right) = as_sides(padding)
            x4, padding = np.pad(x4, ((0, 0), (0, 0), (top, bottom), (left, right))), 0
        b = None if kw["bias"] is None else torch.from_numpy(as_float(kw["bias"]).reshape(-1))
        expected = F.conv2d(torch.from_numpy(x4), torch.from_numpy(w4), b, as_pair(kw["stride"]), padding,
                            as_pair(kw["dilation"]), int(kw["groups"])).numpy()
        expected = expected[0, 0] if form == "2d" else expected[0] if np.ndim(x) == 3 else expected
        close(outcome[1], expected, float32=outcome[1].dtype == np.float32)

    run()
    tally.check()


# -- output_size, keras_output_size, keras_to_torch_padding ---------------------------------------

def size_param():
    return mostly(st.one_of(st.integers(1, 6), st.tuples(st.integers(1, 6), st.integers(1, 6))),
                  st.one_of(pair_param(1, 6), st.sampled_from([10**30, (10**30, 1), 10**100])))


def torch_rules(n, k, s, sides, op, d):
    """Lengths by PyTorch's formula per axis, or None when PyTorch's rules refuse the settings."""
    out = []
    for n_, k_, s_, (a, b), o, d_ in zip(n, k, s, sides, op, d):
        if min(n_, k_, s_, d_) < 1 or min(a, b, o) < 0 or o >= max(s_, d_):
            return None
        length = uncropped(n_, k_, s_, d_) - a - b + o
        if length < 1:
            return None
        out.append(length)
    return tuple(out)


def _plain(v):
    """The int or pair of ints (or per-side pairs) a parameter spells, or None if it spells none."""
    def whole(t):
        return isinstance(t, (int, np.integer)) and not isinstance(t, (bool, np.bool_))
    if whole(v):
        return int(v)
    try:
        if len(v) == 2 and all(whole(t) for t in v):
            return int(v[0]), int(v[1])
        if len(v) == 2 and all(not isinstance(t, str) and len(t) == 2 and all(whole(u) for u in t) for t in v):
            return (int(v[0][0]), int(v[0][1])), (int(v[1][0]), int(v[1][1]))
    except TypeError:
        pass
    return None


def whole_pair(v):
    """The (h, w) pair of whole numbers ``v`` spells (an int or a pair), or None."""
    p = _plain(v)
    if p is None or (isinstance(p, tuple) and isinstance(p[0], tuple)):
        return None
    return as_pair(p)


def test_output_size_fuzz():
    tally = Tally("ok", "refused")

    @FUZZ
    @given(size_param(), size_param(), pair_param(1, 4, bad=(-1, -HUGE, HUGE)), padding_param(0, 4),
           pair_param(0, 3, bad=(-1, HUGE)), pair_param(1, 3, bad=(-1, HUGE)))
    def run(n, k, s, p, op, d):
        outcome = call("output_size", n, k, s, p, op, d)
        tally(outcome[0])
        plain = [_plain(v) for v in (n, k, s, op, d)]
        sides = _plain(p)
        if any(v is None or isinstance(v[0] if isinstance(v, tuple) else 0, tuple) for v in plain) or sides is None:
            assert outcome[0] == "refused", f"accepted a parameter that is not whole numbers: {outcome}"
            return
        n_, k_, s_, op_, d_ = (as_pair(v) for v in plain)
        expected = torch_rules(n_, k_, s_, as_sides(sides), op_, d_)
        if expected is None:
            assert outcome[0] == "refused", f"computed {outcome[1]} for settings that cannot work"
        elif outcome[0] == "refused":
            # The core refuses outputs it would not compute (over 2**26 values); small ones never.
            assert math.prod(uncropped(*t) for t in zip(n_, k_, s_, d_)) > BIG_OUTPUT, outcome[1]
        else:
            assert outcome == ("ok", expected)

    run()
    tally.check()


def keras_mode_param():
    return mostly(st.sampled_from(["valid", "same", "VALID", "Same"]),
                  st.sampled_from(["full", "", "causal", None, 1, b"same", ["same"], ("valid",), "valid "]))


def keras_op_param():
    return mostly(st.one_of(st.none(), pair_param(0, 3)), st.one_of(pair_param(0, 3), junk()))


def keras_rules(n, k, s, mode, op, d):
    if mode not in ("valid", "same") or (max(s) > 1 and max(d) > 1):
        return None
    out = []
    for n_, k_, s_, o, d_ in zip(n, k, s, op, d):
        if min(n_, k_, s_, d_) < 1 or (o is not None and not 0 <= o < s_):
            return None
        length = keras_length(n_, k_, s_, mode, o, d_)
        if length < 1:
            return None
        out.append(length)
    return tuple(out)


def test_keras_output_size_and_padding_fuzz():
    tally = Tally("ok", "refused")

    @FUZZ
    @given(size_param(), size_param(), pair_param(1, 4, bad=(-1, HUGE)), keras_mode_param(), keras_op_param(),
           pair_param(1, 3, bad=(-1, HUGE)))
    def run(n, k, s, mode, op, d):
        outcome = call("keras_output_size", n, k, s, mode, op, d)
        tally(outcome[0])
        plain = [_plain(v) for v in (n, k, s, d)] + [_plain(op) if op is not None else (None, None)]
        mode_ = mode.lower() if isinstance(mode, str) else None
        if any(v is None or (isinstance(v, tuple) and isinstance(v[0], tuple)) for v in plain):
            assert outcome[0] == "refused", f"accepted a parameter that is not whole numbers: {outcome}"
            return
        n_, k_, s_, d_ = (as_pair(v) for v in plain[:4])
        op_ = plain[4] if isinstance(plain[4], tuple) else (plain[4], plain[4])
        expected = keras_rules(n_, k_, s_, mode_, op_, d_)
        if expected is None:
            assert outcome[0] == "refused", f"computed {outcome[1]} for settings Keras refuses"
            return
        assert outcome == ("ok", expected)
        # keras_to_torch_padding gives core settings with the same output size.
        sides, extra = call("keras_to_torch_padding", k, s, mode, op, d)[1]
        same = call("output_size", n_, k_, s_, sides, extra, d_)
        if same[0] == "refused":
            assert math.prod(uncropped(*t) + 1 for t in zip(n_, k_, s_, d_)) > BIG_OUTPUT, same[1]
        else:
            assert same[1] == expected

    run()
    tally.check()


# -- keras_conv2d_transpose -------------------------------------------------------------------------

@st.composite
def keras_calls(draw):
    form = draw(st.sampled_from(["2d", "unbatched", "batched"]))
    c_in, c_out, n = draw(st.integers(1, 2)), draw(st.integers(1, 2)), draw(st.integers(1, 2))
    h, w, kh, kw = (draw(st.integers(1, 4)) for _ in range(4))
    x_shape = {"2d": (h, w), "unbatched": (h, w, c_in), "batched": (n, h, w, c_in)}[form]
    k_shape = (kh, kw) if form == "2d" else (kh, kw, c_out, c_in)
    if draw(st.integers(0, 9)) == 9:
        k_shape = draw(st.sampled_from([(kh, kw, c_out, c_in + 1), (kh, kw, c_out), (kh, kw)]))
    kwargs = dict(strides=draw(pair_param(1, 3)), padding=draw(keras_mode_param()),
                  output_padding=draw(keras_op_param()), dilation_rate=draw(pair_param(1, 2)),
                  bias=draw(bias_param(k_shape[2] if len(k_shape) == 4 else 1)))
    return form, draw(array_param(x_shape)), draw(array_param(k_shape)), kwargs


def test_keras_conv2d_transpose_fuzz(torch, F):
    """Shape by Keras's own formula; values a window of the zero-extended uncropped output."""
    tally = Tally("ok", "refused")

    @FUZZ
    @given(keras_calls())
    def run(case):
        form, x, k, kw = case
        outcome = call("keras_conv2d_transpose", x, k, **kw)
        tally(outcome[0])
        if outcome[0] != "ok":
            return
        out = outcome[1]
        x_, k_ = as_float(x), as_float(k)
        if form == "2d":
            x_, k_ = x_[None, :, :, None], k_[:, :, None, None]
        elif x_.ndim == 3:
            x_ = x_[None]
        s, d = as_pair(kw["strides"]), as_pair(kw["dilation_rate"])
        op = (None, None) if kw["output_padding"] is None else as_pair(kw["output_padding"])
        mode = kw["padding"].lower()
        shape = tuple(keras_length(n, kk, a, mode, o, b)
                      for n, kk, a, o, b in zip(x_.shape[1:3], k_.shape[:2], s, op, d))
        out4 = out[None, :, :, None] if form == "2d" else out[None] if out.ndim == 3 else out
        assert out4.shape == (x_.shape[0], *shape, k_.shape[2])
        full = transposed_oracle(torch, F, x_.transpose(0, 3, 1, 2).copy(), k_.transpose(3, 2, 0, 1).copy(), None,
                                 s, ((0, 0), (0, 0)), (0, 0), 1, d).transpose(0, 2, 3, 1)
        if kw["bias"] is not None:
            full = full + as_float(kw["bias"]).reshape(-1)
            pad_value = as_float(kw["bias"]).reshape(-1)
        else:
            pad_value = 0.0
        big = np.zeros((full.shape[0], full.shape[1] + shape[0], full.shape[2] + shape[1], full.shape[3])) + pad_value
        big[:, :full.shape[1], :full.shape[2]] = full
        scale = 1.0 + float(np.abs(big).max())
        tol = 1e-4 if out.dtype == np.float32 else 1e-9
        found = any(np.allclose(out4, big[:, t:t + shape[0], u:u + shape[1]], rtol=tol, atol=tol * scale)
                    for t in range(full.shape[1]) for u in range(full.shape[2]))
        assert found, "the Keras output is not a window of the uncropped transposed convolution"

    run()
    tally.check()


# -- the trace --------------------------------------------------------------------------------------

def trace_oracle(x3, w4, s, d, top, left, groups):
    """Every step as (output cell (c, y, x), product), input-major, by plain loops."""
    c_in, h, wd = x3.shape
    cg_in, cg_out = c_in // groups, w4.shape[1]
    steps = []
    for c, i, j in itertools.product(range(c_in), range(h), range(wd)):
        for o, a, b in itertools.product(range(cg_out), range(w4.shape[2]), range(w4.shape[3])):
            cell = ((c // cg_in) * cg_out + o, i * s[0] + a * d[0] - top, j * s[1] + b * d[1] - left)
            steps.append((cell, x3[c, i, j] * w4[c, o, a, b]))
    return steps


def is_whole(v) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def step_param(length):
    return st.one_of(st.integers(-2, length + 2), st.sampled_from([-HUGE, HUGE, True, False]),
                     st.integers(0, length).map(np.int64), junk())


def cell_param(shape):
    coords = st.one_of(*(st.integers(-1, n) for n in shape), st.sampled_from([-HUGE, HUGE, 0.5, 1.0]), junk())
    exact = st.tuples(*(st.integers(0, max(n - 1, 0)) for n in shape[-3:]))
    return mostly(st.one_of(exact, exact.map(lambda t: t[1:])), st.lists(coords, min_size=1, max_size=4).map(tuple),
                  odds=1)


@st.composite
def trace_calls(draw):
    form, groups, x_shape, w_shape = draw(conv_shapes())
    if form == "batched" and draw(st.integers(0, 3)):
        x_shape = x_shape[1:]
        form = "unbatched"
    kwargs = dict(draw(transposed_settings(max_dilation=2)), groups=draw(groups_param(groups)))
    x = draw(array_param(x_shape, dtypes=[np.float64, np.float32, np.int8, np.bool_]))
    w = draw(array_param(w_shape, dtypes=[np.float64, np.float32, np.int16]))
    return form, x, w, kwargs, draw(st.data())


def test_trace_fuzz(torch, F):
    """The trace's steps, partial sums, contributors and stamps against plain loops."""
    tally = Tally("ok", "refused", "method ok", "method refused")

    @FUZZ
    @given(trace_calls())
    def run(case):
        form, x, w, kw, data = case
        in_shape = np.shape(x) if isinstance(x, np.ndarray) else (2, 2, 2)
        n = data.draw(step_param(len(np.ravel(x)) * 4 if isinstance(x, np.ndarray) else 8), label="n")
        out_cell = data.draw(cell_param((2, 6, 6)), label="out cell")
        in_cell = data.draw(cell_param(in_shape[-3:] if len(in_shape) >= 3 else (2, *in_shape[-2:])), label="in cell")
        then = [("partial", (n,)), ("contributors", out_cell), ("stamp", in_cell), ("output", ())]
        outcome, methods = call("trace_conv_transpose2d", x, w, then=then, **kw)
        tally(outcome[0])
        if outcome[0] != "ok":
            return
        trace = outcome[1]
        x4, w4 = as_batch(x, w, form)
        s, d, op = as_pair(kw["stride"]), as_pair(kw["dilation"]), as_pair(kw["output_padding"])
        (top, bottom), (left, right) = as_sides(kw["padding"])
        steps = trace_oracle(x4[0], w4, s, d, top, left, int(kw["groups"]))
        assert trace.length == len(steps)
        np.testing.assert_array_equal(trace.output_index, np.array([c for c, _ in steps]).reshape(-1, 3))
        float32 = trace.product.dtype == np.float32
        close(trace.product, [p for _, p in steps], float32)
        expected = transposed_oracle(torch, F, x4, w4, None, s, ((top, bottom), (left, right)), op,
                                     int(kw["groups"]), d)[0]
        squeeze = form == "2d"
        out_shape = expected.shape

        def partial(k):
            acc = np.zeros(out_shape)
            for (c, y, xx), p in steps[:k]:
                if 0 <= y < out_shape[1] and 0 <= xx < out_shape[2]:
                    acc[c, y, xx] += p
            return acc[0] if squeeze else acc

        (p_kind, p_value), (c_kind, c_value), (s_kind, s_value), (o_kind, o_value) = methods
        close(o_value, expected[0] if squeeze else expected, float32)
        if isinstance(n, (bool, np.bool_)):
            if p_kind == "ok":  # a bool may be read as 0 or 1, or refused
                close(p_value, partial(int(n)), float32)
        elif is_whole(n) and 0 <= n <= len(steps):
            assert p_kind == "ok", p_value
            close(p_value, partial(int(n)), float32)
        else:
            assert p_kind == "refused", p_value
        cell = out_cell if not (squeeze and len(out_cell) == 2) else (0, *out_cell)
        if len(cell) == 3 and all(is_whole(v) and 0 <= v < m for v, m in zip(cell, out_shape)):
            assert c_kind == "ok", c_value
            np.testing.assert_array_equal(c_value, [t for t, (c, _) in enumerate(steps) if c == tuple(cell)])
        else:
            assert c_kind == "refused", c_value
        cell = in_cell if not (squeeze and len(in_cell) == 2) else (0, *in_cell)
        if len(cell) == 3 and all(is_whole(v) and 0 <= v < m for v, m in zip(cell, x4.shape[1:])):
            assert s_kind == "ok", s_value
            per = trace.steps_per_input_cell
            first = ((cell[0] * x4.shape[2] + cell[1]) * x4.shape[3] + cell[2]) * per
            assert s_value == range(first, first + per)
        else:
            assert s_kind == "refused", s_value
        for kind in (p_kind, c_kind, s_kind):
            tally("method " + ("ok" if kind == "ok" else "refused"))

    run()
    tally.check()


# -- the gather view --------------------------------------------------------------------------------

def test_zero_insert_fuzz():
    tally = Tally("ok", "refused")

    @FUZZ
    @given(st.integers(2, 5).flatmap(lambda nd: st.tuples(*[st.integers(1, 3)] * nd)).flatmap(array_param),
           pair_param(1, 4))
    def run(x, stride):
        outcome = call("zero_insert", x, stride)
        tally(outcome[0])
        if outcome[0] == "ok":
            a, (sh, sw) = np.asarray(x), as_pair(stride)
            h, w = a.shape[-2:]
            expected = np.zeros(a.shape[:-2] + ((h - 1) * sh + 1, (w - 1) * sw + 1))
            expected[..., ::sh, ::sw] = a
            close(outcome[1], expected)

    run()
    tally.check()


def test_equivalent_convolution_fuzz(torch, F):
    tally = Tally("ok", "refused")

    @FUZZ
    @given(transposed_calls())
    def run(case):
        form, x, w, kw = case
        kw = {k: v for k, v in kw.items() if k not in ("groups", "bias")}
        outcome = call("equivalent_convolution", x, w, **kw)
        tally(outcome[0])
        if outcome[0] == "ok":
            check_transposed(torch, F, form, x, w, dict(kw, groups=1, bias=None), outcome[1].output)

    run()
    tally.check()


# -- the matrix view --------------------------------------------------------------------------------

def test_conv_matrix_fuzz(torch, F):
    tally = Tally("ok", "refused")
    # was a known bug: an input_size that is not a sequence (5, None) raised TypeError; see test_bug_conv_matrix_*.
    sizes = mostly(st.one_of(st.tuples(st.integers(2, 5), st.integers(2, 5)),
                             st.tuples(st.integers(1, 2), st.integers(2, 5), st.integers(2, 5))),
                   st.one_of(st.lists(st.one_of(st.integers(-1, 5), junk()), max_size=4), st.just("ab"),
                             st.sampled_from([5, None, 2.5]),
                             st.tuples(st.integers(1, 5), st.floats(0, 5)),
                             st.tuples(st.integers(-1, 1), st.integers(1, 5))))

    @FUZZ
    @given(sizes, st.sampled_from([(2,), (4,)]).flatmap(
        lambda nd: st.tuples(*([st.integers(1, 2)] * 2 if nd == (4,) else []), st.integers(1, 3),
                             st.integers(1, 3))).flatmap(array_param),
        pair_param(1, 3), pair_param(0, 2), pair_param(1, 2), seeds())
    def run(size, w, s, p, d, seed):
        outcome = call("conv_matrix", size, w, s, p, d)
        tally(outcome[0])
        if outcome[0] != "ok":
            return
        w4 = as_float(w)
        w4 = w4[None, None] if w4.ndim == 2 else w4
        shape = (w4.shape[1], *tuple(size)[-2:])
        x = np.random.default_rng(seed).standard_normal(shape)
        # Per-side padding (the core's extension) is F.pad, then an unpadded conv2d.
        (top, bottom), (left, right) = as_sides(p)
        padded = np.pad(x, ((0, 0), (top, bottom), (left, right)))
        y = F.conv2d(torch.from_numpy(padded[None]), torch.from_numpy(w4), None, as_pair(s), 0, as_pair(d)).numpy()
        close(outcome[1] @ x.ravel(), y.ravel())

    run()
    tally.check()


def seeds():
    return st.integers(0, 2**32 - 1)


# -- contribution counts ----------------------------------------------------------------------------

def test_contribution_count_fuzz(torch, F):
    tally = Tally("ok", "refused")

    @FUZZ
    @given(pair_param(1, 5), pair_param(1, 5), pair_param(1, 3), padding_param(), pair_param(0, 2),
           pair_param(1, 2))
    def run(n, k, s, p, op, d):
        outcome = call("contribution_count", n, k, s, p, op, d)
        tally(outcome[0])
        if outcome[0] == "ok":
            assert outcome[1].dtype == np.int64
            ones_x, ones_w = np.ones((1, 1, *as_pair(n))), np.ones((1, 1, *as_pair(k)))
            expected = transposed_oracle(torch, F, ones_x, ones_w, None, as_pair(s), as_sides(p), as_pair(op), 1,
                                         as_pair(d))[0, 0]
            np.testing.assert_array_equal(outcome[1], expected)

    run()
    tally.check()


def layer_param():
    # was a known bug: a layer that is not a mapping, or a key that is not a string, escaped as TypeError
    # (or as dict()'s ValueError); see test_bug_contribution_count_stack_*.
    keys = st.sampled_from(["kernel_size", "stride", "padding", "output_padding", "dilation", "groups", "bias",
                            "Kernel_size", 1, ("a",)])
    values = st.one_of(pair_param(1, 3), padding_param(), junk())
    return mostly(st.fixed_dictionaries({"kernel_size": pair_param(1, 3)},
                                        optional={"stride": pair_param(1, 3), "padding": padding_param(0, 1),
                                                  "output_padding": pair_param(0, 1), "dilation": pair_param(1, 2)}),
                  st.one_of(st.dictionaries(keys, values, max_size=4), junk(),
                            st.sampled_from([5, "ab", [("kernel_size", 2)]])))


def test_contribution_count_stack_fuzz(torch, F):
    tally = Tally("ok", "refused")

    @FUZZ
    @given(pair_param(1, 4), mostly(st.lists(layer_param(), max_size=3).map(
        lambda layers: layers if len(layers) % 2 else tuple(layers)),
        st.one_of(junk(), st.sampled_from([5, {"kernel_size": 2}, "ab"]))))
    def run(n, layers):
        outcome = call("contribution_count_stack", n, layers)
        tally(outcome[0])
        if outcome[0] != "ok":
            return
        counts = np.ones((1, 1, *as_pair(n)))
        assert len(outcome[1]) == len(layers)
        for layer, got in zip(layers, outcome[1]):
            counts = transposed_oracle(
                torch, F, counts, np.ones((1, 1, *as_pair(layer["kernel_size"]))), None,
                as_pair(layer.get("stride", 1)), as_sides(layer.get("padding", 0)),
                as_pair(layer.get("output_padding", 0)), 1, as_pair(layer.get("dilation", 1)))
            np.testing.assert_array_equal(got, counts[0, 0])

    run()
    tally.check()


# -- upsampling -------------------------------------------------------------------------------------

def images():
    return st.integers(2, 5).flatmap(lambda nd: st.tuples(*[st.integers(1, 3)] * nd)).flatmap(array_param)


def planes(a):
    """(..., H, W) as PyTorch's (1, planes, H, W)."""
    a = as_float(a)
    return a.reshape(1, -1, *a.shape[-2:])


@pytest.mark.parametrize("mode", ["nearest", "bilinear"])
def test_upsample_fuzz(torch, F, mode):
    tally = Tally("ok", "refused")

    @FUZZ
    @given(images(), pair_param(1, 4), st.sampled_from([False, True, 0, 1, np.bool_(True)]))
    def run(x, scale, align):
        if mode == "nearest":
            outcome = call("upsample_nearest", x, scale)
        else:
            outcome = call("upsample_bilinear", x, scale, align_corners=align)
        tally(outcome[0])
        if outcome[0] != "ok":
            return
        sh, sw = as_pair(scale)
        a = np.asarray(x)
        extra = {} if mode == "nearest" else {"align_corners": bool(align)}
        expected = F.interpolate(torch.from_numpy(planes(a)), scale_factor=(sh, sw), mode=mode, **extra).numpy()
        expected = expected.reshape(a.shape[:-2] + expected.shape[-2:])
        close(outcome[1], expected, float32=outcome[1].dtype != np.float64)

    run()
    tally.check()


def test_bed_of_nails_fuzz():
    tally = Tally("ok", "refused")

    @FUZZ
    @given(images(), pair_param(1, 4))
    def run(x, scale):
        outcome = call("bed_of_nails", x, scale)
        tally(outcome[0])
        if outcome[0] == "ok":
            a, (sh, sw) = as_float(x), as_pair(scale)
            expected = np.zeros(a.shape[:-2] + (a.shape[-2] * sh, a.shape[-1] * sw))
            expected[..., ::sh, ::sw] = a
            close(outcome[1], expected)

    run()
    tally.check()


def pool_oracle(a, k, s):
    """Max and first-in-reading-order argmax of each window, by loops."""
    a = as_float(a)
    h, w = a.shape[-2:]
    oh, ow = (h - k[0]) // s[0] + 1, (w - k[1]) // s[1] + 1
    flat = a.reshape(-1, h, w)
    values, index = np.zeros((len(flat), oh, ow)), np.zeros((len(flat), oh, ow), dtype=np.int64)
    for p, y, x in itertools.product(range(len(flat)), range(oh), range(ow)):
        window = flat[p, y * s[0]:y * s[0] + k[0], x * s[1]:x * s[1] + k[1]]
        a_, b_ = np.unravel_index(int(np.argmax(window)), window.shape)
        values[p, y, x], index[p, y, x] = window[a_, b_], (y * s[0] + a_) * w + x * s[1] + b_
    return values.reshape(a.shape[:-2] + (oh, ow)), index.reshape(a.shape[:-2] + (oh, ow))


def test_max_pool2d_fuzz():
    tally = Tally("ok", "refused")

    @FUZZ
    @given(st.integers(2, 4).flatmap(lambda nd: st.tuples(*[st.integers(1, 4)] * nd)).flatmap(
        lambda shape: array_param(shape, lo=-3, hi=3)), pair_param(1, 4), st.one_of(st.none(), pair_param(1, 3)),
        st.booleans())
    def run(x, k, s, indices):
        outcome = call("max_pool2d", x, k, s, indices)
        tally(outcome[0])
        if outcome[0] != "ok":
            return
        k_ = as_pair(k)
        values, index = pool_oracle(x, k_, k_ if s is None else as_pair(s))
        if indices:
            close(outcome[1][0], values)
            np.testing.assert_array_equal(outcome[1][1], index)
        else:
            close(outcome[1], values)

    run()
    tally.check()


@st.composite
def unpool_calls(draw):
    shape = draw(st.integers(2, 4).flatmap(lambda nd: st.tuples(*[st.integers(1, 3)] * nd)))
    k = draw(pair_param(1, 3))
    stride = draw(st.one_of(st.none(), pair_param(1, 3)))
    s_, base = (1, 1), [3, 3]
    if whole_pair(k) and (stride is None or whole_pair(stride)):
        k_ = whole_pair(k)
        s_ = k_ if stride is None else whole_pair(stride)
        base = [(n - 1) * a + b for n, a, b in zip(shape[-2:], s_, k_)]
        if min(*s_, *base) < 1:
            s_, base = (1, 1), [3, 3]
    # was a known bug: an output size of 0 or less inside the allowed window escaped; see
    # test_bug_max_unpool2d_output_size_below_one.
    near = st.tuples(*(st.integers(b - a + 1, b + a - 1) for b, a in zip(base, s_)))
    size = draw(mostly(st.one_of(st.none(), near, near.map(lambda t: (1, *t))),
                       st.one_of(st.tuples(st.integers(1, 12), st.integers(1, 12)),
                                 st.tuples(st.integers(1, 3), st.integers(1, 12), st.integers(1, 12)),
                                 st.sampled_from([4, 4.0, (4,), (4.5, 4), ("4", 4), (INF, 4), (None, 4), "44"]))))
    usable = isinstance(size, tuple) and len(size) >= 2 and all(map(is_whole, size[-2:]))
    cells = math.prod(size[-2:]) if usable else math.prod(base)
    idx = draw(mostly(numbers(shape, dtypes=[np.int64, np.int32, np.uint8], lo=0, hi=min(max(cells - 1, 0), 255)),
                      st.one_of(numbers(shape, dtypes=[np.float64, np.bool_]), numbers(shape[1:]),
                                numbers(shape, dtypes=[np.int64], lo=-3, hi=100))))
    return draw(array_param(shape)), idx, k, stride, size


def test_max_unpool2d_fuzz():
    tally = Tally("ok", "refused")

    @FUZZ
    @given(unpool_calls())
    def run(case):
        x, idx, k, s, size = case
        outcome = call("max_unpool2d", x, idx, k, s, size)
        tally(outcome[0])
        if outcome[0] != "ok":
            return
        a, i = np.asarray(x), np.asarray(idx)
        k_ = as_pair(k)
        s_ = k_ if s is None else as_pair(s)
        h, w = a.shape[-2:]
        assert size is None or (isinstance(size, tuple) and len(size) >= 2 and all(map(is_whole, size[-2:]))), \
            f"accepted output_size={size!r}"
        oh, ow = ((h - 1) * s_[0] + k_[0], (w - 1) * s_[1] + k_[1]) if size is None else size[-2:]
        expected = np.zeros((int(np.prod(a.shape[:-2])), oh * ow))
        for p, plane in enumerate(as_float(a).reshape(-1, h * w)):
            for v, j in zip(plane, i.reshape(-1, h * w)[p]):
                expected[p, j] = v
        close(outcome[1], expected.reshape(a.shape[:-2] + (oh, ow)))

    run()
    tally.check()


def test_pixel_shuffle_fuzz(torch, F):
    tally = Tally("ok", "refused")

    @FUZZ
    @given(st.integers(2, 5).flatmap(lambda nd: st.tuples(st.sampled_from([1, 2, 4, 8, 9]),
                                                          *[st.integers(1, 2)] * (nd - 1))).map(
        lambda t: t[1:-2] + t[:1] + t[-2:] if len(t) > 3 else t).flatmap(array_param),
        mostly(st.integers(1, 3), st.one_of(junk(), st.sampled_from([0, -1, -HUGE, HUGE, np.int64(2)]))))
    def run(x, r):
        outcome = call("pixel_shuffle", x, r)
        tally(outcome[0])
        if outcome[0] == "ok":
            a = as_float(x)
            expected = F.pixel_shuffle(torch.from_numpy(a.reshape(-1, *a.shape[-3:])), int(r)).numpy()
            close(outcome[1], expected.reshape(a.shape[:-3] + expected.shape[-3:]))

    run()
    tally.check()


# -- sizes that would need huge memory (and the time they take) ------------------------------------

BIG = [10**3, 10**4, 10**6, 10**7, 10**9, 10**12]


def big_pair(lo=1):
    """A pair where at least one axis is huge."""
    b = st.sampled_from(BIG)
    return st.one_of(b, st.tuples(b, st.integers(lo, 2)), st.tuples(st.integers(lo, 2), b), st.tuples(b, b))


X8, K3 = np.ones((8, 8)), np.ones((3, 3))

HUGE_CASES = {
    # name: (strategy of (function, args, kwargs), expected result shape or None)
    "conv_transpose2d-stride": big_pair().map(lambda s: ("conv_transpose2d", (X8, K3), dict(stride=s))),
    "conv_transpose2d-dilation": big_pair().map(lambda d: ("conv_transpose2d", (X8, K3), dict(dilation=d))),
    "conv2d-padding": big_pair(0).map(lambda p: ("conv2d", (X8, K3), dict(padding=p))),
    "keras_conv2d_transpose-strides": big_pair().map(lambda s: ("keras_conv2d_transpose", (X8, K3), dict(strides=s))),
    "trace_conv_transpose2d-stride": big_pair().map(
        lambda s: ("trace_conv_transpose2d", (X8, K3), dict(stride=s))),
    "equivalent_convolution-stride": big_pair().map(lambda s: ("equivalent_convolution", (X8, K3), dict(stride=s))),
    "zero_insert-stride": big_pair().map(lambda s: ("zero_insert", (X8, s), {})),
    "conv_matrix-input_size": big_pair().map(
        lambda n: ("conv_matrix", (n if isinstance(n, tuple) else (n, n), K3), {})),
    "contribution_count-sizes": st.tuples(big_pair(), st.integers(1, 3)).map(
        lambda t: ("contribution_count", t, {})),
    "contribution_count-stride": big_pair().map(lambda s: ("contribution_count", (8, 3), dict(stride=s))),
    "contribution_count_stack-stride": big_pair().map(
        lambda s: ("contribution_count_stack", (8, [{"kernel_size": 3, "stride": s}]), {})),
    "upsample_nearest-scale": big_pair().map(lambda s: ("upsample_nearest", (X8, s), {})),
    "upsample_bilinear-scale": big_pair().map(lambda s: ("upsample_bilinear", (X8, s), {})),
    "bed_of_nails-scale": big_pair().map(lambda s: ("bed_of_nails", (X8, s), {})),
    "max_unpool2d-stride": big_pair().map(
        lambda s: ("max_unpool2d", (np.ones((2, 2)), np.zeros((2, 2), dtype=np.int64), 2), dict(stride=s))),
    "max_pool2d-stride": big_pair().map(lambda s: ("max_pool2d", (X8, 2), dict(stride=s))),
    "output_size-huge": st.tuples(big_pair(), big_pair(), big_pair()).map(
        lambda t: ("output_size", t, {})),
}


@pytest.mark.parametrize("case", sorted(HUGE_CASES))
def test_huge_sizes_are_refused_or_computed_within_2gb(case):
    """A tiny input with a huge stride, dilation, padding, scale or size: the core must refuse it
    with its own sentence, or compute it under a 2 GB address-space cap within 30 s.

    Before 295107f most of these raised MemoryError or NumPy's 'array is too big' ValueError;
    contribution_count still allocates its all-ones input first (see
    test_bug_contribution_count_allocates_before_checking_size).
    """
    tally = Tally("ok", "refused")

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(HUGE_CASES[case])
    def run(spec):
        name, args, kwargs = spec
        outcome = call(name, *args, **kwargs)
        tally(outcome[0])
        if outcome[0] == "ok" and name == "conv_transpose2d":
            expected = core.output_size((8, 8), (3, 3), kwargs.get("stride", 1), 0, 0, kwargs.get("dilation", 1))
            assert outcome[1].shape == expected
        if outcome[0] == "ok" and name == "output_size":
            n, k, s = (as_pair(v) for v in args)
            assert outcome[1] == tuple(uncropped(*t, 1) for t in zip(n, k, s))

    run()
    print("outcomes:", dict(tally.seen))


# -- the bugs, one test each ------------------------------------------------------------------------

def refuses(fn, *args, **kwargs) -> str:
    """The call raises the core's own ValueError with a sentence (checked in this process)."""
    with pytest.raises(Exception) as info:
        fn(*args, **kwargs)
    exc = info.value
    assert type(exc) is ValueError, f"raised {type(exc).__name__}: {exc}"
    assert is_sentence(str(exc)), f"ValueError without a sentence: {exc!r}"
    return str(exc)


TRACE = core.trace_conv_transpose2d(np.ones((2, 2)), np.ones((2, 2)))


@pytest.mark.parametrize("n", [1.5, 2.0, None, "1", NAN, [1]], ids=repr)
def test_trace_partial_refuses_non_integer_step_count(n):
    """Trace.partial(1.5) used to raise TypeError ('slice indices must be integers'), partial(None)
    and partial('1') TypeError ('<=' not supported); fixed in 295107f, kept as a regression test."""
    refuses(TRACE.partial, n)


@pytest.mark.parametrize("cell, method", [
    ((None, 0), "contributors"), ((INF, 0), "contributors"), (("a", 0), "contributors"),
    ((0.5, 0), "contributors"), ((None, 0), "stamp"), ((NAN, 0), "stamp"), ((0.9, 1.7), "stamp"),
], ids=repr)
def test_trace_cell_coordinates_must_be_whole_numbers(cell, method):
    """Trace.contributors / stamp used to call int() on each coordinate: None gave TypeError, inf
    OverflowError, 'a' int()'s ValueError (no sentence), and 0.5 was silently read as 0. Fixed
    in 295107f; kept as a regression test."""
    refuses(getattr(TRACE, method), *cell)


@pytest.mark.parametrize("stride", [10**10, 10**9, 10**5, 10**6], ids=lambda s: f"stride={s:.0e}")
def test_trace_large_strides_refused_or_exact(stride):
    """The trace keeps output coordinates in int32: a stride of 10**10 used to raise
    OverflowError, 10**5 to wrap the flat cell numbers. Now: the core's ValueError for an
    output too large to compute, or exact coordinates and contributors."""
    args = (np.ones((8, 1)), np.ones((1, 1)))
    try:
        trace = core.trace_conv_transpose2d(*args, stride=(stride, 1))
    except ValueError as exc:
        assert is_sentence(str(exc)), exc
        return
    np.testing.assert_array_equal(trace.output_index[:, 1].astype(np.int64), np.arange(8) * stride)
    np.testing.assert_array_equal(trace.contributors(7 * stride, 0), [7])


def test_bug_contribution_count_allocates_before_checking_size():
    """contribution_count(input_size, ...) and contribution_count_stack build np.ones(input_size)
    (and np.ones(kernel_size)) before conv_transpose2d's size check runs:
    contribution_count(10**6, 1) raises MemoryError ('Unable to allocate 7.28 TiB for an array
    with shape (1000000, 1000000)'), and (10**4, 10**4) allocates 800 MB first. Expected: the
    core's 'would hold ... values' ValueError, as conv_transpose2d now gives."""
    problems = []
    for name, args in [("contribution_count", (10**6, 1)), ("contribution_count", (1, 10**6)),
                       ("contribution_count_stack", (10**6, [{"kernel_size": 1}]))]:
        try:
            call(name, *args)
        except AssertionError as exc:
            problems.append(str(exc).splitlines()[0])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", [4, None, 4.0], ids=repr)
def test_max_unpool2d_output_size_not_a_sequence(size):
    """max_unpool2d(..., output_size=4) used to raise TypeError ('int' object is not iterable);
    fixed in 295107f. (None means the default; it is here as the control.)"""
    x, idx = np.ones((2, 2)), np.zeros((2, 2), dtype=np.int64)
    if size is None:
        assert core.max_unpool2d(x, idx, 2, output_size=size).shape == (4, 4)
        return
    refuses(core.max_unpool2d, x, idx, 2, output_size=size)


@pytest.mark.parametrize("size", [(4, INF), (4, NAN), (4, None), ("a", "b"), (4,), (4.7, 4), (4, 3.5), ("4", 4)],
                         ids=repr)
def test_max_unpool2d_output_size_entries_must_be_whole_numbers(size):
    """output_size entries used to go through int(): inf gave OverflowError, None TypeError, 'a'
    and a 1-tuple leaked Python's ValueError, and 4.7 or '4' were accepted. Fixed in 295107f."""
    refuses(core.max_unpool2d, np.ones((2, 2)), np.zeros((2, 2), dtype=np.int64), 2, output_size=size)


@pytest.mark.parametrize("size", [(-1, -1), (0, 2), (-1, 1)], ids=repr)
def test_bug_max_unpool2d_output_size_below_one(size):
    """With kernel 1 and stride 3 the window 'strictly between base - stride and base + stride'
    admits output sizes of 0 and -1: (-1, -1) leaks NumPy's 'can only specify one unknown
    dimension'; (0, 2) and (-1, 1) blame the indices ('indices must lie in 0 to -2 (an output of
    -1x1)'). Expected: 'output_size must be at least 1' (PyTorch refuses too)."""
    message = refuses(core.max_unpool2d, np.ones((1, 1)), np.zeros((1, 1), dtype=np.int64), 1, stride=3,
                      output_size=size)
    assert "output_size" in message, message


@pytest.mark.parametrize("indices", [[[0, 1], [2]], [[0, 1], [2, [3]]]], ids=repr)
def test_bug_max_unpool2d_indices_not_checked_as_an_array(indices):
    """max_unpool2d passes indices to np.asarray unchecked: a ragged list leaks NumPy's ValueError
    ('setting an array element with a sequence...'), not the core's sentence."""
    message = refuses(core.max_unpool2d, np.ones((2, 2)), indices, 2)
    assert "indices" in message, f"NumPy's message, not the core's: {message}"


STACK_LAYERS = {
    "None": lambda: None, "5": lambda: 5, "[5]": lambda: [5], "['ab']": lambda: ["ab"], "[None]": lambda: [None],
    "a dict": lambda: {"kernel_size": 2}, "int key": lambda: [{"kernel_size": 2, 1: 1}],
    "tuple key": lambda: [{("a",): 1}], "an iterator": lambda: iter([{"kernel_size": 2}]),
}


@pytest.mark.parametrize("layers", list(STACK_LAYERS))
def test_bug_contribution_count_stack_layers_not_checked(layers):
    """layers=None / 5 / an iterator: TypeError from len(); [5] or [None]: TypeError from dict();
    ['ab'] or a dict: dict()'s ValueError ('dictionary update sequence element #0 has length 1;
    2 is required', no sentence); a non-string key: TypeError from ', '.join(sorted(...))."""
    layers = STACK_LAYERS[layers]()
    refuses(core.contribution_count_stack, 3, layers)


@pytest.mark.parametrize("size", [5, None, 2.5], ids=repr)
def test_bug_conv_matrix_input_size_not_a_sequence(size):
    """conv_matrix(5, weight) raises TypeError ('int' object is not iterable) from tuple(input_size)."""
    refuses(core.conv_matrix, size, np.ones((2, 2)))


@pytest.mark.parametrize("fn", ["keras_output_size", "keras_to_torch_padding", "keras_conv2d_transpose"])
def test_bug_keras_padding_as_an_array(fn):
    """padding=np.array(['same']) (or any array) reaches ``mode not in ('valid', 'same')``: NumPy's
    'The truth value of an array ... is ambiguous' ValueError (no sentence) or a wrong answer."""
    args = {"keras_output_size": (3, 3), "keras_to_torch_padding": (3,),
            "keras_conv2d_transpose": (np.ones((2, 2)), np.ones((2, 2)))}[fn]
    refuses(getattr(core, fn), *args, padding=np.array([1, 2]))


@pytest.mark.parametrize("fn, args", [
    ("conv_transpose2d", (np.full((2, 2), 1e308), np.full((2, 2), 10.0))),
    ("conv_transpose2d", (np.array([[1e308, -1e308]]), np.array([[10.0, 10.0]]))),
    ("conv2d", (np.full((2, 2), 1e308), np.full((2, 2), 1e308))),
    ("keras_conv2d_transpose", (np.full((2, 2), 1e308), np.full((2, 2), 2.0))),
    ("contribution_count_stack", (1, [{"kernel_size": (1, 2)}] * 70)),
], ids=["conv_transpose2d-inf", "conv_transpose2d-nan", "conv2d-inf", "keras-inf", "stack-int64"])
def test_bug_finite_inputs_overflow_silently(fn, args):
    """Finite inputs near 1e308 give inf (or inf - inf = nan) in the output, with only a NumPy
    RuntimeWarning: undocumented (the core promises 'a real, finite, numeric array' and refuses
    inf in inputs). Expected: a ValueError saying the result overflows, or a documented inf.
    A deep contribution_count_stack overflows float64 and then int64 (rint(inf) -> int64 min)."""
    try:
        out = call(fn, *args)
    except AssertionError as exc:  # a MemoryError is a finding of its own (test_huge_sizes_*)
        pytest.fail(str(exc))
    if out[0] == "ok":
        values = out[1] if isinstance(out[1], np.ndarray) else out[1][-1]
        assert isinstance(values, np.ndarray) and values.dtype.kind in "fi"
        if values.dtype.kind == "f":
            assert bool(np.isfinite(values).all()), f"finite inputs gave {values.ravel().tolist()[:6]}"
        else:
            assert int(values.min()) >= 0, f"counts wrapped to negative: min {int(values.min())}"


TIMEDELTA = np.array([[1, 2], [3, 4]], dtype="timedelta64[s]")


@pytest.mark.parametrize("fn, args", [
    ("conv_transpose2d", (TIMEDELTA, np.ones((2, 2)))), ("conv2d", (np.ones((2, 2)), TIMEDELTA)),
    ("keras_conv2d_transpose", (TIMEDELTA, np.ones((2, 2)))), ("trace_conv_transpose2d", (TIMEDELTA, np.ones((1, 1)))),
    ("equivalent_convolution", (TIMEDELTA, np.ones((1, 1)))), ("conv_matrix", ((2, 2), TIMEDELTA)),
    ("upsample_bilinear", (TIMEDELTA, 2)), ("upsample_nearest", (TIMEDELTA, 2)), ("bed_of_nails", (TIMEDELTA, 2)),
    ("zero_insert", (TIMEDELTA, 2)), ("max_pool2d", (TIMEDELTA, 2)), ("pixel_shuffle", (TIMEDELTA[None], 1)),
], ids=lambda v: v if isinstance(v, str) else "")
def test_bug_timedelta_arrays_pass_as_numbers(fn, args):
    """_checks.array accepts timedelta64 arrays, since NumPy files timedelta64 under
    np.signedinteger: the convolutions then fail in float_dtype with numpy's
    DTypePromotionError (a TypeError), and the upsamplers, zero_insert and max_pool2d return
    timedeltas. Expected: 'input must contain real numbers...' like datetime64 gets."""
    refuses(getattr(core, fn), *args)


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.uint8, np.uint16])
def test_bug_integer_inputs_are_computed_in_float32(dtype):
    """_checks.float_dtype's docstring: 'anything wider or integer computes in float64'. But
    np.result_type(int16, float32) is float32, so int8/int16/uint8/uint16 inputs compute in
    float32 and large sums lose their last digits (30000 x 30001 = 900030000 comes out as
    900030016)."""
    big = 250 if dtype in (np.uint8, np.int8) else 30000
    big = min(big, np.iinfo(dtype).max)
    x = np.full((3, 3), big, dtype=dtype)
    w = np.full((3, 3), big - 1, dtype=dtype)
    out = core.conv_transpose2d(x, w)
    assert out.dtype == np.float64, f"{np.dtype(dtype)} inputs computed in {out.dtype}"
    expected = core.conv_transpose2d(x.astype(np.float64), w.astype(np.float64))
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("kwargs", [dict(padding=10**5000), dict(stride=(1, -10**5000)), dict(dilation=-10**5000)],
                         ids=["padding", "stride", "dilation"])
def test_bug_error_message_with_a_5000_digit_number(kwargs):
    """An int beyond Python's 4300-digit str() limit in a refused setting: building the core's
    message raises Python's own 'Exceeds the limit (4300 digits) for integer string conversion'
    ValueError (no sentence of the core's) instead of the core's sentence."""
    message = refuses(core.output_size, 3, 3, **kwargs)
    assert "4300 digits" not in message, message


def test_bug_upsample_bilinear_at_the_size_limit_needs_over_2gb():
    """upsample_bilinear accepts an output just under the core's 2**26-value limit (512 MB), but
    builds four or five temporaries of that size (x[..., r0, :] * (1 - ty), x[..., r1, :] * ty,
    their sum, then the same for columns): upsample_bilinear(np.ones((8, 8)), (2**20, 1)) raises
    MemoryError ('Unable to allocate 512. MiB ...') under a 2 GB cap, where upsample_nearest,
    bed_of_nails and conv_transpose2d at the same size compute. Expected: computed within the
    cap, or refused with the core's sentence."""
    outcome = call("upsample_bilinear", np.ones((8, 8)), (2**20, 1))
    if outcome[0] == "ok":
        assert outcome[1].shape == (8 * 2**20, 8)
