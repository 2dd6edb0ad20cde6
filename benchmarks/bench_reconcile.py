"""Reconciliation of a 51-stream survey, against SciPy's SLSQP on the same problem.

The survey: a tree of 25 two-way separators (51 streams), four components, every mass
but two and every assay measured with 2 % and 5 % relative errors
(:mod:`valorize.reconciliation.synthetic`). valorize solves it by successive
linearisation with Crowe's projection, then its statistics; the peer, in the same
process, is ``scipy.optimize.minimize(method="SLSQP")`` on the same weighted
least-squares objective and balance constraints (no statistics), from the same start.
Both must agree on the reconciled values. Both pinned to one core, each best of
``--repeat`` after a warm-up (:mod:`timing`).
Run: python benchmarks/bench_reconcile.py [--nodes N] [--components C] [--repeat R]
"""

from __future__ import annotations

import argparse

import numpy as np
from scipy.optimize import minimize

from timing import best_of, machine, one_core
from valorize.reconciliation.balance import _Problem, reconcile
from valorize.reconciliation.synthetic import measure, separation_tree


def _peer(network, measurements) -> np.ndarray:
    """The same problem through SLSQP: all variables, measured ones penalised."""
    masses = [m.value for m in measurements if m.quantity == "mass"]
    problem = _Problem(network, max(masses))
    index = {k: j for j, k in enumerate(problem.keys)}
    scale = np.array([problem.scale if q == "mass" else 1.0 for _, q in problem.keys])
    at = np.array([index[(m.stream, m.quantity)] for m in measurements])
    y = np.array([m.value for m in measurements]) / scale[at]
    sd = np.array([m.sd for m in measurements]) / scale[at]
    start = np.where(
        [q == "mass" for _, q in problem.keys], np.mean(np.array(masses)) / problem.scale, 0.02
    )
    start[at] = y

    def objective(v: np.ndarray) -> float:
        return float(np.sum(((v[at] - y) / sd) ** 2))

    def gradient(v: np.ndarray) -> np.ndarray:
        g = np.zeros_like(v)
        g[at] = 2 * (v[at] - y) / sd**2
        return g

    result = minimize(
        objective,
        start,
        jac=gradient,
        method="SLSQP",
        constraints={"type": "eq", "fun": problem.constraints, "jac": problem.jacobian},
        options={"maxiter": 500, "ftol": 1e-12},
    )
    return result.x[at] * scale[at]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nodes", type=int, default=25)
    parser.add_argument("--components", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    one_core()
    rng = np.random.default_rng(5)
    plant = separation_tree(args.nodes, args.components, rng)
    measurements = measure(plant, rng, skip_mass=("s3", "s8"))
    reconcile(plant.network, measurements)  # warm: imports, first calls
    result = reconcile(plant.network, measurements, eliminate=False)
    ours = best_of(lambda: reconcile(plant.network, measurements, eliminate=False), args.repeat)
    peer = _peer(plant.network, measurements)  # warm-up, and the values to compare
    theirs = best_of(lambda: _peer(plant.network, measurements), args.repeat)
    gap = np.max(np.abs(peer - result.reconciled) / np.array([m.sd for m in measurements]))
    print(machine())
    print(
        f"{len(plant.network.streams)} streams, {args.components} components, "
        f"{len(measurements)} measured values, {len(result.unknowns)} estimated"
    )
    print(f"valorize reconcile (with statistics): {ours * 1e3:.0f} ms (best of {args.repeat})")
    print(f"SciPy SLSQP (values only): {theirs * 1e3:.0f} ms (best of {args.repeat})")
    print(f"ratio (SLSQP / valorize): {theirs / ours:.1f}x; largest gap {gap:.1e} sd")


if __name__ == "__main__":
    main()
