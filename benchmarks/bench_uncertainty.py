"""Time per sample of `valorize uncertainty` on the Balkhash case, one core, step by step.

Each configuration runs in a fresh process pinned to one core (``sched_setaffinity``),
warmed up (imports, the compiled kernel loaded from numba's cache), then timed best of
``--repeats``; the minor page faults (``ru_minflt``) are counted over the timed run and
given per chunk:

- ``numpy``: the NumPy reference steps of the distillation, glibc's default malloc;
- ``compiled``: the compiled distillation steps (:mod:`valorize.units.distillation_kernel`);
- ``compiled+malloc``: and the malloc thresholds of :mod:`valorize.analysis.allocator`
  (what ``valorize uncertainty`` does).

Then a ``--big`` run on a local Dask cluster of ``--workers`` single-threaded workers (as
``valorize uncertainty --workers``, the workers started with the same malloc settings)
against one process: the speed-up and whether the summaries are identical. Peak memory
of a ``--big`` run (default 1e6 samples) is the child's maximum resident set size.
Last, the command itself from the shell on one core, ``valorize uncertainty
balkhash-selenium --samples`` ``--big`` ``--json``, start-up included, best of
``--repeats`` interleaved with a 1,000-sample run (which keeps to NumPy: too small to
repay loading the compiled kernels) and a 20,000-sample run (which loads them: about the
large run's fixed cost): the issue's "end to end" figure.
Run: python benchmarks/bench_uncertainty.py [--samples N] [--chunk-size C] [--repeats R]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

CONFIGS = ("numpy", "compiled", "compiled+malloc")


def _model() -> object:
    from valorize.refinery.case import load_case
    from valorize.refinery.model import RefineryModel

    return RefineryModel(load_case("balkhash-selenium")[0])


def child(config: str, samples: int, chunk: int, repeats: int) -> None:
    """Time one configuration in this process, pinned to one core; print JSON."""
    import valorize.analysis.allocator as allocator
    import valorize.units.distillation_kernel as kernel
    from valorize.analysis.uncertainty import run_uncertainty

    cores = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cores[int(os.environ.get("BENCH_CORE", "0")) % len(cores)]})
    if config == "numpy":
        kernel.COMPILED_MIN_SCENARIOS = 1 << 62
    if config != "compiled+malloc":
        allocator.keep_freed_memory = lambda: False  # type: ignore[assignment]
    model = _model()
    run_uncertainty(model, 2 * chunk, 0, keep=False, chunk_size=chunk)  # warm
    best, faults = float("inf"), 0
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        start = time.perf_counter()
        run_uncertainty(model, samples, 1, keep=False, chunk_size=chunk)
        seconds = time.perf_counter() - start
        if seconds < best:
            best = seconds
            faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    chunks = -(-samples // chunk)
    print(json.dumps({"seconds": best, "faults_per_chunk": faults / chunks, "peak_mib": peak}))


def _run_child(config: str, samples: int, chunk: int, repeats: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", config, "--samples", str(samples),
         "--chunk-size", str(chunk), "--repeats", str(repeats)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def _command(samples: int) -> tuple[float, float]:
    """``valorize uncertainty balkhash-selenium --samples N --json`` from the shell.

    In a fresh process pinned to one core, start-up and imports included: the seconds
    from start to exit and the process's peak resident memory (MiB).
    """
    cores = sorted(os.sched_getaffinity(0))
    core = cores[int(os.environ.get("BENCH_CORE", "0")) % len(cores)]
    cmd = [sys.executable, "-m", "valorize.cli", "uncertainty", "balkhash-selenium",
           "--samples", str(samples), "--json"]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: os.sched_setaffinity(0, {core}),
    )
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak memory
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"error: {' '.join(cmd[1:])} exited with {proc.returncode}")
    return seconds, usage.ru_maxrss / 1024


#: Beside the large run: a small one (NumPy only, below the case's compiled_from) and one
#: just large enough to load the compiled kernels (about the large run's fixed cost).
SMALL, COMPILED = 1_000, 20_000


def _end_to_end(samples: int, repeats: int) -> None:
    """The command itself, best of ``repeats``, beside a small and a compiled short run."""
    best = {n: (float("inf"), 0.0) for n in (samples, SMALL, COMPILED)}
    for _ in range(repeats):  # interleaved, so a slow minute touches all
        for n in best:
            best[n] = min(best[n], _command(n))
    seconds, peak = best[samples]
    print(
        f"'valorize uncertainty balkhash-selenium --samples {samples} --json' from the shell on "
        f"one core: {seconds:.2f} s = {1e6 * seconds / samples:.2f} us/sample end to end, "
        f"peak RSS {peak:.0f} MiB (best of {repeats}); with {SMALL:,} samples "
        f"{best[SMALL][0]:.2f} s (NumPy only, numba not loaded), with {COMPILED:,} "
        f"{best[COMPILED][0]:.2f} s (the compiled kernels loaded: about the fixed cost)"
    )


def _ceiling(samples: int, chunk: int, workers: int) -> float:
    """What ``workers`` independent one-core runs at once reach against one alone.

    The machine's own limit for a local cluster: cores that share caches, memory
    bandwidth or (on a virtual machine) a physical core run each process slower.
    """
    alone = _run_child("compiled+malloc", samples, chunk, 1)["seconds"]
    command = [sys.executable, __file__, "--child", "compiled+malloc", "--samples",
               str(samples), "--chunk-size", str(chunk), "--repeats", "1"]  # fmt: skip
    runs = [
        subprocess.Popen(
            command,
            env={**os.environ, "BENCH_CORE": str(k)},
            stdout=subprocess.PIPE,
            text=True,
        )
        for k in range(workers)
    ]
    # each child times its own run after its warm-up; the runs overlap in time
    together = max(
        json.loads(run.communicate()[0].strip().splitlines()[-1])["seconds"] for run in runs
    )
    return workers * alone / together


def _dask(samples: int, chunk: int, workers: int, repeats: int) -> None:
    from valorize.analysis.allocator import keep_freed_memory
    from valorize.analysis.scale_out import dask_client
    from valorize.analysis.uncertainty import run_uncertainty

    keep_freed_memory()
    model = _model()
    run_uncertainty(model, 2 * chunk, 0, keep=False, chunk_size=chunk)
    best = {"local": float("inf"), "dask": float("inf")}
    summaries = {}

    def timed(name: str, client: object) -> None:
        start = time.perf_counter()
        result = run_uncertainty(model, samples, 1, keep=False, chunk_size=chunk, client=client)
        best[name] = min(best[name], time.perf_counter() - start)
        summaries[name] = result.summary

    for _ in range(repeats):  # one process, no cluster running beside it
        timed("local", None)
    with dask_client(None, workers) as client:
        # warm every worker (imports, the compiled kernel, the tables), not just the first
        warm = 4 * (workers + 1) * chunk
        run_uncertainty(model, warm, 0, keep=False, chunk_size=chunk, client=client)
        for _ in range(repeats):
            timed("dask", client)
    same = summaries["dask"] == summaries["local"]
    print(
        f"dask, {workers} local workers: {samples:,} samples in {best['dask']:.2f} s against "
        f"{best['local']:.2f} s in one process (best of {repeats}): "
        f"{best['local'] / best['dask']:.2f}x; summaries " + ("identical" if same else "DIFFER")
    )
    ceiling = _ceiling(samples // 4, chunk, workers)
    print(
        f"  {workers} independent one-core runs at once: {ceiling:.2f}x one alone "
        "(the machine's own limit)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=200_000)
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--chunk-size", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--child", choices=CONFIGS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.samples, args.chunk_size, args.repeats)
        return
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")
    first = None
    for config in CONFIGS:
        r = _run_child(config, args.samples, args.chunk_size, args.repeats)
        us = 1e6 * r["seconds"] / args.samples
        first = first or us
        print(
            f"{config:16s} {us:6.2f} us/sample on one core ({first / us:4.2f}x the numpy "
            f"path), {r['faults_per_chunk']:,.0f} page faults per chunk of {args.chunk_size:,}"
        )
    if args.big:
        r = _run_child("compiled+malloc", args.big, args.chunk_size, 1)
        print(
            f"{args.big:,} samples: {r['seconds']:.1f} s = "
            f"{1e6 * r['seconds'] / args.big:.2f} us/sample, peak RSS {r['peak_mib']:.0f} MiB"
        )
        _end_to_end(args.big, args.repeats)
    try:
        _dask(args.big or args.samples, args.chunk_size, args.workers, args.repeats)
    except ImportError:
        print("dask: not installed (pip install 'valorize[scale]')")


if __name__ == "__main__":
    main()
