"""Serve a Streamlit script on loopback and drive it with Debian's Chromium (tests and benchmarks).

Starting and stopping a server (``serve``, ``stop``; ``served_app`` for the lesson on a free port),
launching Chromium (``CHROMIUM``, ``CHROMIUM_ARGS``; ``launch`` with Playwright's async API), and
the page scripts that wait for a rerun to finish and paint (``WATCH_RERUN`` and the idle steps).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# The values the app's script-state attribute took in one batch of mutation records. Under load
# the observer's callback may run once after several changes ('running', then 'notRunning'):
# reading the attribute then would miss the rerun, so the values come from the records' old
# values (the same approach as tests/e2e/driving.py).
STATES_TAKEN = """(app, records) => {
  const changes = records.filter(r => r.type === 'attributes' && r.target === app);
  return changes.map((r, i) => i + 1 < changes.length ? changes[i + 1].oldValue
                                                     : app.getAttribute('data-test-script-state'));
}"""

# Whether a message from the server (a ForwardMsg, protobuf) says a script run finished, not
# cut short for another rerun: its top-level ``script_finished`` field (a varint). Under load the
# attribute above can miss a whole rerun: when React renders 'running' and 'notRunning' in one
# commit the attribute never changes; the server's message is the reliable witness.
_FINISHED = ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].number
_CUT_SHORT = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
FINISHED_IN = """(buffer) => {
  const b = new Uint8Array(buffer);
  let i = 0;
  const varint = () => {
    let v = 0, shift = 0, x;
    do { x = b[i++]; v += (x & 127) * 2 ** shift; shift += 7; } while (x & 128 && i < b.length);
    return v;
  };
  while (i < b.length) {
    const tag = varint(), field = Math.floor(tag / 8), wire = tag & 7;
    if (wire === 0) { const v = varint(); if (field === FIELD) return v !== CUT_SHORT; }
    else if (wire === 2) { const n = varint(); i += n; }  // not i += varint(): that reads i before varint moves it
    else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else return false;
  }
  return false;
}""".replace("FIELD", str(_FINISHED)).replace("CUT_SHORT", str(_CUT_SHORT))

# Resolves once the app has finished a rerun it started after this call, and painted it.
# ``pg.evaluate(WATCH_RERUN)`` waits at most 20 s; ``pg.evaluate(WATCH_RERUN, ms)`` at most ms.
# A rerun counts as seen when the script-state attribute took 'running' (from the mutation
# records) or when the server's "script finished" message arrived on the app's websocket (which
# the first call hooks by wrapping WebSocket.prototype.send: the key press's own message to the
# server goes through it, before the server answers); then the attribute must read 'notRunning'.
WATCH_RERUN = """(timeoutMs) => {
  timeoutMs = timeoutMs || 20000;  // Playwright passes null, not undefined, when no argument is given
  const app = document.querySelector('[data-testid=stApp]');
  const statesTaken = STATES_TAKEN;
  const finishedIn = FINISHED_IN;
  if (!window.__labSendHooked) {
    window.__labSendHooked = true;
    window.__labFinished = 0;
    const send = WebSocket.prototype.send, hooked = new WeakSet();
    WebSocket.prototype.send = function (...args) {
      if (!hooked.has(this)) {
        hooked.add(this);
        this.addEventListener('message', e => {
          if (!(e.data instanceof ArrayBuffer) || !finishedIn(e.data)) return;
          window.__labFinished += 1;
          window.__labFinishedAt = performance.now();
          // After the app's own handler has taken the message.
          setTimeout(() => window.dispatchEvent(new Event('lab-script-finished')), 0);
        });
      }
      return send.apply(this, args);
    };
  }
  const finishedBefore = window.__labFinished;
  window.__rerunDone = new Promise(resolve => {
    let running = false, done = false;
    const check = () => {
      if (done || !(running || window.__labFinished > finishedBefore)) return;
      if (app.getAttribute('data-test-script-state') !== 'notRunning') return;
      done = true;
      clearTimeout(timer);
      obs.disconnect();
      window.removeEventListener('lab-script-finished', check);
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
    };
    const obs = new MutationObserver(records => {
      if (statesTaken(app, records).includes('running')) running = true;
      check();
    });
    // Never hang: a lost rerun shows as NaN.
    const timer = setTimeout(() => {
      done = true;
      obs.disconnect();
      window.removeEventListener('lab-script-finished', check);
      resolve(NaN);
    }, timeoutMs);
    obs.observe(app, {attributes: true, attributeFilter: ['data-test-script-state'], attributeOldValue: true});
    window.addEventListener('lab-script-finished', check);
  });
  window.__t0 = performance.now();
}""".replace("STATES_TAKEN", STATES_TAKEN).replace("FINISHED_IN", FINISHED_IN)
# As an init script (``context.add_init_script``): every websocket the page opens counts the
# server's "script finished" messages from its first message on, for WATCH_RERUN. Hooking on the
# first ``send`` (WATCH_RERUN's own way) can miss them: a socket whose messages to the server go
# through a reference taken before the hook is never hooked.
HOOK_SOCKETS = """(() => {
  const finishedIn = FINISHED_IN;
  window.__labSendHooked = true;
  window.__labFinished = 0;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', e => {
        if (!(e.data instanceof ArrayBuffer) || !finishedIn(e.data)) return;
        window.__labFinished += 1;
        window.__labFinishedAt = performance.now();
        setTimeout(() => window.dispatchEvent(new Event('lab-script-finished')), 0);
      });
    }
  };
})();""".replace("FINISHED_IN", FINISHED_IN)
RERUN_SECONDS = "async () => (await window.__rerunDone - window.__t0) / 1000"
# After RERUN_SECONDS: seconds from the watch's start to the server's "script finished" message
# (the server's part of the rerun and the trip back), or null if the message was not seen.
SERVER_SECONDS = "() => window.__labFinishedAt > window.__t0 ? (window.__labFinishedAt - window.__t0) / 1000 : null"

# The app is idle, in steps (``wait_idle``; ``bench.tabs.settle`` the same with the async API): its
# content shown, its rerun finished, its charts drawn (a chart shows a skeleton until its
# JavaScript has drawn it), two frames painted.
SHOWN = "[data-testid=stApp][data-test-script-state=notRunning] [data-testid=stMainBlockContainer] > div"
NOT_RUNNING = "[data-testid=stApp][data-test-script-state=notRunning]"
# (and the lesson's renderer has drawn into every component it mounted: it loads once per page).
CHARTS_DRAWN = """() => !document.querySelector('[data-testid=stSkeleton]')
  && Array.from(document.querySelectorAll('[data-testid=stBidiComponentRegular]'))
       .every(el => el.querySelector('.tcl-grid, .tcl-player'))"""
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


# The environment a server runs in, as deploy/Dockerfile sets it: two C heaps for all its threads
# (glibc's default is a heap a thread, up to eight a core, each keeping its own peak; ui/pictures/heap.py).
SERVER_ENV = {"MALLOC_ARENA_MAX": "2"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(script: Path, port: int, log: Path, options: Sequence[str] = (),
          env: Mapping[str, str] | None = None) -> subprocess.Popen:
    """Start `streamlit run script` on 127.0.0.1:port and wait for its health check; ``options``
    are more of its command-line options (``["--server.disconnectedSessionTTL", "10"]``), ``env``
    more environment (``STREAMLIT_SERVER_COOKIE_SECRET``, which no command line may set; None
    leaves a variable unset), besides ``SERVER_ENV``."""
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **SERVER_ENV, **(env or {})}
    env = {k: v for k, v in env.items() if v is not None}  # None: not set
    handle = open(log, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none", *options],
        cwd=script.parent, stdout=handle, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.25)
    proc.kill()
    raise RuntimeError("streamlit did not answer its health check within 60 s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextlib.contextmanager
def served_app(log_dir: Path | None = None, options: Sequence[str] = (), script: Path = ROOT / "app.py",
               env: Mapping[str, str | None] | None = None) -> Iterator[tuple[str, int]]:
    """The lesson (``script``: another checkout's, to measure it) served on a free loopback port:
    yields (base URL, server pid); ``options`` and ``env`` as for ``serve``."""
    with contextlib.ExitStack() as stack:
        if log_dir is None:
            log_dir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        port = free_port()
        proc = serve(script, port, log_dir / "streamlit.log", options, env)
        stack.callback(stop, proc)
        yield f"http://127.0.0.1:{port}", proc.pid


async def launch(playwright):
    """Debian's Chromium, headless, from Playwright's async API (``async_playwright()``)."""
    return await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_idle(pg, timeout: float = 30_000) -> None:
    """Wait until the app shows content, has finished its rerun, and painted it."""
    pg.wait_for_selector(SHOWN, timeout=timeout)
    pg.wait_for_selector(NOT_RUNNING, timeout=timeout)
    pg.wait_for_function(CHARTS_DRAWN, timeout=timeout)
    pg.evaluate(TWO_FRAMES)


def press_and_time(pg, locator, key: str) -> float:
    """Seconds from a key press on ``locator`` to the rerun it causes finished and painted."""
    locator.focus()
    pg.evaluate(WATCH_RERUN)
    pg.keyboard.press(key)
    return pg.evaluate(RERUN_SECONDS)
