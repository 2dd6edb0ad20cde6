r"""Which uncertain inputs drive the answer: rank correlations and a tornado.

*Spearman rank correlation* (e.g. Saltelli et al., *Global Sensitivity
Analysis: The Primer*, 2008, ch. 1) between each sampled input and each output
of a Monte Carlo run (:mod:`valorize.analysis.uncertainty`): robust to
monotonic non-linearity, blind to interactions.

*Sobol indices* (Sobol', Math. Comput. Simul. 55 (2001) 271; Saltelli et al.,
Comput. Phys. Commun. 181 (2010) 259): the first-order index S1 is the share
of an output's variance due to one input alone, the total index ST includes
all its interactions; estimated with SALib's Saltelli-Sobol sampling and
analysis, with bootstrap confidence intervals. *Morris screening* (Morris,
Technometrics 33 (1991) 161; Campolongo et al. 2007): mu* is the mean absolute
elementary effect of an input, sigma the spread that signals non-linearity or
interaction. Both work on any function of named inputs with distributions
(:func:`sobol_indices`, :func:`morris_screening`); the model versions feed them
:meth:`valorize.model.protocol.Model.evaluate` (samples outside a parameter's
bounds are NaN, :func:`valorize.analysis.uncertainty.evaluate_within_bounds`).

*Tornado* (one at a time): every input is set to the 5th and then the 95th
percentile of its distribution while the others stay at their medians; the
swing of each output between the two runs ranks the inputs. All 2·d + 1 runs
are one vectorized call of the model.

Spearman, Sobol and Morris hold every evaluation in memory at once; :func:`check_run`
refuses a sample count a method cannot take, and measures a large run with pilots
(:mod:`valorize.analysis.run_size`) to refuse one that would not fit this machine's
memory or would not finish, before anything starts.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from valorize.analysis import run_size
from valorize.analysis.sampling import Distribution
from valorize.analysis.uncertainty import (
    CHUNK,
    declared_distributions,
    evaluate_within_bounds,
    run_uncertainty,
)
from valorize.errors import InputError
from valorize.model.protocol import Model

#: Percentiles of each input's distribution used as its low and high in the tornado.
TORNADO_PERCENTILES = (0.05, 0.95)


def spearman(
    model: Model, samples: int, seed: int, method: str = "lhs", chunk_size: int = CHUNK
) -> dict[str, Any]:
    """Spearman rank correlation of every input with every output of a model.

    ``chunk_size`` is the most samples evaluated per call of the model
    (:func:`valorize.analysis.uncertainty.run_uncertainty`); every sample's inputs and
    outputs are kept for the ranks.
    """
    from scipy.stats import spearmanr

    result = run_uncertainty(model, samples, seed, method, chunk_size=chunk_size)
    table: dict[str, dict[str, float]] = {}
    for out_key, y in result.outputs.items():
        ok = np.isfinite(y)
        row = {}
        for in_key, x in result.samples.items():
            if np.ptp(y[ok]) == 0 or np.ptp(x[ok]) == 0:
                row[in_key] = 0.0
                continue
            row[in_key] = float(spearmanr(x[ok], y[ok]).statistic)
        table[out_key] = row
    return {"method": "spearman", "samples": samples, "seed": seed, "correlations": table}


def tornado(model: Model) -> dict[str, Any]:
    """Output swings when each input goes from its 5th to its 95th percentile alone."""
    dists = declared_distributions(model)
    keys = list(dists)
    d = len(keys)
    if d == 0:  # pragma: no cover - declared_distributions already refuses this
        raise InputError("no uncertain inputs")
    medians = {k: dists[k].quantile(0.5) for k in keys}
    lows = {k: dists[k].quantile(TORNADO_PERCENTILES[0]) for k in keys}
    highs = {k: dists[k].quantile(TORNADO_PERCENTILES[1]) for k in keys}
    # scenario 0: all medians; 1 + 2j: input j low; 2 + 2j: input j high
    n = 1 + 2 * d
    x = {k: np.full(n, medians[k]) for k in keys}
    for j, k in enumerate(keys):
        x[k][1 + 2 * j] = lows[k]
        x[k][2 + 2 * j] = highs[k]
    outputs, _ = evaluate_within_bounds(model.for_sampling(n), x, n)
    bars: dict[str, list[dict[str, Any]]] = {}
    for out_key, y in outputs.items():
        rows = []
        for j, k in enumerate(keys):
            lo, hi = float(y[1 + 2 * j]), float(y[2 + 2 * j])
            rows.append(
                {
                    "input": k,
                    "input_low": lows[k],
                    "input_high": highs[k],
                    "output_at_low": lo,
                    "output_at_high": hi,
                    "swing": abs(hi - lo),
                }
            )
        rows.sort(key=lambda r: -r["swing"] if np.isfinite(r["swing"]) else 0.0)
        bars[out_key] = rows
    base = {k: float(v[0]) for k, v in outputs.items()}
    return {
        "method": "tornado",
        "percentiles": list(TORNADO_PERCENTILES),
        "base_at_medians": base,
        "bars": bars,
    }


Function = Callable[[dict[str, np.ndarray], int], dict[str, np.ndarray]]


def _problem(distributions: dict[str, Distribution]) -> dict[str, Any]:
    names = list(distributions)
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}


def _to_inputs(
    distributions: dict[str, Distribution],
    u: np.ndarray,
    window: tuple[float, float] | None = None,
) -> dict[str, np.ndarray]:
    """Inputs at unit-cube points ``u``: over ``window`` of each input's quantiles if given."""
    if window is not None:
        u = window[0] + (window[1] - window[0]) * u
    # open interval: the inverse CDF of a normal or lognormal is infinite at 0 and 1
    u = np.clip(u, 1e-12, 1.0 - 1e-12)
    return {k: d.ppf(u[:, j]) for j, (k, d) in enumerate(distributions.items())}


def _complete_blocks(y: np.ndarray, rows: int) -> np.ndarray:
    """Which blocks of ``rows`` consecutive samples are finite throughout, ``(blocks,)``."""
    return np.all(np.isfinite(y.reshape(-1, rows)), axis=1)


def _left_out(key: str, kept: np.ndarray, what: str, notes: dict[str, str]) -> bool:
    """Note the blocks left out of ``key``'s indices; False when too few are left."""
    missing = int((~kept).sum())
    if missing == 0:
        return True
    if kept.sum() < 2:
        notes[key] = f"{missing} of {kept.size} {what} hold a sample that could not be evaluated"
        return False
    notes[key] = (
        f"{missing} of {kept.size} {what} left out: a sample of each could not be evaluated "
        "(NaN); the indices are of the rest"
    )
    return True


def sobol_indices(
    model: Function,
    distributions: dict[str, Distribution],
    base_samples: int,
    seed: int,
    notes: dict[str, str] | None = None,
) -> dict[str, dict[str, dict[str, float]]]:
    """First-order and total Sobol indices of every output, with 95 % confidence half-widths.

    ``base_samples`` (a power of 2) becomes ``base_samples * (d + 2)`` model runs, in
    blocks of d + 2 per base sample; a block with a sample that could not be evaluated
    (NaN) is left out of that output's indices and counted in ``notes``.
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    _check_base_samples(base_samples)
    notes = {} if notes is None else notes
    problem = _problem(distributions)
    rows = problem["num_vars"] + 2
    u = sobol_sample.sample(problem, base_samples, calc_second_order=False, seed=seed)
    outputs = model(_to_inputs(distributions, u), len(u))
    result: dict[str, dict[str, dict[str, float]]] = {}
    for key, y in outputs.items():
        y = np.asarray(y, dtype=float)
        kept = _complete_blocks(y, rows)
        if not _left_out(key, kept, "base samples", notes):
            continue
        y = y.reshape(-1, rows)[kept].ravel()
        if np.ptp(y) == 0:
            continue  # named in the result's "dropped" by the caller (_dropped)
        si = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=_bootstrap_seed(seed))
        result[key] = {
            name: {
                "S1": float(si["S1"][j]),
                "S1_conf": float(si["S1_conf"][j]),
                "ST": float(si["ST"][j]),
                "ST_conf": float(si["ST_conf"][j]),
            }
            for j, name in enumerate(problem["names"])
        }
    return result


#: Morris steps every input over the same central range of its distribution, the
#: quantiles the tornado swings between (5 % and 95 %), bounded or not: a normal input is
#: not pushed to its far tails, and mu* of inputs with equal 5-95 % ranges and effects
#: are alike.
MORRIS_WINDOW = TORNADO_PERCENTILES


def morris_screening(
    model: Function,
    distributions: dict[str, Distribution],
    trajectories: int,
    seed: int,
    levels: int = 4,
    notes: dict[str, str] | None = None,
) -> dict[str, dict[str, dict[str, float]]]:
    """Morris mu* and sigma of every input for every output, over :data:`MORRIS_WINDOW`.

    A trajectory with a sample that could not be evaluated (NaN) is left out of that
    output's indices and counted in ``notes``.
    """
    from SALib.analyze import morris as morris_analyze
    from SALib.sample import morris as morris_sample

    _check_trajectories(trajectories)
    notes = {} if notes is None else notes
    problem = _problem(distributions)
    rows = problem["num_vars"] + 1
    u = morris_sample.sample(problem, trajectories, num_levels=levels, seed=seed)
    outputs = model(_to_inputs(distributions, u, MORRIS_WINDOW), len(u))
    result: dict[str, dict[str, dict[str, float]]] = {}
    for key, y in outputs.items():
        y = np.asarray(y, dtype=float)
        kept = _complete_blocks(y, rows)
        if not _left_out(key, kept, "trajectories", notes):
            continue
        mask = np.repeat(kept, rows)
        mi = morris_analyze.analyze(problem, u[mask], y[mask], num_levels=levels, seed=seed)
        result[key] = {
            name: {"mu_star": float(mi["mu_star"][j]), "sigma": float(mi["sigma"][j])}
            for j, name in enumerate(problem["names"])
        }
    return result


def _sampled(model: Model) -> Function:
    """The model as a function of one call of all the analysis' scenarios (n of them)."""
    return lambda x, n: evaluate_within_bounds(model.for_sampling(n), x, n)[0]


def _dropped(model: Model, indices: dict[str, Any], notes: dict[str, str]) -> dict[str, str]:
    """The metrics without indices, and why."""
    return {
        m.name: notes.get(m.name, "the metric does not vary over the samples")
        for m in model.metrics
        if m.name not in indices
    }


def model_sobol(model: Model, base_samples: int, seed: int) -> dict[str, Any]:
    """Sobol indices of a model's metrics over its case's uncertain inputs."""
    dists = declared_distributions(model)
    notes: dict[str, str] = {}
    indices = sobol_indices(_sampled(model), dists, base_samples, seed, notes)
    return {
        "method": "sobol",
        "base_samples": base_samples,
        "seed": seed,
        "indices": indices,
        "left_out": {k: v for k, v in notes.items() if k in indices},
        "dropped": _dropped(model, indices, notes),
    }


def model_morris(model: Model, trajectories: int, seed: int) -> dict[str, Any]:
    """Morris screening of a model's metrics over its case's uncertain inputs."""
    dists = declared_distributions(model)
    notes: dict[str, str] = {}
    result = morris_screening(_sampled(model), dists, trajectories, seed, notes=notes)
    return {
        "method": "morris",
        "trajectories": trajectories,
        "seed": seed,
        "window": list(MORRIS_WINDOW),
        "indices": result,
        "left_out": {k: v for k, v in notes.items() if k in result},
        "dropped": _dropped(model, result, notes),
    }


def check_run(model: Model, method: str, samples: int, seed: int) -> None:
    """Refuse, before it starts, a run of ``method`` that cannot be done here.

    A sample count the method cannot take is refused at once. Spearman, Sobol and Morris
    keep every evaluation in memory at once, so a run of more than
    :data:`~valorize.analysis.run_size.HELD_CHECKED_ABOVE` model evaluations is timed and
    traced on pilots of the same model (:func:`~valorize.analysis.run_size.estimate_held`)
    and refused if it would not fit the memory available or would take longer than
    :data:`~valorize.analysis.run_size.MAX_LOCAL_HOURS`.

    Parameters
    ----------
    model
        The case's model.
    method
        ``tornado``, ``spearman``, ``sobol`` or ``morris``.
    samples
        Spearman samples, Sobol base samples or Morris trajectories (``--samples``);
        the tornado takes none.
    seed
        The run's seed, which its pilots use too.

    Raises
    ------
    InputError
        For a sample count the method cannot take, undeclared uncertain inputs, or a
        run too large for this machine (naming ``--samples`` and the estimate).
    """
    if method == "tornado":
        return
    if method == "sobol":
        _check_base_samples(samples)
    elif method == "morris":
        _check_trajectories(samples)
    elif samples < 1:
        raise InputError(f"--samples: Spearman needs at least 1 sample, not {samples}")
    d = len(declared_distributions(model))
    # the model's evaluations: Sobol's blocks of d + 2, Morris' trajectories of d + 1
    per_unit = {"sobol": d + 2, "morris": d + 1}.get(method, 1)
    evaluations = samples * per_unit
    if evaluations <= run_size.HELD_CHECKED_ABOVE:
        return
    sized = model.for_sampling(evaluations)  # the pilots run the kernels of the run
    small, large = (
        _pilot_units(n, per_unit, power_of_2=method == "sobol") for n in run_size.HELD_PILOTS
    )
    large = max(large, 2 * small)  # apart even where a unit is thousands of evaluations
    traced = None
    if method == "sobol":
        what = f"{samples:,} Sobol base samples ({evaluations:,} model evaluations)"
        pilot = partial(model_sobol, sized, seed=seed)
    elif method == "morris":
        what = f"{samples:,} Morris trajectories ({evaluations:,} model evaluations)"
        pilot = partial(model_morris, sized, seed=seed)
    else:
        what = f"{samples:,} Spearman samples"
        pilot = partial(spearman, sized, seed=seed)
        # the run evaluates the model in chunks and keeps each sample's inputs and
        # outputs: the traced pilots are cut in chunks of one size, whose working set
        # cancels between them, so that what grows is what is kept
        traced = partial(spearman, sized, seed=seed, chunk_size=small // SPEARMAN_PILOT_CHUNKS)
    size = run_size.estimate_held(pilot, samples, small, large, what, traced)
    run_size.check_held(size)


#: Chunks of the smaller of the traced pilots of a Spearman run: with one or two, the
#: chunks' working sets differ between the pilots and would be taken for what grows.
SPEARMAN_PILOT_CHUNKS = 4


def _pilot_units(evaluations: int, per_unit: int, power_of_2: bool) -> int:
    """Units (samples, base samples, trajectories) of a pilot of about ``evaluations``."""
    units = max(evaluations // per_unit, 2)
    return 1 << (units.bit_length() - 1) if power_of_2 else units


def _check_base_samples(base_samples: int) -> None:
    """Refuse a number of Sobol base samples that is not a power of 2 (2 or more)."""
    if base_samples < 2 or base_samples & (base_samples - 1):
        raise InputError(
            f"--samples for Sobol indices must be a power of 2 (e.g. 1024), not {base_samples}"
        )


def _check_trajectories(trajectories: int) -> None:
    """Refuse fewer than 2 Morris trajectories."""
    if trajectories < 2:
        raise InputError(
            f"--samples: Morris screening needs at least 2 trajectories, not {trajectories}"
        )


def _bootstrap_seed(seed: int) -> int:
    """A nonzero seed for SALib's Sobol bootstrap, derived from ``seed``.

    SALib 1.x seeds the confidence intervals' resampling only ``if seed:``, so a seed of
    0 would leave them to the global random state and change from run to run; the
    derived seed is deterministic and (for every seed) nonzero.
    """
    return int(np.random.SeedSequence(seed).generate_state(1)[0]) or 1
