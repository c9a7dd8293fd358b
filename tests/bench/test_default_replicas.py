"""``python -m deploy.replicas`` starts as many replicas as the machine allows: a core each, 1 GiB each."""

from __future__ import annotations

import os

import pytest

from deploy import replicas


@pytest.mark.parametrize(("cores", "gib", "expected"), [(2, 24, 2), (8, 4, 4), (1, 64, 1), (4, 0.5, 1)])
def test_one_replica_a_core_as_far_as_memory_goes(monkeypatch, cores, gib, expected):
    page = 4096
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)))
    monkeypatch.setattr(os, "sysconf", lambda name: page if name == "SC_PAGE_SIZE" else int(gib * 2**30) // page)
    assert replicas.default_replicas() == expected
