r"""Best operating point of a refinery case, and the purity-recovery trade-off.

Problem: maximize the direct selenium recovery R over the melt temperature T,
the distilled fraction f and the head cut h, subject to a product purity
:math:`w_{Se} \ge w_{min}` (a grade):

.. math::

    \max_{T, f, h} R(T, f, h) \quad \text{s.t.} \quad w_{Se} \ge w_{min},
    \quad c_i \le c_{i,max}, \quad n_{batch}\,t_{batch} \le H

with :math:`c_{i,max}` the case's impurity limits (``[target] max_ppm``, ppm), and
where the batches a year need, times the batch duration, must fit the furnace
hours H available (``operating_hours`` of ``data/process.toml``): without it
the optimum runs cold and slow, where tellurium separates best but a batch
takes weeks.

solved with scipy's differential evolution (Storn & Price, J. Global Optim. 11
(1997) 341, doi:10.1023/A:1008202821328) in its vectorized form: each
generation of candidates is one call of the distillation model on the
scenario axis. The constraints enter as a penalty that grows with the purity,
impurity and time shortfalls, so infeasible candidates always rank below feasible ones. The
residual pressure is not a decision variable: in this model it sets only the
gas regime, not the rate (the evaporation coefficient is calibrated at
10-100 Pa), so optimizing it would be meaningless.

The trade-off curve then sweeps the distilled fraction at the optimal T and h:
the more selenium is distilled, the higher the recovery and the lower the
purity, since the droplets carry more of a residue that grows richer in
impurities.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valorize.analysis.impurity_limits import limit_excess
from valorize.case import Case
from valorize.data.loader import process_parameter
from valorize.errors import InputError
from valorize.quantities import parse_quantity
from valorize.run import case_conditions, case_feed, has_recycle
from valorize.units.vacuum_distillation import DistillationResult, distill_passes


@dataclass(frozen=True)
class OperatingPoint:
    """The optimum and the trade-off curve through it."""

    temperature: float
    distilled_fraction: float
    head_cut: float
    condenser_temperature: float | None
    recovery: float
    purity: float
    feasible: bool
    furnace_hours: float
    evaluations: int
    curve_distilled_fraction: np.ndarray
    curve_recovery: np.ndarray
    curve_purity: np.ndarray
    purity_min: float
    impurities_ppm: dict[str, float]


#: Product-condenser temperatures searched when a case condenses fractionally (K):
#: from the lower end of selenium's vapour-pressure data to a condenser hot
#: enough to lose much of the selenium.
CONDENSER_RANGE_K = (450.0, 600.0)

#: Integration steps per cut during the search; the optimum and the curve are
#: re-evaluated with the case's own steps.
SEARCH_STEPS = 16
#: The coarser search integration underestimates batch time by up to a few
#: tenths of a per cent: the search keeps this margin below the furnace hours.
SEARCH_TIME_MARGIN = 0.01


def _evaluate(
    case: Case,
    T: np.ndarray,
    f: np.ndarray,
    h: np.ndarray,
    Tc: np.ndarray | None = None,
    steps: int | None = None,
) -> DistillationResult:
    conditions = case_conditions(
        case,
        temperature=T,
        program_times=None,  # the search is over isothermal runs
        distilled_fraction=f,
        head_cut=h,
        **({} if Tc is None else {"condensers": (Tc,), "product_condenser": 0}),
        steps=case.model.steps if steps is None else steps,
    )
    m = case.model
    return distill_passes(
        case_feed(case), conditions, case.operation.passes, m.activity, allow_ideal=m.allow_ideal
    )


def optimize_operation(
    case: Case,
    purity_min: float,
    *,
    temperature_range: tuple[float, float],
    distilled_range: tuple[float, float] = (0.5, 0.995),
    head_cut_range: tuple[float, float] = (0.0, 0.2),
    condenser_range: tuple[float, float] | None = None,
    seed: int = 0,
    curve_points: int = 25,
) -> OperatingPoint:
    """Maximize selenium recovery subject to a minimum product purity.

    Parameters
    ----------
    case
        The case whose feed and furnace are optimized.
    purity_min
        Minimum Se mass fraction of the product (0-1).
    temperature_range, distilled_range, head_cut_range
        Bounds of the decision variables (K, -, -).
    condenser_range
        Bounds of the product-condenser temperature (K), a fourth decision
        variable; by default searched over :data:`CONDENSER_RANGE_K` when the
        case has one product condenser before the trap, and absent when it
        has none; with several zones their temperatures stay as given.
    seed
        Seed of the differential evolution: same seed, same answer.
    curve_points
        Points of the purity-recovery curve.

    Returns
    -------
    OperatingPoint
    """
    from scipy.optimize import differential_evolution

    if not 0 < purity_min < 1:
        raise InputError("the purity target must lie between 0 and 100 %")
    if has_recycle(case):
        raise InputError(
            "operation: optimize does not handle a recycle (residue_recycle or a condenser "
            "with destination 'recycle') yet; optimize the case without it"
        )
    lo, hi = temperature_range
    if not 0 < lo < hi:
        raise InputError("the temperature range must be positive and increasing")
    counter = {"n": 0}
    year = parse_quantity("1 yr", "time", "year")
    batches = case.feed.rate * year / case.operation.charge_mass
    hours = process_parameter("operating_hours").value

    def furnace_time(r: DistillationResult) -> np.ndarray:
        return batches * r.duration

    limits = case.target.max_ppm

    def impurity_excess(r: DistillationResult) -> np.ndarray:
        """Sum over the limits of each one's relative excess over it."""
        excess = np.zeros(np.shape(r.duration))
        for symbol, limit in limits.items():
            excess += np.maximum(limit_excess(r.ppm(r.product, symbol), limit), 0.0)
        return excess

    zones = case.operation.condenser_zones
    if condenser_range is not None and len(zones) > 1:
        raise InputError("the condenser temperature is searched only with one product condenser")
    if condenser_range is None and len(zones) == 1:
        condenser_range = CONDENSER_RANGE_K
    bounds = [temperature_range, distilled_range, head_cut_range]
    if condenser_range is not None:
        bounds.append(condenser_range)

    def unpack(x: np.ndarray) -> tuple[np.ndarray, ...]:
        x = np.asarray(x, dtype=float)
        x = x[:, None] if x.ndim == 1 else x  # (variables, candidates)
        return (*x[:3], x[3] if condenser_range is not None else None)

    def objective(x: np.ndarray) -> np.ndarray:
        T, f, h, Tc = unpack(x)
        counter["n"] += T.size
        r = _evaluate(case, T, f, h, Tc, SEARCH_STEPS)
        purity_short = np.maximum(purity_min - r.purity(r.product), 0.0)
        time_short = np.maximum(furnace_time(r) / (hours * (1 - SEARCH_TIME_MARGIN)) - 1.0, 0.0)
        excess = impurity_excess(r)
        infeasible = (purity_short > 0) | (time_short > 0) | (excess > 0)
        # feasible points score -R in [-1, 0]; infeasible ones above 1, worse the further out
        return np.where(
            infeasible, 1.0 + 1e2 * purity_short + time_short + excess, -r.selenium_recovery
        )

    best = differential_evolution(
        objective,
        bounds=bounds,
        vectorized=True,
        updating="deferred",
        popsize=64,
        seed=seed,
        tol=1e-7,
        maxiter=60,
        polish=False,
    )
    T, f, h, Tc = (None if v is None else float(v[0]) for v in unpack(best.x))
    point = _evaluate(case, np.array(T), np.array(f), np.array(h), Tc)
    sweep = np.linspace(distilled_range[0], distilled_range[1], curve_points)
    curve = _evaluate(case, np.full_like(sweep, T), sweep, np.full_like(sweep, h), Tc)
    purity = float(point.purity(point.product))
    time_used = float(furnace_time(point)) / 3600.0
    return OperatingPoint(
        temperature=float(T),
        distilled_fraction=float(f),
        head_cut=float(h),
        condenser_temperature=Tc,
        recovery=float(point.selenium_recovery),
        purity=purity,
        feasible=purity >= purity_min
        and time_used * 3600.0 <= hours
        and not impurity_excess(point) > 0,
        furnace_hours=time_used,
        evaluations=counter["n"],
        curve_distilled_fraction=sweep,
        curve_recovery=curve.selenium_recovery,
        curve_purity=curve.purity(curve.product),
        purity_min=purity_min,
        impurities_ppm={s: float(point.ppm(point.product, s)) for s in limits},
    )
