"""A recycle flowsheet on the scenario axis: N scenarios in one solve against N solves.

The Balkhash plant (mixer, melter, vacuum furnace, residue splitter, three sinks) with
recycle shares spread over 0-0.9 and feed rates over 50-150 t/yr. valorize solves all
scenarios in one call (Wegstein iterates on the whole array); the peer is the same
System solved once per scenario, in the same process, as an object-per-sample simulator
would. Both pinned to one core, each best of ``--repeats`` after a warm-up
(:mod:`timing`); valorize against itself, to show what the scenario axis buys. The
script checks that both agree (outside the timed calls), then prints the time per
scenario of each and their ratio.
Run: python benchmarks/bench_flowsheet.py [--scenarios N] [--peer-scenarios M] [--repeats R]
"""

from __future__ import annotations

import argparse

import numpy as np

from timing import best_of, machine, one_core
from valorize.flowsheet.blocks import Melter, Mixer, Sink, Splitter, VacuumFurnace
from valorize.flowsheet.stream import Stream
from valorize.flowsheet.system import System
from valorize.flowsheet.unit import seconds_per_year
from valorize.refinery.case import load_case
from valorize.refinery.inputs import case_conditions


def system(case, feed: np.ndarray, share: np.ndarray | float, components: tuple) -> System:
    """The plant with its residue loop, for given feeds (kg/s) and recycle shares."""
    cond = case_conditions(case)
    units = [
        Mixer("mixer", ("crude", "back"), ("charge",)),
        Melter("melter", ("charge",), ("melt",), temperature=cond.temperature),
        VacuumFurnace(
            "furnace",
            ("melt",),
            ("condensate", "residue", "cut"),
            conditions=cond,
            activity=case.model.activity,
            forms=dict(case.feed.forms),
        ),
        Splitter("splitter", ("residue",), ("sold", "back"), fractions=(1.0 - share, share)),
        Sink("sale", ("condensate",), (), destination="sale"),
        Sink("smelter", ("sold",), (), destination="smelter"),
        Sink("waste", ("cut",), (), destination="waste"),
    ]
    return System(units, {"crude": Stream("crude", components, feed)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenarios", type=int, default=1000)
    parser.add_argument("--peer-scenarios", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    one_core()
    case, _, _ = load_case("balkhash-selenium")
    comp = tuple(case.feed.composition_wt_pct)
    w = np.array([case.feed.composition_wt_pct[s] / 100 for s in comp])
    rng = np.random.default_rng(1)
    shares = rng.uniform(0.0, 0.9, args.scenarios)
    feeds = w * (rng.uniform(50.0, 150.0, args.scenarios) * 1000.0 / seconds_per_year())[:, None]

    k = args.peer_scenarios

    def together():
        return system(case, feeds, shares, comp).solve()

    def one_by_one():
        return [system(case, feeds[j], float(shares[j]), comp).solve() for j in range(k)]

    vectorized, single = together(), one_by_one()  # warm-up, and the values to compare
    for j, alone in enumerate(single):
        np.testing.assert_allclose(
            vectorized.streams["condensate"].mass[j], alone.streams["condensate"].mass, rtol=1e-9
        )
    vector = best_of(together, args.repeats) / args.scenarios
    each = best_of(one_by_one, args.repeats) / k
    print(machine())
    print(
        f"one solve of {args.scenarios} scenarios: {vector * 1e3:.3f} ms per scenario "
        f"(best of {args.repeats})"
    )
    print(f"{k} single solves:          {each * 1e3:.3f} ms per scenario (best of {args.repeats})")
    print(f"ratio (single / vectorized): {each / vector:.1f}")


if __name__ == "__main__":
    main()
