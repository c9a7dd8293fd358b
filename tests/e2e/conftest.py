"""Real-browser fixtures: the app served by `streamlit run` on loopback, Chromium via Playwright."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from serving.server import CHROMIUM, CHROMIUM_ARGS, free_port, serve, stop, wait_idle  # noqa: E402,F401

IN_CI = os.environ.get("CI", "").lower() == "true"


def _missing(what: str):
    message = f"{what} is needed for the browser tests."
    if IN_CI:
        pytest.fail(message + " CI runs every test: install it (scripts/test.sh does).")
    pytest.skip(message)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Base URL of the app, served for the whole test session."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    proc = serve(ROOT / "app.py", port, log)
    yield f"http://127.0.0.1:{port}"
    stop(proc)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _missing(f"Chromium at {CHROMIUM}")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh browser contexts (a new visitor each): ``new_page(color_scheme="dark")``.

    Every context made is closed after the test.
    """
    contexts = []

    def make(**options):
        options.setdefault("viewport", {"width": 1400, "height": 1000})
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
