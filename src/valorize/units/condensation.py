r"""The share of a vapour that condenses in a zone over a distillation step.

:func:`condensing_share` is what :func:`valorize.units.vacuum_distillation.distill`
splits each element's vapour among its condensation zones with, step by step; the
compiled steps (:mod:`valorize.units.distillation_kernel`) compute the same expressions
one value at a time.
"""

from __future__ import annotations

import math

import numpy as np

#: Below it :func:`_expm1_less_x` sums its Taylor series (to x^9/9!, whose next term is
#: below 1e-19 of the sum there); above it ``expm1(x) - x`` loses at most two digits.
EXPM1_SERIES_BELOW = 0.01
#: 1/k! for k = 2..9: the series' coefficients (mathematical constants, not data).
_EXP_SERIES = tuple(1.0 / math.factorial(k) for k in range(2, 10))


def _expm1_less_x(x: np.ndarray) -> np.ndarray:
    """``exp(x) - 1 - x`` to full precision: its Taylor series where ``x`` is small.

    ``expm1(x) - x`` subtracts two numbers that agree to about ``-log10(x / 2)`` digits.
    """
    series = np.zeros_like(x)
    for c in reversed(_EXP_SERIES):
        series = (series + c) * x
    series = series * x  # x^2 (1/2 + x (1/6 + ...))
    return np.where(np.abs(x) < EXPM1_SERIES_BELOW, series, np.expm1(x) - x)


def _ln_ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``ln(num / den)`` of positive values, to full precision also where they are close.

    Within a factor of 2 the difference ``num - den`` is exact (Sterbenz's lemma), so
    ``log1p`` of it over ``den`` keeps every digit that ``log`` of the rounded quotient
    loses when the quotient lies near 1; elsewhere ``log`` of the quotient is as good.
    """
    close = (num > 0.5 * den) & (num < 2.0 * den)
    return np.where(close, np.log1p((num - den) / den), np.log(num / den))


def condensing_share(start: np.ndarray, middle: np.ndarray, saturation: np.ndarray) -> np.ndarray:
    r"""Share of a vapour flow that condenses while its partial pressure varies log-linearly.

    With :math:`p(\tau) = p_0 e^{a\tau}` over :math:`\tau \in [0, 1]`
    (:math:`a = 2\ln(p_{1/2}/p_0)`) and the flow condensing down to the
    saturation pressure :math:`p_s`,

    .. math::

        \phi = \frac{\int_0^1 (p - p_s)^+ \, d\tau}{\int_0^1 p \, d\tau},
        \qquad \int_0^1 p \, d\tau = p_0 \frac{e^a - 1}{a}

    in closed form. Where :math:`p` crosses :math:`p_s` within the step, at
    :math:`\tau^* = \ln(p_s/p_0)/a`, the flow stays above saturation over a width
    :math:`w` (:math:`1 - \tau^*` rising, :math:`\tau^*` falling) and

    .. math::

        \int_0^1 (p - p_s)^+ \, d\tau = p_s \, \frac{e^{|a| w} - 1 - |a| w}{|a|},

    written with ``expm1`` so that neither integral loses digits to a cancellation when
    :math:`p` changes little over a step (the solvent's, by a few parts in 1e5), nor the
    excess of a rising pressure above saturation all the step,
    :math:`p_0 (e^a - 1 - a)/a + (p_0 - p_s)`: a
    difference of exponentials near 1 would lose about :math:`\log_{10}(1/|a|)` digits,
    and so would :math:`a` and :math:`\tau^*` taken as differences of logarithms
    (:func:`_ln_ratio`) and :math:`e^x - 1 - x` for a small :math:`x`
    (:func:`_expm1_less_x`). A falling pressure that ends just above saturation keeps the
    digits its end pressure, ``p0 e^a``, carries (about 1e-11 relative where
    :math:`|a| \approx 10^{-5}`). A saturation pressure that underflows counts as the
    smallest normal double; a step whose mean pressure is below it passes no share (no
    flow), and a log-ratio below it counts as a constant pressure.

    Parameters
    ----------
    start, middle
        The partial pressure at the step's start and midpoint, Pa (any shape).
    saturation
        The zone's saturation pressure, Pa (broadcast with them).

    Returns
    -------
    numpy.ndarray
        The share, 0 to 1, of the broadcast shape; 0 where no vapour flows.
    """
    p0, p_half, sat = np.broadcast_arrays(start, middle, saturation)
    tiny = np.finfo(float).tiny
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        sat = np.maximum(sat, tiny)  # underflowed: nothing stays gaseous over it
        floor = np.maximum(p0, tiny)
        a = 2.0 * _ln_ratio(np.maximum(p_half, tiny), floor)
        # a constant pressure (a 0 or subnormal): above saturation all the step or never
        flat = np.abs(a) < tiny
        safe = np.where(flat, 1.0, a)
        total = np.where(flat, p0, p0 * np.expm1(safe) / safe)
        crossing = _ln_ratio(sat, floor) / safe
        rising = a > 0.0
        width = np.where(rising, 1.0 - crossing, crossing)
        x = np.abs(safe) * width
        tail = sat * _expm1_less_x(x) / np.abs(safe)
        inside = (crossing > 0.0) & (crossing < 1.0)
        whole = np.where(rising, crossing <= 0.0, crossing >= 1.0)  # above it all the step
        # rising from p0 >= p_s: total - p_s as p0 (e^a - 1 - a)/a + (p0 - p_s), no cancellation
        excess = np.where(rising, p0 * _expm1_less_x(safe) / safe + (p0 - sat), total - sat)
        above = np.where(flat, p0 - sat, np.where(inside, tail, np.where(whole, excess, 0.0)))
        # no flow below the smallest normal pressure (its reciprocal would overflow)
        flowing = total >= tiny
        share = np.where(flowing, np.maximum(above, 0.0) / np.where(flowing, total, 1.0), 0.0)
    return np.clip(share, 0.0, 1.0)
