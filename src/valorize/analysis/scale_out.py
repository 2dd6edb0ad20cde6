"""Chunks of an uncertainty run as tasks on a Dask distributed cluster.

Dask is an optional extra (``pip install 'valorize[scale]'``) and is imported
only here, inside functions, so importing valorize stays light on workers and
clients alike. A task (:mod:`valorize.analysis.uncertainty` gives the functions)
summarises a run of consecutive chunks (:func:`chunk_groups`): the worker makes each
chunk's samples from (seed, index), evaluates and summarises them, merges the
summaries and sends back only fixed-size histograms and counts; when the samples
themselves are kept, a task is one chunk and sends its arrays too. The merges are
exact, and the client takes results in chunk order (:func:`in_order`), so the
summary is identical to the bit to a local run's; at most :func:`window` tasks are
in flight, which bounds the client's memory.

Why groups: each task costs the client process (which also hosts the scheduler
and, on a local cluster, the nannies) about 10 ms of CPU on a two-core machine,
taken from the cores the workers run on; a task of one 20,000-sample chunk runs
about 150 ms. Groups halve the client's CPU per million samples (1.0 s to 0.5 s).

Point it at a running cluster with ``dask scheduler`` on one machine,
``dask worker tcp://HOST:8786`` on each worker machine (same Python and
valorize version), then ``valorize uncertainty CASE --scheduler tcp://HOST:8786``.
"""

from __future__ import annotations

import logging
import math
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from valorize.errors import InputError, ValorizeError

INSTALL_HINT = "pip install 'valorize[scale]'"


def threads(client: Any) -> int:
    """The cluster's threads (at least one)."""
    return sum(client.nthreads().values()) or 1


def window(client: Any) -> int:
    """Tasks kept in flight: twice the cluster's threads, plus two."""
    return 2 * threads(client) + 2


#: Dask settings of the local clusters valorize starts: no sampling profiler on the
#: workers (every 10 ms it takes the GIL to walk the running task's stack, for a
#: dashboard these clusters do not serve), the event loops' health tick every second,
#: not every 20 ms, and the nannies' memory checks and the system monitors' psutil
#: readings every second or two, not every 100 or 500 ms. Idle, a worker then uses
#: 0.5 % of a core, not 5.7 %, and the client process 1.2 %, not 7 % (two workers,
#: two-core machine, 2026-12-01); the client's share comes out of the workers' cores.
QUIET_CLUSTER = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}

#: A group takes this share of the chunks not yet grouped, per thread of the cluster.
GROUP_SHARE = 0.5
#: Most chunks in a group: a task of 16 default chunks runs a few seconds, so the
#: progress of a long run still moves, and the client's cost per task is well amortized.
MAX_GROUP = 16


def chunk_groups(indices: Iterable[int], threads: int) -> list[list[int]]:
    """Consecutive runs of ``indices``, one task each, shrinking towards the end.

    Each group takes ``GROUP_SHARE / threads`` of the indices still ungrouped
    (at least one, at most :data:`MAX_GROUP`), the rule of guided self-scheduling
    (Polychronopoulos & Kuck, *IEEE Trans. Comput.* C-36 (1987) 1425) with half its
    share: few tasks while much is left, single chunks at the end, so no worker waits
    long for another.
    48 chunks on 2 threads make 12 tasks: 12, 9, 7, 5, 4, 3, 2, 2, 1, 1, 1, 1.
    """
    left = list(indices)
    groups = []
    while left:
        size = max(1, math.ceil(GROUP_SHARE * len(left) / max(threads, 1)))
        size = min(size, MAX_GROUP)
        groups.append(left[:size])
        left = left[size:]
    return groups


@dataclass(frozen=True)
class Refusal:
    """A task's input error, sent back as its result (a raised one the worker would log)."""

    error: ValorizeError


def _refusing(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)``, or the :class:`Refusal` of an argument or of the call."""
    for arg in args:
        if isinstance(arg, Refusal):
            return arg
    try:
        return function(*args)
    except ValorizeError as error:
        return Refusal(error)


def submit(client: Any, function: Callable[..., Any], *args: Any) -> Any:
    """``client.submit(function, *args)`` whose input errors come back as :class:`Refusal`.

    A task that raises makes its worker log the traceback, on the command's own stderr
    for a local cluster; a refused input is a result, raised on the client by
    :func:`result` as the one-line error it is. The task keeps ``function``'s name.
    """
    from dask.base import tokenize

    key = f"{function.__name__}-{tokenize(function, *args)}"
    return client.submit(_refusing, function, *args, key=key)


def result(future: Any, cancel: Iterable[Any] = ()) -> Any:
    """The future's result; the error of a :class:`Refusal` raised here, on the client.

    Before it is raised, the futures ``cancel`` (the run's other tasks) are cancelled.
    """
    value = future.result()
    if isinstance(value, Refusal):
        futures = list(cancel)
        if futures:
            future.client.cancel(futures)
        raise value.error
    return value


def in_order(
    client: Any,
    submitted: Iterable[Any],
    tasks: Iterable[tuple[Callable[..., Any], tuple[Any, ...]]],
) -> Iterator[Any]:
    """Results of the futures ``submitted``, then of ``tasks`` (function, arguments), in order.

    The futures come from :func:`submit`; ``tasks`` are submitted as results come back,
    at most :func:`window` in flight, and each future is released once its result is read.
    """
    pending: deque[Any] = deque(submitted)
    limit = window(client)
    todo = iter(tasks)
    for function, args in todo:
        pending.append(submit(client, function, *args))
        if len(pending) >= limit:
            break
    while pending:
        future = pending.popleft()
        value = result(future, cancel=pending)
        future.release()
        for function, args in todo:
            pending.append(submit(client, function, *args))
            break
        yield value


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
    settings = {**QUIET_CLUSTER, key: worker_environment(dask.config.get(key, None))}
    with (
        dask.config.set(settings),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            # a free port on loopback: None takes 8787 and warns when it is in use
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,  # Dask's warnings (slow shutdowns) are not the user's
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
