"""How long and how large a sampling run will be, measured before it starts.

A run of many samples is timed on a pilot of :data:`PILOT_SAMPLES` samples of the same
model on this machine, and its samples file sized from the pilot's columns, so that a
run that cannot finish (longer than :data:`MAX_LOCAL_HOURS` here, or a samples file
larger than the free disk) is refused before it starts, with the estimate and the way to
go (fewer samples, Dask workers or a cluster). Runs up to :data:`CHECKED_ABOVE` samples
are not timed: they take seconds.

A run that holds every evaluation in memory at once (``sensitivity``: its Sobol, Morris
and Spearman analyses need all the outputs together) is measured the same way
(:func:`estimate_held`): pilots time it and trace the memory it allocates
(:mod:`tracemalloc`, which sees NumPy's arrays), so that one that would not fit the
memory available here, or would take longer than :data:`MAX_LOCAL_HOURS`, is refused
before it starts (:func:`check_held`).
"""

from __future__ import annotations

import os
import shutil
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from valorize.errors import InputError
from valorize.model.protocol import Model

#: Samples of the pilot run that times a large run.
PILOT_SAMPLES = 2_048
#: Runs of more samples than this are timed and sized before they start.
CHECKED_ABOVE = 1_000_000
#: Longest run started on this machine without Dask, hours.
MAX_LOCAL_HOURS = 24.0
#: Bytes per value in the samples file (float64 columns; compression ignored: an upper
#: bound for the disk check).
BYTES_PER_VALUE = 8
#: Model evaluations above which a run that holds them all in memory is measured before
#: it starts (:func:`estimate_held`): below, at the 1.5 to 5 kB an evaluation of the
#: built-in cases, it needs under a GB and takes seconds, and its pilots (about 11,000
#: evaluations) would be a large share of it.
HELD_CHECKED_ABOVE = 100_000
#: Model evaluations of the two pilots of such a run: more than :data:`PILOT_SAMPLES`
#: times, because below about a thousand evaluations the memory a run takes does not yet
#: grow in proportion (the pilots' difference then misses up to 15 % of it on the built-in
#: cases); these come within about 6 %.
HELD_PILOTS = (PILOT_SAMPLES // 2, 2 * PILOT_SAMPLES)


@dataclass(frozen=True)
class RunSize:
    """The estimate of a run: seconds and bytes of its samples file."""

    samples: int
    seconds: float
    samples_file_bytes: int

    def describe(self) -> str:
        """The estimate in words, e.g. 'about 3.2 h for 1,000,000,000 samples'."""
        return f"about {_duration(self.seconds)} for {self.samples:,} samples on this machine"


def estimate(model: Model, samples: int, seed: int, method: str) -> RunSize:
    """Time a pilot of the run and scale it to ``samples`` (seconds, samples-file bytes)."""
    from valorize.analysis.uncertainty import run_uncertainty

    run = model.for_sampling(samples)  # the pilots run the kernels of the run they time

    def seconds(n: int) -> tuple[float, object]:
        start = time.perf_counter()
        result = run_uncertainty(run, n, seed, method, keep=True)
        return time.perf_counter() - start, result

    small, _ = seconds(PILOT_SAMPLES // 4)
    large, result = seconds(PILOT_SAMPLES)
    per_sample = _per_unit(small, large, PILOT_SAMPLES // 4, PILOT_SAMPLES)
    columns = len(result.samples) + len(result.outputs)
    return RunSize(samples, per_sample * samples, samples * columns * BYTES_PER_VALUE)


def check(
    size: RunSize, *, workers: int | None, cluster: bool, samples_folder: Path | None
) -> None:
    """Refuse a run that cannot finish here (:class:`InputError`, naming the way out).

    ``workers`` local Dask workers share the time; on a ``cluster`` (a scheduler
    address) the time is not judged. A samples file must fit the free disk.
    """
    hours = size.seconds / 3600.0 / max(workers or 1, 1)
    if not cluster and hours > MAX_LOCAL_HOURS:
        shared = f" ({_duration(hours * 3600)} on {workers} workers)" if workers else ""
        raise InputError(
            f"--samples: {size.describe()}{shared}, more than the {MAX_LOCAL_HOURS:g} h a run "
            "may take here; ask for fewer samples, or run it on Dask (--workers N, or "
            "--scheduler tcp://host:8786 for a cluster; docs/scale-out.md)"
        )
    if samples_folder is not None:
        above = samples_folder
        while not above.exists() and above != above.parent:
            above = above.parent
        free = shutil.disk_usage(above).free
        if size.samples_file_bytes > free:
            raise InputError(
                f"--out: the samples file would take up to {size.samples_file_bytes / 1e9:,.1f} "
                f"GB and {str(above)!r} has {free / 1e9:,.1f} GB free; use --no-samples (the "
                "summary needs no file) or fewer samples"
            )


@dataclass(frozen=True)
class HeldRun:
    """The estimate of a run that holds all its evaluations in memory at once.

    ``what`` names the run in the words of its command, e.g. '1,024 Sobol base samples
    (8,192 model evaluations)'; ``peak_bytes`` is the most memory it allocates at once.
    """

    what: str
    seconds: float
    peak_bytes: int


def estimate_held(
    run: Callable[[int], object],
    units: int,
    small: int,
    large: int,
    what: str,
    traced: Callable[[int], object] | None = None,
) -> HeldRun:
    """Time and trace pilots of a run of ``units``, and scale them to it.

    Parameters
    ----------
    run
        The run of a given number of units (samples, base samples, trajectories), on
        the model of the run it sizes (decided for its size, as in :func:`estimate`).
    units
        The units of the run sized.
    small, large
        The units of the two pilots, ``small < large``: the fixed time and memory of a
        call cancel between them, so they are not spread over the run.
    what
        The run in words, for :class:`HeldRun` and the refusals of :func:`check_held`.
    traced
        The run whose memory the pilots trace, if not ``run``: e.g. one cut in chunks of
        the same size in both pilots, so that a chunk's working set cancels between
        them and what grows is what the run keeps of each unit.

    Returns
    -------
    HeldRun
        Seconds and peak bytes of the run on this machine: what grows with its size,
        the fixed cost of a call (a second, tens of MB) left out.
    """
    run(small)  # the first call imports and sets up what the pilots must not count
    times = []
    for n in (small, large):
        start = time.perf_counter()
        run(n)
        times.append(time.perf_counter() - start)
    # traced apart from the timed pilots: tracing about doubles the time of a sample
    peaks = [_peak_bytes(traced or run, n) for n in (small, large)]
    seconds = _per_unit(times[0], times[1], small, large) * units
    peak = _per_unit(peaks[0], peaks[1], small, large) * units
    return HeldRun(what, seconds, int(peak))


def check_held(size: HeldRun) -> None:
    """Refuse a held run that would not fit the memory available here, or not finish.

    Raises
    ------
    InputError
        Naming ``--samples``, the estimate and the way out (fewer samples): the run
        holds its evaluations in one process, so neither Dask nor a cluster would help.
    """
    available = available_memory()
    if available is not None and size.peak_bytes > available:
        raise InputError(
            f"--samples: {size.what} would take about {size.peak_bytes / 1e9:,.1f} GB of "
            f"memory at once and this machine has {available / 1e9:,.1f} GB available; "
            "ask for fewer samples (the memory grows in proportion)"
        )
    if size.seconds / 3600.0 > MAX_LOCAL_HOURS:
        raise InputError(
            f"--samples: {size.what} would take about {_duration(size.seconds)} on this "
            f"machine, more than the {MAX_LOCAL_HOURS:g} h a run may take here; ask for "
            "fewer samples"
        )


def available_memory() -> int | None:
    """Bytes of memory a run can allocate here without swapping, or None if unknown.

    The bound is the memory *available* now, not the total: the other programs keep
    theirs, and a run larger than what is left swaps or is killed. On Linux that is
    ``MemAvailable`` of ``/proc/meminfo``, the kernel's own estimate (free memory plus
    the page cache it gives back on demand); ``sysconf``'s ``SC_AVPHYS_PAGES`` counts the
    free pages alone and would refuse runs that fit, so it comes only where there is no
    ``/proc``. Where neither is known (macOS has no ``SC_AVPHYS_PAGES``) the total
    physical memory is the bound: a run larger than all of it can never fit.
    """
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024  # the file's unit is kB
    except (OSError, ValueError, IndexError):
        pass
    for pages in ("SC_AVPHYS_PAGES", "SC_PHYS_PAGES"):
        try:
            count, size = os.sysconf(pages), os.sysconf("SC_PAGE_SIZE")
        except (AttributeError, ValueError, OSError):  # no sysconf, or not this name
            continue
        if count > 0 and size > 0:
            return count * size
    return None


def _peak_bytes(run: Callable[[int], object], n: int) -> int:
    """The most memory ``run(n)`` allocates at once, traced by :mod:`tracemalloc`."""
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        run(n)
        return max(tracemalloc.get_traced_memory()[1] - before, 0)
    finally:
        if started:
            tracemalloc.stop()


def _per_unit(small_value: float, large_value: float, small: int, large: int) -> float:
    """The marginal cost of a unit, from pilots of ``small`` and ``large`` units.

    The fixed cost of a call (set-up, the first chunk's allocations) cancels, so it is
    not spread over a billion samples; where the pilots' noise hides the marginal cost,
    the large pilot's average stands for it.
    """
    return max(large_value - small_value, 0.0) / (large - small) or large_value / large


def _duration(seconds: float) -> str:
    """Seconds in the largest unit that reads well."""
    for unit, length in (("days", 86_400.0), ("h", 3_600.0), ("min", 60.0)):
        if seconds >= 2 * length:
            return f"{seconds / length:,.1f} {unit}"
    return f"{seconds:.1f} s"
