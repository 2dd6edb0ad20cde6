"""What the benchmarks here share: one core, best of N, the machine's state.

Like against like: both sides run in one process pinned to one core (so neither gets a
second core from NumPy's linear algebra or a thread pool), each is timed best of
``repeats`` after a warm-up call (imports, caches, a compiled kernel's loading), and
the load average is printed beside the figures, since a shared machine's speed drifts.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable


def one_core() -> int:
    """Pin this process (and the threads it starts) to its lowest allowed core."""
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def best_of(call: Callable[[], object], repeats: int) -> float:
    """The shortest wall time, s, of ``repeats`` calls of ``call`` (at least one)."""
    best = float("inf")
    for _ in range(max(repeats, 1)):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def machine() -> str:
    """The load average (1 min) and cores, for the line above a benchmark's figures."""
    return f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores; timed on one"
