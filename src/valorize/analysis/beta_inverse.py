r"""The beta distribution's inverse CDF, tabulated once per shape: the PERT inputs' sampler.

SciPy's ``betaincinv`` (Boost's inverse of the regularized incomplete beta function)
costs about 1.7 us per value, the largest single cost of sampling a Monte Carlo run's
inputs. The inverse here interpolates a table instead, made once per shape, which costs
tens of nanoseconds a value, and checks the table against the forward function:

- nodes equal in probability, :math:`u_i = i / N`, at :math:`x_i = I^{-1}_{u_i}(\alpha,
  \beta)` (``betaincinv``, once) and the density :math:`f(x_i)`, so a value's interval
  is :math:`\lfloor u N \rfloor`, found without a search;
- on :math:`[u_i, u_{i+1}]` the quintic Hermite interpolant of :math:`x(u)`, matching
  at both ends :math:`dx/du = 1/f` and
  :math:`d^2x/du^2 = -f'/f^3 = -((\alpha-1)/x - (\beta-1)/(1-x))/f^2`;
- each interval's interpolant is checked at three inner points by the forward function,
  :math:`|I_{\hat x}(\alpha,\beta) - u|`. An interval that misses :data:`TOLERANCE` (near
  an end where the density is 0 the inverse bends like a root of u) is left to
  ``betaincinv`` itself for the values that fall in it: 1-2 % of them for PERT shapes.

So every value's probability is within ``TOLERANCE`` of the one asked for, as
``betaincinv``'s is (``tests/unit/test_beta_inverse.py`` checks both over random shapes
and probabilities).
"""

from __future__ import annotations

import functools

import numpy as np

#: Intervals of a table, equal in probability: about 7 ms to make and check per shape.
NODES = 2048
#: Largest error in probability, :math:`|I_{\hat x}(\alpha, \beta) - u|`, an interval's
#: interpolant may have (about 450 ulp of 1, far below any sampling error); beyond it the
#: interval's values come from ``betaincinv``. In x that is ``TOLERANCE / f``: 5e-14
#: where the density is 2.
TOLERANCE = 1e-13
#: Where inside an interval (fractions of its probability span) the check looks.
_CHECKS = (0.25, 0.5, 0.75)


def _density(alpha: float, beta: float, x: np.ndarray) -> np.ndarray:
    r"""The beta density at x in [0, 1] (0 at an end where it vanishes), no warnings.

    :math:`f(x) = x^{\alpha-1} (1-x)^{\beta-1} / B(\alpha, \beta)`, in logarithms with
    :mod:`scipy.special` (``xlogy``, ``xlog1py``, ``betaln``), not :mod:`scipy.stats`,
    whose import costs about 1 s of a sample run.
    """
    from scipy import special

    with np.errstate(divide="ignore", over="ignore"):
        log_f = (
            special.xlogy(alpha - 1.0, x)
            + special.xlog1py(beta - 1.0, -x)
            - special.betaln(alpha, beta)
        )
        return np.exp(log_f)


@functools.lru_cache(maxsize=64)
def _table(alpha: float, beta: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The table of one shape: nodes, Hermite coefficients and exact intervals.

    Returns the nodes' probabilities ``(N + 1,)``, each interval's polynomial in its
    ``t = u N - i`` ``(N, 6)``, and whether an interval is left to ``betaincinv``
    (bool, ``(N,)``).
    """
    from scipy import special

    u = np.arange(NODES + 1) / NODES
    x = special.betaincinv(alpha, beta, u)
    x[0], x[-1] = 0.0, 1.0
    f = _density(alpha, beta, x)
    du = np.diff(u)
    usable = (du > 0) & (f[:-1] > 0) & (f[1:] > 0) & (x[:-1] > 0) & (x[1:] < 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = 1.0 / f  # dx/du
        bend = -((alpha - 1.0) / x - (beta - 1.0) / (1.0 - x)) * slope**2  # d2x/du2
        p0, p1 = x[:-1], x[1:]
        m0, m1 = slope[:-1] * du, slope[1:] * du  # in units of the interval's t
        s0, s1 = bend[:-1] * du**2, bend[1:] * du**2
        rise = p1 - p0  # in differences, so the polynomial ends at p1 within an ulp or two
        coefficients = np.column_stack(
            [
                p0,
                m0,
                s0 / 2,
                10 * rise - 6 * m0 - 4 * m1 - 1.5 * s0 + 0.5 * s1,
                -15 * rise + 8 * m0 + 7 * m1 + 1.5 * s0 - s1,
                6 * rise - 3 * m0 - 3 * m1 - 0.5 * s0 + 0.5 * s1,
            ]
        )
    coefficients[~usable] = 0.0
    worst = np.zeros(NODES)
    for t in _CHECKS:
        miss = np.abs(special.betainc(alpha, beta, _hermite(coefficients, t)) - (u[:-1] + t * du))
        worst = np.maximum(worst, np.where(np.isfinite(miss), miss, np.inf))
    exact = ~usable | (worst > TOLERANCE)
    return u, coefficients, exact


def _hermite(coefficients: np.ndarray, t: np.ndarray | float) -> np.ndarray:
    c = coefficients
    return c[..., 0] + t * (
        c[..., 1] + t * (c[..., 2] + t * (c[..., 3] + t * (c[..., 4] + t * c[..., 5])))
    )


def beta_ppf(alpha: float, beta: float, u: np.ndarray) -> np.ndarray:
    r"""Values on [0, 1] of the beta distribution at cumulative probabilities ``u``.

    Parameters
    ----------
    alpha, beta
        The shape parameters, > 0.
    u
        Probabilities in [0, 1], any shape.

    Returns
    -------
    numpy.ndarray
        :math:`I^{-1}_u(\alpha, \beta)`, the shape of ``u``: each value's probability
        within about :data:`TOLERANCE` of its ``u``; NaN where ``u`` is outside [0, 1]
        (as SciPy's ``betaincinv``).
    """
    from scipy import special

    given = np.asarray(u, dtype=float)
    u = given.reshape(-1)
    _, coefficients, exact = _table(float(alpha), float(beta))
    valid = (u >= 0) & (u <= 1)
    scaled = np.where(valid, u, 0.0) * NODES
    i = np.clip(scaled.astype(np.int64), 0, NODES - 1)  # u's interval: [i, i + 1] / N
    t = scaled - i
    x = _hermite(coefficients[i], t)
    slow = exact[i]
    if np.any(slow):
        x[slow] = special.betaincinv(alpha, beta, u[slow])
        lost = slow & valid & np.isnan(x)  # betaincinv gives up far in the lower tail
        if np.any(lost):  # there I_x = x^a / (a B(a, b)) (1 + O(x)), so x from u alone
            x[lost] = np.exp(
                (np.log(u[lost]) + np.log(alpha) + special.betaln(alpha, beta)) / alpha
            )
    return np.where(valid, x, np.nan).reshape(given.shape)
