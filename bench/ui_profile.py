"""Where a press's browser time goes, page by page: ``python -m bench.ui_profile [--phone] page ...``.

For each page, a few presses on the sidebar's slider (as ``bench.ui_latency`` presses it) under the
DevTools Protocol's tracer and JavaScript sampler, then two tables: the renderer's main thread by
kind of work (script, style, layout, paint and the rest, from the trace's outermost events), and the
script's time by the files on its stack (Streamlit's bundles and React, plotly, KaTeX, the lesson's
renderer), with its costliest functions. ``--keep DIR`` writes each page's trace and samples, which
Chromium's DevTools open. Figures only, to find what to cut.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.ui_latency import DESKTOP, PAUSE_S, PHONE, SIDEBAR_SLIDER, opened
from serving.server import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, press_and_time, serve, stop

PRESSES = 6
CATEGORIES = "devtools.timeline,disabled-by-default-devtools.timeline,blink,v8"
# A trace event's name, to the work it stands for (the DevTools' own grouping, roughly).
KINDS = {
    "FunctionCall": "script", "EvaluateScript": "script", "v8.compile": "script", "TimerFire": "script",
    "EventDispatch": "script", "FireAnimationFrame": "script", "RunMicrotasks": "script", "v8.run": "script",
    "V8.GCScavenger": "gc", "MajorGC": "gc", "MinorGC": "gc", "V8.GC_MC_BACKGROUND": "gc",
    "UpdateLayoutTree": "style", "RecalculateStyles": "style", "ParseAuthorStyleSheet": "style",
    "Layout": "layout", "UpdateLayerTree": "paint", "PrePaint": "paint", "Paint": "paint", "Layerize": "paint",
    "Commit": "paint", "RasterTask": "paint", "CompositeLayers": "paint", "HitTest": "other",
    "ParseHTML": "parse",
}


def _main_thread(events) -> tuple[int, int]:
    """The (pid, tid) of the page's renderer main thread."""
    for e in events:
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain":
            return e["pid"], e["tid"]
    raise RuntimeError("no renderer main thread in the trace")


def by_kind(events, kinds: dict[str, str] | None = None) -> dict[str, float]:
    """Milliseconds of the main thread's work by kind (``KINDS``; with ``kinds={}``, by event name): the
    outermost event of each stretch."""
    pid, tid = _main_thread(events)
    kinds = KINDS if kinds is None else kinds
    spans = sorted((e["ts"], e["ts"] + e["dur"], kinds.get(e["name"], e["name"])) for e in events
                   if e.get("ph") == "X" and e.get("pid") == pid and e.get("tid") == tid and "dur" in e
                   and (not kinds or e["name"] in kinds) and e["name"] != "ThreadControllerImpl::RunTask"
                   and not e["name"].startswith(("RunTask", "ThreadPool", "Scheduler")))
    out: dict[str, float] = collections.Counter()
    covered = 0
    for start, end, kind in spans:
        if end <= covered:
            continue  # inside an outer event already counted
        out[kind] += (end - max(start, covered)) / 1e3
        covered = end
    return dict(out)


def _name(frame: dict) -> str:
    return frame["url"].rsplit("/", 1)[-1].split("?")[0]


def by_file(profile: dict) -> tuple[dict[str, float], dict[str, float]]:
    """Time (ms) by script file, counting every file on a sample's stack (what runs in React's code on
    behalf of a component counts for both), and self time by function, from a ``Profiler.stop`` profile."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {child: n["id"] for n in profile["nodes"] for child in n.get("children", [])}
    files: dict[str, float] = collections.Counter()
    functions: dict[str, float] = collections.Counter()
    for node, delta in zip(profile["samples"], profile["timeDeltas"]):
        frame = nodes[node]["callFrame"]
        functions[f"{frame['functionName'] or '(anonymous)'} {_name(frame) or '(native)'}:{frame['lineNumber']}"] += (
            delta / 1e3)
        on_stack, at = set(), node
        while at is not None:
            on_stack.add(_name(nodes[at]["callFrame"]))
            at = parent.get(at)
        for file in on_stack - {""}:
            files[file] += delta / 1e3
    return dict(files), dict(functions)


def _collect(cdp, pg) -> list[dict]:
    events, done = [], []
    cdp.on("Tracing.dataCollected", lambda e: events.extend(e["value"]))
    cdp.on("Tracing.tracingComplete", lambda e: done.append(True))
    cdp.send("Tracing.end")
    while not done:
        pg.wait_for_timeout(100)
    return events


def profile_page(browser, url: str, device, presses: int, keep: Path | None = None) -> tuple[dict, dict, dict, float]:
    """Trace and sample ``presses`` presses on ``url``: (kinds, files, functions, milliseconds a press);
    ``keep``: a file to write the trace to, and the samples beside it (``.cpuprofile``), which DevTools open."""
    context, pg, cdp = opened(browser, url, device)
    thumb = pg.locator(SIDEBAR_SLIDER).first
    press_and_time(pg, thumb, "ArrowRight")  # one untraced press: what loads once is not a press's cost
    time.sleep(PAUSE_S)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    cdp.send("Profiler.start")
    cdp.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReportEvents"})
    total = 0.0
    for i in range(presses):
        total += press_and_time(pg, thumb, "ArrowLeft" if i % 2 == 0 else "ArrowRight")
        time.sleep(PAUSE_S)
    sampled = cdp.send("Profiler.stop")["profile"]
    events = _collect(cdp, pg)
    context.close()
    if keep:
        keep.write_text(json.dumps({"traceEvents": events}))
        keep.with_suffix(".cpuprofile").write_text(json.dumps(sampled))
    files, functions = by_file(sampled)
    kinds = by_kind(events)
    names = by_kind(events, {})
    print("  main-thread events, ms a press:", _top({k: v / presses for k, v in names.items()}, 14), file=sys.stderr)
    return ({k: v / presses for k, v in kinds.items()}, {k: v / presses for k, v in files.items()},
            {k: v / presses for k, v in functions.items()}, total * 1e3 / presses)


def _top(table: dict[str, float], n: int) -> str:
    return ", ".join(f"{k} {v:.0f}" for k, v in sorted(table.items(), key=lambda kv: -kv[1])[:n] if v >= 0.5)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phone", action="store_true", help="bench.ui_latency's phone profile")
    parser.add_argument("--presses", type=int, default=PRESSES)
    parser.add_argument("--query", default="", help="settings for every page, as in the address (h=7&w=8)")
    parser.add_argument("--keep", type=Path, help="a folder to write each page's trace to")
    parser.add_argument("pages", nargs="+", help="page paths ('' is the start page)")
    args = parser.parse_args(argv)
    device = PHONE if args.phone else DESKTOP
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        port = free_port()
        proc = serve(ROOT / "app.py", port, Path(tmp) / "app.log")
        try:
            print(f"{device.name}: per press, ms (main-thread work by kind; script time by file, callers included)\n")
            print("| page | press | script | gc | style | layout | paint | other | by file | costliest functions |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
            for name in args.pages:
                url = f"http://127.0.0.1:{port}/{name}?{args.query}"
                keep = args.keep / f"{name or 'start'}.json" if args.keep else None
                kinds, files, functions, press = profile_page(browser, url, device, args.presses, keep)
                cells = " | ".join(f"{kinds.get(k, 0):.0f}" for k in ("script", "gc", "style", "layout", "paint"))
                other = sum(kinds.get(k, 0) for k in ("other", "parse"))
                print(f"| {name or 'start'} | {press:.0f} | {cells} | {other:.0f} | {_top(files, 6)} "
                      f"| {_top(functions, 6)} |", flush=True)
        finally:
            stop(proc)
            browser.close()


if __name__ == "__main__":
    sys.exit(main())
