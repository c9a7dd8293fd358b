"""Serve a Streamlit script on loopback and drive it with Debian's Chromium (tests and benchmarks)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# Resolves once the app has finished a rerun it started after this call, and painted it.
WATCH_RERUN = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  window.__rerunDone = new Promise(resolve => {
    setTimeout(() => resolve(NaN), 20000);  // never hang: a lost rerun shows as NaN
    let running = false;
    const obs = new MutationObserver(() => {
      const state = app.getAttribute('data-test-script-state');
      if (state === 'running') running = true;
      if (running && state === 'notRunning') {
        obs.disconnect();
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
      }
    });
    obs.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  });
  window.__t0 = performance.now();
}"""
RERUN_SECONDS = "async () => (await window.__rerunDone - window.__t0) / 1000"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(script: Path, port: int, log: Path) -> subprocess.Popen:
    """Start `streamlit run script` on 127.0.0.1:port and wait for its health check."""
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    handle = open(log, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none"],
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


def wait_idle(pg, timeout: float = 30_000) -> None:
    """Wait until the app shows content, has finished its rerun, and painted it."""
    pg.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning] "
                         "[data-testid=stMainBlockContainer] > div", timeout=timeout)
    pg.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout)
    # Charts show a skeleton until their JavaScript has drawn them.
    pg.wait_for_function("() => !document.querySelector('[data-testid=stSkeleton]')", timeout=timeout)
    pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def press_and_time(pg, locator, key: str) -> float:
    """Seconds from a key press on ``locator`` to the rerun it causes finished and painted."""
    locator.focus()
    pg.evaluate(WATCH_RERUN)
    pg.keyboard.press(key)
    return pg.evaluate(RERUN_SECONDS)
