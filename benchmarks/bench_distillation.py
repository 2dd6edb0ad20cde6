"""Vacuum distillation of 10,000 crude-selenium feeds in one vectorized call.

Feeds: the Balkhash base crude's impurities scaled and reshuffled at random
(Se 80-97 wt %), the case's one condenser or, with ``--condensers``, condensation zones
(K, hottest first; the first is the product's; vapour pressures extrapolated below
their data, as Sb's start at 500 K). valorize against itself, on one core, best of 3:
the compiled steps (:mod:`valorize.units.distillation_kernel`), the NumPy reference steps over
the same scenario axis, and the NumPy steps called one feed at a time on a subset,
to show what the compiled kernel and the scenario axis each buy (no peer library
distils a metal melt batch; ``bench_bubble_point.py`` and ``bench_vs_biosteam.py``
compare with peers). The built-in case is also run end to end from the shell,
Python start-up included, best of 5, beside a bare ``python -c pass`` and a program that
only imports NumPy and validates one pydantic model (the first run keeps pint's
conversions and the data tables, :mod:`valorize.quantity_memo` and
:mod:`valorize.data.table_memo`; the rest read them).
Run: python benchmarks/bench_distillation.py [--condensers 540,460]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import replace

import numpy as np

from valorize.refinery.case import load_case
from valorize.refinery.inputs import case_conditions
from valorize.units.vacuum_distillation import CrudeSelenium, distill

#: A program that imports NumPy and validates one pydantic model, and nothing else.
FLOOR = (
    "import numpy, pydantic\n"
    "class M(pydantic.BaseModel):\n"
    "    x: float = pydantic.Field(1.0, gt=0)\n"
    "M(x=2.0)"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--condensers", default="", help="zone temperatures, K, e.g. 540,460")
    args = parser.parse_args()
    zones = tuple(float(t) for t in args.condensers.split(",") if t)
    case, _, _ = load_case("balkhash-selenium")
    components = tuple(case.feed.composition_wt_pct)
    forms = tuple(case.feed.forms.get(s, "dissolved") for s in components)
    base = np.array([case.feed.composition_wt_pct[s] for s in components]) / 100.0
    rng = np.random.default_rng(7)
    n = 10_000
    impurity = base[1:] * rng.lognormal(0.0, 0.5, (n, base.size - 1))
    impurity *= (rng.uniform(0.03, 0.20, n) / impurity.sum(axis=1))[:, None]
    w = np.hstack([1.0 - impurity.sum(axis=1, keepdims=True), impurity])
    conditions = case_conditions(case)
    if zones:
        conditions = replace(conditions, condensers=zones, product_condenser=0)
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    distill(CrudeSelenium(components, w[:600], forms), conditions, extrapolate=bool(zones))
    times = {}
    for compiled in (True, False):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            result = distill(
                CrudeSelenium(components, w, forms),
                conditions,
                compiled=compiled,
                extrapolate=bool(zones),
            )
            best = min(best, time.perf_counter() - start)
        times[compiled] = best
        assert float(result.mass_balance_error.max()) < 1e-9

    k = 200
    start = time.perf_counter()
    for row in w[:k]:
        feed = CrudeSelenium(components, row, forms)
        distill(feed, conditions, compiled=False, extrapolate=bool(zones))
    looped = (time.perf_counter() - start) / k

    print(f"load average {os.getloadavg()[0]:.2f}; one core")
    print(
        f"{n} feeds x {len(components)} elements, {2 * conditions.steps} steps each, "
        + (f"condensation zones at {args.condensers} K" if zones else "one condenser")
    )
    for compiled, label in ((True, "compiled steps"), (False, "NumPy steps")):
        print(
            f"one call, {label}: {times[compiled]:.3f} s = "
            f"{times[compiled] / n * 1e6:.1f} us per feed"
        )
    print(f"one NumPy call per feed ({k} feeds): {looped * 1e3:.2f} ms per feed")
    print(f"compiled / NumPy, vectorized: {times[False] / times[True]:.1f}x")
    print(f"per-feed calls / compiled vectorized, per feed: {looped / (times[True] / n):.0f}x")
    print(f"largest mass-balance error: {float(result.mass_balance_error.max()):.1e}")

    # the command installed beside this Python (a venv need not be activated)
    beside = os.path.join(os.path.dirname(sys.executable), "valorize")
    commands = {
        "valorize run balkhash-selenium": [
            beside if os.path.exists(beside) else "valorize", "run", "balkhash-selenium"
        ],
        "python -c pass": [sys.executable, "-c", "pass"],
        # what any program pays that imports NumPy and validates one pydantic model
        # (pydantic imports most of itself on the first model): the floor under a run
        "NumPy + one pydantic model": [sys.executable, "-c", FLOOR],
    }  # fmt: skip
    best = dict.fromkeys(commands, float("inf"))
    for _ in range(5):  # interleaved, so a drift of the machine's speed hits all alike
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            best[name] = min(best[name], time.perf_counter() - start)
    bare = best["python -c pass"]
    for name in commands:
        print(f"'{name}': {best[name] * 1e3:.0f} ms ({best[name] / bare:.1f}x 'python -c pass')")
    print("best of 5 each, interleaved")


if __name__ == "__main__":
    main()
