"""Where a touch's time goes, in real Chromium: ``python -m bench.ui_latency``.

In one run, a bare Streamlit app with one slider and the lesson, page by page:

- **Slider to painted**: from a key press on a sidebar slider to the rerun finished
  (``data-test-script-state`` back to ``notRunning``) and painted (two animation frames),
  median and max of ``PRESSES`` presses (``--presses``), against the bare app's.
- **The split of a press** (Chrome DevTools Protocol, the same presses): the server's part (to
  its "script finished" message), the bytes the server sent, the browser's scripting, style and
  layout time and its other main-thread work (paint, parsing, garbage collection), and how many
  of the page's elements changed in the DOM.
- **Server CPU per rerun**: the server process's CPU time over the presses, divided by them.
- **First load**: each page from its own address in a fresh browser context, until the rerun has
  finished and the DOM has not changed for ``QUIET_MS``, median of ``LOADS``, against the bare
  app's first load.

``--largest`` opens every page at the largest settings the sidebar allows instead of the defaults.
``--phone`` measures on a phone instead of a desktop (``PHONE``): a 390x844 touch viewport, the CPU
slowed 4x (DevTools Protocol ``Emulation.setCPUThrottlingRate``), and for first loads a 10 Mbit/s,
40 ms network (``Network.emulateNetworkConditions``); the bare app is measured the same way, in the
same run. ``--base DIR`` serves another checkout's lesson beside this one and measures each page on
both, in the order A, B, B, A with half the presses each (an A/B in one run; ``in_turn``). Figures only:
nothing asserts a time.
"""

from __future__ import annotations

import argparse
import base64
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.lesson import PAGES
from serving.server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HOOK_SOCKETS,
    RERUN_SECONDS,
    ROOT,
    SERVER_SECONDS,
    WATCH_RERUN,
    free_port,
    press_and_time,
    serve,
    stop,
    wait_idle,
)

BARE = 'import streamlit as st\nvalue = st.slider("Value", 0, 100, 50, key="value")\nst.write(value)\n'
PRESSES = 12
LOADS = 3
QUIET_MS = 600
PAUSE_S = 0.4
SPLIT_TIMEOUT_MS = 5000
LARGEST = "h=7&w=8&kh=7&kw=7&sh=4&sw=4&d=3"  # near the largest: the pressed height goes 7 -> 8 -> 7
SIDEBAR_SLIDER = "[data-testid=stSidebar] [data-testid=stSlider] input[type=range]"
METRICS = ("ScriptDuration", "LayoutDuration", "RecalcStyleDuration", "TaskDuration")

# Which of the page's elements a rerun changed: every element container whose subtree mutated.
WATCH_ELEMENTS = """() => {
  const touched = new Set();
  const obs = new MutationObserver(records => {
    for (const r of records) {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const el = node && node.closest('[data-testid=stElementContainer]');
      // Streamlit marks every element stale while a run is on (the container's own attributes):
      // only a change inside an element counts as redrawing it.
      if (el && !(r.type === 'attributes' && r.target === el)) touched.add(el);
    }
  });
  obs.observe(document.querySelector('[data-testid=stApp]'),
              {subtree: true, childList: true, attributes: true, characterData: true});
  window.__labTouched = () => {
    obs.disconnect();
    const all = document.querySelectorAll('[data-testid=stElementContainer]');
    return [Array.from(all).filter(e => touched.has(e)).length, all.length];
  };
}"""
# For first loads: the time of the DOM's last change, from the navigation's start.
LAST_CHANGE = """
window.__labLastChange = 0;
new MutationObserver(() => { window.__labLastChange = performance.now(); })
  .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""
SETTLED = """quiet => {
  const app = document.querySelector('[data-testid=stApp]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !!document.querySelector('[data-testid=stMainBlockContainer] > div')
    && performance.now() - window.__labLastChange > quiet;
}"""


@dataclass(frozen=True)
class Profile:
    """The device a run measures on: its screen, its CPU's slowdown, its network for first loads, and the
    budgets its ratios to the bare app are read against (``DESIGN.md``)."""
    name: str
    width: int
    height: int
    touch: bool = False  # a touch screen on a phone (Playwright's ``is_mobile`` and ``has_touch``)
    cpu_slowdown: float = 1  # Emulation.setCPUThrottlingRate's rate: 4 is four times slower
    network: dict | None = None  # Network.emulateNetworkConditions's arguments, for first loads only
    press_budget: float = 1.5  # a press, within this many times the bare app's
    load_budget: float = 1.5  # a first load, the same


MBIT = 1e6 / 8  # bytes a second
DESKTOP = Profile("desktop", 1400, 1000)
PHONE = Profile("phone", 390, 844, touch=True, cpu_slowdown=4, press_budget=2,
                network={"offline": False, "latency": 40, "downloadThroughput": 10 * MBIT,
                         "uploadThroughput": 10 * MBIT})


def context_options(profile: Profile) -> dict:
    """Playwright's ``new_context`` arguments for ``profile``'s screen."""
    return {"viewport": {"width": profile.width, "height": profile.height},
            **({"is_mobile": True, "has_touch": True} if profile.touch else {})}


def emulate(pg, profile: Profile, network: bool = False):
    """Slow ``pg``'s CPU (and with ``network``, its network) as ``profile`` says; returns the DevTools
    session, which must stay open for as long as the emulation should hold."""
    cdp = pg.context.new_cdp_session(pg)
    if profile.cpu_slowdown != 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu_slowdown})
    if network and profile.network:
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", profile.network)
    return cdp


def opened(browser, url: str, profile: Profile, init_script: str | None = None):
    """``url`` in a fresh tab on ``profile``'s screen and CPU, drawn and idle: (context, page, DevTools session)."""
    context = browser.new_context(**context_options(profile))
    if init_script:
        context.add_init_script(init_script)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    cdp = emulate(pg, profile)
    pg.goto(url)
    wait_idle(pg)
    return context, pg, cdp


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Presses:
    """What ``PRESSES`` presses on one page cost, each press's figures in a list."""
    total: list[float] = field(default_factory=list)
    server: list[float] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)
    browser: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m in METRICS})
    touched: list[tuple[int, int]] = field(default_factory=list)
    cpu: float = 0.0  # server CPU seconds per rerun


def _metrics(cdp) -> dict[str, float]:
    return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}


def measure(browser, url: str, slider: str, pid: int, profile: Profile = DESKTOP, presses: int = PRESSES) -> Presses:
    """``presses`` timed presses, then as many with the DevTools Protocol's metrics for the split, on
    ``profile``'s screen and CPU.

    The metrics pass is separate: with ``Performance.enable`` a press now and then never reruns
    the bare app, so its presses wait at most ``SPLIT_TIMEOUT_MS`` and a lost one only loses its row.
    A fresh tab per target: one tab reused across two servers can miss the first rerun.
    """
    context, pg, cdp = opened(browser, url, profile, HOOK_SOCKETS)
    thumb = pg.locator(slider).first
    out = Presses()
    cpu_before = cpu_seconds(pid)
    for i in range(presses):
        # Right then left, so the value stays in range and every press changes it.
        out.total.append(press_and_time(pg, thumb, "ArrowRight" if i % 2 == 0 else "ArrowLeft"))
        out.server.append(pg.evaluate(SERVER_SECONDS) or float("nan"))
        time.sleep(PAUSE_S)  # a press right after a rerun can merge into the slider's last change
    out.cpu = (cpu_seconds(pid) - cpu_before - presses * PAUSE_S * idle_cpu(pid)) / presses
    cdp.send("Performance.enable")
    cdp.send("Network.enable")
    frames: list[int] = []
    cdp.on("Network.webSocketFrameReceived",
           lambda e: frames.append(len(base64.b64decode(e["response"]["payloadData"]))
                                   if e["response"]["opcode"] == 2 else len(e["response"]["payloadData"])))
    for i in range(presses):
        before, received = _metrics(cdp), len(frames)
        pg.evaluate(WATCH_ELEMENTS)
        thumb.focus()
        pg.evaluate(WATCH_RERUN, SPLIT_TIMEOUT_MS)
        pg.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        lost = pg.evaluate(RERUN_SECONDS) != pg.evaluate(RERUN_SECONDS)  # NaN: no rerun seen
        touched = tuple(pg.evaluate("() => window.__labTouched()"))
        after = _metrics(cdp)
        if not lost:
            out.touched.append(touched)
            for m in METRICS:
                out.browser[m].append(after[m] - before[m])
            out.sent.append(sum(frames[received:]))
        time.sleep(PAUSE_S)
    context.close()
    return out


def in_turn(sides: list[str]) -> list[str]:
    """The order a page is measured on each checkout in: once on one, or, for an A/B, A, B, B, A (half the presses
    each time). Measured once each, the checkout measured second came out faster whichever it was (bench/RESULTS.md,
    issue 23): each now has a first and a second place."""
    return sides if len(sides) < 2 else sides + sides[::-1]


def merged(parts: list[Presses]) -> Presses:
    """The presses of several passes on one page as one: every press's figures, the mean server CPU a rerun."""
    out = Presses()
    for part in parts:
        out.total += part.total
        out.server += part.server
        out.sent += part.sent
        out.touched += part.touched
        for m in METRICS:
            out.browser[m] += part.browser[m]
    out.cpu = statistics.fmean(part.cpu for part in parts) if parts else 0.0
    return out


def idle_cpu(pid: int, seconds: float = 1.0) -> float:
    """The server's CPU use while nobody touches it (a fraction of one core)."""
    before = cpu_seconds(pid)
    time.sleep(seconds)
    return (cpu_seconds(pid) - before) / seconds


def first_loads(browser, url: str, profile: Profile = DESKTOP) -> list[float]:
    """Seconds from the address typed to the page settled, for new visitors (a fresh context each, so
    nothing cached), on ``profile``'s screen, CPU and network."""
    times = []
    for _ in range(LOADS):
        context = browser.new_context(**context_options(profile))
        context.add_init_script(LAST_CHANGE)
        pg = context.new_page()
        emulate(pg, profile, network=True)
        pg.goto(url, wait_until="commit")
        pg.wait_for_function(SETTLED, arg=QUIET_MS, timeout=90_000, polling=100)
        times.append(pg.evaluate("() => window.__labLastChange") / 1000)
        context.close()
    return times


def _finite(values) -> list[float]:
    return [v for v in values if v == v] or [float("nan")]


def _ms(values) -> str:
    return f"{statistics.median(_finite(values)) * 1e3:.0f}"


def press_row(name: str, p: Presses, bare: float | None, budget: float = 2) -> str:
    times = _finite(p.total)
    median = statistics.median(times)
    ratio = "" if bare is None else f"{median / bare:.2f}x"
    verdict = "" if bare is None else ("met" if median <= budget * bare else "missed")
    lost = len(p.total) - len(times) if times[0] == times[0] else len(p.total)
    return (f"| {name} | {median * 1e3:.0f} | {max(times) * 1e3:.0f} | {ratio} | {verdict} | {p.cpu * 1e3:.0f} "
            f"| {lost} |")


def split_row(name: str, p: Presses) -> str:
    b = p.browser
    other = [t - s - lay - r for t, s, lay, r in zip(b["TaskDuration"], b["ScriptDuration"], b["LayoutDuration"],
                                                  b["RecalcStyleDuration"])]
    touched = statistics.median(t for t, _ in p.touched)
    total = statistics.median(n for _, n in p.touched)
    return (f"| {name} | {_ms(p.total)} | {_ms(p.server)} | {statistics.median(p.sent) / 1024:.1f} | "
            f"{_ms(b['ScriptDuration'])} | {_ms(b['RecalcStyleDuration'])} | {_ms(b['LayoutDuration'])} | "
            f"{_ms(other)} | {touched:.0f} of {total:.0f} |")


def load_row(name: str, times: list[float], bare: float | None, budget: float = 2) -> str:
    median = statistics.median(times)
    ratio = "" if bare is None else f"{median / bare:.2f}x"
    verdict = "" if bare is None else ("met" if median <= budget * bare else "missed")
    return f"| {name} | {median:.2f} | {max(times):.2f} | {ratio} | {verdict} |"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--largest", action="store_true", help="open every page at the largest settings")
    parser.add_argument("--phone", action="store_true",
                        help="a phone: 390x844 touch screen, CPU 4x slower, first loads on a 10 Mbit/s, 40 ms network")
    parser.add_argument("--presses", type=int, default=PRESSES, help="presses a page (each pass)")
    parser.add_argument("--base", type=Path, help="another checkout: its lesson too, page by page, same run (A/B)")
    parser.add_argument("--pages", nargs="*", default=PAGES, help="page paths ('' is the start page)")
    args = parser.parse_args(argv)
    profile = PHONE if args.phone else DESKTOP
    query = f"?{LARGEST}" if args.largest else ""
    presses, loads = {}, {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        procs = {}
        try:
            for name, script in {"bare": bare_script, "": ROOT / "app.py",
                                 **({BASE: args.base.resolve() / "app.py"} if args.base else {})}.items():
                port = free_port()
                procs[name] = (serve(script, port, Path(tmp) / f"{name or 'app'}.log"), f"http://127.0.0.1:{port}")
            for name, (_, url) in procs.items():
                first_loads(browser, f"{url}/{'' if name == 'bare' else query}")  # the servers' first runs
            bare_proc, bare_url = procs["bare"]
            presses["bare"] = measure(browser, f"{bare_url}/", "[data-testid=stSlider] input[type=range]",
                                      bare_proc.pid, profile, args.presses)
            loads["bare"] = first_loads(browser, f"{bare_url}/", profile)
            sides = [s for s in procs if s != "bare"]
            for page in args.pages:
                parts: dict[str, list[Presses]] = {side: [] for side in sides}
                for side in in_turn(sides):
                    proc, app = procs[side]
                    url, name = f"{app}/{page}{query}", side + page
                    parts[side].append(measure(browser, url, SIDEBAR_SLIDER, proc.pid, profile,
                                               max(1, args.presses // len(sides))))
                    loads[name] = loads.get(name, []) + first_loads(browser, url, profile)
                for side in sides:
                    presses[side + page] = merged(parts[side])
                    print(f"{label(side + page)}: {_ms(presses[side + page].total)} ms a press", file=sys.stderr)
        finally:
            for proc, _ in procs.values():
                stop(proc)
            browser.close()
    report(presses, loads, args.largest, profile)


BASE = "base: "  # the other checkout's pages, in the report


def label(name: str) -> str:
    """A row's name: the bare app, a page ('' is the start page), or the other checkout's page."""
    if name == "bare":
        return "bare one-slider app"
    side = BASE if name.startswith(BASE) else ""
    return f"{side}{name.removeprefix(BASE) or 'start'}"


def describe(profile: Profile) -> str:
    """The device in words, for the report's headings."""
    screen = f"{profile.width}x{profile.height}{' touch' if profile.touch else ''}"
    cpu = f", CPU {profile.cpu_slowdown:g}x slower" if profile.cpu_slowdown != 1 else ""
    net = profile.network
    network = (f"; first loads on a {net['downloadThroughput'] / MBIT:g} Mbit/s, {net['latency']:g} ms network"
               if net else "")
    return f"{profile.name} ({screen}{cpu}{network})"


def report(presses: dict[str, Presses], loads: dict[str, list[float]], largest: bool,
           profile: Profile = DESKTOP) -> None:
    bare = statistics.median(_finite(presses["bare"].total))
    settings = f"largest settings ({LARGEST})" if largest else "default settings"
    count = len(presses["bare"].total)
    print(f"{describe(profile)}. Slider key press to rerun painted, {count} presses a page, {settings}; "
          "server CPU is the process's CPU time per rerun:\n")
    print(f"| app / page | median (ms) | max (ms) | median / bare | <= {profile.press_budget:g}x bare "
          "| server CPU (ms) | lost presses |")
    print("|---|---:|---:|---:|---|---:|---:|")
    for name, p in presses.items():
        print(press_row(label(name), p, None if name == "bare" else bare, profile.press_budget))
    print("\nWhere a press's time goes (medians; browser times from the DevTools Protocol's Performance "
          "metrics; 'other' is the rest of the main thread's tasks: paint, parsing, garbage collection):\n")
    print("| page | total (ms) | to server's finish (ms) | sent (KiB) | script (ms) | style (ms) | layout (ms) "
          "| other (ms) | elements changed |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, p in presses.items():
        print(split_row(label(name), p))
    first = statistics.median(loads["bare"])
    print(f"\nFirst load from the page's own address, fresh context each, until settled ({QUIET_MS} ms "
          f"without a DOM change), {LOADS} loads, seconds:\n")
    print(f"| app / page | median (s) | max (s) | median / bare | <= {profile.load_budget:g}x bare |\n"
          "|---|---:|---:|---:|---|")
    for name, times in loads.items():
        print(load_row(label(name), times, None if name == "bare" else first, profile.load_budget))


if __name__ == "__main__":
    sys.exit(main())
