r"""Vapour-liquid equilibrium of metal and metalloid melts under vacuum.

At the low pressures of vacuum refining the vapour is an ideal gas, so for a
melt with mole fractions :math:`x_i` at temperature T

.. math::

    p_i = \gamma_i x_i p_i^*(T), \qquad P_{bubble} = \sum_i p_i, \qquad
    y_i = p_i / P_{bubble}

with :math:`p_i^*` the vapour pressure of the pure (supercooled) liquid
(:func:`valorize.thermo.vapor_pressure.liquid_reference_pressure`) and
:math:`\gamma_i` from an activity model (:mod:`valorize.thermo.activity`).
:math:`y_i` is the mole fraction of element i's *vapour species* (Se_n, Te2,
As4 ...), i.e. the ratio of partial pressures, as in the vacuum-metallurgy
literature (e.g. Dai Yongnian & Yang Bin, *Vacuum Metallurgy of Nonferrous
Metals*, 2000).

The separation coefficient of impurity i in solvent s (Dai & Yang 2000),

.. math::

    \beta_i = \frac{\gamma_i p_i^*}{\gamma_s p_s^*},

tells where i goes in a distillation: :math:`\beta_i \gg 1`, it leaves with the
first vapour; :math:`\beta_i \ll 1`, it stays in the residue.

Every function broadcasts over leading scenario axes: ``x`` has shape
``(..., n)`` and T, P broadcast against ``x.shape[:-1]``. The bubble
temperature is solved for all points at once by a bracketed Newton iteration
on :math:`\ln P_{bubble}(1/T) = \ln P`, each point leaving the iteration when
it has converged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from valorize.data.loader import element
from valorize.errors import ConvergenceError, InputError, OutOfRangeError
from valorize.thermo.activity import ActivityModel, IdealSolution, activity_model
from valorize.thermo.vapor_pressure import (
    check_liquid_reference_range,
    ln_liquid_reference_pressure,
    ln_liquid_reference_pressure_and_slope,
)

#: Tolerance on the sum of given fractions.
FRACTION_SUM_TOLERANCE = 1e-6

#: Temperature bracket (K) searched for a bubble point: below the lowest
#: melting point and above the highest boiling point of the elements in the data.
BUBBLE_BRACKET_K = (200.0, 6000.0)

#: How near an end of :data:`BUBBLE_BRACKET_K` (relative, in 1/T) a solution must stop
#: for :func:`bubble_temperature` to ask whether the root lies in the bracket at all. A
#: melt with no root there walks to the end and stops on a step below the tolerance
#: (1e-12 by default); this is far wider, so every such melt is asked, and a real root
#: near the end passes the question (the residual changes sign across the bracket).
BRACKET_END_CHECK = 1e-6

#: Phase-diagram points: at least 3 (both pure ends and one mixture); at most 10,001,
#: more than the widest screen has pixels across and than any table shows, in a few
#: megabytes and a tenth of a second (10^6 took 0.3 GB and 2 s, 10^8 would need 30 GB).
DIAGRAM_POINTS = (3, 10_001)


@dataclass(frozen=True)
class BubblePoint:
    """Bubble point of melts: temperature, pressure and the first vapour.

    Attributes
    ----------
    components
        Element symbols, the order of the last axis.
    temperature
        K, shape ``x.shape[:-1]``.
    pressure
        Pa, same shape.
    x
        Liquid mole fractions, shape ``(..., n)``.
    y
        Vapour mole fractions (partial-pressure ratios), shape ``(..., n)``.
    gamma
        Activity coefficients, shape ``(..., n)``.
    model
        Name of the activity model.
    ideal_pairs
        Pairs taken as ideal for lack of parameters.
    warnings
        Extrapolation warnings.
    """

    components: tuple[str, ...]
    temperature: np.ndarray
    pressure: np.ndarray
    x: np.ndarray
    y: np.ndarray
    gamma: np.ndarray
    model: str
    ideal_pairs: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class SeparationCoefficients:
    """Separation coefficients of impurities in a solvent at temperatures T.

    ``beta`` and ``gamma`` map each impurity to an array shaped like T.
    ``gamma_solvent`` and ``reference_pressure`` (Pa) complete the picture.
    """

    solvent: str
    impurities: tuple[str, ...]
    temperature: np.ndarray
    beta: dict[str, np.ndarray]
    gamma: dict[str, np.ndarray]
    gamma_solvent: np.ndarray
    reference_pressure: dict[str, np.ndarray]
    model: str
    ideal_pairs: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]


def resolve_model(
    model: ActivityModel | str | None, components: Sequence[str], *, allow_ideal: bool = False
) -> ActivityModel:
    """An activity model object for ``components``: pass one, or name one to build from data."""
    if model is None:
        return IdealSolution(tuple(components))
    if isinstance(model, str):
        return activity_model(model, components, allow_ideal=allow_ideal)
    if tuple(model.components) != tuple(components):
        raise InputError(
            f"the activity model is for {','.join(model.components)}, not {','.join(components)}"
        )
    return model


def mole_fractions(
    components: Sequence[str], fractions: np.ndarray | Sequence[float], basis: str = "mole"
) -> np.ndarray:
    """Check fractions and convert them to mole fractions.

    Parameters
    ----------
    components
        Element symbols, the order of the last axis.
    fractions
        Mole or mass fractions, shape ``(..., n)``; each row must sum to 1
        within :data:`FRACTION_SUM_TOLERANCE`.
    basis
        ``"mole"`` or ``"mass"``.

    Returns
    -------
    numpy.ndarray
        Mole fractions, rows summing to 1 exactly (renormalized after the check).

    Examples
    --------
    >>> mole_fractions(["Se", "Te"], [0.5, 0.5], basis="mass").round(4)
    array([0.6177, 0.3823])
    """
    w = np.asarray(fractions, dtype=float)
    if w.ndim == 0 or w.shape[-1] != len(components):
        raise InputError(
            f"{len(components)} components ({','.join(components)}) need "
            f"{len(components)} fractions, got {w.shape[-1] if w.ndim else 1}"
        )
    if basis not in ("mole", "mass"):
        raise InputError(f"basis must be 'mole' or 'mass', not {basis!r}")
    if not np.all(np.isfinite(w)):
        raise InputError("fractions must be finite numbers")
    if np.any(w < 0):
        raise InputError(f"fractions must not be negative (got {w.min():g})")
    total = w.sum(axis=-1)
    bad = np.abs(total - 1.0) > FRACTION_SUM_TOLERANCE
    if np.any(bad):
        worst = float(np.atleast_1d(total)[np.atleast_1d(bad)][0])
        raise InputError(
            f"{basis} fractions sum to {worst:.9g}; they must sum to 1 "
            f"(within {FRACTION_SUM_TOLERANCE:g})"
        )
    if basis == "mass":
        M = np.array([element(s).molar_mass.value for s in components])
        w = w / M
    return w / w.sum(axis=-1, keepdims=True)


def _ln_reference(components: Sequence[str], T: np.ndarray) -> np.ndarray:
    return np.stack([ln_liquid_reference_pressure(s, T) for s in components], axis=-1)


def _ln_reference_and_slope(
    components: Sequence[str], T: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    pairs = [ln_liquid_reference_pressure_and_slope(s, T) for s in components]
    return np.stack([p[0] for p in pairs], axis=-1), np.stack([p[1] for p in pairs], axis=-1)


def _logsumexp(a: np.ndarray) -> np.ndarray:
    top = np.max(a, axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    return np.log(np.sum(np.exp(a - top), axis=-1)) + top[..., 0]


def _range_warnings(
    components: Sequence[str], x: np.ndarray, T: np.ndarray, extrapolate: bool
) -> tuple[str, ...]:
    warnings: list[str] = []
    for k, symbol in enumerate(components):
        present = x[..., k] > 0
        if np.any(present):
            warnings.extend(
                check_liquid_reference_range(symbol, T[present], extrapolate=extrapolate)
            )
    return tuple(warnings)


def _check_positive(name: str, value: np.ndarray) -> np.ndarray:
    value = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(value)) or np.any(value <= 0):
        raise InputError(f"{name} must be finite and positive")
    return value


def _melts(
    components: Sequence[str], x: np.ndarray, value: np.ndarray | float, name: str
) -> tuple[np.ndarray, np.ndarray]:
    """Broadcast mole fractions ``(..., n)`` against a temperature or pressure array."""
    x = np.asarray(x, dtype=float)
    if x.ndim == 0 or x.shape[-1] != len(components):
        raise InputError(f"x must end in one axis of {len(components)} fractions")
    value = _check_positive(name, value)
    lead = np.broadcast_shapes(x.shape[:-1], value.shape)
    return np.broadcast_to(x, (*lead, x.shape[-1])), np.broadcast_to(value, lead)


def partial_pressures(
    components: Sequence[str],
    x: np.ndarray,
    temperature: np.ndarray | float,
    model: ActivityModel | str | None = None,
    *,
    allow_ideal: bool = False,
    extrapolate: bool = False,
) -> np.ndarray:
    r"""Partial pressures :math:`p_i = \gamma_i x_i p_i^*(T)` in Pa, shape ``(..., n)``."""
    bp = bubble_pressure(
        components, x, temperature, model, allow_ideal=allow_ideal, extrapolate=extrapolate
    )
    return bp.y * bp.pressure[..., None]


def bubble_pressure(
    components: Sequence[str],
    x: np.ndarray,
    temperature: np.ndarray | float,
    model: ActivityModel | str | None = None,
    *,
    allow_ideal: bool = False,
    extrapolate: bool = False,
) -> BubblePoint:
    r"""Bubble pressure :math:`P = \sum_i \gamma_i x_i p_i^*(T)` and vapour composition at T.

    Parameters
    ----------
    components
        Element symbols.
    x
        Mole fractions, shape ``(..., n)``.
    temperature
        K, broadcastable to ``x.shape[:-1]``.
    model
        An activity model, a model name from the data, or None for ideal.
    allow_ideal
        With a model name: treat pairs lacking parameters as ideal.
    extrapolate
        Allow reference pressures outside the data's range, with warnings.

    Returns
    -------
    BubblePoint
    """
    components = tuple(components)
    x, T = _melts(components, x, temperature, "temperature")
    model = resolve_model(model, components, allow_ideal=allow_ideal)
    warnings = _range_warnings(components, x, T, extrapolate)
    ln_gamma = model.ln_gamma(x, T)
    with np.errstate(divide="ignore"):
        ln_p = ln_gamma + np.log(x) + _ln_reference(components, T)
    ln_P = _logsumexp(ln_p)
    y = np.exp(ln_p - ln_P[..., None])
    return BubblePoint(
        components,
        np.array(T),
        np.exp(ln_P),
        np.array(x),
        y,
        np.exp(ln_gamma),
        model.name,
        model.ideal_pairs,
        warnings,
    )


def bubble_temperature(
    components: Sequence[str],
    x: np.ndarray,
    pressure: np.ndarray | float,
    model: ActivityModel | str | None = None,
    *,
    allow_ideal: bool = False,
    extrapolate: bool = False,
    tolerance: float = 1e-12,
    max_iterations: int = 100,
) -> BubblePoint:
    r"""Bubble temperature of melts at pressure P: solve :math:`\sum_i\gamma_i x_i p_i^*(T) = P`.

    Newton's method on :math:`f(u) = \ln\sum_i \gamma_i x_i p_i^*(1/u) - \ln P`
    in :math:`u = 1/T`, where :math:`\ln p^*` is nearly linear. The slope is
    :math:`df/du = -T^2\sum_i y_i\, d\ln p_i^*/dT` from the correlations'
    analytic derivatives (the weak temperature dependence of :math:`\gamma_i` is
    left out, which keeps each step to one evaluation and still converges
    superlinearly). A bracket kept per point gives a bisection fallback;
    converged points are masked out of later iterations. The bracket is
    :data:`BUBBLE_BRACKET_K`; a melt whose bubble point lies outside it is refused,
    not reported at the bracket's end.

    Parameters
    ----------
    components
        Element symbols.
    x
        Mole fractions, shape ``(..., n)``.
    pressure
        Pa, broadcastable to ``x.shape[:-1]``.
    model
        An activity model, a model name from the data, or None for ideal.
    allow_ideal
        With a model name: treat pairs lacking parameters as ideal.
    extrapolate
        Allow reference pressures outside the data's range, with warnings.
    tolerance
        Relative tolerance on T (and on ln P).
    max_iterations
        Iteration limit; :class:`~valorize.errors.ConvergenceError` beyond it.

    Returns
    -------
    BubblePoint

    Raises
    ------
    OutOfRangeError
        If a melt has no bubble point within :data:`BUBBLE_BRACKET_K` at its pressure,
        or (without ``extrapolate``) its bubble point lies outside the vapour-pressure data.
    ConvergenceError
        If a bracketed bubble point is not found within ``max_iterations``.

    Examples
    --------
    >>> bp = bubble_temperature(["Se", "Te"], [0.99, 0.01], 10.0)
    >>> 540 < float(bp.temperature) < 560
    True
    """
    components = tuple(components)
    x, P = _melts(components, x, pressure, "pressure")
    lead = P.shape
    model = resolve_model(model, components, allow_ideal=allow_ideal)
    n = len(components)
    xf = x.reshape(-1, n)
    ln_P = np.log(P).reshape(-1)
    N = xf.shape[0]

    def residual(u: np.ndarray, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """f(u) = ln P_bubble - ln P, its slope df/du, and ln p_i (Pa) per component."""
        T = 1.0 / u
        ln_ref, d_ln_ref = _ln_reference_and_slope(components, T)
        with np.errstate(divide="ignore"):
            ln_p = model.ln_gamma(xf[idx], T) + np.log(xf[idx]) + ln_ref
        ln_total = _logsumexp(ln_p)
        y = np.exp(ln_p - ln_total[:, None])
        # quasi-Newton: the weak T-dependence of gamma is left out of the slope
        slope = -(T**2) * np.sum(y * d_ln_ref, axis=-1)
        return ln_total - ln_P[idx], slope, ln_p

    u_lo = np.full(N, 1.0 / BUBBLE_BRACKET_K[1])  # hot end of the bracket
    u_hi = np.full(N, 1.0 / BUBBLE_BRACKET_K[0])  # cold end of the bracket
    u = np.full(N, 1.0 / 700.0)
    ln_p_final = np.empty((N, n))
    active = np.arange(N)
    iterations = 0
    step_rel = np.full(N, np.inf)
    while active.size and iterations < max_iterations:
        iterations += 1
        ua = u[active]
        fa, slope, ln_p = residual(ua, active)
        ln_p_final[active] = ln_p
        # keep the bracket: f decreases with u (vapour pressure falls as T falls)
        lo = np.where(fa > 0, ua, u_lo[active])
        hi = np.where(fa <= 0, ua, u_hi[active])
        u_lo[active], u_hi[active] = lo, hi
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = ua - fa / slope
        ok = np.isfinite(newton) & (newton >= lo) & (newton <= hi)
        converged = np.abs(fa) < tolerance
        new = np.where(converged, ua, np.where(ok, newton, 0.5 * (lo + hi)))
        step_rel[active] = np.abs(new - ua) / ua
        u[active] = new
        done = converged | (step_rel[active] < tolerance)
        if np.any(done & ~converged):
            # a point that stopped on a small step: its ln p must be at the final u
            stopped = active[done & ~converged]
            ln_p_final[stopped] = residual(u[stopped], stopped)[2]
        active = active[~done]
    # a melt with no root in the bracket ends at one of its ends (or runs out of
    # iterations): refused, not reported as a bubble point at 200 or 6000 K
    u_hot, u_cold = 1.0 / BUBBLE_BRACKET_K[1], 1.0 / BUBBLE_BRACKET_K[0]
    near_end = (u - u_hot <= BRACKET_END_CHECK * u_hot) | (u_cold - u <= BRACKET_END_CHECK * u_cold)
    near_end[active] = True
    _refuse_unbracketed(np.flatnonzero(near_end), residual, P.reshape(-1), N)
    if active.size:
        raise ConvergenceError(
            f"bubble temperature did not converge for {active.size} of {N} melts after "
            f"{iterations} iterations (largest relative step {step_rel[active].max():.3g})"
        )
    T = (1.0 / u).reshape(lead)
    warnings = _range_warnings(components, x, T, extrapolate)
    ln_gamma = model.ln_gamma(x, T)
    ln_p = ln_p_final.reshape((*lead, n))
    y = np.exp(ln_p - _logsumexp(ln_p)[..., None])
    return BubblePoint(
        components, T, np.array(P), x, y, np.exp(ln_gamma), model.name, model.ideal_pairs, warnings
    )


def _refuse_unbracketed(
    idx: np.ndarray,
    residual: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]],
    P: np.ndarray,
    N: int,
) -> None:
    """Raise if a melt among ``idx`` has no bubble point within :data:`BUBBLE_BRACKET_K`.

    ``residual(u, idx)`` is ln P_bubble(1/u) - ln P, falling with u; ``P`` the pressures
    (Pa) of all ``N`` melts, flat. The root lies in the bracket when the residual is
    not negative at its hot end and not positive at its cold end.
    """
    if not idx.size:
        return
    T_cold, T_hot = BUBBLE_BRACKET_K
    f_hot = residual(np.full(idx.size, 1.0 / T_hot), idx)[0]
    f_cold = residual(np.full(idx.size, 1.0 / T_cold), idx)[0]
    too_high, too_low = ~(f_hot >= 0), ~(f_cold <= 0)  # NaN counts as no root
    bad = too_high | too_low
    if not bad.any():
        return
    k = int(np.flatnonzero(bad)[0])
    # the melt's pressure at the bracket's end is not quoted: it may come from
    # correlations extrapolated past where they mean anything
    side = (
        f"above the melt's bubble pressure at {T_hot:g} K"
        if too_high[k]
        else f"below the melt's bubble pressure at {T_cold:g} K"
    )
    melts = f" (and {int(bad.sum()) - 1} more of {N} melts)" if bad.sum() > 1 else ""
    raise OutOfRangeError(
        f"no bubble point between {T_cold:g} and {T_hot:g} K at the pressure (--pressure) "
        f"{P[idx[k]]:g} Pa{melts}: it is {side}; give a pressure the melt reaches between "
        f"{T_cold:g} and {T_hot:g} K"
    )


def separation_coefficients(
    solvent: str,
    impurities: Sequence[str],
    temperature: np.ndarray | float,
    model: ActivityModel | str = "ideal",
    *,
    x: np.ndarray | None = None,
    allow_ideal: bool = False,
    extrapolate: bool = False,
) -> SeparationCoefficients:
    r"""Separation coefficients :math:`\beta_i = \gamma_i p_i^*/(\gamma_s p_s^*)` of impurities.

    Parameters
    ----------
    solvent
        The base element, e.g. ``"Se"``.
    impurities
        Impurity elements.
    temperature
        K, any shape.
    model
        An activity model for ``[solvent, *impurities]``, or a model name from
        :data:`valorize.thermo.activity.MODELS`.
    x
        Melt composition ``(..., 1 + len(impurities))`` in the order
        ``[solvent, *impurities]``; default: the impurities infinitely dilute
        in the pure solvent, where :math:`\gamma_i = \gamma_i^\infty`.
    allow_ideal
        Treat pairs lacking parameters as ideal.
    extrapolate
        Allow reference pressures outside the data's range, with warnings.

    Returns
    -------
    SeparationCoefficients

    Examples
    --------
    >>> sc = separation_coefficients("Se", ["Te", "Pb"], 673.15)
    >>> bool(sc.beta["Te"] < 0.1), bool(sc.beta["Pb"] < 1e-5)
    (True, True)
    """
    impurities = tuple(impurities)
    if solvent in impurities:
        raise InputError(f"the solvent {solvent} is also listed as an impurity")
    components = (solvent, *impurities)
    T = _check_positive("temperature", temperature)
    activity = resolve_model(model, components, allow_ideal=allow_ideal)
    if x is None:
        x = np.zeros((*T.shape, len(components)))
        x[..., 0] = 1.0
    x = np.broadcast_to(np.asarray(x, dtype=float), (*T.shape, len(components)))
    warnings: list[str] = []
    for symbol in components:
        warnings.extend(check_liquid_reference_range(symbol, T, extrapolate=extrapolate))
    ln_ref = _ln_reference(components, T)
    ln_gamma = activity.ln_gamma(x, T)
    ln_beta = ln_gamma[..., 1:] + ln_ref[..., 1:] - (ln_gamma[..., :1] + ln_ref[..., :1])
    return SeparationCoefficients(
        solvent=solvent,
        impurities=impurities,
        temperature=T,
        beta={s: np.exp(ln_beta[..., k]) for k, s in enumerate(impurities)},
        gamma={s: np.exp(ln_gamma[..., k + 1]) for k, s in enumerate(impurities)},
        gamma_solvent=np.exp(ln_gamma[..., 0]),
        reference_pressure={s: np.exp(ln_ref[..., k]) for k, s in enumerate(components)},
        model=activity.name,
        ideal_pairs=activity.ideal_pairs,
        warnings=tuple(warnings),
    )


@dataclass(frozen=True)
class PhaseDiagram:
    """A binary T-x-y (isobaric) or P-x-y (isothermal) diagram.

    ``x`` and ``y`` are mole fractions of ``components[1]`` in liquid and
    vapour; ``temperature`` (K) and ``pressure`` (Pa) are arrays along ``x``
    (one of them constant).
    """

    kind: str
    components: tuple[str, str]
    x: np.ndarray
    y: np.ndarray
    temperature: np.ndarray
    pressure: np.ndarray
    model: str
    ideal_pairs: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]


def _binary_grid(components: Sequence[str], points: int) -> tuple[tuple[str, str], np.ndarray]:
    if len(components) != 2:
        raise InputError(f"a phase diagram needs exactly 2 components, got {len(components)}")
    if not DIAGRAM_POINTS[0] <= points <= DIAGRAM_POINTS[1]:
        raise InputError(
            f"a phase diagram has {DIAGRAM_POINTS[0]} to {DIAGRAM_POINTS[1]} points "
            f"(--points), not {points}"
        )
    # cosine spacing clusters points at both ends, where the dew line turns sharply
    x2 = 0.5 * (1.0 - np.cos(np.linspace(0.0, np.pi, points)))
    return (components[0], components[1]), np.stack([1.0 - x2, x2], axis=-1)


def txy_diagram(
    components: Sequence[str],
    pressure: float,
    model: ActivityModel | str | None = None,
    *,
    points: int = 101,
    allow_ideal: bool = False,
    extrapolate: bool = False,
) -> PhaseDiagram:
    """Isobaric T-x-y diagram of a binary melt: bubble (liquid) and dew (vapour) lines.

    For a binary the dew line is the set of vapour compositions ``y`` at the
    bubble temperatures of the liquids ``x``.
    """
    pair, x = _binary_grid(components, points)
    bp = bubble_temperature(
        pair, x, pressure, model, allow_ideal=allow_ideal, extrapolate=extrapolate
    )
    return PhaseDiagram(
        "T-x-y",
        pair,
        x[:, 1],
        bp.y[:, 1],
        bp.temperature,
        np.full(points, float(pressure)),
        bp.model,
        bp.ideal_pairs,
        bp.warnings,
    )


def pxy_diagram(
    components: Sequence[str],
    temperature: float,
    model: ActivityModel | str | None = None,
    *,
    points: int = 101,
    allow_ideal: bool = False,
    extrapolate: bool = False,
) -> PhaseDiagram:
    """Isothermal P-x-y diagram of a binary melt."""
    pair, x = _binary_grid(components, points)
    bp = bubble_pressure(
        pair, x, temperature, model, allow_ideal=allow_ideal, extrapolate=extrapolate
    )
    return PhaseDiagram(
        "P-x-y",
        pair,
        x[:, 1],
        bp.y[:, 1],
        np.full(points, float(temperature)),
        bp.pressure,
        bp.model,
        bp.ideal_pairs,
        bp.warnings,
    )
