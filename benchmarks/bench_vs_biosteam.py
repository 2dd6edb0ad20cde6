"""Time per uncertainty sample: valorize's vectorized case against BioSTEAM's per-sample model.

BioSTEAM evaluates one flowsheet object per sample. The peer here is its own kind of
model at its smallest: a two-unit process (a mixer and an isothermal flash of a
water-ethanol feed) wrapped in ``biosteam.evaluation.Model`` with two uncertain
parameters (feed rate and flash temperature) and two metrics. valorize runs the
Balkhash refinery case end to end as ``valorize uncertainty`` does
(:func:`~valorize.analysis.uncertainty.run_uncertainty`: Latin-hypercube samples of
six inputs, two rank-correlated, batch distillation of a 13-element melt, the cash
flow, the summaries), in chunks. Both run in this process, pinned to one core, best
of ``--repeats`` after a warm-up.

BioSTEAM is not a valorize dependency, and BioSTEAM 2.52 and later need Python 3.12:
``benchmarks/peer_env.sh`` builds ``.venv-peer`` with valorize and ``biosteam<2.52``
together; then ``.venv-peer/bin/python benchmarks/bench_vs_biosteam.py``. Both
environments install the same source tree, and numba keeps one set of compiled kernels
per source file, dropping another numba version's: so this script keeps its kernels in
its environment's own folder (``NUMBA_CACHE_DIR``, ``<environment>/numba-cache``, unless
set), and running it does not make the main environment compile again.
Run: python benchmarks/bench_vs_biosteam.py [--samples N] [--peer-samples M]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

# before numba is imported (by valorize's first large run, or by BioSTEAM)
os.environ.setdefault("NUMBA_CACHE_DIR", str(Path(sys.prefix) / "numba-cache"))


def valorize_seconds_per_sample(samples: int, repeats: int) -> float:
    from valorize.analysis.uncertainty import run_uncertainty
    from valorize.refinery.case import load_case
    from valorize.refinery.model import RefineryModel

    model = RefineryModel(load_case("balkhash-selenium")[0])
    run_uncertainty(model, 40_000, 0, keep=False)  # warm up: imports, the compiled kernel
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run_uncertainty(model, samples, 1, keep=False)
        best = min(best, time.perf_counter() - start)
    return best / samples


def biosteam_seconds_per_sample(samples: int, repeats: int) -> tuple[float, float]:
    start = time.perf_counter()
    import biosteam as bst
    from biosteam.evaluation import Metric, Model

    imported = time.perf_counter() - start
    bst.settings.set_thermo(["Water", "Ethanol"], cache=True)
    feed = bst.Stream("feed", Water=700, Ethanol=300, units="kg/hr")
    recycle = bst.Stream("dilution", Water=100, units="kg/hr")
    mixer = bst.Mixer("M1", ins=(feed, recycle))
    flash = bst.Flash("F1", ins=mixer - 0, outs=("vapor", "liquid"), T=360, P=101325)
    system = bst.System("sys", path=(mixer, flash))
    system.simulate()
    model = Model(
        system,
        [
            Metric("vapor ethanol", lambda: flash.outs[0].imass["Ethanol"], "kg/hr"),
            Metric("duty", lambda: flash.Hnet, "kJ/hr"),
        ],
    )
    from chaospy import Uniform

    @model.parameter(element=feed, distribution=Uniform(800, 1200), units="kg/hr")
    def set_feed(rate: float) -> None:
        feed.F_mass = rate

    @model.parameter(element=flash, distribution=Uniform(355, 365), units="K")
    def set_temperature(T: float) -> None:
        flash.T = T

    model.load_samples(model.sample(samples, rule="L", seed=0))
    model.evaluate()  # warm up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        model.evaluate()
        best = min(best, time.perf_counter() - start)
    return best / samples, imported


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=200_000)
    parser.add_argument("--peer-samples", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core for both
    print(f"load average {os.getloadavg()[0]:.2f}; both sides on one core")
    ours = valorize_seconds_per_sample(args.samples, args.repeats)
    print(
        f"valorize: {1e6 * ours:.2f} us per sample ({args.samples:,} samples end to end, "
        f"best of {args.repeats})"
    )
    try:
        peer, imported = biosteam_seconds_per_sample(args.peer_samples, args.repeats)
    except ImportError as exc:
        print(f"BioSTEAM not installed ({exc}); no ratio")
        return
    print(
        f"BioSTEAM: {1e6 * peer:.0f} us per sample ({args.peer_samples} samples, best of "
        f"{args.repeats}; import {imported:.1f} s)"
    )
    print(f"ratio: valorize is {peer / ours:.0f}x faster per sample")


if __name__ == "__main__":
    main()
