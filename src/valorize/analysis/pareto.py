r"""Multi-objective optimization of the operating point: a Pareto front with NSGA-II.

The decision variables are the melt temperature T, the distilled fraction f and
the head cut h of an isothermal batch; the objectives any two or more of
:data:`OBJECTIVES` (recovery, unit cost, CO2, energy, NPV, output); the
constraints the product purity :math:`w_{Se} \ge w_{min}` and the furnace hours
:math:`t_{batch} N_{batches} \le t_{year}`. The genetic algorithm NSGA-II
(Deb et al., IEEE Trans. Evol. Comput. 6 (2002) 182) of :mod:`pymoo` evolves a
population that valorize evaluates in one vectorized call per generation
(:func:`valorize.analysis.uncertainty.evaluate_samples`); the front is the
non-dominated feasible set of the last population. Same seed, same front.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valorize.analysis.uncertainty import evaluate_samples
from valorize.case import Case
from valorize.data.loader import process_parameter
from valorize.errors import InputError
from valorize.run import has_recycle

#: Objective name -> (output of evaluate_samples, +1 to maximize or -1 to minimize, label).
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
    values: dict[str, np.ndarray]  # every output of evaluate_samples at the front's points
    purity_min: float
    evaluations: int

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
    lower = np.array([temperature_range[0], distilled_range[0], head_cut_range[0]])
    upper = np.array([temperature_range[1], distilled_range[1], head_cut_range[1]])
    count = {"n": 0}

    def outputs(X: np.ndarray) -> dict[str, np.ndarray]:
        count["n"] += len(X)
        x = {
            "operation.temperature": X[:, 0],
            "operation.distilled_fraction": X[:, 1],
            "operation.head_cut": X[:, 2],
            "operation.program_times": None,  # isothermal runs
        }
        return evaluate_samples(case, x, len(X))

    class OperatingPoint(Problem):
        def __init__(self) -> None:
            super().__init__(n_var=3, n_obj=len(objectives), n_ieq_constr=2, xl=lower, xu=upper)

        def _evaluate(self, X: np.ndarray, out: dict, *args: object, **kwargs: object) -> None:
            y = outputs(X)
            out["F"] = np.column_stack(
                [-OBJECTIVES[o][1] * y[OBJECTIVES[o][0]] for o in objectives]
            )
            out["G"] = np.column_stack(
                [
                    100 * purity_min - y["product_Se_wt_pct"],
                    y["furnace_hours_per_yr"] / hours - 1.0,
                ]
            )

    result = minimize(
        OperatingPoint(),
        NSGA2(pop_size=population),
        ("n_gen", generations),
        seed=seed,
        verbose=False,
    )
    if result.X is None:
        raise InputError(
            f"no operating point meets {100 * purity_min:g} % Se within the furnace hours"
        )
    X = np.unique(np.atleast_2d(result.X), axis=0)  # NSGA-II may keep twins
    X = X[np.argsort(-OBJECTIVES[objectives[0]][1] * outputs(X)[OBJECTIVES[objectives[0]][0]])]
    count["n"] -= len(X)  # the sort's re-evaluation is not part of the search
    values = outputs(X)
    count["n"] -= len(X)
    return ParetoFront(
        objectives=tuple(objectives),
        temperature=X[:, 0],
        distilled_fraction=X[:, 1],
        head_cut=X[:, 2],
        values=values,
        purity_min=purity_min,
        evaluations=count["n"],
    )
