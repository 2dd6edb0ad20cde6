r"""The best operating point of any model: one objective, decisions by path, targets as constraints.

Problem: over decision variables :math:`d` (parameters of the model named by
their dotted paths, each in a range), maximize (or minimize, by the metric's sense)
one metric :math:`f` subject to the model's targets :math:`g_k`:

.. math::

    \max_{d \in [l, u]} f(d) \quad \text{s.t.} \quad g_k(d) \ge b_k \;\text{or}\;
    g_k(d) \le b_k \quad \forall k

For the refinery the defaults are the direct Se recovery over the melt temperature,
the distilled fraction, the head cut (and a lone product condenser's temperature),
with the purity, the furnace hours of a year (``operating_hours`` of
``data/process.toml``: without it the optimum runs cold and slow, where tellurium
separates best but a batch takes weeks) and a buyer's impurity limits as
constraints; each route declares its own defaults
(:attr:`valorize.model.protocol.Model.objective`,
:meth:`~valorize.model.protocol.Model.default_decisions`).

Solved by scipy's differential evolution (Storn & Price, J. Global Optim. 11
(1997) 341, doi:10.1023/A:1008202821328) in its vectorized form, each generation
of candidates one :meth:`~valorize.model.protocol.Model.evaluate` call, with the
constraints handled by Lampinen's rules (J. Lampinen, Proc. CEC 2002, 1468:
a feasible candidate beats an infeasible one, two infeasible ones compare by their
constraint violation), scipy's ``NonlinearConstraint``. A candidate the model
cannot evaluate (NaN) violates every constraint. Same seed, same answer.

The optimum then has a trade-off curve: one decision (the route's
:attr:`~valorize.model.protocol.Model.sweep`, e.g. the distilled fraction) swept
over its range with the others held at the optimum.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from valorize.errors import InputError
from valorize.model.protocol import Model, Target

#: Differential evolution's settings: candidates per decision, generations, tolerance.
POPULATION, GENERATIONS, TOLERANCE = 64, 60, 1e-7
#: Points of the trade-off curve.
CURVE_POINTS = 25
#: Stand-in for a metric the model could not evaluate: far on the wrong side of a bound.
_FAR = 1e30


@dataclass(frozen=True)
class Optimum:
    """The best point, its metrics, the constraints it meets and the trade-off curve.

    Attributes
    ----------
    objective, maximize
        The metric optimized and whether more is better.
    decisions
        Decision name -> (low, high) searched.
    x
        Decision name -> value at the optimum (in the parameter's unit).
    metrics
        Every metric of the model at the optimum.
    constraints
        The targets held as constraints, with ``met`` at the optimum.
    feasible
        Whether every constraint holds at the optimum.
    evaluations
        Scenarios the model evaluated during the search.
    sweep, curve
        The decision swept and, along it, its values and every metric (arrays of
        :data:`CURVE_POINTS`); None without a sweep.
    """

    objective: str
    maximize: bool
    decisions: dict[str, tuple[float, float]]
    x: dict[str, float]
    metrics: dict[str, float]
    constraints: tuple[tuple[Target, bool], ...]
    feasible: bool
    evaluations: int
    sweep: str | None = None
    curve: dict[str, np.ndarray] | None = None


def check_decisions(
    model: Model, decisions: Mapping[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """The decisions, each a parameter of the model with an increasing range in its bounds."""
    if not decisions:
        raise InputError(f"{model.name}: no decision variables; give --decision PATH=LOW,HIGH")
    out = {}
    for name, (low, high) in decisions.items():
        p = model.parameter(name)
        if not (np.isfinite(low) and np.isfinite(high) and low < high):
            raise InputError(f"--decision {name}: give an increasing range, not {low:g}, {high:g}")
        if low < p.bounds[0] or high > p.bounds[1]:
            raise InputError(
                f"--decision {name}: [{low:g}, {high:g}] {p.unit} leaves the parameter's "
                f"bounds [{p.bounds[0]:g}, {p.bounds[1]:g}] {p.unit}"
            )
        out[name] = (float(low), float(high))
    return out


def optimize(
    model: Model,
    decisions: Mapping[str, tuple[float, float]] | None = None,
    objective: str | None = None,
    constraints: Sequence[Target] | None = None,
    *,
    seed: int = 0,
    population: int = POPULATION,
    generations: int = GENERATIONS,
    sweep: str | None = None,
) -> Optimum:
    """The decisions that optimize ``objective`` under ``constraints``; see the module.

    Parameters
    ----------
    model
        A model of any route.
    decisions
        Parameter name -> (low, high), in the parameter's unit; default the model's
        :meth:`~valorize.model.protocol.Model.default_decisions`.
    objective
        A metric; default the model's :attr:`~valorize.model.protocol.Model.objective`.
        Minimized if its sense is ``less``, else maximized.
    constraints
        Targets to meet; default the model's :attr:`~valorize.model.protocol.Model.targets`.
    seed, population, generations
        Differential evolution's seed, candidates per decision and generations.
    sweep
        The decision to sweep for the trade-off curve; default the model's ``sweep``
        when it is a decision.

    Returns
    -------
    Optimum

    Raises
    ------
    InputError
        For an unknown objective, decision or constraint metric, or bad ranges.
    """
    from scipy.optimize import NonlinearConstraint, differential_evolution

    decisions = check_decisions(
        model, model.default_decisions() if decisions is None else decisions
    )
    objective = objective or model.objective
    if not objective:
        raise InputError(f"{model.name}: give --objective, one of the model's metrics")
    maximize = model.metric(objective).sense != "less"
    if sweep is not None and sweep not in decisions:
        raise InputError(f"--sweep: {sweep!r} is not a decision")
    targets = tuple(model.targets if constraints is None else constraints)
    for t in targets:
        model.metric(t.metric)
    names = list(decisions)
    cache: dict[bytes, dict[str, float]] = {}
    count = {"n": 0}

    def metrics(X: np.ndarray) -> list[dict[str, float]]:
        """Every metric of each candidate (columns of X), evaluated once per candidate."""
        X = np.asarray(X, dtype=float)
        X = X[:, None] if X.ndim == 1 else X  # (decisions, candidates)
        keys = [X[:, j].tobytes() for j in range(X.shape[1])]
        todo = [j for j, k in enumerate(keys) if k not in cache]
        if todo:
            x = {name: X[i, todo] for i, name in enumerate(names)}
            count["n"] += len(todo)
            y = model.evaluate(x, len(todo))
            for r, j in enumerate(todo):
                cache[keys[j]] = {m: float(v[r]) for m, v in y.items()}
        return [cache[k] for k in keys]

    def energy(X: np.ndarray) -> np.ndarray:
        values = np.array([row[objective] for row in metrics(X)])
        score = -values if maximize else values
        return np.where(np.isfinite(score), score, _FAR)

    def constraint_values(X: np.ndarray) -> np.ndarray:
        rows = metrics(X)
        out = np.empty((len(targets), len(rows)))
        for k, t in enumerate(targets):
            v = np.array([row[t.metric] for row in rows])
            far = t.value - _FAR if t.sense == ">=" else t.value + _FAR
            out[k] = np.where(np.isfinite(v), v, far)
        return out

    bounds = [decisions[n] for n in names]
    kwargs: dict[str, Any] = {}
    if targets:
        lb = [t.value if t.sense == ">=" else -np.inf for t in targets]
        ub = [t.value if t.sense != ">=" else np.inf for t in targets]
        kwargs["constraints"] = NonlinearConstraint(constraint_values, lb, ub)
    best = differential_evolution(
        energy,
        bounds=bounds,
        vectorized=True,
        updating="deferred",
        popsize=population,
        seed=seed,
        tol=TOLERANCE,
        maxiter=generations,
        polish=False,
        **kwargs,
    )
    x = {n: float(v) for n, v in zip(names, np.atleast_1d(best.x), strict=True)}
    at = model.evaluate({n: np.array([v]) for n, v in x.items()}, 1)
    values = {m: float(v[0]) for m, v in at.items()}
    checks = tuple((t, bool(t.met(np.array(values[t.metric])))) for t in targets)
    sweep = sweep if sweep is not None else (model.sweep if model.sweep in decisions else None)
    curve = None
    if sweep is not None:
        grid = np.linspace(*decisions[sweep], CURVE_POINTS)
        xs = {n: np.full(CURVE_POINTS, v) for n, v in x.items()}
        xs[sweep] = grid
        curve = {sweep: grid, **model.evaluate(xs, CURVE_POINTS)}
    return Optimum(
        objective=objective,
        maximize=maximize,
        decisions=decisions,
        x=x,
        metrics=values,
        constraints=checks,
        feasible=all(met for _, met in checks),
        evaluations=count["n"],
        sweep=sweep,
        curve=curve,
    )
