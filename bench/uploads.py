"""Peak memory of reading an upload, every accepted format: ``python -m bench.uploads [--before DIR] [--record]``.

Every file of ``bench.upload_files`` is read by ``ui.pictures.upload.read_image`` in a fresh
process (``decode``) that has already read the sample picture (Pillow's plugins loaded, as in a
server); the figure is the most resident memory the read added (Linux: writing 5 to
/proc/self/clear_refs sets the peak, VmHWM, to the present RSS, so the peak read after the decode
is the decode's own) and what it left resident. A file the page refuses is made again at the
size its sentence suggests ("such as this one at NxN pixels"), which must be accepted within the
same bound. ``--before`` also reads every file with another checkout's code, in the same run (the
figures before a change: ``git archive <commit> | tar -x -C DIR``).
Figures only: nothing here asserts.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from serving.server import ROOT

BOUND_MB = 150.0  # the most a decode may add to the server's resident memory
SUGGESTED = re.compile(r"such as this one at (\d+)x\1 pixels")

# Run in the child, from the checkout being measured; prints one line of JSON.
CHILD = r"""
import json, sys, time
from pathlib import Path
from ui.pictures.upload import UploadProblem, read_image

def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) / 1024

data = Path(sys.argv[1]).read_bytes()
read_image(Path("assets/images/scene.png").read_bytes())
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
before, t0 = status("VmRSS:"), time.perf_counter()
try:
    read_image(data)
    outcome = ""
except UploadProblem as exc:
    outcome = str(exc)
seconds = time.perf_counter() - t0
print(json.dumps(dict(peak=status("VmHWM:") - before, after=status("VmRSS:") - before, seconds=seconds,
                      refused=outcome)))
"""


@dataclass
class Decode:
    """One file read in a fresh process: MB added at the peak and after, seconds, and the refusal if any."""

    peak: float
    after: float
    seconds: float
    refused: str

    @property
    def suggested(self) -> int | None:
        """The side the refusal suggests, if it is a refusal for memory."""
        found = SUGGESTED.search(self.refused)
        return int(found.group(1)) if found else None


def decode(path: Path, root: Path = ROOT) -> Decode:
    """Read ``path`` with ``root``'s ``read_image`` in a fresh process; what it cost."""
    env = dict(os.environ, PYTHONPATH=str(root))
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=root, env=env, capture_output=True,
                          text=True, timeout=600, check=True)
    return Decode(**json.loads(done.stdout.strip().splitlines()[-1]))


@dataclass
class Row:
    name: str
    side: int
    size: tuple[int, int]  # the picture's width and height
    weight: int  # bytes on disk
    decode: Decode
    before: Decode | None = None  # the same file read by the code before


def measure(name: str, side: int, data: bytes, folder: Path, roots: tuple[Path, Path | None]) -> Row:
    """The file ``data`` read by the code at ``roots[0]`` and, if given, at ``roots[1]`` (before)."""
    path = folder / re.sub(r"[^a-z0-9]+", "-", f"{name}-{side}".lower())
    path.write_bytes(data)
    with Image.open(io.BytesIO(data)) as im:  # the header only
        size = im.size
    try:
        return Row(name, side, size, len(data), decode(path, roots[0]), roots[1] and decode(path, roots[1]))
    finally:
        path.unlink()


def rows(roots: tuple[Path, Path | None], names: list[str] | None = None, progress=print) -> list[Row]:
    """Every file (or those ``names``), and each one refused for its memory again at its suggested size."""
    from bench.upload_files import FILES

    out = []
    with tempfile.TemporaryDirectory() as folder:
        for name, kind in FILES.items():
            if names and name not in names:
                continue
            row = measure(name, kind.side, kind.make(kind.side), Path(folder), roots)
            out.append(row)
            progress(line(row))
            if row.decode.suggested:
                out.append(measure(name, row.decode.suggested, kind.make(row.decode.suggested), Path(folder), roots))
                progress(line(out[-1]))
    return out


def _peak(d: Decode | None) -> str:
    if d is None:
        return "-"
    return f"{d.peak:.0f}" + (" (over)" if d.peak > BOUND_MB and not d.refused else "")


def line(row: Row) -> str:
    d = row.decode
    outcome = f"refused: {d.refused.split(':')[0]}" if d.refused else "read"
    before = row.before
    return (f"| {row.name} | {row.size[0]}x{row.size[1]} | {row.weight / 1024:,.0f} | {_peak(before)} | "
            f"{'-' if before is None else f'{before.after:.0f}'} | {outcome} | {_peak(d)} | {d.after:.0f} | "
            f"{d.seconds:.2f} |")


HEADER = ["| file | pixels | on disk (kB) | before: peak added (MB) | before: left resident (MB) | now | "
          "peak added (MB) | left resident (MB) | read (s) |",
          "|---|---:|---:|---:|---:|---|---:|---:|---:|"]


def machine() -> str:
    import PIL

    from bench.report import cpu_name

    return (f"{cpu_name()}, {os.cpu_count()} cores, Python {platform.python_version()}, Pillow {PIL.__version__}, "
            f"load average {os.getloadavg()[0]:.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="a checkout of the code before, read in the same run")
    parser.add_argument("--only", action="append", help="a file's name in bench.upload_files (repeatable)")
    parser.add_argument("--record", action="store_true", help="append the table to bench/RESULTS.md")
    args = parser.parse_args(argv)
    print(f"Machine: {machine()}; {datetime.date.today():%Y-%m-%d}\n")
    print("\n".join(HEADER))
    found = rows((ROOT, args.before and args.before.resolve()), args.only)
    worst = max((r.decode.peak for r in found if not r.decode.refused), default=0.0)
    summary = f"\nThe most an accepted file added: {worst:.0f} MB (bound: {BOUND_MB:.0f} MB)."
    print(summary)
    if args.record:
        from bench.report import record

        record("\n".join([f"Machine: {machine()}", "", *HEADER, *map(line, found), summary]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
