"""Bubble temperatures of 100,000 five-component Se-Te-S-Hg-Pb melts at 10 Pa.

The melts are crude-selenium-like: 80-100 mol % Se, the rest Te, S, Hg and
Pb in random shares. Volatile Hg and S pull many bubble points below 450 K,
the lower end of selenium's data, so the benchmark runs with extrapolate=True
(the same equations are extrapolated on both sides).

valorize evaluates all melts in one vectorized call; the peer, `thermo`'s
FlashVL (ideal gas, ideal liquid, the same vapour-pressure equations and
constants: see tests/peers.py), is called once per melt, in the same process,
on a random subset of them. Both pinned to one core, each best of ``--repeats`` after
a warm-up (:mod:`timing`). The script checks that both agree, then prints the time per
point of each and their ratio.
Run: python benchmarks/bench_bubble_point.py [--points N] [--peer-points M] [--repeats R]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from timing import best_of, machine, one_core

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from peers import thermo_bubble_flasher, thermo_bubble_temperature
from valorize.thermo.vle import bubble_temperature

COMPONENTS = ["Se", "Te", "S", "Hg", "Pb"]
PRESSURE_PA = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--peer-points", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    one_core()

    rng = np.random.default_rng(2026)
    impurities = rng.uniform(0.0, 0.2, args.points)[:, None]
    shares = rng.dirichlet(np.ones(len(COMPONENTS) - 1), size=args.points)
    x = np.hstack([1.0 - impurities, impurities * shares])

    def valorize_call():
        return bubble_temperature(COMPONENTS, x, PRESSURE_PA, extrapolate=True)

    bubble_temperature(COMPONENTS, x[:100], PRESSURE_PA, extrapolate=True)  # warm caches
    ours = valorize_call()
    best = best_of(valorize_call, args.repeats)
    ours_per_point = best / args.points

    flasher = thermo_bubble_flasher(COMPONENTS)
    subset = rng.choice(args.points, size=args.peer_points, replace=False)

    def thermo_calls():
        return np.array([thermo_bubble_temperature(flasher, z, PRESSURE_PA) for z in x[subset]])

    theirs = thermo_calls()  # warm-up, and the values to compare
    peer_per_point = best_of(thermo_calls, args.repeats) / args.peer_points

    deviation = np.max(np.abs(theirs / ours.temperature[subset] - 1.0))
    print(machine())
    print(f"melts: {args.points} x {len(COMPONENTS)} components at {PRESSURE_PA:g} Pa")
    print(
        f"valorize, one vectorized call: {best:.3f} s = {ours_per_point * 1e6:.2f} us/point "
        f"(best of {args.repeats})"
    )
    print(
        f"thermo FlashVL, one call per melt ({args.peer_points} melts): "
        f"{peer_per_point * 1e6:.1f} us/point (best of {args.repeats})"
    )
    print(f"largest relative difference in T: {deviation:.2e}")
    print(f"ratio (thermo / valorize per point): {peer_per_point / ours_per_point:.0f}x")

    beside = Path(sys.executable).with_name("valorize")  # a venv need not be activated
    start = time.perf_counter()
    subprocess.run(
        [str(beside) if beside.exists() else "valorize", "--help"], check=True, capture_output=True
    )
    print(
        f"'valorize --help' wall time incl. Python start-up: {time.perf_counter() - start:.3f} s "
        "(one run)"
    )


if __name__ == "__main__":
    main()
