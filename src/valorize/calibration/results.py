"""What a calibration says: posterior against prior, predictive checks, the updated odds.

:func:`calibration_document` turns a :class:`~valorize.calibration.sampler.Calibration`
into the JSON-ready result of ``valorize calibrate`` (keys in docs/calibration.md):

- each learned parameter's prior and posterior (mean, sd, 5th/50th/95th percentiles),
  its autocorrelation time, effective sample size and split R-hat;
- a **posterior predictive check** of each output in the log: :data:`PREDICTIVE_DRAWS`
  posterior samples evaluated in one call (at each batch's own conditions where the
  log gives them), each giving a replicated log (a new measurement error on every row,
  values below the log's detection limit censored as in the log), give the 90 % band a
  new measurement should fall in (pooled, and per batch with conditions), the share of the
  log's measured values inside it (about 90 % when model and errors are right) and the
  posterior predictive p-value of the log's mean (a censored value counted as half its
  limit; near 0 or 1 when the model cannot reproduce it; Gelman et al., *Bayesian Data
  Analysis*, 3rd ed., ch. 6);
- the **odds of each of the case's targets** with the learned parameters at their
  prior and at their posterior (the other inputs at their baselines), each from
  :data:`PREDICTIVE_DRAWS` draws.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from valorize.calibration.likelihood import batch_predictions
from valorize.calibration.log import BatchLog
from valorize.calibration.sampler import Calibration, predict
from valorize.model.protocol import Model
from valorize.report.labels import short_description, target_text

#: Posterior (and prior) draws for the predictive checks and the odds.
PREDICTIVE_DRAWS = 1000
#: The predictive band: a new measurement falls inside with this probability.
BAND = (5.0, 95.0)


def _spread(x: np.ndarray) -> dict[str, float]:
    p5, p50, p95 = np.percentile(x, (5, 50, 95))
    return {"mean": float(np.mean(x)), "sd": float(np.std(x, ddof=1)), "p5": float(p5),
            "p50": float(p50), "p95": float(p95)}  # fmt: skip


def _draws(samples: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    k = min(PREDICTIVE_DRAWS, samples.shape[0])
    return samples[rng.choice(samples.shape[0], k, replace=False)]


def _prior_draws(c: Calibration, rng: np.random.Generator) -> np.ndarray:
    u = rng.random((PREDICTIVE_DRAWS, len(c.priors)))
    return np.column_stack([p.distribution.ppf(u[:, j]) for j, p in enumerate(c.priors)])


def _censored_mean(values: np.ndarray, below: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """Mean over the last axis, a value below its detection limit counted as half of it."""
    return np.where(below, limit / 2.0, values).mean(axis=-1)


def _predictive(
    model: Model, log: BatchLog, c: Calibration, draws: np.ndarray, rng: np.random.Generator
) -> list[dict[str, Any]]:
    """Replicated logs, one per posterior draw, against the log (see the module doc)."""
    y = predict(model, log, c.priors, draws)
    out = []
    for obs in log.observations:
        m = model.observable(obs.name)
        mu = batch_predictions(y[obs.name], obs)
        mu = mu[np.all(np.isfinite(mu), axis=1)]
        rows = obs.value.size
        replicate = mu + obs.error(mu) * rng.standard_normal((mu.shape[0], rows))
        limit = np.where(obs.censored, obs.value, 0.0)
        if obs.censored.any():  # every row of a replicate is read against the log's limit
            limit = np.full(rows, obs.value[obs.censored].max())
        observed = float(_censored_mean(obs.value, obs.censored, obs.value))
        replicated = _censored_mean(replicate, replicate < limit, limit)
        low, high = np.percentile(replicate, BAND)
        # each batch's own band where the batches ran at their own conditions
        low_b, high_b = np.percentile(replicate, BAND, axis=0) if log.conditions else (low, high)
        exact = ~obs.censored
        inside = (obs.value >= low_b) & (obs.value <= high_b)
        check = {
            "output": obs.name,
            "label": m.label,
            "unit": m.unit,
            "observations": int(rows),
            "censored": int(obs.censored.sum()),
            "observed_mean": observed,
            "predicted_mean": float(np.mean(mu)),
            "band_p5": float(low),
            "band_p95": float(high),
            "share_within_band": float(np.mean(inside[exact])) if exact.any() else None,
            "p_value_mean": float(np.mean(replicated >= observed)),
        }
        if log.conditions:
            check |= {
                "predicted_batches": mu.mean(axis=0).tolist(),
                "band_p5_batches": low_b.tolist(),
                "band_p95_batches": high_b.tolist(),
            }
        out.append(check)
    return out


def _odds(model: Model, c: Calibration, prior: np.ndarray, post: np.ndarray) -> list[dict]:
    targets = model.targets
    if not targets:
        return []
    both = np.vstack([prior, post])
    x = {name: both[:, j] for j, name in enumerate(c.names)}
    y = model.evaluate(x, both.shape[0], observables=True)
    k = prior.shape[0]
    out = []
    for t in targets:
        met = t.met(y[t.metric])
        out.append(
            {
                "target": t.name,
                "label": target_text(model, t),
                "prior": float(np.mean(met[:k])),
                "posterior": float(np.mean(met[k:])),
            }
        )
    return out


def calibration_document(
    model: Model, log: BatchLog, c: Calibration, seed: int = 0
) -> dict[str, Any]:
    """The JSON-ready result of a calibration (``model`` the one that was calibrated)."""
    from valorize import __version__

    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(7,)))
    samples = c.samples()
    post = _draws(samples, rng)
    prior = _prior_draws(c, rng)
    d = c.diagnostics
    parameters = []
    for j, p in enumerate(c.priors):
        par = model.parameter(p.name)
        q = [p.distribution.quantile(x) for x in (0.05, 0.5, 0.95)]
        parameters.append(
            {
                "name": p.name,
                "label": short_description(str(par.description or "")) or p.name,
                "unit": par.unit,
                "prior": {
                    "distribution": p.distribution.kind,
                    "parameters": list(p.distribution.parameters),
                    "p5": q[0],
                    "p50": q[1],
                    "p95": q[2],
                    "source": p.source,
                },
                "posterior": _spread(samples[:, j]),
                "tau": float(d.tau[j]),
                "ess": float(d.ess[j]),
                "r_hat": float(d.r_hat[j]),
            }
        )
    warnings = []
    if log.info.synthetic:
        warnings.append(
            "SYNTHETIC data: made by a script, not measured in a plant"
            + (f" ({log.info.note.strip()})" if log.info.note.strip() else "")
        )
    if not d.converged:
        warnings.append("NOT converged: " + "; ".join(d.reasons))
    predictive = _predictive(model, log, c, post, rng)
    for check in predictive:
        p_mean = check["p_value_mean"]
        if p_mean is not None and not 0.005 < p_mean < 0.995:
            warnings.append(
                f"the calibrated model does not reproduce the mean {check['label']} of the "
                f"log (posterior predictive p = {p_mean:.3f}): a cause the model lacks"
            )
    sulfidation = model.sampling().notes.get("sulfidation")
    return {
        "case": model.name,
        "title": model.title,
        "route": model.route,
        **({} if sulfidation is None else {"sulfidation": sulfidation}),
        "valorize_version": __version__,
        "case_sha256": getattr(model, "case_sha256", None),
        "data": {
            "title": log.info.title,
            "synthetic": log.info.synthetic,
            "note": log.info.note,
            "source": log.info.source,
            "file": log.path,
            "sha256": log.sha256,
            "rows": log.rows,
            "conditions": list(log.conditions),
        },
        "summary": {
            "converged": d.converged,
            "reasons": list(d.reasons),
            "learned": c.names,
            "walkers": int(c.chain.shape[1]),
            "steps": d.steps,
            "burn_in": d.burn_in,
            "posterior_samples": int(samples.shape[0]),
            "acceptance_fraction": c.acceptance,
            "max_r_hat": float(np.max(d.r_hat)),
            "min_ess": float(np.min(d.ess)),
            "model_calls": c.evaluations,
            "seconds": c.seconds,
            "effective_samples_per_second": float(np.min(d.ess) / c.seconds) if c.seconds else None,
        },
        "parameters": parameters,
        "predictive": predictive,
        "odds": _odds(model, c, prior, post),
        "warnings": warnings,
    }


@dataclass(frozen=True)
class CalibrationRun:
    """A finished calibration with what it was given: what a report or a page shows.

    ``document`` is :func:`calibration_document`'s result for ``calibration``.
    """

    log: BatchLog
    calibration: Calibration
    document: dict[str, Any]


def verdict(summary: dict[str, Any]) -> str:
    """``converged``, or ``NOT converged: `` and the reasons, from a document's summary."""
    if summary["converged"]:
        return "converged"
    return "NOT converged: " + "; ".join(summary["reasons"])


def posterior_file(run: CalibrationRun, command: str) -> str:
    """The ``posterior.csv`` text of a calibration: what, from which data, converged or NOT.

    ``command`` is how it was made (``valorize calibrate CASE --data LOG``, or the
    dashboard), written in the first comment line.
    """
    from valorize.calibration.posterior import posterior_text

    s = run.document["summary"]
    comments = [
        f"{command}: posterior samples",
        ("SYNTHETIC data: " if run.log.info.synthetic else "data: ") + run.log.info.title,
        verdict(s),
    ]
    return posterior_text(run.calibration.names, run.calibration.samples(), comments)


def calibration_run(
    model: Model,
    log: BatchLog,
    learn: list[str] | None,
    *,
    walkers: int,
    max_steps: int,
    min_ess: float,
    seed: int,
    progress: Callable[[int, Any], None] | None = None,
) -> CalibrationRun:
    """Choose the priors, sample the posterior and summarise it: one calibration.

    What ``valorize calibrate`` and the dashboard's plant-data tab run; ``learn`` as
    :func:`~valorize.calibration.priors.choose_priors` (None: the inputs the log
    informs), the rest as :func:`~valorize.calibration.sampler.calibrate`.

    Raises
    ------
    InputError
        As :func:`~valorize.calibration.priors.choose_priors` and
        :func:`~valorize.calibration.sampler.calibrate`.
    """
    from valorize.calibration.priors import choose_priors
    from valorize.calibration.sampler import calibrate

    priors = choose_priors(model, log, learn)
    result = calibrate(
        model, log, priors, walkers=walkers, max_steps=max_steps, min_ess=min_ess,
        seed=seed, progress=progress,
    )  # fmt: skip
    return CalibrationRun(log, result, calibration_document(model, log, result, seed))
