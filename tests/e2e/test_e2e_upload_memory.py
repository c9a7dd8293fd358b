"""An upload is not kept: the server holds what the page shows of it, not the file. Over the protocol,
no browser: a visitor uploads a 6 MB picture, and Streamlit's store of uploads (its own accounting,
``/_stcore/metrics``) holds nothing once the run that read it has finished; the picture stays on
the page through the visitor's next runs, goes when the visitor removes the file, and after the
visitor leaves and the session is let go, nothing of it is left either.
"""

from __future__ import annotations

import asyncio
import io

import numpy as np
import pytest
from browsing import run_async
from PIL import Image

from bench.processes import server_stats
from bench.protocol import Visit
from serving.server import served_app

pytestmark = pytest.mark.e2e

OWN_PICTURE = "Showing your picture."  # the checkerboard page's upload-yours
TTL = 2  # seconds a departed visitor's session is kept


def noise_png() -> bytes:
    """A 6 MB picture (noise does not compress)."""
    pixels = np.random.default_rng(7).integers(0, 256, (1450, 1450, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "PNG", compress_level=1)
    return out.getvalue()


def held(base: str) -> float:
    """Bytes in Streamlit's store of uploads."""
    return server_stats(base).get("UploadedFileManager", 0.0)


def shows_own_picture(visit: Visit) -> bool:
    return any(t.startswith(OWN_PICTURE) for t in visit.texts())


def test_an_upload_is_read_then_let_go_and_its_picture_stays(tmp_path):
    data = noise_png()
    assert 5 * 2**20 < len(data) < 10 * 2**20

    async def visit_and_leave():
        seen = {}
        with served_app(tmp_path, options=["--server.disconnectedSessionTTL", str(TTL)]) as (base, _):
            visit = Visit(base, "checkerboard", timeout_s=60)
            await visit.open()
            assert await visit.upload("checkerboard_upload", "noise.png", data) == 204
            seen["after the read"] = (shows_own_picture(visit), held(base))
            await visit.change("h", 5)  # another run: the file is gone from the store, the picture stays
            seen["next run"] = (shows_own_picture(visit), held(base))
            await visit.close()
            await asyncio.sleep(TTL + 1)
            other = Visit(base, "")  # the session store lets departed sessions go on its next write
            await other.open()
            await other.close()
            await asyncio.sleep(1)
            stats = server_stats(base)
            seen["after leaving"] = (stats.get("active_sessions", 0.0), held(base))
        return seen

    seen = run_async(visit_and_leave())
    assert seen["after the read"] == (True, 0.0), f"the upload is still held: {seen}"
    assert seen["next run"] == (True, 0.0), seen
    assert seen["after leaving"] == (0.0, 0.0), seen


def test_removing_the_file_brings_the_sample_back(tmp_path):
    async def upload_and_remove():
        with served_app(tmp_path) as (base, _):
            visit = Visit(base, "checkerboard", timeout_s=60)
            await visit.open()
            small = io.BytesIO()
            Image.linear_gradient("L").save(small, "PNG")
            await visit.upload("checkerboard_upload", "gradient.png", small.getvalue())
            shown = shows_own_picture(visit)
            widget = visit.widgets[visit.ids["checkerboard_upload"]]
            del widget.file_uploader_state_value.uploaded_file_info[:]  # the x next to the file's name
            await visit.rerun(visit.fragments.get(widget.id, ""))
            after = shows_own_picture(visit)
            await visit.close()
            return shown, after

    assert run_async(upload_and_remove()) == (True, False)
