"""Keep freed memory for the next chunk: glibc's malloc thresholds for chunked runs.

A chunk of a Monte Carlo run makes and frees the same temporary arrays over and over
(a few MB each at 20,000 samples). glibc serves an allocation above its mmap threshold
(128 KiB at start, rising only as far as large blocks are freed) with fresh pages from
the kernel and returns them on free, and trims the heap's free top above its trim
threshold; every chunk then pays for the same page faults again (a third of the CPU
time in the profile of issue 19). Raising both thresholds keeps the pages in the heap
for reuse; the arithmetic, and so every result, is unchanged.

- In this process :func:`keep_freed_memory` sets them with ``mallopt`` (glibc on Linux
  only; elsewhere it does nothing and says so).
- Dask's nanny starts each worker with ``MALLOC_TRIM_THRESHOLD_=65536`` (its
  ``distributed.nanny.pre-spawn-environ``), the opposite; the local clusters valorize
  starts get :data:`ENVIRONMENT` in its place (:func:`worker_environment`), read by
  glibc when the worker process starts. For a cluster of your own, set the same in
  the Dask configuration of the machines that start workers (docs/scale-out.md).
"""

from __future__ import annotations

import functools
import sys
from typing import Any

#: Bytes: allocations below this come from the heap, not from fresh pages. glibc's
#: largest allowed value on 64-bit machines (``DEFAULT_MMAP_THRESHOLD_MAX``).
MMAP_THRESHOLD = 32 * 1024 * 1024
#: Bytes of free memory the heap keeps before it gives pages back to the kernel.
TRIM_THRESHOLD = 512 * 1024 * 1024
#: The same settings as environment variables, read by glibc when a process starts.
ENVIRONMENT = {
    "MALLOC_MMAP_THRESHOLD_": str(MMAP_THRESHOLD),
    "MALLOC_TRIM_THRESHOLD_": str(TRIM_THRESHOLD),
}
# mallopt's parameter numbers, from glibc's <malloc.h>
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


@functools.cache
def keep_freed_memory() -> bool:
    """Raise this process's malloc thresholds (once); whether it could (glibc only)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl and others have no mallopt
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    ok = mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
    return bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1 and ok)


def worker_environment(config: dict[str, Any] | None) -> dict[str, Any]:
    """Dask's pre-spawn environment of a worker with :data:`ENVIRONMENT` in it.

    ``config`` is the current ``distributed.nanny.pre-spawn-environ`` (None: empty);
    its other entries (one thread for OpenMP, MKL, OpenBLAS) are kept.
    """
    return {**(config or {}), **ENVIRONMENT}
