r"""Convergence of an ensemble MCMC run: autocorrelation time, effective sample size, R-hat.

- **Integrated autocorrelation time** :math:`\tau` of each parameter, estimated by
  emcee (``emcee.autocorr.integrated_time``: the walkers' mean autocorrelation function,
  summed up to Sokal's automatic window, Goodman & Weare 2010; Foreman-Mackey et al.,
  PASP 125 (2013) 306).
- **Effective sample size** :math:`\mathrm{ESS} = W N / \tau` for :math:`W` walkers
  of :math:`N` steps after burn-in.
- **Split R-hat** (Gelman et al., *Bayesian Data Analysis*, 3rd ed., 2013, eq. 11.4):
  each walker's chain is cut in halves, and with :math:`B` the variance between the
  half-chains' means times their length :math:`n` and :math:`W` the mean of their
  variances, :math:`\hat R = \sqrt{((n-1)/n\,W + B/n)/W}`. Walkers of one ensemble are
  not independent chains, so R-hat is a check beside :math:`\tau`, not a proof.

A run is **converged** when its chain after burn-in is at least :data:`TAU_MULTIPLE`
autocorrelation times long (emcee's advice), R-hat is below :data:`R_HAT_LIMIT` and the
ESS reaches the asked minimum, for every parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Chain length after burn-in, in autocorrelation times, below which tau is not trusted.
TAU_MULTIPLE = 50
#: Largest split R-hat of a converged run.
R_HAT_LIMIT = 1.01
#: Burn-in, in autocorrelation times.
BURN_IN_TAUS = 3


@dataclass(frozen=True)
class Diagnostics:
    """Per-parameter tau, ESS and split R-hat (shape ``(d,)``) and the verdict."""

    tau: np.ndarray
    ess: np.ndarray
    r_hat: np.ndarray
    burn_in: int
    steps: int
    converged: bool
    reasons: tuple[str, ...]


def split_r_hat(chain: np.ndarray) -> np.ndarray:
    """Split R-hat of each parameter; ``chain`` of shape ``(steps, walkers, d)``."""
    steps = chain.shape[0] - chain.shape[0] % 2
    half = steps // 2
    if half < 2:
        return np.full(chain.shape[2], np.inf)
    parts = np.concatenate([chain[:half], chain[half:steps]], axis=1)  # (half, 2W, d)
    means = parts.mean(axis=0)
    within = parts.var(axis=0, ddof=1).mean(axis=0)
    between = half * means.var(axis=0, ddof=1)
    pooled = (half - 1) / half * within + between / half
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.sqrt(pooled / within)
    return np.where(within > 0, r, np.inf)


def _tau(chain: np.ndarray) -> np.ndarray:
    """emcee's integrated autocorrelation time of each parameter, its own notice silenced.

    emcee logs a warning when the chain is shorter than 50 tau; :func:`diagnose` makes
    that check itself and reports it in words.
    """
    import logging

    import emcee

    logger = logging.getLogger("emcee.autocorr")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        return emcee.autocorr.integrated_time(chain, quiet=True)
    finally:
        logger.setLevel(level)


def diagnose(chain: np.ndarray, min_ess: float) -> Diagnostics:
    """Tau, ESS and R-hat of a whole chain ``(steps, walkers, d)``, burn-in dropped.

    The burn-in is :data:`BURN_IN_TAUS` times the largest tau estimated on the whole
    chain; tau, ESS and R-hat are then those of the chain after it.
    """
    steps, walkers, _ = chain.shape
    tau0 = _tau(chain)
    burn = min(int(np.ceil(BURN_IN_TAUS * np.nanmax(tau0))), steps // 2)
    kept = chain[burn:]
    tau = _tau(kept)
    ess = kept.shape[0] * walkers / tau
    r_hat = split_r_hat(kept)
    reasons = []
    if kept.shape[0] < TAU_MULTIPLE * np.max(tau):
        reasons.append(
            f"the chain after burn-in ({kept.shape[0]} steps) is shorter than "
            f"{TAU_MULTIPLE} autocorrelation times ({TAU_MULTIPLE * np.max(tau):.0f} steps)"
        )
    if np.max(r_hat) >= R_HAT_LIMIT:
        reasons.append(f"split R-hat {np.max(r_hat):.3f} is not below {R_HAT_LIMIT}")
    if np.min(ess) < min_ess:
        reasons.append(f"the effective sample size {np.min(ess):.0f} is below {min_ess:g}")
    return Diagnostics(tau, ess, r_hat, burn, steps, not reasons, tuple(reasons))
