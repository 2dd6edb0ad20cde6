r"""The IRR of many cash flows, compiled with numba, scenario by scenario.

:func:`valorize.economics.cashflow._irr` solves every scenario at once in NumPy: Newton's
method in :math:`u = \ln(1 + r)` with a bracket per scenario, NPV and its slope by
Horner's scheme in :math:`v = e^{-u}`, one vector operation per year and iteration. That
code is the reference (``tests/unit/test_irr_kernel.py`` holds this kernel to it); this
kernel runs the same steps scenario by scenario, :data:`LANES` scenarios side by side, and
stops each scenario at its own convergence. The NumPy run lets a converged scenario ride along
until half its working set has converged (Newton leaves it at its root), so the two
agree to the tolerance, not to the bit.

For each scenario (flows :math:`c_t`, t = 0..T):

- the bracket :math:`[u_{lo}, u_{hi}]` = ln(1 + :data:`~valorize.economics.cashflow.IRR_BRACKET`);
  no sign change of NPV over it: NaN;
- start :math:`u_0 = \ln(E/S) / \max(\bar t_E, 1)` (income E, spending S, mean time of
  income :math:`\bar t_E`) inside the bracket;
- Newton :math:`u \leftarrow u - f/f'` where it stays inside the bracket and is at most half
  the step before the last, else the bracket's middle;
  the bracket shrinks to the side of the root; stop where :math:`|f| \le \tau \sum|c_t|`
  or the step is below :math:`\tau`.

A flow with several sign changes may have several roots: :func:`scan_roots` evaluates its
NPV on the grid of :data:`~valorize.economics.cashflow.IRR_GRID` points of
:func:`~valorize.economics.cashflow._scan_roots` (the reference), the points side by side,
and bisects each sign change to the tolerance. The sign-change counts that choose between
the two are compiled too (:func:`sign_changes`).
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from valorize.compiled import compile_kernel

#: Scenarios from which the IRR runs compiled (numba's import costs about 0.3 s).
COMPILED_MIN_SCENARIOS = 512
#: Newton's start, in ln(1 + r), where a flow's income/spending guess is undefined (10 %),
#: and how far inside the bracket a start is kept; the NumPy reference
#: (:func:`valorize.economics.cashflow._irr`) reads them here. Choices of the method.
IRR_FALLBACK_START = math.log1p(0.1)
IRR_START_MARGIN = 1e-6
#: Newton's step is taken only if it is at most this share of the step before the last,
#: else the bracket is halved (the safeguard of Press et al., *Numerical Recipes*, 3rd ed.,
#: 2007, section 9.4, ``rtsafe``): far from its root the NPV of a long flow is dominated by
#: its last year, and Newton's steps of about 1/years in ln(1 + r) would take hundreds of
#: iterations. A choice of the method.
IRR_STEP_SHRINK = 0.5
#: Scenarios solved side by side, each in its own lane of the work arrays. One scenario's
#: Newton iteration is a chain of dependent multiply-adds and an exponential; lanes give
#: the processor independent work to overlap (and the year loop runs in SIMD registers).
#: Each lane's arithmetic is the one-scenario method's in the same order, so the IRRs are
#: the same bits as one at a time. On the Balkhash chunk (20,000 flows of 11 years)
#: 0.385 µs a flow one at a time, 0.29 with 8 lanes, 0.257 with 16, 0.245 with 32
#: (best of 7, one core, 2026-12-02).
LANES = 32


def _run(
    flows: np.ndarray,
    u_lo: float,
    u_hi: float,
    tolerance: float,
    max_iterations: int,
    out: np.ndarray,
    lanes: int,
) -> int:
    """IRR of each row's flow into ``out`` (NaN without a root); the count not converged.

    ``lanes`` scenarios at a time (see :data:`LANES`), each with its own bracket, Newton
    steps and stop; a lane's arithmetic is the one-scenario method's, in the same order.
    """
    n, years = flows.shape
    L = lanes
    unconverged = 0
    v_lo, v_hi = math.exp(-u_lo), math.exp(-u_hi)
    c = np.empty((years, L))  # the block's flows, each year's lanes side by side
    f_lo, f_hi, scale = np.empty(L), np.empty(L), np.empty(L)
    lo, hi, u, v = np.empty(L), np.empty(L), np.zeros(L), np.empty(L)
    f, d, step, before = np.empty(L), np.empty(L), np.empty(L), np.empty(L)
    rising = np.zeros(L, dtype=np.bool_)
    going = np.zeros(L, dtype=np.bool_)
    for b0 in range(0, n, L):
        m = min(L, n - b0)
        for t in range(years):  # lanes past the last scenario repeat the block's first
            for q in range(L):
                c[t, q] = flows[b0 + (q if q < m else 0), t]
        for q in range(L):
            f_lo[q] = f_hi[q] = c[years - 1, q]
            scale[q] = abs(c[years - 1, q])
        for t in range(years - 2, -1, -1):
            for q in range(L):
                f_lo[q] = f_lo[q] * v_lo + c[t, q]
                f_hi[q] = f_hi[q] * v_hi + c[t, q]
                scale[q] += abs(c[t, q])
        for q in range(L):
            going[q] = False
            if q >= m:
                continue
            if np.sign(f_lo[q]) * np.sign(f_hi[q]) > 0:
                out[b0 + q] = np.nan
                continue
            rising[q] = f_hi[q] > f_lo[q]  # NPV usually falls with the rate; allow either
            earned = spent = timed = 0.0
            for t in range(years):
                income = max(c[t, q], 0.0)
                earned += income
                timed += t * income
                spent += max(-c[t, q], 0.0)
            lo[q], hi[q] = u_lo, u_hi
            guess = np.nan
            if earned > 0 and spent > 0:
                guess = math.log(earned / spent) / max(timed / earned, 1.0)
            start = guess if math.isfinite(guess) else IRR_FALLBACK_START
            u[q] = min(max(start, lo[q] + IRR_START_MARGIN), hi[q] - IRR_START_MARGIN)
            step[q] = before[q] = hi[q] - lo[q]  # the last two steps' lengths
            going[q] = True
        for _ in range(max_iterations):
            for q in range(L):
                v[q] = math.exp(-u[q])
                f[q] = c[years - 1, q]
                d[q] = 0.0
            for t in range(years - 2, -1, -1):  # NPV and its slope, Horner's scheme
                for q in range(L):
                    d[q] = d[q] * v[q] + f[q]
                    f[q] = f[q] * v[q] + c[t, q]
            left = 0
            for q in range(m):
                if not going[q]:
                    continue
                slope = -(d[q] * v[q])  # d NPV / du = -sum t c_t v^t
                if (f[q] > 0) != rising[q]:
                    lo[q] = u[q]
                else:
                    hi[q] = u[q]
                newton = u[q] - f[q] / slope if slope != 0 else np.nan
                fast = abs(newton - u[q]) <= IRR_STEP_SHRINK * before[q]
                ok = math.isfinite(newton) and lo[q] < newton < hi[q] and fast
                new = newton if ok else 0.5 * (lo[q] + hi[q])
                settled = abs(f[q]) <= tolerance * scale[q]
                if settled or abs(new - u[q]) <= tolerance:
                    out[b0 + q] = math.expm1(u[q] if settled else new)
                    going[q] = False
                    continue
                before[q], step[q] = step[q], abs(new - u[q])
                u[q] = new
                left += 1
            if left == 0:
                break
        for q in range(m):
            if going[q]:
                out[b0 + q] = np.nan
                unconverged += 1
    return unconverged


def _scan(
    flows: np.ndarray, u: np.ndarray, v: np.ndarray, tolerance: float, roots: np.ndarray
) -> None:
    """Every root of each row's NPV on the grid ``u`` (``v = exp(-u)``), into ``roots``.

    The arithmetic of :func:`valorize.economics.cashflow._scan_roots` a scenario at a time:
    NPV at every grid point by Horner's scheme (the grid points side by side, so they run
    in SIMD registers), a root bracketed where the sign changes between neighbours or
    is zero at the left one, refined by bisection to ``tolerance`` in u; ``roots`` is
    NaN-padded, ascending.
    """
    n, years = flows.shape
    points = u.size
    npv = np.empty(points)
    for s in range(n):
        for g in range(points):
            npv[g] = flows[s, years - 1]
        for t in range(years - 2, -1, -1):
            c = flows[s, t]
            for g in range(points):
                npv[g] = npv[g] * v[g] + c
        rank = 0
        for g in range(points - 1):
            left, right = np.sign(npv[g]), np.sign(npv[g + 1])
            if rank >= roots.shape[1] or not (left * right < 0 or left == 0):
                continue
            lo, hi, f_lo = u[g], u[g + 1], npv[g]
            if left != 0:
                for _ in range(64):  # bisection to the float's resolution in u
                    mid = 0.5 * (lo + hi)
                    w = math.exp(-mid)
                    f = flows[s, years - 1]
                    for t in range(years - 2, -1, -1):
                        f = f * w + flows[s, t]
                    if np.sign(f) == np.sign(f_lo):
                        lo, f_lo = mid, f
                    else:
                        hi = mid
                    if hi - lo <= tolerance:
                        break
            roots[s, rank] = math.expm1(u[g] if left == 0 else 0.5 * (lo + hi))
            rank += 1


def _count_sign_changes(flows: np.ndarray, out: np.ndarray) -> None:
    """Sign changes of each row's flow into ``out``, zeros skipped."""
    n, years = flows.shape
    for s in range(n):
        last = 0.0
        changes = 0
        for t in range(years):
            sign = np.sign(flows[s, t])
            if sign != 0:
                if last != 0 and sign != last:
                    changes += 1
                last = sign
        out[s] = changes


@functools.cache
def _kernel() -> Any:
    """The compiled IRR, or None without numba."""
    return compile_kernel(_run, error_model="numpy")


@functools.cache
def _scanner() -> Any:
    """The compiled root scan, or None without numba."""
    return compile_kernel(_scan)


@functools.cache
def _counter() -> Any:
    """The compiled sign-change count, or None without numba."""
    return compile_kernel(_count_sign_changes)


def sign_changes(flows: np.ndarray) -> np.ndarray | None:
    """Sign changes of each flow ``(scenarios, years)``, zeros skipped; None without numba."""
    counter = _counter()
    if counter is None:
        return None
    out = np.empty(flows.shape[0], dtype=np.int64)
    counter(np.ascontiguousarray(flows, dtype=float), out)
    return out


def irr_one_sign_change(
    flows: np.ndarray, bracket: tuple[float, float], tolerance: float, max_iterations: int
) -> tuple[np.ndarray, int] | None:
    """IRR of flows ``(scenarios, years)`` with one sign change each; None without numba.

    Parameters
    ----------
    flows
        Cash flows, year 0 first, each with exactly one sign change (at most one root).
    bracket
        Lowest and highest rate searched, fractions a year (above -1).
    tolerance, max_iterations
        Newton's stopping rule (in ln(1 + r) and relative to the flow's size) and its
        most iterations.

    Returns
    -------
    tuple or None
        The IRR ``(scenarios,)``, NaN where no root lies in the bracket, and how many
        scenarios did not converge; None where numba is missing.
    """
    kernel = _kernel()
    if kernel is None:
        return None
    rows = np.ascontiguousarray(flows, dtype=float)  # a scenario's years side by side
    out = np.empty(rows.shape[0])
    lo, hi = math.log1p(bracket[0]), math.log1p(bracket[1])
    unconverged = kernel(rows, lo, hi, float(tolerance), int(max_iterations), out, LANES)
    return out, int(unconverged)


def scan_roots(
    flows: np.ndarray, u: np.ndarray, tolerance: float, max_roots: int
) -> np.ndarray | None:
    """Every root of each flow's NPV on the grid ``u`` = ln(1 + r); None without numba.

    Parameters
    ----------
    flows
        Cash flows ``(scenarios, years)``, year 0 first.
    u
        Ascending grid of ln(1 + r) over which the NPV is scanned for sign changes.
    tolerance
        Width in u to which each root is bisected.
    max_roots
        Most roots kept per flow.

    Returns
    -------
    numpy.ndarray or None
        The roots as rates (fractions a year) ``(scenarios, max_roots)``, ascending and
        NaN-padded; None where numba is missing.
    """
    scanner = _scanner()
    if scanner is None:
        return None
    rows = np.ascontiguousarray(flows, dtype=float)
    grid = np.ascontiguousarray(u, dtype=float)
    roots = np.full((rows.shape[0], max_roots), np.nan)
    scanner(rows, grid, np.exp(-grid), float(tolerance), roots)
    return roots
