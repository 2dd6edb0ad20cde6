r"""Multi-objective optimization of the operating point: a Pareto front with NSGA-II.

The decision variables are the melt temperature T, the distilled fraction f and the
head cut h of an isothermal batch, and optionally the evaporator's melt surface A;
the objectives any two or more of :data:`OBJECTIVES` (recovery, purity, costs, CO2,
energy, NPV, output); the constraints the product purity :math:`w_{Se} \ge w_{min}`,
the furnace hours :math:`t_{batch} N_{batches} \le t_{year}` and the case's impurity
limits :math:`c_i \le c_{i,max}` (``[target] max_ppm``; under uncertainty on the
mean over the samples). Under uncertainty (``grade_probability`` p) every candidate
is evaluated over M fixed samples of the case's uncertain inputs (common random
numbers across generations); the objectives are then the means over the samples and
the constraints chance constraints: :math:`P(w_{Se} \ge w_{min}) \ge p` and the
p-quantile of the furnace hours within the year. The genetic algorithm NSGA-II (Deb
et al., IEEE Trans. Evol. Comput. 6 (2002) 182) of :mod:`pymoo` evolves a population
that valorize evaluates in one vectorized call per generation
(:meth:`valorize.refinery.model.RefineryModel.evaluate`); the front is the
non-dominated feasible set of the last population. Same seed, same front.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valorize.analysis.impurity_limits import describe_limits, limit_excess
from valorize.case import Case
from valorize.data.loader import process_parameter
from valorize.errors import InputError
from valorize.run import has_recycle

#: Objective name -> (metric of the refinery model, +1 to maximize or -1 to minimize, label).
OBJECTIVES = {
    "recovery": ("Se_recovery_pct", 1, "Se recovery (%)"),
    "purity": ("product_Se_wt_pct", 1, "product Se (wt %)"),
    "refining_cost": ("refining_cost_usd_per_kg", -1, "refining cost (USD/kg)"),
    "unit_cost": ("unit_cost_usd_per_kg", -1, "unit cost net of credits (USD/kg)"),
    "co2": ("co2_kg_per_kg_product", -1, "CO2 (kg/kg)"),
    "energy": ("energy_kWh_per_t_product", -1, "energy (kWh/t)"),
    "npv": ("npv_usd", 1, "NPV (USD)"),
    "output": ("product_t_per_yr", 1, "refined Se (t/yr)"),
}
ECONOMIC = {"refining_cost", "unit_cost", "co2", "npv"}


@dataclass(frozen=True)
class ParetoFront:
    """The non-dominated feasible operating points, sorted by the first objective."""

    objectives: tuple[str, ...]
    temperature: np.ndarray
    distilled_fraction: np.ndarray
    head_cut: np.ndarray
    values: dict[str, np.ndarray]  # every metric of the model at the front's points
    purity_min: float
    evaluations: int
    grade_probability: float | None = None

    def rows(self) -> list[dict[str, float]]:
        """The front as table rows: decisions, then the outputs."""
        out = []
        for i in range(self.temperature.size):
            row = {
                "temperature_C": float(self.temperature[i] - 273.15),
                "distilled_fraction": float(self.distilled_fraction[i]),
                "head_cut": float(self.head_cut[i]),
            }
            row.update({k: float(v[i]) for k, v in self.values.items()})
            out.append(row)
        return out


def pareto_front(
    case: Case,
    objectives: tuple[str, ...],
    purity_min: float,
    *,
    temperature_range: tuple[float, float],
    distilled_range: tuple[float, float] = (0.5, 0.995),
    head_cut_range: tuple[float, float] = (0.0, 0.2),
    area_range: tuple[float, float] | None = None,
    grade_probability: float | None = None,
    risk_samples: int = 64,
    population: int = 60,
    generations: int = 40,
    seed: int = 0,
) -> ParetoFront:
    """The Pareto front of the case's operating point for the given objectives.

    Parameters
    ----------
    case
        A refinery case (no recycle).
    objectives
        Two or more keys of :data:`OBJECTIVES`, e.g. ``("recovery", "unit_cost")``.
    purity_min
        Minimum Se mass fraction of the product (0-1).
    temperature_range, distilled_range, head_cut_range
        Bounds of the decision variables (K, -, -).
    area_range
        Bounds of the melt surface (m²), a fourth decision variable; None keeps the case's.
    grade_probability
        With a probability p, the purity must be met in a share p of ``risk_samples``
        samples of the case's uncertain inputs (inputs that are decision variables are
        left out); None: the case's own inputs, deterministic constraints.
    population, generations, seed
        NSGA-II settings; the same seed gives the same front.
    """
    try:
        from pymoo.algorithms.moo.nsga2 import NSGA2
        from pymoo.core.problem import Problem
        from pymoo.optimize import minimize
    except ImportError:
        raise InputError("the Pareto front needs pymoo: pip install 'valorize[optimize]'") from None
    unknown = [o for o in objectives if o not in OBJECTIVES]
    if unknown or len(objectives) < 2 or len(set(objectives)) != len(objectives):
        raise InputError(
            f"--objectives: give two or more different of {', '.join(OBJECTIVES)}"
            + (f", not {unknown[0]!r}" if unknown else "")
        )
    if ECONOMIC & set(objectives) and case.economics is None:
        raise InputError(
            "--objectives: refining_cost, unit_cost, co2 and npv need the case's [economics]"
        )
    if has_recycle(case):
        raise InputError("operation: the Pareto search does not handle a recycle yet")
    if not 0 < purity_min < 1:
        raise InputError("the purity target must lie between 0 and 100 %")
    if not 0 < temperature_range[0] < temperature_range[1]:
        raise InputError("the temperature range must be positive and increasing")
    hours = process_parameter("operating_hours").value / 3600.0  # stored in seconds
    names = ["operation.temperature", "operation.distilled_fraction", "operation.head_cut"]
    bounds = [temperature_range, distilled_range, head_cut_range]
    if area_range is not None:
        if not 0 < area_range[0] < area_range[1]:
            raise InputError("the area range must be positive and increasing")
        names.append("operation.evaporation_area")
        bounds.append(area_range)
    lower, upper = np.array(bounds, dtype=float).T
    risk = _risk_inputs(case, names, grade_probability, risk_samples, seed)
    m = 1 if risk is None else risk_samples
    count = {"n": 0}
    from valorize.refinery.model import RefineryModel

    model = RefineryModel(case).for_sampling()

    def outputs(X: np.ndarray) -> dict[str, np.ndarray]:
        """Outputs per candidate: the mean over the risk samples, and the odds of the grade."""
        count["n"] += len(X) * m
        x = {name: np.repeat(X[:, j], m) for j, name in enumerate(names)}  # isothermal runs
        if risk is not None:
            x.update({k: np.tile(v, len(X)) for k, v in risk.items()})
        y = {k: v.reshape(len(X), m) for k, v in model.evaluate(x, len(X) * m).items()}
        out = {k: v.mean(axis=1) for k, v in y.items()}
        out["probability_grade_met"] = np.mean(y["product_Se_wt_pct"] >= 100 * purity_min, axis=1)
        out["furnace_hours_quantile"] = (
            y["furnace_hours_per_yr"][:, 0]
            if risk is None
            else np.quantile(y["furnace_hours_per_yr"], grade_probability, axis=1)
        )
        return out

    limits = case.target.max_ppm  # a buyer's impurity limits: the mean ppm at most the limit

    class OperatingPoint(Problem):
        def __init__(self) -> None:
            super().__init__(
                n_var=len(names),
                n_obj=len(objectives),
                n_ieq_constr=2 + len(limits),
                xl=lower,
                xu=upper,
            )

        def _evaluate(self, X: np.ndarray, out: dict, *args: object, **kwargs: object) -> None:
            y = outputs(X)
            out["F"] = np.column_stack(
                [-OBJECTIVES[o][1] * y[OBJECTIVES[o][0]] for o in objectives]
            )
            grade = (
                100 * purity_min - y["product_Se_wt_pct"]
                if risk is None
                else grade_probability - y["probability_grade_met"]
            )
            impurity = [limit_excess(y[f"{s}_ppm"], limit) for s, limit in limits.items()]
            out["G"] = np.column_stack(
                [grade, y["furnace_hours_quantile"] / hours - 1.0, *impurity]
            )

    result = minimize(
        OperatingPoint(),
        NSGA2(pop_size=population),
        ("n_gen", generations),
        seed=seed,
        verbose=False,
    )
    if result.X is None:
        odds = "" if risk is None else f" with probability {grade_probability:g}"
        raise InputError(
            f"no operating point meets {100 * purity_min:g} % Se{odds}"
            + describe_limits(limits)
            + " within the furnace hours"
        )
    X = np.unique(np.atleast_2d(result.X), axis=0)  # NSGA-II may keep twins
    X = X[np.argsort(-OBJECTIVES[objectives[0]][1] * outputs(X)[OBJECTIVES[objectives[0]][0]])]
    count["n"] -= len(X) * m  # the sort's re-evaluation is not part of the search
    values = outputs(X)
    count["n"] -= len(X) * m
    if area_range is not None:
        values["evaporation_area_m2"] = X[:, 3]
    return ParetoFront(
        objectives=tuple(objectives),
        temperature=X[:, 0],
        distilled_fraction=X[:, 1],
        head_cut=X[:, 2],
        values=values,
        purity_min=purity_min,
        evaluations=count["n"],
        grade_probability=grade_probability,
    )


def _risk_inputs(
    case: Case, decisions: list[str], probability: float | None, samples: int, seed: int
) -> dict[str, np.ndarray] | None:
    """Fixed Latin-hypercube samples of the case's uncertain inputs that are not decisions."""
    if probability is None:
        return None
    if not 0 < probability < 1:
        raise InputError(f"--grade-probability must lie between 0 and 1, not {probability:g}")
    if samples < 8:
        raise InputError(f"--risk-samples must be at least 8, not {samples}")
    from valorize.analysis.sampling import sample_distributions
    from valorize.analysis.uncertainty import declared_distributions
    from valorize.refinery.model import RefineryModel

    declared = declared_distributions(RefineryModel(case))
    dists = {k: d for k, d in declared.items() if k not in decisions}
    if not dists:
        raise InputError("--grade-probability needs [[uncertainty]] inputs other than decisions")
    return sample_distributions(dists, samples, seed)
