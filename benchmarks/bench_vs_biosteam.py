"""Time per uncertainty sample: valorize's vectorized case against BioSTEAM's per-sample model.

BioSTEAM evaluates one flowsheet object per sample. The peer here is its own kind of
model at its smallest: a two-unit process (a mixer and an isothermal flash of a
water-ethanol feed) wrapped in ``biosteam.evaluation.Model`` with two uncertain
parameters (feed rate and flash temperature) and two metrics. valorize evaluates the
Balkhash refinery case (six uncertain inputs, batch distillation of a 13-element melt
plus the cash flow) for all samples in one call. Both run in this process.

BioSTEAM is not a valorize dependency; install it beside valorize in a separate
environment to run the comparison: ``pip install "biosteam==2.51.*" "numpy==1.26.4"``
on Python 3.11 (newer BioSTEAM releases need Python 3.12; its numba needs NumPy < 2.1).
Measured on the development machine: valorize 0.061 ms, BioSTEAM 4.25 ms per sample,
69x (import of BioSTEAM 8.7 s).
Run: python benchmarks/bench_vs_biosteam.py [--samples N] [--peer-samples M]
"""

from __future__ import annotations

import argparse
import time

import numpy as np


def valorize_seconds_per_sample(samples: int) -> float:
    from valorize.analysis.uncertainty import declared_distributions
    from valorize.refinery.case import load_case
    from valorize.refinery.model import RefineryModel

    model = RefineryModel(load_case("balkhash-selenium")[0])
    dists = declared_distributions(model)
    sampled = model.for_sampling()
    rng = np.random.default_rng(0)
    x = {k: d.ppf(rng.random(samples)) for k, d in dists.items()}
    sampled.evaluate({k: v[:100] for k, v in x.items()}, 100)  # warm up
    start = time.perf_counter()
    sampled.evaluate(x, samples)
    return (time.perf_counter() - start) / samples


def biosteam_seconds_per_sample(samples: int) -> tuple[float, float]:
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
    start = time.perf_counter()
    model.evaluate()
    return (time.perf_counter() - start) / samples, imported


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=20_000)
    parser.add_argument("--peer-samples", type=int, default=200)
    args = parser.parse_args()
    ours = valorize_seconds_per_sample(args.samples)
    print(f"valorize: {1e3 * ours:.4f} ms per sample ({args.samples} samples, one call)")
    try:
        peer, imported = biosteam_seconds_per_sample(args.peer_samples)
    except ImportError as exc:
        print(f"BioSTEAM not installed ({exc}); no ratio")
        return
    print(
        f"BioSTEAM: {1e3 * peer:.3f} ms per sample ({args.peer_samples} samples; "
        f"import {imported:.1f} s)"
    )
    print(f"ratio: valorize is {peer / ours:.0f}x faster per sample")


if __name__ == "__main__":
    main()
