r"""Discounted cash-flow measures, vectorized over scenarios.

A cash-flow array has shape ``(..., years + 1)``: the last axis is the year,
year 0 first (construction spending is negative), any leading axes are
scenarios. Every function here broadcasts over the leading axes, so a million
scenarios are one call.

Net present value at the discount rate r (e.g. Brealey, Myers & Allen,
*Principles of Corporate Finance*, ch. 2 and 5):

.. math:: \mathrm{NPV}(r) = \sum_{t=0}^{T} \frac{C_t}{(1 + r)^t}

The internal rate of return is the r with NPV(r) = 0. It is unique when the
cash flow changes sign once (Descartes' rule of signs); then NPV falls
monotonically in r and :func:`internal_rate_of_return` finds the root by
Newton's method in :math:`u = \ln(1 + r)`, kept inside a bracket per scenario
with a bisection fallback; converged scenarios leave the iteration. A
scenario with no root in the bracket gets NaN.

Payback is the time at which the cumulative (or discounted cumulative) cash
flow first turns non-negative, interpolated linearly within the year. The
levelized unit cost is the present value of costs over the present value of
output, :math:`\sum_t c_t (1+r)^{-t} / \sum_t q_t (1+r)^{-t}`.
"""

from __future__ import annotations

import os

import numpy as np

from valorize.errors import ConvergenceError, InputError

#: Bracket of the internal rate of return searched: -99 % to +10,000 % a year.
IRR_BRACKET = (-0.99, 100.0)


def _flows(cash_flows: np.ndarray) -> np.ndarray:
    c = np.asarray(cash_flows, dtype=float)
    if c.ndim == 0 or c.shape[-1] < 2:
        raise InputError("a cash flow needs at least two years (year 0 and year 1)")
    if not np.all(np.isfinite(c)):
        raise InputError("cash flows must be finite numbers")
    return c


def discount_factors(rate: np.ndarray | float, years: int) -> np.ndarray:
    """:math:`(1 + r)^{-t}` for t = 0 .. years-1, shape ``rate.shape + (years,)``."""
    r = np.asarray(rate, dtype=float)
    if np.any(r <= -1):
        raise InputError("the discount rate must be above -100 %")
    t = np.arange(years)
    return np.exp(-np.log1p(r)[..., None] * t)


def net_present_value(rate: np.ndarray | float, cash_flows: np.ndarray) -> np.ndarray:
    """NPV of cash flows ``(..., years + 1)`` at ``rate`` (broadcast over the leading axes).

    Examples
    --------
    >>> float(net_present_value(0.1, [-100.0, 60.0, 60.0]).round(4))
    4.1322
    """
    c = _flows(cash_flows)
    r = np.asarray(rate, dtype=float)
    if np.any(r <= -1):
        raise InputError("the discount rate must be above -100 %")
    lead = np.broadcast_shapes(c.shape[:-1], r.shape)
    columns = np.moveaxis(np.broadcast_to(c, (*lead, c.shape[-1])), -1, 0)
    v = np.broadcast_to(1.0 / (1.0 + r), lead)
    return _polynomial(columns, v)[0]


def _polynomial(columns: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horner's scheme: P(v) = sum_t c_t v^t and v P'(v), for cash flows as columns (T, N)."""
    value = columns[-1].copy()
    derivative = np.zeros_like(value)
    for row in columns[-2::-1]:
        derivative = derivative * v + value
        value = value * v + row
    return value, derivative * v


#: Scenarios per chunk when the IRR of many cash flows runs on several threads.
IRR_CHUNK = 131_072


def internal_rate_of_return(
    cash_flows: np.ndarray, *, tolerance: float = 1e-10, max_iterations: int = 100
) -> np.ndarray:
    """IRR of every scenario's cash flow; NaN where no root lies in :data:`IRR_BRACKET`.

    Large inputs are cut into chunks of :data:`IRR_CHUNK` scenarios solved on a
    thread pool (NumPy releases the interpreter lock in array arithmetic); each
    scenario's arithmetic is the same either way, so the result is identical.

    Examples
    --------
    >>> float(internal_rate_of_return([-100.0, 60.0, 60.0]).round(6))
    0.130662
    """
    c = _flows(cash_flows)
    flat = c.reshape(-1, c.shape[-1])
    workers = min(os.cpu_count() or 1, -(-flat.shape[0] // IRR_CHUNK))
    if workers <= 1:
        return _irr(flat, tolerance, max_iterations).reshape(c.shape[:-1])
    from concurrent.futures import ThreadPoolExecutor

    chunks = [flat[i : i + IRR_CHUNK] for i in range(0, flat.shape[0], IRR_CHUNK)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(lambda part: _irr(part, tolerance, max_iterations), chunks))
    return np.concatenate(parts).reshape(c.shape[:-1])


def _irr(flows: np.ndarray, tolerance: float, max_iterations: int) -> np.ndarray:
    """IRR of cash flows (scenarios, years): Newton in ln(1 + r) with a bracket per scenario.

    NPV and its slope come from Horner's scheme in v = 1/(1+r), one vector
    operation per year, with no scenario-by-year temporaries; the working set
    shrinks as scenarios converge.
    """
    columns = np.ascontiguousarray(flows.T)  # (years, scenarios)
    n = columns.shape[1]
    scale_all = np.abs(columns).sum(axis=0)
    u_lo = np.log1p(IRR_BRACKET[0])
    u_hi = np.log1p(IRR_BRACKET[1])
    f_lo = _polynomial(columns, np.full(n, np.exp(-u_lo)))[0]
    f_hi = _polynomial(columns, np.full(n, np.exp(-u_hi)))[0]
    has_root = np.sign(f_lo) * np.sign(f_hi) <= 0
    result = np.full(n, np.nan)

    active = np.flatnonzero(has_root)
    work = columns if active.size == n else columns[:, active]
    lo = np.full(active.size, u_lo)
    hi = np.full(active.size, u_hi)
    rising = (f_hi > f_lo)[active]  # NPV usually falls with the rate; allow either
    scale = scale_all[active]
    # start: (income / spending)^(1 / mean time of income) - 1, inside the bracket,
    # accumulated year by year (no scenario-by-year temporaries)
    earned = np.zeros(active.size)
    spent = np.zeros(active.size)
    timed = np.zeros(active.size)
    for year, row in enumerate(work):
        income = np.maximum(row, 0.0)
        earned += income
        timed += year * income
        spent += np.maximum(-row, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_time = np.maximum(timed / earned, 1.0)
        guess = np.log(earned / spent) / mean_time
    u = np.clip(np.where(np.isfinite(guess), guess, np.log1p(0.1)), lo + 1e-6, hi - 1e-6)
    iterations = 0
    while active.size and iterations < max_iterations:
        iterations += 1
        f, vdp = _polynomial(work, np.exp(-u))
        slope = -vdp  # d NPV / du = -sum t c_t v^t
        below = (f > 0) != rising
        lo = np.where(below, u, lo)
        hi = np.where(below, hi, u)
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = u - f / slope
        ok = np.isfinite(newton) & (newton > lo) & (newton < hi)
        new = np.where(ok, newton, 0.5 * (lo + hi))
        settled = np.abs(f) <= tolerance * scale
        converged = settled | (np.abs(new - u) <= tolerance)
        u = np.where(settled, u, new)
        result[active[converged]] = np.expm1(u[converged])
        if converged.all():
            active = active[:0]
            break
        if converged.sum() * 2 >= converged.size:
            # compact once half the working set has converged; until then the
            # converged scenarios ride along at their root (Newton leaves them there)
            keep = ~converged
            active, work, u, lo, hi = active[keep], work[:, keep], u[keep], lo[keep], hi[keep]
            rising, scale = rising[keep], scale[keep]
    if active.size:
        raise ConvergenceError(
            f"IRR did not converge for {active.size} of {n} cash flows after {iterations} "
            "iterations"
        )
    return result


def _payback(cumulative: np.ndarray, flows: np.ndarray) -> np.ndarray:
    turned = cumulative >= 0
    # the first year at which the cumulative flow is non-negative and stays the first
    first = np.argmax(turned, axis=-1)
    never = ~np.any(turned, axis=-1)
    k = np.maximum(first, 1)
    before = np.take_along_axis(cumulative, (k - 1)[..., None], axis=-1)[..., 0]
    during = np.take_along_axis(flows, k[..., None], axis=-1)[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.where(during > 0, -before / during, 0.0)
    years = np.where(first == 0, 0.0, k - 1 + fraction)
    return np.where(never, np.nan, years)


def payback_period(cash_flows: np.ndarray) -> np.ndarray:
    """Years until the cumulative cash flow turns non-negative (NaN if never).

    Examples
    --------
    >>> float(payback_period([-100.0, 40.0, 40.0, 40.0]))
    2.5
    """
    c = _flows(cash_flows)
    return _payback(np.cumsum(c, axis=-1), c)


def discounted_payback_period(rate: np.ndarray | float, cash_flows: np.ndarray) -> np.ndarray:
    """Years until the discounted cumulative cash flow turns non-negative (NaN if never)."""
    c = _flows(cash_flows)
    discounted = c * discount_factors(rate, c.shape[-1])
    return _payback(np.cumsum(discounted, axis=-1), discounted)


def levelized_cost(
    rate: np.ndarray | float, costs: np.ndarray, quantities: np.ndarray
) -> np.ndarray:
    r"""Levelized unit cost :math:`\sum c_t(1+r)^{-t} / \sum q_t(1+r)^{-t}` (cost per unit)."""
    c, q = _flows(costs), _flows(quantities)
    d = discount_factors(rate, c.shape[-1])
    output = np.sum(q * d, axis=-1)
    if np.any(output <= 0):
        raise InputError("the discounted output must be positive to levelize a cost")
    return np.sum(c * d, axis=-1) / output
