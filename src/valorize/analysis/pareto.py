r"""Multi-objective optimization of any model: a Pareto front with NSGA-II.

The decision variables are parameters of the model named by their case paths (the
route's defaults, :meth:`~valorize.model.protocol.Model.default_decisions`, or any
others), the objectives two or more of its metrics (each maximized where more is
better, else minimized; a route may name short aliases, the refinery's ``recovery``,
``purity``, ``unit_cost`` ...), the constraints the model's targets
:math:`g_k \ge b_k` or :math:`g_k \le b_k` (for the refinery the purity, the output,
the furnace hours of a year and a buyer's impurity limits).

Under uncertainty (``probability`` p) every candidate is evaluated over M fixed
samples of the case's uncertain inputs that are not decisions (common random numbers
across generations); the objectives are then the means over the samples and every
target a chance constraint, :math:`P(g_k \text{ met}) \ge p`. The genetic algorithm
NSGA-II (Deb et al., IEEE Trans. Evol. Comput. 6 (2002) 182) of :mod:`pymoo` evolves
a population that valorize evaluates in one vectorized model call per generation;
constraints enter as :math:`G \le 0` with G the target's relative shortfall (or
:math:`p - P`). The front is the non-dominated feasible set of the last population.
Same seed, same front.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from valorize.analysis.optimize import check_decisions
from valorize.analysis.uncertainty import evaluate_within_bounds
from valorize.errors import InfeasibleError, InputError
from valorize.model.protocol import Model, Target

#: A constraint value for a candidate the model could not evaluate: far infeasible.
_FAR = 1e30


@dataclass(frozen=True)
class ParetoFront:
    """The non-dominated feasible points, sorted by the first objective (best first).

    ``x`` holds each decision's values and ``values`` every metric (means over the
    samples under uncertainty, plus ``probability_<target>``), each of shape ``(k,)``.
    """

    objectives: tuple[str, ...]
    decisions: tuple[str, ...]
    x: dict[str, np.ndarray]
    values: dict[str, np.ndarray]
    evaluations: int
    probability: float | None = None
    risk_samples: int = 0

    @property
    def size(self) -> int:
        """Points on the front."""
        return int(next(iter(self.x.values())).size) if self.x else 0

    def rows(self) -> list[dict[str, float]]:
        """The front as table rows: decisions, then the metrics."""
        return [
            {
                **{k: float(v[i]) for k, v in self.x.items()},
                **{k: float(v[i]) for k, v in self.values.items()},
            }
            for i in range(self.size)
        ]


def objective_metrics(model: Model, objectives: Sequence[str]) -> tuple[str, ...]:
    """The metrics the objectives name (a metric, or a route's alias for one)."""
    aliases = model.objective_aliases
    names = tuple(aliases.get(o, o) for o in objectives)
    known = [m.name for m in model.metrics]
    unknown = [o for o, n in zip(objectives, names, strict=True) if n not in known]
    if unknown or len(names) < 2 or len(set(names)) != len(names):
        allowed = ", ".join([*aliases, *known])
        raise InputError(
            f"--objectives: give two or more different of {allowed}"
            + (f", not {unknown[0]!r}" if unknown else "")
        )
    return names


def _shortfall(t: Target, y: np.ndarray) -> np.ndarray:
    """Relative shortfall of a target: <= 0 where it holds; far where y is NaN."""
    scale = max(abs(t.value), np.finfo(float).tiny)
    g = (t.value - y) / scale if t.sense == ">=" else (y - t.value) / scale
    return np.where(np.isfinite(g), g, _FAR)


def pareto_front(
    model: Model,
    objectives: Sequence[str],
    decisions: Mapping[str, tuple[float, float]] | None = None,
    *,
    probability: float | None = None,
    risk_samples: int = 64,
    population: int = 60,
    generations: int = 40,
    seed: int = 0,
) -> ParetoFront:
    """The Pareto front of the model's objectives over the decisions; see the module.

    Parameters
    ----------
    model
        A model of any route.
    objectives
        Two or more metrics (or the route's aliases), e.g. ``("recovery", "unit_cost")``.
    decisions
        Parameter name -> (low, high); default the route's.
    probability
        Every target must hold in a share p of ``risk_samples`` samples of the case's
        uncertain inputs (inputs that are decisions are left out); None: deterministic.
    population, generations, seed
        NSGA-II settings; the same seed gives the same front.

    Raises
    ------
    InputError
        For unknown objectives, bad decisions, a bad probability or sample count, or a
        missing pymoo.
    InfeasibleError
        If no point of the search meets every target.
    """
    try:
        from pymoo.algorithms.moo.nsga2 import NSGA2
        from pymoo.core.problem import Problem
        from pymoo.optimize import minimize
    except ImportError:
        raise InputError("the Pareto front needs pymoo: pip install 'valorize[optimize]'") from None
    names = objective_metrics(model, objectives)
    decisions = check_decisions(
        model, model.default_decisions() if decisions is None else decisions
    )
    keys = list(decisions)
    lower, upper = np.array([decisions[k] for k in keys], dtype=float).T
    risk = _risk_inputs(model, keys, probability, risk_samples, seed)
    m = 1 if risk is None else risk_samples
    targets = tuple(model.targets)
    sense = {o: (-1.0 if model.metric(o).sense != "less" else 1.0) for o in names}
    count = {"n": 0}

    def outputs(X: np.ndarray) -> dict[str, np.ndarray]:
        """Metrics per candidate (means over the samples) and each target's odds."""
        count["n"] += len(X) * m
        x = {k: np.repeat(X[:, j], m) for j, k in enumerate(keys)}
        if risk is not None:
            x.update({k: np.tile(v, len(X)) for k, v in risk.items()})
        y, _ = evaluate_within_bounds(model, x, len(X) * m)  # a sample out of bounds: NaN
        y = {k: v.reshape(len(X), m) for k, v in y.items()}
        out = {k: v.mean(axis=1) for k, v in y.items()}
        if risk is not None:
            for t in targets:
                out[f"probability_{t.name}"] = np.mean(t.met(y[t.metric]), axis=1)
        return out

    def constraints(y: dict[str, np.ndarray]) -> list[np.ndarray]:
        if probability is None:
            return [_shortfall(t, y[t.metric]) for t in targets]
        return [probability - y[f"probability_{t.name}"] for t in targets]

    class Search(Problem):
        def __init__(self) -> None:
            super().__init__(
                n_var=len(keys),
                n_obj=len(names),
                n_ieq_constr=len(targets),
                xl=lower,
                xu=upper,
            )

        def _evaluate(self, X: np.ndarray, out: dict, *args: object, **kwargs: object) -> None:
            y = outputs(X)
            F = np.column_stack([sense[o] * y[o] for o in names])
            out["F"] = np.where(np.isfinite(F), F, _FAR)
            if targets:
                out["G"] = np.column_stack(constraints(y))

    result = minimize(
        Search(), NSGA2(pop_size=population), ("n_gen", generations), seed=seed, verbose=False
    )
    if result.X is None:
        odds = "" if probability is None else f" with probability {probability:g}"
        wanted = ", ".join(f"{t.metric} {t.sense} {t.value:g}" for t in targets)
        raise InfeasibleError(f"no point of the search meets {wanted}{odds}")
    X = np.unique(np.atleast_2d(result.X), axis=0)  # NSGA-II may keep twins
    first = outputs(X)[names[0]]
    X = X[np.argsort(sense[names[0]] * first)]
    count["n"] -= len(X) * m  # the sort's re-evaluation is not part of the search
    values = outputs(X)
    count["n"] -= len(X) * m
    return ParetoFront(
        objectives=names,
        decisions=tuple(keys),
        x={k: X[:, j] for j, k in enumerate(keys)},
        values=values,
        evaluations=count["n"],
        probability=probability,
        risk_samples=0 if risk is None else risk_samples,
    )


def _risk_inputs(
    model: Model, decisions: list[str], probability: float | None, samples: int, seed: int
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

    dists = {k: d for k, d in declared_distributions(model).items() if k not in decisions}
    if not dists:
        raise InputError("--grade-probability needs [[uncertainty]] inputs other than decisions")
    return sample_distributions(dists, samples, seed)
