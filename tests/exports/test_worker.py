"""The server's GIF builder (ui/exports/worker.py) builds only for visitors still waiting: a request
whose visitor left is dropped, a build under way for them stops, and a visitor's newer request takes
the place of their pending one. Visitors are threads here, as script runs are in the server."""

from __future__ import annotations

import concurrent.futures
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "app"))

from pagetest import open_page, players  # noqa: E402

from ui.exports import gif, worker  # noqa: E402
from ui.figures.spec import Player  # noqa: E402

OPTIONS = gif.GifOptions(width=640, frame_ms=100)


class Left(Exception):
    """What Streamlit raises in a run whose visitor left (StopException), at the run's next message."""


@pytest.fixture(scope="module")
def started():
    """A builder whose worker is up, and a player of 36 frames (about a second's GIF)."""
    at = open_page("scatter", h=2, w=2)
    at.radio(key="scatter_mode").set_value("product").run()
    spec = Player.from_json(players(at)["scatter_player"])  # the player the browser got
    builder = worker.Builder()
    builder.build(spec, OPTIONS)  # starts the worker process
    return builder, spec


@pytest.fixture
def warm(started):
    """The builder, the player, and how long its GIF takes alone now (seconds: the machine is shared)."""
    builder, spec = started
    return builder, spec, next_teacher(builder, spec)


class Visitor(threading.Thread):
    """A visitor's run asking for a GIF in a thread of its own; ``outcome`` is the GIF or what was raised."""

    def __init__(self, builder, spec, **how):
        super().__init__(daemon=True)
        self.builder, self.spec, self.how, self.outcome = builder, spec, how, None
        self.start()

    def run(self):
        try:
            self.outcome = self.builder.build(self.spec, OPTIONS, every=0.05, **self.how)
        except Exception as exc:  # noqa: BLE001 - the outcome is checked by the test
            self.outcome = exc


def next_teacher(builder, spec) -> float:
    """Seconds the next teacher waits for their GIF."""
    start = time.perf_counter()
    data = builder.build(spec, OPTIONS, every=0.05)
    assert data.startswith(b"GIF89a")
    return time.perf_counter() - start


def test_four_visitors_who_asked_and_left_cost_the_next_teacher_nothing(warm):
    """Issue 21: four visitors asked and left half a second later; the next teacher waited for all four
    builds. Each run's bar update (``waiting``, ``progress``) raises once its visitor has left."""
    builder, spec, alone = warm
    gone = threading.Event()

    def bar(*_):
        if gone.is_set():
            raise Left

    left = [Visitor(builder, spec, waiting=bar, progress=bar) for _ in range(4)]
    time.sleep(0.5)
    gone.set()
    waited = next_teacher(builder, spec)
    for visitor in left:
        visitor.join(timeout=1)
        assert isinstance(visitor.outcome, Left), visitor.outcome
    assert waited < 2.5 * alone, f"the next teacher waited {waited:.1f} s; one GIF takes {alone:.1f} s"


def test_requests_of_sessions_that_are_gone_are_not_built(warm):
    """The same, told by the server that the sessions closed (``present``), with no bar to raise."""
    builder, spec, alone = warm
    open_sessions = {f"s{n}" for n in range(4)}
    left = [Visitor(builder, spec, visitor=s, present=lambda s=s: s in open_sessions) for s in sorted(open_sessions)]
    time.sleep(0.5)
    open_sessions.clear()
    waited = next_teacher(builder, spec)
    for visitor in left:
        visitor.join(timeout=1)
        assert isinstance(visitor.outcome, worker.Dropped), visitor.outcome
    assert waited < 2.5 * alone, f"the next teacher waited {waited:.1f} s; one GIF takes {alone:.1f} s"


def test_a_visitors_newer_request_takes_the_place_of_their_pending_one(started):
    builder, spec = started
    aheads = []
    other = Visitor(builder, spec, visitor="other")  # holds the worker
    time.sleep(0.2)
    first = Visitor(builder, spec, visitor="teacher", waiting=aheads.append)
    time.sleep(0.3)
    assert set(aheads) == {1}, "one build (the other visitor's) goes before the teacher's"
    second = Visitor(builder, spec, visitor="teacher")
    first.join(timeout=1)
    assert isinstance(first.outcome, worker.Dropped), first.outcome
    for visitor in (other, second):
        visitor.join(timeout=30)
        assert visitor.outcome.startswith(b"GIF89a"), visitor.outcome


def test_a_visitor_who_asks_again_stops_their_build_under_way(warm):
    builder, spec, alone = warm
    seen = []
    first = Visitor(builder, spec, visitor="teacher", progress=lambda done, total: seen.append(done))
    deadline = time.monotonic() + 10
    while not (seen and seen[-1]):  # its first frames are drawn
        assert time.monotonic() < deadline, "the first build never started"
        time.sleep(0.01)
    start = time.perf_counter()
    second = Visitor(builder, spec, visitor="teacher")
    first.join(timeout=1)
    assert isinstance(first.outcome, worker.Dropped), first.outcome
    assert seen and seen[-1] < len(gif.plan(spec, OPTIONS).chosen), "the first build stopped part way"
    second.join(timeout=30)
    assert second.outcome.startswith(b"GIF89a")
    assert time.perf_counter() - start < 2.5 * alone


def test_a_worker_that_dies_costs_its_build_not_the_next(started):
    """Out of memory, say: the build under way fails (the page says so), and the next starts a new worker."""
    builder, spec = started

    killed = []

    def die(done, total):
        if done and not killed:
            killed.extend(builder._pool._processes)  # the pool's one worker
            os.kill(killed[0], signal.SIGKILL)

    with pytest.raises(concurrent.futures.process.BrokenProcessPool):
        builder.build(spec, OPTIONS, progress=die, every=0.05)
    assert next_teacher(builder, spec) > 0
