"""How long and how large a sampling run will be, measured before it starts.

A run of many samples is timed on a pilot of :data:`PILOT_SAMPLES` samples of the same
model on this machine, and its samples file sized from the pilot's columns, so that a
run that cannot finish (longer than :data:`MAX_LOCAL_HOURS` here, or a samples file
larger than the free disk) is refused before it starts, with the estimate and the way to
go (fewer samples, Dask workers or a cluster). Runs up to :data:`CHECKED_ABOVE` samples
are not timed: they take seconds.
"""

from __future__ import annotations

import shutil
import time
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
    # the marginal cost of a sample: the fixed cost of a call (set-up, the first chunk's
    # allocations) cancels, so it is not spread over a billion samples
    per_sample = max(large - small, 0.0) / (PILOT_SAMPLES - PILOT_SAMPLES // 4)
    per_sample = per_sample or large / PILOT_SAMPLES
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


def _duration(seconds: float) -> str:
    """Seconds in the largest unit that reads well."""
    for unit, length in (("days", 86_400.0), ("h", 3_600.0), ("min", 60.0)):
        if seconds >= 2 * length:
            return f"{seconds / length:,.1f} {unit}"
    return f"{seconds:.1f} s"
