"""numba where it is installed: a kernel compiled once and cached on disk if it can be.

The compiled kernels (:mod:`valorize.units.distillation_kernel`,
:mod:`valorize.economics.carry_forward_kernel`) are plain Python functions of scalars
and arrays; :func:`compile_kernel` hands one to ``numba.njit`` the first time a large
call needs it. numba keeps the machine code beside the module (or in the user's cache
folder); where neither can be written it compiles in memory, once per process. Without
numba (a platform with no wheel) the caller runs its NumPy code instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def compile_kernel(
    function: Callable[..., Any],
    fastmath: frozenset[str] = frozenset(),
    error_model: str = "python",
) -> Callable[..., Any] | None:
    """``function`` compiled by numba (no Python objects, GIL released), or None without it.

    ``fastmath``: LLVM's fast-math flags to allow (e.g. ``contract`` for fused
    multiply-adds, ``arcp`` for a reciprocal in place of a division); none by default,
    so the machine code rounds as the Python source reads. ``error_model``: numba's
    ``"python"`` checks every division for a zero divisor (ZeroDivisionError), which
    keeps divisions out of SIMD registers; ``"numpy"`` gives inf or NaN as NumPy does.
    """
    try:
        import numba
    except ImportError:  # pragma: no cover - numba is a dependency; a platform may lack it
        return None
    flags = set(fastmath) or False
    try:
        return numba.njit(cache=True, nogil=True, fastmath=flags, error_model=error_model)(function)
    except RuntimeError:  # pragma: no cover - no writable cache location
        return numba.njit(nogil=True, fastmath=flags, error_model=error_model)(function)
