"""Calibration of the Balkhash case to the shipped (synthetic) batch log: time to converge.

Runs ``valorize.calibration`` exactly as ``valorize calibrate balkhash-selenium --data
balkhash-batch-log`` does (the parameters the log informs, 32 walkers, until the chain is
at least 50 autocorrelation times long after burn-in, every split R-hat is below 1.01
and every effective sample size reaches 1,000), and prints the time to the converged
posterior, the effective posterior samples per second, the model calls and the time
per call (each call evaluates half the ensemble in one vectorized call). Peer: emcee's
own sampler loop with the same log-posterior evaluated one walker at a time
(``vectorize=False``), timed over ``PEER_STEPS`` (100) steps in the same process, which
is what a model without a vectorized evaluate would cost. It also checks the posterior against
the parameters the log was made with (the joint Mahalanobis distance and its chi-square
p-value). Both pinned to one core (:mod:`timing`); each side's time per step is its mean
over many steps (the whole run to convergence, a minute or so, and the peer's
``PEER_STEPS``), not a best of repeated runs. Run: python benchmarks/bench_calibrate.py
"""

from __future__ import annotations

import time

import numpy as np
from scipy.stats import chi2

from timing import machine, one_core
from valorize.calibration.log import read_batch_log
from valorize.calibration.priors import choose_priors
from valorize.calibration.sampler import _Posterior, calibrate
from valorize.model.registry import load_model
from valorize.plant_data import batch_log_path
from valorize.plant_data.make import LOG_TRUTH

PEER_STEPS = 100


def main() -> None:
    one_core()
    print(machine())
    model = load_model("balkhash-selenium")
    log = read_batch_log(
        batch_log_path("balkhash-batch-log"), {m.name: m.unit for m in model.observables}
    )
    priors = choose_priors(model, log, None)
    c = calibrate(model, log, priors)
    d = c.diagnostics
    print(f"learned: {', '.join(c.names)}")
    print(
        f"converged: {d.converged} after {d.steps} steps x {c.chain.shape[1]} walkers "
        f"in {c.seconds:.0f} s; smallest ESS {d.ess.min():,.0f} "
        f"({d.ess.min() / c.seconds:.1f} effective samples per second), largest R-hat "
        f"{d.r_hat.max():.4f}"
    )
    print(f"model calls: {c.evaluations}, {1e3 * c.seconds / c.evaluations:.1f} ms each")
    samples = c.samples()
    truth = np.array([LOG_TRUTH.get(n, model.parameter(n).baseline) for n in c.names])
    gap = truth - samples.mean(axis=0)
    m2 = float(gap @ np.linalg.solve(np.cov(samples.T), gap))
    print(f"truth against the posterior: Mahalanobis^2 {m2:.2f}, p = {chi2.sf(m2, len(gap)):.3f}")

    import emcee

    posterior = _Posterior(model, log, priors)
    start = c.chain[-1]
    sampler = emcee.EnsembleSampler(start.shape[0], start.shape[1], lambda t: posterior(t)[0])
    began = time.perf_counter()
    sampler.run_mcmc(start, PEER_STEPS)
    per_step = (time.perf_counter() - began) / PEER_STEPS
    ours = c.seconds / d.steps
    print(
        f"emcee one walker per call: {1e3 * per_step:.0f} ms per step; vectorized: "
        f"{1e3 * ours:.0f} ms per step; ratio {per_step / ours:.1f}x"
    )


if __name__ == "__main__":
    main()
