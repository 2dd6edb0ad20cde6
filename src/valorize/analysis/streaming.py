r"""Summaries of a sample stream in bounded memory: mean, counts and quantiles.

Each output's values are binned, chunk by chunk, into a fixed histogram of
:data:`BINS` bins over a range found from the first (pilot) chunk, widened by
:data:`MARGIN` of its span on each side; values below or above the range are
counted with their minimum and maximum, so nothing is lost. Memory is the
histogram's, whatever the number of samples, and two summaries of the same
range merge by adding counts, so chunks can be summarised anywhere (on Dask
workers) and merged on the client with identical results.

The sum behind the mean is kept exactly, as Shewchuk's non-overlapping partial
sums (*Discrete Comput. Geom.* 18 (1997) 305, the algorithm of Python's
``math.fsum``; :func:`add_exactly`), and rounded once when read. Every merge is
then exact, and a run's summary does not depend on how its chunks were grouped or
in what order they were merged (unless the sum overflows, beyond 1.8e308): a Dask
worker can merge a run of chunks before sending them.

Quantiles follow NumPy's default (definition 7 of Hyndman & Fan, *Am. Stat.*
50 (1996) 361): the value at rank :math:`h = q (n - 1)` among the sorted
finite values, interpolated between order statistics. From the histogram, the
order statistics :math:`\lfloor h \rfloor` and :math:`\lceil h \rceil` are
placed in their cells (a bin, or the stretch below or above the range), and the
estimate is interpolated linearly inside the cell. The exact quantile lies
between those two order statistics, hence inside the union of their cells, and
so does the estimate: **the error is at most the width of that union**, one bin
width (span x (1 + 2 MARGIN) / BINS, about 7.6e-5 of the pilot span) when
both fall inside the range. The bound is reported with every quantile.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

#: Bins of each output's histogram.
BINS = 16_384
#: Share of the pilot chunk's span added below and above it.
MARGIN = 0.125


def pilot_range(values: np.ndarray) -> tuple[float, float]:
    """Histogram range from a pilot chunk: its finite span widened by MARGIN each side."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.0, 1.0
    low, high = float(finite.min()), float(finite.max())
    span = high - low
    if span <= 0:
        span = max(abs(low) * 1e-9, 1e-300)
    return low - MARGIN * span, high + MARGIN * span


def add_exactly(partials: list[float], x: float) -> None:
    """Add ``x`` to the non-overlapping partial sums ``partials``, in place, exactly.

    The exact sum of ``partials`` grows by ``x`` without rounding (Shewchuk's
    ``Grow-Expansion``, *Discrete Comput. Geom.* 18 (1997) 305); ``math.fsum`` of
    ``partials`` is then the correctly rounded total. Once the sum overflows,
    ``partials`` holds the one infinite (or NaN) value and grows by plain addition.
    """
    if partials and not math.isfinite(partials[-1]):
        partials[-1] += x
        return
    kept = 0
    for y in partials:
        if abs(x) < abs(y):
            x, y = y, x
        high = x + y
        if not math.isfinite(high):
            partials[:] = [high]
            return
        low = y - (high - x)
        if low:
            partials[kept] = low
            kept += 1
        x = high
    partials[kept:] = [x]


@dataclass
class StreamingSummary:
    """Histogram, count, sum, minimum and maximum of one output's finite values."""

    low: float
    high: float
    counts: np.ndarray = field(default_factory=lambda: np.zeros(BINS, dtype=np.int64))
    below: int = 0
    above: int = 0
    n: int = 0
    partials: list[float] = field(default_factory=list)
    minimum: float = np.inf
    maximum: float = -np.inf

    def add(self, values: np.ndarray) -> None:
        """Add a chunk of values (non-finite ones are skipped)."""
        v = values[np.isfinite(values)]
        if v.size == 0:
            return
        self.n += int(v.size)
        add_exactly(self.partials, float(v.sum()))
        self.minimum = min(self.minimum, float(v.min()))
        self.maximum = max(self.maximum, float(v.max()))
        under, over = v < self.low, v >= self.high
        self.below += int(np.count_nonzero(under))
        self.above += int(np.count_nonzero(over))
        inside = v[~(under | over)]
        k = ((inside - self.low) * (self.counts.size / (self.high - self.low))).astype(np.int64)
        np.clip(k, 0, self.counts.size - 1, out=k)
        self.counts += np.bincount(k, minlength=self.counts.size)

    def merge(self, other: StreamingSummary) -> None:
        """Add another summary over the same range (e.g. of a later chunk)."""
        if (other.low, other.high, other.counts.size) != (self.low, self.high, self.counts.size):
            raise ValueError("summaries over different ranges cannot be merged")
        self.counts += other.counts
        self.below += other.below
        self.above += other.above
        self.n += other.n
        for p in other.partials:
            add_exactly(self.partials, p)
        self.minimum = min(self.minimum, other.minimum)
        self.maximum = max(self.maximum, other.maximum)

    @property
    def total(self) -> float:
        """Sum of the finite values: the exact sum of the chunks' sums, rounded once."""
        if len(self.partials) == 1 or not all(map(math.isfinite, self.partials)):
            return float(sum(self.partials))
        return math.fsum(self.partials)

    @property
    def mean(self) -> float:
        """Mean of the finite values."""
        return self.total / self.n if self.n else float("nan")

    def _cells(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cells (left edge, right edge, count): below, every bin, above."""
        edges = np.linspace(self.low, self.high, self.counts.size + 1)
        left = np.concatenate(([min(self.minimum, self.low)], edges[:-1], [self.high]))
        right = np.concatenate(([self.low], edges[1:], [max(self.maximum, self.high)]))
        counts = np.concatenate(([self.below], self.counts, [self.above]))
        return left, right, counts

    def quantile(self, q: float) -> tuple[float, float]:
        """The q-quantile (0-1) of the finite values and a bound on its error."""
        if self.n == 0:
            return float("nan"), float("nan")
        left, right, counts = self._cells()
        cum = np.cumsum(counts)
        h = q * (self.n - 1)

        def cell(rank: int) -> int:
            return int(np.searchsorted(cum, rank, side="right"))

        lo_rank, hi_rank = int(np.floor(h)), int(np.ceil(h))
        a, b = cell(lo_rank), cell(hi_rank)

        def position(rank: int, c: int) -> float:
            if rank == 0:
                return self.minimum
            if rank == self.n - 1:
                return self.maximum
            before = cum[c] - counts[c]
            frac = (rank - before + 0.5) / counts[c]
            return float(left[c] + (right[c] - left[c]) * frac)

        x_lo, x_hi = position(lo_rank, a), position(hi_rank, b)
        value = x_lo + (h - lo_rank) * (x_hi - x_lo)
        value = min(max(value, self.minimum), self.maximum)
        bound = float(min(right[b], self.maximum) - max(left[a], self.minimum))
        return value, max(bound, 0.0)
