"""A path deeper than a lesson page is sent to that page (ui.asgi), and nothing of Streamlit's is."""

from __future__ import annotations

import asyncio

import pytest

from ui.asgi import DeeperPaths, page_of


@pytest.mark.parametrize("path, page", [
    ("/scatter/extra", "scatter"), ("/scatter/a/b/c", "scatter"), ("/learning/x/", "learning"),
    ("/scatter", None), ("/", None), ("", None), ("/scatter/", None),
    ("/static/js/index.js", None), ("/_stcore/health", None), ("/app/static/lab.js", None),
    ("/component/tcl.lab/index.js", None), ("/media/abc.png", None),
    ("/scatter/_stcore/health", None), ("/scatter/_stcore/stream", None), ("/scatter/static/js/index.js", None),
])
def test_which_paths_are_deeper_than_a_page(path, page):
    assert page_of(path) == page


def _call(scope: dict) -> tuple[list[dict], list[dict]]:
    """What DeeperPaths sends for ``scope``, and the scopes it passes to the app behind it."""
    sent, passed = [], []

    async def inner(scope, receive, send):
        passed.append(scope)

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    asyncio.run(DeeperPaths(inner)(scope, receive, send))
    return sent, passed


def test_a_deeper_path_is_redirected_with_its_query_and_the_rest_passes():
    sent, passed = _call({"type": "http", "path": "/scatter/extra", "query_string": b"h=4&sh=3", "headers": []})
    assert not passed and sent[0]["status"] == 302
    assert dict(sent[0]["headers"])[b"location"] == b"/scatter?h=4&sh=3"
    sent, passed = _call({"type": "http", "path": "/scatter", "query_string": b"h=4", "headers": []})
    assert passed and not sent
    sent, passed = _call({"type": "websocket", "path": "/scatter/extra", "query_string": b"", "headers": []})
    assert passed and not sent  # only HTTP requests are redirected
