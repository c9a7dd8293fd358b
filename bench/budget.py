"""One server's memory under a class's worst, against its budget: ``python -m bench.budget [--before DIR] [--record]``.

A fresh server (``serving.server.served_app``, the app's settings), warmed by one visit to every
page; then, all at once, over the protocol (``bench.protocol``, no browser):

- **a cache-filling walk**: a visitor on every page at the largest settings (8x8 input, 7x7
  kernel, stride 4, dilation 3) moves the seed through ``--seeds`` values, each a configuration no
  cache has seen, so every page's cached functions keep their largest entries;
- **uploads**: a visitor on the checkerboard page uploads, one after the other, the costliest
  file of every kind the page opens (each at the largest size it accepts, as its sentence for the
  same file larger says) and hostile files it refuses (``bench.upload_files``), ``--rounds`` times;
- **GIF builds**: a teacher on the scatter page at the largest settings builds the largest GIFs
  (one product a frame, every width) in the server's GIF process, one after the other.

The resident memory of the server process and of its children (the GIF process) is read every
0.1 s with psutil; the figure is the peak of their sum, against ``BUDGET_MB``. ``--before DIR``
serves another checkout's app instead (``git archive <commit> | tar -x -C DIR``), with glibc's
default heaps (``serving.server.SERVER_ENV`` unset), as it ran. Figures only: nothing here asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import platform
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from bench.lesson import PAGES
from bench.protocol import Visit, WidgetState
from serving.server import SERVER_ENV, served_app

BUDGET_MB = 900  # a server and its GIF process (README, deploy/kubernetes.md: a replica's limit is 1 GiB)
LARGEST = "h=8&w=8&kh=7&kw=7&sh=4&sw=4&d=3"
# The costliest files the page accepts, each at the largest side it opens (its sentence's), and hostile ones.
ACCEPTED = ["PNG, RGBA, one colour", "APNG, RGBA, 2 frames", "PNG, gray 16-bit, one colour", "JPEG, progressive 4:4:4",
            "GIF, 2 frames", "BMP, 8-bit run-length", "WebP, lossless, one colour", "TIFF, RGBA deflate",
            "TIFF, float"]
REFUSED = ["WebP, lossless, one colour", "PNG, RGBA, one colour", "TIFF, RGBA deflate, one strip"]
# A format's MIME type and file extension, as a browser sends them.
MIME = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg"), "GIF": ("image/gif", "gif"),
        "BMP": ("image/bmp", "bmp"), "WebP": ("image/webp", "webp"), "TIFF": ("image/tiff", "tif")}
GIF_MODE = "one product (a step)"  # the scatter player's radio: the most frames
GIF_WIDTHS = ("640", "1280")


@dataclass
class Meter:
    """The server's and its children's resident memory (MB), sampled until stopped."""

    pid: int
    server: float = 0.0
    children: float = 0.0
    together: float = 0.0
    samples: int = 0
    stopped: bool = False

    def read(self) -> tuple[float, float]:
        proc = psutil.Process(self.pid)
        kids = 0
        for child in proc.children(recursive=True):
            try:
                kids += child.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return proc.memory_info().rss / 2**20, kids / 2**20

    async def run(self, every: float = 0.1) -> None:
        while not self.stopped:
            server, kids = self.read()
            self.server, self.children = max(self.server, server), max(self.children, kids)
            self.together = max(self.together, server + kids)
            self.samples += 1
            await asyncio.sleep(every)


def largest_accepted(name: str) -> tuple[int, bytes]:
    """The file ``name`` at the largest side the page opens: its own side, or the one the page's
    sentence suggests when it refuses that (read here, where a refusal decodes nothing)."""
    from bench.upload_files import FILES
    from ui.pictures.upload import UploadProblem, read_image

    kind = FILES[name]
    data = kind.make(kind.side)
    try:
        read_image(data)
        return kind.side, data
    except UploadProblem as exc:
        side = int(re.search(r"such as this one at (\d+)x", str(exc)).group(1))
        return side, kind.make(side)


def upload_files() -> list[tuple[str, tuple[str, str], bytes]]:
    """(name, (MIME type, extension), bytes) of every upload, the accepted ones first."""
    from bench.upload_files import FILES

    files = []
    for name in ACCEPTED:
        side, data = largest_accepted(name)
        files.append((f"{name}, {side}x{side}", MIME[FILES[name].format], data))
    for name in REFUSED:
        kind = FILES[name]
        files.append((f"{name}, {kind.side}x{kind.side} (refused)", MIME[kind.format], kind.make(kind.side)))
    return files


@dataclass
class Work:
    """What the visitors did, and what went wrong."""

    runs: int = 0
    uploads: list[tuple[str, float, bool]] = field(default_factory=list)  # name, seconds, shown as the picture
    gifs: list[tuple[str, float]] = field(default_factory=list)  # width, seconds
    errors: list[str] = field(default_factory=list)


async def walk(base: str, path: str, seeds: int, work: Work) -> None:
    visit = Visit(base, path, LARGEST, timeout_s=180)
    try:
        await visit.open()
        for seed in range(1, seeds + 1):
            await visit.change("seed", seed)
            work.runs += 1
            work.errors += [f"/{path} seed {seed}: {e}" for e in visit.last.exceptions]
    except Exception as exc:  # noqa: BLE001 - every failure is a finding
        work.errors.append(f"/{path}: {type(exc).__name__}: {exc}")
    finally:
        await visit.close()


async def upload_all(base: str, files: list[tuple[str, tuple[str, str], bytes]], rounds: int, work: Work) -> None:
    visit = Visit(base, "checkerboard", LARGEST, timeout_s=180)
    try:
        await visit.open()
        for _ in range(rounds):
            for name, (mime, extension), data in files:
                t0 = time.monotonic()
                status = await visit.upload("checkerboard_upload", f"upload.{extension}", data, mime)
                shown = any(t.startswith("Showing your picture") for t in visit.texts())
                work.uploads.append((name, time.monotonic() - t0, shown))
                if status != 204:
                    work.errors.append(f"upload {name}: the server answered {status}")
    except Exception as exc:  # noqa: BLE001
        work.errors.append(f"uploads: {type(exc).__name__}: {exc}")
    finally:
        await visit.close()


def _choose(visit: Visit, key: str, option: str) -> None:
    """Set the radio ``key`` to the option shown as ``option``, as a click on it would."""
    widget = WidgetState(id=visit.ids[key])
    widget.string_value = option
    visit.widgets[widget.id] = widget


async def build_gifs(base: str, rounds: int, work: Work) -> None:
    visit = Visit(base, "scatter", LARGEST, timeout_s=300)
    try:
        await visit.open()
        _choose(visit, "scatter_mode", GIF_MODE)
        await visit.rerun()
        for _ in range(rounds):
            for width in GIF_WIDTHS:
                _choose(visit, "scatter_gif_width", width)
                await visit.rerun(visit.fragments.get(visit.ids["scatter_gif_width"], ""))
                work.gifs.append((width, await visit.click("scatter_gif_build")))
                if visit.element("scatter_gif_download") is None:
                    work.errors.append(f"GIF {width}: no download offered after the build")
    except Exception as exc:  # noqa: BLE001
        work.errors.append(f"GIFs: {type(exc).__name__}: {exc}")
    finally:
        await visit.close()


async def warm(base: str) -> None:
    for path in PAGES:
        visit = Visit(base, path, timeout_s=120)
        await visit.open()
        await visit.close()


@dataclass
class BudgetRun:
    warm: tuple[float, float]  # server, GIF process (MB) after the warm-up
    meter: Meter
    after: tuple[float, float]
    work: Work
    seconds: float


async def run(seeds: int, rounds: int, before: Path | None = None) -> BudgetRun:
    files = upload_files()
    where = dict(script=before / "app.py", env={k: None for k in SERVER_ENV}) if before else {}
    with served_app(**where) as (base, pid):
        await warm(base)
        meter = Meter(pid)
        warm_rss, work, t0 = meter.read(), Work(), time.monotonic()
        sampling = asyncio.create_task(meter.run())
        await asyncio.gather(*(walk(base, path, seeds, work) for path in PAGES),
                             upload_all(base, files, rounds, work), build_gifs(base, rounds, work))
        seconds = time.monotonic() - t0
        meter.stopped = True
        await sampling
        return BudgetRun(warm_rss, meter, meter.read(), work, seconds)


def report(r: BudgetRun, seeds: int, before: Path | None = None) -> str:
    from bench.report import cpu_name, wrap

    m, w = r.meter, r.work
    command = f"python -m bench.budget --seeds {seeds}" + (f" --before {before}" if before else "")
    accepted = sum(1 for _, _, shown in w.uploads if shown)
    lines = [
        f"`{command}`: {cpu_name()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {datetime.date.today():%Y-%m-%d}, load average {os.getloadavg()[0]:.1f}; "
        f"{r.seconds:.0f} s of the three together ({w.runs} walk runs, {len(w.uploads)} uploads of which "
        f"{accepted} shown as the picture, {len(w.gifs)} GIFs built; RSS read {m.samples} times).", "",
        "| resident memory (MB) | server | GIF process | together | budget |", "|---|---:|---:|---:|---:|",
        f"| warm, every page visited once | {r.warm[0]:.0f} | {r.warm[1]:.0f} | {sum(r.warm):.0f} | {BUDGET_MB} |",
        f"| peak, walk + uploads + GIF builds | {m.server:.0f} | {m.children:.0f} | {m.together:.0f} | {BUDGET_MB} |",
        f"| after | {r.after[0]:.0f} | {r.after[1]:.0f} | {sum(r.after):.0f} | {BUDGET_MB} |", "",
        "GIF builds (s): " + ", ".join(f"{width} wide {s:.1f}" for width, s in w.gifs) + ".", "",
        "Uploads (s): " + ", ".join(f"{n} {s:.1f}{'' if shown else ' (not shown)'}" for n, s, shown in w.uploads)
        + ".", ""]
    if w.errors:
        lines += ["Errors:", *(f"- {e}" for e in w.errors[:10]), ""]
    verdict = "within" if m.together <= BUDGET_MB else "OVER"
    return wrap("\n".join(lines)) + f"peak {m.together:.0f} MB: {verdict} the budget of {BUDGET_MB} MB\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=70, help="configurations each page's visitor walks through")
    parser.add_argument("--rounds", type=int, default=2, help="times the uploads and the GIF builds are repeated")
    parser.add_argument("--before", type=Path, help="serve this checkout's app instead (the code before a change)")
    parser.add_argument("--record", action="store_true", help="append the section to bench/RESULTS.md")
    args = parser.parse_args(argv)
    text = report(asyncio.run(run(args.seeds, args.rounds, args.before)), args.seeds, args.before)
    print(text, end="")
    if args.record:
        from bench.report import record

        record(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
