"""N replicas of the lesson behind HAProxy, on loopback: ``python -m deploy.replicas [N] [--port 8500]``.

Each replica is ``streamlit run app.py`` on a free loopback port (``serving.server.serve``), all
with one cookie secret (so a cookie one replica signs, another reads); HAProxy (Debian's
``haproxy``) listens on ``--port`` with ``deploy/haproxy.cfg``: websockets tunnelled, visitors
kept on their replica by the ``SERVERID`` cookie, replicas checked on ``/_stcore/health`` and a
failed one's visitors sent to a live one. It runs until interrupted (Ctrl-C), then stops
everything it started. ``replica_set(n)`` does the same as a context manager (the tests use it).

On one machine, N replicas use N cores for reruns instead of one process's share of the GIL;
the N processes each hold their own caches (bench/RESULTS.md has the figures). By default it starts
as many as the machine allows (``default_replicas``): one per core this process may run on, and no
more than its memory holds at a replica's limit of 1 GiB (deploy/kubernetes.md).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from string import Template

from bench.protocol import http_request
from serving.server import ROOT, free_port, serve, stop

CONFIG = Path(__file__).with_name("haproxy.cfg")
ADDRESS = "127.0.0.1"  # loopback only: a real host binds its own address in the config
REPLICA_MEMORY = 2**30  # bytes: a replica's limit (its budget is 900 MB, bench/RESULTS.md)


def default_replicas() -> int:
    """As many replicas as the machine allows: one per core this process may use (its CPU affinity, as a
    container's cpuset limits it), at most as many as its memory holds at ``REPLICA_MEMORY`` each, at least 1."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return max(1, cores)
    return max(1, min(cores, memory // REPLICA_MEMORY))


def haproxy_binary() -> str | None:
    """Debian's haproxy, wherever it is (``/usr/sbin`` is not on every PATH)."""
    return shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")


@dataclass
class Replica:
    name: str  # its name in HAProxy and in the SERVERID cookie ("r1", "r2"...)
    port: int
    proc: subprocess.Popen

    @property
    def running(self) -> bool:
        return self.proc.poll() is None


@dataclass
class ReplicaSet:
    """The replicas and the proxy in front of them: visitors use ``base``."""

    base: str
    replicas: list[Replica]
    proxy: subprocess.Popen

    def replica(self, name: str) -> Replica:
        return next(r for r in self.replicas if r.name == name)

    def stop_replica(self, name: str) -> None:
        """Stop one replica, as a crash or a redeploy would."""
        stop(self.replica(name).proc)


def haproxy_config(port: int, replicas: list[Replica], check_ms: int) -> str:
    """deploy/haproxy.cfg with the proxy's port and one ``server`` line per replica."""
    servers = "\n".join(f"    server {r.name} {ADDRESS}:{r.port} cookie {r.name}" for r in replicas)
    return Template(CONFIG.read_text()).substitute(address=ADDRESS, port=port, servers=servers, check_ms=check_ms)


def start_proxy(config: Path, log: Path) -> subprocess.Popen:
    """HAProxy in the foreground on ``config`` (checked first: a bad config fails here, with its reason)."""
    binary = haproxy_binary()
    if binary is None:
        raise FileNotFoundError("HAProxy is not installed: apt-get install haproxy (scripts/test.sh does)")
    check = subprocess.run([binary, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"HAProxy refused {config}: {check.stdout}{check.stderr}")
    return subprocess.Popen([binary, "-db", "-f", str(config)], stdout=open(log, "w"), stderr=subprocess.STDOUT)


def wait_spread(base: str, names: set[str], timeout_s: float = 30.0) -> None:
    """Until requests without a cookie have been answered by every replica in ``names`` (the proxy
    up, every replica's health check passed)."""
    seen: set[str] = set()
    deadline = time.monotonic() + timeout_s
    while seen != names:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the proxy at {base} reached only {sorted(seen)} of {sorted(names)}")
        with contextlib.suppress(OSError):
            status, headers, _ = http_request(f"{base}/_stcore/health", timeout=2)
            seen |= {v for k, v in headers if k.lower() == "x-replica" and status == 200}
        time.sleep(0.1)


@contextlib.contextmanager
def replica_set(n: int = 2, port: int | None = None, check_ms: int = 1000,
                log_dir: Path | None = None) -> Iterator[ReplicaSet]:
    """``n`` replicas and HAProxy in front on ``port`` (a free one by default), all on loopback."""
    secret = secrets.token_hex(16)  # one cookie secret for all replicas
    with contextlib.ExitStack() as stack:
        log_dir = log_dir or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        replicas = []
        for i in range(1, n + 1):
            p = free_port()
            proc = serve(ROOT / "app.py", p, log_dir / f"r{i}.log", env={"STREAMLIT_SERVER_COOKIE_SECRET": secret})
            stack.callback(stop, proc)
            replicas.append(Replica(f"r{i}", p, proc))
        port = port or free_port()
        config = log_dir / "haproxy.cfg"
        config.write_text(haproxy_config(port, replicas, check_ms))
        proxy = start_proxy(config, log_dir / "haproxy.log")
        stack.callback(stop, proxy)
        base = f"http://{ADDRESS}:{port}"
        wait_spread(base, {r.name for r in replicas})
        yield ReplicaSet(base, replicas, proxy)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("replicas", type=int, nargs="?", default=default_replicas(),
                        help="how many (default: as many as the cores allow, %(default)s here)")
    parser.add_argument("--port", type=int, default=8500, help="the proxy's port on loopback")
    args = parser.parse_args(argv)
    with replica_set(args.replicas, args.port, check_ms=2000) as rs:
        ports = ", ".join(f"{r.name} on {r.port}" for r in rs.replicas)
        print(f"The lesson at {rs.base} ({len(rs.replicas)} replicas: {ports}). Ctrl-C stops it all.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            rs.proxy.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
