"""The process's C heaps: at most ``ARENAS`` of them, and freed memory handed back after big work.

C code's buffers (Pillow's pictures, NumPy's arrays, libjpeg's and libwebp's own) come from the C
heap of the thread that made them, and glibc gives each new thread a heap of its own, up to eight
a core. Freed, a buffer's memory stays in its heap, resident, for that heap's next allocations:
every script thread (one a visitor's session) kept the peak of its own reruns. Importing this
module limits the heaps to ``ARENAS`` (glibc's ``mallopt(M_ARENA_MAX)``, what the environment
variable ``MALLOC_ARENA_MAX`` sets); ``give_back`` trims every heap (``malloc_trim``). Elsewhere
than glibc both do nothing. Measured (bench/RESULTS.md): a server under the cache-filling walk,
uploads and GIF builds peaked at 687 MB and kept 565 MB with a heap a thread, 461 and 358 MB with
two heaps; reading a one-strip 4000x4000 RGBA TIFF left 64 MB resident without trimming, 3 MB
with it; the GIF process kept 417 MB after building the largest GIF, 193 MB trimmed.
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
ARENAS = 2
M_ARENA_MAX = -8  # glibc's malloc.h
if _LIBC is not None:
    _LIBC.mallopt(M_ARENA_MAX, ARENAS)  # from the next thread's first allocation on


def give_back(collect: bool = False) -> None:
    """Return the free memory of every C heap to the system; ``collect`` first frees Python's
    cycles (a matplotlib figure is one), whose C buffers can only go once they are collected."""
    if collect:
        gc.collect()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
