"""NPV and IRR of 1,000,000 cash flows of 21 years in one call, against numpy-financial.

The cash flows are conventional (a construction year's spending, then 20 years of
income) with random sizes. valorize evaluates all of them in one vectorized call;
numpy-financial, the peer, evaluates one cash flow per call on a subset. Both in the
same process, pinned to one core (so neither side gets a second thread from NumPy's
linear algebra or valorize's IRR threads), each best of ``--repeats`` after a warm-up
(:mod:`timing`). valorize's first call, which loads its compiled kernels (numba's
import and registries, about 0.4-0.7 s once per process), is printed too. Peak memory
is the process's maximum resident set size.
Run: python benchmarks/bench_cashflow.py [--scenarios N] [--peer M] [--repeats R]
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import numpy_financial as npf

from timing import best_of, machine, one_core
from valorize.economics.cashflow import internal_rate_of_return, net_present_value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenarios", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--peer", type=int, default=2_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    one_core()
    rng = np.random.default_rng(11)
    n, years = args.scenarios, args.years
    capex = -rng.uniform(1e5, 1e7, (n, 1))
    income = rng.uniform(0.05, 0.4, (n, 1)) * -capex * rng.uniform(0.5, 1.5, (n, years))
    flows = np.hstack([capex, income])
    rates = rng.uniform(0.05, 0.15, n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def ours() -> tuple[np.ndarray, np.ndarray]:
        return net_present_value(rates, flows), internal_rate_of_return(flows)

    start = time.perf_counter()
    npv, irr = ours()  # the first call: loads the compiled kernels
    first = time.perf_counter() - start
    best = best_of(ours, args.repeats)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    k = args.peer

    def theirs() -> tuple[np.ndarray, np.ndarray]:
        npv = [npf.npv(r, f) for r, f in zip(rates[:k], flows[:k], strict=True)]
        return np.array(npv), np.array([npf.irr(f) for f in flows[:k]])

    peer_npv, peer_irr = theirs()  # warm-up, and the values to compare
    peer = best_of(theirs, args.repeats) / k

    assert np.allclose(npv[:k], peer_npv, rtol=1e-10)
    assert np.allclose(irr[:k], peer_irr, atol=1e-6)
    print(machine())
    print(
        f"{n} cash flows of {years + 1} years: NPV + IRR in {best:.2f} s "
        f"({best / n * 1e6:.2f} us per scenario, best of {args.repeats}); "
        f"the process's first call, loading the compiled kernels, {first:.2f} s"
    )
    print(
        f"numpy-financial, one call each ({k} scenarios): {peer * 1e6:.0f} us per scenario "
        f"(best of {args.repeats})"
    )
    print(f"ratio (numpy-financial / valorize per scenario): {peer / (best / n):.0f}x")
    print(
        f"peak resident memory: {peak:.0f} MB (the cash-flow array alone is "
        f"{flows.nbytes / 2**20:.0f} MB; {before:.0f} MB before the call)"
    )


if __name__ == "__main__":
    main()
