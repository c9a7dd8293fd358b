"""A class over the protocol, no browser: ten visitors at once on a served app, over every page,
each getting back its own configuration, no exception, every rerun finished.

The short form of ``python -m bench.capacity`` (which times them): the same visitors
(``bench.crowd``), for a few seconds, asserting correctness and isolation only, never a time.
"""

from __future__ import annotations

import pytest
from browsing import run_async

from bench.crowd import NEXT_PAGE_EVERY, own_query, parse_query, run_class
from bench.lesson import PAGES
from serving.server import served_app

pytestmark = pytest.mark.e2e

VISITORS, PACE, SECONDS = 10, 1.5, 12.0  # each visitor touches a control about 8 times


def test_ten_protocol_visitors_each_get_their_own_configuration_on_every_page(tmp_path):
    async def classroom():
        with served_app(tmp_path) as (base, pid):
            return await run_class(base, pid, VISITORS, SECONDS, PACE, timeout_s=60)

    run = run_async(classroom())
    # Each visitor checked every run it asked for: no exception element, the address the server wrote
    # holds its own settings, and the configuration caption (where the page shows it) is its own.
    assert not run.errors, "\n".join(run.errors)
    for v in run.visitors:
        assert v.visit.finished == 1 + v.presses, f"{v.plan.name}: a run it asked for never finished"
        assert v.presses >= NEXT_PAGE_EVERY, f"{v.plan.name} touched only {v.presses} controls"
        assert parse_query(v.visit.query) == own_query(v.values), v.plan.name
    assert set().union(*(v.pages for v in run.visitors)) == set(PAGES), "the visitors should see every page"
    finals = {tuple(sorted(own_query(v.values).items())) for v in run.visitors}
    assert len(finals) == VISITORS, "each visitor should end on a configuration of its own"
