"""Handing freed memory back to the system after a big piece of work (a decode, a GIF).

C code's buffers (Pillow's pictures, NumPy's arrays, libjpeg's and libwebp's own) come from the C
heap of the thread that made them: freed, they stay in the process's resident memory, one heap a
thread, each keeping its own, until the heap is trimmed. ``give_back`` trims every heap (glibc's
``malloc_trim``; elsewhere it does nothing). Measured: reading a one-strip 4000x4000 RGBA TIFF
left 64 MB resident without it, 3 MB with it; the GIF process kept 417 MB after building the
largest GIF (bench/RESULTS.md).
"""

from __future__ import annotations

import ctypes
import gc


def _glibc():
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:  # not glibc: nothing to trim
        return None


_LIBC = _glibc()


def give_back(collect: bool = False) -> None:
    """Return the free memory of every C heap to the system; ``collect`` first frees Python's
    cycles (a matplotlib figure is one), whose C buffers can only go once they are collected."""
    if collect:
        gc.collect()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
