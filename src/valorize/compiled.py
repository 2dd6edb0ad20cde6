"""numba where it is installed: a kernel compiled once and cached on disk if it can be.

The compiled kernels (:mod:`valorize.units.distillation_kernel`,
:mod:`valorize.economics.carry_forward_kernel`) are plain Python functions of scalars
and arrays; :func:`compile_kernel` hands one to ``numba.njit`` the first time a large
call needs it. numba keeps the machine code beside the module (or in the user's cache
folder); where neither can be written it compiles in memory, once per process. Without
numba (a platform with no wheel) the caller runs its NumPy code instead.

Loading the kernels costs a new process about 0.3-0.5 s (numba's import and its
registries, which import SciPy's linear algebra); a run too small to repay it keeps to
NumPy: an analysis that knows how many scenarios it evaluates in all tells the model
(:meth:`~valorize.model.protocol.Model.for_scenarios`), and the model evaluates inside
:func:`numpy_only`, which every kernel's caller consults (:func:`compiled_allowed`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

#: Run-time checks for overlapping arrays that LLVM's loop vectorizer may add to one loop,
#: for the LLVMs below :data:`MEMORY_CHECKS_FROM_LLVM` (LLVM's default is 8). The kernels'
#: loops step many work arrays lane by lane, and LLVM cannot prove that arrays numba
#: allocated do not overlap; LLVM 14 (numba 0.60, which BioSTEAM's environment pins) then
#: left a loop over more than a few of them scalar. The Balkhash chunk's distillation
#: kernel, µs a scenario (one core, best of 12, 2026-12-02), LLVM's default against 32
#: checks: numba 0.60 1.23-1.32 against 0.94-0.95; numba 0.61 (LLVM 15) 0.95 and 0.95;
#: 0.62 1.03 and 1.02; 0.68 0.94 and 1.01. The same bits in all.
RUNTIME_MEMORY_CHECKS = 32
#: The LLVM version from which :data:`RUNTIME_MEMORY_CHECKS` is left at LLVM's default.
MEMORY_CHECKS_FROM_LLVM = 15

_NUMPY_ONLY: ContextVar[bool] = ContextVar("valorize_numpy_only", default=False)


@contextmanager
def numpy_only(on: bool = True) -> Iterator[None]:
    """Within it (``on``), the calculations of this thread choose their NumPy code.

    A kernel left to choose by a call's size (``compiled=None``, the default) is not
    loaded nor called; one asked for (``compiled=True``: a recycle loop that has run
    many passes, :meth:`~valorize.flowsheet.unit.Unit.for_many_passes`) still runs.
    The results agree with the compiled ones to the tolerance of each kernel's property
    test (about 1e-13 relative, 1e-12 for the IRR), not to the bit. Scoped like
    ``numpy.errstate``: the setting before it is restored on exit; a thread started
    inside it starts outside it (``irr_analysis`` hands it to its threads).
    """
    token = _NUMPY_ONLY.set(on or _NUMPY_ONLY.get())
    try:
        yield
    finally:
        _NUMPY_ONLY.reset(token)


def compiled_allowed() -> bool:
    """Whether a kernel left to choose may run compiled here (not inside :func:`numpy_only`)."""
    return not _NUMPY_ONLY.get()


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
    _vectorizer_checks()
    flags = set(fastmath) or False
    try:
        return numba.njit(cache=True, nogil=True, fastmath=flags, error_model=error_model)(function)
    except RuntimeError:  # pragma: no cover - no writable cache location
        return numba.njit(nogil=True, fastmath=flags, error_model=error_model)(function)


@functools.cache
def _vectorizer_checks() -> None:
    """Let an older LLVM vectorize loops over many arrays (:data:`RUNTIME_MEMORY_CHECKS`).

    An LLVM option, set once for the process before the first kernel compiles (it holds
    for any code numba compiles after it): the vectorizer may check more pairs of arrays
    for overlap at run time. It changes which loops run in SIMD registers, not their
    arithmetic: each lane computes what the scalar loop computes.
    """
    from llvmlite import binding

    if binding.llvm_version_info[0] < MEMORY_CHECKS_FROM_LLVM:
        binding.set_option("valorize", f"-runtime-memory-check-threshold={RUNTIME_MEMORY_CHECKS}")
