"""What the server and Chromium processes use, read with psutil: resident memory and CPU seconds."""

from __future__ import annotations

import contextlib

import psutil


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
