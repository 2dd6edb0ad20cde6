r"""Vapour pressure of the pure elements, and the liquid reference state for activities.

Two questions are answered here.

*What is the vapour pressure of a pure element at T?* :func:`vapor_pressure`
reports the saturation pressure of the phase that is stable at T: the solid
below the melting point :math:`T_m`, the liquid above it, each from the
published correlation in ``data/vapor_pressure.toml`` that covers T.

*What is the reference pressure of a component dissolved in a melt?* In a
selenium melt at 520-720 K, tellurium, lead, copper or silver are dissolved
below their own melting points. Raoult's law :math:`p_i = \gamma_i x_i p_i^*`
then needs :math:`p_i^*` of the pure *supercooled liquid*.
:func:`liquid_reference_pressure` derives it from the solid's vapour pressure
and the enthalpy of fusion, assuming the heat capacities of solid and liquid
are equal (:math:`\Delta c_p = 0`):

.. math::

    \ln p^*_{l}(T) = \ln p^*_{s}(T) + \frac{n\,\Delta H_{fus}}{R}
    \left(\frac{1}{T} - \frac{1}{T_m}\right), \qquad T < T_m

This is the Gibbs energy of fusion, :math:`\Delta G_{fus} \approx \Delta H_{fus}(1 - T/T_m)`
per mole of atoms, written as a pressure ratio of the vapour molecule
:math:`M_n` (n atoms: 2 for Te2, 4 for As4), since
:math:`\mu(M_n, g) = n\,\mu(M, \text{condensed})` (e.g. Lupis, *Chemical
Thermodynamics of Materials*, 1983, ch. V).

Outside the range its data cover, a call raises
:class:`~valorize.errors.OutOfRangeError` naming the element, the temperature
and the range, unless ``extrapolate=True``; then the result carries a warning.
Even then a correlation is extrapolated only as far as it stays a vapour
pressure: finite, positive and rising with temperature (Clausius-Clapeyron,
:math:`d\ln p/dT = \Delta H_{vap}/RT^2 > 0`) all the way from the edge of its
data; beyond that (a Wagner equation past its critical point, a polynomial
whose terms turn it over) the call raises
:class:`~valorize.errors.OutOfRangeError` saying why.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from valorize.constants import GAS_CONSTANT
from valorize.data.loader import VaporPressureCorrelation, element, vapor_pressure_correlations
from valorize.errors import InputError, MissingParameterError, OutOfRangeError


@dataclass(frozen=True)
class _Segment:
    """A temperature interval on which one correlation gives the wanted pressure."""

    T_lo: float
    T_hi: float
    correlation: VaporPressureCorrelation
    state: str  # "solid", "liquid", "supercooled liquid (from solid + fusion)", ...
    fusion_shift: bool = False


@dataclass(frozen=True)
class VaporPressure:
    """Vapour pressures of one element over an array of temperatures.

    Attributes
    ----------
    element
        Element symbol.
    temperature
        Temperatures, K (the shape of the input).
    pressure
        Pressures, Pa (same shape).
    state
        Per temperature, the phase the pressure refers to: ``solid``,
        ``liquid`` or ``supercooled liquid``.
    correlations
        The correlations used, in order of temperature.
    warnings
        Extrapolation warnings; empty when every point is inside the data.
    """

    element: str
    temperature: np.ndarray
    pressure: np.ndarray
    state: np.ndarray
    correlations: tuple[VaporPressureCorrelation, ...]
    warnings: tuple[str, ...]


def _correlations(symbol: str) -> tuple[VaporPressureCorrelation, ...]:
    element(symbol)  # unknown symbol -> InputError naming the known ones
    corrs = vapor_pressure_correlations().get(symbol)
    if not corrs:
        raise MissingParameterError(f"no vapour-pressure correlation for {symbol} in the data")
    return corrs


@functools.cache
def _segments(symbol: str, reference: str) -> tuple[_Segment, ...]:
    """Temperature segments for ``reference`` = ``"stable"`` or ``"liquid"``, sorted by T."""
    Tm = element(symbol).melting_point.value
    segments: list[_Segment] = []
    for corr in _correlations(symbol):
        if corr.phase == "solid":
            lo, hi = corr.T_min, min(corr.T_max, Tm)
            if hi <= lo:
                continue
            if reference == "stable":
                segments.append(_Segment(lo, hi, corr, "solid"))
            else:
                segments.append(
                    _Segment(lo, hi, corr, "supercooled liquid (solid + fusion)", fusion_shift=True)
                )
        else:
            lo, hi = max(corr.T_min, Tm), corr.T_max
            if hi > lo:
                segments.append(_Segment(lo, hi, corr, "liquid"))
    segments.sort(key=lambda s: s.T_lo)
    return tuple(segments)


def _locate(symbol: str, T: np.ndarray, reference: str) -> tuple[np.ndarray, np.ndarray]:
    """Segment index for every T (the nearest segment outside the data) and an in-range mask."""
    segments = _segments(symbol, reference)
    if not segments:
        raise MissingParameterError(f"no {reference} vapour-pressure data for {symbol}")
    lows = np.array([s.T_lo for s in segments])
    highs = np.array([s.T_hi for s in segments])
    # index of the last segment starting at or below T (segments are sorted)
    index = np.clip(np.searchsorted(lows, T, side="right") - 1, 0, len(segments) - 1)
    inside = (T >= lows[index]) & (T <= highs[index])
    # a T in a gap or above the last segment may belong to the next segment down
    nxt = np.clip(index + 1, 0, len(segments) - 1)
    use_next = ~inside & (np.abs(T - lows[nxt]) < np.abs(T - highs[index]))
    return np.where(use_next, nxt, index), inside


def _evaluate_with_slope(
    symbol: str, T: np.ndarray, reference: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """ln p (Pa), d ln p/dT, segment index and in-range mask for every T.

    A scenario axis of one temperature (a case whose temperature is not sampled) is
    evaluated once and spread: the same arithmetic, the same bits, 1/S of the work. That
    one evaluation is remembered (:func:`_one_temperature`): a batch's every call at the
    melt's temperature (each chunk of a sample run, each step of a calibration) reads it.
    """
    shared = _shared_temperature(T)
    if shared is not None:
        one = _one_temperature(symbol, shared, reference)
        return tuple(np.full(T.shape, v) for v in one)  # type: ignore[return-value]
    return _evaluate_many(symbol, T, reference)


def _shared_temperature(T: np.ndarray) -> float | None:
    """The one temperature of an array (1 or more axes) holding only it, if above 0 K.

    0-d arrays are left to the element-wise path (NumPy's scalar arithmetic may round
    otherwise than its array arithmetic); so are 0 K and below, whose signed zeros one
    remembered key could not tell apart, and NaN.
    """
    if T.ndim == 0 or T.size == 0:
        return None
    first = float(T.flat[0])
    return first if first > 0 and T.min() == T.max() else None


@functools.lru_cache(maxsize=1024)
def _one_temperature(symbol: str, T: float, reference: str) -> tuple[float, float, int, bool]:
    """:func:`_evaluate_with_slope` at one temperature (> 0 K), remembered.

    Computed on a one-element array, as a shared temperature was before it was
    remembered: the same bits.
    """
    ln_p, slope, index, inside = _evaluate_many(symbol, np.array([T]), reference)
    return ln_p[0], slope[0], index[0], inside[0]


def _evaluate_many(
    symbol: str, T: np.ndarray, reference: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_evaluate_with_slope` computed for every T."""
    segments = _segments(symbol, reference)
    index, inside = _locate(symbol, T, reference)
    ln_p = np.empty_like(T)
    slope = np.empty_like(T)
    el = element(symbol)
    Tm = el.melting_point.value
    k_fusion = el.vapor_atomicity.value * el.enthalpy_of_fusion.value / GAS_CONSTANT
    if T.size and np.all(index == index.flat[0]):
        # the common case: every temperature in one segment, no boolean indexing
        selections: list[tuple[int, object]] = [(int(index.flat[0]), ...)]
    else:
        selections = [(k, index == k) for k in range(len(segments))]
    for k, mask in selections:
        seg = segments[k]
        if mask is not ... and not np.any(mask):
            continue
        Tk = T[mask]
        value, d_value = seg.correlation.ln_pressure_and_slope(Tk)
        if seg.fusion_shift:
            value = value + k_fusion * (1.0 / Tk - 1.0 / Tm)
            d_value = d_value - k_fusion / Tk**2
        ln_p[mask] = value
        slope[mask] = d_value
    return ln_p, slope, index, inside


def _evaluate(
    symbol: str, T: np.ndarray, reference: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ln p (Pa), segment index and in-range mask for every T; nearest segment outside."""
    ln_p, _, index, inside = _evaluate_with_slope(symbol, T, reference)
    return ln_p, index, inside


def valid_range(symbol: str, reference: str = "stable") -> tuple[float, float]:
    """Lowest and highest temperature (K) the data cover for ``reference``."""
    segments = _segments(symbol, reference)
    return segments[0].T_lo, max(s.T_hi for s in segments)


def _range_text(symbol: str, reference: str) -> str:
    parts = [f"{s.T_lo:g}-{s.T_hi:g} K ({s.state})" for s in _segments(symbol, reference)]
    return ", ".join(parts)


def _as_temperature(temperature: np.ndarray | float) -> np.ndarray:
    T = np.asarray(temperature, dtype=float)
    if not np.all(np.isfinite(T)) or np.any(T <= 0):
        raise InputError("temperature must be finite and above 0 K")
    return T


#: How a range error says to extrapolate, for a caller of the functions below.
EXTRAPOLATE_ADVICE = "pass extrapolate=True (--extrapolate) to extrapolate"

#: The temperatures (K) between which :func:`_extrapolation_limits` follows a correlation
#: out from its data: a limit of this software, not of the data. No correlation measured
#: at a few hundred to two thousand kelvin says anything below 1 K or above a million
#: (a plasma), and a search must end somewhere; beyond these an extrapolation is refused.
EXTRAPOLATION_SEARCH_K = (1.0, 1.0e6)

#: Temperatures per side in that search, even in ln T: steps of 0.1-0.2 % of T, finer
#: than any turn of a smooth correlation; 2 x 4096 evaluations, once per element and
#: reference, and only when a call extrapolates.
EXTRAPOLATION_SEARCH_POINTS = 4096


@functools.cache
def _extrapolation_limits(symbol: str, reference: str) -> tuple[float, float]:
    """The lowest and highest temperature (K) to which the data's end correlations extrapolate.

    From each end of the data outwards, on a grid even in ln T, ln p must stay finite,
    p positive and finite, and ln p rise with T: from one grid temperature to the next
    (the ``reduced_power`` (Wagner) form's analytic slope assumes T below its critical
    temperature and has the wrong sign above it) and by the correlation's own slope at
    each (so that the limit itself passes the check of a single temperature). Each
    limit is the last grid temperature before the first that fails, or the end of
    :data:`EXTRAPOLATION_SEARCH_K` if none does.
    """
    lo, hi = valid_range(symbol, reference)
    limits = []
    for edge, end, direction in (
        (lo, EXTRAPOLATION_SEARCH_K[0], -1.0),
        (hi, EXTRAPOLATION_SEARCH_K[1], 1.0),
    ):
        if direction * (end - edge) <= 0:  # the data reach past the search
            limits.append(edge)
            continue
        T = np.geomspace(edge, end, EXTRAPOLATION_SEARCH_POINTS)  # from the edge outwards
        with np.errstate(all="ignore"):
            ln_p, slope, _, _ = _evaluate_many(symbol, T, reference)
            p = np.exp(ln_p)
        # outwards from the edge ln p must rise above the data and fall below them
        good = np.isfinite(ln_p[1:]) & (p[1:] > 0) & np.isfinite(p[1:])
        good &= (direction * np.diff(ln_p) > 0) & np.isfinite(slope[1:]) & (slope[1:] > 0)
        failed = np.flatnonzero(~good)
        limits.append(float(T[failed[0]]) if failed.size else end)
    return limits[0], limits[1]


def _refuse_unphysical_extrapolation(
    symbol: str, reference: str, T: np.ndarray, p: np.ndarray, slope: np.ndarray
) -> None:
    """Raise if any extrapolated ``T`` gives what no vapour pressure is.

    ``T``, ``p`` (Pa) and ``slope`` (d ln p/dT, the correlation's own) are the points
    outside the data. A point fails where its p is not finite or is zero, where its
    slope is not positive, or where it lies beyond :func:`_extrapolation_limits` (the
    correlation turned over, or became infinite, between the data and T).
    """
    low, high = _extrapolation_limits(symbol, reference)
    finite = np.isfinite(p)
    positive = p > 0
    rising = np.isfinite(slope) & (slope > 0)
    reached = (T >= low) & (T <= high)
    bad = ~(finite & positive & rising & reached)
    if not bad.any():
        return
    k = int(np.flatnonzero(bad.ravel())[0])
    T, finite, positive, rising, reached = (
        a.ravel() for a in np.broadcast_arrays(T, finite, positive, rising, reached)
    )
    if not finite[k]:
        why = "gives a pressure that is not finite"
    elif not positive[k]:
        why = "gives a pressure of zero"
    elif not reached[k]:  # before the local slope: the Wagner slope is wrong past Tc
        limit = low if T[k] < low else high
        why = (
            f"lies beyond {limit:g} K, where the search for how far it can be extrapolated ends"
            if limit in EXTRAPOLATION_SEARCH_K
            else f"lies beyond {limit:g} K, past which its pressure falls with temperature "
            "or is not finite"
        )
    else:
        why = "gives a pressure that falls with temperature"
    more = int(bad.sum()) - 1
    others = f" (and {more} more of the {T.size} temperatures outside the data)" if more else ""
    what = "vapour-pressure" if reference == "stable" else "liquid reference-pressure"
    raise OutOfRangeError(
        f"{symbol}: the {what} correlation extrapolated to {T[k]:g} K {why}{others}; a "
        "vapour pressure is finite, positive and rises with temperature, so this one is "
        f"extrapolated only within {low:g}-{high:g} K; its data cover "
        f"{_range_text(symbol, reference)}"
    )


def _result(
    symbol: str, T: np.ndarray, reference: str, extrapolate: bool, advice: str = EXTRAPOLATE_ADVICE
) -> VaporPressure:
    ln_p, slope, index, inside = _evaluate_with_slope(symbol, T, reference)
    segments = _segments(symbol, reference)
    with np.errstate(over="ignore", under="ignore"):  # extrapolated: refused below
        pressure = np.exp(ln_p)
    warnings: tuple[str, ...] = ()
    if not inside.all():
        outside = T[~inside]
        what = "vapour-pressure" if reference == "stable" else "liquid reference-pressure"
        text = (
            f"{symbol}: {outside.min():g} K"
            if outside.size == 1 or outside.min() == outside.max()
            else f"{symbol}: {outside.min():g}-{outside.max():g} K"
        )
        message = f"{text} is outside the {what} data, which cover {_range_text(symbol, reference)}"
        if not extrapolate:
            raise OutOfRangeError(f"{message}; {advice}")
        if inside.any():
            out = ~inside
            _refuse_unphysical_extrapolation(symbol, reference, outside, pressure[out], slope[out])
        else:  # all outside: no copies
            _refuse_unphysical_extrapolation(symbol, reference, T, pressure, slope)
        warnings = (message + "; extrapolated",)
    states = np.array([s.state for s in segments])[index]
    used = tuple(segments[k].correlation for k in np.unique(index).tolist())
    return VaporPressure(symbol, T, pressure, states, used, warnings)


def vapor_pressure(
    symbol: str,
    temperature: np.ndarray | float,
    *,
    extrapolate: bool = False,
    advice: str = EXTRAPOLATE_ADVICE,
) -> VaporPressure:
    """Saturation vapour pressure of a pure element in its stable phase.

    Below the melting point the solid's sublimation pressure is used, above it
    the liquid's; each from the correlation in ``data/vapor_pressure.toml``
    whose range covers T.

    Parameters
    ----------
    symbol
        Element symbol, e.g. ``"Se"``.
    temperature
        Temperature(s) in K; any shape.
    extrapolate
        Evaluate outside the data's range instead of raising; the result then
        carries a warning.
    advice
        What the range error tells its reader to do to extrapolate.

    Returns
    -------
    VaporPressure
        Pressures in Pa with the phase and correlation behind each.

    Raises
    ------
    OutOfRangeError
        If a temperature lies outside the data and ``extrapolate`` is false.

    Examples
    --------
    >>> round(float(vapor_pressure("Pb", 1000.0).pressure), 2)
    1.64
    """
    return _result(symbol, _as_temperature(temperature), "stable", extrapolate, advice)


def liquid_reference_pressure(
    symbol: str, temperature: np.ndarray | float, *, extrapolate: bool = False
) -> VaporPressure:
    r"""Vapour pressure of the pure *liquid* element, supercooled below its melting point.

    This is the standard state of Raoult's law :math:`p_i = \gamma_i x_i p_i^*`
    used by :mod:`valorize.thermo.vle`. Below :math:`T_m` it is
    :math:`p^*_s \exp[\Delta H_{fus}/R\,(1/T - 1/T_m)]` (see the module docstring).

    Parameters
    ----------
    symbol
        Element symbol.
    temperature
        Temperature(s) in K; any shape.
    extrapolate
        Evaluate outside the data's range instead of raising, with a warning.

    Returns
    -------
    VaporPressure
        Pressures in Pa; ``state`` says ``liquid`` or how the supercooled
        liquid value was obtained.
    """
    return _result(symbol, _as_temperature(temperature), "liquid", extrapolate)


def ln_liquid_reference_pressure(symbol: str, temperature: np.ndarray) -> np.ndarray:
    """``ln(p*/Pa)`` of the (supercooled) liquid with no range check: the solvers' fast path."""
    return _evaluate(symbol, np.asarray(temperature, dtype=float), "liquid")[0]


def ln_liquid_reference_pressure_and_slope(
    symbol: str, temperature: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``ln(p*/Pa)`` of the (supercooled) liquid and ``d ln p*/dT`` (1/K); no range check."""
    ln_p, slope, _, _ = _evaluate_with_slope(symbol, np.asarray(temperature, dtype=float), "liquid")
    return ln_p, slope


def check_liquid_reference_range(
    symbol: str, temperature: np.ndarray, *, extrapolate: bool, advice: str = EXTRAPOLATE_ADVICE
) -> tuple[str, ...]:
    """Raise or warn, as :func:`liquid_reference_pressure` would, for these temperatures.

    ``advice`` is what the error tells its reader to do to extrapolate.
    """
    T = _as_temperature(temperature)
    shared = _shared_temperature(T)
    if shared is not None:  # one temperature: remembered
        inside = bool(_one_temperature(symbol, shared, "liquid")[3])
    else:
        inside = bool(np.all(_locate(symbol, T, "liquid")[1]))
    if inside:
        return ()
    return _result(symbol, T, "liquid", extrapolate, advice).warnings


def boiling_temperature(symbol: str, pressure: float = 101325.0) -> float:
    """Temperature (K) at which the stable phase's vapour pressure equals ``pressure`` (Pa).

    Solved by bisection on ``ln p`` over the data's range; used to check each
    correlation against the element's normal boiling point.
    """
    lo, hi = valid_range(symbol, "stable")
    target = math.log(pressure)

    def f(t: float) -> float:
        return float(_evaluate(symbol, np.array([t]), "stable")[0][0]) - target

    if f(lo) > 0 or f(hi) < 0:
        raise OutOfRangeError(
            f"{symbol}: {pressure:g} Pa is not reached within the data range {lo:g}-{hi:g} K"
        )
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if f(mid) > 0:
            hi = mid
        else:
            lo = mid
        if hi - lo < 1e-9:
            break
    return 0.5 * (lo + hi)
