"""Two replicas behind HAProxy (deploy/replicas.py), driven over the protocol, no browser: visitors
spread over the replicas and stay on theirs, an upload reaches the replica that holds the visitor's
session, and when a replica stops its visitors reopen on the other from their address, with the
same configuration; what only that replica's memory held (training progress, the upload) is lost.
"""

from __future__ import annotations

import asyncio
import io
import os
import time

import pytest
from browsing import run_async
from PIL import Image

from bench.isolation import parse_query
from bench.protocol import Visit, http_request
from deploy.replicas import haproxy_binary, replica_set

pytestmark = pytest.mark.e2e

OWN_PICTURE = "Showing your picture."  # the start of the uploader's caption (checkerboard page's upload-yours)


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """Two replicas and HAProxy on loopback; HAProxy missing is a skip here, a failure in CI."""
    if haproxy_binary() is None:
        message = "HAProxy is needed for the replica tests."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " CI runs every test: install it (scripts/test.sh does).")
        pytest.skip(message)
    with replica_set(2, check_ms=500, log_dir=tmp_path_factory.mktemp("replicas")) as rs:
        yield rs


def picture() -> bytes:
    buf = io.BytesIO()
    Image.linear_gradient("L").resize((48, 48)).save(buf, "PNG")
    return buf.getvalue()


async def opened(base: str, path: str, query: str, replica: str | None = None) -> Visit:
    """A visitor on ``path`` from ``query``; with ``replica``, one whose cookie names that replica."""
    visit = Visit(base, path, query)
    if replica:
        visit.cookies["SERVERID"] = replica
    await visit.open()
    return visit


def replica_of_next_request(visit: Visit) -> str:
    """The replica that answers the visitor's next HTTP request (its cookies sent, as a browser does)."""
    _, headers, _ = http_request(f"{visit.base}/_stcore/health", headers=visit.http_headers())
    return dict((k.lower(), v) for k, v in headers)["x-replica"]


def test_visitors_spread_over_the_replicas_stay_on_theirs_and_upload_through_the_proxy(proxied):
    async def scenario():
        visits = [await opened(proxied.base, "checkerboard", f"seed={40 + i}") for i in range(4)]
        try:
            spread = {v.replica for v in visits}
            stays = all(replica_of_next_request(v) == v.replica for v in visits)
            for v in visits:
                await v.change("h", 5)
            queries = [parse_query(v.query) for v in visits]
            ours = visits[0]
            status = await ours.upload("checkerboard_upload", "gradient.png", picture())
            shown = any(t.startswith(OWN_PICTURE) for t in ours.texts())
            # The same upload, sent with the other replica's cookie: that replica has no such session.
            elsewhere = visits[1] if visits[1].replica != ours.replica else visits[2]
            ours.cookies["SERVERID"] = elsewhere.replica
            misrouted = await ours.upload("checkerboard_upload", "gradient.png", picture())
            return spread, stays, queries, status, shown, misrouted, [e for v in visits for e in v.last.exceptions]
        finally:
            for v in visits:
                await v.close()

    spread, stays, queries, status, shown, misrouted, exceptions = run_async(scenario())
    assert spread == {"r1", "r2"}, f"four new visitors should reach both replicas, not only {spread}"
    assert stays, "a visitor's later requests should go to the replica that holds its session"
    assert queries == [{"h": "5", "seed": str(40 + i)} for i in range(4)], queries
    assert status == 204 and shown, f"the upload through the proxy answered {status}; its picture shown: {shown}"
    assert misrouted == 400, "an upload sent to a replica without the visitor's session must be refused"
    assert not exceptions, exceptions


def whole_query(query: str) -> dict[str, str]:
    """Every setting of an address, a page's own ones (the followed cell) too."""
    return dict(part.split("=", 1) for part in query.lstrip("?").split("&") if "=" in part)


def test_a_stopped_replicas_visitors_reopen_on_a_live_one_with_their_configuration(proxied):
    async def scenario():
        follower = await opened(proxied.base, "scatter", "h=4&sh=3&seed=77", replica="r1")
        await follower.change("scatter_out_row", 2)  # follow an output cell (a rerun of its fragment)
        await follower.change("w", 4)  # a sidebar move: a whole run, which writes the address, the cell in it
        learner = await opened(proxied.base, "learning", "learn_steps=100&seed=78", replica="r1")
        await learner.click("learning_train")
        trained = await progress(learner, "Step 100 of 100.")
        before = [(v.replica, whole_query(v.query)) for v in (follower, learner)]
        proxied.stop_replica("r1")
        try:
            for v in (follower, learner):
                await v.reconnect()  # as the frontend does when its connection drops
            after = [(v.replica, whole_query(v.query)) for v in (follower, learner)]
            cell = follower.element("scatter_out_row").value if follower.element("scatter_out_row") else None
            return before, after, trained, progress_text(learner), cell, follower.last.exceptions
        finally:
            for v in (follower, learner):
                await v.close()

    before, after, trained, progress_after, cell, exceptions = run_async(scenario())
    assert [r for r, _ in before] == ["r1", "r1"], before
    assert [r for r, _ in after] == ["r2", "r2"], f"the visitors should be on the live replica: {after}"
    assert [q for _, q in after] == [q for _, q in before], "the address should reopen the same configuration"
    assert after[0][1]["scatter_out_row"] == "2" and cell == 2, "the followed cell is in the address: kept"
    assert trained and progress_after == "Step 0 of 100.", f"training lived in r1's memory: lost ({progress_after})"
    assert not exceptions, exceptions


def progress_text(visit: Visit) -> str:
    return next(el.progress.text for el in visit.last.elements.values() if el.WhichOneof("type") == "progress")


async def progress(visit: Visit, done: str, timeout_s: float = 60.0) -> bool:
    """Until the training's progress reads ``done`` (its fragment reruns itself, burst by burst)."""
    deadline = time.monotonic() + timeout_s
    while progress_text(visit) != done and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    return progress_text(visit) == done


@pytest.mark.parametrize("path, to", [("/scatter/extra", "/scatter"), ("/scatter/a/b?h=4", "/scatter?h=4"),
                                      ("/learning/x?learn_steps=50&h=2", "/learning?learn_steps=50&h=2")])
def test_a_path_deeper_than_a_page_is_sent_to_its_page(proxied, path, to):
    """Under /scatter/extra the page's scripts would come back as the page (a blank window)."""
    status, headers, _ = http_request(f"{proxied.base}{path}")
    assert status == 302 and dict((k.lower(), v) for k, v in headers)["location"] == to
    for asset in ("/_stcore/health", "/scatter"):
        assert http_request(f"{proxied.base}{asset}")[0] == 200


def test_an_address_far_too_long_gets_a_sentence(proxied):
    status, _, body = http_request(f"{proxied.base}/scatter?h=" + "9" * 100_000)
    assert status == 414
    assert "This lesson address is too long to open: it has over 16,000 characters" in body.decode()
    assert http_request(f"{proxied.base}/scatter?h=" + "9" * 1000)[0] == 200  # a long but readable one passes
