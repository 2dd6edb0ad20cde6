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


def _result(
    symbol: str, T: np.ndarray, reference: str, extrapolate: bool, advice: str = EXTRAPOLATE_ADVICE
) -> VaporPressure:
    ln_p, index, inside = _evaluate(symbol, T, reference)
    segments = _segments(symbol, reference)
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
        warnings = (message + "; extrapolated",)
    states = np.array([s.state for s in segments])[index]
    used = tuple(segments[k].correlation for k in np.unique(index).tolist())
    return VaporPressure(symbol, T, np.exp(ln_p), states, used, warnings)


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
