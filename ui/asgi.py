"""What the web server does before Streamlit: a path deeper than a lesson page goes to that page.

A lesson page's address has one segment (``/scatter``). Streamlit answers every file it does not
have with its page, so under a longer path (``/scatter/extra``, a mistyped or tampered link) the
page's scripts, asked for relative to that path, come back as the page, and the visitor sees a blank
window. ``DeeperPaths`` (ASGI middleware, in ``app.py``'s ``st.App``) sends such a request to its
first segment, with its query. Streamlit's own paths pass: its files and endpoints at the root, and
the ones its page asks for under a page's path while it finds its server (``/scatter/_stcore/health``).
"""

from __future__ import annotations

from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

STREAMLITS = frozenset({"static", "_stcore", "app", "component", "media", "-"})  # Streamlit's own folders


def page_of(path: str) -> str | None:
    """The page a path deeper than a page belongs to ('/scatter/extra' -> 'scatter'), or None."""
    parts = path.strip("/").split("/")
    if len(parts) < 2 or parts[0] in STREAMLITS or parts[1] in STREAMLITS:
        return None
    return parts[0]


class DeeperPaths:
    """Redirect an HTTP request for a path deeper than a page to that page, keeping its query."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        page = page_of(scope["path"]) if scope["type"] == "http" else None
        if page is None:
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        await RedirectResponse(f"/{page}" + (f"?{query}" if query else ""), status_code=302)(scope, receive, send)
