"""NPV and IRR of 1,000,000 twenty-year cash flows in one call, against numpy-financial.

The cash flows are conventional (construction spending, then income) with
random sizes. valorize evaluates all of them in one vectorized call;
numpy-financial, the peer, evaluates one cash flow per call on a subset, in
the same process, pinned to one core (so neither side gets a second thread from
NumPy's linear algebra). Peak memory is the process's maximum resident set size.
Run: python benchmarks/bench_cashflow.py
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import numpy as np
import numpy_financial as npf

from valorize.economics.cashflow import internal_rate_of_return, net_present_value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenarios", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--peer", type=int, default=2_000)
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core for both
    rng = np.random.default_rng(11)
    n, years = args.scenarios, args.years
    capex = -rng.uniform(1e5, 1e7, (n, 1))
    income = rng.uniform(0.05, 0.4, (n, 1)) * -capex * rng.uniform(0.5, 1.5, (n, years))
    flows = np.hstack([capex, income])
    rates = rng.uniform(0.05, 0.15, n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    start = time.perf_counter()
    npv = net_present_value(rates, flows)
    irr = internal_rate_of_return(flows)
    ours = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    k = args.peer
    start = time.perf_counter()
    peer_npv = np.array([npf.npv(r, f) for r, f in zip(rates[:k], flows[:k], strict=True)])
    peer_irr = np.array([npf.irr(f) for f in flows[:k]])
    theirs = (time.perf_counter() - start) / k

    assert np.allclose(npv[:k], peer_npv, rtol=1e-10)
    assert np.allclose(irr[:k], peer_irr, atol=1e-6)
    print(
        f"{n} cash flows of {years + 1} years: NPV + IRR in {ours:.2f} s "
        f"({ours / n * 1e6:.2f} us per scenario)"
    )
    print(f"numpy-financial, one call each ({k} scenarios): {theirs * 1e6:.0f} us per scenario")
    print(f"ratio (numpy-financial / valorize per scenario): {theirs / (ours / n):.0f}x")
    print(
        f"peak resident memory: {peak:.0f} MB (the cash-flow array alone is "
        f"{flows.nbytes / 2**20:.0f} MB; {before:.0f} MB before the call)"
    )


if __name__ == "__main__":
    main()
