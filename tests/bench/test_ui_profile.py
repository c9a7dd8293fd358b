"""``bench.ui_profile`` reads a trace and a sampled profile right: nested work counted once, by its
outermost kind, and script time by the file it runs in."""

from __future__ import annotations

import pytest

from bench.ui_profile import by_file, by_kind

MAIN = {"name": "thread_name", "ph": "M", "pid": 1, "tid": 7, "args": {"name": "CrRendererMain"}}


def event(name: str, ts: float, dur: float, tid: int = 7) -> dict:
    return {"name": name, "ph": "X", "pid": 1, "tid": tid, "ts": ts * 1e3, "dur": dur * 1e3}


def test_nested_work_counts_once_under_its_outermost_kind():
    events = [MAIN, event("FunctionCall", 0, 10), event("Layout", 2, 3),  # a forced layout inside a script
              event("Layout", 20, 4), event("Paint", 30, 2), event("Paint", 30.5, 1),
              event("Layout", 50, 100, tid=8)]  # another thread's work is not the page's
    assert by_kind(events) == pytest.approx({"script": 10, "layout": 4, "paint": 2})


def test_by_event_name_when_asked():
    events = [MAIN, event("FunctionCall", 0, 10), event("Layout", 2, 3), event("Commit", 20, 1)]
    assert by_kind(events, {}) == pytest.approx({"FunctionCall": 10, "Commit": 1})


def test_script_time_goes_to_every_file_on_its_stack_and_to_its_function():
    profile = {"nodes": [{"id": 1, "callFrame": {"url": "", "functionName": "(root)", "lineNumber": -1},
                          "children": [3]},
                         {"id": 2, "callFrame": {"url": "http://x/app/static/lab.js?v=1", "functionName": "build",
                                                 "lineNumber": 75}},
                         {"id": 3, "callFrame": {"url": "http://x/static/js/react-dom.js", "functionName": "",
                                                 "lineNumber": 7}, "children": [2]}],
               "samples": [2, 2, 3, 1], "timeDeltas": [1000, 2000, 500, 4000]}
    files, functions = by_file(profile)
    assert files == pytest.approx({"lab.js": 3, "react-dom.js": 3.5})  # React called the renderer
    assert functions["build lab.js:75"] == pytest.approx(3)
    assert functions["(anonymous) react-dom.js:7"] == pytest.approx(0.5)
