"""What reading an upload costs the server: at most ``BOUND_MB`` more resident memory, whatever the file.

Each file is read by ``read_image`` in a fresh process (``bench.uploads.decode``: the peak resident
memory the read added, from Linux's VmHWM after /proc/self/clear_refs). The files are the hostile
kinds of ``bench.upload_files``: a few hundred kB on disk, up to 8192x8192 pixels. One the page
refuses is made again at the size its sentence suggests, which must be read within the bound too.
Memory, unlike time, is the same from run to run within a few MB: the largest accepted file
measured 134 MB (bench/RESULTS.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.upload_files import FILES
from bench.uploads import BOUND_MB, decode

pytestmark = pytest.mark.skipif(not os.access("/proc/self/clear_refs", os.W_OK),
                                reason="measuring a peak needs Linux's /proc/self/clear_refs")

HOSTILE = ["PNG, RGBA, one colour", "APNG, RGBA, 2 frames", "PNG, gray 16-bit, one colour", "JPEG, progressive 4:4:4",
           "GIF, 2 frames", "BMP, 8-bit run-length", "WebP, lossless, one colour", "TIFF, RGBA deflate, one strip",
           "TIFF, float"]


def read_in_a_fresh_process(data: bytes, folder: Path):
    path = folder / "upload"
    path.write_bytes(data)
    return decode(path)


@pytest.mark.parametrize("name", HOSTILE)
def test_no_upload_adds_more_than_the_bound(name, tmp_path):
    kind = FILES[name]
    data = kind.make(kind.side)
    assert len(data) < 10 * 2**20  # Streamlit's upload limit (.streamlit/config.toml) lets it through
    read = read_in_a_fresh_process(data, tmp_path)
    assert read.peak < BOUND_MB, f"{name}, {kind.side}x{kind.side}: +{read.peak:.0f} MB ({read.refused or 'read'})"
    if read.refused:
        side = read.suggested
        assert side, read.refused  # refused for its memory, and the sentence says what would do
        again = read_in_a_fresh_process(kind.make(side), tmp_path)
        assert not again.refused, f"the suggested {side}x{side} is refused too: {again.refused}"
        assert again.peak < BOUND_MB, f"{name}, {side}x{side}: +{again.peak:.0f} MB"
