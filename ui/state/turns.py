"""Runs take turns: at most ``TURNS`` full runs of the app at once in one server process.

Streamlit runs every session's script in its own thread, and all of a process's threads share one interpreter lock.
When a class touches at once, twenty runs started together each get a twentieth of the processor, switch the lock
every few milliseconds between them and the event loop (which sends their messages and reads the next requests),
and all finish late together. Taking turns, the runs that wait do not run at all (a thread blocked on a semaphore
holds no lock), the ones running finish in their own time and their messages leave at once: the same work in the
same seconds, answered in order of arrival. Three at a time rather than one: a run also waits on the event loop
(its messages, the session's state), and the others use that time.

Measured with ``python -m bench.capacity --replicas 2 --levels 200`` (bench/RESULTS.md, issue 24): p95 1.4-1.7 s
without turns, 1.3 s with one, 0.76-1.1 s with two, 0.72-0.92 s with three (p50 93-130 ms, the lowest). A run that has
waited ``WAIT`` seconds goes ahead anyway, so a stuck run never stops a process; a fragment's own rerun (a page
control's, a training burst's) is not counted, as it is short and its page's full runs are.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator

TURNS = int(os.environ.get("TCL_TURNS", "3"))  # full runs at once in a process (0: no limit, to measure against)
WAIT = 10.0  # seconds a run waits for its turn at most


class Turns:
    """At most ``limit`` holders at once (none when ``limit`` is 0); a holder that waited ``wait`` seconds goes
    ahead without a turn, and gives none back."""

    def __init__(self, limit: int, wait: float = WAIT) -> None:
        self.limit, self.wait = limit, wait
        self._free = threading.BoundedSemaphore(limit) if limit > 0 else None

    @contextlib.contextmanager
    def turn(self) -> Iterator[bool]:
        """Hold a turn while the block runs (an exception, a rerun's included, gives it back); yields whether the
        block got one."""
        got = self._free is not None and self._free.acquire(timeout=self.wait)
        try:
            yield got
        finally:
            if got:
                self._free.release()


RUNS = Turns(TURNS)  # the process's full runs (``ui.state.shell.run``)
