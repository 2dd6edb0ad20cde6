"""Vacuum distillation of 10,000 crude-selenium feeds in one vectorized call.

Feeds: the Balkhash base crude's impurities scaled and reshuffled at random
(Se 80-97 wt %). The same model is also called one feed at a time on a
subset, in the same process, to show what the scenario axis buys; and the
built-in case is run end-to-end from the shell, Python start-up included.
Run: python benchmarks/bench_distillation.py
"""

from __future__ import annotations

import subprocess
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
    distill(CrudeSelenium(components, w[:10], forms), conditions)  # warm caches
    start = time.perf_counter()
    result = distill(CrudeSelenium(components, w, forms), conditions)
    vectorized = time.perf_counter() - start
    assert float(result.mass_balance_error.max()) < 1e-9

    k = 200
    start = time.perf_counter()
    for row in w[:k]:
        distill(CrudeSelenium(components, row, forms), conditions)
    looped = (time.perf_counter() - start) / k

    print(f"{n} feeds x {len(components)} elements, {2 * conditions.steps} steps each")
    print(f"one vectorized call: {vectorized:.3f} s = {vectorized / n * 1e6:.1f} us per feed")
    print(f"one call per feed ({k} feeds): {looped * 1e3:.2f} ms per feed")
    print(f"ratio (per-feed calls / vectorized, per feed): {looped / (vectorized / n):.0f}x")
    print(f"largest mass-balance error: {float(result.mass_balance_error.max()):.1e}")

    start = time.perf_counter()
    subprocess.run(["valorize", "run", "balkhash-selenium"], check=True, capture_output=True)
    print(f"'valorize run balkhash-selenium' wall time: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
