"""Monte Carlo over a case: sampled inputs through distillation and economics, in chunks.

The uncertain inputs of a case (``[[uncertainty]]`` in the case file) are
sampled on the unit hypercube (:mod:`valorize.analysis.sampling`), mapped to
their distributions, and evaluated in chunks: each chunk is one vectorized
call of the distillation model and one of the cash-flow model. Outputs per
sample are the purity, recovery, output, energy and, when the case has
economics, NPV and IRR under its first price scenario (with any sampled
price replacing the scenario's). The summary gives the mean and the 5th, 50th
and 95th percentiles of each, and the probabilities of meeting the purity and
output targets and of a negative NPV.

Runs of any size take bounded memory: chunk ``i`` of the samples is made from
(seed, i) alone (:func:`valorize.analysis.sampling.chunk_unit_samples`),
rank-correlated by Iman-Conover within the chunk
(:mod:`valorize.analysis.correlation`), evaluated, and summarised into
fixed-size histograms (:mod:`valorize.analysis.streaming`) that are merged in
chunk order, so a run on Dask workers (:mod:`valorize.analysis.scale_out`)
gives the same numbers to the bit as a local one.

Supported inputs (:data:`PARAMETERS`): the entrainment, the evaporation
coefficient, the shift of HgSe's enthalpy of formation from its data value
(J/mol, for the uncertainty of that assumed value), the distilled fraction,
the head cut, the melt temperature (K), the Se content of the crude (wt %, the
impurities scaled in proportion) and the refined and crude selenium prices
(USD/kg).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from valorize.analysis.sampling import Distribution, chunk_unit_samples
from valorize.analysis.streaming import BINS, StreamingSummary, pilot_range
from valorize.case import Case
from valorize.data.loader import emission_factor, price_series
from valorize.errors import InputError
from valorize.quantities import parse_quantity
from valorize.run import case_conditions, has_recycle, waste_condensate
from valorize.units.vacuum_distillation import CrudeSelenium, distill_passes

#: Inputs a case may declare uncertain, and the unit their distribution is in.
PARAMETERS = {
    "model.entrainment": "fraction",
    "model.evaporation_coefficient": "fraction",
    "model.formation_enthalpy_offset": "J/mol",
    "operation.distilled_fraction": "fraction",
    "operation.head_cut": "fraction",
    "operation.temperature": "K",
    "feed.Se_wt_pct": "wt %",
    "price.refined_selenium": "USD/kg",
    "price.crude_selenium": "USD/kg",
}

#: Samples evaluated per vectorized call.
CHUNK = 20_000

OUTPUTS = (
    "product_Se_wt_pct",
    "Se_recovery_pct",
    "product_t_per_yr",
    "furnace_hours_per_yr",
    "energy_kWh_per_t_product",
    "npv_usd",
    "irr_pct",
    "unit_cost_usd_per_kg",
    "refining_cost_usd_per_kg",
    "co2_kg_per_kg_product",
)

#: Integration steps per cut when sampling: against the case's default 48, the Balkhash
#: case's batch time moves by under 0.5 % and its impurity content by under 3e-4
#: (relative) over its declared input ranges, far inside the sampled spread, for a third
#: of the work (measured: tests/e2e/test_uncertainty.py).
SAMPLING_STEPS = 16

#: Percentiles reported for every output.
PERCENTILES = (5, 50, 95)


@dataclass(frozen=True)
class UncertaintyResult:
    """The summary, and every sample's inputs and outputs when they were kept (else empty)."""

    samples: dict[str, np.ndarray]
    outputs: dict[str, np.ndarray]
    summary: dict[str, Any]


def declared_distributions(case: Case) -> dict[str, Distribution]:
    """The case's uncertain inputs by parameter name, checked."""
    out = {}
    for i, u in enumerate(case.uncertainty):
        where = f"uncertainty[{i}]"
        if u.parameter not in PARAMETERS:
            raise InputError(
                f"{where}.parameter: {u.parameter!r} is not one of " + ", ".join(PARAMETERS)
            )
        if u.parameter in out:
            raise InputError(f"{where}.parameter: {u.parameter} is given twice")
        if u.distribution == "empirical":
            if (u.series is None) == (not u.parameters):
                raise InputError(
                    f"{where}: an empirical distribution needs either series = NAME "
                    "(data/price_series.toml) or parameters = [data values], not both"
                )
            data = u.parameters or list(price_series(u.series, f"{where}.series").usd_per_kg)
            if u.series is not None and not u.parameter.startswith("price."):
                raise InputError(f"{where}.series: price series are for price.* inputs only")
        else:
            if u.series is not None:
                raise InputError(f"{where}.series: only an empirical distribution takes a series")
            data = u.parameters
        try:
            out[u.parameter] = Distribution(u.distribution, tuple(data))
        except InputError as exc:
            raise InputError(f"{where}: {exc}") from None
    if not out:
        raise InputError("the case declares no [[uncertainty]] inputs")
    return out


def declared_correlation(case: Case, names: list[str]) -> np.ndarray | None:
    """The rank-correlation matrix of the case's ``[[correlation]]`` entries (None if none)."""
    if not case.correlation:
        return None
    from valorize.analysis.correlation import spearman_matrix

    pairs = [(c.inputs[0], c.inputs[1], c.spearman) for c in case.correlation]
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

    def inputs(self, index: int) -> dict[str, np.ndarray]:
        """The sampled inputs of chunk ``index``, in their units."""
        start, n = self.bounds(index)
        d = len(self.distributions)
        u = chunk_unit_samples(self.method, start, n, d, self.seed, index)
        if self.spearman is not None:
            from valorize.analysis.correlation import iman_conover

            rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(index, 1)))
            involved = np.flatnonzero((np.abs(self.spearman - np.eye(d)) > 0).any(axis=0))
            sub = self.spearman[np.ix_(involved, involved)]
            u[:, involved] = iman_conover(u[:, involved], sub, rng)
        return {key: dist.ppf(u[:, j]) for j, (key, dist) in enumerate(self.distributions.items())}


@dataclass
class ChunkSummary:
    """One chunk's (or a merged run's) output summaries and target counts."""

    n: int
    outputs: dict[str, StreamingSummary]
    met: dict[str, int]
    inputs: dict[str, np.ndarray] = field(default_factory=dict)
    values: dict[str, np.ndarray] = field(default_factory=dict)

    def merge(self, other: ChunkSummary) -> None:
        """Add a later chunk's summaries and counts (its arrays are not kept)."""
        self.n += other.n
        for key, s in other.outputs.items():
            self.outputs[key].merge(s)
        for key, k in other.met.items():
            self.met[key] += k


#: How a sample is compared with a threshold.
COMPARE = {"at least": np.greater_equal, "under": np.less, "at most": np.less_equal}


def _thresholds(case: Case) -> dict[str, tuple[str, float, str]]:
    """Probabilities to count: name -> (output, threshold, comparison of :data:`COMPARE`)."""
    out = {}
    t = case.target
    if t.se_min_wt_pct is not None:
        out["probability_purity_met"] = ("product_Se_wt_pct", t.se_min_wt_pct, "at least")
    if t.product_rate is not None:
        need = t.product_rate * parse_quantity("1 yr", "time", "year") / 1000.0
        out["probability_output_met"] = ("product_t_per_yr", need, "at least")
    for symbol, limit in t.max_ppm.items():
        out[f"probability_{symbol}_limit_met"] = (f"{symbol}_ppm", limit, "at most")
    if case.economics is not None:
        out["probability_npv_negative"] = ("npv_usd", 0.0, "under")
    return out


def summarize_chunk(
    case: Case,
    plan: SamplingPlan,
    index: int,
    ranges: dict[str, tuple[float, float]] | None,
    keep: bool = False,
) -> ChunkSummary:
    """Sample, evaluate and summarise chunk ``index`` (a Dask task, or a local step).

    With ``ranges`` None (the pilot chunk) the histogram ranges come from the
    chunk itself (:func:`valorize.analysis.streaming.pilot_range`) and the
    arrays are kept so the caller can read them.
    """
    x = plan.inputs(index)
    n = plan.bounds(index)[1]
    y = evaluate_samples(case, x, n)
    if ranges is None:
        ranges = {key: pilot_range(v) for key, v in y.items()}
    summaries = {}
    for key, v in y.items():
        summaries[key] = StreamingSummary(*ranges[key])
        summaries[key].add(v)
    met = {}
    for name, (key, threshold, comparison) in _thresholds(case).items():
        met[name] = int(np.count_nonzero(COMPARE[comparison](y[key], threshold)))
    if keep:
        return ChunkSummary(n, summaries, met, x, y)
    return ChunkSummary(n, summaries, met)


def evaluate_samples(case: Case, x: dict[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    """The case's outputs for n samples of its inputs ``x`` (parameter -> array), one call."""
    from valorize.case_economics import FEED, PRODUCT, case_price_scenarios, economic_inputs
    from valorize.economics.refinery import PlantFlows, refinery_cash_flow

    components = tuple(case.feed.composition_wt_pct)
    forms = tuple(case.feed.forms.get(s, "dissolved") for s in components)
    w0 = np.array([case.feed.composition_wt_pct[s] for s in components]) / 100.0
    w = np.broadcast_to(w0, (n, w0.size)).copy()
    if "feed.Se_wt_pct" in x:
        se = np.clip(x["feed.Se_wt_pct"] / 100.0, 0.0, 1.0)
        w[:, 1:] = w0[1:] * ((1.0 - se) / (1.0 - w0[0]))[:, None]
        w[:, 0] = se
    overrides = {
        key.split(".", 1)[1]: value
        for key, value in x.items()
        if key.split(".")[0] in ("model", "operation")
    }
    overrides.setdefault("steps", min(case.model.steps, SAMPLING_STEPS))
    conditions = case_conditions(case, **overrides)
    m = case.model
    r = distill_passes(
        CrudeSelenium(components, w, forms),
        conditions,
        case.operation.passes,
        m.activity,
        allow_ideal=m.allow_ideal,
    )
    year = parse_quantity("1 yr", "time", "year")
    batches = case.feed.rate * year / case.operation.charge_mass
    product = r.product.sum(axis=-1) * batches
    out = {
        "product_Se_wt_pct": 100 * r.purity(r.product),
        "Se_recovery_pct": 100 * r.selenium_recovery,
        "product_t_per_yr": product / 1000.0,
        "furnace_hours_per_yr": r.duration * batches / 3600.0,
        "energy_kWh_per_t_product": r.energy_total / 3.6e6 / (r.product.sum(axis=-1) / 1000),
    }
    for symbol in case.target.max_ppm:  # the impurities a buyer limits
        out[f"{symbol}_ppm"] = r.ppm(r.product, symbol)
    e = case.economics
    if e is not None:
        prices = case_price_scenarios(e)[0][1]
        product_price = x.get("price.refined_selenium", np.full(n, prices[PRODUCT].value))
        feed_price = x.get("price.crude_selenium", np.full(n, prices[FEED].value))
        credits = {el: np.full(n, prices[el].value) for el in e.payable}
        residue = r.residue * batches
        flows = PlantFlows(
            feed=r.feed.sum(axis=-1) * batches,
            product=product,
            waste=waste_condensate(r, case).sum(axis=-1) * batches,
            energy=r.energy_total / 3.6e6 * batches,
            residue_by_element={s: residue[:, k] for k, s in enumerate(components)},
        )
        cf = refinery_cash_flow(
            flows, economic_inputs(e, product_price, feed_price, credits), break_even=False
        )
        out["npv_usd"] = cf.npv
        out["irr_pct"] = 100 * cf.irr
        out["unit_cost_usd_per_kg"] = cf.unit_cost
        out["refining_cost_usd_per_kg"] = cf.refining_cost
        factor = emission_factor(e.grid_emission_factor).value
        out["co2_kg_per_kg_product"] = out["energy_kWh_per_t_product"] * factor / 1e3
    return out


def _chunks_locally(
    case: Case, plan: SamplingPlan, ranges: dict[str, tuple[float, float]], keep: bool
) -> Iterator[ChunkSummary]:
    for index in range(1, plan.chunks):
        yield summarize_chunk(case, plan, index, ranges, keep)


def run_uncertainty(
    case: Case,
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
    """Sample the case's uncertain inputs and evaluate the case for every sample.

    Parameters
    ----------
    case, samples, seed, method
        The case, the number of samples, the seed and ``mc``, ``lhs`` or ``sobol``.
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
    """
    if has_recycle(case):
        raise InputError(
            "operation: uncertainty runs do not handle a recycle (residue_recycle or a "
            "condenser with destination 'recycle') yet"
        )
    if samples < 1:
        raise InputError("--samples: the number of samples must be at least 1")
    if chunk_size < 1:
        raise InputError("--chunk-size: must be at least 1")
    dists = declared_distributions(case)
    spearman = declared_correlation(case, list(dists))
    plan = SamplingPlan(method, samples, seed, dists, spearman, chunk_size)
    arrays = keep or sink is not None
    if client is None:
        pilot = summarize_chunk(case, plan, 0, None, keep=True)
    else:
        from valorize.analysis.scale_out import run_chunks

        (pilot,) = run_chunks(client, case, plan, [0], None, True)
    ranges = {key: (s.low, s.high) for key, s in pilot.outputs.items()}
    if client is None:
        rest: Iterable[ChunkSummary] = _chunks_locally(case, plan, ranges, arrays)
    else:
        rest = run_chunks(client, case, plan, range(1, plan.chunks), ranges, arrays)
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
    summary = _summary(case, plan, total)
    return UncertaintyResult(
        {k: kept[k] for k in dists if k in kept},
        {k: v for k, v in kept.items() if k not in dists},
        summary,
    )


def _chain(first: ChunkSummary, rest: Iterable[ChunkSummary]) -> Iterator[ChunkSummary]:
    yield first
    yield from rest


def _summary(case: Case, plan: SamplingPlan, total: ChunkSummary) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "samples": plan.samples,
        "seed": plan.seed,
        "method": plan.method,
        "integration_steps": min(case.model.steps, SAMPLING_STEPS),
        "outputs": {},
    }
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
        summary["outputs"][key] = row
    for name, count in total.met.items():
        summary[name] = count / plan.samples
    if case.economics is not None:
        from valorize.case_economics import case_price_scenarios

        summary["price_scenario"] = case_price_scenarios(case.economics)[0][0]
    summary["inputs"] = {
        key: {"distribution": d.kind, "parameters": list(d.parameters), "unit": PARAMETERS[key]}
        for key, d in plan.distributions.items()
    }
    for u in case.uncertainty:
        if u.series is not None:
            summary["inputs"][u.parameter]["series"] = u.series
    if case.correlation:
        summary["correlations"] = [
            {"inputs": list(c.inputs), "spearman": c.spearman} for c in case.correlation
        ]
    summary["chunks"] = plan.chunks
    summary["chunk_size"] = plan.chunk_size
    summary["quantile_method"] = (
        f"histogram of {BINS} bins over the first chunk's range widened by 1/8 each side, "
        "values outside counted; quantile_error_bound is the largest error of p5, p50, p95"
    )
    return summary
