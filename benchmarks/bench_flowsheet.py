"""A recycle flowsheet on the scenario axis: N scenarios in one solve against N solves.

The Balkhash plant (mixer, melter, vacuum furnace, residue splitter, three sinks) with
recycle shares spread over 0-0.9 and feed rates over 50-150 t/yr. valorize solves all
scenarios in one call (Wegstein iterates on the whole array); the peer is the same
System solved once per scenario, in the same process, as an object-per-sample simulator
would. The script checks that both agree, then prints the time per scenario of each and
their ratio. Run: python benchmarks/bench_flowsheet.py
"""

from __future__ import annotations

import argparse
import time

import numpy as np

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
    args = parser.parse_args()
    case, _, _ = load_case("balkhash-selenium")
    comp = tuple(case.feed.composition_wt_pct)
    w = np.array([case.feed.composition_wt_pct[s] / 100 for s in comp])
    rng = np.random.default_rng(1)
    shares = rng.uniform(0.0, 0.9, args.scenarios)
    feeds = w * (rng.uniform(50.0, 150.0, args.scenarios) * 1000.0 / seconds_per_year())[:, None]

    start = time.perf_counter()
    together = system(case, feeds, shares, comp).solve()
    vector = (time.perf_counter() - start) / args.scenarios

    start = time.perf_counter()
    for k in range(args.peer_scenarios):
        alone = system(case, feeds[k], float(shares[k]), comp).solve()
        np.testing.assert_allclose(
            together.streams["condensate"].mass[k], alone.streams["condensate"].mass, rtol=1e-9
        )
    single = (time.perf_counter() - start) / args.peer_scenarios
    print(f"one solve of {args.scenarios} scenarios: {vector * 1e3:.3f} ms per scenario")
    print(f"{args.peer_scenarios} single solves:          {single * 1e3:.3f} ms per scenario")
    print(f"ratio (single / vectorized): {single / vector:.1f}")


if __name__ == "__main__":
    main()
