"""Vacuum distillation of 10,000 crude-selenium feeds in one vectorized call.

Feeds: the Balkhash base crude's impurities scaled and reshuffled at random
(Se 80-97 wt %). valorize against itself, on one core, best of 3: the compiled
steps (:mod:`valorize.units.distillation_kernel`), the NumPy reference steps over
the same scenario axis, and the NumPy steps called one feed at a time on a subset,
to show what the compiled kernel and the scenario axis each buy (no peer library
distils a metal melt batch; ``bench_bubble_point.py`` and ``bench_vs_biosteam.py``
compare with peers). The built-in case is also run end to end from the shell,
Python start-up included, best of 5, beside a bare ``python -c pass`` (the first run
keeps pint's conversions of the case, :mod:`valorize.quantity_memo`; the rest read them).
Run: python benchmarks/bench_distillation.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import numpy as np

from valorize.refinery.case import load_case
from valorize.refinery.inputs import case_conditions
from valorize.units.vacuum_distillation import CrudeSelenium, distill


def main() -> None:
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
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    distill(CrudeSelenium(components, w[:600], forms), conditions)  # warm, compile
    times = {}
    for compiled in (True, False):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            result = distill(CrudeSelenium(components, w, forms), conditions, compiled=compiled)
            best = min(best, time.perf_counter() - start)
        times[compiled] = best
        assert float(result.mass_balance_error.max()) < 1e-9

    k = 200
    start = time.perf_counter()
    for row in w[:k]:
        distill(CrudeSelenium(components, row, forms), conditions, compiled=False)
    looped = (time.perf_counter() - start) / k

    print(f"load average {os.getloadavg()[0]:.2f}; one core")
    print(f"{n} feeds x {len(components)} elements, {2 * conditions.steps} steps each")
    for compiled, label in ((True, "compiled steps"), (False, "NumPy steps")):
        print(
            f"one call, {label}: {times[compiled]:.3f} s = "
            f"{times[compiled] / n * 1e6:.1f} us per feed"
        )
    print(f"one NumPy call per feed ({k} feeds): {looped * 1e3:.2f} ms per feed")
    print(f"compiled / NumPy, vectorized: {times[False] / times[True]:.1f}x")
    print(f"per-feed calls / compiled vectorized, per feed: {looped / (times[True] / n):.0f}x")
    print(f"largest mass-balance error: {float(result.mass_balance_error.max()):.1e}")

    def best_of(cmd: list[str], runs: int = 5) -> float:
        best = float("inf")
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            best = min(best, time.perf_counter() - start)
        return best

    bare = best_of([sys.executable, "-c", "pass"])
    # the command installed beside this Python (a venv need not be activated)
    beside = os.path.join(os.path.dirname(sys.executable), "valorize")
    command = beside if os.path.exists(beside) else "valorize"
    run = best_of([command, "run", "balkhash-selenium"])
    print(
        f"'valorize run balkhash-selenium': {run * 1e3:.0f} ms, 'python -c pass': "
        f"{bare * 1e3:.0f} ms ({run / bare:.0f}x; best of 5 each)"
    )


if __name__ == "__main__":
    main()
