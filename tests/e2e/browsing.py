"""Helpers for browser tests (a plain module: conftest names clash across test folders)."""

from __future__ import annotations

from pathlib import Path

from serving.server import wait_idle  # noqa: F401 - re-exported for the tests

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"


def screenshot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path


def run_async(coroutine):
    """Run ``coroutine`` to its end in a thread of its own: Playwright's sync API (the session's
    browser) keeps an event loop running in the main thread, where ``asyncio.run`` refuses to start."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
