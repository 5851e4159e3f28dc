"""Give a render worker's memory back between jobs.

A worker renders kit after kit in one process. Two things make it grow with every job when
nothing is done about it: the collector runs rarely (see `pdf_build._RENDER_GC_THRESHOLD`), so
the cyclic garbage of WeasyPrint's box trees waits for a full pass; and glibc keeps freed
memory in its heap instead of returning it. Between two jobs the worker holds nothing of the
last one, so one full collection and a heap trim bring it back to its caches (fonts, templates).
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys
from collections.abc import Callable
from functools import lru_cache


@lru_cache(maxsize=1)
def _heap_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none (musl, macOS, Windows)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim  # the C library the interpreter already uses
    except (OSError, AttributeError):
        return None


def release_memory() -> None:
    """Collect the last job's garbage and return the freed heap to the system."""
    gc.collect()
    trim_heap()


def trim_heap() -> None:
    """Return the freed heap to the system, without a collection (cheap: for the build after
    each job it hands out, whose pickled jobs leave freed blocks behind)."""
    trim = _heap_trim()
    if trim is not None:
        trim(0)


def resident_memory() -> int | None:
    """What this process holds in memory now (RSS, bytes), or None where that cannot be read
    without a dependency (anything but Linux)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None
