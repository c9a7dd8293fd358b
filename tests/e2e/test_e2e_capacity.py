"""A class through two replicas, no browser: the short form of ``python -m bench.capacity``.

Ten Locust visitors (``bench.locustfile``) through HAProxy in front of two replicas (``deploy.replicas``),
each touching a control every 1.5 s for 20 s over the pages; every answer is checked by the visitor
(no exception element, the address the server wrote is its own configuration, its own caption where the
page shows one) and any failed check, lost run or broken connection fails this test. Times are printed,
never asserted. The command runs in a process of its own: Locust patches the standard library with gevent
when it is imported, which this test session must not be.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bench.lesson import PAGES
from bench.visitor_plan import NEXT_PAGE_EVERY
from deploy.replicas import haproxy_binary
from serving.server import ROOT

pytestmark = pytest.mark.e2e

VISITORS, REPLICAS, PACE, SECONDS = 10, 2, 1.5, 20


def needs(what: str, present: bool) -> None:
    if present:
        return
    message = f"{what} is needed for the capacity test."
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " CI runs every test: install it (scripts/test.sh does).")
    pytest.skip(message)


def test_ten_visitors_through_two_replicas_each_get_their_own_answers(tmp_path):
    needs("HAProxy", haproxy_binary() is not None)
    needs("Locust (requirements-dev.txt)", subprocess.run([sys.executable, "-c", "import locust"],
                                                          capture_output=True).returncode == 0)
    out = tmp_path / "capacity.json"
    run = subprocess.run([sys.executable, "-m", "bench.capacity", "--replicas", str(REPLICAS), "--levels",
                          str(VISITORS), "--pace", str(PACE), "--seconds", str(SECONDS), "--json", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=240)
    print(run.stdout)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.splitlines()[-1].startswith("capacity: "), run.stdout
    result = json.loads(out.read_text())
    (level,) = result["levels"]
    visitors = result["visitors"]
    # Every answer each visitor asked for was checked; a failure names the visitor, the touch and the check.
    failures = level["failures"] + [f for v in visitors for f in v["failures"]]
    assert not failures, "\n".join(failures)
    assert len(visitors) == level["running"] == VISITORS, "a visitor stopped"
    for v in visitors:
        assert v["touches"] >= NEXT_PAGE_EVERY, f"visitor {v['index']} touched only {v['touches']} controls"
    assert level["touches"] >= VISITORS * SECONDS / PACE * 0.8, "too few touches were answered"
    assert {r for r in level["spread"]} == {f"r{i}" for i in range(1, REPLICAS + 1)}, (
        f"the visitors should be spread over both replicas: {level['spread']}")
    assert set().union(*(v["pages"] for v in visitors)) == set(PAGES), "the visitors should see every page"
