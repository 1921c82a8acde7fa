"""Keep glibc's heap from holding on to memory the kiosk has freed (Linux).

glibc raises its mmap threshold each time a large block is freed; after that, large blocks
(libVLC's 1-4 MB pictures, Qt's images and font caches) come from the heap and stay there as
fragments when freed. And every thread that allocates gets an arena of its own (libVLC starts
several per video). A fixed threshold and two arenas took the kiosk's peak RSS while the 720p
sample video plays from 202 to 188 MB on the 2-core test PC (docs/performance.md), at no
measurable cost in CPU.
"""

from __future__ import annotations

import sys

MMAP_THRESHOLD = 128 * 1024
"""Blocks from this size up get their own mapping, given back to the system when freed."""
ARENAS = 2
_M_MMAP_THRESHOLD, _M_ARENA_MAX = -3, -8  # from glibc's <malloc.h>
_applied = False


def tune_malloc() -> bool:
    """Apply the settings above once, as early as possible (later allocations only). True when
    they are in force; False where there is no glibc (Windows, musl), which is harmless."""
    global _applied
    if _applied or not sys.platform.startswith("linux"):
        return _applied
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        _applied = bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(libc.mallopt(_M_ARENA_MAX, ARENAS))
    except (OSError, AttributeError):
        _applied = False
    return _applied
