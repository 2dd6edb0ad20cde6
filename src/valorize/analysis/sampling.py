r"""Uncertain inputs: distributions and seeded sampling on the unit hypercube.

Samples are drawn as points u in [0, 1)^d by plain Monte Carlo, Latin
hypercube (McKay, Beckman & Conover, Technometrics 21 (1979) 239) or scrambled
Sobol sequences (Sobol', USSR Comput. Math. Math. Phys. 7 (1967) 86; Owen
scrambling), from NumPy's PCG64 with the given seed (the Latin hypercube by
:func:`latin_hypercube`, draw for draw :mod:`scipy.stats.qmc`'s) or
:mod:`scipy.stats.qmc` (Sobol), so the same seed gives the same samples to the bit.
Each point is mapped to the input's distribution by its inverse CDF:

- ``uniform(low, high)``
- ``triangular(low, mode, high)``
- ``normal(mean, sd)``
- ``lognormal(median, sigma)`` (sigma of the logarithm)
- ``loguniform(low, high)``: uniform in the logarithm, :math:`F^{-1}(u) = a (b/a)^u`,
  ``0 < low < high`` (Jeffreys' prior for a scale known only to within decades, such
  as an evaporation coefficient)
- ``pert(low, mode, high)``: beta-PERT, a beta on [low, high] with
  :math:`\alpha = 1 + 4(m - a)/(b - a)`, :math:`\beta = 1 + 4(b - m)/(b - a)`
  (Vose, *Risk Analysis*, 3rd ed., 2008, ch. 9); its inverse CDF interpolates a table
  checked against the forward function (:mod:`valorize.analysis.beta_inverse`).
- ``empirical(x_1, ..., x_n)``: the data themselves (e.g. a dated price series
  of ``data/price_series.toml``). With the data sorted,
  :math:`x_{(1)} \le \dots \le x_{(n)}`, the inverse CDF interpolates linearly
  between order statistics: :math:`h = u (n - 1)`,
  :math:`F^{-1}(u) = x_{(\lfloor h \rfloor + 1)} + (h - \lfloor h \rfloor)
  (x_{(\lfloor h \rfloor + 2)} - x_{(\lfloor h \rfloor + 1)})`, definition 7 of
  Hyndman & Fan (*Am. Stat.* 50 (1996) 361), NumPy's default percentile; draws
  stay within [min, max] of the data.
- ``posterior``: the samples of a calibration's posterior (``valorize calibrate``),
  one column of its ``posterior.csv``. Inputs drawn from the same file are drawn
  jointly: they share one coordinate of the hypercube, mapped to a row,
  :math:`F^{-1}(u) = x_{\lfloor u n \rfloor + 1}`, so each scenario takes one posterior
  sample whole and the parameters keep their posterior dependence.

Samples can be made one chunk at a time (:func:`chunk_unit_samples`): chunk
``i`` depends only on (seed, i), so chunks can be made anywhere (a Dask worker)
and in any order with the same result. Monte Carlo chunks use independent
PCG64 streams from ``SeedSequence(seed, spawn_key=(i,))``; Latin hypercube
chunks are each a Latin hypercube of their own size (one design when the run
fits in one chunk); Sobol chunks are consecutive segments of one scrambled
sequence (``fast_forward``), so the union is the same sequence whatever the
chunk size.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from valorize.errors import InputError

METHODS = ("mc", "lhs", "sobol")
#: Distributions and their number of parameters (None: any number, 2 or more, of data).
DISTRIBUTIONS: dict[str, int | None] = {
    "uniform": 2,
    "triangular": 3,
    "normal": 2,
    "lognormal": 2,
    "loguniform": 2,
    "pert": 3,
    "empirical": None,
    "posterior": None,
}


@dataclass(frozen=True)
class Distribution:
    """One uncertain input's distribution and its parameters (in the input's SI unit)."""

    kind: str
    parameters: tuple[float, ...]
    #: For ``posterior``: the file its samples come from (inputs of one file are joint).
    group: str = ""

    def __post_init__(self) -> None:
        if self.kind not in DISTRIBUTIONS:
            raise InputError(
                f"unknown distribution {self.kind!r}; choose one of {', '.join(DISTRIBUTIONS)}"
            )
        # a tuple of floats whatever sequence was given: the distribution is hashable and
        # its SciPy form is kept per (kind, parameters)
        try:
            values = tuple(float(p) for p in self.parameters)
        except (TypeError, ValueError):
            raise InputError(f"the parameters of {self.kind} must be numbers") from None
        object.__setattr__(self, "parameters", values)
        if self.kind in ("empirical", "posterior"):
            if len(self.parameters) < 2 or not np.all(np.isfinite(self.parameters)):
                raise InputError(f"{self.kind} needs 2 or more finite data values")
            return
        if len(self.parameters) != DISTRIBUTIONS[self.kind]:
            raise InputError(
                f"{self.kind} takes {DISTRIBUTIONS[self.kind]} parameters, "
                f"got {len(self.parameters)}"
            )
        if not np.all(np.isfinite(self.parameters)):
            raise InputError(f"the parameters of {self.kind} must be finite numbers")
        p = self.parameters
        if self.kind in ("uniform",) and not p[0] < p[1]:
            raise InputError("uniform needs low < high")
        if self.kind == "loguniform" and not 0 < p[0] < p[1]:
            raise InputError("loguniform needs 0 < low < high")
        if self.kind in ("triangular", "pert") and not (p[0] <= p[1] <= p[2] and p[0] < p[2]):
            raise InputError(f"{self.kind} needs low <= mode <= high and low < high")
        if self.kind in ("normal", "lognormal") and not p[1] > 0:
            raise InputError(f"{self.kind} needs a positive spread")
        if self.kind == "lognormal" and not p[0] > 0:
            raise InputError("lognormal needs a positive median")

    def _frozen(self) -> Any:
        """The SciPy distribution of a parametric kind (not empirical or posterior).

        Made once per (kind, parameters) and kept (:func:`_scipy_distribution`): building a
        frozen SciPy distribution costs about 1 ms, more than a calibration step's
        model evaluation.
        """
        shape = _pert_shape(self.parameters) if self.kind == "pert" else ()
        return _scipy_distribution(self.kind, self.parameters, shape)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Values at cumulative probabilities u (inverse CDF)."""
        p = self.parameters
        if self.kind == "posterior":  # row floor(u n): the same row for the same u
            rows = np.minimum((np.asarray(u) * len(p)).astype(np.int64), len(p) - 1)
            return np.asarray(p, dtype=float)[rows]
        if self.kind == "empirical":
            data = np.sort(np.asarray(p, dtype=float))
            return np.interp(u, np.linspace(0.0, 1.0, data.size), data)
        if self.kind == "uniform":  # exact and fast: no SciPy call
            return p[0] + (p[1] - p[0]) * u
        if self.kind == "loguniform":  # in logs: no overflow for a tiny low; clipped ends
            a, b = np.log(p[0]), np.log(p[1])
            return np.clip(np.exp(a + (b - a) * np.asarray(u, dtype=float)), p[0], p[1])
        if self.kind == "pert":  # a table per shape: about 50 ns a value, not 1.7 us
            from valorize.analysis.beta_inverse import beta_ppf

            return p[0] + (p[2] - p[0]) * beta_ppf(*_pert_shape(self.parameters), u)
        u = np.asarray(u, dtype=float)
        if self.kind in _CLOSED_FORMS and u.size and 0.0 <= u.min() and u.max() <= 1.0:
            return _CLOSED_FORMS[self.kind](p, u)
        return self._frozen().ppf(u)

    def quantile(self, q: float) -> float:
        """The marginal ``q`` quantile (for a posterior: of its samples' column, sorted)."""
        if self.kind == "posterior":
            return float(np.quantile(np.asarray(self.parameters, dtype=float), q))
        return float(self.ppf(np.array(q)))

    def logpdf(self, x: np.ndarray) -> np.ndarray:
        """Log probability density at ``x`` (-inf outside the support), for a prior.

        Raises
        ------
        InputError
            For an empirical or posterior distribution: data, not a density.
        """
        if self.kind in ("empirical", "posterior"):
            raise InputError(
                f"a {self.kind} distribution is a set of values, not a density: give the "
                "prior as uniform, triangular, normal, lognormal, loguniform or pert"
            )
        x = np.asarray(x, dtype=float)
        if self.kind in _LOG_DENSITIES and np.isfinite(x).all():
            return _LOG_DENSITIES[self.kind](self.parameters, x)
        return self._frozen().logpdf(x)


def _triangular_ppf(p: tuple[float, ...], u: np.ndarray) -> np.ndarray:
    a, m, b = p
    c = (m - a) / (b - a)
    x = np.where(u < c, np.sqrt(c * u), 1 - np.sqrt((1 - c) * (1 - u)))
    return x * (b - a) + a


def _normal_ppf(p: tuple[float, ...], u: np.ndarray) -> np.ndarray:
    from scipy.special import ndtri

    return ndtri(u) * p[1] + p[0]


def _lognormal_ppf(p: tuple[float, ...], u: np.ndarray) -> np.ndarray:
    from scipy.special import ndtri

    return np.exp(p[1] * ndtri(u)) * p[0] + 0.0


#: The inverse CDFs of :meth:`Distribution.ppf` written out for u in [0, 1]: SciPy's own
#: formulas (``stats.triang``, ``norm``, ``lognorm``) in its order of operations, so the
#: same bits, without the frozen distribution's checks (about 1 ms per call of 20,000
#: values, five times the arithmetic).
_CLOSED_FORMS = {
    "triangular": _triangular_ppf,
    "normal": _normal_ppf,
    "lognormal": _lognormal_ppf,
}


def _located_logpdf(
    x: np.ndarray,
    loc: float,
    scale: float,
    support: tuple[float, float],
    standard: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    """SciPy's ``rv_continuous.logpdf`` for finite ``x``, in its order of operations.

    ``z = (x - loc) / scale``; ``standard(z) - log(scale)`` where ``support[0] <= z <=
    support[1]``, -inf elsewhere; a 0-d ``x`` gives a NumPy scalar, as SciPy does.
    """
    z = (x - loc) / scale
    inside = (support[0] <= z) & (z <= support[1])
    out = np.full(z.shape, -np.inf)
    out[np.isnan(z)] = np.nan  # SciPy's answer where z is not a number (inf / inf)
    out[inside] = standard(z[inside]) - np.log(scale)
    return out[()] if out.ndim == 0 else out


def _uniform_logpdf(p: tuple[float, ...], x: np.ndarray) -> np.ndarray:
    # stats.uniform: log(1.0 * (z == z)) of the standard density, 0 on [0, 1]
    return _located_logpdf(x, p[0], p[1] - p[0], (0.0, 1.0), lambda z: np.log(1.0 * (z == z)))


def _normal_logpdf(p: tuple[float, ...], x: np.ndarray) -> np.ndarray:
    log_c = np.log(np.sqrt(2 * np.pi))  # stats.norm's _norm_pdf_logC
    return _located_logpdf(x, p[0], p[1], (-np.inf, np.inf), lambda z: -(z**2) / 2.0 - log_c)


def _lognormal_logpdf(p: tuple[float, ...], x: np.ndarray) -> np.ndarray:
    s = np.float64(p[1])  # NumPy's float, as SciPy's: an overflow is inf, not an error

    def standard(z: np.ndarray) -> np.ndarray:  # stats.lognorm: -inf at 0
        out = np.full(z.shape, -np.inf)
        nz = z != 0
        w = z[nz]
        out[nz] = -(np.log(w) ** 2) / (2 * s**2) - np.log(s * w * np.sqrt(2 * np.pi))
        return out

    return _located_logpdf(x, 0.0, p[0], (0.0, np.inf), standard)


def _loguniform_logpdf(p: tuple[float, ...], x: np.ndarray) -> np.ndarray:
    a, b = p
    return _located_logpdf(
        x, 0.0, 1.0, (a, b), lambda z: -np.log(z) - np.log(np.log(b) - np.log(a))
    )


def _triangular_logpdf(p: tuple[float, ...], x: np.ndarray) -> np.ndarray:
    a, m, b = p
    c = (m - a) / (b - a)

    def standard(z: np.ndarray) -> np.ndarray:
        # stats.triang's pieces, each computed only where it applies and the last that
        # applies kept: 2 z / c below the mode and 2 (1 - z) / (1 - c) above it, 2 z
        # throughout for a mode at the top
        if c == 1:
            density = 2 * z
        else:
            density = np.empty_like(z)
            rising = z < c
            density[rising] = 2 * z[rising] / c
            density[~rising] = 2 * (1 - z[~rising]) / (1 - c)
        with np.errstate(divide="ignore"):
            return np.log(density)

    return _located_logpdf(x, a, b - a, (0.0, 1.0), standard)


def _pert_shape(p: tuple[float, ...]) -> tuple[float, float]:
    """A PERT's beta shape parameters (alpha, beta) from (low, mode, high)."""
    a, m, b = p
    return 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)


def _pert_logpdf(p: tuple[float, ...], x: np.ndarray) -> np.ndarray:
    from scipy import special

    alpha, beta = _pert_shape(p)

    def standard(z: np.ndarray) -> np.ndarray:  # stats.beta
        log_density = special.xlog1py(beta - 1.0, -z) + special.xlogy(alpha - 1.0, z)
        log_density -= special.betaln(alpha, beta)
        return log_density

    return _located_logpdf(x, p[0], p[2] - p[0], (0.0, 1.0), standard)


#: The log densities of :meth:`Distribution.logpdf` written out for finite x: SciPy's own
#: formulas and support (``stats.uniform``, ``norm``, ``lognorm``, ``loguniform``,
#: ``triang``, ``beta``) in its order of operations, so the same bits, without the frozen
#: distribution's argument checks (about 0.2 ms a call, a third of a calibration step's
#: own work besides the model).
_LOG_DENSITIES: dict[str, Callable[[tuple[float, ...], np.ndarray], np.ndarray]] = {
    "uniform": _uniform_logpdf,
    "normal": _normal_logpdf,
    "lognormal": _lognormal_logpdf,
    "loguniform": _loguniform_logpdf,
    "triangular": _triangular_logpdf,
    "pert": _pert_logpdf,
}


@functools.lru_cache(maxsize=1024)
def _scipy_distribution(kind: str, p: tuple[float, ...], pert_shape: tuple[float, ...]) -> Any:
    """The frozen SciPy distribution of :meth:`Distribution._frozen` (one per argument set)."""
    from scipy import stats

    if kind == "uniform":
        return stats.uniform(loc=p[0], scale=p[1] - p[0])
    if kind == "triangular":
        a, m, b = p
        return stats.triang((m - a) / (b - a), loc=a, scale=b - a)
    if kind == "normal":
        return stats.norm(loc=p[0], scale=p[1])
    if kind == "lognormal":
        return stats.lognorm(p[1], scale=p[0])
    if kind == "loguniform":
        return stats.loguniform(p[0], p[1])
    return stats.beta(*pert_shape, loc=p[0], scale=p[2] - p[0])


def unit_samples(method: str, n: int, dimensions: int, seed: int) -> np.ndarray:
    """``n`` points in [0, 1)^d by ``mc``, ``lhs`` or ``sobol``; same seed, same points."""
    if method not in METHODS:
        raise InputError(f"unknown sampling method {method!r}; choose one of {', '.join(METHODS)}")
    if n < 1:
        raise InputError("the number of samples must be at least 1")
    if method == "mc":
        return np.random.default_rng(seed).random((n, dimensions))
    if method == "lhs":
        return latin_hypercube(np.random.default_rng(seed), n, dimensions)
    from scipy.stats import qmc

    sampler = qmc.Sobol(d=dimensions, scramble=True, seed=np.random.default_rng(seed))
    return sampler.random(n)


def chunk_unit_samples(
    method: str, start: int, n: int, dimensions: int, seed: int, index: int
) -> np.ndarray:
    """Chunk ``index`` of a run: ``n`` points in [0, 1)^d from sample ``start`` on.

    The points depend only on (method, seed, index, start, n), never on other
    chunks, so a chunk made on a worker equals the same chunk made locally.
    """
    if method not in METHODS:
        raise InputError(f"unknown sampling method {method!r}; choose one of {', '.join(METHODS)}")
    if method == "sobol":
        from scipy.stats import qmc

        sampler = qmc.Sobol(d=dimensions, scramble=True, seed=np.random.default_rng(seed))
        if start > 0:
            sampler.fast_forward(start)
        with warnings.catch_warnings():
            # a segment need not be a power of 2 long; the balance of the whole run is
            # set by the total number of samples (a power of 2 is best)
            warnings.filterwarnings("ignore", "The balance properties", UserWarning)
            return sampler.random(n)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))
    if method == "mc":
        return rng.random((n, dimensions))
    return latin_hypercube(rng, n, dimensions)


def latin_hypercube(rng: np.random.Generator, n: int, dimensions: int) -> np.ndarray:
    r"""A Latin hypercube sample: ``n`` points in [0, 1)^d, one in each of n strata per axis.

    McKay, Beckman & Conover (Technometrics 21 (1979) 239): along each axis the points
    fall one into each interval :math:`[(k - 1)/n, k/n)`, in a random order of the
    intervals, at a uniform position inside each. The draws are those of
    ``scipy.stats.qmc.LatinHypercube(d, rng=rng).random(n)`` (strength 1, scrambled, no
    optimization; SciPy 1.11-1.17), in the same order, so the same generator gives the
    same points (``tests/unit/test_sampling.py`` holds the two equal): importing
    :mod:`scipy.stats` costs about 1 s, a fifth of a million-sample run.

    Parameters
    ----------
    rng
        The generator whose seed sequence spawns the one the positions and the orders
        are drawn from (as SciPy's engine does; the spawn advances ``rng``'s sequence).
    n, dimensions
        Points and axes.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, dimensions)``: :math:`(\pi_j(i) - U_{ij}) / n` with :math:`\pi_j` a
        random permutation of 1..n for axis j and :math:`U_{ij}` uniform on [0, 1).
    """
    own = rng.spawn(1)[0]  # as SciPy: a child of the generator's seed, which it advances
    positions = own.uniform(size=(n, dimensions))
    strata = np.tile(np.arange(1, n + 1), (dimensions, 1))
    for axis in strata:
        own.shuffle(axis)
    return (strata.T - positions) / n


def share_posterior_rows(distributions: dict[str, Distribution], u: np.ndarray) -> np.ndarray:
    """``u`` with the inputs of one posterior file on one shared coordinate (in place).

    Each input drawn from a posterior file takes the coordinate of the first input of
    that file, so all of them read the same posterior sample (row) in each scenario.
    """
    first: dict[str, int] = {}
    for j, d in enumerate(distributions.values()):
        if d.kind == "posterior":
            u[:, j] = u[:, first.setdefault(d.group, j)]
    return u


def sample_distributions(
    distributions: dict[str, Distribution], n: int, seed: int, method: str = "lhs"
) -> dict[str, np.ndarray]:
    """``n`` samples of each named distribution, jointly by ``method``; same seed, same values."""
    u = share_posterior_rows(distributions, unit_samples(method, n, len(distributions), seed))
    return {key: d.ppf(u[:, j]) for j, (key, d) in enumerate(distributions.items())}
