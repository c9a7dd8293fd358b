"""Building a GIF in a separate process, so a long build never holds the server's interpreter.

Drawing a GIF is seconds of Python and matplotlib work; in a thread of the server it would share
the interpreter with every other visitor's reruns (bench/RESULTS.md: their median rerun doubles
while one builds). ``Builder`` keeps one worker process (started on the first build, with the
``spawn`` method: a fresh interpreter, none of the server's threads), sends it the player's data
and the options, and reads how many frames it has drawn from a shared counter while it works.

GIFs are drawn one at a time, in the order they were asked for, and only for someone still
waiting. Each request belongs to a visitor: a visitor's newer request takes the place of their
pending one; a request is dropped when its visitor has gone (``present()`` says no) or its caller
stopped waiting (its ``waiting`` or ``progress`` raised, as Streamlit raises in a run the visitor
left or reran); a build under way for a visitor who has gone or asked again stops at its next
frame. So the next teacher waits for the builds of those still waiting, not of those who left.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from ui.exports import gif
from ui.figures.spec import Player


class Dropped(Exception):
    """The GIF was not built, or its build was stopped: its visitor left, or asked for another."""


class _Worker:
    """The worker process's own state (never the server's): the counter of frames drawn and the
    flag that stops the build under way, both shared with the server."""

    drawn = None
    stop = None


def _start(counter, stop) -> None:
    """In the worker, once: keep the shared counter and flag, and leave when the server is gone."""
    _Worker.drawn, _Worker.stop = counter, stop
    server = os.getppid()
    threading.Thread(target=_watch, args=(server,), daemon=True).start()


def _watch(server: int) -> None:
    """End this worker when its server has ended (it would otherwise wait for work forever)."""
    while os.getppid() == server:
        time.sleep(2)
    os._exit(0)


def _count(done: int, total: int) -> None:
    """After each frame: stop if the server no longer wants this GIF, else say how far it got."""
    if _Worker.stop.value:
        raise Dropped("nobody waits for this GIF any more")
    _Worker.drawn.value = done


def _build(player: Player, options: gif.GifOptions) -> bytes:
    return gif.build(player, options, _count)


@dataclass(eq=False)
class _Request:
    """One visitor's request for a GIF, from asking until its caller stops waiting."""

    visitor: Hashable
    present: Callable[[], bool]
    dropped: bool = False
    future: concurrent.futures.Future | None = None


class Builder:
    """One worker process that builds GIFs one at a time, in the order asked, one pending per visitor."""

    def __init__(self):
        self._context = multiprocessing.get_context("spawn")
        self._counter = self._context.Value("i", 0)
        self._stop = self._context.Value("b", 0)
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._changed = threading.Condition()  # guards the two below; notified when either changes
        self._pending: dict[Hashable, _Request] = {}  # by visitor, in the order asked
        self._building: _Request | None = None  # holds the worker until its build has ended

    def _workers(self) -> concurrent.futures.ProcessPoolExecutor:
        if self._pool is None:
            self._pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=self._context, initializer=_start,
                                                                initargs=(self._counter, self._stop))
        return self._pool

    def build(self, player: Player, options: gif.GifOptions, progress: Callable[[int, int], None] | None = None,
              waiting: Callable[[int], None] | None = None, every: float = 0.25, visitor: Hashable | None = None,
              present: Callable[[], bool] | None = None) -> bytes:
        """The GIF of ``player``, for ``visitor`` (anyone's own, if None) while ``present()`` is true.

        Every ``every`` seconds, ``waiting(ahead)`` while builds asked for before it go first (``ahead``
        of them), then ``progress(done, total)`` while it is drawn. Raises ``Dropped`` if the visitor
        asked for another GIF meanwhile, or left; whatever ``waiting`` or ``progress`` raise ends the
        wait and drops the request, or stops its build.
        """
        total = len(gif.plan(player, options).chosen)
        request = _Request(object() if visitor is None else visitor, present or (lambda: True))
        self._ask(request)
        try:
            self._wait_turn(request, waiting, every)
            self._submit(request, player, options)
            return self._follow(request, progress, total, every)
        finally:
            self._leave(request)

    def _ask(self, request: _Request) -> None:
        """Queue ``request``, in place of its visitor's pending one; stop the visitor's build under way."""
        with self._changed:
            earlier = self._pending.get(request.visitor)
            if earlier is not None:
                earlier.dropped = True
            if self._building is not None and self._building.visitor == request.visitor:
                self._cancel(self._building)
            self._pending[request.visitor] = request  # an earlier request's place, or the end of the line
            self._changed.notify_all()

    def _wait_turn(self, request: _Request, waiting: Callable[[int], None] | None, every: float) -> None:
        """Return once ``request`` holds the worker, calling ``waiting(ahead)`` every ``every`` seconds till then."""
        while True:
            with self._changed:
                ahead = self._place(request)
                if ahead:
                    self._changed.wait(every)
                    ahead = self._place(request)
                if not ahead:
                    return
            if waiting:
                waiting(ahead)

    def _place(self, request: _Request) -> int:
        """How many builds go before ``request``: 0 once it holds the worker (the lock held)."""
        self._drop_departed()
        if request.dropped:
            raise Dropped("the visitor asked for another GIF, or left")
        ahead = list(self._pending.values()).index(request) + (self._building is not None)
        if not ahead:
            del self._pending[request.visitor]
            self._building = request
        return ahead

    def _drop_departed(self) -> None:
        """Drop the pending requests, and stop the build, of visitors who have gone (the lock held)."""
        for request in [r for r in self._pending.values() if not r.present()]:
            request.dropped = True
            del self._pending[request.visitor]
        if self._building is not None and not self._building.present():
            self._cancel(self._building)

    def _cancel(self, request: _Request) -> None:
        """Drop ``request``; if it is being built, stop the build at its next frame (the lock held)."""
        request.dropped = True
        if self._building is request:
            self._stop.value = 1

    def _submit(self, request: _Request, player: Player, options: gif.GifOptions) -> None:
        with self._changed:
            if request.dropped:  # cancelled between its turn and now
                raise Dropped("the visitor asked for another GIF, or left")
            self._counter.value, self._stop.value = 0, 0
            request.future = self._workers().submit(_build, player, options)
        # The turn passes on when the worker is done: at once for a build that is stopped.
        request.future.add_done_callback(lambda _: self._release(request))

    def _release(self, request: _Request) -> None:
        future = request.future
        broken = not future.cancelled() and isinstance(future.exception(), concurrent.futures.process.BrokenProcessPool)
        with self._changed:
            if broken:
                self._pool = None  # the worker died (out of memory, say): the next build starts another
            if self._building is request:
                self._building = None
            self._changed.notify_all()

    def _follow(self, request: _Request, progress: Callable[[int, int], None] | None, total: int,
                every: float) -> bytes:
        while True:
            try:
                return request.future.result(timeout=every)
            except concurrent.futures.TimeoutError:
                with self._changed:
                    self._drop_departed()
                if progress:
                    progress(self._counter.value, total)

    def _leave(self, request: _Request) -> None:
        """The caller stops waiting: withdraw its request, or stop its build if it is under way."""
        with self._changed:
            if self._pending.get(request.visitor) is request:
                del self._pending[request.visitor]
            if self._building is request:
                if request.future is None:
                    self._building = None
                elif not request.future.done():
                    self._cancel(request)
            self._changed.notify_all()


BUILDER = Builder()


def build_gif(player: Player, options: gif.GifOptions, progress=None, waiting=None, visitor=None,
              present=None) -> bytes:
    """``Builder.build`` on the server's one builder."""
    return BUILDER.build(player, options, progress, waiting, visitor=visitor, present=present)
