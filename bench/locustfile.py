"""A student, as a Locust user: ``python -m bench.capacity`` runs these users headless over stepped
levels; ``locust -f bench/locustfile.py --host http://127.0.0.1:8501`` runs them with Locust's own web UI.

Each user is one visitor of ``bench.visitor_plan`` (the ``n``-th user started is ``plan_visitor(n)``):
it opens its page from its own address (its own sizes, strides and seed) over Streamlit's websocket
protocol (``bench.protocol.BlockingVisit``: no library speaks it), then touches a control at a constant
pace (every ``PACE`` seconds, ``bench.capacity --pace`` sets it, each visitor at its own moment in the pace:
``wait_time``), what
``next_touch`` says: a sidebar slider by one, a page's own control, or the next page's link. Each
answer is timed from the request to the run's ``script_finished`` and checked
(``bench.isolation.answer_problems``): no exception element, the address the server wrote holds the
visitor's own settings, and where the page shows the configuration caption, it is its own. Locust
records each answer as a request: type ``open`` or ``touch``, named by its page; an answer that fails
a check, a lost run (``TIMEOUT_S``) or a broken connection is a failure, and the visitor stops there
(what it would see next no longer follows from its plan).

``VisitorTally`` keeps, for each visitor, what the statistics do not: the pages it saw, the replica
that answered it (HAProxy's ``X-Replica``) and its failures.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import gevent
from locust import User, task
from locust.exception import StopUser

from bench.isolation import answer_problems
from bench.protocol import BlockingVisit
from bench.visitor_plan import PAGE, next_touch, phase, plan_visitor

PACE = 5.0  # seconds from one touch to the next
TIMEOUT_S = 30.0  # an answer later than this is a lost run
PLANNED_MOVES = 400  # sidebar moves planned for each visitor: more than a run makes


@dataclass
class VisitorTally:
    """One visitor's run: its number, the pages it saw, the replica that answered it, its touches and
    failures."""

    index: int
    replica: str = ""
    pages: set[str] = field(default_factory=set)
    touches: int = 0
    opened: bool = False  # its page's first run answered (or failed)
    failures: list[str] = field(default_factory=list)


class LessonVisitor(User):
    """One student on the lesson (``host``: the server's or the proxy's address)."""

    pace = PACE  # seconds from one touch to the next (``restart`` sets it)
    numbers = itertools.count()  # the next visitor's number; ``restart`` starts it again
    tallies: list[VisitorTally] = []

    @classmethod
    def restart(cls, pace: float) -> None:
        """A new run: visitors numbered from 0 again, touching every ``pace`` seconds."""
        cls.pace = pace
        cls.numbers, cls.tallies = itertools.count(), []

    def on_start(self) -> None:
        self.plan = plan_visitor(next(LessonVisitor.numbers), PLANNED_MOVES)
        self.tally = VisitorTally(self.plan.index)
        LessonVisitor.tallies.append(self.tally)
        self.moves = 0  # sidebar moves made
        self.visit = BlockingVisit(self.host, self.plan.path, urlencode(self.plan.start), TIMEOUT_S)
        try:
            self.answer("open", self.visit.open)
        finally:
            self.tally.opened = True
        self.tally.replica = self.visit.replica
        self.next_at = time.monotonic() + phase(self.plan.index, self.pace)  # its own moment in the pace
        gevent.sleep(self.next_at - time.monotonic())

    def wait_time(self) -> float:
        """Seconds to the next touch: ``pace`` after the last one was due, at the visitor's own moment in the pace
        (``bench.visitor_plan.phase``); a touch answered later than that is followed at once, and the moment moves.

        Locust's ``constant_pacing`` keeps a pace from the user's start, and Locust starts users in batches
        (``floor(spawn rate)`` at once): at 100 visitors, batches of 20 touched in the same instant on every pace,
        queueing 20 reruns a server (measured: 25 visitors' touches on one process took 79 ms at p50 started in
        batches of 5, 19 ms spread, the server's CPU the same)."""
        now = time.monotonic()
        self.next_at = max(self.next_at + self.pace, now)
        return self.next_at - now

    def on_stop(self) -> None:
        if getattr(self, "visit", None) is not None:
            self.visit.close()

    @task
    def touch(self) -> None:
        key, value, sidebar = next_touch(self.plan, self.visit.path, self.tally.touches, self.moves)
        self.moves += sidebar
        self.answer("touch", lambda: self.visit.goto(value) if key == PAGE else self.visit.change(key, value))
        self.tally.touches += 1

    def answer(self, kind: str, request) -> None:
        """Make the request (a call returning the seconds to its run's end), check the answer, and
        record it with Locust; a failure stops the visitor."""
        t0, error = time.monotonic(), None
        try:
            seconds = request()
            problems = answer_problems(self.visit, self.plan.values_after(self.moves))
            if problems:
                raise AssertionError("; ".join(problems))
        except Exception as exc:  # noqa: BLE001 - every failure is a finding
            seconds, error = time.monotonic() - t0, exc
        self.tally.pages.add(self.visit.path)
        self.environment.events.request.fire(
            request_type=kind, name=f"/{self.visit.path}", response_time=seconds * 1e3, response_length=0,
            exception=error, context={"visitor": self.plan.index})
        if error is not None:
            self.tally.failures.append(f"{self.plan.name}, {kind} {self.tally.touches + 1}: "
                                       f"{type(error).__name__}: {error}"[:500])
            raise StopUser()
