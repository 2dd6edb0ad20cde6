r"""Bayesian calibration of any model to a batch log, by emcee's ensemble sampler.

The posterior of the learned parameters :math:`\theta` given the log :math:`y` is

.. math::

    \log p(\theta \mid y) = \log p(\theta) + \log p(y \mid \theta) + \text{const},

with independent priors :math:`p(\theta)` (the case's ``[[uncertainty]]`` entries, or
given) and the likelihood of :mod:`valorize.calibration.likelihood`. It is sampled by
the affine-invariant ensemble sampler of Goodman & Weare (Commun. Appl. Math. Comput.
Sci. 5 (2010) 65) as implemented by emcee (Foreman-Mackey et al., PASP 125 (2013) 306),
with ``vectorize=True``: each move proposes for half the walkers at once, and the
model evaluates all of them in one vectorized call.

A parameter with a scale prior (:data:`LOG_SCALE`: log-uniform, lognormal) is sampled
in its logarithm :math:`z = \ln\theta`, the density taking the Jacobian,
:math:`\log p(z) = \log p(\theta) + z`: a posterior over decades is then close to
symmetric, which the affine-invariant moves need, and its diagnostics are read in the
same variable; the chain is returned in the parameter's own unit.

The walkers start at the best of :data:`START_DRAWS` prior draws per walker (one more
vectorized call), then the chain grows in blocks of :data:`BLOCK` steps until it is
converged (:mod:`valorize.calibration.diagnostics`) or reaches ``max_steps``. Nothing
here knows a route.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from valorize.analysis.sampling import Distribution
from valorize.calibration.diagnostics import Diagnostics, diagnose
from valorize.calibration.likelihood import log_likelihood
from valorize.calibration.log import BatchLog
from valorize.errors import InputError, ValorizeError
from valorize.model.protocol import Model

#: Priors of a scale, sampled in the parameter's logarithm.
LOG_SCALE = ("loguniform", "lognormal")
#: Prior draws per walker, the best of which start the chains.
START_DRAWS = 8
#: Steps between convergence checks.
BLOCK = 250


@dataclass(frozen=True)
class Prior:
    """A learned parameter's prior: its distribution in the parameter's unit and source."""

    name: str
    distribution: Distribution
    source: str


@dataclass(frozen=True)
class Calibration:
    """A calibration run: the chain ``(steps, walkers, d)``, its log-posterior, diagnostics."""

    priors: tuple[Prior, ...]
    chain: np.ndarray
    log_posterior: np.ndarray
    diagnostics: Diagnostics
    acceptance: float
    evaluations: int
    seconds: float

    @property
    def names(self) -> list[str]:
        """The learned parameters, in the chain's last-axis order."""
        return [p.name for p in self.priors]

    def samples(self, thin: int | None = None) -> np.ndarray:
        """Posterior samples after burn-in, shape ``(k, d)``, thinned by ``thin``.

        ``thin`` defaults to half the smallest autocorrelation time (at least 1), which
        keeps the samples nearly independent without losing effective size.
        """
        if thin is None:
            thin = max(1, int(np.min(self.diagnostics.tau) / 2))
        kept = self.chain[self.diagnostics.burn_in :: thin]
        return kept.reshape(-1, kept.shape[-1])


class _Posterior:
    """The log-posterior of an ensemble of points, one vectorized model call each time."""

    def __init__(self, model: Model, log: BatchLog, priors: tuple[Prior, ...]) -> None:
        self.model = model
        self.log = log
        self.priors = priors
        self.bounds = [model.parameter(p.name).bounds for p in priors]
        self.log_scale = np.array([p.distribution.kind in LOG_SCALE for p in priors])
        self.calls = 0
        learned = {p.name for p in priors}
        for name, values in log.conditions.items():
            if name in learned:
                raise InputError(
                    f"{log.path}: {name!r} is both a condition of the log and a parameter "
                    "to learn; leave it out of one"
                )
            low, high = model.parameter(name).bounds
            outside = np.flatnonzero((values < low) | (values > high))
            if outside.size:
                raise InputError(
                    f"{log.path}: {log.batch_name(int(outside[0]))}, column {name}: "
                    f"{values[outside[0]]:g} is outside the parameter's bounds {low:g} to {high:g}"
                )

    def parameters(self, z: np.ndarray) -> np.ndarray:
        """The parameters at sampler coordinates ``z`` (last axis), scales exponentiated."""
        theta = np.array(z, dtype=float)
        with np.errstate(over="ignore"):  # an overflow is outside every bound: -inf below
            theta[..., self.log_scale] = np.exp(theta[..., self.log_scale])
        return theta

    def coordinates(self, theta: np.ndarray) -> np.ndarray:
        """The sampler coordinates of parameters ``theta`` (last axis): scales' logarithms."""
        z = np.array(theta, dtype=float)
        z[..., self.log_scale] = np.log(z[..., self.log_scale])
        return z

    def __call__(self, z: np.ndarray) -> np.ndarray:
        z = np.atleast_2d(z)
        theta = self.parameters(z)
        n = theta.shape[0]
        lp = z[:, self.log_scale].sum(axis=1)  # the Jacobian of theta = exp(z)
        inside = np.ones(n, dtype=bool)
        for j, (p, (low, high)) in enumerate(zip(self.priors, self.bounds, strict=True)):
            inside &= (theta[:, j] >= low) & (theta[:, j] <= high)
            lp += p.distribution.logpdf(theta[:, j])
        inside &= np.isfinite(lp)
        out = np.full(n, -np.inf)
        k = int(inside.sum())
        if k:
            predicted = predict(self.model, self.log, self.priors, theta[inside])
            self.calls += 1
            out[inside] = lp[inside] + log_likelihood(predicted, self.log.observations)
        return out


def predict(
    model: Model, log: BatchLog, priors: tuple[Prior, ...], theta: np.ndarray
) -> dict[str, np.ndarray]:
    """The model's outputs at ``k`` points ``theta`` (shape ``(k, d)``), in one call.

    Each output has shape ``(k,)`` when the log has no conditions, and ``(k, rows)``
    when it has: every point evaluated at every batch's conditions (``k * rows``
    scenarios in the one call).
    """
    k = theta.shape[0]
    if not log.conditions:
        x = {p.name: theta[:, j] for j, p in enumerate(priors)}
        return model.evaluate(x, k, observables=True)
    rows = log.rows
    x = {p.name: np.repeat(theta[:, j], rows) for j, p in enumerate(priors)}
    x.update({name: np.tile(v, k) for name, v in log.conditions.items()})
    y = model.evaluate(x, k * rows, observables=True)
    return {name: np.reshape(v, (k, rows)) for name, v in y.items()}


def _start(posterior: _Posterior, walkers: int, rng: np.random.Generator) -> np.ndarray:
    """The best of START_DRAWS prior draws per walker (Latin hypercube), as the start."""
    from valorize.analysis.sampling import latin_hypercube

    d = len(posterior.priors)
    u = latin_hypercube(rng, walkers * START_DRAWS, d)  # scipy.stats.qmc's draws
    draws = posterior.coordinates(
        np.column_stack([p.distribution.ppf(u[:, j]) for j, p in enumerate(posterior.priors)])
    )
    lp = posterior(draws)
    if np.count_nonzero(np.isfinite(lp)) < walkers:
        _refused_batch(posterior)
        raise InputError(
            "the model gives the data no chance at most prior draws: the log and the case "
            "may not belong together (check the outputs' units and the priors)"
        )
    return draws[np.argsort(-lp)[:walkers]]


def _refused_batch(posterior: _Posterior) -> None:
    """Raise, naming the batch, where the model refuses a batch's own conditions.

    Every batch is evaluated at the priors' medians; one whose outputs are all NaN is run
    alone so that the route says why (e.g. a melt temperature below selenium's melting
    point), and that reason is raised with the batch's id and line.
    """
    log, model = posterior.log, posterior.model
    if not log.conditions:
        return
    median = np.array([[p.distribution.ppf(0.5) for p in posterior.priors]])
    y = predict(model, log, posterior.priors, median)
    refused = np.all([np.isnan(v[0]) for v in y.values()], axis=0)
    for row in np.flatnonzero(refused):
        x = {p.name: median[0, j : j + 1] for j, p in enumerate(posterior.priors)}
        x.update({name: v[row : row + 1] for name, v in log.conditions.items()})
        given = ", ".join(f"{name} = {v[row]:g}" for name, v in log.conditions.items())
        try:
            model.evaluate(x, 1, observables=True)
        except ValorizeError as exc:
            raise InputError(
                f"{log.path}: {log.batch_name(int(row))}: the model cannot run at its "
                f"conditions ({given}): {exc}"
            ) from None


def calibrate(
    model: Model,
    log: BatchLog,
    priors: tuple[Prior, ...],
    *,
    walkers: int = 32,
    max_steps: int = 20_000,
    min_ess: float = 1000.0,
    seed: int = 0,
    progress: Callable[[int, Diagnostics | None], None] | None = None,
) -> Calibration:
    """Sample the posterior of ``priors``' parameters given ``log``, until converged.

    Parameters
    ----------
    model
        A model of any route; its outputs (:attr:`~valorize.model.protocol.Model.observables`)
        must include every column of the log.
    log
        The batch log.
    priors
        The parameters to learn and their priors.
    walkers
        Ensemble size; at least twice the number of parameters, and even.
    max_steps
        Most steps before the run stops unconverged (the result says so).
    min_ess
        Effective sample size every parameter must reach.
    seed
        Seed of the starting draws and of the sampler: the same seed, the same chain.
    progress
        Called after each block with the steps so far and the diagnostics.

    Returns
    -------
    Calibration
        The chain of shape ``(steps, walkers, d)``, its log-posterior and the diagnostics
        (``diagnostics.converged`` False, with reasons, when ``max_steps`` ran out).

    Raises
    ------
    InputError
        For too few or an odd number of walkers, no parameters, or data the model gives
        no chance at nearly every prior draw.
    """
    import emcee

    d = len(priors)
    if d == 0:
        raise InputError("--learn: no parameter to learn")
    if walkers < 2 * d or walkers % 2:
        raise InputError(f"--walkers: give an even number of at least {2 * d}, not {walkers}")
    if max_steps < BLOCK:
        raise InputError(f"--max-steps: at least {BLOCK}")
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    posterior = _Posterior(model, log, priors)
    start = _start(posterior, walkers, rng)
    sampler = emcee.EnsembleSampler(walkers, d, posterior, vectorize=True)
    sampler.random_state = np.random.RandomState(int(rng.integers(2**31))).get_state()
    state = start
    diagnostics: Diagnostics | None = None
    while sampler.iteration < max_steps:
        state = sampler.run_mcmc(state, min(BLOCK, max_steps - sampler.iteration))
        diagnostics = diagnose(sampler.get_chain(), min_ess)
        if progress is not None:
            progress(sampler.iteration, diagnostics)
        if diagnostics.converged:
            break
    assert diagnostics is not None  # max_steps >= BLOCK: one block at least
    return Calibration(
        priors,
        posterior.parameters(sampler.get_chain()),
        sampler.get_log_prob(),
        diagnostics,
        float(np.mean(sampler.acceptance_fraction)),
        posterior.calls,
        time.perf_counter() - started,
    )
