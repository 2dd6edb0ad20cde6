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
with a bisection fallback (where a Newton step would leave the bracket or is more
than half the step before the last); converged scenarios leave the iteration. A cash flow
that changes sign several times may have several roots: its NPV is scanned on a
grid over the bracket and every root found is refined by bisection. The IRR is
NaN, with a reason (:func:`irr_analysis`), where every flow is zero, where the
flows never change sign, where no root lies in the bracket, and where several
roots do (the IRR is then ambiguous; :func:`modified_internal_rate_of_return`
gives the modified IRR, which is always unique).

Payback is the time at which the cumulative (or discounted cumulative) cash
flow first turns non-negative, interpolated linearly within the year. The
levelized unit cost is the present value of costs over the present value of
output, :math:`\sum_t c_t (1+r)^{-t} / \sum_t q_t (1+r)^{-t}`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from valorize.compiled import compiled_allowed, numpy_only
from valorize.economics.irr_kernel import IRR_FALLBACK_START, IRR_START_MARGIN, IRR_STEP_SHRINK
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


#: Why an IRR is what it is, by the codes of :attr:`IrrAnalysis.status`.
IRR_STATUS = (
    "unique",
    "every flow is zero",
    "the flows never change sign, so no rate makes the NPV zero",
    "no rate between -99 % and 10,000 % a year was found to make the NPV zero (a rate where "
    "the NPV only touches zero, a double root, can be missed)",
    "ambiguous: several rates make the NPV zero (see the roots and the modified IRR)",
)
#: Points at which the NPV of a flow with several sign changes is scanned for roots,
#: evenly spaced in ln(1 + r) over :data:`IRR_BRACKET`. Two roots closer than one
#: spacing (0.018 in ln(1 + r)) may be missed, as may a double root.
IRR_GRID = 512
#: Most roots listed per cash flow (a flow with k sign changes has at most k).
MAX_IRR_ROOTS = 8


@dataclass(frozen=True)
class IrrAnalysis:
    """The IRR of each scenario with the reason it is missing and every root found.

    Attributes
    ----------
    irr
        The IRR, fraction a year, ``(...)``; NaN unless exactly one root lies in
        :data:`IRR_BRACKET`.
    status
        Index into :data:`IRR_STATUS`, ``(...)``: 0 unique, 1 all zero, 2 no sign
        change, 3 no root in the bracket, 4 ambiguous.
    roots
        Every root found in the bracket, ascending and padded with NaN,
        ``(..., MAX_IRR_ROOTS)``.
    """

    irr: np.ndarray
    status: np.ndarray
    roots: np.ndarray

    def reason(self, index: tuple[int, ...] | int = ()) -> str:
        """The status of one scenario in words."""
        return IRR_STATUS[int(np.asarray(self.status)[index])]

    def take(self, index: np.ndarray | int) -> IrrAnalysis:
        """The analysis of the scenarios ``index`` (first axis)."""
        return IrrAnalysis(self.irr[index], self.status[index], self.roots[index])


def internal_rate_of_return(
    cash_flows: np.ndarray, *, tolerance: float = 1e-10, max_iterations: int = 100
) -> np.ndarray:
    """IRR of every scenario's cash flow, NaN unless exactly one root lies in the bracket.

    The same as ``irr_analysis(cash_flows).irr``; :func:`irr_analysis` says why an IRR
    is NaN and lists the roots of an ambiguous one.

    Parameters
    ----------
    cash_flows
        ``(..., years + 1)``, year 0 first.

    Returns
    -------
    numpy.ndarray
        IRR, fraction a year, shape ``(...)``.

    Raises
    ------
    InputError
        For fewer than two years or a flow that is not finite.
    ConvergenceError
        If Newton's method with bisection fails to converge (it should not).

    Examples
    --------
    >>> float(internal_rate_of_return([-100.0, 60.0, 60.0]).round(6))
    0.130662
    """
    return irr_analysis(cash_flows, tolerance=tolerance, max_iterations=max_iterations).irr


def irr_analysis(
    cash_flows: np.ndarray, *, tolerance: float = 1e-10, max_iterations: int = 100
) -> IrrAnalysis:
    """IRR of every scenario's cash flow, why it is missing, and every root in the bracket.

    A flow with one sign change has at most one root (Descartes' rule of signs), found by
    Newton's method with a bracket; a flow with several is scanned on :data:`IRR_GRID`
    points and each root refined by bisection. All zero, no sign change, no root in
    :data:`IRR_BRACKET` and several roots give NaN with their status (:data:`IRR_STATUS`).
    Large inputs are cut into chunks of :data:`IRR_CHUNK` scenarios solved on a thread
    pool (NumPy releases the interpreter lock in array arithmetic); each scenario's
    arithmetic is the same either way, so the result is identical.

    Parameters
    ----------
    cash_flows
        ``(..., years + 1)``, year 0 first.

    Returns
    -------
    IrrAnalysis
        IRR and status ``(...)``, roots ``(..., MAX_IRR_ROOTS)``.

    Raises
    ------
    InputError
        For fewer than two years or a flow that is not finite.

    Examples
    --------
    >>> a = irr_analysis([-100.0, 230.0, -132.0])
    >>> a.reason(), [round(float(r), 4) for r in a.roots[:2]]
    ('ambiguous: several rates make the NPV zero (see the roots and the modified IRR)', [0.1, 0.2])
    """
    c = _flows(cash_flows)
    flat = c.reshape(-1, c.shape[-1])
    workers = min(os.cpu_count() or 1, -(-flat.shape[0] // IRR_CHUNK))
    if workers <= 1:
        parts = [_analyse(flat, tolerance, max_iterations)]
    else:
        from concurrent.futures import ThreadPoolExecutor

        chunks = [flat[i : i + IRR_CHUNK] for i in range(0, flat.shape[0], IRR_CHUNK)]
        numpy = not compiled_allowed()  # a thread starts outside the caller's numpy_only

        def analyse(part: np.ndarray) -> IrrAnalysis:
            with numpy_only(numpy):
                return _analyse(part, tolerance, max_iterations)

        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(analyse, chunks))
    lead = c.shape[:-1]
    return IrrAnalysis(
        irr=np.concatenate([p.irr for p in parts]).reshape(lead),
        status=np.concatenate([p.status for p in parts]).reshape(lead),
        roots=np.concatenate([p.roots for p in parts]).reshape(*lead, MAX_IRR_ROOTS),
    )


def _irr_kernels_take(flows: np.ndarray) -> bool:
    """Whether the compiled IRR kernels take ``flows``: enough scenarios, not numpy_only."""
    from valorize.economics import irr_kernel

    return flows.shape[0] >= irr_kernel.COMPILED_MIN_SCENARIOS and compiled_allowed()


def _sign_changes(flows: np.ndarray) -> np.ndarray:
    """Sign changes of each flow (scenarios, years), zeros skipped (compiled for many)."""
    from valorize.economics import irr_kernel

    if _irr_kernels_take(flows):
        counted = irr_kernel.sign_changes(flows)
        if counted is not None:
            return counted
    return _sign_changes_numpy(flows)


def _sign_changes_numpy(flows: np.ndarray) -> np.ndarray:
    """:func:`_sign_changes` in NumPy, a column at a time: the reference."""
    last = np.zeros(flows.shape[0])
    changes = np.zeros(flows.shape[0], dtype=np.int64)
    for column in flows.T:
        sign = np.sign(column)
        changes += (sign != 0) & (last != 0) & (sign != last)
        last = np.where(sign != 0, sign, last)
    return changes


def _analyse(flows: np.ndarray, tolerance: float, max_iterations: int) -> IrrAnalysis:
    """:func:`irr_analysis` of flows (scenarios, years)."""
    n = flows.shape[0]
    changes = _sign_changes(flows)
    status = np.where(np.all(flows == 0, axis=-1), 1, np.where(changes == 0, 2, 0))
    irr = np.full(n, np.nan)
    roots = np.full((n, MAX_IRR_ROOTS), np.nan)
    once = np.flatnonzero(changes == 1)
    if once.size:
        irr[once] = _irr_compiled_or_numpy(flows[once], tolerance, max_iterations)
        roots[once, 0] = irr[once]
    several = np.flatnonzero(changes > 1)
    if several.size:
        roots[several] = _scan_compiled_or_numpy(flows[several], tolerance)
        found = np.sum(np.isfinite(roots[several]), axis=-1)
        irr[several] = np.where(found == 1, roots[several, 0], np.nan)
        status[several] = np.where(found > 1, 4, 0)
    status[(status == 0) & np.isnan(irr)] = 3
    return IrrAnalysis(irr, status.astype(np.int8), roots)


def _scan_compiled_or_numpy(flows: np.ndarray, tolerance: float) -> np.ndarray:
    """:func:`_scan_roots`, compiled (:mod:`valorize.economics.irr_kernel`) for many flows."""
    from valorize.economics import irr_kernel

    if _irr_kernels_take(flows):
        roots = irr_kernel.scan_roots(flows, _scan_grid(), tolerance, MAX_IRR_ROOTS)
        if roots is not None:
            return roots
    return _scan_roots(flows, tolerance)


def _scan_grid() -> np.ndarray:
    """The :data:`IRR_GRID` points in ln(1 + r) over :data:`IRR_BRACKET`."""
    return np.linspace(np.log1p(IRR_BRACKET[0]), np.log1p(IRR_BRACKET[1]), IRR_GRID)


def _scan_roots(flows: np.ndarray, tolerance: float) -> np.ndarray:
    """Roots of NPV in :data:`IRR_BRACKET` for flows (scenarios, years) with several sign changes.

    Returns (scenarios, MAX_IRR_ROOTS), ascending, NaN-padded.
    """
    columns = np.ascontiguousarray(flows.T)
    u = _scan_grid()
    npv = np.stack([_polynomial(columns, np.exp(-x))[0] for x in u], axis=-1)  # (n, grid)
    sign = np.sign(npv)
    crossing = sign[:, :-1] * sign[:, 1:] < 0
    exact = sign[:, :-1] == 0
    scenario, left = np.nonzero(crossing | exact)
    lo, hi = u[left], u[left + 1]
    f_lo = npv[scenario, left]
    work = columns[:, scenario]
    for _ in range(64):  # bisection to the float's resolution in u
        mid = 0.5 * (lo + hi)
        f_mid = _polynomial(work, np.exp(-mid))[0]
        same = np.sign(f_mid) == np.sign(f_lo)
        lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
        f_lo = np.where(same, f_mid, f_lo)
        if np.all(hi - lo <= tolerance):
            break
    root = np.where(exact[scenario, left], u[left], 0.5 * (lo + hi))
    out = np.full((flows.shape[0], MAX_IRR_ROOTS), np.nan)
    rank = np.zeros(flows.shape[0], dtype=np.int64)
    for s, r in zip(scenario, np.expm1(root), strict=True):  # few scenarios, few roots
        if rank[s] < MAX_IRR_ROOTS:
            out[s, rank[s]] = r
            rank[s] += 1
    return out


def modified_internal_rate_of_return(
    cash_flows: np.ndarray,
    finance_rate: np.ndarray | float,
    reinvestment_rate: np.ndarray | float,
) -> np.ndarray:
    r"""Modified IRR: spending discounted at the finance rate, income compounded at reinvestment.

    .. math:: \mathrm{MIRR} = \left(\frac{\sum_t \max(C_t, 0)\,(1 + r_r)^{T - t}}
              {-\sum_t \min(C_t, 0)\,(1 + r_f)^{-t}}\right)^{1/T} - 1

    (e.g. Brealey, Myers & Allen, *Principles of Corporate Finance*, ch. 5; the
    convention of numpy-financial's ``mirr``). Unique for any flow; NaN where the flow
    has no spending or no income.

    Parameters
    ----------
    cash_flows
        ``(..., T + 1)``, year 0 first.
    finance_rate, reinvestment_rate
        Yearly rates above -100 %, broadcast over the leading axes.

    Returns
    -------
    numpy.ndarray
        MIRR, fraction a year, ``(...)``.

    Raises
    ------
    InputError
        For a rate at or below -100 %, fewer than two years or a flow that is not finite.

    Examples
    --------
    >>> float(modified_internal_rate_of_return([-100.0, 230.0, -132.0], 0.1, 0.1).round(6))
    0.1
    """
    c = _flows(cash_flows)
    years = c.shape[-1]
    spent = -np.sum(np.minimum(c, 0.0) * discount_factors(finance_rate, years), axis=-1)
    growth = discount_factors(reinvestment_rate, years)[..., ::-1]  # (1 + r)^-(T - t)
    earned = np.sum(np.maximum(c, 0.0) / growth, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = earned / spent
        return np.where((spent > 0) & (earned > 0), ratio ** (1.0 / (years - 1)) - 1.0, np.nan)


def _irr_compiled_or_numpy(flows: np.ndarray, tolerance: float, max_iterations: int) -> np.ndarray:
    """:func:`_irr`, compiled (:mod:`valorize.economics.irr_kernel`) for many flows."""
    from valorize.economics import irr_kernel

    if _irr_kernels_take(flows):
        got = irr_kernel.irr_one_sign_change(flows, IRR_BRACKET, tolerance, max_iterations)
        if got is not None:
            irr, unconverged = got
            if unconverged:
                raise ConvergenceError(
                    f"IRR did not converge for {unconverged} of {flows.shape[0]} cash flows "
                    f"after {max_iterations} iterations"
                )
            return irr
    return _irr(flows, tolerance, max_iterations)


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
    u = np.where(np.isfinite(guess), guess, IRR_FALLBACK_START)
    u = np.clip(u, lo + IRR_START_MARGIN, hi - IRR_START_MARGIN)
    step = before = hi - lo  # the last two steps' lengths
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
        fast = np.abs(newton - u) <= IRR_STEP_SHRINK * before  # else halve the bracket
        ok = np.isfinite(newton) & (newton > lo) & (newton < hi) & fast
        new = np.where(ok, newton, 0.5 * (lo + hi))
        settled = np.abs(f) <= tolerance * scale
        converged = settled | (np.abs(new - u) <= tolerance)
        before, step = step, np.abs(new - u)
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
            rising, scale, step, before = rising[keep], scale[keep], step[keep], before[keep]
    if active.size:
        raise ConvergenceError(
            f"IRR did not converge for {active.size} of {n} cash flows after {iterations} "
            "iterations"
        )
    return result


def _payback(cumulative: np.ndarray, flows: np.ndarray) -> np.ndarray:
    """Years from year 0 until ``cumulative`` turns non-negative after first going negative.

    The search starts at the first year the cumulative flow is negative (a zero year 0
    before spending is no payback); NaN where it never turns non-negative after that. A
    cumulative flow that is never negative pays back at once (0).
    """
    invested = cumulative < 0
    start = np.argmax(invested, axis=-1)  # first year the cumulative flow is negative
    years = np.arange(flows.shape[-1])
    turned = (cumulative >= 0) & (years > start[..., None])
    first = np.argmax(turned, axis=-1)
    never = ~np.any(turned, axis=-1)
    k = np.maximum(first, 1)
    before = np.take_along_axis(cumulative, (k - 1)[..., None], axis=-1)[..., 0]
    during = np.take_along_axis(flows, k[..., None], axis=-1)[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.where(during > 0, -before / during, 0.0)
    found = np.where(never, np.nan, k - 1 + fraction)
    return np.where(np.any(invested, axis=-1), found, 0.0)


def payback_period(cash_flows: np.ndarray) -> np.ndarray:
    """Years until the cumulative cash flow turns non-negative after the first investment.

    Counted from year 0 and interpolated linearly within the year it turns, after the
    cumulative flow first goes negative (the first investment), so zero years before it
    make no payback; NaN (``never``) where it stays negative to the end, 0 where it is
    never negative.

    Parameters
    ----------
    cash_flows
        ``(..., years + 1)``, year 0 first.

    Returns
    -------
    numpy.ndarray
        Years, shape ``(...)``; NaN where it never pays back.

    Examples
    --------
    >>> float(payback_period([-100.0, 40.0, 40.0, 40.0]))
    2.5
    >>> float(payback_period([0.0, -100.0, 50.0, 50.0, 50.0]))
    3.0
    """
    c = _flows(cash_flows)
    return _payback(np.cumsum(c, axis=-1), c)


def discounted_payback_period(rate: np.ndarray | float, cash_flows: np.ndarray) -> np.ndarray:
    """Years until the discounted cumulative cash flow turns non-negative (NaN if never).

    The same rule as :func:`payback_period` on the discounted flows
    :math:`C_t (1 + r)^{-t}`.
    """
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
