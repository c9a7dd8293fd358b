"""Building a GIF in a separate process, so a long build never holds the server's interpreter.

Drawing a GIF is seconds of Python and matplotlib work; in a thread of the server it would share
the interpreter with every other visitor's reruns (bench/RESULTS.md: their median rerun doubles
while one builds). ``Builder`` keeps one worker process (started on the first build, with the
``spawn`` method: a fresh interpreter, none of the server's threads), sends it the player's data
and the options, and reads how many frames it has drawn from a shared counter while it works.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import threading
import time
from collections.abc import Callable

from ui.exports import gif


class _Worker:
    """The worker process's own state (never the server's): the counter of frames drawn, shared with the server."""

    drawn = None


def _start(counter) -> None:
    """In the worker, once: keep the shared counter, and leave when the server is gone."""
    _Worker.drawn = counter
    server = os.getppid()
    threading.Thread(target=_watch, args=(server,), daemon=True).start()


def _watch(server: int) -> None:
    """End this worker when its server has ended (it would otherwise wait for work forever)."""
    while os.getppid() == server:
        time.sleep(2)
    os._exit(0)


def _count(done: int, total: int) -> None:
    _Worker.drawn.value = done


def _build(player: dict, options: gif.GifOptions) -> bytes:
    return gif.build(player, options, _count)


class Builder:
    """One worker process that builds GIFs one at a time (callers wait their turn)."""

    def __init__(self):
        self._context = multiprocessing.get_context("spawn")
        self._counter = self._context.Value("i", 0)
        self._turn = threading.Lock()
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def _workers(self) -> concurrent.futures.ProcessPoolExecutor:
        if self._pool is None:
            self._pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=self._context, initializer=_start,
                                                                initargs=(self._counter,))
        return self._pool

    def build(self, player: dict, options: gif.GifOptions, progress: Callable[[int, int], None] | None = None,
              waiting: Callable[[], None] | None = None, every: float = 0.25) -> bytes:
        """The GIF of ``player``; ``progress(done, total)`` every ``every`` seconds while it is drawn,
        ``waiting()`` once if another build holds the worker first."""
        total = len(gif.plan(player, options).chosen)
        if not self._turn.acquire(blocking=False):
            if waiting:
                waiting()
            self._turn.acquire()
        try:
            self._counter.value = 0
            future = self._workers().submit(_build, player, options)
        except BaseException:
            self._turn.release()
            raise
        # The turn passes on when the worker is done, even if this visitor left before: a build
        # that nobody waits for any more still holds the worker until it ends.
        future.add_done_callback(lambda _: self._turn.release())
        try:
            while True:
                try:
                    return future.result(timeout=every)
                except concurrent.futures.TimeoutError:
                    if progress:
                        progress(self._counter.value, total)
        except concurrent.futures.process.BrokenProcessPool:
            self._pool = None  # the worker died (out of memory, say): the next build starts another
            raise


BUILDER = Builder()


def build_gif(player: dict, options: gif.GifOptions, progress=None, waiting=None) -> bytes:
    """``Builder.build`` on the server's one builder."""
    return BUILDER.build(player, options, progress, waiting)
