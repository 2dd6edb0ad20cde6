r"""Batch vacuum distillation of a crude selenium melt.

Theory manual
-------------
**The charge.** A batch of crude selenium of mass :math:`m_0` is melted in an
evaporator of free surface area A at temperature T under a residual pressure
P. Each element is either *dissolved* in the selenium melt, or *bound* in a
solid compound that stays in the residue (Cu2Se, Ag2Se, PbSe, NiSe, FeSe,
metallic Au ...; the stoichiometries and sources are in ``data/forms.toml``).
A bound compound takes its selenium with it: that selenium cannot distil.
Mercury is the exception among the selenides: HgSe evaporates by dissociating,
HgSe = Hg(g) + Se(l) (:mod:`valorize.thermo.dissociation`), so an element in a
*dissociating* form is dissolved in the melt as its compound (ideal, activity
coefficient 1, with :math:`a_{Se} = 1`) and evaporates as the metal at the
compound's dissociation pressure in place of :math:`p_i^*`; its selenium stays
in the melt.

**Evaporation.** A dissolved element i evaporates as its vapour molecule
:math:`M_{n_i}` (Se_n, Te2, As4, Hg ...) with the Hertz-Knudsen-Langmuir flux
(:mod:`valorize.units.kinetics`) at its equilibrium partial pressure
:math:`p_i = \gamma_i x_i p_i^*(T)` (:mod:`valorize.thermo.vle`), so the atom
flux is

.. math:: F_i = n_i\,\alpha\,\frac{\gamma_i x_i p_i^*}{\sqrt{2\pi M^{v}_i R T}},

the back-flux from the condenser being neglected (cold condenser, molecular
or transition regime).

**Entrainment.** Bursting bubbles and splashing carry droplets of the residue
(melt with its suspended solids) into the condensate: a share
:math:`\varepsilon` of the mass reaching the condenser, so the droplet mass
rate is :math:`\varepsilon/(1-\varepsilon)` times the vapour mass rate. It is
what limits the purity for non-volatile impurities (Processes 2025, 13(8),
2397 discusses droplet carry-over in selenium vacuum refining).

**Rayleigh balance.** Every pool (dissolved atoms of each element, bound atoms
of each element) loses atoms by first-order rates: vapour
:math:`\lambda_i = A F_i / N_i` for dissolved atoms and droplets
:math:`\lambda_d = \dot m_d / m_{res}` for every pool. The batch is integrated
in the progress variable :math:`s = -\ln(N_{Se}/N_{Se,0})` of the dissolved
selenium, with time as a state (:math:`dt/ds = 1/(\lambda_{Se}+\lambda_d)`) so
that a temperature program T(t) can be followed. Each step removes from every
pool the amount :math:`N(1-e^{-\lambda\Delta t})` with rates frozen at the step's
midpoint (exponential midpoint rule) and splits it between vapour and droplets
in proportion to their rates: the balance of every element closes to rounding
in every run. For an ideal melt at constant T the solution is exact and
reduces to Rayleigh's :math:`N_i/N_{i,0} = (N_{Se}/N_{Se,0})^{K_i}` with
:math:`K_i = F_i x_{Se}/(F_{Se} x_i)`.

**Batch time.** At constant T the time is a quadrature over the progress,
:math:`t = \int ds/(\lambda_{Se}+\lambda_d)`, taken by Simpson's rule over each
step's start, midpoint and end rates (the end's are the next step's start), so its
error falls with the fourth power of the step where the rates change smoothly: on the
Balkhash case 8 steps per cut give the batch time to about 3e-5 (relative), where the
midpoint rule gave 2.3e-3 with 16 (``tests/e2e/test_uncertainty.py``; the order of
convergence: ``tests/unit/test_vacuum_distillation.py``). A batch whose volatile
impurity is gone within a step (a crude of several % dissolved sulfur) is stiff for
both rules, and its time converges more slowly. Under a temperature program
the time sets the temperature of the next rates, so it stays the midpoint rule's
:math:`\Delta t`.

**Sulfur and tellurium hold mercury back.** HgSe exchanges with the sulfur and tellurium
dissolved in the melt, HgSe + S = HgS + Se (:mod:`valorize.thermo.exchange`), at
equilibrium at the melt's temperature: only the mercury left as HgSe evaporates at its
dissociation pressure, and only the partners' free atoms at theirs. A sulfidation before
the batch (:mod:`valorize.units.sulfidation`) adds sulfur to the charge and, in its
``retained`` limit, holds the HgS it made as a solid that stays in the residue.

**Cuts.** The first part of the distillate (a share of the distilled
selenium, ``head_cut``) goes to the volatile cut, where S, Hg and As gather;
the rest is the product.

**Fractional condensation.** Optionally the vapour passes condensers at
falling temperatures :math:`T_1 > T_2 > \dots` before a cold trap; one of them
is the product condenser. Each element condenses in the zones it reaches
until its partial pressure falls to the saturation pressure of its pure stable
phase at the zone's temperature: up to and including zone k the share
:math:`\Phi_{i,k} = 1 - \min(1, p^*_i(T_k)/p_i)` has condensed (with
:math:`p_i` its equilibrium partial pressure at the melt), so zone k takes
:math:`\Phi_{i,k} - \Phi_{i,k-1}` and the rest joins the volatile cut in the
trap. Dissolving in the selenium condensate would lower an impurity's
saturation pressure, so this over-states how much of a dilute volatile
impurity a zone keeps: the purity it gives is a lower bound. Droplets fly in
straight lines and settle in the first zone the vapour meets (a hot zone
before the product condenser is a droplet catcher).

Assumptions: isothermal melt with a uniform composition (well mixed);
compounds do not dissolve or decompose; vapour species as in
``data/elements.toml``; no reaction in the vapour; every atom leaving the
melt reaches a condenser.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np

from valorize.compiled import compiled_allowed
from valorize.constants import GAS_CONSTANT
from valorize.data.loader import (
    DissociatingForm,
    compound_forms,
    dissociating_forms,
    element,
    grades,
    process_parameter,
)
from valorize.errors import InputError, OutOfRangeError
from valorize.scenario_axis import compact, component_sum, rows
from valorize.thermo.activity import ActivityModel, IdealSolution
from valorize.thermo.dissociation import ln_reference_pressure_and_slope
from valorize.thermo.exchange import melt_exchange, unexchanged
from valorize.thermo.vapor_pressure import check_liquid_reference_range, vapor_pressure
from valorize.thermo.vle import _ln_reference_and_slope, resolve_model
from valorize.units.condensation import condensing_share
from valorize.units.furnace_energy import cooling_energy, fixture_heat, pump_energy
from valorize.units.furnace_losses import (
    default_condenser_temperature,
    radiation_to_condenser,
    shell_loss,
)
from valorize.units.kinetics import (
    evaporation_conductance,
    gas_conductance,
    mean_free_path,
    surface_conductance,
)
from valorize.units.sulfidation import Sulfidation, converted_share

SOLVENT = "Se"
#: Solvents a crude may have: the element that distils, whose heat capacities
#: (``<name>_cp_*`` of data/process.toml) give the heat to melt a charge.
SOLVENTS = ("Se", "Te")


@dataclass(frozen=True)
class CrudeSelenium:
    """A crude selenium: elements, their mass fractions and the form of each.

    ``forms[k]`` is ``"dissolved"``, a compound key of ``data/forms.toml``
    (e.g. ``"Cu2Se"``, bound in the residue) or a dissociating compound of its
    selenium (``"HgSe"``). ``mass_fractions`` has shape ``(..., n)`` (a scenario
    axis in front) and refers to elements, whatever their form.

    ``retained``: a share of one dissolved compound's metal held instead as a solid
    compound with another partner that stays in the residue, ``("HgS", share)`` (a share
    per scenario, or one): the HgS a sulfidation made, taken as not re-dissolving
    (:mod:`valorize.units.sulfidation`).
    """

    components: tuple[str, ...]
    mass_fractions: np.ndarray
    forms: tuple[str, ...]
    retained: tuple[str, np.ndarray | float] | None = None

    @property
    def solvent(self) -> str:
        """The element that distils (the first component): Se, or Te for a crude tellurium."""
        return self.components[0]

    def __post_init__(self) -> None:
        if not self.components or self.components[0] not in SOLVENTS:
            raise InputError(
                "the feed's first component is the solvent that distils: one of "
                + ", ".join(SOLVENTS)
            )
        if len(self.forms) != len(self.components):
            raise InputError("give one form per component")
        if self.forms[0] != "dissolved":
            raise InputError(f"the solvent {self.solvent} itself must be 'dissolved'")
        known = compound_forms()
        dissociating = melt_compounds(self.solvent)
        for symbol, form in zip(self.components, self.forms, strict=True):
            element(symbol)
            if form == "dissolved":
                continue
            if form in dissociating:
                if dissociating[form].vapour != symbol:
                    raise InputError(
                        f"{form} evaporates as {dissociating[form].vapour}: "
                        f"give it as the form of {dissociating[form].vapour}, not of {symbol}"
                    )
                continue
            if form not in known:
                raise InputError(
                    f"unknown form {form!r} for {symbol}; use 'dissolved' or one of "
                    + ", ".join(sorted([*known, *dissociating]))
                )
            if symbol not in known[form].stoichiometry:
                raise InputError(f"{form} does not contain {symbol}")
        if self.retained is not None:
            key, share = self.retained
            other = dissociating_forms().get(key)
            if other is None or other.vapour not in self.components:
                raise InputError(f"retained: {key!r} is no compound of an element of the feed")
            if self.forms[self.components.index(other.vapour)] not in dissociating:
                raise InputError(f"retained: {other.vapour} is not dissolved as a compound")
            if other.partner not in self.components:
                raise InputError(f"retained: {key} needs {other.partner} among the components")
            if not np.all((np.asarray(share) >= 0) & (np.asarray(share) <= 1)):
                raise InputError("retained: the share must lie in [0, 1]")
        w = np.asarray(self.mass_fractions, dtype=float)
        if w.shape[-1] != len(self.components):
            raise InputError("mass fractions must end in one axis per component")
        if np.any(w < 0) or np.any(np.abs(component_sum(w) - 1.0) > 1e-6):
            raise InputError("feed mass fractions must be non-negative and sum to 1")


@dataclass(frozen=True)
class DistillationConditions:
    """Operating conditions of one batch; every number may be an array over scenarios.

    Attributes
    ----------
    temperature
        Melt temperature, K. With ``program_times`` given, the temperatures
        at those times (piecewise linear, held after the last point).
    pressure
        Residual pressure, Pa.
    distilled_fraction
        Share of the dissolved selenium that leaves the melt (vapour and droplets).
    head_cut
        Share of the distilled selenium collected first, as the volatile cut.
    charge_mass
        Mass of crude selenium per batch, kg.
    evaporation_area
        Free surface of the melt, m².
    evaporation_coefficient
        Hertz-Knudsen-Langmuir coefficient, 0 < alpha <= 1.
    entrainment
        Mass share of droplets in what reaches the condenser, 0 <= eps < 1.
    program_times
        Times (s) of a temperature program, or None for an isothermal run.
    steps
        Integration steps per cut.
    heat_loss
        Furnace heat loss per m² of melt surface while running, W/m², in place of the
        furnace's own (default None: radiation from the melt to the first condenser and
        conduction through the hot zone's shell, :mod:`valorize.units.furnace_losses`).
    gap
        Melt-to-condenser distance, m, for the Knudsen number (default:
        ``evaporator_condenser_gap`` of ``data/process.toml``).
    condensers
        Temperatures (K) of the condensation zones in the order the vapour
        meets them, hottest first, followed by a cold trap that joins the
        volatile cut; empty: one condenser takes everything.
    product_condenser
        Index in ``condensers`` of the zone whose condensate is the product;
        the others are side condensates.
    formation_enthalpy_offset
        Shift, J/mol, of the enthalpy of formation of every dissociating
        compound of the melt (HgSe) from its value in ``data/forms.toml``:
        the way to carry that value's uncertainty (see
        :mod:`valorize.thermo.dissociation`).
    sulfidation
        A sulfidation hold before the batch distils (:mod:`valorize.units.sulfidation`):
        the charge already holds its sulfur dose; the hold adds its time to the batch and
        the furnace's losses over it, and in its ``"retained"`` mode the HgS it makes stays
        in the residue. None: no sulfidation.
    """

    temperature: np.ndarray | float
    pressure: np.ndarray | float
    distilled_fraction: np.ndarray | float
    head_cut: np.ndarray | float
    charge_mass: np.ndarray | float
    evaporation_area: np.ndarray | float
    evaporation_coefficient: np.ndarray | float
    entrainment: np.ndarray | float
    program_times: np.ndarray | None = None
    steps: int = 48
    heat_loss: np.ndarray | float | None = None
    gap: np.ndarray | float | None = None
    condensers: tuple[np.ndarray | float, ...] = ()
    product_condenser: int = 0
    formation_enthalpy_offset: np.ndarray | float = 0.0
    sulfidation: Sulfidation | None = None

    #: The fields that may hold one value per scenario, besides the temperature (whose
    #: program axis comes last), the condensers and the sulfidation's own.
    PER_SCENARIO: ClassVar[tuple[str, ...]] = (
        "pressure",
        "distilled_fraction",
        "head_cut",
        "charge_mass",
        "evaporation_area",
        "evaporation_coefficient",
        "entrainment",
        "heat_loss",
        "gap",
        "formation_enthalpy_offset",
    )

    def take(self, index: np.ndarray | None) -> DistillationConditions:
        """The conditions of the scenarios ``index`` only (:func:`valorize.scenario_axis.rows`).

        A temperature program has one temperature per time point, so its scenario axis is
        in front of that one.
        """
        if index is None:
            return self
        program = 0 if self.program_times is None else 1
        return replace(
            self,
            temperature=rows(self.temperature, index, program),
            condensers=tuple(rows(t, index) for t in self.condensers),
            sulfidation=None if self.sulfidation is None else self.sulfidation.take(index),
            **{f: rows(getattr(self, f), index) for f in self.PER_SCENARIO},
        )


@dataclass(frozen=True)
class DistillationResult:
    """Where every element of one batch went, in kg, with the run's duration.

    Arrays of element masses have shape ``(..., n)`` in the order of
    ``components``; ``residue`` counts dissolved and bound atoms together;
    ``side_condensates`` has one leading axis per condenser other than the
    product's, in the order the vapour meets them; ``duration`` includes a sulfidation's
    hold; ``hgs_share`` is the share of the mercury a sulfidation turned to HgS (0 without
    one).
    """

    components: tuple[str, ...]
    feed: np.ndarray
    product: np.ndarray
    volatile_cut: np.ndarray
    residue: np.ndarray
    product_droplets: np.ndarray
    duration: np.ndarray
    final_temperature: np.ndarray
    model: str
    ideal_pairs: tuple[tuple[str, str], ...]
    energy_heating: np.ndarray
    energy_vaporization: np.ndarray
    energy_losses: np.ndarray
    mean_free_path: np.ndarray
    knudsen: np.ndarray
    side_condensates: np.ndarray
    warnings: tuple[str, ...] = ()
    gas_resistance_share: np.ndarray | float = 0.0
    energy_fixtures: np.ndarray | float = 0.0
    energy_radiation: np.ndarray | float = 0.0
    hgs_share: np.ndarray | float = 0.0
    energy_pumps: np.ndarray | float = 0.0
    energy_cooling: np.ndarray | float = 0.0

    @property
    def energy_shell(self) -> np.ndarray:
        """The furnace's losses other than its radiation to the condenser, J."""
        return np.asarray(self.energy_losses) - np.asarray(self.energy_radiation)

    @property
    def energy_total(self) -> np.ndarray:
        """The batch's electricity, J.

        The charge's heat-up, fusion and vaporization, the furnace's losses, and the
        plant's share (:mod:`valorize.units.furnace_energy`): fixtures reheated, vacuum
        pumps, cooling water.
        """
        return (
            self.energy_heating
            + self.energy_vaporization
            + self.energy_losses
            + self.energy_fixtures
            + self.energy_pumps
            + self.energy_cooling
        )

    @property
    def mass_balance_error(self) -> np.ndarray:
        """Largest relative error of any element's balance, per scenario."""
        out = self.product + self.volatile_cut + self.residue + self.side_condensates.sum(axis=0)
        scale = np.maximum(self.feed, np.finfo(float).tiny)
        return np.max(np.abs(out - self.feed) / scale * (self.feed > 0), axis=-1)

    @property
    def selenium_recovery(self) -> np.ndarray:
        """Direct recovery: selenium in the product over selenium in the feed."""
        return self.product[..., 0] / self.feed[..., 0]

    @staticmethod
    def purity(stream: np.ndarray) -> np.ndarray:
        """Mass fraction of the solvent (the first component: Se, or Te) in a stream (..., n)."""
        total = stream.sum(axis=-1)
        return np.where(total > 0, stream[..., 0] / np.where(total > 0, total, 1.0), 0.0)

    def ppm(self, stream: np.ndarray, symbol: str) -> np.ndarray:
        """Content of one element in a stream (..., n), ppm by mass."""
        return 1e6 * stream[..., self.components.index(symbol)] / stream.sum(axis=-1)


def melt_compounds(solvent: str = SOLVENT) -> dict[str, DissociatingForm]:
    """Dissociating compounds of the solvent (``HgSe`` in selenium, ``HgTe`` in tellurium)."""
    return {k: f for k, f in dissociating_forms().items() if f.partner == solvent}


def _ln_reference(
    dissolved: Sequence[str], forms: Sequence[str], T: np.ndarray, offset: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``ln p*`` and its slope of each evaporating element; a dissociating one's compound's.

    ``offset`` (J/mol) shifts the compounds' enthalpy of formation:
    ``ln p += offset / RT`` and ``d ln p / dT -= offset / RT^2``. Shape
    ``(*broadcast(T, offset), m)`` with a compound among the forms, else ``(*T.shape, m)``:
    give T and the offset in their compact forms (:func:`valorize.scenario_axis.compact`)
    and each element's data are evaluated once per distinct temperature.
    """
    ln_ref, slope = _ln_reference_and_slope(dissolved, T)
    compounds = [j for j, form in enumerate(forms) if form != "dissolved"]
    if compounds:
        shape = (*np.broadcast_shapes(np.shape(T), np.shape(offset)), len(forms))
        ln_ref, slope = (
            np.array(np.broadcast_to(ln_ref, shape)),
            np.array(np.broadcast_to(slope, shape)),
        )
    RT = GAS_CONSTANT * T
    for j in compounds:
        ln_p, d_ln_p = ln_reference_pressure_and_slope(forms[j], T)
        ln_ref[..., j] = ln_p + offset / RT
        slope[..., j] = d_ln_p - offset / (RT * T)
    return ln_ref, slope


#: What a range error tells a case to do to extrapolate.
CASE_EXTRAPOLATE_ADVICE = "set extrapolate = true in [model] (or pass --extrapolate) to extrapolate"

#: Share of a charge's atoms below which a shortfall of the solvent that binds its metals,
#: or the melt the compounds leave, counts as none (rounding of the pools' sums).
BINDING_TOLERANCE = 1e-12
#: Bisections of a programmed step's length (log scale, from a millionth of the start's
#: step to it: 2^-24 of that range, a relative precision of about 1e-6 on the step).
PROGRAM_BISECTIONS = 24
#: The shortest programmed step tried, as a share of the step at the start's rate.
PROGRAM_STEP_FLOOR = 1e-6


def _melt_in_range(
    solvent: str, present: Sequence[str], temperature: np.ndarray | float, extrapolate: bool
) -> tuple[str, ...]:
    """Refuse a solid charge, and a melt outside the vapour-pressure data of what evaporates.

    Every temperature of the run (a program's every point) must lie above the solvent's
    melting point and inside the liquid reference-pressure data of every element present
    that evaporates (:func:`~valorize.thermo.vapor_pressure.check_liquid_reference_range`);
    with ``extrapolate`` the latter gives warnings instead.
    """
    T = np.asarray(temperature, dtype=float).ravel()
    melting = element(solvent).melting_point.value
    if np.any(T < melting):
        raise InputError(
            f"operation.temperature: {T.min():g} K is below the melting point of "
            f"{element(solvent).name} ({melting:g} K): the charge would be solid; give a melt "
            "temperature above it"
        )
    warnings: list[str] = []
    for symbol in present:
        try:
            warnings.extend(
                check_liquid_reference_range(
                    symbol, T, extrapolate=extrapolate, advice=CASE_EXTRAPOLATE_ADVICE
                )
            )
        except OutOfRangeError as exc:
            raise OutOfRangeError(f"operation.temperature: {exc}") from None
    return tuple(warnings)


def _solvent_rate(rates: tuple) -> np.ndarray:
    """The solvent's rate lambda_Se + lambda_d (1/s) from a ``rates`` result: ds/dt."""
    return rates[0][..., 0] + rates[1]


def _temperature_at(conditions: DistillationConditions, t: np.ndarray) -> np.ndarray:
    T = np.asarray(conditions.temperature, dtype=float)
    if conditions.program_times is None:
        return np.broadcast_to(T, t.shape)
    times = np.asarray(conditions.program_times, dtype=float)
    return np.interp(t, times, T)


def distill(
    feed: CrudeSelenium,
    conditions: DistillationConditions,
    model: ActivityModel | str | None = None,
    *,
    allow_ideal: bool = False,
    extrapolate: bool = False,
    compiled: bool | None = None,
) -> DistillationResult:
    """Run one batch of vacuum distillation for every scenario at once.

    Parameters
    ----------
    feed
        The crude selenium.
    conditions
        Operating conditions (arrays broadcast over scenarios).
    model
        Activity model of the dissolved elements (object, name, or None for ideal).
    allow_ideal
        With a model name: treat pairs without parameters as ideal.
    extrapolate
        Evaluate vapour pressures outside their data (the result then carries a warning)
        instead of refusing.
    compiled
        Run the steps with the compiled kernel (:mod:`~valorize.units.distillation_kernel`)
        where it applies (an isothermal batch of an ideal melt) and numba
        is installed: None (default) from
        :data:`~valorize.units.distillation_kernel.COMPILED_MIN_SCENARIOS` scenarios on,
        or at any size once the process has loaded the kernel, but never inside
        :func:`valorize.compiled.numpy_only`; True at any size, False never (the NumPy
        reference). With the compiled steps, a charge without a
        sulfidation or a retained compound is also set up compiled
        (:func:`~valorize.units.distillation_kernel.charge_pools`, the same bits).

    Returns
    -------
    DistillationResult

    Raises
    ------
    InputError
        For conditions out of their bounds, or a melt temperature below the solvent's
        melting point (the charge would be solid).
    OutOfRangeError
        Without ``extrapolate``: a melt or condenser temperature outside the vapour-pressure
        data of an element present (named with the temperature and the data's range).
    """
    c = conditions
    if c.steps < 2:
        raise InputError("steps must be at least 2")
    components = feed.components
    n = len(components)
    M = np.array([element(s).molar_mass.value for s in components])
    n_atoms = np.array([element(s).vapor_atomicity.value for s in components])
    M_vapor = M * n_atoms
    in_melt = melt_compounds(feed.solvent)
    dissolved_mask = np.array([f == "dissolved" or f in in_melt for f in feed.forms])
    dissolved = [s for s, f in zip(components, feed.forms, strict=True) if f == "dissolved"]
    # the evaporating elements: dissolved ones, and those of a dissociating compound
    melt_forms = [f for f in feed.forms if f == "dissolved" or f in in_melt]
    melt = [s for s, f in zip(components, feed.forms, strict=True) if f in melt_forms]
    # a dissociating compound is an ideal solute: the activity model is of the elements
    modelled = np.array([f == "dissolved" for f in melt_forms])
    # sulfur and tellurium in the melt take part of the mercury (valorize.thermo.exchange)
    exchange = melt_exchange(melt, melt_forms, feed.solvent)
    pools = np.flatnonzero(dissolved_mask)
    # the exchanging elements' indices among the components: the metal, then its partners
    exchange_pools = (
        None
        if exchange is None
        else (int(pools[exchange.metal]), *(int(pools[k]) for k in exchange.partners))
    )
    activity = resolve_model(model, dissolved, allow_ideal=allow_ideal)
    warnings: list[str] = []

    step = c.sulfidation
    shapes = [
        np.shape(feed.mass_fractions)[:-1],
        *(np.shape(getattr(c, f)) for f in c.PER_SCENARIO),
        *(() if step is None else (np.shape(getattr(step, f)) for f in step.PER_SCENARIO)),
        *(np.shape(T) for T in c.condensers),
    ]
    if c.program_times is None:
        shapes.append(np.shape(c.temperature))
    else:
        shapes.append(np.shape(c.temperature)[:-1])
    try:
        lead = np.broadcast_shapes(*shapes)
    except ValueError:
        raise InputError(
            "the feed's and the conditions' arrays must broadcast over one scenario axis; "
            f"their scenario shapes are {', '.join(map(str, dict.fromkeys(shapes)))}"
        ) from None

    def arr(v: object) -> np.ndarray:
        return np.broadcast_to(np.asarray(v, dtype=float), lead)

    f, h = arr(c.distilled_fraction), arr(c.head_cut)
    enthalpy_offset = arr(c.formation_enthalpy_offset)
    area, alpha, eps = arr(c.evaporation_area), arr(c.evaporation_coefficient), arr(c.entrainment)
    _check_conditions(c, f, h, eps, alpha, enthalpy_offset)

    # initial pools, mol of atoms
    w = np.broadcast_to(np.asarray(feed.mass_fractions, dtype=float), (*lead, n))
    # the elements that evaporate from this melt (each found in one pass over w)
    in_some = np.any(w > 0, axis=tuple(range(w.ndim - 1)))
    present = [s for s, k in zip(components, in_some, strict=True) if s in melt and k]
    warnings.extend(_melt_in_range(feed.solvent, present, c.temperature, extrapolate))
    binding = _binding(feed, in_melt)
    # (after the checks above: a refused call does not load the compiled kernels)
    ideal = isinstance(activity, IdealSolution)
    steps_compiled = _runs_compiled(compiled, c, ideal, lead)
    solvent = components.index(feed.solvent)
    pools = None
    if steps_compiled and c.sulfidation is None and feed.retained is None:
        from valorize.units.distillation_kernel import charge_pools

        pools = charge_pools(
            w, arr(c.charge_mass), M, dissolved_mask, solvent, binding, BINDING_TOLERANCE
        )
    if pools is None:
        feed_mol = w * arr(c.charge_mass)[..., None] / M
        feed, sulfidized = _sulfidized(
            feed, c.sulfidation, feed_mol, enthalpy_offset, lead, warnings
        )
        bound = np.zeros_like(feed_mol)
        for k, partner, units, count in binding:
            bound[..., partner] += feed_mol[..., k] / units * count
        _retain(feed, feed_mol, bound)
        left = feed_mol - bound
        free = np.maximum(left, 0.0) * dissolved_mask
        short, no_melt = _unmeltable(feed_mol, left, free[..., solvent])
        feed_kg = feed_mol * M
    else:
        sulfidized = np.zeros(lead)
        bound, free, feed_kg = pools.bound, pools.free, pools.feed
        short, no_melt = pools.short, pools.no_melt
        if pools.near:  # a scenario on a threshold: decided by NumPy's sum, as above
            feed_mol = w * arr(c.charge_mass)[..., None] / M
            short, no_melt = _unmeltable(feed_mol, feed_mol - bound, free[..., solvent])
    name = element(feed.solvent).name
    if short:
        raise InputError(f"the feed has too little {name} to bind its metals as compounds of it")
    if no_melt:
        raise InputError(
            f"the feed's {name} is all bound in compounds of its metals: no melt is left to distil"
        )

    # an isothermal run evaluates the reference pressures once, not at every step, and
    # each temperature once, not for every scenario that shares it (compact)
    isothermal_reference = (
        _ln_reference(
            melt,
            melt_forms,
            compact(arr(c.temperature)),
            compact(enthalpy_offset),
        )
        if c.program_times is None
        else None
    )
    # the solvent's (always dissolved) alone, in its compact form: the gas side's bulk flow
    # is then computed once per temperature, not once per scenario of a sampled offset
    isothermal_solvent = (
        _ln_reference_and_slope(melt[:1], compact(arr(c.temperature)))[0]
        if isothermal_reference is not None and melt_forms[0] == "dissolved"
        else None
    )

    # what does not change along an isothermal run is computed once: the vaporization
    # enthalpies and, for an ideal melt, each element's flux per unit mole fraction
    constant: dict[str, np.ndarray] = {}
    need_partial = bool(c.condensers)
    gap = arr(process_parameter("evaporator_condenser_gap").value if c.gap is None else c.gap)
    residual = arr(c.pressure)

    def conductance(T: np.ndarray, ln_ref: np.ndarray) -> np.ndarray:
        """Each evaporating element's surface and gas conductances in series, per Pa.

        :mod:`valorize.units.kinetics`: the gas side through the residual gas over the gap,
        with the solvent's own vapour pressure for the bulk flow. Computed once for an
        isothermal run (every call has its temperature and reference pressures).
        """
        if "conductance" in constant:
            return constant["conductance"]
        T = compact(T)[..., None]  # each distinct value once (scenario_axis.compact)
        surface = surface_conductance(M_vapor[dissolved_mask], T, compact(alpha)[..., None])
        gas = gas_conductance(
            T,
            compact(residual)[..., None],
            np.exp(ln_ref[..., :1] if isothermal_solvent is None else isothermal_solvent),
            M_vapor[dissolved_mask],
            compact(gap)[..., None],
            process_parameter("vapor_collision_diameter").value,
            process_parameter("residual_gas_molar_mass").value,
            process_parameter("residual_gas_collision_diameter").value,
        )
        g = evaporation_conductance(surface, gas)
        if isothermal_reference is not None:
            constant["conductance"] = g
        return g

    warm: dict[str, np.ndarray] = {}

    def exchange_constants(T: np.ndarray, ln_ref: np.ndarray) -> np.ndarray:
        """K_j = p(HgSe)/p(HgX_j) at unit activities, ``(..., m)`` (valorize.thermo.exchange)."""
        assert exchange is not None
        if "exchange" in constant:
            return constant["exchange"]
        ln_other = np.stack(
            [ln_reference_pressure_and_slope(f, compact(T))[0] for f in exchange.forms], axis=-1
        )
        K = np.exp(ln_ref[..., exchange.metal, None] - ln_other)
        if isothermal_reference is not None:
            constant["exchange"] = K
        return K

    def exchange_shares(
        N_free: np.ndarray, total_d: np.ndarray, T: np.ndarray, ln_ref: np.ndarray
    ) -> list[np.ndarray]:
        """The shares of the metal and of each partner left free, in exchange_pools' order."""
        assert exchange_pools is not None
        metal, *partners = exchange_pools
        u, free_share = unexchanged(
            N_free[..., metal],
            N_free[..., partners],
            total_d,
            exchange_constants(T, ln_ref),
            warm.get("u"),
        )
        warm["u"] = u  # the next evaluation's start, as the compiled kernel does
        return [u, *np.moveaxis(free_share, -1, 0)]

    def rates(
        N_free: np.ndarray, N_bound: np.ndarray, T: np.ndarray, constants_only: bool = False
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None] | None:
        """Vapour and droplet rates (1/s), vaporization enthalpy, partial pressures.

        Enthalpy in J per mol of atoms; partial pressures (Pa) are each
        element's equilibrium vapour at the melt (None without condensation zones).
        ``constants_only``: only fill ``constant`` (an isothermal ideal run's fluxes,
        enthalpies and exchange constants) and return None.
        """
        if constants_only and ideal:  # the constants need no composition
            N_d = total_d = x = None
        else:
            N_d = N_free[..., dissolved_mask]
            total_d = N_d.sum(axis=-1, keepdims=True)
            x = N_d / total_d
        if "enthalpy" in constant:
            enthalpy, ln_ref = constant["enthalpy"], constant["ln_ref"]
        else:
            ln_ref, slope = isothermal_reference or _ln_reference(
                melt, melt_forms, T, enthalpy_offset
            )
            # Clausius-Clapeyron: R T^2 dln p*/dT per mol of vapour molecules, over n atoms
            T_once = compact(T)
            enthalpy = np.zeros((*np.broadcast_shapes(T_once.shape, slope.shape[:-1]), n))
            enthalpy[..., dissolved_mask] = (
                GAS_CONSTANT * T_once[..., None] ** 2 * slope / n_atoms[dissolved_mask]
            )
            if isothermal_reference is not None:
                constant.update(enthalpy=enthalpy, ln_ref=ln_ref)
        if ideal and "k_atoms" in constant:
            k_atoms, ln_gamma = constant["k_atoms"], None
        else:
            ln_gamma = None if ideal else _ln_gamma(activity, x, T, modelled)
            ln_p = ln_ref if ln_gamma is None else ln_gamma + ln_ref
            # atom flux per unit mole fraction: n gamma p* over the surface and gas resistances
            k_atoms = n_atoms[dissolved_mask] * np.exp(ln_p) * conductance(T, ln_ref)
            if ideal and isothermal_reference is not None:
                constant["k_atoms"] = k_atoms
        if constants_only:  # the compiled steps take it from here
            if exchange_pools is not None:
                exchange_constants(T, ln_ref)
            return None
        lam_vap = np.zeros_like(N_free)
        lam_vap[..., dissolved_mask] = area[..., None] * k_atoms / total_d
        shares = None
        if exchange_pools is not None:  # only the HgSe left and the free partners evaporate
            shares = exchange_shares(N_free, total_d[..., 0], T, ln_ref)
            for k, share in zip(exchange_pools, shares, strict=True):
                lam_vap[..., k] *= share
        vapour_mass_rate = np.sum(lam_vap * N_free * M, axis=-1)
        residue_mass = np.sum((N_free + N_bound) * M, axis=-1)
        lam_drop = eps / (1.0 - eps) * vapour_mass_rate / residue_mass
        partial = None
        if need_partial:
            partial = np.zeros_like(N_free)
            ln_p = ln_ref if ln_gamma is None else ln_gamma + ln_ref
            with np.errstate(divide="ignore"):
                partial[..., dissolved_mask] = np.exp(ln_p + np.log(x))
            if shares is not None and exchange_pools is not None:
                for k, share in zip(exchange_pools, shares, strict=True):
                    partial[..., k] *= share
        return lam_vap, lam_drop, enthalpy, partial

    # condensation zones: the saturation pressure of each element in each zone
    zones = tuple(np.asarray(T, dtype=float) for T in c.condensers) or (None,)
    if not 0 <= c.product_condenser < len(zones):
        raise InputError(f"product_condenser must be an index of the {len(zones)} condensers")
    saturation = []
    for k_zone, T_zone in enumerate(zones):
        if T_zone is None:
            continue
        if not np.all((T_zone > 0) & np.isfinite(T_zone)):
            raise InputError("condenser temperatures must be positive and finite")
        if k_zone and np.any(T_zone >= zones[k_zone - 1]):
            raise InputError("condensers must be listed hottest first, at falling temperatures")
        melt_offset = enthalpy_offset if any(f in in_melt for f in feed.forms) else np.zeros(())
        sat = np.zeros((*np.broadcast_shapes(T_zone.shape, melt_offset.shape), n))
        for k, symbol in enumerate(components):
            if feed.forms[k] in in_melt:  # it condenses back into its compound
                ln_p = ln_reference_pressure_and_slope(feed.forms[k], T_zone)[0]
                sat[..., k] = np.exp(ln_p + melt_offset / (GAS_CONSTANT * T_zone))
            elif dissolved_mask[k]:
                try:
                    vp = vapor_pressure(
                        symbol, T_zone, extrapolate=extrapolate, advice=CASE_EXTRAPOLATE_ADVICE
                    )
                except OutOfRangeError as exc:
                    raise OutOfRangeError(f"operation.condensers[{k_zone}]: {exc}") from None
                sat[..., k] = vp.pressure
                warnings.extend(f"condenser: {w}" for w in vp.warnings)
        saturation.append(sat)

    def zone_shares(start: np.ndarray | None, middle: np.ndarray | None) -> list[np.ndarray]:
        """Share of each element's vapour over a step that condenses in each zone.

        The partial pressure p is taken log-linear over the step through its
        values at the start and the middle (exact for exponential depletion),
        the vapour flow proportional to p, and the flow condensed up to a
        zone to (p - p_sat)+; both are integrated over the step in closed form.
        """
        if not saturation or start is None or middle is None:
            return [np.ones(())]
        shares, before = [], np.zeros_like(start)
        for sat in saturation:
            upto = np.maximum(condensing_share(start, middle, sat), before)
            shares.append(upto - before)
            before = upto
        return shares

    def at_midpoint(
        N_free: np.ndarray, N_bound: np.ndarray, t: np.ndarray, dt: np.ndarray, start: tuple
    ) -> tuple:
        """The rates at the middle of a step of length dt (the start's rates deplete it)."""
        lam_vap, lam_drop = start[0], start[1]
        half_free = N_free * np.exp(-(lam_vap + lam_drop[..., None]) * (dt / 2)[..., None])
        half_bound = N_bound * np.exp(-lam_drop * dt / 2)[..., None]
        return rates(half_free, half_bound, _temperature_at(c, t + dt / 2))

    def programmed_step(
        N_free: np.ndarray, N_bound: np.ndarray, t: np.ndarray, ds: np.ndarray, start: tuple
    ) -> tuple:
        """The step whose midpoint rates distil ds while the programme changes temperature.

        The step length dt solves dt (lam_vap + lam_drop)(t + dt/2) = ds; on a rising
        programme the left side grows with dt, so it is bisected in log dt between the
        start's step (the slowest rate) and a millionth of it.
        """
        hi = ds / _solvent_rate(start)
        lo = hi * PROGRAM_STEP_FLOOR
        for _ in range(PROGRAM_BISECTIONS):
            mid = np.sqrt(lo * hi)
            lam_vap, lam_drop, _, _ = at_midpoint(N_free, N_bound, t, mid, start)
            short = mid * (lam_vap[..., 0] + lam_drop) < ds
            lo, hi = np.where(short, mid, lo), np.where(short, hi, mid)
        return at_midpoint(N_free, N_bound, t, hi, start)

    def advance(state: tuple[np.ndarray, ...], ds: np.ndarray, main: bool) -> None:
        N_free, N_bound, t, pending = state
        start = rates(N_free, N_bound, _temperature_at(c, t))
        partial_start = start[3]
        start_rate = _solvent_rate(start)
        if c.program_times is None:
            # midpoint state for the rates of the whole step
            dt0 = ds / start_rate
            lam_vap, lam_drop, enthalpy, partial = at_midpoint(N_free, N_bound, t, dt0, start)
        else:
            lam_vap, lam_drop, enthalpy, partial = programmed_step(N_free, N_bound, t, ds, start)
        middle = lam_vap[..., 0] + lam_drop
        dt = ds / middle
        if c.program_times is None:  # the step's time by Simpson's rule (theory manual)
            sixth = ds / 6.0
            t += (pending + sixth) / start_rate + 4.0 * sixth / middle
            pending[...] = sixth  # its end's share, added with the next step's start rate
        total = lam_vap + lam_drop[..., None]
        removed_free = N_free * -np.expm1(-total * dt[..., None])
        removed_bound = N_bound * -np.expm1(-lam_drop * dt)[..., None]
        vapour = removed_free * np.where(total > 0, lam_vap / np.where(total > 0, total, 1), 0)
        droplets = removed_free - vapour + removed_bound
        if main:  # droplets settle in the first zone the vapour meets
            passing = vapour.copy()  # what reaches the cold trap
            for zone, share in zip(condensate, zone_shares(partial_start, partial), strict=True):
                zone[0] += vapour * share
                passing -= vapour * share
            cut[0] += passing
            condensate[0][1] += droplets
        else:  # the head cut takes everything
            cut[0] += vapour
            cut[1] += droplets
        energy[...] += np.sum(vapour * enthalpy, axis=-1)
        N_free -= removed_free
        N_bound -= removed_bound
        if c.program_times is not None:  # the temperature follows the midpoint's time
            t += dt

    s_end = -np.log1p(-f)
    s_cut = -np.log1p(-f * h)
    if steps_compiled:
        from valorize.units.distillation_kernel import run_compiled

        rates(free, bound, _temperature_at(c, np.zeros(lead)), constants_only=True)
        k_atoms = np.zeros((*lead, n))
        k_atoms[..., dissolved_mask] = constant["k_atoms"]

        def flat(v: np.ndarray, *tail: int) -> np.ndarray:
            """``v`` over the scenarios as a C-ordered, writable ``(S, *tail)`` array.

            Without a copy where ``v`` is one already (the pools and the constants, this
            call's own arrays, which the kernel only reads).
            """
            v = np.asarray(v, dtype=float)
            if v.shape == (*lead, *tail) and v.flags.c_contiguous and v.flags.writeable:
                return v.reshape(-1, *tail)
            return np.array(np.broadcast_to(v, (*lead, *tail)).reshape(-1, *tail), order="C")

        got = run_compiled(
            flat(free, n), flat(bound, n), flat(k_atoms, n), flat(constant["enthalpy"], n), M,
            dissolved_mask, flat(area), flat(eps), flat(s_cut / c.steps),
            flat((s_end - s_cut) / c.steps), c.steps,
            None
            if exchange_pools is None
            else (exchange_pools, flat(constant["exchange"], len(exchange_pools) - 1)),
            _kernel_zones(saturation, constant["ln_ref"], dissolved_mask, lead, n, flat,
                          c.product_condenser),
        )  # fmt: skip
        t, energy = got["time"].reshape(lead), got["energy"].reshape(lead)
        # kg of each element: product, its droplets, volatile cut, residue; side zones
        masses = tuple(got["masses"].reshape(4, *lead, n))
        side = got["side"].reshape(got["side"].shape[0], *lead, n)
    else:
        energy = np.zeros(lead)
        state = (free.copy(), bound.copy(), np.zeros(lead), np.zeros(lead))
        cut = np.zeros((2, *lead, n))
        condensate = np.zeros((len(zones), 2, *lead, n))  # zone, (vapour, droplets)
        for _ in range(c.steps):
            advance(state, s_cut / c.steps, main=False)
        for _ in range(c.steps):
            advance(state, (s_end - s_cut) / c.steps, main=True)
        N_free, N_bound, t, pending = state
        if c.program_times is None:  # the last step's end
            end = rates(N_free, N_bound, _temperature_at(c, t))
            t = t + pending / _solvent_rate(end)
        product = condensate[c.product_condenser]  # mol -> kg: times M
        masses = (
            (product[0] + product[1]) * M,
            product[1] * M,
            (cut[0] + cut[1]) * M,
            (N_free + N_bound) * M,
        )
        side = np.delete(condensate, c.product_condenser, axis=0).sum(axis=1) * M
    T_end = _temperature_at(c, t)
    # the highest temperature each scenario's charge reaches: its own, or its program's top
    T_top = np.asarray(c.temperature, dtype=float)
    T_top = arr(T_top if c.program_times is None else T_top.max(axis=-1))
    T_heated = np.maximum(np.asarray(T_end), T_top)  # the charge is heated to this
    path = mean_free_path(
        T_end, arr(c.pressure), process_parameter("vapor_collision_diameter").value
    )
    # how much of the solvent's evaporation resistance lies in the residual gas, at the end
    T_final = np.broadcast_to(np.asarray(T_end, dtype=float), lead)
    ln_ref_end = (
        _ln_reference(melt, melt_forms, T_final, enthalpy_offset)[0]
        if isothermal_reference is None
        else isothermal_reference[0]  # the melt's temperature throughout
    )
    surface = surface_conductance(M_vapor[0], T_final, alpha)
    gas_share = 1.0 - conductance(T_final, ln_ref_end)[..., 0] / surface
    if np.any(gas_share > 0.5):
        worst = int(np.argmax(gas_share)) if gas_share.ndim else 0
        p_solvent = float(np.broadcast_to(np.exp(ln_ref_end[..., 0]), lead).reshape(-1)[worst])
        warnings.append(
            f"the residual pressure ({float(residual.reshape(-1)[worst]):.4g} Pa) is at or "
            f"above the {element(feed.solvent).name} vapour pressure at the melt "
            f"({p_solvent:.4g} Pa): evaporation is limited by diffusion through the residual "
            f"gas, at {100 * (1 - float(gas_share.reshape(-1)[worst])):.3g} % of the rate the "
            "surface allows"
        )
    charge_heat = heating_energy(arr(c.charge_mass), T_heated, feed.solvent)
    hold = np.zeros(lead) if c.sulfidation is None else arr(c.sulfidation.time)
    T_hold = T_heated if c.sulfidation is None else arr(c.sulfidation.temperature)
    if c.heat_loss is None:  # the furnace's radiation to the condenser and its shell
        T_condenser = c.condensers[0] if c.condensers else default_condenser_temperature()
        radiation = radiation_to_condenser(T_heated, T_condenser, area) * t
        radiation = radiation + radiation_to_condenser(T_hold, T_condenser, area) * hold
        losses = radiation + shell_loss(T_heated) * t + shell_loss(T_hold) * hold
    else:  # a case's own loss per m2 of melt
        radiation = np.zeros(lead)
        losses = arr(c.heat_loss) * area * (t + hold)
    fixtures = fixture_heat(arr(c.charge_mass), T_heated)
    return DistillationResult(
        components=components,
        feed=feed_kg,
        product=masses[0],
        volatile_cut=masses[2],
        residue=masses[3],
        product_droplets=masses[1],
        duration=t + hold,
        final_temperature=T_end,
        model=activity.name,
        ideal_pairs=activity.ideal_pairs,
        energy_heating=charge_heat,
        energy_vaporization=energy,
        energy_losses=losses,
        energy_radiation=radiation,
        energy_fixtures=fixtures,
        energy_pumps=pump_energy(t),
        energy_cooling=cooling_energy(charge_heat + energy + losses + fixtures),
        mean_free_path=path,
        knudsen=path / gap,
        side_condensates=side,
        warnings=tuple(dict.fromkeys(warnings)),
        gas_resistance_share=gas_share,
        hgs_share=sulfidized,
    )


def _unmeltable(
    feed_mol: np.ndarray, left: np.ndarray, free_solvent: np.ndarray
) -> tuple[bool, bool]:
    """Whether some scenario has too little solvent to bind its metals, or no melt left.

    ``left`` is each element's atoms less those bound (negative where the binding
    compounds need more than the charge holds), ``free_solvent`` the solvent's free
    atoms; both against :data:`BINDING_TOLERANCE` times the scenario's atoms.
    """
    charged = component_sum(feed_mol)
    short = bool(np.any(left < -BINDING_TOLERANCE * charged[..., None]))
    no_melt = not short and bool(np.any(free_solvent <= BINDING_TOLERANCE * charged))
    return short, no_melt


def _binding(
    feed: CrudeSelenium, in_melt: Mapping[str, object]
) -> list[tuple[int, int, float, float]]:
    """How the charge's non-volatile compounds bind atoms.

    Returns ``(k, partner, units, count)`` for each element k given as a compound that
    does not dissociate in the melt and each element of that compound, in the order of
    the components and of the compound's formula: a formula unit holds ``units`` atoms of
    k and ``count`` of the partner (k itself among them).

    Raises
    ------
    InputError
        For a compound whose partner is not among the components.
    """
    components = feed.components
    forms = compound_forms()
    out: list[tuple[int, int, float, float]] = []
    for k, form in enumerate(feed.forms):
        if form == "dissolved" or form in in_melt:
            continue
        stoich = forms[form].stoichiometry
        for partner, count in stoich.items():
            if partner not in components:
                raise InputError(f"{form} needs {partner} among the components")
            out.append((k, components.index(partner), stoich[components[k]], count))
    return out


def _retain(feed: CrudeSelenium, feed_mol: np.ndarray, bound: np.ndarray) -> None:
    """Add a solid the charge holds back (``feed.retained``, e.g. HgS) to ``bound``."""
    if feed.retained is None:
        return
    components = feed.components
    key, share = feed.retained
    solid = dissociating_forms()[key]
    metal = components.index(solid.vapour)
    held = np.asarray(share, dtype=float)
    units = feed_mol[..., metal] * held / solid.stoichiometry[solid.vapour]
    for symbol, count in solid.stoichiometry.items():
        bound[..., components.index(symbol)] += units * count
    partner = components.index(solid.partner)
    if np.any(bound[..., partner] > feed_mol[..., partner] * (1 + BINDING_TOLERANCE)):
        raise InputError(
            f"retained: the {key} held needs more {element(solid.partner).name} than the "
            "charge holds"
        )


def _sulfidized(
    feed: CrudeSelenium,
    sulfidation: Sulfidation | None,
    feed_mol: np.ndarray,
    enthalpy_offset: np.ndarray,
    lead: tuple[int, ...],
    warnings: list[str],
) -> tuple[CrudeSelenium, np.ndarray]:
    """The feed with the HgS a sulfidation made, and the share of the mercury it turned.

    The share is :func:`~valorize.units.sulfidation.converted_share` of the charge's
    mercury and sulfur, with the HgSe the distillation uses (its enthalpy offset); only
    the ``"retained"`` mode holds it as a solid. Mercury that is not dissolved as its
    selenide (``feed.forms``) turns to nothing, with a warning.
    """
    if sulfidation is None:
        return feed, np.zeros(lead)
    if "Hg" not in feed.components or "S" not in feed.components:
        return feed, np.zeros(lead)
    if feed.forms[feed.components.index("Hg")] not in melt_compounds(feed.solvent):
        warnings.append(
            "sulfidation: the crude's mercury is not given as HgSe (feed.forms), so the "
            "model turns none of it to HgS; give Hg = 'HgSe' for the exchange"
        )
        return feed, np.zeros(lead)
    hg, sulfur = (feed_mol[..., feed.components.index(s)] for s in ("Hg", "S"))
    share = np.broadcast_to(converted_share(sulfidation, hg, sulfur, enthalpy_offset), lead)
    if sulfidation.mode != "retained":
        return feed, share
    return replace(feed, retained=("HgS", share)), share


def _check_conditions(c: DistillationConditions, *bounded: np.ndarray) -> None:
    """Refuse conditions outside their bounds; NaN is outside every bound.

    ``bounded`` are the distilled fraction, head cut, entrainment, evaporation coefficient
    and formation-enthalpy offset, broadcast to the scenarios.
    """
    f, h, eps, alpha, offset = bounded
    for name, v, lo, hi in (
        ("distilled_fraction", f, 0.0, 1.0),
        ("head_cut", h, 0.0, 1.0),
        ("entrainment", eps, 0.0, 1.0),
    ):
        if not np.all((v >= lo) & (v < hi)):
            raise InputError(f"{name} must lie in [{lo:g}, {hi:g})")
    if not np.all((alpha > 0) & (alpha <= 1)):
        raise InputError("evaporation_coefficient must lie in (0, 1]")
    if not np.all(np.isfinite(offset)):
        raise InputError("formation_enthalpy_offset must be finite")
    positive = {
        "charge_mass": c.charge_mass,
        "evaporation_area": c.evaporation_area,
        "temperature": c.temperature,
        "pressure": c.pressure,
        "gap": 1.0 if c.gap is None else c.gap,
    }
    for name, v in positive.items():
        a = np.asarray(v, dtype=float)
        if not np.all((a > 0) & np.isfinite(a)):
            raise InputError(f"{name} must be positive and finite")
    if c.heat_loss is not None and not np.all(np.isfinite(np.asarray(c.heat_loss, float))):
        raise InputError("heat_loss must be finite")


def _kernel_zones(
    saturation: list[np.ndarray],
    ln_ref: np.ndarray,
    dissolved: np.ndarray,
    lead: tuple[int, ...],
    n: int,
    flat: Callable[..., np.ndarray],
    product: int,
) -> tuple[np.ndarray, np.ndarray, int] | None:
    """The condensation zones as the compiled steps take them (None: one condenser).

    Each element's reference pressure at the melt (its partial pressure over a pure melt,
    ``exp(ln_ref)``, the dissolved ones; 0 for the rest) and its saturation pressure in
    each zone, over the scenarios, with the product's zone.
    """
    if not saturation:
        return None
    reference = np.zeros((*np.broadcast_shapes(ln_ref.shape[:-1], lead), n))
    reference[..., dissolved] = np.exp(ln_ref)
    return flat(reference, n), np.stack([flat(sat, n) for sat in saturation]), product


def _runs_compiled(
    compiled: bool | None, c: DistillationConditions, ideal: bool, lead: tuple[int, ...]
) -> bool:
    """Whether :func:`distill` runs its steps compiled (see its ``compiled``)."""
    if compiled is False or c.program_times is not None or not ideal:
        return False
    if compiled is None and not compiled_allowed():  # too small a run to repay loading it
        return False
    from valorize.units.distillation_kernel import (
        COMPILED_MIN_SCENARIOS,
        compiled_available,
        compiled_loaded,
    )

    big = compiled is True or int(np.prod(lead)) >= COMPILED_MIN_SCENARIOS
    return (big and compiled_available()) or (compiled is None and compiled_loaded())


def _ln_gamma(
    activity: ActivityModel, x: np.ndarray, T: np.ndarray, modelled: np.ndarray
) -> np.ndarray:
    """ln gamma of the melt's solutes; 0 for dissociating compounds (ideal solutes).

    The activity model sees the elements' mole fractions renormalized without
    the compounds.
    """
    if np.all(modelled):
        return activity.ln_gamma(x, T)
    sub = x[..., modelled]
    out = np.zeros_like(x)
    out[..., modelled] = activity.ln_gamma(sub / sub.sum(axis=-1, keepdims=True), T)
    return out


def distill_passes(
    feed: CrudeSelenium,
    conditions: DistillationConditions,
    passes: int,
    model: ActivityModel | str | None = None,
    *,
    allow_ideal: bool = False,
    extrapolate: bool = False,
    compiled: bool | None = None,
) -> DistillationResult:
    """Repeated distillation: the product of each pass is the charge of the next.

    Every pass runs under the same conditions, with the charge mass the
    previous product's, and keeps the elements' forms (metals carried over in
    droplets are still selenides). Residues, cuts, durations and energies add
    up; the mass balance closes over all passes. ``compiled`` as :func:`distill`'s.
    """
    if passes < 1:
        raise InputError("passes must be at least 1")
    result = distill(
        feed, conditions, model, allow_ideal=allow_ideal, extrapolate=extrapolate,
        compiled=compiled,
    )  # fmt: skip
    if passes == 1:
        return result
    first, results = result, [result]
    for _ in range(passes - 1):
        product = results[-1].product
        mass = component_sum(product)
        nxt = CrudeSelenium(feed.components, product / mass[..., None], feed.forms)
        results.append(
            distill(
                nxt,
                replace(conditions, charge_mass=mass, sulfidation=None),
                model,
                allow_ideal=allow_ideal,
                extrapolate=extrapolate,
                compiled=compiled,
            )
        )

    def total(name: str) -> np.ndarray:
        return sum(getattr(r, name) for r in results)

    last = results[-1]
    return replace(
        first,
        product=last.product,
        product_droplets=last.product_droplets,
        volatile_cut=total("volatile_cut"),
        residue=total("residue"),
        side_condensates=total("side_condensates"),
        duration=total("duration"),
        final_temperature=last.final_temperature,
        energy_heating=total("energy_heating"),
        energy_vaporization=total("energy_vaporization"),
        energy_losses=total("energy_losses"),
        energy_radiation=total("energy_radiation"),
        energy_fixtures=total("energy_fixtures"),
        energy_pumps=total("energy_pumps"),
        energy_cooling=total("energy_cooling"),
    )


def grade_met(
    fraction: np.ndarray,
    impurities_ppm: Mapping[str, np.ndarray] | None = None,
    element: str = SOLVENT,
) -> np.ndarray:
    """Name of the highest grade of ``data/grades.toml`` of ``element`` each product meets.

    A grade is met when the element's mass fraction (``fraction``) reaches its minimum
    and every impurity it limits (``max_ppm``) is at or under its limit; '' where none
    is. An element the product does not contain (absent from ``impurities_ppm``) counts
    as 0 ppm; without ``impurities_ppm`` no grade with impurity limits can be confirmed.
    """
    table = tuple(g for g in grades() if g.element == element)
    names = np.array(["", *[g.name for g in table]], dtype=object)
    se = np.asarray(fraction, dtype=float)
    # small tolerance so that 99.5000000 % meets 99.5 % despite rounding
    met = se[..., None] >= np.array([g.min_fraction for g in table]) - 1e-12
    for j, g in enumerate(table):
        if not g.max_ppm:
            continue
        if impurities_ppm is None:
            met[..., j] = False
            continue
        for symbol, limit in g.max_ppm.items():
            ppm = np.asarray(impurities_ppm.get(symbol, 0.0), dtype=float)
            met[..., j] &= ppm <= limit
    # the highest grade met, whether or not the lower ones are
    rank = np.arange(1, len(table) + 1)
    return names[np.max(np.where(met, rank, 0), axis=-1, initial=0)]


def heating_energy(
    charge_mass: np.ndarray, temperature: np.ndarray, solvent: str = SOLVENT
) -> np.ndarray:
    r"""Heat to bring a charge of the solvent from ambient to T, melting it on the way, J.

    .. math::

        Q = \frac{m}{M}\left[\int_{T_0}^{T_m} (a + bT)\,dT + \Delta H_{fus}
        + c_{p,l}(T - T_m)\right]

    with the solvent's heat capacities ``<name>_cp_solid_a``, ``_b`` and
    ``<name>_cp_liquid`` of ``data/process.toml`` (Perry's for selenium); the
    impurities are counted as solvent, a small error for a crude of a few per cent of
    them that grows with a poorer one.
    """
    se = element(solvent)
    a = process_parameter(f"{se.name}_cp_solid_a").value
    b = process_parameter(f"{se.name}_cp_solid_b").value
    cp_l = process_parameter(f"{se.name}_cp_liquid").value
    T0 = process_parameter("ambient_temperature").value
    Tm = se.melting_point.value
    solid = a * (Tm - T0) + 0.5 * b * (Tm**2 - T0**2)
    per_mol = solid + se.enthalpy_of_fusion.value + cp_l * (np.asarray(temperature) - Tm)
    return np.asarray(charge_mass) / se.molar_mass.value * per_mol


def feed_from_mass_fractions(
    composition: dict[str, float], forms: dict[str, str] | None = None
) -> CrudeSelenium:
    """A :class:`CrudeSelenium` from ``{element: mass fraction}``; forms default to dissolved."""
    symbols: Sequence[str] = [SOLVENT, *[s for s in composition if s != SOLVENT]]
    forms = forms or {}
    return CrudeSelenium(
        components=tuple(symbols),
        mass_fractions=np.array([composition.get(s, 0.0) for s in symbols]),
        forms=tuple(forms.get(s, "dissolved") for s in symbols),
    )
