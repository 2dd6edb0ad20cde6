"""Chunks of an uncertainty run as tasks on a Dask distributed cluster.

Dask is an optional extra (``pip install 'valorize[scale]'``) and is imported
only here, inside functions, so importing valorize stays light on workers and
clients alike. Each task is the summarizing function the caller passes
(:func:`valorize.analysis.uncertainty.summarize_chunk`) for one chunk index: the
worker makes that chunk's samples from (seed, index), evaluates and summarises
them, and sends back only fixed-size histograms and counts (plus the arrays when
samples are kept). The client takes results in chunk order, as the local run
does, so the merged summary is identical to the bit; at most :func:`window` tasks
are in flight, which bounds the client's memory.

Point it at a running cluster with ``dask scheduler`` on one machine,
``dask worker tcp://HOST:8786`` on each worker machine (same Python and
valorize version), then ``valorize uncertainty CASE --scheduler tcp://HOST:8786``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from valorize.errors import InputError

INSTALL_HINT = "pip install 'valorize[scale]'"


def window(client: Any) -> int:
    """Tasks kept in flight: twice the cluster's threads, plus two."""
    threads = sum(client.nthreads().values()) or 1
    return 2 * threads + 2


def run_chunks(
    client: Any,
    summarize_chunk: Callable[..., Any],
    model: Any,
    plan: Any,
    indices: Iterable[int],
    ranges: dict[str, tuple[float, float]] | None,
    keep: bool,
) -> Iterator[Any]:
    """``summarize_chunk(model, plan, index, ranges, keep)`` for ``indices`` on the cluster.

    The summaries are yielded in the order of ``indices``.
    """
    model_f, plan_f = client.scatter([model, plan], broadcast=True, hash=False)
    pending: deque[Any] = deque()
    todo = iter(indices)
    limit = window(client)
    for index in todo:
        pending.append(client.submit(summarize_chunk, model_f, plan_f, index, ranges, keep))
        if len(pending) >= limit:
            break
    while pending:
        future = pending.popleft()
        result = future.result()
        future.release()
        for index in todo:
            pending.append(client.submit(summarize_chunk, model_f, plan_f, index, ranges, keep))
            break
        yield result


@contextmanager
def dask_client(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    """A client of the scheduler at ``scheduler``, or of a local cluster of ``workers``.

    The local cluster's workers start with malloc thresholds that keep freed memory
    (:mod:`valorize.analysis.allocator`); a cluster of your own keeps its settings.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        option = "--scheduler" if scheduler else "--workers"
        raise InputError(f"{option}: needs Dask distributed; {INSTALL_HINT}") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(
                f"--scheduler: cannot reach a Dask scheduler at {scheduler!r} ({exc})"
            ) from None
        with client:
            yield client
        return
    if workers is None or workers < 1:
        raise InputError("--workers: give 1 or more workers")
    import dask

    from valorize.analysis.allocator import worker_environment

    key = "distributed.nanny.pre-spawn-environ"
    with (
        dask.config.set({key: worker_environment(dask.config.get(key, None))}),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
