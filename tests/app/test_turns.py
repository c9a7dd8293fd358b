"""Full runs take turns in a process (``ui.state.turns``): never more at once than the limit, a turn given back
however a run ends, a run that waited too long goes ahead, and the app's runs all go through it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from pagetest import open_page

from ui.state import turns
from ui.state.turns import Turns

ROOT = Path(__file__).resolve().parents[2]


def _most_at_once(gate: Turns, runs: int, seconds: float = 0.05) -> int:
    """Start ``runs`` threads that each hold a turn for ``seconds``; how many held one at the same time, at most."""
    inside, most, lock = 0, 0, threading.Lock()
    start = threading.Barrier(runs)

    def run() -> None:
        nonlocal inside, most
        start.wait()
        with gate.turn():
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(seconds)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    return most


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_no_more_runs_at_once_than_the_limit(limit):
    assert _most_at_once(Turns(limit), 8) == limit


def test_no_limit_lets_every_run_in():
    assert _most_at_once(Turns(0), 6) == 6


def test_a_run_that_ends_in_an_exception_gives_its_turn_back():
    gate = Turns(1, wait=5)
    with pytest.raises(RuntimeError), gate.turn() as got:
        assert got
        raise RuntimeError("a rerun cuts the run short")
    with gate.turn() as got:  # the turn is free again (it would wait 5 s and go ahead without one otherwise)
        assert got


def test_a_run_that_waited_too_long_goes_ahead_without_a_turn_and_gives_none_back():
    gate = Turns(1, wait=0.05)
    with gate.turn() as first:
        began = time.monotonic()
        with gate.turn() as second:
            assert first and not second
            assert time.monotonic() - began >= 0.05
    with gate.turn() as again:  # one turn, free: the run without one did not give back a second
        assert again
        with gate.turn() as other:
            assert not other


def test_the_app_takes_three_turns_and_every_full_run_goes_through_them():
    assert turns.TURNS == 3 and turns.RUNS.limit == 3
    shell = (ROOT / "ui" / "state" / "shell.py").read_text(encoding="utf-8")
    body = shell.split("with turns.RUNS.turn():", 1)[1].split("pace.end()", 1)[0]
    for step in ("controls.sidebar()", "page()", "classroom.take_to_class(path)"):
        assert step in body, step


def test_a_page_run_waits_while_the_turns_are_taken(monkeypatch):
    open_page("start")  # once before, so that what a first run loads is not timed
    monkeypatch.setattr(turns.RUNS, "wait", 1.5)
    free = turns.RUNS._free
    for _ in range(turns.RUNS.limit):  # every turn taken, as by runs of other visitors
        assert free.acquire(timeout=5)
    try:
        began = time.monotonic()
        at = open_page("start")
        waited = time.monotonic() - began
    finally:
        for _ in range(turns.RUNS.limit):
            free.release()
    assert not at.exception and at.title[0].value
    assert waited >= 1.5, f"the page ran at once ({waited:.2f} s) while every turn was taken"
