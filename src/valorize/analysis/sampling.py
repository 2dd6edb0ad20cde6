r"""Uncertain inputs: distributions and seeded sampling on the unit hypercube.

Samples are drawn as points u in [0, 1)^d by plain Monte Carlo, Latin
hypercube (McKay, Beckman & Conover, Technometrics 21 (1979) 239) or scrambled
Sobol sequences (Sobol', USSR Comput. Math. Math. Phys. 7 (1967) 86; Owen
scrambling), all from :mod:`scipy.stats.qmc` or NumPy's PCG64 with the given
seed, so the same seed gives the same samples to the bit. Each point is mapped
to the input's distribution by its inverse CDF:

- ``uniform(low, high)``
- ``triangular(low, mode, high)``
- ``normal(mean, sd)``
- ``lognormal(median, sigma)`` (sigma of the logarithm)
- ``pert(low, mode, high)``: beta-PERT, a beta on [low, high] with
  :math:`\alpha = 1 + 4(m - a)/(b - a)`, :math:`\beta = 1 + 4(b - m)/(b - a)`
  (Vose, *Risk Analysis*, 3rd ed., 2008, ch. 9).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valorize.errors import InputError

METHODS = ("mc", "lhs", "sobol")
DISTRIBUTIONS = {"uniform": 2, "triangular": 3, "normal": 2, "lognormal": 2, "pert": 3}


@dataclass(frozen=True)
class Distribution:
    """One uncertain input's distribution and its parameters (in the input's SI unit)."""

    kind: str
    parameters: tuple[float, ...]

    def __post_init__(self) -> None:
        if self.kind not in DISTRIBUTIONS:
            raise InputError(
                f"unknown distribution {self.kind!r}; choose one of {', '.join(DISTRIBUTIONS)}"
            )
        if len(self.parameters) != DISTRIBUTIONS[self.kind]:
            raise InputError(
                f"{self.kind} takes {DISTRIBUTIONS[self.kind]} parameters, "
                f"got {len(self.parameters)}"
            )
        p = self.parameters
        if self.kind in ("uniform",) and not p[0] < p[1]:
            raise InputError("uniform needs low < high")
        if self.kind in ("triangular", "pert") and not (p[0] <= p[1] <= p[2] and p[0] < p[2]):
            raise InputError(f"{self.kind} needs low <= mode <= high and low < high")
        if self.kind in ("normal", "lognormal") and not p[1] > 0:
            raise InputError(f"{self.kind} needs a positive spread")
        if self.kind == "lognormal" and not p[0] > 0:
            raise InputError("lognormal needs a positive median")

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Values at cumulative probabilities u (inverse CDF)."""
        from scipy import stats

        p = self.parameters
        if self.kind == "uniform":
            return p[0] + (p[1] - p[0]) * u
        if self.kind == "triangular":
            a, m, b = p
            return stats.triang.ppf(u, (m - a) / (b - a), loc=a, scale=b - a)
        if self.kind == "normal":
            return stats.norm.ppf(u, loc=p[0], scale=p[1])
        if self.kind == "lognormal":
            return stats.lognorm.ppf(u, p[1], scale=p[0])
        a, m, b = p
        alpha, beta = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
        return a + (b - a) * stats.beta.ppf(u, alpha, beta)


def unit_samples(method: str, n: int, dimensions: int, seed: int) -> np.ndarray:
    """``n`` points in [0, 1)^d by ``mc``, ``lhs`` or ``sobol``; same seed, same points."""
    if method not in METHODS:
        raise InputError(f"unknown sampling method {method!r}; choose one of {', '.join(METHODS)}")
    if n < 1:
        raise InputError("the number of samples must be at least 1")
    if method == "mc":
        return np.random.default_rng(seed).random((n, dimensions))
    from scipy.stats import qmc

    if method == "lhs":
        return qmc.LatinHypercube(d=dimensions, seed=np.random.default_rng(seed)).random(n)
    sampler = qmc.Sobol(d=dimensions, scramble=True, seed=np.random.default_rng(seed))
    return sampler.random(n)
