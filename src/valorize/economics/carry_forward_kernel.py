"""Income tax with losses carried forward, compiled with numba for many scenarios.

:func:`valorize.economics.project.income_tax` carries each year's loss forward over a
window of years in NumPy, one small operation per (year, year of origin) over the
scenario axis; that code is the reference. This kernel runs the same scalar steps per
scenario, in the same order (oldest loss first), so its tax equals the reference's to
the bit. numba is imported when the kernel is first used; without it the NumPy loop
runs.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from valorize.compiled import compile_kernel

#: Scenarios from which the carry-forward runs compiled.
COMPILED_MIN_SCENARIOS = 512


def _run(profit: np.ndarray, window: int, offset_share: float, taxable: np.ndarray) -> None:
    scenarios, n_years = profit.shape
    kept = np.zeros(n_years)
    for s in range(scenarios):
        kept[:] = 0.0
        for t in range(n_years):
            p = profit[s, t]
            room = offset_share * max(p, 0.0)
            for v in range(max(0, t - window), t):
                used = min(room, kept[v])
                kept[v] -= used
                room -= used
                taxable[s, t] -= used
            kept[t] = max(-p, 0.0)


@functools.cache
def _kernel() -> Any:
    """The compiled carry-forward, or None without numba."""
    return compile_kernel(_run)


def taxable_after_losses(profit: np.ndarray, window: int, offset_share: float) -> np.ndarray | None:
    """The taxable profit after carried losses, shape ``profit.shape``; None for NumPy's loop.

    None without numba, for no years, and where a profit is NaN (the NumPy loop carries
    a NaN into the later years; the scalar ``max`` and ``min`` here would drop it).

    Parameters
    ----------
    profit
        Taxable profit before losses, USD, ``(..., years)``.
    window
        Years a loss is carried forward.
    offset_share
        Largest share of a year's profit carried losses may offset.
    """
    kernel = _kernel()
    if kernel is None or profit.size == 0 or np.isnan(profit).any():
        return None  # NumPy's loop: nothing to carry, or NaN carried as NumPy carries it
    flat = np.array(profit.reshape(-1, profit.shape[-1]), dtype=float, order="C")
    taxable = np.maximum(flat, 0.0)
    kernel(flat, int(window), float(offset_share), taxable)
    return taxable.reshape(profit.shape)
