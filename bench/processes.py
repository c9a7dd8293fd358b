"""What the server and Chromium processes use, read with psutil: resident memory and CPU seconds; and
the server's own accounting of its sessions and caches (``server_stats``)."""

from __future__ import annotations

import contextlib

import psutil

from bench.protocol import http_request


def rss_mb(pid: int) -> float:
    """Resident memory of the process and its children, in MB."""
    proc = psutil.Process(pid)
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += child.memory_info().rss
    return total / 2**20


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds used so far by the server ``pid`` and by this process's Chromium processes."""
    def used(proc: psutil.Process) -> float:
        with contextlib.suppress(psutil.Error):
            t = proc.cpu_times()
            return t.user + t.system
        return 0.0

    chromium = sum(used(p) for p in psutil.Process().children(recursive=True)
                   if p.pid != pid and "chrom" in (p.name() or ""))
    return used(psutil.Process(pid)), chromium


def server_stats(base: str) -> dict[str, float]:
    """The server's own accounting (``/_stcore/metrics``): its active sessions, and the bytes its
    caches report by kind (``st_cache_data``: the pages' shared caches)."""
    out: dict[str, float] = {}
    for family in ("active_sessions", "cache_memory_bytes"):
        _, _, body = http_request(f"{base}/_stcore/metrics?families={family}", timeout=10)
        for line in body.decode().splitlines():
            if line.startswith("#") or " " not in line:
                continue
            name, value = line.rsplit(" ", 1)
            kind = name.split('cache_type="', 1)[1].split('"', 1)[0] if "cache_type=" in name else name
            out[kind] = out.get(kind, 0.0) + float(value)
    return out
