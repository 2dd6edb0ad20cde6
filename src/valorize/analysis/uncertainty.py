"""Monte Carlo over a model: sampled inputs through one vectorized call per chunk.

The uncertain inputs a model's case declares
(:attr:`valorize.model.protocol.Model.uncertain`: any parameter of the model, its
distribution's parameters bare numbers in the parameter's unit or quantities such
as ``"380 degC"``, :meth:`~valorize.model.protocol.Parameter.read`) are sampled on
the unit hypercube (:mod:`valorize.analysis.sampling`), mapped to their distributions,
and evaluated in chunks: each chunk is one call of
:meth:`~valorize.model.protocol.Model.evaluate`. The summary gives the mean and
the 5th, 50th and 95th percentiles of every metric, the probability of meeting
each of the model's targets (``probability_<target>``) and, for a model with an
``npv_usd`` metric, of a negative NPV. A sample the model cannot evaluate (an
input outside its parameter's bounds, or NaN in every metric) is counted in
``failed_samples`` and left out of the probabilities' denominators.

Runs of any size take bounded memory: chunk ``i`` of the samples is made from
(seed, i) alone (:func:`valorize.analysis.sampling.chunk_unit_samples`),
rank-correlated by Iman-Conover within the chunk
(:mod:`valorize.analysis.correlation`), evaluated, and summarised into
fixed-size histograms and exact sums (:mod:`valorize.analysis.streaming`) whose
merges do not depend on grouping or order, so a run on Dask workers
(:mod:`valorize.analysis.scale_out`), which merge runs of chunks before sending
them, gives the same numbers to the bit as a local one. Nothing here knows a route.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from valorize.analysis.sampling import Distribution, chunk_unit_samples, share_posterior_rows
from valorize.analysis.streaming import BINS, StreamingSummary, pilot_range
from valorize.errors import InputError
from valorize.model.protocol import Model, Target

#: Samples evaluated per vectorized call.
CHUNK = 20_000

#: Percentiles reported for every output.
PERCENTILES = (5, 50, 95)

#: Distributions whose support is the interval between their first and last parameters
#: (the data's range for empirical), checked against the parameter's bounds up front.
BOUNDED = {"uniform", "loguniform", "triangular", "pert", "empirical"}


@dataclass(frozen=True)
class UncertaintyResult:
    """The summary, and every sample's inputs and outputs when they were kept (else empty)."""

    samples: dict[str, np.ndarray]
    outputs: dict[str, np.ndarray]
    summary: dict[str, Any]


def declared_distributions(model: Model) -> dict[str, Distribution]:
    """The model's uncertain inputs by parameter name, each checked against its parameter.

    Raises
    ------
    InputError
        For an input that is not a parameter of the model, one given twice, a bad
        distribution, a bounded distribution reaching outside the parameter's bounds,
        or no uncertain inputs at all.
    """
    out = {}
    for i, u in enumerate(model.uncertain):
        where = f"uncertainty[{i}]"
        try:
            p = model.parameter(u.parameter)
        except InputError as exc:
            raise InputError(f"{where}.parameter: {exc}") from None
        if u.parameter in out:
            raise InputError(f"{where}.parameter: {u.parameter} is given twice")
        if u.distribution == "posterior":
            out[u.parameter] = _posterior(p, u.parameters, where)
            continue
        values = tuple(
            p.read(v, f"{where}.parameters[{k}]", spread=spread)
            for k, (v, spread) in enumerate(zip(u.parameters, _spreads(u), strict=True))
        )
        try:
            d = Distribution(u.distribution, values)
        except InputError as exc:
            raise InputError(f"{where}: {exc}") from None
        if d.kind in BOUNDED:
            low, high = min(d.parameters), max(d.parameters)
            if low < p.bounds[0] or high > p.bounds[1]:
                raise InputError(
                    f"{where}: the {d.kind} distribution of {p.name} reaches "
                    f"[{low:g}, {high:g}] {p.unit}, outside the parameter's bounds "
                    f"[{p.bounds[0]:g}, {p.bounds[1]:g}] {p.unit}"
                )
        out[u.parameter] = d
    if not out:
        raise InputError(f"{model.name}: the case declares no [[uncertainty]] inputs")
    return out


def _posterior(p: Any, parameters: tuple, where: str) -> Distribution:
    """A posterior input: its column of the posterior file, checked against its bounds."""
    if len(parameters) != 1 or not isinstance(parameters[0], str):
        raise InputError(
            f"{where}.parameters: a posterior takes one value, the posterior.csv that "
            'valorize calibrate wrote, e.g. ["calibration/posterior.csv"]'
        )
    from valorize.calibration.posterior import read_posterior

    samples = read_posterior(parameters[0])
    if p.name not in samples:
        raise InputError(
            f"{where}: {parameters[0]} has no column {p.name}; it has " + ", ".join(samples)
        )
    column = samples[p.name]
    if column.min() < p.bounds[0] or column.max() > p.bounds[1]:
        raise InputError(f"{where}: posterior samples of {p.name} outside its bounds")
    from pathlib import Path

    group = str(Path(parameters[0]).resolve())  # one file however it is spelt: one group
    return Distribution("posterior", tuple(column.tolist()), group=group)


def posterior_warnings(model: Model) -> list[str]:
    """A warning for each posterior file an input is drawn from that did not converge."""
    from valorize.calibration.posterior import unconverged

    out = []
    for path in dict.fromkeys(
        str(u.parameters[0]) for u in model.uncertain if u.distribution == "posterior"
    ):
        verdict = unconverged(path)
        if verdict is not None:
            out.append(f"the posterior in {path} is {verdict}: its draws may not be the posterior")
    return out


def _spreads(u: Any) -> list[bool]:
    """Which of a distribution's parameters are spreads, read as differences."""
    spreads = [False] * len(u.parameters)  # every value kept: Distribution checks the count
    if u.distribution == "normal" and len(spreads) > 1:
        spreads[1] = True  # the sd; a lognormal's sigma is of the logarithm, a plain number
    return spreads


def declared_correlation(model: Model, names: list[str]) -> np.ndarray | None:
    """The rank-correlation matrix of the model's declared correlations (None if none)."""
    if not model.correlations:
        return None
    from valorize.analysis.correlation import spearman_matrix

    pairs = [(c.inputs[0], c.inputs[1], c.spearman) for c in model.correlations]
    posterior = {u.parameter for u in model.uncertain if u.distribution == "posterior"}
    for a, b, _ in pairs:
        if a in posterior or b in posterior:
            raise InputError(
                f"correlation of {a} and {b}: a posterior input carries its own dependence "
                "(the calibration's joint samples); leave it out of [[correlation]]"
            )
    return spearman_matrix(names, pairs)


@dataclass(frozen=True)
class SamplingPlan:
    """How a run's samples are made, chunk by chunk: everything a worker needs."""

    method: str
    samples: int
    seed: int
    distributions: dict[str, Distribution]
    spearman: np.ndarray | None = None
    chunk_size: int = CHUNK

    @property
    def chunks(self) -> int:
        """Number of chunks: the samples split into near-equal chunks of at most chunk_size."""
        return -(-self.samples // self.chunk_size)

    def bounds(self, index: int) -> tuple[int, int]:
        """First sample and number of samples of chunk ``index``."""
        base, extra = divmod(self.samples, self.chunks)
        start = index * base + min(index, extra)
        return start, base + (index < extra)

    def correlated(self) -> np.ndarray:
        """Indices of the inputs that are rank-correlated with another (none without)."""
        if self.spearman is None:
            return np.zeros(0, dtype=int)
        d = len(self.distributions)
        return np.flatnonzero((np.abs(self.spearman - np.eye(d)) > 0).any(axis=0))

    def check(self) -> None:
        """Refuse a plan whose smallest chunk is too small to correlate its inputs.

        Raises
        ------
        InputError
            Before any chunk runs, so a Dask worker does not log the failure too.
        """
        d = self.correlated().size
        if d:
            from valorize.analysis.correlation import check_sample_count

            check_sample_count(self.bounds(self.chunks - 1)[1], d)

    def inputs(self, index: int) -> dict[str, np.ndarray]:
        """The sampled inputs of chunk ``index``, in their units."""
        start, n = self.bounds(index)
        d = len(self.distributions)
        u = chunk_unit_samples(self.method, start, n, d, self.seed, index)
        involved = self.correlated()
        if involved.size:  # a declared correlation of 0 correlates nothing
            from valorize.analysis.correlation import iman_conover

            rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(index, 1)))
            assert self.spearman is not None
            sub = self.spearman[np.ix_(involved, involved)]
            u[:, involved] = iman_conover(u[:, involved], sub, rng)
        share_posterior_rows(self.distributions, u)
        return {key: dist.ppf(u[:, j]) for j, (key, dist) in enumerate(self.distributions.items())}


@dataclass
class ChunkSummary:
    """One chunk's (or a merged run's) output summaries, target counts and failures."""

    n: int
    outputs: dict[str, StreamingSummary]
    met: dict[str, int]
    failed: int = 0
    inputs: dict[str, np.ndarray] = field(default_factory=dict)
    values: dict[str, np.ndarray] = field(default_factory=dict)

    def ranges(self) -> dict[str, tuple[float, float]]:
        """Each output's histogram range (a pilot chunk's set the run's)."""
        return {key: (s.low, s.high) for key, s in self.outputs.items()}

    def merge(self, other: ChunkSummary) -> None:
        """Add a later chunk's summaries and counts (its arrays are not kept)."""
        self.n += other.n
        self.failed += other.failed
        for key, s in other.outputs.items():
            self.outputs[key].merge(s)
        for key, k in other.met.items():
            self.met[key] += k


def odds(model: Model) -> tuple[Target, ...]:
    """What an uncertainty run counts: the model's targets, and a negative NPV where priced."""
    out = tuple(model.targets)
    if any(m.name == "npv_usd" for m in model.metrics):
        out += (Target("npv_negative", "npv_usd", "<", 0.0, "a project that loses money"),)
    return out


def evaluate_within_bounds(
    model: Model, x: dict[str, np.ndarray], n: int
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The model's metrics of ``n`` samples, NaN where a sample lies outside a bound.

    Returns the metrics and a mask of the samples that failed (outside a parameter's
    bounds, or NaN in every metric).
    """
    outside = np.zeros(n, dtype=bool)
    for name, v in x.items():
        low, high = model.parameter(name).bounds
        outside |= ~np.isfinite(v) | (v < low) | (v > high)
    if not outside.any():
        y = model.evaluate(x, n)
    else:
        inside = ~outside
        k = int(inside.sum())
        y = {m.name: np.full(n, np.nan) for m in model.metrics}
        if k:
            part = model.evaluate({name: v[inside] for name, v in x.items()}, k)
            for name, v in part.items():
                y[name][inside] = v
    failed = outside | np.all([~np.isfinite(v) for v in y.values()], axis=0)
    return y, failed


@dataclass
class EvaluatedChunk:
    """One chunk's sampled inputs, metrics and failed samples, not yet summarised."""

    n: int
    inputs: dict[str, np.ndarray]
    values: dict[str, np.ndarray]
    failed: np.ndarray


def evaluate_chunk(model: Model, plan: SamplingPlan, index: int) -> EvaluatedChunk:
    """Sample and evaluate chunk ``index``."""
    x = plan.inputs(index)
    n = plan.bounds(index)[1]
    y, failed = evaluate_within_bounds(model, x, n)
    return EvaluatedChunk(n, x, y, failed)


def summarize_evaluated(
    model: Model,
    chunk: EvaluatedChunk,
    ranges: dict[str, tuple[float, float]] | None,
    keep: bool = False,
) -> ChunkSummary:
    """Summarise an evaluated chunk over ``ranges`` (None: its own pilot ranges)."""
    y, failed = chunk.values, chunk.failed
    if ranges is None:
        ranges = {key: pilot_range(v) for key, v in y.items()}
    summaries = {}
    for key, v in y.items():
        summaries[key] = StreamingSummary(*ranges[key])
        summaries[key].add(v)
    met = {t.name: int(np.count_nonzero(t.met(y[t.metric]) & ~failed)) for t in odds(model)}
    if keep:
        return ChunkSummary(chunk.n, summaries, met, int(failed.sum()), chunk.inputs, y)
    return ChunkSummary(chunk.n, summaries, met, int(failed.sum()))


def summarize_chunk(
    model: Model,
    plan: SamplingPlan,
    index: int,
    ranges: dict[str, tuple[float, float]] | None,
    keep: bool = False,
) -> ChunkSummary:
    """Sample, evaluate and summarise chunk ``index`` (a local step, or one Dask task).

    With ``ranges`` None (the pilot chunk) the histogram ranges come from the
    chunk itself (:func:`valorize.analysis.streaming.pilot_range`).
    """
    return summarize_evaluated(model, evaluate_chunk(model, plan, index), ranges, keep)


def summarize_chunks(
    model: Model,
    plan: SamplingPlan,
    indices: Sequence[int],
    ranges: dict[str, tuple[float, float]],
) -> ChunkSummary:
    """:func:`summarize_chunk` of consecutive chunks ``indices``, merged (one Dask task).

    The merge is exact (:mod:`valorize.analysis.streaming`), so the run's summary
    is the same to the bit however its chunks are grouped; no arrays are kept.
    """
    chunks = (summarize_chunk(model, plan, i, ranges) for i in indices)
    merged = next(chunks)
    for chunk in chunks:  # one chunk's summary at a time: memory does not grow with the group
        merged.merge(chunk)
    return merged


def _chunks_locally(
    model: Model, plan: SamplingPlan, ranges: dict[str, tuple[float, float]], keep: bool
) -> Iterator[ChunkSummary]:
    from valorize.analysis.allocator import keep_freed_memory

    keep_freed_memory()  # the chunks reuse their temporaries' pages
    for index in range(1, plan.chunks):
        yield summarize_chunk(model, plan, index, ranges, keep)


def _chunks_on_cluster(
    client: Any, model: Model, plan: SamplingPlan, keep: bool
) -> tuple[ChunkSummary, dict[str, tuple[float, float]], Iterator[ChunkSummary]]:
    """The pilot chunk's summary, its ranges, and the other chunks' summaries in order.

    While one worker runs the pilot chunk, each other thread of the cluster
    evaluates one of the next chunks, kept on its worker until the pilot's ranges
    are known (one chunk's outputs, a few MB each); the rest go as groups of
    chunks (:func:`valorize.analysis.scale_out.chunk_groups`), or one by one when
    their samples come back (``keep``).
    """
    from valorize.analysis.scale_out import chunk_groups, in_order, result, submit, threads

    model_f, plan_f = client.scatter([model, plan], broadcast=True, hash=False)
    pilot_f = submit(client, summarize_chunk, model_f, plan_f, 0, None, True)
    cores = threads(client)
    early = range(1, min(cores, plan.chunks))
    evaluated = [submit(client, evaluate_chunk, model_f, plan_f, i) for i in early]
    pilot = result(pilot_f, cancel=evaluated)
    pilot_f.release()
    ranges = pilot.ranges()
    first = [submit(client, summarize_evaluated, model_f, e, ranges, keep) for e in evaluated]
    del evaluated  # each is released once its summary is done
    later = range(len(early) + 1, plan.chunks)
    tasks: Iterable[tuple[Callable[..., Any], tuple[Any, ...]]]
    if keep:  # samples come back chunk by chunk, which bounds the client's memory
        tasks = ((summarize_chunk, (model_f, plan_f, i, ranges, True)) for i in later)
    else:
        groups = chunk_groups(later, cores)
        tasks = ((summarize_chunks, (model_f, plan_f, group, ranges)) for group in groups)
    rest = in_order(client, first, tasks)
    return pilot, ranges, rest


def run_uncertainty(
    model: Model,
    samples: int,
    seed: int,
    method: str = "lhs",
    *,
    keep: bool = True,
    chunk_size: int = CHUNK,
    sink: Callable[[dict[str, np.ndarray], dict[str, np.ndarray]], None] | None = None,
    progress: Callable[[int], None] | None = None,
    client: Any = None,
) -> UncertaintyResult:
    """Sample the model's uncertain inputs and evaluate the model for every sample.

    Parameters
    ----------
    model
        A model of any route (:mod:`valorize.model`); its :meth:`for_sampling` form
        for ``samples`` is evaluated (in NumPy only for a run too small to repay loading
        the compiled kernels).
    samples, seed, method
        The number of samples, the seed and ``mc``, ``lhs`` or ``sobol``.
    keep
        Return every sample's inputs and outputs (memory grows with ``samples``);
        without it memory is bounded and only the summary is returned.
    chunk_size
        Most samples evaluated per vectorized call (one task on Dask).
    sink
        Called with each chunk's inputs and outputs, in chunk order (e.g. to write
        them to Parquet as they come).
    progress
        Called with the number of samples done after each chunk.
    client
        A ``dask.distributed.Client``: chunks run as tasks on its workers.

    Returns
    -------
    UncertaintyResult
        Inputs and outputs of shape ``(samples,)`` each when kept, and the summary.

    Raises
    ------
    InputError
        For bad sample counts, undeclared or ill-declared inputs, or a model that
        cannot evaluate scenarios of its case.
    """
    if samples < 1:
        raise InputError("--samples: the number of samples must be at least 1")
    if chunk_size < 1:
        raise InputError("--chunk-size: must be at least 1")
    dists = declared_distributions(model)
    spearman = declared_correlation(model, list(dists))
    plan = SamplingPlan(method, samples, seed, dists, spearman, chunk_size)
    plan.check()
    sampled = model.for_sampling(samples)
    arrays = keep or sink is not None
    if client is None:
        pilot = summarize_chunk(sampled, plan, 0, None, keep=True)
        ranges = pilot.ranges()
        rest: Iterable[ChunkSummary] = _chunks_locally(sampled, plan, ranges, arrays)
    else:
        pilot, ranges, rest = _chunks_on_cluster(client, sampled, plan, arrays)
    total = ChunkSummary(0, {k: StreamingSummary(*r) for k, r in ranges.items()}, {})
    total.met = dict.fromkeys(pilot.met, 0)
    parts: dict[str, list[np.ndarray]] = {}
    for chunk in _chain(pilot, rest):
        total.merge(chunk)
        if sink is not None:
            sink(chunk.inputs, chunk.values)
        if keep:
            for key, v in (*chunk.inputs.items(), *chunk.values.items()):
                parts.setdefault(key, []).append(v)
        if progress is not None:
            progress(total.n)
    kept = {k: np.concatenate(v) for k, v in parts.items()}
    summary = _summary(sampled, plan, total)
    return UncertaintyResult(
        {k: kept[k] for k in dists if k in kept},
        {k: v for k, v in kept.items() if k not in dists},
        summary,
    )


def _chain(first: ChunkSummary, rest: Iterable[ChunkSummary]) -> Iterator[ChunkSummary]:
    yield first
    yield from rest


def _summary(model: Model, plan: SamplingPlan, total: ChunkSummary) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "case": model.name,
        "route": model.route,
        "samples": plan.samples,
        "seed": plan.seed,
        "method": plan.method,
        **model.sampling().notes,
        "failed_samples": total.failed,
        "outputs": {},
    }
    units = {m.name: m for m in model.metrics}
    for key, s in total.outputs.items():
        if s.n == 0:
            continue
        row: dict[str, Any] = {"mean": s.mean}
        bound = 0.0
        for p in PERCENTILES:
            value, error = s.quantile(p / 100)
            row[f"p{p}"] = value
            bound = max(bound, error)
        row["quantile_error_bound"] = bound
        row["finite_samples"] = s.n
        row["min"], row["max"] = s.minimum, s.maximum
        if key in units:
            row["unit"], row["label"] = units[key].unit, units[key].label
        summary["outputs"][key] = row
    evaluated = plan.samples - total.failed
    for name, count in total.met.items():
        summary[f"probability_{name}"] = count / evaluated if evaluated else None
    summary["targets"] = {
        t.name: {"metric": t.metric, "sense": t.sense, "value": t.value, "source": t.source}
        for t in odds(model)
    }
    summary["inputs"] = {}
    for u in model.uncertain:
        d = plan.distributions[u.parameter]
        entry: dict[str, Any] = {
            "distribution": d.kind,
            "parameters": list(d.parameters),
            "unit": model.parameter(u.parameter).unit,
        }
        if u.series is not None:
            entry["series"] = u.series
        summary["inputs"][u.parameter] = entry
    if model.correlations:
        summary["correlations"] = [
            {"inputs": list(c.inputs), "spearman": c.spearman} for c in model.correlations
        ]
    summary["warnings"] = posterior_warnings(model)
    summary["chunks"] = plan.chunks
    summary["chunk_size"] = plan.chunk_size
    summary["quantile_method"] = (
        f"histogram of {BINS} bins over the first chunk's range widened by 1/8 each side, "
        "values outside counted; quantile_error_bound is the largest error of p5, p50, p95"
    )
    return summary
