"""Samples per second of `valorize uncertainty` locally and on a 2-worker local Dask cluster.

The built-in Balkhash case (six uncertain inputs, two of them rank-correlated)
is run with the same seed locally and on a LocalCluster of two single-threaded
worker processes on loopback; the summaries must be identical. Peak memory is
the client process's maximum resident set size (workers not counted).
Run: python benchmarks/bench_uncertainty.py [--samples N] [--chunk-size C]
"""

from __future__ import annotations

import argparse
import resource
import time

from valorize.analysis.uncertainty import run_uncertainty
from valorize.refinery.case import load_case
from valorize.refinery.model import RefineryModel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=200_000)
    parser.add_argument("--chunk-size", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    case = load_case("balkhash-selenium")[0]
    run_uncertainty(RefineryModel(case), 100, seed=0, keep=False)  # warm caches and imports

    start = time.perf_counter()
    local = run_uncertainty(
        RefineryModel(case), args.samples, 1, keep=False, chunk_size=args.chunk_size
    )
    t_local = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"local:             {args.samples} samples in {t_local:.2f} s = "
        f"{args.samples / t_local:,.0f} samples/s (peak RSS {peak:.0f} MB)"
    )

    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        run_uncertainty(
            RefineryModel(case), 100, seed=0, keep=False, client=client
        )  # warm the workers
        start = time.perf_counter()
        remote = run_uncertainty(
            RefineryModel(case),
            args.samples,
            1,
            keep=False,
            chunk_size=args.chunk_size,
            client=client,
        )
        t_remote = time.perf_counter() - start
    assert remote.summary == local.summary, "the cluster's summary differs from the local one"
    print(
        f"dask, {args.workers} workers:  {args.samples} samples in {t_remote:.2f} s = "
        f"{args.samples / t_remote:,.0f} samples/s (speed-up {t_local / t_remote:.2f}x); "
        "summaries identical"
    )


if __name__ == "__main__":
    main()
